/**
 * Which runs of a plan's rule another rule's job may take the resource from: AWS Backup runs one backup
 * job per resource at a time (core/job-contention.ts), so a job that may still run when a later run's
 * start window ends leaves that run without a backup. The plan's worst-case RPO already counts it
 * (core/rpo.ts planRpo); this says which rule loses runs, for the config check's warning.
 */
import { mayBlock, rulesMayBlock, type ContendedRule } from './job-contention';
import { RPO_WINDOW, runsOf, type RpoInput } from './rpo';

const MINUTE_MS = 60_000;

export interface BlockedRuns {
  /** Its runs in the RPO's window (those a rule kept longer takes left out). */
  readonly runs: number;
  /** How many of them another rule's job may hold the resource through. */
  readonly blocked: number;
  /** The indexes of the rules whose jobs may. */
  readonly by: readonly number[];
}

/**
 * The runs of `rules[index]` (the plan's rules as AWS runs them: core/rpo.ts rulesAsRun) that the job of
 * an earlier run of another snapshot rule of the plan may hold the resource through; undefined for a
 * continuous rule or one that cannot be evaluated.
 */
export function runsBlockedByOthers(rules: readonly RpoInput[], index: number): BlockedRuns | undefined {
  const own = rules[index];
  if (own === undefined || own.continuous) return undefined;
  const windowEnd = Date.UTC(RPO_WINDOW.fromYear + RPO_WINDOW.years, 0, 1);
  const timesOf = (rule: RpoInput): number[] | undefined => {
    const result = runsOf(rule, RPO_WINDOW.fromYear);
    return 'invalid' in result ? undefined : result.times;
  };
  const ownTimes = timesOf(own)?.filter((time) => time < windowEnd);
  if (ownTimes === undefined) return undefined;
  const ownRun = (time: number) => ({ time, startMs: own.startWindowMinutes * MINUTE_MS, completionMs: own.completionWindowMinutes * MINUTE_MS });
  const blocked = new Set<number>();
  const by = new Set<number>();
  rules.forEach((other, at) => {
    if (at === index || other.continuous) return;
    const times = timesOf(other);
    if (times === undefined) return;
    const reach = (other.startWindowMinutes + other.completionWindowMinutes) * MINUTE_MS;
    let first = 0;
    for (const time of ownTimes) {
      const run = ownRun(time);
      // Its runs due before this one whose job may still run when this one's start window ends.
      // The earliest of them is the one to ask: every later one due before this run reaches at least as far.
      while (first < times.length && (times[first] as number) + reach < time + run.startMs) first++;
      if (first < times.length && mayBlock({ time: times[first] as number, startMs: other.startWindowMinutes * MINUTE_MS, completionMs: other.completionWindowMinutes * MINUTE_MS }, run)) {
        blocked.add(time);
        by.add(at);
      }
    }
  });
  return { runs: ownTimes.length, blocked: blocked.size, by: [...by].sort((a, b) => a - b) };
}

/** Whether a job of one of these snapshot rules (a plan's, as AWS runs them) may hold the resource past a later run's start window: only then may a run be blocked. */
export function rulesMayContend(rules: readonly RpoInput[]): boolean {
  const contending: ContendedRule[] = [];
  for (const rule of rules) {
    if (rule.continuous) continue;
    const result = runsOf(rule, RPO_WINDOW.fromYear);
    if ('invalid' in result) continue;
    contending.push({ times: result.times, startMs: rule.startWindowMinutes * MINUTE_MS, completionMs: rule.completionWindowMinutes * MINUTE_MS });
  }
  return rulesMayBlock(contending);
}
