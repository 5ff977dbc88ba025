/**
 * A deliberately naive oracle of a plan's worst-case RPO, written from the documented semantics (README, "rpoTargetHours" and the
 * one-job-per-resource paragraphs; core/rpo.ts, core/rule-runs.ts, core/job-contention.ts, core/plan-contention.ts comments), not
 * from their code: nothing of core/rpo.ts, rule-runs.ts, job-contention.ts or plan-contention.ts is imported. Run times come from
 * naiveRuns (every UTC minute's wall clock matched field by field) or, once checked against it, core/cron-runs.ts occurrenceTimes.
 *
 * The model, in minutes: a run due at d of a rule with start window sw and completion window cw may start any time in [d, d + sw]
 * while no other job holds the resource, and completes within cw of its start; its recovery point dates from its start. A run still
 * waiting when its start window ends (the resource held then) makes nothing. Rules of one plan whose start windows overlap make one
 * backup, the longer-kept rule's; kept as long, the one certain later (d + sw + cw). A run of another plan (as its plan makes them)
 * due before the run's start window ends (the run may still wait: `holdersDueBefore` reads only those due no later than the run) whose
 * job may run to that end (due + sw + cw >= d + sw) holds the resource through it. The worst case is the largest, over every way AWS may run the jobs,
 * of the time from a recovery point's start to the completion of the next one, found by brute force: each run p, each minute s of
 * its start window, each end E of its job; the runs due at or after s whose start windows end after E must start (the resource is
 * free), so the next job starts by the earliest of those ends and may be any run still waiting then (its whole completion window).
 * Held runs are gone by default; with heldEach each is held (gone) or free (a run as any other: it must start if the resource is free
 * when its start window ends) on its own, and the worst case is the worst over every choice: 'brute' tries all 2^k of them (a few
 * days' span), 'exact' reads them in one pass (see its use).
 */
const MINUTE = 60_000;

export interface OracleRule {
  readonly schedule: string;
  readonly timezone: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly retentionDays: number;
  readonly continuous: boolean;
}

// ---- naive cron: fields parsed by hand, matched against each minute's wall clock ----
type Matcher = (value: number, wall: Wall) => boolean;
interface Wall { year: number; month: number; day: number; hour: number; minute: number; dow: number; monthDays: number }
const NAMES: Record<string, number> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12, SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };
const num = (text: string): number => NAMES[text.toUpperCase()] ?? Number(text);
const dowOf = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function plainField(text: string, min: number, max: number): Matcher {
  const parts = text.split(',').map((part) => {
    const [range, step] = part.split('/');
    const [from, to] = range === '*' ? [min, max] : (range as string).includes('-') ? (range as string).split('-').map(num) : [num(range as string), step === undefined ? num(range as string) : max];
    return (value: number) => value >= (from as number) && value <= (to as number) && (value - (from as number)) % Number(step ?? 1) === 0;
  });
  return (value) => parts.some((match) => match(value));
}

function weekdayNear(wall: Wall, target: number): number | undefined {
  if (target > wall.monthDays) return undefined;
  const dow = dowOf(wall.year, wall.month, target);
  if (dow === 7) return target === 1 ? 3 : target - 1;
  if (dow === 1) return target === wall.monthDays ? target - 2 : target + 1;
  return target;
}

function dayOfMonthField(text: string): Matcher {
  if (text === '?' || text === '*') return () => true;
  if (text === 'L') return (day, wall) => day === wall.monthDays;
  if (text === 'LW') return (day, wall) => day === weekdayNear(wall, wall.monthDays);
  if (/^L-\d+$/.test(text)) return (day, wall) => day === wall.monthDays - Number(text.slice(2));
  if (/^\d+W$/.test(text)) return (day, wall) => day === weekdayNear(wall, Number(text.slice(0, -1)));
  return plainField(text, 1, 31);
}

function dayOfWeekField(text: string): Matcher {
  if (text === '?' || text === '*') return () => true;
  const last = /^(\w+)L$/.exec(text);
  if (last) return (dow, wall) => dow === num(last[1] as string) && wall.day + 7 > wall.monthDays;
  const nth = /^(\w+)#(\d)$/.exec(text);
  if (nth) return (dow, wall) => dow === num(nth[1] as string) && Math.floor((wall.day - 1) / 7) + 1 === Number(nth[2]);
  return plainField(text, 1, 7);
}

