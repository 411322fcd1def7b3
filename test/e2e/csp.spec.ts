/**
 * The framed app under its generated Content-Security-Policy (meta tag and header, from the site
 * configuration at build time): every view opens with no policy violation, so a hospital can
 * enforce the policy without breaking the app.
 */
import { expect, test } from './test';
import { openChart, resetSandbox } from './helpers';
import { APP } from './ports';

test.beforeEach(async () => {
  await resetSandbox();
});

test('the framed app runs under its Content-Security-Policy with no violation in any view', async ({ page, context }) => {
  const violations: string[] = [];
  // In every frame: the browser reports each blocked load or eval as a securitypolicyviolation.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    if (/CSP violation|Content Security Policy/i.test(m.text())) violations.push(m.text());
  });

  const response = await page.request.get(`${APP}/index.html`);
  const header = response.headers()['content-security-policy'] ?? '';
  expect(header).toContain("script-src 'self'");
  expect(header).toMatch(/frame-ancestors 'self' http:\/\/localhost:\d+/);

  const app = await openChart(page, 'itb-stable');
  await expect(app.getByRole('heading', { name: 'Summary' })).toBeVisible();
  // The EHR's smart_style_url (on its own origin, so inside connect-src) was fetched and applied.
  await expect(app.locator('html')).toHaveAttribute('data-ehr-style', 'applied');
  await app.getByRole('button', { name: 'Show chart' }).click();
  await expect(app.locator('.doctor-chart svg').first()).toBeVisible();
  for (const view of ['Nurse: observation rounds', 'Therapist: tone assessments', 'ITB action plan']) {
    await app.getByRole('link', { name: view }).click();
    await expect(app.getByRole('main')).toBeVisible();
  }
  await app.getByRole('button', { name: 'Plan for the family and school' }).click();
  await app.getByRole('link', { name: 'Doctor: dose and refill' }).click();
  await app.getByRole('link', { name: 'Pump refill visit' }).click();
  await expect(app.getByRole('main')).toBeVisible();
  await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
  await expect(app.getByRole('heading', { name: 'Emergency: baclofen withdrawal or overdose', level: 1 })).toBeVisible();
  const meta = await app.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("object-src 'none'");
  expect(violations).toEqual([]);

  // The oracle can fail: an inline script put into the framed app is blocked and reported.
  const frame = page.frames().find((f) => f.url().includes('/index.html'));
  expect(frame).toBeDefined();
  const ran = await frame?.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'document.documentElement.dataset.inlineRan = "yes"';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return document.documentElement.dataset.inlineRan === 'yes';
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.some((v) => /script-src/.test(v))).toBe(true);
});
