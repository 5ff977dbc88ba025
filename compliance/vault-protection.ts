/**
 * Who may still delete a vault's recovery points: the Deny statements for every principal in the
 * access policies attached to it, and the principals their conditions exempt (the break-glass
 * roles); and who may still delete or disable the key that encrypts them. The one answer for the rule pack (backup-recovery-point-manual-deletion-disabled) and
 * for the posture report, which flags a deny removed or an exemption added as a regression, and
 * for the plan guard, which compares a vault or key policy, or a service control policy statement
 * by statement (scopedDenies, exemptOn), before and after an update.
 */
import type { StackResource, StackView } from './types';
import { actionMatches, instancesOf, isWildcardPrincipal, namesVault, parsePolicy, type PolicyStatementView } from './rules/helpers';
import { patternCovers } from '../core/arn-patterns';
import { PROTECTED_KEY_ACTIONS as KEY_DENY_ACTIONS, PROTECTED_KEY_POLICY_ACTION, PROTECTED_VAULT_SETTING_ACTIONS } from '../core/limits';

/** What the deletion deny must cover: deleting a recovery point, shortening its life, replacing the policy. */
export const PROTECTED_VAULT_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'] as const;

/**
 * What the posture report and the plan guard watch: the deletion deny (with the disassociation of
 * a continuous recovery point, which deletes it from AWS Backup: the vault policy denies it beside
 * AWS Config's three), and the deny of deleting the policy or removing or weakening the lock
 * (DenyProtectionRemoval, made once a deployment role is known). Dropping the latter lets an
 * administrator delete the policy, then the recovery points.
 */
export const WATCHED_VAULT_ACTIONS = [...PROTECTED_VAULT_ACTIONS, 'backup:DisassociateRecoveryPoint', ...PROTECTED_VAULT_SETTING_ACTIONS] as const;

/** The stack as this evaluator reads it (a rule pack view, or the report's reader). */
export type VaultPolicyReader = Pick<StackView, 'ofType' | 'referenced' | 'regionOf'>;

export interface DeletionDeny {
  /** Access policies (aws_backup_vault_policy) attached to the vault. */
  readonly policies: number;
  /** The protected actions denied to every principal, in the order asked (PROTECTED_VAULT_ACTIONS by default). */
  readonly denied: readonly string[];
  /** Principal ARNs (patterns) a "Not" condition on aws:PrincipalArn exempts from those denies, sorted. */
  readonly exempt: readonly string[];
  /** Per denied action, the principals exempt from every statement that denies it, sorted. */
  readonly exemptFrom: Readonly<Record<string, readonly string[]>>;
}

const isPrincipalArnKey = (key: string): boolean => key.toLowerCase() === 'aws:principalarn';
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : []);

/** The principals a deny statement's "Not" conditions on aws:PrincipalArn exempt. */
function exemptionsOf(statement: { readonly condition: Readonly<Record<string, unknown>> }): Set<string> {
  const exempt = new Set<string>();
  for (const [operator, entries] of Object.entries(statement.condition)) {
    if (!/Not/.test(operator) || typeof entries !== 'object' || entries === null) continue;
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) if (isPrincipalArnKey(key)) for (const arn of strings(value)) exempt.add(arn);
  }
  return exempt;
}

/**
 * A Deny that holds for every principal on every resource, but the principals its conditions
 * exempt: Principal and Resource "*" (AWS Config's backup-recovery-point-manual-deletion-disabled
 * requires both wildcards), no NotResource, and no condition but "Not" operators on
 * aws:PrincipalArn. Any other condition (a positive match, MFA, a tag) narrows whom it denies.
 */
function deniesEveryone(statement: PolicyStatementView): boolean {
  if (statement.effect !== 'Deny' || !isWildcardPrincipal(statement.principal)) return false;
  if (!statement.resources.includes('*') || statement.notResource !== undefined) return false;
  return Object.entries(statement.condition).every(
    ([operator, entries]) => /Not/.test(operator) && typeof entries === 'object' && entries !== null && Object.keys(entries).every(isPrincipalArnKey),
  );
}

/** A Deny statement as this evaluator reads it: the actions it denies and the principals its conditions exempt. */
interface DenyStatement {
  readonly actions: readonly string[];
  readonly exempt: ReadonlySet<string>;
}

/**
 * The principals exempt from `action` under `statements`, or undefined when none of them denies it.
 * A principal one statement exempts, another still denies: only those every statement exempts get through.
 */
function exemptFromAll(statements: readonly DenyStatement[], action: string): string[] | undefined {
  const denying = statements.filter((statement) => statement.actions.some((pattern) => actionMatches(pattern, action)));
  if (denying.length === 0) return undefined;
  return [...(denying[0] as DenyStatement).exempt].filter((arn) => denying.every((statement) => statement.exempt.has(arn))).sort();
}

