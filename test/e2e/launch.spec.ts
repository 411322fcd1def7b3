import { expect, test } from './test';
import { admin, expectAccessible, launchInTab, openChart, resetSandbox, seedPatientName } from './helpers';
import { APP, SANDBOX } from './ports';

test.beforeEach(async () => {
  await resetSandbox();
});

test.describe('SMART launch', () => {
  test('a full EHR launch inside the chart frame shows the right patient', async ({ page }) => {
    const fhirReads: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${SANDBOX}/fhir/`)) fhirReads.push(new URL(r.url()).pathname + new URL(r.url()).search);
    });
    const app = await openChart(page, 'itb-stable');
    // The chart shows its own banner (need_patient_banner: false), so the app does not repeat it.
    await expect(app.locator('.patient-banner')).toHaveCount(0);
    // Every read is for the launched patient, and the default view shows this child's dose.
    await expect(app.getByText('450 micrograms/day').first()).toBeVisible();
    const otherPatients = fhirReads.filter((u) => /(Patient\/|patient=|subject=)/.test(u) && !u.includes('itb-stable'));
    expect(otherPatients).toEqual([]);
    // The authorization code never stays in the URL.
    const frame = page.frames().find((f) => f.url().startsWith(APP));
    expect(frame?.url()).not.toMatch(/[?&]code=/);
  });

  test('a launch in its own tab shows the full banner, and two tabs never share a patient', async ({ context }) => {
    const first = await context.newPage();
    await launchInTab(first, 'itb-stable');
    const firstName = await seedPatientName('itb-stable');
    await expect(first.getByTestId('patient-name')).toHaveText(firstName);
    await expect(first.locator('.patient-banner')).toBeVisible();

    const second = await context.newPage();
    await launchInTab(second, 'itb-lowdose');
    await expect(second.getByTestId('patient-name')).toHaveText(await seedPatientName('itb-lowdose'));

    // Like PowerChart's "As Of" refresh on the first chart: it must still show its own patient.
    await first.reload();
    await expect(first.getByTestId('patient-name')).toHaveText(firstName);
    await expectAccessible(first, 'the app after launch');
  });

  test('the app is drawn in the EHR\'s style (smart_style_url), not restyled under the user\'s pointer after it appears', async ({ page }) => {
    // In every frame: the EHR's style as it stood when the app's navigation was first drawn.
    await page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (document.querySelector('nav[aria-label="Views"]') === null) return;
        seen.disconnect();
        document.documentElement.dataset['styleAtFirstDraw'] = document.documentElement.dataset['ehrStyle'] ?? 'not applied';
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await launchInTab(page, 'itb-stable');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-ehr-style', 'applied');
    await expect(html).toHaveAttribute('data-style-at-first-draw', 'applied');
    // The sandbox's style: Georgia for body text (the app's own is system-ui).
    expect(await page.getByRole('link', { name: 'ITB action plan' }).evaluate((a) => getComputedStyle(a).fontFamily)).toMatch(/^Georgia/);
  });

  test('the site configuration is asked of the host at every launch, so a site\'s edit (its contacts, its settings) reaches the next one', async ({ context }) => {
    // The host sends site-config.json as nginx does by default: Last-Modified a month back and no
    // Cache-Control (test/e2e/stack.ts), which lets a browser answer from its cache for days.
    // The page's clock is pinned (no Resource Timing), so the browser says where each answer came from.
    for (const launch of ['first', 'second']) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const answers: string[] = [];
      const cached = new Set<string>();
      cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
      cdp.on('Network.responseReceived', (e) => {
        if (new URL(e.response.url).pathname.endsWith('/site-config.json')) answers.push(cached.has(e.requestId) || e.response.fromDiskCache === true ? 'the browser cache' : 'the host');
      });
      await cdp.send('Network.enable');
      await launchInTab(page, 'itb-stable');
      await expect(page.getByTestId('current-dose')).toContainText('450 micrograms/day');
      expect(answers, `${launch} launch`).toEqual(['the host']);
      await page.close();
    }
  });

  test('the app opened without a launch explains how to open it from the chart', async ({ page }) => {
    await page.goto(`${APP}/index.html`);
    await expect(page.getByRole('heading', { name: 'Open ITB Companion from the patient chart' })).toBeVisible();
    await expectAccessible(page, 'the no-launch page');
  });

  test('a standalone launch lets the user sign in and choose the patient at the EHR', async ({ page }) => {
    await page.goto(`${APP}/launch.html`);
    await expect(page.getByText(/opens from a patient's chart/)).toBeVisible();
    await page.getByRole('button', { name: /Sign in to Sandbox EHR/ }).click();
    const name = await seedPatientName('itb-lowdose');
    await page.getByRole('link', { name }).click();
    await expect(page.getByTestId('patient-name')).toHaveText(name);
  });

  test('a launch from an EHR that is not configured is refused and never contacted', async ({ page }) => {
    const contacted: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith('http://127.0.0.9')) contacted.push(r.url());
    });
    await page.goto(`${APP}/launch.html?iss=${encodeURIComponent('http://127.0.0.9:9/fhir')}&launch=abc`);
    await expect(page.getByRole('heading', { name: 'Launch refused: unknown EHR' })).toBeVisible();
    await expect(page.getByText('http://127.0.0.9:9/fhir')).toBeVisible();
    expect(contacted).toEqual([]);
  });

  test('an expired access token is refreshed and the app keeps working', async ({ page }) => {
    // Tokens that live 15 s: fhirclient refreshes any token within 10 s of expiry before using it.
    await admin('POST', 'faults', { tokenLifetimeSeconds: 15 });
    await launchInTab(page, 'itb-stable');
    const refreshes: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${SANDBOX}/oauth/token`) && (r.postData() ?? '').includes('grant_type=refresh_token')) refreshes.push(r.url());
    });
    await page.waitForTimeout(6_000);
    await page.reload();
    await expect(page.getByTestId('patient-name')).toHaveText(await seedPatientName('itb-stable'));
    expect(refreshes.length).toBeGreaterThan(0);
  });

  test('when the token cannot be refreshed the app asks for a relaunch', async ({ page }) => {
    await admin('POST', 'faults', { tokenLifetimeSeconds: 15 });
    await launchInTab(page, 'itb-stable');
    // The EHR refuses the refresh token, as when the user's EHR session has ended.
    await page.route(`${SANDBOX}/oauth/token`, (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token expired' }) }),
    );
    await page.waitForTimeout(6_000);
    await admin('POST', 'expire-tokens');
    await page.reload();
    await expect(page.getByText(/session has ended/i).first()).toBeVisible();
    await expect(page.getByText(/open ITB Companion again from the patient/i).first()).toBeVisible();
  });
});
