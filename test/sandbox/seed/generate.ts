/**
 * Deterministic seed for the sandbox EHR: thirteen synthetic paediatric ITB patients, one FHIR
 * transaction Bundle each (`urn:uuid:` fullUrls; Patient/Encounter/Device/Practitioner by PUT with
 * stable ids so launches and tests can name them).
 *
 * Dates are relative to the real current time at sandbox start (passed in as `now`), so facts such
 * as "refilled 70 days ago" or "test dose 90 minutes ago" stay true whenever the sandbox runs.
 * Everything else is fixed: no Math.random, only a seeded PRNG. Times are written in
 * Australia/Sydney local time with the offset of that date (+11:00 AEDT / +10:00 AEST, via Intl).
 *
 * `npm run seed` writes the bundles to test/sandbox/seed/out/*.json for inspection.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  Bundle,
  Condition,
  Device,
  Dosage,
  Encounter,
  MedicationRequest,
  Patient,
  Practitioner,
  Procedure,
  Reference,
  ServiceRequest,
} from '@medplum/fhirtypes';
import {
  AVPU,
  Ids,
  SYSTEM,
  TransactionBuilder,
  addDays,
  assessmentCode,
  bloodPressure,
  category,
  coding,
  concept,
  minutesBefore,
  observation,
  procedureCode,
  quantity,
  sydneyAt,
  sydneyDate,
  sydneyDateTime,
  vital,
} from './builders.ts';
import type { ObservationContext } from './builders.ts';

/** What the chart's patient list shows, and what launches use. */
export interface SeedPatient {
  id: string;
  name: string;
  gender: Patient['gender'];
  birthDate?: string;
  mrn: string;
  scenario: string;
  encounterId: string;
  /** Location text for the chart banner. */
  location: string;
}

export interface Seed {
  bundles: Bundle[];
  patients: SeedPatient[];
  practitionerId: string;
}

const PRACTITIONER_ID = 'prac-rehab-lee';
const NURSE_ID = 'prac-cnc-taylor';

/** Exact facts of the stable pump child, exported so tests can hand-check the refill maths. */
export const STABLE_PUMP = {
  patientId: 'itb-stable',
  deviceId: 'device-itb-stable',
  modelNumber: '8637-40',
  reservoirVolumeMl: 40,
  alarmVolumeMl: 2,
  concentrationUgPerMl: 2000,
  dailyDoseUgPerDay: 450,
  fillVolumeMl: 40,
  /** Refilled at 10:00 Sydney time on the Sydney calendar day 70 days before sandbox start. */
  refillDaysAgo: 70,
  refillHour: 10,
} as const;

const fmt = sydneyDateTime;

function practitioners(tx: TransactionBuilder): { doctor: Reference<Practitioner>; nurse: Reference<Practitioner> } {
  const doctor: Practitioner & { id: string } = {
    resourceType: 'Practitioner',
    id: PRACTITIONER_ID,
    active: true,
    name: [{ use: 'official', prefix: ['Dr'], given: ['Jordan'], family: 'Lee', text: 'Dr Jordan Lee' }],
    identifier: [{ system: 'https://sandbox-ehr.example/staff', value: 'RH1042' }],
    qualification: [{ code: { text: 'Rehabilitation Physician, Kids Rehab' } }],
  };
  const nurse: Practitioner & { id: string } = {
    resourceType: 'Practitioner',
    id: NURSE_ID,
    active: true,
    name: [{ use: 'official', prefix: ['RN'], given: ['Sam'], family: 'Taylor', text: 'RN Sam Taylor' }],
    identifier: [{ system: 'https://sandbox-ehr.example/staff', value: 'RN2210' }],
    qualification: [{ code: { text: 'Clinical Nurse Consultant, Kids Rehab' } }],
  };
  return { doctor: tx.put(doctor), nurse: tx.put(nurse) };
}

function patient(id: string, mrn: string, given: string, family: string, gender: Patient['gender'], birthDate: string | undefined): Patient & { id: string } {
  return {
    resourceType: 'Patient',
    id,
    active: true,
    identifier: [
      {
        use: 'usual',
        type: { coding: [coding(SYSTEM.v2IdType, 'MR', 'Medical record number')], text: 'MRN' },
        system: SYSTEM.mrn,
        value: mrn,
      },
    ],
    name: [{ use: 'official', family, given: [given], text: `${given} ${family}` }],
    gender,
    ...(birthDate ? { birthDate } : {}),
  };
}

/** Birth date `years` years and `extraDays` days before now (Sydney calendar). */
function birthDate(now: Date, years: number, extraDays: number): string {
  const d = sydneyDate(now);
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const base = new Date(Date.UTC(y - years, m - 1, day));
  return new Date(base.getTime() - extraDays * 86_400_000).toISOString().slice(0, 10);
}

function encounter(id: string, subject: Reference<Patient>, practitioner: Reference<Practitioner>, cls: 'IMP' | 'AMB', start: Date, end: Date | undefined, reason: string): Encounter & { id: string } {
  return {
    resourceType: 'Encounter',
    id,
    status: end ? 'finished' : 'in-progress',
    class: coding(SYSTEM.actCode, cls, cls === 'IMP' ? 'inpatient encounter' : 'ambulatory'),
    type: [{ text: reason }],
    serviceType: { text: 'Kids Rehab' },
    subject,
    participant: [{ individual: practitioner }],
    period: { start: fmt(start), ...(end ? { end: fmt(end) } : {}) },
    location: [{ location: { display: cls === 'IMP' ? 'Ward 3 North, Bed 12' : 'Kids Rehab Outpatients' } }],
  };
}

const CONDITIONS = {
  cp: { code: '128188000', display: 'Cerebral palsy' },
  spasticity: { code: '221360009', display: 'Spasticity' },
  dystonia: { code: '15802004', display: 'Dystonia' },
} as const;

function condition(subject: Reference<Patient>, key: keyof typeof CONDITIONS, onset: string): Condition {
  const c = CONDITIONS[key];
  return {
    resourceType: 'Condition',
    clinicalStatus: concept(SYSTEM.conditionClinical, 'active'),
    category: [concept(SYSTEM.conditionCategory, 'problem-list-item', 'Problem List Item')],
    code: { coding: [coding(SYSTEM.snomed, c.code, c.display)], text: c.display },
    subject,
    onsetDateTime: onset,
  };
}

const INTRATHECAL = concept(SYSTEM.snomed, '72607000', 'Intrathecal route', 'Intrathecal');
const ORAL = concept(SYSTEM.snomed, '26643006', 'Oral route', 'Oral');
const BACLOFEN = coding(SYSTEM.rxnorm, '1292', 'baclofen');

interface ItbOrder {
  subject: Reference<Patient>;
  requester: Reference<Practitioner>;
  concentration: number;
  /** Daily dose in micrograms/day; or flex steps. */
  dose: number | { steps: { timeOfDay: string; until: string; ugPerHour: number; hours: number }[] };
  start: Date;
  end?: Date;
  encounter?: Reference<Encounter>;
}

function itbMedicationRequest(order: ItbOrder): MedicationRequest {
  const { concentration } = order;
  const medication = {
    resourceType: 'Medication' as const,
    id: 'med',
    code: { coding: [BACLOFEN], text: `Baclofen intrathecal ${concentration} micrograms/mL` },
    form: { text: 'Injection solution' },
    ingredient: [
      {
        itemCodeableConcept: { coding: [BACLOFEN], text: 'baclofen' },
        isActive: true,
        strength: { numerator: quantity(concentration, 'ug'), denominator: quantity(1, 'mL') },
      },
    ],
  };
  const bounds = { start: fmt(order.start), ...(order.end ? { end: fmt(order.end) } : {}) };
  let dosageInstruction: Dosage[];
  if (typeof order.dose === 'number') {
    dosageInstruction = [
      {
        sequence: 1,
        text: `${order.dose} micrograms/day by continuous intrathecal infusion (baclofen ${concentration} micrograms/mL)`,
        route: INTRATHECAL,
        timing: { repeat: { boundsPeriod: bounds } },
        doseAndRate: [{ rateQuantity: quantity(order.dose, 'ug/d') }],
      },
    ];
  } else {
    const steps = order.dose.steps;
    const total = steps.reduce((sum, s) => sum + s.ugPerHour * s.hours, 0);
    dosageInstruction = steps.map((step, i) => ({
      sequence: i + 1,
      text: `Flex dosing step ${i + 1}: ${step.timeOfDay.slice(0, 5)}–${step.until} at ${step.ugPerHour} micrograms/hour (${step.ugPerHour * step.hours} micrograms over ${step.hours} h); programmed 24-hour total ${total} micrograms (baclofen ${concentration} micrograms/mL)`,
      route: INTRATHECAL,
      timing: { repeat: { boundsPeriod: bounds, timeOfDay: [step.timeOfDay] } },
      doseAndRate: [{ rateQuantity: quantity(step.ugPerHour, 'ug/h') }],
    }));
  }
  return {
    resourceType: 'MedicationRequest',
    contained: [medication],
    status: order.end ? 'completed' : 'active',
    intent: 'order',
    category: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/medicationrequest-category', 'inpatient', 'Inpatient')] }],
    medicationReference: { reference: '#med', display: `Baclofen intrathecal ${concentration} micrograms/mL` },
    subject: order.subject,
    ...(order.encounter ? { encounter: order.encounter } : {}),
    authoredOn: fmt(order.start),
    requester: order.requester,
    dosageInstruction,
    dispenseRequest: { validityPeriod: bounds },
  };
}

