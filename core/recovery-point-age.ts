/**
 * How old a plan's newest recovery point may get (what BACKUP_LAST_RECOVERY_POINT_CREATED checks):
 * a recovery point is dated when its job starts, anywhere in its run's start window, so between two
 * runs AWS makes of the plan's rules (core/rpo.ts runsOf: the runs a rule kept longer takes are
 * gone) the newest point can reach the next run's time plus its start window, counted from the
 * earlier run. Over the RPO's eight years, in each rule's time zone.
 */
import { RPO_WINDOW, runsOf, type RpoInput } from './rpo';

const MINUTE_MS = 60_000;

/** The age in minutes, or null when the rules make fewer than two runs, stop, or cannot be evaluated. */
export function newestRecoveryPointAgeMinutes(rules: readonly RpoInput[]): number | null {
  const windowEnd = Date.UTC(RPO_WINDOW.fromYear + RPO_WINDOW.years, 0, 1);
  const runs: [number, number][] = [];
  // A rule whose schedule stops leaves its runs until then; once every rule has stopped, no recovery point comes again.
  let stopping = 0;
  for (const rule of rules) {
    const result = runsOf(rule, RPO_WINDOW.fromYear);
    if ('invalid' in result) return null;
    if (result.stopsBefore !== undefined) stopping += 1;
    const start = rule.startWindowMinutes * MINUTE_MS;
    for (const time of result.times) if (time < windowEnd) runs.push([time, time + start]);
  }
  if (runs.length < 2 || stopping === rules.length) return null;
  runs.sort((a, b) => a[0] - b[0]);
  let oldest = 0;
  for (let at = 1; at < runs.length; at++) {
    const age = (runs[at] as [number, number])[1] - (runs[at - 1] as [number, number])[0];
    if (age > oldest) oldest = age;
  }
  return oldest / MINUTE_MS;
}
