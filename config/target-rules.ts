/**
 * Rules of rule targets and copy destinations that are existing vaults (config existingVaults):
 * what can be checked where the target is known (its account and Region against the plan's, the
 * rule's own vault, cross-account prerequisites and source keys, one-hop copies of databases), and a warning where
 * it cannot (its Vault Lock: retention against the lock, and the rule pack's lock findings).
 */
import { error, own, Problem, warning } from '../core/problems';
import { CROSS_ACCOUNT_VAULT_ACTION } from '../core/service-limits';
import { admitsCopiesFrom } from '../core/policy-conditions';
import { statementsOf } from './resolve-protection';
import { NESTED_RECOVERY_POINTS, SOURCE_KEY_TYPES, VAULT_KEY_TYPES } from '../core/limits';
import { evaluateSelection } from '../core/selection';
import { selectionSpecOf } from '../modules/backup-selection';
import { existingVault, type ExistingVault } from './existing-vaults';
import { accountsRunningPlan, isCentralVault } from './instances';
import { EVERY_REGION, type NormalizedConfig, type NormalizedPlan } from './normalize';
import { plural } from '../core/order';

/** Resource types whose copies AWS makes one hop at a time (cross-account or cross-Region, not both). */
const ONE_HOP_TYPES = ['Aurora', 'DocumentDB', 'Neptune', 'RDS'];

/** The account a plan runs in, when there is one (a single-account estate). */
export function homeAccount(config: NormalizedConfig): string | undefined {
  return config.mode === 'single' ? Object.values(config.accounts)[0]?.id : undefined;
}

/**
 * The account a copy of plan `planKey` into vault `vaultKey` leaves its own for, worded for a
 * message ("the central backup account", "account 888899990000 (existingVaults.partner-dr)"), or
 * undefined when the copy stays in the account that runs the plan. The one reading of "this copy
 * is cross-account" for every rule that needs it (globalSettings.crossAccountBackup among them).
 * Central vaults are in the backup account. A vault given by ARN is in its ARN's account, which
 * differs from the plan's unless every account known to run the plan is that account: a plan a
 * backup policy delivers runs in every account of its targets, units included, so it counts as
 * cross-account. Vaults of `vaults` and existing vaults given by name are in the plan's account.
 */
export function crossAccountDestination(config: NormalizedConfig, planKey: string, vaultKey: string): string | undefined {
  // Without organization.central there is no central vault to copy into (an error of its own).
  if (config.mode === 'organization' && isCentralVault(config, vaultKey)) return config.organization?.central ? 'the central backup account' : undefined;
  const fixed = existingVault(config, vaultKey)?.fixed;
  if (!fixed) return undefined;
  const leaves = `account ${fixed.account} (existingVaults.${vaultKey})`;
  const home = homeAccount(config);
  if (config.mode === 'single') return home !== undefined && fixed.account === home ? undefined : leaves;
  const delivered = Object.values(config.organization?.policies ?? {}).some((policy) => (policy.plans ?? []).includes(planKey));
  const runners = Object.values(config.accounts).filter((account) => account.plans.includes(planKey)).map((account) => account.id);
  return !delivered && runners.length > 0 && runners.every((id) => id === fixed.account) ? undefined : leaves;
}

/** The ids of the accounts plan `planKey` runs in: the one account, or those listing it and those a backup policy delivering it targets. */
function copyingAccounts(config: NormalizedConfig, planKey: string): string[] {
  const home = homeAccount(config);
  return home !== undefined ? [home] : accountsRunningPlan(config, planKey).map((account) => account.id);
}

/** True when the organization (or, single-account, the config) switches cross-account backup on. */
function crossAccountEnabled(config: NormalizedConfig): boolean {
  const written = config.globalSettings?.crossAccountBackup;
  return config.mode === 'organization' ? (written ?? config.organization?.central !== undefined) : written === true;
}

/**
 * What is said of recovery points entering existing vault `key` that no stack of the config creates (./existing-vaults.ts
 * createdVault), worded once for a config plan's rules and copies and a hand-written backup policy's: `what` backs up or copies
 * into it, `retention` days (undefined: not known, or kept forever).
 */
export const unknownLock = (key: string, what: string, retention: number | undefined): string =>
  `${what} existing vault "${key}", which this config does not create: its Vault Lock, if any, is unknown here, so retention is not checked against it and the rule pack cannot say whether it is locked${retention !== undefined ? ` (${plural(retention, 'day')} here)` : ''}`;

