/**
 * Turns config plans into an Organizations BACKUP_POLICY document (through policies/builder).
 * Backup policies have no $region variable: a plan whose copies name Region-specific vault ARNs
 * becomes one policy plan per Region (`<plan>-<region>`); other plans cover all their Regions.
 */
import { backupVaultArn, iamRoleArn } from '../core/arn';
import { effectiveCopyLifecycle } from '../modules/backup-plan';
import { buildBackupPolicy, serializePolicy } from '../policies/builder';
import type { PolicyLifecycleInput, PolicyPlanInput, PolicyRuleInput } from '../policies/builder';
import { CENTRAL_AIR_GAPPED_VAULT_KEY } from '../core/limits';
import { isCentralVault } from './instances';
import { EVERY_REGION, NormalizedConfig, NormalizedPlan } from './normalize';
import type { BackupConfig } from './schema';

type PolicyConfig = NonNullable<BackupConfig['organization']>['policies'][string];

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
  if (isCentralVault(vaultKey)) {
    const central = config.organization?.central;
    const name = vaultKey === CENTRAL_AIR_GAPPED_VAULT_KEY ? (central?.airGapped?.vaultName ?? '') : (central?.vaultName ?? '');
    return backupVaultArn({ accountId: backupAccountId, partition, region }, name);
  }
  const vault = config.vaults[vaultKey];
  return backupVaultArn({ accountId: MEMBER, partition, region: vault.region === EVERY_REGION ? region : vault.region }, vault.name);
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
          targetVaultName: config.vaults[rule.vault ?? '']?.name ?? '',
          schedule: rule.schedule,
          startWindowMinutes: rule.startWindowMinutes,
          completionWindowMinutes: rule.completionWindowMinutes,
          lifecycle: lifecycleInput(rule.lifecycle),
          continuousBackup: rule.continuousBackup,
          recoveryPointTags: rule.recoveryPointTags,
          copies: copies.length > 0 ? Object.fromEntries(copies) : undefined,
        },
      ];
    }),
  );
  const tagSelections = Object.fromEntries(
    Object.entries(plan.selections).flatMap(([key, selection]) =>
      Object.entries(selection.tags ?? {}).map(([tagKey, value], index, all) => [
        all.length === 1 ? key : `${key}-${index + 1}`,
        { iamRoleArn: roleArn, tagKey, tagValues: typeof value === 'string' ? [value] : [...value].sort() },
      ]),
    ),
  );
  return { name, regions, rules, tagSelections, windowsVss: plan.windowsVss, backupPlanTags: plan.tags };
}

/** True when a plan's copies name vault ARNs that depend on the Region. */
function hasRegionalArns(plan: NormalizedPlan): boolean {
  return Object.values(plan.rules).some((rule) => Object.keys(rule.copies).length > 0);
}

export function policyPlanInputs(config: NormalizedConfig, policy: PolicyConfig, backupAccountId: string): PolicyPlanInput[] {
  const regions = [...(policy.regions ?? [])].sort();
  return (policy.plans ?? []).flatMap((key) => {
    const plan = config.plans[key];
    if (!hasRegionalArns(plan)) return [planInput(config, plan, plan.name, regions, backupAccountId)];
    return regions.map((region) => planInput(config, plan, `${plan.name}-${region}`, [region], backupAccountId));
  });
}

/** The serialized policy document of a policy built from config plans. */
export function buildPolicyContent(config: NormalizedConfig, policy: PolicyConfig, backupAccountId: string): string {
  return serializePolicy(buildBackupPolicy(policyPlanInputs(config, policy, backupAccountId)));
}
