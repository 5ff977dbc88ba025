/**
 * Dependency-free parser for AWS cron expressions, as used by AWS Backup plan
 * rules and Amazon EventBridge (when a parsed schedule runs is core/cron-runs.ts):
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
/** Years a schedule can name; core/cron-runs.ts evaluates no run outside them. */
export const CRON_YEARS = { min: 1970, max: 2199 } as const;
const YEAR: FieldDef = { name: 'year', min: CRON_YEARS.min, max: CRON_YEARS.max, what: 'a number' };

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

/**
 * Parsed expressions: the checker, every construct of every stack, the rule pack and the RPO
 * evaluator parse the same few schedules again and again (an estate of 1,000 stacks, thousands of
 * times). Results are never modified, so one is shared by every caller.
 */
const parsed = new Map<string, CronParseResult>();
const MAX_CACHED_EXPRESSIONS = 10_000;

/** Parses an AWS cron expression (cached: the same expression gives the same, shared, result). */
export function parseAwsCron(expression: string): CronParseResult {
  const known = parsed.get(expression);
  if (known !== undefined) return known;
  const result = parseUncached(expression);
  if (parsed.size < MAX_CACHED_EXPRESSIONS) parsed.set(expression, result);
  return result;
}

function parseUncached(expression: string): CronParseResult {
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
