import { describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { OutputChunk, RolldownOutput } from 'rolldown';
import { resolve } from 'node:path';

/**
 * launch.html runs in the EHR's embedded browser before the user sees anything: it must stay a
 * small bundle with no React in it, and the app bundle must keep charts out of its first load.
 */
const root = resolve(import.meta.dirname, '../..');

async function buildChunks(): Promise<OutputChunk[]> {
  const output = (await build({ root, logLevel: 'silent', build: { write: false, sourcemap: false } })) as RolldownOutput | RolldownOutput[];
  const outputs = Array.isArray(output) ? output : [output];
  return outputs.flatMap((o) => o.output.filter((c): c is OutputChunk => c.type === 'chunk'));
}

function reachable(chunks: OutputChunk[], entryName: string): OutputChunk[] {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const entry = chunks.find((c) => c.isEntry && c.name === entryName);
  if (!entry) throw new Error(`no entry chunk named ${entryName}`);
  const seen = new Map<string, OutputChunk>();
  const visit = (chunk: OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const file of chunk.imports) {
      const next = byFile.get(file);
      if (next) visit(next);
    }
  };
  visit(entry);
  return [...seen.values()];
}

describe('the production bundles', () => {
  it('loads no React on the launch page, and no chart library on the app first load', async () => {
    const chunks = await buildChunks();
    const launchModules = reachable(chunks, 'launch').flatMap((c) => c.moduleIds);
    expect(launchModules.some((id) => id.includes('fhirclient'))).toBe(true);
    expect(launchModules.filter((id) => /node_modules\/(react|react-dom|scheduler)\//.test(id))).toEqual([]);

    const appModules = reachable(chunks, 'index').flatMap((c) => c.moduleIds);
    expect(appModules.some((id) => /node_modules\/react-dom\//.test(id))).toBe(true);
    expect(appModules.filter((id) => /node_modules\/(recharts|d3-)/.test(id))).toEqual([]);
  }, 120_000);
});
