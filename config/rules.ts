/**
 * Semantic rules: what zod cannot see because it relates several fields (a vault's key in another
 * Region, a copy into a locked vault, a selection that selects nothing). Every problem carries the
 * config path of the field it is about. Field-level rules come from the constructs' own checks
 * (../modules/*), re-rooted under the config path, so a construct and the config never disagree.
 */
import { BOUNDARY_OWNER_RULE, CENTRAL_AIR_GAPPED_VAULT_KEY, permissionsBoundaryOwner, KMS_KEY_ARN_PATTERN, RULE_LIMITS, TAG_LIMITS } from '../core/limits';
import { checkRuleProps } from '../modules/backup-plan';
import { checkKmsKeyFields } from '../modules/kms-key';
import { NOBODY_EXEMPT_MESSAGE } from '../modules/backup-vault';
import { SERVICE_ROLE_KIND, unseenBoundaryMessage } from '../modules/service-role';
import { checkSelectionCriteria } from '../modules/backup-selection';
import { arnRegionAndAccount } from '../core/arn';
import { admitsCopiesFromOtherAccounts } from '../core/policy-conditions';
import { arnPlacementMessage } from '../core/regions';
import { error, own, Problem, under, warning } from '../core/problems';
import { checkLock, checkName, keyElsewhereMessage, NameKind } from '../core/checks';
import { longestStretchWithoutRecoveryPoint } from '../core/retention-gaps';
import { formatMinutes } from '../core/rpo';
import { firstFew, listOrNone } from '../core/order';
import { type SelectionHome, type SelectionSpec } from '../core/selection';
import { CONTINUOUS_WITHOUT_RENEWAL_TYPES, evaluationsOfValidSelections, reachesOnlyContinuousTypes, typesDependingOnOptIn } from '../core/selection-reach';
import { selectionSpecOf } from '../modules/backup-selection';
import { EVERY_REGION, NormalizedConfig, NormalizedPlan, NormalizedRule, NormalizedVault } from './normalize';
import { isCentralVault, workloadStackPlaces, type PolicyFileReferences } from './instances';
import { createdVault, existingVault, type ExistingVault } from './existing-vaults';
import { centralVault, retentionInLock } from './vault-locks';
import { checkCrossAccountSourceKeys, checkDynamoDbManagement, checkExistingCopy, checkExistingTarget, crossAccountDestination, homeAccount, planRegions, selectsVaultKeyTypes } from './target-rules';
import { breakGlassOf, createdRoleBoundary, deployRoleOf, statementsOf } from './resolve-protection';
import { checkRegionSettings } from './region-settings-rules';
import { checkRuleAgainstSelections } from './rule-feature-rules';
import { checkOverlappingRules } from './overlap-rules';
import { checkContinuousRetentionRenewal, checkContinuousRulesOfPlan, checkS3ContinuousVault } from './continuous-rules';

/** Name check at `<path>.name` when the name was written, else at the map entry (the name is its key). */
function checkEntryName(kind: NameKind, name: string, written: boolean, path: string): Problem[] {
  return checkName(kind, name, written ? `${path}.name` : path);
}

/** Errors for the second and later entries with the same value in one Region, and for a per-Region quota. */
function checkUnique(what: string, entries: [path: string, value: string, region: string][], quota?: { field: string; plural: string; max: number }): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const perRegion = new Map<string, number>();
  for (const [path, value, region] of entries) {
    const id = `${region}/${value}`;
    const first = seen.get(id);
    if (first !== undefined) problems.push(error(path, `${what} "${value}" is already used by ${first} in ${region}`));
    else seen.set(id, path);
    perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
  }
  for (const [region, count] of perRegion) {
    if (quota && count > quota.max) problems.push(error(quota.field, `${count} ${quota.plural} in ${region}; AWS allows at most ${quota.max} per account and Region`));
  }
  return problems;
}

