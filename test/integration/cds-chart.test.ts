/**
 * The sandbox EHR calling the CDS Hooks service as an EHR does (issue 18): opening a chart sends
 * `patient-view` with prefetch, `fhirAuthorization` and a JWT signed with the sandbox's own key
 * (served at /cds-client/jwks.json and on the service's allowlist); the order box sends
 * `order-select` / `order-sign`; the chart shows the cards, and a card's SMART link is a fresh
 * EHR launch whose token response carries the link's appContext. Expectations are worked out from
 * the run's instant and the seed's facts.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCdsService, type RunningCdsService } from '../../src/cds/main';
import { testNow } from '../clock/test-clock';
import { expectedChartCards, LP_ORDER_CARD } from '../fixtures/cds-expected';
import { MRI_TODAY } from '../sandbox/seed/generate';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { launchToken } from './node-client';

const APP_LAUNCH = 'http://localhost:4173/launch.html';

let sandbox: Sandbox;
let cds: RunningCdsService;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function trusting(origin: string): Record<string, string> {
  return { CDS_PORT: '0', CDS_HOST: 'localhost', CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: origin, jwksUrl: `${origin}/cds-client/jwks.json` }]), CDS_APP_LAUNCH_URL: APP_LAUNCH };
}

beforeAll(async () => {
  const port = await freePort();
  cds = await startCdsService(trusting(`http://localhost:${port}`), { now: () => testNow(), log: () => undefined });
  sandbox = await startSandbox({ port, quiet: true, now: () => testNow(), appLaunchUrl: APP_LAUNCH, cdsServiceBase: cds.baseUrl });
}, 60_000);
afterAll(async () => {
  await sandbox.close();
  await cds.close();
});

const post = async (path: string, body?: unknown): Promise<{ status: number; html: string }> => {
  const res = await fetch(`${sandbox.origin}${path}`, { method: 'POST', ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
  return { status: res.status, html: await res.text() };
};
const unescape = (s: string): string => s.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
/** The cards as the banner labels them: "Critical: summary". */
const cardLabels = (html: string): string[] => [...html.matchAll(/<article class="cds-card [a-z]+" aria-label="([^"]+)"/g)].map((m) => unescape(m[1] ?? ''));

