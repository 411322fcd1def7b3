import type { z } from '../zod-jitless';
import { describeOutcome } from './errors';
import { bundleSchema, operationOutcomeSchema } from './schemas';

/** A resource that failed its schema: reported, skipped, never a crash and never "no data". */
export type ParseIssue = {
  readonly resourceType: string;
  readonly id: string | undefined;
  /** Dotted path of the failing field inside the resource, e.g. `valueQuantity.value`. */
  readonly path: string;
  readonly message: string;
};

/**
 * What every read returns. `issues` non-empty means the list is partial: the UI shows what it
 * has and says that some records could not be read.
 */
export type ReadResult<T> = {
  readonly items: readonly T[];
  readonly issues: readonly ParseIssue[];
};

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const k = String(key);
    return acc === '' ? k : `${acc}.${k}`;
  }, '');
}

const stringField = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const v: unknown = Reflect.get(value, key);
  return typeof v === 'string' ? v : undefined;
};

/** The resourceType and id of an unknown value, for issue reports. */
export function describeResource(value: unknown): { resourceType: string; id: string | undefined } {
  return { resourceType: stringField(value, 'resourceType') ?? 'unknown', id: stringField(value, 'id') };
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; issue: ParseIssue };

/** Parse one resource; on failure name the first failing field. */
export function parseResource<S extends z.ZodMiniType>(schema: S, value: unknown, pathPrefix = ''): ParseOutcome<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  const path = formatPath(first?.path ?? []);
  const { resourceType, id } = describeResource(value);
  return {
    ok: false,
    issue: {
      resourceType,
      id,
      path: pathPrefix === '' ? path : path === '' ? pathPrefix : `${pathPrefix}.${path}`,
      message: first?.message ?? 'invalid',
    },
  };
}

export type ParsedBundle = {
  /** Raw resources by resourceType, each still to be parsed by its own schema. */
  readonly resources: readonly unknown[];
  readonly next: string | undefined;
  readonly total: number | undefined;
  /**
   * What the server said about the search itself (an OperationOutcome entry, `search.mode`
   * `outcome`: "some results omitted", "too many matches"): the list may be incomplete, so each
   * read reports these as issues and the view says Partial (issue 15).
   */
  readonly outcomes: readonly ParseIssue[];
};

/** One OperationOutcome entry of a searchset as an issue, or undefined when it only informs. */
function outcomeIssue(resource: unknown, mode: string | undefined): ParseIssue | undefined {
  const parsed = operationOutcomeSchema.safeParse(resource);
  if (!parsed.success) {
    return mode === 'outcome' ? { resourceType: 'OperationOutcome', id: undefined, path: '', message: 'the server reported a problem with this search that could not be read: the list may be incomplete' } : undefined;
  }
  const text = describeOutcome(parsed.data);
  if (text === undefined) return undefined;
  return { resourceType: 'OperationOutcome', id: describeResource(resource).id, path: '', message: `the server says: "${text}" — the list may be incomplete` };
}

/**
 * Parse a searchset Bundle's envelope. A missing `entry` is an empty page, not an error (servers
 * omit it when nothing matched). A body that is not a Bundle at all throws.
 */
export function parseBundle(json: unknown): ParsedBundle {
  const bundle = bundleSchema.parse(json);
  const entries = bundle.entry ?? [];
  const isOutcome = (e: (typeof entries)[number]) => e.search?.mode === 'outcome' || describeResource(e.resource).resourceType === 'OperationOutcome';
  return {
    resources: entries.flatMap((e) => (e.resource === undefined || isOutcome(e) ? [] : [e.resource])),
    next: bundle.link?.find((l) => l.relation === 'next')?.url,
    total: bundle.total,
    outcomes: entries.flatMap((e) => {
      if (!isOutcome(e)) return [];
      const issue = outcomeIssue(e.resource, e.search?.mode);
      return issue === undefined ? [] : [issue];
    }),
  };
}

/** Keep the resources of one type that pass `schema`; report the rest. Other types are ignored. */
export function parseResourcesOfType<S extends z.ZodMiniType>(
  resources: readonly unknown[],
  resourceType: string,
  schema: S,
): { items: z.output<S>[]; issues: ParseIssue[] } {
  const items: z.output<S>[] = [];
  const issues: ParseIssue[] = [];
  for (const r of resources) {
    if (describeResource(r).resourceType !== resourceType) continue;
    const parsed = parseResource(schema, r);
    if (parsed.ok) items.push(parsed.value);
    else issues.push(parsed.issue);
  }
  return { items, issues };
}
