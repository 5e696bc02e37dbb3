// The browser bundle's size (npm run size -w @tribune/client): the built dist/ bundled for the browser with
// esbuild, minified, then gzipped; and the same with the contracts' zod schema validating every frame, to show
// what full validation would cost. Prints one line per variant, and fails if the build imports a Node module.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const variants = {
  'sdk (structural frame check)': `export { TribuneClient } from './dist/index.js';`,
  'sdk + zod serverFrame validation': `import { TribuneClient } from './dist/index.js';
import { serverFrame } from '../contracts/src/protocol.ts';
export const client = (urls) => new TribuneClient({ urls, validate: (f) => serverFrame.safeParse(f).data });`,
  'zod serverFrame alone': `export { serverFrame } from '../contracts/src/protocol.ts';`,
};

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const [name, contents] of Object.entries(variants)) {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  process.stdout.write(`${name.padEnd(36)} minified ${kb(code.length).padStart(9)}   min+gzip ${kb(gzipSync(code, { level: 9 }).length).padStart(8)}\n`);
}