function oralBaclofen(subject: Reference<Patient>, requester: Reference<Practitioner>, mg: number, timesPerDay: number, start: Date, status: MedicationRequest['status'] = 'active'): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status,
    intent: 'order',
    category: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/medicationrequest-category', 'community', 'Community')] }],
    medicationCodeableConcept: { coding: [BACLOFEN], text: 'Baclofen 10 mg tablet' },
    subject,
    authoredOn: fmt(start),
    requester,
    dosageInstruction: [
      {
        text: `${mg} mg orally ${timesPerDay} times a day`,
        route: ORAL,
        timing: { repeat: { frequency: timesPerDay, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: quantity(mg, 'mg') }],
      },
    ],
  };
}

function procedure(subject: Reference<Patient>, code: string, display: string, at: Date, performer: Reference<Practitioner>, extra: Partial<Procedure> = {}, extraCodings = [] as ReturnType<typeof coding>[]): Procedure {
  return {
    resourceType: 'Procedure',
    status: 'completed',
    code: procedureCode(code, display, extraCodings),
    subject,
    performedDateTime: fmt(at),
    performer: [{ actor: performer }],
    ...extra,
  };
}

function pumpDevice(id: string, subject: Reference<Patient>, model: '8637-20' | '8637-40', alarmVolume: number, implanted: Date, serial: string): Device & { id: string } {
  const reservoir = model === '8637-40' ? 40 : 20;
  return {
    resourceType: 'Device',
    id,
    status: 'active',
    manufacturer: 'Medtronic',
    deviceName: [{ name: 'SynchroMed II', type: 'manufacturer-name' }],
    modelNumber: model,
    serialNumber: serial,
    type: { text: 'Implantable intrathecal drug infusion pump' },
    patient: subject,
    manufactureDate: fmt(addDays(implanted, -120)),
    // Elective replacement indicator: about 6.5 years after implant for these synthetic pumps.
    expirationDate: fmt(addDays(implanted, Math.round(6.5 * 365))),
    property: [
      { type: concept(SYSTEM.deviceProperty, 'reservoir-volume', 'Reservoir volume'), valueQuantity: [quantity(reservoir, 'mL')] },
      { type: concept(SYSTEM.deviceProperty, 'low-reservoir-alarm-volume', 'Low reservoir alarm volume'), valueQuantity: [quantity(alarmVolume, 'mL')] },
    ],
  };
}

/** A refill: Procedure pump-refill + fill volume and concentration Observations partOf it. */
function refill(tx: TransactionBuilder, subject: Reference<Patient>, performer: Reference<Practitioner>, at: Date, fillMl: number, concentration: number, encounterRef?: Reference<Encounter>): void {
  const proc = tx.post(procedure(subject, 'pump-refill', 'Intrathecal pump refill', at, performer, encounterRef ? { encounter: encounterRef } : {}));
  const ctx: ObservationContext = { subject, performer, ...(encounterRef ? { encounter: encounterRef } : {}) };
  tx.post(observation(ctx, { category: category('procedure'), code: assessmentCode('reservoir-fill-volume', 'Reservoir fill volume'), effectiveDateTime: fmt(at), valueQuantity: quantity(fillMl, 'mL'), partOf: [proc] }));
  tx.post(observation(ctx, { category: category('procedure'), code: assessmentCode('refill-concentration', 'Refill concentration'), effectiveDateTime: fmt(at), valueQuantity: quantity(concentration, 'ug/mL'), partOf: [proc] }));
}

function weight(ctx: ObservationContext, at: Date, kg: number): ReturnType<typeof vital> {
  return vital(ctx, 'weight', at, { valueQuantity: quantity(kg, 'kg') }, fmt);
}

/** A full observation round (per docs/fhir-conventions.md), with shared group identifiers. */
function vitalsRound(tx: TransactionBuilder, ids: Ids, base: Omit<ObservationContext, 'group'>, at: Date, v: { hr: number; rr: number; spo2: number; sbp: number; dbp: number; temp: number; avpu: keyof typeof AVPU; pain: number }, withItbChecks: boolean): void {
  const group = ids.uuid();
  const ctx = (item: string): ObservationContext => ({ ...base, group: { id: group, item } });
  tx.post(vital(ctx('heart-rate'), 'heartRate', at, { valueQuantity: quantity(v.hr, 'beats/minute', '/min') }, fmt));
  tx.post(vital(ctx('respiratory-rate'), 'respRate', at, { valueQuantity: quantity(v.rr, 'breaths/minute', '/min') }, fmt));
  tx.post(vital(ctx('spo2'), 'spo2', at, { valueQuantity: quantity(v.spo2, '%') }, fmt));
  tx.post(vital(ctx('inhaled-o2'), 'inhaledO2', at, { valueQuantity: quantity(21, '%') }, fmt));
  tx.post(bloodPressure(ctx('blood-pressure'), at, v.sbp, v.dbp, fmt));
  tx.post(vital(ctx('temperature'), 'temperature', at, { valueQuantity: quantity(v.temp, 'Cel') }, fmt));
  tx.post(vital(ctx('avpu'), 'avpu', at, { valueCodeableConcept: { coding: [AVPU[v.avpu]], text: v.avpu } }, fmt));
  tx.post(vital(ctx('pain'), 'pain', at, { valueQuantity: quantity(v.pain, '{score}') }, fmt));
  if (withItbChecks) {
    const checks: [string, string, boolean][] = [
      ['drowsiness', 'Drowsiness', false],
      ['hypotonia', 'Hypotonia (floppiness)', false],
      ['slowed-breathing', 'Slowed breathing', false],
      ['seizure', 'Seizure', false],
      ['vomiting', 'Vomiting', false],
      ['headache', 'Headache', false],
      ['voided-since-dose', 'Voided since dose', false],
    ];
    for (const [code, display, value] of checks) {
      tx.post(observation(ctx(code), { category: category('exam'), code: assessmentCode(code, display), effectiveDateTime: fmt(at), valueBoolean: value }));
    }
  }
}

// ------------------------------------------------------------------ the patients

function pretest(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 6, 140);
  const subject = tx.put(patient('itb-pretest', 'MRN100001', 'Mia', 'Thompson', 'female', dob));
  const clinicStart = sydneyAt(now, 14, 9, 30);
  const enc = tx.put(encounter('enc-itb-pretest', subject, doctor, 'AMB', clinicStart, addDays(clinicStart, 1 / 24), 'ITB assessment clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 4, 0)));
  tx.post(oralBaclofen(subject, doctor, 5, 3, sydneyAt(now, 200, 11)));
  const ctx = { subject, encounter: enc, performer: nurse };
  tx.post(weight(ctx, sydneyAt(now, 14, 9, 40), 16));
  tx.post(vital(ctx, 'height', sydneyAt(now, 14, 9, 40), { valueQuantity: quantity(112, 'cm') }, fmt));
  tx.post(observation({ subject, encounter: enc, performer: doctor }, { category: category('exam'), code: assessmentCode('gmfcs-level', 'GMFCS level'), effectiveDateTime: fmt(sydneyAt(now, 14, 10)), valueCodeableConcept: assessmentCode('gmfcs-IV', 'GMFCS level IV') }));
  // The planned test dose as an EHR order: 50 micrograms for a 6-year-old of 16 kg, above the
  // guideline's band for her age and weight (§3.1.5: 25 micrograms under 7 years / 18 kg).
  tx.post({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    category: [concept(SYSTEM.snomed, '387713003', 'Surgical procedure')],
    code: { text: 'Intrathecal baclofen test dose (lumbar puncture bolus)' },
    orderDetail: [{ text: 'Baclofen 50 micrograms intrathecal bolus, single dose' }],
    quantityQuantity: { value: 50, unit: 'microgram', system: SYSTEM.ucum, code: 'ug' },
    subject,
    encounter: enc,
    occurrenceDateTime: fmt(sydneyAt(now, -7, 8, 30)),
    authoredOn: fmt(sydneyAt(now, 14, 10, 30)),
    requester: doctor,
    reasonCode: [{ coding: [coding(SYSTEM.snomed, '221360009', 'Spasticity')], text: 'Spasticity' }],
    note: [{ text: 'Day-stay admission; observations per ITB test-dose protocol.' }],
  } satisfies ServiceRequest);
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-pretest', name: 'Mia Thompson', gender: 'female', birthDate: dob, mrn: 'MRN100001', scenario: 'Before the ITB test dose: 16 kg, spastic CP, oral baclofen; test dose being planned', encounterId: 'enc-itb-pretest', location: 'Kids Rehab Outpatients' },
  };
}

