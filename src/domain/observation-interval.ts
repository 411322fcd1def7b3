/**
 * After a yellow or red round, the closer observation interval the schedule proposes (issue 12).
 *
 * Guideline §3.4.5: "If overdose has occurred, consideration should be given to increase
 * observation of the child"; §3.4.3–4 call a Clinical Review (yellow) or a Rapid Response (red).
 * The guideline names no interval after an escalation, so the proposal is DERIVED: the closest
 * interval the guideline schedules anywhere, 15 minutes (§3.4.2, "15 minutely for the 1st hour"),
 * until a round is back within the calling criteria. The reviewing team may set another; the
 * proposal says it is a proposal and where it comes from. Pure.
 */
import { MS_PER_MINUTE } from './time';
import type { Zone } from './zones';

/** The closest interval in the guideline's schedule (§3.4.2). */
export const CLOSER_INTERVAL_MINUTES = 15;

export interface CloserIntervalProposal {
  readonly zone: Exclude<Zone, 'normal'>;
  readonly intervalMinutes: number;
  /** The round that escalated. */
  readonly roundAt: Date;
  /** When the next round is proposed: 15 minutes after the escalated round, or the schedule's next if sooner. */
  readonly nextDue: Date;
  /** True when the schedule's own next round is later than the proposal (hourly phase, or no schedule). */
  readonly closerThanSchedule: boolean;
  readonly reason: string;
  readonly source: string;
}

const SOURCE =
  'DERIVED: the guideline asks for increased observation after overdose (§3.4.5) but names no interval; 15 minutes is its closest scheduled interval (§3.4.2). The reviewing team may set another.';

/**
 * The proposal after the latest round, or undefined when it was within the calling criteria (or
 * not classified: a partial round is not an escalation, and it is never called normal either).
 */
export function proposeCloserInterval(input: {
  readonly latestZone: Zone;
  readonly roundAt: Date;
  /** The schedule's next round, when there is a test-dose schedule. */
  readonly scheduledNextDue?: Date | undefined;
}): CloserIntervalProposal | undefined {
  const { latestZone: zone, roundAt } = input;
  if (zone === 'normal') return undefined;
  const proposed = new Date(roundAt.getTime() + CLOSER_INTERVAL_MINUTES * MS_PER_MINUTE);
  const scheduled = input.scheduledNextDue;
  const closerThanSchedule = scheduled === undefined || scheduled.getTime() > proposed.getTime();
  const nextDue = closerThanSchedule ? proposed : scheduled;
  let reason: string;
  switch (zone) {
    case 'yellow':
      reason = `The latest round was in the YELLOW ZONE: a Clinical Review by the Rehabilitation Registrar is due promptly (§3.4.3), and observations are proposed at least every ${CLOSER_INTERVAL_MINUTES} minutes until a round is back within the calling criteria (§3.4.5).`;
      break;
    case 'red':
      reason = `The latest round was in the RED ZONE: a Rapid Response call is due immediately (§3.4.4), and observations are proposed at least every ${CLOSER_INTERVAL_MINUTES} minutes, or as the Rapid Response team directs, until a round is back within the calling criteria (§3.4.5).`;
      break;
    default:
      return zone satisfies never;
  }
  return { zone, intervalMinutes: CLOSER_INTERVAL_MINUTES, roundAt, nextDue, closerThanSchedule, reason, source: SOURCE };
}
