import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { precompressDir } from '../../scripts/precompress';

describe('the build gzip copies (scripts/precompress.ts)', () => {
  it('writes a .gz beside each text file of at least 1 KiB, in every folder, that unzips to the file, but none for site-config.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'itb-precompress-'));
    try {
      await mkdir(join(dir, 'assets'));
      const script = 'export const dose = "micrograms";\n'.repeat(100);
      await writeFile(join(dir, 'assets', 'app.js'), script);
      await writeFile(join(dir, 'index.html'), `<!doctype html>${'<p>x</p>'.repeat(200)}`);
      await writeFile(join(dir, 'small.json'), '{"a":1}');
      // The site configuration, which a site edits in place after the build, gets no copy to go stale.
      await writeFile(join(dir, 'site-config.json'), JSON.stringify({ contacts: 'x'.repeat(2048) }));
      await writeFile(join(dir, 'favicon.png'), Buffer.alloc(4096, 1));
      await writeFile(join(dir, 'assets', 'app.js.map'), 'x'.repeat(4096));

      expect(await precompressDir(dir)).toBe(2);
      expect((await readdir(dir)).sort()).toEqual(['assets', 'favicon.png', 'index.html', 'index.html.gz', 'site-config.json', 'small.json']);
      expect((await readdir(join(dir, 'assets'))).sort()).toEqual(['app.js', 'app.js.gz', 'app.js.map']);
      const copy = await readFile(join(dir, 'assets', 'app.js.gz'));
      expect(gunzipSync(copy).toString()).toBe(script);
      expect(copy.length).toBeLessThan(script.length / 10);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
