/**
 * Worst-case recovery point objective (RPO) of AWS Backup rules: the longest time a resource can
 * go without a new recovery point.
 *
 * Snapshot rules: the longest gap between two consecutive scheduled runs, plus the start window,
 * plus the completion window. A job may start as late as the end of its start window and its
 * recovery point may complete as late as the end of its completion window, so after the previous
 * run's recovery point (at best complete right at that run's scheduled time) the next one can
 * arrive `gap + start window + completion window` later. Runs are evaluated with the schedule's
 * time zone, daylight-saving changes included (a daily 05:00 Europe/Paris rule has a 25-hour gap
 * every autumn), over a fixed eight-year window (2027-2034: two leap years, every weekday pattern
 * of every month), so the figure never depends on the day it is computed.
 *
 * Continuous backup rules (point-in-time restore): 5 minutes. AWS Backup restores continuous
 * backups "within 1 second of precision" (AWS Backup Developer Guide, "Continuous backups and
 * point-in-time restore (PITR)",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html), but the
 * latest restorable time lags behind: Amazon RDS uploads transaction logs every 5 minutes and
 * its latest restorable time "is typically within the last 5 minutes" (Amazon RDS User Guide,
 * "Restoring a DB instance to a specified time",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html, and the Amazon RDS FAQ).
 * 5 minutes is therefore the worst case we report for a continuous rule, for the resources that
 * have continuous backup (RDS, Aurora, S3, SAP HANA); the others get snapshots on the rule's
 * schedule (asSnapshotRules).
 *
 * A plan's RPO is that of the union of its rules (planRpo): any rule's recovery point will do, so
 * a MON-FRI rule and a SAT,SUN rule together back up daily. Over the merged runs, after a recovery
 * point completed at its earliest (a run's scheduled time) the next one is certain only once the
 * first later run's windows have passed: the plan's RPO is the largest such wait.
 *
 * This module is the one answer to "how long can a resource go without a recovery point": the
 * rule pack's RPO target check, the AWS Config frequency check, the audit controls and the posture
 * report all ask it, over the same window.
 */
import { type AwsCronSchedule, parseAwsCron } from './cron';
import { isValidTimeZone, skipsNoWallTime } from './cron-runs';
import { contendedWait, HELD_NOTE, withoutHeld } from './job-contention';
import { runsEveryListedMonth } from './schedule-bounds';

export { longestGapBoundMinutes } from './schedule-bounds';
import { compareStrings } from './order';
import { countBefore, RPO_WINDOW, type RpoInput, runsMade, runTimes } from './rule-runs';

export { formatMinutes } from './duration';
export { displacedRuns, RPO_WINDOW } from './rule-runs';

/**
 * The rules as AWS runs them for a resource without continuous backup (EBS, EFS, DynamoDB, ...):
 * a continuous rule takes snapshots on its schedule ("automatic fallback to snapshots", AWS Backup
 * Developer Guide, point-in-time recovery). A plan whose selections may reach such resources has
 * the RPO of these rules (core/selection.ts reachesOnlyContinuousTypes tells).
 */
export function asSnapshotRules<T extends RpoInput>(rules: readonly T[]): T[] {
  return rules.map((rule) => (rule.continuous ? { ...rule, continuous: false } : rule));
}

/** Worst-case RPO of a continuous backup rule, in minutes (see the module comment for the source). */
export const CONTINUOUS_RPO_MINUTES = 5;

/** A rule as the RPO reads it (core/rule-runs.ts, where its runs are made). */
export type { RpoInput } from './rule-runs';

/**
 * The rules of one plan, each with the rules that take its place when their runs overlap: "If you
 * have a backup plan with multiple rules and the time frames of the two rules overlap, AWS Backup
 * optimizes the backup and takes a backup for the rule with the longer retention time. The
 * optimization takes into account the full start window, not just when the daily backup is taken."
 * (AWS Backup Developer Guide, "Backup plan options and configuration",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html).
 * So a daily rule and a monthly rule at 05:00 make one backup on the 1st, the monthly rule's, into
 * its vault with its windows and copies. `retentionDays[i]` is rule i's retention (undefined: not
 * known, so it takes no part; NaN: known only at apply, so tied with every other rule, as it may be
 * kept longer or shorter than any). With equal retention AWS does not say which wins, so the worst case
 * is counted run by run (tiedWith): of two overlapping runs, the one whose recovery point is
 * certain the later is the one made.
 */
