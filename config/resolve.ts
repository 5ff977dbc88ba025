/**
 * Resolves a valid, normalized config into the estate model: which stack creates what, every name
 * and every ARN another stack needs (computed, never read across stacks).
 * - workload stacks: one per account and Region that holds something: the Regions the account
 *   runs plans in (a single-account estate: the primary Region and each Region of a plan) and
 *   every Region it needs a vault or key in (a disaster-recovery copy destination has a stack of
 *   its own). Each stack creates only what lives in its Region, so a resource never moves to
 *   another stack when plans or Regions are added; the account's primary stack also creates the
 *   service role;
 * - organization estates add a management stack (backup policies, attachments, global settings,
 *   delegated administrator) and a central backup stack per central Region in the backup account.
 */
import { backupVaultArn, iamRoleArn, AccountContext } from '../core/arn';
import type { RuleLifecycleProps } from '../modules/backup-plan';
import { AUDIT_LIMITS, CENTRAL_AIR_GAPPED_VAULT_KEY } from '../core/limits';
import { evaluateSelection, type SelectionEvaluation, type SelectionHome, type SelectionSpec } from '../core/selection';
import { continuousRunsAsSnapshots, typesToOptIn } from '../core/selection-reach';
import { backupOffersType } from '../core/regions';
import { rulesAsRun, type RpoInput } from '../core/rpo';
import { selectionSpecOf } from '../modules/backup-selection';
import { deriveFrameworkControls, withIncomingCopyRetentions } from './audit-controls';
import { restoreTestingName, RESTORE_TESTING_DEFAULTS } from '../modules/restore-testing';
import { accountInstances, isCentralVault, Placed, PolicyFileReferences, policyTargetsAccount } from './instances';
import { EVERY_REGION, NormalizedAccount, NormalizedConfig, NormalizedPlan, NormalizedRule } from './normalize';
import { buildPolicyContent } from './policy-content';
import { monitoringModel, type PolicyFileRule } from './monitoring';
import { withCopyDependencies } from './copy-order';
import { existingVault, existingVaultRef } from './existing-vaults';
import { copyDestinationAccounts, policyFileCopies, withCopiesFromOtherAccounts } from './copy-destinations';
import { accessPolicyModel, breakGlassOf, keyProtectionModel, vaultProtectionModel } from './resolve-protection';
import { alertsModel, centralReports, createsRestoreTestingRole, reportPlanModels, restoreTestHere } from './resolve-operations';
import { sortedEntries, sortedUnique } from '../core/order';
import type {
  AuditModel,
  BackendModel,
  CentralStackModel,
  EstateModel,
  KeyModel,
  KeyProtectionModel,
  ManagementStackModel,
  PlanJobsModel,
  PlanModel,
  PolicyModel,
  RegionSettingsModel,
  RestoreTestingModel,
  RuleModel,
  VaultEncryption,
  VaultModel,
  VaultRef,
  WorkloadStackModel,
} from './estate-model';
import { handWrittenPolicyPlanName } from './estate-model';

/** serviceRole.permissionsBoundaryArn for the role of `accountId`: an account of "*" is the policy of that path and name in each account (IAM takes no other account's policy as a boundary). */
const boundaryIn = (arn: string | undefined, accountId: string): string | undefined => arn?.replace(/^(arn:[^:]+:iam::)\*:/, `$1${accountId}:`);

/** Resolution context of one account. */
interface AccountScope {
  readonly config: NormalizedConfig;
  readonly account: NormalizedAccount;
  readonly backupAccountId?: string;
}

function contextOf(scope: AccountScope, region: string): AccountContext {
  return { accountId: scope.account.id, partition: scope.account.partition, region };
}

