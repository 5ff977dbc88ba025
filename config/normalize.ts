/**
 * Fills what the config leaves to defaults that depend on other fields: presets under rules,
 * the plan's vault under its rules, copy destinations from their keys, names from map keys,
 * Regions from the account. The result keeps the config's shape (and so its field paths).
 */
import { RULE_LIMITS } from '../core/limits';
import { RULE_PRESETS } from '../modules/presets';
import type { BackupConfig, LifecycleConfig, PlanConfig, RuleConfig, SelectionConfig, VaultConfig, KeyConfig } from './schema';

export interface NormalizedCopy {
  readonly vault: string;
  readonly lifecycle?: LifecycleConfig;
}

export interface NormalizedRule extends Omit<RuleConfig, 'preset' | 'copies' | 'vault'> {
  /** Undefined when neither the rule nor its plan names a vault (an error reported by the rules). */
  readonly vault?: string;
  /** True when `vault` comes from the plan's `vault`: problems with it belong there, where it was written. */
  readonly vaultFromPlan: boolean;
  readonly schedule: string;
  readonly scheduleTimezone: string;
  /** As written (rule or preset); undefined: the default of core/limits.ts ruleWindows, which follows the start window. */
  readonly startWindowMinutes?: number;
  readonly completionWindowMinutes?: number;
  readonly lifecycle: LifecycleConfig;
  readonly continuousBackup: boolean;
  readonly copies: Readonly<Record<string, NormalizedCopy>>;
}

export interface NormalizedPlan extends Omit<PlanConfig, 'rules' | 'name' | 'region' | 'selections'> {
  readonly name: string;
  readonly region: string;
  readonly rules: Readonly<Record<string, NormalizedRule>>;
  readonly selections: Readonly<Record<string, NormalizedSelection>>;
}

export interface NormalizedSelection extends Omit<SelectionConfig, 'name'> {
  readonly name: string;
}

export interface NormalizedVault extends Omit<VaultConfig, 'name' | 'region'> {
  readonly name: string;
  readonly region: string;
  /** Alias of the key created for the vault when it names neither kmsKey nor kmsKeyArn. */
  readonly dedicatedKeyAlias?: string;
}

export interface NormalizedKey extends Omit<KeyConfig, 'region' | 'alias'> {
  readonly region: string;
  readonly alias: string;
}

/** A plan or vault Region in an organization estate: every Region of the account using it. */
export const EVERY_REGION = '*';

export interface NormalizedAccount {
  readonly key: string;
  readonly id: string;
  /** Stack name prefix. */
  readonly name: string;
  readonly partition: string;
  /**
   * Regions the account runs plans in (single account: the primary Region, then the Regions of its
   * plans; organization: the declared regions); the first is the primary Region (service role).
   * The account's workload stacks are these plus every other Region it needs a vault or key in
   * (AccountInstances.regions).
   */
  readonly regions: readonly string[];
  /** Plans this account creates itself. */
  readonly plans: readonly string[];
  readonly unit?: string;
  /** Role the account's stacks assume (organization estates). */
  readonly deployRoleArn?: string;
}

export interface NormalizedConfig extends Omit<BackupConfig, 'vaults' | 'plans' | 'keys' | 'account' | 'accounts'> {
  readonly mode: 'single' | 'organization';
  readonly partition: string;
  readonly accounts: Readonly<Record<string, NormalizedAccount>>;
  readonly keys: Readonly<Record<string, NormalizedKey>>;
  readonly vaults: Readonly<Record<string, NormalizedVault>>;
  readonly plans: Readonly<Record<string, NormalizedPlan>>;
}

const mapValues = <T, U>(record: Readonly<Record<string, T>>, fn: (value: T, key: string) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value, key)]));

function normalizeRule(rule: RuleConfig, plan: PlanConfig): NormalizedRule {
  const { preset: presetName, copies, vault, ...fields } = rule;
  const preset = presetName ? RULE_PRESETS[presetName] : undefined;
  return {
    ...fields,
    vault: vault ?? plan.vault,
    vaultFromPlan: vault === undefined && plan.vault !== undefined,
    schedule: rule.schedule ?? preset?.schedule ?? RULE_LIMITS.defaultSchedule,
    scheduleTimezone: rule.scheduleTimezone ?? preset?.scheduleTimezone ?? RULE_LIMITS.defaultTimezone,
    startWindowMinutes: rule.startWindowMinutes ?? preset?.startWindowMinutes,
    completionWindowMinutes: rule.completionWindowMinutes ?? preset?.completionWindowMinutes,
    lifecycle: { ...preset?.lifecycle, ...rule.lifecycle },
    continuousBackup: rule.continuousBackup ?? preset?.continuousBackup ?? false,
    copies: mapValues(copies ?? {}, (copy, key) => ({ vault: copy?.vault ?? key, lifecycle: copy?.lifecycle })),
  };
}

function normalizeAccounts(config: BackupConfig): Record<string, NormalizedAccount> {
  const { account, organization } = config;
  if (account) {
    const planRegions = Object.values(config.plans).map((plan) => plan.region ?? account.region);
    const others = [...new Set(planRegions)].filter((region) => region !== account.region).sort();
    return {
      [account.name]: {
        key: account.name,
        id: account.id,
        name: account.name,
        partition: account.partition,
        regions: [account.region, ...others],
        plans: Object.keys(config.plans),
      },
    };
  }
  const partition = organization?.partition ?? 'aws';
  const roleName = organization?.deployRoleName ?? 'OrganizationAccountAccessRole';
  return mapValues(config.accounts ?? {}, (entry, key) => ({
    key,
    id: entry.id,
    name: entry.name ?? key,
    partition,
    regions: [...new Set(entry.regions)],
    plans: entry.plans,
    unit: entry.unit,
    deployRoleArn: entry.deployRoleArn ?? `arn:${partition}:iam::${entry.id}:role/${roleName}`,
  }));
}

/**
 * Fills defaults. The config must hold either `account` (single-account estate: Regions default
 * to the account's) or `organization` and `accounts` (plans and vaults without a Region run in
 * every Region of each account that uses them: EVERY_REGION).
 */
export function normalizeConfig(config: BackupConfig): NormalizedConfig {
  const single = config.account !== undefined;
  const home = config.account?.region ?? EVERY_REGION;
  const { account: _account, accounts: _accounts, ...rest } = config;
  return {
    ...rest,
    mode: single ? 'single' : 'organization',
    partition: config.account?.partition ?? config.organization?.partition ?? 'aws',
    accounts: normalizeAccounts(config),
    keys: mapValues(config.keys, (key, name) => ({ ...key, region: key.region ?? home, alias: key.alias ?? `alias/backup/${name}` })),
    vaults: mapValues(config.vaults, (vault, key) => {
      const name = vault.name ?? key;
      // A logically air-gapped vault has AWS-owned encryption: no key of its own.
      const dedicated = vault.kmsKey === undefined && vault.kmsKeyArn === undefined && vault.airGapped === undefined;
      return { ...vault, name, region: vault.region ?? home, dedicatedKeyAlias: dedicated ? `alias/backup/vault-${key}` : undefined };
    }),
    plans: mapValues(config.plans, (plan, key) => ({
      ...plan,
      name: plan.name ?? key,
      region: plan.region ?? home,
      rules: mapValues(plan.rules, (rule) => normalizeRule(rule, plan)),
      selections: mapValues(plan.selections, (selection, selectionKey) => ({ ...selection, name: selection.name ?? selectionKey })),
    })),
  };
}
