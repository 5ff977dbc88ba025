/**
 * Which plans, vaults and keys each account needs in which Region, and so which Regions get a
 * workload stack. In a single-account estate everything lives where it says. In an organization,
 * plans and vaults are templates: a plan runs in every Region of each account that lists it, and
 * Organizations backup policies deliver plans whose vaults must exist in every targeted account
 * and Region. The rules and the resolver both read this, so what is checked is what is built.
 */
import { CENTRAL_AIR_GAPPED_VAULT_KEY, CENTRAL_VAULT_KEY } from '../core/limits';
import { EVERY_REGION, NormalizedAccount, NormalizedConfig } from './normalize';
import { own } from '../core/problems';
import { parseBackupVaultArn } from '../core/arn';
import type { SelectionSpec } from '../core/selection';
import type { RpoInput } from '../core/rpo';

export interface Placed {
  /** Key in the config map (plans, vaults or keys). */
  readonly key: string;
  readonly region: string;
}

export interface AccountInstances {
  /**
   * Regions with a workload stack, each creating what lives in its Region: the Regions the account
   * runs plans in (NormalizedAccount.regions, the first one primary), then, sorted, every other
   * Region it needs a vault or key in (a disaster-recovery copy destination, say). Every vault and
   * key is created by the stack of its own Region, so adding a plan, a Region or an account never
   * moves it to another stack (another Terraform address).
   */
  readonly regions: readonly string[];
  /** Plans the account's stacks create. */
  readonly plans: readonly Placed[];
  /** Plans Organizations backup policies deliver (their vaults must exist). */
  readonly policyPlans: readonly Placed[];
  readonly vaults: readonly Placed[];
  readonly keys: readonly Placed[];
}

/** What hand-written policies use and select, per policy: filled from the parsed policy files. */
export type PolicyFileReferences = Readonly<
  Record<
    string,
    {
      readonly regions: readonly string[];
      readonly vaultNames: readonly string[];
      /** Each plan's Regions and selections: a plan backs up only in its own Regions, never in another plan's. */
      readonly plans: readonly {
        readonly name: string;
        readonly regions: readonly string[];
        readonly selections: readonly SelectionSpec[];
        readonly rules: readonly { readonly name: string; readonly vaultName: string; readonly rpo: RpoInput; readonly deleteAfterDays?: number; readonly keptForever?: true }[];
        /** target_backup_vault_arn of every copy action (cross-account copies need the source vault keys shared). */
        readonly destinationVaultArns: readonly string[];
      }[];
    }
  >
>;

/** A key naming the organization's central vault (or its air-gapped one): reserved in an organization only; a single account may use it. */
export const isCentralVault = (config: Pick<NormalizedConfig, 'mode'>, key: string): boolean => config.mode === 'organization' && (key === CENTRAL_VAULT_KEY || key === CENTRAL_AIR_GAPPED_VAULT_KEY);

/** A key of organization.units naming the organization root (r-...), not an organizational unit. */
export const isRootUnit = (config: Pick<NormalizedConfig, 'organization'>, key: string): boolean => own(config.organization?.units ?? {}, key)?.startsWith('r-') === true;

/**
 * Accounts a policy is attached to: directly, through their organizational unit, or through the
 * organization root, which holds every account of the organization whatever its unit ("When you
 * attach a backup policy to the organization's root, it applies to all accounts in your
 * organization", AWS Organizations User Guide, effective backup policies).
 */
export function policyTargetsAccount(config: Pick<NormalizedConfig, 'organization'>, targets: readonly string[], account: NormalizedAccount): boolean {
  return targets.includes(account.key) || (account.unit !== undefined && targets.includes(account.unit)) || targets.some((target) => isRootUnit(config, target));
}

/**
 * The accounts of an organization that run plan `planKey`: those listing it and those a backup policy delivering it targets
 * (accountInstances' reading, by plan). The one answer for every rule that asks which accounts a plan's copies come from.
 */
export function accountsRunningPlan(config: Pick<NormalizedConfig, 'organization' | 'accounts'>, planKey: string): NormalizedAccount[] {
  const delivering = Object.values(config.organization?.policies ?? {}).filter((policy) => (policy.plans ?? []).includes(planKey));
  return Object.values(config.accounts).filter((account) => account.plans.includes(planKey) || delivering.some((policy) => policyTargetsAccount(config, policy.targets, account)));
}

const placeKey = (placed: Placed): string => `${placed.key}@${placed.region}`;

function uniqueSorted(items: Placed[]): Placed[] {
  const byKey = new Map(items.map((item) => [placeKey(item), item]));
  return [...byKey.values()].sort((a, b) => (placeKey(a) < placeKey(b) ? -1 : 1));
}

/** Where a template with `region` lands when used from `home` (EVERY_REGION follows the user). */
const regionFor = (templateRegion: string, home: string): string => (templateRegion === EVERY_REGION ? home : templateRegion);

