/**
 * A hand-written backup policy file's references, checked against the stacks of the config: the
 * vaults and roles it names must be created in every account and Region it targets, retention into
 * locked vaults must fit their locks, copies into the central vault need it in that Region, and a
 * vault the config does not create has a lock unknown here.
 */
import { iamRoleArn, parseBackupVaultArn, partitionOfRegion } from '../core/arn';
import { isKnownRegion } from '../core/regions';
import { error, own, Problem, warning } from '../core/problems';
import { firstFew, listOrNone } from '../core/order';
import { policyReferences, type PolicyPlanReferences } from '../policies/references';
import { isCentralVault, policyTargetsAccount } from './instances';
import { EVERY_REGION, NormalizedConfig, NormalizedVault } from './normalize';
import { retentionInLock } from './vault-locks';
import { copiesRefusedBy, crossAccountCopyNeeds, refusedCopiesMessage, unknownLock } from './target-rules';
import { centralVaultNamed, createdVaultAt } from './existing-vaults';
import { checkPolicyTargetRegions } from './policy-target-rules';

/**
 * The vaults of `vaults` of a name that a stack creates in a Region: those whose region is unset, or fixed there. AWS names a vault
 * per account and Region, so two vaults of `vaults` may share a name in different Regions, and a policy naming it gets each Region's.
 */
const vaultsNamedIn = (config: NormalizedConfig, name: string, region: string): [string, NormalizedVault][] =>
  Object.entries(config.vaults).filter(([, vault]) => vault.name === name && (vault.region === EVERY_REGION || vault.region === region));

/**
 * The config vault a copy of a hand-written policy enters, with its key: a vault of `vaults` in the member account (in the ARN's
 * Region), or, for an ARN of a literal account, the vault a stack of the config creates there (./existing-vaults.ts createdVaultAt,
 * the one reading of which vaults the config creates: a central vault, or another account's vault of `vaults`).
 */
function createdVaultOf(config: NormalizedConfig, arn: string): { readonly key: string; readonly vault: NormalizedVault } | undefined {
  const parsed = parseBackupVaultArn(arn);
  if (parsed === undefined) return undefined;
  if (parsed.account === '$account') {
    const [key, vault] = vaultsNamedIn(config, parsed.name, parsed.region)[0] ?? [];
    return key !== undefined && vault !== undefined ? { key, vault } : undefined;
  }
  return createdVaultAt(config, parsed);
}

/** The Region of `arn` when it names a central vault where no central stack creates it (organization.central.regions), unless existingVaults declares that ARN. */
function centralRegionMissing(config: NormalizedConfig, arn: string): string | undefined {
  const parsed = parseBackupVaultArn(arn);
  const central = config.organization?.central;
  const backup = own(config.accounts, config.organization?.backupAccount ?? '');
  if (!parsed || !central || !backup || parsed.account !== backup.id || parsed.partition !== backup.partition || central.regions.includes(parsed.region)) return undefined;
  // An unknown Region or one of another partition is reported by ./partition-rules.ts, not as one to add.
  if (!isKnownRegion(parsed.region) || partitionOfRegion(parsed.region) !== config.partition) return undefined;
  if (!centralVaultNamed(config, parsed.name) || Object.values(config.existingVaults).some((existing) => existing.arn === arn)) return undefined;
  return parsed.region;
}

/** Recovery points of a hand-written policy entering a locked vault must keep a retention inside its range, or AWS Backup fails the jobs. */
function policyRetentionInLocks(config: NormalizedConfig, plan: PolicyPlanReferences, regions: readonly string[], path: string): Problem[] {
  const problems: Problem[] = [];
  const inLock = (days: number | undefined, vault: NormalizedVault | undefined, what: string) => {
    problems.push(...retentionInLock(vault, days, path).map((problem) => ({ ...problem, message: `plan ${plan.name} ${what}: ${problem.message}` })));
  };
  for (const rule of plan.rules) {
    // The vault of that name in each Region the plan runs in (each with its own lock, where several of `vaults` share the name).
    const targets = new Set(regions.flatMap((region) => vaultsNamedIn(config, rule.vaultName, region).map(([, vault]) => vault)));
    // A rule or copy without delete_after_days keeps its recovery points forever: longer than any maximum a lock sets.
    const days = (retention: { readonly deleteAfterDays?: number; readonly keptForever?: true }) => (retention.keptForever ? Number.POSITIVE_INFINITY : retention.deleteAfterDays);
    for (const vault of targets) inLock(days(rule), vault, `backs up into vault "${rule.vaultName}"${targets.size > 1 && vault.region !== EVERY_REGION ? ` in ${vault.region}` : ''}`);
    for (const copy of rule.copies) inLock(days(copy), createdVaultOf(config, copy.arn)?.vault, `copies to ${copy.arn}`);
  }
  return problems;
}