/** A rule whose target is an existing vault. `created`: a stack of the config creates it (its lock is checked as that vault's). */
export function checkExistingTarget(config: NormalizedConfig, plan: NormalizedPlan, vault: ExistingVault, path: string, retention: number | undefined, created = false): Problem[] {
  const problems: Problem[] = [];
  const fixed = vault.fixed;
  if (fixed) {
    const home = homeAccount(config);
    if (home === undefined) {
      problems.push(error(path, `vault "${vault.key}" is given by ARN (account ${fixed.account}), but plan "${plan.name}" runs in every account that uses it: give the existing vault by name`));
    } else if (fixed.account !== home) {
      problems.push(error(path, `vault "${vault.key}" is in account ${fixed.account}, but plan "${plan.name}" runs in ${home}: a rule backs up into a vault of its own account (copy to other accounts with copies)`));
    } else if (plan.region !== EVERY_REGION && fixed.region !== plan.region) {
      problems.push(error(path, `vault "${vault.key}" is in ${fixed.region} but plan "${plan.name}" runs in ${plan.region}: a rule's target vault must be in the plan's Region (copy to other Regions with copies)`));
    }
  }
  if (problems.length === 0 && !created) problems.push(warning(path, unknownLock(vault.key, 'backs up into', retention)));
  return problems;
}

/** Which of `candidates` a plan's selections can select (the one selection evaluator decides). */
function selectedOf(plan: NormalizedPlan, candidates: readonly string[]): string[] {
  const selected = Object.values(plan.selections).map((selection) => evaluateSelection(selectionSpecOf(selection)).types);
  return candidates.filter((type) => selected.some((types) => types === 'every' || (types as readonly string[]).includes(type)));
}

/** True when a plan's selections can select a type whose recovery points the vault's key encrypts. */
export function selectsVaultKeyTypes(plan: NormalizedPlan): boolean {
  return selectedOf(plan, VAULT_KEY_TYPES).length > 0;
}

/** True when a plan's selections can select a database type AWS copies one hop at a time. */
function selectsOneHopTypes(plan: NormalizedPlan): boolean {
  return selectedOf(plan, ONE_HOP_TYPES).length > 0;
}

/** What keeps its resource's key among `types` (SOURCE_KEY_TYPES): their recovery points, and those nested in composite backups. */
function sourceKeyRecoveryPoints(types: readonly string[]): string {
  const plain = types.filter((type) => !Object.hasOwn(NESTED_RECOVERY_POINTS, type));
  const composites = types.flatMap((type) => (Object.hasOwn(NESTED_RECOVERY_POINTS, type) ? [NESTED_RECOVERY_POINTS[type]] : [])).filter((nested) => nested !== undefined);
  const backups = composites.map(({ backup }) => backup).join(' and ');
  if (composites.length === 0) return `${plain.join(', ')} recovery points`;
  if (plain.length > 0) return `${plain.join(', ')} recovery points (and those nested in ${backups} backups)`;
  return `the ${[...new Set(composites.map(({ keepingSourceKey }) => keepingSourceKey))].join(', ')} recovery points nested in ${backups} backups`;
}

/**
 * One warning per account a plan copies into when it can select types whose recovery points keep
 * their resource's own key: backup-estate shares the keys of the vaults it creates with the
 * destination account (what EFS, DynamoDB and S3 copies use), but cannot share a resource's key,
 * and AWS cannot copy one encrypted with an AWS managed key (aws/ebs, aws/rds) to another account.
 * Likewise one per logically air-gapped vault of the plan's own account it copies into: AWS copies
 * recovery points of the types it does not fully manage into one only when their resource's key is
 * customer managed ("Logically air-gapped vault", Compatible encryption;
 * "Primary backups to logically air-gapped vaults": "Resources not supporting full AWS Backup
 * management and encrypted with AWS managed keys (for example, aws/ebs, aws/rds) cannot be copied
 * to logically air-gapped vaults"). Copies into another account's air-gapped vault get the first warning.
 */