const MAS_MUSCLES = [
  ['hip-adductors', 'Hip adductors'],
  ['hamstrings', 'Hamstrings'],
  ['gastrocnemius', 'Gastrocnemius'],
  ['elbow-flexors', 'Elbow flexors'],
] as const;
const SIDES = [
  ['7771000', 'Left'],
  ['24028007', 'Right'],
] as const;
const MAS_GRADES = ['mas-0', 'mas-1', 'mas-1plus', 'mas-2', 'mas-3', 'mas-4'] as const;

function testDoseDay(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 9, 60);
  const subject = tx.put(patient('itb-testdose', 'MRN100002', 'Noah', 'Williams', 'male', dob));
  const admitted = minutesBefore(now, 180);
  const enc = tx.put(encounter('enc-itb-testdose', subject, doctor, 'IMP', admitted, undefined, 'ITB test dose admission'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 7, 0)));
  tx.post(condition(subject, 'dystonia', birthDate(now, 6, 0)));
  tx.post(oralBaclofen(subject, doctor, 10, 3, sydneyAt(now, 300, 10), 'on-hold'));
  const nurseCtx = { subject, encounter: enc, performer: nurse };
  const therapist = { subject, encounter: enc, performer: doctor };
  tx.post(weight(nurseCtx, minutesBefore(now, 170), 28.4));

  // Pre-procedure vital signs at admission.
  vitalsRound(tx, ids, nurseCtx, minutesBefore(now, 165), { hr: 92, rr: 20, spo2: 98, sbp: 104, dbp: 62, temp: 36.7, avpu: 'A', pain: 1 }, false);

  // Baseline therapy assessment this morning (one group: BADS, MAS, Tardieu, GMFCS, goals).
  const baselineAt = minutesBefore(now, 135);
  const group = ids.uuid();
  const timePoint = [{ code: assessmentCode('time-point', 'Time point'), valueCodeableConcept: assessmentCode('baseline', 'Baseline') }];
  const assess = (item: string): ObservationContext => ({ ...therapist, group: { id: group, item } });
  const bads: [string, string, number][] = [
    ['bads-eyes', 'BADS eyes', 0],
    ['bads-mouth', 'BADS mouth', 2],
    ['bads-neck', 'BADS neck', 2],
    ['bads-trunk', 'BADS trunk', 3],
    ['bads-upper-left', 'BADS left upper extremity', 3],
    ['bads-upper-right', 'BADS right upper extremity', 2],
    ['bads-lower-left', 'BADS left lower extremity', 3],
    ['bads-lower-right', 'BADS right lower extremity', 3],
  ];
  for (const [code, display, value] of bads) {
    tx.post(observation(assess(code), { category: category('exam'), code: assessmentCode(code, display), effectiveDateTime: fmt(baselineAt), valueInteger: value, component: timePoint }));
  }
  tx.post(observation(assess('bads-total'), { category: category('exam'), code: assessmentCode('bads-total', 'BADS total'), effectiveDateTime: fmt(baselineAt), valueInteger: bads.reduce((s, [, , v]) => s + v, 0), component: timePoint }));
  const masGrades = [3, 3, 4, 4, 3, 2, 2, 2]; // indexes into MAS_GRADES, muscle-major, left then right
  let i = 0;
  for (const [muscle, muscleName] of MAS_MUSCLES) {
    for (const [sideCode, sideName] of SIDES) {
      const grade = MAS_GRADES[masGrades[i] ?? 0] ?? 'mas-0';
      i++;
      tx.post(observation(assess(`mas-${muscle}-${sideName.toLowerCase()}`), {
        category: category('exam'),
        code: assessmentCode('mas-grade', 'Modified Ashworth Scale grade'),
        method: concept(SYSTEM.snomed, '765771006', 'Modified Ashworth scale'),
        bodySite: { coding: [coding(SYSTEM.snomed, sideCode, sideName)], text: `${sideName} ${muscleName.toLowerCase()}` },
        effectiveDateTime: fmt(baselineAt),
        valueCodeableConcept: assessmentCode(grade, `MAS ${grade.replace('mas-', '').replace('plus', '+')}`),
        component: timePoint,
      }));
    }
  }
  for (const [muscle, muscleName, r1, r2] of [['hamstrings', 'Hamstrings', 110, 150], ['gastrocnemius', 'Gastrocnemius', 75, 95]] as const) {
    for (const [sideCode, sideName] of SIDES) {
      tx.post(observation(assess(`mts-${muscle}-${sideName.toLowerCase()}`), {
        category: category('exam'),
        code: assessmentCode('mts', 'Modified Tardieu Scale'),
        method: concept(SYSTEM.snomed, '1290510006', 'Modified Tardieu scale'),
        bodySite: { coding: [coding(SYSTEM.snomed, sideCode, sideName)], text: `${sideName} ${muscleName.toLowerCase()}` },
        effectiveDateTime: fmt(baselineAt),
        component: [
          ...timePoint,
          { code: assessmentCode('mts-r1', 'Tardieu R1 (catch angle)'), valueQuantity: quantity(sideName === 'Left' ? r1 : r1 + 5, 'deg') },
          { code: assessmentCode('mts-r2', 'Tardieu R2 (passive range)'), valueQuantity: quantity(r2, 'deg') },
          { code: assessmentCode('mts-quality', 'Tardieu quality of muscle reaction'), valueInteger: 2 },
        ],
      }));
    }
  }
  tx.post(observation(assess('gmfcs-level'), { category: category('exam'), code: assessmentCode('gmfcs-level', 'GMFCS level'), effectiveDateTime: fmt(baselineAt), valueCodeableConcept: assessmentCode('gmfcs-IV', 'GMFCS level IV'), component: timePoint }));
  tx.post(observation(assess('family-goals'), { category: category('exam'), code: assessmentCode('family-goals', 'Family goals'), effectiveDateTime: fmt(baselineAt), valueString: 'Easier dressing and nappy changes; more comfortable sitting in his wheelchair.', component: timePoint }));

  // The test dose, about 90 minutes ago: 50 micrograms (50 micrograms/mL) by lumbar puncture.
  const injected = minutesBefore(now, 90);
  const testDoseProcedure = tx.post(procedure(subject, 'test-dose', 'Intrathecal baclofen test dose', injected, doctor, {
    encounter: enc,
    note: [{ text: 'Baclofen 50 micrograms (50 micrograms/mL, 1 mL) via lumbar puncture over 1 minute. Nitrous oxide by CNC.' }],
  }));
  tx.post(observation({ subject, encounter: enc, performer: doctor }, {
    category: category('exam'),
    code: assessmentCode('test-dose-injection', 'ITB test-dose injection'),
    effectiveDateTime: fmt(injected),
    valueQuantity: quantity(50, 'ug'),
    partOf: [testDoseProcedure],
  }));
  tx.post({
    resourceType: 'MedicationRequest',
    status: 'completed',
    intent: 'order',
    medicationCodeableConcept: { coding: [BACLOFEN], text: 'Baclofen intrathecal 50 micrograms/mL (test dose)' },
    subject,
    encounter: enc,
    authoredOn: fmt(minutesBefore(now, 170)),
    requester: doctor,
    dosageInstruction: [{ text: '50 micrograms intrathecal once (test dose)', route: INTRATHECAL, timing: { repeat: { count: 1 } }, doseAndRate: [{ doseQuantity: quantity(50, 'ug') }] }],
  } satisfies MedicationRequest);

  // Rounds every 15 minutes for the first hour after the injection.
  const rounds = [
    { hr: 90, rr: 20, spo2: 98, sbp: 102, dbp: 60, temp: 36.7, avpu: 'A' as const, pain: 2 },
    { hr: 86, rr: 19, spo2: 98, sbp: 100, dbp: 58, temp: 36.8, avpu: 'A' as const, pain: 1 },
    { hr: 84, rr: 18, spo2: 97, sbp: 98, dbp: 58, temp: 36.8, avpu: 'A' as const, pain: 1 },
    { hr: 82, rr: 18, spo2: 97, sbp: 99, dbp: 57, temp: 36.9, avpu: 'A' as const, pain: 0 },
  ];
  rounds.forEach((round, k) => vitalsRound(tx, ids, nurseCtx, minutesBefore(now, 90 - 15 * (k + 1)), round, true));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-testdose', name: 'Noah Williams', gender: 'male', birthDate: dob, mrn: 'MRN100002', scenario: 'Test-dose day: admitted, baseline assessments this morning, 50 microgram test dose ~90 min ago, 4 rounds since', encounterId: 'enc-itb-testdose', location: 'Ward 3 North, Bed 12' },
  };
}

