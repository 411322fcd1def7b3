import { describe, expect, it } from 'vitest';
import { checkPlannedTestDose } from './planned-test-dose';
import { suggestTestDose, type TestDoseIndicationInput } from './test-dose';
import { micrograms } from './units';

const NOW = '2026-11-24T10:15:00+11:00';
function bandsFor(birthDate: string, kg: number, indication: TestDoseIndicationInput) {
  const s = suggestTestDose({ birthDate, weight: { value: kg, unit: 'kg', recordedAt: '2026-11-20T09:00:00+11:00' }, indication, now: NOW });
  if (!s.ok) throw new Error(s.error.message);
  return s.value;
}

describe('A planned test dose against the §3.1.5 bands', () => {
  it('50 micrograms for a 6-year-old of 16 kg with spasticity is above the band (25 micrograms)', () => {
    const s = bandsFor('2020-07-05', 16, 'spasticity');
    const c = checkPlannedTestDose(micrograms(50), s.value.bands, s.inputs.age, s.inputs.weightKg);
    expect(c.checks.map((x) => x.message)).toEqual(['50 micrograms is above the band for a 6-year-old of 16 kg (25 micrograms, §3.1.5).']);
    expect(c.withinAll).toBe(false);
  });

  it.each([
    // [dose, indication, age/weight, verdicts] — literal §3.1.5 doses.
    [25, 'spasticity', ['2020-07-05', 16], ['within']],
    [20, 'spasticity', ['2020-07-05', 16], ['below']],
    [75, 'dystonia', ['2020-07-05', 16], ['within']],
    [100, 'dystonia', ['2020-07-05', 16], ['above']],
    [60, 'spasticity', ['2016-01-10', 30], ['between-options']],
    [100, 'spasticity', ['2016-01-10', 30], ['within']],
    [50, 'spasticity', ['2020-07-05', 18], ['above', 'within']],
  ] as const)('%s micrograms, %s, born %j: %j', (dose, indication, [birth, kg], verdicts) => {
    const s = bandsFor(birth, kg, indication);
    expect(checkPlannedTestDose(micrograms(dose), s.value.bands, s.inputs.age, s.inputs.weightKg).checks.map((c) => c.verdict)).toEqual(verdicts);
  });

  it('checks against each indication, named, when the indication is not chosen', () => {
    const s = bandsFor('2020-07-05', 16, 'mixed');
    const c = checkPlannedTestDose(micrograms(50), s.value.bands, s.inputs.age, s.inputs.weightKg);
    expect(c.checks.map((x) => x.message)).toEqual([
      '50 micrograms is above the spasticity band for a 6-year-old of 16 kg (25 micrograms, §3.1.5).',
      '50 micrograms is within the dystonia band for a 6-year-old of 16 kg (50-75 micrograms, §3.1.5).',
    ]);
  });

  it('flags a planned dose above the table maximum of 100 micrograms (A15)', () => {
    const s = bandsFor('2016-01-10', 30, 'dystonia');
    expect(checkPlannedTestDose(micrograms(120), s.value.bands, s.inputs.age, s.inputs.weightKg).aboveTableMaximum).toBe(true);
    expect(checkPlannedTestDose(micrograms(100), s.value.bands, s.inputs.age, s.inputs.weightKg).aboveTableMaximum).toBe(false);
  });
});
