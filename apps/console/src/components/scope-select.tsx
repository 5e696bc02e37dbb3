'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';

/** Global or one room: where a rule applies. The empty value means global. */
export function ScopeSelect({ name, value, onChange }: { name: string; value: string; onChange: (scope: string) => void }) {
  const trpc = useTRPC();
  const rooms = useQuery(trpc.rooms.list.queryOptions());
  return (
    <label>
      Scope
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">global</option>
        {rooms.data?.map((r) => (
          <option key={r.id} value={r.id}>
            {r.id}
          </option>
        ))}
      </select>
    </label>
  );
}
