import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

/** What the login page reads: `next` decoded once by URLSearchParams, as in the browser. */
const fromQuery = (query: string) => safeNextPath(new URLSearchParams(query).get('next'));

describe('safeNextPath (login ?next=)', () => {
  it('keeps paths of this site, with their query and fragment', () => {
    expect(safeNextPath('/rooms')).toBe('/rooms');
    expect(safeNextPath('/rooms/demo?tab=words#new')).toBe('/rooms/demo?tab=words#new');
    expect(fromQuery('next=%2Fdemo%3Froom%3Ddemo')).toBe('/demo?room=demo');
    // an encoded character elsewhere in a path stays a path
    expect(safeNextPath('/rooms/a%20b')).toBe('/rooms/a%20b');
  });

  it.each([
    '/\\evil.com',
    '//evil.com',
    '///evil.com',
    '/\\/evil.com',
    'https://evil.com/rooms',
    'http:evil.com',
    'javascript:alert(1)',
    'evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    ' //evil.com',
    '%2F%2Fevil.com',
    // percent-encoded: what the path decodes to is judged too
    '/%2F%2Fevil.com',
    '/%5Cevil.com',
    '/%2F%5Cevil.com',
    '/%E0%A4%A',
    '',
  ])('sends %j to /', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it.each(['next=%2F%5Cevil.com', 'next=%2F%2Fevil.com', 'next=https%3A%2F%2Fevil.com', 'next=%252F%252Fevil.com', 'next=%2F%09%2Fevil.com', 'next=/%5C%5Cevil.com'])(
    'sends the encoded variant %s to /',
    (query) => {
      expect(fromQuery(query)).toBe('/');
    },
  );

  it('sends a missing next to /', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(fromQuery('')).toBe('/');
  });
});
