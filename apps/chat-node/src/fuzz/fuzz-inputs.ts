import fc from 'fast-check';
import type { FrameSpec } from './raw-client';
import { FUZZ_MAX_PAYLOAD } from './fuzz-target';

/** Which token a WebSocket input connects with; the target mints the valid and the expired one. */
export type TokenKind = 'valid' | 'guest' | 'expired' | 'forged' | 'junk';

/** One fuzz input: a raw HTTP request (line and headers), or a WebSocket session of raw frames. */
export type FuzzInput =
  | { kind: 'http'; method: string; target: string; version: string; headers: string[] }
  | { kind: 'ws'; token: TokenKind; junkToken: string; origin: string | null; frames: FrameSpec[] };

const ascii = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
/** Any byte but CR/LF (which would end the line): control characters, DEL, latin-1. */
const lineBytes = (max: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).filter((c) => c !== 10 && c !== 13).map((c) => String.fromCharCode(c)), maxLength: max });
const unicodeText = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });

const tokenText = fc.oneof(
  ascii(60),
  fc.constantFrom('', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'eyJhbGciOiJIUzI1NiJ9.e30.x', '%', '%zz', '..', '\u0000'),
  fc.tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 80 }), fc.base64String({ maxLength: 43 })).map((p) => p.join('.')),
);

