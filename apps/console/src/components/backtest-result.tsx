'use client';

import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/api/root';

export type BacktestReport = inferRouterOutputs<AppRouter>['backtest']['word'];

/** The text with the matched span marked, or whole when the rule has no place in it (rate, caps…). */
function Marked({ text, span }: { text: string; span: [number, number] | null }) {
  if (!span) return <>{text}</>;
  return (
    <>
      {text.slice(0, span[0])}
      <mark data-testid="backtest-span">{text.slice(span[0], span[1])}</mark>
      {text.slice(span[1])}
    </>
  );
}

/** What a proposed rule would have done to the stored messages of the window: counts, then examples. */
export function BacktestResult({ report }: { report: BacktestReport }) {
  const where = report.room ? `room ${report.room}` : 'every room';
  return (
    <div className="backtest" data-testid="backtest-result" role="status">
      <p>
        <strong>
          {report.hits} of {report.scanned}
        </strong>{' '}
        messages in the last {report.window} ({where}) would have been hit: {report.refused} refused, {report.masked} masked
        {report.hits > 0 && <> · {report.newlyCaught} of them were delivered as written at the time</>}.
      </p>
      {report.truncated && (
        <p className="muted">Only the most recent {report.limit.toLocaleString()} messages of the window were replayed (the read is bounded).</p>
      )}
      {report.examples.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Room</th>
              <th>User</th>
              <th>Message (matched part marked)</th>
              <th>Would</th>
              <th>Was</th>
            </tr>
          </thead>
          <tbody>
            {report.examples.map((e) => (
              <tr key={e.id}>
                <td className="muted">{new Date(e.ts).toLocaleTimeString()}</td>
                <td>{e.room}</td>
                <td>{e.userId}</td>
                <td>
                  <Marked text={e.text} span={e.span} />
                  {e.counter && (
                    <span className="muted">
                      {' '}
                      ({e.counter.name} {Math.round(e.counter.value * 100) / 100} / {e.counter.limit})
                    </span>
                  )}
                </td>
                <td>{e.action}</td>
                <td className="muted">{e.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.hits > report.examples.length && <p className="muted">First {report.examples.length} of {report.hits} shown.</p>}
    </div>
  );
}
