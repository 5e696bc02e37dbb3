import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envBool, envList, envLogLevel } from './env';

describe('env building blocks', () => {
  it('reads booleans strictly', () => {
    expect(envBool.parse(undefined)).toBe(false);
    expect(envBool.parse('1')).toBe(true);
    expect(envBool.parse('true')).toBe(true);
    expect(envBool.parse('0')).toBe(false);
    expect(envBool.safeParse('yes').success).toBe(false);
  });
  it('refuses an unknown log level', () => {
    expect(envLogLevel.parse(undefined)).toBe('info');
    expect(envLogLevel.safeParse('verbose').success).toBe(false);
  });
  it('splits comma lists and validates each entry', () => {
    const urls = envList(z.string().url(), 'ws://a/ws');
    expect(urls.parse(undefined)).toEqual(['ws://a/ws']);
    expect(urls.parse(' ws://a/ws , ws://b/ws ,')).toEqual(['ws://a/ws', 'ws://b/ws']);
    expect(urls.safeParse('not a url').success).toBe(false);
    expect(urls.safeParse(' , ').success).toBe(false);
  });
});
