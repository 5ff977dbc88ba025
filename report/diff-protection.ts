/**
 * What keeps a vault and its recovery points from being destroyed, compared: Terraform's guards on
 * the vault resource (prevent_destroy, force_destroy) and the service control policies of the
 * management stack (the guardrail that denies weakening vaults, keys and the exempt principals to
 * an account's own administrators). Either weakened is a regression.
 */
import { emitter, identity, listWords, setDifference, type PostureChange } from './diff-parts';
import type { GuardrailPosture, Posture, VaultPosture } from './posture-model';

/** prevent_destroy dropped or force_destroy set: a destroy (or a stack removed) could take the recovery points. */
export function compareDestroyGuards(before: VaultPosture, after: VaultPosture, changes: PostureChange[], subject: string): void {
  const emit = emitter(changes, after.stack, subject);
  const words = (vault: VaultPosture) => `${vault.preventDestroy ? 'prevent_destroy' : 'destroyable'}${vault.forceDestroy ? ', force_destroy (deletes its recovery points)' : ''}`;
  if (before.preventDestroy && !after.preventDestroy) emit('regression', 'vault', 'Terraform may destroy the vault: lifecycle.prevent_destroy removed', words(before), words(after));
  if (!before.preventDestroy && after.preventDestroy) emit('improvement', 'vault', 'Terraform refuses to destroy the vault (lifecycle.prevent_destroy)', words(before), words(after));
  if (!before.forceDestroy && after.forceDestroy) emit('regression', 'vault', 'destroying the vault now deletes its recovery points first (force_destroy)', words(before), words(after));
  if (before.forceDestroy && !after.forceDestroy) emit('improvement', 'vault', 'destroying the vault no longer deletes its recovery points (force_destroy off)', words(before), words(after));
}

function guardrailsOf(posture: Posture): Map<string, { stack: string; item: GuardrailPosture }> {
  const map = new Map<string, { stack: string; item: GuardrailPosture }>();
  for (const stack of posture.stacks) for (const item of stack.guardrails ?? []) if (!map.has(item.name)) map.set(item.name, { stack: stack.name, item });
  return map;
}

/** A guardrail removed, detached from a target, denying fewer actions or exempting more principals is a regression. */
export function compareGuardrails(base: Posture, head: Posture, changes: PostureChange[]): void {
  const after = guardrailsOf(head);
  const before = guardrailsOf(base);
  const targetWords = (guardrail: GuardrailPosture) => listWords(guardrail.targets.map((target) => target.label));
  for (const [name, { stack, item }] of before) {
    const emit = emitter(changes, after.get(name)?.stack ?? stack, `service control policy \`${name}\``);
    const now = after.get(name)?.item;
    if (!now) {
      emit('regression', 'policy', 'service control policy removed: account administrators may again weaken vaults, keys and the exempt principals', `attached to ${targetWords(item)}`, 'none');
      continue;
    }
    const detached = setDifference(item.targets, now.targets, (target) => target.id);
    if (detached.length > 0) emit('regression', 'policy', `service control policy detached from ${listWords(detached.map((target) => target.label))}`, targetWords(item), targetWords(now));
    const attached = setDifference(now.targets, item.targets, (target) => target.id);
    if (attached.length > 0) emit('improvement', 'policy', `service control policy attached to ${listWords(attached.map((target) => target.label))}`, targetWords(item), targetWords(now));
    const dropped = setDifference(item.denied, now.denied, identity);
    if (dropped.length > 0) emit('regression', 'policy', `service control policy no longer denies ${dropped.join(', ')}`, listWords(item.denied), listWords(now.denied));
    const exempted = setDifference(now.exempt, item.exempt, identity);
    if (exempted.length > 0) emit('regression', 'policy', `exempt from the service control policy: ${exempted.join(', ')}`, listWords(item.exempt), listWords(now.exempt));
  }
  for (const [name, { stack, item }] of after) {
    if (!before.has(name)) emitter(changes, stack, `service control policy \`${name}\``)('improvement', 'policy', 'service control policy added', 'none', `attached to ${targetWords(item)}`);
  }
}
