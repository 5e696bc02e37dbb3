import Link from 'next/link';
import { MessagesChart } from '../../../../components/messages-chart';
import { RoomEditor } from '../../../../components/room-editor';
import { RoomModesPanel } from '../../../../components/room-modes-panel';
import { RoomProtectionPanel } from '../../../../components/room-protection-panel';
import { RoomSpamRules } from '../../../../components/room-spam-rules';
import { WordsPanel } from '../../../../components/words-panel';

export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <h1>
        Room <code>{id}</code> <Link href={`/demo?room=${encodeURIComponent(id)}`} style={{ fontSize: 14, marginLeft: 12 }}>open demo chat →</Link>{' '}
        <Link href={`/queue?room=${encodeURIComponent(id)}`} style={{ fontSize: 14, marginLeft: 12 }}>review queue →</Link>{' '}
        <Link href={`/rooms/${encodeURIComponent(id)}/live`} style={{ fontSize: 14, marginLeft: 12 }}>live →</Link>{' '}
        <Link href={`/rooms/${encodeURIComponent(id)}/history`} style={{ fontSize: 14, marginLeft: 12 }}>history →</Link>
      </h1>
      <MessagesChart room={id} />
      <RoomEditor room={id} />
      <RoomModesPanel room={id} />
      <RoomProtectionPanel room={id} />
      <RoomSpamRules room={id} />
      <WordsPanel room={id} />
    </>
  );
}
