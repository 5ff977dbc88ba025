/**
 * The lock range that bounds the retention of recovery points entering a vault: a config vault's
 * lock (or a logically air-gapped vault's range) and the organization's central vaults'. One
 * reader for the plan rules and the checks of hand-written backup policies.
 */
import { CENTRAL_AIR_GAPPED_VAULT_KEY } from '../core/limits';
import { checkLock, checkRetentionInLock } from '../core/checks';
import type { Problem } from '../core/problems';
import { EVERY_REGION, NormalizedConfig, NormalizedVault } from './normalize';

/** The vault's lock when it is valid (a logically air-gapped vault's range); an invalid lock is reported once, at the vault, not at every rule. */
export function validLock(vault: NormalizedVault) {
  if (vault.airGapped) {
    const { minRetentionDays, maxRetentionDays } = vault.airGapped;
    return minRetentionDays <= maxRetentionDays ? { mode: 'compliance' as const, minRetentionDays, maxRetentionDays, changeableForDays: 3 } : undefined;
  }
  return vault.lock && checkLock(vault.lock).every((problem) => problem.severity !== 'error') ? vault.lock : undefined;
}

/** Recovery points kept `days` entering `vault` must stay within its valid lock, or AWS Backup fails the jobs (none to check without a vault, a lock or days). */
export function retentionInLock(vault: NormalizedVault | undefined, days: number | undefined, path: string): Problem[] {
  const lock = vault === undefined ? undefined : validLock(vault);
  return vault === undefined || lock === undefined || days === undefined ? [] : checkRetentionInLock(days, lock, vault.name, path);
}

/** The central vaults of an organization, as vaults (their locks bound the retention of copies into them). */
export function centralVault(config: NormalizedConfig, key: string): NormalizedVault | undefined {
  const central = config.organization?.central;
  if (config.mode !== 'organization' || !central) return undefined;
  const base = { region: EVERY_REGION, accessPolicy: central.accessPolicy, forceDestroy: false, preventDestroy: central.preventDestroy };
  if (key !== CENTRAL_AIR_GAPPED_VAULT_KEY) return { ...base, name: central.vaultName, lock: central.lock };
  const airGapped = central.airGapped;
  return airGapped ? { ...base, name: airGapped.vaultName, lock: { mode: 'compliance', minRetentionDays: airGapped.minRetentionDays, maxRetentionDays: airGapped.maxRetentionDays, changeableForDays: 3 } } : undefined;
}
