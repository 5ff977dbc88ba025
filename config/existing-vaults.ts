/**
 * Vaults the config targets without creating them (config existingVaults): the Default vault, a
 * vault made by hand or by another team, a vault of an account or Region this config does not
 * manage. By name, a vault of the account and Region where the plan runs; by ARN, one fixed vault.
 * The rules, the resolver and the policy builder read them through here.
 */
import { backupVaultArn, parseBackupVaultArn, type AccountContext } from '../core/arn';
import { own } from '../core/problems';
import type { NormalizedConfig } from './normalize';
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
