/**
 * zod, already in jitless mode. zod compiles fast parsers with `new Function` when the page allows
 * it, and probes for that by trying eval; under the app's CSP (script-src 'self') the probe is a
 * policy violation in every hospital's log. Setting the mode from the entry module is not enough:
 * ES modules evaluate their imports first, so a chunk that parses at load would probe before it.
 * The build therefore aliases `zod` to this module (vite.config.ts): whoever imports zod first
 * gets it with the mode already set. The entries still import it first, for tests and clarity.
 */
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
