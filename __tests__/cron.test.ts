import { type AwsCronSchedule, maxRunsPerHour, parseAwsCron } from '../core/cron';
import { formatterFor, isValidTimeZone, occurrences, wallClockAt, wallClockFromParts } from '../core/cron-runs';
import { scheduleGap } from '../core/rpo';

function parse(expression: string): AwsCronSchedule {
  const result = parseAwsCron(expression);
  if (!result.ok) throw new Error(`expected ${expression} to parse, got: ${result.reason}`);
  return result.schedule;
}

function reasonFor(expression: string): string {
  const result = parseAwsCron(expression);
  if (result.ok) throw new Error(`expected ${expression} to be rejected`);
  return result.reason;
}

/** ISO strings of the runs of `expression` in [from, to). */
function runs(expression: string, from: string, to: string, timeZone?: string): string[] {
  return occurrences(parse(expression), new Date(from), new Date(to), timeZone).map((date) => date.toISOString());
}

/** Day-of-month numbers (UTC) of the runs, for schedules that fire once a month. */
function runDays(expression: string, from: string, to: string): number[] {
  return occurrences(parse(expression), new Date(from), new Date(to)).map((date) => date.getUTCDate());
}

const range = (start: number, end: number, step = 1): number[] => {
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return values;
};

describe('parseAwsCron: valid expressions', () => {
  it.each([
    'cron(0 5 ? * * *)',
    'cron(0 5 ? * SUN *)',
    'cron(0 5 1 * ? *)',
    'cron(0 */12 * * ? *)',
    'cron(30 2 L * ? *)',
    'cron(0 3 ? * 6#3 *)',
    'cron(0 3 ? * 5L *)',
    'cron(0 1 15W * ? *)',
    'cron(0 0 LW * ? *)',
    'cron(15 10 ? * MON-FRI *)',
    'cron(0 8 1 JAN,JUL ? 2027-2030)',
    'cron(0/30 * * * ? *)',
    'cron(0 0 L-3 * ? *)',
    'cron(0 0 ? * L *)',
    'cron(0 0 ? * FRIL *)',
    'cron(0 0 ? * fri#2 *)',
    'cron(0 0 1-31/2 jan-dec/3 ? 2026/2)',
    'cron(0,15,30,45 0-23 * * ? *)',
  ])('accepts %s', (expression) => {
    expect(parseAwsCron(expression).ok).toBe(true);
  });

  it('parses minutes, hours, months and years into sorted unique lists', () => {
    const schedule = parse('cron(45,0,15,0 23,1 1 DEC,jan,1 ? 2030,2027-2028)');
    expect(schedule.minutes).toEqual([0, 15, 45]);
    expect(schedule.hours).toEqual([1, 23]);
    expect(schedule.months).toEqual([1, 12]);
    expect(schedule.years).toEqual([2027, 2028, 2030]);
    expect(schedule.daysOfMonth).toEqual({ kind: 'days', days: [1] });
    expect(schedule.daysOfWeek).toEqual({ kind: 'any' });
  });

  it.each([
    ['cron(0/30 * * * ? *)', [0, 30]],
    ['cron(*/20 * * * ? *)', [0, 20, 40]],
    ['cron(5/20 * * * ? *)', [5, 25, 45]],
    ['cron(5-20/5 * * * ? *)', [5, 10, 15, 20]],
    ['cron(7 * * * ? *)', [7]],
    ['cron(50-59/100 * * * ? *)', [50]],
    ['cron(* * * * ? *)', range(0, 59)],
  ])('parses the minutes of %s', (expression, minutes) => {
    expect(parse(expression).minutes).toEqual(minutes);
  });

  it('expands steps in hours, months and years', () => {
    const schedule = parse('cron(0 */12 * */4 ? 2026/50)');
    expect(schedule.hours).toEqual([0, 12]);
    expect(schedule.months).toEqual([1, 5, 9]);
    expect(schedule.years).toEqual([2026, 2076, 2126, 2176]);
  });

  it('treats "*" as any year and every month', () => {
    const schedule = parse('cron(0 5 ? * * *)');
    expect(schedule.years).toBe('any');
    expect(schedule.months).toEqual(range(1, 12));
  });

  it.each([
    ['?', { kind: 'any' }],
    ['*', { kind: 'any' }],
    ['1', { kind: 'days', days: [1] }],
    ['15,1,15', { kind: 'days', days: [1, 15] }],
    ['1-31/10', { kind: 'days', days: [1, 11, 21, 31] }],
    ['L', { kind: 'last', offset: 0 }],
    ['l', { kind: 'last', offset: 0 }],
    ['L-3', { kind: 'last', offset: 3 }],
    ['L-30', { kind: 'last', offset: 30 }],
    ['LW', { kind: 'lastWeekday' }],
    ['15W', { kind: 'nearestWeekday', day: 15 }],
    ['1w', { kind: 'nearestWeekday', day: 1 }],
  ])('parses day-of-month %s', (field, spec) => {
    const dow = field === '?' ? '*' : '?';
    expect(parse(`cron(0 0 ${field} * ${dow} *)`).daysOfMonth).toEqual(spec);
  });

  it.each([
    ['?', { kind: 'any' }],
    ['*', { kind: 'any' }],
    ['SUN', { kind: 'days', days: [1] }],
    ['MON-FRI', { kind: 'days', days: [2, 3, 4, 5, 6] }],
    ['mon-fri', { kind: 'days', days: [2, 3, 4, 5, 6] }],
    ['7,1,SAT', { kind: 'days', days: [1, 7] }],
    ['2-5', { kind: 'days', days: [2, 3, 4, 5] }],
    ['MON-5', { kind: 'days', days: [2, 3, 4, 5] }],
    ['*/2', { kind: 'days', days: [1, 3, 5, 7] }],
    ['L', { kind: 'days', days: [7] }],
    ['5L', { kind: 'lastOfMonth', day: 5 }],
    ['FRIL', { kind: 'lastOfMonth', day: 6 }],
    ['6#3', { kind: 'nth', day: 6, nth: 3 }],
    ['MON#1', { kind: 'nth', day: 2, nth: 1 }],
    ['1#5', { kind: 'nth', day: 1, nth: 5 }],
  ])('parses day-of-week %s', (field, spec) => {
    const dom = field === '?' ? '*' : '?';
    expect(parse(`cron(0 0 ${dom} * ${field} *)`).daysOfWeek).toEqual(spec);
  });

  it('accepts several spaces, tabs and padding, and stores a canonical expression', () => {
    const schedule = parse('  cron(  0   5\t?  *  *  * )  ');
    expect(schedule.expression).toBe('cron(0 5 ? * * *)');
    expect(schedule.minutes).toEqual([0]);
    expect(schedule.hours).toEqual([5]);
  });

  it('keeps the field text as written in the canonical expression', () => {
    expect(parse('cron(0 8 1 jan,JUL ? 2027-2030)').expression).toBe('cron(0 8 1 jan,JUL ? 2027-2030)');
  });
});

