/**
 * Fuzzing (fast-check, seeded): 1-3 random mutations of a generated valid config. The checker must
 * never throw; every problem it reports carries the config path of a field (one the schema
 * describes, or one the config holds, such as an unknown field), printed as the CLI prints it; and
 * most mutations must be rejected. A mutated config the checker still accepts must synthesize.
 * In 40% of the cases a last mutation adds a key no config may hold, in a map at any level: a
 * prototype-like key (__proto__, constructor, ...) anywhere, or a reserved aws: tag key anywhere but
 * in the maps that read tags; the config must then be rejected with an error at that key.
 *
 * FUZZ_SEED=<n> replays another seed, FUZZ_RUNS=<n> changes the number of cases (300 by default, 5,000 in `npm run test:fuzz`).
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { checkRawConfig, ConfigCheck } from '../../config';
import { formatProblem } from '../../config/issues';
import { configSchema } from '../../config/schema';
import { FAILED_JOB_STATES, RULE_LIMITS } from '../../core/limits';
import { draw, Draw, seeds, validConfig } from '../support/arbitraries';
import type { RawConfig } from '../support/configs';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, synthesize } from './pipeline';

const { int, chance, pick } = draw;

type Segment = string | number;
type Path = Segment[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

// ---------------------------------------------------------------------------------------------
// Walking the raw config
// ---------------------------------------------------------------------------------------------

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every node of the config with its path (the root excluded). */
function nodes(root: Node): { path: Path; value: Node }[] {
  const result: { path: Path; value: Node }[] = [];
  const visit = (value: Node, path: Path) => {
    if (path.length > 0) result.push({ path, value });
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(root, []);
  return result;
}

const parentOf = (root: Node, path: Path): Node => path.slice(0, -1).reduce((node, segment) => node[segment], root);

/** Sets a field as JSON.parse and the YAML loader do: an own property, even for "__proto__". */
function setField(target: Node, key: Segment, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setAt(root: Node, path: Path, value: unknown): void {
  setField(parentOf(root, path), path[path.length - 1], value);
}

/** Values at paths matching a pattern of segments ('*' matches any one segment). */
function matches(root: Node, pattern: readonly string[]): Path[] {
  return nodes(root)
    .map((node) => node.path)
    .filter((path) => path.length === pattern.length && pattern.every((segment, index) => segment === '*' || segment === String(path[index])));
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

const BAD_CRONS = [
  'cron(0 5 * * * *)',
  'cron(0 5 ? * ? *)',
  'rate(1 day)',
  'cron(* * ? * * *)',
  'cron(0/10 * ? * * *)',
  'cron(60 5 ? * * *)',
  'cron(0 24 ? * * *)',
  'cron(0 5 32 * ? *)',
  'cron(0 5 ? * 8 *)',
  'cron(0 5 ? * MON#6 *)',
  'cron(0 5 ? * * 1969)',
  'cron(0 5 ? * *)',
  'cron(0 5 ? * * * *)',
  '0 5 * * *',
  '',
  'cron()',
  'cron(0 5 ? JANUARY * *)',
];
const BAD_REGIONS = ['EU-WEST-1', 'eu-west', 'mars-north-1', 'eu_west_1', '', ' eu-west-1', 'eu-west-1 ', 'us-east-10', 'useast1', 'eu-west-9', 'us-south-1', 'ap-southeast-6', 'us-isob-west-1', 'us-iso-east-1', 'cn-north-1', 'us-gov-west-1']; // malformed, unknown to the pinned provider, of other partitions (or the config's own)
/** Names that exist on every object's prototype: a lookup `map[name]` finds them unless the code uses own properties only. */
const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__'];
const DANGLING = ['missing', 'Missing-Vault', ...PROTOTYPE_NAMES];
const BAD_NUMBERS = [-1, 0, 0.5, 7.5, 36_501, 1e9, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2];
const HUGE = 'x'.repeat(100_000);

interface Mutation {
  readonly kind: string;
  /** Applies the mutation; returns a description, or undefined when the config has nothing to mutate this way. */
  apply(config: RawConfig, g: Draw): string | undefined;
}

const anyNode = (config: RawConfig, g: Draw, keep: (value: Node) => boolean = () => true) => {
  const candidates = nodes(config).filter((node) => keep(node.value));
  return candidates.length > 0 ? pick(g, candidates) : undefined;
};
const show = (path: Path) => path.join('.');

function typo(key: string, g: Draw): string {
  if (key.length < 2) return `${key}x`;
  const index = int(g, 0, key.length - 2);
  switch (int(g, 0, 2)) {
    case 0:
      return key.slice(0, index) + key[index + 1] + key[index] + key.slice(index + 2); // swapped letters
    case 1:
      return key.slice(0, index) + key.slice(index + 1); // dropped letter
    default:
      return key.toUpperCase();
  }
}

/** A value of another JSON type than `value`. */
function otherType(value: Node, g: Draw): unknown {
  const choices: unknown[] = [42, 'text', true, [], {}, [value], { value }];
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  return pick(
    g,
    choices.filter((choice) => kind(choice) !== kind(value)),
  );
}

const MUTATIONS: readonly Mutation[] = [
  {
    kind: 'delete a field',
    apply(config, g) {
      const node = anyNode(config, g);
      if (!node) return undefined;
      const parent = parentOf(config, node.path);
      const key = node.path[node.path.length - 1];
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return `deleted ${show(node.path)}`;
    },
  },
  {
    kind: 'null',
    apply(config, g) {
      const node = anyNode(config, g);
      if (!node) return undefined;
      setAt(config, node.path, null);
      return `${show(node.path)} = null`;
    },
  },
  {
    kind: 'wrong type',
    apply(config, g) {
      const node = anyNode(config, g);
      if (!node) return undefined;
      const value = otherType(node.value, g);
      setAt(config, node.path, value);
      return `${show(node.path)} = ${JSON.stringify(value)?.slice(0, 60)}`;
    },
  },
  {
    kind: 'out-of-range number',
    apply(config, g) {
      const node = anyNode(config, g, (value) => typeof value === 'number');
      if (!node) return undefined;
      const value = pick(g, BAD_NUMBERS);
      setAt(config, node.path, value);
      return `${show(node.path)} = ${value}`;
    },
  },
  {
    kind: 'unknown field',
    apply(config, g) {
      const node = anyNode(config, g, isObject);
      const target = node?.value ?? config;
      const keys = Object.keys(target);
      const key = keys.length > 0 && chance(g, 0.5) ? typo(pick(g, keys), g) : pick(g, ['unexpected', 'Vaults', 'extra_field', ...PROTOTYPE_NAMES]);
      setField(target, key, pick(g, [1, 'value', {}, [], null]));
      return `added ${node ? `${show(node.path)}.` : ''}${key}`;
    },
  },
  {
    kind: 'huge string',
    apply(config, g) {
      const node = anyNode(config, g, (value) => typeof value === 'string' || isObject(value));
      if (!node) return undefined;
      if (typeof node.value === 'string') {
        setAt(config, node.path, chance(g, 0.5) ? HUGE : `${node.value}${'\u00e9\u0000\n'.repeat(int(g, 1, 50))}`);
        return `${show(node.path)} = huge string`;
      }
      const keys = Object.keys(node.value);
      if (keys.length === 0) return undefined;
      const key = pick(g, keys);
      const value = node.value[key];
      delete node.value[key];
      setField(node.value, `${key}${HUGE}`, value);
      return `renamed ${show(node.path)}.${key} to a huge key`;
    },
  },
  {
    kind: 'string at a length limit',
    apply(config, g) {
      const node = anyNode(config, g, (value) => typeof value === 'string');
      if (!node) return undefined;
      const length = pick(g, [1, 2, 40, 41, 50, 51, 52, 63, 64, 65, 128, 129, 256, 257, 1024, 1025]);
      setAt(config, node.path, (node.value.length > 0 ? node.value : 'x').padEnd(length, node.value.slice(-1) || 'x').slice(0, length));
      return `${show(node.path)} = ${length} characters`;
    },
  },
  {
    kind: 'list for map, map for list',
    apply(config, g) {
      const node = anyNode(config, g, (value) => isObject(value) || Array.isArray(value));
      if (!node) return undefined;
      const value = Array.isArray(node.value) ? Object.fromEntries(node.value.map((item: unknown, index: number) => [String(index), item])) : Object.values(node.value);
      setAt(config, node.path, value);
      return `${show(node.path)} = ${Array.isArray(value) ? 'its values as a list' : 'its items as a map'}`;
    },
  },
  {
    kind: 'empty value',
    apply(config, g) {
      const node = anyNode(config, g);
      if (!node) return undefined;
      const value = Array.isArray(node.value) ? [] : isObject(node.value) ? {} : typeof node.value === 'string' ? pick(g, ['', ' ', '\t']) : 0;
      setAt(config, node.path, value);
      return `${show(node.path)} = ${JSON.stringify(value)}`;
    },
  },
  {
    kind: 'bad cron',
    apply(config, g) {
      const paths = [...matches(config, ['plans', '*', 'rules', '*']), ...matches(config, ['restoreTesting', '*'])];
      if (paths.length === 0) return undefined;
      const path = [...pick(g, paths), 'schedule'];
      const value = pick(g, BAD_CRONS);
      setAt(config, path, value);
      return `${show(path)} = ${JSON.stringify(value)}`;
    },
  },
  {
    kind: 'bad Region',
    apply(config, g) {
      const paths = nodes(config)
        .filter((node) => (node.path[node.path.length - 1] === 'region' && typeof node.value === 'string') || (node.path[node.path.length - 2] === 'regions' && typeof node.value === 'string'))
        .map((node) => node.path);
      if (paths.length === 0) return undefined;
      const path = pick(g, paths);
      const value = pick(g, BAD_REGIONS);
      setAt(config, path, value);
      return `${show(path)} = ${JSON.stringify(value)}`;
    },
  },
  {
    kind: 'dangling reference',
    apply(config, g) {
      const value = pick(g, DANGLING);
      const references: Path[] = [
        ...matches(config, ['plans', '*', 'vault']),
        ...matches(config, ['plans', '*', 'rules', '*']).map((path) => [...path, 'vault']),
        ...matches(config, ['vaults', '*']).map((path) => [...path, 'kmsKey']),
        ...matches(config, ['accounts', '*', 'plans', '*']),
        ...matches(config, ['accounts', '*', 'unit']),
        ...matches(config, ['organization', 'managementAccount']),
        ...matches(config, ['organization', 'backupAccount']),
        ...matches(config, ['organization', 'policies', '*', 'targets', '*']),
        ...matches(config, ['organization', 'policies', '*', 'plans', '*']),
        ...matches(config, ['restoreTesting', '*', 'vaults', '*']),
      ];
      const copies = matches(config, ['plans', '*', 'rules', '*', 'copies', '*']);
      if (copies.length > 0 && chance(g, 0.3)) {
        const path = pick(g, copies);
        setAt(config, [...path.slice(0, -1), value], {});
        return `copy to ${value} in ${show(path.slice(0, -1))}`;
      }
      if (references.length === 0) return undefined;
      const path = pick(g, references);
      if (value === '__proto__') setField(parentOf(config, path), path[path.length - 1], value);
      else setAt(config, path, value);
      return `${show(path)} = ${JSON.stringify(value)}`;
    },
  },
  {
    kind: 'duplicate name',
    apply(config, g) {
      const keysOf = (map: unknown) => (isObject(map) ? Object.keys(map).filter((key) => isObject(map[key])) : []);
      const vaults = keysOf(config.vaults);
      const plans = keysOf(config.plans);
      const accounts = keysOf(config.accounts);
      const choice = int(g, 0, 2);
      if (choice === 0 && vaults.length > 0) {
        const [first] = vaults;
        const copy = structuredClone(config.vaults[first]);
        config.vaults[`${first}Copy`] = { ...copy, name: config.vaults[first].name ?? first };
        return `vaults.${first}Copy with the name of vaults.${first}`;
      }
      if (choice === 1 && plans.length > 0) {
        const [first] = plans;
        config.plans[`${first}Copy`] = { ...structuredClone(config.plans[first]), name: config.plans[first].name ?? first };
        return `plans.${first}Copy with the name of plans.${first}`;
      }
      if (accounts.length > 1) {
        config.accounts[accounts[1]].id = config.accounts[accounts[0]].id;
        return `accounts.${accounts[1]}.id = accounts.${accounts[0]}.id`;
      }
      return undefined;
    },
  },
  {
    kind: 'two copies to one vault',
    apply(config, g) {
      const copies = matches(config, ['plans', '*', 'rules', '*', 'copies', '*']).filter((path) => {
        const copy = parentOf(config, [...path, 'x']);
        return copy === null || isObject(copy);
      });
      if (copies.length === 0) return undefined;
      const path = pick(g, copies);
      const copy = parentOf(config, [...path, 'x']);
      const vault = copy?.vault ?? path[path.length - 1];
      setAt(config, [...path.slice(0, -1), `again${int(g, 0, 9)}`], { vault });
      return `${show(path.slice(0, -1))}: a second copy to ${vault}`;
    },
  },
  {
    kind: 'retention rule broken',
    apply(config, g) {
      const rules = matches(config, ['plans', '*', 'rules', '*']);
      const locks = matches(config, ['vaults', '*', 'lock']);
      const choice = int(g, 0, 4);
      if (choice === 4 && locks.length > 0) {
        const path = pick(g, locks);
        const lock = parentOf(config, [...path, 'x']);
        lock.mode = lock.mode === 'compliance' ? 'governance' : 'compliance';
        return `${show(path)}.mode flipped (changeableForDays ${lock.changeableForDays === undefined ? 'missing' : 'not allowed'})`;
      }
      if (choice === 3 && locks.length > 0) {
        const path = pick(g, locks);
        const lock = parentOf(config, [...path, 'x']);
        lock.maxRetentionDays = lock.minRetentionDays;
        return `${show(path)}.maxRetentionDays = minRetentionDays`;
      }
      if (rules.length === 0) return undefined;
      const path = pick(g, rules);
      const rule = parentOf(config, [...path, 'x']);
      if (choice === 0) {
        rule.lifecycle = { deleteAfterDays: 100, coldStorageAfterDays: int(g, 11, 60) };
        return `${show(path)}.lifecycle: cold storage less than 90 days before deletion`;
      }
      if (choice === 1) {
        rule.continuousBackup = true;
        rule.lifecycle = { deleteAfterDays: RULE_LIMITS.continuousBackupMaxRetentionDays + int(g, 1, 100) };
        return `${show(path)}: continuous backup kept more than 35 days`;
      }
      rule.lifecycle = { deleteAfterDays: RULE_LIMITS.deleteAfterDays.max + int(g, 1, 10) };
      return `${show(path)}.lifecycle.deleteAfterDays above ${RULE_LIMITS.deleteAfterDays.max}`;
    },
  },
  {
    kind: 'bad ARN',
    apply(config, g) {
      const paths = nodes(config)
        .filter((node) => typeof node.value === 'string' && node.value.startsWith('arn:'))
        .map((node) => node.path);
      if (paths.length === 0) return undefined;
      const path = pick(g, paths);
      const value = pick(g, ['not-an-arn', 'arn:aws:iam::12345:role/x', 'arn:aws:s3:::', 'arn::::', '*']);
      setAt(config, path, value);
      return `${show(path)} = ${JSON.stringify(value)}`;
    },
  },
  {
    kind: 'bad enum',
    apply(config, g) {
      const paths = nodes(config)
        .filter((node) => ['mode', 'protocol', 'preset', 'resourceType', 'backend', 'algorithm', 'windowsVss', 'partition'].includes(String(node.path[node.path.length - 1])))
        .map((node) => node.path);
      const states = matches(config, ['alerts', 'jobStates', '*']);
      if (paths.length === 0 && states.length === 0) return undefined;
      const path = pick(g, [...paths, ...states]);
      const value = pick(g, ['COMPLIANCE', 'weekly', 'daily-36', 'ebs', 'SUCCEEDED', ...FAILED_JOB_STATES.map((state) => state.toLowerCase())]);
      setAt(config, path, value);
      return `${show(path)} = ${JSON.stringify(value)}`;
    },
  },
  {
    kind: 'whole config replaced',
    apply(config, g) {
      if (!chance(g, 0.05)) return undefined; // rare: the loader refuses non-maps before the checker
      for (const key of Object.keys(config)) delete config[key];
      return 'every field removed';
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Mutations every config must be rejected for, at the path they touch
// ---------------------------------------------------------------------------------------------

/** Keys JavaScript objects already have (the loader must never let one reach a prototype). */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
/** Tag keys AWS reserves (section 10), in any case. */
const RESERVED_TAG_KEYS = ['aws:x', 'AWS:x', 'Aws:CreatedBy'];

/**
 * Maps that read tags rather than apply them: selection tags and conditions (AWS may have set the
 * tag: aws:cloudformation:stack-name), restore testing conditions, audit scope tags, and restore
 * metadata overrides (AWS-defined names). An aws: key is legal there.
 */
const READS_TAGS = [
  ['plans', '*', 'selections', '*', 'tags'],
  ['plans', '*', 'selections', '*', 'conditions', '*'],
  ['restoreTesting', '*', 'selections', '*', 'conditions', '*'],
  ['restoreTesting', '*', 'selections', '*', 'restoreMetadataOverrides'],
  ['audit', 'controls', '*', 'scope', 'tags'],
  // IAM condition keys of vault policy statements (aws:PrincipalAccount ...), SNS filter policy keys (free names).
  ['vaults', '*', 'accessPolicy', 'statements', '*', 'conditions', '*'],
  ['organization', 'central', 'accessPolicy', 'statements', '*', 'conditions', '*'],
  ['alerts', 'subscriptions', '*', 'filterPolicy'],
  ['alerts', 'subscriptions', '*', 'filterPolicy', '*'],
  ['alerts', 'subscriptions', '*', 'filterPolicy', '*', '*'],
];
const readsTags = (path: Path) => READS_TAGS.some((pattern) => pattern.length === path.length && pattern.every((segment, index) => segment === '*' || segment === String(path[index])));

interface Insertion {
  readonly kind: string;
  readonly path: Path;
  readonly description: string;
}

/** Adds a prototype-like or reserved tag key to one map of the config, at any level (the config itself included). */
function insertForbiddenKey(config: RawConfig, g: Draw): Insertion {
  const prototypeKey = chance(g, 0.5);
  const maps = [{ path: [] as Path, value: config as Node }, ...nodes(config).filter((node) => isObject(node.value) && (prototypeKey || !readsTags(node.path)))];
  const target = pick(g, maps);
  const key = pick(g, prototypeKey ? PROTOTYPE_KEYS : RESERVED_TAG_KEYS);
  setField(target.value, key, pick(g, ['x', {}, { vault: 'main' }]));
  const path = [...target.path, key];
  return { kind: prototypeKey ? 'prototype-like key' : 'reserved tag key', path, description: `added ${show(path)}` };
}

// ---------------------------------------------------------------------------------------------
// What a reported path must name
// ---------------------------------------------------------------------------------------------

type Schema = z.core.$ZodType;
type Def = { type?: string; innerType?: Schema; in?: Schema; shape?: Record<string, Schema>; valueType?: Schema; element?: Schema; options?: Schema[] };
const defOf = (schema: Schema): Def => schema._zod.def as Def;

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** True when the schema describes `segments` (a map key may itself contain dots, so span several segments). */
function inSchema(schema: Schema, segments: readonly string[], index = 0): boolean {
  if (index === segments.length) return true;
  const node = unwrap(schema);
  const def = defOf(node);
  switch (def.type) {
    case 'object': {
      const child = def.shape?.[segments[index]];
      return child !== undefined && inSchema(child, segments, index + 1);
    }
    case 'record':
      for (let end = index + 1; end <= segments.length; end++) if (inSchema(def.valueType!, segments, end)) return true;
      return false;
    case 'array':
      return /^\d+$/.test(segments[index]) && inSchema(def.element!, segments, index + 1);
    case 'union':
      return (def.options ?? []).some((option) => inSchema(option, segments, index));
    default:
      return false;
  }
}

/** True when the config holds `segments` (keys with dots may span several segments). */
function inConfig(value: Node, segments: readonly string[], index = 0): boolean {
  if (index === segments.length) return true;
  if (value === null || typeof value !== 'object') return false;
  for (let end = index + 1; end <= segments.length; end++) {
    const key = segments.slice(index, end).join('.');
    if (Object.hasOwn(value, key) && inConfig(value[key], segments, end)) return true;
  }
  return false;
}

/** Reasons a problem's path or format is not what the CLI should print; empty when it is. */
function pathDefects(problem: { path: string; message: string; severity: string }, raw: Node): string[] {
  const defects: string[] = [];
  const line = formatProblem(problem as never);
  if (typeof problem.message !== 'string' || problem.message.trim() === '') defects.push('has no message');
  if (problem.path === '') {
    defects.push('has no path');
  } else {
    const segments = problem.path.split('.');
    if (!inSchema(configSchema, segments) && !inConfig(raw, segments)) defects.push(`path ${problem.path} names no config field`);
  }
  if (line !== `${problem.severity === 'error' ? 'error  ' : 'warning'} ${problem.path ? `${problem.path}: ` : ''}${problem.message}`) defects.push(`prints as ${line}`);
  return defects;
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------


describe('mutated valid configs', () => {
  it(`never make the checker throw, and are rejected with field paths (${FUZZ_RUNS} cases)`, () => {
    const stats = { cases: 0, rejected: 0, accepted: 0, byKind: {} as Record<string, { applied: number; rejected: number }> };
    const forbiddenDepths = new Set<number>();
    fc.assert(
      fc.property(validConfig(), seeds(), (valid, seed) => {
        const g = new Draw(seed);
        const config = structuredClone(valid);
        const applied: { kind: string; description: string }[] = [];
        for (let attempt = 0, wanted = int(g, 1, 3); applied.length < wanted && attempt < 10; attempt++) {
          const mutation = pick(g, MUTATIONS);
          let description: string | undefined;
          try {
            description = mutation.apply(config, g);
          } catch {
            // An earlier mutation left nothing this one can work on (a rule replaced by null, say).
            description = `${mutation.kind} (partly applied)`;
          }
          if (description !== undefined) applied.push({ kind: mutation.kind, description });
        }
        // Last, so no other mutation removes it: a key every config must be rejected for.
        const forbidden = chance(g, 0.4) ? insertForbiddenKey(config, g) : undefined;
        if (forbidden) applied.push(forbidden);
        let check: ConfigCheck;
        try {
          check = checkRawConfig(config);
        } catch (cause) {
          throw new Error(`the checker threw after ${applied.map((m) => m.description).join('; ')}: ${cause instanceof Error ? cause.stack : String(cause)}`);
        }
        const defects = [...check.errors, ...check.warnings].flatMap((problem) => pathDefects(problem, config).map((defect) => `${formatProblem(problem)}: ${defect}`));
        if (defects.length > 0) throw new Error(`after ${applied.map((m) => m.description).join('; ')}:\n${defects.join('\n')}`);

        stats.cases += 1;
        const rejected = check.errors.length > 0;
        if (forbidden) {
          // Rejected at the key (or at a map above it that another mutation broke), never silently accepted.
          const where = show(forbidden.path);
          if (!check.errors.some((problem) => problem.path === where || (problem.path !== '' && where.startsWith(`${problem.path}.`)))) {
            throw new Error(`${forbidden.kind} not rejected at its path after ${applied.map((m) => m.description).join('; ')}:\n${check.errors.map(formatProblem).join('\n') || 'no error'}`);
          }
          forbiddenDepths.add(forbidden.path.length);
        }
        if (rejected) stats.rejected += 1;
        for (const { kind } of applied) {
          const entry = (stats.byKind[kind] = stats.byKind[kind] ?? { applied: 0, rejected: 0 });
          entry.applied += 1;
          if (rejected) entry.rejected += 1;
        }
        if (!rejected) {
          // Still valid: it must synthesize like any valid config (the rule pack may object).
          stats.accepted += 1;
          try {
            synthesize(check);
          } catch (cause) {
            throw new Error(`a config the checker accepts failed to synthesize after ${applied.map((m) => m.description).join('; ')}: ${cause instanceof Error ? cause.stack : String(cause)}`);
          }
        }
      }),
      fuzzParameters(),
    );
    if (process.env.FUZZ_STATS) console.log(stats);
    // Most mutations break a rule: at least half of the mutated configs are rejected.
    expect(stats.rejected / stats.cases).toBeGreaterThanOrEqual(0.5);
    // Forbidden keys went into maps at every level, from the config itself (1) to tag maps under rules (5) and deeper.
    expect([1, 2, 3, 4, 5, 6].filter((depth) => !forbiddenDepths.has(depth))).toEqual([]);
  }, FUZZ_TIMEOUT_MS);
});
