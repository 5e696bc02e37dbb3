import { UserSearch } from '../../../components/user-search';

export default function UsersPage() {
  return (
    <>
      <h1>Users</h1>
      <div className="panel">
        <p className="muted">
          A viewer&apos;s page: their recent messages in every room, the decisions about them, their active sanctions, and (for admins and
          moderators) timeout, ban, lift, delete and purge. The review queue links each held message&apos;s sender here.
        </p>
        <UserSearch />
      </div>
    </>
  );
}