describe('parseAwsCron: reasons', () => {
  const SHAPE = 'must look like cron(minutes hours day-of-month month day-of-week year)';
  const COUNT = 'must have 6 fields (minutes hours day-of-month month day-of-week year)';

  it.each([
    // Overall shape
    ['rate(1 hour)', `${SHAPE}; got "rate(1 hour)"`],
    ['', `${SHAPE}; got ""`],
    ['   ', `${SHAPE}; got "   "`],
    ['0 5 ? * * *', `${SHAPE}; got "0 5 ? * * *"`],
    ['cron(0 5 ? * * *', `${SHAPE}; got "cron(0 5 ? * * *"`],
    ['CRON(0 5 ? * * *)', `${SHAPE}; got "CRON(0 5 ? * * *)"`],
    ['cron((0 5 ? * * *))', `${SHAPE}; got "cron((0 5 ? * * *))"`],
    ['cron(0 5 ? * * *) daily', `${SHAPE}; got "cron(0 5 ? * * *) daily"`],
    ['cron(0 "5" ? * * *)x', `${SHAPE}; got "cron(0 \\"5\\" ? * * *)x"`],
    // Field count
    ['cron()', `${COUNT}; got 0`],
    ['cron(   )', `${COUNT}; got 0`],
    ['cron(0 5 ? * *)', `${COUNT}; got 5`],
    ['cron(0 5 ? * * * *)', `${COUNT}; got 7`],
    // Out of bounds
    ['cron(61 5 ? * * *)', 'minutes field "61" must be within 0-59'],
    ['cron(1,61 5 ? * * *)', 'minutes field "61" must be within 0-59'],
    ['cron(10-70 5 ? * * *)', 'minutes field "10-70" must be within 0-59'],
    ['cron(60/5 5 ? * * *)', 'minutes field "60/5" must be within 0-59'],
    ['cron(0 24 ? * * *)', 'hours field "24" must be within 0-23'],
    ['cron(0 5 0 * ? *)', 'day-of-month field "0" must be within 1-31'],
    ['cron(0 5 32 * ? *)', 'day-of-month field "32" must be within 1-31'],
    ['cron(0 5 1 0 ? *)', 'month field "0" must be within 1-12'],
    ['cron(0 5 1 13 ? *)', 'month field "13" must be within 1-12'],
    ['cron(0 5 ? * 0 *)', 'day-of-week field "0" must be within 1-7'],
    ['cron(0 5 ? * 8 *)', 'day-of-week field "8" must be within 1-7'],
    ['cron(0 5 ? * * 1969)', 'year field "1969" must be within 1970-2199'],
    ['cron(0 5 ? * * 2026-2200)', 'year field "2026-2200" must be within 1970-2199'],
    // Not a number or name
    ['cron(x 5 ? * * *)', 'minutes field "x" is not a number'],
    ['cron(1-2-3 5 ? * * *)', 'minutes field "1-2-3" is not a number'],
    ['cron(-1 5 ? * * *)', 'minutes field "-1" is not a number'],
    ['cron(1.5 5 ? * * *)', 'minutes field "1.5" is not a number'],
    ['cron(0 MON ? * * *)', 'hours field "MON" is not a number'],
    ['cron(0 5 *-5 * ? *)', 'day-of-month field "*-5" is not a number'],
    ['cron(0 5 1 FOO ? *)', 'month field "FOO" is not a number or a name JAN-DEC'],
    ['cron(0 5 1 JANUARY ? *)', 'month field "JANUARY" is not a number or a name JAN-DEC'],
    ['cron(0 5 1 FOO-DEC ? *)', 'month field "FOO-DEC" is not a number or a name JAN-DEC'],
    ['cron(0 5 1 L ? *)', 'month field "L" is not a number or a name JAN-DEC'],
    ['cron(0 5 ? * FUN *)', 'day-of-week field "FUN" is not a number or a name SUN-SAT'],
    ['cron(0 5 ? * FOO#2 *)', 'day-of-week field "FOO#2" is not a number or a name SUN-SAT'],
    ['cron(0 5 ? * FOOL *)', 'day-of-week field "FOOL" is not a number or a name SUN-SAT'],
    ['cron(0 5 ? * * 20x6)', 'year field "20x6" is not a number'],
    // Descending ranges
    ['cron(30-10 5 ? * * *)', 'minutes field "30-10" must be an ascending range'],
    ['cron(0 22-2 ? * * *)', 'hours field "22-2" must be an ascending range'],
    ['cron(0 5 20-10 * ? *)', 'day-of-month field "20-10" must be an ascending range'],
    ['cron(0 5 1 DEC-JAN ? *)', 'month field "DEC-JAN" must be an ascending range'],
    ['cron(0 5 ? * FRI-MON *)', 'day-of-week field "FRI-MON" must be an ascending range'],
    ['cron(0 5 ? * * 2030-2027)', 'year field "2030-2027" must be an ascending range'],
    // Steps
    ['cron(*/0 5 ? * * *)', 'minutes field "*/0" must have a whole-number step of at least 1 after "/"'],
    ['cron(*/x 5 ? * * *)', 'minutes field "*/x" must have a whole-number step of at least 1 after "/"'],
    ['cron(0/ 5 ? * * *)', 'minutes field "0/" must have a whole-number step of at least 1 after "/"'],
    ['cron(*/5/2 5 ? * * *)', 'minutes field "*/5/2" must have a whole-number step of at least 1 after "/"'],
    ['cron(0 5 ? */-1 * *)', 'month field "*/-1" must have a whole-number step of at least 1 after "/"'],
    // Empty list items
    ['cron(1,,2 5 ? * * *)', 'minutes field "1,,2" has an empty list item'],
    ['cron(0 ,5 ? * * *)', 'hours field ",5" has an empty list item'],
    ['cron(0 5 ? * MON, *)', 'day-of-week field "MON," has an empty list item'],
    ['cron(0 5 1, * ? *)', 'day-of-month field "1," has an empty list item'],
    // Special characters in the wrong field
    ['cron(? 5 ? * * *)', 'minutes field "?" uses "?", which is only allowed in day-of-month and day-of-week'],
    ['cron(0 5 ? ? * *)', 'month field "?" uses "?", which is only allowed in day-of-month and day-of-week'],
    ['cron(0 5 ? * * ?)', 'year field "?" uses "?", which is only allowed in day-of-month and day-of-week'],
    ['cron(0 L ? * * *)', 'hours field "L" uses "L", which is only allowed in day-of-month and day-of-week'],
    ['cron(0 5 ? * * 2026W)', 'year field "2026W" uses "W", which is only allowed in day-of-month'],
    ['cron(1#2 5 ? * * *)', 'minutes field "1#2" uses "#", which is only allowed in day-of-week'],
    ['cron(0 5 1#2 * ? *)', 'day-of-month field "1#2" uses "#", which is only allowed in day-of-week'],
    ['cron(0 5 1 1#2 ? *)', 'month field "1#2" uses "#", which is only allowed in day-of-week'],
    ['cron(0 5 ? * 15W *)', 'day-of-week field "15W" uses "W", which is only allowed in day-of-month'],
    ['cron(0 5 ? * LW *)', 'day-of-week field "LW" uses "W", which is only allowed in day-of-month'],
    // Tokens that must stand alone
    ['cron(0 5 ?,1 * * *)', 'day-of-month field "?,1" must use "?" on its own, not in a list'],
    ['cron(0 5 1 * ?,1 *)', 'day-of-week field "?,1" must use "?" on its own, not in a list'],
    ['cron(0 5 L,15 * ? *)', 'day-of-month field "L,15" must use "L" on its own, not in a list'],
    ['cron(0 5 1,L-2 * ? *)', 'day-of-month field "1,L-2" must use "L-2" on its own, not in a list'],
    ['cron(0 5 LW,1 * ? *)', 'day-of-month field "LW,1" must use "LW" on its own, not in a list'],
    ['cron(0 5 1,15W * ? *)', 'day-of-month field "1,15W" must use "15W" on its own, not in a list'],
    ['cron(0 5 ? * 6#3,2 *)', 'day-of-week field "6#3,2" must use "6#3" on its own, not in a list'],
    ['cron(0 5 ? * 2,5L *)', 'day-of-week field "2,5L" must use "5L" on its own, not in a list'],
    ['cron(0 5 ? * L,2 *)', 'day-of-week field "L,2" must use "L" on its own, not in a list'],
    // Malformed L, W and # forms
    ['cron(0 5 L-0 * ? *)', 'day-of-month field "L-0" must be "L", "L-" followed by a number from 1 to 30, or "LW"'],
    ['cron(0 5 L-31 * ? *)', 'day-of-month field "L-31" must be "L", "L-" followed by a number from 1 to 30, or "LW"'],
    ['cron(0 5 L-x * ? *)', 'day-of-month field "L-x" must be "L", "L-" followed by a number from 1 to 30, or "LW"'],
    ['cron(0 5 LL * ? *)', 'day-of-month field "LL" must be "L", "L-" followed by a number from 1 to 30, or "LW"'],
    ['cron(0 5 2L * ? *)', 'day-of-month field "2L" must be "L", "L-" followed by a number from 1 to 30, or "LW"'],
    ['cron(0 5 W * ? *)', 'day-of-month field "W" must put "W" right after one day number, like "15W", or use "LW"'],
    ['cron(0 5 1-5W * ? *)', 'day-of-month field "1-5W" must put "W" right after one day number, like "15W", or use "LW"'],
    ['cron(0 5 W15 * ? *)', 'day-of-month field "W15" must put "W" right after one day number, like "15W", or use "LW"'],
    ['cron(0 5 0W * ? *)', 'day-of-month field "0W" must be within 1-31'],
    ['cron(0 5 32W * ? *)', 'day-of-month field "32W" must be within 1-31'],
    ['cron(0 5 ? * 9#2 *)', 'day-of-week field "9#2" must be within 1-7'],
    ['cron(0 5 ? * 0#1 *)', 'day-of-week field "0#1" must be within 1-7'],
    ['cron(0 5 ? * 6#0 *)', 'day-of-week field "6#0" must have a week number from 1 to 5 after "#"'],
    ['cron(0 5 ? * 6#6 *)', 'day-of-week field "6#6" must have a week number from 1 to 5 after "#"'],
    ['cron(0 5 ? * 6#x *)', 'day-of-week field "6#x" must have a week number from 1 to 5 after "#"'],
    ['cron(0 5 ? * 6# *)', 'day-of-week field "6#" must use "#" as day#week, like "6#3"'],
    ['cron(0 5 ? * #3 *)', 'day-of-week field "#3" must use "#" as day#week, like "6#3"'],
    ['cron(0 5 ? * 6#3#1 *)', 'day-of-week field "6#3#1" must use "#" as day#week, like "6#3"'],
    ['cron(0 5 ? * 1-5#2 *)', 'day-of-week field "1-5#2" must use "#" as day#week, like "6#3"'],
    ['cron(0 5 ? * 8L *)', 'day-of-week field "8L" must be within 1-7'],
    ['cron(0 5 ? * 1-5L *)', 'day-of-week field "1-5L" must use "L" alone or right after one day, like "5L"'],
    ['cron(0 5 ? * LL *)', 'day-of-week field "LL" must use "L" alone or right after one day, like "5L"'],
    // The "?" rule
    ['cron(0 5 * * * *)', 'exactly one of day-of-month ("*") and day-of-week ("*") must be "?"'],
    ['cron(0 5 ? * ? *)', 'exactly one of day-of-month ("?") and day-of-week ("?") must be "?"'],
    ['cron(0 5 1 * MON *)', 'exactly one of day-of-month ("1") and day-of-week ("MON") must be "?"'],
    ['cron(0 5 L * 5L *)', 'exactly one of day-of-month ("L") and day-of-week ("5L") must be "?"'],
  ])('rejects %j: %s', (expression, reason) => {
    expect(reasonFor(expression)).toBe(reason);
  });

  it('reports the first problem found, in field order', () => {
    expect(reasonFor('cron(61 24 32 13 8 1969)')).toBe('minutes field "61" must be within 0-59');
    expect(reasonFor('cron(0 24 32 13 8 1969)')).toBe('hours field "24" must be within 0-23');
    expect(reasonFor('cron(0 5 32 * * *)')).toBe('day-of-month field "32" must be within 1-31');
    expect(reasonFor('cron(0 5 1 13 MON *)')).toBe('month field "13" must be within 1-12');
  });

  it('writes every reason as one lower-case sentence without a trailing period', () => {
    for (const expression of ['rate(1 hour)', 'cron(0 5 ? *)', 'cron(0 5 * * * *)', 'cron(0 5 ? * 9#2 *)']) {
      const reason = reasonFor(expression);
      expect(reason).toMatch(/^[a-z]/);
      expect(reason).not.toMatch(/\.$/);
    }
  });
});