function vaultRef(scope: AccountScope, key: string, home: string): VaultRef {
  const { config } = scope;
  if (isCentralVault(config, key)) {
    const central = config.organization?.central;
    const name = key === CENTRAL_AIR_GAPPED_VAULT_KEY ? (central?.airGapped?.vaultName ?? '') : (central?.vaultName ?? '');
    const owner = { accountId: scope.backupAccountId ?? '', partition: config.partition, region: home };
    return { key, name, region: home, arn: backupVaultArn(owner, name), ...(key === CENTRAL_AIR_GAPPED_VAULT_KEY ? { logicallyAirGapped: true } : {}) };
  }
  const existing = existingVault(config, key);
  if (existing) return existingVaultRef(existing, contextOf(scope, home));
  const vault = config.vaults[key];
  const region = vault.region === EVERY_REGION ? home : vault.region;
  return { key, name: vault.name, region, arn: backupVaultArn(contextOf(scope, region), vault.name), ...(vault.airGapped ? { logicallyAirGapped: true } : {}) };
}

function vaultModel(scope: AccountScope, placed: Placed): VaultModel {
  const vault = scope.config.vaults[placed.key];
  const encryption: VaultEncryption =
    vault.kmsKey !== undefined
      ? { kind: 'shared', key: vault.kmsKey }
      : vault.kmsKeyArn !== undefined
        ? { kind: 'existing', arn: vault.kmsKeyArn }
        : { kind: 'dedicated', alias: vault.dedicatedKeyAlias ?? `alias/backup/vault-${placed.key}` };
  const accessPolicy = accessPolicyModel(scope.config, vault.accessPolicy, scope.account);
  const keyProtection = encryption.kind === 'dedicated' && !vault.airGapped ? keyProtectionModel(scope.config, accessPolicy.breakGlassPrincipals ?? [], scope.account) : undefined;
  return {
    ...vaultRef(scope, placed.key, placed.region),
    encryption,
    ...(vault.airGapped ? { airGapped: vault.airGapped } : {}),
    ...(keyProtection ? { keyProtection } : {}),
    lock: vault.lock,
    accessPolicy,
    forceDestroy: vault.forceDestroy,
    preventDestroy: vault.preventDestroy,
    tags: vault.tags,
  };
}

function ruleModel(scope: AccountScope, rule: NormalizedRule, region: string): RuleModel {
  const { vault, vaultFromPlan: _where, copies, lifecycle, ...fields } = rule;
  return {
    ...fields,
    // The rules guarantee a target vault and a retention before resolution runs.
    target: vaultRef(scope, vault as string, region),
    lifecycle: lifecycle as RuleLifecycleProps,
    copies: Object.fromEntries(sortedEntries(copies).map(([name, copy]) => [name, { destination: vaultRef(scope, copy.vault, region), lifecycle: copy.lifecycle }])),
  };
}

function planModel(scope: AccountScope, key: string, plan: NormalizedPlan, region: string): PlanModel {
  return {
    key,
    name: plan.name,
    rpoTargetHours: plan.rpoTargetHours,
    windowsVss: plan.windowsVss,
    tags: plan.tags,
    rules: Object.fromEntries(sortedEntries(plan.rules).map(([name, rule]) => [name, ruleModel(scope, rule, region)])),
    selections: sortedEntries(plan.selections).map(([selectionKey, selection]) => ({
      key: selectionKey,
      name: selection.name,
      roleArn: selection.role,
      tags: selection.tags,
      conditions: selection.conditions,
      resources: selection.resources,
      notResources: selection.notResources,
      ...(selection.size === undefined ? {} : { size: selection.size }),
    })),
  };
}

function backendFor(config: NormalizedConfig, stackName: string): BackendModel {
  const { state } = config;
  if (state.backend === 's3') {
    return {
      kind: 's3',
      bucket: state.bucket ?? '',
      region: state.region ?? '',
      key: `${state.keyPrefix}/${stackName}/terraform.tfstate`,
      useLockfile: state.locking === 'lockfile',
      dynamodbTable: state.locking === 'dynamodb' ? state.dynamodbTable : undefined,
      roleArn: state.roleArn,
    };
  }
  // Beside the project, not in cdktf.out/stacks/<stack> (3 levels down), which synth rewrites.
  return { kind: 'local', path: `../../../terraform.${stackName}.tfstate` };
}

const RESTORE_TESTING_ROLE_NAME = RESTORE_TESTING_DEFAULTS.roleName;

