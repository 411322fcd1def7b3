/**
 * zod (its mini build), already in jitless mode and with English messages. zod compiles fast
 * parsers with `new Function` when the page allows it, and probes for that by trying eval; under
 * the app's CSP (script-src 'self') the probe is a policy violation in every hospital's log.
 * Setting the mode from the entry module is not enough: ES modules evaluate their imports first,
 * so a chunk that parses at load would probe before it. The build therefore aliases `zod/mini` to
 * this module (vite.config.ts): whoever imports zod first gets it with the mode already set. The
 * entries still import it first, for tests and clarity.
 *
 * The mini build leaves messages to a locale (without one every issue reads "Invalid input"), and
 * the app names the failing field and why to the user, so English is configured here; zod's
 * classic build ships the same locale preloaded.
 */
import { config } from 'zod/v4/mini';
import en from 'zod/v4/locales/en.js';

config({ jitless: true, ...en() });

export * from 'zod/v4/mini';
