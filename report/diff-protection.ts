/**
 * What keeps a vault and its recovery points from being destroyed, compared: Terraform's guards on
 * the vault resource (prevent_destroy, force_destroy) and the service control policies of the
 * management stack (the guardrail that denies weakening vaults, keys and the exempt principals to
 * an account's own administrators); the access and key policies of a vault, and of the vault a
 * rule backs up into. Any of them weakened is a regression.
 */
import { newlyExempt } from '../compliance';
import { emitter, identity, setDifference, type Emit, type PostureChange } from './diff-parts';
import { listOrNone } from '../core/order';
import { vaultWords } from './format';
import type { GuardrailPosture, Posture, VaultDeletionDeny, VaultPosture, VaultRef } from './posture-model';

/** What judging a rule's target vault needs: how to name vaults, and every vault of each side by key. */
export interface VaultScope {
  readonly accountId: string;
  readonly accountNames: ReadonlyMap<string, string>;
  readonly baseVaults: ReadonlyMap<string, VaultPosture>;
  readonly headVaults: ReadonlyMap<string, VaultPosture>;
}


/** prevent_destroy dropped or force_destroy set: a destroy (or a stack removed) could take the recovery points. */
export function compareDestroyGuards(before: VaultPosture, after: VaultPosture, changes: PostureChange[], subject: string): void {
  const emit = emitter(changes, after.stack, subject);
  const words = (vault: VaultPosture) => `${vault.preventDestroy ? 'prevent_destroy' : 'destroyable'}${vault.forceDestroy ? ', force_destroy (deletes its recovery points)' : ''}`;
  if (before.preventDestroy && !after.preventDestroy) emit('regression', 'vault', 'Terraform may destroy the vault: lifecycle.prevent_destroy removed', words(before), words(after));
  if (!before.preventDestroy && after.preventDestroy) emit('improvement', 'vault', 'Terraform refuses to destroy the vault (lifecycle.prevent_destroy)', words(before), words(after));
  if (!before.forceDestroy && after.forceDestroy) emit('regression', 'vault', 'destroying the vault now deletes its recovery points first (force_destroy)', words(before), words(after));
  if (before.forceDestroy && !after.forceDestroy) emit('improvement', 'vault', 'destroying the vault no longer deletes its recovery points (force_destroy off)', words(before), words(after));
}

/**
 * A vault's encryption key is set when AWS Backup creates the vault (CreateBackupVault EncryptionKeyArn; there is no update):
 * provider 5.100.0 plans a new kms_key_arn as "forces replacement", so Terraform would destroy and re-create the vault, which its
 * prevent_destroy refuses and AWS refuses while it holds recovery points (force_destroy deletes them first). A regression, as a
 * logically air-gapped vault's new range is (diff.ts).
 */
