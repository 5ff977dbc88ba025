/**
 * When a parsed AWS cron schedule (core/cron.ts) runs: its run times between two instants as
 * wall-clock time in an IANA time zone, daylight-saving aware, the longest gap between runs, and
 * whether a time zone name is one Intl knows. Dependency-free: the time zones come from Intl.
 */
import { CRON_YEARS, type AwsCronSchedule, type DayOfMonthSpec, type DayOfWeekSpec } from './cron';

// ---------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter (one per zone, reused): numeric en-US, 24-hour clock. */
export function formatterFor(timeZone: string): Intl.DateTimeFormat {
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

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const NUMBERS = /\d+/g;
const FIELDS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);

/** The order of the six numbers in the formatter's text (en-US: month, day, year, hour, minute, second), read once from its parts. */
const fieldOrders = new WeakMap<Intl.DateTimeFormat, readonly (keyof WallClock)[]>();

function fieldOrder(formatter: Intl.DateTimeFormat): readonly (keyof WallClock)[] {
  let order = fieldOrders.get(formatter);
  if (order === undefined) {
    order = formatter
      .formatToParts(0)
      .map((part) => part.type)
      .filter((type): type is keyof WallClock => FIELDS.has(type));
    fieldOrders.set(formatter, order);
  }
  return order;
}

/**
 * The wall clock of an instant in the formatter's zone. format()'s numbers cost a third of
 * formatToParts() (a ten-year RPO asks the zone thousands of times); their order comes from the
 * formatter's own parts, and a text that does not hold exactly those six numbers falls back to the
 * parts, so no locale data update can misread a date.
 */
export function wallClockAt(formatter: Intl.DateTimeFormat, utcMs: number): WallClock {
  const order = fieldOrder(formatter);
  const numbers = formatter.format(utcMs).match(NUMBERS);
  if (order.length !== 6 || numbers?.length !== 6) return wallClockFromParts(formatter, utcMs);
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  order.forEach((field, index) => {
    wall[field] = Number(numbers[index]);
  });
  wall.hour %= 24;
  return wall;
}

/** The wall clock from formatToParts(): the slower, shape-independent reading. */
export function wallClockFromParts(formatter: Intl.DateTimeFormat, utcMs: number): WallClock {
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

/** Zones without daylight saving or offset: every instant's wall clock is its UTC time. */
const UTC_ZONES = new Set(['Etc/UTC', 'UTC', 'Etc/GMT', 'GMT', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'Etc/GMT+0', 'Etc/GMT-0', 'Etc/GMT0', 'GMT0']);

/**
 * The time zone name as the IANA database writes it when `name` is one of its names in another case ("europe/paris" ->
 * "Europe/Paris"), else undefined. Intl reads names in any case; AWS does not say it does (ScheduleExpressionTimezone documents
 * IANA names, and Java's ZoneId, among others, refuses "europe/paris").
 */
export function timeZoneInOtherCase(name: string): string | undefined {
  if (typeof name !== 'string' || !isValidTimeZone(name)) return undefined;
  const written = ianaNamesByLowerCase().get(name.toLowerCase());
  return written !== undefined && written !== name ? written : undefined;
}

/** The IANA names Intl knows and the UTC names, by their lower case: built once (a thousand stacks ask for each rule). */
let ianaNamesLower: ReadonlyMap<string, string> | undefined;
const ianaNamesByLowerCase = (): ReadonlyMap<string, string> =>
  (ianaNamesLower ??= new Map([...((Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? []), ...UTC_ZONES].map((zone) => [zone.toLowerCase(), zone])));

/** true for a name of UTC itself ('Etc/UTC', 'UTC', 'Etc/GMT', ...): its wall clock is UTC all year. */
export function isUtcTimeZone(name: string): boolean {
  return UTC_ZONES.has(name);
}

/** Offsets already computed, per formatter: schedules of one zone ask for the same day boundaries. */
const offsetMemo = new WeakMap<Intl.DateTimeFormat, Map<number, number>>();
const OFFSET_MEMO_LIMIT = 200_000;

/** Milliseconds to add to a UTC instant to get the wall-clock time in the zone (formatted as if it were UTC). */
function offsetAt(formatter: Intl.DateTimeFormat, utcMs: number): number {
  let memo = offsetMemo.get(formatter);
  if (memo === undefined) {
    memo = new Map();
    offsetMemo.set(formatter, memo);
  }
  const known = memo.get(utcMs);
  if (known !== undefined) return known;
  const wall = wallClockAt(formatter, utcMs);
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offset = wallMs - Math.floor(utcMs / 1000) * 1000;
  if (memo.size < OFFSET_MEMO_LIMIT) memo.set(utcMs, offset);
  return offset;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const steadyZones = new Map<string, boolean>();

/**
 * Whether the zone skips no wall-clock time from the start of `fromYear` for `years` years: UTC, and zones whose offset does not
 * change then (Asia/Tokyo). Elsewhere a daylight-saving change skips wall-clock times (02:00-03:00 on the last Sunday of March in
 * Europe/Paris) and a run due at one does not fire (occurrences), so what a schedule's fields alone say of its runs may not hold
 * there: `cron(30 2 ? 3 1L *)` names a date every year and never runs in Europe/Paris. Read from the zone's offset at noon UTC
 * of every day (cached per zone); an invalid zone answers true (its own check reports it).
 */
export function skipsNoWallTime(timeZone: string, fromYear: number, years: number): boolean {
  if (UTC_ZONES.has(timeZone) || !isValidTimeZone(timeZone)) return true;
  const key = `${timeZone}\u0000${fromYear}\u0000${years}`;
  let steady = steadyZones.get(key);
  if (steady === undefined) {
    const formatter = formatterFor(timeZone);
    const end = Date.UTC(fromYear + years, 0, 1);
    const first = offsetAt(formatter, Date.UTC(fromYear, 0, 1, 12));
    steady = true;
    for (let noon = Date.UTC(fromYear, 0, 1, 12) + DAY_MS; noon < end && steady; noon += DAY_MS) steady = offsetAt(formatter, noon) === first;
    steadyZones.set(key, steady);
  }
  return steady;
}

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

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Arithmetic, not a Date per call: the occurrence walk asks it of every day of a decade. */
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] as number);
}

