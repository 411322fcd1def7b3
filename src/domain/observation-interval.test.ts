import { describe, expect, it } from 'vitest';
import { proposeCloserInterval } from './observation-interval';

const at = new Date('2026-09-13T11:40:00+10:00');

describe('the closer interval after an escalated round (Guideline §3.4.3–5, issue 12)', () => {
  it('a round within the calling criteria proposes nothing', () => {
    expect(proposeCloserInterval({ latestZone: 'normal', roundAt: at })).toBeUndefined();
  });

  it('a red round in the hourly phase proposes the next round 15 minutes later, not at the hour', () => {
    const p = proposeCloserInterval({ latestZone: 'red', roundAt: at, scheduledNextDue: new Date('2026-09-13T12:40:00+10:00') });
    expect(p?.nextDue.toISOString()).toBe(new Date('2026-09-13T11:55:00+10:00').toISOString());
    expect(p?.intervalMinutes).toBe(15);
    expect(p?.closerThanSchedule).toBe(true);
    expect(p?.reason).toMatch(/RED ZONE: a Rapid Response call is due immediately \(§3\.4\.4\)/);
    expect(p?.source).toMatch(/^DERIVED/);
  });

  it('a yellow round names the Registrar review and the 15-minute proposal', () => {
    const p = proposeCloserInterval({ latestZone: 'yellow', roundAt: at });
    expect(p?.reason).toMatch(/YELLOW ZONE: a Clinical Review by the Rehabilitation Registrar is due promptly \(§3\.4\.3\)/);
    expect(p?.reason).toMatch(/at least every 15 minutes/);
    expect(p?.closerThanSchedule).toBe(true);
  });

  it('in the first hour the schedule is already 15-minutely: its own next round (sooner) stands', () => {
    const p = proposeCloserInterval({ latestZone: 'red', roundAt: at, scheduledNextDue: new Date('2026-09-13T11:50:00+10:00') });
    expect(p?.nextDue.toISOString()).toBe(new Date('2026-09-13T11:50:00+10:00').toISOString());
    expect(p?.closerThanSchedule).toBe(false);
  });
});
