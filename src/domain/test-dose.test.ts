import { describe, expect, it } from 'vitest';
import { calculateTestDoseVolume, checkGivenTestDose, suggestTestDose, type TestDoseInput } from './test-dose';
import { expectError, expectOk } from './testing';
import { micrograms } from './units';

const now = '2026-09-13T08:40:00+10:00';
const weighed = '2026-09-13';
/** Birth dates giving an exact age on 13 Sep 2026. */
const bornAged = (years: number, months = 0): string => {
  const d = new Date(Date.UTC(2026 - years, 8 - months, 13));
  return d.toISOString().slice(0, 10);
};
const input = (years: number, kg: number, indication: TestDoseInput['indication'], months = 0): TestDoseInput => ({
  birthDate: bornAged(years, months),
  weight: { value: kg, unit: 'kg', recordedAt: weighed },
  indication,
  now,
});
const doseTexts = (i: TestDoseInput): string[] => expectOk(suggestTestDose(i)).value.bands.map((b) => `${b.indication}: ${b.doseText}`);

describe('test dose suggestion, Guideline §3.1.5', () => {
  it.each([
    // years, kg, expected dose text(s)
    [5, 17.9, ['spasticity: 25 micrograms']],
    [9, 18.1, ['spasticity: 50, 75 or 100 micrograms, depending on severity of spasticity']],
    [12, 40, ['spasticity: 50, 75 or 100 micrograms, depending on severity of spasticity']],
    [4, 15, ['spasticity: 25 micrograms']],
    [6, 12, ['spasticity: 25 micrograms']],
  ])('spasticity, %s years and %s kg: %j', (years, kg, expected) => {
    const i = input(years, kg, 'spasticity');
    expect(doseTexts(i)).toEqual(expected);
    expect(expectOk(suggestTestDose(i)).value.determinate).toBe(true);
  });

  it.each([
    [5, 17.9, ['dystonia: 50-75 micrograms']],
    [9, 18.1, ['dystonia: 50-100 micrograms']],
  ])('dystonia, %s years and %s kg: %j', (years, kg, expected) => {
    expect(doseTexts(input(years, kg, 'dystonia'))).toEqual(expected);
  });

  it('spasticity 4–7 y / <18 kg: 25 micrograms is 0.5 mL at 50 micrograms/mL, one ampoule', () => {
    const band = expectOk(suggestTestDose(input(5, 17, 'spasticity'))).value.bands[0];
    expect(band?.options).toEqual([{ dose: 25, volume: 0.5, ampoules: 1 }]);
  });

  it('spasticity >7 y / >18 kg: 50, 75 or 100 micrograms are 1, 1.5 and 2 mL; 1, 2 and 2 ampoules', () => {
    const band = expectOk(suggestTestDose(input(10, 30, 'spasticity'))).value.bands[0];
    expect(band?.options).toEqual([
      { dose: 50, volume: 1, ampoules: 1 },
      { dose: 75, volume: 1.5, ampoules: 2 },
      { dose: 100, volume: 2, ampoules: 2 },
    ]);
    expect([band?.min, band?.max]).toEqual([50, 100]);
  });

  it('dystonia ranges give volumes and ampoules at both ends: 50–75 and 50–100 micrograms', () => {
    const young = expectOk(suggestTestDose(input(5, 16, 'dystonia'))).value.bands[0];
    expect(young?.options).toEqual([{ dose: 50, volume: 1, ampoules: 1 }, { dose: 75, volume: 1.5, ampoules: 2 }]);
    const old = expectOk(suggestTestDose(input(10, 30, 'dystonia'))).value.bands[0];
    expect(old?.options).toEqual([{ dose: 50, volume: 1, ampoules: 1 }, { dose: 100, volume: 2, ampoules: 2 }]);
  });

  it('says it is given over at least 1 minute and needs the prescriber to confirm', () => {
    const s = expectOk(suggestTestDose(input(10, 30, 'spasticity')));
    expect(s.value.administration).toMatch(/at least 1 minute/);
    expect(s.value.prescriberMustConfirm).toBe(true);
    expect(s.source).toMatch(/§3\.1\.5/);
  });
});

describe('A1: boundaries and disagreements show both bands, the lower marked conservative', () => {
  it.each([
    ['exactly 18 kg', 10, 0, 18, /exactly 18 kg/],
    ['exactly 7 years', 7, 0, 25, /Age 7 years/],
    ['7 years 6 months', 7, 6, 25, /Age 7 years/],
    ['age older, weight lighter (9 y, 17 kg)', 9, 0, 17, /different bands/],
    ['age younger, weight heavier (5 y, 22 kg)', 5, 0, 22, /different bands/],
  ])('A1: %s', (_label, years, months, kg, reason) => {
    const s = expectOk(suggestTestDose(input(years, kg, 'spasticity', months))).value;
    expect(s.determinate).toBe(false);
    expect(s.bands.map((b) => [b.band, b.conservative])).toEqual([
      ['younger-lighter', true],
      ['older-heavier', false],
    ]);
    expect(s.reasons.join(' ')).toMatch(reason);
    expect(s.bands[0]?.doseText).toBe('25 micrograms');
  });

  it('A1: 17.9 kg and 6 y is not ambiguous; 18.1 kg and 8 y is not ambiguous', () => {
    expect(expectOk(suggestTestDose(input(6, 17.9, 'spasticity'))).value.determinate).toBe(true);
    expect(expectOk(suggestTestDose(input(8, 18.1, 'spasticity'))).value.determinate).toBe(true);
  });

  it('A1: a weight of 18 kg entered in grams is still exactly 18 kg', () => {
    const s = expectOk(suggestTestDose({ ...input(10, 18, 'spasticity'), weight: { value: 18000, unit: 'g', recordedAt: weighed } }));
    expect(s.value.weightBand).toBe('exactly-18-kg');
  });
});