function restoreTestingModels(scope: AccountScope, region: string, vaults: readonly VaultModel[]): RestoreTestingModel[] {
  return sortedEntries(scope.config.restoreTesting).flatMap(([key, plan]): RestoreTestingModel[] => {
    const arnOf = (vaultKey: string) => vaultRef(scope, vaultKey, region).arn;
    const here = restoreTestHere(plan, vaults, arnOf, region);
    if (!here) return [];
    const { chosen, excluded, selections } = here;
    return [{
      key,
      name: restoreTestingName(key),
      schedule: plan.schedule,
      scheduleTimezone: plan.scheduleTimezone,
      startWindowHours: plan.startWindowHours,
      algorithm: plan.algorithm,
      includeVaults: chosen.length > 0 ? sortedUnique(chosen) : ['*'],
      ...(excluded.length > 0 ? { excludeVaults: excluded } : {}),
      ...(plan.role !== undefined ? { roleArn: plan.role } : {}),
      recoveryPointTypes: plan.recoveryPointTypes,
      selectionWindowDays: plan.selectionWindowDays,
      selections: Object.fromEntries(selections.map(([name, selection]) => [restoreTestingName(name), selection])),
    }];
  });
}

/**
 * The framework of a stack that runs plans or holds vaults. Where no plan runs (a stack holding
 * disaster-recovery vaults) only the controls over its vaults and recovery points remain:
 * "resources are protected by a backup plan" would only list the Region's resources as unprotected.
 */
function auditModel(config: NormalizedConfig, plans: readonly PlanModel[], vaults: readonly VaultModel[], account: AccountContext, runsPlans: boolean, keyProtection: KeyProtectionModel | undefined): AuditModel | undefined {
  const audit = config.audit;
  if (!audit || (!runsPlans && vaults.length === 0)) return undefined;
  const derived = deriveFrameworkControls(plans, vaults, account.region, account.accountId);
  if (!runsPlans) delete derived.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN;
  const controls = { ...derived } as Record<string, AuditModel['controls'][string]>;
  for (const [name, control] of Object.entries(audit.controls)) {
    if (control === null) delete controls[name]; // `CONTROL: null` drops a derived control
    else controls[name] = control;
  }
  const { reports } = audit;
  return {
    frameworkName: audit.frameworkName ?? 'backup_estate',
    ...(audit.frameworkDescription !== undefined ? { frameworkDescription: audit.frameworkDescription } : {}),
    reportPlans: reportPlanModels(config, 'stack', account.region),
    controls: Object.fromEntries(sortedEntries(controls)),
    reports: {
      bucket:
        reports.existingBucket !== undefined
          ? { create: false, name: reports.existingBucket }
          : { create: true, name: reports.bucketName ?? `backup-reports-${account.accountId}-${account.region}`, expireAfterDays: reports.expireAfterDays, ...(keyProtection ? { keyProtection } : {}) },
      templates: reports.templates ?? [...AUDIT_LIMITS.reportTemplates],
      formats: [...reports.formats].sort(), // a set: its order must not change the output
    },
  };
}

/**
 * Opt in every resource type a selection running here can select (the one selection evaluator
 * decides which), plus the types the config opts in. Only where plans run (own plans or plans
 * backup policies deliver): elsewhere the settings would opt out every other type and so stop
 * on-demand backups there (of resources restored in a disaster-recovery Region, say).
 */
function regionSettingsModel(config: NormalizedConfig, selections: readonly SelectionEvaluation[], region: string): RegionSettingsModel | undefined {
  const settings = config.regionSettings;
  if (!settings) return undefined;
  // optOut wins: the types an estate keeps opted out stay so even where a selection could select them.
  // A type AWS Backup does not offer in this Region (DSQL outside its Regions) is neither written nor opted in here.
  const optIn = sortedUnique([...typesToOptIn(selections), ...settings.optIn]).filter((type) => !settings.optOut.includes(type as (typeof settings.optOut)[number]) && backupOffersType(type, region));
  return { optIn, management: settings.management, ...(settings.otherTypes !== undefined && Object.keys(settings.otherTypes).length > 0 ? { otherTypes: settings.otherTypes } : {}) };
}

