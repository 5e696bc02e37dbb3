// `npm run build -w @tribune/widget`: src/index.ts and the @tribune/client source it imports, bundled by esbuild into
// ONE minified ESM file, dist/tribune-chat.js (what the console serves at /widget.js). ~50 ms, so every console
// build and start runs it. `--size` also prints the minified and min+gzip sizes.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${here}dist/tribune-chat.js`;
mkdirSync(`${here}dist`, { recursive: true });
const result = await build({
  entryPoints: [`${here}src/index.ts`],
  // tsconfig.json maps @tribune/client to its TypeScript source: no client build needed first.
  tsconfig: `${here}tsconfig.json`,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  write: false,
  logLevel: 'error',
});
const code = result.outputFiles[0].contents;
writeFileSync(outfile, code);
if (process.argv.includes('--size')) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  process.stdout.write(`dist/tribune-chat.js  minified ${kb(code.length)}  min+gzip ${kb(gzipSync(code, { level: 9 }).length)}\n`);
}
