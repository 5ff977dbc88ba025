/**
 * What changed between two synths, stack by stack: the one evaluator of "what changed", shared by
 * `npm run affected` (which stacks a pipeline plans) and the plan guard's removed stacks.
 *
 * - added: in the new synth only; removed: in the base only (nothing plans it any more).
 * - unchanged: the same bytes, or the same Terraform up to metadata (terraformBehaviour in
 *   ./terraform-json.ts: cdktf's `//` comments, which hold construct paths, the cdktf version and
 *   the stack's output names, and which Terraform ignores).
 * - changed: anything else; `changes` names each top-level block that differs (resources, data
 *   sources, outputs, variables, locals, modules, providers, terraform settings such as the backend
 *   and required_providers, moved, import, removed and check blocks) as `+address` (added),
 *   `-address` (removed) or `~address` (changed). A stack whose content is unknown on either side
 *   (a base known only from its rollout.json) counts as changed: it must be planned.
 *
 * Pure: callers pass each stack's name and a reader of its cdk.tf.json text. A text is read only
 * when both sides have the stack, and parsed only when the bytes differ.
 */
import { findDuplicateKeys, findInexactNumbers } from './json-text';
import { compareStrings, isRecord } from './order';
import { terraformBehaviour } from './terraform-json';

/** One stack of a synth. */
export interface SynthStack {
  readonly name: string;
  /** Its cdk.tf.json text; undefined (or no reader) when only its name is known. */
  readonly read?: () => string | undefined;
  /** How messages name its file. @default `<side> stack <name>` */
  readonly label?: string;
}

export interface ChangedStack {
  readonly name: string;
  /** Blocks that differ, sorted: `+aws_kms_key.k`, `-output.vault_main_arn`, `~terraform.backend`, ...; `?` when a side is unknown. */
  readonly changes: readonly string[];
}

export interface SynthChanges {
  /** In the new synth only, in its order. */
  readonly added: readonly string[];
  /** In both, with another Terraform configuration, in the new synth's order. */
  readonly changed: readonly ChangedStack[];
  /** In both, the same Terraform configuration, in the new synth's order. */
  readonly unchanged: readonly string[];
  /** Of the unchanged, those whose files differ in metadata only (cdktf's `//` comments). */
  readonly metadataOnly: readonly string[];
  /** In the base only, in its order. */
  readonly removed: readonly string[];
}

/** What `changes` says of a stack whose content one side does not know. */
export const UNKNOWN_CONTENT = '?';

/** Deep equality of two JSON values; object key order does not count, array order does. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(a[key], b[key]));
}

/** Labels under each top-level block type before its body (Terraform JSON syntax). */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, output: 1, variable: 1, provider: 1, locals: 1 };

/** A block's address as Terraform writes it: `aws_x.name`, `data.aws_x.name`, `output.name`, `local.name`, `terraform.backend`. */
function address(blockType: string, labels: readonly string[]): string {
  if (blockType === 'resource') return labels.join('.');
  if (blockType === 'locals') return `local.${labels.join('.')}`;
  return [blockType, ...labels].join('.');
}

/** Every top-level block of a stack's Terraform, keyed by its address (values compared whole). */
function blocksOf(behaviour: Record<string, unknown>): Map<string, unknown> {
  const blocks = new Map<string, unknown>();
  for (const [blockType, value] of Object.entries(behaviour)) {
    const depth = LABELS[blockType];
    if (blockType === 'terraform' && isRecord(value)) {
      for (const [setting, content] of Object.entries(value)) blocks.set(`terraform.${setting}`, content);
      continue;
    }
    if (depth === undefined || !isRecord(value)) {
      blocks.set(blockType, value);
      continue;
    }
    const walk = (node: unknown, labels: string[]): void => {
      if (labels.length === depth || !isRecord(node)) {
        blocks.set(address(blockType, labels), node);
        return;
      }
      for (const [label, child] of Object.entries(node)) walk(child, [...labels, label]);
    };
    walk(value, []);
  }
  return blocks;
}

