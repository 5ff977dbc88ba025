/**
 * One backup job per resource at a time. AWS Backup's quota "Concurrent backup and copy jobs per
 * resource" is 1, not adjustable (AWS Backup Developer Guide, Quotas,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html), and a job that
 * cannot start waits: "additional scheduled or on-demand backup requests for the resource are queued
 * and will start only after the existing backup job is completed. If the backup job is not started
 * or completed within the backup window, the request fails" (Amazon Timestream Developer Guide,
 * Quota and limits, https://docs.aws.amazon.com/timestream/latest/developerguide/backups-limits.html).
 * A job may start as late as the end of its start window and run for its whole completion window
 * (counted from its start), so it may hold the resource past the end of a later run's start
 * window, of its own rule or of another rule of the plan: that run makes no backup. An hourly rule
 * with 60 minutes to start and 180 to complete may wait 7 h for a recovery point, not 5 h.
 *
 * Ground floor: plain numbers (epoch ms), no schedule parsing; core/rpo.ts feeds it the runs.
 */

/** A scheduled run of a plan's rule: when it is due, how long it may wait to start, how long it may run once started. */
export interface ContendedRun {
  readonly time: number;
  readonly startMs: number;
  readonly completionMs: number;
}

/** The run at `later` may make no backup because the job of the run at `earlier` may still hold the resource when its start window ends. */
export const mayBlock = (earlier: ContendedRun, later: ContendedRun): boolean =>
  later.time > earlier.time && later.time + later.startMs <= earlier.time + earlier.startMs + earlier.completionMs;

/** First index of `sorted` whose value is greater than `value` (`sorted` ascending). */
function firstAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) > value) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * firstAbove from a hint (the index an earlier search found): the walks ask for values that mostly move forward by a run or two,
 * so a few steps from the hint replace the binary search; a value behind the hint, or far ahead of it, is searched as before.
 */
function firstAboveFrom(sorted: readonly number[], value: number, hint: number): number {
  if (hint > 0 && hint <= sorted.length && (sorted[hint - 1] as number) <= value) {
    for (let at = hint, steps = 0; steps < 8; at++, steps++) if (at >= sorted.length || (sorted[at] as number) > value) return at;
  }
  return firstAbove(sorted, value);
}

/** A rule's runs, sorted, with its windows: runs of one rule have their start windows' ends in the same order. */
export interface ContendedRule {
  readonly times: readonly number[];
  readonly startMs: number;
  readonly completionMs: number;
  /**
   * Runs (sorted) another plan's job may hold, or may not (core/plan-contention.ts): each may make no backup, so none is waited
   * for, or start and hold the resource in turn, so each may be the next job, and each may be the run a wait starts from.
   */
  readonly optional?: readonly number[];
}

/** More starts than this within one start window are not walked one by one: the wait is bounded from the window's end instead. */
const MAX_STARTS = 64;

/**
 * The longest wait, in ms, from a recovery point's start to the completion of the next one, with
 * one job per resource at a time: after the job of a run started at s and ran its completion
 * window (to E), the runs whose start windows ended by E made no backup; the first job to start
 * after E starts at the latest by T, the earliest end of a start window still open (a later run's),
 * and completes by T plus its completion window (the longest of the runs it may be: due by T, their
 * windows still open at E). The wait is the largest of those over every run in the window (before
 * windowEnd) and every start s in its start window (s = its run, or just where s + completion passes
 * the end of another run's start window: between those the wait only falls; past MAX_STARTS of them,
 * the wait from the run to the latest E bounds them all). null when no run has a later one.
 */
