/**
 * The rollout plan of an estate: which stacks exist, which must be applied before which, and the
 * waves a pipeline runs them in. The app writes it to `cdktf.out/rollout.json` beside the stacks;
 * pipelines (the GitHub Actions example, the Atlantis config generator) read it instead of
 * guessing the order from stack names.
 */
import { existsSync } from 'node:fs';
import { readJsonFile } from '../core/file-errors';
import { ACCOUNT_ID_PATTERN, IAM_ROLE_ARN_PATTERN, REGION_PATTERN } from '../core/limits';
import { compareStrings, isRecord } from '../core/order';
import type { StackKind, StackModel } from '../config/estate-model';

export type { StackKind };

export interface RolloutStack {
  /** Stack name = folder under cdktf.out/stacks. */
  name: string;
  kind: StackKind;
  /** Config key of the account. */
  account: string;
  /** 12 digits. */
  accountId: string;
  region: string;
  /** Relative to the project root, POSIX separators: cdktf.out/stacks/<name>. */
  directory: string;
  /** Role the pipeline assumes (the provider assume_role); absent = ambient credentials. */
  roleArn?: string;
  /** Stack names that must be applied first. */
  dependsOn: string[];
}

/** The filters of a synth of part of the estate (synth --stack, --account, --region): only non-empty ones. */
export interface RolloutSubset {
  stacks?: string[];
  accounts?: string[];
  regions?: string[];
}

const SUBSET_KEYS = ['stacks', 'accounts', 'regions'] as const;

/** The synth flags that made a subset, as a user typed them: `--stack a,b --region eu-west-1`. */
export function subsetFlags(subset: RolloutSubset): string {
  return Object.entries(subset).map(([key, values]) => `--${key === 'stacks' ? 'stack' : key === 'accounts' ? 'account' : 'region'} ${(values as string[]).join(',')}`).join(' ');
}

/** The refusal of a comparison with a synth of part of the estate (`flags`: its subsetFlags): guard --base, affected and report --base say it alike. */
export function partialSynthMessage(shown: string, flags: string): string {
  return `${shown} is the synth of part of the estate (${flags}): compare whole synths (backup-estate synth without --stack, --account or --region)`;
}

export interface Rollout {
  version: 1;
  generatedBy: string;
  /** Set when the synth holds part of the estate: a comparison with it would take the rest for removed. */
  subset?: RolloutSubset;
  stacks: RolloutStack[];
  /** Topological layers: every stack of wave n depends only on stacks of waves before n. */
  waves: string[][];
}

export const STACK_KINDS: readonly StackKind[] = ['management', 'central', 'workload'];
export const ROLLOUT_GENERATED_BY = 'backup-estate';

/** Stack names: letters, digits, `.`, `_`, `-` (they name folders, CI jobs and Atlantis projects). */
const STACK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const KIND_ORDER: Record<StackKind, number> = { management: 0, central: 1, workload: 2 };

/** Management first, then central, then workloads; then account, region, name. */
function compareStacks(a: RolloutStack, b: RolloutStack): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareStrings(a.account, b.account) ||
    compareStrings(a.region, b.region) ||
    compareStrings(a.name, b.name)
  );
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** A relative POSIX path without `.`/`..` segments, so that it means the same on every runner. */
function directoryProblem(directory: string): string | undefined {
  if (directory.includes('\\')) return 'must use POSIX separators (/), not \\';
  if (directory.startsWith('/') || /^[A-Za-z]:/.test(directory)) return 'must be relative to the project root';
  const segments = directory.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'must be a plain relative path such as cdktf.out/stacks/<name> (no empty, . or .. segments)';
  }
  return undefined;
}

/** Problems of one stack's own fields (not of its dependencies), as `field: problem`. */
function fieldProblems(stack: RolloutStack): string[] {
  const problems: string[] = [];
  if (!STACK_NAME_PATTERN.test(stack.name)) problems.push(`name: must be letters, digits, ".", "_" or "-", starting with a letter or digit; got ${quote(stack.name)}`);
  if (!STACK_KINDS.includes(stack.kind)) problems.push(`kind: must be one of ${STACK_KINDS.join(', ')}; got ${quote(stack.kind)}`);
  if (stack.account.length === 0) problems.push('account: must not be empty');
  if (!ACCOUNT_ID_PATTERN.test(stack.accountId)) problems.push(`accountId: must be 12 digits; got ${quote(stack.accountId)}`);
  if (!REGION_PATTERN.test(stack.region)) problems.push(`region: must be an AWS Region such as eu-west-1; got ${quote(stack.region)}`);
  const directory = directoryProblem(stack.directory);
  if (directory) problems.push(`directory: ${directory}; got ${quote(stack.directory)}`);
  if (stack.roleArn !== undefined && !IAM_ROLE_ARN_PATTERN.test(stack.roleArn)) problems.push(`roleArn: must be an IAM role ARN; got ${quote(stack.roleArn)}`);
  return problems;
}

