import { UserPanel } from '../../../../components/user-panel';
import { UserSearch } from '../../../../components/user-search';

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const id = decodeURIComponent(userId);
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
