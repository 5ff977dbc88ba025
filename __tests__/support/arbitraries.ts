/**
 * fast-check arbitraries of VALID configs, for the fuzz tests (__tests__/fuzz).
 *
 * Valid means: `checkRawConfig` reports no error, and the compliance rule pack finds no
 * unsuppressed error in the synthesized stacks. Every limit comes from core/limits.ts and
 * modules/presets.ts; every value is chosen inside the range the rules allow, given the values
 * it depends on (a retention inside the target vault's lock, above the compliance minimum, at
 * least coldStorageAfterDays + 90, at most 35 days with continuous backup, ...).
 *
 * Each config is built from one seed that fast-check draws (fixed seed per run: FUZZ_SEED), through
 * a small PRNG, so that dependent structures (a copy's retention that must fit its destination's
 * lock) stay simple to write, and a config costs well under a millisecond to build (fc.gen() and
 * fc.stringMatching cost more than the checker itself). There is no shrinking: a failure reports
 * the seed and the generated config as is.
 */
import fc from 'fast-check';
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_NAME,
  AIR_GAPPED_MIN_RETENTION_DAYS,
  AUDIT_LIMITS,
  CENTRAL_AIR_GAPPED_VAULT_KEY,
  CENTRAL_VAULT_KEY,
  FAILED_JOB_STATES,
  KMS_LIMITS,
  LOCK_LIMITS,
  NAME_RULES,
  ORGANIZATION_ID_PATTERN,
  PARTITIONS,
  RESTORE_TESTING_LIMITS,
  REGION_SETTINGS_RESOURCE_TYPES,
  REGION_SETTINGS_MANAGEMENT_TYPES,
  RULE_LIMITS,
  ruleWindows,
  VAULT_NOTIFICATION_EVENTS,
  WINDOWS_VSS_VALUES,
} from '../../core/limits';
import { BACKUP_AVAILABILITY, regionsOfPartition } from '../../core/regions';
import { RULE_PRESETS, RulePresetName } from '../../modules/presets';
import { BACKUP_ESTATE_PREVENT_DESTROY } from '../../compliance/rules/ids';
import type { RawConfig } from './configs';
import { organizationExtras, singleAccountExtras, type Helpers } from './arbitraries-protection';

/**
 * Every choice of one generated config: a seeded xorshift32 PRNG. (Shifts and xors only: in jest's
 * sandbox Math.imul costs 300 ns a call, which made a mulberry32 the generator's main cost.)
 */
export class Draw {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0 || 0x2545f491;
    for (let warmUp = 0; warmUp < 4; warmUp++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x >>> 0;
  }
}
type G = Draw;

// ---------------------------------------------------------------------------------------------
// Small drawing helpers
// ---------------------------------------------------------------------------------------------

const int = (g: G, min: number, max: number): number => (max <= min ? min : min + (g.next() % (max - min + 1)));
/** True with probability `p` (0-1). */
const chance = (g: G, p: number): boolean => int(g, 0, 999) < p * 1000;
const pick = <T>(g: G, items: readonly T[]): T => items[int(g, 0, items.length - 1)];

/** One piece of a simple pattern: the characters it may take, and how many times. */
interface PatternPiece {
  readonly chars: string;
  readonly min: number;
  readonly max: number;
}

const CLASS_ESCAPES: Readonly<Record<string, string>> = { d: '0123456789' };

/**
 * The pieces of a pattern made of literals, \d and character classes with {m}, {m,n}, ?, * or +
 * (the limits.ts name patterns), or undefined for anything else (lookaheads, groups, ...).
 */
function patternPieces(source: string): PatternPiece[] | undefined {
  if (!source.startsWith('^') || !source.endsWith('$')) return undefined;
  const body = source.slice(1, -1);
  const pieces: PatternPiece[] = [];
  let index = 0;
  while (index < body.length) {
    let chars = '';
    const c = body[index];
    if (c === '[') {
      const end = body.indexOf(']', index + 1);
      if (end < 0 || body[index + 1] === '^') return undefined;
      const inner = body.slice(index + 1, end).replace(/\\(.)/g, (_, escaped: string) => CLASS_ESCAPES[escaped] ?? escaped);
      for (let i = 0; i < inner.length; i++) {
        if (inner[i + 1] === '-' && i + 2 < inner.length) {
          for (let code = inner.charCodeAt(i); code <= inner.charCodeAt(i + 2); code++) chars += String.fromCharCode(code);
          i += 2;
        } else chars += inner[i];
      }
      index = end + 1;
    } else if (c === '\\') {
      chars = CLASS_ESCAPES[body[index + 1]] ?? body[index + 1];
      index += 2;
    } else if ('()|.^$?*+{}'.includes(c)) {
      return undefined;
    } else {
      chars = c;
      index += 1;
    }
    let [min, max] = [1, 1];
    const quantifier = /^(\{(\d+)(,(\d+))?\}|\?|\*|\+)/.exec(body.slice(index));
    if (quantifier) {
      index += quantifier[0].length;
      if (quantifier[1] === '?') [min, max] = [0, 1];
      else if (quantifier[1] === '*') [min, max] = [0, 8];
      else if (quantifier[1] === '+') [min, max] = [1, 8];
      else [min, max] = [Number(quantifier[2]), quantifier[4] === undefined ? Number(quantifier[2]) : Number(quantifier[4])];
    }
    pieces.push({ chars, min, max });
  }
  return pieces;
}

const piecesCache = new Map<string, PatternPiece[]>();

/**
 * A string matching `pattern` (usually a limits.ts constant): up to 16 repetitions per piece, the
 * full range once in 20 draws, the longest length once in 10.
 * @throws Error for a pattern beyond literals, \d and character classes (a lookahead, say).
 */
function matching(g: G, pattern: RegExp): string {
  let pieces = piecesCache.get(pattern.source);
  if (pieces === undefined) {
    pieces = patternPieces(pattern.source);
    if (pieces === undefined) throw new Error(`arbitraries: cannot sample ${pattern}: use literals, \\d and character classes`);
    piecesCache.set(pattern.source, pieces);
  }
  const full = chance(g, 0.05);
  let result = '';
  for (const piece of pieces) {
    const max = full ? piece.max : Math.max(piece.min, Math.min(piece.max, 16));
    const length = int(g, 0, 9) === 0 ? max : int(g, piece.min, max);
    for (let i = 0; i < length; i++) result += piece.chars[int(g, 0, piece.chars.length - 1)];
  }
  if (!pattern.test(result)) throw new Error(`arbitraries: sampled "${result}", which does not match ${pattern}`);
  return result;
}

const HEX = '0123456789abcdef';
/** A random UUID (KMS key ids). */
const uuid = (g: G): string => [8, 4, 4, 4, 12].map((length) => Array.from({ length }, () => HEX[int(g, 0, 15)]).join('')).join('-');
/** A subset of `items` (in a random order) of `min` to `max` entries. */
function someOf<T>(g: G, items: readonly T[], min: number, max: number): T[] {
  const pool = [...items];
  for (let index = pool.length - 1; index > 0; index--) {
    const other = int(g, 0, index);
    [pool[index], pool[other]] = [pool[other], pool[index]];
  }
  return pool.slice(0, int(g, Math.min(min, pool.length), Math.min(max, pool.length)));
}
/** `value` or nothing (the field left out, to exercise the defaults). */
const maybe = <T>(g: G, p: number, make: () => T): T | undefined => (chance(g, p) ? make() : undefined);

