/**
 * The built app served as a hospital's static host would serve it: files as they are on disk,
 * the build's gzip copies (`*.gz`, scripts/precompress.ts) when the browser accepts gzip, the
 * Content-Security-Policy as a header, and the caching the README asks for: the content-hashed
 * files under `assets/` kept for a year, the pages and `site-config.json` checked on every load.
 * Without a Cache-Control header a browser guesses from Last-Modified, so whether the app's page
 * reused what the launch page had just fetched depended on how long ago the build ran (seconds, in
 * `npm run bench`: it did not). Vite's preview server instead gzips every response as it sends it,
 * which on a two-core machine put tens of milliseconds of the bench's own CPU before the app's
 * first script.
 */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

export type StaticHost = { origin: string; close: () => Promise<void> };

export async function startStaticHost(dir: string, options: { port: number; headers: Record<string, string> }): Promise<StaticHost> {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(options.headers)) c.header(name, value);
    c.header('Cache-Control', c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  app.use('*', serveStatic({ root: dir, precompressed: true }));
  const server = serve({ fetch: app.fetch, port: options.port, hostname: 'localhost' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
