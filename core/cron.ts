/**
 * Dependency-free parser and evaluator for AWS cron expressions, as used by
 * AWS Backup plan rules and Amazon EventBridge:
 *
 *     cron(minutes hours day-of-month month day-of-week year)
 *
 * | field        | values               | special characters |
 * |--------------|----------------------|--------------------|
 * | minutes      | 0-59                 | , - * /            |
 * | hours        | 0-23                 | , - * /            |
 * | day-of-month | 1-31                 | , - * ? / L W      |
 * | month        | 1-12 or JAN-DEC      | , - * /            |
 * | day-of-week  | 1-7 (1 = SUN) or SUN-SAT | , - * ? L #    |
 * | year         | 1970-2199            | , - * /            |
 *
 * Exactly one of day-of-month and day-of-week must be `?`.
 *
 * Every parse error is reported as one sentence that starts lower-case, names
 * the field and echoes the offending text, so that callers can prefix it with
 * a configuration path (`plans.gold.rules.daily.schedule: <reason>`).
 */

export type DayOfMonthSpec =
  | { kind: 'any' } // '?' or '*'
  | { kind: 'days'; days: number[] } // sorted unique 1-31
  | { kind: 'last'; offset: number } // 'L' (offset 0) or 'L-n'
  | { kind: 'lastWeekday' } // 'LW'
  | { kind: 'nearestWeekday'; day: number }; // '15W'

export type DayOfWeekSpec =
  | { kind: 'any' }
  | { kind: 'days'; days: number[] } // sorted unique 1-7, 1 = Sunday
  | { kind: 'lastOfMonth'; day: number } // '5L'
  | { kind: 'nth'; day: number; nth: number }; // '6#3', nth 1-5

export interface AwsCronSchedule {
  /** The expression in canonical form: `cron(` + the six fields joined by single spaces + `)`. */
  expression: string;
  minutes: number[];
  hours: number[];
  months: number[];
  daysOfMonth: DayOfMonthSpec;
  daysOfWeek: DayOfWeekSpec;
  years: number[] | 'any';
}

export type CronParseResult = { ok: true; schedule: AwsCronSchedule } | { ok: false; reason: string };

// ---------------------------------------------------------------------------
// Field definitions
// ---------------------------------------------------------------------------

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELD_LIST = 'minutes hours day-of-month month day-of-week year';

interface FieldDef {
  /** Name used in messages. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted instead of numbers; index 0 stands for `min`. */
  readonly names?: readonly string[];
  /** What a single value must be, used in "is not ..." messages. */
  readonly what: string;
}

const MINUTES: FieldDef = { name: 'minutes', min: 0, max: 59, what: 'a number' };
const HOURS: FieldDef = { name: 'hours', min: 0, max: 23, what: 'a number' };
const DAY_OF_MONTH: FieldDef = { name: 'day-of-month', min: 1, max: 31, what: 'a number' };
const MONTH: FieldDef = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, what: 'a number or a name JAN-DEC' };
const DAY_OF_WEEK: FieldDef = {
  name: 'day-of-week',
  min: 1,
  max: 7,
  names: DAY_NAMES,
  what: 'a number or a name SUN-SAT',
};
const YEAR: FieldDef = { name: 'year', min: 1970, max: 2199, what: 'a number' };

/** Thrown internally to stop at the first problem; never escapes `parseAwsCron`. */
class CronSyntaxError extends Error {}

function q(text: string): string {
  return JSON.stringify(text);
}

function fail(reason: string): never {
  throw new CronSyntaxError(reason);
}

// ---------------------------------------------------------------------------
// Generic list / range / step parsing
// ---------------------------------------------------------------------------

function splitList(def: FieldDef, text: string): string[] {
  const items = text.split(',');
  if (items.some((item) => item === '')) {
    fail(`${def.name} field ${q(text)} has an empty list item`);
  }
  return items;
}

