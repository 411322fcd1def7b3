/**
 * Write soak (issue 14): WRITE_SOAK=1 drives WRITE_SOAK_ENTRIES rounds and as many tone assessments
 * (default 40 each) per EHR configuration through the real UI against the sandbox with faults on
 * (503s, committed writes whose replies are lost, browser resends, a reload mid-save every 5th
 * entry), retrying as a nurse or therapist would, then counts per configuration: entries, lost,
 * live duplicates and value mismatches. The save button must never stay greyed out: a retry that
 * is not possible within 30 s fails the run.
 * Skipped unless WRITE_SOAK=1, so `npm test` stays fast. Run with `npm run soak:writes`;
 * WRITE_SOAK_KINDS=rounds|assessments and WRITE_SOAK_CONFIGS=1,3 narrow a run.
 */
import type { Locator } from '@playwright/test';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type FrameLocator, type Page } from './test';
import { APP_FRAME, admin, openChart, resetSandbox } from './helpers';
import { APP, E2E_APP_PORT } from './ports';
import { groupObservations, identifierOf, observationsSince, type SandboxObservation } from './nurse-fhir';

const ENTRY_SYSTEM = 'https://itb-companion.example/fhir/NamingSystem/client-entry-id';
const ENTRIES = Number(process.env['WRITE_SOAK_ENTRIES'] ?? 40);
const ALL_CONFIGS = [
  { name: 'transactions + conditional create', faults: {} },
  { name: 'transactions, no conditional create', faults: { noConditionalCreate: true } },
  { name: 'no transactions, conditional create', faults: { noTransactions: true } },
  { name: 'neither (Oracle Health-like)', faults: { oracleMode: true } },
] as const;
const picked = (process.env['WRITE_SOAK_CONFIGS'] ?? '1,2,3,4').split(',').map((n) => Number(n.trim()));
const CONFIGS = ALL_CONFIGS.filter((_, i) => picked.includes(i + 1));
const KINDS = (process.env['WRITE_SOAK_KINDS'] ?? 'rounds,assessments').split(',').map((k) => k.trim());
const FAULTS = (i: number) => ({ failRate: 0.2, dropRate: 0.3, dropWritesOnly: true, seed: 100 + i });

test.skip(process.env['WRITE_SOAK'] !== '1', 'soak runs only with WRITE_SOAK=1');
test.setTimeout(90 * 60_000);
// In one worker, in order, whatever the config's fullyParallel: the table below is this worker's rows.
test.describe.configure({ mode: 'default' });

/**
 * Each configuration's row is appended here as soon as it is counted, so the counts of a long run
 * survive a worker restart (a failed configuration's test ends its worker); the table at the end
 * is read back from it. One file per app port, so two runs on other ports never mix.
 */
const ROWS_FILE = `test-results/write-soak-${E2E_APP_PORT}.txt`;
const HEADER = '| entries | configuration | count | saved | lost | live duplicates | value mismatches | retries | reloads | minutes |';
const runStarted = process.env['WRITE_SOAK_RUN'] ?? new Date().toISOString();
function record(row: string): void {
  mkdirSync('test-results', { recursive: true });
  appendFileSync(ROWS_FILE, `${runStarted} ${row}\n`);
  console.log(`soak row: ${row}`);
}
test.afterAll(() => {
  let rows: string[] = [];
  try {
    rows = readFileSync(ROWS_FILE, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`${runStarted} `))
      .map((l) => l.slice(runStarted.length + 1));
  } catch {
    // No row counted yet.
  }
  const table = [HEADER, '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
  console.log(`\nWrite soak (${ENTRIES} entries per configuration and kind; rows also in ${ROWS_FILE})\n${table}\n`);
});

const minutesSince = (iso: string): string => ((Date.now() - Date.parse(iso)) / 60_000).toFixed(1);

type Tally = { saved: number; retries: number; reloads: number; earlyDuplicates: number };

/**
 * Press save until the app says saved, as the user would: after a failure, and after a reload
 * (the entry is restored locked), the save button is pressed again. It must be enabled within 30 s.
 */
