/**
 * `npm run sandbox`: starts the sandbox EHR on its own (SANDBOX_PORT, APP_LAUNCH_URL,
 * SANDBOX_CLIENTS as JSON, fault switches SANDBOX_LATENCY_MS, SANDBOX_FAIL_RATE, SANDBOX_DROP_RATE,
 * SANDBOX_TOKEN_LIFETIME_SECONDS, SANDBOX_FORCE_401, SANDBOX_ORACLE_MODE, SANDBOX_FAULT_SEED).
 */
import type { ClientRegistration } from './auth.ts';
import { faultsFromEnv } from './faults.ts';
import { startSandbox } from './server.ts';

function parseClients(raw: string | undefined): ClientRegistration[] | undefined {
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as unknown;
  const ok = Array.isArray(parsed) && parsed.every((c: unknown) => {
    const client = c as Partial<ClientRegistration> | null;
    return typeof client?.clientId === 'string' && Array.isArray(client.redirectUris) && client.redirectUris.every((u) => typeof u === 'string');
  });
  if (!ok) throw new Error('SANDBOX_CLIENTS must be a JSON array of {clientId, redirectUris: string[]}');
  return parsed as ClientRegistration[];
}

const sandbox = await startSandbox({
  port: Number(process.env.SANDBOX_PORT ?? 4010),
  host: process.env.SANDBOX_HOST ?? 'localhost',
  appLaunchUrl: process.env.APP_LAUNCH_URL ?? 'http://localhost:5173/launch.html',
  clients: parseClients(process.env.SANDBOX_CLIENTS),
  faults: faultsFromEnv(process.env),
});

console.log(`Open the mock chart: ${sandbox.origin}/`);

async function stop(): Promise<void> {
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