function titration(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 11, 25);
  const subject = tx.put(patient('itb-titration', 'MRN100003', 'Ava', 'Chen', 'female', dob));
  const implantAt = sydneyAt(now, 10, 9);
  const inpatient = tx.put(encounter('enc-itb-titration-implant', subject, doctor, 'IMP', sydneyAt(now, 11, 8), sydneyAt(now, 6, 15), 'ITB pump implant'));
  const clinic = tx.put(encounter('enc-itb-titration', subject, doctor, 'AMB', minutesBefore(now, 40), undefined, 'ITB titration clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 9, 0)));
  tx.put(pumpDevice('device-itb-titration', subject, '8637-20', 2, implantAt, 'NGP300117H'));
  tx.post(procedure(subject, 'test-dose', 'Intrathecal baclofen test dose', sydneyAt(now, 45, 8, 30), doctor));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor, { encounter: inpatient, note: [{ text: 'SynchroMed II 20 mL (8637-20), catheter tip T10.' }] }));
  refill(tx, subject, nurse, addDays(implantAt, 0.05), 20, 2000, inpatient);
  // Start at 2 × test dose (50 → 100 micrograms/day), +50/day for 3 inpatient days, then ~10% steps.
  const steps: [number, number][] = [
    [10, 100],
    [9, 150],
    [8, 200],
    [7, 250],
    [6, 275],
    [2, 300],
  ];
  steps.forEach(([daysAgo, dose], k) => {
    const next = steps[k + 1];
    tx.post(itbMedicationRequest({
      subject,
      requester: doctor,
      concentration: 2000,
      dose,
      start: sydneyAt(now, daysAgo, 11),
      ...(next ? { end: sydneyAt(now, next[0], 11) } : {}),
      encounter: daysAgo >= 6 ? inpatient : clinic,
    }));
  });
  tx.post(weight({ subject, encounter: inpatient, performer: nurse }, sydneyAt(now, 11, 8, 30), 32.1));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-titration', name: 'Ava Chen', gender: 'female', birthDate: dob, mrn: 'MRN100003', scenario: 'Implanted 10 days ago (20 mL pump, 2000 micrograms/mL); titrating: 100 → 300 micrograms/day', encounterId: 'enc-itb-titration', location: 'Kids Rehab Outpatients' },
  };
}

function stable(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 14, 200);
  const subject = tx.put(patient(STABLE_PUMP.patientId, 'MRN100004', 'Liam', "O'Brien", 'male', dob));
  const implantAt = sydneyAt(now, 3 * 365 + 12, 9);
  const clinic = tx.put(encounter('enc-itb-stable', subject, doctor, 'AMB', minutesBefore(now, 30), undefined, 'ITB review clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 12, 0)));
  tx.put(pumpDevice(STABLE_PUMP.deviceId, subject, STABLE_PUMP.modelNumber, STABLE_PUMP.alarmVolumeMl, implantAt, 'NGP214480H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor, { note: [{ text: 'SynchroMed II 40 mL (8637-40).' }] }));
  // Dose history: titrated up after implant, stable at 450 micrograms/day for the last ~8 months.
  const doses: [number, number][] = [
    [3 * 365 + 12, 200],
    [3 * 365 + 5, 250],
    [3 * 365 - 20, 300],
    [2 * 365 + 100, 350],
    [2 * 365, 400],
    [240, 450],
  ];
  doses.forEach(([daysAgo, dose], k) => {
    const next = doses[k + 1];
    tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: STABLE_PUMP.concentrationUgPerMl, dose, start: sydneyAt(now, daysAgo, 11), ...(next ? { end: sydneyAt(now, next[0], 11) } : {}) }));
  });
  // Refills every ~150 days since implant; the last one exactly STABLE_PUMP.refillDaysAgo days ago at 10:00.
  refill(tx, subject, nurse, addDays(implantAt, 0.05), 40, 2000);
  for (let daysAgo = STABLE_PUMP.refillDaysAgo + 150 * 6; daysAgo > STABLE_PUMP.refillDaysAgo; daysAgo -= 150) {
    refill(tx, subject, nurse, sydneyAt(now, daysAgo, 10), 40, 2000);
  }
  refill(tx, subject, nurse, sydneyAt(now, STABLE_PUMP.refillDaysAgo, STABLE_PUMP.refillHour), STABLE_PUMP.fillVolumeMl, STABLE_PUMP.concentrationUgPerMl);
  // MRI 12 days ago, interrogated 2 h after it ended.
  const mriAt = sydneyAt(now, 12, 13);
  tx.post(procedure(subject, 'mri', 'MRI brain', mriAt, doctor, { note: [{ text: '3 T MRI brain, 40 minutes.' }] }, [coding(SYSTEM.snomed, '113091000', 'Magnetic resonance imaging')]));
  tx.post(procedure(subject, 'pump-interrogation', 'Intrathecal pump interrogation', addDays(mriAt, 2.7 / 24), nurse, { note: [{ text: 'Post-MRI interrogation: no motor stall logged.' }] }));
  const ctx = { subject, performer: nurse };
  tx.post(weight(ctx, sydneyAt(now, 400, 10), 39.0));
  tx.post(weight(ctx, sydneyAt(now, 200, 10), 41.2));
  tx.post(weight({ ...ctx, encounter: clinic }, minutesBefore(now, 25), 42.5));
  return {
    bundle: tx.bundle(),
    meta: { id: STABLE_PUMP.patientId, name: "Liam O'Brien", gender: 'male', birthDate: dob, mrn: 'MRN100004', scenario: 'Stable pump: SynchroMed II 40 mL, 2000 micrograms/mL, 450 micrograms/day; refilled 70 days ago; MRI 12 days ago', encounterId: 'enc-itb-stable', location: 'Kids Rehab Outpatients' },
  };
}

function lowDose(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 8, 90);
  const subject = tx.put(patient('itb-lowdose', 'MRN100005', 'Isla', 'Patel', 'female', dob));
  const implantAt = sydneyAt(now, 540, 9);
  const clinic = tx.put(encounter('enc-itb-lowdose', subject, doctor, 'AMB', sydneyAt(now, 40, 9, 30), sydneyAt(now, 40, 10, 30), 'ITB refill clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'dystonia', birthDate(now, 6, 0)));
  tx.put(pumpDevice('device-itb-lowdose', subject, '8637-20', 4, implantAt, 'NGP251903H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor));
  const doses: [number, number][] = [
    [540, 60],
    [520, 80],
    [480, 100],
    [300, 120],
  ];
  doses.forEach(([daysAgo, dose], k) => {
    const next = doses[k + 1];
    tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: 1000, dose, start: sydneyAt(now, daysAgo, 11), ...(next ? { end: sydneyAt(now, next[0], 11) } : {}) }));
  });
  refill(tx, subject, nurse, sydneyAt(now, 130, 10), 20, 1000);
  refill(tx, subject, nurse, sydneyAt(now, 40, 10), 20, 1000, clinic);
  tx.post(weight({ subject, encounter: clinic, performer: nurse }, sydneyAt(now, 40, 9, 40), 22.3));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-lowdose', name: 'Isla Patel', gender: 'female', birthDate: dob, mrn: 'MRN100005', scenario: 'Low dose: 1000 micrograms/mL in a 20 mL pump, 120 micrograms/day, alarm at 4 mL; dystonia', encounterId: 'enc-itb-lowdose', location: 'Kids Rehab Outpatients' },
  };
}

