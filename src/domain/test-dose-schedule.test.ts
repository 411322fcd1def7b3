import { describe, expect, it } from 'vitest';
import { scheduleTestDoseDay, type TestDoseScheduleInput } from './test-dose-schedule';
import { expectError, expectOk } from './testing';

const T = '2026-09-13T08:40:00+10:00';
/** Instant at T + minutes, as an ISO string with the patient's offset. */
const at = (minutes: number): string => {
  const d = new Date(Date.parse(T) + minutes * 60_000 + 10 * 3_600_000);
  return d.toISOString().replace('Z', '+10:00').replace('.000', '');
};
const schedule = (patch: Partial<TestDoseScheduleInput>) => expectOk(scheduleTestDoseDay({ injectionAt: T, now: at(0), ...patch })).value;

describe('observation rounds after the test dose, Guideline §3.4.2 (A6)', () => {
  it('A6: every 15 minutes to T+60 min, then hourly to T+7 h', () => {
    const s = schedule({ now: at(0) });
    expect(s.observations.map((o) => o.minutesAfterInjection)).toEqual([15, 30, 45, 60, 120, 180, 240, 300, 360, 420]);
    expect(s.observations.map((o) => o.phase)).toEqual([
      ...Array<string>(4).fill('every-15-minutes'),
      ...Array<string>(6).fill('hourly'),
    ]);
  });

  it('A6: without documented discharge, hourly prompts continue after T+7 h (never stop on their own)', () => {
    const s = schedule({ now: at(9 * 60 + 10) });
    expect(s.observations.map((o) => o.minutesAfterInjection).slice(-4)).toEqual([420, 480, 540, 600]);
    expect(s.observations.at(-1)?.phase).toBe('hourly-until-discharge');
    expect(s.observations.at(-1)?.status).toBe('upcoming');
    expect(expectOk(scheduleTestDoseDay({ injectionAt: T, now: at(550) })).notes.join(' ')).toMatch(/continue hourly/);
  });

  it('A6: rounds after a documented discharge are not required', () => {
    const s = schedule({ now: at(300), dischargedAt: at(200) });
    expect(s.observations.filter((o) => o.status === 'not-required').map((o) => o.minutesAfterInjection)).toEqual([240, 300, 360, 420]);
    expect(s.discharged).toBe(true);
  });

  it.each([
    // now (minutes after T), status of the T+15 round with nothing recorded
    [9, 'upcoming'],
    [10, 'due'], // due time − 5 min
    [20, 'due'], // due time + 5 min grace
    [21, 'overdue'],
  ])('with nothing recorded, at T+%s min the T+15 round is %s', (now, status) => {
    expect(schedule({ now: at(now) }).observations[0]?.status).toBe(status);
  });

  it.each([
    [9, 'not done (before the window)'],
    [10, 'done'],
    [24, 'done'],
    [25, 'not done (next round\'s window)'],
  ])('a round recorded at T+%s min counts for the T+15 round: %s', (recorded, expected) => {
    const s = schedule({ now: at(26), recordedRounds: [at(recorded)] });
    expect(s.observations[0]?.status === 'done').toBe(expected === 'done');
  });

  it('one recording completes only one round; the next round is then due', () => {
    const s = schedule({ now: at(28), recordedRounds: [at(16)] });
    expect(s.observations.slice(0, 2).map((o) => o.status)).toEqual(['done', 'due']);
    expect(s.nextObservation?.minutesAfterInjection).toBe(30);
  });

  it('warns about overdue rounds', () => {
    expect(expectOk(scheduleTestDoseDay({ injectionAt: T, now: at(50) })).warnings.map((w) => w.code)).toContain('observation-overdue');
  });
});

describe('effect timing and voiding, Guideline §3.4.6–7', () => {
  it('the effect peaks 2–4 h after injection and wears off by 8 h', () => {
    const s = schedule({});
    expect(s.peakEffect.from.toISOString()).toBe('2026-09-13T00:40:00.000Z');
    expect(s.peakEffect.to.toISOString()).toBe('2026-09-13T02:40:00.000Z');
    expect(s.effectWornOffBy.toISOString()).toBe('2026-09-13T06:40:00.000Z');
  });
  it('reminds to notify the team if the child has not voided, until voiding is documented', () => {
    const r = expectOk(scheduleTestDoseDay({ injectionAt: T, now: at(120) }));
    expect(r.value.voiding.status).toBe('not-documented');
    expect(r.warnings.map((w) => w.code)).toContain('void-not-documented');
    expect(schedule({ now: at(120), voidedAt: at(100) }).voiding.status).toBe('voided');
  });
});

describe('therapy assessments, Guideline §3.4.8 (A7)', () => {
  it('A7: default assessments at 1, 2, 4 and 6 h (CHW guideline, not CHQ\'s 2 and 4 h)', () => {
    expect(schedule({}).assessments.map((a) => a.minutesAfterInjection)).toEqual([60, 120, 240, 360]);
  });
  it('A7: assessment times are configurable', () => {
    expect(schedule({ assessmentHours: [2, 4] }).assessments.map((a) => a.minutesAfterInjection)).toEqual([120, 240]);
  });
  it('marks a recorded assessment done', () => {
    expect(schedule({ now: at(123), recordedAssessments: [at(62)] }).assessments.map((a) => a.status)).toEqual(['done', 'due', 'upcoming', 'upcoming']);
  });
});

describe('schedule inputs', () => {
  it.each([
    [{ injectionAt: at(30) }, 'injectionAt'],
    [{ recordedRounds: [at(60)] }, 'recordedRounds[0]'],
    [{ injectionAt: '2026-09-13T08:40:00' }, 'injectionAt'],
    [{ toleranceMinutes: -1 }, 'toleranceMinutes'],
    [{ assessmentHours: [0] }, 'assessmentHours[0]'],
  ])('refuses %j', (patch, field) => {
    expectError(scheduleTestDoseDay({ injectionAt: T, now: at(20), ...patch }), field);
  });
});
