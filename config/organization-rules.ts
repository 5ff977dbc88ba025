/**
 * Rules of organization estates: accounts, units, the central backup account, backup policies,
 * and the consistency between stacks (a vault or role a policy names must be created in every
 * account and Region it targets; copies into the central vault need it in that Region).
 */
import { ACCOUNT_NAME, CENTRAL_AIR_GAPPED_VAULT_KEY, CENTRAL_VAULT_KEY, POLICY_LIMITS } from '../core/limits';
import { iamRoleArn, parseBackupVaultArn, partitionOfRegion } from '../core/arn';
import { isKnownRegion } from '../core/regions';
import { error, own, Problem, under, warning } from '../core/problems';
import { firstFew } from '../core/order';
import { checkLock, checkName, checkRetentionInLock } from '../core/checks';
import { checkAirGappedVaultProps } from '../modules/air-gapped-vault';
import { checkKmsKeyFields } from '../modules/kms-key';
import { policyReferences, type PolicyPlanReferences } from '../policies/references';
import { validateBackupPolicy } from '../policies/validate';
import { isCentralVault, policyTargetsAccount, workloadStackPlaces } from './instances';
import { checkChildPoliciesUnderLocks, type NamedPolicy } from './policy-locks';
import { EVERY_REGION, NormalizedAccount, NormalizedConfig, NormalizedVault } from './normalize';
import { centralVault, validLock } from './vault-locks';
import { policyPlanInputs, type PolicyConfig } from './policy-content';
import { buildBackupPolicy, PolicyBuildError } from '../policies/builder';
import type { BackupConfig } from './schema';
import { checkPolicySelections } from './policy-selection-rules';
import { crossAccountCopyNeeds, unknownLock } from './target-rules';
import { createdVaultAt } from './existing-vaults';

const list = (values: readonly string[]): string => (values.length === 0 ? 'none' : values.join(', '));

/** Before anything else: a config is either one account or an organization. */
export function checkEstateShape(config: BackupConfig): Problem[] {
  const { account, accounts, organization } = config;
  if (account && accounts) return [error('accounts', 'is not allowed with account: describe one account (account) or an organization (organization and accounts)')];
  if (account && organization) return [error('organization', 'is not allowed with account: an organization lists its accounts in accounts')];
  if (!account && !accounts) return [error('account', 'is required: give account (a single-account estate) or organization and accounts')];
  if (accounts && !organization) return [error('organization', 'is required with accounts')];
  return [];
}

/** Parsed hand-written policy files, by policy key. */
export type PolicyDocuments = Readonly<Record<string, unknown>>;

/** Policy plans (from config plans) each account receives, as [account, plan key, Region]. */
function policyPlanPlacements(config: NormalizedConfig): [NormalizedAccount, string, string, string][] {
  return Object.entries(config.organization?.policies ?? {}).flatMap(([policyKey, policy]) =>
    Object.values(config.accounts)
      .filter((account) => policyTargetsAccount(config, policy.targets, account))
      .flatMap((account) => (policy.plans ?? []).flatMap((plan) => (policy.regions ?? []).map((region): [NormalizedAccount, string, string, string] => [account, plan, region, policyKey]))),
  );
}