function checkKeys(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = [];
  const used = new Set(Object.values(config.vaults).map((vault) => vault.kmsKey));
  for (const [name, key] of Object.entries(config.keys)) {
    if (!used.has(name)) problems.push(warning(`keys.${name}`, 'no vault uses this key (set kmsKey on a vault, or remove it)'));
    // The construct's own checks (deletion window, alias, administrators); it reads no account field.
    const props = { account: { accountId: '', partition: config.partition, region: key.region }, backupRoleArns: [], ...key };
    problems.push(...under(`keys.${name}`, checkKmsKeyFields(props)));
  }
  const aliases: [string, string, string][] = [
    ...Object.entries(config.keys).map(([name, key]): [string, string, string] => [`keys.${name}.alias`, key.alias, key.region]),
    ...Object.entries(config.vaults).flatMap(([name, vault]): [string, string, string][] =>
      vault.dedicatedKeyAlias ? [[`vaults.${name}`, vault.dedicatedKeyAlias, vault.region]] : [],
    ),
  ];
  problems.push(...checkUnique('key alias', aliases));
  return problems;
}

function checkVaultKey(config: NormalizedConfig, name: string, vault: NormalizedVault, path: string): Problem[] {
  if (vault.kmsKey !== undefined && vault.kmsKeyArn !== undefined) {
    return [error(`${path}.kmsKeyArn`, 'give either kmsKey or kmsKeyArn, not both')];
  }
  if (vault.kmsKey !== undefined) {
    const key = own(config.keys, vault.kmsKey);
    if (!key) return [error(`${path}.kmsKey`, `key "${vault.kmsKey}" is not declared in keys (declared: ${listOrNone(Object.keys(config.keys))})`)];
    if (key.region !== vault.region && key.region !== EVERY_REGION && vault.region !== EVERY_REGION) {
      return [error(`${path}.kmsKey`, keyElsewhereMessage(`key "${vault.kmsKey}"`, key.region, name, vault.region))];
    }
  }
  // A key ARN of another partition or of a Region the provider does not know is reported by ./partition-rules.ts.
  if (vault.kmsKeyArn !== undefined && KMS_KEY_ARN_PATTERN.test(vault.kmsKeyArn) && arnPlacementMessage(vault.kmsKeyArn, config.partition, 'partition') === undefined) {
    const where = arnRegionAndAccount(vault.kmsKeyArn);
    if (where && vault.region === EVERY_REGION) {
      return [error(`${path}.kmsKeyArn`, `names a key in ${where.region}, but vault "${name}" has no region: in an organization it is created in every Region of its accounts; set its region or use kmsKey`)];
    }
    if (where && where.region !== vault.region) {
      return [error(`${path}.kmsKeyArn`, keyElsewhereMessage('key', where.region, name, vault.region))];
    }
  }
  return [];
}

/**
 * A vault whose own policy lets another account copy in, with a key backup-estate does not write (kmsKeyArn): AWS Backup's
 * service-linked role of the vault's account re-encrypts EBS, RDS and FSx copies with it, which the keys backup-estate writes admit
 * (./copy-destinations.ts withCopiesFromOtherAccounts); this one's policy the config cannot see. In an organization a vault is a
 * template of many accounts: any account it names counts.
 */
function checkReceivingKeyGiven(config: NormalizedConfig, vault: NormalizedVault, path: string): Problem[] {
  if (vault.kmsKeyArn === undefined || !admitsCopiesFromOtherAccounts(statementsOf(vault.accessPolicy), homeAccount(config) ?? '')) return [];
  return [
    warning(
      `${path}.kmsKeyArn`,
      "names a key backup-estate does not write, and the vault's accessPolicy lets another account copy into it: AWS Backup's service-linked role of the vault's account re-encrypts EBS, RDS and FSx copies with that key through those services, so unless the key's policy lets AWSServiceRoleForBackup use it through EC2, RDS and FSx, those copies fail (backup-estate cannot see the key's policy)",
    ),
  ];
}

