/**
 * docs/plausibility.md is the one place the plausible ranges are named for clinical sign-off: it
 * must say what the code does. Each row is checked against the constant it names, so a bound moved
 * in the code without the document (or the other way) fails here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML, MAX_PLAUSIBLE_DAILY_DOSE_UG, MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML, MIN_PLAUSIBLE_DAILY_DOSE_UG } from '../domain/itb-plausibility';
import { MAX_PLAUSIBLE_WEIGHT_KG, MIN_PLAUSIBLE_WEIGHT_KG } from '../domain/units';
import { VITAL_SIGN_LIMITS } from '../domain/vital-signs';
import { EARLIEST_RECORD_YEAR, RECORD_FUTURE_TOLERANCE_MS } from './plausible';
import { LARGEST_RESERVOIR_ML, MAX_PLAUSIBLE_RESERVOIR_ML } from './pump';
import { MAX_PLAUSIBLE_TEST_DOSE_UG } from './service-requests';

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/plausibility.md'), 'utf8');
const row = (quantity: string): string => doc.split('\n').find((line) => line.startsWith(`| ${quantity}`)) ?? `no row for ${quantity}`;

describe('docs/plausibility.md', () => {
  it('is labelled pending clinical sign-off', () => {
    expect(doc).toContain('**Pending clinical sign-off.**');
  });

  it.each([
    ['Date of a recorded event', `1 Jan ${EARLIEST_RECORD_YEAR} to ${RECORD_FUTURE_TOLERANCE_MS / 3_600_000} h after now`],
    ['Daily intrathecal dose', `${MIN_PLAUSIBLE_DAILY_DOSE_UG}–${MAX_PLAUSIBLE_DAILY_DOSE_UG} micrograms/day`],
    ['Concentration', `${MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML}–${MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML} micrograms/mL`],
    ['Planned test dose', `1–${MAX_PLAUSIBLE_TEST_DOSE_UG} micrograms`],
    ['Pump reservoir', `1–${MAX_PLAUSIBLE_RESERVOIR_ML} mL`],
    ['Refill fill volume', `(${LARGEST_RESERVOIR_ML} mL when it records none)`],
    ['Body weight', `${MIN_PLAUSIBLE_WEIGHT_KG}–${MAX_PLAUSIBLE_WEIGHT_KG} kg`],
    ['Heart rate', `above ${VITAL_SIGN_LIMITS.heartRate.impossibleBelow} to ${VITAL_SIGN_LIMITS.heartRate.impossibleAbove} /min`],
    ['Respiratory rate', `${VITAL_SIGN_LIMITS.respiratoryRate.impossibleBelow}–${VITAL_SIGN_LIMITS.respiratoryRate.impossibleAbove} /min`],
    ['SpO2', `above ${VITAL_SIGN_LIMITS.spo2.impossibleBelow} to ${VITAL_SIGN_LIMITS.spo2.impossibleAbove} %`],
    ['Systolic / diastolic blood pressure', `above 0 to ${VITAL_SIGN_LIMITS.systolicBp.impossibleAbove} / ${VITAL_SIGN_LIMITS.diastolicBp.impossibleAbove} mmHg`],
    ['Temperature', `${VITAL_SIGN_LIMITS.temperature.impossibleBelow}–${VITAL_SIGN_LIMITS.temperature.impossibleAbove} °C`],
    ['Pain score', `whole numbers ${VITAL_SIGN_LIMITS.pain.impossibleBelow}–${VITAL_SIGN_LIMITS.pain.impossibleAbove}`],
  ])('names the %s range the code uses (%s)', (quantity, range) => {
    expect(row(quantity)).toContain(range);
  });
});