/** Parses one number or name (without range or step) and checks its bounds. */
function parseValue(def: FieldDef, valueText: string, item: string): number {
  let value: number | undefined;
  if (/^[0-9]+$/.test(valueText)) {
    value = Number(valueText);
  } else if (def.names !== undefined && /^[A-Za-z]+$/.test(valueText)) {
    const index = def.names.indexOf(valueText.toUpperCase());
    if (index >= 0) value = def.min + index;
  }
  if (value === undefined) {
    fail(`${def.name} field ${q(item)} is not ${def.what}`);
  }
  if (value < def.min || value > def.max) {
    fail(`${def.name} field ${q(item)} must be within ${def.min}-${def.max}`);
  }
  return value;
}

/** Parses `*`, `n`, `a-b`, `*\/s`, `n/s` or `a-b/s` into the values it selects. */
function parseItem(def: FieldDef, item: string): number[] {
  const slash = item.split('/');
  const base = slash[0] ?? '';
  let start: number;
  let end: number;
  if (base === '*') {
    start = def.min;
    end = def.max;
  } else {
    const bounds = base.split('-');
    if (bounds.length > 2) {
      fail(`${def.name} field ${q(item)} is not ${def.what}`);
    }
    start = parseValue(def, bounds[0] ?? '', item);
    if (bounds.length === 2) {
      end = parseValue(def, bounds[1] ?? '', item);
      if (start > end) {
        fail(`${def.name} field ${q(item)} must be an ascending range`);
      }
    } else {
      // `n/s` means "from n to the end of the field, every s".
      end = slash.length > 1 ? def.max : start;
    }
  }
  let step = 1;
  if (slash.length > 1) {
    const stepText = slash[1] ?? '';
    if (slash.length > 2 || !/^[0-9]+$/.test(stepText) || Number(stepText) < 1) {
      fail(`${def.name} field ${q(item)} must have a whole-number step of at least 1 after "/"`);
    }
    step = Number(stepText);
  }
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return values;
}

function sortedUnique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Rejects `?` and `#` (and `L`/`W` where no names exist) in a plain numeric field. */
function rejectSpecials(def: FieldDef, text: string): void {
  if (text.includes('?')) {
    fail(`${def.name} field ${q(text)} uses "?", which is only allowed in day-of-month and day-of-week`);
  }
  if (text.includes('#')) {
    fail(`${def.name} field ${q(text)} uses "#", which is only allowed in day-of-week`);
  }
  if (def.names === undefined) {
    const upper = text.toUpperCase();
    if (upper.includes('L')) {
      fail(`${def.name} field ${q(text)} uses "L", which is only allowed in day-of-month and day-of-week`);
    }
    if (upper.includes('W')) {
      fail(`${def.name} field ${q(text)} uses "W", which is only allowed in day-of-month`);
    }
  }
}

function parseNumericField(def: FieldDef, text: string): number[] {
  rejectSpecials(def, text);
  return sortedUnique(splitList(def, text).flatMap((item) => parseItem(def, item)));
}

function mustBeAlone(def: FieldDef, text: string, token: string): never {
  return fail(`${def.name} field ${q(text)} must use ${q(token)} on its own, not in a list`);
}

// ---------------------------------------------------------------------------
// Day-of-month and day-of-week
// ---------------------------------------------------------------------------

function parseDayOfMonth(text: string): DayOfMonthSpec {
  const def = DAY_OF_MONTH;
  if (text === '?' || text === '*') return { kind: 'any' };
  if (text.includes('#')) {
    fail(`${def.name} field ${q(text)} uses "#", which is only allowed in day-of-week`);
  }
  const items = splitList(def, text);
  const days: number[] = [];
  for (const item of items) {
    const upper = item.toUpperCase();
    if (item === '?') mustBeAlone(def, text, item);
    if (upper.includes('L')) {
      let spec: DayOfMonthSpec;
      if (upper === 'L') {
        spec = { kind: 'last', offset: 0 };
      } else if (upper === 'LW') {
        spec = { kind: 'lastWeekday' };
      } else {
        const match = /^L-([0-9]+)$/.exec(upper);
        const offset = match?.[1] === undefined ? NaN : Number(match[1]);
        if (!(offset >= 1 && offset <= 30)) {
          fail(`${def.name} field ${q(item)} must be "L", "L-" followed by a number from 1 to 30, or "LW"`);
        }
        spec = { kind: 'last', offset };
      }
      if (items.length > 1) mustBeAlone(def, text, item);
      return spec;
    }
    if (upper.includes('W')) {
      const match = /^([0-9]+)W$/.exec(upper);
      if (match?.[1] === undefined) {
        fail(`${def.name} field ${q(item)} must put "W" right after one day number, like "15W", or use "LW"`);
      }
      const day = parseValue(def, match[1], item);
      if (items.length > 1) mustBeAlone(def, text, item);
      return { kind: 'nearestWeekday', day };
    }
    days.push(...parseItem(def, item));
  }
  return { kind: 'days', days: sortedUnique(days) };
}