function checkAccounts(config: NormalizedConfig): Problem[] {
  const organization = config.organization;
  if (!organization) return [];
  const problems: Problem[] = [];
  for (const field of ['managementAccount', 'backupAccount'] as const) {
    const key = organization[field];
    if (!own(config.accounts, key)) problems.push(error(`organization.${field}`, `account "${key}" is not declared in accounts (declared: ${list(Object.keys(config.accounts))})`));
  }
  const ids = new Map<string, string>();
  const stacks = new Map<string, string>([[`management-${organization.region}`, 'the management stack']]);
  for (const region of organization.central?.regions ?? []) stacks.set(`central-${region}`, 'a central backup stack');
  for (const account of Object.values(config.accounts)) {
    const path = `accounts.${account.key}`;
    const first = ids.get(account.id);
    if (first !== undefined) problems.push(error(`${path}.id`, `account id ${account.id} is already used by accounts.${first}`));
    else ids.set(account.id, account.key);
    if (!ACCOUNT_NAME.pattern.test(account.name)) {
      problems.push(error(account.name === account.key ? path : `${path}.name`, `account name "${account.name}" must be ${ACCOUNT_NAME.describe}; set name`));
    }
    account.plans.forEach((plan, index) => {
      if (!own(config.plans, plan)) problems.push(error(`${path}.plans.${index}`, `plan "${plan}" is not declared in plans (declared: ${list(Object.keys(config.plans))})`));
    });
    if (account.plans.length > 0 && account.regions.length === 0) problems.push(error(`${path}.regions`, 'must list at least one Region: the account creates plans'));
    if (account.unit !== undefined && !own(organization.units, account.unit)) {
      problems.push(error(`${path}.unit`, `unit "${account.unit}" is not declared in organization.units (declared: ${list(Object.keys(organization.units))})`));
    }
  }
  // Every workload stack, DR-only Regions included (the declared Regions while a reference dangles).
  const places = workloadStackPlaces(config) ?? Object.values(config.accounts).flatMap((account) => account.regions.map((region) => ({ name: `${account.name}-${region}`, accountKey: account.key })));
  for (const { name, accountKey } of places) {
    const owner = stacks.get(name);
    if (owner !== undefined) problems.push(error(`accounts.${accountKey}.name`, `stack name "${name}" is already used by ${owner}: rename the account`));
    else stacks.set(name, `accounts.${accountKey}`);
  }
  return problems;
}

function checkTemplates(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [key, plan] of Object.entries(config.plans)) {
    if (plan.region !== EVERY_REGION) {
      problems.push(error(`plans.${key}.region`, 'is not used in an organization: a plan runs in every Region of each account that lists it (or of its backup policy)'));
    }
  }
  for (const key of [CENTRAL_VAULT_KEY, CENTRAL_AIR_GAPPED_VAULT_KEY]) {
    if (own(config.vaults, key)) problems.push(error(`vaults.${key}`, `is reserved in an organization for copies into the central backup account: rename the vault`));
  }
  if (config.serviceRole.arn !== undefined) {
    problems.push(error('serviceRole.arn', 'is not allowed in an organization: each account creates its own service role (serviceRole.name)'));
  }
  return problems;
}


/** The central backup account's vaults: the constructs' own checks (names, lock, air-gapped range, key administrators) at their config paths. */
function checkCentralVaults(config: NormalizedConfig): Problem[] {
  const central = config.organization?.central;
  if (!central) return [];
  const path = 'organization.central';
  const problems = [...checkName('vault', central.vaultName, `${path}.vaultName`)];
  if (central.lock) problems.push(...under(`${path}.lock`, checkLock(central.lock)));
  // The key check reads its own fields only; the account is a stand-in.
  const keyProblems = checkKmsKeyFields({ account: { accountId: '', partition: config.partition, region: '' }, backupRoleArns: [], administrators: central.keyAdministrators });
  problems.push(...keyProblems.map((problem) => ({ ...problem, path: `${path}.${problem.path.replace(/^administrators/, 'keyAdministrators')}` })));
  const airGapped = central.airGapped;
  if (airGapped) {
    // Name and range: the central vaults' access policy is checked with organization.central.
    problems.push(...under(`${path}.airGapped`, checkAirGappedVaultProps({ vaultName: airGapped.vaultName, minRetentionDays: airGapped.minRetentionDays, maxRetentionDays: airGapped.maxRetentionDays }).filter((problem) => !problem.path.startsWith('accessPolicy'))));
    if (airGapped.vaultName === central.vaultName) {
      problems.push(error(`${path}.airGapped.vaultName`, `"${airGapped.vaultName}" is the name of the central vault too: two vaults of one account and Region need different names`));
    }
  }
  return problems;
}

