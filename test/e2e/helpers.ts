/**
 * Shared steps for the browser tests: launching through the sandbox chart, talking to the
 * sandbox's admin API, and the accessibility check.
 */
import { expect, type Frame, type FrameLocator, type Page } from '@playwright/test';
import axe from 'axe-core';
import { SANDBOX } from './ports';

/** The chart's frame the app launches in. */
export const APP_FRAME = 'iframe[title="ITB Companion"]';

/** Open a patient's chart; the app launches inside the chart's frame through a SMART EHR launch. */
export async function openChart(page: Page, patientId: string): Promise<FrameLocator> {
  await page.goto(`${SANDBOX}/chart/${patientId}`);
  const app = page.frameLocator(APP_FRAME);
  await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 });
  // The chart's decision-support cards arrive on their own and push the app's frame down; a click
  // aimed before they land can hit whatever moved under the pointer (CI lost a "Show chart" click
  // that way on a loaded machine). The chart is open once its alerts have settled, as a user sees it.
  const alerts = page.locator('#cds-alerts');
  if ((await alerts.count()) > 0) await expect(alerts).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  return app;
}

/** Launch the app in its own tab (need_patient_banner: true) and wait until it shows the patient. */
export async function launchInTab(page: Page, patientId: string): Promise<void> {
  await page.goto(`${SANDBOX}/chart/${patientId}/tab`);
  await expect(page.getByTestId('patient-name')).toBeVisible({ timeout: 30_000 });
}

/**
 * Every admin call is idempotent (set faults, reset, expire, read), so one that dies on the
 * connection is sent once more. Node's fetch keeps sockets alive between calls; on a loaded
 * 2-core machine a call can go out on a socket the sandbox is closing for idleness at that very
 * moment ("read ECONNRESET" before any reply; CI saw it once in a resetSandbox). An HTTP error
 * status is an answer and is never retried.
 */
export async function admin<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  let response: Response;
  try {
    response = await fetch(`${SANDBOX}/admin/${path}`, init);
  } catch (err) {
    if (!isConnectionDrop(err)) throw err;
    response = await fetch(`${SANDBOX}/admin/${path}`, init);
  }
  if (!response.ok) throw new Error(`admin ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** fetch's "fetch failed" whose cause is the socket going away (not a refused or unknown host). */
function isConnectionDrop(err: unknown): boolean {
  const cause = err instanceof TypeError ? (err as TypeError & { cause?: { code?: string } }).cause : undefined;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
}

export interface SeedPatient {
  id: string;
  name: string;
}

/** The seed patient's display name as the chart shows it. */
export async function seedPatientName(id: string): Promise<string> {
  const patient = await admin<{ name?: { given?: string[]; family?: string }[] }>('GET', `fhir/Patient/${id}`);
  const n = patient.name?.[0];
  return [...(n?.given ?? []), n?.family].filter(Boolean).join(' ');
}

type Axe = typeof axe;

/**
 * No serious or critical axe violations in the app: the document in the chart's "ITB Companion"
 * frame, or the page itself when the app was launched in a tab. `{ document: 'chart' }` checks the
 * chart page around it instead (the sandbox's rendering of the app's decision-support cards).
 *
 * axe runs in that one document, as a page of its own (so the page-level rules, a main landmark and
 * a level-one heading, apply to the app). Not the whole page through @axe-core/playwright: for a
 * page with frames it runs axe in every frame, then merges ~300 KB of partial results in a blank
 * page it opens, 1.05 CPU-s a check against 0.23 here (issue 10: ~55 checks per `npm test`, on two
 * cores) to check the sandbox EHR's own chart page besides the app.
 */
export async function expectAccessible(page: Page, context?: string, { document: which = 'app' }: { document?: 'app' | 'chart' } = {}): Promise<void> {
  const frame = which === 'chart' ? page.mainFrame() : await appFrame(page);
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axe.source);
  const serious = await frame.evaluate(async () => {
    const inPage = (window as unknown as { axe: Axe }).axe;
    const results = await inPage.run(document, { resultTypes: ['violations'], iframes: false });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  expect(serious, `axe violations${context ? ` on ${context}` : ''}`).toEqual([]);
}

/** The app's document: the chart's "ITB Companion" frame, else (launched in a tab) the page. */
async function appFrame(page: Page): Promise<Frame> {
  const element = await page.$(APP_FRAME);
  if (element === null) return page.mainFrame();
  const frame = await element.contentFrame();
  if (frame === null) throw new Error('the chart\'s "ITB Companion" frame holds no document');
  return frame;
}

export async function resetSandbox(): Promise<void> {
  await admin('POST', 'faults', { latencyMs: 0, writeLatencyMs: 0, failRate: 0, dropRate: 0, dropWritesOnly: false, resetRate: 0, maxBundleEntries: 0, force401: false, oracleMode: false, noTransactions: false, noConditionalCreate: false, readOnlyGrant: false, tokenLifetimeSeconds: 570 });
  await admin('POST', 'reset');
}
