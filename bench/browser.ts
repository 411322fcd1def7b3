/**
 * Launch to first screen through a real browser (Debian chromium, headless), against the sandbox
 * EHR, beside a one-read placeholder SMART app (fhirclient's pure build, one Patient read: the
 * floor) in the same run, interleaved, a fresh browser context for every launch, both served as a
 * static host serves a build (bench/static-host.ts: precompressed files). Also: data waves
 * before the first screen, JS per page (gzip) and the dose chart's long tasks at 4× CPU throttle.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { startSandbox } from '../test/sandbox/server';
import { precompressDir } from '../scripts/precompress';
import { startStaticHost } from './static-host';

const root = resolve(import.meta.dirname, '..');
// Ports: BENCH_APP_PORT and BENCH_SANDBOX_PORT, so runs beside other stacks do not collide.
const APP_PORT = Number(process.env['BENCH_APP_PORT'] ?? 4590);
const SANDBOX_PORT = Number(process.env['BENCH_SANDBOX_PORT'] ?? 4591);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
/**
 * Charts, and the latency the sandbox adds to each FHIR response. With none, a read sent a few
 * milliseconds of JavaScript after another (the pump searches once the session is built) can
 * start after the first has already been answered and count as a second wave although it waited
 * on nothing; at 100 ms (the third row) a read that does wait on another starts at least
 * 100 ms after the launch's first, and the wave count says which reads are dependent.
 */
const CHARTS = [
  ['small (newly implanted)', 'itb-titration', 0],
  ['5 years of history', 'itb-history', 0],
  ['5 years of history, 100 ms latency', 'itb-history', 100],
] as const;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type Timing = { start: number; end: number };

/** A request's wave is one more than the latest wave that finished before it started. */
export function countWaves(timings: readonly Timing[]): number {
  const sorted = [...timings].sort((a, b) => a.start - b.start);
  const wave = new Map<Timing, number>();
  for (const t of sorted) {
    const before = sorted.filter((o) => o.end <= t.start).map((o) => wave.get(o) ?? 1);
    wave.set(t, before.length === 0 ? 1 : Math.max(...before) + 1);
  }
  return Math.max(0, ...wave.values());
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** A resource the page fetched: its URL, and its start and end in wall-clock ms. */
type Resource = { url: URL; start: number; end: number };

/**
 * What the page fetched, from its own Resource Timing (Playwright's request events reach Node late
 * on a busy machine), and when the page itself started.
 */
async function pageResources(page: Page): Promise<{ origin: number; resources: Resource[] }> {
  const { origin, entries } = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    entries: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.startTime + e.duration })),
  }));
  return { origin, resources: entries.map((e) => ({ url: new URL(e.name), start: e.start, end: e.end })) };
}

/** The page's FHIR data reads (not discovery). */
function dataReads(resources: readonly Resource[]): Timing[] {
  return resources.filter(({ url }) => url.port === String(SANDBOX_PORT) && url.pathname.startsWith('/fhir/') && !/metadata|well-known/.test(url.pathname));
}

/**
 * When the page first showed `first` and, if given, when `complete` first held: noted inside the
 * page (wall clock) by a MutationObserver, so Playwright's polling delay is not counted.
 */
type Marks = { first?: number; complete?: number };
// A string, not a function: tsx's transform would name the inner function with a helper the page lacks.
const markScript = ({ first, complete }: { first: string; complete: string | undefined }) => `
  window.__marks = {};
  const check = () => {
    const m = window.__marks;
    if (m.first === undefined && document.querySelector(${JSON.stringify(first)}) !== null) m.first = Date.now();
    if (${JSON.stringify(complete ?? null)} !== null && m.first !== undefined && m.complete === undefined) {
      const pending = [...document.querySelectorAll(${JSON.stringify(complete ?? '')})].some((e) => /^Loading/.test(e.textContent || ''));
      if (!pending) m.complete = Date.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
`;

/**
 * Where a launch's time went, in ms since the launch URL was opened: the app's own page starts
 * (after the launch page and the EHR's authorize redirect), the scripts it asked for before the
 * code exchange are in, the code exchange is sent, its response is in, the first data read starts, the last read the
 * first screen waited for ends, the first screen shows.
 */
type Phases = { page: number; scripts: number; tokenSent: number; token: number; firstRead: number; lastRead: number; first: number };
type Launch = { ms: number; waves: number; reads: number; completeMs?: number; completeWaves?: number; phases: Phases };