export function contendedWorstWait(rules: readonly ContendedRule[], windowEnd: number): number | null {
  // No global (Math, Number) inside the loops: under a VM context (jest) every global lookup is slow; an hourly rule has 87,000 runs.
  const NONE = Number.POSITIVE_INFINITY;
  const count = rules.length;
  const firsts = new Array<number>(count).fill(0);
  const endHints = new Array<number>(count).fill(0);
  const ends: number[] = [];
  let worst = -1;
  let longestCompletion = 0;
  for (const rule of rules) if (rule.completionMs > longestCompletion) longestCompletion = rule.completionMs;
  const mixedCompletion = rules.some((rule) => rule.completionMs !== longestCompletion);
  // The next completion after a job of a run at `due` ended at `freed`: per rule, its first run due after `due` whose window is open at `freed`.
  const consider = (due: number, start: number, freed: number, longestAtLeast = 0): number => {
    let deadline = NONE;
    for (let r = 0; r < count; r++) {
      const rule = rules[r] as ContendedRule;
      const after = freed - rule.startMs > due ? freed - rule.startMs : due;
      const at = firstAboveFrom(rule.times, after, firsts[r] as number);
      firsts[r] = at;
      if (at < rule.times.length && (rule.times[at] as number) + rule.startMs < deadline) deadline = (rule.times[at] as number) + rule.startMs;
    }
    if (deadline === NONE) return NONE;
    let longest = longestAtLeast;
    let done = 0;
    for (let r = 0; r < count; r++) {
      const rule = rules[r] as ContendedRule;
      const at = firsts[r] as number;
      if (at < rule.times.length && (rule.times[at] as number) <= deadline && rule.completionMs > longest) longest = rule.completionMs;
      // A run another plan may have held may instead be the next job: due by the deadline, its window open when the resource is
      // freed, started as late as its own window allows (it sets no deadline), run its completion window. The latest such run reaches furthest.
      const optional = rule.optional;
      if (optional !== undefined) {
        const last = firstAbove(optional, deadline) - 1;
        const dueAt = last >= 0 ? (optional[last] as number) : NONE;
        if (last >= 0 && dueAt > (freed - rule.startMs > due ? freed - rule.startMs : due)) {
          const by = (dueAt + rule.startMs < deadline ? dueAt + rule.startMs : deadline) + rule.completionMs;
          if (by > done) done = by;
        }
      }
    }
    if (deadline + longest > done) done = deadline + longest;
    if (done - start > worst) worst = done - start;
    return deadline;
  };
  // Every start of the run at `due` in its start window (its own time, or just where its job passes another run's start window end).
  const walkFrom = (previous: ContendedRule, due: number): void => {
    const deadlineAtEnd = consider(due, due, due + previous.completionMs);
    // A job may end before its completion window does: ended just before a later run's start window ends, it leaves that run
    // waiting, and the job that run starts may run a longer completion window than the runs a job run to its end leaves (rules
    // with different completion windows only: with one, ending later only delays the next job). Past MAX_STARTS such ends, the
    // next start from the job's latest end, with the longest completion window of any rule, bounds them all.
    // The deadline only moves later as the job ends later, so no earlier end reaches past the deadline of its latest end plus the
    // longest completion window (a run another plan may hold included): when that is no worse than the worst yet, skip them.
    if (mixedCompletion && deadlineAtEnd !== NONE && deadlineAtEnd + longestCompletion - due > worst) {
      const until = due + previous.completionMs;
      ends.length = 0;
      for (let r = 0; r < count; r++) {
        const rule = rules[r] as ContendedRule;
        for (let at = firstAbove(rule.times, due + 1 - rule.startMs); at < rule.times.length && (rule.times[at] as number) + rule.startMs <= until && ends.length <= MAX_STARTS; at++) {
          ends.push((rule.times[at] as number) + rule.startMs);
        }
        // So for a run another plan's job may hold: a job ended just before its start window ends leaves it to run, after the
        // runs whose windows the job outlasted made nothing (it sets no deadline, so no run of those was the next job).
        const optional = rule.optional ?? [];
        for (let at = firstAbove(optional, due + 1 - rule.startMs); at < optional.length && (optional[at] as number) + rule.startMs <= until && ends.length <= MAX_STARTS; at++) {
          ends.push((optional[at] as number) + rule.startMs);
        }
      }
      if (ends.length > MAX_STARTS) consider(due, due, until, longestCompletion);
      else for (const end of ends) consider(due, due, end - 1);
    }
    // Starts just late enough that the job runs past the end of another run's start window.
    const from = due + previous.completionMs;
    const to = from + previous.startMs;
    ends.length = 0;
    for (let r = 0; r < count; r++) {
      const rule = rules[r] as ContendedRule;
      let at = firstAboveFrom(rule.times, from - rule.startMs, endHints[r] as number);
      endHints[r] = at;
      for (; at < rule.times.length && (rule.times[at] as number) + rule.startMs <= to && ends.length <= MAX_STARTS; at++) {
        ends.push((rule.times[at] as number) + rule.startMs);
      }
    }
    if (ends.length > MAX_STARTS) consider(due, due, to);
    else for (const end of ends) consider(due, end - previous.completionMs, end);
  };
  // One rule (an hourly rule contends with itself): the wait from a run reads only the runs after it up to the first past its
  // completion window, as offsets; a periodic schedule repeats them but around daylight-saving changes, so a run whose offsets
  // equal the last walked run's has its wait (a few comparisons instead of the walk).
  const sameAsLast: number[] = [];
  let lastWait = -1;
  let reused = false;
  for (const previous of rules) {
    const times = previous.times;
    let next = 0;
    let low = 0;
    for (let index = 0; index < times.length; index++) {
      const due = times[index] as number;
      if (due >= windowEnd) break;
      if (count === 1) {
        // From the first run whose start window is still open when the job may end (before this run when the start window is the longer).
        while (next < times.length && (times[next] as number) <= due + previous.completionMs) next++;
        while (low < times.length && (times[low] as number) <= due + previous.completionMs - previous.startMs) low++;
        const first = low < index + 1 ? low : index + 1;
        const last = next < times.length ? next : times.length - 1;
        // A window that spans more runs than this is walked each time (comparing its offsets would cost more than the walk).
        reused = last - first + 1 === sameAsLast.length && sameAsLast.length <= MAX_STARTS;
        for (let at = first, k = 0; reused && at <= last; at++, k++) reused = (times[at] as number) - due === sameAsLast[k];
        if (reused) {
          if (lastWait > worst) worst = lastWait;
          continue;
        }
        sameAsLast.length = 0;
        for (let at = first; at <= last && sameAsLast.length <= MAX_STARTS; at++) sameAsLast.push((times[at] as number) - due);
      }
      const before = worst;
      worst = -1;
      walkFrom(previous, due);
      lastWait = worst;
      if (before > worst) worst = before;
    }
    // A run another plan's job may have held may also have run, made a recovery point, and held the resource in turn: walked from too.
    for (const due of previous.optional ?? []) {
      if (due >= windowEnd) break;
      walkFrom(previous, due);
    }
  }
  return worst < 0 ? null : worst;
}

