import { describe, expect, it } from 'vitest';
import { countSyllables, fleschKincaidGrade } from './readability';

describe('syllables by the vowel-group rule', () => {
  it.each([
    ['pump', 1],
    ['make', 1],
    ['called', 1],
    ['tubes', 1],
    ['little', 2],
    ['alarm', 2],
    ['doctor', 2],
    ['baclofen', 3],
    ['medicine', 3],
    ['emergency', 4],
    ['intrathecal', 4],
  ])('%s has %i', (word, n) => {
    expect(countSyllables(word)).toBe(n);
  });
});

describe('Flesch–Kincaid grade level (Kincaid et al. 1975)', () => {
  it('counts words, sentences and syllables and applies 0.39 × words/sentence + 11.8 × syllables/word − 15.59', () => {
    // 6 words, 1 sentence, 6 syllables: 0.39 × 6 + 11.8 × 1 − 15.59 = −1.45, shown to one decimal
    expect(fleschKincaidGrade('The cat sat on the mat.')).toEqual({ words: 6, sentences: 1, syllables: 6, grade: -1.4 });
    // 4 words, 1 sentence, 4 + 3 + 3 + 4 = 14 syllables: 0.39 × 4 + 11.8 × 3.5 − 15.59 = 27.27
    expect(fleschKincaidGrade('Intrathecal baclofen medicine emergency.').grade).toBe(27.3);
  });
  it('ends a sentence at a line break, as a list item or heading is read', () => {
    expect(fleschKincaidGrade('Call 000\nGo to hospital').sentences).toBe(2);
  });
  it('long words in long sentences score higher than short words in short sentences', () => {
    const plain = fleschKincaidGrade('The pump gives the medicine. It helps tight muscles relax.');
    const clinical = fleschKincaidGrade('The implanted programmable infusion device continuously administers intrathecal baclofen, reducing spasticity and dystonia.');
    expect(plain.grade).toBeLessThan(4);
    expect(clinical.grade).toBeGreaterThan(14);
  });
});
