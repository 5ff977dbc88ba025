/**
 * What the plan guard tells a reviewer is lost: when a protected resource is deleted or replaced
 * (for an Organizations policy or its attachment, by the policy's type: a backup policy's plans or
 * a service control policy's denies), and when a deletion stops backups or their alerts. Also what
 * the plan's prior state says about the resources a change does not show: the keys vaults encrypt
 * with, the type of each Organizations policy. Pure; guard/guard.ts decides what blocks.
 */
import { readEmbeddedJson } from '../core/json-text';
import { isRecord } from '../core/order';
import { MESSAGES } from '../policies/messages';
import { POLICY_TYPE as BACKUP_POLICY } from '../policies/model';

/** The guard's finding kinds (GuardFinding['kind']). */
export type FindingKind = 'delete' | 'replace' | 'forget' | 'weaken' | 'other';

interface Loss {
  readonly loss: string;
  readonly replaced: string;
}

const SERVICE_CONTROL_POLICY = 'SERVICE_CONTROL_POLICY';
const SCP_DENIES = 'its denies stop applying at once (SCP changes are immediate), so any principal of those accounts with the permissions may then delete or weaken what it protected (the vault protection policy: vaults, their locks and policies, recovery points, vault keys, backup plans, the backup role)';

/** What is lost when a protected resource goes, and what a replacement adds. */
const LOSSES: Readonly<Record<string, Loss>> = {
  aws_backup_vault: {
    loss: 'destroys its recovery points (force_destroy deletes them; without it the apply fails half-way while the vault holds any)',
    replaced: 'and the new vault starts empty',
  },
  aws_backup_logically_air_gapped_vault: {
    loss: 'destroys its air-gapped recovery points, the copies of last resort',
    replaced: 'and the new vault starts empty',
  },
  aws_kms_key: {
    loss: 'schedules the key for deletion: recovery points encrypted with it cannot be restored once the waiting period ends',
    replaced: '(the new key cannot decrypt them)',
  },
  aws_backup_vault_lock_configuration: {
    loss: 'removes Vault Lock: recovery points can be deleted or expired early (a compliance lock past its grace time cannot be removed, so the apply fails)',
    replaced: 'until the new lock is in place',
  },
  aws_backup_vault_policy: {
    loss: 'removes the access policy that denies recovery point deletion',
    replaced: 'until the new policy is in place',
  },
  aws_iam_role_policy_attachment: {
    loss: 'detaches an AWS Backup managed policy from the role AWS Backup assumes: every job that needs its permissions fails',
    replaced: 'until it is attached again',
  },
  aws_iam_role: {
    loss: 'deletes a role AWS Backup assumes: every backup, copy or restore test job that uses it fails until a role of that name exists again',
    replaced: 'until the new role exists (a role moved to another stack is deleted by one stack and created by another: apply them in that order)',
  },
};

/** An Organizations policy's loss, by its type (undefined: not known from the plan). */
function organizationsLoss(type: string, policyType: string | undefined): Loss {
  const policy = type === 'aws_organizations_policy';
  const replaced = policy ? 'until the new policy is created and attached' : 'until it is attached again';
  if (policyType === BACKUP_POLICY) {
    return { loss: policy ? 'deletes the organization backup policy: the accounts it targets stop receiving its plans' : 'detaches the backup policy: the accounts under that target stop receiving its plans', replaced };
  }
  if (policyType === SERVICE_CONTROL_POLICY) {
    return { loss: policy ? `deletes the service control policy: in every account it is attached to, ${SCP_DENIES}` : `detaches the service control policy: in the accounts under that target, ${SCP_DENIES}`, replaced };
  }
  const what = policyType === undefined ? 'the Organizations policy (the plan does not say which type: a backup policy\'s accounts stop receiving its plans; a service control policy\'s denies stop applying at once)' : `the Organizations policy of type ${policyType}: what it enforces stops applying`;
  return { loss: policy ? `deletes ${what}` : `detaches ${what}`, replaced };
}

