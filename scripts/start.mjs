#!/usr/bin/env node
// `npm start`: installs what it needs (npm dependencies, system packages: see prerequisites.mjs), then hands over to the TypeScript orchestrator
// (tools/devstack/src/cli/start.ts), which starts the services and the apps.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDependencies, ensureSystemPackages } from './prerequisites.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureNpmDependencies(root);
await ensureSystemPackages(['kafka', 'services']);

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/devstack/src/cli/start.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// The terminal's Ctrl-C reaches the orchestrator directly (same process group); wait for its clean stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
