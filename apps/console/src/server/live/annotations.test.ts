import { describe, expect, it } from 'vitest';
import { annotationKind, annotationLabel } from './annotations';

describe('annotations', () => {
  it('classifies audit actions that change what a room enforces', () => {
    expect(annotationKind('words.add')).toBe('rule');
    expect(annotationKind('spam.update')).toBe('rule');
    expect(annotationKind('review.allowThis')).toBe('rule');
    expect(annotationKind('rooms.setModes')).toBe('mode');
    expect(annotationKind('protection.engage')).toBe('mode');
    expect(annotationKind('sanctions.timeout')).toBe('sanction');
    expect(annotationKind('operators.create')).toBeNull();
    expect(annotationKind('tokens.create')).toBeNull();
    expect(annotationKind('chat.mintViewerToken')).toBeNull();
  });
  it('labels with the term when the row has one, else the target', () => {
    expect(annotationLabel('words.add', 'word:1', { term: 'zebra' })).toBe('words.add "zebra"');
    expect(annotationLabel('rooms.setModes', 'room:r', { slowModeSeconds: 5 })).toBe('rooms.setModes room:r');
    expect(annotationLabel('words.remove', 'word:1', null, { term: 'zebra' })).toBe('words.remove "zebra"');
  });
});
