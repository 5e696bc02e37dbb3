/** Characters that end a word for a proposal: white space and common punctuation. */
const BOUNDARY = /[\s.,!?;:()"'[\]{}<>~…]/u;

/**
 * The allowed phrase "allow this" proposes for a word hit at `span` ([start, end) in `text`): the whole word the match
 * lies in (`새끼` inside `새끼손가락` → `새끼손가락`); when that word is the banned term itself, the word next to it
 * too (`shoot` → `shoot the ball`), so the phrase allows this use and not the term everywhere.
 */
export function proposePhrase(text: string, span: readonly [number, number]): string {
  const boundary = (i: number) => BOUNDARY.test(text[i] ?? ' ');
  let start = Math.max(0, Math.min(span[0], text.length));
  let end = Math.max(start, Math.min(span[1], text.length));
  while (start > 0 && !boundary(start - 1)) start--;
  while (end < text.length && !boundary(end)) end++;
  if (start === span[0] && end === span[1]) {
    // The next word, else the previous one.
    let next = end;
    while (next < text.length && /\s/u.test(text[next]!)) next++;
    let nextEnd = next;
    while (nextEnd < text.length && !boundary(nextEnd)) nextEnd++;
    if (nextEnd > next) end = nextEnd;
    else {
      let prev = start;
      while (prev > 0 && /\s/u.test(text[prev - 1]!)) prev--;
      let prevStart = prev;
      while (prevStart > 0 && !boundary(prevStart - 1)) prevStart--;
      if (prevStart < prev) start = prevStart;
    }
  }
  return text.slice(start, end).trim();
}
