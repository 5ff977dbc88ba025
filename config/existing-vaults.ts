/**
 * Vaults the config targets without creating them (config existingVaults): the Default vault, a
 * vault made by hand or by another team, a vault of an account or Region this config does not
 * manage. By name, a vault of the account and Region where the plan runs; by ARN, one fixed vault.
 * The rules, the resolver and the policy builder read them through here.
 */
import { backupVaultArn, parseBackupVaultArn, type AccountContext } from '../core/arn';
import { CENTRAL_AIR_GAPPED_VAULT_KEY, CENTRAL_VAULT_KEY } from '../core/limits';
import { own } from '../core/problems';
import { accountInstances, type PolicyFileReferences } from './instances';
import { centralVault } from './vault-locks';
import type { NormalizedConfig, NormalizedVault } from './normalize';
import type { VaultRef } from './estate-model';

export interface ExistingVault {
  readonly key: string;
  /** The vault name (from the ARN for an ARN). */
  readonly name: string;
  /** Set for a vault given by ARN: its fixed place. */
  readonly fixed?: { readonly partition: string; readonly region: string; readonly account: string; readonly arn: string };
}

/** The existing vault behind a config key, or undefined (a declared vault, a central vault, or nothing). */
export function existingVault(config: Pick<NormalizedConfig, 'existingVaults'>, key: string | undefined): ExistingVault | undefined {
  if (key === undefined) return undefined;
  const entry = own(config.existingVaults ?? {}, key);
  if (!entry) return undefined;
  if (entry.arn !== undefined) {
    const parsed = parseBackupVaultArn(entry.arn);
    if (parsed) return { key, name: parsed.name, fixed: { ...parsed, arn: entry.arn } };
  }
  return { key, name: entry.name ?? '' };
}

/** Where an existing vault is for a plan of `home`: its fixed ARN, or its name in the plan's account and Region. */
export function existingVaultRef(vault: ExistingVault, home: AccountContext): VaultRef {
  if (vault.fixed) return { key: vault.key, name: vault.name, region: vault.fixed.region, arn: vault.fixed.arn, existing: true };
  return { key: vault.key, name: vault.name, region: home.region, arn: backupVaultArn(home, vault.name), existing: true };
}

/** A vault's place: partition, account, Region and name (a parsed backup vault ARN). */
export interface VaultPlace {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
  readonly name: string;
}

/**
 * The vault of this config at `place` (same partition, account, Region and name), or undefined when no
 * stack of the config creates one there. What each account's stacks create in which Region is the one
 * reading of ./instances.ts accountInstances (the resolver builds from it, with the vaults hand-written
 * policies name: `files`); the central vaults are created in the backup account in each of
 * organization.central.regions.
 */
export function createdVaultAt(config: NormalizedConfig, place: VaultPlace, files: PolicyFileReferences = {}): { readonly key: string; readonly vault: NormalizedVault } | undefined {
  for (const account of Object.values(config.accounts)) {
    if (account.id !== place.account || account.partition !== place.partition) continue;
    const placed = accountInstances(config, account, files).vaults.find((candidate) => candidate.region === place.region && own(config.vaults, candidate.key)?.name === place.name);
    if (placed) return { key: placed.key, vault: config.vaults[placed.key] };
  }
  const organization = config.organization;
  const backup = organization ? own(config.accounts, organization.backupAccount) : undefined;
  if (!organization?.central || backup?.id !== place.account || backup.partition !== place.partition || !organization.central.regions.includes(place.region)) return undefined;
  return centralVaultNamed(config, place.name);
}

/** The central vault (or central air-gapped vault) of this name, whatever its Region: one per central Region, all of one name. */
export function centralVaultNamed(config: NormalizedConfig, name: string): { readonly key: string; readonly vault: NormalizedVault } | undefined {
  const key = [CENTRAL_VAULT_KEY, CENTRAL_AIR_GAPPED_VAULT_KEY].find((candidate) => centralVault(config, candidate)?.name === name);
  const central = key === undefined ? undefined : centralVault(config, key);
  return key !== undefined && central ? { key, vault: central } : undefined;
}

/** The vault of this config that an existing vault given by ARN is (./createdVaultAt), or undefined: one this config does not create. */
export function createdVault(config: NormalizedConfig, vault: ExistingVault | undefined, files: PolicyFileReferences = {}): { readonly key: string; readonly vault: NormalizedVault } | undefined {
  return vault?.fixed ? createdVaultAt(config, { ...vault.fixed, name: vault.name }, files) : undefined;
}
