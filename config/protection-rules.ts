/**
 * Rules of insider-proofing and of the vaults around the plans: the security section (deployment
 * role, break-glass principals, the organization's service control policy against its size and
 * count limits), existing vaults, logically air-gapped vaults of workload accounts, extra vault
 * policy statements and the global settings. Every problem at its config path.
 */
import { CENTRAL_AIR_GAPPED_VAULT_KEY, CENTRAL_VAULT_KEY } from '../core/limits';
import { error, own, Problem, under, warning } from '../core/problems';
import { checkExemptPrincipals, checkName } from '../core/checks';
import { listOrNone } from '../core/order';
import { checkAirGappedVaultProps } from '../modules/air-gapped-vault';
import { checkDuplicateTargets } from '../modules/organization-backup-policy';
import { checkVaultPolicyStatements } from '../modules/vault-policy-statements';
import { checkVaultProtectionPolicyProps } from '../modules/vault-protection-policy';
import { accountInstances, accountsRunningPlan, isCentralVault, placementsResolve, policyTargetsAccount } from './instances';
import type { NormalizedAccount, NormalizedConfig } from './normalize';
import { statementsOf, vaultProtectionModel, vaultProtectionPolicyProps } from './resolve-protection';
import { crossAccountDestination } from './target-rules';
import { CROSS_ACCOUNT_VAULT_ACTION } from '../core/service-limits';
import { principalAccount } from '../core/policy-conditions';
import type { VaultPolicyStatementProps } from '../modules/vault-policy-statements';
import { checkDeployRoleAccounts } from './role-accounts';

/** Where each SCP prop's problem belongs in the config. */
const SCP_FIELDS: Readonly<Record<string, string>> = {
  exemptPrincipals: 'security.breakGlassPrincipals',
  keyAliases: 'keys',
  backupRoles: 'serviceRole.arn',
  backupRoleBoundaries: 'serviceRole.permissionsBoundaryArn',
  targets: 'security.serviceControlPolicy.targets',
  otherPoliciesPerTarget: 'security.serviceControlPolicy.otherPoliciesPerTarget',
};

function checkServiceControlPolicy(config: NormalizedConfig): Problem[] {
  const organization = config.organization;
  const settings = config.security.serviceControlPolicy;
  if (!organization) {
    return settings ? [error('security.serviceControlPolicy', 'is for organizations: a single-account estate has no service control policy (its vault and key policies protect it)')] : [];
  }
  if (settings?.enabled === false) {
    return [warning('security.serviceControlPolicy.enabled', 'is false: an administrator of a workload account (its root user included) can delete vault keys and, where the vault policy exempts nobody, vault locks and policies')];
  }
  const problems: Problem[] = [];
  (settings?.targets ?? []).forEach((target, index) => {
    const path = `security.serviceControlPolicy.targets.${index}`;
    if (!own(organization.units, target) && !own(config.accounts, target)) problems.push(error(path, `"${target}" is neither a unit in organization.units nor an account in accounts`));
    else if (target === organization.managementAccount) problems.push(warning(path, 'is the management account: service control policies do not apply to it'));
  });
  if (problems.some((problem) => problem.severity === 'error')) return problems;
  problems.push(...checkUnprotectedVaults(config));
  const model = vaultProtectionModel(config);
  if (!model) return problems;
  const props = vaultProtectionPolicyProps(model);
  // Each target is a key of organization.units or accounts: its id is checked there, and a key that names neither where it is written; two keys of one id are this policy's problem.
  for (const problem of [...checkVaultProtectionPolicyProps(props).filter((candidate) => !/^targets\./.test(candidate.path)), ...checkDuplicateTargets(props.targets)]) {
    // Each exempt principal is checked at its own field (checkExemptions): the SCP would repeat it at security.breakGlassPrincipals.
    if (/^exemptPrincipals\.\d+$/.test(problem.path)) continue;
    const field = problem.path.split('.')[0];
    problems.push({ ...problem, path: SCP_FIELDS[field] ?? 'security.serviceControlPolicy', message: `service control policy: ${problem.message}` });
  }
  return problems;
}

/** The vaults an account's stacks hold, in words: its plans' vaults, and the central vaults in the backup account. */
function vaultsHeldBy(config: NormalizedConfig, account: NormalizedAccount): string[] {
  const vaults = accountInstances(config, account).vaults.map((vault) => `vault "${config.vaults[vault.key]?.name ?? vault.key}" (${vault.region})`);
  const central = config.organization?.central;
  if (config.organization?.backupAccount === account.key && central) vaults.push(`the central vaults (${central.regions.join(', ')})`);
  return [...new Set(vaults)];
}