type PolicyFilePlan = PolicyFileReferences[string]['plans'][number];

/** The plans of the hand-written backup policies that run in this account and Region (a plan runs only in its own Regions), by policy key. */
function policyFilePlansHere(config: NormalizedConfig, account: NormalizedAccount, files: PolicyFileReferences, region: string): { policy: string; plans: PolicyFilePlan[] }[] {
  return sortedEntries(config.organization?.policies ?? {}).flatMap(([key, policy]) => {
    const refs = files[key];
    if (!refs || policy.file === undefined || !policyTargetsAccount(config, policy.targets, account)) return [];
    const plansHere = refs.plans.filter((plan) => plan.regions.includes(region));
    return plansHere.length > 0 ? [{ policy: key, plans: plansHere }] : [];
  });
}

/** Selections of the hand-written backup policies that run in this account and Region, by policy key. */
function policyFileSelectionsHere(config: NormalizedConfig, account: NormalizedAccount, files: PolicyFileReferences, region: string): { policy: string; selections: SelectionSpec[] }[] {
  return policyFilePlansHere(config, account, files, region).map(({ policy, plans }) => ({ policy, selections: plans.flatMap((plan) => plan.selections) }));
}

/**
 * The rules of the hand-written backup policies that run in this account and Region, each with
 * the key of the vault of its name here (the silence alarms watch it as they watch the config's).
 */
function policyFileRulesHere(config: NormalizedConfig, account: NormalizedAccount, files: PolicyFileReferences, region: string, vaults: readonly VaultModel[]): PolicyFileRule[] {
  return policyFilePlansHere(config, account, files, region).flatMap(({ policy, plans }) =>
    plans.flatMap((plan) =>
      plan.rules.map((rule): PolicyFileRule => ({ vaultKey: vaults.find((vault) => vault.name === rule.vaultName)?.key ?? rule.vaultName, vaultName: rule.vaultName, plan: `${plan.name} (policy ${policy})`, rpo: rule.rpo })),
    ),
  );
}

/** A hand-written policy's plan's rules as AWS runs them (core/rpo.ts rulesAsRun, with core/selection-reach continuousRunsAsSnapshots). */
function rulesAsRunOfFilePlan(plan: PolicyFilePlan, home: SelectionHome, contested: readonly SelectionSpec[]): RpoInput[] {
  const inputs = plan.rules.map((rule) => rule.rpo);
  const retentionDays = plan.rules.map((rule) => (rule.keptForever ? Number.POSITIVE_INFINITY : rule.deleteAfterDays));
  return rulesAsRun(inputs, retentionDays, continuousRunsAsSnapshots(plan.selections, home, contested, inputs, retentionDays));
}

/**
 * The plans of the hand-written backup policies that run in this account and Region, with their rules as AWS runs them here
 * (core/rpo.ts rulesAsRun): their jobs may hold a resource a plan of the stack selects too (core/plan-contention.ts).
 */
function policyFileJobsHere(config: NormalizedConfig, account: NormalizedAccount, files: PolicyFileReferences, region: string, stackPlans: readonly PlanModel[]): PlanJobsModel[] {
  const home = { region, accountId: account.id };
  const filePlans = policyFilePlansHere(config, account, files, region).flatMap(({ policy, plans }) => plans.map((plan) => ({ policy, plan })));
  // The other plans of the account and Region with a continuous rule (the stack's, the built policies', the other files'): AWS backs a
  // resource they share up continuously for one plan only, so this one's continuous rules may make snapshots, whose jobs hold it.
  const continuousPlans = stackPlans.filter((plan) => Object.values(plan.rules).some((rule) => rule.continuousBackup === true)).flatMap((plan) => plan.selections.map(selectionSpecOf));
  const isContinuous = (plan: PolicyFilePlan) => plan.rules.some((rule) => rule.rpo.continuous);
  return filePlans.map(({ policy, plan }) => {
    const contested = [...continuousPlans, ...filePlans.filter((other) => other.plan !== plan && isContinuous(other.plan)).flatMap((other) => other.plan.selections)];
    return {
      plan: handWrittenPolicyPlanName(plan.name, policy),
      selections: plan.selections,
      ruleNames: plan.rules.map((rule) => rule.name),
      policyKey: policy,
      rules: rulesAsRunOfFilePlan(plan, home, contested),
      continuous: isContinuous(plan),
    };
  });
}

