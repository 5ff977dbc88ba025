/**
 * How old a plan's newest recovery point may get (what BACKUP_LAST_RECOVERY_POINT_CREATED checks):
 * a recovery point is dated when its job starts, anywhere in its run's start window, so between two
 * runs AWS makes of the plan's rules (core/rpo.ts runsOf: the runs a rule kept longer takes are
 * gone) the newest point can reach the next run's time plus its start window, counted from the
 * earlier run. Over the RPO's eight years, in each rule's time zone.
 */
import { RPO_WINDOW, runsOf, type RpoInput } from './rpo';
import { madeRunsKey } from './rule-runs';

const MINUTE_MS = 60_000;

/** Answers by the rules' timing, in order: the config check and the audit controls it derives ask of the same plans. */
const ages = new Map<string, number | null>();
const AGES_LIMIT = 2_000;

/** The age in minutes, or null when the rules make fewer than two runs, stop, or cannot be evaluated. */
export function newestRecoveryPointAgeMinutes(rules: readonly RpoInput[]): number | null {
  const key = rules.map((rule) => `${madeRunsKey(rule)}${(rule.heldBy ?? []).map((held) => `!${held.key}`).join('')}`).join('\u0002');
  let age = ages.get(key);
  if (age === undefined) {
    age = computeAge(rules);
    if (ages.size >= AGES_LIMIT) ages.clear();
    ages.set(key, age);
  }
  return age;
}

function computeAge(rules: readonly RpoInput[]): number | null {
  const windowEnd = Date.UTC(RPO_WINDOW.fromYear + RPO_WINDOW.years, 0, 1);
  const times: (readonly number[])[] = [];
  const starts: number[] = [];
  // A rule whose schedule stops leaves its runs until then; once every rule has stopped, no recovery point comes again.
  let stopping = 0;
  let total = 0;
  for (const rule of rules) {
    const result = runsOf(rule, RPO_WINDOW.fromYear);
    if ('invalid' in result) return null;
    if (result.stopsBefore !== undefined) stopping += 1;
    times.push(result.times);
    starts.push(rule.startWindowMinutes * MINUTE_MS);
    for (const time of result.times) if (time < windowEnd) total += 1;
  }
  if (total < 2 || stopping === rules.length) return null;
  // The rules' runs in the window merged in time order (equal times in rule order), each run's age
  // counted from the run before it: no pair per run, no sort (an hourly rule has 70,000 runs here).
  const at = times.map(() => 0);
  let previous: number | undefined;
  let oldest = 0;
  for (;;) {
    let next = -1;
    for (let rule = 0; rule < times.length; rule++) {
      const index = at[rule] as number;
      const runs = times[rule] as readonly number[];
      if (index < runs.length && (runs[index] as number) < windowEnd && (next === -1 || (runs[index] as number) < ((times[next] as readonly number[])[at[next] as number] as number))) next = rule;
    }
    if (next === -1) break;
    const time = (times[next] as readonly number[])[at[next] as number] as number;
    at[next] = (at[next] as number) + 1;
    if (previous !== undefined && time + (starts[next] as number) - previous > oldest) oldest = time + (starts[next] as number) - previous;
    previous = time;
  }
  return oldest / MINUTE_MS;
}
