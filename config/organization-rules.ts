/**
 * Rules of organization estates: accounts, units, the central backup account, backup policies,
 * and the consistency between stacks (copies into the central vault need it in that Region; what a
 * hand-written policy file names is checked in ./policy-file-rules.ts).
 */
import { ACCOUNT_NAME, CENTRAL_AIR_GAPPED_VAULT_KEY, CENTRAL_VAULT_KEY, POLICY_LIMITS } from '../core/limits';
import { partitionOfRegion } from '../core/arn';
import { error, own, Problem, under, warning } from '../core/problems';
import { firstFew, listOrNone } from '../core/order';
import { checkLock, checkName } from '../core/checks';
import { isUtcTimeZone } from '../core/cron-runs';
import { checkAirGappedVaultProps } from '../modules/air-gapped-vault';
import { checkKmsKeyFields } from '../modules/kms-key';
import { policyReferences } from '../policies/references';
import { validateBackupPolicy } from '../policies/validate';
import { isCentralVault, policyTargetsAccount, workloadStackPlaces } from './instances';
import { checkChildPoliciesUnderLocks, type NamedPolicy } from './policy-locks';
import { EVERY_REGION, NormalizedAccount, NormalizedConfig } from './normalize';
import { policyPlanInputs, type PolicyConfig } from './policy-content';
import { buildBackupPolicy, PolicyBuildError } from '../policies/builder';
import type { BackupConfig } from './schema';
import { checkPolicySelections } from './policy-selection-rules';
import { checkPolicyFileReferences } from './policy-file-rules';
import { checkPolicyTargetIds, checkPolicyTargets } from './policy-target-rules';

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
    if (!own(config.accounts, key)) problems.push(error(`organization.${field}`, `account "${key}" is not declared in accounts (declared: ${listOrNone(Object.keys(config.accounts))})`));
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
      if (!own(config.plans, plan)) problems.push(error(`${path}.plans.${index}`, `plan "${plan}" is not declared in plans (declared: ${listOrNone(Object.keys(config.plans))})`));
    });
    if (account.plans.length > 0 && account.regions.length === 0) problems.push(error(`${path}.regions`, 'must list at least one Region: the account creates plans'));
    if (account.unit !== undefined && !own(organization.units, account.unit)) {
      problems.push(error(`${path}.unit`, `unit "${account.unit}" is not declared in organization.units (declared: ${listOrNone(Object.keys(organization.units))})`));
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
        problems.push(error(path, `copies to the central vault in ${region} (${who}), but organization.central.regions are ${listOrNone(central.regions)}: add ${region}`));
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
      problems.push(error(path, `plan "${planKey}" is not declared in plans (declared: ${listOrNone(Object.keys(config.plans))})`));
      return;
    }
    problems.push(...checkPolicySelections(planKey, key, plan));
    for (const [ruleKey, rule] of Object.entries(plan.rules)) {
      // Another name of UTC (UTC, Etc/GMT) runs the same schedule as the policy's.
      if (!isUtcTimeZone(rule.scheduleTimezone)) {
        problems.push(error(`plans.${planKey}.rules.${ruleKey}.scheduleTimezone`, `plan "${planKey}" is enforced by backup policy ${key}: backup policies schedule in UTC only`));
      }
    }
  });
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
    // organization.units holds no parents: an account listed with another unit, which may be a child unit of this one, is counted out.
    const elsewhere = root
      ? []
      : Object.values(config.accounts).filter((account) => account.unit !== undefined && account.unit !== target && !own(units, account.unit)?.startsWith('r-') && !policyTargetsAccount(config, policy.targets, account));
    const nested =
      elsewhere.length === 0
        ? ''
        : `. backup-estate cannot see which units are nested and counts ${firstFew(elsewhere.map((account) => `${account.key} (unit ${account.unit})`))} out of this policy: if ${elsewhere.length === 1 ? 'that unit is a child unit' : 'those units are child units'} of ${target}, AWS applies the policy there too, and no stack of this config creates its vaults or counts its plans there; target those accounts as well`;
    problems.push(
      warning(
        `organization.policies.${key}.targets.${index}`,
        `targets ${what}, listed in accounts or not (${accounts}). An account not listed gets ${plans} but no stack of this config: ${vaults} and the service role ${config.serviceRole.name} are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. ${fix}${nested}`,
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
      // Its targets once, at the targets (its plans' Regions are checked per plan, at the file).
      problems.push(...checkPolicyTargetIds(config, key, policy.targets));
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

/**
 * Terraform's S3 backend refuses, at `terraform init`, a state key that starts or ends with "/" or
 * holds "//" ("The value must not start or end with \"/\"", "Value must not contain \"//\""), and an
 * empty or blank bucket ("The value cannot be empty or all whitespace"). Each stack's key is
 * <keyPrefix>/<stack>/terraform.tfstate: a prefix "state/" gives state//<stack>/..., an empty one /<stack>/....
 */
function stateKeyPrefixProblem(prefix: string): string | undefined {
  const key = `${prefix}/<stack>/terraform.tfstate`;
  const refusal = key.startsWith('/') ? 'The value must not start or end with "/"' : key.includes('//') ? 'Value must not contain "//"' : undefined;
  if (refusal === undefined) return undefined;
  return `"${prefix}" makes each stack's state key ${key}, which Terraform's S3 backend refuses at terraform init (${refusal}); give a prefix with no "/" at either end and no "//"`;
}

function checkState(config: NormalizedConfig): Problem[] {
  const { state } = config;
  const problems: Problem[] = [];
  if (state.backend === 's3') {
    if (!state.bucket?.trim()) problems.push(error('state.bucket', 'is required with backend: s3'));
    const keyPrefix = stateKeyPrefixProblem(state.keyPrefix);
    if (keyPrefix) problems.push(error('state.keyPrefix', keyPrefix));
    if (!state.region) problems.push(error('state.region', 'is required with backend: s3'));
    if (state.locking === 'dynamodb' && !state.dynamodbTable) problems.push(error('state.dynamodbTable', 'is required with locking: dynamodb'));
  }
  return problems;
}

export function checkOrganization(config: NormalizedConfig, documents: PolicyDocuments = {}): Problem[] {
  if (config.mode !== 'organization') return checkState(config);
  return [...checkAccounts(config), ...checkTemplates(config), ...checkCentralVaults(config), ...checkCentralCopies(config), ...checkPolicies(config, documents), ...checkPlanNamesAcrossPolicies(config, documents), ...checkState(config)];
}