/** What deleting, replacing or forgetting a protected resource of `type` loses; `policyType` is an Organizations policy's type. */
export function consequence(type: string, address: string, kind: FindingKind, policyType?: string): string {
  const { loss, replaced } = type === 'aws_organizations_policy' || type === 'aws_organizations_policy_attachment' ? organizationsLoss(type, policyType) : (LOSSES[type] as Loss);
  switch (kind) {
    case 'delete':
      return `deleting ${address} ${loss}`;
    case 'replace':
      return `replacing ${address} ${loss} ${replaced}`;
    case 'forget':
      return `forgetting ${address} drops it from Terraform state without destroying it: it is no longer managed, so drift or deletion goes unnoticed`;
    default:
      return `${address} has actions this guard does not know: review the change by hand`;
  }
}

/**
 * Deletions that lose no recovery point but stop backups or their alerts from then on: a plan or
 * selection (what it selected is no longer backed up by it), vault notifications, the Region
 * settings, an alert rule, its target, an alarm, a subscription or the permission that lets the topic invoke a subscribed function; and a restore testing plan or
 * selection, the proof that restores work (the posture report's diff reads its removal as a regression). Updates that do the same are
 * read by guard/stopping-changes.ts, replacements too (a selection's, which every change of it
 * causes, when the new one selects less). A config change may mean them, so they are warnings the
 * summary shows, not blocks.
 */
export const STOPS_BACKUPS: Readonly<Record<string, string>> = {
  aws_backup_plan: 'deletes a backup plan: no rule of it runs any more, so what it backed up gets no new recovery point from it',
  aws_backup_selection: 'deletes a backup selection: what it selected is no longer backed up by its plan',
  aws_backup_vault_notifications: "deletes a vault's notifications: its failure events reach no one",
  aws_backup_region_settings: 'deletes the Region settings from Terraform: the opt-ins stay as they are in AWS, unmanaged',
  aws_cloudwatch_event_rule: 'deletes an EventBridge rule: if it routed AWS Backup events (failed jobs, changes), they reach no one',
  aws_cloudwatch_event_target: 'deletes an EventBridge rule target: if its rule routed AWS Backup events to the alerts topic, they no longer reach it',
  aws_sns_topic: 'deletes an SNS topic: if it is the alerts topic, the failed jobs, silences and changes AWS Backup, EventBridge and CloudWatch deliver to it reach no one',
  aws_sns_topic_policy: "deletes an SNS topic's policy: SNS's default policy names no AWS service, so if it is the alerts topic's, AWS Backup's vault notifications and EventBridge's failed job alerts, which need the topic policy's grant, no longer reach it",
  aws_sns_topic_subscription: 'deletes an SNS subscription: if it subscribed to the alerts topic, its endpoint hears of no failure or silence any more',
  aws_cloudwatch_metric_alarm: 'deletes a CloudWatch alarm: if it watched backups (failures, silence), no one hears of them',
  aws_lambda_permission: 'deletes a Lambda permission: if it let the alerts topic (sns.amazonaws.com) invoke a subscribed function, SNS can no longer invoke it, so that function hears of no failure or silence any more (its subscription stays and looks wired)',
  aws_backup_restore_testing_plan: 'deletes a restore testing plan: its restore tests stop, so nothing proves any more that the recovery points they tested can be restored',
  aws_backup_restore_testing_selection: 'deletes a restore testing selection: the resources it chose are no longer restore-tested, so nothing proves any more that their recovery points can be restored',
};

/** What the plan's prior state tells about resources a change entry does not show. */
export interface PriorStateFacts {
  /**
   * ARNs of the keys the vaults of the prior state encrypt with, or undefined when the plan carries
   * no prior state. A key no vault there names (the alerts topic's, the report bucket's) protects
   * no recovery point: its deletion is a warning, not a block.
   */
  readonly vaultKeys: ReadonlySet<string> | undefined;
  /** The type (BACKUP_POLICY, SERVICE_CONTROL_POLICY ...) of each Organizations policy of the prior state, by id: what its attachment attaches. */
  readonly policyTypes: ReadonlyMap<string, string>;
}