export function withOverlapWinners<T extends RpoInput>(rules: readonly T[], retentionDays: readonly (number | undefined)[]): T[] {
  return rules.map((rule, index) => {
    const own = retentionDays[index];
    if (own === undefined || rule.continuous) return rule;
    const others = (keep: (theirs: number) => boolean) => rules.filter((other, at) => at !== index && !other.continuous && retentionDays[at] !== undefined && keep(retentionDays[at] as number));
    const winners = others((theirs) => theirs > own);
    // A retention known only at apply (NaN) may be longer or shorter than any: either rule may win, so the two count as tied.
    const tied = others((theirs) => theirs === own || Number.isNaN(theirs) || Number.isNaN(own));
    return winners.length === 0 && tied.length === 0 ? rule : { ...rule, ...(winners.length > 0 ? { displacedBy: winners } : {}), ...(tied.length > 0 ? { tiedWith: tied } : {}) };
  });
}

/**
 * A plan's rules as AWS runs them, for its worst-case RPO: with `snapshotFallback` (the plan's
 * selections may reach types without continuous backup) continuous rules first become the
 * snapshot rules they are for those types (asSnapshotRules), so their runs take part in the
 * overlap optimization (withOverlapWinners) like any rule's: AWS's note speaks of a plan's rules,
 * not of snapshot rules only. The one order the rule pack, the posture report and the runbook share.
 */
export function rulesAsRun<T extends RpoInput>(rules: readonly T[], retentionDays: readonly (number | undefined)[], snapshotFallback: boolean): T[] {
  return withOverlapWinners(snapshotFallback ? asSnapshotRules(rules) : rules, retentionDays);
}

/**
 * The index of the continuous rule whose recovery point may lapse between the rule's runs (one of NaN retention first), or
 * undefined: the one answer for the RPO's readers (core/selection-reach continuousMayLapse) and the config's warning, which names
 * it. AWS Backup renews the one continuous recovery point of an Aurora, RDS or SAP HANA resource at each run, and says to "set the retention period for these backups to be greater than the
 * backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state" (AWS Backup Developer Guide, "Changing
 * your retention period"). Of continuous rules into one vault AWS keeps "the rule with the longest retention period" only ("Overlapping
 * continuous backups on the same resource"): that rule decides. `retentionDays` as rulesAsRun reads it (NaN: known only at apply, so
 * it may be short; undefined: not known, no part). A schedule that runs fewer than twice renews nothing; one that does not parse
 * is left to its own checks.
 */
export function lapsingContinuousRule(rules: readonly RpoInput[], retentionDays: readonly (number | undefined)[]): number | undefined {
  const kept = rules.flatMap((rule, index) => (rule.continuous && retentionDays[index] !== undefined ? [{ rule, index, days: retentionDays[index] as number }] : []));
  if (kept.length === 0) return undefined;
  const unknown = kept.find(({ days }) => Number.isNaN(days));
  if (unknown !== undefined) return unknown.index;
  const longest = Math.max(...kept.map(({ days }) => days));
  return kept.find(({ rule, days }) => {
    if (days !== longest) return false;
    const timeZone = rule.timezone ?? 'Etc/UTC';
    // A schedule or time zone that does not parse (or is known only at apply) is judged by its own checks, not here.
    if (!parseAwsCron(rule.schedule).ok || !isValidTimeZone(timeZone)) return false;
    const { gapMinutes } = scheduleGap(rule.schedule, timeZone);
    return gapMinutes === null || days * 24 * 60 <= gapMinutes;
  })?.index;
}

export interface RpoEstimate {
  /** Worst-case RPO in minutes; null when unbounded (the schedule stops, never runs or is invalid). */
  readonly minutes: number | null;
  readonly basis: 'continuous' | 'schedule';
  /** Longest gap between two consecutive runs (while the schedule runs), in minutes; null if it runs fewer than twice. */
  readonly gapMinutes: number | null;
  /** Start window + completion window (0 for continuous rules). */
  readonly windowMinutes: number;
  /** Why the RPO is unbounded, or a caveat. */
  readonly note?: string;
}

interface GapResult {
  readonly gapMinutes: number | null;
  /** Shortest time between two consecutive runs, in minutes (null: fewer than two runs). */
  readonly shortestMinutes?: number | null;
  readonly runs: number;
  readonly note?: string;
  readonly unbounded: boolean;
}

const MINUTE_MS = 60_000;
const gapCache = new Map<string, GapResult>();

