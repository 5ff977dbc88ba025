/**
 * Resolves who may undo the protection of vaults and keys (./resolve.ts calls it): the deployment
 * role of each account, the break-glass principals of each vault policy and key policy, and the
 * organization's service control policy.
 */
import { iamRoleArn, partitionOf } from '../core/arn';
import { sortedUnique } from '../core/order';
import { own } from '../core/problems';
import type { VaultAccessPolicyProps } from '../modules/backup-vault';
import type { VaultPolicyStatementProps } from '../modules/vault-policy-statements';
import { AWS_MANAGED_POLICY, type VaultProtectionPolicyProps } from '../modules/vault-protection-policy';
import { RESTORE_TESTING_DEFAULTS } from '../modules/restore-testing';
import type { KeyProtectionModel, VaultProtectionPolicyModel } from './estate-model-protection';
import { createsRestoreTestingRole } from './resolve-operations';
import type { NormalizedAccount, NormalizedConfig } from './normalize';

type AccessPolicyConfig = NormalizedConfig['vaults'][string]['accessPolicy'];

/** Every vault key alias the SCP protects is under this prefix unless a shared key names another. */
export const VAULT_KEY_ALIAS_PATTERN = 'alias/backup/*';

/**
 * The role Terraform applies an account's stacks with: security.deployRoleArn in a single-account
 * estate (undefined when not given), the account's deploy role in an organization.
 */
export function deployRoleOf(config: NormalizedConfig, account: NormalizedAccount | undefined): string | undefined {
  return config.mode === 'single' ? config.security.deployRoleArn : account?.deployRoleArn;
}

/** A vault policy's own break-glass principals and the estate's (security.breakGlassPrincipals). */
export function breakGlassOf(config: NormalizedConfig, policy: Pick<AccessPolicyConfig, 'breakGlassPrincipals'>): string[] {
  return sortedUnique([...policy.breakGlassPrincipals, ...config.security.breakGlassPrincipals]);
}

/** The config's statements map as construct statements (the key is the Sid). */
export function statementsOf(policy: Pick<AccessPolicyConfig, 'statements'>): VaultPolicyStatementProps[] {
  return Object.entries(policy.statements ?? {}).map(([sid, statement]) => ({ sid, ...statement }));
}

/** The access policy props of a vault of `account` (the central vaults: the backup account). */
export function accessPolicyModel(config: NormalizedConfig, policy: AccessPolicyConfig, account: NormalizedAccount | undefined): VaultAccessPolicyProps {
  const deployRoleArn = deployRoleOf(config, account);
  const statements = statementsOf(policy);
  return {
    denyRecoveryPointDeletion: policy.denyRecoveryPointDeletion,
    breakGlassPrincipals: breakGlassOf(config, policy),
    ...(deployRoleArn !== undefined ? { deployRoleArn } : {}),
    ...(statements.length > 0 ? { statements } : {}),
  };
}

/** The deny of a key's policy: exempting the break-glass principals of the vaults it encrypts and the deployment role. */
export function keyProtectionModel(config: NormalizedConfig, breakGlass: readonly string[], account: NormalizedAccount | undefined): KeyProtectionModel | undefined {
  if (!config.security.protectKeys) return undefined;
  const deployRoleArn = deployRoleOf(config, account);
  return { breakGlassPrincipals: sortedUnique([...breakGlass, ...config.security.breakGlassPrincipals]), ...(deployRoleArn !== undefined ? { deployRoleArn } : {}) };
}

/** Default SCP targets: the unit of every account but the management account, or the account itself without a unit. */
export function defaultScpTargets(config: NormalizedConfig): string[] {
  const management = config.organization?.managementAccount;
  return sortedUnique(Object.values(config.accounts).filter((account) => account.key !== management).map((account) => account.unit ?? account.key));
}

