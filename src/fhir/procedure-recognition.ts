/**
 * Which pump procedure a Procedure is, as real EHRs record it: by a standard code, by the site's
 * own local code (Oracle Health and Epic sites code procedures locally), or by its text. A record
 * matched by its text says so, and a text that fits two kinds is not classified at all (never a
 * silent guess). Also the refill's fill volume and concentration read from its text, only when
 * the text is unambiguous.
 */
import { z } from '../zod-jitless';
import { parseTextNumber } from '../domain/text-number';
import { PROCEDURE_CODES, SYSTEM, type ProcedureKind } from './codes';
import type { FhirCodeableConcept } from './schemas';

export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';

export type ProcedureCodeRule = { readonly kind: ProcedureKind; readonly system: string; readonly code: string; readonly note?: string };

/**
 * Codes every site recognises. SNOMED CT 113091000 (MRI) is used throughout this app. CPT codes
 * are from the CMS HCPCS/CPT short descriptions (62362 implantation or replacement of a
 * programmable spinal drug pump; 62367/62368 electronic analysis, without/with reprogramming;
 * 62369 analysis, reprogramming and refill; 62350/62351 implantation or revision of the spinal
 * catheter). 62370 (refill needing a physician's skill) is from the same CPT family but was not
 * seen in a stored source: unverified. SNOMED CT codes for the pump refill, implant,
 * interrogation and ITB test dose are not verified (clinical-reference §2.3 [U]): none is
 * guessed here; a site adds its codes in `clinical.procedureCodes`.
 */
export const BUILT_IN_PROCEDURE_CODES: readonly ProcedureCodeRule[] = [
  ...PROCEDURE_CODES.map((kind) => ({ kind, system: SYSTEM.itbProcedure, code: kind })),
  { kind: 'mri', system: SYSTEM.snomed, code: '113091000' },
  { kind: 'pump-implant', system: CPT_SYSTEM, code: '62362', note: 'implantation or replacement' },
  { kind: 'pump-interrogation', system: CPT_SYSTEM, code: '62367' },
  { kind: 'pump-interrogation', system: CPT_SYSTEM, code: '62368' },
  { kind: 'pump-refill', system: CPT_SYSTEM, code: '62369' },
  { kind: 'pump-refill', system: CPT_SYSTEM, code: '62370', note: 'unverified' },
  { kind: 'catheter-revision', system: CPT_SYSTEM, code: '62350' },
  { kind: 'catheter-revision', system: CPT_SYSTEM, code: '62351' },
];

/** A kind matched by text: every `allOf` pattern matches and no `noneOf` pattern does (case-insensitive). */
export type ProcedureTextRule = { readonly kind: ProcedureKind; readonly allOf: readonly string[]; readonly noneOf: readonly string[] };

/** Pumps that are not the intrathecal baclofen pump. */
const OTHER_PUMPS = 'insulin|\\bPCA\\b|enteral|feeding|breast';
/** Words that make a text a plan or a discussion, not the procedure itself. */
const NOT_DONE = 'consult|assessment|review|referral|planned|plan for|candidate|discussion|education';

/**
 * Defaults written so that no common wording fits two kinds ("Pump refill and reprogramming" is a
 * refill, not an interrogation). A site replaces them in `clinical.procedureTextPatterns`.
 */
export const DEFAULT_PROCEDURE_TEXT: readonly ProcedureTextRule[] = [
  { kind: 'pump-refill', allOf: ['refill', 'pump|intrathecal|\\bITB\\b|baclofen'], noneOf: [OTHER_PUMPS] },
  { kind: 'pump-replacement', allOf: ['replace|exchange|change', 'pump'], noneOf: ['refill', 'catheter (only|alone)', OTHER_PUMPS, NOT_DONE] },
  {
    kind: 'pump-implant',
    allOf: ['\\bimplant(ation)?\\b|\\binsertion\\b|\\binserted\\b', 'pump|\\bITB\\b'],
    noneOf: ['refill', 'replace|exchange', 'interrogat|program', 'removal|explant', 'catheter revision', 'test dose|trial|screening', OTHER_PUMPS, NOT_DONE],
  },
  { kind: 'catheter-revision', allOf: ['catheter', 'revision|revise|reposition|replace|repair|exchange'], noneOf: ['refill', 'urinary|foley|central venous|\\bIV\\b', NOT_DONE] },
  { kind: 'pump-interrogation', allOf: ['interrogat|reprogram|programming|telemetry', 'pump|\\bITB\\b|intrathecal'], noneOf: ['refill', OTHER_PUMPS] },
  { kind: 'test-dose', allOf: ['test dose|trial dose|screening (dose|bolus)|trial (injection|bolus)', 'baclofen|intrathecal|\\bITB\\b'], noneOf: ['refill', NOT_DONE] },
  { kind: 'mri', allOf: ['\\bMRI\\b|magnetic resonance|\\bMR (scan|imaging)'], noneOf: [] },
];

