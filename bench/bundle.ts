/**
 * Bundle size figures: what the EHR's embedded browser downloads before the user sees anything
 * (launch page), on the app's first load, and the lazily loaded chunks (charts).
 */
import { build } from 'vite';
import type { OutputAsset, OutputChunk, RolldownOutput } from 'rolldown';
import { gzipSync } from 'node:zlib';
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
  for (const entry of ['launch', 'index']) {
    const start = [...chunks.values()].find((c) => c.isEntry && c.name === entry);
    if (!start) continue;
    const list = reachable(chunks, start);
    list.forEach((c) => initial.add(c.fileName));
    const s = size(list);
    rows.push({ what: `${entry}.html first load (JS, static imports)`, chunks: String(list.length), minified: kb(s.raw), gzip: kb(s.gz) });
  }
  const lazy = [...chunks.values()].filter((c) => !initial.has(c.fileName));
  const s = size(lazy);
  rows.push({ what: 'lazy chunks (role views, charts)', chunks: String(lazy.length), minified: kb(s.raw), gzip: kb(s.gz) });
  const cssRaw = css.reduce((n, a) => n + (typeof a.source === 'string' ? Buffer.byteLength(a.source) : a.source.length), 0);
  rows.push({ what: 'CSS', chunks: String(css.length), minified: kb(cssRaw), gzip: '' });
  console.log('Bundle sizes (production build)');
  console.table(rows);
}