function pounds(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 12, 30);
  const subject = tx.put(patient('itb-pounds', 'MRN100006', 'Jack', 'Robinson', 'male', dob));
  const implantAt = sydneyAt(now, 900, 9);
  tx.put(encounter('enc-itb-pounds', subject, doctor, 'AMB', minutesBefore(now, 50), undefined, 'ITB review clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 10, 0)));
  tx.put(pumpDevice('device-itb-pounds', subject, '8637-40', 2, implantAt, 'NGP199342H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor));
  tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: 2000, dose: 300, start: sydneyAt(now, 500, 11) }));
  refill(tx, subject, nurse, sydneyAt(now, 100, 10), 40, 2000);
  // The only weight: in pounds, more than a year old (transcribed from a US clinic letter).
  tx.post(vital({ subject, performer: nurse }, 'weight', sydneyAt(now, 430, 10), { valueQuantity: { value: 88, unit: 'lb', system: SYSTEM.ucum, code: '[lb_av]' } }, fmt));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-pounds', name: 'Jack Robinson', gender: 'male', birthDate: dob, mrn: 'MRN100006', scenario: 'Only weight is 88 [lb_av], recorded ~14 months ago; 300 micrograms/day, 40 mL pump', encounterId: 'enc-itb-pounds', location: 'Kids Rehab Outpatients' },
  };
}

function longHistory(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 15, 75);
  const subject = tx.put(patient('itb-history', 'MRN100007', 'Olivia', 'Martin', 'female', dob));
  const implantAt = sydneyAt(now, 5 * 365 + 20, 9);
  const clinic = tx.put(encounter('enc-itb-history', subject, doctor, 'AMB', minutesBefore(now, 20), undefined, 'ITB review clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 13, 0)));
  tx.post(condition(subject, 'dystonia', birthDate(now, 12, 0)));
  tx.put(pumpDevice('device-itb-history', subject, '8637-40', 2, implantAt, 'NGP118870H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor));

  // Dozens of dose changes: weekly steps early, then slower adjustments, ending on flex dosing.
  const changes: [number, number][] = [];
  let dose = 100;
  let daysAgo = 5 * 365 + 20;
  while (daysAgo > 120) {
    changes.push([daysAgo, dose]);
    const early = daysAgo > 5 * 365 - 120;
    dose = Math.round((dose * (early ? 1.1 : 1 + (ids.next() - 0.35) * 0.12)) / 5) * 5;
    daysAgo -= early ? 7 : ids.int(30, 80);
  }
  changes.forEach(([ago, d], k) => {
    const nextAgo = changes[k + 1]?.[0] ?? 90;
    tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: 2000, dose: d, start: sydneyAt(now, ago, 11), end: sydneyAt(now, nextAgo, 11) }));
  });
  // Current: flex dosing, two steps: 25 micrograms/h 06:00–22:00 and 30 micrograms/h 22:00–06:00 (640/day).
  tx.post(itbMedicationRequest({
    subject,
    requester: doctor,
    concentration: 2000,
    dose: {
      steps: [
        { timeOfDay: '06:00:00', until: '22:00', ugPerHour: 25, hours: 16 },
        { timeOfDay: '22:00:00', until: '06:00', ugPerHour: 30, hours: 8 },
      ],
    },
    start: sydneyAt(now, 90, 11),
    encounter: clinic,
  }));
  // Many refills, about every 90 days.
  for (let ago = 5 * 365 + 20; ago > 0; ago -= 90) refill(tx, subject, nurse, sydneyAt(now, Math.max(ago, 15), 10), 40, 2000);

  // Thousands of vital signs: a home-nursing set every 3 days, weight monthly.
  const ctx = { subject, performer: nurse };
  for (let ago = 5 * 365; ago >= 3; ago -= 3) {
    const at = sydneyAt(now, ago, 16);
    tx.post(vital(ctx, 'heartRate', at, { valueQuantity: quantity(ids.around(84, 12), 'beats/minute', '/min') }, fmt));
    tx.post(vital(ctx, 'respRate', at, { valueQuantity: quantity(ids.around(18, 3), 'breaths/minute', '/min') }, fmt));
    tx.post(vital(ctx, 'spo2', at, { valueQuantity: quantity(Math.min(100, ids.around(97, 2)), '%') }, fmt));
    tx.post(vital(ctx, 'temperature', at, { valueQuantity: quantity(ids.around(36.8, 0.4, 1), 'Cel') }, fmt));
    tx.post(bloodPressure(ctx, at, ids.around(108, 10), ids.around(64, 6), fmt));
  }
  for (let ago = 5 * 365, k = 0; ago >= 10; ago -= 30, k++) {
    tx.post(weight(ctx, sydneyAt(now, ago, 15), Math.round((31 + k * 0.25 + (ids.next() - 0.5)) * 10) / 10));
  }
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-history', name: 'Olivia Martin', gender: 'female', birthDate: dob, mrn: 'MRN100007', scenario: `Five years of history: ~3000 vital signs, ${changes.length + 1} dose orders, ~20 refills; flex dosing now`, encounterId: 'enc-itb-history', location: 'Kids Rehab Outpatients' },
  };
}

function messy(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  // No birthDate, unknown gender.
  const subject = tx.put(patient('itb-messy', 'MRN100008', 'Charlie', 'Nguyen', 'unknown', undefined));
  const enc = tx.put(encounter('enc-itb-messy', subject, doctor, 'AMB', sydneyAt(now, 3, 10), sydneyAt(now, 3, 11), 'Transfer-in review'));
  tx.post(condition(subject, 'cp', '2015'));
  tx.put(pumpDevice('device-itb-messy', subject, '8637-40', 2, sydneyAt(now, 700, 9), 'NGP160021H'));
  // A MedicationRequest without dosageInstruction.
  tx.post({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Lioresal Intrathecal (baclofen) 2000mcg/mL' },
    subject,
    authoredOn: fmt(sydneyAt(now, 60, 9)),
    requester: doctor,
  } satisfies MedicationRequest);
  // A text-only coded medication with units spelled "mcg/day", no UCUM system.
  tx.post({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'baclofen intrathecal infusion' },
    subject,
    authoredOn: fmt(sydneyAt(now, 58, 9)),
    requester: doctor,
    dosageInstruction: [
      {
        text: '380 mcg/day continuous intrathecal (2000 mcg/mL)',
        route: { text: 'intrathecal' },
        doseAndRate: [{ rateQuantity: { value: 380, unit: 'mcg/day' } }],
      },
    ],
  } satisfies MedicationRequest);
  const ctx = { subject, encounter: enc, performer: nurse };
  const at = sydneyAt(now, 3, 10, 15);
  // Vitals as valueString, and odd unit spellings.
  tx.post(vital(ctx, 'heartRate', at, { valueString: '96 bpm' }, fmt));
  tx.post(vital(ctx, 'respRate', at, { valueString: '20' }, fmt));
  tx.post(vital(ctx, 'temperature', at, { valueQuantity: { value: 98.4, unit: 'degF', system: SYSTEM.ucum, code: '[degF]' } }, fmt));
  tx.post(vital(ctx, 'weight', at, { valueQuantity: { value: 35.5, unit: 'kgs' } }, fmt));
  tx.post(vital(ctx, 'spo2', at, { valueQuantity: { value: 97, unit: 'percent' } }, fmt));
  tx.post(observation({ subject, performer: nurse }, { category: category('procedure'), code: { text: 'Pump refill volume' }, effectiveDateTime: sydneyDate(sydneyAt(now, 50, 10)), valueQuantity: { value: 40, unit: 'ml' } }));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-messy', name: 'Charlie Nguyen', gender: 'unknown', mrn: 'MRN100008', scenario: 'Messy transfer-in data: no birth date, order without dosage, text-only meds, "mcg/day", vitals as strings', encounterId: 'enc-itb-messy', location: 'Kids Rehab Outpatients' },
  };
}

// ------------------------------------------------------------------ records as other EHRs write them
//
// These two children do NOT follow docs/fhir-conventions.md: their records are shaped the way
// Oracle Health (Cerner Millennium) and Epic R4 exports commonly look, so the app is tried on
// codes and encodings it did not choose. Shapes follow the vendors' public R4 examples
// (fhir.cerner.com, fhir.epic.com) and the FHIR R4 spec's examples.

