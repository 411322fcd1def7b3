import { describe, expect, it } from 'vitest';
import { microgramsPerMl, millilitres } from '../domain/units';
import type { PumpInfo, Refill } from '../fhir';
import { enteredFacts, withSessionRefill } from './session-refill';

const refill = (over: Partial<Refill> = {}): Refill => ({
  procedureId: 'r1',
  performed: '2026-09-13T10:00:00+10:00',
  fillVolume: undefined,
  concentration: microgramsPerMl(2000),
  concentrationFrom: { from: 'observation', id: 'o1' },
  ...over,
});
const pump = (refills: Refill[]): PumpInfo => ({ device: undefined, implantDate: undefined, procedures: [], refills, issues: [] });

describe("this session's entered refill facts", () => {
  it('fill only what the EHR lacks on the refill they were entered for, and say which', () => {
    const p = withSessionRefill(pump([refill()]), { fillVolume: 40, concentration: 1000, forProcedureId: 'r1' });
    expect(p.refills[0]).toMatchObject({ fillVolume: 40, fillVolumeFrom: { from: 'entered' }, concentration: 2000, concentrationFrom: { from: 'observation', id: 'o1' } });
    expect(enteredFacts(p.refills[0])).toEqual(['fill volume']);
  });

  it('do not apply once a newer refill is recorded', () => {
    const newer = refill({ procedureId: 'r2', performed: '2026-11-01T10:00:00+11:00' });
    const p = withSessionRefill(pump([newer, refill()]), { fillVolume: 40, forProcedureId: 'r1' });
    expect(p.refills[0]).toBe(newer);
    expect(enteredFacts(p.refills[0])).toEqual([]);
  });

  it('make a refill from the entered date only while the EHR records none', () => {
    const entry = { performed: '2026-09-13', fillVolume: 40 };
    expect(withSessionRefill(pump([]), entry).refills).toEqual([
      { procedureId: undefined, performed: '2026-09-13', performedFrom: { from: 'entered' }, fillVolume: millilitres(40), concentration: undefined, fillVolumeFrom: { from: 'entered' }, refused: [] },
    ]);
    const recorded = refill({ fillVolume: millilitres(20) });
    expect(withSessionRefill(pump([recorded]), entry).refills).toEqual([recorded]);
  });

  it('without a date, an entry for no refill makes nothing up', () => {
    expect(withSessionRefill(pump([]), { fillVolume: 40 }).refills).toEqual([]);
  });
});
