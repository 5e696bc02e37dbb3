import { ErasurePanel } from '../../../components/erasure-panel';

export default function PrivacyPage() {
  return (
    <>
      <h1>Privacy</h1>
      <ErasurePanel />
    </>
  );
}
