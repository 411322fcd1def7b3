import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './server.ts';
import { startTestSandbox } from './test-helpers.ts';

let sandbox: Sandbox;
// How fast it starts is a figure the sandbox prints ("ready in … ms"), not a timed test: a loaded machine
// takes longer, and that is not a failure.
beforeAll(async () => {
  sandbox = await startTestSandbox({ appLaunchUrl: 'http://localhost:4173/launch.html' });
}, 60_000);
afterAll(async () => {
  await sandbox.close();
});

describe('mock chart', () => {
  it('lists the patients with name, age, MRN and scenario', async () => {
    const html = await (await fetch(`${sandbox.origin}/`)).text();
    expect(html).toContain('Liam O&#39;Brien');
    expect(html).toContain('MRN100004');
    expect(html).toContain('href="/chart/itb-stable"');
    expect(html).toContain('Unknown'); // the messy child has no birth date
    expect(html.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(8);
  });

  it('shows a patient banner and the app in an iframe through an EHR launch', async () => {
    const html = await (await fetch(`${sandbox.origin}/chart/itb-stable`)).text();
    expect(html).toContain('aria-label="Patient banner"');
    const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const url = new URL(src);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:4173/launch.html');
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBase);
    expect(url.searchParams.get('launch')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(html).toMatch(/<iframe[^>]*width="1024"[^>]*height="768"/);
    // No CDS service registered with this sandbox: no alert banner, no order box.
    expect(html).not.toContain('id="cds-alerts"');
    expect(html).not.toContain('id="order-box"');
  });

  it('opens the app in its own tab through a fresh EHR launch', async () => {
    const res = await fetch(`${sandbox.origin}/chart/itb-stable/tab`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location') ?? '');
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBase);
    expect(url.searchParams.get('launch')).toBeTruthy();
  });

  it('answers 404 for an unknown patient chart', async () => {
    expect((await fetch(`${sandbox.origin}/chart/nobody`)).status).toBe(404);
  });

  it('serves smart_style_url JSON', async () => {
    const style = (await (await fetch(`${sandbox.origin}/smart-style.json`)).json()) as Record<string, string>;
    expect(style['color_background']).toMatch(/^#/);
    expect(style['font_family_body']).toBeTruthy();
  });
});
