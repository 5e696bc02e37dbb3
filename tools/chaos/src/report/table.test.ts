import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from './result';
import { markdownTable, textTable } from './table';

const ok: ScenarioResult = { scenario: 'ingest-kill', faults: '3 × SIGKILL ingest', acked: 10, inClickHouse: 10, lost: 0, duplicated: 0, recovery: '6.1 s', checks: [{ name: 'x', ok: true, detail: '' }] };
const bad: ScenarioResult = { ...ok, scenario: 'kafka-kill', checks: [{ name: 'y', ok: false, detail: '' }, { name: 'z', ok: false, detail: '', info: true }] };

describe('tables', () => {
  it('marks a scenario FAIL when a non-informational check failed', () => {
    const text = textTable([ok, bad]).split('\n');
    expect(text[1]).toMatch(/PASS$/);
    expect(text[2]).toMatch(/FAIL$/);
  });
  it('renders n/a for figures a scenario does not measure, and escapes pipes in Markdown', () => {
    const md = markdownTable([{ ...ok, acked: null, faults: 'a | b' }]);
    expect(md).toContain('| n/a |');
    expect(md).toContain('a \\| b');
  });
});
