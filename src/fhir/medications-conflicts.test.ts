import { describe, expect, it } from 'vitest';
import { mapItbMedications } from './medications';

const itb = (id: string, authoredOn: string, rate: number, status = 'active') => ({
  resourceType: 'MedicationRequest',
  id,
  status,
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  authoredOn,
  medicationCodeableConcept: { text: 'baclofen intrathecal 2000 micrograms/mL' },
  dosageInstruction: [{ route: { text: 'intrathecal' }, doseAndRate: [{ rateQuantity: { value: rate, unit: 'ug/d', system: 'http://unitsofmeasure.org', code: 'ug/d' } }] }],
});

describe('intrathecal baclofen orders that disagree or cannot be placed', () => {
  it('lists every active intrathecal order so two active doses are never resolved silently', () => {
    const m = mapItbMedications([itb('a', '2026-10-01T09:00:00+10:00', 450), itb('b', '2026-11-01T09:00:00+11:00', 500), itb('c', '2026-09-01T09:00:00+10:00', 400, 'completed')]);
    expect(m.current?.id).toBe('b');
    expect(m.activeIntrathecal.map((d) => d.id)).toEqual(['b', 'a']);
  });

  it('keeps an active baclofen order with no route aside for the clinician, never as a dose', () => {
    const noDosage = {
      resourceType: 'MedicationRequest',
      id: 'x',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      authoredOn: '2026-11-10T09:00:00+11:00',
      medicationCodeableConcept: { text: 'Lioresal Intrathecal (baclofen) 2000mcg/mL' },
    };
    const m = mapItbMedications([noDosage, itb('a', '2026-10-01T09:00:00+10:00', 450)]);
    expect(m.unclassified).toEqual([{ id: 'x', status: 'active', authoredOn: '2026-11-10T09:00:00+11:00', medication: 'Lioresal Intrathecal (baclofen) 2000mcg/mL', text: undefined }]);
    expect(m.timeline.map((d) => d.id)).toEqual(['a']);
    expect(m.oral).toEqual([]);
  });

  it('does not list a completed order with no route', () => {
    const old = { resourceType: 'MedicationRequest', id: 'y', status: 'completed', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text: 'baclofen' } };
    expect(mapItbMedications([old]).unclassified).toEqual([]);
  });
});
