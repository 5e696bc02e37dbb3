import { describe, expect, it } from 'vitest';
import { proposePhrase } from './propose-phrase';

describe('proposePhrase', () => {
  it('takes the whole word a match lies in', () => {
    const text = '아 새끼손가락 다쳤다';
    expect(proposePhrase(text, [2, 4])).toBe('새끼손가락');
    expect(proposePhrase('what a scunthorpe win', [9, 13])).toBe('scunthorpe');
  });
  it('adds the next word when the word is the term itself, else the previous one', () => {
    expect(proposePhrase('he will shoot the ball', [8, 13])).toBe('shoot the');
    expect(proposePhrase('great shoot!', [6, 11])).toBe('great shoot');
  });
  it('stops at punctuation', () => {
    expect(proposePhrase('(cockpit) view', [1, 5])).toBe('cockpit');
  });
});
