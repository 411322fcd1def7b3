import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../config/site-config';
import { classifyItbSituation, DEFAULT_CALLING_CRITERIA } from '../../domain';
import { contactsFor, describeTrigger, siteCriteria, syndromeGuidance, withdrawalEmergency, zoneFor, zoneView } from './escalation';

const contacts = [
  { role: 'Kids Rehab CNC', name: 'CNC', phone: '1' },
  { role: 'Rehabilitation Registrar (clinical review)', name: 'Registrar', pager: '2' },
  { role: 'Rapid response', name: 'RRT', phone: '3' },
];
const now = new Date('2026-09-13T00:10:00Z');

describe('escalation', () => {
  it('counts the age band on the site calendar date: at 00:30 on the fifth birthday in Sydney the child is in the 5-11y band', () => {
    // 00:30 on 24 Nov 2026 in Sydney (+11:00) is 13:30 on 23 Nov in UTC, when the UTC date still says 4 years 11 months.
    const at = new Date('2026-11-23T13:30:00Z');
    const onBirthday = zoneFor({ heartRate: 100 }, '2021-11-24', at, DEFAULT_CALLING_CRITERIA, 'Australia/Sydney');
    const inUtc = zoneFor({ heartRate: 100 }, '2021-11-24', at, DEFAULT_CALLING_CRITERIA, 'UTC');
    expect(onBirthday.ok && onBirthday.result.band).toBe('5-11y');
    expect(inUtc.ok && inUtc.result.band).toBe('1-4y');
  });

  it('names the trigger in words with units', () => {
    const z = zoneFor({ respiratoryRate: 8, avpu: 'P' }, '2017-05-06', now, DEFAULT_CALLING_CRITERIA, 'Australia/Sydney');
    expect(z.ok).toBe(true);
    if (!z.ok) return;
    expect(z.result.zone).toBe('red');
    // Each trigger once, at its highest zone (issue 12).
    expect(z.result.triggers.map(describeTrigger)).toEqual([
      'Respiratory rate 8 breaths/min: at or below 10 breaths/min',
      'Level of consciousness: P, responds only to pain',
    ]);
  });

  it('without a birth date still escalates age-independent values and names the missing birth date (§3.4.4)', () => {
    const z = zoneFor({ spo2: 80, onOxygen: false, respiratoryRate: 6, avpu: 'U', seizure: true }, undefined, now, DEFAULT_CALLING_CRITERIA, 'Australia/Sydney');
    if (!z.ok) throw new Error(z.message);
    const v = zoneView(z.result, { signsRecorded: false });
    expect([v.tone, v.words]).toEqual(['red', 'RED ZONE']);
    expect(v.caveats.join(' ')).toMatch(/No birth date is recorded/);
    const serious = zoneFor({ concern: 'serious-concern' }, undefined, now, DEFAULT_CALLING_CRITERIA, 'Australia/Sydney');
    expect(serious.ok && serious.result.zone).toBe('red');
  });

  it('never green without the data to earn it: no birth date, a partial round, or signs recorded', () => {
    const full = { heartRate: 90, respiratoryRate: 20, spo2: 98, onOxygen: false, systolicBp: 100, diastolicBp: 60, temperature: 36.8, avpu: 'A' as const, pain: 1 };
    const view = (round: Parameters<typeof zoneFor>[0], birthDate: string | undefined, signsRecorded = false) => {
      const z = zoneFor(round, birthDate, now, DEFAULT_CALLING_CRITERIA, 'Australia/Sydney');
      if (!z.ok) throw new Error(z.message);
      return zoneView(z.result, { signsRecorded });
    };
    expect(view(full, '2017-05-06')).toMatchObject({ tone: 'normal', words: 'Within the calling criteria' });
    expect(view({ heartRate: 90, respiratoryRate: 20, spo2: 98 }, '2017-05-06')).toMatchObject({ tone: 'unclassified', words: 'PARTIAL ROUND' });
    expect(view({ heartRate: 90, respiratoryRate: 20, spo2: 98 }, '2017-05-06').caveats.join(' ')).toMatch(/not recorded systolic blood pressure, diastolic blood pressure, temperature, level of consciousness \(AVPU\), pain score/);
    expect(view(full, undefined)).toMatchObject({ tone: 'unclassified', words: 'NOT CLASSIFIED: no birth date' });
    expect(view({ ...full, heartRate: 75 }, undefined).caveats.join(' ')).toMatch(/\(heart rate, systolic blood pressure would trigger at some ages/);
    expect(view(full, '2017-05-06', true)).toMatchObject({ tone: 'unclassified', words: 'No calling criterion met' });
  });

  it('puts the contacts for the zone first and keeps every contact', () => {
    expect(contactsFor('red', contacts).map((c) => c.name)).toEqual(['RRT', 'CNC', 'Registrar']);
    expect(contactsFor('yellow', contacts).map((c) => c.name)).toEqual(['Registrar', 'CNC', 'RRT']);
  });

  const ready = <T,>(value: T) => ({ status: 'ready' as const, value });
  const pumpChild = classifyItbSituation({ now, pump: ready({ deviceRecorded: true, implantDate: '2023-09-01', testDoseProcedures: [] }), activeIntrathecalOrders: ready(1), testDoseInjections: ready([]) });
  const testDoseChild = classifyItbSituation({
    now,
    pump: ready({ deviceRecorded: false, implantDate: undefined, testDoseProcedures: [] }),
    activeIntrathecalOrders: ready(0),
    testDoseInjections: ready(['2026-09-13T08:40:00+10:00']),
  });
  const unknownChild = classifyItbSituation({ now, pump: { status: 'error' }, activeIntrathecalOrders: ready(0), testDoseInjections: ready([]) });

  it('a pump child: overdose steps with the increased nurse-to-patient ratio, withdrawal steps, both when mixed', () => {
    expect(syndromeGuidance([], pumpChild)).toBeUndefined();
    expect(syndromeGuidance(['drowsiness'], pumpChild)?.steps.map((s) => s.heading)).toEqual(['Suspected baclofen overdose (Guideline §3.4.5, §5.2)']);
    expect(syndromeGuidance(['drowsiness'], pumpChild)?.steps[0]?.steps[0]).toMatch(/nurse-to-patient ratio.*1:1/);
    expect(syndromeGuidance(['drowsiness'], pumpChild)?.steps[0]?.steps.join(' ')).toMatch(/pump reservoir/);
    expect(syndromeGuidance(['pruritus'], pumpChild)?.steps.map((s) => s.heading)).toEqual(['Suspected baclofen withdrawal (Guideline §5.1)']);
    expect(syndromeGuidance(['pruritus', 'hypotonia'], pumpChild)?.steps).toHaveLength(2);
  });

  it('a test-dose child: overdose steps without the pump reservoir or catheter, never withdrawal steps (§3.4.7, §5.1.1)', () => {
    const g = syndromeGuidance(['drowsiness', 'reduced-respiratory-rate'], testDoseChild);
    expect(g?.steps.map((s) => s.heading)).toEqual(['Suspected baclofen overdose (Guideline §3.4.5, §5.2)']);
    const text = g?.steps.flatMap((s) => s.steps).join(' ') ?? '';
    expect(text).not.toMatch(/reservoir/);
    expect(text).not.toMatch(/LUMBAR PUNCTURE/);
    expect(text).toMatch(/peaks at 2–4 hours/);
    expect(syndromeGuidance(['pruritus', 'hypotonia'], testDoseChild)?.steps.map((s) => s.heading)).toEqual(['Suspected baclofen overdose (Guideline §3.4.5, §5.2)']);
    const itch = syndromeGuidance(['pruritus'], testDoseChild);
    expect(itch?.steps).toEqual([]);
    expect(itch?.explanation).toMatch(/no pump running/);
  });

  it('withdrawal signs in a pump child are a medical emergency (§5.1); never for a child without a pump', () => {
    expect(withdrawalEmergency(syndromeGuidance(['pruritus', 'sweating-or-flushed', 'fever'], pumpChild), pumpChild)).toMatch(/considered a medical emergency \(Guideline §5\.1\)/);
    expect(withdrawalEmergency(syndromeGuidance(['pruritus'], unknownChild), unknownChild)).toMatch(/possibly in place/);
    expect(withdrawalEmergency(syndromeGuidance(['pruritus'], testDoseChild), testDoseChild)).toBeUndefined();
    expect(withdrawalEmergency(syndromeGuidance(['drowsiness'], pumpChild), pumpChild)).toBeUndefined();
  });

  it('an unknown situation shows both and says why', () => {
    const g = syndromeGuidance(['pruritus', 'hypotonia'], unknownChild);
    expect(g?.steps).toHaveLength(2);
    expect(g?.situationNote).toMatch(/pump records could not be read/);
  });

  it('uses the site table when configured, the DEFAULT table otherwise', () => {
    const base = { version: 1, site: { name: 'S', timeZone: 'Australia/Sydney' }, ehrs: [{ id: 'e', name: 'E', issuers: ['https://e.example/fhir'], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'] }] };
    expect(siteCriteria(parseSiteConfig(base))).toEqual({ table: DEFAULT_CALLING_CRITERIA, problem: undefined });
    const site = { ...DEFAULT_CALLING_CRITERIA, id: 'chw-spoc', isDefault: false };
    expect(siteCriteria(parseSiteConfig({ ...base, clinical: { callingCriteria: site } })).table.id).toBe('chw-spoc');
    expect(siteCriteria(parseSiteConfig({ ...base, clinical: { callingCriteria: { id: 'x' } } }))).toMatchObject({ table: DEFAULT_CALLING_CRITERIA, problem: expect.stringMatching(/invalid/) as unknown });
  });
});
