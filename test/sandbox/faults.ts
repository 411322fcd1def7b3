/**
 * Fault switches: the ways a real EHR network misbehaves, turned on at will so tests and
 * benchmarks can see how the app copes. Random faults draw from a seeded PRNG so a test run
 * is repeatable (`seed` resets it).
 */

export interface Faults {
  /** Added to every FHIR request before it is processed. */
  latencyMs: number;
  /**
   * Added to writes only (POST, PUT, PATCH, DELETE), after the request was read and before it is
   * processed: a slow EHR. A write whose page was left meanwhile still commits, as on a real server.
   */
  writeLatencyMs: number;
  /** Fraction (0–1) of FHIR requests answered 503 before processing. */
  failRate: number;
  /**
   * Fraction (0–1) of FHIR requests whose connection is destroyed with no response AFTER the
   * request was processed: the write happened but the client never heard. Naive retries duplicate.
   */
  dropRate: number;
  /** When true dropRate applies to writes only (POST, PUT, PATCH, DELETE): reads always answer. */
  dropWritesOnly: boolean;
  /**
   * Fraction (0–1) of writes committed and then answered with a TCP reset and no response, the
   * way a proxy or load balancer drops a connection. Chromium re-sends, on its own, a request whose
   * reused connection reset before any reply; a byte-identical re-send of a reset write is processed
   * and answered normally (so without conditional create it is committed a second time). The app
   * sees the answer to the re-send, or a network error when the browser did not re-send.
   */
  resetRate: number;
  /**
   * Largest transaction or batch Bundle accepted (entries); a larger one is refused with 400, as
   * real servers limit Bundle sizes. 0: no limit.
   */
  maxBundleEntries: number;
  /** Lifetime of newly issued access tokens (Oracle Health: 570 s). */
  tokenLifetimeSeconds: number;
  /** When true every FHIR request answers 401, as if the session had been revoked. */
  force401: boolean;
  /** Oracle Health (Millennium R4) behaviour: no transaction/batch Bundles, If-None-Exist ignored. */
  oracleMode: boolean;
  /** No transaction/batch Bundles (refused 405 and not advertised); conditional create as set below. */
  noTransactions: boolean;
  /** If-None-Exist ignored and not advertised (Epic, Oracle Health); transactions as set above. */
  noConditionalCreate: boolean;
  /**
   * The user may read but not write: authorization grants the requested read scopes and drops
   * every scope that allows create, update or delete (a read-only role, or a site that has not
   * yet approved the app's writes).
   */
  readOnlyGrant: boolean;
  /** Seed of the PRNGs behind failRate, dropRate and resetRate. */
  seed: number;
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  writeLatencyMs: 0,
  failRate: 0,
  dropRate: 0,
  dropWritesOnly: false,
  resetRate: 0,
  maxBundleEntries: 0,
  tokenLifetimeSeconds: 570,
  force401: false,
  oracleMode: false,
  noTransactions: false,
  noConditionalCreate: false,
  readOnlyGrant: false,
  seed: 1,
};

/** mulberry32: a tiny, well-known 32-bit PRNG; good enough to pick which requests fail. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function toNumber(value: unknown, name: string, min: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`fault ${name} must be a number between ${min} and ${max}`);
  }
  return n;
}

function toBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  throw new Error(`fault ${name} must be true or false`);
}

/** Applies a partial update (JSON body or env values), rejecting unknown keys and bad values. */
export function mergeFaults(current: Faults, update: Record<string, unknown>): Faults {
  const next: Faults = { ...current };
  for (const [key, value] of Object.entries(update)) {
    switch (key) {
      case 'latencyMs':
        next.latencyMs = toNumber(value, key, 0, 600_000);
        break;
      case 'writeLatencyMs':
        next.writeLatencyMs = toNumber(value, key, 0, 600_000);
        break;
      case 'resetRate':
        next.resetRate = toNumber(value, key, 0, 1);
        break;
      case 'failRate':
        next.failRate = toNumber(value, key, 0, 1);
        break;
      case 'dropRate':
        next.dropRate = toNumber(value, key, 0, 1);
        break;
      case 'dropWritesOnly':
        next.dropWritesOnly = toBoolean(value, key);
        break;
      case 'maxBundleEntries':
        next.maxBundleEntries = Math.trunc(toNumber(value, key, 0, 100_000));
        break;
      case 'tokenLifetimeSeconds':
        next.tokenLifetimeSeconds = toNumber(value, key, 1, 86_400 * 365);
        break;
      case 'force401':
        next.force401 = toBoolean(value, key);
        break;
      case 'oracleMode':
        next.oracleMode = toBoolean(value, key);
        break;
      case 'noTransactions':
        next.noTransactions = toBoolean(value, key);
        break;
      case 'noConditionalCreate':
        next.noConditionalCreate = toBoolean(value, key);
        break;
      case 'readOnlyGrant':
        next.readOnlyGrant = toBoolean(value, key);
        break;
      case 'seed':
        next.seed = Math.trunc(toNumber(value, key, 0, 2 ** 32 - 1));
        break;
      default:
        throw new Error(`unknown fault "${key}"`);
    }
  }
  return next;
}