/** Two sorted run lists as one, sorted. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) merged.push(j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? (a[i++] as number) : (b[j++] as number));
  return merged;
}

/** A rule's runs with its windows, and the plan it belongs to where several plans' rules are read together. */
export interface GroupedContendedRule extends ContendedRule {
  /** Rules of one group (a plan) select the same resources; jobs of different plans are not judged (they may back up other resources). */
  readonly group?: string;
}

/**
 * The longest wait with one job per resource at a time (contendedWorstWait), or null when no job of a group may hold the resource
 * past a later run's start window of the same group: only then do jobs contend, and then every rule's runs are walked together,
 * which only lengthens the wait (a vault's silence alarm also takes each plan's own worst case: core/silence.ts).
 */
export function contendedWait(rules: readonly GroupedContendedRule[], windowEnd: number): number | null {
  const groups = new Map<string | undefined, GroupedContendedRule[]>();
  for (const rule of rules) groups.set(rule.group, [...(groups.get(rule.group) ?? []), rule]);
  // Runs another plan may hold may run as well: whether a job may block a later run reads them with the others.
  const asRun = (rule: GroupedContendedRule): ContendedRule => (rule.optional === undefined || rule.optional.length === 0 ? rule : { ...rule, times: mergeSorted(rule.times, rule.optional) });
  return [...groups.values()].some((group) => rulesMayBlock(group.map(asRun))) ? contendedWorstWait(rules, windowEnd) : null;
}

