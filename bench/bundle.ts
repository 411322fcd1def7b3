/**
 * Bundle size figures: what the EHR's embedded browser downloads before the user sees anything
 * (launch page), on the app's first load, and the lazily loaded chunks (charts).
 */
import { build } from 'vite';
import type { OutputAsset, OutputChunk, RolldownOutput } from 'rolldown';
import { gzipSync } from 'node:zlib';
import { minifySync } from 'rolldown/experimental';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function reachable(chunks: Map<string, OutputChunk>, start: OutputChunk): OutputChunk[] {
  const seen = new Map<string, OutputChunk>();
  const visit = (c: OutputChunk) => {
    if (seen.has(c.fileName)) return;
    seen.set(c.fileName, c);
    for (const f of c.imports) {
      const next = chunks.get(f);
      if (next) visit(next);
    }
  };
  visit(start);
  return [...seen.values()];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** The package or source folder a module belongs to, for the first-load breakdown. */
function pieceOf(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
  if (pkg !== undefined) {
    if (['fhirclient', 'js-base64'].includes(pkg)) return 'fhirclient (+ js-base64)';
    if (pkg.startsWith('@tanstack/')) return '@tanstack/react-query';
    if (['react', 'react-dom', 'scheduler'].includes(pkg)) return pkg === 'react' ? 'react' : 'react-dom (+ scheduler)';
    return pkg;
  }
  const src = /\/src\/([^/]+)/.exec(id)?.[1];
  return src === undefined ? 'other (runtime, preload helper)' : `src/${src.replace(/\.tsx?$/, '')}`;
}

function firstLoadPieces(list: OutputChunk[]): Record<string, string>[] {
  const code = new Map<string, string[]>();
  for (const c of list) {
    for (const [id, m] of Object.entries(c.modules)) {
      const piece = pieceOf(id);
      code.set(piece, [...(code.get(piece) ?? []), m.code ?? '']);
    }
  }
  return [...code]
    .map(([piece, parts]) => ({ piece, gz: gzipSync(minifySync(`${piece}.js`, parts.join('\n'), { module: true, compress: false }).code).length }))
    .sort((a, b) => b.gz - a.gz)
    .map(({ piece, gz }) => ({ piece, gzip: kb(gz) }));
}

export async function benchBundle(): Promise<void> {
  const result = (await build({ root, logLevel: 'silent', build: { write: false, sourcemap: false } })) as RolldownOutput | RolldownOutput[];
  const output = (Array.isArray(result) ? result : [result]).flatMap((o) => o.output);
  const chunks = new Map(output.filter((o): o is OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
  const css = output.filter((o): o is OutputAsset => o.type === 'asset' && o.fileName.endsWith('.css'));
  const size = (list: OutputChunk[]) => {
    const raw = list.reduce((s, c) => s + Buffer.byteLength(c.code), 0);
    const gz = list.reduce((s, c) => s + gzipSync(c.code).length, 0);
    return { raw, gz };
  };
  const rows: Record<string, string>[] = [];
  const initial = new Set<string>();
  const startChunk = [...chunks.values()].find((c) => c.moduleIds.some((m) => m.endsWith('/src/app/start.ts')));
  const boot = [...chunks.values()].find((c) => c.moduleIds.some((m) => m.endsWith('/src/app/boot.tsx')));
  for (const entry of ['launch', 'index']) {
    const start = [...chunks.values()].find((c) => c.isEntry && c.name === entry);
    if (!start) continue;
    // index.html: also the session's start and the app's boot chunk, which main.tsx and start import
    // dynamically and the page preloads.
    const more = entry === 'index' ? [startChunk, boot].filter((c) => c !== undefined) : [];
    const list = [...new Map([start, ...more].flatMap((c) => reachable(chunks, c)).map((c) => [c.fileName, c])).values()];
    list.forEach((c) => initial.add(c.fileName));
    const s = size(list);
    rows.push({ what: `${entry}.html first load (JS, static imports)`, chunks: String(list.length), minified: kb(s.raw), gzip: kb(s.gz) });
  }
  // What the browser fetches before the first screen: index.html's static graph and the opening
  // view's chunks (the doctor's summary, preloaded beside the session by main.tsx).
  const index = [...chunks.values()].find((c) => c.isEntry && c.name === 'index');
  const view = [...chunks.values()].find((c) => c.name === 'DoctorView');
  const firstLoad = new Map<string, OutputChunk>();
  for (const start of [index, startChunk, boot, view]) if (start) for (const c of reachable(chunks, start)) firstLoad.set(c.fileName, c);
  const f = size([...firstLoad.values()]);
  rows.push({ what: 'first load: index.html + the opening view (doctor)', chunks: String(firstLoad.size), minified: kb(f.raw), gzip: kb(f.gz) });
  const lazy = [...chunks.values()].filter((c) => !initial.has(c.fileName) && !firstLoad.has(c.fileName));
  const s = size(lazy);
  rows.push({ what: 'lazy chunks (other views, charts, UCUM)', chunks: String(lazy.length), minified: kb(s.raw), gzip: kb(s.gz) });
  const cssRaw = css.reduce((n, a) => n + (typeof a.source === 'string' ? Buffer.byteLength(a.source) : a.source.length), 0);
  rows.push({ what: 'CSS', chunks: String(css.length), minified: kb(cssRaw), gzip: '' });
  console.log('Bundle sizes (production build)');
  console.table(rows);
  console.log('First load by piece (each piece minified and gzipped on its own, so the pieces add up to a little more than the whole)');
  console.table(firstLoadPieces([...firstLoad.values()]));
}
