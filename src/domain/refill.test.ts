import { describe, expect, it } from 'vitest';
import { forecastPumpReplacement, forecastRefill, type RefillForecastInput } from './refill';
import { expectError, expectOk } from './testing';
import { microgramsPerDay, microgramsPerMl, millilitres } from './units';

const base = (patch: Partial<RefillForecastInput> = {}): RefillForecastInput => ({
  fillDate: '2026-01-01T00:00:00Z',
  fillVolume: millilitres(40),
  concentration: microgramsPerMl(2000),
  doseSchedule: [{ effectiveFrom: '2025-12-01T00:00:00Z', dailyDose: microgramsPerDay(400) }],
  now: '2026-02-01T00:00:00Z',
  ...patch,
});

describe('refill forecast, Guideline §4.1.1, §4.1.6 (clinical-reference §3.2)', () => {
  it('40 mL of 2000 micrograms/mL at 400 micrograms/day: 0.2 mL/day, 190 days to alarm, the 180-day stability limit governs', () => {
    const f = expectOk(forecastRefill(base()));
    expect(f.value.currentDailyVolume).toBe(0.2);
    expect(f.value.daysToAlarm).toBe(190);
    expect(f.value.governingLimit).toBe('drug-stability');
    expect(f.value.dueDate.toISOString()).toBe('2026-06-30T00:00:00.000Z'); // 1 Jan + 180 days
    expect(f.value.alarmDate.toISOString()).toBe('2026-07-10T00:00:00.000Z'); // 1 Jan + 190 days
    expect(f.notes.join(' ')).toMatch(/stability governs/);
  });

  it('20 mL of 500 micrograms/mL at 100 micrograms/day: 0.2 mL/day, 90 days, reservoir volume governs', () => {
    const f = expectOk(forecastRefill(base({ fillVolume: millilitres(20), concentration: microgramsPerMl(500), doseSchedule: [{ effectiveFrom: '2026-01-01T00:00:00Z', dailyDose: microgramsPerDay(100) }] })));
    expect(f.value.daysToAlarm).toBe(90);
    expect(f.value.governingLimit).toBe('reservoir-volume');
    expect(f.value.dueDate.toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('uses a per-patient alarm volume of 4 mL: (20 − 4) ÷ 0.2 = 80 days', () => {
    const f = expectOk(forecastRefill(base({ fillVolume: millilitres(20), concentration: microgramsPerMl(500), alarmVolume: millilitres(4), doseSchedule: [{ effectiveFrom: '2026-01-01T00:00:00Z', dailyDose: microgramsPerDay(100) }] })));
    expect(f.value.daysToAlarm).toBe(80);
  });

  it('applies dose changes since the fill piecewise: 10 days at 0.2 mL/day then 0.4 mL/day', () => {
    // 20 mL, alarm 2 mL: 18 mL usable. 10 days × 0.2 = 2 mL; 16 mL at 0.4 mL/day = 40 days → 50 days.
    const f = expectOk(
      forecastRefill(
        base({
          fillVolume: millilitres(20),
          concentration: microgramsPerMl(500),
          doseSchedule: [
            { effectiveFrom: '2026-01-01T00:00:00Z', dailyDose: microgramsPerDay(100) },
            { effectiveFrom: '2026-01-11T00:00:00Z', dailyDose: microgramsPerDay(200) },
          ],
        }),
      ),
    );
    expect(f.value.segments).toHaveLength(2);
    expect(f.value.daysToAlarm).toBe(50);
    expect(f.value.currentDailyDose).toBe(200);
    // now = 1 Feb: 2 mL + 21 days × 0.4 = 10.4 mL used → 9.6 mL left.
    expect(f.value.estimatedVolumeNow).toBe(9.6);
  });

  it('ignores dose changes before the fill except the one in effect at the fill', () => {
    const f = expectOk(
      forecastRefill(
        base({
          doseSchedule: [
            { effectiveFrom: '2025-06-01T00:00:00Z', dailyDose: microgramsPerDay(900) },
            { effectiveFrom: '2025-12-01T00:00:00Z', dailyDose: microgramsPerDay(400) },
          ],
        }),
      ),
    );
    expect(f.value.segments).toHaveLength(1);
    expect(f.value.daysToAlarm).toBe(190);
  });

  it.each([
    ['2026-06-15T00:00:00Z', 'ok', 15], // 15 days before due: not within 14
    ['2026-06-16T00:00:00Z', 'due-soon', 14],
    ['2026-06-30T00:00:00Z', 'due-soon', 0],
    ['2026-07-01T00:00:00Z', 'overdue', -1],
  ])('at %s the refill status is %s (%s days left; due 30 Jun, warn within 14 days)', (now, status, days) => {
    const f = expectOk(forecastRefill(base({ now })));
    expect(f.value.status).toBe(status);
    expect(f.value.daysUntilDue).toBe(days);
  });

  it('uses a configured due-soon window', () => {
    expect(expectOk(forecastRefill(base({ now: '2026-06-01T00:00:00Z', dueSoonDays: 30 }))).value.status).toBe('due-soon');
  });

  it('A12: uses a configured stability limit (e.g. 120 days)', () => {
    const f = expectOk(forecastRefill(base({ stabilityDays: 120 })));
    expect(f.value.dueDate.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(f.value.governingLimit).toBe('drug-stability');
  });

  it('A12: the due date is the earlier of the volume-based and stability-based dates', () => {
    const volume = expectOk(forecastRefill(base({ doseSchedule: [{ effectiveFrom: '2025-12-01T00:00:00Z', dailyDose: microgramsPerDay(800) }] })));
    expect(volume.value.daysToAlarm).toBe(95);
    expect(volume.value.governingLimit).toBe('reservoir-volume');
  });

  it('subtracts a clinic safety margin', () => {
    expect(expectOk(forecastRefill(base({ safetyMarginDays: 7 }))).value.dueDate.toISOString()).toBe('2026-06-23T00:00:00.000Z');
  });

  it.each([50, 500, 1000, 2000])('%s micrograms/mL is a supplied concentration (no warning)', (c) => {
    expect(expectOk(forecastRefill(base({ concentration: microgramsPerMl(c) }))).warnings.map((w) => w.code)).not.toContain('unsupplied-concentration');
  });
  it.each([1500, 200])('%s micrograms/mL is not a supplied concentration (warning)', (c) => {
    expect(expectOk(forecastRefill(base({ concentration: microgramsPerMl(c) }))).warnings.map((w) => w.code)).toContain('unsupplied-concentration');
  });

  it.each([
    [{ concentration: microgramsPerMl(0) }, 'concentration'],
    [{ fillVolume: millilitres(-20) }, 'fillVolume'],
    [{ fillVolume: millilitres(Number.NaN) }, 'fillVolume'],
    [{ alarmVolume: millilitres(40) }, 'alarmVolume'],
    [{ fillDate: '2026-03-01T00:00:00Z' }, 'fillDate'],
    [{ doseSchedule: [] }, 'doseSchedule'],
    [{ doseSchedule: [{ effectiveFrom: '2025-12-01T00:00:00Z', dailyDose: microgramsPerDay(0) }] }, 'doseSchedule[0].dailyDose'],
    [{ doseSchedule: [{ effectiveFrom: '2026-12-01T00:00:00Z', dailyDose: microgramsPerDay(400) }] }, 'doseSchedule[0].effectiveFrom'],
  ])('refuses bad input %j', (patch, field) => {
    expectError(forecastRefill(base(patch as Partial<RefillForecastInput>)), field);
  });
});

describe('pump replacement window (§5.1.1.5, A13)', () => {
  it.each([
    ['2030-12-31T00:00:00Z', 'before-window'],
    ['2031-01-01T00:00:00Z', 'in-window'], // implant + 5 years
    ['2033-01-01T00:00:00Z', 'in-window'], // implant + 7 years
    ['2033-01-02T00:00:00Z', 'past-window'],
  ])('A13: implanted 1 Jan 2026, at %s: %s (5–7 years, no ERI recorded)', (now, status) => {
    const f = expectOk(forecastPumpReplacement({ implantDate: '2026-01-01T00:00:00Z', now }));
    expect(f.value.basis).toBe('implant-date');
    expect(f.value.status).toBe(status);
  });
  it('A13: prefers a recorded ERI date; the pump stops 90 days after ERI', () => {
    const f = expectOk(forecastPumpReplacement({ implantDate: '2026-01-01T00:00:00Z', eriDate: '2031-06-01T00:00:00Z', now: '2031-07-01T00:00:00Z' }));
    expect(f.value.basis).toBe('eri');
    expect(f.value.status).toBe('eri-reached');
    expect(f.value.pumpStopsBy?.toISOString()).toBe('2031-08-30T00:00:00.000Z');
    expect(f.warnings.map((w) => w.code)).toContain('pump-replacement-due');
  });
  it('refuses an implant date in the future', () => {
    expectError(forecastPumpReplacement({ implantDate: '2027-01-01', now: '2026-01-01' }), 'implantDate');
  });
});
