import { AllowedPanel } from '../../../components/allowed-panel';
import { WordsPanel } from '../../../components/words-panel';

export default function WordsPage() {
  return (
    <>
      <h1>Banned words</h1>
      <p className="muted">Every change publishes a new rules version to all chat nodes at once.</p>
      <WordsPanel />
      <AllowedPanel />
    </>
  );
}
