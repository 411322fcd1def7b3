/**
 * The shape every calculation returns, so the UI can show the number, what it was computed
 * from, where the rule comes from, and anything the clinician must know before acting on it.
 */

export type WarningCode =
  | 'stale-weight'
  | 'outside-guideline-age'
  | 'guideline-band-ambiguous'
  | 'test-dose-above-100-micrograms'
  | 'mixed-indication'
  | 'dose-step-outside-band'
  | 'dose-reduction-withdrawal-risk'
  | 'dose-change-too-soon'
  | 'dose-above-soft-maximum'
  | 'beyond-post-op-days'
  | 'refill-overdue'
  | 'refill-due-soon'
  | 'unsupplied-concentration'
  | 'unusual-reservoir-volume'
  | 'pump-replacement-due'
  | 'pump-past-replacement-window'
  | 'observation-overdue'
  | 'void-not-documented'
  | 'weight-boundary'
  | 'unit-missing-in-source';

export interface DomainWarning {
  readonly code: WarningCode;
  readonly message: string;
}

export interface Calculation<Value, Inputs> {
  readonly value: Value;
  /** The inputs exactly as used (after unit conversion), for display next to the result. */
  readonly inputs: Inputs;
  /** Guideline section(s) the rule comes from, e.g. `Guideline §4.1.2`. */
  readonly source: string;
  /** Explanations and guideline text the clinician should see. */
  readonly notes: readonly string[];
  /** Things that need attention before acting on the value. */
  readonly warnings: readonly DomainWarning[];
}
