/**
 * The runs AWS Backup makes of a rule over the RPO's fixed window: its schedule's run times (core/cron-runs.ts),
 * less the runs a rule of its plan kept longer (or as long, with a later recovery point) takes when their start
 * windows overlap (core/rpo.ts withOverlapWinners says which rules those are). Every RPO question (the plan's
 * worst case, the overlap and contention warnings, the newest recovery point's age) reads runs from here, so
 * each rule's runs are computed once per check and shared: an hourly rule has 87,000 runs in ten years.
 */
import { type AwsCronSchedule, parseAwsCron } from './cron';
import { isValidTimeZone, occurrenceTimes } from './cron-runs';
import type { HoldingRule } from './job-contention';

export interface RpoInput {
  /** AWS cron expression, e.g. cron(0 5 ? * * *). Ignored for continuous rules. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default 'Etc/UTC' */
  readonly timezone?: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly continuous: boolean;
  /**
   * Snapshot rules of the same plan kept strictly longer than this one (core/rpo.ts withOverlapWinners): a run
   * of this rule whose start window overlaps the start window of one of theirs makes no backup, as
   * AWS Backup takes one backup then, for the rule with the longer retention. @default none
   */
  readonly displacedBy?: readonly RpoInput[];
  /**
   * Snapshot rules of the same plan kept exactly as long: of two overlapping runs AWS Backup makes
   * one, and does not say which, so the worst case drops the run whose recovery point is certain
   * earlier (run plus start and completion windows), run by run. @default none
   */
  readonly tiedWith?: readonly RpoInput[];
  /** The plan of the rule where several plans' rules are read together (a vault's silence alarm): jobs contend within a plan. @default one plan */
  readonly jobGroup?: string;
  /** Rules of other plans of the account and Region that may select the same resources: their jobs may hold them (core/plan-contention.ts). @default none */
  readonly heldBy?: readonly HoldingRule[];
}

/** First year and length (years) of the fixed window schedules are evaluated over. */
export const RPO_WINDOW = { fromYear: 2027, years: 8 } as const;

/** Years of runs after the window that may serve as the next recovery point of the window's last runs. */
const LOOK_AHEAD_YEARS = 2;

const MINUTE_MS = 60_000;

/**
 * A cache of run-time arrays bounded by the run times it holds, not by entries: an hourly rule's
 * runs take 700 kB, a yearly rule's a few bytes. Cleared whole when full (estates reuse a handful
 * of schedules, so what is needed again is soon back).
 */
class RunsCache {
  private readonly entries = new Map<string, number[]>();
  private held = 0;
  constructor(private readonly maxTimes: number) {}
  get(key: string): number[] | undefined {
    return this.entries.get(key);
  }
  set(key: string, runs: number[]): void {
    if (this.held + runs.length > this.maxTimes) {
      this.entries.clear();
      this.held = 0;
    }
    this.entries.set(key, runs);
    this.held += runs.length;
  }
}

/** About 40 MB each: some fifty hourly rules, thousands of daily ones. */
const scheduled = new RunsCache(5_000_000);
const made = new RunsCache(5_000_000);

/** Run times of the window from `fromYear` plus the look-ahead, cached. Shared: callers must not change the array. */
export function runTimes(schedule: AwsCronSchedule, timeZone: string, fromYear: number): number[] {
  const key = `${schedule.expression}\u0000${timeZone}\u0000${fromYear}`;
  let runs = scheduled.get(key);
  if (runs === undefined) {
    const until = Date.UTC(fromYear + RPO_WINDOW.years + LOOK_AHEAD_YEARS, 0, 1);
    runs = occurrenceTimes(schedule, Date.UTC(fromYear, 0, 1), until, timeZone);
    scheduled.set(key, runs);
  }
  return runs;
}

/** What of a rule its made runs depend on: the schedule and time zone, and the windows the overlap reads. */
const timing = (rule: RpoInput): string => `${rule.schedule}|${rule.timezone ?? 'Etc/UTC'}|${rule.startWindowMinutes}|${rule.completionWindowMinutes}`;

