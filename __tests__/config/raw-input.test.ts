/**
 * What the checker refuses before the schema reads a config: keys that are JavaScript object
 * internals (in every map, as YAML and JSON deliver them), nesting too deep to read without
 * overflowing the stack, and aliases that make a config contain itself. Also: every map keyed by a
 * name that becomes a resource or construct id follows the key grammar (CONFIG_KEY).
 */
import type { z } from 'zod';
import { checkRawConfig } from '../../config';
import { parseConfigText } from '../../config/loader';
import { MAX_NESTING_DEPTH, RESERVED_KEYS } from '../../config/raw-input';
import { configKey, configSchema } from '../../config/schema';
import { baseConfig, configWith, findings, organizationWith, RawConfig } from '../support/configs';

type Mutation = (config: RawConfig) => void;
const rule = (c: RawConfig) => c.plans.gold.rules.daily;
const reserved = (path: string, key: string) =>
  `${path}: "${key}" cannot be a key: names of JavaScript object internals (__proto__, constructor, prototype, toString, ...) are refused everywhere in the config; rename it`;
const NESTING = `nests maps and lists more than ${MAX_NESTING_DEPTH} levels deep (a config needs at most 8): refused before it is read further`;

/** Sets `key` as JSON.parse and the yaml package do: an own property, even for __proto__. */
const setOwn = (target: object, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** A config from YAML text, as the loader reads it. */
const fromYaml = (text: string) => {
  const file = parseConfigText(text);
  expect(file.problems).toEqual([]);
  return file.raw;
};

const BASE_YAML = (vaults: string, copies: string) => `
version: 1
account: { id: "111122223333", name: test, region: eu-west-1 }
vaults:
  main:
    accessPolicy: { breakGlassPrincipals: ["arn:aws:iam::111122223333:role/BreakGlass"] }
${vaults}
plans:
  gold:
    vault: main
    rules:
      daily:
        schedule: cron(0 5 ? * * *)
        lifecycle: { deleteAfterDays: 35 }
${copies}
    selections:
      tagged: { tags: { backup: gold } }
`;

describe('__proto__ keys', () => {
  it('a vault keyed __proto__ in YAML is refused at its path (zod alone dropped it without a word)', () => {
    const raw = fromYaml(BASE_YAML('  __proto__:\n    region: eu-west-1', ''));
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
    expect(findings(raw).errors).toEqual([reserved('vaults.__proto__', '__proto__')]);
  });

  it('copies: { __proto__: {} } under a rule, in YAML, is refused at its path', () => {
    const raw = fromYaml(BASE_YAML('', '        copies: { __proto__: {} }'));
    expect(findings(raw).errors).toEqual([reserved('plans.gold.rules.daily.copies.__proto__', '__proto__')]);
  });

  it('copies: { "__proto__": {} } in JSON is refused at its path', () => {
    const config = baseConfig();
    const text = JSON.stringify(config).replace('"copies":{"dr":{}}', '"copies":{"__proto__":{"vault":"dr"}}');
    const file = parseConfigText(text, { format: 'json' });
    expect(file.problems).toEqual([]);
    expect(findings(file.raw).errors).toEqual([reserved('plans.gold.rules.daily.copies.__proto__', '__proto__')]);
  });

  it('never reaches a prototype: neither loader sets one, and nothing leaks into Object.prototype', () => {
    const yaml = fromYaml('version: 1\n__proto__: { polluted: yes }\ntags: { __proto__: { polluted: yes } }\n') as RawConfig;
    const json = parseConfigText('{"version":1,"__proto__":{"polluted":true},"tags":{"__proto__":{"polluted":true}}}', { format: 'json' }).raw as RawConfig;
    for (const raw of [yaml, json]) {
      expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(raw.tags)).toBe(Object.prototype);
      expect(Object.hasOwn(raw, '__proto__')).toBe(true);
      expect(findings(raw).errors.slice(0, 2)).toEqual([reserved('__proto__', '__proto__'), reserved('tags.__proto__', '__proto__')]);
    }
    expect(({} as RawConfig).polluted).toBeUndefined();
  });
});

