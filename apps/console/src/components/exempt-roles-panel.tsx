'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';
import { RulesChangeStatus, useLastRulesChange } from './rules-change-status';

/** The roles whose messages skip every spam rule (word rules still apply); saving publishes a rules version. */
export function ExemptRolesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.spam.settings.queryOptions());
  const [roles, setRoles] = useState('');
  const [last, recordChange] = useLastRulesChange();
  useEffect(() => {
    if (settings.data) setRoles(settings.data.exemptRoles.join(', '));
  }, [settings.data]);
  const save = useMutation(
    trpc.spam.setExemptRoles.mutationOptions({
      onSuccess: async (res) => {
        recordChange(res);
        await queryClient.invalidateQueries({ queryKey: trpc.spam.settings.pathKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ exemptRoles: roles.split(',').map((r) => r.trim()).filter(Boolean) });
  };
  return (
    <div className="panel">
      <h2>Exempt roles</h2>
      <form className="row" onSubmit={submit} aria-label="exempt roles">
        <label>
          Roles that skip spam rules (comma separated)
          <input name="exemptRoles" value={roles} onChange={(e) => setRoles(e.target.value)} style={{ width: 360 }} />
        </label>
        <button type="submit" disabled={save.isPending || !settings.data}>
          Save roles
        </button>
      </form>
      {settings.data && settings.data.fromEnvironment.length > 0 && (
        <p className="muted">
          Also exempt through <code>SPAM_EXEMPT_ROLES</code> (not editable here):{' '}
          {settings.data.fromEnvironment.map((r) => (
            <span key={r} className="badge" style={{ marginRight: 4 }}>
              {r}
            </span>
          ))}
        </p>
      )}
      {save.error && <div className="error" role="alert">{errorText(save.error)}</div>}
      <RulesChangeStatus last={last} />
    </div>
  );
}