/**
 * Accounts with vaults the vault protection policy does not reach: the management account
 * (service control policies do not apply to it, whatever the targets), and, with explicit
 * targets, an account neither named nor in a named unit (as accounts.<name>.unit says: a unit
 * below a named one is not known here), unless a target is the organization's root (r-...), which
 * reaches every member account: instances.ts policyTargetsAccount, the answer every policy target uses. Their vaults are left to their vault and key policies,
 * as in a single account, while the README promises an organization more.
 */
function checkUnprotectedVaults(config: NormalizedConfig): Problem[] {
  const organization = config.organization;
  // A dangling plan or vault reference is the rules' error: the accounts' vaults are not known then.
  if (!organization || !placementsResolve(config)) return [];
  const targets = config.security.serviceControlPolicy?.targets;
  const problems: Problem[] = [];
  for (const account of Object.values(config.accounts)) {
    const vaults = vaultsHeldBy(config, account);
    if (vaults.length === 0) continue;
    const singleAccount = 'only their vault and key policies do, as in a single account: an administrator of the account may change the deploy role\'s trust or permissions and act as it, and delete or change plans, selections and Region settings';
    if (account.key === organization.managementAccount) {
      problems.push(
        warning(
          `accounts.${account.key}`,
          `is the management account and holds ${vaults.join(', ')}: service control policies do not apply to it, so the vault protection policy does not protect them; ${singleAccount}. Keep vaults and plans out of the management account`,
        ),
      );
    } else if (targets !== undefined && !policyTargetsAccount(config, targets, account)) {
      problems.push(
        warning(
          `accounts.${account.key}`,
          account.unit === undefined
            ? `holds ${vaults.join(', ')}, but security.serviceControlPolicy.targets (${targets.join(', ')}) do not name the account, which has no unit: the vault protection policy does not reach them and ${singleAccount}. Add "${account.key}" to the targets`
            : `holds ${vaults.join(', ')}, but security.serviceControlPolicy.targets (${targets.join(', ')}) name neither the account nor its unit ${account.unit}: unless that unit is below a target, the vault protection policy does not reach them and ${singleAccount}. Add "${account.key}" or "${account.unit}" to the targets`,
        ),
      );
    }
  }
  return problems;
}

function checkSecurity(config: NormalizedConfig): Problem[] {
  const { security } = config;
  const problems: Problem[] = [];
  if (config.mode === 'organization' && security.deployRoleArn !== undefined) {
    problems.push(error('security.deployRoleArn', 'is for single-account estates: in an organization each account\'s deploy role (accounts.<name>.deployRoleArn, default organization.deployRoleName) is the deployment role'));
  }
  problems.push(...checkDeployRoleAccounts(config));
  if (!security.protectKeys) {
    problems.push(warning('security.protectKeys', 'is false: any principal with IAM permission, the account root included, can schedule the deletion of a vault key or disable it, and so every recovery point it encrypts (or the alerts topic key, silencing every alert)'));
  }
  return [...problems, ...checkExemptions(config), ...checkServiceControlPolicy(config)];
}

/** Every exemption of the vault, key and SCP denies: none may exempt everyone (core/checks.ts). */
function checkExemptions(config: NormalizedConfig): Problem[] {
  const single = (arn: string | undefined, path: string) => checkExemptPrincipals(arn !== undefined ? [arn] : [], path).map((problem) => ({ ...problem, path }));
  return [
    ...checkExemptPrincipals(config.security.breakGlassPrincipals, 'security.breakGlassPrincipals'),
    ...single(config.security.deployRoleArn, 'security.deployRoleArn'),
    ...Object.entries(config.vaults).flatMap(([key, vault]) => checkExemptPrincipals(vault.accessPolicy.breakGlassPrincipals, `vaults.${key}.accessPolicy.breakGlassPrincipals`)),
    ...checkExemptPrincipals(config.organization?.central?.accessPolicy.breakGlassPrincipals ?? [], 'organization.central.accessPolicy.breakGlassPrincipals'),
    ...Object.entries(config.accounts).flatMap(([key, account]) => single(account.deployRoleArn, `accounts.${key}.deployRoleArn`)),
  ];
}