/**
 * A hand-written policy's copy into a literal account (AWS's Example 1 copies to
 * arn:aws:backup:us-west-1:111111111111:backup-vault:tertiary_vault) leaves every targeted account
 * but that one (a unit's membership is unknown here): AWS fails it while cross-account backup is
 * off, and needs what ./target-rules.ts crossAccountCopyNeeds says, as for a config plan's copy into
 * an existing vault of another account. A central vault's policy and key are written here.
 */
function policyCrossAccountCopy(config: NormalizedConfig, planName: string, arn: string, account: string, targets: readonly string[], path: string): Problem[] {
  const units = config.organization?.units ?? {};
  const targeted = Object.values(config.accounts).filter((candidate) => policyTargetsAccount(config, targets, candidate));
  // A unit's members are not all known here: a unit target may hold accounts the config does not list.
  const viaUnit = targets.some((target) => own(units, target) !== undefined);
  const leaves = viaUnit || targeted.some((candidate) => candidate.id !== account);
  if (!leaves) return [];
  if (config.globalSettings?.crossAccountBackup === false) {
    return [error('globalSettings.crossAccountBackup', `is false, but plan ${planName} of ${path} copies into account ${account} (${arn}): AWS fails every cross-account copy job`)];
  }
  // A central vault's policy and key are written here; another account's vault of `vaults` gets its key (its policy is the config's).
  const created = createdVaultOf(config, arn);
  if (created !== undefined && isCentralVault(config, created.key)) return [];
  const others = targeted.filter((candidate) => candidate.id !== account).map((candidate) => candidate.id);
  // A vault this config creates: its access policy is known, judged as a config plan's copy into it is (./target-rules.ts copiesRefusedBy).
  const refused = created === undefined ? [] : copiesRefusedBy(config, created.key, others);
  const name = parseBackupVaultArn(arn)?.name ?? arn;
  const refusal = created !== undefined && refused.length > 0 ? [error(path, `plan ${planName} ${refusedCopiesMessage(config, name, account, refused, created.key)}`)] : [];
  const from = targeted.length > 0 && !viaUnit ? `accounts ${firstFew(others)}` : 'every account the policy targets';
  return [...refusal, warning(path, `plan ${planName} ${crossAccountCopyNeeds(config, account, arn, from, created?.key)}`)];
}

/**
 * Recovery points of a hand-written policy entering an existing vault given by name (existingKey) where no stack of the config creates a
 * vault of that name: its lock is unknown, said in the words of a config plan's rule or copy into an existing vault (./target-rules.ts).
 */
function policyUnknownLocks(config: NormalizedConfig, plan: PolicyPlanReferences, regions: readonly string[], path: string, existingKey: (name: string) => string | undefined): Problem[] {
  const messages = new Set<string>();
  // The vault of that name in a Region where no stack creates one is the existing one (the Default vault of AWS's Examples 2 and 5).
  const enters = (name: string, where: readonly string[], what: string, days: number | undefined) => {
    const key = existingKey(name);
    if (key !== undefined && where.some((region) => vaultsNamedIn(config, name, region).length === 0)) messages.add(`plan ${plan.name} ${unknownLock(key, what, days)}`);
  };
  for (const rule of plan.rules) {
    enters(rule.vaultName, regions, 'backs up into', rule.deleteAfterDays);
    for (const copy of rule.copies) {
      const parsed = parseBackupVaultArn(copy.arn);
      if (parsed?.account === '$account') enters(parsed.name, [parsed.region], `copies into ${copy.arn},`, copy.deleteAfterDays);
    }
  }
  return [...messages].map((message) => warning(path, message));
}

