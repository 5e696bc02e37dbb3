import { describe, expect, it } from 'vitest';
import { ChaosArgsError, parseChaosArgs } from './chaos-args';

describe('parseChaosArgs', () => {
  it('reads --short and --only in both spellings', () => {
    expect(parseChaosArgs(['--short', '--only', 'a,b', '--only=c'])).toEqual({ short: true, only: ['a', 'b', 'c'], help: false });
    expect(parseChaosArgs([])).toEqual({ short: false, only: [], help: false });
  });
  it('refuses what it does not know', () => {
    expect(() => parseChaosArgs(['--fast'])).toThrow(ChaosArgsError);
    expect(() => parseChaosArgs(['--only'])).toThrow(ChaosArgsError);
  });
});
