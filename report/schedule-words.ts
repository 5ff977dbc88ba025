/**
 * AWS cron expressions in words, for reports: "every day at 05:00 UTC", "Monday to Friday at
 * 03:00 Europe/Dublin", "every 6 hours at minute 0 (00:00, 06:00, 12:00, 18:00)", "on the third
 * Friday of every month at 05:00 UTC". Anything without a plain reading (several minutes in an
 * hour, odd hour lists with day rules, invalid expressions) falls back to the expression with its
 * time zone: "cron(0/30 * ? * * *) (UTC)".
 */
import { type AwsCronSchedule, parseAwsCron } from '../core/cron';
import { isUtcTimeZone } from '../core/cron-runs';
import { andList } from '../core/order';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'] as const;

/** "UTC" for the UTC aliases (core/cron-runs.ts isUtcTimeZone), else the IANA name. */
export function timeZoneLabel(timezone: string): string {
  return isUtcTimeZone(timezone) ? 'UTC' : timezone;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}


function dayName(day: number): string {
  return DAY_NAMES[day - 1] ?? `day ${day}`;
}

/** Days of the week (1 = Sunday) as words: "Monday to Friday", "Saturday and Sunday", "Monday, Wednesday and Friday". */
function weekdaysWords(days: readonly number[]): { words: string; range: boolean } {
  // Monday-first positions 0-6, so that SAT,SUN and FRI-MON read naturally.
  const positions = days.map((day) => (day + 5) % 7).sort((a, b) => a - b);
  const fromPosition = (position: number) => dayName(((position + 1) % 7) + 1);
  if (positions.length >= 3 && positions.length < 7) {
    // A contiguous run, possibly wrapping past Sunday (Friday to Monday).
    for (let start = 0; start < positions.length; start++) {
      const rotated = [...positions.slice(start), ...positions.slice(0, start)];
      const first = rotated[0] ?? 0;
      if (rotated.every((position, index) => position === (first + index) % 7)) {
        return { words: `${fromPosition(first)} to ${fromPosition(rotated[rotated.length - 1] ?? first)}`, range: true };
      }
    }
  }
  return { words: andList(positions.map(fromPosition)), range: false };
}

function monthsWords(months: readonly number[]): string | undefined {
  if (months.length === 12) return undefined;
  return andList(months.map((month) => MONTH_NAMES[month - 1] ?? `month ${month}`));
}

function yearsWords(years: AwsCronSchedule['years']): string {
  if (years === 'any') return '';
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) return '';
  if (years.length > 1 && years.every((year, index) => year === first + index)) return ` in ${first}-${last}`;
  return ` in ${andList(years.map(String))}`;
}

/** The day part: "every day", "Monday to Friday", "every Sunday", "on day 1 of every month", ... undefined when unusual. */
function dayWords(schedule: AwsCronSchedule): string | undefined {
  const months = monthsWords(schedule.months);
  const ofMonths = months === undefined ? 'of every month' : `of ${months}`;
  const dom = schedule.daysOfMonth;
  const dow = schedule.daysOfWeek;
  if (dom.kind === 'any' && dow.kind === 'any') return months === undefined ? 'every day' : `every day in ${months}`;
  if (dom.kind === 'any') {
    const inMonths = months === undefined ? '' : ` in ${months}`;
    switch (dow.kind) {
      case 'days': {
        if (dow.days.length === 7) return `every day${inMonths}`;
        const { words, range } = weekdaysWords(dow.days);
        return range ? `${words}${inMonths}` : `every ${words}${inMonths}`;
      }
      case 'nth':
        return `on the ${ORDINALS[dow.nth - 1] ?? `${dow.nth}th`} ${dayName(dow.day)} ${ofMonths}`;
      case 'lastOfMonth':
        return `on the last ${dayName(dow.day)} ${ofMonths}`;
      default:
        return undefined;
    }
  }
  switch (dom.kind) {
    case 'days':
      if (dom.days.length === 31) return months === undefined ? 'every day' : `every day in ${months}`;
      if (dom.days.length === 1) return `on day ${dom.days[0]} ${ofMonths}`;
      if (dom.days.length >= 3 && dom.days.every((day, index) => day === (dom.days[0] ?? 0) + index)) {
        return `on days ${dom.days[0]} to ${dom.days[dom.days.length - 1]} ${ofMonths}`;
      }
      return `on days ${andList(dom.days.map(String))} ${ofMonths}`;
    case 'last':
      return dom.offset === 0 ? `on the last day ${ofMonths}` : `${dom.offset} day${dom.offset === 1 ? '' : 's'} before the last day ${ofMonths}`;
    case 'lastWeekday':
      return `on the last weekday ${ofMonths}`;
    case 'nearestWeekday':
      return `on the weekday nearest day ${dom.day} ${ofMonths}`;
    default:
      return undefined;
  }
}

/** Evenly spaced hours covering the whole day (every N hours), as N; undefined otherwise. */
function hourStep(hours: readonly number[]): number | undefined {
  if (hours.length < 2) return undefined;
  const step = 24 / hours.length;
  if (!Number.isInteger(step)) return undefined;
  return hours.every((hour, index) => hour === (hours[0] ?? 0) + index * step) ? step : undefined;
}

/**
 * The schedule in words, in its time zone ("UTC" for Etc/UTC). Falls back to
 * `cron(...) (<zone>)` for expressions without a plain reading or that do not parse.
 */
export function scheduleInWords(expression: string, timezone = 'Etc/UTC'): string {
  const zone = timeZoneLabel(timezone);
  const fallback = `${expression.trim()} (${zone})`;
  const parsed = parseAwsCron(expression);
  if (!parsed.ok) return fallback;
  const schedule = parsed.schedule;
  const minute = schedule.minutes[0];
  if (schedule.minutes.length !== 1 || minute === undefined) return fallback;
  const days = dayWords(schedule);
  if (days === undefined) return fallback;
  const years = yearsWords(schedule.years);
  const zoneSuffix = zone === 'UTC' ? '' : ` ${zone}`;

  if (schedule.hours.length === 24) {
    const hourly = `every hour at minute ${minute}${zone === 'UTC' ? '' : ` (${zone})`}`;
    return days === 'every day' ? `${hourly}${years}` : `${days}, ${hourly}${years}`;
  }
  const step = hourStep(schedule.hours);
  if (step !== undefined) {
    const times = schedule.hours.map((hour) => `${pad(hour)}:${pad(minute)}`).join(', ');
    const everyN = `every ${step} hours at minute ${minute} (${times}${zoneSuffix})`;
    return days === 'every day' ? `${everyN}${years}` : `${days}, ${everyN}${years}`;
  }
  const times = andList(schedule.hours.map((hour) => `${pad(hour)}:${pad(minute)}`));
  return `${days} at ${times} ${zone}${years}`;
}