/** Drops undefined fields, so that generated configs look like parsed YAML/JSON. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Regions, partitions, ids, names
// ---------------------------------------------------------------------------------------------

/** Regions by supported partition: every Region the pinned provider knows (core/regions.ts), and no other. */
export const REGIONS_BY_PARTITION: Readonly<Record<string, readonly string[]>> = Object.fromEntries(PARTITIONS.map((partition) => [partition, regionsOfPartition(partition)]));

/** Time zones with and without daylight saving time. */
const TIME_ZONES = ['Etc/UTC', 'UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'] as const;

/**
 * Valid config keys one letter's case away from Object.prototype members (which the checker refuses
 * as keys, config/raw-input.ts): the refusal must not reach names that only resemble them.
 */
const NEAR_PROTOTYPE_KEYS = ['Constructor', 'ToString', 'ValueOf', 'HasOwnProperty', 'IsPrototypeOf', 'ToLocaleString'] as const;

/**
 * Config map keys: the map's own prefix and index (so keys never collide) and an optional tail; the
 * first entry is sometimes named like an Object.prototype member but for the case of its first letter.
 */
function mapKey(g: G, prefix: string, index: number): string {
  if (index === 0 && chance(g, 0.03)) return pick(g, NEAR_PROTOTYPE_KEYS);
  const tail = chance(g, 0.5) ? matching(g, /^[A-Za-z0-9_]{1,8}$/) : '';
  return `${prefix}${index}${tail}`;
}

const accountId = (g: G): string => matching(g, ACCOUNT_ID_PATTERN);

/** `count` distinct 12-digit account ids. */
function accountIds(g: G, count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(accountId(g));
  return [...ids];
}

const roleName = (g: G): string => matching(g, NAME_RULES.role.pattern);

interface Estate {
  readonly partition: string;
  /** Every Region a stack may live in. */
  readonly regions: readonly string[];
  /** The account whose ARNs single-account resources use (any member account in an organization). */
  readonly accountId: string;
  readonly organization: boolean;
  /** Lowest retention the compliance rule pack accepts (compliance.minRetentionDays). */
  readonly minRetention: number;
}

function principalArn(g: G, estate: Estate): string {
  const account = estate.organization && chance(g, 0.5) ? '*' : estate.accountId;
  if (chance(g, 0.15)) return `arn:${estate.partition}:iam::${account}:root`;
  const kind = pick(g, ['role', 'user', 'role'] as const);
  return `arn:${estate.partition}:iam::${account}:${kind}/${roleName(g)}`;
}

const roleArn = (g: G, estate: Estate): string => `arn:${estate.partition}:iam::${estate.accountId}:role/${roleName(g)}`;

