/**
 * Stacks that leave the synth (`npm run guard -- --base ...`). A stack whose folder is gone is
 * planned by no pipeline and destroyed by nobody: its vaults, keys, locks and policies stay in AWS
 * and in its Terraform state, managed by nothing, and no plan the guard reads ever shows them.
 * So the base's stacks are compared with the new synth's, and a stack that held a protected
 * resource (PROTECTED_TYPES, read from its synthesized JSON by core/terraform-json.ts) and is no
 * longer synthesized fails the guard, unless `guard.allowedChanges` has `{ stack, address: "*",
 * reason }` for it.
 *
 * Which stacks left is core/stack-changes.ts's answer, the one `npm run affected` gives too.
 * Pure: the CLI (cli/guard-base.ts) reads the synth dirs, rollout.json or config.
 */
import { compareSynths } from '../core/stack-changes';
import { readTerraformJson } from '../core/terraform-json';
import type { AllowedChange, StackKind } from '../config/estate-model';
import { protectedTypeOf, WHOLE_STACK } from './guard';

export { WHOLE_STACK };

/** One stack of the base. */
export interface BaseStack {
  readonly name: string;
  readonly kind: StackKind;
  /**
   * Addresses (`type.name`) of its protected resources, from its synthesized JSON; undefined when
   * only its rollout.json entry is known (it is then taken to hold some).
   */
  readonly protectedResources?: readonly string[];
}

/** A stack of the base that the new synth no longer has. */
export interface RemovedStack extends BaseStack {
  /** The `guard.allowedChanges` reason, when the config lets it go. */
  readonly allowedBecause?: string;
}

export interface StackRemovalResult {
  /** How many stacks the base has. */
  readonly compared: number;
  /** Removed stacks that held (or may have held) protected resources, not allowed: any one fails the guard. */
  readonly blocked: readonly RemovedStack[];
  /** Removed stacks that `guard.allowedChanges` lets go. */
  readonly allowed: readonly RemovedStack[];
  /** Removed stacks that held no protected resource: reported, not blocked. */
  readonly unprotected: readonly RemovedStack[];
  /** Allowances for whole stacks that allowed nothing, as [stack, note]. */
  readonly notes: readonly (readonly [string, string])[];
  readonly ok: boolean;
}

/**
 * The protected resources (`type.name`, sorted) of one stack's synthesized JSON (cdk.tf.json).
 * @throws TypeError when `stackJson` is not a JSON object.
 */
export function protectedResourcesOf(stackJson: unknown): string[] {
  return readTerraformJson(stackJson)
    .resources.filter((resource) => protectedTypeOf(resource.type, resource.attributes) !== undefined)
    .map((resource) => resource.address);
}

/** True when the stack held a protected resource, or may have (its contents are unknown). */
export const mayHoldProtected = (stack: BaseStack): boolean => stack.protectedResources === undefined || stack.protectedResources.length > 0;

/**
 * Compares the base's stacks with the names of the new synth's stacks. `allowed` may hold entries
 * of every kind: only `address: "*"` entries let a stack go.
 */
export function evaluateRemovedStacks(base: readonly BaseStack[], head: readonly string[], allowed: readonly AllowedChange[]): StackRemovalResult {
  const present = new Set(head);
  const removed = new Set(compareSynths(base, head.map((name) => ({ name }))).removed);
  const allowances = new Map<string, AllowedChange>();
  for (const entry of allowed) if (entry.address === WHOLE_STACK && !allowances.has(entry.stack)) allowances.set(entry.stack, entry);

  const blocked: RemovedStack[] = [];
  const allowedStacks: RemovedStack[] = [];
  const unprotected: RemovedStack[] = [];
  for (const stack of base) {
    if (!removed.has(stack.name)) continue;
    const allowance = allowances.get(stack.name);
    if (allowance !== undefined) allowedStacks.push({ ...stack, allowedBecause: allowance.reason });
    else if (mayHoldProtected(stack)) blocked.push(stack);
    else unprotected.push(stack);
  }

  const inBase = new Set(base.map((stack) => stack.name));
  const notes: [string, string][] = [];
  for (const stack of allowances.keys()) {
    if (present.has(stack)) notes.push([stack, 'guard.allowedChanges lets this stack leave the synth (address "*"), but it is still synthesized: the entry allows nothing until it goes.']);
    else if (!inBase.has(stack)) notes.push([stack, 'guard.allowedChanges lets this stack leave the synth (address "*"), but the base does not have it either: remove the entry.']);
  }
  return { compared: base.length, blocked, allowed: allowedStacks, unprotected, notes, ok: blocked.length === 0 };
}