function yearsText(years: readonly number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) return '';
  const contiguous = years.every((year, index) => year === first + index);
  if (years.length === 1) return String(first);
  return contiguous ? `${first}-${last}` : years.join(', ');
}

function computeGap(schedule: AwsCronSchedule, timeZone: string): GapResult {
  let fromYear: number = RPO_WINDOW.fromYear;
  let stopsAfter: number | undefined;
  if (schedule.years !== 'any') {
    const first = schedule.years[0] ?? RPO_WINDOW.fromYear;
    const last = schedule.years[schedule.years.length - 1] ?? RPO_WINDOW.fromYear;
    fromYear = Math.max(RPO_WINDOW.fromYear, first);
    // The schedule ends inside (or before) the window: after its last run, no recovery point ever.
    if (last < fromYear + RPO_WINDOW.years - 1) stopsAfter = last;
  }
  const windowEnd = Date.UTC(fromYear + RPO_WINDOW.years, 0, 1);
  const all = runTimes(schedule, timeZone, fromYear);
  const count = countBefore(all, windowEnd);
  // Milliseconds in the loop, minutes once after: no division or Math per run (87,000 runs for an hourly rule).
  let longestMs = -1;
  let shortestMs = Number.POSITIVE_INFINITY;
  for (let index = 1; index < count; index++) {
    const gap = (all[index] as number) - (all[index - 1] as number);
    if (gap > longestMs) longestMs = gap;
    if (gap < shortestMs) shortestMs = gap;
  }
  const longest = count < 2 ? null : longestMs / MINUTE_MS;
  const shortest = count < 2 ? null : shortestMs / MINUTE_MS;
  if (stopsAfter !== undefined && schedule.years !== 'any') {
    return { gapMinutes: longest, runs: count, unbounded: true, note: `runs only in ${yearsText(schedule.years)}: no recovery point after ${stopsAfter}` };
  }
  if (count < 2) {
    return { gapMinutes: longest, runs: count, unbounded: true, note: count === 0 ? 'never runs' : 'runs fewer than twice in eight years' };
  }
  return { gapMinutes: longest, shortestMinutes: shortest, runs: count, unbounded: false };
}

/** The longest gap of a schedule in a time zone, cached (estates reuse a handful of schedules). */
function gapOf(expression: string, timeZone: string): GapResult {
  const cacheKey = `${expression}\u0000${timeZone}`;
  const cached = gapCache.get(cacheKey);
  if (cached) return cached;
  let result: GapResult;
  const parsed = parseAwsCron(expression);
  if (!parsed.ok) result = { gapMinutes: null, runs: 0, unbounded: true, note: `invalid schedule: ${parsed.reason}` };
  else if (!isValidTimeZone(timeZone)) result = { gapMinutes: null, runs: 0, unbounded: true, note: `unknown time zone ${JSON.stringify(timeZone)}` };
  else result = computeGap(parsed.schedule, timeZone);
  gapCache.set(cacheKey, result);
  return result;
}

/** The worst-case RPO of one rule with how it was derived. */
export function explainRpo(input: RpoInput): RpoEstimate {
  if (input.continuous) {
    return { minutes: CONTINUOUS_RPO_MINUTES, basis: 'continuous', gapMinutes: null, windowMinutes: 0, note: 'continuous backup (point-in-time restore)' };
  }
  const windowMinutes = input.startWindowMinutes + input.completionWindowMinutes;
  const gap = gapOf(input.schedule, input.timezone ?? 'Etc/UTC');
  // A job that may run as long as the time to the next run may make the next runs expire (one job per resource at a time: core/job-contention.ts).
  if (!gap.unbounded && gap.gapMinutes !== null && gap.shortestMinutes != null && input.completionWindowMinutes >= gap.shortestMinutes) {
    const walked = planRpo([{ schedule: input.schedule, timezone: input.timezone ?? 'Etc/UTC', startWindowMinutes: input.startWindowMinutes, completionWindowMinutes: input.completionWindowMinutes, continuous: false }]);
    return { minutes: walked.minutes, basis: 'schedule', gapMinutes: gap.gapMinutes, windowMinutes, note: CONTENTION_NOTE };
  }
  return {
    minutes: gap.unbounded || gap.gapMinutes === null ? null : gap.gapMinutes + windowMinutes,
    basis: 'schedule',
    gapMinutes: gap.gapMinutes,
    windowMinutes,
    ...(gap.note === undefined ? {} : { note: gap.note }),
  };
}

