/**
 * Updates in place that take away what the guard protects, read from a plan's before and after
 * values: a vault or key policy that no longer denies recovery point or key deletion to everyone
 * (or exempts more principals: the one evaluator the rule pack and the report use,
 * compliance/vault-protection.ts), a vault key disabled or given a shorter deletion window,
 * force_destroy turned on, a role AWS Backup assumes that no longer trusts it, a resource type
 * opted out in the Region settings, a service control policy that no longer denies what a Deny
 * statement denied on its scope or exempts more principals from it. Deleting the same things is blocked (guard/guard.ts); an update
 * does the same harm without deleting anything. A value Terraform knows only at apply
 * (after_unknown) cannot be checked, so it counts as a possible weakening.
 */
import { isRecord } from '../core/order';
import { exemptOn, newlyExempt, patternsCover, policyDenies, PROTECTED_VAULT_KEY_ACTIONS, scopedDenies, WATCHED_VAULT_ACTIONS } from '../compliance/vault-protection';
import { POLICY_TYPE as BACKUP_POLICY } from '../policies/model';

type Values = Readonly<Record<string, unknown>>;

/** True when an IAM trust policy (a JSON string or object) lets backup.amazonaws.com assume the role. */
export function trustsAwsBackup(policy: unknown): boolean {
  let document = policy;
  if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy);
    } catch {
      // Known only at apply time (a reference): the role may well be AWS Backup's.
      return policy.includes('backup.amazonaws.com');
    }
  }
  const statements = isRecord(document) ? ([] as unknown[]).concat(document.Statement ?? []) : [];
  return statements.some((statement) => {
    if (!isRecord(statement) || statement.Effect !== 'Allow') return false;
    const service = isRecord(statement.Principal) ? ([] as unknown[]).concat(statement.Principal.Service ?? []) : [];
    return service.some((name) => typeof name === 'string' && name.startsWith('backup.amazonaws.com'));
  });
}

/** Whether after_unknown marks a value or any part of it (a known list is [false, ...] or [], a known block {}). */
const holdsUnknown = (value: unknown): boolean => value === true || (Array.isArray(value) ? value.some(holdsUnknown) : isRecord(value) && Object.values(value).some(holdsUnknown));

/** Whether Terraform knows `key` (or part of it) only at apply: after_unknown marks it, or the whole object (true). One reading for every guard check. */
export const unknownAfter = (afterUnknown: unknown, key: string): boolean => afterUnknown === true || (isRecord(afterUnknown) && holdsUnknown(afterUnknown[key]));

/** Whether after_unknown marks a part of `key` but not the whole of it. */
export const partlyUnknown = (afterUnknown: unknown, key: string): boolean => isRecord(afterUnknown) && afterUnknown[key] !== true && holdsUnknown(afterUnknown[key]);

/** A policy as the evaluator reads it: Terraform writes a JSON string; an object is read the same. */
export const policyText = (policy: unknown): unknown => (isRecord(policy) ? JSON.stringify(policy) : policy);

/** What a policy update takes from the deny of `actions`, or undefined when it takes nothing. */
function denyWeakening(before: unknown, after: unknown, unknown: boolean, actions: readonly string[]): string | undefined {
  const was = policyDenies(policyText(before), actions);
  if (was.denied.length === 0) return undefined;
  if (unknown) return `gets a policy known only at apply: whether it still denies ${was.denied.join(', ')} to everyone cannot be checked before`;
  const now = policyDenies(policyText(after), actions);
  const lost = was.denied.filter((action) => !now.denied.includes(action));
  if (lost.length > 0) return `no longer denies ${lost.join(', ')} to everyone`;
  // Exemptions matter only where the deny stood before, and not for the policy's manager when the update first denies removing the policy (newlyExempt).
  const widened = newlyExempt(was, now);
  if (widened.actions.length === 0) return undefined;
  return `exempts ${widened.principals.join(', ')} from its deny of ${widened.actions.join(', ')}`;
}

/**
 * What an update takes from an Organizations policy's denies (a service control policy: the vault
 * protection policy), statement by statement: each action a Deny statement denied on its scope (its
 * Resource and conditions) must still be denied there, with no more exempt principals. A backup
 * policy denies nothing: what its update stops is a warning (guard/backup-plan-changes.ts).
 */
