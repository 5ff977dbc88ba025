/**
 * What `npm run guard -- --base <X> [--synth-dir DIR]` compares: the stacks of the base (X: a synth
 * dir, its rollout.json, or a config file) with their protected resources, and the stack names of
 * the new synth (DIR, default cdktf.out). Evaluation is guard/removed-stacks.ts.
 *
 * - A synth dir: its rollout.json lists the stacks; each stack's `stacks/<name>/cdk.tf.json` says
 *   what it holds.
 * - A rollout.json: the same, reading the stack folders beside it when they are there; a stack
 *   whose folder is not is taken to hold protected resources (rollout.json says nothing of them).
 * - A config file: its stacks are resolved and synthesized (without the rule pack, whose findings
 *   say nothing of what a stack holds) into a temporary folder, then read the same way.
 * What a stack holds is always read from its synthesized JSON (core/terraform-json.ts).
 *
 * Every problem (missing, unreadable, not a synth dir, an invalid base config) is a GuardInputError:
 * one message naming the file, exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { checkConfigFile } from '../config';
import { formatProblem } from '../config/issues';
import { isRecord } from '../core/order';
import { protectedResourcesOf, type BaseStack } from '../guard/removed-stacks';
import { readRollout, type RolloutStack } from '../rollout/rollout';
import { buildApp } from '../stacks/app';
import { withoutCreationStackTraces } from '../stacks/creation-stack-traces';
import { describeReadError } from './files';
import { fsPath, type CliIo } from './io';

/** An input the guard cannot read: printed as one message (several lines at most), exit 2. */
export class GuardInputError extends Error {}

const STACK_FILE = 'cdk.tf.json';

/** JSON of a file, a UTF-8 byte-order mark at its start ignored; GuardInputError naming `shown` otherwise. */
function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new GuardInputError(`cannot read ${shown}: ${describeReadError(cause)}`);
  }
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (cause) {
    throw new GuardInputError(`${shown} is not JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** The protected resources of a stack folder's cdk.tf.json; undefined when the file is not there. */
function stackContents(stacksDir: string, shownDir: string, name: string): readonly string[] | undefined {
  const path = join(stacksDir, name, STACK_FILE);
  if (!existsSync(path)) return undefined;
  const shown = `${shownDir}/${name}/${STACK_FILE}`;
  const json = readJson(path, shown);
  if (!isRecord(json)) throw new GuardInputError(`${shown} is not a Terraform JSON object`);
  return protectedResourcesOf(json);
}

function rolloutStacks(path: string): readonly RolloutStack[] {
  try {
    return readRollout(path).stacks;
  } catch (cause) {
    throw new GuardInputError(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The stacks a rollout.json lists, with what their folders beside it hold (unknown without a folder). */
function stacksOfRollout(path: string, shown: string): BaseStack[] {
  const stacksDir = join(dirname(path), 'stacks');
  const shownDir = `${dirname(shown) === '.' ? '' : `${dirname(shown)}/`}stacks`;
  return rolloutStacks(path).map((stack) => {
    const held = stackContents(stacksDir, shownDir, stack.name);
    return { name: stack.name, kind: stack.kind, ...(held === undefined ? {} : { protectedResources: held }) };
  });
}

/** The rollout.json of a synth dir; GuardInputError when there is none. */
function rolloutOfDir(dir: string, shown: string, role: string): string {
  const path = join(dir, 'rollout.json');
  if (!existsSync(path)) throw new GuardInputError(`${role} ${shown} has no rollout.json: not a synth dir (run npm run synth${role === '--base' ? ', or give the base config file' : ''})`);
  return path;
}

/** A JSON file written by npm run synth as rollout.json (by its shape, whatever it is called). */
function isRolloutFile(path: string): boolean {
  if (basename(path) === 'rollout.json') return true;
  if (!/\.json$/i.test(path)) return false;
  try {
    const text = readFileSync(path, 'utf8');
    const json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
    return isRecord(json) && Array.isArray(json.stacks) && Array.isArray(json.waves);
  } catch {
    // Not JSON, or unreadable: not a rollout (a config file reader says why).
    return false;
  }
}

/** A config's stacks, synthesized into a folder of `tempDirs` and read back. */
function stacksOfConfig(path: string, shown: string, tempDirs: string[]): BaseStack[] {
  const check = checkConfigFile(path);
  if (check.errors.length > 0 || check.model === undefined) {
    const n = check.errors.length;
    const lines = check.errors.map(formatProblem);
    throw new GuardInputError([...lines, `--base ${shown}: ${n} error${n === 1 ? '' : 's'}; the guard cannot tell the base's stacks`].join('\n'));
  }
  const { model } = check;
  const outdir = join(mkdtempSync(join(tmpdir(), 'backup-guard-base-')), 'cdktf.out');
  tempDirs.push(dirname(outdir));
  withoutCreationStackTraces(() => buildApp(model, outdir).synth());
  return model.stacks.map((stack) => {
    const held = stackContents(join(outdir, 'stacks'), `(${shown} synthesized)/stacks`, stack.name);
    if (held === undefined) throw new Error(`synthesizing ${shown} wrote no ${STACK_FILE} for stack ${stack.name}`);
    return { name: stack.name, kind: stack.rollout.kind, protectedResources: held };
  });
}

/**
 * The base's stacks: `base` (as typed; resolved against `cwd`) is a synth dir, a rollout.json or a
 * config file. Temporary folders are added to `tempDirs` for the caller to remove.
 */
export function readBaseStacks(base: string, io: Pick<CliIo, 'cwd'>, tempDirs: string[]): BaseStack[] {
  const path = fsPath(io, base);
  if (!existsSync(path)) throw new GuardInputError(`--base ${base}: not found (give the base's synth dir, its rollout.json or its config file)`);
  if (statSync(path).isDirectory()) return stacksOfRollout(rolloutOfDir(path, base, '--base'), join(base, 'rollout.json'));
  if (isRolloutFile(path)) return stacksOfRollout(path, base);
  return stacksOfConfig(path, base, tempDirs);
}

/** The names of the stacks of the new synth (its rollout.json: what the pipeline plans). */
export function readSynthStackNames(synthDir: string, io: Pick<CliIo, 'cwd'>): string[] {
  const path = fsPath(io, synthDir);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new GuardInputError(`--synth-dir ${synthDir}: not found: run npm run synth first (or name the synth dir)`);
  return rolloutStacks(rolloutOfDir(path, synthDir, '--synth-dir')).map((stack) => stack.name);
}
