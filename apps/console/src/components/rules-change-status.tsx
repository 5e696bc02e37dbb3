'use client';

import { useState } from 'react';

/** What a rule change (word or allowed phrase) answered: the version it created and whether nodes were told. */
export type RulesChange = { version: number; published: boolean };

/** Remembers the last rule change, from a mutation result `{ rulesVersion, published }`. */
export function useLastRulesChange() {
  const [last, setLast] = useState<RulesChange | null>(null);
  const record = (res: { rulesVersion: number; published: boolean }) => setLast({ version: res.rulesVersion, published: res.published });
  return [last, record] as const;
}

/** The outcome of the last rule change, shown the same way by every rules panel. */
export function RulesChangeStatus({ last }: { last: RulesChange | null }) {
  if (!last) return null;
  if (last.published) {
    return (
      <p className="muted" data-testid="rules-version">
        Published rules version {last.version}
      </p>
    );
  }
  return (
    <div className="error" role="status" data-testid="rules-version">
      Saved as rules version {last.version}, but not yet published to the chat nodes (Redis unreachable). The console retries on
      its own (every 30 s); nodes keep the previous rules meanwhile.
    </div>
  );
}
