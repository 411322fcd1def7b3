/**
 * Opening the app inside the sandbox chart's frame without depending on which view reads the
 * Patient first (with need_patient_banner false the shell itself reads nothing).
 */
import { expect, type FrameLocator, type Page } from '@playwright/test';
import { SANDBOX } from './ports';

export async function openChartFrame(page: Page, patientId: string): Promise<FrameLocator> {
  await page.goto(`${SANDBOX}/chart/${patientId}`);
  const app = page.frameLocator('iframe[title="ITB Companion"]');
  await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 });
  return app;
}