/** Reads fault switches from environment variables (SANDBOX_LATENCY_MS, SANDBOX_FAIL_RATE, ...). */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Partial<Faults> {
  const names: Record<string, keyof Faults> = {
    SANDBOX_LATENCY_MS: 'latencyMs',
    SANDBOX_WRITE_LATENCY_MS: 'writeLatencyMs',
    SANDBOX_FAIL_RATE: 'failRate',
    SANDBOX_DROP_RATE: 'dropRate',
    SANDBOX_DROP_WRITES_ONLY: 'dropWritesOnly',
    SANDBOX_RESET_RATE: 'resetRate',
    SANDBOX_MAX_BUNDLE_ENTRIES: 'maxBundleEntries',
    SANDBOX_TOKEN_LIFETIME_SECONDS: 'tokenLifetimeSeconds',
    SANDBOX_FORCE_401: 'force401',
    SANDBOX_ORACLE_MODE: 'oracleMode',
    SANDBOX_NO_TRANSACTIONS: 'noTransactions',
    SANDBOX_NO_CONDITIONAL_CREATE: 'noConditionalCreate',
    SANDBOX_READ_ONLY_GRANT: 'readOnlyGrant',
    SANDBOX_FAULT_SEED: 'seed',
  };
  const raw: Record<string, unknown> = {};
  for (const [envName, key] of Object.entries(names)) {
    const value = env[envName];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return mergeFaults(DEFAULT_FAULTS, raw);
}

/** Holds the current switches and the PRNG; one roll pair per FHIR request keeps runs repeatable. */
export class FaultState {
  private faults: Faults;
  private random: () => number;
  /** A PRNG of its own, so turning resets on does not shift which requests fail or drop. */
  private resetRandom: () => number;
  /** Writes already reset once (method, path and body): their re-send is answered. */
  private readonly resetOnce = new Set<string>();

  constructor(initial: Partial<Faults> = {}) {
    this.faults = { ...DEFAULT_FAULTS, ...initial };
    this.random = createPrng(this.faults.seed);
    this.resetRandom = createPrng(this.faults.seed ^ 0x5eed);
  }

  get current(): Faults {
    return { ...this.faults };
  }

  update(update: Record<string, unknown>): Faults {
    this.faults = mergeFaults(this.faults, update);
    if ('seed' in update) this.reseed();
    return this.current;
  }

  replace(faults: Partial<Faults>): Faults {
    this.faults = { ...DEFAULT_FAULTS, ...faults };
    this.reseed();
    return this.current;
  }

  private reseed(): void {
    this.random = createPrng(this.faults.seed);
    this.resetRandom = createPrng(this.faults.seed ^ 0x5eed);
    this.resetOnce.clear();
  }

  /**
   * Whether this write (keyed by method, path and body) is to be reset after it commits: drawn
   * from resetRate the first time it is seen; a byte-identical re-send of a reset write never is.
   */
  shouldReset(key: string): boolean {
    if (this.faults.resetRate <= 0 || this.resetOnce.has(key)) return false;
    if (this.resetRandom() >= this.faults.resetRate) return false;
    this.resetOnce.add(key);
    return true;
  }

  /** Both rolls are drawn for every request, whatever the rates, so changing one rate does not shift the other. */
  roll(): { fail: boolean; drop: boolean } {
    const failRoll = this.random();
    const dropRoll = this.random();
    return { fail: failRoll < this.faults.failRate, drop: dropRoll < this.faults.dropRate };
  }
}