export function checkCrossAccountSourceKeys(config: NormalizedConfig, planKey: string, plan: NormalizedPlan): Problem[] {
  const types = selectedOf(plan, SOURCE_KEY_TYPES);
  if (types.length === 0) return [];
  const warned = new Set<string>();
  return Object.entries(plan.rules).flatMap(([ruleKey, rule]) =>
    Object.entries(rule.copies).flatMap(([copyKey, copy]) => {
      const path = `plans.${planKey}.rules.${ruleKey}.copies.${copyKey}`;
      const destination = crossAccountDestination(config, planKey, copy.vault);
      if (destination === undefined) {
        const airGapped = Object.hasOwn(config.vaults, copy.vault) && config.vaults[copy.vault]?.airGapped !== undefined && !isCentralVault(config, copy.vault);
        if (!airGapped || warned.has(`vaults.${copy.vault}`)) return [];
        warned.add(`vaults.${copy.vault}`);
        const what = `logically air-gapped vault "${config.vaults[copy.vault]?.name ?? copy.vault}"`;
        return [
          warning(
            path,
            `copies into ${what}: ${sourceKeyRecoveryPoints(types)} keep their resource's own KMS key, and AWS copies these types it does not fully manage into a logically air-gapped vault only when that key is customer managed, not an AWS managed key such as aws/ebs or aws/rds ("Logically air-gapped vault", Compatible encryption); backup-estate cannot see or change your resources' keys`,
          ),
        ];
      }
      if (warned.has(destination)) return [];
      warned.add(destination);
      return [
        warning(
          path,
          `copies into ${destination}: ${sourceKeyRecoveryPoints(types)} keep their resource's own KMS key, so AWS copies them to another account only when that key is customer managed (not aws/ebs or aws/rds) and its key policy allows the destination account; backup-estate shares the keys of the vaults it creates, not your resources' keys`,
        ),
      ];
    }),
  );
}

/**
 * What AWS needs for a copy into a vault of another account (an existing vault given by ARN, a
 * hand-written backup policy's copy to a literal account id), worded once for both: `from` names the
 * accounts the copies come from; `created`, the key of the vault of `vaults` it is when a stack of
 * the config creates it: the key backup-estate writes for it already admits the service-linked role
 * (./copy-destinations.ts withCopiesFromOtherAccounts), one given by kmsKeyArn must.
 */
export function crossAccountCopyNeeds(config: NormalizedConfig, account: string, arn: string, from: string, created?: string): string {
  const setting = crossAccountEnabled(config) ? '' : ', cross-account backup enabled by its organization\'s management account (globalSettings.crossAccountBackup there)';
  const vault = created === undefined ? undefined : own(config.vaults, created);
  const keyWritten = vault !== undefined && vault.kmsKeyArn === undefined && vault.airGapped === undefined;
  const key = keyWritten
    ? ` (the key backup-estate writes for vaults.${created} lets that account's AWSServiceRoleForBackup use it through EC2, RDS and FSx, which re-encrypt those copies)`
    : ', and a key on that vault whose policy lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)';
  return `copies into account ${account}: AWS needs both accounts in one AWS Organization${setting}, a policy on ${arn} that allows backup:CopyIntoBackupVault from ${from}${key}`;
}

/**
 * The Regions plan `planKey` runs in: its own (a single account), or, in an organization, every Region of the accounts that list it
 * and of the backup policies that deliver it (none when nothing runs it).
 */
export function planRegions(config: NormalizedConfig, planKey: string, plan: NormalizedPlan): string[] {
  if (plan.region !== EVERY_REGION) return [plan.region];
  const listing = Object.values(config.accounts).filter((account) => account.plans.includes(planKey)).flatMap((account) => account.regions);
  const delivering = Object.values(config.organization?.policies ?? {}).filter((policy) => (policy.plans ?? []).includes(planKey)).flatMap((policy) => policy.regions ?? []);
  return [...new Set([...listing, ...delivering])];
}

/**
 * A copy into an existing vault. `targetName`: the name of the rule's own vault; `created`: the key of the vault of the config it is,
 * when a stack of the config creates it (its lock is checked as that vault's; a central vault admits copies from the organization).
 */
/**
 * The accounts of `copying` whose copies into `vaults.<created>` (a vault this config creates, not a central one) its access policy
 * does not admit: AWS refuses their copy jobs ("the destination backup vault doesn't have a vault access policy that allows copies
 * from a source account", re:Post). The one answer for a config plan's copy and a hand-written policy's.
 */
export function copiesRefusedBy(config: NormalizedConfig, created: string, copying: readonly string[]): string[] {
  const template = isCentralVault(config, created) ? undefined : own(config.vaults, created);
  return template === undefined ? [] : copying.filter((id) => !admitsCopiesFrom(statementsOf(template.accessPolicy), id));
}

