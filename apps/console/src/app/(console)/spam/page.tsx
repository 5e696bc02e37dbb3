import { ExemptRolesPanel } from '../../../components/exempt-roles-panel';
import { SpamRulesPanel } from '../../../components/spam-rules-panel';

export default function SpamPage() {
  return (
    <>
      <h1>Spam rules</h1>
      <p className="muted">
        Flood and spam rules for every room or one room. Every change publishes a new rules version to all chat nodes at once; try a rule on the
        stored messages before you add it.
      </p>
      <SpamRulesPanel />
      <ExemptRolesPanel />
    </>
  );
}