/**
 * Whether some run of the rules may block a later one (mayBlock; runs due together block none of each other): only then does
 * contention change the worst case. The runs are merged in time order without being built: an hourly rule has 70,000 in the window.
 */
export function rulesMayBlock(rules: readonly ContendedRule[]): boolean {
  const NONE = Number.POSITIVE_INFINITY;
  const count = rules.length;
  const next = new Array<number>(count).fill(0);
  let reach = -NONE;
  let groupTime = Number.NaN;
  let groupReach = -NONE;
  for (;;) {
    let pick = -1;
    let time = NONE;
    for (let r = 0; r < count; r++) {
      const rule = rules[r] as ContendedRule;
      const at = next[r] as number;
      if (at < rule.times.length && (rule.times[at] as number) < time) {
        time = rule.times[at] as number;
        pick = r;
      }
    }
    if (pick < 0) return false;
    const rule = rules[pick] as ContendedRule;
    next[pick] = (next[pick] as number) + 1;
    if (time !== groupTime) {
      if (groupReach > reach) reach = groupReach;
      groupReach = -NONE;
      groupTime = time;
    }
    if (time + rule.startMs <= reach) return true;
    if (time + rule.startMs + rule.completionMs > groupReach) groupReach = time + rule.startMs + rule.completionMs;
  }
}

/** Runs of a rule of another plan whose jobs may hold a resource this plan's rule selects too (core/plan-contention.ts). */
export interface HoldingRule extends ContendedRule {
  /** What identifies the rule and its runs (the RPO's cache key). */
  readonly key: string;
}

/**
 * The run times (sorted) of a rule with a start window of `startMs` less those a job of another plan may hold the resource through:
 * a run of `held` due before this run's start window ends whose job, started at the end of its start window and running its whole
 * completion window, still runs when this run's start window ends (runs due together count, as AWS merges runs of one plan's rules
 * only; and so do runs due later within the start window: this run's job may not have started yet, as the RPO counts it may start at
 * the end of its window, and AWS says of a job in its start window only that it "remains in CREATED status until it has successfully
 * begun", retried "at least every 10 minutes", with no order between plans' jobs: AWS Backup API, BackupRule StartWindowMinutes).
 */
export function withoutHeld(times: readonly number[], startMs: number, held: readonly ContendedRule[]): number[] {
  let kept = times as number[];
  for (const other of held) {
    const holds = holdsAt(other, startMs);
    kept = kept.filter((time) => !holds(time));
  }
  return kept;
}

/** True when a job of `other` may hold one of `times` (withoutHeld would leave one out): stops at the first. */
export function holdsAny(times: readonly number[], startMs: number, other: ContendedRule): boolean {
  const holds = holdsAt(other, startMs);
  return times.some(holds);
}

/** Whether a job of `other` may still run when the start window of a run due at `time` ends; ask in ascending time order. */
function holdsAt(other: ContendedRule, startMs: number): (time: number) => boolean {
  const reach = other.startMs + other.completionMs;
  let first = 0;
  // Its earliest run that still runs at this run's start window's end is the one to ask: later ones due before then reach further.
  return (time) => {
    while (first < other.times.length && (other.times[first] as number) + reach < time + startMs) first++;
    return first < other.times.length && (other.times[first] as number) < time + startMs;
  };
}

/** Why a plan's worst case counts the jobs of another plan (core/plan-contention.ts). */
export const HELD_NOTE =
  'a job of another plan that may select the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup';