function vaultsOfPlan(config: NormalizedConfig, planKey: string, region: string): Placed[] {
  const plan = config.plans[planKey];
  if (!plan) return [];
  return Object.values(plan.rules).flatMap((rule) => {
    const keys = [rule.vault, ...Object.values(rule.copies).map((copy) => copy.vault)];
    return keys.flatMap((key) => {
      const vault = key !== undefined && !isCentralVault(config, key) ? config.vaults[key] : undefined;
      return vault && key !== undefined ? [{ key, region: regionFor(vault.region, region) }] : [];
    });
  });
}

/** Adds the stack Regions: the account's plan Regions, then every other Region of its vaults and keys. */
function withStackRegions(account: NormalizedAccount, placed: Omit<AccountInstances, 'regions'>): AccountInstances {
  const others = [...placed.vaults, ...placed.keys].map((item) => item.region).filter((region) => !account.regions.includes(region));
  return { regions: [...account.regions, ...[...new Set(others)].sort()], ...placed };
}

export function accountInstances(config: NormalizedConfig, account: NormalizedAccount, files: PolicyFileReferences = {}): AccountInstances {
  if (config.mode === 'single') {
    return withStackRegions(account, {
      plans: uniqueSorted(Object.entries(config.plans).map(([key, plan]) => ({ key, region: plan.region }))),
      policyPlans: [],
      vaults: uniqueSorted(Object.entries(config.vaults).map(([key, vault]) => ({ key, region: vault.region }))),
      keys: uniqueSorted(Object.entries(config.keys).map(([key, value]) => ({ key, region: value.region }))),
    });
  }
  const plans = account.plans.flatMap((key) => account.regions.map((region) => ({ key, region })));
  const policies = Object.entries(config.organization?.policies ?? {}).filter(([, policy]) => policyTargetsAccount(config, policy.targets, account));
  const policyPlans = policies.flatMap(([, policy]) => (policy.plans ?? []).flatMap((key) => (policy.regions ?? []).map((region) => ({ key, region }))));
  const fileVaults = policies.flatMap(([name]) => {
    const refs = files[name];
    if (!refs) return [];
    const keyNamed = (vaultName: string) => Object.keys(config.vaults).find((candidate) => config.vaults[candidate].name === vaultName);
    const targets = refs.vaultNames.flatMap((vaultName) => {
      const key = keyNamed(vaultName);
      return key === undefined ? [] : refs.regions.map((region) => ({ key, region: regionFor(config.vaults[key].region, region) }));
    });
    // Copies into the member account itself ($account) land in a vault each targeted account must create in the ARN's Region.
    const copies = refs.plans.flatMap((plan) =>
      plan.destinationVaultArns.flatMap((arn) => {
        const parsed = parseBackupVaultArn(arn);
        const key = parsed?.account === '$account' ? keyNamed(parsed.name) : undefined;
        return parsed === undefined || key === undefined ? [] : [{ key, region: regionFor(config.vaults[key].region, parsed.region) }];
      }),
    );
    return [...targets, ...copies];
  });
  const vaults = uniqueSorted([...plans, ...policyPlans].flatMap((plan) => vaultsOfPlan(config, plan.key, plan.region)).concat(fileVaults));
  const keys = uniqueSorted(
    vaults.flatMap((vault) => {
      const keyName = config.vaults[vault.key].kmsKey;
      return keyName !== undefined && config.keys[keyName] ? [{ key: keyName, region: vault.region }] : [];
    }),
  );
  return withStackRegions(account, { plans: uniqueSorted(plans), policyPlans: uniqueSorted(policyPlans), vaults, keys });
}

/** One workload stack: an account in one of its stack Regions. */
export interface WorkloadStackPlace {
  readonly name: string;
  readonly accountKey: string;
  readonly accountId: string;
  readonly region: string;
}

/** True when every plan an account or a backup policy uses, and every vault their rules name, is declared. */
export function placementsResolve(config: NormalizedConfig): boolean {
  const planKeys = [...Object.values(config.accounts).flatMap((account) => account.plans), ...Object.values(config.organization?.policies ?? {}).flatMap((policy) => policy.plans ?? [])];
  return planKeys.every((key) => {
    const plan = own(config.plans, key);
    if (!plan) return false;
    return Object.values(plan.rules).every((rule) =>
      [rule.vault, ...Object.values(rule.copies).map((copy) => copy.vault)].every(
        (vault) => vault === undefined || isCentralVault(config, vault) || own(config.vaults, vault) !== undefined || own(config.existingVaults ?? {}, vault) !== undefined,
      ),
    );
  });
}

/**
 * Every workload stack of the estate (each account in each of its stack Regions, DR-only Regions
 * included), or undefined while a plan or vault reference dangles (an error the rules report).
 */
export function workloadStackPlaces(config: NormalizedConfig): WorkloadStackPlace[] | undefined {
  if (!placementsResolve(config)) return undefined;
  return Object.values(config.accounts).flatMap((account) =>
    accountInstances(config, account).regions.map((region) => ({ name: `${account.name}-${region}`, accountKey: account.key, accountId: account.id, region })),
  );
}