export type RefillFact = 'fill-volume' | 'concentration';

/**
 * How the refill's fill volume and concentration are read from its text. Each pattern names the
 * number `value` and may name its `unit`. Default: "40 mL of 2000 mcg/mL", "filled 20 ml",
 * "2000 micrograms/mL", "conc 1,000 mcg per mL" (refused: the comma is ambiguous).
 */
export type RefillTextRule = { readonly fact: RefillFact; readonly pattern: string };

export const DEFAULT_REFILL_TEXT: readonly RefillTextRule[] = [
  // A volume named as what was left or drawn back ("Residual 11 mL", "3 mL withdrawn") is the
  // residual, not the fill: a refill note commonly gives both.
  {
    fact: 'fill-volume',
    pattern:
      '(?<![\\d.,])(?<!(?:residual|withdrawn|removed|aspirated|remaining|left)(?:\\s+volume)?\\s*(?:of|was|:)?\\s*)(?<value>\\d[\\d.,\\u00a0 ]*?)\\s*(?<unit>ml|mls|millilit(?:re|er)s?)\\b(?!\\s*(?:/|per\\b|residual|remaining|left\\b|withdrawn|removed|aspirated))',
  },
  {
    fact: 'concentration',
    pattern: '(?<value>\\d[\\d.,\\u00a0 ]*?)\\s*(?<unit>mcg|micrograms?|ug|µg|μg|mg|milligrams?)\\s*(?:/|per)\\s*(?:1\\s*)?(?:ml|millilit(?:re|er))\\b',
  },
];

export type ProcedureRecognition = {
  readonly codes: readonly ProcedureCodeRule[];
  readonly text: readonly ProcedureTextRule[];
  readonly refillText: readonly RefillTextRule[];
  /** How many recent Procedures are read and classified (no code filter on the server). */
  readonly recentCount: number;
};

export const DEFAULT_RECENT_PROCEDURES = 50;

export const DEFAULT_PROCEDURE_RECOGNITION: ProcedureRecognition = {
  codes: BUILT_IN_PROCEDURE_CODES,
  text: DEFAULT_PROCEDURE_TEXT,
  refillText: DEFAULT_REFILL_TEXT,
  recentCount: DEFAULT_RECENT_PROCEDURES,
};

// --- Site configuration -----------------------------------------------------------------------

const kindSchema = z.enum(PROCEDURE_CODES);

