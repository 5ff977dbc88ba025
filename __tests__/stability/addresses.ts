/**
 * Resource addresses of a synthesized estate, for the address-stability tests.
 *
 * An address is `<stack>\t<type>.<name>`: the stack (one Terraform state) and the Terraform
 * address of a managed resource in that stack's cdk.tf.json (`resource` section only; data
 * sources are read, never created or destroyed, so they are not part of the contract).
 * A removed or renamed address makes Terraform destroy the old resource and create a new one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkRawConfig } from '../../config';
import type { EstateModel, StackModel } from '../../config/estate-model';
import { buildApp } from '../../stacks/app';
import type { RawConfig } from '../support/configs';
import { EXAMPLES_DIR, TfJson } from '../support/examples';

/** Sort order of the golden files: by UTF-16 code unit, independent of the locale. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'addresses');
export const UPDATE_SWITCH = 'UPDATE_ADDRESS_FIXTURES';
export const REGENERATE = `${UPDATE_SWITCH}=1 npx jest __tests__/stability`;

/** The golden file of an example: `examples/organization.yaml` -> `fixtures/addresses/organization.txt`. */
export const fixturePath = (example: string): string => join(FIXTURES_DIR, `${example.replace(/\.(ya?ml|json)$/, '')}.txt`);

/** An example's parsed YAML, as a fresh object the caller may mutate. */
export function exampleRaw(example: string): RawConfig {
  return parse(readFileSync(join(EXAMPLES_DIR, example), 'utf8')) as RawConfig;
}

/** Every stack's parsed cdk.tf.json, by stack name. */
export type Estate = Record<string, TfJson>;

export interface Synthesis {
  /** Parsed cdk.tf.json by stack name. */
  readonly estate: Estate;
  /** The cdk.tf.json text by stack name, for byte-for-byte comparisons. */
  readonly text: Record<string, string>;
  readonly models: Record<string, StackModel>;
  /** The stacks this call synthesized (the others came from the cache). */
  readonly synthesized: string[];
}

/**
 * Synthesized stacks by their stack model. A stack is built from its StackModel alone
 * (`addStack(app, model)`) and synthesis is deterministic (__tests__/stacks/determinism), so a
 * stack whose model did not change synthesizes the same bytes: an edit only needs to synthesize
 * the stacks whose model changed. With a cache, "an untouched stack is byte-identical" only
 * says its model did not change; the tests that claim it on real output synthesize without one.
 */
export type StackCache = Map<string, string>;

/** The model as JSON; a Map, Set or function in it would stringify lossily, so it throws instead of caching wrongly. */
const cacheKey = (model: StackModel): string =>
  JSON.stringify(model, (key, value: unknown) => {
    if (value instanceof Map || value instanceof Set || typeof value === 'function') throw new Error(`stack model field ${key} is not plain data; the stack cache cannot key it`);
    return value;
  });