/** Why a rule's or plan's worst case exceeds its gap plus windows. */
export const CONTENTION_NOTE =
  'a job may still run when the start windows of the next runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup';

/**
 * Worst-case RPO of a rule in minutes: 5 for continuous backup; otherwise the longest gap between
 * two scheduled runs plus the start and completion windows. null when unbounded (the schedule
 * stops in a given year, never runs, or is not a valid AWS cron expression or time zone).
 */
export function worstCaseRpo(input: RpoInput): number | null {
  return explainRpo(input).minutes;
}

/**
 * Why a schedule stops making backups (or `what` it makes) or (almost) never makes any, or undefined. A year field ends
 * it after its last year; a day no calendar has (February 30, April 31) never comes, nor a time the zone's clocks skip on every
 * date named (`cron(30 2 ? 3 1L *)` in Europe/Paris: 02:30 on the last Sunday of March, when daylight saving starts). Such a rule
 * reads like a backup and makes none, so the checks refuse it. An expression the syntax check
 * refuses is left to that check (undefined here).
 */
export function scheduleEnds(expression: string, timeZone = 'Etc/UTC', what = 'backup'): string | undefined {
  const parsed = parseAwsCron(expression);
  if (!parsed.ok) return undefined;
  const { years } = parsed.schedule;
  if (years !== 'any') {
    return `runs only in ${yearsText(years)}: no ${what} after ${years[years.length - 1]}; write * in the year field (and remove the rule when it is no longer needed)`;
  }
  const zone = isValidTimeZone(timeZone) ? timeZone : 'Etc/UTC';
  // A date every listed month has runs every year, unless the zone's clocks skip the times it names on those dates (daylight saving).
  if (runsEveryListedMonth(parsed.schedule) && skipsNoWallTime(zone, RPO_WINDOW.fromYear, RPO_WINDOW.years)) return undefined;
  const { runs } = gapOf(expression, zone);
  const window = `${RPO_WINDOW.fromYear}-${RPO_WINDOW.fromYear + RPO_WINDOW.years - 1}`;
  if (runs <= 1 && gapOf(expression, 'Etc/UTC').runs > runs) {
    const [often, dates] = runs === 0 ? ['never runs', 'every date'] : ['runs once', 'every other date'];
    return `${often} in the ${RPO_WINDOW.years} years ${window}: on ${dates} it names, the clocks of ${zone} skip its time (daylight saving starts), and a skipped time does not fire; pick a time outside the skipped hour`;
  }
  if (runs === 0) return `never runs: no date of the ${RPO_WINDOW.years} years ${window} matches its day-of-month, month and day-of-week fields`;
  if (runs === 1) return `runs once in the ${RPO_WINDOW.years} years ${window}: its day-of-month, month and day-of-week fields almost never meet`;
  return undefined;
}

/**
 * Scheduled run times (epoch ms) of a snapshot rule in the eight-year window from RPO_WINDOW.fromYear,
 * or undefined when its schedule or time zone is invalid. Cached with the RPO's runs.
 */
export function windowRunTimes(schedule: string, timeZone = 'Etc/UTC'): readonly number[] | undefined {
  const parsed = parseAwsCron(schedule);
  if (!parsed.ok || !isValidTimeZone(timeZone)) return undefined;
  const windowEnd = Date.UTC(RPO_WINDOW.fromYear + RPO_WINDOW.years, 0, 1);
  const runs = runTimes(parsed.schedule, timeZone, RPO_WINDOW.fromYear);
  return runs.slice(0, countBefore(runs, windowEnd));
}

/** The longest gap of a schedule in a time zone, in minutes (null: it runs fewer than twice, stops, or is invalid), with why. */
export function scheduleGap(expression: string, timeZone = 'Etc/UTC'): { readonly gapMinutes: number | null; readonly note?: string } {
  const gap = gapOf(expression, timeZone);
  return { gapMinutes: gap.unbounded ? null : gap.gapMinutes, ...(gap.note === undefined ? {} : { note: gap.note }) };
}

export interface PlanRpoEstimate {
  /** Worst-case RPO of the plan in minutes; null when unbounded (every rule stops, or none runs twice). */
  readonly minutes: number | null;
  /** Why it is unbounded, or how it was found (for messages). */
  readonly explanation: string;
}