const CERNER_MRN = 'urn:oid:2.16.840.1.113883.3.13.6';
const EPIC_MRN = 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14';
const HL7_ROUTE = 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration';
const EPIC_ROUTE = 'urn:oid:1.2.840.114350.1.13.0.1.7.4.698288.330';
/** The Epic site's local procedure codes (EAP records); site-config.json lists them. */
export const EPIC_PROCEDURE_SYSTEM = 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580';

/** Exact facts of the Oracle-Health-shaped child, for hand-checked tests. */
export const ORACLE_STYLE = {
  patientId: 'itb-oracle',
  deviceId: 'device-itb-oracle',
  reservoirVolumeMl: 20,
  alarmVolumeMl: 2,
  concentrationUgPerMl: 2000,
  dailyDoseUgPerDay: 450,
  fillVolumeMl: 20,
  /** The last refill, documented as a date only, on the Sydney calendar day this many days ago. */
  refillDaysAgo: 65,
  /** The newest usable weight, 30 days ago; three newer weights are unusable. */
  usableWeightKg: 19.8,
} as const;

function oracleStyle(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 6, 200);
  const subject = tx.put({
    ...patient('itb-oracle', 'MRN100009', 'Ruby', 'Walker', 'female', dob),
    identifier: [{ use: 'usual', type: { coding: [coding(SYSTEM.v2IdType, 'MR', 'Medical record number')], text: 'MRN' }, system: CERNER_MRN, value: '100009' }],
  });
  const implantAt = sydneyAt(now, 400, 9);
  tx.put(encounter('enc-itb-oracle', subject, doctor, 'AMB', minutesBefore(now, 35), undefined, 'Rehabilitation Outpatient'));
  tx.post(condition(subject, 'cp', dob));
  const pump = tx.put({
    resourceType: 'Device',
    id: ORACLE_STYLE.deviceId,
    status: 'active',
    manufacturer: 'Medtronic',
    deviceName: [{ name: 'SynchroMed II Programmable Pump', type: 'user-friendly-name' }],
    modelNumber: '8637-20',
    serialNumber: 'NGP204417H',
    type: { text: 'Implantable infusion pump' },
    patient: subject,
    // Property types as text only, as a device-integration feed writes them.
    property: [
      { type: { text: 'Reservoir volume' }, valueQuantity: [{ value: ORACLE_STYLE.reservoirVolumeMl, unit: 'mL', system: SYSTEM.ucum, code: 'mL' }] },
      { type: { text: 'Low reservoir alarm volume' }, valueQuantity: [{ value: ORACLE_STYLE.alarmVolumeMl, unit: 'mL', system: SYSTEM.ucum, code: 'mL' }] },
    ],
  } satisfies Device & { id: string });
  tx.post({
    resourceType: 'Procedure',
    status: 'completed',
    code: { text: 'Insertion of intrathecal baclofen pump' },
    subject,
    performedDateTime: fmt(implantAt),
    performer: [{ actor: doctor }],
    focalDevice: [{ action: { text: 'Implanted' }, manipulated: pump }],
  } satisfies Procedure);
  // Orders as Millennium writes them: product code + text, a per-day doseQuantity given once a
  // day, route SNOMED; the concentration only in the medication's text.
  // [micrograms/day, started this many days ago]: 450 since long before the last refill.
  const doses: [number, number][] = [[300, 380], [380, 200], [ORACLE_STYLE.dailyDoseUgPerDay, 120]];
  doses.forEach(([dose, daysAgo], k) => {
    const next = doses[k + 1];
    const start = sydneyAt(now, daysAgo, 11);
    const end = next ? sydneyAt(now, next[1], 11) : undefined;
    tx.post({
      resourceType: 'MedicationRequest',
      status: end ? 'completed' : 'active',
      intent: 'order',
      category: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/medicationrequest-category', 'inpatient', 'Inpatient')], text: 'Inpatient' }],
      medicationCodeableConcept: { coding: [coding(SYSTEM.rxnorm, '1666613', 'baclofen 2 MG/ML Injectable Solution')], text: 'baclofen 2000 mcg/mL intrathecal solution' },
      subject,
      authoredOn: fmt(start),
      requester: doctor,
      dosageInstruction: [
        {
          text: `${dose} mcg, Intrathecal, Daily, via implanted pump`,
          timing: { repeat: { boundsPeriod: { start: fmt(start), ...(end ? { end: fmt(end) } : {}) }, frequency: 1, period: 1, periodUnit: 'd' }, code: { text: 'Daily' } },
          route: { coding: [coding(SYSTEM.snomed, '72607000', 'Intrathecal')], text: 'Intrathecal' },
          doseAndRate: [{ type: concept('http://terminology.hl7.org/CodeSystem/dose-rate-type', 'ordered', 'Ordered'), doseQuantity: { value: dose, unit: 'mcg/d', system: SYSTEM.ucum, code: 'ug/d' } }],
        },
      ],
    } satisfies MedicationRequest);
  });
  // Refills: completed Procedures with a free-text code, focalDevice → the pump, volume and
  // concentration only in the text. The newest is documented as a date only.
  for (const daysAgo of [ORACLE_STYLE.refillDaysAgo + 160, ORACLE_STYLE.refillDaysAgo + 80]) {
    tx.post({
      resourceType: 'Procedure',
      status: 'completed',
      code: { text: 'Intrathecal baclofen pump refill (20 mL of 2000 mcg/mL)' },
      subject,
      performedDateTime: fmt(sydneyAt(now, daysAgo, 10)),
      performer: [{ actor: nurse }],
      focalDevice: [{ action: { text: 'Refilled' }, manipulated: pump }],
    } satisfies Procedure);
  }
  tx.post({
    resourceType: 'Procedure',
    status: 'completed',
    code: { text: `Intrathecal baclofen pump refill (${ORACLE_STYLE.fillVolumeMl} mL of ${ORACLE_STYLE.concentrationUgPerMl} mcg/mL)` },
    subject,
    performedDateTime: sydneyDate(sydneyAt(now, ORACLE_STYLE.refillDaysAgo, 10)),
    performer: [{ actor: nurse }],
    focalDevice: [{ action: { text: 'Refilled' }, manipulated: pump }],
    note: [{ text: 'Residual 3.1 mL withdrawn. Pump reprogrammed, alarm date confirmed with programmer.' }],
  } satisfies Procedure);
  tx.post({
    resourceType: 'Procedure',
    status: 'completed',
    code: { coding: [coding('http://www.ama-assn.org/go/cpt', '70551', 'MRI brain without contrast')], text: 'MRI Brain w/o Contrast' },
    subject,
    performedDateTime: fmt(sydneyAt(now, 150, 14)),
    performer: [{ actor: doctor }],
  } satisfies Procedure);
  // Weights: the three newest are unusable; the fourth, 30 days old, is the one to use.
  const ctx = { subject, performer: nurse };
  tx.post(vital(ctx, 'weight', sydneyAt(now, 1, 9), { status: 'entered-in-error', valueQuantity: quantity(195, 'kg') }, fmt));
  tx.post(vital(ctx, 'weight', sydneyAt(now, 3, 9), { dataAbsentReason: concept('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'not-performed', 'Not Performed') }, fmt));
  tx.post(vital(ctx, 'weight', sydneyAt(now, 5, 9), { valueString: 'unable to weigh - in wheelchair' }, fmt));
  tx.post(vital(ctx, 'weight', sydneyAt(now, 30, 9), { valueQuantity: quantity(ORACLE_STYLE.usableWeightKg, 'kg') }, fmt));
  tx.post(vital(ctx, 'weight', sydneyAt(now, 120, 9), { valueQuantity: quantity(19.1, 'kg') }, fmt));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-oracle', name: 'Ruby Walker', gender: 'female', birthDate: dob, mrn: 'MRN100009', scenario: 'Oracle Health-shaped record: per-day doseQuantity, free-text refill procedures (last one date only, due in ~15 days), text-only Device properties, newest three weights unusable', encounterId: 'enc-itb-oracle', location: 'Kids Rehab Outpatients' },
  };
}

/** Exact facts of the Epic-shaped child. */
export const EPIC_STYLE = {
  patientId: 'itb-epic',
  deviceId: 'device-itb-epic',
  medicationId: 'med-epic-baclofen-2000',
  concentrationUgPerMl: 2000,
  dailyDoseUgPerDay: 375,
  fillVolumeMl: 40,
  alarmVolumeMl: 2,
  refillDaysAgo: 45,
  refillCode: '1099',
  implantCode: '1097',
} as const;

function epicStyle(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 13, 45);
  const subject = tx.put({
    ...patient('itb-epic', 'MRN100010', 'Noah', 'Patel', 'male', dob),
    identifier: [{ use: 'usual', type: { text: 'EPI' }, system: EPIC_MRN, value: 'E100010' }],
  });
  const implantAt = sydneyAt(now, 800, 9);
  tx.put(encounter('enc-itb-epic', subject, doctor, 'AMB', minutesBefore(now, 15), undefined, 'Office Visit'));
  tx.post(condition(subject, 'spasticity', birthDate(now, 10, 0)));
  tx.post(condition(subject, 'dystonia', birthDate(now, 9, 0)));
  const pump = tx.put({
    resourceType: 'Device',
    id: EPIC_STYLE.deviceId,
    status: 'active',
    deviceName: [{ name: 'MEDTRONIC SYNCHROMED II 40 ML', type: 'user-friendly-name' }],
    modelNumber: '8637-40',
    type: { text: 'Intrathecal pump' },
    patient: subject,
    property: [
      { type: { text: 'RESERVOIR VOLUME (ML)' }, valueQuantity: [{ value: 40, unit: 'mL', system: SYSTEM.ucum, code: 'mL' }] },
      { type: { text: 'Low Reservoir Alarm' }, valueQuantity: [{ value: EPIC_STYLE.alarmVolumeMl, unit: 'mL', system: SYSTEM.ucum, code: 'mL' }] },
    ],
  } satisfies Device & { id: string });
  // A separate Medication resource (Epic references one by id) with the strength as a ratio.
  const med = tx.put({
    resourceType: 'Medication',
    id: EPIC_STYLE.medicationId,
    code: {
      coding: [coding(SYSTEM.rxnorm, '1666613', 'baclofen 2 MG/ML Injectable Solution'), coding('urn:oid:2.16.840.1.113883.6.253', '66792', 'BACLOFEN 2000 MCG/ML IT SOLN')],
      text: 'BACLOFEN 2,000 MCG/ML INTRATHECAL SOLUTION',
    },
    form: { coding: [coding('urn:oid:1.2.840.114350.1.13.0.1.7.4.698288.310', '12', 'Solution')], text: 'Solution' },
    ingredient: [
      {
        itemCodeableConcept: { coding: [coding(SYSTEM.rxnorm, '1292', 'baclofen')], text: 'baclofen' },
        strength: { numerator: { value: EPIC_STYLE.concentrationUgPerMl, unit: 'mcg', system: SYSTEM.ucum, code: 'ug' }, denominator: { value: 1, unit: 'mL', system: SYSTEM.ucum, code: 'mL' } },
      },
    ],
  });
  const orders: [number, number][] = [[325, 300], [EPIC_STYLE.dailyDoseUgPerDay, 150]];
  orders.forEach(([dose, daysAgo], k) => {
    const next = orders[k + 1];
    const start = sydneyAt(now, daysAgo, 11);
    const end = next ? sydneyAt(now, next[1], 11) : undefined;
    tx.post({
      resourceType: 'MedicationRequest',
      status: end ? 'stopped' : 'active',
      intent: 'order',
      category: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/medicationrequest-category', 'outpatient', 'Outpatient')], text: 'Outpatient' }],
      medicationReference: { ...med, display: 'BACLOFEN 2,000 MCG/ML INTRATHECAL SOLUTION' },
      subject,
      authoredOn: fmt(start),
      requester: doctor,
      dosageInstruction: [
        {
          text: `Infuse ${dose} mcg/day via intrathecal pump continuous.`,
          patientInstruction: 'Continuous via pump.',
          timing: { repeat: { boundsPeriod: { start: fmt(start), ...(end ? { end: fmt(end) } : {}) } }, code: { text: 'CONTINUOUS' } },
          route: { coding: [coding(EPIC_ROUTE, '15', 'Intrathecal'), coding(HL7_ROUTE, 'IT', 'Intrathecal')], text: 'Intrathecal' },
          doseAndRate: [
            {
              type: concept('http://epic.com/CodeSystem/dose-rate-type', 'calculated', 'calculated'),
              rateRatio: { numerator: { value: dose, unit: 'mcg', system: SYSTEM.ucum, code: 'ug' }, denominator: { value: 24, unit: 'h', system: SYSTEM.ucum, code: 'h' } },
            },
          ],
        },
      ],
    } satisfies MedicationRequest);
  });
  // Procedures with the site's local codes (EAP records), refills with a note giving the fill.
  tx.post({
    resourceType: 'Procedure',
    status: 'completed',
    code: { coding: [coding(EPIC_PROCEDURE_SYSTEM, EPIC_STYLE.implantCode, 'PR IMPLANT INTRATHECAL PUMP')], text: 'PR IMPLANT INTRATHECAL PUMP' },
    subject,
    performedPeriod: { start: fmt(implantAt), end: fmt(addDays(implantAt, 2 / 24)) },
    performer: [{ actor: doctor }],
  } satisfies Procedure);
  for (const daysAgo of [EPIC_STYLE.refillDaysAgo + 150, EPIC_STYLE.refillDaysAgo]) {
    tx.post({
      resourceType: 'Procedure',
      status: 'completed',
      code: { coding: [coding(EPIC_PROCEDURE_SYSTEM, EPIC_STYLE.refillCode, 'PR REFILL INTRATHECAL PUMP')], text: 'PR REFILL INTRATHECAL PUMP' },
      subject,
      performedPeriod: { start: fmt(sydneyAt(now, daysAgo, 14)), end: fmt(sydneyAt(now, daysAgo, 14, 30)) },
      performer: [{ actor: nurse }],
      focalDevice: [{ manipulated: pump }],
      note: [{ text: `Refilled with ${EPIC_STYLE.fillVolumeMl} mL baclofen ${EPIC_STYLE.concentrationUgPerMl} mcg/mL. Residual 11 mL.` }],
    } satisfies Procedure);
  }
  // Weight as an Epic flowsheet row: LOINC plus the flowsheet code, in kg.
  const ctx = { subject, performer: nurse };
  tx.post(observation(ctx, {
    category: [concept(SYSTEM.obsCategory, 'vital-signs', 'Vital Signs')],
    code: { coding: [coding(SYSTEM.loinc, '29463-7', 'Body weight'), coding('urn:oid:1.2.840.114350.1.13.0.1.7.2.707679', '14', 'Weight')], text: 'Weight' },
    effectiveDateTime: fmt(sydneyAt(now, 45, 13, 50)),
    valueQuantity: { value: 38.2, unit: 'kg', system: SYSTEM.ucum, code: 'kg' },
  }));
  return {
    bundle: tx.bundle(),
    meta: { id: 'itb-epic', name: 'Noah Patel', gender: 'male', birthDate: dob, mrn: 'MRN100010', scenario: 'Epic-shaped record: rateRatio per 24 h, separate Medication with strength, local procedure codes, refill volume in the note', encounterId: 'enc-itb-epic', location: 'Kids Rehab Outpatients' },
  };
}

/**
 * A child due for a refill today (the refill visit, issue 17): a 20 mL pump of 2000 micrograms/mL
 * at 300 micrograms/day uses 0.15 mL/day, so (20 − 2 mL alarm) / 0.15 = 120 days after the last
 * fill, at 10:00 Sydney 120 days ago, the alarm volume is reached: today.
 */
export const REFILL_DUE = {
  patientId: 'itb-refill-due',
  deviceId: 'device-itb-refill-due',
  reservoirVolumeMl: 20,
  alarmVolumeMl: 2,
  concentrationUgPerMl: 2000,
  dailyDoseUgPerDay: 300,
  fillVolumeMl: 20,
  refillDaysAgo: 120,
  refillHour: 10,
} as const;

function refillDue(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 11, 40);
  const subject = tx.put(patient(REFILL_DUE.patientId, 'MRN100011', 'Zoe', 'Campbell', 'female', dob));
  const implantAt = sydneyAt(now, 700, 9);
  const clinic = tx.put(encounter('enc-itb-refill-due', subject, doctor, 'AMB', minutesBefore(now, 20), undefined, 'ITB refill clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.put(pumpDevice(REFILL_DUE.deviceId, subject, '8637-20', REFILL_DUE.alarmVolumeMl, implantAt, 'NGP260117H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor));
  tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: REFILL_DUE.concentrationUgPerMl, dose: 250, start: sydneyAt(now, 700, 11), end: sydneyAt(now, 300, 11) }));
  tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: REFILL_DUE.concentrationUgPerMl, dose: REFILL_DUE.dailyDoseUgPerDay, start: sydneyAt(now, 300, 11) }));
  refill(tx, subject, nurse, sydneyAt(now, 240, 10), 20, REFILL_DUE.concentrationUgPerMl);
  refill(tx, subject, nurse, sydneyAt(now, REFILL_DUE.refillDaysAgo, REFILL_DUE.refillHour), REFILL_DUE.fillVolumeMl, REFILL_DUE.concentrationUgPerMl);
  tx.post(weight({ subject, encounter: clinic, performer: nurse }, minutesBefore(now, 15), 34.1));
  return {
    bundle: tx.bundle(),
    meta: { id: REFILL_DUE.patientId, name: 'Zoe Campbell', gender: 'female', birthDate: dob, mrn: 'MRN100011', scenario: 'Refill due today: 20 mL pump, 2000 micrograms/mL, 300 micrograms/day, last filled 120 days ago', encounterId: 'enc-itb-refill-due', location: 'Kids Rehab Outpatients' },
  };
}