function launchPhases(origin: number, resources: readonly Resource[], reads: readonly Timing[], started: number, firstAt: number): Phases {
  const token = resources.filter((r) => r.url.pathname === '/oauth/token');
  const sent = Math.min(...token.map((r) => r.start));
  // The page's own scripts: those asked for before the code exchange (not the views and the chart fetched later).
  const scripts = resources.filter((r) => r.url.pathname.endsWith('.js') && r.start < sent);
  return {
    page: origin - started,
    scripts: Math.max(...scripts.map((r) => r.end)) - started,
    tokenSent: sent - started,
    token: Math.min(...token.map((r) => r.end)) - started,
    firstRead: Math.min(...reads.map((r) => r.start)) - started,
    lastRead: Math.max(...reads.filter((r) => r.end <= firstAt).map((r) => r.end)) - started,
    first: firstAt - started,
  };
}
type Target = { first: string; complete?: string };

async function launchOnce(browser: Browser, launchUrl: string, target: Target): Promise<Launch> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(markScript({ first: target.first, complete: target.complete }));
  const marks = () => page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
  const started = Date.now();
  await page.goto(launchUrl);
  await page.waitForFunction(() => (window as unknown as { __marks?: Marks }).__marks?.first !== undefined, undefined, { timeout: 30_000 });
  if (target.complete !== undefined) await page.waitForFunction(() => (window as unknown as { __marks?: Marks }).__marks?.complete !== undefined, undefined, { timeout: 30_000 });
  const m = await marks();
  const { origin, resources } = await pageResources(page);
  const reads = dataReads(resources);
  const firstAt = m.first ?? Number.NaN;
  const finishedBy = (at: number) => reads.filter((r) => r.end <= at);
  const result: Launch = { ms: firstAt - started, waves: countWaves(finishedBy(firstAt)), reads: finishedBy(firstAt).length, phases: launchPhases(origin, resources, reads, started, firstAt) };
  if (m.complete !== undefined) {
    result.completeMs = m.complete - started;
    result.completeWaves = countWaves(finishedBy(m.complete));
  }
  await context.close();
  return result;
}

/** Ours: the current dose on screen; complete when no card of the summary still says "Loading …". */
const OURS: Target = { first: '[data-testid="current-dose"]', complete: '.doctor-summary [role="status"]' };
/** The floor: the patient's name on screen. */
const FLOOR: Target = { first: '#out[data-done="true"]' };
const oursReady = async (page: Page) => {
  await page.getByTestId('current-dose').waitFor({ state: 'visible', timeout: 30_000 });
};

/** Long tasks while opening the dose chart, changing its range and hovering, at 4× CPU throttle. */
async function chartLongTasks(browser: Browser, launchUrl: string): Promise<{ step: string; ms: number }[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(launchUrl);
  await oursReady(page);
  await page.evaluate(() => {
    const w = window as unknown as { __long: { step: string; ms: number }[]; __step: string };
    w.__long = [];
    w.__step = 'open';
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ step: w.__step, ms: e.duration });
    }).observe({ type: 'longtask' });
  });
  const step = (name: string) => page.evaluate((n) => ((window as unknown as { __step: string }).__step = n), name);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.getByRole('button', { name: 'Show chart' }).click();
  const chart = page.getByTestId('dose-chart-svg');
  await chart.waitFor();
  await page.waitForTimeout(300);
  for (const range of ['All time', '1 year', 'All time']) {
    await step(`range ${range}`);
    const button = page.getByRole('group', { name: 'Range' }).getByRole('button', { name: range });
    if ((await button.count()) > 0) await button.click();
    await page.waitForTimeout(200);
  }
  await step('hover');
  const box = await chart.boundingBox();
  if (box) for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + (box.width * i) / 11, box.y + box.height / 2);
  await page.waitForTimeout(500);
  const long = await page.evaluate(() => (window as unknown as { __long: { step: string; ms: number }[] }).__long);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await context.close();
  return long;
}

async function jsGzip(dir: string, files: string[]): Promise<number> {
  let n = 0;
  for (const f of files) n += gzipSync(await readFile(resolve(dir, f))).length;
  return n;
}