/** Vaults and roles a hand-written policy names must be created in every account and Region it targets. */
export function checkPolicyFileReferences(config: NormalizedConfig, key: string, document: unknown, targets: readonly string[]): Problem[] {
  const path = `organization.policies.${key}.file`;
  const problems: Problem[] = [];
  const role = config.serviceRole;
  const expectedRole = iamRoleArn({ accountId: '$account', partition: config.partition, region: '' }, role.name, role.path);
  const vaultNamed = (name: string) => Object.entries(config.vaults).filter(([, vault]) => vault.name === name);
  // The key of the existing vault given by that name: a vault of each account and Region where the plan runs.
  const existingByName = (name: string) => Object.entries(config.existingVaults).find(([, existing]) => existing.arn === undefined && existing.name === name)?.[0];
  const fixedIn = (named: readonly [string, NormalizedVault][]) => named.map(([key, vault]) => `vaults.${key} is fixed in ${vault.region}`).join(', ');
  for (const plan of policyReferences(document).plans) {
    // An unknown Region or one of another partition is reported by ./partition-rules.ts, not as one to add to the accounts.
    const regions = plan.regions.filter((region) => isKnownRegion(region) && partitionOfRegion(region) === config.partition);
    for (const vaultName of plan.vaultNames) {
      // An existing vault given by name is one of each account and Region where the plan runs (the Default vault of AWS's Examples 2 and 5), as for a copy below.
      if (existingByName(vaultName) !== undefined) continue;
      const named = vaultNamed(vaultName);
      if (named.length === 0) {
        problems.push(error(path, `plan ${plan.name} targets vault "${vaultName}", which no stack creates: declare it in vaults (or in existingVaults by name, when each targeted account has it in each Region already, as the Default vault)`));
        continue;
      }
      // A rule backs up into the vault of that name in each Region the plan runs in: a vault fixed in one Region is missing in the others, unless another of that name is there.
      const elsewhere = regions.filter((region) => vaultsNamedIn(config, vaultName, region).length === 0);
      if (elsewhere.length > 0) {
        problems.push(error(path, `plan ${plan.name} targets vault "${vaultName}" in ${listOrNone(elsewhere)}, but ${fixedIn(named)}, so no stack creates it there and those backup jobs fail: leave the vault's region unset`));
      }
    }
    for (const arn of plan.destinationVaultArns) {
      // A copy into the member account itself: the vault must be created there too (copies to other accounts are theirs to create).
      const parsed = parseBackupVaultArn(arn);
      const missing = centralRegionMissing(config, arn);
      if (missing !== undefined) {
        problems.push(error(path, `plan ${plan.name} copies to ${arn}, the central vault in ${missing}, but organization.central.regions are ${listOrNone(config.organization?.central?.regions ?? [])}, so no stack creates it there and those copy jobs fail: add ${missing}`));
      } else if (parsed !== undefined && parsed.account !== '$account') problems.push(...policyCrossAccountCopy(config, plan.name, arn, parsed.account, targets, path));
      if (parsed?.account !== '$account') continue;
      if (existingByName(parsed.name) !== undefined) continue;
      const named = vaultNamed(parsed.name);
      if (named.length === 0) problems.push(error(path, `plan ${plan.name} copies to ${arn}, a vault no stack creates, so those copy jobs fail: declare vault "${parsed.name}" in vaults`));
      else if (vaultsNamedIn(config, parsed.name, parsed.region).length === 0) {
        const fixed = named.map(([, vault]) => vault.region).join(' or ');
        problems.push(error(path, `plan ${plan.name} copies to ${arn}, but ${fixedIn(named)}, so no stack creates it in ${parsed.region} and those copy jobs fail: leave the vault's region unset or copy to ${fixed}`));
      }
    }
    problems.push(...policyRetentionInLocks(config, plan, regions, path), ...policyUnknownLocks(config, plan, regions, path, existingByName));
    for (const roleArn of plan.roleArns) {
      if (roleArn !== expectedRole) problems.push(error(path, `plan ${plan.name} uses role ${roleArn}, which no stack creates: use ${expectedRole}`));
    }
    problems.push(...checkPolicyTargetRegions(config, key, targets, regions).map((problem) => ({ ...problem, path })));
  }
  return problems;
}
