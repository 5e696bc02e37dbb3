import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@tribune/contracts';
import { decodeClientFrame, encodeServerFrame } from './frame-codec';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('decodeClientFrame', () => {
  it('accepts every client frame type', () => {
    expect(decodeClientFrame(buf('{"type":"ping"}'), false)).toEqual({ ok: true, frame: { type: 'ping' } });
    expect(decodeClientFrame(buf('{"type":"join","room":"lobby"}'), false)).toEqual({ ok: true, frame: { type: 'join', room: 'lobby' } });
    expect(decodeClientFrame(buf('{"type":"leave","room":"lobby"}'), false)).toEqual({ ok: true, frame: { type: 'leave', room: 'lobby' } });
    const send = decodeClientFrame(buf('{"type":"send","room":"lobby","text":"hi","cid":"c1"}'), false);
    expect(send).toEqual({ ok: true, frame: { type: 'send', room: 'lobby', text: 'hi', cid: 'c1' } });
  });

  it('reports malformed JSON as bad_json', () => {
    const r = decodeClientFrame(buf('{"type":'), false);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(ERROR_CODES.BAD_JSON);
  });

  it('reports unknown types, bad rooms and missing fields as bad_frame with the field named', () => {
    for (const raw of ['{"type":"dance"}', '{"type":"join","room":"Bad Room!"}', '{"type":"send","room":"a","text":"x"}', '[1,2]', 'null']) {
      const r = decodeClientFrame(buf(raw), false);
      expect(r.ok, raw).toBe(false);
      if (!r.ok) expect(r.error.code, raw).toBe(ERROR_CODES.BAD_FRAME);
    }
    const r = decodeClientFrame(buf('{"type":"join","room":"Bad Room!"}'), false);
    if (!r.ok) expect(r.error.message).toContain('room');
  });

  it('refuses empty or over-long text', () => {
    expect(decodeClientFrame(buf('{"type":"send","room":"a","text":"","cid":"c"}'), false).ok).toBe(false);
    const long = 'x'.repeat(2001);
    expect(decodeClientFrame(buf(`{"type":"send","room":"a","text":"${long}","cid":"c"}`), false).ok).toBe(false);
  });

  it('refuses binary frames', () => {
    const r = decodeClientFrame(buf('{"type":"ping"}'), true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(ERROR_CODES.BAD_FRAME);
  });

  it('accepts fragmented buffers', () => {
    expect(decodeClientFrame([buf('{"type":'), buf('"ping"}')], false)).toEqual({ ok: true, frame: { type: 'ping' } });
  });
});

describe('encodeServerFrame', () => {
  it('serialises a frame as JSON text', () => {
    expect(JSON.parse(encodeServerFrame({ type: 'error', code: 'bad_json', message: 'm' }))).toEqual({ type: 'error', code: 'bad_json', message: 'm' });
  });
});
