import { describe, expect, it } from 'vitest';
import { parseRequestUrl, rawHttpResponse } from './request-url';

describe('parseRequestUrl', () => {
  it('parses origin-form and absolute-form targets', () => {
    expect(parseRequestUrl('/ws?token=a')?.searchParams.get('token')).toBe('a');
    expect(parseRequestUrl('http://node:7000/ws')?.pathname).toBe('/ws');
    expect(parseRequestUrl(undefined)?.pathname).toBe('/');
  });
  it('returns null for a target new URL() throws on, instead of throwing', () => {
    expect(parseRequestUrl('http://a:b:c/ws')).toBeNull();
    expect(parseRequestUrl('http://a:99999/')).toBeNull();
    expect(parseRequestUrl('http://[::1/')).toBeNull();
  });
});

describe('rawHttpResponse', () => {
  it('is a complete response with a correct Content-Length', () => {
    const text = rawHttpResponse(400, 'bad request target é');
    const [head, body] = text.split('\r\n\r\n') as [string, string];
    expect(head.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(head).toContain('Connection: close');
  });
});