/** Copies into the central vault: the central vault must exist in every Region the plan runs in. */
function checkCentralCopies(config: NormalizedConfig): Problem[] {
  const central = config.organization?.central;
  const problems: Problem[] = [];
  const placements: [string, string, string][] = [
    ...Object.values(config.accounts).flatMap((account) => account.plans.flatMap((plan) => account.regions.map((region): [string, string, string] => [plan, region, `account ${account.key}`]))),
    ...policyPlanPlacements(config).map(([account, plan, region, policy]): [string, string, string] => [plan, region, `policy ${policy} in account ${account.key}`]),
  ];
  const reported = new Set<string>();
  for (const [planKey, region, who] of placements) {
    const plan = own(config.plans, planKey);
    if (!plan || !central) continue;
    for (const [ruleKey, rule] of Object.entries(plan.rules)) {
      for (const [copyKey, copy] of Object.entries(rule.copies)) {
        const path = `plans.${planKey}.rules.${ruleKey}.copies.${copyKey}`;
        if (!isCentralVault(config, copy.vault) || central.regions.includes(region) || reported.has(`${path}@${region}`)) continue;
        reported.add(`${path}@${region}`);
        problems.push(error(path, `copies to the central vault in ${region} (${who}), but organization.central.regions are ${list(central.regions)}: add ${region}`));
      }
    }
  }
  if (central && !central.lock) {
    problems.push(warning('organization.central.lock', 'is not set: the central vaults are not locked; a compliance-mode lock makes their copies immutable'));
  }
  return problems;
}

function checkPolicyPlans(config: NormalizedConfig, key: string, plans: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  plans.forEach((planKey, index) => {
    const plan = own(config.plans, planKey);
    const path = `organization.policies.${key}.plans.${index}`;
    if (!plan) {
      problems.push(error(path, `plan "${planKey}" is not declared in plans (declared: ${list(Object.keys(config.plans))})`));
      return;
    }
    problems.push(...checkPolicySelections(planKey, key, plan));
    for (const [ruleKey, rule] of Object.entries(plan.rules)) {
      if (rule.scheduleTimezone !== 'Etc/UTC') {
        problems.push(error(`plans.${planKey}.rules.${ruleKey}.scheduleTimezone`, `plan "${planKey}" is enforced by backup policy ${key}: backup policies schedule in UTC only`));
      }
    }
  });
  return problems;
}

function checkPolicyTargets(config: NormalizedConfig, key: string, targets: readonly string[], regions: readonly string[]): Problem[] {
  const units = config.organization?.units ?? {};
  const problems: Problem[] = [];
  targets.forEach((target, index) => {
    if (!own(units, target) && !own(config.accounts, target)) {
      problems.push(error(`organization.policies.${key}.targets.${index}`, `"${target}" is neither a unit in organization.units nor an account in accounts`));
    }
  });
  for (const account of Object.values(config.accounts).filter((candidate) => policyTargetsAccount(config, targets, candidate))) {
    const missing = regions.filter((region) => !account.regions.includes(region));
    if (missing.length > 0) {
      problems.push(error(`organization.policies.${key}.regions`, `policy runs in ${list(missing)} in account ${account.key}, which has no stack there to create its vaults and service role: add the Regions to accounts.${account.key}.regions`));
    }
  }
  return problems;
}

/**
 * The vaults of `vaults` of a name that a stack creates in a Region: those whose region is unset, or fixed there. AWS names a vault
 * per account and Region, so two vaults of `vaults` may share a name in different Regions, and a policy naming it gets each Region's.
 */
const vaultsNamedIn = (config: NormalizedConfig, name: string, region: string): [string, NormalizedVault][] =>
  Object.entries(config.vaults).filter(([, vault]) => vault.name === name && (vault.region === EVERY_REGION || vault.region === region));