/** Why copies of `refused` into the created vault `vaults.<created>` (named `vaultName`, of `account`) fail, and the Allow that admits them. */
export function refusedCopiesMessage(config: NormalizedConfig, vaultName: string, account: string, refused: readonly string[], created: string): string {
  return `copies into vault "${vaultName}" of account ${account}, which this config creates with an access policy that allows ${CROSS_ACCOUNT_VAULT_ACTION} to none of accounts ${refused.join(', ')}: AWS refuses their copy jobs (a cross-account copy needs the destination vault's policy to allow the source account). Add to vaults.${created}.accessPolicy.statements an Allow of ${CROSS_ACCOUNT_VAULT_ACTION} naming ${refused.map((id) => `arn:${config.partition}:iam::${id}:root`).join(', ')} (or "*" with StringEquals aws:PrincipalOrgID)`;
}

export function checkExistingCopy(config: NormalizedConfig, planKey: string, plan: NormalizedPlan, retention: number | undefined, path: string, vault: ExistingVault, targetName: string | undefined, created?: string): Problem[] {
  const fixed = vault.fixed;
  const home = homeAccount(config);
  const sameAccount = !fixed || (home !== undefined && fixed.account === home);
  // Every copy of the plan stays in the vault's Region when the plan runs in that Region only.
  const sameRegion = !fixed || planRegions(config, planKey, plan).every((region) => region === fixed.region);
  if (sameAccount && sameRegion && vault.name === targetName) {
    return [error(`${path}.vault`, `copies into the rule's own vault "${vault.name}": copy to a vault in another Region or account`)];
  }
  const problems = created !== undefined ? [] : [warning(path, unknownLock(vault.key, 'copies into', retention))];
  if (!sameAccount && fixed) {
    const refused = created === undefined ? [] : copiesRefusedBy(config, created, copyingAccounts(config, planKey).filter((id) => id !== fixed.account));
    if (created !== undefined && refused.length > 0) problems.push(error(`${path}.vault`, refusedCopiesMessage(config, vault.name, fixed.account, refused, created)));
    if (created === undefined || !isCentralVault(config, created)) problems.push(warning(path, crossAccountCopyNeeds(config, fixed.account, fixed.arn, home !== undefined ? `account ${home}` : 'the accounts that run this plan', created)));
    if (!sameRegion && selectsOneHopTypes(plan)) {
      problems.push(warning(path, `copies into another account and another Region (${fixed.region}) at once: AWS copies ${ONE_HOP_TYPES.join(', ')} recovery points one hop at a time (cross-account or cross-Region) and fails this copy for them`));
    }
  }
  return problems;
}

/**
 * Cold storage and copies of DynamoDB come with AWS Backup's advanced DynamoDB backup (full
 * management): "Tiering backups to cold storage" and "AWS Backup's cross-Region and cross-account
 * copy" (AWS Backup, "Advanced DynamoDB backup"). Off (regionSettings.management.DynamoDB: false),
 * a plan that can select DynamoDB keeps its tables warm and copies none of them; a plan a backup
 * policy delivers needs it opted in ("you need to manually opt-in"), which only regionSettings does here.
 */
export function checkDynamoDbManagement(config: NormalizedConfig, planKey: string, plan: NormalizedPlan): Problem[] {
  const managed = config.regionSettings === undefined ? undefined : (config.regionSettings.management?.DynamoDB ?? true);
  if (managed === true || selectedOf(plan, ['DynamoDB']).length === 0) return [];
  const delivered = Object.values(config.organization?.policies ?? {}).some((policy) => (policy.plans ?? []).includes(planKey));
  if (managed === undefined && !delivered) return [];
  const needing = Object.entries(plan.rules).filter(([, rule]) => rule.lifecycle.coldStorageAfterDays !== undefined || Object.keys(rule.copies).length > 0);
  if (needing.length === 0) return [];
  const rules = needing.map(([key]) => key).join(', ');
  const message =
    managed === false
      ? `can select DynamoDB tables, and rules ${rules} use cold storage or copies, which AWS applies to DynamoDB only with advanced DynamoDB backup: regionSettings.management.DynamoDB is false, so their DynamoDB recovery points stay warm and are not copied. Set regionSettings.management.DynamoDB: true`
      : `can select DynamoDB tables, and rules ${rules} use cold storage or copies, which AWS applies to DynamoDB only with advanced DynamoDB backup: a backup policy delivers this plan, and AWS asks for a manual opt-in for policy-created jobs in an account that does not have it on (it is on by default only in accounts whose first vault came after 21 November 2021). Set regionSettings.management.DynamoDB: true`;
  return [warning(`plans.${planKey}`, message)];
}