describe('A2: age outside the table and the §1.1 note', () => {
  it('A2: a 3-year-old of 14 kg is below both bands: warned "outside guideline" and offered only the 4 - 7 years / < 18 kg band', () => {
    const s = expectOk(suggestTestDose(input(3, 14, 'spasticity')));
    expect(s.warnings.map((w) => w.code)).toContain('outside-guideline-age');
    expect(s.value.determinate).toBe(false);
    expect(s.value.bands.map((b) => [b.bandText, b.doseText])).toEqual([['Children 4 - 7 years / < 18 kg', '25 micrograms']]);
    expect(doseTexts(input(3, 14, 'dystonia', 11))).toEqual(['dystonia: 50-75 micrograms']);
  });
  it.each([
    ['3 y 11 mo, 18 kg (weight at the boundary)', 18, /exactly 18 kg/],
    ['3 y 11 mo, 19 kg (weight in the heavier band)', 19, /below the table but the weight/],
  ])('A2: under 4 years, %s: both bands, the lower first and marked', (_label, kg, reason) => {
    const s = expectOk(suggestTestDose(input(3, kg, 'spasticity', 11)));
    expect(s.warnings.map((w) => w.code)).toContain('outside-guideline-age');
    expect(s.value.bands.map((b) => [b.band, b.conservative])).toEqual([
      ['younger-lighter', true],
      ['older-heavier', false],
    ]);
    expect(s.value.reasons.join(' ')).toMatch(reason);
  });
  it.each([
    [4, true],
    [7, true],
    [8, true], // exactly the 8th birthday: not yet "over 8"
    [9, false],
  ])('A2: at %s years the §1.1 "over 8 years" note is shown: %s', (years, shown) => {
    const s = expectOk(suggestTestDose(input(years, years < 8 ? 16 : 25, 'spasticity')));
    expect(s.notes.some((n) => n.includes('§1.1'))).toBe(shown);
  });
});

describe('A3: indication and severity are the prescriber\'s', () => {
  it('A3: mixed spasticity and dystonia shows both tables, never auto-selects', () => {
    const s = expectOk(suggestTestDose(input(10, 30, 'mixed')));
    expect(s.value.bands.map((b) => b.doseText)).toEqual(['50, 75 or 100 micrograms, depending on severity of spasticity', '50-100 micrograms']);
    expect(s.warnings.map((w) => w.code)).toContain('mixed-indication');
  });
  it.each([
    ['mild', 50],
    ['moderate', 75],
    ['severe', 100],
  ] as const)('A3: %s spasticity highlights %s micrograms but keeps all three options', (severity, dose) => {
    const s = expectOk(suggestTestDose({ ...input(10, 30, 'spasticity'), severity }));
    expect(s.value.bands[0]?.severityMatch).toBe(dose);
    expect(s.value.bands[0]?.options).toHaveLength(3);
    expect(s.notes.join(' ')).toMatch(/not defined/);
  });
});

describe('test dose inputs', () => {
  it('flags a stale weight', () => {
    const s = expectOk(suggestTestDose({ ...input(10, 30, 'spasticity'), weight: { value: 30, unit: 'kg', recordedAt: '2026-05-01' } }));
    expect(s.warnings.map((w) => w.code)).toContain('stale-weight');
  });
  it.each([
    [{ weight: { value: 0, unit: 'kg', recordedAt: weighed } }, 'weight.value'],
    [{ weight: { value: 0.5, unit: 'kg', recordedAt: weighed } }, 'weight.value'],
    [{ weight: { value: 151, unit: 'kg', recordedAt: weighed } }, 'weight.value'],
    [{ birthDate: '2027-01-01' }, 'birthDate'],
    [{ indication: 'pain' as never }, 'indication'],
  ])('refuses bad input %j', (patch, field) => {
    expectError(suggestTestDose({ ...input(10, 30, 'spasticity'), ...patch }), field);
  });
});

describe('test dose volume for a chosen dose', () => {
  it.each([
    [25, 0.5, 1],
    [50, 1, 1],
    [75, 1.5, 2],
    [100, 2, 2],
  ])('%s micrograms at 50 micrograms/mL is %s mL, %s ampoule(s)', (dose, volume, ampoules) => {
    const v = expectOk(calculateTestDoseVolume(micrograms(dose)));
    expect([v.value.volume, v.value.ampoules]).toEqual([volume, ampoules]);
    expect(v.warnings).toEqual([]);
  });
  it('A15: warns on a test dose above 100 micrograms', () => {
    expect(expectOk(calculateTestDoseVolume(micrograms(125))).warnings.map((w) => w.code)).toEqual(['test-dose-above-100-micrograms']);
  });
});

describe('a test dose as given, against the guideline table (§3.1.5: lowest 25, highest 100 micrograms)', () => {
  it.each([
    [0.05, 'refused', /0\.05 micrograms is not a test dose.*If 0\.05 mg was given, that is 50 micrograms/],
    [0.99, 'refused', /not a test dose/],
    [1, 'needs-confirmation', /below the guideline's smallest test dose \(25 micrograms/],
    [24.9, 'needs-confirmation', /below the guideline's smallest/],
    [25, 'within-table', undefined],
    [100, 'within-table', undefined],
    [100.1, 'needs-confirmation', /above the guideline's test-dose bands \(at most 100 micrograms/],
  ])('%s micrograms: %s', (dose, status, message) => {
    const r = checkGivenTestDose(micrograms(dose));
    expect(r.status).toBe(status);
    if (message !== undefined && r.status !== 'within-table') expect(r.message).toMatch(message);
  });
});