export function compareEncryptionKey(before: VaultPosture, after: VaultPosture, changes: PostureChange[], subject: string): void {
  if (before.airGapped || after.airGapped || before.encryptionKey === after.encryptionKey) return;
  const words = (vault: VaultPosture) => vault.encryptionKey ?? 'AWS Backup\'s default key';
  emitter(changes, after.stack, subject)(
    'regression',
    'vault',
    'vault replaced: its encryption key cannot change in place (a new kms_key_arn destroys and re-creates it), which prevent_destroy refuses and AWS refuses while it holds recovery points; give the new key to a new vault under another key instead',
    words(before),
    words(after),
  );
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
  const targetWords = (guardrail: GuardrailPosture) => listOrNone(guardrail.targets.map((target) => target.label));
  for (const [name, { stack, item }] of before) {
    const emit = emitter(changes, after.get(name)?.stack ?? stack, `service control policy \`${name}\``);
    const now = after.get(name)?.item;
    if (!now) {
      emit('regression', 'policy', 'service control policy removed: account administrators may again weaken vaults, keys and the exempt principals', `attached to ${targetWords(item)}`, 'none');
      continue;
    }
    const detached = setDifference(item.targets, now.targets, (target) => target.id);
    if (detached.length > 0) emit('regression', 'policy', `service control policy detached from ${listOrNone(detached.map((target) => target.label))}`, targetWords(item), targetWords(now));
    const attached = setDifference(now.targets, item.targets, (target) => target.id);
    if (attached.length > 0) emit('improvement', 'policy', `service control policy attached to ${listOrNone(attached.map((target) => target.label))}`, targetWords(item), targetWords(now));
    const dropped = setDifference(item.denied, now.denied, identity);
    if (dropped.length > 0) emit('regression', 'policy', `service control policy no longer denies ${dropped.join(', ')}`, listOrNone(item.denied), listOrNone(now.denied));
    const exempted = setDifference(now.exempt, item.exempt, identity);
    if (exempted.length > 0) emit('regression', 'policy', `exempt from the service control policy: ${exempted.join(', ')}`, listOrNone(item.exempt), listOrNone(now.exempt));
  }
  for (const [name, { stack, item }] of after) {
    if (!before.has(name)) emitter(changes, stack, `service control policy \`${name}\``)('improvement', 'policy', 'service control policy added', 'none', `attached to ${targetWords(item)}`);
  }
}

/**
 * The deletion waiting period of the key that encrypts a vault, when the stack creates it on both sides: a shorter one leaves less
 * time to cancel a scheduled deletion (ScheduleKeyDeletion, 7-30 days) before the key, and the recovery points it encrypts, are
 * lost; the plan guard warns of the same update (guard/weakening.ts).
 */
export function compareKeyDeletionWindow(before: VaultPosture, after: VaultPosture, emit: Emit): void {
  const was = before.keyDeletionWindowDays;
  const now = after.keyDeletionWindowDays;
  if (was === null || now === null) return;
  if (now < was) emit('regression', 'vault', 'key deletion waiting period shorter: less time to cancel a scheduled deletion of the key before the recovery points it encrypts are lost', `${was} d`, `${now} d`);
  if (now > was) emit('improvement', 'vault', 'key deletion waiting period longer', `${was} d`, `${now} d`);
}

// ---------------------------------------------------------------------------
// Vault access policies: who may delete recovery points
// ---------------------------------------------------------------------------

const denyWords = (deny: VaultDeletionDeny): string =>
  deny.denied.length === 0 ? 'no deny' : `denies ${deny.denied.join(', ')}${deny.exempt.length === 0 ? '' : ` except to ${deny.exempt.join(', ')}`}`;

/** A deny dropped, or a principal exempted from it, lets more principals delete recovery points (or the key that decrypts them). */
export function compareDeletionDeny(before: VaultDeletionDeny, after: VaultDeletionDeny, emit: Emit, policy: string): void {
  const dropped = setDifference(before.denied, after.denied, identity);
  const added = setDifference(after.denied, before.denied, identity);
  if (dropped.length > 0) emit('regression', 'vault', `${policy} no longer denies ${dropped.join(', ')} to every principal`, denyWords(before), denyWords(after));
  if (added.length > 0) emit('improvement', 'vault', `${policy} now denies ${added.join(', ')} to every principal`, denyWords(before), denyWords(after));
  // Exemptions matter only while a deny stands: compared per action denied on both sides.
  const kept = before.denied.filter((action) => after.denied.includes(action));
  const exemptIn = (deny: VaultDeletionDeny) => [...new Set(kept.flatMap((action) => deny.exemptFrom[action] ?? []))].sort();
  // Who is newly exempt, as the plan guard reads it (compliance newlyExempt: not the policy's manager when the update first denies removing the policy).
  const exempted = newlyExempt(before, after).principals;
  const unexempted = [...new Set(kept.flatMap((action) => setDifference(before.exemptFrom[action] ?? [], after.exemptFrom[action] ?? [], identity)))].sort();
  if (exempted.length > 0) emit('regression', 'vault', `exempt from the ${policy}'s deny: ${exempted.join(', ')}`, listOrNone(exemptIn(before)), listOrNone(exemptIn(after)));
  if (unexempted.length > 0) emit('improvement', 'vault', `no longer exempt from the ${policy}'s deny: ${unexempted.join(', ')}`, listOrNone(exemptIn(before)), listOrNone(exemptIn(after)));
}