const host = fc.oneof(fc.constantFrom('a', '127.0.0.1', '[::1]', '[::1', 'a:b', '', '%41', 'xn--', '\u00e9', 'a b', '@'), ascii(20));
const port = fc.oneof(fc.constantFrom('', ':', ':b:c', ':99999', ':-1', ':7000', ':0x10', ':1e3'), ascii(8).map((p) => `:${p}`));
const path = fc.oneof(
  fc.constantFrom('/ws', '/ws/', '/WS', '//ws', '/ws?', '/ws#x', '/healthz', '/readyz', '/metrics', '/', '*', '', '/%', '/%zz', '/..', '/ws/../ws'),
  ascii(40).map((p) => `/${p}`),
  lineBytes(40).map((p) => `/${p}`),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => `/ws?token=${'a'.repeat(n)}`),
);
const query = fc.oneof(
  fc.constant(''),
  tokenText.map((t) => `?token=${t}`),
  fc.tuple(tokenText, tokenText).map(([a, b]) => `?token=${a}&token=${b}`),
  ascii(30).map((q) => `?${q}`),
);
const target = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(path, query).map(([p, q]) => p + q) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('http://', 'https://', 'ws://', 'HTTP://', 'file://', '//', 'javascript:'), host, port, path, query).map((p) => p.join('')) },
  { weight: 1, arbitrary: lineBytes(80) },
);
const method = fc.oneof(fc.constantFrom('GET', 'GET', 'GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'CONNECT', 'PRI', 'get', 'G T', 'GET\u0000'), ascii(10));
const version = fc.oneof({ weight: 6, arbitrary: fc.constant('HTTP/1.1') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1', 'http/1.1', '', 'HTTP/1.1 x') });

const headerValue = fc.oneof(ascii(60), lineBytes(60), fc.constantFrom('', ' ', 'websocket', 'Upgrade', '13', '8', 'keep-alive, Upgrade'));
const upgradeHeaderSet = {
    upgrade: fc.oneof(fc.constant('Upgrade: websocket'), headerValue.map((v) => `Upgrade: ${v}`)),
    connection: fc.oneof(fc.constant('Connection: Upgrade'), headerValue.map((v) => `Connection: ${v}`)),
    key: fc.oneof(fc.constant('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='), headerValue.map((v) => `Sec-WebSocket-Key: ${v}`)),
    version: fc.oneof(fc.constant('Sec-WebSocket-Version: 13'), headerValue.map((v) => `Sec-WebSocket-Version: ${v}`)),
    host: fc.oneof(fc.constant('Host: 127.0.0.1'), headerValue.map((v) => `Host: ${v}`)),
    origin: fc.oneof(fc.constantFrom('Origin: http://allowed.example', 'Origin: http://evil.example', 'Origin: null'), headerValue.map((v) => `Origin: ${v}`)),
    protocol: headerValue.map((v) => `Sec-WebSocket-Protocol: ${v}`),
    extensions: fc.oneof(fc.constantFrom('Sec-WebSocket-Extensions: permessage-deflate', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99'), headerValue.map((v) => `Sec-WebSocket-Extensions: ${v}`)),
    body: fc.constantFrom('Content-Length: 5', 'Content-Length: -1', 'Transfer-Encoding: chunked', 'Content-Length: 1, 2'),
};
// Mostly upgrade-shaped (what reaches the gateway's own code), sometimes any subset of the headers.
const upgradeHeaders = fc.oneof(
  { weight: 3, arbitrary: fc.record(upgradeHeaderSet, { requiredKeys: ['upgrade', 'connection', 'key', 'version'] }) },
  { weight: 1, arbitrary: fc.record(upgradeHeaderSet, { requiredKeys: [] }) },
);
const extraHeader = fc.oneof(
  fc.tuple(ascii(20), lineBytes(60)).map(([n, v]) => `${n}: ${v}`),
  lineBytes(80),
  fc.integer({ min: 8000, max: 24_000 }).map((n) => `X-Big: ${'b'.repeat(n)}`),
  fc.constantFrom(' folded continuation', ':', 'NoColon', 'Host: a', 'Upgrade: websocket'),
);

export const httpInput: fc.Arbitrary<FuzzInput> = fc
  .record({ method, target, version, up: upgradeHeaders, extra: fc.array(extraHeader, { maxLength: 4 }) })
  .map(({ method: m, target: t, version: v, up, extra }) => ({ kind: 'http' as const, method: m, target: t, version: v, headers: [...Object.values(up), ...extra] }));

// ── WebSocket frames ──────────────────────────────────────────────────────────

const room = fc.oneof(fc.constantFrom('demo', 'r1', '', ' ', 'a'.repeat(200), '../x', '\u0000'), unicodeText(20));
const anyJson = fc.jsonValue({ maxDepth: 3 });
const clientJson = fc.oneof(
  fc.record({ type: fc.constant('join'), room, since: fc.option(ascii(40), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('send'), room, text: fc.oneof(unicodeText(80), fc.constantFrom('badword', 'b.a.d.w.o.r.d', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '\ud800', '')), cid: fc.oneof(ascii(20), fc.integer()) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('leave'), room }, { requiredKeys: ['type'] }),
  fc.constant({ type: 'ping' }),
  fc.record({ type: fc.oneof(ascii(10), anyJson), room: anyJson, text: anyJson }, { requiredKeys: [] }),
  anyJson,
);
/** Deep nesting (JSON.parse is recursive: depth must not be what takes a node down), within maxPayload. */
const deepJson = fc.constantFrom('[', '{"a":').chain((open) => {
  const [inner, close] = open === '[' ? ['', ']'] : ['1', '}'];
  const maxDepth = Math.floor((FUZZ_MAX_PAYLOAD - 1) / (open.length + 1));
  return fc.integer({ min: 50, max: maxDepth }).map((d) => open.repeat(d) + inner + close.repeat(d));
});
const textPayload = fc.oneof(
  { weight: 5, arbitrary: clientJson.map((j) => Buffer.from(JSON.stringify(j) ?? 'null')) },
  { weight: 1, arbitrary: deepJson.map((t) => Buffer.from(t)) },
  { weight: 1, arbitrary: unicodeText(100).map((t) => Buffer.from(t)) },
  // Bad UTF-8 (lone continuation bytes, overlongs, surrogates encoded as UTF-8): the node must close 1007.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.concat([Buffer.from('{"type":"'), Buffer.from(b), Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80])])) },
  { weight: 1, arbitrary: fc.integer({ min: FUZZ_MAX_PAYLOAD - 16, max: FUZZ_MAX_PAYLOAD + 64 }).map((n) => Buffer.from(`"${'x'.repeat(Math.max(0, n - 2))}"`)) },
);

const frame: fc.Arbitrary<FrameSpec> = fc.oneof(
  { weight: 30, arbitrary: textPayload.map((payload) => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ fin: true, rsv: 0, opcode: 2, masked: true, payload: Buffer.from(b) })) },
  // Control frames: ping/pong (over 125 bytes is a protocol error), close with any code and reason.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(9, 10), fc.integer({ min: 0, max: 130 }), fc.boolean()).map(([opcode, n, fin]) => ({ fin, rsv: 0, opcode, masked: true, payload: Buffer.alloc(n, 0x61) })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.oneof(ascii(20).map((r) => Buffer.from(r)), fc.uint8Array({ maxLength: 10 }).map((b) => Buffer.from(b))), fc.boolean()).map(([code, why, withCode]) => {
      const head = Buffer.alloc(2);
      head.writeUInt16BE(code);
      return { fin: true, rsv: 0, opcode: 8, masked: true, payload: withCode ? Buffer.concat([head, why]) : why.subarray(0, 1) };
    }),
  },
  // Fragments: a text start, a stray or final continuation.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.boolean(), ascii(30)).map(([opcode, fin, t]) => ({ fin, rsv: 0, opcode, masked: true, payload: Buffer.from(t) })) },
  // Reserved opcodes, RSV bits without an extension, unmasked client frames.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(3, 4, 5, 6, 7, 11, 12, 13, 14, 15), ascii(10)).map(([opcode, t]) => ({ fin: true, rsv: 0, opcode, masked: true, payload: Buffer.from(t) })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), ascii(10)).map(([rsv, t]) => ({ fin: true, rsv, opcode: 1, masked: true, payload: Buffer.from(t) })) },
  { weight: 1, arbitrary: clientJson.map((j) => ({ fin: true, rsv: 0, opcode: 1, masked: false, payload: Buffer.from(JSON.stringify(j) ?? 'null') })) },
  // A header claiming more than maxPayload (up to 2^53): refused from the header, before any body.
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: FUZZ_MAX_PAYLOAD + 1, max: 70_000 }), fc.integer({ min: 70_000, max: Number.MAX_SAFE_INTEGER })).map((declaredLength) => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload: Buffer.from('{}'), declaredLength })) },
);

export const wsInput: fc.Arbitrary<FuzzInput> = fc.record({
  kind: fc.constant('ws' as const),
  // Mostly admitted, so most frames reach the node's own code; refusals are still a fifth of the sessions.
  token: fc.oneof(
    { weight: 12, arbitrary: fc.constant<TokenKind>('valid') },
    { weight: 4, arbitrary: fc.constant<TokenKind>('guest') },
    { weight: 3, arbitrary: fc.constantFrom<TokenKind>('expired', 'forged', 'junk') },
  ),
  junkToken: tokenText,
  origin: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(null, 'http://allowed.example') }, { weight: 1, arbitrary: fc.constant('http://evil.example') }),
  frames: fc.array(frame, { minLength: 1, maxLength: 8 }),
});

export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.oneof({ weight: 2, arbitrary: httpInput }, { weight: 3, arbitrary: wsInput });

/** Inputs one run counts: the request, plus each frame of a WebSocket session. */
export const inputCount = (input: FuzzInput): number => (input.kind === 'http' ? 1 : 1 + input.frames.length);
