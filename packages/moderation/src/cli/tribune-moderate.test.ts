import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the real bin (the .mjs shim that registers tsx), as `npx tribune-moderate` does.
const BIN = fileURLToPath(new URL('../../bin/tribune-moderate.mjs', import.meta.url));
const WORDS = fileURLToPath(new URL('../../devset/words.txt', import.meta.url));

function runCli(args: string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('tribune-moderate CLI', () => {
  it('reads a word list and writes one JSON decision per input line', () => {
    const { status, lines } = runCli(['--words', WORDS], '존 나 잘하네\ngreat pass\nd4mn\n새끼손가락 다쳤대\n');
    expect(status).toBe(0);
    expect(lines.map((l) => l.action)).toEqual(['block', 'allow', 'block', 'allow']);
    expect(lines[0]!.hits).toEqual([expect.objectContaining({ term: '존나', span: [0, 3] })]);
    expect(lines[1]!.hits).toEqual([]);
  }, 30_000);

  it('reads an exported rule set (or snapshot) and shows the delivered text of a mask', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderate-'));
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ v: 1, version: 3, publishedAt: 0, rules: { words: [{ id: 'm', term: 'crap', action: 'mask' }] } }));
    const { status, lines } = runCli(['--rules', rules], 'what c r a p\n');
    expect(status).toBe(0);
    expect(lines[0]).toMatchObject({ action: 'mask', delivered: 'what ***' });
  }, 30_000);

  it('exits 1 naming the rule and field of an invalid rule set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderate-'));
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ words: [{ id: 'bad', term: '(x', match: 'regex' }] }));
    const r = runCli(['--rules', rules], '');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('rule bad field term');
  }, 30_000);
});
