import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../app-error';

export interface WidgetBundle {
  body: Buffer;
  etag: string;
}

/**
 * Reads the built widget (packages/widget/dist/tribune-chat.js), cached until the file changes (a rebuild while the
 * console runs is picked up on the next request). A missing file is `WIDGET_NOT_BUILT` with the command to run.
 */
export function createWidgetBundleLoader(path: string, cwd = process.cwd()): () => Promise<WidgetBundle> {
  const file = resolve(cwd, path);
  let cached: { mtimeMs: number; size: number; bundle: WidgetBundle } | undefined;
  return async () => {
    let info;
    try {
      info = await stat(file);
    } catch (err) {
      throw new AppError('WIDGET_NOT_BUILT', `the widget is not built (no ${file}): run \`npm run build -w @tribune/widget\``, [], { cause: err });
    }
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.bundle;
    const body = await readFile(file);
    const bundle = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cached = { mtimeMs: info.mtimeMs, size: info.size, bundle };
    return bundle;
  };
}
