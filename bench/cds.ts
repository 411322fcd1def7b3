/**
 * CDS service latency: patient-view with full prefetch (the stable pump child), 50 requests in
 * flight at once over real HTTP, each with a fresh signed JWT (verification included). Prints
 * p50/p95/p99 and throughput. The spec asks for answers on the order of 500 ms.
 */
import { serve } from '@hono/node-server';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { AddressInfo } from 'node:net';
import { createCdsService } from '../src/cds/service';
import { cdsPrefetchTemplates, CDS_READ_KEYS } from '../src/fhir/cds-reads';
import { startSandbox } from '../test/sandbox/server';

const CONCURRENCY = 50;
const TOTAL = 1000;

export async function benchCds(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, quiet: true });
  const prefetch: Record<string, unknown> = {};
  for (const [key, t] of Object.entries(cdsPrefetchTemplates(CDS_READ_KEYS))) {
    prefetch[key] = await (await fetch(`${sandbox.origin}/admin/fhir/${t.replaceAll('{{context.patientId}}', 'itb-stable')}`)).json();
  }
  await sandbox.close();
  const { privateKey, publicKey } = await generateKeyPair('RS384');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'b1', alg: 'RS384' };
  const iss = 'https://ehr.bench';
  const jwksUrl = 'https://ehr.bench/jwks';
  const server = serve({ fetch: () => new Response(null), port: 0 });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  server.close();
  const base = `http://localhost:${port}`;
  const { app } = createCdsService({
    baseUrl: base,
    trusted: [{ iss, jwksUrl }],
    keySets: new Map([[jwksUrl, createLocalJWKSet({ keys: [jwk] })]]),
    settings: { timeZone: 'Australia/Sydney', refillWarningDays: 14, staleWeightDays: 90, drugStabilityDays: 180, softMaxDailyDose: 1000, appLaunchUrl: 'http://localhost:5173/launch.html' },
    log: () => undefined,
  });
  const http = serve({ fetch: app.fetch, port });
  const url = `${base}/cds-services/itb-patient-view`;
  const body = (i: number) => JSON.stringify({ hook: 'patient-view', hookInstance: `bench-${i}`, context: { patientId: 'itb-stable' }, prefetch });
  const one = async (i: number): Promise<number> => {
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'RS384', typ: 'JWT', kid: 'b1' }).setIssuer(iss).setAudience(url).setIssuedAt().setExpirationTime('5m').setJti(`j-${i}-${Math.random()}`).sign(privateKey);
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' }, body: body(i) });
    await res.text();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) await one(-i - 1); // warm-up
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < TOTAL) latencies.push(await one(next++));
  }));
  const seconds = (performance.now() - started) / 1000;
  http.close();
  latencies.sort((a, b) => a - b);
  const p = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
  console.log(`CDS patient-view with full prefetch, ${CONCURRENCY} concurrent, ${TOTAL} requests (service-side JWT verification included; client-side signing not timed)`);
  console.table([{ p50_ms: p(0.5), p95_ms: p(0.95), p99_ms: p(0.99), throughput_per_s: Math.round(TOTAL / seconds) }]);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await benchCds();
