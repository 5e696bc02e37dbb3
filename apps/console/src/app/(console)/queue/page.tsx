import { ReviewQueue } from '../../../components/review-queue';

export default async function QueuePage({ searchParams }: { searchParams: Promise<{ room?: string }> }) {
  const { room } = await searchParams;
  return (
    <>
      <h1>Review queue{room ? ` — ${room}` : ''}</h1>
      <p className="muted">
        Messages a rule held (<code>hold</code>) wait here, live, until a moderator approves them (delivered to the room as sent) or rejects them; undecided
        ones expire as rejected. A word that held a message by mistake: <em>Allow this</em> proposes an allowed phrase, shows what else it would let
        through, and keeps the message as a regression case every later rule change is checked against.
      </p>
      <ReviewQueue roomId={room ?? null} />
    </>
  );
}
