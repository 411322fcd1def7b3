/**
 * Writing a patient's Altered Calling Criteria (altered-criteria.ts reads them and says how they
 * are coded). Apart from the read, so a view that only shows them loads no write path (issue 16).
 */
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import type { FhirClient } from './client';
import type { ObservationComponent, ObservationDraft, WriteContext } from './build';
import { saveObservationGroup, type SaveGroupResult } from './write';
import type { WriteCodeMap } from './write-codes';
import { ALTERED_PARAMETERS, concept, parameterCoding, ZONE_CODING, type AlteredCriteriaEntry } from './altered-criteria';

/** The draft for one setting, for `saveObservationGroup` (one item, key `altered-calling-criteria`). */
export function alteredCriteriaDraft(entry: AlteredCriteriaEntry, codes: WriteCodeMap): ObservationDraft {
  const rules: ObservationComponent[] = entry.rules.map((r) => {
    const unit = ALTERED_PARAMETERS[r.parameter].unit;
    const zone = ZONE_CODING[r.zone];
    return {
      code: concept(parameterCoding(codes, r.parameter)),
      valueQuantity: { value: r.value, comparator: r.comparison, unit, system: SYSTEM.ucum, code: unit },
      interpretation: [{ coding: [{ ...zone }], text: zone.display }],
    };
  });
  return {
    key: 'altered-calling-criteria',
    value: {
      kind: 'built-components',
      components: [
        ...rules,
        { code: concept(codes.components['acc-valid-until']), valueDateTime: entry.validUntil },
        { code: concept(codes.components['acc-reason']), valueString: entry.reason.trim() },
        { code: concept(codes.components['acc-authorised-by']), valueString: entry.authorisedBy.trim() },
      ],
    },
  };
}

export type SaveAlteredCriteriaInput = {
  /** Made when the form opened (newEntryId()); reused on every retry, so it is written once. */
  readonly groupId: string;
  readonly entry: AlteredCriteriaEntry;
  /** When they were set (effectiveDateTime), ISO 8601 with offset. */
  readonly at: string;
  readonly context: WriteContext;
  readonly strategy: WriteStrategy;
  readonly retry?: boolean;
};

/** Written through the one write path: client identifier, journal, exactly once (write.ts). */
export function saveAlteredCriteria(client: FhirClient, input: SaveAlteredCriteriaInput): Promise<SaveGroupResult> {
  return saveObservationGroup(client, {
    groupId: input.groupId,
    drafts: [alteredCriteriaDraft(input.entry, input.context.codes)],
    effective: input.at,
    context: input.context,
    strategy: input.strategy,
    kind: 'altered-criteria',
    ...(input.retry === undefined ? {} : { retry: input.retry }),
  });
}
