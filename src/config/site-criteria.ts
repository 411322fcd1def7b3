/**
 * The calling-criteria table a site uses for the zone: its own when configured, else the app's
 * labelled DEFAULT. Shared by the rounds and the Altered Calling Criteria panel (which starts a new
 * setting from the standard criteria for the child's age).
 */
import { callingCriteriaTableSchema, DEFAULT_CALLING_CRITERIA, type CallingCriteriaTable } from '../domain';
import type { SiteConfig } from './site-config';

export type SiteCriteria = { table: CallingCriteriaTable; problem: string | undefined };

/**
 * The site's escalation table when it configured one (checked at start), else the labelled
 * DEFAULT table. Should a site table fail its schema here, the DEFAULT table is used and the
 * problem is shown, rather than no zone at all.
 */
export function siteCriteria(site: SiteConfig): SiteCriteria {
  const configured = site.clinical.callingCriteria;
  if (configured === undefined) return { table: DEFAULT_CALLING_CRITERIA, problem: undefined };
  const parsed = callingCriteriaTableSchema.safeParse(configured);
  if (parsed.success) return { table: parsed.data, problem: undefined };
  const issue = parsed.error.issues[0];
  return {
    table: DEFAULT_CALLING_CRITERIA,
    problem: `The site's escalation table is invalid (${issue === undefined ? 'unknown field' : `${issue.path.join('.')}: ${issue.message}`}); the app's DEFAULT table is used instead.`,
  };
}
