/**
 * Word lists that guard typo repair: a token that is a real word of a language ("viene", "sunny",
 * "sat") is never turned into a day. Loaded lazily (they are large) and only for tokens that are
 * already close to a date word, so most replies never load them.
 */
let english: Set<string> | undefined;
let spanish: Set<string> | undefined;

export function englishWord(token: string): boolean {
  english ??= new Set(require('an-array-of-english-words') as string[]);
  return english.has(token);
}

export function spanishWord(token: string): boolean {
  spanish ??= new Set(require('an-array-of-spanish-words') as string[]);
  return spanish.has(token);
}
