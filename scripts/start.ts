/**
 * `npm start`: the sandbox EHR and the app's dev server in one process, and the one URL to open.
 */
import { createServer } from 'vite';
import { startSandbox } from '../test/sandbox/server';

const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const appPort = Number(process.env.APP_PORT ?? 5173);

const vite = await createServer({ server: { port: appPort, strictPort: true, host: 'localhost' }, logLevel: 'warn' });
await vite.listen();
const sandbox = await startSandbox({ port: sandboxPort, appLaunchUrl: `http://localhost:${appPort}/launch.html`, quiet: true });

console.log(`
  ITB Companion is running against the sandbox EHR.

  Open the mock patient chart:  ${sandbox.origin}/

  Choose a patient there: the app opens inside the chart through a real SMART launch.
  (App dev server: http://localhost:${appPort}/   FHIR base: ${sandbox.fhirBase})
  Press Ctrl+C to stop.
`);

async function stop(): Promise<void> {
  await Promise.allSettled([vite.close(), sandbox.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
