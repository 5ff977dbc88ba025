/**
 * Resolves a valid, normalized config into the estate model: which stack creates what, every name
 * and every ARN another stack needs (computed, never read across stacks). Stacks: one per Region
 * that runs a plan, plus the primary Region, which also creates the service role and any vault
 * whose Region runs no plan (through an aliased provider).
 */
import { backupVaultArn, iamRoleArn, AccountContext } from '../modules/arn';
import type { VaultLockProps, VaultAccessPolicyProps } from '../modules/backup-vault';
import type { BackupRuleProps, RuleLifecycleProps } from '../modules/backup-plan';
import type { SelectionCriteria } from '../modules/backup-selection';
import type { LifecycleValues } from '../modules/validation';
import type { NormalizedConfig, NormalizedPlan, NormalizedRule, NormalizedVault } from './normalize';

export interface VaultRef {
  /** The vault's key in the config's vaults map. */
  readonly key: string;
  readonly name: string;
  readonly region: string;
  readonly arn: string;
}

export interface KeyModel {
  readonly key: string;
  readonly region: string;
  readonly alias: string;
  readonly description: string;
  readonly deletionWindowInDays: number;
  readonly administrators?: readonly string[];
  readonly preventDestroy: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export type VaultEncryption =
  | { readonly kind: 'shared'; readonly key: string }
  | { readonly kind: 'existing'; readonly arn: string }
  | { readonly kind: 'dedicated'; readonly alias: string };

export interface VaultModel extends VaultRef {
  readonly encryption: VaultEncryption;
  readonly lock?: VaultLockProps;
  readonly accessPolicy: VaultAccessPolicyProps;
  readonly forceDestroy: boolean;
  readonly preventDestroy: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface CopyModel {
  readonly destination: VaultRef;
  readonly lifecycle?: LifecycleValues;
}

export interface RuleModel extends Omit<BackupRuleProps, 'targetVaultName' | 'copies'> {
  readonly target: VaultRef;
  readonly copies: Readonly<Record<string, CopyModel>>;
}

export interface SelectionModel extends SelectionCriteria {
  readonly key: string;
  readonly name: string;
  /** The selection's own role, or undefined for the service role. */
  readonly roleArn?: string;
}

export interface PlanModel {
  readonly key: string;
  readonly name: string;
  readonly windowsVss?: 'enabled' | 'disabled';
  readonly tags?: Readonly<Record<string, string>>;
  readonly rules: Readonly<Record<string, RuleModel>>;
  readonly selections: readonly SelectionModel[];
}

export interface ServiceRoleModel {
  readonly arn: string;
  /** Set when this stack creates the role. */
  readonly create?: { readonly roleName: string; readonly path: string; readonly permissionsBoundaryArn?: string; readonly tags?: Readonly<Record<string, string>> };
}

export interface WorkloadStackModel {
  /** `<account name>-<region>`: the folder under cdktf.out/stacks. */
  readonly name: string;
  readonly region: string;
  readonly primary: boolean;
  readonly account: AccountContext;
  readonly defaultTags: Readonly<Record<string, string>>;
  /** Regions besides `region` this stack creates vaults or keys in (each gets an aliased provider). */
  readonly otherRegions: readonly string[];
  readonly serviceRole: ServiceRoleModel;
  /** Roles that use the vault keys through AWS Backup. */
  readonly backupRoleArns: readonly string[];
  readonly keys: readonly KeyModel[];
  readonly vaults: readonly VaultModel[];
  readonly plans: readonly PlanModel[];
}

export interface EstateModel {
  readonly account: { readonly id: string; readonly name: string; readonly partition: string; readonly primaryRegion: string };
  readonly stacks: readonly WorkloadStackModel[];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();
const byKey = <T>(record: Readonly<Record<string, T>>): [string, T][] => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));

function vaultRef(config: NormalizedConfig, key: string): VaultRef {
  const vault = config.vaults[key];
  const account = { accountId: config.account.id, partition: config.account.partition, region: vault.region };
  return { key, name: vault.name, region: vault.region, arn: backupVaultArn(account, vault.name) };
}

function vaultModel(config: NormalizedConfig, key: string, vault: NormalizedVault): VaultModel {
  const encryption: VaultEncryption =
    vault.kmsKey !== undefined
      ? { kind: 'shared', key: vault.kmsKey }
      : vault.kmsKeyArn !== undefined
        ? { kind: 'existing', arn: vault.kmsKeyArn }
        : { kind: 'dedicated', alias: vault.dedicatedKeyAlias ?? `alias/backup/vault-${key}` };
  return {
    ...vaultRef(config, key),
    encryption,
    lock: vault.lock,
    accessPolicy: vault.accessPolicy,
    forceDestroy: vault.forceDestroy,
    preventDestroy: vault.preventDestroy,
    tags: vault.tags,
  };
}

function ruleModel(config: NormalizedConfig, rule: NormalizedRule): RuleModel {
  const { vault, copies, lifecycle, ...fields } = rule;
  return {
    ...fields,
    // The rules guarantee a target vault and a retention before resolution runs.
    target: vaultRef(config, vault as string),
    lifecycle: lifecycle as RuleLifecycleProps,
    copies: Object.fromEntries(byKey(copies).map(([name, copy]) => [name, { destination: vaultRef(config, copy.vault), lifecycle: copy.lifecycle }])),
  };
}

function planModel(config: NormalizedConfig, key: string, plan: NormalizedPlan): PlanModel {
  return {
    key,
    name: plan.name,
    windowsVss: plan.windowsVss,
    tags: plan.tags,
    rules: Object.fromEntries(byKey(plan.rules).map(([name, rule]) => [name, ruleModel(config, rule)])),
    selections: byKey(plan.selections).map(([selectionKey, selection]) => ({
      key: selectionKey,
      name: selection.name,
      roleArn: selection.role,
      tags: selection.tags,
      conditions: selection.conditions,
      resources: selection.resources,
      notResources: selection.notResources,
    })),
  };
}

export function resolveEstate(config: NormalizedConfig): EstateModel {
  const primary = config.account.region;
  const { id: accountId, partition } = config.account;
  const planRegions = Object.values(config.plans).map((plan) => plan.region);
  const stackRegions = sorted([primary, ...planRegions]);
  /** The stack Region that creates a resource living in `region`. */
  const ownerOf = (region: string): string => (stackRegions.includes(region) ? region : primary);

  const role = config.serviceRole;
  const roleArn = role.arn ?? iamRoleArn({ accountId, partition, region: primary }, role.name, role.path);
  const selectionRoles = Object.values(config.plans).flatMap((plan) => Object.values(plan.selections).flatMap((s) => (s.role ? [s.role] : [])));
  const backupRoleArns = sorted([roleArn, ...selectionRoles]);

  const stacks = stackRegions.map((region): WorkloadStackModel => {
    const isPrimary = region === primary;
    const keys = byKey(config.keys)
      .filter(([, key]) => ownerOf(key.region) === region)
      .map(([key, value]): KeyModel => ({
        key,
        region: value.region,
        alias: value.alias,
        description: value.description ?? `AWS Backup vault key ${key}`,
        deletionWindowInDays: value.deletionWindowInDays,
        administrators: value.administrators,
        preventDestroy: value.preventDestroy,
        tags: value.tags,
      }));
    const vaults = byKey(config.vaults)
      .filter(([, vault]) => ownerOf(vault.region) === region)
      .map(([key, vault]) => vaultModel(config, key, vault));
    const plans = byKey(config.plans)
      .filter(([, plan]) => plan.region === region)
      .map(([key, plan]) => planModel(config, key, plan));
    return {
      name: `${config.account.name}-${region}`,
      region,
      primary: isPrimary,
      account: { accountId, partition, region },
      defaultTags: { ...config.tags },
      otherRegions: sorted([...keys, ...vaults].map((resource) => resource.region).filter((r) => r !== region)),
      serviceRole: {
        arn: roleArn,
        create: isPrimary && role.arn === undefined ? { roleName: role.name, path: role.path, permissionsBoundaryArn: role.permissionsBoundaryArn, tags: role.tags } : undefined,
      },
      backupRoleArns,
      keys,
      vaults,
      plans,
    };
  });
  return { account: { id: accountId, name: config.account.name, partition, primaryRegion: primary }, stacks };
}