describe('keys named like JavaScript object internals', () => {
  it('are the members of Object.prototype and prototype', () => {
    expect([...RESERVED_KEYS].sort()).toEqual(
      ['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '__proto__', 'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'prototype', 'toLocaleString', 'toString', 'valueOf'].sort(),
    );
  });

  /** [map, its path, how to reach it in the base config]. */
  const maps: [string, string, (c: RawConfig) => object][] = [
    ['the config itself', '', (c) => c],
    ['vaults', 'vaults', (c) => c.vaults],
    ['a vault (fields)', 'vaults.main', (c) => c.vaults.main],
    ['plans', 'plans', (c) => c.plans],
    ['rules', 'plans.gold.rules', (c) => c.plans.gold.rules],
    ['selections', 'plans.gold.selections', (c) => c.plans.gold.selections],
    ['copies', 'plans.gold.rules.daily.copies', (c) => rule(c).copies],
    ['a lifecycle (fields)', 'plans.gold.rules.daily.lifecycle', (c) => rule(c).lifecycle],
    ['default tags', 'tags', (c) => c.tags],
    ['recovery point tags', 'plans.gold.rules.daily.recoveryPointTags', (c) => (rule(c).recoveryPointTags = { retention: '35d' })],
    ['selection tags', 'plans.gold.selections.tagged.tags', (c) => c.plans.gold.selections.tagged.tags],
    ['keys', 'keys', (c) => (c.keys = {})],
    ['restore testing', 'restoreTesting', (c) => (c.restoreTesting = {})],
    ['alert subscriptions', 'alerts.subscriptions', (c) => ((c.alerts = { subscriptions: {} }), c.alerts.subscriptions)],
    ['audit controls', 'audit.controls', (c) => ((c.audit = { controls: {} }), c.audit.controls)],
  ];
  const keys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

  it.each(maps.flatMap(([name, path, reach]) => keys.map((key): [string, string, string, (c: RawConfig) => object] => [name, key, path, reach])))(
    '%s: "%s" is refused at its path, with no other error',
    (_name, key, path, reach) => {
      const config = configWith((c) => setOwn(reach(c), key, {}));
      expect(findings(config).errors).toEqual([reserved(path === '' ? key : `${path}.${key}`, key)]);
    },
  );

  it.each<[string, Mutation, string]>([
    ['accounts', (c) => setOwn(c.accounts, 'constructor', { id: '555555555555' }), 'accounts.constructor'],
    ['organizational units', (c) => setOwn(c.organization.units, 'toString', 'ou-a1b2-workload2'), 'organization.units.toString'],
    ['backup policies', (c) => setOwn(c.organization.policies, 'prototype', { plans: ['silver'], regions: ['eu-west-1'], targets: ['workloads'] }), 'organization.policies.prototype'],
  ])('organization %s: refused at its path', (_name, mutate, path) => {
    expect(findings(organizationWith(mutate)).errors).toEqual([reserved(path, path.split('.').pop()!)]);
  });

  it('restore testing selections, conditions and metadata overrides: refused at their paths', () => {
    const config = configWith((c) => {
      c.restoreTesting = { weekly: { selections: { ebs: { resourceType: 'EBS', conditions: { stringEquals: {} }, restoreMetadataOverrides: {} } } } };
      const ebs = c.restoreTesting.weekly.selections.ebs;
      setOwn(c.restoreTesting.weekly.selections, 'valueOf', {});
      setOwn(ebs.conditions.stringEquals, 'hasOwnProperty', 'x');
      setOwn(ebs.restoreMetadataOverrides, '__proto__', 'x');
    });
    expect(findings(config).errors).toEqual([
      reserved('restoreTesting.weekly.selections.ebs.conditions.stringEquals.hasOwnProperty', 'hasOwnProperty'),
      reserved('restoreTesting.weekly.selections.ebs.restoreMetadataOverrides.__proto__', '__proto__'),
      reserved('restoreTesting.weekly.selections.valueOf', 'valueOf'),
    ]);
  });

  it('are reported beside the schema problems of the rest of the config', () => {
    const config = configWith((c) => {
      setOwn(c.vaults, 'constructor', {});
      c.account.region = 'europe';
    });
    expect(findings(config).errors).toEqual([reserved('vaults.constructor', 'constructor'), 'account.region: must be an AWS Region code such as eu-west-1']);
  });

  it('are fine as values (a reference to an undeclared vault is reported as one)', () => {
    expect(findings(configWith((c) => (rule(c).vault = 'prototype'))).errors).toEqual(['plans.gold.rules.daily.vault: vault "prototype" is not declared in vaults or existingVaults (declared: main, dr)']);
  });
});