const planCache = new Map<string, PlanRpoEstimate>();
const ruleKey = (rule: RpoInput): string =>
  `${rule.schedule}|${rule.timezone ?? 'Etc/UTC'}|${rule.startWindowMinutes}|${rule.completionWindowMinutes}|${rule.jobGroup ?? ''}${(rule.heldBy ?? []).map((held) => `!${held.key}`).join('')}`;

/** Later than every run (a local constant: see computePlanRpo). */
const NO_TIME = Number.POSITIVE_INFINITY;


/** Run times of a rule over the window from `fromYear` (with the look-ahead), or why it cannot be evaluated. */
export function runsOf(rule: RpoInput, fromYear: number): { times: number[]; windowMs: number; stopsBefore?: number } | { invalid: string } {
  const timeZone = rule.timezone ?? 'Etc/UTC';
  const parsed = parseAwsCron(rule.schedule);
  if (!parsed.ok) return { invalid: `invalid schedule: ${parsed.reason}` };
  if (!isValidTimeZone(timeZone)) return { invalid: `unknown time zone ${JSON.stringify(timeZone)}` };
  const end = fromYear + RPO_WINDOW.years;
  const years = parsed.schedule.years;
  const last = years === 'any' ? undefined : years[years.length - 1];
  const windowMs = (rule.startWindowMinutes + rule.completionWindowMinutes) * MINUTE_MS;
  const times = runsMade(rule, parsed.schedule, timeZone, fromYear);
  return { times: rule.heldBy === undefined ? times : withoutHeld(times, rule.startWindowMinutes * MINUTE_MS, rule.heldBy), windowMs, ...(last !== undefined && last < end - 1 ? { stopsBefore: last + 1 } : {}) };
}

const firstYear = (rule: RpoInput): number => {
  const parsed = parseAwsCron(rule.schedule);
  return parsed.ok && parsed.schedule.years !== 'any' ? (parsed.schedule.years[0] ?? RPO_WINDOW.fromYear) : RPO_WINDOW.fromYear;
};

function computePlanRpo(rules: readonly RpoInput[]): PlanRpoEstimate {
  if (rules.length === 0) return { minutes: null, explanation: 'no rule' };
  if (rules.some((rule) => rule.continuous)) return { minutes: CONTINUOUS_RPO_MINUTES, explanation: 'continuous backup (point-in-time restore), 5 minutes' };
  return computeRulesRpo(rules);
}

function computeRulesRpo(rules: readonly RpoInput[]): PlanRpoEstimate {
  // One rule: the merged runs are its own runs, so the largest wait is its longest gap plus its
  // windows (explainRpo, whose gap is cached and shared with the rule pack's checks).
  const [only] = rules;
  if (rules.length === 1 && only && (only.displacedBy ?? []).length === 0 && (only.tiedWith ?? []).length === 0 && (only.heldBy ?? []).length === 0) {
    const gap = gapOf(only.schedule, only.timezone ?? 'Etc/UTC');
    // Contended (a job may outlast the time to the next run): walked below; explainRpo asks planRpo for it (cached).
    const contended = gap.shortestMinutes != null && only.completionWindowMinutes >= gap.shortestMinutes;
    const single = contended ? undefined : explainRpo(only);
    if (single !== undefined && single.minutes !== null) return { minutes: single.minutes, explanation: 'schedule' };
  }
  return walkPlanRpo(rules);
}

/**
 * The runs of a rule that another plan's job may hold (its runs as its plan makes them less `kept`, both sorted), or undefined:
 * such a job only may hold them, so each may also run, and its job hold the resource in turn (core/job-contention.ts optional).
 */
function heldRuns(rule: RpoInput, kept: readonly number[], fromYear: number): number[] | undefined {
  if ((rule.heldBy ?? []).length === 0) return undefined;
  const all = runsOf({ ...rule, heldBy: undefined }, fromYear);
  if ('invalid' in all) return undefined;
  const held: number[] = [];
  let k = 0;
  for (const time of all.times) {
    while (k < kept.length && (kept[k] as number) < time) k++;
    if (k >= kept.length || kept[k] !== time) held.push(time);
  }
  return held;
}

