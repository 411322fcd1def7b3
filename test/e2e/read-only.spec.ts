/**
 * A read-only launch (issue 15): the EHR grants the read scopes but none that writes (the
 * sandbox's `readOnlyGrant` fault). Every view that writes says so when it opens, above its first
 * field, before anyone types a round, an assessment, an injection or a refill; no save or retry
 * that cannot succeed is offered; and nothing is sent to the EHR but reads.
 */
import { expect, test, type FrameLocator } from './test';
import { admin, expectAccessible, openChart, resetSandbox } from './helpers';

test.beforeEach(async () => {
  await resetSandbox();
  await admin('POST', 'faults', { readOnlyGrant: true });
  await admin('DELETE', 'requests');
});
test.afterEach(async () => {
  await resetSandbox();
});

/** The read-only notice is on screen, and above `firstField` (said before anything is typed). */
async function expectNoticeAbove(app: FrameLocator, what: string, firstField: ReturnType<FrameLocator['getByRole']>): Promise<void> {
  const notice = app.getByTestId('read-only-launch');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`Read-only launch: ${what} cannot be saved to the EHR.`);
  await expect(notice).toContainText('granted: launch openid fhirUser online_access patient/Patient.read');
  await expect(notice).not.toContainText('.write');
  const [n, f] = [await notice.boundingBox(), await firstField.boundingBox()];
  expect(n && f && n.y + n.height <= f.y).toBe(true);
}

/** No enabled button would save, record or retry a write. */
async function expectNoWriteOffered(app: FrameLocator): Promise<void> {
  const writes = app.getByRole('button', { name: /^(Save|Retry|Record verdict|Record injection|Try again)/ });
  for (const button of await writes.all()) await expect(button).toBeDisabled();
}

test('a read-only launch says up front that rounds, the injection, assessments and refills cannot be saved, and offers no save or retry', async ({ page }) => {
  const app = await openChart(page, 'itb-testdose');

  // Nurse: rounds and the injection time.
  await app.getByRole('link', { name: 'Nurse: observation rounds' }).click();
  const heartRate = app.getByRole('textbox', { name: 'Heart rate', exact: true });
  await expectNoticeAbove(app, 'rounds and the injection time', heartRate);
  await expectNoWriteOffered(app);
  await expectAccessible(page, 'read-only rounds');
  // Typed anyway: the review says nothing will be written and its save stays disabled.
  await heartRate.fill('88');
  await app.getByRole('button', { name: 'Review round' }).click();
  await expect(app.getByTestId('review-read-only')).toContainText('Read-only launch: nothing below will be written.');
  await expect(app.getByRole('button', { name: 'Save round to chart' })).toBeDisabled();
  await expectNoWriteOffered(app);

  // Therapist: assessments and the verdict.
  await app.getByRole('link', { name: 'Therapist: tone assessments' }).click();
  await expectNoticeAbove(app, 'assessments and the verdict', app.getByRole('main').getByRole('radio').first());
  await expectNoWriteOffered(app);

  // Nothing but reads reached the EHR.
  const requests = await admin<{ method: string; path: string }[]>('GET', 'requests');
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

test('a read-only launch says up front that the pump refill visit cannot be saved', async ({ page }) => {
  const app = await openChart(page, 'itb-stable');
  await app.getByRole('link', { name: 'Pump refill visit' }).click();
  await expectNoticeAbove(app, 'the refill', app.getByRole('main').getByRole('textbox').first());
  await expectNoWriteOffered(app);
  await expectAccessible(page, 'read-only refill visit');
  const requests = await admin<{ method: string; path: string }[]>('GET', 'requests');
  expect(requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([]);
});