/** The blocks that differ between two stacks' Terraform, sorted by address. */
export function changedBlocks(base: Record<string, unknown>, head: Record<string, unknown>): string[] {
  const before = blocksOf(base);
  const after = blocksOf(head);
  const changes: [string, string][] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) changes.push([key, `+${key}`]);
    else if (!sameJson(before.get(key), value)) changes.push([key, `~${key}`]);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push([key, `-${key}`]);
  return changes.sort(([a], [b]) => compareStrings(a, b)).map(([, change]) => change);
}

/**
 * A stack's cdk.tf.json text as Terraform reads it: a JSON object, with no key repeated and no
 * number not written in the shortest form of its double (JSON.parse would read either otherwise than
 * Terraform). The one
 * reader of a stack's text for comparisons and for the plan guard's removed stacks.
 * @throws SyntaxError naming the file (`label`) otherwise.
 */
export function parseStackText(text: string, label: string): Record<string, unknown> {
  // The byte order mark is dropped once, for every reader below: the JSON text readers return nothing for a text JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch (cause) {
    throw new SyntaxError(`${label} is not JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (!isRecord(json)) throw new SyntaxError(`${label} is not a Terraform JSON object`);
  // JSON.parse keeps the last of repeated keys and rounds numbers to doubles; Terraform reads every
  // repeated block type (two `resource` keys are two sets of resources) and numbers exactly: a
  // difference it plans could compare equal here, so such a file is not compared.
  const [duplicate] = findDuplicateKeys(body, true);
  if (duplicate !== undefined) {
    throw new SyntaxError(`${label}: the key "${duplicate.key}" is repeated at ${duplicate.path} (line ${duplicate.line}): Terraform reads every repeated key (or refuses the file), JSON.parse keeps only the last, so backup-estate would not read the stack as Terraform does`);
  }
  const [inexact] = findInexactNumbers(body, true);
  if (inexact !== undefined) {
    throw new SyntaxError(`${label}: the number ${inexact.literal} at ${inexact.path} (line ${inexact.line}) is not the shortest form of a double: JSON.parse reads it as ${inexact.parsed}, Terraform exactly, so backup-estate would not read the stack as Terraform does`);
  }
  return json;
}

/**
 * How one stack changed from `base` to `head` (cdk.tf.json texts): 'same' (identical bytes),
 * 'metadata' (the same Terraform) or the changed blocks. `labels` name the two files in messages.
 * @throws SyntaxError naming the file when a text that differs is not a JSON object, repeats a key
 * in an object, or has a number not in the shortest form of a double (Terraform would read either
 * otherwise than JSON.parse).
 */
export function compareStackText(base: string, head: string, labels: { base: string; head: string } = { base: 'the base stack', head: 'the new stack' }): 'same' | 'metadata' | readonly string[] {
  if (base === head) return 'same';
  const changes = changedBlocks(terraformBehaviour(parseStackText(base, labels.base)), terraformBehaviour(parseStackText(head, labels.head)));
  return changes.length === 0 ? 'metadata' : changes;
}

/**
 * Compares the stacks of a base synth with those of a new synth (see the file comment).
 * @throws SyntaxError naming the stack's file when its text is not a JSON object.
 */
export function compareSynths(base: readonly SynthStack[], head: readonly SynthStack[]): SynthChanges {
  const before = new Map(base.map((stack) => [stack.name, stack]));
  const inHead = new Set(head.map((stack) => stack.name));
  const added: string[] = [];
  const changed: ChangedStack[] = [];
  const unchanged: string[] = [];
  const metadataOnly: string[] = [];
  for (const stack of head) {
    const old = before.get(stack.name);
    if (old === undefined) {
      added.push(stack.name);
      continue;
    }
    const oldText = old.read?.();
    const newText = oldText === undefined ? undefined : stack.read?.();
    if (oldText === undefined || newText === undefined) {
      changed.push({ name: stack.name, changes: [UNKNOWN_CONTENT] });
      continue;
    }
    const result = compareStackText(oldText, newText, { base: old.label ?? `base stack ${stack.name}`, head: stack.label ?? `new stack ${stack.name}` });
    if (typeof result !== 'string') changed.push({ name: stack.name, changes: result });
    else {
      unchanged.push(stack.name);
      if (result === 'metadata') metadataOnly.push(stack.name);
    }
  }
  const removed = base.filter((stack) => !inHead.has(stack.name)).map((stack) => stack.name);
  return { added, changed, unchanged, metadataOnly, removed };
}
