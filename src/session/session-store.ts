/**
 * One value per patient kept for this browser session only (sessionStorage, never localStorage),
 * read back through a schema (a stored value that no longer fits is ignored, never trusted), and
 * shared live between the views that use it: the doctor view, the action plan and emergency mode
 * re-render when any of them changes it. Blocked or full storage keeps the value in memory for
 * this page. Used for the weight entered for this session (`session-weight.ts`).
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { z } from '../zod-jitless';

export type SessionStore<T> = {
  readonly key: (patientId: string) => string;
  readonly load: (patientId: string) => T | undefined;
  /** `undefined` removes the value. */
  readonly save: (patientId: string, value: T | undefined) => void;
  /** Test support: forget every snapshot (storage itself is cleared by the test). */
  readonly reset: () => void;
  /** The value for one patient and a setter; every component using it re-renders on a change. */
  readonly use: (patientId: string) => readonly [T | undefined, (value: T | undefined) => void];
};

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

export function createSessionStore<T>(name: string, schema: z.ZodMiniType<T>): SessionStore<T> {
  const key = (patientId: string) => `itb:${name}:${patientId}`;
  const listeners = new Set<() => void>();
  // A stable snapshot per patient between changes (useSyncExternalStore compares by identity);
  // `null` caches "nothing stored".
  const snapshots = new Map<string, T | null>();
  const memory = new Map<string, T | null>();

  const load = (patientId: string): T | undefined => {
    const cached = snapshots.get(patientId);
    if (cached !== undefined) return cached ?? undefined;
    let value: T | null = memory.get(patientId) ?? null;
    try {
      const raw = sessionStorageOrUndefined()?.getItem(key(patientId));
      if (raw !== null && raw !== undefined) {
        const parsed = schema.safeParse(JSON.parse(raw));
        value = parsed.success ? parsed.data : null;
      }
    } catch {
      // Unreadable or blocked storage: what this page holds in memory, if anything.
    }
    snapshots.set(patientId, value);
    return value ?? undefined;
  };

  const save = (patientId: string, value: T | undefined): void => {
    memory.set(patientId, value ?? null);
    snapshots.set(patientId, value ?? null);
    try {
      if (value === undefined) sessionStorageOrUndefined()?.removeItem(key(patientId));
      else sessionStorageOrUndefined()?.setItem(key(patientId), JSON.stringify(value));
    } catch {
      // Quota or blocked storage: kept in memory for this page.
    }
    listeners.forEach((l) => l());
  };

  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  const use = (patientId: string) => {
    const value = useSyncExternalStore(subscribe, () => load(patientId));
    const set = useCallback((next: T | undefined) => save(patientId, next), [patientId]);
    return [value, set] as const;
  };

  return {
    key,
    load,
    save,
    reset: () => {
      snapshots.clear();
      memory.clear();
    },
    use,
  };
}
