/**
 * Bad input never becomes a number. Every domain function that takes outside values returns a
 * `Result`: either `{ ok: true, value }` or `{ ok: false, error: { field, message } }`, where
 * `field` names the input that failed (dotted path for nested inputs, e.g. `weight.value`).
 */

export interface DomainInputError {
  /** The input that failed, e.g. `weight.value`, `doseSchedule[1].dailyDose`. */
  readonly field: string;
  /** A sentence a clinician can read. */
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DomainInputError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(field: string, message: string): Result<T> => ({
  ok: false,
  error: { field, message },
});

/** A finite number strictly greater than zero (doses, volumes, concentrations, weights). */
export function requirePositive(field: string, value: number): Result<number> {
  if (typeof value !== 'number' || Number.isNaN(value)) return fail(field, `${field} is not a number.`);
  if (!Number.isFinite(value)) return fail(field, `${field} must be a finite number.`);
  if (value < 0) return fail(field, `${field} cannot be negative (got ${value}).`);
  if (value === 0) return fail(field, `${field} cannot be zero.`);
  return ok(value);
}

/** A finite number, zero allowed (scores, angles, changes). */
export function requireFinite(field: string, value: number): Result<number> {
  if (typeof value !== 'number' || Number.isNaN(value)) return fail(field, `${field} is not a number.`);
  if (!Number.isFinite(value)) return fail(field, `${field} must be a finite number.`);
  return ok(value);
}

/** An integer within [min, max] (scale scores). */
export function requireIntegerInRange(field: string, value: number, min: number, max: number): Result<number> {
  const finite = requireFinite(field, value);
  if (!finite.ok) return finite;
  if (!Number.isInteger(value) || value < min || value > max) {
    return fail(field, `${field} must be a whole number from ${min} to ${max} (got ${value}).`);
  }
  return ok(value);
}
