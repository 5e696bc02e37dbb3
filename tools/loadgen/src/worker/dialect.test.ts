import { describe, expect, it } from 'vitest';
import { decode, joinFrame, opened, plumbing, sendFrame } from './dialect';

describe('client dialects', () => {
  it('speaks Tribune frames as JSON, with nothing before the join', () => {
    const sent: string[] = [];
    let ready = 0;
    opened('tribune', (d) => sent.push(d), () => ready++);
    expect([sent, ready]).toEqual([[], 1]);
    expect(JSON.parse(joinFrame('tribune', 'r1', 'm9'))).toEqual({ type: 'join', room: 'r1', since: 'm9' });
    expect(JSON.parse(sendFrame('tribune', 'r1', 'c1', 'hi'))).toEqual({ type: 'send', room: 'r1', cid: 'c1', text: 'hi' });
    expect(plumbing('tribune', Buffer.from('2'), (d) => sent.push(d), () => ready++)).toBe(false);
    expect(decode('tribune', Buffer.from('{"type":"pong"}'))).toEqual({ type: 'pong' });
  });

  it('speaks engine.io v4 to Socket.IO: connects the namespace, joins once connected, answers pings, reads events', () => {
    const sent: string[] = [];
    let ready = 0;
    const send = (d: string) => sent.push(d);
    opened('socketio', send, () => ready++);
    expect([sent, ready]).toEqual([['40'], 0]);
    expect(plumbing('socketio', Buffer.from('0{"sid":"x","pingInterval":25000}'), send, () => ready++)).toBe(true);
    expect(plumbing('socketio', Buffer.from('40{"sid":"y"}'), send, () => ready++)).toBe(true);
    expect(ready).toBe(1);
    expect(plumbing('socketio', Buffer.from('2'), send, () => ready++)).toBe(true);
    expect(sent).toEqual(['40', '3']);
    expect(joinFrame('socketio', 'r1')).toBe('42["join",{"type":"join","room":"r1"}]');
    const event = Buffer.from('42["message",{"type":"message","room":"r1","id":"m1","text":"b:1:1"}]');
    expect(plumbing('socketio', event, send, () => ready++)).toBe(false);
    expect(decode('socketio', event)).toMatchObject({ type: 'message', id: 'm1', text: 'b:1:1' });
  });
});