/** Validates a raw config (policy files relative to examples/) and returns its estate model; throws on any error. */
export function modelOf(raw: RawConfig): EstateModel {
  const check = checkRawConfig(raw, { baseDir: EXAMPLES_DIR });
  if (!check.model) throw new Error(`config is invalid:\n${check.errors.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return check.model;
}

/** Synthesizes a raw config's estate (the stacks missing from `cache` only, when one is given). */
export function synthRaw(raw: RawConfig, cache?: StackCache): Synthesis {
  const model = modelOf(raw);
  const models = Object.fromEntries(model.stacks.map((stack) => [stack.name, stack]));
  const text: Record<string, string> = {};
  const missing = model.stacks.filter((stack) => {
    const hit = cache?.get(cacheKey(stack));
    if (hit !== undefined) text[stack.name] = hit;
    return hit === undefined;
  });
  if (missing.length > 0) {
    const outdir = mkdtempSync(join(tmpdir(), 'addresses-'));
    try {
      buildApp(model, outdir, missing).synth();
      for (const stack of missing) {
        text[stack.name] = readFileSync(join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8');
        cache?.set(cacheKey(stack), text[stack.name]);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  const names = Object.keys(text).sort(byCodeUnit);
  return {
    estate: Object.fromEntries(names.map((name) => [name, JSON.parse(text[name]) as TfJson])),
    text: Object.fromEntries(names.map((name) => [name, text[name]])),
    models,
    synthesized: missing.map((stack) => stack.name),
  };
}

/** A cache seeded with a synthesis (to synthesize edits of it). */
export function cacheOf(synthesis: Synthesis): StackCache {
  return new Map(Object.entries(synthesis.text).map(([name, json]) => [cacheKey(synthesis.models[name]), json]));
}

/** `stack\ttype.name` for every managed resource, sorted by code unit (locale-independent). */
export function addressesOf(estate: Estate): string[] {
  const lines: string[] = [];
  for (const [stack, json] of Object.entries(estate)) {
    for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
      for (const name of Object.keys(byName)) lines.push(`${stack}\t${type}.${name}`);
    }
  }
  return lines.sort(byCodeUnit);
}

export interface AddressDiff {
  readonly added: string[];
  readonly removed: string[];
}

export function diffAddresses(before: readonly string[], after: readonly string[]): AddressDiff {
  const old = new Set(before);
  const now = new Set(after);
  return { added: after.filter((a) => !old.has(a)), removed: before.filter((a) => !now.has(a)) };
}

const STATE_NOTE = [
  'A removed or renamed address means Terraform DESTROYS that resource and creates a new one',
  '(for a vault: its recovery points are gone, or the apply fails on a locked vault). If the change',
  'is intended, it must carry a state-move note for every removed address:',
  '  - same stack, new name: a `moved { from = <old>, to = <new> }` block, or `terraform state mv <old> <new>`',
  '    in that stack before the apply;',
  '  - another stack (another state): moved blocks cannot cross states; `terraform state rm` (or a',
  '    `removed { lifecycle { destroy = false } }` block) in the old stack, `import` in the new one.',
].join('\n');

const typeAndName = (address: string): string => address.slice(address.indexOf('\t') + 1);
const stackOf = (address: string): string => address.slice(0, address.indexOf('\t'));

/** A readable report of a diff: `-` removed (with the stack it moved to, if the same type.name appears elsewhere), `+` added. */
export function formatDiff(diff: AddressDiff, limit = 60): string {
  const addedIn = new Map<string, string[]>();
  for (const address of diff.added) addedIn.set(typeAndName(address), [...(addedIn.get(typeAndName(address)) ?? []), stackOf(address)]);
  const show = (address: string) => address.replace('\t', '  ');
  const removed = diff.removed.map((address) => {
    const elsewhere = (addedIn.get(typeAndName(address)) ?? []).filter((stack) => stack !== stackOf(address));
    return elsewhere.length > 0 ? `${show(address)}   (moved to stack ${elsewhere.join(', ')})` : show(address);
  });
  const section = (sign: string, list: readonly string[]) =>
    [...list.slice(0, limit).map((line) => `  ${sign} ${line}`), ...(list.length > limit ? [`  ... and ${list.length - limit} more`] : [])];
  return [`removed (${diff.removed.length}):`, ...section('-', removed), `added (${diff.added.length}):`, ...section('+', diff.added.map(show))].join('\n');
}

/** The golden file's text for an example. */
export function fixtureText(example: string, addresses: readonly string[]): string {
  const header = [
    `# Every managed resource address of examples/${example}: stack<TAB>type.name, sorted (data sources excluded).`,
    `# Regenerate: ${REGENERATE} (a removed or renamed line needs a moved block / terraform state mv note).`,
  ];
  return `${[...header, ...addresses].join('\n')}\n`;
}

/** The addresses in a golden file (comment and blank lines skipped). */
export function parseFixture(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Golden-file comparison: the error message for a mismatch, or undefined when they match. */
export function goldenMismatch(example: string, golden: readonly string[], actual: readonly string[]): string | undefined {
  const diff = diffAddresses(golden, actual);
  if (diff.added.length === 0 && diff.removed.length === 0) return undefined;
  return [
    `examples/${example}: the synthesized resource addresses differ from ${fixturePath(example).replace(/^.*__tests__/, '__tests__')}`,
    formatDiff(diff),
    '',
    diff.removed.length > 0 ? STATE_NOTE : 'Only additions: review them, then regenerate the golden file.',
    `Regenerate the golden file with: ${REGENERATE}`,
  ].join('\n');
}

/** Superset check: the error message when an address of `before` is missing from `after`. */
export function supersetViolation(what: string, before: readonly string[], after: readonly string[]): string | undefined {
  const diff = diffAddresses(before, after);
  if (diff.removed.length === 0) return undefined;
  return [`${what}: an additive config change removed or renamed existing addresses`, formatDiff(diff), '', STATE_NOTE].join('\n');
}

/** Existing stacks of `base` whose `resource` section (every attribute) differs in `edited`, or that are gone. */
export function stacksWithChangedResources(base: Synthesis, edited: Synthesis): string[] {
  return Object.keys(base.estate).filter((name) => JSON.stringify(edited.estate[name]?.resource) !== JSON.stringify(base.estate[name].resource));
}

/** Stacks of `edited` that `base` does not have. */
export const newStacks = (base: Synthesis, edited: Synthesis): string[] => Object.keys(edited.estate).filter((name) => !(name in base.estate));
