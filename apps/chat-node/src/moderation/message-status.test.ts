import { describe, expect, it } from 'vitest';
import { isDelivered, statusForAction } from './message-status';

describe('statusForAction', () => {
  it.each([
    ['allow', 'accepted'],
    ['mask', 'masked'],
    ['hold', 'held'],
    ['shadow', 'shadowed'],
    ['block', 'blocked'],
    ['reject', 'rejected'],
    ['timeout', 'rejected'],
  ] as const)('maps %s to %s', (action, status) => {
    expect(statusForAction(action)).toBe(status);
  });

  it('delivers only accepted and masked messages to the room', () => {
    expect(['accepted', 'masked', 'held', 'shadowed', 'blocked', 'rejected'].filter((s) => isDelivered(s as never))).toEqual(['accepted', 'masked']);
  });
});
