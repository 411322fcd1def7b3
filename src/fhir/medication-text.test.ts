import { describe, expect, it } from 'vitest';
import { concentrationInText, dailyDoseInText } from './medication-text';

describe('a concentration written in text', () => {
  it.each([
    ['2000 micrograms/mL', 2000],
    ['0,5 mg/mL', 500],
    ['1,50 mg/mL', 1500],
    ['0.5 mg/mL', 500],
    ['0.500 mg/mL', 500],
    ['2000.0 micrograms/mL', 2000],
    ['500 mcg/1 mL', 500],
    ['Lioresal 40 mg/20 mL', 2000],
    ['2000 microgram per millilitre', 2000],
    ['Lioresal Intrathecal (baclofen 2000 microgram/mL) injection (10 mg/5 mL)', 2000],
  ])('reads "%s" as %s micrograms/mL', (text, value) => {
    expect(concentrationInText(text)).toMatchObject({ kind: 'read', value });
  });

  it.each([
    ['Baclofen 2,000 mcg/mL intrathecal', 'thousands separator or a decimal point'],
    ['2 000 micrograms/mL', 'spaces'],
    ['2\u2009000 micrograms/mL', 'spaces'],
    ['2\u00a0000 micrograms/mL', 'spaces'],
    ['2\u202f000 micrograms/mL', 'spaces'],
    ['1.000 mcg/mL', 'thousands separator or a decimal point'],
    ['2.000 micrograms/mL', 'thousands separator or a decimal point'],
    ['2.000,5 mcg/mL', 'both a comma and a point'],
    ['500 mcg/mL or 2000 mcg/mL', 'different concentrations'],
  ])('refuses "%s" (never 5000 or 0)', (text, reason) => {
    const figure = concentrationInText(text);
    expect(figure.kind).toBe('refused');
    expect(figure.kind === 'refused' ? figure.reason : '').toContain(reason);
  });

  it('finds none in text without one', () => {
    expect(concentrationInText('continuous intrathecal infusion, 450 mcg/day')).toEqual({ kind: 'none' });
  });
});

describe('a daily dose written in text, offered for confirmation', () => {
  it.each([
    ['450 micrograms/day', 450],
    ['Intrathecal pump: 450 mcg/day continuous', 450],
    ['18.75 mcg/hr', 450],
    ['450,5 mcg/day', 450.5],
    ['300 mcg daily', 300],
  ])('reads "%s" as %s micrograms/day', (text, value) => {
    expect(dailyDoseInText(text)).toMatchObject({ kind: 'read', value });
  });

  it.each([
    ['2000 micrograms/mL', 'none'],
    ['0.45 mg/day', 'none'],
    ['450 mcg/day, then 500 mcg/day from Monday', 'refused'],
    ['1 000 mcg/day', 'refused'],
    ['1\u2009000 mcg/day', 'refused'],
    ['1.000 mcg/day', 'refused'],
    ['1,000 micrograms per 24 hours', 'refused'],
  ])('does not offer a figure for "%s"', (text, kind) => {
    expect(dailyDoseInText(text).kind).toBe(kind);
  });
});
