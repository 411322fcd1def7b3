import { describe, expect, it } from 'vitest';
import { clearRefillDraft, loadRefillDraft, refillDraftKey, refillDraftWorthKeeping, saveRefillDraft, type RefillDraft, type RefillForm } from './refill-draft';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

const opened: RefillForm = {
  time: '2026-11-24T10:15',
  residual: '',
  fill: '',
  concentrationChoice: '2000',
  otherConcentration: '',
  otherConfirmed: false,
  dose: '300',
  lowDoseConfirmedFor: undefined,
  mode: 'simple-continuous',
  flexSteps: '',
  programmerDate: '',
  performedBy: '',
};
const draft = (over: Partial<RefillDraft> = {}): RefillDraft => ({
  version: 1,
  patientId: 'p1',
  visitId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  attempted: false,
  phase: 'entry',
  form: { ...opened, residual: '2.1', fill: '20', performedBy: 'CNC Sam Taylor' },
  ...over,
});

describe('refill visit draft', () => {
  it('round-trips through sessionStorage under the patient, beside the other drafts', () => {
    const s = memoryStorage();
    saveRefillDraft(s, draft({ attempted: true, phase: 'review', procedureId: 'proc-1' }));
    expect(s.getItem(refillDraftKey('p1'))).not.toBeNull();
    expect(refillDraftKey('p1')).toBe('itb:draft:refill:p1');
    expect(loadRefillDraft(s, 'p1')).toEqual(draft({ attempted: true, phase: 'review', procedureId: 'proc-1' }));
    expect(loadRefillDraft(s, 'p2')).toBeUndefined();
    clearRefillDraft(s, 'p1');
    expect(loadRefillDraft(s, 'p1')).toBeUndefined();
  });

  it('drops a stored value that does not parse or names another child', () => {
    const s = memoryStorage();
    s.setItem(refillDraftKey('p1'), '{not json');
    expect(loadRefillDraft(s, 'p1')).toBeUndefined();
    expect(s.getItem(refillDraftKey('p1'))).toBeNull();
    s.setItem(refillDraftKey('p1'), JSON.stringify({ ...draft(), patientId: 'p2' }));
    expect(loadRefillDraft(s, 'p1')).toBeUndefined();
    s.setItem(refillDraftKey('p1'), JSON.stringify({ ...draft(), visitId: 'not-a-uuid' }));
    expect(loadRefillDraft(s, 'p1')).toBeUndefined();
    expect(s.getItem(refillDraftKey('p1'))).toBeNull();
  });

  it('is kept only once something was typed, reviewed or attempted', () => {
    expect(refillDraftWorthKeeping({ attempted: false, phase: 'entry', form: opened }, opened)).toBe(false);
    expect(refillDraftWorthKeeping({ attempted: false, phase: 'entry', form: { ...opened, residual: '2' } }, opened)).toBe(true);
    expect(refillDraftWorthKeeping({ attempted: false, phase: 'entry', form: { ...opened, time: '2026-11-24T09:50' } }, opened)).toBe(true);
    expect(refillDraftWorthKeeping({ attempted: true, phase: 'entry', form: opened }, opened)).toBe(true);
  });

  it('blocked storage costs only the reload survival', () => {
    const blocked = { ...memoryStorage(), getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); } } as Storage;
    expect(() => saveRefillDraft(blocked, draft())).not.toThrow();
    expect(loadRefillDraft(blocked, 'p1')).toBeUndefined();
  });
});
