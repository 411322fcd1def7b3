// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kilograms } from '../domain/units';
import type { BodyWeight, LatestWeight } from '../fhir';
import { checkEnteredWeight, mayEnterWeight, SESSION_WEIGHT_ID, sessionWeightStore, withSessionWeight } from './session-weight';

const AT = '2026-09-13T00:00:00.000Z';
/** A 6-year-old girl on the day of entry. */
const child = { birthDate: '2020-06-01', sex: 'female' };
const entry = { kg: 19.5, enteredAt: AT, enteredBy: 'Practitioner/dr1' };
const chartWeight: BodyWeight = { id: 'w1', kg: kilograms(20), original: { value: 20, unit: 'kg' }, effective: '2026-09-01T10:00:00+10:00' };
const read = (over: Partial<LatestWeight> = {}): LatestWeight => ({ items: [], issues: [], latest: undefined, skippedNewer: [], ...over });

afterEach(() => {
  sessionStorage.clear();
  sessionWeightStore.reset();
});

describe('checking a weight typed for this session', () => {
  it('takes a plain number of kg and checks it against the weight-for-age chart', () => {
    const c = checkEnteredWeight(' 19.5 ', child, AT);
    expect(c).toMatchObject({ ok: true, kg: 19.5, forAge: { status: 'plausible' } });
    if (c.ok) expect(c.forAge.message).toMatch(/CDC 2000 weight-for-age \(girls\)/);
  });

  it('refuses what is not a positive finite number of kg, saying why', () => {
    expect(checkEnteredWeight('', child, AT)).toEqual({ ok: false, error: 'Enter the weight in kg.' });
    expect(checkEnteredWeight('19,5', child, AT)).toEqual({ ok: false, error: 'Enter the weight as a number of kg, with a decimal point if needed (e.g. 19.5).' });
    expect(checkEnteredWeight('20 lb', child, AT)).toMatchObject({ ok: false });
    expect(checkEnteredWeight('-3', child, AT)).toMatchObject({ ok: false });
    expect(checkEnteredWeight('0', child, AT)).toEqual({ ok: false, error: 'The weight must be more than 0 kg.' });
    expect(checkEnteredWeight('Infinity', child, AT)).toMatchObject({ ok: false });
    expect(checkEnteredWeight('1e3', child, AT)).toMatchObject({ ok: false });
    expect(checkEnteredWeight('400', child, AT)).toEqual({ ok: false, error: 'A weight of 400 kg is implausible (accepted 1–150 kg); check the value and unit.' });
  });

  it('flags a weight far outside the range for the age: it needs confirming', () => {
    const c = checkEnteredWeight('95', child, AT);
    expect(c).toMatchObject({ ok: true, kg: 95, forAge: { status: 'implausible' } });
    if (c.ok) expect(c.forAge.message).toMatch(/outside the usual range for a 6-year 3-month-old/);
  });

  it('without a birth date says the weight was not checked against age', () => {
    expect(checkEnteredWeight('19.5', { birthDate: undefined, sex: undefined }, AT)).toMatchObject({ ok: true, forAge: { status: 'unchecked' } });
    expect(checkEnteredWeight('19.5', undefined, AT)).toMatchObject({ ok: true, forAge: { status: 'unchecked' } });
  });
});

