/** How long a plan can hold no recovery point at all (core/retention-gaps.ts). */
import { longestStretchWithoutRecoveryPoint } from '../../core/retention-gaps';
import { longestGapBoundMinutes, scheduleGap } from '../../core/rpo';

const DAY = 24 * 60;
const rule = (schedule: string, keepDays: number | null, extra: { timezone?: string; continuous?: boolean } = {}) => ({
  schedule,
  continuous: extra.continuous ?? false,
  keepMinutes: keepDays === null ? null : keepDays * DAY,
  ...(extra.timezone === undefined ? {} : { timezone: extra.timezone }),
});

describe('longestStretchWithoutRecoveryPoint', () => {
  it('is the time from a recovery point expiring to the next run, at its longest', () => {
    // Monthly on day 1, kept 7 days: from the 8th to the next 1st, up to 31 - 7 = 24 days.
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 1 * ? *)', 7)])).toBe(24 * DAY);
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 ? * SUN *)', 1)])).toBe(6 * DAY);
  });

  it('is 0 when each recovery point lives until the next run', () => {
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 ? * SUN *)', 7)])).toBe(0);
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 ? * * *)', 1)])).toBe(0);
  });

  it('takes the union of the rules: another rule may fill the stretch', () => {
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 1 * ? *)', 7), rule('cron(0 5 ? * * *)', 2)])).toBe(0);
    // Weekdays kept 1 day leave the weekend bare: Friday 05:00 + 1 d to Monday 05:00.
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 ? * MON-FRI *)', 1)])).toBe(2 * DAY);
  });

  it('follows the schedule time zone: the autumn night of a daily local rule kept exactly 1 day is an hour longer', () => {
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 ? * * *)', 1, { timezone: 'Europe/Dublin' })])).toBe(60);
  });

  it('follows the runs daylight saving skips: a weekly 02:30 Sunday rule in America/New_York kept 8 days waits 14 days in March', () => {
    // The second Sunday of March skips 02:00-03:00: from the first Sunday's recovery point, kept 8 days, to the third Sunday (an hour shorter).
    expect(longestStretchWithoutRecoveryPoint([rule('cron(30 2 ? * SUN *)', 8, { timezone: 'America/New_York' })])).toBe(6 * DAY - 60);
    expect(longestStretchWithoutRecoveryPoint([rule('cron(30 2 ? * SUN *)', 8)])).toBe(0);
  });

  it('is 0 with continuous backup, a retention of forever, no rule, or a schedule it cannot read', () => {
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 1 * ? *)', 7), rule('cron(0 5 1 * ? *)', 1, { continuous: true })])).toBe(0);
    expect(longestStretchWithoutRecoveryPoint([rule('cron(0 5 1 * ? *)', null)])).toBe(0);
    expect(longestStretchWithoutRecoveryPoint([])).toBe(0);
    expect(longestStretchWithoutRecoveryPoint([rule('daily', 1)])).toBe(0);
  });
});

describe('longestGapBoundMinutes (the cheap answer that spares the walk)', () => {
  it.each([
    'cron(0 * ? * * *)',
    'cron(0 5 ? * * *)',
    'cron(0 5 ? * MON-FRI *)',
    'cron(0 5 ? * SUN *)',
    'cron(0 5 1 * ? *)',
    'cron(0 5 L * ? *)',
    'cron(0 5 LW * ? *)',
    'cron(0 5 15W * ? *)',
    'cron(0 5 ? * 6L *)',
    'cron(0 5 ? 1,7 2#1 *)',
    'cron(30 23 28 2 ? *)',
    'cron(0 5 1,15 3,6,9,12 ? *)',
  ])('is never below the real longest gap of %s (UTC and Europe/Dublin)', (schedule) => {
    for (const zone of ['Etc/UTC', 'Europe/Dublin']) {
      const real = scheduleGap(schedule, zone).gapMinutes as number;
      expect(real).toBeGreaterThan(0);
      expect(longestGapBoundMinutes(schedule)).toBeGreaterThanOrEqual(real);
    }
  });

  it('does not answer in a zone whose clocks skip times (a run due then does not fire), and answers in one that never changes', () => {
    expect(longestGapBoundMinutes('cron(30 2 ? * SUN *)', 'America/New_York')).toBe(Number.POSITIVE_INFINITY);
    expect(scheduleGap('cron(30 2 ? * SUN *)', 'America/New_York').gapMinutes).toBe(14 * DAY - 60);
    expect(longestGapBoundMinutes('cron(30 2 ? * SUN *)', 'Asia/Tokyo')).toBe(7 * DAY + 60);
  });

  it('does not answer for a year field, a fifth weekday or a 29th-31st day', () => {
    for (const schedule of ['cron(0 5 ? * * 2027-2030)', 'cron(0 5 ? * 2#5 *)', 'cron(0 5 30 * ? *)']) expect(longestGapBoundMinutes(schedule)).toBe(Number.POSITIVE_INFINITY);
  });
});