/** Everything runsMade's answer depends on but the year: the rule's timing and that of the rules that take its runs. */
export const madeRunsKey = (rule: RpoInput): string =>
  `${timing(rule)}\u0000${(rule.displacedBy ?? []).map(timing).join('\u0001')}\u0000${(rule.tiedWith ?? []).map(timing).join('\u0001')}`;

/**
 * A rule's run times (window plus look-ahead, from `fromYear`) with those another rule of its plan
 * takes the place of removed: the start windows [run, run + start window) of both overlap, and the
 * other rule is kept longer (displacedBy), or as long (tiedWith) with its recovery point certain
 * later (the worst case of AWS's unstated choice). The winners' own runs count whole. Cached by
 * what the answer depends on; shared: callers must not change the array.
 */
export function runsMade(rule: RpoInput, schedule: AwsCronSchedule, timeZone: string, fromYear: number): number[] {
  const times = runTimes(schedule, timeZone, fromYear);
  const winners = rule.displacedBy ?? [];
  const tied = rule.tiedWith ?? [];
  if (winners.length === 0 && tied.length === 0) return times;
  const key = `${fromYear}\u0000${madeRunsKey(rule)}`;
  let kept = made.get(key);
  if (kept === undefined) {
    kept = withoutDisplaced(rule, times, fromYear);
    made.set(key, kept);
  }
  return kept;
}

function withoutDisplaced(rule: RpoInput, times: number[], fromYear: number): number[] {
  // Each other rule's runs (sorted, cached by runTimes), its start window, and how long after a run its recovery point is certain (Infinity: kept longer, always wins).
  const others: { readonly runs: readonly number[]; readonly window: number; readonly certainAfter: number }[] = [];
  const add = (other: RpoInput, certainAfter: number) => {
    const parsed = parseAwsCron(other.schedule);
    const timeZone = other.timezone ?? 'Etc/UTC';
    if (!parsed.ok || !isValidTimeZone(timeZone)) return;
    others.push({ runs: runTimes(parsed.schedule, timeZone, fromYear), window: other.startWindowMinutes * MINUTE_MS, certainAfter });
  };
  for (const winner of rule.displacedBy ?? []) add(winner, Number.POSITIVE_INFINITY);
  for (const tied of rule.tiedWith ?? []) add(tied, (tied.startWindowMinutes + tied.completionWindowMinutes) * MINUTE_MS);
  if (others.length === 0) return times;
  const own = rule.startWindowMinutes * MINUTE_MS;
  const ownCertain = (rule.startWindowMinutes + rule.completionWindowMinutes) * MINUTE_MS;
  // A run of another rule overlaps this one's at `time` when it starts after time - its window and before time + own window; binary search, no allocation.
  return times.filter((time) => {
    for (const { runs, window, certainAfter } of others) {
      let low = 0;
      let high = runs.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((runs[middle] as number) > time - window) high = middle;
        else low = middle + 1;
      }
      for (let at = low; at < runs.length && (runs[at] as number) < time + own; at++) {
        if ((runs[at] as number) + certainAfter > time + ownCertain) return false;
      }
    }
    return true;
  });
}

/** How many of the ascending `times` are before `end` (binary search). */
export function countBefore(times: readonly number[], end: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < end) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * How many of a snapshot rule's runs in the RPO's eight-year window make no backup because a rule
 * of its plan kept longer (displacedBy), or as long with a later recovery point (tiedWith), overlaps
 * them, of how many; undefined when it cannot be evaluated.
 */
export function displacedRuns(rule: RpoInput): { readonly runs: number; readonly displaced: number } | undefined {
  const parsed = parseAwsCron(rule.schedule);
  const timeZone = rule.timezone ?? 'Etc/UTC';
  if (rule.continuous || !parsed.ok || !isValidTimeZone(timeZone)) return undefined;
  const windowEnd = Date.UTC(RPO_WINDOW.fromYear + RPO_WINDOW.years, 0, 1);
  const runs = countBefore(runTimes(parsed.schedule, timeZone, RPO_WINDOW.fromYear), windowEnd);
  return { runs, displaced: runs - countBefore(runsMade(rule, parsed.schedule, timeZone, RPO_WINDOW.fromYear), windowEnd) };
}
