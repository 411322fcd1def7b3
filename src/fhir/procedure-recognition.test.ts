import { describe, expect, it } from 'vitest';
import { parseSiteConfig, SiteConfigError } from '../config/site-config';
import {
  classifyProcedureCode,
  DEFAULT_PROCEDURE_RECOGNITION,
  DEFAULT_REFILL_TEXT,
  procedureRecognitionFrom,
  readFactFromText,
} from './procedure-recognition';

const text = (t: string) => classifyProcedureCode({ text: t }, DEFAULT_PROCEDURE_RECOGNITION);

describe('recognising a pump procedure by its text (default patterns)', () => {
  it.each([
    ['Intrathecal baclofen pump refill (40 mL of 2000 mcg/mL)', 'pump-refill'],
    ['ITB refill and reprogramming', 'pump-refill'],
    ['REFILL OF IMPLANTED DRUG PUMP', 'pump-refill'],
    ['Insertion of intrathecal baclofen pump', 'pump-implant'],
    ['ITB pump implantation', 'pump-implant'],
    ['Replacement of intrathecal pump (end of battery life)', 'pump-replacement'],
    ['Revision of intrathecal catheter', 'catheter-revision'],
    ['Interrogation of implanted intrathecal pump', 'pump-interrogation'],
    ['Intrathecal baclofen test dose 50 micrograms via lumbar puncture', 'test-dose'],
    ['ITB test dose prior to pump implant', 'test-dose'],
    ['MRI brain without contrast', 'mri'],
    ['Magnetic resonance imaging of spine', 'mri'],
  ])('"%s" is a %s, matched by its text', (t, kind) => {
    expect(text(t)).toEqual({ kind: 'matched', procedureKind: kind, match: { by: 'text', text: t } });
  });

  it.each([
    ['Appendicectomy'],
    ['Refill of prescription'],
    ['Insulin pump review'],
    ['Urinary catheter replacement'],
    ['Insulin pump refill'],
    ['Insulin pump interrogation'],
    ['Consult for ITB pump implantation'],
    ['Pre-implant assessment for intrathecal baclofen pump'],
    ['ITB pump bolus programmed'],
  ])('"%s" is not a pump procedure', (t) => {
    expect(text(t)).toEqual({ kind: 'none' });
  });

  it('does not guess when a text fits two kinds: names both', () => {
    expect(text('MRI then pump interrogation')).toEqual({ kind: 'ambiguous', kinds: ['pump-interrogation', 'mri'], text: 'MRI then pump interrogation' });
  });
});