function checkVaults(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [key, vault] of Object.entries(config.vaults)) {
    const path = `vaults.${key}`;
    problems.push(...checkEntryName('vault', vault.name, vault.name !== key, path));
    problems.push(...checkVaultKey(config, key, vault, path), ...checkReceivingKeyGiven(config, vault, path));
    if (vault.lock) problems.push(...under(`${path}.lock`, checkLock(vault.lock)));
    const policy = vault.accessPolicy;
    if (!policy.denyRecoveryPointDeletion) {
      problems.push(warning(`${path}.accessPolicy.denyRecoveryPointDeletion`, 'is false: any principal with IAM permission can delete recovery points in this vault'));
    } else if (breakGlassOf(config, policy).length === 0 && deployRoleOf(config, Object.values(config.accounts)[0]) === undefined) {
      problems.push(
        warning(`${path}.accessPolicy.breakGlassPrincipals`, NOBODY_EXEMPT_MESSAGE),
      );
    }
    if (vault.forceDestroy) problems.push(warning(`${path}.forceDestroy`, 'is true: destroying the vault deletes all its recovery points'));
  }
  const names = Object.entries(config.vaults).map(([key, vault]): [string, string, string] => [`vaults.${key}`, vault.name, vault.region]);
  problems.push(...checkUnique('vault name', names, { field: 'vaults', plural: 'vaults', max: RULE_LIMITS.vaultsPerRegion }));
  return problems;
}

/** The vault a rule or copy names (an existing vault: `existing`, with no lock known), or the problem with it. */
function findVault(config: NormalizedConfig, vaultKey: string | undefined, path: string, missing: string): { vault?: NormalizedVault; existing?: ExistingVault; problems: Problem[] } {
  if (vaultKey === undefined) return { problems: [error(path, missing)] };
  const central = config.mode === 'organization' && isCentralVault(config, vaultKey);
  const existing = own(config.vaults, vaultKey) || central ? undefined : existingVault(config, vaultKey);
  if (existing) return { existing, problems: [] };
  if (config.mode === 'organization' && isCentralVault(config, vaultKey)) {
    const central = centralVault(config, vaultKey);
    const needs = vaultKey === CENTRAL_AIR_GAPPED_VAULT_KEY ? 'organization.central.airGapped' : 'organization.central';
    return central ? { vault: central, problems: [] } : { problems: [error(path, `copies to "${vaultKey}" need ${needs}`)] };
  }
  const vault = own(config.vaults, vaultKey);
  if (!vault) return { problems: [error(path, `vault "${vaultKey}" is not declared in vaults or existingVaults (declared: ${listOrNone([...Object.keys(config.vaults), ...Object.keys(config.existingVaults)])})`)] };
  return { vault, problems: [] };
}