/** Exempt principals of the SCP: every break-glass principal of the estate and every account's deployment role. */
export function scpExemptPrincipals(config: NormalizedConfig): string[] {
  const organization = config.organization;
  const roleName = organization?.deployRoleName ?? 'OrganizationAccountAccessRole';
  const defaultRole = `arn:${config.partition}:iam::*:role/${roleName}`;
  const deployRoles = Object.values(config.accounts).map((account) => {
    const derived = `arn:${config.partition}:iam::${account.id}:role/${roleName}`;
    return account.deployRoleArn === undefined || account.deployRoleArn === derived ? defaultRole : account.deployRoleArn;
  });
  const vaults = Object.values(config.vaults).flatMap((vault) => vault.accessPolicy.breakGlassPrincipals);
  const central = organization?.central?.accessPolicy.breakGlassPrincipals ?? [];
  return sortedUnique([...config.security.breakGlassPrincipals, ...vaults, ...central, ...deployRoles]);
}

/** Aliases of the vault keys the stacks create: alias/backup/* and every shared key alias outside it. */
export function scpKeyAliases(config: NormalizedConfig): string[] {
  const outside = Object.values(config.keys).map((key) => key.alias).filter((alias) => !alias.startsWith('alias/backup/'));
  return sortedUnique([VAULT_KEY_ALIAS_PATTERN, ...outside]);
}

/**
 * The roles AWS Backup runs jobs with that the SCP protects: the service role (serviceRole.arn, or
 * the role the stacks create in every account) and the restore testing role the stacks create when
 * a restore test has no role of its own. Roles a selection or a restore test names by ARN are not
 * backup-estate's: their IAM stays with whoever manages them.
 */
function scpBackupRoles(config: NormalizedConfig): string[] {
  const everyAccount = { accountId: '*', partition: config.partition, region: '' };
  const serviceRole = config.serviceRole.arn ?? iamRoleArn(everyAccount, config.serviceRole.name, config.serviceRole.path);
  const restoreRole = createsRestoreTestingRole(config) ? [iamRoleArn(everyAccount, RESTORE_TESTING_DEFAULTS.roleName)] : [];
  return sortedUnique([serviceRole, ...restoreRole]);
}

/** serviceRole.permissionsBoundaryArn when the stacks create the role: with serviceRole.arn no role is created, and the boundary bounds nothing. */
export const createdRoleBoundary = (config: NormalizedConfig): string | undefined => (config.serviceRole.arn === undefined ? config.serviceRole.permissionsBoundaryArn : undefined);

/** The created service role's permissions boundary when it is a customer managed policy (one an account administrator could rewrite); none for an AWS managed one. */
function scpBackupRoleBoundaries(config: NormalizedConfig): string[] {
  const boundary = createdRoleBoundary(config);
  return boundary === undefined || AWS_MANAGED_POLICY.test(boundary) ? [] : [boundary];
}

/** The SCP of an organization, or undefined (no organization, or security.serviceControlPolicy.enabled false). */
export function vaultProtectionModel(config: NormalizedConfig): VaultProtectionPolicyModel | undefined {
  const organization = config.organization;
  const settings = config.security.serviceControlPolicy;
  if (!organization || settings?.enabled === false) return undefined;
  const targets = settings?.targets ?? defaultScpTargets(config);
  return {
    name: settings?.name ?? 'backup-estate-vault-protection',
    partition: partitionOf({ accountId: '', partition: config.partition, region: '' }),
    exemptPrincipals: scpExemptPrincipals(config),
    keyAliases: scpKeyAliases(config),
    backupRoles: scpBackupRoles(config),
    backupRoleBoundaries: scpBackupRoleBoundaries(config),
    targets: sortedUnique(targets).map((key) => ({ key, targetId: own(organization.units, key) ?? own(config.accounts, key)?.id ?? key })),
    otherPoliciesPerTarget: settings?.otherPoliciesPerTarget ?? 1,
  };
}

/** The SCP construct's props of a model: what the management stack creates and the config rules check. */
export function vaultProtectionPolicyProps(model: VaultProtectionPolicyModel): VaultProtectionPolicyProps {
  return {
    policyName: model.name,
    partition: model.partition,
    exemptPrincipals: model.exemptPrincipals,
    keyAliases: model.keyAliases,
    backupRoles: model.backupRoles,
    backupRoleBoundaries: model.backupRoleBoundaries,
    targets: Object.fromEntries(model.targets.map((target) => [target.key, target.targetId])),
    otherPoliciesPerTarget: model.otherPoliciesPerTarget,
  };
}