/** The protected `actions` the policy documents deny to every principal, and the principals their conditions exempt. */
function denyIn(documents: readonly unknown[], actions: readonly string[]): Omit<DeletionDeny, 'policies'> {
  const denies = documents
    .flatMap((document) => {
      const parsed = parsePolicy(document);
      return parsed.kind === 'statements' ? parsed.statements.filter(deniesEveryone) : [];
    })
    .map((statement) => ({ actions: statement.actions, exempt: exemptionsOf(statement) }));
  const exemptFrom: Record<string, string[]> = {};
  for (const action of actions) {
    const exempt = exemptFromAll(denies, action);
    if (exempt !== undefined) exemptFrom[action] = exempt;
  }
  return { denied: actions.filter((action) => Object.hasOwn(exemptFrom, action)), exempt: [...new Set(denies.flatMap((statement) => [...statement.exempt]))].sort(), exemptFrom };
}

/** The actions that remove or replace the policy itself (a vault's access policy, a key's policy): whoever may do them may lift every other deny in it. */
const POLICY_REMOVAL_ACTIONS: readonly string[] = ['backup:DeleteBackupVaultAccessPolicy', PROTECTED_KEY_POLICY_ACTION];

/**
 * The principals an update exempts from a deny it keeps (an action denied before and after) that
 * were not exempt before: one answer for the plan guard and the posture diff. A principal exempt
 * only as the policy's manager is left out: when the update adds a deny of the policy's own removal
 * (DenyProtectionRemoval, or kms:PutKeyPolicy in the key deny, once a deployment role is known) and
 * exempts the principal from it, nothing stopped anyone IAM allowed from removing the policy before
 * and then doing what it denied, so that principal (the deployment role that applies the policy)
 * gains nothing. Any other principal newly exempt does: IAM may let it delete recovery points but
 * not the policy. `managers`: the principals left out so.
 */
export function newlyExempt(
  was: Pick<DeletionDeny, 'denied' | 'exemptFrom'>,
  now: Pick<DeletionDeny, 'denied' | 'exemptFrom'>,
): { readonly actions: string[]; readonly principals: string[]; readonly managers: string[] } {
  const removalAdded = POLICY_REMOVAL_ACTIONS.filter((action) => !was.denied.includes(action) && now.denied.includes(action));
  const managesPolicy = (principal: string) => removalAdded.length > 0 && removalAdded.every((action) => (now.exemptFrom[action] ?? []).includes(principal));
  const kept = now.denied.filter((action) => was.denied.includes(action));
  const fresh = (action: string) => (now.exemptFrom[action] ?? []).filter((principal) => !(was.exemptFrom[action] ?? []).includes(principal));
  const added = (action: string) => fresh(action).filter((principal) => !managesPolicy(principal));
  const actions = kept.filter((action) => added(action).length > 0);
  return { actions, principals: [...new Set(actions.flatMap(added))].sort(), managers: [...new Set(kept.flatMap(fresh).filter(managesPolicy))].sort() };
}

/**
 * The protected `actions` one policy document (a vault access policy or a key policy, as a JSON
 * string) denies to every principal, and the principals exempt from each: the same answer for a
 * document read outside a stack (the plan guard compares a policy before and after an update).
 */
export function policyDenies(document: unknown, actions: readonly string[]): Omit<DeletionDeny, 'policies'> {
  return denyIn([document], actions);
}

/**
 * Where a Deny statement applies, but for whom: its Resource or NotResource and its conditions
 * other than the exemptions ("Not" operators on aws:PrincipalArn), such as the kms:ResourceAliases
 * match that limits a service control policy's key deny to the vault keys. Condition values as text.
 */