/**
 * A rule moved to another vault: its new recovery points are as safe as that vault's access policy
 * and key policy. Each deny the old vault had and the new one lacks (or may lack: a vault outside
 * the synth, whose policies are unknown), or a principal newly exempt, is a regression.
 */
/** The weakest of several denies: what all of them deny, and whoever any of them exempts. */
function weakestDeny(denies: readonly VaultDeletionDeny[]): VaultDeletionDeny {
  const [first, ...rest] = denies as [VaultDeletionDeny, ...VaultDeletionDeny[]];
  const denied = first.denied.filter((action) => rest.every((deny) => deny.denied.includes(action)));
  const exemptFrom = Object.fromEntries(denied.map((action) => [action, [...new Set(denies.flatMap((deny) => deny.exemptFrom[action] ?? []))].sort()]));
  return { denied, exempt: [...new Set(denies.flatMap((deny) => deny.exempt))].sort(), exemptFrom };
}

/**
 * The vaults a rule's target stands for: the one vault of the estate, or for a backup policy's
 * rule (`$account`) every vault of that name the estate creates in the policy's Regions, judged by
 * the weakest of them. Undefined when the estate creates none.
 */
function targetVaults(index: ReadonlyMap<string, VaultPosture>, ref: VaultRef): { access: VaultDeletionDeny; key: VaultDeletionDeny | null } | undefined {
  const vaults = ref.accountId !== '$account' ? [index.get(ref.key)].filter((vault): vault is VaultPosture => vault !== undefined) : [...index.values()].filter((vault) => vault.name === ref.name && (ref.region === 'each Region' || vault.region === ref.region));
  if (vaults.length === 0) return undefined;
  const keys = vaults.map((vault) => vault.keyDeletionDeny);
  return { access: weakestDeny(vaults.map((vault) => vault.deletionDeny)), key: keys.some((key) => key === null) ? null : weakestDeny(keys as VaultDeletionDeny[]) };
}

export function compareTargetDeny(before: VaultRef, after: VaultRef, emit: Emit, scope: VaultScope): void {
  const where = (vault: VaultRef) => vaultWords(vault, scope.accountId, scope.accountNames);
  const vaultBefore = targetVaults(scope.baseVaults, before);
  const vaultAfter = targetVaults(scope.headVaults, after);
  for (const [policy, of] of [
    ['access policy', (vault: ReturnType<typeof targetVaults>) => vault?.access ?? null],
    ['key policy', (vault: ReturnType<typeof targetVaults>) => vault?.key ?? null],
  ] as const) {
    const was = of(vaultBefore);
    if (was === null || was.denied.length === 0) continue;
    const now = of(vaultAfter);
    if (now === null) {
      const why = vaultAfter ? `its ${policy} is not in the synth (a key made elsewhere)` : 'which is not in the synth';
      emit('regression', 'vault', `target vault changed to ${where(after)}, ${why}: whether its ${policy} denies what the old one did is unknown`, `${where(before)}: ${denyWords(was)}`, 'unknown');
      continue;
    }
    let weaker = false;
    compareDeletionDeny(was, now, (kind) => {
      if (kind === 'regression') weaker = true;
    }, policy);
    if (weaker) emit('regression', 'vault', `target vault changed to one whose ${policy} protects its recovery points less`, `${where(before)}: ${denyWords(was)}`, `${where(after)}: ${denyWords(now)}`);
  }
}