/** The config vault a copy of a hand-written policy enters: a vault of `vaults` in the member account (in the ARN's Region), or a central vault of the backup account. */
function lockedVaultOf(config: NormalizedConfig, arn: string): NormalizedVault | undefined {
  const parsed = parseBackupVaultArn(arn);
  if (parsed === undefined) return undefined;
  if (parsed.account === '$account') return vaultsNamedIn(config, parsed.name, parsed.region)[0]?.[1];
  // A central vault where a central stack creates it (the one reading of which vaults the config creates).
  const backupId = own(config.accounts, config.organization?.backupAccount ?? '')?.id;
  const created = parsed.account === backupId ? createdVaultAt(config, parsed) : undefined;
  return created !== undefined && isCentralVault(config, created.key) ? created.vault : undefined;
}

/** The Region of `arn` when it names a central vault where no central stack creates it (organization.central.regions), unless existingVaults declares that ARN. */
function centralRegionMissing(config: NormalizedConfig, arn: string): string | undefined {
  const parsed = parseBackupVaultArn(arn);
  const central = config.organization?.central;
  const backup = own(config.accounts, config.organization?.backupAccount ?? '');
  if (!parsed || !central || !backup || parsed.account !== backup.id || parsed.partition !== backup.partition || central.regions.includes(parsed.region)) return undefined;
  // An unknown Region or one of another partition is reported by ./partition-rules.ts, not as one to add.
  if (!isKnownRegion(parsed.region) || partitionOfRegion(parsed.region) !== config.partition) return undefined;
  const names = [CENTRAL_VAULT_KEY, CENTRAL_AIR_GAPPED_VAULT_KEY].map((key) => centralVault(config, key)?.name);
  if (!names.includes(parsed.name) || Object.values(config.existingVaults).some((existing) => existing.arn === arn)) return undefined;
  return parsed.region;
}

