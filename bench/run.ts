/**
 * Dashboard cost from ready() to data, per patient: sequential request waves, request count and
 * bytes. Runs the real src/fhir loader (loadDashboard) with a fhirclient Client against the
 * sandbox EHR in-process. Target: one wave, and the same cost for a new patient and for five
 * years of history.
 */
import { benchBundle } from './bundle';
import { benchBrowser } from './browser';
import { benchCds } from './cds';
import { loadDashboard, type FhirClient } from '../src/fhir';
import { startSandbox } from '../test/sandbox/server';
import { launchToken, nodeClient } from '../test/integration/node-client';

type Timing = { start: number; end: number };

/** Record when each request of the client starts and ends (pages included: each is a request). */
function instrument(client: FhirClient): Timing[] {
  const timings: Timing[] = [];
  const original = client.request.bind(client);
  client.request = async <T>(...args: Parameters<FhirClient['request']>): Promise<T> => {
    const t: Timing = { start: performance.now(), end: Number.POSITIVE_INFINITY };
    timings.push(t);
    try {
      return await original<T>(...args);
    } finally {
      t.end = performance.now();
    }
  };
  return timings;
}

/** A request's wave is one more than the latest wave that finished before it started. */
function countWaves(timings: readonly Timing[]): number {
  const sorted = [...timings].sort((a, b) => a.start - b.start);
  const wave = new Map<Timing, number>();
  for (const t of sorted) {
    const before = sorted.filter((o) => o.end <= t.start).map((o) => wave.get(o) ?? 1);
    wave.set(t, before.length === 0 ? 1 : Math.max(...before) + 1);
  }
  return Math.max(0, ...wave.values());
}

const logEntry = (e: unknown) => ({
  bytes: typeof e === 'object' && e !== null && typeof Reflect.get(e, 'bytes') === 'number' ? Number(Reflect.get(e, 'bytes')) : 0,
  path: typeof e === 'object' && e !== null ? String(Reflect.get(e, 'path')) : '',
});

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, quiet: true, faults: { latencyMs: 20 } });
  const rows: Record<string, string | number>[] = [];
  try {
    for (const [label, patientId] of [
      ['new patient (before test dose)', 'itb-pretest'],
      ['newly implanted (10 days)', 'itb-titration'],
      ['stable pump (3 years)', 'itb-stable'],
      ['five-year history', 'itb-history'],
    ] as const) {
      const token = await launchToken(sandbox.origin, sandbox.fhirBase, patientId);
      const client = nodeClient(sandbox.fhirBase, token, `${sandbox.origin}/oauth/token`);
      const timings = instrument(client);
      await fetch(`${sandbox.origin}/admin/requests`, { method: 'DELETE' });
      const started = performance.now();
      const now = Date.now();
      const data = await loadDashboard(client, patientId, {
        vitalsSince: new Date(now - 24 * 3_600_000).toISOString(),
        assessmentsSince: new Date(now - 30 * 86_400_000).toISOString(),
        timeZone: 'Australia/Sydney',
      });
      const ms = performance.now() - started;
      const logJson: unknown = await (await fetch(`${sandbox.origin}/admin/requests`)).json();
      const log = Array.isArray(logJson) ? logJson.map(logEntry) : [];
      const failed = Object.entries(data).filter(([, part]) => !part.ok).map(([k]) => k);
      rows.push({
        patient: `${label} [${patientId}]`,
        waves: countWaves(timings),
        requests: log.length,
        'client requests': timings.length,
        bytes: log.reduce((sum, e) => sum + e.bytes, 0),
        ms: Math.round(ms),
        failed: failed.join(',') || '-',
      });
    }
  } finally {
    await sandbox.close();
  }
  console.log('Dashboard cost from ready() to data (sandbox EHR, 20 ms latency per request)');
  console.table(rows);
}

main()
  .then(() => benchBundle())
  .then(() => benchBrowser())
  .then(() => benchCds())
  .catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