/** The vault a copy destination resolves to: its Region ("*" when it follows a plan that runs in every Region), account and name. */
interface DestinationIdentity {
  readonly key: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** ("home" is the account that runs the plan, unknown in an organization.) */
function destinationIdentity(config: NormalizedConfig, plan: NormalizedPlan, key: string, found: { vault?: NormalizedVault; existing?: ExistingVault }): DestinationIdentity {
  if (isCentralVault(config, key) && config.mode === 'organization') return { key, region: key, account: key, name: key };
  if (found.existing?.fixed) {
    const { region, account } = found.existing.fixed;
    return { key, region, account: account === homeAccount(config) ? 'home' : account, name: found.existing.name };
  }
  const name = found.existing?.name ?? found.vault?.name ?? key;
  const region = found.vault && found.vault.region !== EVERY_REGION ? found.vault.region : plan.region === EVERY_REGION ? '*' : plan.region;
  return { key, region, account: 'home', name };
}

/** Two destinations that are one vault in some Region the plan runs in. */
const sameVault = (a: DestinationIdentity, b: DestinationIdentity): boolean => a.account === b.account && a.name === b.name && (a.region === b.region || a.region === '*' || b.region === '*');

function checkRule(config: NormalizedConfig, planKey: string, plan: NormalizedPlan, ruleKey: string, rule: NormalizedRule, files: PolicyFileReferences): Problem[] {
  const path = `plans.${planKey}.rules.${ruleKey}`;
  const problems = [...checkName('rule', ruleKey, path), ...under(path, checkRuleProps(rule))];
  const retention = rule.lifecycle.deleteAfterDays;
  if (retention === undefined) {
    problems.push(error(`${path}.lifecycle.deleteAfterDays`, 'is required (or start from a preset): every rule needs a retention'));
  }
  // A vault the rule inherits is reported at the plan's vault, where the user wrote it (once: checkPlan drops repeats).
  const vaultPath = rule.vaultFromPlan ? `plans.${planKey}.vault` : `${path}.vault`;
  const target = findVault(config, rule.vault, vaultPath, `is required: name the target vault here or in plans.${planKey}.vault`);
  problems.push(...target.problems);
  // An existing vault given by the ARN of a vault some stack of the config creates is that vault: its lock is known.
  const createdTarget = createdVault(config, target.existing, files);
  if (target.existing) problems.push(...checkExistingTarget(config, plan, target.existing, vaultPath, retention, createdTarget !== undefined));
  if (target.vault) {
    if (target.vault.airGapped) {
      problems.push(error(vaultPath, `vault "${rule.vault}" is logically air-gapped: provider 5.100.0 cannot make it a rule's target; back up into another vault and copy to it with copies`));
    } else if (isCentralVault(config, rule.vault ?? '') && config.mode === 'organization') {
      problems.push(error(vaultPath, `a rule cannot back up into "${rule.vault}" directly: copy to it with copies`));
    } else if (plan.region === EVERY_REGION && target.vault.region !== EVERY_REGION) {
      problems.push(error(vaultPath, `vault "${rule.vault}" is fixed in ${target.vault.region}, but plan "${plan.name}" runs in every Region of its accounts: leave the vault's region unset`));
    } else if (target.vault.region !== plan.region && target.vault.region !== EVERY_REGION) {
      problems.push(error(vaultPath, `vault "${rule.vault}" is in ${target.vault.region} but plan "${plan.name}" runs in ${plan.region}: a rule's target vault must be in the plan's Region (copy to other Regions with copies)`));
    }
  }
  // The target's lock: a vault of `vaults`, or the one an existingVaults ARN names.
  problems.push(...retentionInLock(target.vault ?? createdTarget?.vault, retention, `${path}.lifecycle.deleteAfterDays`));
  const destinations = new Map<string, DestinationIdentity>();
  for (const [copyKey, copy] of Object.entries(rule.copies)) {
    const copyPath = `${path}.copies.${copyKey}`;
    const copyRetention = copy.lifecycle?.deleteAfterDays ?? retention;
    const copyRetentionPath = copy.lifecycle?.deleteAfterDays !== undefined ? `${copyPath}.lifecycle.deleteAfterDays` : copyPath;
    const destination = findVault(config, copy.vault, `${copyPath}.vault`, 'is required');
    problems.push(...destination.problems);
    // AWS reads copies of the types it fully manages (EFS, DynamoDB, S3, ...) with the source vault's key: one backup-estate does not write must admit the destination account.
    const leavesFor = crossAccountDestination(config, planKey, copy.vault);
    const unmanagedKey = target.existing ? `existing vault "${target.existing.name}"` : target.vault?.kmsKeyArn !== undefined ? `vault "${target.vault.name}" (kmsKeyArn)` : undefined;
    if (leavesFor !== undefined && unmanagedKey !== undefined && selectsVaultKeyTypes(plan)) {
      problems.push(warning(copyPath, `copies into ${leavesFor} from ${unmanagedKey}, whose KMS key backup-estate does not write: AWS reads copies of the types it fully manages (EFS, DynamoDB, S3, ...) with that key, so its policy must allow the destination account (an AWS managed key such as aws/backup cannot)`));
    }
    if (destination.existing) {
      const created = createdVault(config, destination.existing, files);
      problems.push(...checkExistingCopy(config, planKey, plan, copyRetention, copyPath, destination.existing, target.existing?.name ?? target.vault?.name, created?.key));
      problems.push(...retentionInLock(created?.vault, copyRetention, copyRetentionPath));
      if (rule.continuousBackup) problems.push(warning(copyPath, 'copies of continuous backups are snapshots: the copy allows no point-in-time restore'));
    }
    // Every destination by the vault it resolves to (two keys may name one vault, a config vault
    // and an existing one included): two copy actions for one vault reach AWS as two (the construct refuses them).
    const identity = destinationIdentity(config, plan, copy.vault, destination);
    const earlier = [...destinations].find(([, seen]) => sameVault(seen, identity))?.[0];
    if (earlier !== undefined && (destination.vault || destination.existing)) {
      problems.push(error(`${copyPath}.vault`, `copies into vault "${copy.vault}" like copies.${earlier}: a rule has one copy action per destination vault`));
    }
    destinations.set(copyKey, identity);
    if (!destination.vault) continue;
    if (copy.vault === rule.vault) problems.push(error(`${copyPath}.vault`, `copies into the rule's own vault "${destination.vault.name}": copy to a vault in another Region or account`));
    problems.push(...retentionInLock(destination.vault, copyRetention, copyRetentionPath));
    if (rule.continuousBackup) {
      problems.push(warning(copyPath, 'copies of continuous backups are snapshots: the copy allows no point-in-time restore'));
    }
  }
  problems.push(...checkRuleAgainstSelections(plan, path, rule, planRegions(config, planKey, plan), planHome(config, plan)));
  return problems;
}

/** Where a plan runs; in an organization a plan runs in many accounts and Regions: resource ARNs cannot be checked against one home. */
function planHome(config: NormalizedConfig, plan: NormalizedPlan): { accountId: string; partition: NormalizedConfig['partition']; region: string } | undefined {
  const [single] = Object.values(config.accounts);
  return config.mode === 'single' ? { accountId: single.id, partition: config.partition, region: plan.region } : undefined;
}

/**
 * The selections of the other plans of a single account's Region with a continuous rule: AWS backs a resource several plans' continuous
 * rules take up continuously for the first plan it evaluates only (core/selection-reach reachesOnlyContinuousTypes `contested`). An
 * organization's plans meet in accounts and policies only the estate model knows: none here (the model's readers pass them).
 */
function contestedInRegion(config: NormalizedConfig, plan: NormalizedPlan): SelectionSpec[] {
  if (config.mode !== 'single') return [];
  return Object.values(config.plans)
    .filter((other) => other !== plan && other.region === plan.region && Object.values(other.rules).some((rule) => rule.continuousBackup === true))
    .flatMap((other) => Object.values(other.selections).map(selectionSpecOf));
}

/** `found` without the problems `reported` already holds (several rules inheriting one plan vault). */
function withoutRepeats(reported: readonly Problem[], found: readonly Problem[]): Problem[] {
  const seen = new Set(reported.map((problem) => `${problem.severity} ${problem.path} ${problem.message}`));
  return found.filter((problem) => !seen.has(`${problem.severity} ${problem.path} ${problem.message}`));
}

/** Section 10: default tags (the provider's default_tags) land on every resource beside its own tags; at most 50 in all. */
function checkMergedTags(config: NormalizedConfig): Problem[] {
  const defaults = Object.keys(config.tags ?? {});
  if (defaults.length === 0) return [];
  const tagged: [string, Readonly<Record<string, string>> | undefined][] = [
    ['serviceRole', config.serviceRole.tags],
    ...Object.entries(config.keys).map(([key, entry]): [string, Readonly<Record<string, string>> | undefined] => [`keys.${key}`, entry.tags]),
    ...Object.entries(config.vaults).map(([key, entry]): [string, Readonly<Record<string, string>> | undefined] => [`vaults.${key}`, entry.tags]),
    ...Object.entries(config.plans).map(([key, entry]): [string, Readonly<Record<string, string>> | undefined] => [`plans.${key}`, entry.tags]),
  ];
  return tagged.flatMap(([path, tags]) => {
    const count = new Set([...defaults, ...Object.keys(tags ?? {})]).size;
    if (tags === undefined || count <= TAG_LIMITS.maxPerResource) return [];
    return [error(`${path}.tags`, `together with the ${defaults.length === 1 ? 'default tag' : `${defaults.length} default tags`} (tags) put ${count} tags on the resource; AWS allows at most ${TAG_LIMITS.maxPerResource} per resource`)];
  });
}

function checkPlan(config: NormalizedConfig, planKey: string, plan: NormalizedPlan, files: PolicyFileReferences): Problem[] {
  const path = `plans.${planKey}`;
  const problems = checkEntryName('plan', plan.name, plan.name !== planKey, path);
  const rules = Object.entries(plan.rules);
  const selections = Object.entries(plan.selections);
  if (rules.length === 0) problems.push(error(`${path}.rules`, 'a plan needs at least one rule'));
  if (selections.length === 0) problems.push(error(`${path}.selections`, 'a plan without a selection backs up nothing: add at least one'));
  if (selections.length > RULE_LIMITS.selectionsPerPlan) {
    problems.push(error(`${path}.selections`, `has ${selections.length} selections; AWS allows at most ${RULE_LIMITS.selectionsPerPlan} per plan`));
  }
  for (const [ruleKey, rule] of rules) problems.push(...withoutRepeats(problems, checkRule(config, planKey, plan, ruleKey, rule, files)));
  const home = planHome(config, plan);
  const contested = contestedInRegion(config, plan);
  problems.push(...checkStretchWithoutRecoveryPoint(plan, path, home, contested), ...checkOverlappingRules(plan, path, home, contested), ...checkContinuousRulesOfPlan(plan, path), ...checkS3ContinuousVault(plan, path, home), ...checkContinuousRetentionRenewal(plan, path, home));
  problems.push(...checkCrossAccountSourceKeys(config, planKey, plan), ...checkDynamoDbManagement(config, planKey, plan));
  for (const [selectionKey, selection] of selections) {
    const selectionPath = `${path}.selections.${selectionKey}`;
    problems.push(...checkEntryName('selection', selection.name, selection.name !== selectionKey, selectionPath));
    problems.push(...under(selectionPath, checkSelectionCriteria(selection, home)));
  }
  return problems;
}

/**
 * A plan whose rules keep recovery points for less time than passes between runs holds none at
 * all for a while (core/retention-gaps.ts). Legal, and AWS does it; a warning, with the numbers.
 * A continuous rule counts as its runs unless the plan reaches only S3 (and no other plan's continuous rule may take its buckets):
 * it backs the types without continuous backup up by snapshot on its schedule (core/selection-reach reachesOnlyContinuousTypes), and the
 * continuous recovery point of Aurora, RDS and SAP HANA expires when the rule keeps it no longer than the time between runs
 * (CONTINUOUS_WITHOUT_RENEWAL_TYPES).
 */
function checkStretchWithoutRecoveryPoint(plan: NormalizedPlan, path: string, home: SelectionHome | undefined, contested: readonly SelectionSpec[]): Problem[] {
  const rules = Object.values(plan.rules);
  // A missing retention is an error of its own.
  if (rules.some((rule) => rule.lifecycle.deleteAfterDays === undefined)) return [];
  const keptDays = (rule: NormalizedRule): number =>
    Math.max(rule.lifecycle.deleteAfterDays as number, ...Object.values(rule.copies).map((copy) => copy.lifecycle?.deleteAfterDays ?? (rule.lifecycle.deleteAfterDays as number)));
  const continuousAsRuns = rules.some((rule) => rule.continuousBackup) && !reachesOnlyContinuousTypes(Object.values(plan.selections).map(selectionSpecOf), home, contested, CONTINUOUS_WITHOUT_RENEWAL_TYPES);
  const stretch = longestStretchWithoutRecoveryPoint(
    rules.map((rule) => ({ schedule: rule.schedule, timezone: rule.scheduleTimezone, continuous: rule.continuousBackup && !continuousAsRuns, keepMinutes: keptDays(rule) * 24 * 60 })),
  );
  if (stretch <= 0) return [];
  const longest = Math.max(...rules.map(keptDays));
  const continuousNote = continuousAsRuns
    ? ' (a continuous rule counts as its runs: AWS Backup backs the types without continuous backup up by snapshot on its schedule, and a continuous recovery point of Aurora, RDS or SAP HANA kept no longer than the time between runs "transitions to EXPIRED state", AWS Backup, "Changing your retention period")'
    : '';
  return [
    warning(
      `${path}.rules`,
      `leave the plan without any recovery point for up to ${formatMinutes(stretch)} at a time: the longest any run's recovery point is kept (copies included) is ${longest} d, less than the time between runs${continuousNote}; keep recovery points at least until the next run`,
    ),
  ];
}

/** Every semantic problem of a config (errors and warnings), in config order. */
/**
 * Without regionSettings the account's own opt-ins decide what tag- and condition-based
 * selections back up ("If resource assignments are only based on tags, then service opt-in
 * settings are applied"), and AWS opts an account in only to the types it supported when the
 * account first used AWS Backup: a type added since is skipped with no job and no failure.
 */
function checkOptInWithoutRegionSettings(config: NormalizedConfig, policyFileSelections: readonly SelectionSpec[]): Problem[] {
  if (config.regionSettings !== undefined) return [];
  // The one selection evaluator: a selection that reaches every type (tags, "*") or a cluster type; hand-written policies' too.
  const specs = [...Object.values(config.plans).flatMap((plan) => Object.values(plan.selections).map(selectionSpecOf)), ...policyFileSelections];
  // Selections that are errors of their own (refused, nothing, no criteria) say nothing here.
  const evaluations = evaluationsOfValidSelections(specs);
  if (typesDependingOnOptIn(evaluations).length === 0) return [];
  return [
    warning(
      'regionSettings',
      "is not set: selections by tags, by resources \"*\", by an ARN of the service only (arn:aws:ec2:*) or by an ARN pattern of part of a type (arn:aws:s3:::prod*), and of rds clusters (Aurora, DocumentDB, Neptune, RDS Multi-AZ) or FSx file systems even by ARN, back up only the resource types the account's Region settings opt in, and AWS opts an account in only to the types it supported when the account first used AWS Backup: a type opted out is skipped with no job and no failure. Set regionSettings: {} to opt in every type the selections can reach",
    ),
  ];
}

/**
 * Each account creates its own service role, and IAM sets as a role's permissions boundary a managed policy the role's account can
 * attach: an AWS managed one, or a customer managed policy of that account (a policy of another account is not attachable there).
 * One account's customer managed ARN therefore suits only that account: every other account's role would fail to be created.
 * Account * names the policy of that path and name in each account (config/resolve.ts boundaryIn). With serviceRole.arn no role is created.
 */
function checkBoundaryAccount(config: NormalizedConfig): Problem[] {
  const boundary = createdRoleBoundary(config) ?? '';
  const owner = permissionsBoundaryOwner(boundary);
  if (owner === undefined || owner === 'aws' || owner === '*') return [];
  const others = [...new Set((workloadStackPlaces(config) ?? []).filter((place) => place.accountId !== owner).map((place) => place.accountKey))];
  if (others.length === 0) return [];
  return [
    error(
      'serviceRole.permissionsBoundaryArn',
      `names a customer managed policy of account ${owner}, but ${BOUNDARY_OWNER_RULE}: the service role of ${others.length === 1 ? 'account' : 'accounts'} ${firstFew(others)} would fail to be created, and with it every backup job there; write the account as * (${boundary.replace(/^(arn:[^:]+:iam::)\d{12}:/, '$1*:')}) for the policy of that path and name in each account, or use an AWS managed policy`,
    ),
  ];
}

/** serviceRole.permissionsBoundaryArn on the role the stacks create: what it allows backup-estate cannot see (modules/service-role.ts unseenBoundaryMessage). */
function checkBoundaryUnseen(config: NormalizedConfig): Problem[] {
  const boundary = createdRoleBoundary(config);
  return boundary === undefined ? [] : [warning('serviceRole.permissionsBoundaryArn', unseenBoundaryMessage(config.serviceRole.name, boundary, SERVICE_ROLE_KIND))];
}

/** `files`: what the hand-written backup policies the config attaches select, and the vaults they name (which stacks then create). */
export function checkConfig(config: NormalizedConfig, files: PolicyFileReferences = {}): Problem[] {
  const policyFileSelections = Object.values(files).flatMap((file) => file.plans.flatMap((plan) => plan.selections));
  const plans = Object.entries(config.plans);
  const planNames = plans.map(([key, plan]): [string, string, string] => [`plans.${key}`, plan.name, plan.region]);
  return [
    ...checkKeys(config),
    ...checkVaults(config),
    ...plans.flatMap(([key, plan]) => checkPlan(config, key, plan, files)),
    ...checkUnique('plan name', planNames, { field: 'plans', plural: 'plans', max: RULE_LIMITS.plansPerRegion }),
    ...checkMergedTags(config),
    ...checkBoundaryAccount(config),
    ...checkBoundaryUnseen(config),
    ...checkOptInWithoutRegionSettings(config, policyFileSelections),
    ...checkRegionSettings(config, policyFileSelections),
  ];
}