/** Every selection that runs in a workload stack's Region, evaluated: its own plans', and those backup policies deliver. */
function selectionsHere(scope: AccountScope, plans: readonly PlanModel[], policyPlans: readonly PlanModel[], files: PolicyFileReferences, region: string): SelectionEvaluation[] {
  const home = { region, accountId: scope.account.id };
  const own = [...plans, ...policyPlans].flatMap((plan) => plan.selections.map((selection) => evaluateSelection(selectionSpecOf(selection), home)));
  const fromFiles = policyFileSelectionsHere(scope.config, scope.account, files, region).flatMap((entry) => entry.selections.map((spec) => evaluateSelection(spec, home)));
  return [...own, ...fromFiles];
}

function serviceRoleArn(config: NormalizedConfig, account: NormalizedAccount): string {
  const role = config.serviceRole;
  return role.arn ?? iamRoleArn({ accountId: account.id, partition: account.partition, region: '' }, role.name, role.path);
}

/** The organization stacks a workload stack waits for: the management stack and its Region's central stack. */
interface Foundation {
  readonly management?: string;
  readonly centralByRegion: ReadonlyMap<string, string>;
}

function workloadStacks(scope: AccountScope, files: PolicyFileReferences, foundation: Foundation): WorkloadStackModel[] {
  const { config, account } = scope;
  const instances = accountInstances(config, account, files);
  const [primary] = instances.regions;
  const role = config.serviceRole;
  const roleArn = serviceRoleArn(config, account);
  const selectionRoles = instances.plans.flatMap((plan) => Object.values(config.plans[plan.key].selections).flatMap((s) => (s.role ? [s.role] : [])));
  // Every restore test without a role of its own runs with the restore testing role.
  const wantsRestoreRole = createsRestoreTestingRole(config);
  const restoreRoleArn = iamRoleArn(contextOf(scope, primary ?? ''), RESTORE_TESTING_ROLE_NAME);
  const restoreRoles = [...(wantsRestoreRole ? [restoreRoleArn] : []), ...Object.values(config.restoreTesting).flatMap((plan) => (plan.role !== undefined ? [plan.role] : []))];
  // Restore roles too: a restore reads the recovery point with the vault key (modules/kms-key.ts).
  const backupRoleArns = sortedUnique([roleArn, ...selectionRoles, ...restoreRoles]);
  const nameOf = (region: string) => `${account.name}-${region}`;
  // The alerts topic key and the report bucket key deny deletion as the vault keys do (security.breakGlassPrincipals and the deployment role exempt).
  const stackKeyProtection = keyProtectionModel(config, [], account);

  return instances.regions.map((region): WorkloadStackModel => {
    const isPrimary = region === primary;
    const plans = instances.plans.filter((placed) => placed.region === region).map((placed) => planModel(scope, placed.key, config.plans[placed.key], region));
    // Plans backup policies deliver here: not created by this stack, but backed up by AWS all the same.
    const policyPlans = instances.policyPlans.filter((placed) => placed.region === region).map((placed) => planModel(scope, placed.key, config.plans[placed.key], region));
    const filePlans = policyFilePlansHere(config, account, files, region).flatMap((entry) => entry.plans);
    const vaults = instances.vaults
      .filter((placed) => placed.region === region)
      .map((placed): VaultModel => {
        const vault = vaultModel(scope, placed);
        const destinations = copyDestinationAccounts(vault, [...plans, ...policyPlans], filePlans, account.id);
        return destinations.length > 0 ? { ...vault, copyDestinationAccounts: destinations } : vault;
      });
    const keys = instances.keys
      .filter((placed) => placed.region === region)
      .map((placed): KeyModel => {
        const value = config.keys[placed.key];
        const users = instances.vaults.filter((vault) => vault.region === region && config.vaults[vault.key].kmsKey === placed.key);
        const protection = keyProtectionModel(config, users.flatMap((vault) => breakGlassOf(config, config.vaults[vault.key].accessPolicy)), account);
        const destinations = sortedUnique(vaults.filter((vault) => vault.encryption.kind === 'shared' && vault.encryption.key === placed.key).flatMap((vault) => vault.copyDestinationAccounts ?? []));
        return {
          key: placed.key,
          alias: value.alias,
          description: value.description ?? `AWS Backup vault key ${placed.key}`,
          deletionWindowInDays: value.deletionWindowInDays,
          administrators: value.administrators,
          preventDestroy: value.preventDestroy,
          tags: value.tags,
          ...(protection ? { protection } : {}),
          ...(destinations.length > 0 ? { copyDestinationAccounts: destinations } : {}),
        };
      });
    const selections = selectionsHere(scope, plans, policyPlans, files, region);
    const name = nameOf(region);
    const context = contextOf(scope, region);
    const runsPlans = plans.length > 0 || policyPlans.length > 0 || filePlans.length > 0;
    const restoreTesting = runsPlans ? restoreTestingModels(scope, region, vaults) : [];
    return {
      kind: 'workload',
      name,
      region,
      primary: isPrimary,
      account: context,
      defaultTags: { ...config.tags },
      assumeRoleArn: account.deployRoleArn,
      backend: backendFor(config, name),
      rollout: {
        kind: 'workload',
        account: account.key,
        accountId: account.id,
        region,
        roleArn: account.deployRoleArn,
        dependsOn: sortedUnique([foundation.management, foundation.centralByRegion.get(region), isPrimary ? undefined : nameOf(primary)].filter((name) => name !== undefined)),
      },
      serviceRole: {
        arn: roleArn,
        create: isPrimary && role.arn === undefined ? { roleName: role.name, path: role.path, permissionsBoundaryArn: boundaryIn(role.permissionsBoundaryArn, account.id), tags: role.tags } : undefined,
      },
      backupRoleArns,
      keys,
      vaults,
      plans,
      alerts: alertsModel(config, context, stackKeyProtection),
      restoreTesting,
      restoreTestingRole: wantsRestoreRole ? { arn: restoreRoleArn, create: isPrimary ? { roleName: RESTORE_TESTING_ROLE_NAME } : undefined } : undefined,
      audit: auditModel(config, [...plans, ...policyPlans], vaults, context, runsPlans, stackKeyProtection),
      regionSettings: runsPlans ? regionSettingsModel(config, selections, region) : undefined,
      policyPlans,
      policyFileSelections: policyFileSelectionsHere(config, account, files, region),
      policyFileJobs: policyFileJobsHere(config, account, files, region, [...plans, ...policyPlans]),
      monitoring: monitoringModel(config.monitoring, [...plans, ...policyPlans], region, policyFileRulesHere(config, account, files, region, vaults)),
      ...(isPrimary && config.mode === 'single' && config.globalSettings ? { globalSettings: { crossAccountBackup: config.globalSettings.crossAccountBackup } } : {}),
    };
  });
}