describe('recognising a pump procedure by code', () => {
  it('a code wins over the text and says which code matched', () => {
    expect(classifyProcedureCode({ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '62369' }], text: 'Pump visit' }, DEFAULT_PROCEDURE_RECOGNITION)).toEqual({
      kind: 'matched',
      procedureKind: 'pump-refill',
      match: { by: 'code', system: 'http://www.ama-assn.org/go/cpt', code: '62369' },
    });
  });

  it("uses a site's local code (an Oracle Health or Epic procedure code)", () => {
    const recognition = procedureRecognitionFrom({ procedureCodes: [{ kind: 'pump-refill', system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580', code: '8675' }], recentProcedureCount: 50 });
    expect(classifyProcedureCode({ coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580', code: '8675' }] }, recognition)).toMatchObject({ kind: 'matched', procedureKind: 'pump-refill' });
    expect(classifyProcedureCode({ coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580', code: '8675' }] }, DEFAULT_PROCEDURE_RECOGNITION)).toEqual({ kind: 'none' });
  });

  it('two codings that say different kinds are not resolved silently', () => {
    const cc = {
      coding: [
        { system: 'http://www.ama-assn.org/go/cpt', code: '62369' },
        { system: 'http://snomed.info/sct', code: '113091000' },
      ],
    };
    expect(classifyProcedureCode(cc, DEFAULT_PROCEDURE_RECOGNITION)).toMatchObject({ kind: 'ambiguous', kinds: ['pump-refill', 'mri'] });
  });
});

describe('fill volume and concentration read from the refill text', () => {
  const note = 'Intrathecal baclofen pump refill (40 mL of 2000 mcg/mL)';
  it('finds 40 mL and 2000 micrograms/mL in "40 mL of 2000 mcg/mL"', () => {
    expect(readFactFromText(note, 'fill-volume', DEFAULT_REFILL_TEXT)).toMatchObject({ kind: 'found', value: 40, unit: 'ml' });
    expect(readFactFromText(note, 'concentration', DEFAULT_REFILL_TEXT)).toMatchObject({ kind: 'found', value: 2000, unit: 'mcg' });
  });

  it.each([
    ['Refilled with 40 mL baclofen 2000 mcg/mL. Residual 11 mL.', 40],
    ['Residual 3.1 mL withdrawn. Filled 20 mL.', 20],
    ['3 mL withdrawn, 20 mL of 2000 mcg/mL instilled', 20],
    ['Residual volume: 2.5 mL; refilled 40 mL', 40],
  ])('reads the fill, not the residual, from %j', (text, fill) => {
    expect(readFactFromText(text, 'fill-volume', DEFAULT_REFILL_TEXT)).toMatchObject({ kind: 'found', value: fill });
  });

  it('still refuses two fill volumes in one text', () => {
    expect(readFactFromText('Filled 20 mL, then 40 mL', 'fill-volume', DEFAULT_REFILL_TEXT)).toMatchObject({ kind: 'refused' });
  });

  it('reads "20 ml" and "1000 micrograms per mL" and a decimal comma "19,5 mL"', () => {
    expect(readFactFromText('filled 20 ml, 1000 micrograms per mL', 'fill-volume', DEFAULT_REFILL_TEXT)).toMatchObject({ value: 20 });
    expect(readFactFromText('filled 20 ml, 1000 micrograms per mL', 'concentration', DEFAULT_REFILL_TEXT)).toMatchObject({ value: 1000 });
    expect(readFactFromText('19,5 mL instilled', 'fill-volume', DEFAULT_REFILL_TEXT)).toMatchObject({ value: 19.5 });
  });

  it('refuses an ambiguous thousands comma and two different volumes, naming them', () => {
    expect(readFactFromText('40 mL of 2,000 mcg/mL', 'concentration', DEFAULT_REFILL_TEXT)).toEqual({
      kind: 'refused',
      reason: '"2,000" could be a thousands separator or a decimal point in "2,000 mcg/mL"',
    });
    expect(readFactFromText('withdrew 3 mL, filled 40 mL', 'fill-volume', DEFAULT_REFILL_TEXT)).toEqual({
      kind: 'refused',
      reason: 'the text gives more than one value ("3 mL", "40 mL")',
    });
  });

  it('finds nothing in a note with no numbers', () => {
    expect(readFactFromText('Pump refilled without incident', 'fill-volume', DEFAULT_REFILL_TEXT)).toEqual({ kind: 'none' });
  });
});

describe('site configuration of procedure recognition', () => {
  const base = {
    version: 1,
    site: { name: 'Test', timeZone: 'Australia/Sydney' },
    ehrs: [{ id: 'test', name: 'Test', issuers: ['https://ehr.example/fhir'], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['openid', 'fhirUser', 'online_access'] }],
  };

  it('names a text pattern that is not a regular expression when the app starts', () => {
    expect(() =>
      parseSiteConfig({ ...base, clinical: { procedureTextPatterns: [{ kind: 'pump-refill', allOf: ['refill(', 'pump'] }] } }),
    ).toThrow(/clinical\.procedureTextPatterns\.0\.allOf\.0: "refill\(" is not a valid regular expression/);
  });

  it('refuses a refill pattern that does not name its number, and an unknown kind', () => {
    expect(() => parseSiteConfig({ ...base, clinical: { refillTextPatterns: [{ fact: 'fill-volume', pattern: '(\\d+) mL' }] } })).toThrow(SiteConfigError);
    expect(() => parseSiteConfig({ ...base, clinical: { refillTextPatterns: [{ fact: 'concentration', pattern: '(?<value>\\d+) mcg/mL' }] } })).toThrow(
      /clinical\.refillTextPatterns\.0\.pattern: a concentration pattern must name its unit/,
    );
    expect(() => parseSiteConfig({ ...base, clinical: { procedureCodes: [{ kind: 'pump-fill', system: 's', code: 'c' }] } })).toThrow(/clinical\.procedureCodes\.0\.kind/);
  });

  it('adds site codes to the built-in ones and keeps the default text patterns', () => {
    const site = parseSiteConfig({ ...base, clinical: { procedureCodes: [{ kind: 'mri', system: 'urn:site', code: 'MRI01' }] } });
    const recognition = procedureRecognitionFrom(site.clinical);
    expect(recognition.codes).toContainEqual({ kind: 'mri', system: 'urn:site', code: 'MRI01' });
    expect(recognition.codes).toContainEqual({ kind: 'mri', system: 'http://snomed.info/sct', code: '113091000' });
    expect(recognition.text).toBe(DEFAULT_PROCEDURE_RECOGNITION.text);
    expect(recognition.recentCount).toBe(50);
  });
});
