#!/usr/bin/env node
// `npm start`: installs dependencies when missing, then hands over to the TypeScript orchestrator
// (tools/devstack/src/cli/start.ts), which starts the services and the apps.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'node_modules', 'tsx')) || !existsSync(join(root, 'node_modules', 'chdb'))) {
  console.log('node_modules missing: running npm install…');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/devstack/src/cli/start.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// The terminal's Ctrl-C reaches the orchestrator directly (same process group); wait for its clean stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
