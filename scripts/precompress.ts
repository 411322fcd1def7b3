/**
 * Gzip copies of a built bundle's text files (`app.js` → `app.js.gz`), for a static host that
 * serves precompressed files (nginx `gzip_static on`, Apache's mod_rewrite recipe, most CDNs):
 * compressed once, at the highest level, at build time, instead of on every request.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(?:js|css|html|json|svg|txt)$/;
// Below this a compressed copy saves less than a packet; hosts send small files as they are.
const MIN_BYTES = 1024;
// Files a site edits in the deployed folder after the build (README: contacts and clinical
// settings change without a rebuild): a copy would go stale, and a host serving copies would keep
// sending the old contacts and settings.
const EDITED_AFTER_BUILD = new Set(['site-config.json']);

/**
 * Writes `<file>.gz` beside every compressible file of `dir` (recursively) of at least 1 KiB, but
 * the site configuration; returns how many.
 */
export async function precompressDir(dir: string): Promise<number> {
  let written = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      written += await precompressDir(path);
    } else if (COMPRESSIBLE.test(entry.name) && !EDITED_AFTER_BUILD.has(entry.name) && (await stat(path)).size >= MIN_BYTES) {
      await writeFile(`${path}.gz`, gzipSync(await readFile(path), { level: constants.Z_BEST_COMPRESSION }));
      written += 1;
    }
  }
  return written;
}
