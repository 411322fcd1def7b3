/**
 * The end-to-end stack: builds the production bundle (with a site configuration pointing at the
 * test sandbox), serves it statically, and starts the sandbox EHR and the CDS Hooks service on
 * their own ports so a running `npm start` is never disturbed. Playwright starts this as its web
 * server.
 */
import { build, preview, type Plugin } from 'vite';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { startCdsService } from '../../src/cds/main';
import { E2E_APP_PORT, E2E_CDS_PORT, E2E_WORKERS, sandboxPort } from './ports';
import { testNow } from '../clock/test-clock';

const root = resolve(import.meta.dirname, '../..');
const outDir = resolve(root, `dist-e2e/${E2E_APP_PORT}`);

// Same configuration as shipped, with each worker's sandbox port as an allowed issuer; the bundle
// (and its Content-Security-Policy) is built for it, as a hospital builds for its own config.
const slots = Array.from({ length: E2E_WORKERS }, (_, i) => i);
const config = JSON.parse(await readFile(resolve(root, 'public/site-config.json'), 'utf8')) as { ehrs: { issuers: string[] }[] };
for (const ehr of config.ehrs) {
  ehr.issuers = ehr.issuers.flatMap((iss) =>
    iss.startsWith('http://localhost:4010') ? slots.map((i) => iss.replace('http://localhost:4010', `http://localhost:${sandboxPort(i)}`)) : [iss],
  );
}
const configFile = resolve(root, `dist-e2e/site-config-${E2E_APP_PORT}.json`);
await mkdir(dirname(configFile), { recursive: true });
await writeFile(configFile, JSON.stringify(config, null, 2));
process.env['ITB_SITE_CONFIG'] = configFile;

// E2E_REUSE_BUILD=1 (the clock matrix, run right after the main browser tests) serves the bundle
// the previous run built instead of building the same sources again.
const reuse = process.env['E2E_REUSE_BUILD'] === '1' && existsSync(resolve(outDir, 'index.html'));
if (!reuse) await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
await writeFile(resolve(outDir, 'site-config.json'), JSON.stringify(config, null, 2));

// Served with the policy's header form too (frame-ancestors is only honoured there), as the
// README tells a hospital's static host to.
const csp = (await readFile(resolve(outDir, 'content-security-policy.txt'), 'utf8')).trim();
// site-config.json as nginx and Apache serve a file by default: with its Last-Modified (a month back,
// as for a file a site set up long ago) and no Cache-Control, which lets a browser reuse its copy for
// a tenth of that age, three days. Vite's preview sends no-cache, which would hide an app that lets the
// browser's cache answer (launch.spec: a site's edit reaches the next launch).
const siteConfigAsNginx: Plugin = {
  name: 'e2e-site-config-as-nginx',
  configurePreviewServer(previewServer) {
    previewServer.middlewares.use((req, res, next) => {
      if (req.url?.split('?')[0] !== '/site-config.json') return next();
      readFile(resolve(outDir, 'site-config.json')).then((body) => {
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Last-Modified', new Date(Date.now() - 30 * 86_400_000).toUTCString());
        res.end(body);
      }, next);
    });
  },
};
const server = await preview({
  root,
  logLevel: 'warn',
  plugins: [siteConfigAsNginx],
  build: { outDir },
  preview: { port: E2E_APP_PORT, strictPort: true, host: 'localhost', headers: { 'Content-Security-Policy': csp } },
});
const appLaunchUrl = `http://localhost:${E2E_APP_PORT}/launch.html`;
const sandboxOrigins = slots.map((i) => `http://localhost:${sandboxPort(i)}`);
// The CDS service trusts every worker's sandbox as its EHR and works the cards out at the run's
// instant (the seeds' instant); the EHR's JWTs are checked against the real clock they are signed with.
const cds = await startCdsService(
  {
    CDS_PORT: String(E2E_CDS_PORT),
    CDS_HOST: 'localhost',
    CDS_TRUSTED_CLIENTS: JSON.stringify(sandboxOrigins.map((iss) => ({ iss, jwksUrl: `${iss}/cds-client/jwks.json` }))),
    CDS_APP_LAUNCH_URL: appLaunchUrl,
    CDS_SITE_CONFIG: configFile,
  },
  { now: () => testNow(), log: () => undefined },
);
// One sandbox EHR per Playwright worker. Slot 0 (the one Playwright polls for readiness) starts
// last, so every sandbox is up once it answers.
const sandboxes: Sandbox[] = [];
for (const i of [...slots.slice(1), 0]) {
  sandboxes.push(
    await startSandbox({
      port: sandboxPort(i),
      appLaunchUrl,
      cdsServiceBase: cds.baseUrl,
      clients: [{ clientId: 'itb-companion', redirectUris: [`http://localhost:${E2E_APP_PORT}/index.html`] }],
      quiet: true,
      // Seeds (and every reset's reseed) are relative to the run's reference instant, the one the
      // browser contexts start at.
      now: () => testNow(),
    }),
  );
}
console.log(`e2e clock: ${testNow().toISOString()} (ITB_TEST_NOW=${process.env['ITB_TEST_NOW'] ?? 'default'})`);
console.log(`e2e stack ready: app http://localhost:${E2E_APP_PORT}/ sandboxes ${sandboxes.map((s) => s.origin).join(' ')} cds ${cds.baseUrl}/cds-services`);

async function stop(): Promise<void> {
  await Promise.allSettled([...sandboxes.map((s) => s.close()), cds.close(), new Promise<void>((r) => server.httpServer.close(() => r()))]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