export interface DenyScope {
  readonly resources: readonly string[];
  readonly notResource: unknown;
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** A Deny statement read with its scope (a service control policy's may be scoped by Resource or by a condition). */
export interface ScopedDeny extends DenyStatement {
  readonly sid?: string;
  readonly scope: DenyScope;
}

function scopeOf(statement: PolicyStatementView): DenyScope {
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const [operator, entries] of Object.entries(statement.condition)) {
    if (typeof entries !== 'object' || entries === null) continue;
    const kept = Object.entries(entries as Record<string, unknown>).filter(([key]) => !(/Not/.test(operator) && isPrincipalArnKey(key)));
    if (kept.length > 0) conditions[operator] = Object.fromEntries(kept.map(([key, value]) => [key, (Array.isArray(value) ? value : [value]).map(String)]));
  }
  return { resources: statement.resources, notResource: statement.notResource, conditions };
}

/**
 * The Deny statements of a policy document (a JSON string) that name no principal or every
 * principal, as service control policies do (they name none: they apply to every principal of the
 * accounts they are attached to), each with its actions, exemptions and scope.
 */
export function scopedDenies(document: unknown): ScopedDeny[] {
  const parsed = parsePolicy(document);
  if (parsed.kind !== 'statements') return [];
  return parsed.statements
    .filter((statement) => statement.effect === 'Deny' && statement.notPrincipal === undefined && (statement.principal === undefined || isWildcardPrincipal(statement.principal)) && statement.actions.length > 0)
    .map((statement) => ({ ...(statement.sid !== undefined ? { sid: statement.sid } : {}), actions: statement.actions, exempt: exemptionsOf(statement), scope: scopeOf(statement) }));
}

const subset = (inner: readonly string[], outer: readonly string[]): boolean => inner.every((value) => outer.includes(value));

/** Every value of `inner` matched by a pattern of `outer` whatever its wildcards stand for (Resource, ArnLike and StringLike: `*` and `?`). */
export const patternsCover = (inner: readonly string[], outer: readonly string[]): boolean => inner.every((value) => outer.some((pattern) => patternCovers(pattern, value)));

/**
 * Whether a deny scoped to `outer` reaches every request one scoped to `inner` does: every resource
 * (or "*"), and no condition that `inner` lacks or that matches fewer values (a positive operator
 * with fewer values, a "Not" operator with more).
 */
function scopeCovers(outer: DenyScope, inner: DenyScope): boolean {
  if (outer.notResource !== undefined) {
    if (JSON.stringify(outer.notResource) !== JSON.stringify(inner.notResource) || !patternsCover(inner.resources, outer.resources)) return false;
  } else if (!outer.resources.includes('*') && (inner.notResource !== undefined || !patternsCover(inner.resources, outer.resources))) {
    return false;
  }
  return Object.entries(outer.conditions).every(([operator, entries]) =>
    Object.entries(entries).every(([key, values]) => {
      const innerValues = inner.conditions[operator]?.[key];
      // A Like operator's values are patterns: a broader one (alias/* for alias/backup/*) matches more.
      const covers = /Like$/.test(operator) ? patternsCover : subset;
      return innerValues !== undefined && (/Not/.test(operator) ? covers(values, innerValues) : covers(innerValues, values));
    }),
  );
}

/**
 * The principals exempt from `action` wherever `scope` reaches, under the `denies` whose scope
 * covers it, or undefined when none of them denies it there: the plan guard compares a service
 * control policy before and after an update, statement by statement, with the rule the vault
 * policies are read by (only principals every such statement exempts get through).
 */
export function exemptOn(denies: readonly ScopedDeny[], scope: DenyScope, action: string): string[] | undefined {
  return exemptFromAll(
    denies.filter((deny) => scopeCovers(deny.scope, scope)),
    action,
  );
}

/** The access policies attached to `vault` whose count or for_each (instancesOf) makes `instances`: 'some', certain to exist; 'unknown', known only at apply, they may not. */
const vaultPolicies = (stack: VaultPolicyReader, vault: StackResource, instances: 'some' | 'unknown'): StackResource[] =>
  stack.ofType('aws_backup_vault_policy').filter((policy) => namesVault(stack, policy, policy.attributes.backup_vault_name, vault) && instancesOf(policy) === instances);

/** The access policies attached to `vault` whose count or for_each is known only at apply: they may not exist. */
export const conditionalVaultPolicies = (stack: VaultPolicyReader, vault: StackResource): StackResource[] => vaultPolicies(stack, vault, 'unknown');

/** The deny of `actions` (default the deletion deny the rule pack requires) in the access policies attached to `vault` (certain to exist). */
export function deletionDenyOf(stack: VaultPolicyReader, vault: StackResource, actions: readonly string[] = PROTECTED_VAULT_ACTIONS): DeletionDeny {
  const policies = vaultPolicies(stack, vault, 'some');
  return { policies: policies.length, ...denyIn(policies.map((policy) => policy.attributes.policy), actions) };
}

/**
 * Whether one Deny statement of the access policies attached to `vault` denies every one of
 * `actions` to every principal (as deletionDenyOf reads a deny): AWS Config's
 * backup-recovery-point-manual-deletion-disabled looks for "a suitable 'Deny' statement (statement
 * with backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, and
 * backup:PutBackupVaultAccessPolicy permissions)", one statement, not the three spread over several.
 */
export function oneStatementDenies(stack: VaultPolicyReader, vault: StackResource, actions: readonly string[] = PROTECTED_VAULT_ACTIONS): boolean {
  return vaultPolicies(stack, vault, 'some').some((policy) => {
    const parsed = parsePolicy(policy.attributes.policy);
    return parsed.kind === 'statements' && parsed.statements.some((statement) => deniesEveryone(statement) && actions.every((action) => statement.actions.some((pattern) => actionMatches(pattern, action))));
  });
}

/** What the key deny protects: deleting or disabling the key (without it no recovery point it encrypts can be restored), replacing its policy. */
export const PROTECTED_VAULT_KEY_ACTIONS = [...KEY_DENY_ACTIONS, PROTECTED_KEY_POLICY_ACTION] as const;

/**
 * The same answer for the customer-managed key of a vault when this stack creates it (kms_key_arn
 * referencing an aws_kms_key of the stack); undefined for a key made elsewhere, whose policy is
 * not in the synth.
 */
export function keyDeletionDenyOf(stack: VaultPolicyReader, vault: StackResource): Omit<DeletionDeny, 'policies'> | undefined {
  const key = stack.referenced(vault.attributes.kms_key_arn);
  if (key === undefined || key.type !== 'aws_kms_key') return undefined;
  return denyIn([key.attributes.policy], PROTECTED_VAULT_KEY_ACTIONS);
}
