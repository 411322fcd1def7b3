/**
 * Reading level of plain-language text, for the family action plan (issue 13 item 6).
 *
 * Flesch–Kincaid grade level (Kincaid, Fishburne, Rogers, Chissom 1975, "Derivation of new
 * readability formulas … for Navy enlisted personnel", Research Branch Report 8-75):
 *   grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
 * A grade of 7 is read by a typical 12-year-old (US grade 7 ≈ age 12–13).
 *
 * Syllables are counted by the usual vowel-group rule (a silent final "e", "es" or "ed" dropped,
 * "-le" after a consonant kept, at least one a word), as common readability tools do; it is within
 * a syllable of a dictionary count for everyday words. A line (a list item, a heading)
 * ends a sentence even without a full stop, as a reader takes it.
 */

export interface ReadabilityScore {
  readonly words: number;
  readonly sentences: number;
  readonly syllables: number;
  /** Flesch–Kincaid grade level, one decimal. */
  readonly grade: number;
}

/** Syllables in one English word by the vowel-group rule. */
export function countSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  // A silent ending ("make", "tubes", "called") is dropped; "-le" after a consonant is kept ("little").
  const spoken = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  return Math.max(1, spoken.match(/[aeiouy]{1,2}/g)?.length ?? 0);
}

/** Words: runs of letters (with inner apostrophes or hyphens); a number such as 000 counts as one word. */
function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*/g) ?? [];
}

/** Flesch–Kincaid grade of a text; sentences end at . ! ? or a line break. */
export function fleschKincaidGrade(text: string): ReadabilityScore {
  const sentences = text
    .split(/[.!?]+(?=\s|$)|\n+/)
    .map((s) => s.trim())
    .filter((s) => wordsOf(s).length > 0);
  const words = wordsOf(text);
  const syllables = words.reduce((n, w) => n + (/^[0-9]+$/.test(w) ? 1 : countSyllables(w)), 0);
  if (words.length === 0 || sentences.length === 0) return { words: 0, sentences: 0, syllables: 0, grade: 0 };
  const grade = 0.39 * (words.length / sentences.length) + 11.8 * (syllables / words.length) - 15.59;
  return { words: words.length, sentences: sentences.length, syllables, grade: Math.round(grade * 10) / 10 };
}