const WEEKDAY_OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4] as const;

/** 1 = Sunday ... 7 = Saturday (Sakamoto's method on the proleptic Gregorian calendar). */
function weekday(year: number, month: number, day: number): number {
  const shifted = month < 3 ? year - 1 : year;
  return ((shifted + Math.floor(shifted / 4) - Math.floor(shifted / 100) + Math.floor(shifted / 400) + (WEEKDAY_OFFSETS[month - 1] as number) + day) % 7) + 1;
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
  return occurrenceTimes(schedule, from.getTime(), to.getTime(), timeZone).map((ms) => new Date(ms));
}

/** occurrences() as epoch milliseconds, ascending: what evaluations over years of runs iterate. */
export function occurrenceTimes(schedule: AwsCronSchedule, fromMs: number, toMs: number, timeZone = 'Etc/UTC'): number[] {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError('occurrences needs valid from and to dates');
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}`);
  const result: number[] = [];
  if (fromMs >= toMs) return result;

  const formatter = formatterFor(timeZone);
  // A zone that is UTC all year needs no formatting at all.
  const utc = UTC_ZONES.has(timeZone);
  const offsetOf = (ms: number): number => (utc ? 0 : offsetAt(formatter, ms));
  const wallOf = (ms: number): WallClock => {
    if (!utc) return wallClockAt(formatter, ms);
    const date = new Date(ms);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() };
  };
  const years = schedule.years === 'any' ? undefined : new Set(schedule.years);
  const months = new Set(schedule.months);
  const end = wallOf(toMs);
  const lastYear = Math.min(CRON_YEARS.max, end.year);
  const endDayMs = Date.UTC(end.year, end.month - 1, end.day);

  const start = wallOf(fromMs);
  let year = start.year;
  let month = start.month;
  let day = start.day;
  if (year < CRON_YEARS.min) {
    year = CRON_YEARS.min;
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
      // The UTC instants of this local day lie within [dayMs - 14h, dayMs + 1 day + 12h], inside
      // [dayMs - 15h, dayMs + 2 days - 15h]; when the offset is the same at its ends and midpoint,
      // no transition happens that day and one offset fits all. The points are the next day's too
      // (memoized by offsetAt), so a day of a daily schedule asks the zone once, not twice.
      const offsetBefore = offsetOf(dayMs - 15 * HOUR_MS);
      const offsetMiddle = offsetOf(dayMs + DAY_MS - 15 * HOUR_MS);
      const offsetAfter = offsetOf(dayMs + 2 * DAY_MS - 15 * HOUR_MS);
      const steady = offsetBefore === offsetMiddle && offsetMiddle === offsetAfter;
      for (const hour of schedule.hours) {
        for (const minute of schedule.minutes) {
          const wallMs = dayMs + hour * HOUR_MS + minute * MINUTE_MS;
          const instant = steady ? wallMs - offsetBefore : firstInstantOf(formatter, wallMs);
          if (instant !== undefined && instant >= fromMs && instant < toMs) result.push(instant);
        }
      }
    }
    if (day >= daysInMonth(year, month)) {
      [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
    } else {
      day += 1;
    }
  }
  // Days come in order and each day's times ascend, so only a daylight-saving day can leave the runs out of order: sort only then.
  for (let index = 1; index < result.length; index++) {
    if ((result[index] as number) < (result[index - 1] as number)) return result.sort((a, b) => a - b);
  }
  return result;
}