async function saveUntilDone(
  page: Page,
  frame: () => FrameLocator,
  o: { done: (a: FrameLocator) => Locator; failed: (a: FrameLocator) => Locator; button: (a: FrameLocator) => Locator; reopen: () => Promise<void>; drafted: () => Promise<boolean> },
  i: number,
  tally: Tally,
): Promise<boolean> {
  await o.button(frame()).click();
  let press = false;
  if (i % 5 === 4) {
    // Leave the page while the save is in flight, then come back to the restored entry.
    await page.reload();
    tally.reloads += 1;
    await o.reopen();
    press = true;
  }
  for (let t = 0; t < 30; t++) {
    const app = frame();
    if (press) {
      // A save that finished before the reload leaves no draft: nothing to retry (the chart is checked below).
      if (!(await o.drafted())) return true;
      await expect(o.button(app), 'the save button is never left greyed out').toBeEnabled({ timeout: 30_000 });
      if (t === 10) await admin('POST', 'faults', { failRate: 0, dropRate: 0 });
      if (t > 0) tally.retries += 1;
      await o.button(app).click();
    }
    await expect(o.done(app).or(o.failed(app))).toBeVisible({ timeout: 60_000 });
    if (await o.done(app).isVisible()) return true;
    press = true;
  }
  return false;
}

const valueOf = (o: SandboxObservation): number | string | boolean | undefined => o.valueQuantity?.value ?? (o as { valueInteger?: number }).valueInteger ?? o.valueBoolean ?? (o as { valueString?: string }).valueString;

/** Per entry, per item: lost (no live copy), extra live copies, copies whose value is not the one entered. */
function count(groups: Map<string, SandboxObservation[]>, entered: Map<string, Map<string, number | string | boolean>>) {
  let lost = 0;
  let duplicates = 0;
  let mismatches = 0;
  for (const [groupId, items] of entered) {
    const live = (groups.get(groupId) ?? []).filter((o) => o.status !== 'entered-in-error');
    const byItem = new Map<string, SandboxObservation[]>();
    for (const o of live) {
      const id = identifierOf(o, ENTRY_SYSTEM) ?? '';
      byItem.set(id, [...(byItem.get(id) ?? []), o]);
    }
    for (const [item, value] of items) {
      const copies = byItem.get(`${groupId}:${item}`) ?? [];
      if (copies.length === 0) lost += 1;
      duplicates += Math.max(0, copies.length - 1);
      mismatches += copies.filter((o) => valueOf(o) !== value).length;
    }
  }
  return { lost, duplicates, mismatches };
}

type RawCopy = { id: string; status: string; identifier?: { system?: string; value?: string }[]; meta?: { versionId?: string; lastUpdated?: string } };

/**
 * Why a group holds live duplicates, for the log: each live copy with when the server stored it,
 * against when the app said saved, so a copy that landed after "saved" is told from one the
 * clean-up missed.
 */