/** Parses the day before `L` or `#` in the day-of-week field (a number 1-7 or SUN-SAT). */
function parseWeekday(dayText: string, item: string, shapeError: string): number {
  if (!/^[0-9]+$/.test(dayText) && !/^[A-Za-z]{3}$/.test(dayText)) fail(shapeError);
  return parseValue(DAY_OF_WEEK, dayText, item);
}

function parseDayOfWeek(text: string): DayOfWeekSpec {
  const def = DAY_OF_WEEK;
  if (text === '?' || text === '*') return { kind: 'any' };
  const items = splitList(def, text);
  const days: number[] = [];
  for (const item of items) {
    const upper = item.toUpperCase();
    if (item === '?') mustBeAlone(def, text, item);
    if (/^([0-9]+|L)W$/.test(upper)) {
      fail(`${def.name} field ${q(item)} uses "W", which is only allowed in day-of-month`);
    }
    if (item.includes('#')) {
      const shapeError = `${def.name} field ${q(item)} must use "#" as day#week, like "6#3"`;
      const parts = item.split('#');
      const dayText = parts[0] ?? '';
      const nthText = parts[1] ?? '';
      if (parts.length !== 2 || dayText === '' || nthText === '') fail(shapeError);
      const day = parseWeekday(dayText, item, shapeError);
      const nth = /^[0-9]+$/.test(nthText) ? Number(nthText) : NaN;
      if (!(nth >= 1 && nth <= 5)) {
        fail(`${def.name} field ${q(item)} must have a week number from 1 to 5 after "#"`);
      }
      if (items.length > 1) mustBeAlone(def, text, item);
      return { kind: 'nth', day, nth };
    }
    if (upper.endsWith('L')) {
      // No day name ends in L, so a trailing L is always the "last" marker.
      const shapeError = `${def.name} field ${q(item)} must use "L" alone or right after one day, like "5L"`;
      const spec: DayOfWeekSpec =
        upper === 'L'
          ? { kind: 'days', days: [7] } // 'L' alone is the last day of the week: Saturday
          : { kind: 'lastOfMonth', day: parseWeekday(item.slice(0, -1), item, shapeError) };
      if (items.length > 1) mustBeAlone(def, text, item);
      return spec;
    }
    days.push(...parseItem(def, item));
  }
  return { kind: 'days', days: sortedUnique(days) };
}

// ---------------------------------------------------------------------------
// Public parser
// ---------------------------------------------------------------------------

