/**
 * The site configuration: one typed, zod-validated document a hospital edits to deploy the app
 * (`public/site-config.json`, served beside the bundle so a site can change it without a rebuild).
 * It says which EHRs may launch the app (their `iss` values), the client id and scopes registered
 * with each, each EHR's quirks, and the site's clinical contacts.
 */
import { z } from '../zod-jitless';
import { DEFAULT_RECENT_PROCEDURES, procedureRecognitionConfigSchema } from '../fhir/procedure-recognition';
import { requestSiteConfig } from './site-config-request';
import { withRetries } from '../app/retry-code';

/** SMART v1 scopes as Oracle Health registers them: explicit, never wildcards. */
const v1ResourceScope = /^(patient|user|system)\/[A-Z][A-Za-z]+\.(read|write)$/;
/** SMART v2 granular scopes: `.cruds` subsets, optionally with a `?param=value` filter. */
const v2ResourceScope = /^(patient|user|system)\/[A-Z][A-Za-z]+\.c?r?u?d?s?(\?[^\s]+)?$/;
const launchScopes = new Set(['launch', 'launch/patient', 'launch/encounter', 'openid', 'fhirUser', 'online_access', 'offline_access']);

const scopeListSchema = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));

const contactSchema = z.object({
  role: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  phone: z.optional(z.string()),
  pager: z.optional(z.string()),
  hours: z.optional(z.string()),
  /** A number a family can ring from home: printed on the family action plan. */
  forFamily: z.optional(z.boolean()),
  /**
   * A sandbox sample, not the site's own number: shown "sample — set by the site", and a plan
   * carrying one is refused for printing outside a sandbox EHR (issue 13 item 5).
   */
  sample: z.optional(z.boolean()),
});
export type SiteContact = z.infer<typeof contactSchema>;

const ehrSchema = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
    name: z.string().check(z.minLength(1)),
    /** Exact FHIR base URLs (the `iss`) this EHR launches from. Anything else is refused. */
    issuers: z.array(z.url()).check(z.minLength(1)),
    clientId: z.string().check(z.minLength(1)),
    /** `smart-v1` for Oracle Health-like servers, `smart-v2` for granular scopes. */
    scopeStyle: z.enum(['smart-v1', 'smart-v2']),
    scopes: scopeListSchema,
    /**
     * Other origins the app talks to for this EHR (its authorization and token endpoints when they
     * are not on the FHIR host, e.g. https://authorization.cerner.com). Used for the CSP's connect-src.
     */
    connectOrigins: z.optional(z.array(z.url())),
    /** Origins allowed to frame the app (the CSP's frame-ancestors); default: the FHIR origins. */
    frameAncestors: z.optional(z.array(z.url())),
    /** Offer a standalone launch (the EHR asks for the patient) from the launch page. */
    standaloneLaunch: z._default(z.boolean(), false),
    /** A test EHR with synthetic patients: plans with sample contacts may be printed (marked as samples). */
    sandbox: z.optional(z.boolean()),
    quirks: z._default(z
      .object({
        /** Oracle Health and Epic do not document transaction Bundles for Observation writes. */
        transactions: z._default(z.enum(['auto', 'never']), 'auto'),
        conditionalCreate: z._default(z.enum(['auto', 'never']), 'auto'),
        /** Per-site codes for written Observations (Oracle event codes, Epic flowsheet ids). */
        writeCodes: z._default(z.record(z.string(), z.unknown()), {}),
      }), { transactions: 'auto', conditionalCreate: 'auto', writeCodes: {} }),
  }).check(z.superRefine((ehr, ctx) => {
    const pattern = ehr.scopeStyle === 'smart-v1' ? v1ResourceScope : v2ResourceScope;
    for (const scope of ehr.scopes) {
      if (launchScopes.has(scope)) continue;
      if (scope.includes('*')) {
        ctx.addIssue({ code: 'custom', path: ['scopes'], message: `"${scope}": wildcard scopes are not accepted; list each resource` });
      } else if (!pattern.test(scope)) {
        ctx.addIssue({ code: 'custom', path: ['scopes'], message: `"${scope}" is not a ${ehr.scopeStyle} resource scope` });
      }
    }
    for (const required of ['openid', 'fhirUser']) {
      if (!ehr.scopes.includes(required)) {
        ctx.addIssue({ code: 'custom', path: ['scopes'], message: `scopes must include "${required}" (the app records who wrote each observation)` });
      }
    }
    if (!ehr.scopes.includes('online_access') && !ehr.scopes.includes('offline_access')) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'scopes must include "online_access" so short-lived tokens (570 s on Oracle Health) can be refreshed' });
    }
  }));
export type EhrConfig = z.infer<typeof ehrSchema>;

