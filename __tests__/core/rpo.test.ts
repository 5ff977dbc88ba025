/**
 * Worst-case RPO of rules. The expected gaps were computed independently of core/cron.ts and core/cron-runs.ts (a
 * separate implementation of AWS cron on Python's zoneinfo, over the same 2027-2034 window) and
 * checked by hand where they are easy: Friday to Monday is 72 h, a 31-day month is 744 h, an
 * autumn daylight-saving day is 25 h, a spring-forward day skips 02:30 (47 h between runs).
 */
import { CONTINUOUS_RPO_MINUTES, explainRpo, formatMinutes, planRpo, scheduleGap, worstCaseRpo, type RpoInput } from '../../core/rpo';

const HOUR = 60;
const DAY = 24 * HOUR;
/** The default windows of a rule: 60-minute start window, 180-minute completion window. */
const WINDOWS = 60 + 180;

interface Case {
  readonly what: string;
  readonly schedule: string;
  readonly timezone: string;
  /** Longest gap between two runs, minutes; null when unbounded. */
  readonly gap: number | null;
  /**
   * Worst case with one backup job per resource at a time, where a job's 180 minutes may outlast the time to the next runs: a job of
   * run r started at r may run to r + 180 min, through the start windows of the runs at r + 60 and r + 120; the run at r + 180 starts by
   * r + 240 and completes by r + 420 (7 h). In Paris's autumn a job started 2 h before the skipped hour runs through the two runs before it (8 h).
   */
  readonly contended?: number;
}