function managementStack(config: NormalizedConfig, policyFiles: Readonly<Record<string, string>>): ManagementStackModel | undefined {
  const organization = config.organization;
  if (!organization) return undefined;
  const management = config.accounts[organization.managementAccount];
  const backup = config.accounts[organization.backupAccount];
  const name = `management-${organization.region}`;
  const policies = sortedEntries(organization.policies).map(([key, policy]): PolicyModel => ({
    key,
    name: key,
    description: policy.description ?? `AWS Backup baseline ${key} (managed by backup-estate)`,
    content: policy.file !== undefined ? (policyFiles[key] ?? '') : buildPolicyContent(config, policy, backup.id),
    targets: policy.targets.map((target) => ({ key: target, targetId: organization.units[target] ?? config.accounts[target]?.id ?? target })),
  }));
  // Cross-account copies go to the central vaults, unless the config sets the global settings itself.
  const crossAccountBackup = config.globalSettings?.crossAccountBackup ?? (organization.central !== undefined ? true : undefined);
  const vaultProtection = vaultProtectionModel(config);
  return {
    kind: 'management',
    name,
    region: organization.region,
    account: { accountId: management.id, partition: config.partition, region: organization.region },
    defaultTags: { ...config.tags },
    assumeRoleArn: management.deployRoleArn,
    backend: backendFor(config, name),
    rollout: { kind: 'management', account: management.key, accountId: management.id, region: organization.region, roleArn: management.deployRoleArn, dependsOn: [] },
    policies,
    crossAccountBackup,
    ...(vaultProtection ? { vaultProtection } : {}),
    delegatedAdministratorAccountId: organization.registerDelegatedAdministrator ? backup.id : undefined,
  };
}

