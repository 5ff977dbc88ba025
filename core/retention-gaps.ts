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
  if (rules.every((rule) => (rule.keepMinutes as number) >= longestGapBoundMinutes(rule.schedule))) return 0;
  const each: { times: readonly number[]; keepMs: number }[] = [];
  for (const rule of rules) {
    const times = windowRunTimes(rule.schedule, rule.timezone);
    // An invalid schedule or time zone is reported by its own check.
    if (times === undefined) return 0;
    each.push({ times, keepMs: (rule.keepMinutes as number) * 60_000 });
  }
  // Walk the rules' sorted runs together (an hourly rule has 70,000 runs in eight years).
  const at = each.map(() => 0);
  let aliveUntil = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (;;) {
    let next = -1;
    for (let r = 0; r < each.length; r++) {
      const { times } = each[r] as { times: readonly number[] };
      const index = at[r] as number;
      if (index < times.length && (next === -1 || (times[index] as number) < ((each[next] as { times: readonly number[] }).times[at[next] as number] as number))) next = r;
    }
    if (next === -1) break;
    const rule = each[next] as { times: readonly number[]; keepMs: number };
    const time = rule.times[at[next] as number] as number;
    at[next] = (at[next] as number) + 1;
    if (time > aliveUntil && aliveUntil !== Number.NEGATIVE_INFINITY) worst = Math.max(worst, time - aliveUntil);
    aliveUntil = Math.max(aliveUntil, time + rule.keepMs);
  }
  return worst / 60_000;
}