const CASES: readonly Case[] = [
  // Hourly and every N hours
  { what: 'hourly', schedule: 'cron(0 * ? * * *)', timezone: 'Etc/UTC', gap: HOUR, contended: 7 * HOUR },
  { what: 'hourly at minute 15', schedule: 'cron(15 * ? * * *)', timezone: 'Etc/UTC', gap: HOUR, contended: 7 * HOUR },
  { what: 'every 6 hours', schedule: 'cron(0 */6 ? * * *)', timezone: 'Etc/UTC', gap: 6 * HOUR },
  { what: 'every 4 hours from 02:30', schedule: 'cron(30 2/4 ? * * *)', timezone: 'Etc/UTC', gap: 4 * HOUR },
  { what: 'every 5 hours (4 hours across midnight)', schedule: 'cron(0 */5 ? * * *)', timezone: 'Etc/UTC', gap: 5 * HOUR },
  { what: 'twice a day', schedule: 'cron(0 0,12 ? * * *)', timezone: 'Etc/UTC', gap: 12 * HOUR },
  // Days and weeks
  { what: 'daily', schedule: 'cron(0 5 ? * * *)', timezone: 'Etc/UTC', gap: DAY },
  { what: 'weekdays only: Friday to Monday', schedule: 'cron(0 3 ? * MON-FRI *)', timezone: 'Etc/UTC', gap: 3 * DAY },
  { what: 'weekly', schedule: 'cron(0 5 ? * SUN *)', timezone: 'Etc/UTC', gap: 7 * DAY },
  { what: 'Monday and Thursday: Thursday to Monday', schedule: 'cron(0 5 ? * MON,THU *)', timezone: 'Etc/UTC', gap: 4 * DAY },
  // Months
  { what: 'monthly: 31-day months', schedule: 'cron(0 5 1 * ? *)', timezone: 'Etc/UTC', gap: 31 * DAY },
  { what: 'last day of the month (L)', schedule: 'cron(0 5 L * ? *)', timezone: 'Etc/UTC', gap: 31 * DAY },
  { what: 'last weekday of the month (LW)', schedule: 'cron(0 5 LW * ? *)', timezone: 'Etc/UTC', gap: 33 * DAY },
  { what: 'weekday nearest the 15th (15W)', schedule: 'cron(0 5 15W * ? *)', timezone: 'Etc/UTC', gap: 32 * DAY },
  { what: 'third Friday (6#3): 5 weeks at most', schedule: 'cron(0 5 ? * 6#3 *)', timezone: 'Etc/UTC', gap: 35 * DAY },
  { what: 'last Thursday (5L): 5 weeks at most', schedule: 'cron(0 5 ? * 5L *)', timezone: 'Etc/UTC', gap: 35 * DAY },
  { what: 'quarterly: July to October', schedule: 'cron(0 5 1 1,4,7,10 ? *)', timezone: 'Etc/UTC', gap: 92 * DAY },
  { what: 'day 31: months without one are skipped', schedule: 'cron(0 5 31 * ? *)', timezone: 'Etc/UTC', gap: 61 * DAY },
  { what: 'February 29: every leap year (2028 to 2032)', schedule: 'cron(0 5 29 2 ? *)', timezone: 'Etc/UTC', gap: 1461 * DAY },
  // Years
  { what: 'year-limited: stops after 2028', schedule: 'cron(0 5 ? * * 2027-2028)', timezone: 'Etc/UTC', gap: null },
  { what: 'year-limited to the last cron year: as daily', schedule: 'cron(0 5 ? * * 2027-2199)', timezone: 'Etc/UTC', gap: DAY },
  { what: 'starting in a later year: evaluated from then', schedule: 'cron(0 5 ? * * 2040-2199)', timezone: 'Etc/UTC', gap: DAY },
  { what: 'only in years already past', schedule: 'cron(0 5 ? * * 2020)', timezone: 'Etc/UTC', gap: null },
  { what: 'never runs (February 30)', schedule: 'cron(0 5 30 2 ? *)', timezone: 'Etc/UTC', gap: null },
  // Time zones and daylight saving time
  { what: 'Europe/Paris daily: 25-hour autumn day', schedule: 'cron(0 5 ? * * *)', timezone: 'Europe/Paris', gap: 25 * HOUR },
  { what: 'Europe/Paris 02:30: skipped on the spring-forward day', schedule: 'cron(30 2 ? * * *)', timezone: 'Europe/Paris', gap: 47 * HOUR },
  { what: 'Europe/Paris hourly: the repeated autumn hour fires once', schedule: 'cron(0 * ? * * *)', timezone: 'Europe/Paris', gap: 2 * HOUR, contended: 8 * HOUR },
  { what: 'Europe/Paris weekend days: 6 days', schedule: 'cron(0 5 ? * SAT,SUN *)', timezone: 'Europe/Paris', gap: 6 * DAY },
  { what: 'Europe/Dublin weekdays across the autumn change', schedule: 'cron(0 3 ? * MON-FRI *)', timezone: 'Europe/Dublin', gap: 73 * HOUR },
  { what: 'America/New_York 01:00: 25-hour November day', schedule: 'cron(0 1 ? * * *)', timezone: 'America/New_York', gap: 25 * HOUR },
  { what: 'America/New_York 02:30: skipped in March', schedule: 'cron(30 2 ? * * *)', timezone: 'America/New_York', gap: 47 * HOUR },
  { what: 'Australia/Sydney (southern hemisphere): 25-hour April day', schedule: 'cron(0 5 ? * * *)', timezone: 'Australia/Sydney', gap: 25 * HOUR },
  { what: 'Australia/Sydney 02:30: skipped in October', schedule: 'cron(30 2 ? * * *)', timezone: 'Australia/Sydney', gap: 47 * HOUR },
  { what: 'Asia/Kolkata daily: no daylight saving time', schedule: 'cron(0 5 ? * * *)', timezone: 'Asia/Kolkata', gap: DAY },
  { what: 'Asia/Kolkata hourly: half-hour offset, still 60 minutes', schedule: 'cron(0 * ? * * *)', timezone: 'Asia/Kolkata', gap: HOUR, contended: 7 * HOUR },
];

