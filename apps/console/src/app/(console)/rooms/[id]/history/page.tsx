import Link from 'next/link';
import { RoomHistory } from '../../../../../components/live/room-history';

export default async function RoomHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <h1>
        Room <code>{id}</code> history{' '}
        <Link href={`/rooms/${encodeURIComponent(id)}/live`} style={{ fontSize: 14, marginLeft: 12 }}>live →</Link>{' '}
        <Link href={`/rooms/${encodeURIComponent(id)}`} style={{ fontSize: 14, marginLeft: 12 }}>settings →</Link>
      </h1>
      <RoomHistory room={id} />
    </>
  );
}
