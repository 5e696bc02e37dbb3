import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { encodeFrame, exchange, type FrameSpec, type RawExchange } from './raw-client';
import { fuzzInput, inputCount, type FuzzInput } from './fuzz-inputs';
import type { FuzzEndpoint } from './fuzz-target';

/** What the fuzzer saw, by outcome (`http 400`, `ws close 1002`, `ws open`, …). */
export type FuzzTally = Map<string, number>;

const VALID_CLOSE = (code: number) => (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);

export class FuzzViolation extends Error {
  constructor(message: string, readonly seen: RawExchange) {
    super(`${message}; seen: ${JSON.stringify({ ...seen, texts: seen.texts.slice(0, 3) })}`);
    this.name = 'FuzzViolation';
  }
}

function httpBytes(input: Extract<FuzzInput, { kind: 'http' }>): Buffer {
  const line = `${input.method} ${input.target} ${input.version}`.trimEnd();
  return Buffer.from(`${[line, ...input.headers].join('\r\n')}\r\n\r\n`, 'latin1');
}

function wsRequest(target: FuzzEndpoint, input: Extract<FuzzInput, { kind: 'ws' }>): Buffer {
  const token = { valid: target.token, guest: '', expired: target.expiredToken, forged: `${target.token.slice(0, -4)}AAAA`, junk: input.junkToken }[input.token];
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const lines = ['GET /ws' + query + ' HTTP/1.1', 'Host: 127.0.0.1', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13'];
  if (input.origin) lines.push(`Origin: ${input.origin}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Every text frame a node sends is a JSON object with a string `type`. */
function checkTexts(x: RawExchange): void {
  for (const text of x.texts) {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      throw new FuzzViolation('server sent a text frame that is not JSON', x);
    }
    if (typeof frame !== 'object' || frame === null || typeof (frame as { type?: unknown }).type !== 'string') throw new FuzzViolation('server frame without a type', x);
  }
  if (x.garbage) throw new FuzzViolation('server sent bytes that are not a valid frame', x);
}

/**
 * Sends one input and checks the answer. The oracle: an HTTP request gets an HTTP status (never 500, never
 * silence); an upgrade that is refused after the handshake gets a close code; a WebSocket session either answers
 * a final protocol ping (the connection survived every frame before it) or ends with a valid close code — never a
 * dropped connection, never a stall. Returns the outcome's label.
 */
export async function runInput(target: FuzzEndpoint, input: FuzzInput, timeoutMs = 5000): Promise<string> {
  const marker = randomBytes(6).toString('hex');
  const probe: FrameSpec = { fin: true, rsv: 0, opcode: 9, masked: true, payload: Buffer.from(marker, 'latin1') };
  if (input.kind === 'http') {
    const x = await exchange(target.port, httpBytes(input), {
      afterUpgrade: [encodeFrame(probe)],
      done: (e) => e.status !== null && (e.status !== 101 || e.closeCode !== null || e.pongs.includes(marker)),
      timeoutMs,
    });
    if (x.status === null) throw new FuzzViolation(x.timedOut ? 'no HTTP answer before the deadline' : 'connection dropped without an HTTP status', x);
    if (x.status === 500) throw new FuzzViolation('HTTP 500: the request reached an internal error', x);
    if (x.status === 101 && x.closeCode === null && !x.pongs.includes(marker)) throw new FuzzViolation('upgraded connection neither answered nor closed', x);
    if (x.closeCode !== null && !VALID_CLOSE(x.closeCode)) throw new FuzzViolation(`invalid close code ${x.closeCode}`, x);
    checkTexts(x);
    return x.status === 101 ? (x.closeCode !== null ? `http 101 close ${x.closeCode}` : 'http 101 open') : `http ${x.status}`;
  }
  const frames = [...input.frames.map(encodeFrame), encodeFrame(probe)];
  const x = await exchange(target.port, wsRequest(target, input), { afterUpgrade: frames, done: (e) => e.closeCode !== null || e.pongs.includes(marker), timeoutMs });
  if (x.status !== 101) throw new FuzzViolation(`a well-formed upgrade got HTTP ${x.status}`, x);
  if (x.closeCode === null && !x.pongs.includes(marker)) throw new FuzzViolation(x.timedOut ? 'session stalled: no answer to the final ping and no close' : 'connection dropped without a close code', x);
  // A client's own close without a code is echoed without one (RFC 6455 §5.5.1): 1005 only then.
  const clientClosed = input.frames.some((f) => f.opcode === 8);
  if (x.closeCode !== null && !VALID_CLOSE(x.closeCode) && !(x.closeCode === 1005 && clientClosed)) throw new FuzzViolation(`invalid close code ${x.closeCode}`, x);
  checkTexts(x);
  return x.closeCode !== null ? `ws close ${x.closeCode}` : 'ws open';
}

export interface FuzzRunOptions {
  runs: number;
  seed?: number;
  /** Property runs in flight at once (each its own fast-check property with a derived seed). */
  concurrency?: number;
  /** Shrink a failing input to a minimal one (slow over sockets: worth it in tests, not in the long run). */
  shrink?: boolean;
  onProgress?: (inputs: number) => void;
}

/** Runs the property `runs` times; resolves with the count of inputs sent and the outcomes, or rejects with a counterexample. */
export async function fuzzGateway(target: FuzzEndpoint, { runs, seed = Date.now() % 2 ** 31, concurrency = 4, shrink = false, onProgress }: FuzzRunOptions) {
  const tally: FuzzTally = new Map();
  let inputs = 0;
  const lanes = Array.from({ length: concurrency }, (_, lane) =>
    fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        const outcome = await runInput(target, input);
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
        inputs += inputCount(input);
        onProgress?.(inputs);
      }),
      { numRuns: Math.ceil(runs / concurrency), seed: seed + lane, endOnFailure: !shrink },
    ),
  );
  await Promise.all(lanes);
  return { inputs, tally, seed };
}
