/**
 * Turns config plans into an Organizations BACKUP_POLICY document (through policies/builder).
 * Backup policies have no $region variable: a plan whose copies name Region-specific vault ARNs
 * becomes one policy plan per Region (`<plan>-<region>`); other plans cover all their Regions.
 */
import { backupVaultArn, iamRoleArn } from '../core/arn';
import { effectiveCopyLifecycle } from '../modules/backup-plan';
import { buildBackupPolicy, serializePolicy } from '../policies/builder';
import type { PolicyConditionsInput, PolicyLifecycleInput, PolicyPlanInput, PolicyRuleInput } from '../policies/builder';
import type { ConditionOperator } from '../policies/model';
import { CENTRAL_AIR_GAPPED_VAULT_KEY, CONDITION_OPERATORS, ruleWindows } from '../core/limits';
import { isCentralVault } from './instances';
import { existingVault } from './existing-vaults';
import { EVERY_REGION, NormalizedConfig, NormalizedPlan } from './normalize';
import type { BackupConfig } from './schema';

export type PolicyConfig = NonNullable<BackupConfig['organization']>['policies'][string];

/** `$account` stands for each member account in policy ARNs. */
const MEMBER = '$account';

function lifecycleInput(lifecycle: { deleteAfterDays?: number; coldStorageAfterDays?: number; optInToArchiveForSupportedResources?: boolean }): PolicyLifecycleInput {
  return {
    deleteAfterDays: lifecycle.deleteAfterDays ?? 0,
    coldStorageAfterDays: lifecycle.coldStorageAfterDays,
    optInToArchiveForSupportedResources: lifecycle.optInToArchiveForSupportedResources,
  };
}

function destinationArn(config: NormalizedConfig, vaultKey: string, region: string, backupAccountId: string): string {
  const partition = config.partition;
  if (isCentralVault(config, vaultKey)) {
    const central = config.organization?.central;
    const name = vaultKey === CENTRAL_AIR_GAPPED_VAULT_KEY ? (central?.airGapped?.vaultName ?? '') : (central?.vaultName ?? '');
    return backupVaultArn({ accountId: backupAccountId, partition, region }, name);
  }
  const existing = existingVault(config, vaultKey);
  if (existing) return existing.fixed?.arn ?? backupVaultArn({ accountId: MEMBER, partition, region }, existing.name);
  const vault = config.vaults[vaultKey];
  return backupVaultArn({ accountId: MEMBER, partition, region: vault.region === EVERY_REGION ? region : vault.region }, vault.name);
}

/** One tag selection of a policy plan, and the config selection and tag key it comes from. */
export interface PolicyTagSelection {
  /** Its identifier under selections.tags. */
  readonly id: string;
  readonly selectionKey: string;
  readonly tagKey: string;
  readonly tagValues: string[];
}

/**
 * The tag selections a config plan becomes in a backup policy: a policy tag selection has one
 * tag_key, so each tag key of a config selection becomes a selection of its own (`<selection>` for
 * a single key, `<selection>-<n>` for several). What the policy quotas count (./policy-selection-rules.ts).
 */
export function policyTagSelections(plan: NormalizedPlan): PolicyTagSelection[] {
  return Object.entries(plan.selections).flatMap(([selectionKey, selection]) =>
    Object.entries(selection.tags ?? {}).map(([tagKey, value], index, all) => ({
      id: all.length === 1 ? selectionKey : `${selectionKey}-${index + 1}`,
      selectionKey,
      tagKey,
      tagValues: typeof value === 'string' ? [value] : [...value].sort(),
    })),
  );
}