/** Tags: keys 1-128 characters (letters first, never the reserved aws: prefix), values 0-256. */
function tags(g: G, maxKeys = 3): Record<string, string> {
  const count = int(g, 1, maxKeys);
  const result: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const drawn = chance(g, 0.1) ? `t${'k'.repeat(int(g, 100, 127))}` : matching(g, /^[A-Za-z][A-Za-z0-9 _.:/=+@-]{0,20}$/);
    const key = /^aws:/i.test(drawn) ? `t${drawn.slice(1)}` : drawn; // no extra draw: the other cases stay as they were
    result[key] = chance(g, 0.05) ? 'v'.repeat(RULE_LIMITS.recoveryPointTagValueMaxLength) : matching(g, /^[A-Za-z0-9 _.:/=+@-]{0,20}$/);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Schedules: AWS cron expressions with a known longest gap (hours, evaluated in UTC)
// ---------------------------------------------------------------------------------------------

interface Schedule {
  readonly expression: string;
  /** Longest gap between two runs, in hours, in UTC. */
  readonly gapHours: number;
}

/**
 * Minutes and hours come from short lists: the rule pack and the audit controls compute each
 * schedule's longest gap over two years (memoized per schedule and time zone, 5-20 ms each: most
 * of the checker's time on a fresh schedule), so about 45 distinct schedules keep the fuzz run fast
 * while covering every shape of expression (core/cron.ts and core/cron-runs.ts has its own tests). A run that falls
 * into a daylight-saving gap is skipped, which at most doubles a gap: the RPO bound allows for it.
 */
const MINUTES = [0] as const;
const HOURS = [5, 23] as const;

/** A schedule that runs at least daily (the compliance pack wants a backup at least every maxFrequencyHours, 24 by default). */
function frequentSchedule(g: G): Schedule {
  const minute = pick(g, MINUTES);
  switch (int(g, 0, 4)) {
    case 0: {
      const every = pick(g, [2, 3, 4, 6, 8, 12]);
      return { expression: `cron(${minute} ${4 % every}/${every} ? * * *)`, gapHours: every };
    }
    case 1: {
      const [first, second] = pick(g, [[4, 16], [5, 12], [6, 23]] as const);
      return { expression: `cron(${minute} ${first},${second} ? * * *)`, gapHours: Math.max(second - first, 24 - (second - first)) };
    }
    case 2:
      return { expression: `cron(${minute} ${pick(g, HOURS)} * * ? *)`, gapHours: 24 };
    case 3:
      return { expression: `cron(${pick(g, [0, 30])} * ? * * *)`, gapHours: 1 };
    default:
      return { expression: `cron(${minute} ${pick(g, HOURS)} ? * * *)`, gapHours: 24 };
  }
}

/** Any valid schedule that runs at most hourly. */
function anySchedule(g: G): Schedule {
  const minute = pick(g, MINUTES);
  const hour = pick(g, HOURS);
  switch (int(g, 0, 6)) {
    case 0:
      return { expression: `cron(${minute} ${hour} ? * ${pick(g, ['MON-FRI', '2-6'])} *)`, gapHours: 72 };
    case 1:
      return { expression: `cron(${minute} ${hour} ? * ${pick(g, ['SUN', 'WED', '1', '7'])} *)`, gapHours: 168 };
    case 2:
      return { expression: `cron(${minute} ${hour} ${pick(g, [1, 15, 28])} * ? *)`, gapHours: 31 * 24 };
    case 3:
      return { expression: `cron(${minute} ${hour} L * ? *)`, gapHours: 31 * 24 };
    case 4:
      return { expression: `cron(${minute} ${hour} ? * ${pick(g, ['2#1', '6#3', '1L'])} *)`, gapHours: 35 * 24 };
    case 5:
      return { expression: `cron(${minute} ${hour} 1 ${pick(g, ['1/3', 'JAN,JUL'])} ? *)`, gapHours: 184 * 24 };
    default:
      return frequentSchedule(g);
  }
}

// ---------------------------------------------------------------------------------------------
// Vaults and locks
// ---------------------------------------------------------------------------------------------

interface LockRange {
  readonly min: number;
  readonly max?: number;
}

interface VaultInfo {
  readonly key: string;
  /** undefined: every Region of the account (organization templates). */
  readonly region?: string;
  readonly lock?: LockRange;
}

const MAX_DAYS = RULE_LIMITS.deleteAfterDays.max;

/** A lock whose range leaves room for the compliance minimum retention. */
function lock(g: G, estate: Estate): { config: RawConfig; range: LockRange } {
  const min = chance(g, 0.5) ? int(g, LOCK_LIMITS.minRetentionDays.min, estate.minRetention) : int(g, LOCK_LIMITS.minRetentionDays.min, 400);
  const floor = Math.max(min + 1, estate.minRetention);
  const max = chance(g, 0.25) ? undefined : chance(g, 0.1) ? LOCK_LIMITS.maxRetentionDays.max : int(g, floor, Math.max(floor, 2000));
  const compliance = chance(g, 0.5);
  const config = compact({
    mode: compliance ? 'compliance' : 'governance',
    minRetentionDays: min,
    maxRetentionDays: max,
    changeableForDays: compliance ? int(g, LOCK_LIMITS.changeableForDays.min, chance(g, 0.9) ? 30 : LOCK_LIMITS.changeableForDays.max) : undefined,
  });
  return { config, range: { min, max } };
}

/** Retentions a recovery point entering `range` may have, given the compliance minimum. */
function retentionBounds(range: LockRange | undefined, estate: Estate): [number, number] {
  return [Math.max(range?.min ?? 1, estate.minRetention, RULE_LIMITS.deleteAfterDays.min), Math.min(range?.max ?? MAX_DAYS, MAX_DAYS)];
}

/**
 * A lifecycle inside [low, high]: with cold storage (coldStorageAfterDays + 90 <= deleteAfterDays)
 * when the range allows it and `cold` is drawn.
 */
function lifecycle(g: G, [low, high]: [number, number], allowCold: boolean): RawConfig {
  const wantCold = allowCold && high >= 1 + RULE_LIMITS.coldStorageMinimumDays && chance(g, 0.35);
  if (!wantCold) {
    const deleteAfterDays = chance(g, 0.2) ? high : int(g, low, Math.min(high, low + 400));
    return compact({ deleteAfterDays, optInToArchiveForSupportedResources: chance(g, 0.05) ? false : undefined });
  }
  const coldStorageAfterDays = int(g, 1, Math.min(high - RULE_LIMITS.coldStorageMinimumDays, 365));
  const deleteAfterDays = int(g, Math.max(low, coldStorageAfterDays + RULE_LIMITS.coldStorageMinimumDays), high);
  return compact({ deleteAfterDays, coldStorageAfterDays, optInToArchiveForSupportedResources: chance(g, 0.3) ? true : undefined });
}

const withinRange = (days: number, [low, high]: [number, number]): boolean => days >= low && days <= high;

// ---------------------------------------------------------------------------------------------
// Rules, copies, selections, plans
// ---------------------------------------------------------------------------------------------

interface RuleContext {
  readonly estate: Estate;
  /** Vaults a copy may go to: every vault but the rule's own, plus the central vaults. */
  readonly copyTargets: readonly VaultInfo[];
  /** Backup policies schedule in UTC only. */
  readonly utcOnly: boolean;
}

interface BuiltRule {
  readonly config: RawConfig;
  /** An upper bound of the hours between two of its runs (a daylight-saving gap at most doubles one), for rpoTargetHours. */
  readonly gapBoundHours: number;
  /** Its completion window, in hours: a job may hold the resource that long (one job per resource at a time). */
  readonly completionHours: number;
  /** Its retention: for planRpoBound. */
  readonly retentionDays: number;
}

/**
 * An upper bound of a plan's worst-case RPO in hours, for rpoTargetHours: the best bound among the
 * rules no other rule of the plan is kept longer than or as long as; none (no target) without one. AWS Backup makes one backup, the
 * longer-kept rule's, when start windows overlap (core/rpo.ts withOverlapWinners), so a rule kept
 * shorter may lose any number of its runs to one long start window; those rules' runs all happen.
 */
function planRpoBound(rules: readonly BuiltRule[]): number | undefined {
  // Equal retention: either rule may lose a run to the other, run by run (core/rpo.ts tiedWith), so neither counts.
  // Continuous rules take part too: for types without continuous backup they are snapshot rules on their schedule (core/rpo.ts rulesAsRun).
  const undisplaced = rules.filter((rule) => !rules.some((other) => other !== rule && other.retentionDays >= rule.retentionDays));
  // One job per resource at a time (core/job-contention.ts): the previous job may hold the resource for its completion window, the
  // first run of the rule whose start window is still open then ends it within one gap, and the job that starts then may run as long.
  const longestCompletion = Math.max(...rules.map((rule) => rule.completionHours));
  return undisplaced.length === 0 ? undefined : Math.min(...undisplaced.map((rule) => rule.gapBoundHours + 2 * longestCompletion));
}

const PRESET_NAMES = Object.keys(RULE_PRESETS) as RulePresetName[];

function rule(g: G, context: RuleContext, target: VaultInfo, frequent: boolean, explicitVault: boolean): BuiltRule {
  const { estate } = context;
  const bounds = retentionBounds(target.lock, estate);
  const continuous = frequent && bounds[0] <= RULE_LIMITS.continuousBackupMaxRetentionDays && chance(g, 0.15);
  const ruleBounds: [number, number] = continuous ? [bounds[0], Math.min(bounds[1], RULE_LIMITS.continuousBackupMaxRetentionDays)] : bounds;

  // A preset when one fits (its schedule frequent enough for the first rule, its lifecycle in range or overridable).
  const presets = PRESET_NAMES.filter((name) => {
    const preset = RULE_PRESETS[name];
    if (frequent && name !== 'daily-35') return false;
    const cold = preset.lifecycle.coldStorageAfterDays;
    if (continuous && cold !== undefined) return false;
    return cold === undefined || cold + RULE_LIMITS.coldStorageMinimumDays <= ruleBounds[1];
  });
  const preset = presets.length > 0 && chance(g, 0.4) ? pick(g, presets) : undefined;
  const presetLifecycle = preset ? RULE_PRESETS[preset].lifecycle : undefined;

  let schedule: Schedule | undefined;
  let scheduleField: string | undefined;
  if (!preset || chance(g, 0.2)) {
    schedule = frequent ? frequentSchedule(g) : anySchedule(g);
    scheduleField = schedule.expression;
  } else {
    schedule = preset === 'daily-35' ? { expression: RULE_PRESETS[preset].schedule!, gapHours: 24 } : { expression: RULE_PRESETS[preset].schedule!, gapHours: 31 * 24 };
  }
  if (!preset && chance(g, 0.1) && !frequent) {
    // Left out: AWS's default schedule (daily).
    scheduleField = undefined;
    schedule = { expression: RULE_LIMITS.defaultSchedule, gapHours: 24 };
  }

  let lifecycleField: RawConfig | undefined;
  let retention: number;
  const presetDays = presetLifecycle?.deleteAfterDays;
  if (presetLifecycle && presetDays !== undefined && withinRange(presetDays, ruleBounds) && chance(g, 0.7)) {
    retention = presetDays;
  } else if (presetLifecycle?.coldStorageAfterDays !== undefined) {
    // Keep the preset's cold storage: delete at least 90 days after it.
    const low = Math.max(ruleBounds[0], presetLifecycle.coldStorageAfterDays + RULE_LIMITS.coldStorageMinimumDays);
    retention = int(g, low, ruleBounds[1]);
    lifecycleField = { deleteAfterDays: retention };
  } else {
    lifecycleField = lifecycle(g, ruleBounds, !continuous);
    retention = lifecycleField.deleteAfterDays as number;
  }

  const start = chance(g, 0.5) ? undefined : chance(g, 0.05) ? RULE_LIMITS.startWindowMinutes.max : int(g, RULE_LIMITS.startWindowMinutes.min, 720);
  const effectiveStart = start ?? RULE_LIMITS.startWindowMinutes.default;
  const completion = chance(g, 0.5) && effectiveStart < RULE_LIMITS.completionWindowMinutes.default ? undefined : effectiveStart + int(g, 1, 1440);
  // The windows the product computes (core/limits.ts ruleWindows): a completion window left out is 120 minutes beyond the start window, at
  // least 180, so 170 minutes to start leave 290 to complete, not 180 (the overlap's tie-break compares these).
  const effectiveCompletion = ruleWindows(effectiveStart, completion).completionWindowMinutes;
  const timezone = context.utcOnly ? (chance(g, 0.3) ? 'Etc/UTC' : undefined) : chance(g, 0.5) ? pick(g, TIME_ZONES) : undefined;

  // Copies: each fits its destination's lock, with its own lifecycle when the rule's does not.
  const copies: Record<string, RawConfig | null> = {};
  const destinations = someOf(g, context.copyTargets, 0, chance(g, 0.5) ? 2 : 0);
  destinations.forEach((destination, index) => {
    const destinationBounds = retentionBounds(destination.lock, estate);
    const inherit = withinRange(retention, destinationBounds) && chance(g, 0.6);
    const copy = compact({
      lifecycle: inherit ? undefined : lifecycle(g, destinationBounds, true),
    });
    const useKey = chance(g, 0.7) && !Object.hasOwn(copies, destination.key);
    const key = useKey ? destination.key : `copy${index}`;
    copies[key] = useKey ? (Object.keys(copy).length === 0 && chance(g, 0.3) ? null : copy) : { vault: destination.key, ...copy };
  });

  const config = compact({
    preset,
    vault: explicitVault ? target.key : undefined,
    schedule: scheduleField,
    scheduleTimezone: timezone,
    startWindowMinutes: start,
    completionWindowMinutes: completion,
    lifecycle: lifecycleField,
    continuousBackup: continuous ? true : chance(g, 0.05) ? false : undefined,
    recoveryPointTags: chance(g, 0.3) ? (context.utcOnly ? { retention: `${retention}d` } : tags(g)) : undefined,
    copies: Object.keys(copies).length > 0 ? copies : undefined,
  });
  // Skipped runs in a daylight-saving gap at most double a gap. Continuous backup is minutes only
  // for types that have it; the others the selections reach get snapshots on the schedule.
  return { config, gapBoundHours: 2 * schedule.gapHours + 1, completionHours: effectiveCompletion / 60, retentionDays: retention };
}

/** Resource ARNs a single-account plan in `region` can select (its own account and Region). */
function resourceArn(g: G, estate: Estate, region: string): string {
  const { partition, accountId: account } = estate;
  const name = matching(g, /^[a-z][a-z0-9-]{0,15}$/);
  const arn = pick(g, [
    `arn:${partition}:dynamodb:${region}:${account}:table/${name}`,
    `arn:${partition}:ec2:${region}:${account}:volume/vol-${name}`,
    `arn:${partition}:ec2:${region}:${account}:instance/i-${name}`,
    `arn:${partition}:rds:${region}:${account}:db:${name}`,
    `arn:${partition}:rds:${region}:${account}:cluster:${name}`,
    `arn:${partition}:elasticfilesystem:${region}:${account}:file-system/fs-${name}`,
    `arn:${partition}:s3:::${name}`,
  ]);
  return chance(g, 0.1) ? `${arn}*` : arn;
}

function selection(g: G, estate: Estate, region: string | undefined, tagsOnly: boolean): RawConfig {
  const tagValue = () => matching(g, /^[A-Za-z0-9_.:/=+@-]{1,12}$/);
  const selectionTags = () => {
    const result: Record<string, string | string[]> = {};
    for (let index = 0, count = int(g, 1, 2); index < count; index++) {
      result[`backup${index}`] = chance(g, 0.3) ? someOf(g, ['gold', 'silver', tagValue()], 1, 3) : tagValue();
    }
    return result;
  };
  const name = maybe(g, 0.2, () => `sel.${matching(g, NAME_RULES.selection.pattern).slice(0, 40)}`);
  if (tagsOnly) return compact({ tags: selectionTags() });
  const kind = int(g, 0, 3);
  // A role of one account: in an organization the plan runs in other accounts too, where IAM cannot pass it (config/role-accounts.ts). Drawn either way, so the cases after it stay the same.
  const drawnRole = maybe(g, 0.15, () => roleArn(g, estate));
  const role = estate.organization ? undefined : drawnRole;
  if (kind === 0) return compact({ name, role, tags: selectionTags() });
  if (kind === 1 || (kind === 3 && region === undefined)) {
    // Conditions (AND): one value per key for stringEquals, never also excluded by stringNotEquals.
    const equals = tagValue();
    const conditions = compact({
      stringEquals: { env: chance(g, 0.3) ? [equals] : equals },
      stringLike: maybe(g, 0.4, () => ({ team: `${tagValue()}*` })),
      stringNotEquals: maybe(g, 0.4, () => ({ env: `not-${equals}`, stage: tagValue() })),
      stringNotLike: maybe(g, 0.3, () => ({ 'aws:ResourceTag/temporary': '*' })),
    });
    // AWS refuses conditions without tags or resources: "*" (every resource whose tags match) or tags (OR-ed, then filtered).
    return compact({ name, role, ...(chance(g, 0.7) ? { resources: ['*'] } : { tags: selectionTags() }), conditions });
  }
  if (kind === 2 && region !== undefined) {
    const resources = [...new Set(Array.from({ length: int(g, 1, 3) }, () => resourceArn(g, estate, region)))];
    const notResources = resources.length > 1 && chance(g, 0.3) ? [resources[0]] : undefined;
    return compact({ name, role, resources, notResources, tags: chance(g, 0.15) ? selectionTags() : undefined });
  }
  return compact({ name, tags: selectionTags() });
}

// ---------------------------------------------------------------------------------------------
// Operations sections
// ---------------------------------------------------------------------------------------------

function alerts(g: G, estate: Estate, lambdaRegion: string | undefined): RawConfig {
  const subscriptions: Record<string, RawConfig> = {};
  for (let index = 0, count = int(g, 0, 2); index < count; index++) {
    const protocols = lambdaRegion !== undefined ? (['email', 'https', 'sqs', 'lambda'] as const) : (['email', 'https', 'sqs'] as const);
    const protocol = pick(g, protocols);
    const name = matching(g, /^[A-Za-z0-9_-]{1,20}$/);
    const endpoint = {
      email: `${name}@example.com`,
      https: `https://hooks.example.com/${name}`,
      sqs: `arn:${estate.partition}:sqs:${pick(g, estate.regions)}:${estate.accountId}:${name}`,
      lambda: `arn:${estate.partition}:lambda:${lambdaRegion}:${estate.accountId}:function:${name}`,
    }[protocol];
    subscriptions[mapKey(g, 's', index)] = { protocol, endpoint };
  }
  return compact({
    // The topic name also prefixes the EventBridge rules: at most 51 characters (modules/backup-alerts.ts).
    topicName: maybe(g, 0.3, () => matching(g, /^[A-Za-z0-9_-]{1,51}$/)),
    subscriptions: Object.keys(subscriptions).length > 0 || chance(g, 0.5) ? subscriptions : undefined,
    jobStates: maybe(g, 0.3, () => someOf(g, FAILED_JOB_STATES, 1, 3)),
    alarms: maybe(g, 0.3, () => chance(g, 0.5)),
    vaultEvents: maybe(g, 0.3, () => someOf(g, VAULT_NOTIFICATION_EVENTS, 1, 5)),
  });
}

/** ARNs of the restore testing resource types (any Region: the construct checks the type only). */
const RESTORE_ARNS: Readonly<Partial<Record<string, (estate: Estate, region: string) => string>>> = {
  EBS: (e, r) => `arn:${e.partition}:ec2:${r}:${e.accountId}:volume/vol-0abc`,
  EC2: (e, r) => `arn:${e.partition}:ec2:${r}:${e.accountId}:instance/i-0abc`,
  RDS: (e, r) => `arn:${e.partition}:rds:${r}:${e.accountId}:db:orders`,
  Aurora: (e, r) => `arn:${e.partition}:rds:${r}:${e.accountId}:cluster:orders`,
  DynamoDB: (e, r) => `arn:${e.partition}:dynamodb:${r}:${e.accountId}:table/orders`,
  EFS: (e, r) => `arn:${e.partition}:elasticfilesystem:${r}:${e.accountId}:file-system/fs-0abc`,
  S3: (e) => `arn:${e.partition}:s3:::restore-test-bucket`,
};

function restoreTesting(g: G, estate: Estate, vaultKeys: readonly string[]): Record<string, RawConfig> {
  const plans: Record<string, RawConfig> = {};
  for (let index = 0, count = int(g, 1, 2); index < count; index++) {
    const selections: Record<string, RawConfig> = {};
    for (let s = 0, selectionCount = int(g, 1, 2); s < selectionCount; s++) {
      const resourceType = pick(g, RESTORE_TESTING_LIMITS.protectedResourceTypes);
      const arn = RESTORE_ARNS[resourceType];
      const byArn = chance(g, 0.5);
      selections[mapKey(g, 'sel', s)] = compact({
        resourceType,
        resources: byArn ? (arn && chance(g, 0.7) ? [arn(estate, pick(g, estate.regions))] : ['*']) : undefined,
        conditions: byArn ? undefined : compact({ stringEquals: { backup: 'gold' }, stringNotEquals: maybe(g, 0.3, () => ({ restore: 'skip' })) }),
        validationWindowHours: maybe(g, 0.5, () => int(g, RESTORE_TESTING_LIMITS.validationWindowHours.min, RESTORE_TESTING_LIMITS.validationWindowHours.max)),
        restoreMetadataOverrides: maybe(g, 0.2, () => ({ dbsubnetgroupname: 'restore-tests' })),
      });
    }
    plans[mapKey(g, 'rt', index)] = compact({
      schedule: maybe(g, 0.4, () => anySchedule(g).expression),
      scheduleTimezone: maybe(g, 0.3, () => pick(g, TIME_ZONES)),
      startWindowHours: maybe(g, 0.4, () => int(g, RESTORE_TESTING_LIMITS.startWindowHours.min, RESTORE_TESTING_LIMITS.startWindowHours.max)),
      algorithm: maybe(g, 0.3, () => pick(g, RESTORE_TESTING_LIMITS.algorithms)),
      vaults: vaultKeys.length > 0 ? maybe(g, 0.3, () => someOf(g, vaultKeys, 1, 2)) : undefined,
      recoveryPointTypes: maybe(g, 0.3, () => someOf(g, RESTORE_TESTING_LIMITS.recoveryPointTypes, 1, 2)),
      selectionWindowDays: maybe(g, 0.4, () => int(g, RESTORE_TESTING_LIMITS.selectionWindowDays.min, RESTORE_TESTING_LIMITS.selectionWindowDays.max)),
      selections,
    });
  }
  return plans;
}

/**
 * Audit Manager: a few controls with valid parameters; `bucketName` only when one stack creates the bucket (S3 names
 * are global), `existingBucket` only in one account (AWS delivers reports only to a bucket of the report plan's account).
 */
function audit(g: G, estate: Estate, singleStack: boolean, oneAccount: boolean): RawConfig {
  const controls: Record<string, RawConfig | null> = {};
  if (chance(g, 0.4)) controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK = { parameters: { requiredRetentionDays: int(g, 1, estate.minRetention) } };
  if (chance(g, 0.3)) controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION = { parameters: { crossRegionList: [pick(g, estate.regions)] } };
  if (chance(g, 0.2)) controls.RESTORE_TIME_FOR_RESOURCES_MEET_TARGET = null;
  // A resource type scope, where AWS offers one (the controls of plans, vaults and recovery points take tags only).
  if (chance(g, 0.2)) controls.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN = { scope: { resourceTypes: ['EBS'] } };
  const bucket = matching(g, /^[a-z0-9][a-z0-9-]{2,30}[a-z0-9]$/);
  const where = int(g, 0, 2);
  return compact({
    frameworkName: maybe(g, 0.3, () => matching(g, AUDIT_LIMITS.name.pattern).slice(0, 60)),
    controls: Object.keys(controls).length > 0 ? controls : undefined,
    reports: chance(g, 0.3)
      ? undefined
      : compact({
          bucketName: where === 1 && singleStack ? `reports-${bucket}` : undefined,
          existingBucket: where === 2 && oneAccount ? `existing-${bucket}` : undefined,
          expireAfterDays: maybe(g, 0.3, () => int(g, 1, 3650)),
          templates: maybe(g, 0.3, () => someOf(g, AUDIT_LIMITS.reportTemplates, 1, 5)),
          formats: maybe(g, 0.4, () => someOf(g, AUDIT_LIMITS.reportFormats, 1, 2)),
        }),
  });
}

function regionSettings(g: G): RawConfig {
  return compact({
    optIn: maybe(g, 0.5, () => someOf(g, REGION_SETTINGS_RESOURCE_TYPES, 0, 4)),
    management: maybe(g, 0.5, () => Object.fromEntries(someOf(g, REGION_SETTINGS_MANAGEMENT_TYPES, 1, 2).map((type) => [type, chance(g, 0.5)]))),
  });
}

function state(g: G, estate: Estate): RawConfig | undefined {
  if (chance(g, 0.6)) return undefined;
  if (chance(g, 0.3)) return { backend: 'local' };
  const locking = maybe(g, 0.5, () => pick(g, ['lockfile', 'dynamodb'] as const));
  return compact({
    backend: 's3',
    bucket: `tf-state-${matching(g, /^[a-z0-9]{3,12}$/)}`,
    region: pick(g, estate.regions),
    // Segments joined by single slashes: Terraform's S3 backend refuses a key with "//" or a leading "/" (config/organization-rules.ts).
    keyPrefix: maybe(g, 0.3, () => [matching(g, /^[a-z0-9_-]{1,12}$/), ...(chance(g, 0.3) ? [matching(g, /^[a-z0-9_-]{1,8}$/)] : [])].join('/')),
    locking,
    dynamodbTable: locking === 'dynamodb' ? 'terraform-locks' : undefined,
    roleArn: maybe(g, 0.2, () => roleArn(g, estate)),
  });
}

interface Extras {
  /** Suppressions the config needs (preventDestroy opt-outs). */
  readonly suppressions: RawConfig[];
}

function compliance(g: G, estate: Estate, extras: Extras, minRetentionWritten: boolean): RawConfig | undefined {
  const suppressions = [...extras.suppressions];
  if (chance(g, 0.1)) {
    suppressions.push({ rule: 'SECURITY-HUB-BACKUP-2', reason: 'recovery points inherit the plan tags through the organization tag policy' });
  }
  const maxFrequencyHours = maybe(g, 0.2, () => int(g, 24, 168));
  if (!minRetentionWritten && maxFrequencyHours === undefined && suppressions.length === 0 && chance(g, 0.7)) return undefined;
  return compact({
    minRetentionDays: minRetentionWritten ? estate.minRetention : undefined,
    maxFrequencyHours,
    suppressions: suppressions.length > 0 ? suppressions : undefined,
  });
}

const PREVENT_DESTROY_SUPPRESSION = {
  rule: BACKUP_ESTATE_PREVENT_DESTROY,
  reason: 'sandbox vaults and keys are rebuilt freely: nothing in them is kept',
};

// ---------------------------------------------------------------------------------------------
// Single-account estates
// ---------------------------------------------------------------------------------------------

function singleAccount(g: G): RawConfig {
  const partition = chance(g, 0.85) ? 'aws' : pick(g, ['aws-us-gov', 'aws-cn']);
  const pool = REGIONS_BY_PARTITION[partition];
  const regions = someOf(g, pool, 1, 3);
  const [primary] = regions;
  const minRetentionWritten = chance(g, 0.3);
  const estate: Estate = {
    partition,
    regions,
    accountId: accountId(g),
    organization: false,
    minRetention: minRetentionWritten ? int(g, 1, RULE_LIMITS.continuousBackupMaxRetentionDays) : 35,
  };
  const suppressions: RawConfig[] = [];
  let preventDestroyOff = false;
  const regionField = (region: string) => (region === primary && chance(g, 0.5) ? undefined : region);

  // Plans run in a subset of the Regions; vaults: one or two per plan Region, maybe DR vaults elsewhere.
  const planRegions = someOf(g, regions, 1, 2);
  const keys: Record<string, RawConfig> = {};
  const keyRegions: Record<string, string> = {};
  for (let index = 0, count = chance(g, 0.3) ? int(g, 1, 2) : 0; index < count; index++) {
    const key = mapKey(g, 'k', index);
    const region = pick(g, regions);
    keyRegions[key] = region;
    const preventDestroy = chance(g, 0.05) ? false : undefined;
    if (preventDestroy === false) preventDestroyOff = true;
    keys[key] = compact({
      region: regionField(region),
      alias: maybe(g, 0.3, () => `alias/${matching(g, /^[A-Za-z0-9_-]{1,20}$/)}/${key}`),
      description: maybe(g, 0.2, () => `shared key ${key}`),
      deletionWindowInDays: maybe(g, 0.4, () => int(g, KMS_LIMITS.deletionWindowInDays.min, KMS_LIMITS.deletionWindowInDays.max)),
      // With the account root, through which the deployment role (security.deployRoleArn, when drawn) keeps kms:PutKeyPolicy: KMS's lockout check refuses the key otherwise.
      administrators: maybe(g, 0.2, () => [...new Set([principalArn(g, estate), `arn:${estate.partition}:iam::${estate.accountId}:root`])]),
      preventDestroy,
      tags: maybe(g, 0.2, () => tags(g)),
    });
  }

  const vaultInfos: VaultInfo[] = [];
  const vaults: Record<string, RawConfig> = {};
  const vaultRegions = [...planRegions, ...someOf(g, regions, 0, 2)];
  vaultRegions.forEach((region, index) => {
    const key = mapKey(g, 'v', index);
    const locked = chance(g, 0.5) ? lock(g, estate) : undefined;
    const sharedKeys = Object.keys(keys).filter((name) => keyRegions[name] === region);
    const encryption = int(g, 0, 3);
    const preventDestroy = chance(g, 0.05) ? false : undefined;
    if (preventDestroy === false) preventDestroyOff = true;
    vaults[key] = compact({
      name: maybe(g, 0.3, () => `${key}-${matching(g, /^[A-Za-z0-9_-]{1,30}$/)}`),
      region: regionField(region),
      kmsKey: encryption === 1 && sharedKeys.length > 0 ? pick(g, sharedKeys) : undefined,
      kmsKeyArn: encryption === 2 ? `arn:${partition}:kms:${region}:${estate.accountId}:key/${uuid(g)}` : undefined,
      lock: locked?.config,
      accessPolicy: chance(g, 0.3)
        ? undefined
        : compact({
            denyRecoveryPointDeletion: maybe(g, 0.2, () => chance(g, 0.7)),
            breakGlassPrincipals: maybe(g, 0.8, () => Array.from({ length: int(g, 0, 2) }, () => principalArn(g, estate))),
          }),
      forceDestroy: maybe(g, 0.1, () => chance(g, 0.5)),
      preventDestroy,
      tags: maybe(g, 0.2, () => tags(g)),
    });
    vaultInfos.push({ key, region, lock: locked?.range });
  });

  const plans: Record<string, RawConfig> = {};
  for (let index = 0, count = int(g, 1, 3); index < count; index++) {
    const key = mapKey(g, 'p', index);
    const region = pick(g, planRegions);
    const local = vaultInfos.filter((vault) => vault.region === region);
    const planVault = chance(g, 0.8) ? pick(g, local) : undefined;
    const rules: Record<string, RawConfig> = {};
    const bounds: BuiltRule[] = [];
    for (let r = 0, ruleCount = int(g, 1, 3); r < ruleCount; r++) {
      const target = planVault && chance(g, 0.8) ? planVault : pick(g, local);
      const built = rule(g, { estate, copyTargets: vaultInfos.filter((vault) => vault.key !== target.key), utcOnly: false }, target, r === 0, target !== planVault || chance(g, 0.1));
      rules[mapKey(g, 'r', r)] = built.config;
      bounds.push(built);
    }
    const selections: Record<string, RawConfig> = {};
    for (let s = 0, selectionCount = int(g, 1, 2); s < selectionCount; s++) selections[mapKey(g, 's', s)] = selection(g, estate, region, false);
    plans[key] = compact({
      name: maybe(g, 0.2, () => `${key}.${matching(g, /^[A-Za-z0-9_.-]{1,20}$/)}`),
      region: regionField(region),
      vault: planVault?.key,
      rpoTargetHours: planRpoBound(bounds) === undefined ? undefined : maybe(g, 0.3, () => Math.ceil(planRpoBound(bounds) as number) + int(g, 0, 24)),
      windowsVss: maybe(g, 0.1, () => pick(g, WINDOWS_VSS_VALUES)),
      rules,
      selections,
      tags: maybe(g, 0.2, () => tags(g)),
    });
  }

  if (preventDestroyOff) suppressions.push(PREVENT_DESTROY_SUPPRESSION);
  const singleStack = new Set([primary, ...vaultRegions, ...Object.values(keyRegions), ...Object.values(plans).map((plan) => (plan.region as string | undefined) ?? primary)]).size === 1;
  const context = { partition, accountId: estate.accountId, regions, minRetention: estate.minRetention };
  return lonePlansKeepTargets(singleAccountExtras(g, HELPERS, compact({
    $schema: maybe(g, 0.1, () => '../backup-config.schema.json'),
    version: 1,
    account: compact({
      id: estate.accountId,
      name: matching(g, ACCOUNT_NAME.pattern).slice(0, 20),
      region: primary,
      partition: partition === 'aws' && chance(g, 0.8) ? undefined : partition,
    }),
    state: state(g, estate),
    tags: maybe(g, 0.7, () => tags(g)),
    serviceRole: maybe(g, 0.3, () =>
      compact({
        name: maybe(g, 0.5, () => matching(g, NAME_RULES.role.pattern).slice(0, 40)),
        path: maybe(g, 0.3, () => `/${matching(g, /^[A-Za-z0-9_-]{1,10}$/)}/`),
        arn: maybe(g, 0.2, () => roleArn(g, estate)),
        permissionsBoundaryArn: maybe(g, 0.2, () => `arn:${partition}:iam::${estate.accountId}:policy/boundary`),
        tags: maybe(g, 0.2, () => tags(g)),
      }),
    ),
    keys: Object.keys(keys).length > 0 ? keys : undefined,
    vaults,
    plans,
    alerts: maybe(g, 0.2, () => alerts(g, estate, singleStack ? primary : undefined)),
    restoreTesting: maybe(g, 0.2, () => restoreTesting(g, estate, Object.keys(vaults))),
    audit: maybe(g, 0.1, () => audit(g, estate, singleStack, true)),
    regionSettings: maybe(g, 0.2, () => regionSettings(g)),
    compliance: compliance(g, estate, { suppressions }, minRetentionWritten),
    guard: maybe(g, 0.1, () => ({ allowedChanges: [{ stack: `x-${primary}`, address: 'aws_backup_vault.v', reason: 'moved to the new DR Region (CHG-42)' }] })),
  }), context));
}

// ---------------------------------------------------------------------------------------------
// Organization estates
// ---------------------------------------------------------------------------------------------

function organization(g: G): RawConfig {
  const partition = 'aws';
  const workloadRegions = someOf(g, REGIONS_BY_PARTITION.aws, 1, 2);
  const ids = accountIds(g, 4);
  const minRetentionWritten = chance(g, 0.3);
  const estate: Estate = {
    partition,
    regions: workloadRegions,
    accountId: ids[2],
    organization: true,
    minRetention: minRetentionWritten ? int(g, 1, RULE_LIMITS.continuousBackupMaxRetentionDays) : 35,
  };
  let preventDestroyOff = false;

  // Central backup account: vaults in every workload Region (so central copies are valid everywhere).
  const central = chance(g, 0.6)
    ? (() => {
        const locked = chance(g, 0.7) ? lock(g, estate) : undefined;
        const airGappedMin = int(g, AIR_GAPPED_MIN_RETENTION_DAYS, Math.max(AIR_GAPPED_MIN_RETENTION_DAYS, estate.minRetention));
        // Only where AWS Backup offers logically air-gapped vaults (elsewhere one is an error).
        const airGapped = chance(g, 0.4) && workloadRegions.every((region) => !BACKUP_AVAILABILITY.noAirGappedVault.includes(region)) ? { min: airGappedMin, max: int(g, Math.max(airGappedMin, estate.minRetention), 2000) } : undefined;
        const preventDestroy = chance(g, 0.05) ? false : undefined;
        if (preventDestroy === false) preventDestroyOff = true;
        const config = compact({
          regions: [...workloadRegions],
          vaultName: maybe(g, 0.3, () => `central-${matching(g, /^[A-Za-z0-9_-]{1,20}$/)}`),
          lock: locked?.config,
          accessPolicy: maybe(g, 0.7, () => ({ breakGlassPrincipals: [`arn:aws:iam::${ids[1]}:role/BackupBreakGlass`] })),
          // With the account root, through which the deploy role keeps kms:PutKeyPolicy (KMS's lockout check refuses the key otherwise).
          keyAdministrators: maybe(g, 0.2, () => [`arn:aws:iam::${ids[1]}:role/KeyAdmin`, `arn:aws:iam::${ids[1]}:root`]),
          airGapped: airGapped && compact({ vaultName: maybe(g, 0.3, () => `lag-${matching(g, /^[A-Za-z0-9_-]{1,20}$/)}`), minRetentionDays: airGapped.min, maxRetentionDays: airGapped.max }),
          preventDestroy,
        });
        return { config, lock: locked?.range, airGapped };
      })()
    : undefined;

  const keys: Record<string, RawConfig> = {};
  for (let index = 0, count = chance(g, 0.3) ? 1 : 0; index < count; index++) {
    keys[mapKey(g, 'k', index)] = compact({ deletionWindowInDays: maybe(g, 0.4, () => int(g, KMS_LIMITS.deletionWindowInDays.min, KMS_LIMITS.deletionWindowInDays.max)) });
  }
  // Template vaults (no region: created where a plan needs them) and fixed DR vaults.
  const vaultInfos: VaultInfo[] = [];
  const vaults: Record<string, RawConfig> = {};
  const templateCount = int(g, 1, 2);
  const drRegions = chance(g, 0.3) ? someOf(g, REGIONS_BY_PARTITION.aws, 1, 1) : [];
  [...Array.from({ length: templateCount }, () => undefined), ...drRegions].forEach((region, index) => {
    const key = mapKey(g, 'v', index);
    const locked = chance(g, 0.5) ? lock(g, estate) : undefined;
    const preventDestroy = chance(g, 0.05) ? false : undefined;
    if (preventDestroy === false) preventDestroyOff = true;
    const keyNames = Object.keys(keys);
    vaults[key] = compact({
      name: maybe(g, 0.3, () => `${key}-${matching(g, /^[A-Za-z0-9_-]{1,30}$/)}`),
      region,
      kmsKey: keyNames.length > 0 && region === undefined && chance(g, 0.6) ? pick(g, keyNames) : undefined,
      lock: locked?.config,
      accessPolicy: maybe(g, 0.7, () => ({ breakGlassPrincipals: ['arn:aws:iam::*:role/BackupBreakGlass'] })),
      preventDestroy,
    });
    vaultInfos.push({ key, region, lock: locked?.range });
  });
  const templates = vaultInfos.filter((vault) => vault.region === undefined);
  const centralTargets: VaultInfo[] = central
    ? [
        { key: CENTRAL_VAULT_KEY, lock: central.lock },
        ...(central.airGapped ? [{ key: CENTRAL_AIR_GAPPED_VAULT_KEY, lock: { min: central.airGapped.min, max: central.airGapped.max } }] : []),
      ]
    : [];

  const plans: Record<string, RawConfig> = {};
  const policyPlans: string[] = [];
  for (let index = 0, count = int(g, 1, 2); index < count; index++) {
    const key = mapKey(g, 'p', index);
    const enforced = chance(g, 0.3);
    if (enforced) policyPlans.push(key);
    const planVault = pick(g, templates);
    const rules: Record<string, RawConfig> = {};
    const bounds: BuiltRule[] = [];
    for (let r = 0, ruleCount = int(g, 1, 2); r < ruleCount; r++) {
      const target = chance(g, 0.8) ? planVault : pick(g, templates);
      const copyTargets = [...vaultInfos.filter((vault) => vault.key !== target.key), ...centralTargets];
      const built = rule(g, { estate, copyTargets, utcOnly: enforced }, target, r === 0, target !== planVault);
      rules[mapKey(g, 'r', r)] = built.config;
      bounds.push(built);
    }
    const selections: Record<string, RawConfig> = {};
    for (let s = 0, selectionCount = int(g, 1, 2); s < selectionCount; s++) selections[mapKey(g, 's', s)] = selection(g, estate, undefined, enforced);
    plans[key] = compact({
      vault: planVault.key,
      rpoTargetHours: planRpoBound(bounds) === undefined ? undefined : maybe(g, 0.2, () => Math.ceil(planRpoBound(bounds) as number) + int(g, 0, 24)),
      rules,
      selections,
    });
  }

  const planKeys = Object.keys(plans);
  const unit = chance(g, 0.6) ? 'workloads' : undefined;
  const workloadCount = int(g, 1, 2);
  const accounts: Record<string, RawConfig> = { mgmt: { id: ids[0] }, backup: { id: ids[1] } };
  const workloadKeys: string[] = [];
  for (let index = 0; index < workloadCount; index++) {
    const key = `w${index}${chance(g, 0.5) ? matching(g, /^[a-z0-9]{1,6}$/) : ''}`;
    workloadKeys.push(key);
    accounts[key] = compact({
      id: ids[2 + index],
      name: maybe(g, 0.2, () => `n${index}-${matching(g, /^[a-z0-9-]{1,10}$/)}`),
      regions: index === 0 ? [...workloadRegions] : someOf(g, workloadRegions, 1, 2),
      plans: someOf(g, planKeys, index === 0 ? 1 : 0, planKeys.length),
      unit,
      deployRoleArn: maybe(g, 0.1, () => `arn:aws:iam::${ids[2 + index]}:role/Deploy`),
    });
  }

  // Backup policies: built from the tag-only, UTC plans, in Regions every targeted account has.
  const policies: Record<string, RawConfig> = {};
  // One plan in one Region: a policy document holds at most 10,000 characters, and a plan with copies becomes one policy plan per Region.
  policyPlans.splice(1);
  if (policyPlans.length > 0) {
    const target = unit !== undefined && chance(g, 0.5) ? unit : pick(g, workloadKeys);
    const targeted = target === unit ? workloadKeys : [target];
    const common = workloadRegions.filter((region) => targeted.every((key) => (accounts[key].regions as string[]).includes(region)));
    if (common.length > 0) {
      policies.baseline = compact({
        description: maybe(g, 0.5, () => 'baseline backup plan of every workload account'),
        plans: policyPlans,
        regions: someOf(g, common, 1, 1),
        targets: [target],
      });
    }
  }

  const suppressions = preventDestroyOff ? [PREVENT_DESTROY_SUPPRESSION] : [];
  const context = { partition, accountId: estate.accountId, regions: workloadRegions, minRetention: estate.minRetention };
  return lonePlansKeepTargets(organizationExtras(g, HELPERS, compact({
    version: 1,
    organization: compact({
      id: matching(g, ORGANIZATION_ID_PATTERN),
      managementAccount: 'mgmt',
      backupAccount: 'backup',
      registerDelegatedAdministrator: maybe(g, 0.2, () => chance(g, 0.5)),
      region: maybe(g, 0.4, () => pick(g, REGIONS_BY_PARTITION.aws)),
      deployRoleName: maybe(g, 0.2, () => roleName(g)),
      units: unit !== undefined ? { [unit]: `ou-${matching(g, /^[a-z0-9]{4}$/)}-${matching(g, /^[a-z0-9]{8}$/)}` } : undefined,
      central: central?.config,
      policies: Object.keys(policies).length > 0 ? policies : undefined,
    }),
    accounts,
    state: state(g, estate),
    tags: maybe(g, 0.7, () => tags(g)),
    serviceRole: maybe(g, 0.2, () => ({ name: matching(g, NAME_RULES.role.pattern).slice(0, 40) })),
    keys: Object.keys(keys).length > 0 ? keys : undefined,
    vaults,
    plans,
    alerts: maybe(g, 0.15, () => alerts(g, estate, undefined)),
    restoreTesting: maybe(g, 0.15, () => restoreTesting(g, estate, Object.keys(vaults))),
    audit: maybe(g, 0.05, () => audit(g, estate, false, false)),
    regionSettings: maybe(g, 0.2, () => regionSettings(g)),
    compliance: compliance(g, estate, { suppressions }, minRetentionWritten),
  }), context, { unit, enforced: policyPlans }));
}

const HELPERS: Helpers<G> = { int, chance, pick, someOf };

// ---------------------------------------------------------------------------------------------
// Public arbitraries
// ---------------------------------------------------------------------------------------------

/** The seed of one generated config: uniform (fast-check's bias would repeat small seeds), never shrunk. */
export const seeds = (): fc.Arbitrary<number> => fc.noShrink(fc.noBias(fc.integer({ min: -0x80000000, max: 0x7fffffff })));

/** Valid single-account configs: 1-3 Regions, shared and dedicated keys, locks, 1-3 plans of 1-3 rules, copies. */
export const singleAccountConfig = (): fc.Arbitrary<RawConfig> => seeds().map((seed) => singleAccount(new Draw(seed)));

/** Valid organization configs: management, backup (central vaults) and 1-2 workload accounts in 1-2 Regions. */
export const organizationConfig = (): fc.Arbitrary<RawConfig> => seeds().map((seed) => organization(new Draw(seed)));

/**
 * Plans of one account and Region may select the same resources, and a job of one may hold a run of the other (core/plan-contention.ts):
 * planRpoBound reads one plan alone, so only a plan that meets no other keeps its target. A single account's plans meet by Region; an
 * organization's in the accounts that list them and where its policies deliver them (a plan listed and delivered meets its twin).
 */
function lonePlansKeepTargets(config: RawConfig): RawConfig {
  const plans = (config.plans ?? {}) as Record<string, RawConfig>;
  const keys = Object.keys(plans);
  const policies = Object.values(((config.organization as RawConfig | undefined)?.policies ?? {}) as Record<string, RawConfig>);
  const meets = (key: string): boolean => {
    if (config.organization !== undefined) return keys.length > 1 || policies.some((policy) => ((policy.plans ?? []) as string[]).includes(key));
    const region = (plan: RawConfig): unknown => plan.region ?? (config.account as RawConfig).region;
    return keys.some((other) => other !== key && region(plans[other] as RawConfig) === region(plans[key] as RawConfig));
  };
  for (const key of keys) if (meets(key)) delete (plans[key] as RawConfig).rpoTargetHours;
  return config;
}

/** Valid configs of either kind (3 single-account estates for 1 organization). */
export const validConfig = (): fc.Arbitrary<RawConfig> =>
  fc.oneof({ weight: 3, arbitrary: singleAccountConfig() }, { weight: 1, arbitrary: organizationConfig() });

/** The drawing helpers, for tests that derive more values from a generated config (mutations). */
export const draw = { int, chance, pick, someOf, matching };
