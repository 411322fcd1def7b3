/**
 * One clock for a test run. Every test — unit, integration, the sandbox's seed and the browser —
 * reads "now" from here, so no expectation depends on the hour the suite happens to run or on the
 * machine's time zone.
 *
 * `ITB_TEST_NOW` sets the reference instant (ISO 8601 with an offset, e.g.
 * `2026-11-24T00:30:00+11:00`); without it the run uses `DEFAULT_TEST_NOW`. The sandbox seeds
 * from this instant, Playwright starts each browser context's clock at it, and vitest pins
 * `Date` to it before every test (a test may still set its own instant with `vi.setSystemTime`).
 */

/** A Tuesday mid-morning in Sydney summer time: nothing special about it, which is the point. */
export const DEFAULT_TEST_NOW = '2026-11-24T10:15:00+11:00';

/**
 * The instants of the full clock matrix (`npm run test:clock:full`): either side of 13:00 and of
 * midnight in Sydney (13:00 AEDT is 02:00 UTC, where the UTC calendar date and Sydney's part).
 */
export const MATRIX_INSTANTS = [
  '2026-11-24T00:30:00+11:00',
  '2026-11-24T12:59:00+11:00',
  '2026-11-24T13:01:00+11:00',
  '2026-11-24T23:30:00+11:00',
] as const;

/** The pair `npm test` runs every time: just before and just after one Sydney midnight. */
export const MIDNIGHT_INSTANTS = ['2026-11-23T23:30:00+11:00', '2026-11-24T00:30:00+11:00'] as const;

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parse a reference instant, refusing one without an offset (it would be read in the machine's zone). */
export function parseTestNow(raw: string): Date {
  if (!WITH_OFFSET.test(raw)) {
    throw new Error(`ITB_TEST_NOW must be an ISO 8601 date-time with an offset (2026-11-24T00:30:00+11:00); got "${raw}".`);
  }
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new Error(`ITB_TEST_NOW is not a real instant: "${raw}".`);
  return at;
}

/** The run's reference instant as an ISO string with its offset, as given. */
export function testNowIso(env: Record<string, string | undefined> = process.env): string {
  const raw = env['ITB_TEST_NOW']?.trim();
  return raw ? raw : DEFAULT_TEST_NOW;
}

/** The run's reference instant. */
export function testNow(env: Record<string, string | undefined> = process.env): Date {
  return parseTestNow(testNowIso(env));
}