/** Whether a cron(...) expression fires at a wall clock. */
export function naiveCron(expression: string): (wall: Wall) => boolean {
  const [minute, hour, dom, month, dow, year] = expression.slice(5, -1).trim().split(/\s+/) as [string, string, string, string, string, string];
  const m = plainField(minute, 0, 59), h = plainField(hour, 0, 23), mo = plainField(month, 1, 12), y = plainField(year, 1970, 2199);
  const d = dayOfMonthField(dom), w = dayOfWeekField(dow);
  return (wall) => m(wall.minute, wall) && h(wall.hour, wall) && mo(wall.month, wall) && y(wall.year, wall) && d(wall.day, wall) && w(wall.dow, wall);
}

const walls = new Map<string, Wall[]>();
/** Every UTC minute's wall clock in a zone over [from, to) (from Intl, minute by minute), cached. */
function wallClocks(timeZone: string, from: number, to: number): Wall[] {
  const key = `${timeZone}|${from}|${to}`;
  let list = walls.get(key);
  if (list) return list;
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  list = [];
  for (let at = from; at < to; at += MINUTE) {
    // en-US: 'M/D/YYYY, HH:MM'.
    const [month, day, year, hour, minute] = (format.format(at).match(/\d+/g) ?? []).map(Number) as [number, number, number, number, number];
    list.push({ year, month, day, hour: hour % 24, minute, dow: dowOf(year, month, day), monthDays: new Date(Date.UTC(year, month, 0)).getUTCDate() });
  }
  walls.set(key, list);
  return list;
}

/** Run times in [from, to): each UTC minute whose wall clock matches; a wall clock seen twice (clocks going back) fires the first time. */
export function naiveRuns(expression: string, timeZone: string, from: number, to: number): number[] {
  const fires = naiveCron(expression);
  const seen = new Set<string>();
  const runs: number[] = [];
  wallClocks(timeZone, from, to).forEach((wall, index) => {
    const key = `${wall.year}-${wall.month}-${wall.day} ${wall.hour}:${wall.minute}`;
    if (fires(wall) && !seen.has(key)) runs.push(from + index * MINUTE);
    seen.add(key);
  });
  return runs;
}

// ---- the worst case ----
interface Run { readonly due: number; readonly end: number; readonly cw: number; readonly rule: number }

/** The longest start window the oracle is asked about, in minutes (bounds the searches for overlapping runs). */
const MAX_WINDOW = 24 * 60;

/** Index of the first run due at or after `due` (runs sorted by due). */
function firstDue(runs: readonly Run[], due: number): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((runs[middle] as Run).due < due) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The runs a plan's rules make (minutes since the epoch): a run another rule of the plan takes the place of is gone. */
function madeRuns(rules: readonly OracleRule[], runsOf: (rule: OracleRule) => number[]): Run[] {
  const all = rules.map((rule, index) => runsOf(rule).map((time) => ({ due: time / MINUTE, end: time / MINUTE + rule.startWindowMinutes, cw: rule.completionWindowMinutes, rule: index })));
  const certain = (run: Run) => run.end + run.cw;
  const beats = (other: Run, run: Run) => {
    const [mine, theirs] = [rules[run.rule] as OracleRule, rules[other.rule] as OracleRule];
    return theirs.retentionDays > mine.retentionDays || (theirs.retentionDays === mine.retentionDays && certain(other) > certain(run));
  };
  // Naive but for a bound: only runs due within a day's worth of start windows of a run can overlap it.
  const near = (runs: Run[], run: Run) => runs.slice(firstDue(runs, run.due - 2 * MAX_WINDOW), firstDue(runs, run.end));
  const made = all.flatMap((runs, index) => runs.filter((run) => !all.some((others, at) => at !== index && near(others, run).some((other) => other.due < run.end && run.due < other.end && beats(other, run)))));
  return made.sort((a, b) => a.due - b.due);
}

export interface OracleOptions {
  /** The plan's selections may reach types without continuous backup: continuous rules take snapshots on their schedules. */
  readonly snapshotFallback: boolean;
  /** Other plans (their rules, snapshot rules as AWS runs them) whose jobs may hold the resource. */
  readonly others?: readonly (readonly OracleRule[])[];
  /** Recovery points counted from runs due in [from, to) (ms); runs are made from `from` to `until`. */
  readonly from: number;
  readonly to: number;
  readonly until: number;
  /** Only a job of another plan due no later than the run holds it (see the module comment). */
  readonly holdersDueBefore?: boolean;
  /** Told each new worst case: p's due time, its start s, its end e, the next job's run q, its start and completion (minutes). */
  readonly witness?: (at: { p: number; s: number; e: number; q: number; start: number; done: number }) => void;
  readonly runs?: (rule: OracleRule, from: number, until: number) => number[];
  /**
   * Runs another plan's job may hold: held (gone) by default; 'brute' holds or frees each on its own, every one of the 2^k choices
   * (k at most maxHeld, 12 unless told), the worst of them; 'exact' the same worst by the argument at its use.
   */
  readonly heldEach?: 'brute' | 'exact';
  readonly maxHeld?: number;
}

