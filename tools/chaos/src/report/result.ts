export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Reported, not part of PASS/FAIL (a figure to watch, or a feature not built yet). */
  info?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  faults: string;
  acked: number | null;
  inClickHouse: number | null;
  lost: number | null;
  duplicated: number | null;
  recovery: string;
  checks: Check[];
  /** Set when the scenario could not run to its end (timeout, a service that did not start). */
  error?: string;
}

export function passed(r: ScenarioResult): boolean {
  return !r.error && r.checks.every((c) => c.info || c.ok);
}

export const seconds = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
