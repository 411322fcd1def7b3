import { defineConfig, type Plugin } from 'vite';
import type { ChunkingContext } from 'rolldown';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { siteConfigSchema, type SiteConfig } from './src/config/site-config';
import { launchConfigOf } from './src/config/launch-config';
import { buildCsp } from './src/config/csp';
import { precompressDir } from './scripts/precompress';

/** The site configuration the bundle is built for (ITB_SITE_CONFIG, else public/site-config.json), validated. */
function builtSiteConfig(): SiteConfig {
  const file = process.env['ITB_SITE_CONFIG'] ?? resolve(import.meta.dirname, 'public/site-config.json');
  const parsed = siteConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid site configuration: ${parsed.error.message}`);
  return parsed.data;
}

/** `virtual:itb-<name>`: a module whose default export is `value()`, worked out from the site configuration when loaded. */
function builtValue(name: string, value: () => unknown): Plugin {
  const id = `virtual:itb-${name}`;
  return {
    name: `itb-${name}`,
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) => (resolved === `\0${id}` ? `export default ${JSON.stringify(value())};` : undefined),
  };
}

/**
 * `virtual:itb-launch-config`: the launch page's part of the site configuration, checked here
 * with the app's own schema, so launch.html ships neither zod nor a request for site-config.json.
 */
const launchConfig = () => builtValue('launch-config', () => launchConfigOf(builtSiteConfig()));

/**
 * `virtual:itb-first-wave-config`: the site's procedure codes and recent-procedure count as built,
 * so app/start.ts sends the pump card's searches with the token response rather than once
 * site-config.json has come (which the app asks the host for afresh each launch). The searches
 * are sent again with the served file's codes if a site has changed them since the build.
 */
const firstWaveConfig = () =>
  builtValue('first-wave-config', () => {
    const { procedureCodes, recentProcedureCount } = builtSiteConfig().clinical;
    return { procedureCodes, recentProcedureCount };
  });

/**
 * The Content-Security-Policy, from the site configuration the bundle is built for
 * (ITB_SITE_CONFIG, else public/site-config.json): a <meta> tag in both pages, and the full
 * header (with frame-ancestors, which a meta tag cannot carry) as `content-security-policy.txt`
 * for the static host. Build only: the dev server's hot reload needs inline scripts.
 */
function contentSecurityPolicy(): Plugin {
  const csp = buildCsp(builtSiteConfig());
  return {
    name: 'itb-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: csp.meta }, injectTo: 'head-prepend' }],
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'content-security-policy.txt', source: `${csp.header}\n` });
    },
  };
}

/**
 * index.html preloads, beside its entry, app/start.ts (the session's start), app/boot.tsx (React,
 * the app) and the doctor's view, with their chunks: main.tsx imports start dynamically and start
 * imports boot, so the code exchange starts from fhirclient alone without waiting for the rest to
 * arrive and evaluate, and the preload keeps the rest's download from waiting for the entry.
 */
function preloadBoot(): Plugin {
  return {
    name: 'itb-preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (ctx.bundle === undefined || ctx.chunk === undefined || ctx.chunk.name !== 'index') return undefined;
        const chunks = new Map(Object.values(ctx.bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
        const chunkOf = (source: string) => {
          const chunk = [...chunks.values()].find((c) => c.moduleIds.some((m) => m.endsWith(source)));
          if (chunk === undefined) throw new Error(`no chunk for ${source}`);
          return chunk;
        };
        const already = new Set<string>();
        const visit = (file: string, into: Set<string>) => {
          if (into.has(file)) return;
          into.add(file);
          for (const next of chunks.get(file)?.imports ?? []) visit(next, into);
        };
        visit(ctx.chunk.fileName, already);
        const files = new Set<string>();
        // In the order they are needed: the session's start (the site configuration's schema, the
        // first wave), then the app, then the doctor's view (the launch's likeliest, which
        // app/start.ts asks for): asked for only once the entry has run, its chunks arrived after
        // the token (issue 16).
        for (const source of ['/src/app/start.ts', '/src/app/boot.tsx', '/src/features/doctor/components/DoctorView.tsx']) visit(chunkOf(source).fileName, files);
        return [...files].filter((f) => !already.has(f)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * A `.gz` copy of each text file of dist, gzipped at build time, for a static host that serves
 * precompressed files (README, "Content-Security-Policy"). Only when the build writes to disk.
 */
function precompress(): Plugin {
  let outDir: string | undefined;
  return {
    name: 'itb-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.write ? resolve(config.root, config.build.outDir) : undefined;
    },
    async closeBundle() {
      if (outDir !== undefined) await precompressDir(outDir);
    },
  };
}

/**
 * index.html's core in three chunks instead of a dozen small ones, each a request queued for the
 * browser's six connections to the host (issue 16): `sign-in` (what launch.html and index.html's
 * entry both run: fhirclient, the launch configuration; the launch page caches it for the app),
 * `start` (the static imports of app/start.ts: the session, the first wave) and `app` (those of
 * app/boot.tsx but React's, a chunk of its own). Every launch loads all three, so no view pays a
 * byte it would not have loaded anyway; the views' own code stays split by view. `start` keeps no
 * import of `app` or React, so the first wave can go out before React has arrived.
 */
function appCore(): { plugin: Plugin; group: (group: 'sign-in' | 'start' | 'app') => (id: string, ctx: ChunkingContext) => string | null } {
  const src = (path: string) => resolve(import.meta.dirname, path);
  // Worked out once per build, at its first chunking call (the module graph is complete by then).
  let groups: Map<string, 'sign-in' | 'start' | 'app'> | undefined;
  const plugin: Plugin = {
    name: 'itb-app-core',
    apply: 'build',
    buildStart() {
      groups = undefined;
    },
  };
  // Static imports only: what a dynamic import brings is loaded when it is asked for.
  const closure = (ctx: ChunkingContext, roots: string[]) => {
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) return;
      const info = ctx.getModuleInfo(id);
      if (info === null) throw new Error(`appCore: no module ${id}`);
      seen.add(id);
      info.importedIds.forEach(visit);
    };
    roots.forEach(visit);
    return seen;
  };
  const group = (name: 'sign-in' | 'start' | 'app') => (id: string, ctx: ChunkingContext) => {
    if (groups === undefined) {
      const entries = [src('src/launch/launch.ts'), src('src/main.tsx')];
      groups = new Map();
      // Later assignments win: a module both boot and start import is start's, one the entries share is sign-in's.
      for (const m of closure(ctx, [src('src/app/boot.tsx')])) groups.set(m, 'app');
      for (const m of closure(ctx, [src('src/app/start.ts')])) groups.set(m, 'start');
      for (const m of closure(ctx, entries)) groups.set(m, 'sign-in');
      for (const m of entries) groups.delete(m);
    }
    // Both pages' modulepreload polyfill, a request of its own otherwise (rolldown's runtime keeps
    // a chunk of its own whatever the groups say; 0.5 KiB, cached by the launch page too).
    if (id === '\0vite/modulepreload-polyfill.js') return name === 'sign-in' ? name : null;
    return groups.get(id) === name ? name : null;
  };
  return { plugin, group };
}

const core = appCore();

// Two entries: launch.html runs only fhirclient's authorize (no React in that bundle);
// index.html completes the launch and renders the app.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), launchConfig(), firstWaveConfig(), preloadBoot(), precompress(), core.plugin],
  base: './',
  // fhirclient's pure build: every browser the app supports has fetch, AbortController, URL and
  // WebCrypto (PKCE needs crypto.subtle, which a secure context has), so its polyfills are dead weight.
  define: { FHIRCLIENT_PURE: 'true' },
  resolve: {
    alias: [
      { find: 'isomorphic-webcrypto', replacement: resolve(import.meta.dirname, 'src/launch/webcrypto.ts') },
      // fhirclient's request logging off: no URLs in a browser's console (src/launch/debug-off.cjs).
      { find: /^debug$/, replacement: resolve(import.meta.dirname, 'src/launch/debug-off.cjs') },
    ],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        launch: resolve(import.meta.dirname, 'launch.html'),
        index: resolve(import.meta.dirname, 'index.html'),
      },
      // React and react-query in one chunk: split by the views that share them they were five or six
      // small files. Groups of higher priority take their modules first; each takes the static
      // imports of what it captures too (rolldown's default), so sign-in's go before all.
      output: {
        codeSplitting: {
          groups: [
            { name: core.group('sign-in'), priority: 4 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/, priority: 3 },
            { name: core.group('start'), priority: 2 },
            { name: core.group('app'), priority: 1 },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: { port: 4173, strictPort: true, host: 'localhost' },
});