/** One cycle among `stacks` (which all still have unmet dependencies), as `a -> b -> a`. */
function findCycle(stacks: readonly RolloutStack[], byName: ReadonlyMap<string, RolloutStack>, pending: ReadonlySet<string>): string {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string | undefined => {
    state.set(name, 'visiting');
    path.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      if (!pending.has(dependency)) continue;
      if (state.get(dependency) === 'visiting') return [...path.slice(path.indexOf(dependency)), dependency].join(' -> ');
      if (!state.has(dependency)) {
        const cycle = visit(dependency);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const stack of stacks) {
    if (!pending.has(stack.name) || state.has(stack.name)) continue;
    const cycle = visit(stack.name);
    if (cycle) return cycle;
  }
  // Unreachable: stacks whose dependencies can never all be applied always contain a cycle.
  return [...pending].join(', ');
}

/**
 * Validates the stacks (unique names, known dependencies, no cycles) and orders them: stacks by
 * kind (management, central, workload), account, region; each stack's dependsOn in that order,
 * without duplicates; waves as topological layers (a stack sits in the first wave after all of
 * its dependencies, so the stacks of one wave can be planned and applied in parallel).
 * Throws an Error naming the first problem found.
 */
export function buildRollout(stacks: RolloutStack[], options: { generatedBy?: string } = {}): Rollout {
  const byName = new Map<string, RolloutStack>();
  for (const stack of stacks) {
    const problems = fieldProblems(stack);
    if (problems.length > 0) throw new Error(`stack ${quote(stack.name)}: ${problems[0]}`);
    if (byName.has(stack.name)) throw new Error(`duplicate stack name ${quote(stack.name)}: stack names must be unique`);
    byName.set(stack.name, stack);
  }
  for (const stack of stacks) {
    for (const dependency of stack.dependsOn) {
      if (!byName.has(dependency)) throw new Error(`stack ${quote(stack.name)} depends on unknown stack ${quote(dependency)}`);
    }
  }

  const sorted = [...stacks].sort(compareStacks);
  const rank = new Map(sorted.map((stack, index) => [stack.name, index]));
  const ordered: RolloutStack[] = sorted.map((stack) =>
    canonicalStack({ ...stack, dependsOn: [...new Set(stack.dependsOn)].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)) }),
  );

  const waves: string[][] = [];
  const applied = new Set<string>();
  const pending = new Set(ordered.map((stack) => stack.name));
  while (pending.size > 0) {
    const wave = ordered.filter((stack) => pending.has(stack.name) && stack.dependsOn.every((dependency) => applied.has(dependency))).map((stack) => stack.name);
    if (wave.length === 0) throw new Error(`dependency cycle: ${findCycle(ordered, byName, pending)}`);
    for (const name of wave) {
      pending.delete(name);
      applied.add(name);
    }
    waves.push(wave);
  }

  return { version: 1, generatedBy: options.generatedBy ?? ROLLOUT_GENERATED_BY, stacks: ordered, waves };
}

/** A stack with its keys in the documented order (roleArn only when set). */
function canonicalStack(stack: RolloutStack): RolloutStack {
  return {
    name: stack.name,
    kind: stack.kind,
    account: stack.account,
    accountId: stack.accountId,
    region: stack.region,
    directory: stack.directory,
    ...(stack.roleArn === undefined ? {} : { roleArn: stack.roleArn }),
    dependsOn: [...stack.dependsOn],
  };
}

