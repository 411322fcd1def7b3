import { describe, expect, it } from 'vitest';
import { classifySyndrome, OVERDOSE_SIGNS, WITHDRAWAL_SIGNS, type SyndromeSign } from './syndromes';
import { expectError, expectOk } from './testing';

describe('sign checklists, Guideline §2, §5.1.2, §5.2.2', () => {
  it('withdrawal: pruritus, tone, pain, sweating, fever, agitation, hallucinations, poor sleep, tachycardia, BP, mental state', () => {
    expect(WITHDRAWAL_SIGNS.map((s) => s.sign)).toEqual([
      'increased-tone-or-spasms', 'pruritus', 'pain', 'sweating-or-flushed', 'fever', 'restlessness-agitation-irritability',
      'hallucinations-delusions-paranoia', 'poor-sleep', 'tachycardia', 'blood-pressure-change', 'confusion-delirium-or-altered-mental-state',
    ]);
  });
  it('overdose: drowsiness, dizziness, hypotonia, reduced breathing, seizures, bradycardia/tachycardia, BP instability, consciousness', () => {
    expect(OVERDOSE_SIGNS.map((s) => s.sign)).toEqual([
      'drowsiness', 'dizziness', 'hypotonia', 'reduced-respiratory-rate', 'seizures', 'bradycardia', 'reduced-consciousness-or-coma',
      'tachycardia', 'blood-pressure-change', 'confusion-delirium-or-altered-mental-state',
    ]);
  });
  it('every sign cites its section', () => {
    for (const s of [...WITHDRAWAL_SIGNS, ...OVERDOSE_SIGNS]) expect(s.source).toMatch(/§/);
  });
});

describe('which syndrome the recorded signs point to (guidance)', () => {
  it.each<[SyndromeSign[], string]>([
    [[], 'none'],
    [['pruritus', 'fever', 'tachycardia'], 'withdrawal'],
    [['drowsiness', 'hypotonia', 'reduced-respiratory-rate'], 'overdose'],
    [['increased-tone-or-spasms', 'drowsiness'], 'mixed'],
    [['tachycardia', 'blood-pressure-change'], 'mixed'], // shared signs alone cannot tell them apart
  ])('%j → %s', (signs, likely) => {
    expect(expectOk(classifySyndrome(signs)).value.likely).toBe(likely);
  });
  it('refuses an unknown sign', () => {
    expectError(classifySyndrome(['headache' as SyndromeSign]), 'signs[0]');
  });
});
