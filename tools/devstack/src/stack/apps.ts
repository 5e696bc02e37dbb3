import type { Readable } from 'node:stream';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, type ManagedProcess } from '../process/child-process';
import { REPO_ROOT } from './infra';
import { linePrefix, pipeLines } from './log-lines';

export interface AppSpec {
  name: string;
  workspace: string;
  script: string;
  env: Record<string, string>;
  /** URLs of which one answers 200 once the app is ready. */
  readyUrls: string[];
}

/** The npm scripts a workspace declares (empty when it has no package.json yet). */
export function workspaceScripts(workspace: string): Record<string, string> {
  const dirs = ['apps', 'packages', 'tools'].map((d) => join(REPO_ROOT, d));
  for (const dir of dirs) {
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
      const file = join(dir, entry, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; scripts?: Record<string, string> };
      if (pkg.name === workspace) return pkg.scripts ?? {};
    }
  }
  return {};
}

/** Runs `npm run <script> -w <workspace>` in its own process group with prefixed output. */
export function startApp(spec: AppSpec, index: number, width: number, color: boolean): ManagedProcess {
  const proc = startProcess(spec.name, 'npm', ['run', '--silent', spec.script, '-w', spec.workspace], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = linePrefix(spec.name, index, width, color);
  pipeLines(proc.child.stdout as Readable, prefix, process.stdout);
  pipeLines(proc.child.stderr as Readable, prefix, process.stderr);
  return proc;
}
