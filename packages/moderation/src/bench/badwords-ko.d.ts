// badwords-ko ships no types; this is the part of its API the benchmark uses.
declare module 'badwords-ko' {
  export default class Filter {
    constructor(options?: { emptyList?: boolean; list?: string[] });
    addWords(...words: string[]): void;
    isProfane(text: string): boolean;
  }
}