/** `policyVaultsNamed`: the vaults hand-written backup policies back up or copy into: in the member accounts themselves by name, others by ARN. */
function checkExistingVaults(config: NormalizedConfig, policyVaultsNamed: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const used = new Set(
    Object.values(config.plans).flatMap((plan) => Object.values(plan.rules).flatMap((rule) => [rule.vault, ...Object.values(rule.copies).map((copy) => copy.vault)])),
  );
  for (const [key, vault] of Object.entries(config.existingVaults)) if ([vault.name, vault.arn].some((named) => named !== undefined && policyVaultsNamed.includes(named))) used.add(key);
  for (const plan of Object.values(config.restoreTesting)) for (const key of [...(plan.vaults ?? []), ...(plan.excludeVaults ?? [])]) used.add(key);
  for (const [key, vault] of Object.entries(config.existingVaults)) {
    const path = `existingVaults.${key}`;
    if ((vault.name === undefined) === (vault.arn === undefined)) {
      problems.push(error(path, 'give either name (a vault of the account and Region where the plan runs) or arn, not both or neither'));
      continue;
    }
    if (vault.name !== undefined) problems.push(...checkName('vault', vault.name, `${path}.name`));
    if (own(config.vaults, key)) problems.push(error(path, `is also a key of vaults: vault: "${key}" would name both; rename one`));
    else if (config.mode === 'organization' && isCentralVault(config, key)) problems.push(error(path, `is reserved in an organization for copies into the central backup account (${CENTRAL_VAULT_KEY}, ${CENTRAL_AIR_GAPPED_VAULT_KEY}): rename it`));
    else if (!used.has(key)) problems.push(warning(path, 'no rule, copy or restore test uses this vault'));
  }
  return problems;
}

/** Why a logically air-gapped vault takes no key here. */
const NO_AIR_GAPPED_KEY = "aws_backup_logically_air_gapped_vault of provider 5.100.0 takes no key, so AWS encrypts it with an AWS owned key (AWS offers a customer managed key too, which that provider cannot set)";

function checkVaultExtras(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = [];
  // The vault's account: the one account of a single-account estate; an organization's vaults live in many.
  const [single] = Object.values(config.accounts);
  const accountId = config.mode === 'single' ? single?.id : undefined;
  for (const [key, vault] of Object.entries(config.vaults)) {
    const path = `vaults.${key}`;
    problems.push(...checkVaultPolicyStatements(statementsOf(vault.accessPolicy), `${path}.accessPolicy.statements`, accountId));
    const airGapped = vault.airGapped;
    if (!airGapped) continue;
    // AWS now offers a customer managed key for one ("Logically air-gapped vault"), but the pinned provider's resource has no argument for it.
    const why = { kmsKey: NO_AIR_GAPPED_KEY, kmsKeyArn: NO_AIR_GAPPED_KEY, lock: 'its retention range is its lock (compliance mode)' } as const;
    for (const field of ['kmsKey', 'kmsKeyArn', 'lock'] as const) {
      if (vault[field] !== undefined) problems.push(error(`${path}.${field}`, `is not allowed on a logically air-gapped vault (airGapped): ${why[field]}`));
    }
    // The vault name is checked with every vault's; the range here.
    // The range only: the name and the access policy are the config's own checks (vaults.<key>.accessPolicy).
    const range = checkAirGappedVaultProps({ vaultName: vault.name, ...airGapped }).filter((problem) => problem.path !== 'vaultName' && !problem.path.startsWith('accessPolicy'));
    problems.push(...under(`${path}.airGapped`, range));
  }
  const central = config.organization?.central;
  if (central) {
    const backup = own(config.accounts, config.organization?.backupAccount ?? '');
    problems.push(...checkVaultPolicyStatements(statementsOf(central.accessPolicy), 'organization.central.accessPolicy.statements', backup?.id));
  }
  return problems;
}

/**
 * Cross-account copies need the global setting in the management account; AWS takes it from there
 * only. Every copy whose destination is in another account than the plan's (./target-rules.ts
 * crossAccountDestination: the central vaults, existing vaults given by ARN) fails while it is false.
 */
function checkGlobalSettings(config: NormalizedConfig): Problem[] {
  const settings = config.globalSettings;
  if (!settings) return [];
  const problems: Problem[] = [];
  if (config.mode === 'single') {
    const [account] = Object.values(config.accounts);
    problems.push(warning('globalSettings', `AWS accepts global settings only from the management account of an AWS Organization: the apply fails unless account ${account?.id ?? ''} is one`));
  }
  if (settings.crossAccountBackup) return problems;
  // Destination (central first, then accounts in order) -> plans copying there.
  const copying = new Map<string, string[]>();
  for (const [planKey, plan] of Object.entries(config.plans)) {
    for (const rule of Object.values(plan.rules)) {
      for (const copy of Object.values(rule.copies)) {
        const destination = crossAccountDestination(config, planKey, copy.vault);
        if (destination === undefined) continue;
        const plans = copying.get(destination) ?? [];
        if (!plans.includes(planKey)) plans.push(planKey);
        copying.set(destination, plans);
      }
    }
  }
  if (copying.size > 0) {
    const central = 'the central backup account';
    const destinations = [...copying.keys()].sort((a, b) => (a === central ? -1 : b === central ? 1 : a < b ? -1 : 1));
    const where = destinations.map((destination) => `plans ${listOrNone(copying.get(destination) ?? [])} copy into ${destination}`).join('; ');
    problems.push(error('globalSettings.crossAccountBackup', `is false, but ${where}: AWS fails every cross-account copy job`));
  }
  return problems;
}

