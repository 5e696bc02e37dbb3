import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { linePrefix, pipeLines } from './log-lines';

describe('linePrefix', () => {
  it('pads and optionally colours the name', () => {
    expect(linePrefix('kafka', 0, 8, false)).toBe('kafka    │ ');
    expect(linePrefix('kafka', 0, 8, true)).toBe('\x1b[36mkafka   \x1b[0m │ ');
  });
});

describe('pipeLines', () => {
  it('prefixes every line, including a last line without newline', async () => {
    const input = new PassThrough();
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    pipeLines(input, '[a] ', out);
    input.write('one\ntw');
    input.end('o');
    await new Promise((r) => setTimeout(r, 20));
    expect(chunks.join('')).toBe('[a] one\n[a] two\n');
  });
});
