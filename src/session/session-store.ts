/**
 * One value per patient kept for this browser session only (sessionStorage, never localStorage),
 * read back through a schema (a stored value that no longer fits is ignored, never trusted), and
 * shared live between the views that use it: the doctor view, the action plan and emergency mode
 * re-render when any of them changes it. Blocked or full storage keeps the value in memory for
 * this page. Used for the weight entered for this session (`session-weight.ts`), the refill facts
 * entered (`session-refill.ts`) and the doses and weights confirmed (`confirmed-doses.ts`).
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

/** Every store made, so a test run can forget them all between files (`resetSessionStores`). */
const resets = new Set<() => void>();

/**
 * Test support: forget every store's snapshots and in-memory values. The unit matrix shares one
 * module cache per worker (vitest.clock.config.ts), so a value a test file kept in memory (storage
 * blocked) must not reach the next file; the test setup calls this before each file.
 */
export function resetSessionStores(): void {
  for (const reset of resets) reset();
}

export function createSessionStore<T>(name: string, schema: z.ZodMiniType<T>): SessionStore<T> {
  const key = (patientId: string) => `itb:${name}:${patientId}`;
  const listeners = new Set<() => void>();
  // A stable snapshot per patient while the stored text is unchanged (useSyncExternalStore
  // compares by identity); the text is read again each time, so a value written or cleared
  // outside the store (a test, another copy of the app in this tab) is never shadowed.
  const snapshots = new Map<string, { readonly raw: string | null; readonly value: T | undefined }>();
  // Where sessionStorage is blocked or full, the value lives in memory for this page.
  const memory = new Map<string, T | undefined>();
  const unsaved = new Set<string>();

  const readRaw = (patientId: string): { readonly ok: true; readonly raw: string | null } | { readonly ok: false } => {
    try {
      const s = sessionStorageOrUndefined();
      return s === undefined ? { ok: false } : { ok: true, raw: s.getItem(key(patientId)) };
    } catch {
      return { ok: false };
    }
  };

  const load = (patientId: string): T | undefined => {
    const read = readRaw(patientId);
    if (!read.ok || unsaved.has(patientId)) return memory.get(patientId);
    const cached = snapshots.get(patientId);
    if (cached !== undefined && cached.raw === read.raw) return cached.value;
    let value: T | undefined;
    try {
      const parsed = read.raw === null ? undefined : schema.safeParse(JSON.parse(read.raw));
      value = parsed?.success === true ? parsed.data : undefined;
    } catch {
      // Not JSON: nothing usable was stored.
      value = undefined;
    }
    snapshots.set(patientId, { raw: read.raw, value });
    return value;
  };

  const save = (patientId: string, value: T | undefined): void => {
    memory.set(patientId, value);
    try {
      if (value === undefined) sessionStorageOrUndefined()?.removeItem(key(patientId));
      else sessionStorageOrUndefined()?.setItem(key(patientId), JSON.stringify(value));
      unsaved.delete(patientId);
    } catch {
      // Quota or blocked storage: kept in memory for this page.
      unsaved.add(patientId);
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

  const store: SessionStore<T> = {
    key,
    load,
    save,
    reset: () => {
      snapshots.clear();
      memory.clear();
      unsaved.clear();
    },
    use,
  };
  resets.add(store.reset);
  return store;
}