/** Condition keys whose value a copy into the central vaults carries from its source account, and how to read each. */
const COPY_CONDITION_KEYS: Readonly<Record<string, (account: NormalizedAccount, organizationId: string) => string>> = {
  'aws:principalaccount': (account) => account.id,
  'aws:principalorgid': (_account, organizationId) => organizationId,
};

/**
 * Whether a Deny statement of the central vaults' policy refuses backup:CopyIntoBackupVault to `account`: true, false, or
 * undefined when it depends on what backup-estate does not evaluate (a principal other than the account or its root, a
 * condition other than StringEquals / StringNotEquals on aws:PrincipalAccount or aws:PrincipalOrgID, a resource other than "*").
 */
function deniesCopiesFrom(statement: VaultPolicyStatementProps, account: NormalizedAccount, organizationId: string): boolean | undefined {
  let known = true;
  if (statement.principals !== '*') {
    const ofAccount = (statement.principals.aws ?? []).filter((principal) => principalAccount(principal) === account.id);
    if (ofAccount.length === 0) return false;
    if (!ofAccount.some((principal) => principal === account.id || principal.endsWith(':root'))) known = false;
  }
  if ((statement.resources ?? ['*']).every((resource) => resource !== '*')) known = false;
  for (const [operator, keys] of Object.entries(statement.conditions ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      const read = COPY_CONDITION_KEYS[key.toLowerCase()];
      if (read === undefined || (operator !== 'StringEquals' && operator !== 'StringNotEquals')) {
        known = false;
        continue;
      }
      const matches = (typeof value === 'string' ? [value] : value).includes(read(account, organizationId));
      if (matches !== (operator === 'StringEquals')) return false;
    }
  }
  return known ? true : undefined;
}

/**
 * A Deny of backup:CopyIntoBackupVault in organization.central.accessPolicy.statements: an explicit deny overrides the
 * AllowCopiesFromOrganization statement (IAM policy evaluation logic), so the copy jobs of the accounts it reaches fail
 * while every reader of the config would count their copies into the central vaults.
 */
function checkCentralCopyDenies(config: NormalizedConfig): Problem[] {
  const central = config.organization?.central;
  if (!central || config.mode !== 'organization') return [];
  const denies = statementsOf(central.accessPolicy).filter((statement) => statement.effect === 'Deny' && statement.actions.includes(CROSS_ACCOUNT_VAULT_ACTION));
  if (denies.length === 0) return [];
  // Account -> plans that copy from it into the central vaults (its own, and those backup policies deliver to it).
  const copying = new Map<NormalizedAccount, string[]>();
  for (const [planKey, plan] of Object.entries(config.plans)) {
    const intoCentral = Object.values(plan.rules).some((rule) => Object.values(rule.copies).some((copy) => isCentralVault(config, copy.vault) && crossAccountDestination(config, planKey, copy.vault) !== undefined));
    if (!intoCentral) continue;
    for (const account of accountsRunningPlan(config, planKey)) {
      copying.set(account, [...(copying.get(account) ?? []), planKey]);
    }
  }
  const organizationId = config.organization?.id ?? '';
  const accounts = [...copying].map(([account, plans]) => ({ account, plans }));
  const describe = (items: typeof accounts) => items.map(({ account, plans }) => `${account.key} (${account.id}, plans ${listOrNone(plans)})`).join(', ');
  return denies.flatMap((statement) => {
    const path = `organization.central.accessPolicy.statements.${statement.sid}`;
    const denied = accounts.filter(({ account }) => deniesCopiesFrom(statement, account, organizationId) === true);
    const maybe = accounts.filter(({ account }) => deniesCopiesFrom(statement, account, organizationId) === undefined);
    const problems: Problem[] = [];
    if (denied.length > 0) {
      problems.push(error(path, `denies ${CROSS_ACCOUNT_VAULT_ACTION} to accounts ${describe(denied)}, which copy into the central vaults: an explicit Deny overrides the organization's Allow, so AWS fails every copy job from them. Narrow the statement so it spares them, or remove their copies`));
    }
    if (maybe.length > 0) {
      problems.push(
        warning(
          path,
          `denies ${CROSS_ACCOUNT_VAULT_ACTION} under principals, resources or conditions backup-estate does not evaluate (it reads principals by account root, resources "*" and StringEquals / StringNotEquals on aws:PrincipalAccount, aws:PrincipalOrgID): the copy jobs of accounts ${describe(maybe)} into the central vaults fail whenever it matches them`,
        ),
      );
    }
    return problems;
  });
}

export function checkProtection(config: NormalizedConfig, policyVaultsNamed: readonly string[] = []): Problem[] {
  return [...checkSecurity(config), ...checkExistingVaults(config, policyVaultsNamed), ...checkVaultExtras(config), ...checkGlobalSettings(config), ...checkCentralCopyDenies(config)];
}
