import { describe, expect, it } from 'vitest';
import { mapItbMedications, missingMedicationIds, withConfirmedDoses } from './medications';

const rate = { rateQuantity: { value: 450, unit: 'ug/d', system: 'http://unitsofmeasure.org', code: 'ug/d' } };
const order = (over: Record<string, unknown>) => ({ resourceType: 'MedicationRequest', id: 'o1', status: 'active', intent: 'order', ...over });

describe('recognising an intrathecal baclofen order', () => {
  it.each([
    ['RxNorm ingredient 1292', { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292' }] }],
    ['an RxNorm intrathecal product (1047437)', { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1047437' }] }],
    ['SNOMED CT substance 387342009', { coding: [{ system: 'http://snomed.info/sct', code: '387342009' }] }],
    ['an AMT display', { coding: [{ system: 'http://snomed.info/sct', display: 'Lioresal Intrathecal 10 mg/5 mL injection, 5 mL ampoule' }] }],
  ])('knows baclofen by %s', (_what, medicationCodeableConcept) => {
    const m = mapItbMedications([order({ medicationCodeableConcept, dosageInstruction: [{ route: { text: 'IT' }, doseAndRate: [rate] }] })]);
    expect(m.current?.dailyDose).toBe(450);
  });

  it('does not take another drug for baclofen', () => {
    const m = mapItbMedications([order({ medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '7052', display: 'morphine' }] }, dosageInstruction: [{ route: { text: 'IT' }, doseAndRate: [rate] }] })]);
    expect(m.timeline).toEqual([]);
  });

  it.each([
    ['route text "IT"', [{ route: { text: 'IT' }, doseAndRate: [rate] }], 'intrathecal'],
    ['route text "Intrathecal infusion"', [{ route: { text: 'Intrathecal infusion' }, doseAndRate: [rate] }], 'intrathecal'],
    ['v3 ITINJ', [{ route: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration', code: 'ITINJ' }] }, doseAndRate: [rate] }], 'intrathecal'],
    ['no route, "ITB" in the dosage text', [{ text: 'ITB pump 450 mcg/day', doseAndRate: [rate] }], 'intrathecal'],
    ['no route, "give it slowly" in the dosage text', [{ text: 'give it slowly', doseAndRate: [rate] }], 'unclassified'],
  ])('reads the route from %s', (_what, dosageInstruction, kind) => {
    const m = mapItbMedications([order({ medicationCodeableConcept: { text: 'baclofen' }, dosageInstruction })]);
    expect(m.timeline.length > 0 ? 'intrathecal' : m.unclassified.length > 0 ? 'unclassified' : 'other').toBe(kind);
  });
});

describe('Medications to fetch because the search did not include them', () => {
  it('lists relative references only, once each, and none that were included', () => {
    const resources = [
      order({ id: 'a', medicationReference: { reference: 'Medication/m1' } }),
      order({ id: 'b', medicationReference: { reference: 'Medication/m1' } }),
      order({ id: 'c', medicationReference: { reference: 'Medication/m2' } }),
      order({ id: 'd', medicationReference: { reference: 'https://elsewhere.example/fhir/Medication/m3' } }),
      order({ id: 'e', medicationReference: { reference: '#contained' } }),
      { resourceType: 'Medication', id: 'm2' },
    ];
    expect(missingMedicationIds(resources)).toEqual(['m1']);
  });
});

describe('a dose confirmed from the order text', () => {
  const textOnly = order({ id: 't1', medicationCodeableConcept: { text: 'baclofen' }, dosageInstruction: [{ text: 'intrathecal 450 micrograms/day', route: { text: 'Intrathecal' } }] });

  it('is not a daily dose until confirmed, then is, labelled as confirmed by you', () => {
    const read = mapItbMedications([textOnly]);
    expect([read.current?.dailyDose, read.current?.candidate?.dailyDose]).toEqual([undefined, 450]);
    const confirmed = withConfirmedDoses(read, { t1: 450 });
    expect([confirmed.current?.dailyDose, confirmed.current?.source, confirmed.activeIntrathecal[0]?.dailyDose, confirmed.timeline[0]?.dailyDose]).toEqual([
      450,
      'confirmed by you from the order text',
      450,
      450,
    ]);
  });

  it('lapses when the order now states a different figure', () => {
    expect(withConfirmedDoses(mapItbMedications([textOnly]), { t1: 400 }).current?.dailyDose).toBeUndefined();
  });

  it('never replaces a structured dose', () => {
    const structured = order({ id: 't1', medicationCodeableConcept: { text: 'baclofen' }, dosageInstruction: [{ route: { text: 'IT' }, doseAndRate: [rate] }] });
    expect(withConfirmedDoses(mapItbMedications([structured]), { t1: 300 }).current?.dailyDose).toBe(450);
  });
});