function organizationsPolicy(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  if (before.type === BACKUP_POLICY) return undefined;
  const was = scopedDenies(policyText(before.content));
  if (was.length === 0) return undefined;
  const tail = ': SCP changes take effect at once, and in every account it is attached to any principal it did not exempt may then do what it denied (delete or weaken vaults, their locks and policies, recovery points, vault keys, backup plans or the backup role)';
  if (unknownAfter(afterUnknown, 'content')) return `gets a policy known only at apply: whether it still denies what its ${was.length} Deny statement${was.length === 1 ? '' : 's'} denied cannot be checked before${tail}`;
  const now = scopedDenies(policyText(after.content));
  // A principal the update stops exempting needs no protection as one any more: a deny scoped to the exempt roles (who may change them) may leave it.
  const exemptNow = new Set(now.flatMap((statement) => [...statement.exempt]));
  const noLongerExempt = new Set(was.flatMap((statement) => [...statement.exempt]).filter((principal) => !exemptNow.has(principal)));
  const lost: string[] = [];
  const widened: string[] = [];
  was.forEach((statement, index) => {
    const label = `statement ${statement.sid ?? index + 1}`;
    const resources = statement.scope.resources.filter((resource) => !noLongerExempt.has(resource));
    if (resources.length === 0 && statement.scope.resources.length > 0) return;
    const scope = { ...statement.scope, resources };
    const gone: string[] = [];
    const exempted = new Map<string, string[]>();
    for (const action of new Set(statement.actions)) {
      const exempt = exemptOn(now, scope, action);
      if (exempt === undefined) {
        gone.push(action);
        continue;
      }
      const before = exemptOn(was, scope, action) ?? [];
      // An exemption a former pattern took in (role/Backup* before role/BackupBreakGlass) exempts no one more.
      for (const principal of exempt.filter((arn) => !patternsCover([arn], before))) exempted.set(principal, [...(exempted.get(principal) ?? []), action]);
    }
    if (gone.length > 0) lost.push(`${gone.join(', ')} everywhere ${label} did`);
    const principals = [...exempted.keys()].sort();
    if (principals.length > 0) widened.push(`${principals.join(', ')} from its deny of ${[...new Set(principals.flatMap((principal) => exempted.get(principal) ?? []))].join(', ')} (${label})`);
  });
  const parts = [...(lost.length > 0 ? [`no longer denies ${lost.join('; ')}`] : []), ...(widened.length > 0 ? [`exempts ${widened.join('; ')}`] : [])];
  return parts.length === 0 ? undefined : `${parts.join(', and ')}${tail}`;
}

/** Opt-ins (true) of a preference map that the update turns off or removes. */
/**
 * What selects a resource only through its Region opt-in (core/selection-reach.ts typesDependingOnOptIn), in the guard's words: the
 * one list of every guard message that a Region setting or a selection now leaves to the opt-in.
 */
export const OPT_IN_SELECTORS = 'tags, "*", an ARN of the service only, of part of a type or of a shared shape';

function optedOut(before: unknown, after: unknown): string[] {
  if (!isRecord(before)) return [];
  const now = isRecord(after) ? after : {};
  return Object.keys(before)
    .filter((type) => before[type] === true && now[type] !== true)
    .sort();
}

function vaultPolicy(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const weakened = denyWeakening(before.policy, after.policy, unknownAfter(afterUnknown, 'policy'), WATCHED_VAULT_ACTIONS);
  return weakened && `${weakened}: recovery points of vault ${String(before.backup_vault_name ?? '')} can then be deleted or expired early`;
}

/** What a key holds, for the consequences: a vault's recovery points, or (a key no vault encrypts with) an alerts topic's messages or a report bucket's reports. */
export type KeyRole = 'vault' | 'other';

function kmsKey(before: Values, after: Values, afterUnknown: unknown, role: KeyRole = 'vault'): string | undefined {
  const vault = role === 'vault';
  if (before.is_enabled !== false && (after.is_enabled === false || unknownAfter(afterUnknown, 'is_enabled'))) {
    return vault
      ? 'disables the key: no backup can be encrypted with it and no recovery point it encrypts can be restored while it is disabled'
      : 'disables the key: what it encrypts (an alerts topic: every alert; a report bucket: the reports) cannot be written or read while it is disabled';
  }
  const window = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
  const [was, now] = [window(before.deletion_window_in_days), window(after.deletion_window_in_days)];
  const lost = vault ? 'the recovery points it encrypts are lost' : 'what it encrypts is lost';
  if (was !== undefined && now !== undefined && now < was) return `shortens the key's deletion waiting period from ${was} to ${now} days: less time to cancel a deletion before ${lost}`;
  if (was !== undefined && unknownAfter(afterUnknown, 'deletion_window_in_days')) return `gets a deletion waiting period known only at apply: whether it is shorter than ${was} days cannot be checked before`;
  const weakened = denyWeakening(before.policy, after.policy, unknownAfter(afterUnknown, 'policy'), PROTECTED_VAULT_KEY_ACTIONS);
  return weakened && (vault ? `${weakened}: the key, and with it the recovery points it encrypts, can then be disabled or deleted` : `${weakened}: the key, and with it the alerts or reports it encrypts, can then be disabled or deleted`);
}