const regexSource = z.string().check(z.minLength(1)).check(z.superRefine((s, ctx) => {
  try {
    new RegExp(s, 'iu');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` });
  }
}));

/** The part of `clinical` a site edits: validated when the app starts, a bad pattern named. */
export const procedureRecognitionConfigSchema = {
  /** Local codes a site's EHR uses for pump procedures, added to the built-in ones. */
  procedureCodes: z._default(z.array(z.object({ kind: kindSchema, system: z.string().check(z.minLength(1)), code: z.string().check(z.minLength(1)) })), []),
  /** Replaces the default text patterns when given. */
  procedureTextPatterns: z.optional(z
    .array(z.object({ kind: kindSchema, allOf: z.array(regexSource).check(z.minLength(1)), noneOf: z._default(z.array(regexSource), []) }))),
  /** Replaces the default refill fill-volume / concentration patterns when given. */
  refillTextPatterns: z.optional(z
    .array(
      z
        .object({
          fact: z.enum(['fill-volume', 'concentration']),
          pattern: regexSource.check(z.refine((s) => s.includes('(?<value>'), 'the pattern must name the number as (?<value>…)')),
        }).check(z.refine((r) => r.fact !== 'concentration' || r.pattern.includes('(?<unit>'), { message: 'a concentration pattern must name its unit as (?<unit>…)', path: ['pattern'] })),
    )),
  recentProcedureCount: z._default(z.int().check(z.gte(10)).check(z.lte(200)), DEFAULT_RECENT_PROCEDURES),
};

export type ProcedureRecognitionConfig = {
  readonly procedureCodes: readonly { kind: ProcedureKind; system: string; code: string }[];
  readonly procedureTextPatterns?: readonly { kind: ProcedureKind; allOf: readonly string[]; noneOf: readonly string[] }[] | undefined;
  readonly refillTextPatterns?: readonly RefillTextRule[] | undefined;
  readonly recentProcedureCount: number;
};

/** The site's settings merged over the defaults. */
export function procedureRecognitionFrom(config: ProcedureRecognitionConfig | undefined): ProcedureRecognition {
  if (config === undefined) return DEFAULT_PROCEDURE_RECOGNITION;
  return {
    codes: [...BUILT_IN_PROCEDURE_CODES, ...config.procedureCodes],
    text: config.procedureTextPatterns ?? DEFAULT_PROCEDURE_TEXT,
    refillText: config.refillTextPatterns ?? DEFAULT_REFILL_TEXT,
    recentCount: config.recentProcedureCount,
  };
}

// --- Classification -----------------------------------------------------------------------------

export type ProcedureMatch =
  | { readonly by: 'code'; readonly system: string; readonly code: string }
  | { readonly by: 'text'; readonly text: string };

export type Classification =
  | { readonly kind: 'matched'; readonly procedureKind: ProcedureKind; readonly match: ProcedureMatch }
  /** Codes or text fit more than one kind: not used, and named. */
  | { readonly kind: 'ambiguous'; readonly kinds: readonly ProcedureKind[]; readonly text: string }
  | { readonly kind: 'none' };

const compiled = new Map<string, RegExp>();
function re(source: string): RegExp {
  let r = compiled.get(source);
  if (r === undefined) {
    r = new RegExp(source, 'iu');
    compiled.set(source, r);
  }
  return r;
}

/** The texts of a concept: its text, then each coding's display. */
export function conceptTexts(cc: FhirCodeableConcept | undefined): string[] {
  if (cc === undefined) return [];
  return [cc.text, ...(cc.coding ?? []).map((c) => c.display)].filter((t): t is string => t !== undefined && t.trim() !== '');
}

export function classifyProcedureCode(code: FhirCodeableConcept | undefined, recognition: ProcedureRecognition, extraTexts: readonly string[] = []): Classification {
  const coded = new Map<ProcedureKind, ProcedureMatch>();
  for (const c of code?.coding ?? []) {
    const rule = recognition.codes.find((r) => r.system === c.system && r.code === c.code);
    if (rule !== undefined && !coded.has(rule.kind)) coded.set(rule.kind, { by: 'code', system: rule.system, code: rule.code });
  }
  const texts = [...conceptTexts(code), ...extraTexts];
  if (coded.size === 1) {
    const [[procedureKind, match]] = [...coded.entries()] as [[ProcedureKind, ProcedureMatch]];
    return { kind: 'matched', procedureKind, match };
  }
  if (coded.size > 1) return { kind: 'ambiguous', kinds: [...coded.keys()], text: texts[0] ?? '' };
  for (const text of texts) {
    const kinds = recognition.text.filter((rule) => rule.allOf.every((p) => re(p).test(text)) && !rule.noneOf.some((p) => re(p).test(text))).map((r) => r.kind);
    const unique = [...new Set(kinds)];
    if (unique.length === 1 && unique[0] !== undefined) return { kind: 'matched', procedureKind: unique[0], match: { by: 'text', text } };
    if (unique.length > 1) return { kind: 'ambiguous', kinds: unique, text };
  }
  return { kind: 'none' };
}

// --- Numbers in text ----------------------------------------------------------------------------

export type TextFactReading =
  | { readonly kind: 'found'; readonly value: number; readonly unit: string; readonly matched: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'none' };

/** The one value of `fact` in `text`; two different values, or an unreadable number, is refused. */
export function readFactFromText(text: string, fact: RefillFact, rules: readonly RefillTextRule[]): TextFactReading {
  const found: { value: number; unit: string; matched: string }[] = [];
  for (const rule of rules.filter((r) => r.fact === fact)) {
    const g = new RegExp(rule.pattern, 'giu');
    for (const m of text.matchAll(g)) {
      const raw = m.groups?.['value'];
      if (raw === undefined) continue;
      const n = parseTextNumber(raw);
      if (!n.ok) return { kind: 'refused', reason: `${n.reason} in "${m[0].trim()}"` };
      found.push({ value: n.value, unit: (m.groups?.['unit'] ?? '').toLowerCase(), matched: m[0].trim() });
    }
  }
  const distinct = [...new Map(found.map((f) => [`${f.value} ${f.unit}`, f])).values()];
  if (distinct.length === 0) return { kind: 'none' };
  if (distinct.length > 1) return { kind: 'refused', reason: `the text gives more than one value (${distinct.map((d) => `"${d.matched}"`).join(', ')})` };
  const [only] = distinct as [(typeof distinct)[number]];
  return { kind: 'found', ...only };
}