/** Scripts a page loads (module graph of index/launch from the built HTML and its modulepreloads). */
async function pageScripts(outDir: string, html: string): Promise<string[]> {
  const text = await readFile(resolve(outDir, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '').filter(Boolean);
}

export async function benchBrowser(): Promise<void> {
  const outDir = resolve(root, `dist-bench/${APP_PORT}`);
  const config = JSON.parse(await readFile(resolve(root, 'public/site-config.json'), 'utf8')) as { ehrs: { issuers: string[] }[] };
  for (const ehr of config.ehrs) ehr.issuers = ehr.issuers.map((iss) => iss.replace('http://localhost:4010', `http://localhost:${SANDBOX_PORT}`));
  await mkdir(resolve(root, 'dist-bench'), { recursive: true });
  const configFile = resolve(root, `dist-bench/site-config-${APP_PORT}.json`);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  process.env['ITB_SITE_CONFIG'] = configFile;
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  await writeFile(resolve(outDir, 'site-config.json'), JSON.stringify(config, null, 2));
  for (const f of await readdir(resolve(root, 'bench/floor'))) await copyFile(resolve(root, 'bench/floor', f), resolve(outDir, f));
  await copyFile(resolve(root, 'node_modules/fhirclient/build/fhir-client.pure.min.js'), resolve(outDir, 'fhir-client.pure.min.js'));
  const csp = (await readFile(resolve(outDir, 'content-security-policy.txt'), 'utf8')).trim();
  // The floor's files gzipped as the build gzips its own (the site configuration, as in a deployment, not).
  await precompressDir(outDir);
  const server = await startStaticHost(outDir, { port: APP_PORT, headers: { 'Content-Security-Policy': csp } });
  const appOrigin = server.origin;
  const sandbox = await startSandbox({
    port: SANDBOX_PORT,
    appLaunchUrl: `${appOrigin}/launch.html`,
    clients: [{ clientId: 'itb-companion', redirectUris: [`${appOrigin}/index.html`, `${appOrigin}/floor.html`] }],
    quiet: true,
  });
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: ARGS });
  try {
    const rows: Record<string, string | number>[] = [];
    const longRows: Record<string, string | number>[] = [];
    const phaseRows: Record<string, string | number>[] = [];
    for (const [label, patientId, latencyMs] of CHARTS) {
      sandbox.setFaults({ latencyMs });
      const ours: number[] = [];
      const oursComplete: number[] = [];
      const floor: number[] = [];
      const oursPhases: Phases[] = [];
      const floorPhases: Phases[] = [];
      let waves = 0;
      let completeWaves = 0;
      let reads = 0;
      for (let i = 0; i < RUNS; i++) {
        const a = sandbox.launch(patientId).launchUrl;
        const o = await launchOnce(browser, a, OURS);
        ours.push(o.ms);
        oursPhases.push(o.phases);
        oursComplete.push(o.completeMs ?? Number.NaN);
        waves = Math.max(waves, o.waves);
        completeWaves = Math.max(completeWaves, o.completeWaves ?? 0);
        reads = o.reads;
        const b = sandbox.launch(patientId).launchUrl.replace('/launch.html', '/floor-launch.html');
        const f = await launchOnce(browser, b, FLOOR);
        floor.push(f.ms);
        floorPhases.push(f.phases);
      }
      const mo = median(ours);
      const mc = median(oursComplete);
      const mf = median(floor);
      rows.push({
        chart: `${label} [${patientId}]`,
        'floor ms': Math.round(mf),
        'first screen ms': Math.round(mo),
        'first/floor': (mo / mf).toFixed(2),
        'waves before first screen': waves,
        'reads before first screen': reads,
        'summary complete ms': Math.round(mc),
        'complete/floor': (mc / mf).toFixed(2),
        'waves to complete': completeWaves,
      });
      for (const [who, list] of [['ours', oursPhases], ['floor', floorPhases]] as const) {
        const at = (k: keyof Phases) => Math.round(median(list.map((p) => p[k])));
        phaseRows.push({ chart: `${label} [${patientId}]`, app: who, 'own page': at('page'), 'scripts in': at('scripts'), 'token sent': at('tokenSent'), 'token in': at('token'), 'first read': at('firstRead'), 'last read': at('lastRead'), 'first screen': at('first') });
      }
      if (latencyMs > 0) continue; // the chart's tasks do not depend on the network
      const long = await chartLongTasks(browser, sandbox.launch(patientId).launchUrl);
      longRows.push({
        chart: `${label} [${patientId}]`,
        'long tasks (>50 ms)': long.length,
        'longest ms': long.length ? Math.round(Math.max(...long.map((l) => l.ms))) : 0,
        during: [...new Set(long.map((l) => l.step))].join(', ') || '-',
      });
    }
    console.log(`Launch to first screen (the current dose) and to the whole summary, headless chromium, median of ${RUNS} (fresh context each), interleaved with the one-read floor`);
    console.table(rows);
    console.log('Where the launch time goes: ms since the launch URL opened, median of each step (the app\'s own page starts after the launch page and the EHR\'s authorize redirect)');
    console.table(phaseRows);
    console.log('Dose chart at 4x CPU throttle: open, range All time / 1 year / All time, hover across');
    console.table(longRows);
    const sizes = [
      { page: 'launch.html', files: await pageScripts(outDir, 'launch.html') },
      { page: 'index.html (first load)', files: await pageScripts(outDir, 'index.html') },
      { page: 'floor (fhirclient pure)', files: ['fhir-client.pure.min.js', 'floor.js'] },
    ];
    const sizeRows = [];
    for (const s of sizes) sizeRows.push({ page: s.page, scripts: s.files.length, 'JS gzip': kib(await jsGzip(outDir, s.files)) });
    console.log('JS per page as served (scripts and modulepreloads in the HTML)');
    console.table(sizeRows);
  } finally {
    await browser.close();
    await sandbox.close();
    await server.close();
  }
}
