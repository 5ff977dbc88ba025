/**
 * Reading a base synth and a new synth from disk: what `npm run guard -- --base <X> [--synth-dir
 * DIR]` and `npm run affected -- --base <X> [--synth-dir DIR]` compare. X is a synth dir, its
 * rollout.json, or a config file; DIR (default cdktf.out) is a synth dir. The comparison itself is
 * core/stack-changes.ts (which stacks were added, changed, removed), the guard's verdict
 * guard/removed-stacks.ts.
 *
 * - A synth dir: its rollout.json lists the stacks; each stack's `stacks/<name>/cdk.tf.json` says
 *   what it holds.
 * - A rollout.json: the same, reading the stack folders beside it when they are there; a stack
 *   whose folder is not is known by name only (the guard takes it to hold protected resources,
 *   affected to have changed).
 * - A config file: its stacks are resolved and synthesized (without the rule pack, whose findings
 *   say nothing of what a stack holds) into a temporary folder, then read the same way.
 * What a stack holds is always read from its synthesized JSON (core/terraform-json.ts).
 *
 * Every problem (missing, unreadable, not a synth dir, an invalid base config) is a SynthInputError:
 * one message naming the file, exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { textOf } from '../core/text';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { checkConfigFile } from '../config';
import type { StackKind } from '../config/estate-model';
import { formatProblem } from '../config/issues';
import { isRecord } from '../core/order';
import { parseStackText, type SynthStack } from '../core/stack-changes';
import { protectedResourcesOf, type BaseStack } from '../guard/removed-stacks';
import { partialSynthMessage, readRollout, subsetFlags, type Rollout } from '../rollout/rollout';
import { buildApp } from '../stacks/app';
import { withoutCreationStackTraces } from '../stacks/creation-stack-traces';
import { describeReadError, isSamePath } from './files';
import { fsPath, type CliIo } from './io';

/** An input a command cannot read: printed as one message (several lines at most), exit 2. */
export class SynthInputError extends Error {}

const STACK_FILE = 'cdk.tf.json';

/** One stack of a synth on disk. */
export interface SynthStackFile {
  readonly name: string;
  readonly kind: StackKind;
  /** Path of its cdk.tf.json for `fs`; undefined when the stack is known by name only. */
  readonly file?: string;
  /** Its cdk.tf.json as messages name it. */
  readonly shown: string;
}

/** A synth on disk: its stacks and, for a synth dir or rollout.json, its rollout. */
export interface SynthOnDisk {
  readonly stacks: readonly SynthStackFile[];
  readonly rollout?: Rollout;
}

/** The text of a stack file (core/text.ts textOf: a byte order mark dropped, UTF-16 read, U+FFFD never read); SynthInputError naming it otherwise. */
function readText(path: string, shown: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new SynthInputError(`cannot read ${shown}: ${describeReadError(cause)}`);
  }
  const read = textOf(bytes);
  if ('reason' in read) throw new SynthInputError(`${shown} ${read.reason}`);
  return read.text;
}