/** The worst-case RPO in minutes, or null when fewer than two runs make a recovery point. */
export function oracleRpo(rules: readonly OracleRule[], options: OracleOptions): number | null {
  if (!options.snapshotFallback && rules.some((rule) => rule.continuous)) return 5;
  const runsOf = (rule: OracleRule) => (options.runs ?? ((r, from, until) => naiveRuns(r.schedule, r.timezone, from, until)))(rule, options.from, options.until);
  const holders = (options.others ?? []).flatMap((plan) => madeRuns(plan, runsOf)).sort((a, b) => a.due - b.due);
  const held = (run: Run) => holders.slice(firstDue(holders, run.due - 60 * MAX_WINDOW), firstDue(holders, run.end)).some((h) => (options.holdersDueBefore ? h.due <= run.due : h.due < run.end) && h.end + h.cw >= run.end);
  const made = madeRuns(rules, runsOf);
  const runs = made.filter((run) => !held(run));
  const [from, to] = [options.from / MINUTE, options.to / MINUTE];
  if (runs.filter((run) => run.due >= from && run.due < to).length < 2) return null;
  if (rules.some((rule) => rule.startWindowMinutes > MAX_WINDOW)) throw new Error('the oracle reads start windows up to a day');
  if (options.heldEach === 'brute') {
    // Each held run held (gone) or free (a run as any other) on its own: every choice, the worst of their worst cases.
    const heldRuns = made.filter(held);
    if (heldRuns.length > (options.maxHeld ?? 12)) throw new Error(`the oracle tries 2^${heldRuns.length} choices of held runs`);
    let worst = 0;
    for (let mask = 0; mask < 1 << heldRuns.length; mask++) {
      const free = new Set(heldRuns.filter((_, at) => (mask >> at) & 1));
      const world = made.filter((run) => !held(run) || free.has(run));
      worst = Math.max(worst, worstWait(world, () => true, from, to, options.witness));
    }
    return worst;
  }
  // 'exact': for one run p, start s and end e, freeing a held run other than p and the next job q only adds a run that must start,
  // which can only bring the next job's start forward; so the worst over every choice frees p and q only: every run may be p or q,
  // only the runs no other plan's job may hold must start.
  if (options.heldEach === 'exact') return worstWait(made, (run) => !held(run), from, to, options.witness);
  return worstWait(runs, () => true, from, to, options.witness);
}

/** The worst wait (see the module comment) over `runs` (sorted) from a run due in [from, to); only runs `mustStart` must start when the resource is free. */
function worstWait(runs: readonly Run[], mustStart: (run: Run) => boolean, from: number, to: number, witness: OracleOptions['witness']): number {
  let worst = 0;
  runs.forEach((p, pi) => {
    if (p.due < from || p.due >= to) return;
    // Every run that may still wait when p's job ends is due after p's due time less a start window.
    const lo = firstDue(runs, p.due - MAX_WINDOW);
    for (let s = p.due; s <= p.end; s++) {
      const ends = [s + p.cw];
      for (let i = lo; i < runs.length && (runs[i] as Run).due <= s + p.cw; i++) {
        const end = (runs[i] as Run).end;
        if (end > s && end <= s + p.cw) ends.push(end, end - 1);
      }
      for (const e of ends) {
        if (e <= s) continue;
        // The runs that must start once the resource is free: due at or after s (none of them could run before p), still open after e.
        let latest = Number.POSITIVE_INFINITY;
        for (let i = lo; i < runs.length && (runs[i] as Run).due <= latest; i++) {
          const run = runs[i] as Run;
          if (i !== pi && run.due >= s && run.end > e && run.end < latest && mustStart(run)) latest = run.end;
        }
        // The next job: any run waiting at e (open after e, due by the time it starts), started as late as it may, run to its window.
        // Start windows are half-open: the run whose window ends at `latest` starts before then, so a run due at `latest` is not yet waiting.
        for (let i = lo; i < runs.length && (runs[i] as Run).due < latest; i++) {
          const q = runs[i] as Run;
          if (i === pi || q.end <= e || Math.min(q.end, latest) + q.cw - s <= worst) continue;
          worst = Math.min(q.end, latest) + q.cw - s;
          witness?.({ p: p.due, s, e, q: q.due, start: Math.min(q.end, latest), done: worst + s });
        }
      }
    }
  });
  return worst;
}