function centralStacks(config: NormalizedConfig, managementName: string): CentralStackModel[] {
  const organization = config.organization;
  const central = organization?.central;
  if (!organization || !central) return [];
  const backup = config.accounts[organization.backupAccount];
  const keyProtection = keyProtectionModel(config, breakGlassOf(config, central.accessPolicy), backup);
  return [...central.regions].sort().map((region): CentralStackModel => {
    const name = `central-${region}`;
    return {
      kind: 'central',
      name,
      region,
      account: { accountId: backup.id, partition: config.partition, region },
      defaultTags: { ...config.tags },
      assumeRoleArn: backup.deployRoleArn,
      backend: backendFor(config, name),
      rollout: { kind: 'central', account: backup.key, accountId: backup.id, region, roleArn: backup.deployRoleArn, dependsOn: [managementName] },
      organizationId: organization.id,
      vault: {
        name: central.vaultName,
        lock: central.lock,
        accessPolicy: accessPolicyModel(config, central.accessPolicy, backup),
        keyAdministrators: central.keyAdministrators,
        preventDestroy: central.preventDestroy,
        ...(keyProtection ? { keyProtection } : {}),
      },
      ...centralReports(config, { accountId: backup.id, region }, keyProtection),
      airGapped: central.airGapped ? { name: central.airGapped.vaultName, minRetentionDays: central.airGapped.minRetentionDays, maxRetentionDays: central.airGapped.maxRetentionDays } : undefined,
    };
  });
}

export interface PolicyFiles {
  /** Serialized hand-written policies by policy key. */
  readonly contents: Readonly<Record<string, string>>;
  readonly references: PolicyFileReferences;
}

/** Stack name -> its import blocks (config adoption.imports): address -> import id. */
export type StackImports = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function resolveEstate(config: NormalizedConfig, files: PolicyFiles = { contents: {}, references: {} }, imports: StackImports = {}): EstateModel {
  const accounts = sortedEntries(config.accounts).map(([, account]) => account);
  const management = managementStack(config, files.contents);
  const central = centralStacks(config, management?.name ?? '');
  const foundation: Foundation = { management: management?.name, centralByRegion: new Map(central.map((stack) => [stack.region, stack.name])) };
  const backupAccountId = config.organization ? config.accounts[config.organization.backupAccount]?.id : undefined;
  const built = withCopiesFromOtherAccounts(accounts.flatMap((account) => workloadStacks({ config, account, backupAccountId }, files.references, foundation)), policyFileCopies(config, files.references));
  const workloads = withIncomingCopyRetentions(built, config.audit?.controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK !== undefined);
  const { suppressions, ...thresholds } = config.compliance;
  const stacks = withCopyDependencies([...(management ? [management] : []), ...central, ...workloads]);
  return {
    mode: config.mode,
    stacks: stacks.map((stack) => (Object.hasOwn(imports, stack.name) ? { ...stack, imports: imports[stack.name] } : stack)),
    compliance: { thresholds, suppressions },
    guard: { allowedChanges: config.guard.allowedChanges },
  };
}