/** The rollout as JSON: fixed key order, 2-space indent, trailing newline; same input, same bytes. */
export function rolloutJson(rollout: Rollout): string {
  const canonical: Rollout = {
    version: rollout.version,
    generatedBy: rollout.generatedBy,
    ...(rollout.subset === undefined ? {} : { subset: rollout.subset }),
    stacks: rollout.stacks.map(canonicalStack),
    waves: rollout.waves.map((wave) => [...wave]),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

const STACK_KEYS = ['name', 'kind', 'account', 'accountId', 'region', 'directory', 'roleArn', 'dependsOn'];

/** Shape problems of one parsed stack, as `stacks[i].field: problem`; the stack when it has none. */
function parseStack(value: unknown, where: string, problems: string[]): RolloutStack | undefined {
  if (!isRecord(value)) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) if (!STACK_KEYS.includes(key)) problems.push(`${where}.${key}: unknown field`);
  for (const key of ['name', 'kind', 'account', 'accountId', 'region', 'directory']) {
    if (typeof value[key] !== 'string') problems.push(`${where}.${key}: must be a string`);
  }
  if (value.roleArn !== undefined && typeof value.roleArn !== 'string') problems.push(`${where}.roleArn: must be a string when present`);
  if (!isStringArray(value.dependsOn)) problems.push(`${where}.dependsOn: must be an array of stack names`);
  if (problems.length > before) return undefined;
  const stack = value as unknown as RolloutStack;
  for (const problem of fieldProblems(stack)) problems.push(`${where}.${problem}`);
  return problems.length > before ? undefined : stack;
}

/**
 * Reads and validates a rollout file (as written by `rolloutJson`): its shape, every stack's
 * fields, the dependency graph, and that its waves are the ones its dependencies imply.
 * Throws an Error whose message names the file and every problem, one per line.
 */
export function readRollout(path: string): Rollout {
  if (!existsSync(path)) throw new Error(`${path}: not found`);
  const parsed = readJsonFile(path);
  const fail = (problems: readonly string[]): never => {
    throw new Error(problems.map((problem) => `${path}: ${problem}`).join('\n'));
  };
  if (!isRecord(parsed)) return fail(['must be a JSON object with version, generatedBy, stacks and waves']);

  const problems: string[] = [];
  for (const key of Object.keys(parsed)) if (!['version', 'generatedBy', 'subset', 'stacks', 'waves'].includes(key)) problems.push(`${key}: unknown field`);
  const subset = parsed.subset;
  if (subset !== undefined && (!isRecord(subset) || !Object.entries(subset).every(([key, value]) => (SUBSET_KEYS as readonly string[]).includes(key) && isStringArray(value)))) {
    problems.push('subset: must be an object of stacks, accounts and regions, each an array of strings');
  }
  if (parsed.version !== 1) problems.push(`version: must be 1; got ${quote(parsed.version)}`);
  if (typeof parsed.generatedBy !== 'string') problems.push('generatedBy: must be a string');
  const stacks: RolloutStack[] = [];
  if (!Array.isArray(parsed.stacks)) problems.push('stacks: must be an array');
  else parsed.stacks.forEach((value, index) => {
    const stack = parseStack(value, `stacks[${index}]`, problems);
    if (stack) stacks.push(stack);
  });
  if (!Array.isArray(parsed.waves) || !parsed.waves.every(isStringArray)) problems.push('waves: must be an array of arrays of stack names');
  if (problems.length > 0) return fail(problems);

  let rebuilt: Rollout;
  try {
    rebuilt = buildRollout(stacks, { generatedBy: parsed.generatedBy as string });
  } catch (cause) {
    return fail([cause instanceof Error ? cause.message : String(cause)]);
  }
  const rollout = parsed as unknown as Rollout;
  if (JSON.stringify(rollout.waves) !== JSON.stringify(rebuilt.waves)) {
    return fail([`waves: do not match the stacks' dependencies (expected ${JSON.stringify(rebuilt.waves)}): regenerate it with backup-estate synth`]);
  }
  return subset === undefined ? rebuilt : { ...rebuilt, subset: subset as RolloutSubset };
}

/** cdktf.out/rollout.json of the synthesized stacks of the model: account, Region, kind, folder, role and order. */
export function rolloutFor(stacks: readonly StackModel[], filters: Partial<Readonly<Record<keyof RolloutSubset, readonly string[]>>> = {}): string {
  const names = new Set(stacks.map((stack) => stack.name));
  const given = SUBSET_KEYS.filter((key) => (filters[key]?.length ?? 0) > 0);
  const rollout = buildRollout(
    stacks.map((stack) => ({
      name: stack.name,
      kind: stack.rollout.kind,
      account: stack.rollout.account,
      accountId: stack.rollout.accountId,
      region: stack.rollout.region,
      directory: `cdktf.out/stacks/${stack.name}`,
      roleArn: stack.rollout.roleArn,
      // A subset synth keeps the order among the stacks it wrote.
      dependsOn: stack.rollout.dependsOn.filter((name) => names.has(name)),
    })),
  );
  // A synth of part of the estate says so: guard --base and affected refuse to compare it.
  return rolloutJson(given.length === 0 ? rollout : { ...rollout, subset: Object.fromEntries(given.map((key) => [key, [...(filters[key] ?? [])]])) });
}