async function explainDuplicates(groupId: string, label: string, saidSavedAt: number | undefined): Promise<number> {
  const bundle = await admin<{ entry?: { resource: RawCopy }[] }>('GET', `fhir/Observation?identifier=${encodeURIComponent(`https://itb-companion.example/fhir/NamingSystem/entry-group-id|${groupId}`)}&_count=200`);
  const live = (bundle.entry ?? []).map((e) => e.resource).filter((o) => o.status !== 'entered-in-error');
  const byItem = new Map<string, RawCopy[]>();
  for (const o of live) {
    const id = o.identifier?.find((x) => x.system === ENTRY_SYSTEM)?.value ?? '';
    byItem.set(id, [...(byItem.get(id) ?? []), o]);
  }
  let extra = 0;
  for (const [item, copies] of byItem) {
    if (copies.length < 2) continue;
    extra += copies.length - 1;
    const said = saidSavedAt === undefined ? 'never said saved' : `said saved ${new Date(saidSavedAt).toISOString()}`;
    console.log(`soak duplicate: ${label} ${item} (${said}): ${copies.map((c) => `${c.id} v${c.meta?.versionId ?? '?'} stored ${c.meta?.lastUpdated ?? '?'}`).join('; ')}`);
  }
  return extra;
}

const draftIn = async (page: Page, key: string): Promise<string | null | undefined> => page.frames().find((f) => f.url().startsWith(APP))?.evaluate((k) => sessionStorage.getItem(k), key);

const groupIdIn = async (page: Page, key: string): Promise<string> => {
  const draft = await draftIn(page, key);
  const groupId = (JSON.parse(draft ?? '{}') as { groupId?: string }).groupId;
  expect(groupId).toBeDefined();
  return groupId ?? '';
};

const REGIONS = [
  ['Eyes', 'bads-eyes'],
  ['Mouth', 'bads-mouth'],
  ['Neck', 'bads-neck'],
  ['Trunk', 'bads-trunk'],
  ['Left upper extremity', 'bads-upper-left'],
  ['Right upper extremity', 'bads-upper-right'],
  ['Left lower extremity', 'bads-lower-left'],
  ['Right lower extremity', 'bads-lower-right'],
] as const;

for (const config of CONFIGS) {
  if (KINDS.includes('rounds')) {
    test(`soak rounds: ${config.name}`, async ({ page }) => {
      await resetSandbox();
      await admin('POST', 'faults', config.faults);
      const started = new Date().toISOString();
      const frame = () => page.frameLocator(APP_FRAME);
      await openChart(page, 'itb-testdose');
      const reopen = async () => {
        await frame().getByRole('link', { name: 'Nurse: observation rounds' }).click();
        await expect(frame().getByRole('heading', { name: 'Enter a round' })).toBeVisible({ timeout: 30_000 });
      };
      await reopen();
      const entered = new Map<string, Map<string, number | boolean>>();
      const tally: Tally = { saved: 0, retries: 0, reloads: 0, earlyDuplicates: 0 };
      for (let i = 0; i < ENTRIES; i++) {
        const app = frame();
        const values = { hr: 70 + (i % 40), rr: 18 + (i % 5), drowsy: i % 2 === 0 };
        await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill(String(values.hr));
        await app.getByRole('textbox', { name: 'Respiratory rate', exact: true }).fill(String(values.rr));
        await app.getByRole('group', { name: 'Drowsiness', exact: true }).getByRole('radio', { name: values.drowsy ? 'Yes' : 'No' }).check();
        await app.getByRole('button', { name: 'Review round' }).click();
        const groupId = await groupIdIn(page, 'itb:draft:round:itb-testdose');
        entered.set(groupId, new Map<string, number | boolean>([['heart-rate', values.hr], ['respiratory-rate', values.rr], ['drowsiness', values.drowsy]]));
        await admin('POST', 'faults', FAULTS(i));
        const ok = await saveUntilDone(
          page,
          frame,
          {
            done: (a) => a.getByTestId('round-saved'),
            failed: (a) => a.getByRole('button', { name: 'Retry save' }),
            button: (a) => a.getByRole('button', { name: /^(Save round to chart|Retry save)$/ }),
            reopen,
            drafted: async () => typeof (await draftIn(page, 'itb:draft:round:itb-testdose')) === 'string',
          },
          i,
          tally,
        );
        const savedAt = Date.now();
        if (ok) tally.saved += 1;
        await admin('POST', 'faults', { failRate: 0, dropRate: 0 });
        // Right after "saved": the chart must hold one live copy of each item already.
        const early = await explainDuplicates(groupId, `round ${i + 1}${i % 5 === 4 ? ' (reloaded mid-save)' : ''}`, ok ? savedAt : undefined);
        if (early > 0) tally.earlyDuplicates += early;
      }
      // Close at once, let anything still in flight land, then read the chart.
      await page.goto('about:blank');
      await new Promise((r) => setTimeout(r, 1000));
      const c = count(groupObservations(await observationsSince('itb-testdose', started)), entered);
      console.log(`soak: ${config.name}, rounds: ${tally.earlyDuplicates} live duplicates right after "saved", ${c.duplicates} at the end`);
      record(`| ${ENTRIES} | ${config.name} | rounds | ${tally.saved} | ${c.lost} | ${c.duplicates} | ${c.mismatches} | ${tally.retries} | ${tally.reloads} | ${minutesSince(started)} |`);
      expect({ saved: tally.saved, ...c }).toEqual({ saved: ENTRIES, lost: 0, duplicates: 0, mismatches: 0 });
    });
  }

  if (KINDS.includes('assessments')) {
    test(`soak assessments: ${config.name}`, async ({ page }) => {
      await resetSandbox();
      await admin('POST', 'faults', config.faults);
      const started = new Date().toISOString();
      const frame = () => page.frameLocator(APP_FRAME);
      await openChart(page, 'itb-pretest');
      const reopen = async () => {
        await frame().getByRole('link', { name: 'Therapist: tone assessments' }).click();
        // The first read after a reload can meet a 503 too: the therapist presses Try again.
        const view = frame().getByRole('heading', { name: 'Tone assessments: test-dose day' });
        const readFailed = frame().getByRole('heading', { name: 'Assessments could not be read', exact: true });
        for (let t = 0; t < 5; t++) {
          await expect(view.or(readFailed).first()).toBeVisible({ timeout: 30_000 });
          if (await view.isVisible()) return;
          await frame().getByRole('button', { name: 'Try again' }).click();
        }
        await expect(view).toBeVisible({ timeout: 30_000 });
      };
      await reopen();
      const entered = new Map<string, Map<string, number | string>>();
      const tally: Tally = { saved: 0, retries: 0, reloads: 0, earlyDuplicates: 0 };
      for (let i = 0; i < ENTRIES; i++) {
        const app = frame();
        const items = new Map<string, number | string>();
        let total = 0;
        for (const [r, [label, code]] of REGIONS.entries()) {
          const score = (i + r) % 5;
          total += score;
          items.set(code, score);
          await app
            .getByRole('group', { name: label, exact: true })
            .getByRole('radio', { name: new RegExp(`^(✓ )?${score} `) })
            .check();
        }
        items.set('bads-total', total);
        const goals = `Easier dressing, soak entry ${i + 1}`;
        items.set('family-goals', goals);
        await app.getByLabel("Goals, in the family's words").fill(goals);
        const groupId = await groupIdIn(page, 'itb:draft:assessment:itb-pretest');
        entered.set(groupId, items);
        await admin('POST', 'faults', FAULTS(i));
        const ok = await saveUntilDone(
          page,
          frame,
          {
            done: (a) => a.getByRole('status').filter({ hasText: 'Saved to the EHR' }),
            failed: (a) => a.getByRole('alert').filter({ hasText: /Not saved|could not check/ }),
            // What the therapist presses; "Checking…", "Reading what the EHR supports…" and "Saving…" are the same button greyed out.
            button: (a) => a.getByRole('button', { name: /^(Save assessment|Save again)$/ }),
            reopen,
            drafted: async () => typeof (await draftIn(page, 'itb:draft:assessment:itb-pretest')) === 'string',
          },
          i,
          tally,
        );
        if (ok) tally.saved += 1;
        await admin('POST', 'faults', { failRate: 0, dropRate: 0 });
      }
      await page.goto('about:blank');
      await new Promise((r) => setTimeout(r, 1000));
      const c = count(groupObservations(await observationsSince('itb-pretest', started)), entered);
      record(`| ${ENTRIES} | ${config.name} | assessments | ${tally.saved} | ${c.lost} | ${c.duplicates} | ${c.mismatches} | ${tally.retries} | ${tally.reloads} | ${minutesSince(started)} |`);
      expect({ saved: tally.saved, ...c }).toEqual({ saved: ENTRIES, lost: 0, duplicates: 0, mismatches: 0 });
    });
  }
}