function planInput(config: NormalizedConfig, plan: NormalizedPlan, name: string, regions: string[], backupAccountId: string): PolicyPlanInput {
  const role = config.serviceRole;
  const roleArn = iamRoleArn({ accountId: MEMBER, partition: config.partition, region: '' }, role.name, role.path);
  const rules = Object.fromEntries(
    Object.entries(plan.rules).map(([key, rule]): [string, PolicyRuleInput] => {
      const copies = Object.entries(rule.copies).map(([copyKey, copy]) => [
        copyKey,
        {
          destinationVaultArn: destinationArn(config, copy.vault, regions[0], backupAccountId),
          lifecycle: lifecycleInput(effectiveCopyLifecycle({ lifecycle: rule.lifecycle }, { lifecycle: copy.lifecycle })),
        },
      ]);
      return [
        key,
        {
          targetVaultName: config.vaults[rule.vault ?? '']?.name ?? existingVault(config, rule.vault)?.name ?? '',
          schedule: rule.schedule,
          ...ruleWindows(rule.startWindowMinutes, rule.completionWindowMinutes),
          lifecycle: lifecycleInput(rule.lifecycle),
          continuousBackup: rule.continuousBackup,
          recoveryPointTags: rule.recoveryPointTags,
          copies: copies.length > 0 ? Object.fromEntries(copies) : undefined,
        },
      ];
    }),
  );
  const tagSelections = Object.fromEntries(
    policyTagSelections(plan).map((selection) => [
      selection.id,
      { iamRoleArn: roleArn, tagKey: selection.tagKey, tagValues: selection.tagValues, conditions: policyConditions(plan.selections[selection.selectionKey].conditions) },
    ]),
  );
  // Resource selections (the checker refuses a plan mixing them with tag selections, and tags with resources in one selection).
  const resourceSelections = Object.fromEntries(
    Object.entries(plan.selections)
      .filter(([, selection]) => (selection.resources ?? []).length > 0)
      .map(([key, selection]) => [
        key,
        { iamRoleArn: roleArn, resourceTypes: [...(selection.resources ?? [])].sort(), notResourceTypes: selection.notResources ? [...selection.notResources].sort() : undefined, conditions: policyConditions(selection.conditions) },
      ]),
  );
  return { name, regions, rules, tagSelections, resourceSelections, windowsVss: plan.windowsVss, backupPlanTags: plan.tags };
}

const POLICY_OPERATORS: Readonly<Record<(typeof CONDITION_OPERATORS)[number], ConditionOperator>> = {
  stringEquals: 'string_equals',
  stringLike: 'string_like',
  stringNotEquals: 'string_not_equals',
  stringNotLike: 'string_not_like',
};

/** A config selection's conditions in the policy grammar (tag keys without aws:ResourceTag/, each value its own condition). */
function policyConditions(conditions: NormalizedPlan['selections'][string]['conditions']): PolicyConditionsInput | undefined {
  const entries = CONDITION_OPERATORS.flatMap((operator) => {
    const pairs = Object.entries(conditions?.[operator] ?? {}).flatMap(([key, value]) =>
      (typeof value === 'string' ? [value] : [...value]).map((item) => ({ tagKey: key.startsWith('aws:ResourceTag/') ? key.slice('aws:ResourceTag/'.length) : key, value: item })),
    );
    return pairs.length > 0 ? [[POLICY_OPERATORS[operator], pairs] as const] : [];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** True when a plan's copies name vault ARNs that depend on the Region. */
function hasRegionalArns(plan: NormalizedPlan): boolean {
  return Object.values(plan.rules).some((rule) => Object.keys(rule.copies).length > 0);
}

/**
 * The name a built policy gives a plan whose copies name Region-dependent vault ARNs: one plan per Region (the policy document's
 * plans are keyed by name). policy-plans.json names it by the config plan's name (`plan`), as it runs in each stack.
 */
export const regionalPolicyPlanName = (plan: string, region: string): string => `${plan}-${region}`;

/** The config plan's name of a policy document's plan named `name` that runs in `region` only, when the name is regionalPolicyPlanName's. */
export const regionalPolicyPlanBase = (name: string, region: string): string | undefined => {
  const base = name.slice(0, -(region.length + 1));
  return base !== '' && regionalPolicyPlanName(base, region) === name ? base : undefined;
};

export function policyPlanInputs(config: NormalizedConfig, policy: PolicyConfig, backupAccountId: string): PolicyPlanInput[] {
  const regions = [...(policy.regions ?? [])].sort();
  return (policy.plans ?? []).flatMap((key) => {
    const plan = config.plans[key];
    if (!hasRegionalArns(plan)) return [planInput(config, plan, plan.name, regions, backupAccountId)];
    return regions.map((region) => planInput(config, plan, regionalPolicyPlanName(plan.name, region), [region], backupAccountId));
  });
}

/** The serialized policy document of a policy built from config plans. */
export function buildPolicyContent(config: NormalizedConfig, policy: PolicyConfig, backupAccountId: string): string {
  return serializePolicy(buildBackupPolicy(policyPlanInputs(config, policy, backupAccountId)));
}
