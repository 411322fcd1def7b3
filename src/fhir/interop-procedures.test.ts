/**
 * The interoperability corpus for pump procedures and devices (test/fixtures/interop, described in
 * README-procedures.md): each resource shaped like Oracle Health, Epic or FHIR R4 specification
 * examples, with the reading it must produce written out by hand.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { millilitres } from '../domain/units';
import { parseResource } from './parse';
import { CPT_SYSTEM, DEFAULT_PROCEDURE_RECOGNITION, procedureRecognitionFrom, type ProcedureRecognition } from './procedure-recognition';
import { choosePumpDevice, classifyProcedures, mapDevice, mapRefills } from './pump';
import { deviceSchema, procedureSchema } from './schemas';
import { loadUcum } from '../domain/units';

// These call the mappers directly (the reads wait for the library in withUnits): EHR units such as
// [degF] and cc are outside the app's table, so the UCUM library is loaded first.
beforeAll(() => loadUcum());

const EAP = 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580';
const SNOMED = 'http://snomed.info/sct';

function interop(name: string): unknown {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, '../../test/fixtures/interop', `${name}.json`), 'utf8')) as unknown;
}

function readProcedure(name: string, recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION) {
  const parsed = parseResource(procedureSchema, interop(name));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.issue.path}: ${parsed.issue.message}`);
  const { records, ambiguous } = classifyProcedures([parsed.value], recognition);
  const { refills } = mapRefills(records, [], { recognition, reservoir: millilitres(40) });
  return { record: records[0], ambiguous, refill: refills[0] };
}

const byText = (text: string) => ({ by: 'text', text });
const byCode = (system: string, code: string) => ({ by: 'code', system, code });
const fromText = (field: string, text: string) => ({ from: 'text', field, text });

const EPIC_SITE = procedureRecognitionFrom({ procedureCodes: [{ kind: 'pump-refill', system: EAP, code: '129876' }], recentProcedureCount: 50 });

describe('pump procedures as Oracle Health, Epic and the FHIR R4 examples write them', () => {
  it.each([
    [
      'procedure-oracle-refill-text-focal-device',
      DEFAULT_PROCEDURE_RECOGNITION,
      { kind: 'pump-refill', performed: '2026-09-13T00:00:00Z', match: byText('Intrathecal baclofen pump refill (40 mL of 2000 mcg/mL)'), devices: ['Device/15577900'] },
      {
        fillVolume: 40,
        concentration: 2000,
        fillVolumeFrom: fromText('code text', 'Intrathecal baclofen pump refill (40 mL of 2000 mcg/mL)'),
        concentrationFrom: fromText('code text', 'Intrathecal baclofen pump refill (40 mL of 2000 mcg/mL)'),
        refused: [],
      },
    ],
    [
      'procedure-oracle-refill-date-only-two-volumes',
      DEFAULT_PROCEDURE_RECOGNITION,
      { kind: 'pump-refill', performed: '2026-08-02', match: byText('ITB pump refill') },
      {
        // The residual ("3.2 mL withdrawn") is named as such, so the fill is the 20 mL.
        fillVolume: 20,
        fillVolumeFrom: fromText('note', 'Residual 3.2 mL withdrawn. Filled 20 mL of 1000 mcg/mL. Pump reprogrammed, next refill per programmer.'),
        concentration: 1000,
        concentrationFrom: fromText('note', 'Residual 3.2 mL withdrawn. Filled 20 mL of 1000 mcg/mL. Pump reprogrammed, next refill per programmer.'),
        refused: [],
      },
    ],
    [
      'procedure-oracle-cpt-refill-thousands-comma',
      DEFAULT_PROCEDURE_RECOGNITION,
      { kind: 'pump-refill', performed: '2026-07-01T23:30:00Z', match: byCode(CPT_SYSTEM, '62369') },
      {
        fillVolume: 40,
        fillVolumeFrom: fromText('note', 'Filled 40 mL; concentration 2,000 mcg/mL.'),
        concentration: undefined,
        refused: ['The concentration in the refill\'s note was not read: "2,000" could be a thousands separator or a decimal point in "2,000 mcg/mL".'],
      },
    ],
    [
      'procedure-oracle-refill-overfilled',
      DEFAULT_PROCEDURE_RECOGNITION,
      { kind: 'pump-refill', match: byText('ITB pump refill 60 mL of 2000 mcg/mL') },
      { fillVolume: undefined, concentration: 2000, refused: ["The fill volume in the refill's code text was left out: 60 mL is more than the pump's 40 mL reservoir."] },
    ],
    [
      'procedure-oracle-refill-mg-per-ml',
      DEFAULT_PROCEDURE_RECOGNITION,
      { kind: 'pump-refill', match: byText('Baclofen pump refill: 20 mL of 2 mg/mL') },
      {
        fillVolume: 20,
        concentration: undefined,
        refused: [
          'The concentration in the refill\'s code text ("2 mg/mL") is not in micrograms/mL: not read (intrathecal strengths are written in micrograms/mL).',
        ],
      },
    ],
    [
      'procedure-epic-eap-refill',
      DEFAULT_PROCEDURE_RECOGNITION,
      { kind: 'pump-refill', performed: '2026-09-10T23:15:00Z', match: byText('INTRATHECAL PUMP REFILL W/ REPROGRAMMING'), devices: ['Device/eDEV1'] },
      { fillVolume: 20, concentration: 1000, fillVolumeFrom: fromText('note', '20 mL of 1000 mcg/mL instilled, residual discarded'), refused: [] },
    ],
    [
      'procedure-epic-eap-refill',
      EPIC_SITE,
      { kind: 'pump-refill', match: byCode(EAP, '129876') },
      { fillVolume: 20, concentration: 1000 },
    ],
    ['procedure-epic-implant-cpt', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'pump-implant', performed: '2023-11-10T22:00:00Z', match: byCode(CPT_SYSTEM, '62362') }, undefined],
    ['procedure-epic-interrogation-cpt', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'pump-interrogation', match: byCode(CPT_SYSTEM, '62367') }, undefined],
    ['procedure-oracle-mri-snomed', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'mri', performed: '2026-10-05T04:00:00Z', match: byCode(SNOMED, '113091000') }, undefined],
    ['procedure-oracle-mri-text', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'mri', match: byText('MRI Spine Lumbar w/o Contrast') }, undefined],
    ['procedure-oracle-test-dose-text', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'test-dose', match: byText('Intrathecal baclofen test dose 50 mcg via lumbar puncture') }, undefined],
    ['procedure-oracle-catheter-revision', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'catheter-revision', match: byText('Revision of intrathecal catheter') }, undefined],
    ['procedure-oracle-pump-replacement', DEFAULT_PROCEDURE_RECOGNITION, { kind: 'pump-replacement', match: byText('Replacement of intrathecal baclofen pump (ERI reached)') }, undefined],
  ] as const)('%s is read as its kind, with how it was matched', (name, recognition, record, refill) => {
    const read = readProcedure(name, recognition);
    expect(read.record).toMatchObject(record);
    expect(read.ambiguous).toEqual([]);
    if (refill === undefined) expect(read.refill).toBeUndefined();
    else expect(read.refill).toMatchObject(refill);
  });

  it.each([
    ['procedure-oracle-refill-entered-in-error', []],
    ['procedure-fhir-r4-example-implant-pacemaker', []],
    ['procedure-fhir-r4-example-appendectomy', []],
    ['procedure-oracle-mri-and-interrogation', [{ id: '2573100015', text: 'MRI brain then pump interrogation', kinds: ['pump-interrogation', 'mri'] }]],
  ] as const)('%s is not used as a pump procedure (ambiguous ones are named)', (name, ambiguous) => {
    const read = readProcedure(name);
    expect(read.record).toBeUndefined();
    expect(read.ambiguous).toEqual(ambiguous);
  });
});

function readDevice(name: string) {
  const parsed = parseResource(deviceSchema, interop(name));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.issue.path}: ${parsed.issue.message}`);
  return parsed.value;
}

describe('the pump Device as EHRs write it', () => {
  it.each([
    ['device-oracle-synchromed-text-properties', { name: 'SynchroMed II', model: '8637-40', reservoirVolume: 40, lowReservoirAlarmVolume: 2, replacementDate: '2030-11-10', refused: [] }],
    ['device-itb-coded-properties', { reservoirVolume: 20, lowReservoirAlarmVolume: 4, refused: [] }],
    [
      'device-epic-pump-units-not-ml',
      {
        name: 'SYNCHROMED II INFUSION PUMP',
        reservoirVolume: undefined,
        lowReservoirAlarmVolume: undefined,
        refused: ['Reservoir volume on Device/eDEV1 left out: 20 cc is not in mL', 'Low-reservoir alarm volume on Device/eDEV1 left out: 2 has no unit (mL expected)'],
      },
    ],
  ] as const)('%s is the pump, its properties matched by code or text, mL only', (name, expected) => {
    const d = readDevice(name);
    const { chosen, ignored } = choosePumpDevice([d], []);
    expect(chosen?.id).toBe(d.id);
    expect(ignored).toEqual([]);
    expect(mapDevice(d)).toMatchObject(expected);
  });

  it.each([
    ['device-oracle-insulin-pump', 'Device/15575768 "Insulin Pump" is not an intrathecal pump'],
    ['device-oracle-total-hip-set', 'Device/15577765 "Total Hip Set" is not an intrathecal pump'],
    ['device-fhir-r4-example-pacemaker', 'Device/example-pacemaker "Octane" is not an intrathecal pump'],
  ])('%s is never shown as the pump, and is named', (name, why) => {
    expect(choosePumpDevice([readDevice(name)], [])).toEqual({ chosen: undefined, ignored: [why] });
  });

  it('among all the devices, the pump the latest refill points at (focalDevice) is the one shown', () => {
    const devices = [
      'device-oracle-insulin-pump',
      'device-epic-pump-units-not-ml',
      'device-oracle-synchromed-text-properties',
      'device-oracle-total-hip-set',
    ].map(readDevice);
    const { record } = readProcedure('procedure-oracle-refill-text-focal-device');
    const { chosen, ignored } = choosePumpDevice(devices, record === undefined ? [] : [record]);
    expect(chosen?.id).toBe('15577900');
    expect(ignored).toEqual([
      'Device/15575768 "Insulin Pump" is not an intrathecal pump',
      'Device/15577765 "Total Hip Set" is not an intrathecal pump',
      'Device/eDEV1 "SYNCHROMED II INFUSION PUMP" (active) was not used: Device/15577900 "SynchroMed II" is the current pump',
    ]);
  });
});

describe('a pump Device that says it is not in use', () => {
  const pumpWith = (status: string | undefined) => {
    const d = readDevice('device-oracle-synchromed-text-properties');
    const { status: _s, ...rest } = d;
    return status === undefined ? rest : { ...rest, status };
  };
  it.each([
    ['inactive', 'inactive'],
    ['unknown', 'unknown'],
  ])('status %s is still the pump (never dropped silently) and is flagged as not active', (status, flagged) => {
    const d = pumpWith(status);
    expect(choosePumpDevice([d], []).chosen?.id).toBe(d.id);
    expect(mapDevice(d).notActive).toBe(flagged);
  });
  it.each([['active'], [undefined]])('status %s is not flagged (status is optional in R4)', (status) => {
    expect(mapDevice(pumpWith(status)).notActive).toBeUndefined();
  });
});
