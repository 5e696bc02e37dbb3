import { UserPanel } from '../../../../components/user-panel';
import { UserSearch } from '../../../../components/user-search';

/** The segment as the user id: percent-decoded when it still is encoded, as is when it is not valid encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const id = safeDecode(userId);
  return (
    <>
      <h1>
        User <code data-testid="user-id">{id}</code>
      </h1>
      <div className="panel">
        <UserSearch initial={id} />
      </div>
      <UserPanel userId={id} />
    </>
  );
}
