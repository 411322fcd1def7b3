/**
 * Ports of the end-to-end stack, apart from `npm start`'s 4010 and 5173. Overridable so two
 * checkouts (or two engineers) can run the browser tests at once.
 *
 * The browser tests run in E2E_WORKERS Playwright workers (default 3; the browser tests wait on the network more than they use the CPU), each with a sandbox EHR of
 * its own on E2E_SANDBOX_PORT + its parallel index, so a test that switches a sandbox's fault modes
 * or resets its records never disturbs a test in another worker. The app is built and served once.
 */
export const E2E_WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 3));
export const E2E_SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 4174);

/** The sandbox port of the given worker slot. */
export function sandboxPort(parallelIndex: number): number {
  return E2E_SANDBOX_PORT + parallelIndex;
}

// Playwright sets TEST_PARALLEL_INDEX in each worker (0 ≤ index < workers); the runner itself
// (and the stack it starts) has none and means slot 0.
const slot = Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/** This worker's sandbox EHR. */
export const SANDBOX = `http://localhost:${sandboxPort(slot)}`;
export const E2E_CDS_PORT = Number(process.env.E2E_CDS_PORT ?? 4176);
export const APP = `http://localhost:${E2E_APP_PORT}`;
export const CDS = `http://localhost:${E2E_CDS_PORT}`;