/** The plan's worst case over its rules' merged runs, one job per resource at a time (no fast path: explainRpo asks it too). */
function walkPlanRpo(rules: readonly RpoInput[]): PlanRpoEstimate {
  // The window starts when the first rule starts (a schedule of later years has no runs before).
  const fromYear = Math.max(RPO_WINDOW.fromYear, Math.min(...rules.map(firstYear)));
  const each: { times: number[]; windowMs: number }[] = [];
  const stops: number[] = [];
  for (const rule of rules) {
    const result = runsOf(rule, fromYear);
    if ('invalid' in result) return { minutes: null, explanation: result.invalid };
    each.push(result);
    stops.push(result.stopsBefore ?? Number.POSITIVE_INFINITY);
  }
  const stopsBefore = Math.max(...stops);
  if (Number.isFinite(stopsBefore)) return { minutes: null, explanation: `unbounded: no rule runs after ${stopsBefore - 1}` };
  const windowEnd = Date.UTC(fromYear + RPO_WINDOW.years, 0, 1);
  // Walk the rules' sorted runs together (numbers only: an hourly rule has 87,000 runs in ten
  // years). At each distinct run time t, every rule's pointer moves past t; the next certain
  // recovery point is then the earliest (next run + windows) over the rules, and the plan's RPO
  // the largest wait from t to it. Runs at the same time as t are not later than t.
  // No global (Math, Number) inside the loop: under a VM context (jest) every global lookup is slow.
  const times = each.map((rule) => rule.times);
  const windows = each.map((rule) => rule.windowMs);
  const at = each.map(() => 0);
  const count = times.length;
  let inWindow = 0;
  let worst = 0;
  let lastMade = false;
  for (;;) {
    let time = NO_TIME;
    for (let r = 0; r < count; r++) {
      const runs = times[r] as number[];
      const index = at[r] as number;
      if (index < runs.length && (runs[index] as number) < time) time = runs[index] as number;
    }
    if (time >= windowEnd) break;
    // Distinct times: two rules' runs at one instant are one recovery point, with no next one to wait for.
    inWindow++;
    let certain = NO_TIME;
    for (let r = 0; r < count; r++) {
      const runs = times[r] as number[];
      let index = at[r] as number;
      while (index < runs.length && runs[index] === time) index++;
      at[r] = index;
      if (index < runs.length) {
        const by = (runs[index] as number) + (windows[r] as number);
        if (by < certain) certain = by;
      }
    }
    // No later run at all (every run after this one is held, with the look-ahead's): no recovery point ever comes again.
    if (certain === NO_TIME) lastMade = true;
    else if (certain - time > worst) worst = certain - time;
  }
  const held = rules.some((rule) => (rule.heldBy ?? []).length > 0);
  if (lastMade && inWindow >= 2) return { minutes: null, explanation: held ? `unbounded: ${HELD_NOTE}` : 'unbounded: no run after the last in the window' };
  if (inWindow < 2) return { minutes: null, explanation: held ? `unbounded: ${HELD_NOTE}` : inWindow === 0 ? 'unbounded: never runs' : 'unbounded: runs fewer than twice in eight years' };
  // One job per resource at a time: a job may hold the resource past the start windows of later runs (core/job-contention.ts).
  // Runs another plan's job may hold make no recovery point to wait for, but may still run and hold the resource (optional).
  const contending = rules.map((rule, index) => ({ times: times[index] as number[], startMs: rule.startWindowMinutes * MINUTE_MS, completionMs: rule.completionWindowMinutes * MINUTE_MS, group: rule.jobGroup, optional: heldRuns(rule, times[index] as number[], fromYear) }));
  const contended = contendedWait(contending, windowEnd);
  if (contended !== null && contended > worst) return { minutes: contended / MINUTE_MS, explanation: CONTENTION_NOTE };
  return { minutes: worst / MINUTE_MS, explanation: held ? HELD_NOTE : 'schedule' };
}

/**
 * Worst-case RPO of a plan: over the union of its rules' runs (see the module comment). Continuous
 * backup on any rule: 5 minutes. Cached by the rules' schedules, time zones and windows.
 */
export function planRpo(rules: readonly RpoInput[]): PlanRpoEstimate {
  const key = rules
    .map((rule) =>
      rule.continuous
        ? 'continuous'
        : `${ruleKey(rule)}${(rule.displacedBy ?? []).map((winner) => `>${ruleKey(winner)}`).sort(compareStrings).join('')}${(rule.tiedWith ?? []).map((tied) => `=${ruleKey(tied)}`).sort(compareStrings).join('')}`,
    )
    .sort(compareStrings)
    .join('\u0000');
  let estimate = planCache.get(key);
  if (!estimate) {
    estimate = computePlanRpo(rules);
    planCache.set(key, estimate);
  }
  return estimate;
}
