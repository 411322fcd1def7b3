import { describe, expect, it } from 'vitest';
import { forecastRefill } from './refill';
import { checkConcentration, checkFillVolume, checkProgrammedDose, checkResidual, refillVisitBlockers } from './refill-visit';
import { expectOk } from './testing';
import { microgramsPerDay, microgramsPerMl, millilitres } from './units';

describe('residual drawn back against the expected residual (tolerance 2 mL, pending sign-off)', () => {
  it.each([
    [10, 12, 'within', -2],
    [14, 12, 'within', 2],
    [14.1, 12, 'more-than-expected', 2.1],
    [9.9, 12, 'less-than-expected', -2.1],
    [12, 12, 'within', 0],
  ] as const)('%s mL drawn back, %s mL expected: %s (difference %s mL)', (withdrawn, expected, kind, difference) => {
    const r = checkResidual({ withdrawn: millilitres(withdrawn), expected: millilitres(expected), tolerance: 2 });
    expect(r.kind).toBe(kind);
    if (r.kind !== 'not-entered' && r.kind !== 'no-expected') expect(r.difference).toBe(difference);
  });

  it('more left than expected points to under-delivery, withdrawal signs and interrogation (§5.1.1.7, §5.1.2)', () => {
    const r = checkResidual({ withdrawn: millilitres(18), expected: millilitres(12), tolerance: 2 });
    expect(r.kind).toBe('more-than-expected');
    const text = r.kind === 'more-than-expected' ? r.guidance.join(' ') : '';
    expect(text).toMatch(/Interrogate the pump/);
    expect(text).toMatch(/§5\.1\.1\.7/);
    expect(text).toMatch(/withdrawal \(§5\.1\.2\)/);
  });

  it('less left than expected points to over-delivery or a pocket fill, and overdose signs (§5.2.2, §5.1.1.2)', () => {
    const r = checkResidual({ withdrawn: millilitres(4), expected: millilitres(12), tolerance: 2 });
    const text = r.kind === 'less-than-expected' ? r.guidance.join(' ') : '';
    expect(text).toMatch(/overdose \(§5\.2\.2\)/);
    expect(text).toMatch(/pocket fill, §5\.1\.1\.2/);
  });

  it('a site tolerance of 1 mL flags a 1.5 mL difference the default would pass', () => {
    expect(checkResidual({ withdrawn: millilitres(13.5), expected: millilitres(12), tolerance: 1 }).kind).toBe('more-than-expected');
    expect(checkResidual({ withdrawn: millilitres(13.5), expected: millilitres(12), tolerance: 2 }).kind).toBe('within');
  });

  it('without a forecast there is nothing to compare with, and it says why', () => {
    const r = checkResidual({ withdrawn: millilitres(5), expected: undefined, expectedUnavailable: 'No pump refill was found.', tolerance: 2 });
    expect(r).toEqual({ kind: 'no-expected', reason: 'No pump refill was found.' });
  });
});

describe('fill volume against the reservoir (20 or 40 mL, §4.1.1)', () => {
  it.each([
    [20, 20, 'ok'],
    [20.5, 20, 'above-reservoir'],
    [40, 40, 'ok'],
    [41, 40, 'above-reservoir'],
  ] as const)('%s mL into a %s mL reservoir: %s', (fill, reservoir, kind) => {
    expect(checkFillVolume(millilitres(fill), millilitres(reservoir)).kind).toBe(kind);
  });

  it('a fill above the reservoir blocks the save', () => {
    expect(refillVisitBlockers({ fill: checkFillVolume(millilitres(41), millilitres(40)), concentration: { kind: 'ok' } })).toEqual(['The fill volume is more than the 40 mL reservoir can hold.']);
  });
});

describe('concentration: the supplied strengths and the order (§4.1.1; wrong concentration §5.2.1.5)', () => {
  it.each([
    [2000, 2000, 'ok'],
    [1000, 2000, 'differs-from-order'],
    [2000, undefined, 'ok'],
    [1500, undefined, 'unsupplied'],
  ] as const)('%s micrograms/mL in the syringe, %s ordered: %s', (c, ordered, kind) => {
    expect(checkConcentration({ concentration: microgramsPerMl(c), ordered: ordered === undefined ? undefined : microgramsPerMl(ordered), otherConfirmed: false }).kind).toBe(kind);
  });

  it('another strength saves only once confirmed', () => {
    const unconfirmed = checkConcentration({ concentration: microgramsPerMl(1500), ordered: microgramsPerMl(1500), otherConfirmed: false });
    expect(refillVisitBlockers({ fill: { kind: 'ok' }, concentration: unconfirmed })).toHaveLength(1);
    const confirmed = checkConcentration({ concentration: microgramsPerMl(1500), ordered: microgramsPerMl(1500), otherConfirmed: true });
    expect(refillVisitBlockers({ fill: { kind: 'ok' }, concentration: confirmed })).toEqual([]);
  });
});

describe('the dose programmed after the refill against the active order (§4.1.3–4.1.4)', () => {
  const now = '2026-09-13T08:40:00Z';
  const since = '2026-08-01T00:00:00Z';
  it('the ordered dose is not flagged', () => {
    expect(checkProgrammedDose({ programmed: microgramsPerDay(400), ordered: microgramsPerDay(400), orderStartedAt: since, now }).kind).toBe('matches-order');
  });

  it('400 → 440 micrograms/day (+10%) differs from the order but is within the outpatient step', () => {
    const r = checkProgrammedDose({ programmed: microgramsPerDay(440), ordered: microgramsPerDay(400), orderStartedAt: since, now });
    expect(r).toMatchObject({ kind: 'differs-from-order', percentChange: 10, withinStep: true, warnings: [] });
  });

  it('400 → 480 micrograms/day (+20%) is warned as above the 5–15% step (§4.1.4)', () => {
    const r = checkProgrammedDose({ programmed: microgramsPerDay(480), ordered: microgramsPerDay(400), orderStartedAt: since, now });
    expect(r.kind === 'differs-from-order' ? r.warnings.join(' ') : '').toMatch(/outside the outpatient step of 5–15%/);
  });

  it('400 → 300 micrograms/day (−25%) is warned of withdrawal (§5.1.1.8)', () => {
    const r = checkProgrammedDose({ programmed: microgramsPerDay(300), ordered: microgramsPerDay(400), orderStartedAt: since, now });
    expect(r.kind === 'differs-from-order' ? r.warnings.join(' ') : '').toMatch(/withdrawal may occur/);
  });
});

describe('the due date after a refill documented in the app, by hand', () => {
  it('20 mL of 2000 micrograms/mL at 13 Sep 2026 08:40 UTC, 300 micrograms/day: 0.15 mL/day, (20 − 2) / 0.15 = 120 days → 11 Jan 2027 08:40 UTC', () => {
    const f = expectOk(
      forecastRefill({
        fillDate: '2026-09-13T08:40:00Z',
        fillVolume: millilitres(20),
        concentration: microgramsPerMl(2000),
        doseSchedule: [{ effectiveFrom: '2026-06-01T00:00:00Z', dailyDose: microgramsPerDay(300) }],
        now: '2026-09-13T09:00:00Z',
      }),
    );
    expect(f.value.currentDailyVolume).toBe(0.15);
    expect(f.value.daysToAlarm).toBe(120);
    expect(f.value.governingLimit).toBe('reservoir-volume');
    expect(f.value.dueDate.toISOString()).toBe('2027-01-11T08:40:00.000Z');
  });
});
