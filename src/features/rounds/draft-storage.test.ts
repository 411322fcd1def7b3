// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { clearRoundDraft, draftKey, loadRoundDraft, newRoundDraft, saveRoundDraft } from './draft-storage';
import { emptyRound } from './round-form';

const GROUP = '0b1c7f7e-9f5d-4d8e-9a55-1f3c2a4b5c6d';
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

describe('round draft in session storage', () => {
  it('is namespaced by patient and round-trips with its group id', () => {
    const draft = { ...newRoundDraft('p1', GROUP, { ...emptyRound('2026-09-13T10:10'), heartRate: '131' }), attempted: true };
    saveRoundDraft(sessionStorage, draft);
    expect(Object.keys(sessionStorage)).toEqual(['itb:draft:round:p1']);
    expect(Object.keys(localStorage)).toEqual([]);
    expect(loadRoundDraft(sessionStorage, 'p1')).toEqual(draft);
    expect(loadRoundDraft(sessionStorage, 'p2')).toBeUndefined();
  });

  it('drops a draft that does not parse, or that names another patient', () => {
    sessionStorage.setItem(draftKey('p1'), '{not json');
    expect(loadRoundDraft(sessionStorage, 'p1')).toBeUndefined();
    expect(sessionStorage.getItem(draftKey('p1'))).toBeNull();
    sessionStorage.setItem(draftKey('p1'), JSON.stringify(newRoundDraft('p2', GROUP, emptyRound('2026-09-13T10:10'))));
    expect(loadRoundDraft(sessionStorage, 'p1')).toBeUndefined();
    sessionStorage.setItem(draftKey('p1'), JSON.stringify({ ...newRoundDraft('p1', 'not-a-uuid', emptyRound('x')) }));
    expect(loadRoundDraft(sessionStorage, 'p1')).toBeUndefined();
  });

  it('is cleared on save', () => {
    saveRoundDraft(sessionStorage, newRoundDraft('p1', GROUP, emptyRound('2026-09-13T10:10')));
    clearRoundDraft(sessionStorage, 'p1');
    expect(loadRoundDraft(sessionStorage, 'p1')).toBeUndefined();
  });
});