/**
 * A pump child whose refill falls due in 5 days (issue 18, the CDS patient-view): a 20 mL pump of
 * 2000 micrograms/mL at 240 micrograms/day uses 0.12 mL/day, so (20 − 2 mL alarm) / 0.12 = 150
 * days after the fill the alarm volume is reached. The fill is placed 144.75 days (144 days 18 h)
 * before the run's instant, so the refill is due 5 days 6 hours after it at every hour of the day
 * (a fill at a fixed clock time would make it 4 or 5 whole days depending on the hour). Weight
 * today, no MRI: the pump card and the refill card, nothing else.
 */
export const REFILL_SOON = {
  patientId: 'itb-refill-soon',
  deviceId: 'device-itb-refill-soon',
  reservoirVolumeMl: 20,
  alarmVolumeMl: 2,
  concentrationUgPerMl: 2000,
  dailyDoseUgPerDay: 240,
  fillVolumeMl: 20,
  /** The last fill, this many days before the run's instant (exactly, not at a clock time). */
  refillDaysBeforeNow: 144.75,
  /** (20 − 2) / (240 / 2000) = 150 days after the fill: 5.25 days after the run's instant. */
  dueDaysAfterNow: 5.25,
} as const;

function refillSoon(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 10, 75);
  const subject = tx.put(patient(REFILL_SOON.patientId, 'MRN100012', 'Ella', 'Nguyen', 'female', dob));
  const implantAt = sydneyAt(now, 620, 9);
  const clinic = tx.put(encounter('enc-itb-refill-soon', subject, doctor, 'AMB', minutesBefore(now, 25), undefined, 'ITB review clinic'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 8, 0)));
  tx.put(pumpDevice(REFILL_SOON.deviceId, subject, '8637-20', REFILL_SOON.alarmVolumeMl, implantAt, 'NGP271540H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor));
  tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: REFILL_SOON.concentrationUgPerMl, dose: 200, start: sydneyAt(now, 620, 11), end: sydneyAt(now, 400, 11) }));
  tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: REFILL_SOON.concentrationUgPerMl, dose: REFILL_SOON.dailyDoseUgPerDay, start: sydneyAt(now, 400, 11) }));
  refill(tx, subject, nurse, sydneyAt(now, 300, 10), 20, REFILL_SOON.concentrationUgPerMl);
  refill(tx, subject, nurse, addDays(now, -REFILL_SOON.refillDaysBeforeNow), REFILL_SOON.fillVolumeMl, REFILL_SOON.concentrationUgPerMl);
  tx.post(weight({ subject, encounter: clinic, performer: nurse }, minutesBefore(now, 20), 30.6));
  return {
    bundle: tx.bundle(),
    meta: { id: REFILL_SOON.patientId, name: 'Ella Nguyen', gender: 'female', birthDate: dob, mrn: 'MRN100012', scenario: 'Refill due in 5 days: 20 mL pump, 2000 micrograms/mL, 240 micrograms/day; weighed today', encounterId: 'enc-itb-refill-soon', location: 'Kids Rehab Outpatients' },
  };
}

