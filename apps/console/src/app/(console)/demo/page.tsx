import { Suspense } from 'react';
import { DemoChat } from '../../../components/demo-chat';

export default function DemoPage() {
  return (
    <>
      <h1>Demo chat</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <DemoChat />
      </Suspense>
    </>
  );
}
