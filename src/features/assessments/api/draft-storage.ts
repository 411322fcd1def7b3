/**
 * The assessment being entered survives a reload (an embedded EHR view reloads on "As Of" refresh):
 * kept in sessionStorage only, under `itb:draft:assessment:<patientId>`, never in persistent local storage.
 * Read back through a schema: a stored value that no longer fits is dropped, never trusted.
 */
import { z } from '../../../zod-jitless';
import { MAS_GRADES } from '../../../domain';
import type { AssessmentForm } from '../model';

export const draftKey = (patientId: string): string => `itb:draft:assessment:${patientId}`;

const score = z.int().check(z.gte(0)).check(z.lte(4));
const formSchema = z.object({
  groupId: z.string().check(z.minLength(1)),
  editing: z.optional(z.string().check(z.minLength(1))),
  timePoint: z.enum(['', 'baseline', '1h', '2h', '4h', '6h']),
  // A draft kept before the time field existed loads with the time empty: the form sets it to now.
  time: z._default(z.string(), ''),
  timeConfirmed: z._default(z.string(), ''),
  reason: z._default(z.string(), ''),
  bads: z.object({
    eyes: z.optional(score),
    mouth: z.optional(score),
    neck: z.optional(score),
    trunk: z.optional(score),
    'upper-left': z.optional(score),
    'upper-right': z.optional(score),
    'lower-left': z.optional(score),
    'lower-right': z.optional(score),
  }),
  mas: z.record(z.string(), z.enum(MAS_GRADES)),
  tardieu: z.record(z.string(), z.object({ r1: z.string(), r2: z.string(), quality: z.string() })),
  gmfcs: z.enum(['', 'gmfcs-I', 'gmfcs-II', 'gmfcs-III', 'gmfcs-IV', 'gmfcs-V']),
  goals: z.string(),
  // A draft kept before these notes existed still loads, with the notes empty.
  rom: z._default(z.string(), ''),
  transfers: z._default(z.string(), ''),
});

export function loadDraft(patientId: string): AssessmentForm | undefined {
  try {
    const raw = sessionStorage.getItem(draftKey(patientId));
    if (raw === null) return undefined;
    const parsed = formSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return undefined;
    const { editing, bads, ...rest } = parsed.data;
    const cleanBads = Object.fromEntries(Object.entries(bads).filter(([, v]) => v !== undefined));
    return { ...rest, bads: cleanBads, editing };
  } catch {
    // Storage unavailable or not JSON: start a fresh form (the EHR holds everything saved).
    return undefined;
  }
}

export function saveDraft(patientId: string, form: AssessmentForm): void {
  try {
    sessionStorage.setItem(draftKey(patientId), JSON.stringify(form));
  } catch {
    // Storage full or blocked: the form still works, it just will not survive a reload.
  }
}

export function clearDraft(patientId: string): void {
  try {
    sessionStorage.removeItem(draftKey(patientId));
  } catch {
    // Nothing to clear.
  }
}