/**
 * A pump child with an MRI that ended 20 minutes before the run's instant and no interrogation
 * since (issue 18): the pump must be interrogated within 2 hours of the scan (Guideline §2). 20
 * minutes keeps the scan on the same Sydney day at every hour the clock matrix runs (00:30 →
 * 00:10). The refill is 30 days old and the weight from today, so only the pump and MRI cards.
 */
export const MRI_TODAY = {
  patientId: 'itb-mri',
  deviceId: 'device-itb-mri',
  /** The MRI ended this many minutes before the run's instant. */
  mriMinutesBeforeNow: 20,
} as const;

function mriToday(now: Date, ids: Ids): { bundle: Bundle; meta: SeedPatient } {
  const tx = new TransactionBuilder(ids);
  const { doctor, nurse } = practitioners(tx);
  const dob = birthDate(now, 13, 10);
  const subject = tx.put(patient(MRI_TODAY.patientId, 'MRN100013', 'Leo', 'Harris', 'male', dob));
  const implantAt = sydneyAt(now, 1100, 9);
  const ward = tx.put(encounter('enc-itb-mri', subject, doctor, 'IMP', sydneyAt(now, 2, 14), undefined, 'Orthopaedic admission (hip surgery planning)'));
  tx.post(condition(subject, 'cp', dob));
  tx.post(condition(subject, 'spasticity', birthDate(now, 11, 0)));
  tx.put(pumpDevice(MRI_TODAY.deviceId, subject, '8637-40', 2, implantAt, 'NGP187734H'));
  tx.post(procedure(subject, 'pump-implant', 'Intrathecal baclofen pump implant', implantAt, doctor));
  tx.post(itbMedicationRequest({ subject, requester: doctor, concentration: 2000, dose: 400, start: sydneyAt(now, 300, 11) }));
  refill(tx, subject, nurse, sydneyAt(now, 30, 10), 40, 2000);
  // An earlier MRI, interrogated 1.5 h after it: done, no card for it.
  const earlierMri = sydneyAt(now, 200, 11);
  tx.post(procedure(subject, 'mri', 'MRI spine', earlierMri, doctor, {}, [coding(SYSTEM.snomed, '113091000', 'Magnetic resonance imaging')]));
  tx.post(procedure(subject, 'pump-interrogation', 'Intrathecal pump interrogation', addDays(earlierMri, 1.5 / 24), nurse));
  tx.post(procedure(subject, 'mri', 'MRI pelvis and hips', minutesBefore(now, MRI_TODAY.mriMinutesBeforeNow), doctor, { encounter: ward, note: [{ text: '1.5 T MRI pelvis, 35 minutes.' }] }, [coding(SYSTEM.snomed, '113091000', 'Magnetic resonance imaging')]));
  tx.post(weight({ subject, encounter: ward, performer: nurse }, minutesBefore(now, 180), 44.8));
  return {
    bundle: tx.bundle(),
    meta: { id: MRI_TODAY.patientId, name: 'Leo Harris', gender: 'male', birthDate: dob, mrn: 'MRN100013', scenario: 'MRI today, 20 minutes ago, no pump interrogation since: 40 mL pump, 400 micrograms/day', encounterId: 'enc-itb-mri', location: 'Ward 3 North, Bed 7' },
  };
}

/** The whole seed for a given "now". Same `now` ⇒ identical output. */
export function generateSeed(now: Date): Seed {
  const builders = [pretest, testDoseDay, titration, stable, lowDose, pounds, longHistory, messy, oracleStyle, epicStyle, refillDue, refillSoon, mriToday];
  const results = builders.map((build, k) => build(now, new Ids(1000 + k)));
  return { bundles: results.map((r) => r.bundle), patients: results.map((r) => r.meta), practitionerId: PRACTITIONER_ID };
}

function main(): void {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');
  mkdirSync(outDir, { recursive: true });
  const seed = generateSeed(new Date());
  seed.bundles.forEach((bundle, k) => {
    const meta = seed.patients[k];
    if (!meta) return;
    const file = join(outDir, `${meta.id}.json`);
    writeFileSync(file, JSON.stringify(bundle, null, 2));
    console.log(`${file}: ${bundle.entry?.length ?? 0} entries — ${meta.scenario}`);
  });
  writeFileSync(join(outDir, 'patients.json'), JSON.stringify(seed.patients, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
