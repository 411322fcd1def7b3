import { z } from '../zod-jitless';
import { operationOutcomeSchema, type FhirOperationOutcome } from './schemas';

export type FhirErrorKind = 'network' | 'server' | 'session-expired' | 'forbidden' | 'invalid' | 'conflict' | 'not-found';

/**
 * The one error type that leaves src/fhir. `message` is written for the clinician; `outcome` is
 * the server's OperationOutcome when it sent one.
 */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  readonly kind: FhirErrorKind;
  readonly status: number | undefined;
  readonly outcome: FhirOperationOutcome | undefined;
  constructor(kind: FhirErrorKind, message: string, options: { status?: number; outcome?: FhirOperationOutcome; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.outcome = options.outcome;
  }
}

export function isFhirError(e: unknown): e is FhirError {
  return e instanceof FhirError;
}

const DEFAULT_MESSAGES: Record<FhirErrorKind, string> = {
  network: 'The EHR could not be reached. Check the connection and try again; nothing you entered has been lost.',
  server: 'The EHR had a problem handling the request. Try again in a moment; nothing you entered has been lost.',
  'session-expired': 'Your EHR session has ended. Relaunch the app from the patient chart; what you entered is kept.',
  forbidden: 'The EHR did not allow this. Your account or the app may lack permission for this patient or record.',
  invalid: 'The EHR rejected the data.',
  conflict: 'Someone else changed this record since you opened it. Review their change, then apply yours again.',
  'not-found': 'The EHR could not find this record.',
};

/** What fhirclient's HttpError exposes (it consumes the body and appends it to the message). */
const httpErrorShape = z.object({ status: z.number(), message: z.string() });

/** fhirclient appends the JSON body after a blank line: recover an OperationOutcome from it. */
function outcomeFromMessage(message: string): FhirOperationOutcome | undefined {
  const start = message.indexOf('\n\n{');
  if (start < 0) return undefined;
  try {
    const parsed = operationOutcomeSchema.safeParse(JSON.parse(message.slice(start + 2)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A sentence from the outcome's issues: what the server said was wrong, and where. */
export function describeOutcome(outcome: FhirOperationOutcome): string | undefined {
  const parts = outcome.issue
    .filter((i) => i.severity !== 'information')
    .map((i) => {
      const text = i.details?.text ?? i.diagnostics ?? i.code;
      if (text === undefined) return undefined;
      const where = i.expression?.[0];
      return where !== undefined && !text.includes(where) ? `${text} (${where})` : text;
    })
    .filter((t): t is string => t !== undefined && t.length > 0);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function kindForStatus(status: number): FhirErrorKind {
  if (status === 401) return 'session-expired';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/**
 * THE function that turns any failure (fhirclient HttpError, fetch TypeError, a failed token
 * refresh, an OperationOutcome in a transaction response) into a typed FhirError.
 */
export function toFhirError(error: unknown, outcomeOverride?: FhirOperationOutcome, statusOverride?: number): FhirError {
  if (error instanceof FhirError) return error;
  const http = httpErrorShape.safeParse(error);
  const status = statusOverride ?? (http.success ? http.data.status : undefined);
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const outcome = outcomeOverride ?? outcomeFromMessage(message);

  // fhirclient: a 401 after a failed refresh, or a refresh that could not happen.
  if (status === 401 || /session expired|re-?launch|unable to refresh|no refresh_token|no offline_access/i.test(message)) {
    return new FhirError('session-expired', DEFAULT_MESSAGES['session-expired'], { status, outcome, cause: error });
  }
  if (status !== undefined && status > 0) {
    const kind = kindForStatus(status);
    const said = outcome === undefined ? undefined : describeOutcome(outcome);
    const text =
      kind === 'invalid' || kind === 'conflict' || kind === 'forbidden'
        ? said === undefined
          ? DEFAULT_MESSAGES[kind]
          : `${DEFAULT_MESSAGES[kind]} The EHR said: ${said}`
        : DEFAULT_MESSAGES[kind];
    return new FhirError(kind, text, { status, outcome, cause: error });
  }
  if (error instanceof z.core.$ZodError) {
    return new FhirError('server', `The EHR sent a response the app cannot read (${z.prettifyError(error)}).`, { cause: error });
  }
  // fetch() rejects with TypeError on network failure; aborted and dropped connections land here too.
  return new FhirError('network', DEFAULT_MESSAGES.network, { cause: error });
}