describe('the mock chart calls the CDS service (patient-view)', () => {
  it('shows an alert banner, filled once the hook answers, and an order box above the embedded app', async () => {
    const html = await (await fetch(`${sandbox.origin}/chart/itb-stable`)).text();
    expect(html).toContain('<section class="cds" id="cds-alerts" aria-label="Decision support alerts" aria-live="polite" aria-busy="true">');
    expect(html).toContain('<form id="order-box" aria-label="New order">');
    expect(html.indexOf('id="cds-alerts"')).toBeLessThan(html.indexOf('<iframe'));
    expect(html).toMatch(/<iframe title="ITB Companion" name="itb-app"/);
  });

  it('serves its CDS signing key as a JWKS', async () => {
    const jwks = (await (await fetch(`${sandbox.origin}/cds-client/jwks.json`)).json()) as { keys: { kty: string; alg: string; kid: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS384' });
    expect(jwks.keys[0]?.d).toBeUndefined(); // the public half only
    expect(sandbox.cdsClient).toEqual({ iss: sandbox.origin, jwksUrl: `${sandbox.origin}/cds-client/jwks.json` });
  });

  it('shows the right cards for every sandbox child', async () => {
    const expected = expectedChartCards();
    expect(Object.keys(expected).sort()).toEqual(sandbox.patients.map((p) => p.id).sort());
    for (const [id, labels] of Object.entries(expected)) {
      const { status, html } = await post(`/chart/${id}/cds/patient-view`);
      expect(status).toBe(200);
      expect(cardLabels(html), id).toEqual(labels);
      if (labels.length === 0) expect(html).toContain('No decision support alerts for this chart.');
    }
  });

  it('shows each card\'s indicator in words, its detail, its source, and the app links as fresh launches in the chart\'s frame', async () => {
    const { html } = await post(`/chart/${MRI_TODAY.patientId}/cds/patient-view`);
    expect(html).toContain('<span class="cds-indicator">Warning</span>');
    expect(html).toContain('<p class="cds-source">Source: CHW Intrathecal Baclofen practice guideline §2 (MRI)</p>');
    expect(html).toContain('<li><strong>Do not perform a lumbar puncture</strong> or any spinal needle procedure');
    const links = [...html.matchAll(/<a href="([^"]+)" target="itb-app">([^<]+)<\/a>/g)].map((m) => ({ href: unescape(m[1] ?? ''), label: m[2] }));
    expect(links.map((l) => l.label)).toEqual(['Open ITB Companion', 'ITB emergency guidance', 'Open ITB Companion', 'ITB emergency guidance']);
    for (const link of links) {
      const url = new URL(link.href);
      expect(`${url.origin}${url.pathname}`).toBe(APP_LAUNCH);
      expect(url.searchParams.get('iss')).toBe(sandbox.fhirBase);
    }
    // The emergency link launches this child with appContext "emergency" in the token response; the plain link without.
    const emergency = new URL(links[1]?.href ?? '').searchParams.get('launch') ?? '';
    const plain = new URL(links[0]?.href ?? '').searchParams.get('launch') ?? '';
    expect(await launchToken(sandbox.origin, sandbox.fhirBase, MRI_TODAY.patientId, emergency)).toMatchObject({ patient: MRI_TODAY.patientId, appContext: 'emergency' });
    expect(await launchToken(sandbox.origin, sandbox.fhirBase, MRI_TODAY.patientId, plain)).not.toHaveProperty('appContext');
  });

  it('says the alerts could not be checked, never "no alerts", when the service refuses the EHR\'s token', async () => {
    // A service that does not list this sandbox as a trusted CDS client.
    const stranger = await startCdsService({ ...trusting('http://localhost:1'), CDS_PORT: '0' }, { now: () => testNow(), log: () => undefined });
    const other = await startSandbox({ port: 0, quiet: true, now: () => testNow(), appLaunchUrl: APP_LAUNCH, cdsServiceBase: stranger.baseUrl });
    try {
      const res = await fetch(`${other.origin}/chart/itb-stable/cds/patient-view`, { method: 'POST' });
      const html = await res.text();
      expect(html).toBe('<p class="cds-status" role="alert">Decision support for this chart could not be checked: the service&#39;s discovery answered 401. This is not the same as no alerts.</p>');
    } finally {
      await other.close();
      await stranger.close();
    }
  }, 60_000);
});

describe('the chart\'s order box (order-select, order-sign)', () => {
  it('gets a critical card for a lumbar puncture ordered for a pump child, on select and on sign', async () => {
    for (const hook of ['order-select', 'order-sign']) {
      const { status, html } = await post('/chart/itb-stable/cds/order', { hook, order: 'lumbar-puncture' });
      expect(status).toBe(200);
      expect(cardLabels(html)).toEqual([LP_ORDER_CARD]);
      expect(html).toContain('<li>Suggestion: Remove the lumbar puncture order (recommended)</li>');
    }
  });

  it('gets no card for the same order for the test-dose child', async () => {
    const { html } = await post('/chart/itb-testdose/cds/order', { hook: 'order-select', order: 'lumbar-puncture' });
    expect(html).toContain('No decision support alerts for this order.');
  });

  it('sends an intrathecal baclofen draft order: mg is critical; a big step and another concentration are warnings', async () => {
    expect(cardLabels((await post('/chart/itb-stable/cds/order', { hook: 'order-sign', order: 'itb', dose: '0.5', unit: 'mg/d', concentration: '2000' })).html)).toEqual([
      'Critical: Intrathecal baclofen ordered in mg: prescribe in micrograms (1 mg = 1000 micrograms)',
    ]);
    expect(cardLabels((await post('/chart/itb-stable/cds/order', { hook: 'order-select', order: 'itb', dose: '600', unit: 'ug/d', concentration: '1000' })).html)).toEqual([
      'Warning: ITB dose step 450 → 600 micrograms/day (+33.3%) is outside the 5–15% step',
      'Warning: ITB order is 1000 micrograms/mL but the pump holds 2000 micrograms/mL: check the concentration',
    ]);
  });

  it('refuses an incomplete order without calling the service', async () => {
    const { status, html } = await post('/chart/itb-stable/cds/order', { hook: 'order-select', order: 'itb', dose: '', unit: 'ug/d', concentration: '2000' });
    expect(status).toBe(400);
    expect(html).toContain('The order is incomplete');
  });
});