function vault(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  if (before.force_destroy === true || !(after.force_destroy === true || unknownAfter(afterUnknown, 'force_destroy'))) return undefined;
  return 'turns force_destroy on: a later deletion of the vault deletes its recovery points instead of failing';
}

function role(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  if (!trustsAwsBackup(before.assume_role_policy)) return undefined;
  if (unknownAfter(afterUnknown, 'assume_role_policy')) return 'gets a trust policy known only at apply: whether AWS Backup may still assume the role cannot be checked before';
  if (trustsAwsBackup(after.assume_role_policy)) return undefined;
  return 'no longer lets backup.amazonaws.com assume the role: every backup, copy or restore test job that uses it fails';
}

function regionSettings(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const keys = ['resource_type_opt_in_preference', 'resource_type_management_preference'];
  if (keys.some((key) => unknownAfter(afterUnknown, key))) return 'gets Region settings known only at apply: whether a resource type is opted out cannot be checked before';
  const types = [...new Set(keys.flatMap((key) => optedOut(before[key], after[key])))].sort();
  if (types.length === 0) return undefined;
  return `opts ${types.join(', ')} out: selections by ${OPT_IN_SELECTORS} (rds clusters, FSx file systems) skip ${types.length === 1 ? 'that type' : 'those types'} in this Region from then on, with no job and no failure`;
}

/**
 * Region settings Terraform starts managing overwrite the account's, which the plan does not know
 * (AWS opts an account in to the types it supported when the account first used AWS Backup): each
 * type they set to false, or leave to apply time, may be one AWS Backup backs up here today.
 */
export function optOutAtCreation(type: string, change: Values): string | undefined {
  if (type !== 'aws_backup_region_settings' || !isRecord(change.after)) return undefined;
  if (unknownAfter(change.after_unknown, 'resource_type_opt_in_preference')) {
    return 'sets Region settings known only at apply over the account\'s own, which the plan does not know: whether a resource type is opted out cannot be checked before';
  }
  const preferences = isRecord(change.after.resource_type_opt_in_preference) ? change.after.resource_type_opt_in_preference : {};
  const out = Object.keys(preferences).filter((name) => preferences[name] !== true).sort();
  if (out.length === 0) return undefined;
  return `opts ${out.join(', ')} out over the account's own Region settings, which the plan does not know: where AWS Backup backed ${out.length === 1 ? 'that type' : 'those types'} up here until now, selections by ${OPT_IN_SELECTORS} (rds clusters, FSx file systems) skip ${out.length === 1 ? 'it' : 'them'} from then on, with no job and no failure`;
}

/** The in-place update checks, by the resource type they read. */
const CHECKS: Readonly<Record<string, (before: Values, after: Values, afterUnknown: unknown) => string | undefined>> = {
  aws_backup_vault_policy: vaultPolicy,
  aws_kms_key: kmsKey,
  aws_backup_vault: vault,
  aws_iam_role: role,
  aws_backup_region_settings: regionSettings,
  aws_organizations_policy: organizationsPolicy,
};

/** What an in-place update of a resource of `type` takes away (a phrase after "updating <address> in place"), or undefined. */
export function weakeningOf(type: string, change: Values, keyRole: KeyRole = 'vault'): string | undefined {
  // A plan's type is any string: "constructor" must not find Object.prototype's.
  const check = Object.hasOwn(CHECKS, type) ? CHECKS[type] : undefined;
  if (check === undefined || !isRecord(change.before)) return undefined;
  const after = isRecord(change.after) ? change.after : {};
  return type === 'aws_kms_key' ? kmsKey(change.before, after, change.after_unknown, keyRole) : check(change.before, after, change.after_unknown);
}
