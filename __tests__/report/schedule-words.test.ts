import { scheduleInWords, timeZoneLabel } from '../../report/schedule-words';

describe('scheduleInWords', () => {
  it.each([
    // every day, hour, N hours
    ['cron(0 5 ? * * *)', 'Etc/UTC', 'every day at 05:00 UTC'],
    ['cron(0 5 * * ? *)', 'Etc/UTC', 'every day at 05:00 UTC'],
    ['cron(15 * ? * * *)', 'Etc/UTC', 'every hour at minute 15'],
    ['cron(0 * ? * * *)', 'Europe/Paris', 'every hour at minute 0 (Europe/Paris)'],
    ['cron(0 */6 ? * * *)', 'Etc/UTC', 'every 6 hours at minute 0 (00:00, 06:00, 12:00, 18:00)'],
    ['cron(30 2/4 ? * * *)', 'Etc/UTC', 'every 4 hours at minute 30 (02:30, 06:30, 10:30, 14:30, 18:30, 22:30)'],
    ['cron(0 0/12 ? * * *)', 'Asia/Kolkata', 'every 12 hours at minute 0 (00:00, 12:00 Asia/Kolkata)'],
    ['cron(0 */5 ? * * *)', 'Etc/UTC', 'every day at 00:00, 05:00, 10:00, 15:00 and 20:00 UTC'],
    ['cron(0 6,18 ? * * *)', 'Etc/UTC', 'every 12 hours at minute 0 (06:00, 18:00)'],
    ['cron(0 1,7 ? * * *)', 'Etc/UTC', 'every day at 01:00 and 07:00 UTC'],
    // days of the week
    ['cron(0 5 ? * SUN *)', 'Etc/UTC', 'every Sunday at 05:00 UTC'],
    ['cron(0 5 ? * 1 *)', 'Etc/UTC', 'every Sunday at 05:00 UTC'],
    ['cron(0 3 ? * MON-FRI *)', 'Europe/Dublin', 'Monday to Friday at 03:00 Europe/Dublin'],
    ['cron(0 3 ? * 2-6 *)', 'Etc/UTC', 'Monday to Friday at 03:00 UTC'],
    ['cron(0 3 ? * FRI-SAT,SUN,MON *)', 'Etc/UTC', 'Friday to Monday at 03:00 UTC'],
    ['cron(0 5 ? * SAT,SUN *)', 'Etc/UTC', 'every Saturday and Sunday at 05:00 UTC'],
    ['cron(0 5 ? * MON,WED,FRI *)', 'Etc/UTC', 'every Monday, Wednesday and Friday at 05:00 UTC'],
    ['cron(0 5 ? * * *)', 'America/New_York', 'every day at 05:00 America/New_York'],
    ['cron(0 5 ? * MON-FRI *)', 'Etc/UTC', 'Monday to Friday at 05:00 UTC'],
    ['cron(0 * ? * MON-FRI *)', 'Etc/UTC', 'Monday to Friday, every hour at minute 0'],
    // days of the month
    ['cron(0 5 1 * ? *)', 'Etc/UTC', 'on day 1 of every month at 05:00 UTC'],
    ['cron(0 5 1,15 * ? *)', 'Etc/UTC', 'on days 1 and 15 of every month at 05:00 UTC'],
    ['cron(0 5 1-7 * ? *)', 'Etc/UTC', 'on days 1 to 7 of every month at 05:00 UTC'],
    ['cron(0 5 L * ? *)', 'Etc/UTC', 'on the last day of every month at 05:00 UTC'],
    ['cron(0 5 L-2 * ? *)', 'Etc/UTC', '2 days before the last day of every month at 05:00 UTC'],
    ['cron(0 5 LW * ? *)', 'Etc/UTC', 'on the last weekday of every month at 05:00 UTC'],
    ['cron(0 5 15W * ? *)', 'Etc/UTC', 'on the weekday nearest day 15 of every month at 05:00 UTC'],
    ['cron(0 5 ? * 6#3 *)', 'Etc/UTC', 'on the third Friday of every month at 05:00 UTC'],
    ['cron(0 5 ? * FRI#1 *)', 'Australia/Sydney', 'on the first Friday of every month at 05:00 Australia/Sydney'],
    ['cron(0 5 ? * 5L *)', 'Etc/UTC', 'on the last Thursday of every month at 05:00 UTC'],
    // months and years
    ['cron(0 5 1 1,4,7,10 ? *)', 'Etc/UTC', 'on day 1 of January, April, July and October at 05:00 UTC'],
    ['cron(0 5 29 FEB ? *)', 'Etc/UTC', 'on day 29 of February at 05:00 UTC'],
    ['cron(0 5 ? JAN * *)', 'Etc/UTC', 'every day in January at 05:00 UTC'],
    ['cron(0 5 ? * SUN 2027)', 'Etc/UTC', 'every Sunday at 05:00 UTC in 2027'],
    ['cron(0 5 ? * * 2027-2030)', 'Etc/UTC', 'every day at 05:00 UTC in 2027-2030'],
    ['cron(0 5 ? * * 2027,2029)', 'Etc/UTC', 'every day at 05:00 UTC in 2027 and 2029'],
  ])('%s %s: %s', (expression, timezone, words) => {
    expect(scheduleInWords(expression, timezone)).toBe(words);
  });

  it('defaults to UTC', () => {
    expect(scheduleInWords('cron(0 5 ? * * *)')).toBe('every day at 05:00 UTC');
  });

  it.each([
    ['cron(0/30 * ? * * *)', 'Etc/UTC', 'cron(0/30 * ? * * *) (UTC)'],
    ['cron(0,30 5 ? * * *)', 'Europe/Paris', 'cron(0,30 5 ? * * *) (Europe/Paris)'],
    ['cron(0 5 * * * *)', 'Etc/UTC', 'cron(0 5 * * * *) (UTC)'],
    ['rate(1 day)', 'Etc/UTC', 'rate(1 day) (UTC)'],
  ])('falls back to the expression for anything unusual: %s', (expression, timezone, words) => {
    expect(scheduleInWords(expression, timezone)).toBe(words);
  });

  it('labels the UTC aliases UTC and keeps other IANA names', () => {
    expect(['Etc/UTC', 'UTC', 'Etc/GMT', 'GMT'].map(timeZoneLabel)).toEqual(['UTC', 'UTC', 'UTC', 'UTC']);
    expect(timeZoneLabel('Europe/Dublin')).toBe('Europe/Dublin');
  });
});
