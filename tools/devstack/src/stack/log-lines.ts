import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

const COLORS = [36, 35, 33, 32, 34, 96, 95, 93];

/** `name │ ` padded to `width`, coloured when the terminal supports it. */
export function linePrefix(name: string, index: number, width: number, color: boolean): string {
  const label = name.padEnd(width);
  return color ? `\x1b[${COLORS[index % COLORS.length]}m${label}\x1b[0m │ ` : `${label} │ `;
}

/** Writes each line of `stream` to `out` behind the prefix, so interleaved children stay readable. */
export function pipeLines(stream: Readable | null, prefix: string, out: NodeJS.WritableStream): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}
