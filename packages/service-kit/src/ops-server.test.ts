import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { closeServer, createMetricsRegistry, createOpsServer, listen } from './ops-server';

let server: Server | undefined;
afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

async function start(fail: boolean, details: { name: string; describe: () => string }[] = []) {
  const registry = createMetricsRegistry('test_');
  server = createOpsServer({
    registry,
    details,
    checks: [
      { name: 'redis', check: async () => {} },
      { name: 'kafka', check: async () => { if (fail) throw new Error('broker down'); } },
    ],
  });
  await listen(server, '127.0.0.1', 0);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('ops server', () => {
  it('answers healthz and metrics', async () => {
    const base = await start(false);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('test_process_cpu_user_seconds_total');
  });

  it('readyz names the failing dependency', async () => {
    const base = await start(true);
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not_ready', failures: { kafka: 'broker down' } });
  });

  it('readyz is 200 when every check passes', async () => {
    const base = await start(false);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('answers hostile request targets, CONNECT and a throwing route with a status, never an exception', async () => {
    const registry = createMetricsRegistry('test_');
    server = createOpsServer({
      registry,
      checks: [],
      fallback: () => {
        throw new Error('route bug');
      },
    });
    await listen(server, '127.0.0.1', 0);
    const port = (server.address() as AddressInfo).port;
    const statusOf = (request: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
        let text = '';
        socket.on('data', (d: Buffer) => {
          text += d.toString('latin1');
          if (text.includes('\r\n')) {
            socket.destroy();
            resolve(text.split('\r\n')[0] ?? '');
          }
        });
        socket.on('close', () => resolve(text.split('\r\n')[0] ?? 'closed without a status'));
      });
    expect(await statusOf('GET http://a:b:c/healthz HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await statusOf('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(await statusOf('GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('HTTP/1.1 500 Internal Server Error');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('readyz shows details (a degraded state) without failing', async () => {
    let state = 'redis';
    const base = await start(false, [{ name: 'flood_state', describe: () => state }]);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', failures: {}, details: { flood_state: 'redis' } });
    state = 'node-local since now';
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ details: { flood_state: 'node-local since now' } });
  });
});