/** Recovery points of a hand-written policy entering a locked vault must keep a retention inside its range, or AWS Backup fails the jobs. */
function policyRetentionInLocks(config: NormalizedConfig, plan: PolicyPlanReferences, regions: readonly string[], path: string): Problem[] {
  const problems: Problem[] = [];
  const inLock = (days: number | undefined, vault: NormalizedVault | undefined, what: string) => {
    const lock = vault === undefined ? undefined : validLock(vault);
    if (days === undefined || vault === undefined || lock === undefined) return;
    problems.push(...checkRetentionInLock(days, lock, vault.name, path).map((problem) => ({ ...problem, message: `plan ${plan.name} ${what}: ${problem.message}` })));
  };
  for (const rule of plan.rules) {
    // The vault of that name in each Region the plan runs in (each with its own lock, where several of `vaults` share the name).
    const targets = new Set(regions.flatMap((region) => vaultsNamedIn(config, rule.vaultName, region).map(([, vault]) => vault)));
    // A rule or copy without delete_after_days keeps its recovery points forever: longer than any maximum a lock sets.
    const days = (retention: { readonly deleteAfterDays?: number; readonly keptForever?: true }) => (retention.keptForever ? Number.POSITIVE_INFINITY : retention.deleteAfterDays);
    for (const vault of targets) inLock(days(rule), vault, `backs up into vault "${rule.vaultName}"${targets.size > 1 && vault.region !== EVERY_REGION ? ` in ${vault.region}` : ''}`);
    for (const copy of rule.copies) inLock(days(copy), lockedVaultOf(config, copy.arn), `copies to ${copy.arn}`);
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
  if (lockedVaultOf(config, arn) !== undefined) return [];
  const from = targeted.length > 0 && !viaUnit ? `accounts ${firstFew(targeted.filter((candidate) => candidate.id !== account).map((candidate) => candidate.id))}` : 'every account the policy targets';
  return [warning(path, `plan ${planName} ${crossAccountCopyNeeds(config, account, arn, from)}`)];
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
function checkPolicyFileReferences(config: NormalizedConfig, key: string, document: unknown, targets: readonly string[]): Problem[] {
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
        problems.push(error(path, `plan ${plan.name} targets vault "${vaultName}" in ${list(elsewhere)}, but ${fixedIn(named)}, so no stack creates it there and those backup jobs fail: leave the vault's region unset`));
      }
    }
    for (const arn of plan.destinationVaultArns) {
      // A copy into the member account itself: the vault must be created there too (copies to other accounts are theirs to create).
      const parsed = parseBackupVaultArn(arn);
      const missing = centralRegionMissing(config, arn);
      if (missing !== undefined) {
        problems.push(error(path, `plan ${plan.name} copies to ${arn}, the central vault in ${missing}, but organization.central.regions are ${list(config.organization?.central?.regions ?? [])}, so no stack creates it there and those copy jobs fail: add ${missing}`));
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
    problems.push(...checkPolicyTargets(config, key, targets, regions).map((problem) => ({ ...problem, path })));
  }
  return problems;
}

/**
 * AWS applies a policy attached to a unit (or the root) to every account of that unit and of its
 * child units, listed in accounts or not. An account the config does not list gets the policy's
 * plans but no stack: no vault, no service role, no alerts, so every job fails and no one hears.
 * The config cannot see the organization's membership, so it warns once per policy and unit target.
 */
function checkUnitTargets(config: NormalizedConfig, key: string, policy: PolicyConfig, document: unknown): Problem[] {
  const units = config.organization?.units ?? {};
  const references = policy.plans === undefined && document !== undefined ? policyReferences(document).plans : undefined;
  const planNames = policy.plans ?? references?.map((plan) => plan.name) ?? [];
  const vaultNames = policy.plans
    ? policy.plans.flatMap((planKey) => Object.values(own(config.plans, planKey)?.rules ?? {}).flatMap((rule) => (rule.vault === undefined ? [] : [own(config.vaults, rule.vault)?.name ?? rule.vault])))
    : (references ?? []).flatMap((plan) => plan.vaultNames);
  const plans = planNames.length === 0 ? 'its plans' : `plan${planNames.length === 1 ? '' : 's'} ${firstFew(planNames.map((name) => `"${name}"`))}`;
  const uniqueVaults = [...new Set(vaultNames)];
  const vaults = uniqueVaults.length === 0 ? 'its vaults' : `vault${uniqueVaults.length === 1 ? '' : 's'} ${firstFew(uniqueVaults.map((name) => `"${name}"`))}`;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  policy.targets.forEach((target, index) => {
    const unitId = own(units, target);
    if (unitId === undefined || seen.has(target)) return;
    seen.add(target);
    // The root holds every account, whatever its unit.
    const root = unitId.startsWith('r-');
    const listed = Object.values(config.accounts).filter((account) => root || account.unit === target).map((account) => account.key);
    const what = root ? `the organization root ${target} (${unitId}): AWS applies the policy to every account of the organization` : `unit ${target} (${unitId}): AWS applies the policy to every account of the unit and of its child units`;
    const accounts = `${listed.length === 0 ? 'accounts lists none of them' : `accounts lists ${firstFew(listed)}`}${root ? '' : ` with unit: ${target}`}`;
    const fix = root ? 'List every account of the organization in accounts, or target the accounts or units instead of the root' : `List every account of the unit in accounts (with unit: ${target}), or target the accounts instead of the unit`;
    problems.push(
      warning(
        `organization.policies.${key}.targets.${index}`,
        `targets ${what}, listed in accounts or not (${accounts}). An account not listed gets ${plans} but no stack of this config: ${vaults} and the service role ${config.serviceRole.name} are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. ${fix}`,
      ),
    );
  });
  return problems;
}

/** True when every copy of the plan goes to a declared vault or to a central vault of the organization. */
function copiesResolve(config: NormalizedConfig, planKey: string): boolean {
  const plan = own(config.plans, planKey);
  return (
    plan !== undefined &&
    Object.values(plan.rules).every((rule) => Object.values(rule.copies).every((copy) => isCentralVault(config, copy.vault) || own(config.vaults, copy.vault) !== undefined || own(config.existingVaults, copy.vault) !== undefined))
  );
}

function checkPolicies(config: NormalizedConfig, documents: PolicyDocuments): Problem[] {
  const organization = config.organization;
  if (!organization) return [];
  const problems: Problem[] = [];
  const perTarget = new Map<string, number>();
  const backupId = own(config.accounts, organization.backupAccount)?.id ?? '';
  for (const [key, policy] of Object.entries(organization.policies)) {
    const path = `organization.policies.${key}`;
    for (const target of policy.targets) perTarget.set(target, (perTarget.get(target) ?? 0) + 1);
    problems.push(...checkUnitTargets(config, key, policy, documents[key]));
    if ((policy.plans === undefined) === (policy.file === undefined)) {
      problems.push(error(path, 'give either plans (built from config plans) or file (a hand-written policy), not both or neither'));
      continue;
    }
    if (policy.plans !== undefined) {
      if (!policy.regions || policy.regions.length === 0) {
        problems.push(error(`${path}.regions`, 'is required with plans: the Regions the policy plans run in'));
        continue;
      }
      const planProblems = checkPolicyPlans(config, key, policy.plans);
      problems.push(...planProblems, ...checkPolicyTargets(config, key, policy.targets, policy.regions));
      // The document names every copy destination: build it only when they all resolve (a dangling one is reported by the plan rules).
      if (planProblems.length > 0 || policy.plans.some((plan) => !own(config.plans, plan) || !copiesResolve(config, plan))) continue;
      // Regions of another partition are reported at the regions (./partition-rules.ts), not again by the document built from them.
      if (policy.regions.some((region) => partitionOfRegion(region) !== config.partition)) continue;
      let built: unknown;
      try {
        built = buildBackupPolicy(policyPlanInputs(config, policy, backupId));
      } catch (cause) {
        // Names the document cannot hold (two rules differing only in case, say): each issue at the policy.
        if (!(cause instanceof PolicyBuildError)) throw cause;
        problems.push(...cause.issues.map((issue) => error(path, `cannot be built from its plans: ${issue}`)));
        continue;
      }
      for (const problem of validateBackupPolicy(built)) problems.push({ ...problem, path, message: `policy document ${problem.path}: ${problem.message}` });
    } else {
      const document = documents[key];
      if (document === undefined) continue; // unreadable: reported by the loader
      for (const problem of validateBackupPolicy(document)) problems.push({ ...problem, path: `${path}.file`, message: `${problem.path}: ${problem.message}` });
      problems.push(...checkPolicyFileReferences(config, key, document, policy.targets));
    }
  }
  for (const [target, count] of perTarget) {
    if (count > POLICY_LIMITS.policiesPerTarget) {
      problems.push(error('organization.policies', `${count} backup policies are attached to ${target}; AWS allows at most ${POLICY_LIMITS.policiesPerTarget} per root, unit or account`));
    }
  }
  return problems;
}

/**
 * Plan names of one policy: a built policy's as the builder names them (plan, or plan-<region>),
 * a hand-written one's as written; undefined when a built policy's plans do not resolve (reported
 * by the plan rules).
 */
function policyPlanNames(config: NormalizedConfig, policy: PolicyConfig, document: unknown, backupId: string): string[] | undefined {
  if (policy.plans !== undefined) {
    if (policy.plans.some((plan) => !own(config.plans, plan) || !copiesResolve(config, plan))) return undefined;
    return policyPlanInputs(config, policy, backupId).map((input) => input.name);
  }
  return document === undefined ? undefined : policyReferences(document).plans.map((plan) => plan.name);
}

/**
 * AWS merges the plans of one name that reach an account from several policies into one plan.
 * A built policy locks every node (@@none), so the merge keeps one policy's plan and drops the
 * other's Regions, rules and selections, while coverage and the report count both: an error.
 * Two hand-written policies merge setting by setting by the inheritance operators (a child's
 * @@assign overwrites the parent's Regions or retention), into a plan neither file shows, while
 * coverage, the silence alarms, cross-plan contention, the RPO gate, the report and the runbook read
 * each policy's plan on its own: an error too, until backup-estate computes the merged plan.
 */
function checkPlanNamesAcrossPolicies(config: NormalizedConfig, documents: PolicyDocuments): Problem[] {
  const organization = config.organization;
  if (!organization) return [];
  const backupId = own(config.accounts, organization.backupAccount)?.id ?? '';
  const named = Object.entries(organization.policies).flatMap(([key, policy]): NamedPolicy[] => {
    const names = policyPlanNames(config, policy, documents[key], backupId);
    return names === undefined ? [] : [{ key, built: policy.plans !== undefined, targets: policy.targets, names: new Set(names) }];
  });
  const { problems, reported } = checkChildPoliciesUnderLocks(config, documents, named);
  named.forEach((later, index) => {
    const clashes = named.slice(0, index).flatMap((earlier) => {
      const both = Object.entries(config.accounts).filter(([, account]) => policyTargetsAccount(config, earlier.targets, account) && policyTargetsAccount(config, later.targets, account));
      // A plan AWS leaves out of an account's effective policy under a lock (reported above) merges with nothing there.
      const merges = (name: string, account: string) => earlier.names.has(name) && !reported.has(`${later.key}\u0000${name}\u0000${account}`) && !reported.has(`${earlier.key}\u0000${name}\u0000${account}`);
      const shared = [...later.names].filter((name) => both.some(([account]) => merges(name, account)));
      const accounts = both.filter(([account]) => shared.some((name) => merges(name, account)));
      return shared.length > 0 && accounts.length > 0 ? [{ earlier, shared, accounts }] : [];
    });
    if (clashes.length === 0) return;
    const plans = [...new Set(clashes.flatMap((clash) => clash.shared))].sort().map((name) => `"${name}"`).join(', ');
    const accounts = [...new Set(clashes.flatMap((clash) => clash.accounts.map(([name, account]) => `${name} (${account.id})`)))].sort();
    const where = firstFew(accounts);
    const policies = `${clashes.map((clash) => clash.earlier.key).join(', ')} and ${later.key}`;
    const path = `organization.policies.${later.key}`;
    if (later.built || clashes.some((clash) => clash.earlier.built)) {
      problems.push(error(path, `plan ${plans} reaches ${where} from policies ${policies}: AWS merges plans of one name into one, and the built policy locks its plan (@@none), so one policy's Regions, rules and selections are dropped; give the plans different names, or the policies targets that do not overlap`));
    } else {
      problems.push(error(path, `plan ${plans} reaches ${where} from hand-written policies ${policies}: AWS merges them into one effective plan, each setting of one overwriting or adding to the other's by the inheritance operators (its Regions, retention, rules and selections may be neither policy's), and backup-estate cannot judge that merged plan: coverage, the silence alarms, the RPO gate and the report would read each policy's plan on its own; write the plan in one policy, or give the plans different names, or the policies targets that do not overlap`));
    }
  });
  return problems;
}

function checkState(config: NormalizedConfig): Problem[] {
  const { state } = config;
  const problems: Problem[] = [];
  if (state.backend === 's3') {
    if (!state.bucket) problems.push(error('state.bucket', 'is required with backend: s3'));
    if (!state.region) problems.push(error('state.region', 'is required with backend: s3'));
    if (state.locking === 'dynamodb' && !state.dynamodbTable) problems.push(error('state.dynamodbTable', 'is required with locking: dynamodb'));
  }
  return problems;
}

export function checkOrganization(config: NormalizedConfig, documents: PolicyDocuments = {}): Problem[] {
  if (config.mode !== 'organization') return checkState(config);
  return [...checkAccounts(config), ...checkTemplates(config), ...checkCentralVaults(config), ...checkCentralCopies(config), ...checkPolicies(config, documents), ...checkPlanNamesAcrossPolicies(config, documents), ...checkState(config)];
}
