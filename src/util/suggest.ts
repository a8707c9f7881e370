import { closest, distance } from 'fastest-levenshtein';

/** "did you mean …" for a misspelt key or id: the closest candidate within a third of its length. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.ceil(word.length / 3));
  if (distance(word.toLowerCase(), best.toLowerCase()) <= limit) return `did you mean '${best}'?`;
  return undefined;
}
