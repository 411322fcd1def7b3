/**
 * `npm start`: the sandbox EHR, the app's dev server and the CDS Hooks service in one process, and
 * the one URL to open. The sandbox is registered with the service as a CDS client (its issuer and
 * JWKS in the service's allowlist), so opening a chart calls `patient-view`.
 */
import { createServer } from 'vite';
import { startSandbox } from '../test/sandbox/server';
import { startCdsService } from '../src/cds/main';

const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const appPort = Number(process.env.APP_PORT ?? 5173);
const cdsPort = Number(process.env.CDS_PORT ?? 4790);
const sandboxOrigin = `http://localhost:${sandboxPort}`;

const vite = await createServer({ server: { port: appPort, strictPort: true, host: 'localhost' }, logLevel: 'warn' });
await vite.listen();
const appLaunchUrl = `http://localhost:${appPort}/launch.html`;
const cds = await startCdsService({
  ...process.env,
  CDS_PORT: String(cdsPort),
  CDS_HOST: 'localhost',
  CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: sandboxOrigin, jwksUrl: `${sandboxOrigin}/cds-client/jwks.json` }]),
  CDS_APP_LAUNCH_URL: appLaunchUrl,
});
const sandbox = await startSandbox({ port: sandboxPort, appLaunchUrl, quiet: true, cdsServiceBase: cds.baseUrl });

console.log(`
  ITB Companion is running against the sandbox EHR.

  Open the mock patient chart:  ${sandbox.origin}/

  Choose a patient there: the app opens inside the chart through a real SMART launch.
  (App dev server: http://localhost:${appPort}/   FHIR base: ${sandbox.fhirBase}
   CDS Hooks service: ${cds.baseUrl}/cds-services, called by the chart)
  Press Ctrl+C to stop.
`);

async function stop(): Promise<void> {
  await Promise.allSettled([vite.close(), sandbox.close(), cds.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
