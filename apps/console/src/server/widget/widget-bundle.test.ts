import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { createWidgetBundleLoader } from './widget-bundle';

describe('createWidgetBundleLoader', () => {
  it('reads the bundle relative to the working directory, with an ETag that follows its content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widget-bundle-'));
    writeFileSync(join(dir, 'w.js'), 'export const a = 1;');
    const load = createWidgetBundleLoader('w.js', dir);
    const first = await load();
    expect(first.body.toString()).toBe('export const a = 1;');
    expect(first.etag).toMatch(/^"[\w-]{27}"$/);
    expect(await load()).toBe(first);

    writeFileSync(join(dir, 'w.js'), 'export const a = 22;');
    utimesSync(join(dir, 'w.js'), new Date(), new Date(Date.now() + 5000));
    const second = await load();
    expect(second.body.toString()).toBe('export const a = 22;');
    expect(second.etag).not.toBe(first.etag);
  });

  it('a missing build is WIDGET_NOT_BUILT naming the command to run', async () => {
    const load = createWidgetBundleLoader('nope/tribune-chat.js', tmpdir());
    const err = await load().catch((e: unknown) => e);
    expect(AppError.is(err) && err.code).toBe('WIDGET_NOT_BUILT');
    expect((err as Error).message).toContain('npm run build -w @tribune/widget');
  });
});
