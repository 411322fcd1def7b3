/**
 * Imported first by both entries: zod compiles fast parsers with `new Function` when the page
 * allows it, and probes for that by trying eval. Under the app's CSP (script-src 'self') the
 * probe is a policy violation in every hospital's log; jitless mode never tries.
 */
import { config } from 'zod';

config({ jitless: true });