/** The views a launch may open on (the emergency view is one click from every view). */
export const LAUNCH_VIEWS = ['nurse', 'therapist', 'doctor', 'action-plan'] as const;
export type LaunchView = (typeof LAUNCH_VIEWS)[number];

export const siteConfigSchema = z.object({
  version: z.literal(1),
  site: z.object({
    name: z.string().check(z.minLength(1)),
    /**
     * The view to open when the launch does not say which role opened it (no SMART `intent` the
     * site maps). Without it, and without an intent, the app asks with a role picker (issue 12).
     */
    defaultView: z.optional(z.enum(LAUNCH_VIEWS)),
    /**
     * The EHR's SMART launch `intent` values → the view to open, e.g. {"nursing-rounds": "nurse"}.
     * An intent equal to a view's id ("nurse", "doctor"…) opens that view without a mapping.
     */
    launchIntents: z._default(z.record(z.string().check(z.minLength(1)), z.enum(LAUNCH_VIEWS)), {}),
    // Every date on screen and on the print is written in this zone: refuse one the browser cannot use.
    timeZone: z
      .string().check(z.minLength(1)).check(z.refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'not a time zone this browser knows (an IANA name such as Australia/Sydney)')),
  }),
  ehrs: z.array(ehrSchema).check(z.minLength(1)),
  contacts: z._default(z.array(contactSchema), []),
  clinical: z._default(z
    .object({
      staleWeightDays: z._default(z.int().check(z.positive()), 90),
      refillWarningDays: z._default(z.int().check(z.positive()), 14),
      dailyDoseAlertMicrogramsPerDay: z._default(z.number().check(z.positive()), 1000),
      drugStabilityDays: z._default(z.int().check(z.positive()), 180),
      /** A dose reduction above this % of the daily dose warns of withdrawal (app default 15, §5.1.1.8). */
      doseReductionWarnPercent: z.optional(z.number().check(z.positive()).check(z.lt(100))),
      /**
       * Refill visit: how far (mL) the residual drawn back may differ from the expected residual
       * before it is flagged. Absent: the app default of 2 mL, shown as pending clinical sign-off.
       */
      refillResidualToleranceMl: z.optional(z.number().check(z.positive()).check(z.lte(40))),
      /** Replaces the default escalation table; validated by the domain's criteria schema. */
      callingCriteria: z.optional(z.unknown()),
      /**
       * How pump procedures are recognised: the site's local codes ({kind, system, code}), text
       * patterns per kind (case-insensitive regular expressions) and the refill's fill-volume and
       * concentration patterns. Each pattern is compiled here, so a bad one is named at start.
       */
      ...procedureRecognitionConfigSchema,
    }), {
      staleWeightDays: 90,
      refillWarningDays: 14,
      dailyDoseAlertMicrogramsPerDay: 1000,
      drugStabilityDays: 180,
      procedureCodes: [],
      recentProcedureCount: DEFAULT_RECENT_PROCEDURES,
    }),
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;

/**
 * `unreachable`: the file could not be fetched, twice (the network, or the web server failing: a
 * 5xx), which a later try may mend; `invalid`: it came and is wrong, or the host has none (a 404),
 * which the site's team must mend.
 */
export class SiteConfigError extends Error {
  override name = 'SiteConfigError';
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

/** How long after a dropped request (or a 5xx) for the site configuration it is asked for again. */
export const SITE_CONFIG_RETRY_MS = 500;

/** Validate a site configuration, naming every field that is wrong. */
export function parseSiteConfig(json: unknown): SiteConfig {
  const result = siteConfigSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SiteConfigError(`The site configuration is invalid:\n${problems.join('\n')}`);
  }
  return result.data;
}

export { findEhrForIssuer } from './launch-config';

/**
 * The site configuration served beside the bundle, from its request (sent by the entry, else now),
 * asked for once more when that request drops or the web server fails (5xx).
 */
export async function loadSiteConfig(request: Promise<Response> = requestSiteConfig()): Promise<SiteConfig> {
  // The request given first, then a new one; a drop or a 5xx is a failure worth trying again.
  let given: Promise<Response> | undefined = request;
  const attempt = async (): Promise<Response> => {
    const sent = given ?? requestSiteConfig();
    given = undefined;
    let response: Response;
    try {
      response = await sent;
    } catch {
      throw new SiteConfigError('The site configuration could not be loaded (network error).', 'unreachable');
    }
    if (response.status >= 500) throw new SiteConfigError(`The site configuration could not be loaded (HTTP ${response.status}).`, 'unreachable');
    return response;
  };
  const response = await withRetries(attempt, [SITE_CONFIG_RETRY_MS]);
  if (!response.ok) throw new SiteConfigError(`The site configuration could not be loaded (HTTP ${response.status}).`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new SiteConfigError('The site configuration is not valid JSON.');
  }
  return parseSiteConfig(json);
}
