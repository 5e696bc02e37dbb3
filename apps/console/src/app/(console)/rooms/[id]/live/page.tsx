import Link from 'next/link';
import { RoomLive } from '../../../../../components/live/room-live';

export default async function RoomLivePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <h1>
        Room <code>{id}</code> live{' '}
        <Link href={`/rooms/${encodeURIComponent(id)}/history`} style={{ fontSize: 14, marginLeft: 12 }}>history →</Link>{' '}
        <Link href={`/rooms/${encodeURIComponent(id)}`} style={{ fontSize: 14, marginLeft: 12 }}>settings →</Link>
      </h1>
      <RoomLive room={id} />
    </>
  );
}