describe('maxRunsPerHour', () => {
  it.each([
    ['cron(0 5 ? * * *)', 1],
    ['cron(0/30 * * * ? *)', 2],
    ['cron(0,15,30,45 * * * ? *)', 4],
    ['cron(*/5 * * * ? *)', 12],
    ['cron(* * * * ? *)', 60],
    ['cron(0 */12 * * ? *)', 1],
  ])('%s fires at most %i times an hour', (expression, count) => {
    expect(maxRunsPerHour(parse(expression))).toBe(count);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Etc/UTC', 'UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])(
    'accepts %s',
    (name) => {
      expect(isValidTimeZone(name)).toBe(true);
    },
  );

  it.each(['Mars/Base', '', ' ', ' Europe/Paris', 'Europe/Paris ', 'Europe/Atlantis', '+01:00'])('rejects %j', (name) => {
    expect(isValidTimeZone(name)).toBe(false);
  });
});

describe('occurrences in UTC', () => {
  it('gives 7 runs of a daily 05:00 schedule over a week', () => {
    expect(runs('cron(0 5 ? * * *)', '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([
      '2026-03-02T05:00:00.000Z',
      '2026-03-03T05:00:00.000Z',
      '2026-03-04T05:00:00.000Z',
      '2026-03-05T05:00:00.000Z',
      '2026-03-06T05:00:00.000Z',
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
    ]);
  });

  it('defaults to Etc/UTC', () => {
    const schedule = parse('cron(0 5 ? * * *)');
    const from = new Date('2026-03-02T00:00:00Z');
    const to = new Date('2026-03-09T00:00:00Z');
    expect(occurrences(schedule, from, to)).toEqual(occurrences(schedule, from, to, 'Etc/UTC'));
  });

  it('includes from and excludes to', () => {
    expect(runs('cron(0 5 ? * * *)', '2026-03-02T05:00:00Z', '2026-03-04T05:00:00Z')).toEqual([
      '2026-03-02T05:00:00.000Z',
      '2026-03-03T05:00:00.000Z',
    ]);
    expect(runs('cron(0 5 ? * * *)', '2026-03-02T05:00:00.001Z', '2026-03-04T05:00:00.001Z')).toEqual([
      '2026-03-03T05:00:00.000Z',
      '2026-03-04T05:00:00.000Z',
    ]);
  });

  it('returns nothing for an empty or reversed window', () => {
    expect(runs('cron(0 5 ? * * *)', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')).toEqual([]);
    expect(runs('cron(0 5 ? * * *)', '2026-03-09T00:00:00Z', '2026-03-02T00:00:00Z')).toEqual([]);
  });

  it('throws a RangeError for an invalid date or time zone', () => {
    const schedule = parse('cron(0 5 ? * * *)');
    expect(() => occurrences(schedule, new Date('nope'), new Date('2026-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() =>
      occurrences(schedule, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'), 'Mars/Base'),
    ).toThrow('unknown time zone "Mars/Base"');
  });

  it('runs weekdays only for MON-FRI', () => {
    // 2026-03-02 is a Monday.
    expect(runs('cron(15 10 ? * MON-FRI *)', '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual([
      '2026-03-02T10:15:00.000Z',
      '2026-03-03T10:15:00.000Z',
      '2026-03-04T10:15:00.000Z',
      '2026-03-05T10:15:00.000Z',
      '2026-03-06T10:15:00.000Z',
      '2026-03-09T10:15:00.000Z',
      '2026-03-10T10:15:00.000Z',
      '2026-03-11T10:15:00.000Z',
      '2026-03-12T10:15:00.000Z',
      '2026-03-13T10:15:00.000Z',
    ]);
  });

  it('runs on Sundays for SUN and 1', () => {
    const expected = ['2026-03-01T05:00:00.000Z', '2026-03-08T05:00:00.000Z'];
    expect(runs('cron(0 5 ? * SUN *)', '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual(expected);
    expect(runs('cron(0 5 ? * 1 *)', '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual(expected);
  });

  it('runs on the 1st of every month', () => {
    expect(runs('cron(0 5 1 * ? *)', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-01-01T05:00:00.000Z',
      '2026-02-01T05:00:00.000Z',
      '2026-03-01T05:00:00.000Z',
    ]);
  });

  it('expands hour and minute steps within a day', () => {
    expect(runs('cron(0 */12 * * ? *)', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-02T12:00:00.000Z',
    ]);
    expect(runs('cron(0/30 * * * ? *)', '2026-03-02T07:00:00Z', '2026-03-02T08:00:00Z')).toEqual([
      '2026-03-02T07:00:00.000Z',
      '2026-03-02T07:30:00.000Z',
    ]);
    expect(runs('cron(0/30 * * * ? *)', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toHaveLength(48);
    expect(runs('cron(10-50/20 1-5/2 * * ? *)', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual([
      '2026-03-02T01:10:00.000Z',
      '2026-03-02T01:30:00.000Z',
      '2026-03-02T01:50:00.000Z',
      '2026-03-02T03:10:00.000Z',
      '2026-03-02T03:30:00.000Z',
      '2026-03-02T03:50:00.000Z',
      '2026-03-02T05:10:00.000Z',
      '2026-03-02T05:30:00.000Z',
      '2026-03-02T05:50:00.000Z',
    ]);
  });

  it('expands day-of-month steps', () => {
    expect(runDays('cron(0 0 1/10 * ? *)', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([1, 11, 21, 31]);
  });

  it('runs on the last day of the month for L, including leap years', () => {
    expect(runs('cron(30 2 L * ? *)', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').map((run) => run.slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
    ]);
    expect(runs('cron(30 2 L 2 ? *)', '2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toEqual(['2028-02-29T02:30:00.000Z']);
  });

  it('counts back from the last day for L-n', () => {
    expect(runDays('cron(0 0 L-3 * ? *)', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([28, 25, 28, 27]);
    // L-30 only exists in 31-day months.
    expect(runDays('cron(0 0 L-30 * ? *)', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([1, 1]);
  });

  it('runs on the last weekday of the month for LW', () => {
    // 2026: Jan 31 is a Saturday, Feb 28 a Saturday, May 31 a Sunday, Oct 31 a Saturday.
    expect(runDays('cron(0 0 LW * ? *)', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      30, 27, 31, 30, 29, 30, 31, 31, 30, 30, 30, 31,
    ]);
  });

  it('runs on the weekday nearest the given day for nW', () => {
    // 2026: Feb 15, Mar 15 and Nov 15 are Sundays (-> Monday 16th); Aug 15 is a Saturday (-> Friday 14th).
    expect(runs('cron(0 1 15W * ? *)', '2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z')).toEqual([
      '2026-08-14T01:00:00.000Z',
    ]);
    expect(runDays('cron(0 1 15W * ? *)', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      15, 16, 16, 15, 15, 15, 15, 14, 15, 15, 16, 15,
    ]);
  });

  it('does not cross month boundaries for nW', () => {
    // Aug 1 2026 is a Saturday: the nearest weekday in August is Monday the 3rd, not Friday July 31.
    expect(runs('cron(0 0 1W * ? *)', '2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z')).toEqual(['2026-08-03T00:00:00.000Z']);
    // Feb 1 2026 is a Sunday: Monday the 2nd.
    expect(runs('cron(0 0 1W * ? *)', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-02-02T00:00:00.000Z']);
    // May 31 2026 is a Sunday and the last day: Friday the 29th. Jan 31 2026 is a Saturday: Friday the 30th.
    expect(runs('cron(0 0 31W * ? *)', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual(['2026-05-29T00:00:00.000Z']);
    expect(runs('cron(0 0 31W * ? *)', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual(['2026-01-30T00:00:00.000Z']);
    // April has no 31st, so 31W does not fire in April.
    expect(runs('cron(0 0 31W * ? *)', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([]);
  });

  it('runs on the nth weekday for d#n', () => {
    // Third Friday of Jan-Apr 2026.
    expect(runDays('cron(0 3 ? * 6#3 *)', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([16, 20, 20, 17]);
    expect(runDays('cron(0 3 ? * FRI#3 *)', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([16, 20, 20, 17]);
    // A fifth Friday exists in January 2026 (the 30th) but not in February.
    expect(runs('cron(0 3 ? * 6#5 *)', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-01-30T03:00:00.000Z']);
  });

  it('runs on the last given weekday of the month for dL', () => {
    // Last Thursday of 2026 months: Jan 29, Feb 26, Mar 26, Apr 30, ..., Nov 26, Dec 31.
    expect(runDays('cron(0 3 ? * 5L *)', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([29, 26, 26, 30]);
    expect(runs('cron(0 3 ? * THUL *)', '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-11-26T03:00:00.000Z',
      '2026-12-31T03:00:00.000Z',
    ]);
  });

  it('runs on Saturdays for a lone L in day-of-week', () => {
    expect(runs('cron(0 0 ? * L *)', '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual([
      '2026-03-07T00:00:00.000Z',
      '2026-03-14T00:00:00.000Z',
    ]);
  });

  it('honours month names and year lists', () => {
    expect(runs('cron(0 8 1 JAN,JUL ? 2027-2030)', '2026-01-01T00:00:00Z', '2031-06-01T00:00:00Z')).toEqual([
      '2027-01-01T08:00:00.000Z',
      '2027-07-01T08:00:00.000Z',
      '2028-01-01T08:00:00.000Z',
      '2028-07-01T08:00:00.000Z',
      '2029-01-01T08:00:00.000Z',
      '2029-07-01T08:00:00.000Z',
      '2030-01-01T08:00:00.000Z',
      '2030-07-01T08:00:00.000Z',
    ]);
    expect(runDays('cron(0 0 1 feb-apr ? *)', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([1, 1, 1]);
    expect(runs('cron(0 0 1 1 ? 2026/2)', '2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z')).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2028-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00.000Z',
    ]);
  });

  it('never fires outside 1970-2199 and skips non-matching years quickly', () => {
    const started = Date.now();
    expect(runs('cron(0 0 1 1 ? 2199)', '1900-01-01T00:00:00Z', '2300-01-01T00:00:00Z')).toEqual(['2199-01-01T00:00:00.000Z']);
    expect(runs('cron(0 0 1 1 ? *)', '2199-06-01T00:00:00Z', '2300-01-01T00:00:00Z')).toEqual([]);
    expect(runs('cron(0 0 1 1 ? *)', '1900-01-01T00:00:00Z', '1971-01-01T00:00:00Z')).toEqual(['1970-01-01T00:00:00.000Z']);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('evaluates a year of a half-hourly schedule quickly, day by day', () => {
    const started = Date.now();
    expect(runs('cron(*/30 * * * ? *)', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toHaveLength(365 * 48);
    // In Paris 02:00 and 02:30 do not exist on 2026-03-29; the repeated 02:00 and 02:30 of 2026-10-25 fire once.
    expect(runs('cron(*/30 * * * ? *)', '2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z', 'Europe/Paris')).toHaveLength(365 * 48 - 2);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('occurrences in Europe/Paris', () => {
  it('skips 02:30 on the spring-forward day (2026-03-29)', () => {
    expect(runs('cron(30 2 ? * * *)', '2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z', 'Europe/Paris')).toEqual([
      '2026-03-27T01:30:00.000Z', // CET, UTC+1
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z', // CEST, UTC+2
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('fires 02:30 once, at the first occurrence, on the fall-back day (2026-10-25)', () => {
    expect(runs('cron(30 2 ? * * *)', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z', 'Europe/Paris')).toEqual([
      '2026-10-24T00:30:00.000Z', // CEST
      '2026-10-25T00:30:00.000Z', // first 02:30 (CEST); the second (01:30Z, CET) does not fire
      '2026-10-26T01:30:00.000Z', // CET
    ]);
  });

  it('fires 23 times on the spring-forward day and 24 on the fall-back day for an hourly schedule', () => {
    expect(runs('cron(0 * ? * * *)', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 'Europe/Paris')).toHaveLength(23);
    expect(runs('cron(0 * ? * * *)', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 'Europe/Paris')).toHaveLength(24);
  });

  it('keeps a fall-back window that starts inside the repeated hour from firing the second occurrence', () => {
    // 01:45Z is 02:45 CET, the second 02:45 of the day; 02:30 already fired at 00:30Z.
    expect(runs('cron(30 2 ? * * *)', '2026-10-25T01:00:00Z', '2026-10-25T12:00:00Z', 'Europe/Paris')).toEqual([]);
  });

  it('evaluates day-of-month rules on the local date', () => {
    // 00:30 on the 1st in Paris is the evening of the last day of the previous month in UTC.
    expect(runs('cron(30 0 1 * ? *)', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', 'Europe/Paris')).toEqual([
      '2026-01-31T23:30:00.000Z',
      '2026-02-28T23:30:00.000Z',
    ]);
  });
});

describe('occurrences in America/New_York', () => {
  it('follows the local clock across daylight saving time', () => {
    // DST starts Sunday 2026-03-08 at 02:00 local.
    expect(runs('cron(0 9 ? * * *)', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 'America/New_York')).toEqual([
      '2026-03-07T14:00:00.000Z', // EST, UTC-5
      '2026-03-08T13:00:00.000Z', // EDT, UTC-4
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('skips times in the spring-forward gap', () => {
    expect(runs('cron(30 2 ? * * *)', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 'America/New_York')).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('fires a repeated time once on the fall-back day (2026-11-01)', () => {
    expect(runs('cron(30 1 ? * * *)', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 'America/New_York')).toEqual([
      '2026-10-31T05:30:00.000Z', // EDT
      '2026-11-01T05:30:00.000Z', // first 01:30 (EDT); the second (06:30Z, EST) does not fire
      '2026-11-02T06:30:00.000Z', // EST
    ]);
  });

  it('fires every 15 minutes through the fall-back hour without duplicates', () => {
    expect(runs('cron(0/15 0-3 ? * * *)', '2026-11-01T04:00:00Z', '2026-11-01T09:00:00Z', 'America/New_York')).toEqual([
      '2026-11-01T04:00:00.000Z', // 00:00 EDT
      '2026-11-01T04:15:00.000Z',
      '2026-11-01T04:30:00.000Z',
      '2026-11-01T04:45:00.000Z',
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T05:15:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T05:45:00.000Z',
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T07:15:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-01T07:45:00.000Z',
      '2026-11-01T08:00:00.000Z', // 03:00 EST
      '2026-11-01T08:15:00.000Z',
      '2026-11-01T08:30:00.000Z',
      '2026-11-01T08:45:00.000Z',
    ]);
  });

  it('runs on weekdays in local time', () => {
    // 20:00 EDT is 00:00 UTC the next day: Thursday 12th, Friday 13th and Monday 16th March 2026 fire,
    // the weekend does not.
    expect(runs('cron(0 20 ? * MON-FRI *)', '2026-03-13T00:00:00Z', '2026-03-17T00:00:01Z', 'America/New_York')).toEqual([
      '2026-03-13T00:00:00.000Z',
      '2026-03-14T00:00:00.000Z',
      '2026-03-17T00:00:00.000Z',
    ]);
  });

  it('matches a minute-by-minute reference around both transitions', () => {
    const timeZone = 'America/New_York';
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    interface Minute {
      iso: string;
      key: string;
      minute: number;
      hour: number;
      day: number;
      month: number;
      weekday: number;
    }
    /** Every UTC minute of the window with its local wall-clock time (one formatToParts call per minute). */
    const minutesOf = (from: string, to: string): Minute[] => {
      const result: Minute[] = [];
      for (let time = Date.parse(from); time < Date.parse(to); time += 60_000) {
        const parts = Object.fromEntries(formatter.formatToParts(time).map((part) => [part.type, part.value]));
        result.push({
          iso: new Date(time).toISOString(),
          key: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`,
          minute: Number(parts.minute),
          hour: Number(parts.hour),
          day: Number(parts.day),
          month: Number(parts.month),
          weekday: weekdays.indexOf(String(parts.weekday)) + 1,
        });
      }
      return result;
    };
    /** Minutes whose wall-clock time matches, keeping only the first occurrence of each wall-clock time. */
    const reference = (schedule: AwsCronSchedule, minutes: Minute[]): string[] => {
      const seen = new Set<string>();
      const { daysOfMonth: dom, daysOfWeek: dow } = schedule;
      return minutes
        .filter((m) => {
          if (seen.has(m.key)) return false;
          seen.add(m.key);
          return (
            schedule.minutes.includes(m.minute) &&
            schedule.hours.includes(m.hour) &&
            schedule.months.includes(m.month) &&
            (dom.kind === 'any' || (dom.kind === 'days' && dom.days.includes(m.day))) &&
            (dow.kind === 'any' || (dow.kind === 'days' && dow.days.includes(m.weekday)))
          );
        })
        .map((m) => m.iso);
    };
    let total = 0;
    for (const [from, to] of [
      ['2026-03-08T00:00:00Z', '2026-03-09T12:00:00Z'],
      ['2026-11-01T00:00:00Z', '2026-11-02T12:00:00Z'],
    ] as const) {
      const minutes = minutesOf(from, to);
      for (const expression of ['cron(0,30 0-3 ? * * *)', 'cron(15 1,2 * * ? *)', 'cron(*/20 2 ? * SUN *)', 'cron(59 * 8,1 * ? *)']) {
        const schedule = parse(expression);
        const expected = reference(schedule, minutes);
        total += expected.length;
        expect(occurrences(schedule, new Date(from), new Date(to), timeZone).map((date) => date.toISOString())).toEqual(expected);
      }
    }
    expect(total).toBeGreaterThan(50);
  });
});

describe('occurrences in other zones', () => {
  it('handles half-hour offsets (Asia/Kolkata, UTC+5:30)', () => {
    // 05:00 IST is 23:30 UTC the previous day; the run of 2026-03-02 (at 2026-03-01T23:30Z) is before from.
    expect(runs('cron(0 5 ? * * *)', '2026-03-02T00:00:00Z', '2026-03-04T00:00:00Z', 'Asia/Kolkata')).toEqual([
      '2026-03-02T23:30:00.000Z',
      '2026-03-03T23:30:00.000Z',
    ]);
  });

  it('handles a 30-minute daylight saving shift (Australia/Lord_Howe, 2026-04-05)', () => {
    // Lord Howe falls back from UTC+11 to UTC+10:30 at 02:00 local: 01:30-02:00 happens twice.
    expect(runs('cron(45 1 ? * * *)', '2026-04-04T00:00:00Z', '2026-04-06T00:00:00Z', 'Australia/Lord_Howe')).toEqual([
      '2026-04-04T14:45:00.000Z', // 01:45 on the 5th, UTC+11, first occurrence
      '2026-04-05T15:15:00.000Z', // 01:45 on the 6th, UTC+10:30
    ]);
  });
});

describe('the wall clock of an instant', () => {
  // wallClockAt reads format()'s six numbers; formatToParts() is the reading it must equal.
  const zones = ['Europe/Dublin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'Etc/GMT-14', 'UTC'];
  const instants = [
    Date.UTC(1970, 0, 1),
    Date.UTC(2027, 2, 28, 0, 59, 59), // a second before Europe's spring-forward
    Date.UTC(2027, 2, 28, 1, 0, 0),
    Date.UTC(2027, 9, 31, 0, 30, 0), // inside Europe's repeated hour
    Date.UTC(2031, 11, 31, 23, 59, 59),
    Date.UTC(2199, 5, 15, 12, 0, 1),
  ];
  // Every 7 hours 13 minutes across two years: every hour of the day, both sides of every transition.
  for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 26_000_000) instants.push(ms);

  it.each(zones)('equals formatToParts in %s', (zone) => {
    const formatter = formatterFor(zone);
    for (const ms of instants) expect([ms, wallClockAt(formatter, ms)]).toEqual([ms, wallClockFromParts(formatter, ms)]);
  });

  it('reads the numbers in the formatter\'s own order, whatever the locale puts first', () => {
    const options: Intl.DateTimeFormatOptions = { timeZone: 'Europe/Dublin', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' };
    const ms = Date.UTC(2027, 6, 4, 21, 5, 9);
    for (const locale of ['en-GB', 'ja-JP', 'de-DE', 'en-US']) {
      expect([locale, wallClockAt(new Intl.DateTimeFormat(locale, options), ms)]).toEqual([locale, { year: 2027, month: 7, day: 4, hour: 22, minute: 5, second: 9 }]);
    }
  });

  it('falls back to the parts when the text does not hold the six numbers', () => {
    const withoutSeconds = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    expect(wallClockAt(withoutSeconds, Date.UTC(2027, 0, 2, 3, 4, 5))).toEqual({ year: 2027, month: 1, day: 2, hour: 3, minute: 4, second: 0 });
  });

  it('reads midnight as hour 0, not 24', () => {
    expect(wallClockAt(formatterFor('UTC'), Date.UTC(2027, 0, 2))).toEqual({ year: 2027, month: 1, day: 2, hour: 0, minute: 0, second: 0 });
  });
});

describe('scheduleGap (core/rpo.ts): the one gap evaluator', () => {
  const gap = (expression: string, timeZone?: string) => {
    const minutes = scheduleGap(expression, timeZone).gapMinutes;
    return minutes === null ? undefined : minutes / 60;
  };

  it.each([
    ['cron(0 5 ? * * *)', 24],
    ['cron(0 * ? * * *)', 1],
    ['cron(0 5 ? * SUN *)', 168],
    ['cron(0 5 ? * MON-FRI *)', 72],
    ['cron(0 5 1 * ? *)', 744],
    ['cron(0 0/6 ? * * *)', 6],
  ])('%s runs at most every %i hours', (expression, hours) => {
    expect(gap(expression)).toBe(hours);
  });

  it('counts daylight-saving changes: a run skipped in the spring gap, a 25-hour day in autumn', () => {
    // 02:30 does not exist in Paris on the spring-forward Sunday: Saturday 01:30 UTC to Monday 00:30 UTC.
    expect(gap('cron(30 2 ? * * *)', 'Europe/Paris')).toBe(47);
    expect(gap('cron(0 12 ? * * *)', 'Europe/Paris')).toBe(25);
  });

  it('is undefined for a schedule that runs once', () => {
    expect(gap('cron(0 5 1 1 ? 2027)')).toBeUndefined();
  });
});