describe("applying this session's entered weight", () => {
  it('stands in when no weight is recorded, labelled as entered for the session', () => {
    const { read: r, use } = withSessionWeight(read(), false, entry, child);
    expect(use).toEqual({ status: 'used', entry, chart: 'none-recorded' });
    expect(r?.latest).toMatchObject({ id: SESSION_WEIGHT_ID, kg: 19.5, original: { value: 19.5, unit: 'kg' }, effective: AT, enteredForSession: { at: AT, by: 'Practitioner/dr1' }, forAge: { plausible: true } });
  });

  it('is never later than the instant the view calculates at, while its label keeps the time it was typed', () => {
    const viewNow = new Date('2026-09-12T23:55:00.000Z');
    const w = withSessionWeight(read(), false, entry, child, viewNow).read?.latest;
    expect(w?.effective).toBe('2026-09-12T23:55:00.000Z');
    expect(w?.enteredForSession?.at).toBe(AT);
    expect(withSessionWeight(read(), false, entry, child, new Date('2026-09-13T01:00:00Z')).read?.latest?.effective).toBe(AT);
  });

  it('stands in when every record is unusable, and the skipped records stay named', () => {
    const skipped = [{ resourceType: 'Observation', id: 'w9', path: 'status', message: 'weight marked entered-in-error in the EHR: not used' }];
    const { read: r, use } = withSessionWeight(read({ skippedNewer: skipped }), false, entry, child);
    expect(use).toMatchObject({ status: 'used', chart: 'none-usable' });
    expect(r?.skippedNewer).toEqual(skipped);
  });

  it('names an undated chart weight it stands in for, never hiding it', () => {
    const undated: BodyWeight = { ...chartWeight, effective: undefined };
    const { read: r, use } = withSessionWeight(read({ items: [undated], latest: undated }), false, entry, child);
    expect(use).toMatchObject({ status: 'used', chart: 'none-usable' });
    expect(r?.issues).toEqual([{ resourceType: 'Observation', id: 'w1', path: 'effectiveDateTime', message: 'weight 20 kg has no date: not used; the weight entered for this session is used instead' }]);
  });

  it('stands in when the read failed, which stays named as failed (not "none")', () => {
    const { read: r, use } = withSessionWeight(undefined, true, entry, child);
    expect(use).toMatchObject({ status: 'used', chart: 'read-failed' });
    expect(r?.latest?.id).toBe(SESSION_WEIGHT_ID);
    expect(withSessionWeight(undefined, true, undefined, child).use).toEqual({ status: 'none', chart: 'read-failed' });
  });

  it('gives way to a chart weight once one exists: the chart is used, the entry superseded, never mixed', () => {
    const chart = read({ items: [chartWeight], latest: chartWeight });
    const { read: r, use } = withSessionWeight(chart, false, entry, child);
    expect(r).toBe(chart);
    expect(use).toEqual({ status: 'superseded', entry, chartWeight });
    expect(mayEnterWeight(use)).toBe(false);
  });

  it('offers entry only while the chart has no usable weight', () => {
    expect(mayEnterWeight(withSessionWeight(read(), false, undefined, child).use)).toBe(true);
    expect(mayEnterWeight(withSessionWeight(undefined, true, undefined, child).use)).toBe(true);
    expect(mayEnterWeight(withSessionWeight(undefined, false, undefined, child).use)).toBe(false);
    expect(mayEnterWeight(withSessionWeight(read({ items: [chartWeight], latest: chartWeight }), false, undefined, child).use)).toBe(false);
  });

  it('an entry implausible for age carries the flag, so the rescue dose waits for confirmation', () => {
    expect(withSessionWeight(read(), false, { ...entry, kg: 95 }, child).read?.latest?.forAge?.plausible).toBe(false);
  });
});

describe('the session store', () => {
  it('keeps the entry per patient in sessionStorage only, and drops what does not parse', () => {
    sessionWeightStore.save('p1', entry);
    expect(JSON.parse(sessionStorage.getItem('itb:session-weight:p1') ?? 'null')).toEqual(entry);
    expect(localStorage.length).toBe(0);
    sessionWeightStore.reset();
    expect(sessionWeightStore.load('p1')).toEqual(entry);
    expect(sessionWeightStore.load('p2')).toBeUndefined();
    sessionStorage.setItem('itb:session-weight:p3', JSON.stringify({ kg: -1, enteredAt: AT }));
    expect(sessionWeightStore.load('p3')).toBeUndefined();
    sessionWeightStore.save('p1', undefined);
    expect(sessionStorage.getItem('itb:session-weight:p1')).toBeNull();
  });

  it('follows a value written or cleared outside the store, and keeps one snapshot while nothing changed', () => {
    expect(sessionWeightStore.load('p1')).toBeUndefined();
    sessionStorage.setItem('itb:session-weight:p1', JSON.stringify(entry));
    const first = sessionWeightStore.load('p1');
    expect(first).toEqual(entry);
    expect(sessionWeightStore.load('p1')).toBe(first);
    sessionStorage.clear();
    expect(sessionWeightStore.load('p1')).toBeUndefined();
  });

  it('keeps the entry in memory for this page when sessionStorage refuses it', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    try {
      sessionWeightStore.save('p1', entry);
      expect(sessionWeightStore.load('p1')).toEqual(entry);
    } finally {
      setItem.mockRestore();
    }
  });
});
