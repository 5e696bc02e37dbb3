'use client';

import { useQuery } from '@tanstack/react-query';
import { errorText, useTRPC } from '../../../trpc/react';

export default function NodesPage() {
  const trpc = useTRPC();
  const nodes = useQuery({ ...trpc.nodes.list.queryOptions(), refetchInterval: 3_000 });
  return (
    <>
      <h1>Chat nodes</h1>
      <div className="panel">
        <p className="muted">
          Current rules version: <strong data-testid="current-version">{nodes.data?.currentVersion ?? '…'}</strong> · nodes heartbeat every 5 s and
          disappear 15 s after their last one.
        </p>
        {nodes.error && <p className="error">{errorText(nodes.error)}</p>}
        <table>
          <thead>
            <tr>
              <th>Node</th>
              <th>URL</th>
              <th>Connections</th>
              <th>Rules version</th>
              <th>Up since</th>
              <th>Last heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {nodes.data?.nodes.map((n) => (
              <tr key={n.nodeId}>
                <td>{n.nodeId}</td>
                <td className="muted">{n.url}</td>
                <td>{n.connections}</td>
                <td>
                  {n.rulesVersion}{' '}
                  {n.inSync ? <span className="badge ok">in sync</span> : <span className="badge warn">{n.lag} behind</span>}
                </td>
                <td className="muted">{new Date(n.startedAt).toLocaleString()}</td>
                <td className="muted">{Math.max(0, Math.round((Date.now() - n.ts) / 1000))} s ago</td>
              </tr>
            ))}
            {nodes.data?.nodes.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No chat node is running.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