export function parseAwsCron(expression: string): CronParseResult {
  const match = /^cron\(([^()]*)\)$/.exec(expression.trim());
  const inner = match?.[1];
  if (inner === undefined) {
    return { ok: false, reason: `must look like cron(${FIELD_LIST}); got ${q(expression)}` };
  }
  const fields = inner.trim() === '' ? [] : inner.trim().split(/\s+/);
  const [minutesText, hoursText, domText, monthText, dowText, yearText] = fields;
  if (
    fields.length !== 6 ||
    minutesText === undefined ||
    hoursText === undefined ||
    domText === undefined ||
    monthText === undefined ||
    dowText === undefined ||
    yearText === undefined
  ) {
    return { ok: false, reason: `must have 6 fields (${FIELD_LIST}); got ${fields.length}` };
  }
  try {
    const minutes = parseNumericField(MINUTES, minutesText);
    const hours = parseNumericField(HOURS, hoursText);
    const daysOfMonth = parseDayOfMonth(domText);
    const months = parseNumericField(MONTH, monthText);
    const daysOfWeek = parseDayOfWeek(dowText);
    const years = yearText === '*' ? 'any' : parseNumericField(YEAR, yearText);
    if ((domText === '?') === (dowText === '?')) {
      fail(`exactly one of day-of-month (${q(domText)}) and day-of-week (${q(dowText)}) must be "?"`);
    }
    return {
      ok: true,
      schedule: {
        expression: `cron(${fields.join(' ')})`,
        minutes,
        hours,
        months,
        daysOfMonth,
        daysOfWeek,
        years,
      },
    };
  } catch (error) {
    if (error instanceof CronSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Largest number of runs the schedule can fire within one clock hour (minutes.length). */
export function maxRunsPerHour(schedule: AwsCronSchedule): number {
  return schedule.minutes.length;
}

// ---------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** true when `name` is an IANA time zone that Intl accepts (e.g. 'Etc/UTC', 'Europe/Paris'); false for 'Mars/Base' or ''. */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(formatter: Intl.DateTimeFormat, utcMs: number): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(utcMs)) {
    switch (part.type) {
      case 'year':
        wall.year = Number(part.value);
        break;
      case 'month':
        wall.month = Number(part.value);
        break;
      case 'day':
        wall.day = Number(part.value);
        break;
      case 'hour':
        wall.hour = Number(part.value) % 24;
        break;
      case 'minute':
        wall.minute = Number(part.value);
        break;
      case 'second':
        wall.second = Number(part.value);
        break;
      default:
        break;
    }
  }
  return wall;
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in the zone (formatted as if it were UTC). */
function offsetAt(formatter: Intl.DateTimeFormat, utcMs: number): number {
  const wall = wallClockAt(formatter, utcMs);
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallMs - Math.floor(utcMs / 1000) * 1000;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The first UTC instant whose wall-clock time in the zone is `wallMs` (a wall-clock time
 * encoded as if it were UTC), or undefined when that wall-clock time is skipped by a gap.
 */
function firstInstantOf(formatter: Intl.DateTimeFormat, wallMs: number): number | undefined {
  const offsets = new Set([offsetAt(formatter, wallMs - DAY_MS), offsetAt(formatter, wallMs), offsetAt(formatter, wallMs + DAY_MS)]);
  let first: number | undefined;
  for (const offset of offsets) {
    const candidate = wallMs - offset;
    if (offsetAt(formatter, candidate) === offset && (first === undefined || candidate < first)) first = candidate;
  }
  return first;
}

// ---------------------------------------------------------------------------
// Calendar helpers (all on proleptic Gregorian dates, independent of zones)
// ---------------------------------------------------------------------------

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday ... 7 = Saturday. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function dayOfMonthMatches(spec: DayOfMonthSpec, year: number, month: number, day: number): boolean {
  switch (spec.kind) {
    case 'any':
      return true;
    case 'days':
      return spec.days.includes(day);
    case 'last':
      return day === daysInMonth(year, month) - spec.offset;
    case 'lastWeekday': {
      const last = daysInMonth(year, month);
      const lastWeekday = weekday(year, month, last);
      const target = lastWeekday === 7 ? last - 1 : lastWeekday === 1 ? last - 2 : last;
      return day === target;
    }
    case 'nearestWeekday': {
      const length = daysInMonth(year, month);
      if (spec.day > length) return false;
      const dow = weekday(year, month, spec.day);
      let target = spec.day;
      if (dow === 7) target = spec.day === 1 ? 3 : spec.day - 1; // Saturday: Friday, or Monday the 3rd
      if (dow === 1) target = spec.day === length ? spec.day - 2 : spec.day + 1; // Sunday: Monday, or Friday
      return day === target;
    }
  }
}

function dayOfWeekMatches(spec: DayOfWeekSpec, year: number, month: number, day: number): boolean {
  switch (spec.kind) {
    case 'any':
      return true;
    case 'days':
      return spec.days.includes(weekday(year, month, day));
    case 'lastOfMonth':
      return weekday(year, month, day) === spec.day && day + 7 > daysInMonth(year, month);
    case 'nth':
      return weekday(year, month, day) === spec.day && Math.ceil(day / 7) === spec.nth;
  }
}

// ---------------------------------------------------------------------------
// Occurrences
// ---------------------------------------------------------------------------

/**
 * Run times (as UTC Date objects, ascending) in [from, to), evaluating the fields as wall-clock
 * time in the IANA time zone `timeZone` (default 'Etc/UTC'), daylight-saving aware: a wall-clock
 * time skipped by a spring-forward gap does not fire; a repeated wall-clock time in a fall-back
 * hour fires once (the first occurrence). Iterates day by day over matching days only.
 *
 * @throws RangeError when `from` or `to` is an invalid date or `timeZone` is not a valid time zone.
 */
export function occurrences(schedule: AwsCronSchedule, from: Date, to: Date, timeZone = 'Etc/UTC'): Date[] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError('occurrences needs valid from and to dates');
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone ${q(timeZone)}`);
  const result: Date[] = [];
  if (fromMs >= toMs) return result;

  const formatter = formatterFor(timeZone);
  const years = schedule.years === 'any' ? undefined : new Set(schedule.years);
  const months = new Set(schedule.months);
  const end = wallClockAt(formatter, toMs);
  const lastYear = Math.min(YEAR.max, end.year);
  const endDayMs = Date.UTC(end.year, end.month - 1, end.day);

  const start = wallClockAt(formatter, fromMs);
  let year = start.year;
  let month = start.month;
  let day = start.day;
  if (year < YEAR.min) {
    year = YEAR.min;
    month = 1;
    day = 1;
  }

  while (year <= lastYear) {
    const dayMs = Date.UTC(year, month - 1, day);
    if (dayMs > endDayMs) break;
    if (years !== undefined && !years.has(year)) {
      year += 1;
      month = 1;
      day = 1;
      continue;
    }
    if (!months.has(month)) {
      [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
      continue;
    }
    if (dayOfMonthMatches(schedule.daysOfMonth, year, month, day) && dayOfWeekMatches(schedule.daysOfWeek, year, month, day)) {
      // The UTC instants of this local day lie within [dayMs - 14h, dayMs + 1 day + 12h]; when the
      // offset is the same at both ends, no transition happens that day and one offset fits all.
      const offsetBefore = offsetAt(formatter, dayMs - 15 * HOUR_MS);
      const offsetAfter = offsetAt(formatter, dayMs + DAY_MS + 15 * HOUR_MS);
      for (const hour of schedule.hours) {
        for (const minute of schedule.minutes) {
          const wallMs = dayMs + hour * HOUR_MS + minute * MINUTE_MS;
          const instant = offsetBefore === offsetAfter ? wallMs - offsetBefore : firstInstantOf(formatter, wallMs);
          if (instant !== undefined && instant >= fromMs && instant < toMs) result.push(new Date(instant));
        }
      }
    }
    if (day >= daysInMonth(year, month)) {
      [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
    } else {
      day += 1;
    }
  }
  return result.sort((a, b) => a.getTime() - b.getTime());
}

/** A fixed two-year window, so derived figures never depend on the day they are computed. */
const GAP_WINDOW = { from: Date.UTC(2027, 0, 1), to: Date.UTC(2029, 0, 1) };

/**
 * The longest time between two consecutive runs of a schedule, in hours, over a fixed two-year
 * window (daylight-saving changes included), or undefined when it runs fewer than twice.
 */
export function longestGapHours(schedule: AwsCronSchedule, timeZone = 'Etc/UTC'): number | undefined {
  // Memoized: an organization repeats the same few schedules in every account and Region.
  const key = `${schedule.expression}|${timeZone}`;
  if (gapCache.has(key)) return gapCache.get(key);
  const runs = occurrences(schedule, new Date(GAP_WINDOW.from), new Date(GAP_WINDOW.to), timeZone);
  let longest: number | undefined;
  for (let index = 1; index < runs.length; index++) {
    const gap = (runs[index].getTime() - runs[index - 1].getTime()) / 3_600_000;
    longest = longest === undefined ? gap : Math.max(longest, gap);
  }
  gapCache.set(key, longest);
  return longest;
}

const gapCache = new Map<string, number | undefined>();
