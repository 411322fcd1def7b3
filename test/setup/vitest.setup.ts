// Component tests opt into jsdom per file with `// @vitest-environment jsdom`.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/dom';
import { beforeAll, beforeEach, vi } from 'vitest';
import { testNow } from '../clock/test-clock';
import { clearEarlyReads } from '../../src/fhir/first-wave';
import { resetSessionStores } from '../../src/session/session-store';

// One clock: every test starts at the run's reference instant (ITB_TEST_NOW, else the default),
// whatever the hour or the machine's zone, and time then runs at the real rate: `Date` is the
// real one shifted by a fixed offset, so a token that expires in one second has expired one real
// second later, however loaded the machine (fake timers that tick on an interval lag under load).
// A test may still set its own instant with vi.useFakeTimers / vi.setSystemTime.
// findBy… and waitFor give a view up to 5 s to settle (the library's default is 1 s): with two test
// workers on two cores a view that is right can take longer than a second to render under load,
// and a test that passes only on an idle machine is a flake, not a check.
configure({ asyncUtilTimeout: 5000 });

// The real Date, kept once per worker: the unit matrix shares one module cache and one global
// scope per worker (vitest.clock.config.ts), and this file runs again before each test file, when
// `Date` may still be the pinned one of the file before.
const REAL_DATE = Symbol.for('itb.test.realDate');
const RealDate: DateConstructor = (Reflect.get(globalThis, REAL_DATE) as DateConstructor | undefined) ?? Date;
Reflect.set(globalThis, REAL_DATE, RealDate);
let offsetMs = 0;

class PinnedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number | Date]));
  }
  static override now(): number {
    return RealDate.now() + offsetMs;
  }
  // Dates made before the pin, or by code holding the real constructor, are still Dates.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

const reference = testNow().getTime();
beforeEach(() => {
  globalThis.Date = PinnedDate as DateConstructor;
  offsetMs = reference - RealDate.now();
});

// Each file starts as a fresh page would, whatever the file before it left: the module state the
// app keeps per page (session stores' in-memory values, early reads) and the browser storage.
beforeAll(() => {
  vi.useRealTimers();
  resetSessionStores();
  clearEarlyReads();
  if (typeof sessionStorage !== 'undefined') sessionStorage.clear();
  if (typeof localStorage !== 'undefined') localStorage.clear();
});