export function priorStateFacts(planJson: Record<string, unknown>): PriorStateFacts {
  const root = isRecord(planJson.prior_state) && isRecord(planJson.prior_state.values) ? planJson.prior_state.values.root_module : undefined;
  const policyTypes = new Map<string, string>();
  if (!isRecord(root)) return { vaultKeys: undefined, policyTypes };
  const arns = new Set<string>();
  const walk = (module: Record<string, unknown>): void => {
    for (const resource of Array.isArray(module.resources) ? module.resources.filter(isRecord) : []) {
      const values = resource.values;
      if (!isRecord(values)) continue;
      // An air-gapped vault names its customer managed key (if any) encryption_key_arn (AWS provider 6).
      const key = resource.type === 'aws_backup_vault' ? values.kms_key_arn : resource.type === 'aws_backup_logically_air_gapped_vault' ? values.encryption_key_arn : undefined;
      if (typeof key === 'string') arns.add(key);
      if (resource.type === 'aws_organizations_policy' && typeof values.id === 'string' && typeof values.type === 'string') policyTypes.set(values.id, values.type);
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules.filter(isRecord) : []) walk(child);
  };
  walk(root);
  return { vaultKeys: arns, policyTypes };
}

/** The type of the Organizations policy a change deletes or replaces (its own, or the one its attachment attaches), when the plan tells. */
export function organizationsPolicyType(type: string, before: unknown, facts: PriorStateFacts): string | undefined {
  if (!isRecord(before)) return undefined;
  if (type === 'aws_organizations_policy') return typeof before.type === 'string' ? before.type : undefined;
  if (type === 'aws_organizations_policy_attachment' && typeof before.policy_id === 'string') return facts.policyTypes.get(before.policy_id);
  return undefined;
}

/**
 * The configuration of a resource change (its block's `expressions` in the plan's `configuration`,
 * by module path and type.name, instance keys dropped), or undefined when the plan does not hold
 * it. What a value Terraform plans unknown comes from: an argument the configuration leaves out,
 * a constant, or a reference (`references`), known only at apply. A `dynamic` block is not listed there.
 */
export function configuredExpressions(planJson: Record<string, unknown>, entry: Record<string, unknown>): Record<string, unknown> | undefined {
  let module = isRecord(planJson.configuration) ? planJson.configuration.root_module : undefined;
  const path = typeof entry.module_address === 'string' ? entry.module_address.match(/module\.[^.[]+/g) ?? [] : [];
  for (const step of path) {
    const call = isRecord(module) && isRecord(module.module_calls) ? module.module_calls[step.slice('module.'.length)] : undefined;
    module = isRecord(call) ? call.module : undefined;
  }
  const address = `${String(entry.type)}.${String(entry.name)}`;
  const resource = (isRecord(module) && Array.isArray(module.resources) ? module.resources : []).find((candidate) => isRecord(candidate) && candidate.mode !== 'data' && candidate.address === address);
  return isRecord(resource) && isRecord(resource.expressions) ? resource.expressions : undefined;
}

/**
 * Why AWS refuses the content a plan gives an Organizations policy, or undefined: AWS Organizations rejects a key repeated in one
 * object of it (hashicorp/aws passes the content as written; JSON.parse would keep the last of the keys, so the guard would judge a
 * document AWS never receives). The other documents the guard reads repeat no key in a plan: the provider normalizes them first.
 */
export function refusedContent(type: string, after: unknown): string | undefined {
  if (type !== 'aws_organizations_policy' || !isRecord(after) || typeof after.content !== 'string') return undefined;
  const repeated = readEmbeddedJson(after.content)?.repeated;
  return repeated === undefined ? undefined : MESSAGES.contentDuplicateKey(repeated);
}
