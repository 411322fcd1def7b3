/** Test helpers for the domain's Result type (used only by *.test.ts). */
import { expect } from 'vitest';
import type { DomainInputError, Result } from './result';

export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got error on ${result.error.field}: ${result.error.message}`);
  return result.value;
}

export function expectError<T>(result: Result<T>, field: string): DomainInputError {
  if (result.ok) throw new Error(`Expected an error on ${field}, got ok`);
  expect(result.error.field).toBe(field);
  expect(result.error.message.length).toBeGreaterThan(0);
  return result.error;
}
