import type { Bundle, Device, MedicationRequest, Observation, Procedure, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { validateResource } from '@medplum/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from './fhir-engine.ts';
import { sydneyAt, sydneyDateTime } from './seed/builders.ts';
import { EPIC_PROCEDURE_SYSTEM, EPIC_STYLE, MRI_TODAY, ORACLE_STYLE, REFILL_SOON, STABLE_PUMP, generateSeed } from './seed/generate.ts';

// A summer and a winter "now" in Sydney (AEDT +11:00 / AEST +10:00).
const SUMMER_NOW = new Date('2025-01-20T03:00:00Z');
const WINTER_NOW = new Date('2025-07-20T03:00:00Z');

beforeAll(() => {
  loadDefinitions();
});

function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

function bundleFor(now: Date, patientId: string): Bundle {
  const seed = generateSeed(now);
  const index = seed.patients.findIndex((p) => p.id === patientId);
  const bundle = seed.bundles[index];
  if (!bundle) throw new Error(`no bundle for ${patientId}`);
  return bundle;
}

function byCode<T extends Resource>(bundle: Bundle, type: T['resourceType'], code: string): T[] {
  return resources(bundle).filter((r): r is T => r.resourceType === type && JSON.stringify((r as { code?: unknown }).code ?? '').includes(`"code":"${code}"`));
}

describe('seed generator', () => {
  it('every seed resource is valid against the R4 StructureDefinitions', () => {
    const seed = generateSeed(SUMMER_NOW);
    let count = 0;
    for (const bundle of seed.bundles) {
      for (const resource of resources(bundle)) {
        expect(() => validateResource(resource), `${resource.resourceType} ${JSON.stringify(resource).slice(0, 200)}`).not.toThrow();
        count++;
      }
    }
    expect(count).toBeGreaterThan(3000);
  });

  it('is deterministic for a given now', () => {
    expect(generateSeed(WINTER_NOW)).toEqual(generateSeed(WINTER_NOW));
  });

  it('produces one transaction Bundle per patient whose urn:uuid references all resolve inside it', () => {
    const seed = generateSeed(SUMMER_NOW);
    expect(seed.patients.length).toBeGreaterThanOrEqual(8);
    expect(seed.bundles).toHaveLength(seed.patients.length);
    for (const bundle of seed.bundles) {
      expect(bundle.type).toBe('transaction');
      const fullUrls = new Set(bundle.entry?.map((e) => e.fullUrl));
      for (const entry of bundle.entry ?? []) expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      const referenced = JSON.stringify(bundle).match(/"reference":"urn:uuid:[0-9a-f-]{36}"/g) ?? [];
      for (const ref of referenced) expect(fullUrls.has(ref.slice(13, -1))).toBe(true);
    }
  });

  it('writes times with the Sydney offset of each date (+11:00 in summer, +10:00 in winter)', () => {
    expect(sydneyDateTime(new Date('2025-01-15T00:00:00Z'))).toBe('2025-01-15T11:00:00+11:00');
    expect(sydneyDateTime(new Date('2025-07-15T00:00:00Z'))).toBe('2025-07-15T10:00:00+10:00');
    // The day daylight saving ends (6 April 2025, 03:00 AEDT → 02:00 AEST).
    expect(sydneyDateTime(sydneyAt(new Date('2025-04-06T12:00:00Z'), 0, 10))).toBe('2025-04-06T10:00:00+10:00');
    const winterTimes = JSON.stringify(bundleFor(WINTER_NOW, 'itb-testdose')).match(/"effectiveDateTime":"[^"]+"/g) ?? [];
    expect(winterTimes.length).toBeGreaterThan(20);
    for (const t of winterTimes) expect(t).toMatch(/\+10:00"$/);
  });

  it('the stable pump child: 40 mL SynchroMed II, 2000 micrograms/mL, 450 micrograms/day, refilled 70 days ago with 40 mL', () => {
    const bundle = bundleFor(SUMMER_NOW, STABLE_PUMP.patientId);
    const device = resources(bundle).find((r): r is Device => r.resourceType === 'Device');
    expect(device?.modelNumber).toBe('8637-40');
    const props: Record<string, number | undefined> = Object.fromEntries((device?.property ?? []).map((p) => [p.type.coding?.[0]?.code ?? '', p.valueQuantity?.[0]?.value] as const));
    expect(props).toEqual({ 'reservoir-volume': 40, 'low-reservoir-alarm-volume': 2 });

    const active = resources(bundle).filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && r.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]?.dosageInstruction?.[0]?.doseAndRate?.[0]?.rateQuantity).toMatchObject({ value: 450, code: 'ug/d' });
    const medication = active[0]?.contained?.[0] as { ingredient?: { strength?: { numerator?: { value?: number; code?: string } } }[] } | undefined;
    expect(medication?.ingredient?.[0]?.strength?.numerator).toMatchObject({ value: 2000, code: 'ug' });

    const refills = byCode<Procedure>(bundle, 'Procedure', 'pump-refill').map((p) => p.performedDateTime ?? '').sort();
    // 20 January 2025 14:00 AEDT minus 70 days = 11 November 2024, at 10:00 AEDT.
    expect(refills.at(-1)).toBe('2024-11-11T10:00:00+11:00');
    const fills = byCode<Observation>(bundle, 'Observation', 'reservoir-fill-volume');
    const lastFill = fills.find((o) => o.effectiveDateTime === '2024-11-11T10:00:00+11:00');
    expect(lastFill?.valueQuantity).toMatchObject({ value: 40, code: 'mL' });
    expect(lastFill?.partOf?.[0]?.reference).toMatch(/^urn:uuid:/);
  });

  it('the refill-soon child: 20 mL filled 144.75 days before now (in summer and in winter), 240 micrograms/day, alarm 2 mL: due 150 days after the fill', () => {
    for (const now of [SUMMER_NOW, WINTER_NOW]) {
      const bundle = bundleFor(now, REFILL_SOON.patientId);
      const refills = byCode<Procedure>(bundle, 'Procedure', 'pump-refill').map((p) => Date.parse(p.performedDateTime ?? '')).sort((a, b) => a - b);
      expect(refills.at(-1)).toBe(now.getTime() - 144.75 * 86_400_000);
      const fill = byCode<Observation>(bundle, 'Observation', 'reservoir-fill-volume').find((o) => Date.parse(o.effectiveDateTime ?? '') === refills.at(-1));
      expect(fill?.valueQuantity).toMatchObject({ value: 20, code: 'mL' });
      const active = resources(bundle).filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && r.status === 'active');
      expect(active.map((m) => m.dosageInstruction?.[0]?.doseAndRate?.[0]?.rateQuantity?.value)).toEqual([240]);
      // (20 − 2) mL / (240 / 2000) mL/day = 150 days; 150 − 144.75 = 5.25 days after now.
      expect((20 - 2) / (240 / 2000) - REFILL_SOON.refillDaysBeforeNow).toBe(REFILL_SOON.dueDaysAfterNow);
    }
  });

  it('the MRI child: an MRI 20 minutes before now with no interrogation after it; an older MRI interrogated', () => {
    const bundle = bundleFor(SUMMER_NOW, MRI_TODAY.patientId);
    const mris = byCode<Procedure>(bundle, 'Procedure', 'mri').map((p) => Date.parse(p.performedDateTime ?? '')).sort((a, b) => a - b);
    expect(mris.at(-1)).toBe(SUMMER_NOW.getTime() - 20 * 60_000);
    const interrogations = byCode<Procedure>(bundle, 'Procedure', 'pump-interrogation').map((p) => Date.parse(p.performedDateTime ?? ''));
    expect(interrogations).toHaveLength(1);
    expect(interrogations.every((t) => t < (mris.at(-1) ?? 0) && t > (mris[0] ?? 0))).toBe(true);
  });

  it('the test-dose child had the injection 90 minutes before now and four rounds since', () => {
    const bundle = bundleFor(SUMMER_NOW, 'itb-testdose');
    const injection = byCode<Observation>(bundle, 'Observation', 'test-dose-injection')[0];
    expect(injection?.valueQuantity).toMatchObject({ value: 50, code: 'ug' });
    expect(Date.parse(injection?.effectiveDateTime ?? '')).toBe(SUMMER_NOW.getTime() - 90 * 60_000);
    const after = byCode<Observation>(bundle, 'Observation', '8867-4').filter((o) => Date.parse(o.effectiveDateTime ?? '') > SUMMER_NOW.getTime() - 90 * 60_000);
    expect(after).toHaveLength(4);
    expect(byCode<Observation>(bundle, 'Observation', 'bads-total')).toHaveLength(1);
    expect(byCode<Observation>(bundle, 'Observation', 'mas-grade')).toHaveLength(8);
  });

  it('the five-year child has thousands of vital signs, dozens of dose changes, many refills and flex dosing', () => {
    const bundle = bundleFor(SUMMER_NOW, 'itb-history');
    const vitals = resources(bundle).filter((r) => r.resourceType === 'Observation' && JSON.stringify((r).category).includes('vital-signs'));
    expect(vitals.length).toBeGreaterThan(2000);
    const orders = resources(bundle).filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest');
    expect(orders.length).toBeGreaterThan(24);
    expect(byCode<Procedure>(bundle, 'Procedure', 'pump-refill').length).toBeGreaterThan(15);
    const flex = orders.find((o) => o.status === 'active');
    expect(flex?.dosageInstruction).toHaveLength(2);
    expect(flex?.dosageInstruction?.map((d) => d.timing?.repeat?.timeOfDay?.[0])).toEqual(['06:00:00', '22:00:00']);
  });

  it('the pounds child has only a weight in [lb_av], over a year old', () => {
    const weights = byCode<Observation>(bundleFor(SUMMER_NOW, 'itb-pounds'), 'Observation', '29463-7');
    expect(weights).toHaveLength(1);
    expect(weights[0]?.valueQuantity?.code).toBe('[lb_av]');
    expect(SUMMER_NOW.getTime() - Date.parse(weights[0]?.effectiveDateTime ?? '')).toBeGreaterThan(365 * 86_400_000);
  });

  it('the messy child has no birth date, an order without dosage, text-only meds, "mcg/day" and string vitals', () => {
    const bundle = bundleFor(SUMMER_NOW, 'itb-messy');
    const all = resources(bundle);
    expect(all.find((r) => r.resourceType === 'Patient')).not.toHaveProperty('birthDate');
    const orders = all.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest');
    expect(orders.some((o) => !o.dosageInstruction)).toBe(true);
    expect(orders.some((o) => o.medicationCodeableConcept && !o.medicationCodeableConcept.coding)).toBe(true);
    expect(JSON.stringify(orders)).toContain('mcg/day');
    expect(all.some((r) => r.resourceType === 'Observation' && typeof (r).valueString === 'string')).toBe(true);
  });

  it('the Oracle Health-shaped child: per-day doseQuantity once a day, text-only refills (the last a date only), text-only Device properties, three unusable newest weights', () => {
    const bundle = bundleFor(SUMMER_NOW, ORACLE_STYLE.patientId);
    const all = resources(bundle);
    // Nothing of the app's own code systems: this record is not written to our conventions.
    expect(JSON.stringify(bundle)).not.toContain('itb-companion.example');
    const active = all.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && r.status === 'active');
    expect(active).toHaveLength(1);
    const dosage = active[0]?.dosageInstruction?.[0];
    expect(dosage?.doseAndRate?.[0]?.doseQuantity).toMatchObject({ value: 450, code: 'ug/d' });
    expect(dosage?.doseAndRate?.[0]?.rateQuantity).toBeUndefined();
    expect(dosage?.timing?.repeat).toMatchObject({ frequency: 1, period: 1, periodUnit: 'd' });
    const refills = all.filter((r): r is Procedure => r.resourceType === 'Procedure' && /refill/i.test(r.code?.text ?? ''));
    expect(refills).toHaveLength(3);
    expect(refills.every((p) => p.code?.coding === undefined && p.focalDevice?.[0]?.manipulated.reference !== undefined)).toBe(true);
    // 20 January 2025 (Sydney) minus 65 days: 16 November 2024, written without a time.
    expect(refills.map((p) => p.performedDateTime).sort().at(-1)).toBe('2024-11-16');
    const device = all.find((r): r is Device => r.resourceType === 'Device');
    expect(device?.property?.map((p) => [p.type.text, p.type.coding, p.valueQuantity?.[0]?.value])).toEqual([
      ['Reservoir volume', undefined, 20],
      ['Low reservoir alarm volume', undefined, 2],
    ]);
    const weights = byCode<Observation>(bundle, 'Observation', '29463-7').sort((a, b) => Date.parse(b.effectiveDateTime ?? '') - Date.parse(a.effectiveDateTime ?? ''));
    expect(weights.slice(0, 4).map((w) => [w.status, w.valueQuantity?.value, w.dataAbsentReason?.coding?.[0]?.code, w.valueString])).toEqual([
      ['entered-in-error', 195, undefined, undefined],
      ['final', undefined, 'not-performed', undefined],
      ['final', undefined, undefined, 'unable to weigh - in wheelchair'],
      ['final', ORACLE_STYLE.usableWeightKg, undefined, undefined],
    ]);
  });

  it('the Epic-shaped child: a separate Medication with a strength ratio, rateRatio per 24 h, local procedure codes, the fill volume in a note', () => {
    const bundle = bundleFor(SUMMER_NOW, EPIC_STYLE.patientId);
    const all = resources(bundle);
    expect(JSON.stringify(bundle)).not.toContain('itb-companion.example');
    const medication = all.find((r) => r.resourceType === 'Medication') as { id?: string; ingredient?: { strength?: { numerator?: { value?: number } } }[] } | undefined;
    expect(medication?.id).toBe(EPIC_STYLE.medicationId);
    expect(medication?.ingredient?.[0]?.strength?.numerator?.value).toBe(2000);
    const active = all.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest' && r.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]?.contained).toBeUndefined();
    expect(active[0]?.dosageInstruction?.[0]?.doseAndRate?.[0]?.rateRatio).toMatchObject({ numerator: { value: 375, code: 'ug' }, denominator: { value: 24, code: 'h' } });
    const refills = all.filter((r): r is Procedure => r.resourceType === 'Procedure' && r.code?.coding?.some((c) => c.system === EPIC_PROCEDURE_SYSTEM && c.code === EPIC_STYLE.refillCode) === true);
    expect(refills).toHaveLength(2);
    expect(refills.every((p) => p.performedDateTime === undefined && p.performedPeriod?.start !== undefined)).toBe(true);
    expect(refills.map((p) => p.note?.[0]?.text)).toContain('Refilled with 40 mL baclofen 2000 mcg/mL. Residual 11 mL.');
  });

  it('the child before the test dose has a planned 50 microgram intrathecal test dose as a ServiceRequest', () => {
    const orders = resources(bundleFor(SUMMER_NOW, 'itb-pretest')).filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest');
    expect(orders).toHaveLength(1);
    expect(orders[0]?.quantityQuantity).toMatchObject({ value: 50, code: 'ug' });
    expect(orders[0]?.status).toBe('active');
  });

  it('records dystonia for at least one child and an MRI for a pump child', () => {
    const seed = generateSeed(SUMMER_NOW);
    expect(JSON.stringify(seed.bundles)).toContain('"code":"15802004"');
    expect(byCode<Procedure>(bundleFor(SUMMER_NOW, STABLE_PUMP.patientId), 'Procedure', '113091000')).toHaveLength(1);
  });
});
