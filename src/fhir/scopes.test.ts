import { describe, expect, it } from 'vitest';
import { grantsCreate, grantsObservationCreate, mapWriteGrant } from './scopes';

describe('grantsObservationCreate', () => {
  it.each([
    ['launch openid fhirUser patient/Observation.read patient/Observation.write', true],
    ['patient/Observation.*', true],
    ['user/Observation.write', true],
    ['patient/*.write', true],
    ['patient/Observation.cu', true],
    ['patient/Observation.cruds', true],
    ['patient/Observation.c?category=vital-signs', true],
    ['launch openid fhirUser patient/Observation.read patient/MedicationRequest.read', false],
    ['patient/Observation.rs', false],
    ['patient/Observation.rs?category=vital-signs', false],
    ['patient/Patient.write', false],
    ['patient/Observation.u', false],
    ['', false],
  ])('%s → %s', (scope, expected) => {
    expect(grantsObservationCreate(scope)).toBe(expected);
  });
});

describe('grantsCreate for the refill visit Procedure', () => {
  it.each([
    ['patient/Procedure.read patient/Procedure.write', true],
    ['patient/*.write', true],
    ['patient/Procedure.c', true],
    ['patient/Procedure.read patient/Observation.write', false],
    ['patient/ProcedureRequest.write', false],
    ['patient/Procedure.rs', false],
  ])('%s → %s', (scope, expected) => {
    expect(grantsCreate(scope, 'Procedure')).toBe(expected);
  });
});

describe('mapWriteGrant', () => {
  it('reads the scopes the EHR granted, which may be fewer than requested', () => {
    expect(mapWriteGrant('launch patient/Observation.read', ['launch', 'patient/Observation.read', 'patient/Observation.write'])).toEqual({
      canWrite: false,
      granted: ['launch', 'patient/Observation.read'],
      assumed: false,
    });
  });

  it('takes the request as granted when the token response carries no scope (RFC 6749 §5.1), and says so', () => {
    expect(mapWriteGrant(undefined, ['launch', 'patient/Observation.write'])).toMatchObject({ canWrite: true, assumed: true });
  });
});
