/**
 * How long a plan can hold no recovery point at all: its rules keep recovery points for less time
 * than passes between runs (a monthly rule kept 7 days holds none for about 24 days a month). AWS
 * does what such a plan says, so it is legal; but a restore needed in that stretch finds nothing,
 * so the config check warns.
 *
 * Over the eight-year window of the RPO (core/rpo.ts, the same run times), each run's recovery
 * point lives from its scheduled time for the longest retention it has (the rule's, or a copy's:
 * a copy is a recovery point too). Best case on purpose: a job that starts or completes late only
 * widens the stretch, and the warning should hold even for a punctual AWS. A continuous rule, or a
 * rule that keeps its recovery points forever, leaves no stretch.
 */
import { longestGapBoundMinutes, windowRunTimes } from './rpo';

export interface RetentionRule {
  readonly schedule: string;
  readonly timezone?: string;
  readonly continuous: boolean;
  /** The longest a run's recovery point (or a copy of it) is kept, in minutes; null: forever. */
  readonly keepMinutes: number | null;
}

/** The longest stretch, in minutes, with no recovery point of the plan, after its first run; 0 when none (or unknown). */
export function longestStretchWithoutRecoveryPoint(rules: readonly RetentionRule[]): number {
  if (rules.length === 0 || rules.some((rule) => rule.continuous || rule.keepMinutes === null)) return 0;
  // Each rule keeping its recovery points longer than its runs can be apart leaves no stretch: no walk.
  if (rules.every((rule) => (rule.keepMinutes as number) >= longestGapBoundMinutes(rule.schedule, rule.timezone))) return 0;
  // Every run of every rule with the time its recovery point is kept until, in time order.
  const runs: { readonly at: number; readonly keptUntil: number }[] = [];
  for (const rule of rules) {
    const times = windowRunTimes(rule.schedule, rule.timezone);
    // An invalid schedule or time zone is reported by its own check.
    if (times === undefined) return 0;
    const keepMs = (rule.keepMinutes as number) * 60_000;
    for (const at of times) runs.push({ at, keptUntil: at + keepMs });
  }
  runs.sort((a, b) => a.at - b.at);
  let aliveUntil = runs[0]?.keptUntil ?? 0;
  let worst = 0;
  for (const run of runs) {
    if (run.at > aliveUntil) worst = Math.max(worst, run.at - aliveUntil);
    aliveUntil = Math.max(aliveUntil, run.keptUntil);
  }
  return worst / 60_000;
}
