/**
 * `npm run cds`: the CDS Hooks service on its own. Configuration from the environment (stateless;
 * run as many copies as needed behind a load balancer, README "CDS Hooks service"):
 *   CDS_PORT (4790), CDS_HOST (0.0.0.0), CDS_BASE_URL (public URL, the JWT audience base),
 *   CDS_TRUSTED_CLIENTS (JSON [{"iss": "...", "jwksUrl": "..."}]), CDS_APP_LAUNCH_URL,
 *   CDS_SITE_CONFIG (site-config.json path; its site.timeZone and clinical settings are used).
 * `npm start` and the browser tests start it in-process with `startCdsService` beside the sandbox.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import { parseSiteConfig } from '../config/site-config';
import { createCdsService, type CdsServiceOptions } from './service';

export type RunningCdsService = { readonly port: number; readonly baseUrl: string; close: () => Promise<void> };

/**
 * Starts the service on CDS_PORT (0 = a free port). `overrides` are for in-process callers: the
 * clinical clock (`now`) and the log.
 */
export async function startCdsService(env: Record<string, string | undefined> = process.env, overrides: Pick<CdsServiceOptions, 'now' | 'log'> = {}): Promise<RunningCdsService> {
  const trusted = z.array(z.object({ iss: z.string().url(), jwksUrl: z.string().url() })).parse(JSON.parse(env['CDS_TRUSTED_CLIENTS'] ?? '[]'));
  const site = parseSiteConfig(JSON.parse(readFileSync(env['CDS_SITE_CONFIG'] ?? 'public/site-config.json', 'utf8')));
  const host = env['CDS_HOST'] ?? '0.0.0.0';
  // The base URL is the JWT audience, so it is fixed before the first call: with port 0 the
  // server is bound first and the service built for the port it got.
  const ready: { fetch?: (request: Request) => Response | Promise<Response> } = {};
  const server = serve({ fetch: (request) => (ready.fetch === undefined ? new Response(null, { status: 503 }) : ready.fetch(request)), port: Number(env['CDS_PORT'] ?? 4790), hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = env['CDS_BASE_URL'] ?? `http://localhost:${port}`;
  const { app } = createCdsService({
    baseUrl,
    trusted,
    settings: {
      timeZone: site.site.timeZone,
      refillWarningDays: site.clinical.refillWarningDays,
      staleWeightDays: site.clinical.staleWeightDays,
      drugStabilityDays: site.clinical.drugStabilityDays,
      softMaxDailyDose: site.clinical.dailyDoseAlertMicrogramsPerDay,
      ...(site.clinical.doseReductionWarnPercent === undefined ? {} : { doseReductionWarnPercent: site.clinical.doseReductionWarnPercent }),
      appLaunchUrl: env['CDS_APP_LAUNCH_URL'] ?? 'http://localhost:5173/launch.html',
    },
    ...overrides,
  });
  ready.fetch = app.fetch;
  return {
    port,
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { baseUrl } = await startCdsService();
  process.stderr.write(`CDS Hooks service: ${baseUrl}/cds-services\n`);
}