/** A stack file's Terraform JSON (core/stack-changes.ts: no repeated key, no inexact number); SynthInputError naming `shown` otherwise. */
function readStackJson(path: string, shown: string): Record<string, unknown> {
  const text = readText(path, shown);
  try {
    return parseStackText(text, shown);
  } catch (cause) {
    throw new SynthInputError(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The stack as core/stack-changes.ts compares it: its text read when needed. */
export function comparable(stack: SynthStackFile): SynthStack {
  const { file } = stack;
  return { name: stack.name, label: stack.shown, ...(file === undefined ? {} : { read: () => readText(file, stack.shown) }) };
}

function rolloutOf(path: string): Rollout {
  try {
    return readRollout(path);
  } catch (cause) {
    throw new SynthInputError(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The stacks a rollout.json lists, with their folders beside it when they are there. */
function synthOfRollout(path: string, shown: string): SynthOnDisk {
  const stacksDir = join(dirname(path), 'stacks');
  const shownDir = `${dirname(shown) === '.' ? '' : `${dirname(shown)}/`}stacks`;
  const rollout = rolloutOf(path);
  if (rollout.subset !== undefined) {
    // The stacks it left out would read as removed (guard) or be missed (affected).
    throw new SynthInputError(partialSynthMessage(shown, subsetFlags(rollout.subset)));
  }
  const stacks = rollout.stacks.map((stack): SynthStackFile => {
    const file = join(stacksDir, stack.name, STACK_FILE);
    return { name: stack.name, kind: stack.kind, shown: `${shownDir}/${stack.name}/${STACK_FILE}`, ...(existsSync(file) ? { file } : {}) };
  });
  return { stacks, rollout };
}

/** The rollout.json of a synth dir; SynthInputError when there is none. */
function rolloutOfDir(dir: string, shown: string, role: string): string {
  const path = join(dir, 'rollout.json');
  if (!existsSync(path)) throw new SynthInputError(`${role} ${shown} has no rollout.json: not a synth dir (run backup-estate synth${role === '--base' ? ', or give the base config file' : ''})`);
  return path;
}

/** A JSON file written by npm run synth as rollout.json (by its shape, whatever it is called). */
function isRolloutFile(path: string): boolean {
  if (basename(path) === 'rollout.json') return true;
  if (!/\.json$/i.test(path)) return false;
  try {
    const read = textOf(readFileSync(path));
    // Text that decodes only with U+FFFD is no rollout: read as a config file, whose reader says why.
    if ('reason' in read) return false;
    const json = JSON.parse(read.text) as unknown;
    return isRecord(json) && Array.isArray(json.stacks) && Array.isArray(json.waves);
  } catch {
    // Not JSON, or unreadable: not a rollout (a config file reader says why).
    return false;
  }
}

/** A config's stacks, synthesized into a folder of `tempDirs`. */
function synthOfConfig(path: string, shown: string, tempDirs: string[], command: string): SynthOnDisk {
  const check = checkConfigFile(path);
  if (check.errors.length > 0 || check.model === undefined) {
    const n = check.errors.length;
    const lines = check.errors.map(formatProblem);
    throw new SynthInputError([...lines, `--base ${shown}: ${n} error${n === 1 ? '' : 's'}; the ${command} cannot tell the base's stacks`].join('\n'));
  }
  const { model } = check;
  const outdir = join(mkdtempSync(join(tmpdir(), 'backup-estate-base-')), 'cdktf.out');
  tempDirs.push(dirname(outdir));
  withoutCreationStackTraces(() => buildApp(model, outdir).synth());
  const stacks = model.stacks.map((stack): SynthStackFile => {
    const file = join(outdir, 'stacks', stack.name, STACK_FILE);
    if (!existsSync(file)) throw new Error(`synthesizing ${shown} wrote no ${STACK_FILE} for stack ${stack.name}`);
    return { name: stack.name, kind: stack.rollout.kind, file, shown: `(${shown} synthesized)/stacks/${stack.name}/${STACK_FILE}` };
  });
  return { stacks };
}

/**
 * The base's synth: `base` (as typed; resolved against `cwd`) is a synth dir, a rollout.json or a
 * config file. Temporary folders are added to `tempDirs` for the caller to remove. `command` names
 * the command in messages.
 */
export function readBaseSynth(base: string, io: Pick<CliIo, 'cwd'>, tempDirs: string[], command = 'guard', synthDir?: string): SynthOnDisk {
  const path = fsPath(io, base);
  if (!existsSync(path)) throw new SynthInputError(`--base ${base}: not found (give the base's synth dir, its rollout.json or its config file)`);
  const isDir = statSync(path).isDirectory();
  if (!isDir && !isRolloutFile(path)) return synthOfConfig(path, base, tempDirs, command);
  if (synthDir !== undefined) refuseSelfComparison(isDir ? path : dirname(path), base, synthDir, io);
  return isDir ? synthOfRollout(rolloutOfDir(path, base, '--base'), join(base, 'rollout.json')) : synthOfRollout(path, base);
}

/**
 * A base whose stack files are the new synth's own (the synth dir itself, or a rollout.json put in
 * it) compares every stack with itself: nothing changed, nothing removed, whatever the change was.
 */
function refuseSelfComparison(baseDir: string, base: string, synthDir: string, io: Pick<CliIo, 'cwd'>): void {
  if (!isSamePath(baseDir, fsPath(io, synthDir))) return;
  throw new SynthInputError(
    `--base ${base} reads the stack files of --synth-dir ${synthDir} itself: every stack would compare equal to itself (nothing changed, nothing removed); give the base's own synth dir, its rollout.json beside its stacks folder, or its config file`,
  );
}

/** The base's stacks with their protected resources (read from their JSON; unknown without it), for the guard. */
export function readBaseStacks(base: string, io: Pick<CliIo, 'cwd'>, tempDirs: string[], synthDir?: string): BaseStack[] {
  return readBaseSynth(base, io, tempDirs, 'guard', synthDir).stacks.map((stack) => {
    if (stack.file === undefined) return { name: stack.name, kind: stack.kind };
    const json = readStackJson(stack.file, stack.shown);
    return { name: stack.name, kind: stack.kind, protectedResources: protectedResourcesOf(json) };
  });
}

/** The new synth (a synth dir: its rollout.json, what the pipeline plans, and its stack files). */
export function readSynthDir(synthDir: string, io: Pick<CliIo, 'cwd'>): SynthOnDisk & { readonly rollout: Rollout } {
  const path = fsPath(io, synthDir);
  if (!existsSync(path)) throw new SynthInputError(`--synth-dir ${synthDir}: not found: run backup-estate synth first (or name the synth dir)`);
  if (!statSync(path).isDirectory()) throw new SynthInputError(`--synth-dir ${synthDir}: is a file, not a synth dir (the folder synth writes, cdktf.out)`);
  const synth = synthOfRollout(rolloutOfDir(path, synthDir, '--synth-dir'), join(synthDir, 'rollout.json'));
  return { stacks: synth.stacks, rollout: synth.rollout ?? rolloutOf(join(path, 'rollout.json')) };
}

/** The names of the stacks of the new synth (its rollout.json: what the pipeline plans). */
export function readSynthStackNames(synthDir: string, io: Pick<CliIo, 'cwd'>): string[] {
  return readSynthDir(synthDir, io).stacks.map((stack) => stack.name);
}
