import { describe, expect, it } from 'vitest';
import { applyEhrQuirks } from './use-write-setup';

const full = { mode: 'transaction', conditionalCreate: true, canUpdate: true } as const;

describe("narrowing the EHR's write strategy by the site's knowledge of it", () => {
  it('keeps transactions and conditional create where the site allows them', () => {
    expect(applyEhrQuirks(full, { transactions: 'auto', conditionalCreate: 'auto', writeCodes: {} })).toEqual(full);
  });

  it('writes one Observation at a time on an EHR configured without transactions (Oracle Health, Epic)', () => {
    const s = applyEhrQuirks(full, { transactions: 'never', conditionalCreate: 'never', writeCodes: {} });
    expect(s).toEqual({ mode: 'one-at-a-time', conditionalCreate: false, canUpdate: true });
  });
});
