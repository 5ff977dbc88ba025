/**
 * What a schedule's fields alone tell of its runs, without walking them: whether it runs in every
 * month it lists, and an upper bound of its longest gap (the cheap answers core/rpo.ts and
 * core/retention-gaps.ts ask before walking eight years of runs).
 */
import { type AwsCronSchedule, parseAwsCron } from './cron';
import { skipsNoWallTime } from './cron-runs';
import { RPO_WINDOW } from './rule-runs';

/**
 * True when every month has a day the schedule's day fields take (so it runs in each month it
 * lists, every year): days of the month up to 28, the last day, every weekday, a 1st-4th weekday.
 * A cheap answer for most schedules; the others are walked.
 */
export function runsEveryListedMonth(schedule: AwsCronSchedule): boolean {
  const { daysOfMonth: month, daysOfWeek: week } = schedule;
  if (month.kind === 'any') return week.kind !== 'nth' || week.nth <= 4;
  if (week.kind !== 'any') return false;
  if (month.kind === 'days') return month.days.some((day) => day <= 28);
  if (month.kind === 'nearestWeekday') return month.day <= 28;
  return month.kind === 'lastWeekday' || month.offset <= 27;
}

/**
 * An upper bound of the longest time between two runs of a schedule, in minutes, read from its
 * fields alone (Infinity when they do not tell): a cheap answer before walking eight years of runs.
 * Every day of every month: a day (and the hour a daylight-saving change adds); a weekday of every
 * month: a week; a day every listed month has: the widest stretch of months, at 31 days each, plus a day. In a zone whose clocks
 * skip wall-clock times over the RPO's window (daylight saving) the fields do not tell: a run due in the skipped hour does not fire
 * (a weekly 02:30 Sunday rule in America/New_York waits 14 days in March), so the runs are walked.
 */
export function longestGapBoundMinutes(expression: string, timeZone = 'Etc/UTC'): number {
  const parsed = parseAwsCron(expression);
  if (!parsed.ok || parsed.schedule.years !== 'any' || !runsEveryListedMonth(parsed.schedule)) return Number.POSITIVE_INFINITY;
  if (!skipsNoWallTime(timeZone, RPO_WINDOW.fromYear, RPO_WINDOW.years)) return Number.POSITIVE_INFINITY;
  const { months, daysOfMonth, daysOfWeek } = parsed.schedule;
  const DAY = 24 * 60;
  if (months.length === 12 && daysOfMonth.kind === 'any' && daysOfWeek.kind === 'any') return DAY + 60;
  if (months.length === 12 && daysOfMonth.kind === 'any' && daysOfWeek.kind === 'days') return 7 * DAY + 60;
  let widest = 0;
  months.forEach((month, index) => {
    const next = months[(index + 1) % months.length] as number;
    widest = Math.max(widest, (next - month + 12) % 12 || 12);
  });
  return ((widest + 1) * 31 + 1) * DAY;
}
