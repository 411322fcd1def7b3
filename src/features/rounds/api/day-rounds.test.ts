import { describe, expect, it } from 'vitest';
import type { ObservationRecord } from '../../../fhir';
import { findInjection, findVoidedAt, groupRounds } from './day-rounds';

const rec = (id: string, key: ObservationRecord['key'], effective: string, value: ObservationRecord['value'], groupId?: string, status = 'final'): ObservationRecord => ({
  id,
  versionId: '1',
  key,
  status,
  effective,
  value,
  groupId,
  entryId: groupId === undefined ? undefined : `${groupId}:${key}`,
  timePoint: undefined,
  bodySite: undefined,
  note: undefined,
  partOf: [],
});
const qty = (value: number, unit: string | undefined) => ({ kind: 'quantity' as const, value, unit });

describe('the day\'s rounds from observations', () => {
  it('groups by the entry-group identifier, else by time, oldest first, reading only expected units', () => {
    const rounds = groupRounds([
      rec('a', 'heart-rate', '2026-09-13T09:40:00+10:00', qty(82, '/min'), 'g2'),
      rec('b', 'seizure', '2026-09-13T09:40:00+10:00', { kind: 'boolean', value: true }, 'g2', 'amended'),
      rec('c', 'temperature', '2026-09-13T09:40:00+10:00', qty(99, '[degF]'), 'g2'),
      rec('d', 'heart-rate', '2026-09-13T08:55:00+10:00', qty(90, '/min')),
      rec('e', 'respiratory-rate', '2026-09-13T08:55:00+10:00', qty(20, '/min')),
      rec('f', 'inhaled-oxygen', '2026-09-13T08:55:00+10:00', qty(30, '%')),
      rec('w', 'body-weight', '2026-09-13T08:00:00+10:00', qty(28, 'kg')),
    ]);
    expect(rounds.map((r) => [r.key, r.round])).toEqual([
      ['at:2026-09-13T08:55:00+10:00', { heartRate: 90, respiratoryRate: 20, onOxygen: true }],
      ['g2', { heartRate: 82, seizure: true }],
    ]);
    expect(rounds[1]).toMatchObject({ unreadable: ['temperature'], amended: true, groupId: 'g2' });
  });

  it('finds the newest test-dose injection in micrograms and the first voiding after it', () => {
    const records = [
      rec('i1', 'test-dose-injection', '2026-09-12T08:40:00+10:00', qty(25, 'ug')),
      rec('i2', 'test-dose-injection', '2026-09-13T08:40:00+10:00', qty(50, 'ug')),
      rec('v0', 'voided-since-dose', '2026-09-13T08:00:00+10:00', { kind: 'boolean', value: true }),
      rec('v1', 'voided-since-dose', '2026-09-13T09:10:00+10:00', { kind: 'boolean', value: false }),
      rec('v2', 'voided-since-dose', '2026-09-13T09:40:00+10:00', { kind: 'boolean', value: true }),
    ];
    const inj = findInjection(records);
    expect(inj).toMatchObject({ id: 'i2', doseMicrograms: 50 });
    expect(findVoidedAt(records, inj)?.toISOString()).toBe('2026-09-12T23:40:00.000Z');
    expect(findVoidedAt(records, undefined)).toBeUndefined();
  });
});