describe('worstCaseRpo: snapshot rules', () => {
  it.each(CASES)('$what: $schedule $timezone', ({ schedule, timezone, gap, contended }) => {
    const rpo = worstCaseRpo({ schedule, timezone, startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false });
    expect(scheduleGap(schedule, timezone).gapMinutes).toBe(gap);
    expect(rpo).toBe(gap === null ? null : (contended ?? gap + WINDOWS));
  });

  it('covers at least 25 expressions', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it('adds the start and completion windows: a daily rule with the default windows is 24 h + 60 min + 180 min = 28 h', () => {
    expect(worstCaseRpo({ schedule: 'cron(0 5 ? * * *)', timezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false })).toBe(28 * HOUR);
    // AWS's own defaults (8 h, 7 days): a job started at 13:00 may run 7 days, to the end of the start window of the run 7 days later
    // (one backup job per resource at a time), and the next run's job start at 13:00 the day after and run 7 days: 15 d, not 8 d 8 h.
    expect(worstCaseRpo({ schedule: 'cron(0 5 ? * * *)', startWindowMinutes: 480, completionWindowMinutes: 10080, continuous: false })).toBe(15 * DAY);
  });

  it('counts one backup job per resource at a time: a job that may outlast the time to the next runs makes them expire, and says so', () => {
    const hourly = { schedule: 'cron(0 * ? * * *)', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false };
    expect(explainRpo(hourly)).toEqual({
      minutes: 7 * HOUR,
      basis: 'schedule',
      gapMinutes: HOUR,
      windowMinutes: 240,
      note: 'a job may still run when the start windows of the next runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup',
    });
    expect(planRpo([hourly]).minutes).toBe(7 * HOUR);
    // The least an hourly rule can have (a completion window must exceed the 60-minute start window): a job started at r + 59 min may
    // run to r + 120, the end of the next run's start window; the run after starts by r + 180 and completes by r + 241.
    expect(worstCaseRpo({ ...hourly, completionWindowMinutes: 61 })).toBe(182);
    // A completion window shorter than the time between runs blocks none: gap plus windows.
    expect(explainRpo({ ...hourly, schedule: 'cron(0 0/4 ? * * *)' }).note).toBeUndefined();
    expect(worstCaseRpo({ ...hourly, schedule: 'cron(0 0/4 ? * * *)' })).toBe(4 * HOUR + 240);
  });

  it('explains how it was derived, and why it is unbounded', () => {
    expect(explainRpo({ schedule: 'cron(0 3 ? * * *)', timezone: 'Europe/Dublin', startWindowMinutes: 60, completionWindowMinutes: 240, continuous: false })).toEqual({
      minutes: 30 * HOUR,
      basis: 'schedule',
      gapMinutes: 25 * HOUR,
      windowMinutes: 300,
    });
    const limited = explainRpo({ schedule: 'cron(0 5 ? * * 2027-2028)', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false });
    expect(limited).toMatchObject({ minutes: null, gapMinutes: DAY, note: 'runs only in 2027-2028: no recovery point after 2028' });
    expect(explainRpo({ schedule: 'cron(0 5 30 2 ? *)', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false }).note).toBe('never runs');
    expect(explainRpo({ schedule: 'cron(0 5 29 2 ? 2028)', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false })).toMatchObject({ minutes: null });
  });

  it('is unbounded (null) for an invalid expression or time zone, without throwing', () => {
    expect(explainRpo({ schedule: 'cron(0 5 * * * *)', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false })).toMatchObject({ minutes: null, note: expect.stringContaining('invalid schedule') });
    expect(explainRpo({ schedule: 'cron(0 5 ? * * *)', timezone: 'Mars/Base', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false })).toMatchObject({ minutes: null, note: 'unknown time zone "Mars/Base"' });
  });
});

describe('worstCaseRpo: continuous rules', () => {
  it('is 5 minutes whatever the schedule and windows', () => {
    expect(CONTINUOUS_RPO_MINUTES).toBe(5);
    expect(worstCaseRpo({ schedule: 'cron(0 * ? * * *)', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: true })).toBe(5);
    expect(worstCaseRpo({ schedule: 'cron(0 5 1 * ? *)', timezone: 'Europe/Paris', startWindowMinutes: 480, completionWindowMinutes: 10080, continuous: true })).toBe(5);
    expect(explainRpo({ schedule: 'not cron', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: true })).toEqual({ minutes: 5, basis: 'continuous', gapMinutes: null, windowMinutes: 0, note: 'continuous backup (point-in-time restore)' });
  });
});

describe('planRpo: the union of a plan\'s rules', () => {
  const rule = (schedule: string, extra: Partial<RpoInput> = {}): RpoInput => ({ schedule, startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false, ...extra });

  it('a MON-FRI rule plus a SAT,SUN rule back up daily: 24 h + windows, not the 76 h of either alone', () => {
    expect(planRpo([rule('cron(0 5 ? * MON-FRI *)'), rule('cron(0 5 ? * SAT,SUN *)')]).minutes).toBe(28 * HOUR);
    expect(worstCaseRpo(rule('cron(0 5 ? * MON-FRI *)'))).toBe(76 * HOUR);
  });

  it('one rule: its own RPO', () => {
    expect(planRpo([rule('cron(0 5 ? * * *)')]).minutes).toBe(28 * HOUR);
    expect(planRpo([rule('cron(0 5 ? * * *)', { timezone: 'Europe/Paris' })]).minutes).toBe(29 * HOUR);
  });

  it('a daily and a weekly rule: the daily one decides (the weekly adds runs, never a gap)', () => {
    expect(planRpo([rule('cron(0 5 ? * * *)'), rule('cron(0 5 ? * SUN *)')]).minutes).toBe(28 * HOUR);
  });

  it('rules with different windows: the wait until the first later run\'s recovery point is certain', () => {
    // 05:00 with 2 h of windows, 06:00 with 1 h. After 06:00 the next day's 05:00 run is certain only
    // by 07:00, as its 06:00 run: 25 h, not the 26 h a "next run" reading gives.
    const early = rule('cron(0 5 ? * * *)', { completionWindowMinutes: 60 });
    const late = rule('cron(0 6 ? * * *)', { startWindowMinutes: 60, completionWindowMinutes: 0 });
    expect(planRpo([early, late]).minutes).toBe(25 * HOUR);
    // With 180 minutes to complete, the 05:00 job may run to 08:00, past the end of the 06:00 run's start window (one job per resource
    // at a time): that run makes no backup, and after 05:00 the next certain one is the next day's 05:00 run's, by 09:00: 28 h.
    expect(planRpo([rule('cron(0 5 ? * * *)'), late]).minutes).toBe(28 * HOUR);
  });

  it('the last day of the month at 02:00 Paris: a spring-forward gap skips a run (31 March 2030 is a Sunday)', () => {
    expect(planRpo([rule('cron(0 2 L * ? *)', { timezone: 'Europe/Paris' })]).minutes).toBe(1467 * HOUR);
  });

  it('a schedule limited to a year is unbounded; with another rule that goes on, the other one decides', () => {
    expect(planRpo([rule('cron(0 5 1 * ? 2027)')])).toEqual({ minutes: null, explanation: 'unbounded: no rule runs after 2027' });
    expect(planRpo([rule('cron(0 5 1 * ? 2027)'), rule('cron(0 5 ? * SUN *)')]).minutes).toBe(7 * DAY + 4 * HOUR);
  });

  it('continuous backup on any rule: 5 minutes; no rule or an invalid one: unbounded', () => {
    expect(planRpo([rule('cron(0 5 1 * ? *)'), rule('cron(0 5 ? * * *)', { continuous: true })]).minutes).toBe(5);
    expect(planRpo([]).minutes).toBeNull();
    expect(planRpo([rule('rate(1 day)')]).explanation).toMatch(/^invalid schedule: /);
  });

  it('scheduleGap: the longest gap of one schedule over the same window', () => {
    expect(scheduleGap('cron(0 5 ? * MON-FRI *)')).toEqual({ gapMinutes: 72 * HOUR });
    expect(scheduleGap('cron(0 5 ? * * *)', 'Europe/Paris')).toEqual({ gapMinutes: 25 * HOUR });
    expect(scheduleGap('cron(0 5 1 * ? 2027)').gapMinutes).toBeNull();
  });
});

describe('formatMinutes', () => {
  it('formats minutes, hours and days', () => {
    expect(formatMinutes(5)).toBe('5 min');
    expect(formatMinutes(300)).toBe('5 h');
    expect(formatMinutes(28 * HOUR)).toBe('28 h');
    expect(formatMinutes(27 * HOUR + 30)).toBe('27 h 30 min');
    expect(formatMinutes(71 * HOUR)).toBe('71 h');
    expect(formatMinutes(7 * DAY + 4 * HOUR)).toBe('7 d 4 h');
    expect(formatMinutes(31 * DAY)).toBe('31 d');
    expect(formatMinutes(3 * DAY + 5)).toBe('3 d 5 min');
    expect(formatMinutes(null)).toBe('unbounded');
  });
});