describe('the key grammar (CONFIG_KEY) of every map keyed by a name', () => {
  const BAD = 'bad key';
  const grammar = (path: string) => `${path}.${BAD}: name "${BAD}" must be 1-50 characters of A-Z a-z 0-9 _ -, starting with a letter`;
  it.each<[string, Mutation]>([
    ['vaults', (c) => (c.vaults[BAD] = c.vaults.main)],
    ['plans', (c) => (c.plans[BAD] = c.plans.gold)],
    ['plans.gold.rules', (c) => (c.plans.gold.rules[BAD] = rule(c))],
    ['plans.gold.selections', (c) => (c.plans.gold.selections[BAD] = c.plans.gold.selections.tagged)],
    ['plans.gold.rules.daily.copies', (c) => (rule(c).copies[BAD] = {})],
    ['keys', (c) => (c.keys = { [BAD]: {} })],
    ['restoreTesting', (c) => (c.restoreTesting = { [BAD]: { selections: {} } })],
    ['restoreTesting.weekly.selections', (c) => (c.restoreTesting = { weekly: { selections: { [BAD]: { resourceType: 'EBS', resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1'] } } } })],
    ['alerts.subscriptions', (c) => (c.alerts = { subscriptions: { [BAD]: { protocol: 'email', endpoint: 'ops@example.com' } } })],
  ])('%s', (path, mutate) => {
    expect(findings(configWith(mutate)).errors).toContain(grammar(path));
  });

  it.each<[string, Mutation]>([
    ['accounts', (c) => (c.accounts[BAD] = { id: '555555555555' })],
    ['organization.units', (c) => (c.organization.units[BAD] = 'ou-a1b2-workload2')],
    ['organization.policies', (c) => (c.organization.policies[BAD] = { plans: ['silver'], regions: ['eu-west-1'], targets: ['workloads'] })],
  ])('%s (organization)', (path, mutate) => {
    expect(findings(organizationWith(mutate)).errors).toContain(grammar(path));
  });

  /** Every map (record) of the schema: the name grammar, or what else keys it. */
  function records(schema: z.core.$ZodType, path: string, found: [string, string][] = []): [string, string][] {
    const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; keyType?: unknown; valueType?: z.core.$ZodType; element?: z.core.$ZodType; options?: z.core.$ZodType[] };
    if (def.innerType) return records(def.innerType, path, found);
    if (def.type === 'pipe' && def.in) return records(def.in, path, found);
    if (def.type === 'object') for (const [key, child] of Object.entries(def.shape ?? {})) records(child, path ? `${path}.${key}` : key, found);
    if (def.type === 'array') records(def.element!, path, found);
    if (def.type === 'union') for (const option of def.options ?? []) records(option, path, found);
    if (def.type === 'record') {
      found.push([path, def.keyType === configKey ? 'name' : 'free']);
      records(def.valueType!, `${path}.<key>`, found);
    }
    return found;
  }

  it('keys every map whose names become resource or construct ids with it; the others are tag keys or AWS names', () => {
    const byKind = (kind: string) =>
      records(configSchema, '')
        .filter(([, k]) => k === kind)
        .map(([path]) => path);
    expect(byKind('name')).toEqual([
      'organization.units',
      'organization.policies',
      'accounts',
      'existingVaults',
      'keys',
      'vaults',
      'plans',
      'plans.<key>.rules',
      'plans.<key>.rules.<key>.copies',
      'plans.<key>.selections',
      'alerts.subscriptions',
      'restoreTesting',
      'restoreTesting.<key>.selections',
      'audit.reportPlans',
    ]);
    // Tag keys (tag grammar; aws: refused where AWS applies the tags), condition keys, AWS-defined names
    // (policy statement ids, IAM condition operators and keys, SNS filter policy keys).
    expect(byKind('free')).toEqual([
      'organization.central.accessPolicy.statements',
      'organization.central.accessPolicy.statements.<key>.conditions',
      'organization.central.accessPolicy.statements.<key>.conditions.<key>',
      'tags',
      'serviceRole.tags',
      'keys.<key>.tags',
      'vaults.<key>.accessPolicy.statements',
      'vaults.<key>.accessPolicy.statements.<key>.conditions',
      'vaults.<key>.accessPolicy.statements.<key>.conditions.<key>',
      'vaults.<key>.tags',
      'plans.<key>.rules.<key>.recoveryPointTags',
      'plans.<key>.selections.<key>.tags',
      'plans.<key>.selections.<key>.conditions.stringEquals',
      'plans.<key>.selections.<key>.conditions.stringLike',
      'plans.<key>.selections.<key>.conditions.stringNotEquals',
      'plans.<key>.selections.<key>.conditions.stringNotLike',
      'plans.<key>.selections.<key>.size',
      'plans.<key>.tags',
      'alerts.subscriptions.<key>.filterPolicy',
      'restoreTesting.<key>.selections.<key>.conditions.stringEquals',
      'restoreTesting.<key>.selections.<key>.conditions.stringNotEquals',
      'restoreTesting.<key>.selections.<key>.restoreMetadataOverrides',
      'audit.controls',
      'audit.controls.<key>.parameters',
      'audit.controls.<key>.scope.tags',
      'regionSettings.otherTypes',
    ]);
  });
});

describe('nesting and self-containing aliases', () => {
  const nested = (levels: number): RawConfig => {
    let value: RawConfig = {};
    for (let level = 0; level < levels; level++) value = { a: value };
    return value;
  };

  it(`refuses 5,000 nested maps at the ${MAX_NESTING_DEPTH + 1}th level, before zod recurses (it overflowed the stack)`, () => {
    const config = configWith((c) => (c.vaults = nested(5_000)));
    const check = checkRawConfig(config);
    expect(findings(config).errors).toEqual([`${['vaults', ...Array(MAX_NESTING_DEPTH - 1).fill('a')].join('.')}: ${NESTING}`]);
    expect(check.config).toBeUndefined();
  });

  it(`reads ${MAX_NESTING_DEPTH} levels (the config itself is the first)`, () => {
    const config = configWith((c) => (c.vaults = nested(MAX_NESTING_DEPTH - 2)));
    expect(findings(config).errors.filter((line) => line.includes('levels deep'))).toEqual([]);
  });

  it('refuses a YAML alias inside its own anchor (the config contains itself; zod overflowed the stack)', () => {
    const raw = fromYaml('version: 1\nvaults: &vaults\n  main: *vaults\n');
    expect(findings(raw).errors).toEqual(['vaults.main: contains itself (a YAML alias inside its own anchor): the config would never end']);
  });

  it('refuses aliases that nest deeper than the file shows (each of 10 anchors holds the one before it 8 maps down)', () => {
    const lines = ['version: 1', 'chain:', '  l0: &l0 { end: true }'];
    for (let link = 1; link <= 10; link++) lines.push(`  l${link}: &l${link} ${'{ a: '.repeat(7)}{ next: *l${link - 1} }${' }'.repeat(7)}`);
    const errors = findings(fromYaml(lines.join('\n'))).errors;
    expect(errors).toEqual([`chain.l8.${Array(8).fill('a.a.a.a.a.a.a.next').join('.').split('.').slice(0, MAX_NESTING_DEPTH - 2).join('.')}: ${NESTING}`]);
  });
});
