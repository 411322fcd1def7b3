/**
 * `npm run cds`: the CDS Hooks service on its own. Configuration from the environment (stateless;
 * run as many copies as needed behind a load balancer, README "CDS Hooks service"):
 *   CDS_PORT (4790), CDS_BASE_URL (public URL, the JWT audience base), CDS_TRUSTED_CLIENTS (JSON
 *   [{"iss": "...", "jwksUrl": "..."}]), CDS_APP_LAUNCH_URL, CDS_SITE_CONFIG (site-config.json
 *   path; its site.timeZone and clinical settings are used).
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import { parseSiteConfig } from '../config/site-config';
import { createCdsService } from './service';

export function startCdsService(env: Record<string, string | undefined> = process.env): { port: number; close: () => void } {
  const port = Number(env['CDS_PORT'] ?? 4790);
  const baseUrl = env['CDS_BASE_URL'] ?? `http://localhost:${port}`;
  const trusted = z.array(z.object({ iss: z.string().url(), jwksUrl: z.string().url() })).parse(JSON.parse(env['CDS_TRUSTED_CLIENTS'] ?? '[]'));
  const site = parseSiteConfig(JSON.parse(readFileSync(env['CDS_SITE_CONFIG'] ?? 'public/site-config.json', 'utf8')));
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
  });
  const server = serve({ fetch: app.fetch, port, hostname: env['CDS_HOST'] ?? '0.0.0.0' });
  return { port, close: () => server.close() };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { port } = startCdsService();
  process.stderr.write(`CDS Hooks service: http://localhost:${port}/cds-services\n`);
}
