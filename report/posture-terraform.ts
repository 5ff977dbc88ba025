/**
 * The posture of one stack read from its synthesized Terraform JSON (through the core reader):
 * its vaults with their locks, and its backup plans (rules with target vault, retention and
 * copies; the selections attached to each plan). References such as
 * "${aws_backup_vault.vault-main_vault_77900A69.name}" resolve to the resource of the same stack;
 * copy destinations of other stacks (DR and central vaults) are looked up in the estate's vault
 * index by account, Region and name.
 */
import { selectionSpecOfTerraform, type SelectionHome, type SelectionSpec } from '../core/selection';
import { reachesOnlyContinuousTypes, selectionsMayShare } from '../core/selection-reach';
import { withOtherPlansJobs } from '../core/plan-contention';
import { iamRoleArn, parseBackupVaultArn, partitionOfRegion } from '../core/arn';
import { blocks, parseReference, type TerraformResource, type TerraformStackJson } from '../core/terraform-json';
import { compareStrings, isRecord } from '../core/order';
import type { RolloutStack } from '../rollout/rollout';
import { asList, asNumber, asObject, asString } from './json-values';
import type { CopyPosture, LockPosture, PlanPosture, RetentionPosture, RulePosture, SelectionPosture, SelectionRole, TagTest, VaultPosture, VaultRef } from './posture-model';
import {
  copyNotMadeFrom,
  DEFAULT_COMPLETION_WINDOW,
  DEFAULT_SCHEDULE,
  DEFAULT_START_WINDOW,
  planTypes,
  refFromVault,
  retentionOf,
  rulePosture,
  selectionPosture,
  unknownVault,
  vaultKey,
  type VaultIndex,
} from './posture-parts';
import { planRpo, type RpoInput } from '../core/rpo';
import { asPlanRules, rulesWithContinuousCoverage, withRulesAsRun, type RuleFields } from './posture-parts';
import { deletionDenyOf, keyDeletionDenyOf, WATCHED_VAULT_ACTIONS } from '../compliance';
import { KMS_LIMITS } from '../core/limits';
import { AWS_BACKUP_MANAGED_POLICIES } from '../core/service-limits';
import { instancesField, instancesOf, isToken } from '../compliance/rules/helpers';
import type { PolicyPlanJobs } from '../config/monitoring';

/** One stack of the rollout with its synthesized Terraform JSON. */
export interface StackContext {
  readonly stack: RolloutStack;
  readonly json: TerraformStackJson;
}

/** The Region of a resource: its provider's Region, else the stack's default provider's, else the rollout's. */
function regionOf(context: StackContext, resource: TerraformResource): string {
  return context.json.regionOf(resource, context.stack.region);
}

// ---------------------------------------------------------------------------
// Vaults and locks
// ---------------------------------------------------------------------------

/**
 * A lock's mode, range and grace. An existing compliance lock (the config's lockDate) is written
 * with the minimum grace and lifecycle.ignore_changes on it, since AWS never returns the real one:
 * its grace is unknown here (null), not the 3 days written.
 */
function lockOf(resource: TerraformResource): LockPosture {
  const { attributes } = resource;
  const ignored = asObject(attributes.lifecycle).ignore_changes;
  const existing = Array.isArray(ignored) && ignored.includes('changeable_for_days');
  const changeable = asNumber(attributes.changeable_for_days) ?? null;
  return {
    mode: changeable === null ? 'governance' : 'compliance',
    minRetentionDays: asNumber(attributes.min_retention_days) ?? null,
    maxRetentionDays: asNumber(attributes.max_retention_days) ?? null,
    changeableForDays: existing ? null : changeable,
    ...(instancesOf(resource) === 'unknown' ? { conditional: true as const } : {}),
  };
}

/** Whether Terraform refuses to destroy the vault, and whether destroying it deletes its recovery points. */
function destroyOf(resource: TerraformResource): { preventDestroy: boolean; forceDestroy: boolean } {
  const lifecycle = resource.attributes.lifecycle;
  const preventDestroy = typeof lifecycle === 'object' && lifecycle !== null && (lifecycle as Record<string, unknown>).prevent_destroy === true;
  return { preventDestroy, forceDestroy: resource.attributes.force_destroy === true };
}

/** The vaults the stack creates (backup vaults with their lock, logically air-gapped vaults), by Region and name. */
export function readVaults(context: StackContext): VaultPosture[] {
  const { stack, json } = context;
  const reader = { ofType: (type: string) => json.ofType(type), referenced: (value: unknown) => json.referenced(value), regionOf: (resource: TerraformResource) => regionOf(context, resource) };
  const denyOf = (resource: TerraformResource) => {
    const { policies: _count, ...deny } = deletionDenyOf(reader, resource, WATCHED_VAULT_ACTIONS);
    return deny;
  };
  const keyDenyOf = (resource: TerraformResource) => keyDeletionDenyOf(reader, resource) ?? null;
  // The key keyDeletionDenyOf reads (the vault's kms_key_arn, an aws_kms_key of the stack); a window that is a reference is not judged (null).
  const keyWindowOf = (resource: TerraformResource): number | null => {
    const key = json.referenced(resource.attributes.kms_key_arn);
    if (key === undefined || key.type !== 'aws_kms_key') return null;
    const window = key.attributes.deletion_window_in_days;
    return window === undefined ? KMS_LIMITS.deletionWindowInDays.default : (asNumber(window) ?? null);
  };
  const encryptionKeyOf = (resource: TerraformResource): string | null => json.referenced(resource.attributes.kms_key_arn)?.address ?? asString(resource.attributes.kms_key_arn) ?? null;
  // count 0 or an empty for_each makes no lock (compliance/rules/helpers instancesOf, as the rule pack reads it).
  const locks = json.ofType('aws_backup_vault_lock_configuration').filter((lock) => instancesOf(lock) !== 'none');
  const vaults: VaultPosture[] = [];
  for (const resource of json.ofType('aws_backup_vault')) {
    const { attributes } = resource;
    const region = regionOf(context, resource);
    const name = asString(attributes.name) ?? resource.name;
    const lock = locks.find((candidate) => {
      const target = asString(candidate.attributes.backup_vault_name) ?? '';
      const reference = parseReference(target);
      if (reference) return reference.type === 'aws_backup_vault' && reference.name === resource.name;
      return target === name && regionOf(context, candidate) === region;
    });
    vaults.push({
      key: vaultKey(stack.accountId, region, name),
      name,
      region,
      accountId: stack.accountId,
      stack: stack.name,
      address: resource.address,
      airGapped: false,
      lock: lock ? lockOf(lock) : null,
      deletionDeny: denyOf(resource),
      keyDeletionDeny: keyDenyOf(resource),
      keyDeletionWindowDays: keyWindowOf(resource),
      encryptionKey: encryptionKeyOf(resource),
      ...destroyOf(resource),
    });
  }
  for (const resource of json.ofType('aws_backup_logically_air_gapped_vault')) {
    const { attributes } = resource;
    const region = regionOf(context, resource);
    const name = asString(attributes.name) ?? resource.name;
    vaults.push({
      key: vaultKey(stack.accountId, region, name),
      name,
      region,
      accountId: stack.accountId,
      stack: stack.name,
      address: resource.address,
      airGapped: true,
      // A logically air-gapped vault is locked in compliance mode by AWS, within its min/max.
      lock: { mode: 'compliance', minRetentionDays: asNumber(attributes.min_retention_days) ?? null, maxRetentionDays: asNumber(attributes.max_retention_days) ?? null, changeableForDays: null },
      deletionDeny: denyOf(resource),
      keyDeletionDeny: keyDenyOf(resource),
      keyDeletionWindowDays: keyWindowOf(resource),
      encryptionKey: encryptionKeyOf(resource),
      ...destroyOf(resource),
    });
  }
  return vaults.sort((a, b) => compareStrings(a.region, b.region) || compareStrings(a.name, b.name));
}

/** A rule's target vault: a reference to a vault of the stack, or a name in the plan's Region. */
function targetVault(context: StackContext, index: VaultIndex, value: string, region: string): VaultRef {
  const resolved = context.json.referenced(value);
  if (resolved) {
    const vault = index.get(vaultKey(context.stack.accountId, regionOf(context, resolved), asString(resolved.attributes.name) ?? resolved.name));
    if (vault) return refFromVault(vault);
  }
  const vault = index.get(vaultKey(context.stack.accountId, region, value));
  return vault ? refFromVault(vault) : unknownVault(context.stack.accountId, region, value);
}

/** A copy destination: a reference to a vault of the stack, or an ARN looked up across the estate. */
function destinationVault(context: StackContext, index: VaultIndex, value: string): { arn: string; vault: VaultRef } {
  const resolved = context.json.referenced(value);
  if (resolved) {
    const region = regionOf(context, resolved);
    const name = asString(resolved.attributes.name) ?? resolved.name;
    const vault = index.get(vaultKey(context.stack.accountId, region, name));
    return { arn: `arn:aws:backup:${region}:${context.stack.accountId}:backup-vault:${name}`, vault: vault ? refFromVault(vault) : unknownVault(context.stack.accountId, region, name) };
  }
  const parsed = parseBackupVaultArn(value);
  if (!parsed) return { arn: value, vault: unknownVault('unknown', 'unknown', value) };
  const vault = index.get(vaultKey(parsed.account, parsed.region, parsed.name));
  return { arn: value, vault: vault ? refFromVault(vault) : unknownVault(parsed.account, parsed.region, parsed.name) };
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/** Whether a block (a plan, a rule, a copy action) writes `name` as a Terraform dynamic block, expanded only at apply. */
const hasDynamic = (block: Record<string, unknown>, name: string): boolean => Object.hasOwn(asObject(block.dynamic), name);

/**
 * A lifecycle's days (of `owner`, a rule or a copy action); a delete_after or cold_storage_after that is a reference, or a
 * dynamic "lifecycle" block (known only at apply), is named, never read as absent (kept forever).
 */
function terraformRetention(owner: Record<string, unknown>): RetentionPosture {
  if (hasDynamic(owner, 'lifecycle')) return retentionOf(null, null, false, 'lifecycle is a Terraform dynamic block');
  const block = asObject(owner.lifecycle);
  const archive = block.opt_in_to_archive_for_supported_resources;
  const references = ['delete_after', 'cold_storage_after'].filter((field) => isToken(block[field]));
  const unknown = references.length === 0 ? undefined : `${references.join(' and ')} ${references.length === 1 ? 'is a reference' : 'are references'}`;
  return retentionOf(asNumber(block.delete_after) ?? null, asNumber(block.cold_storage_after) ?? null, archive === true || archive === 'true', unknown);
}

function readRule(context: StackContext, index: VaultIndex, rule: Record<string, unknown>, region: string, position: number, coverage: Pick<RuleFields, 'snapshotFallback' | 'continuousMayLapse'>, types: readonly string[], fullyManaged?: readonly string[]): RulePosture {
  const retention = terraformRetention(rule);
  const vault = targetVault(context, index, asString(rule.target_vault_name) ?? '', region);
  const copies = blocks(rule.copy_action).map((action): CopyPosture => {
    const { arn, vault: destination } = destinationVault(context, index, asString(action.destination_vault_arn) ?? '');
    const crossAccount = destination.accountId !== context.stack.accountId;
    const notMade = copyNotMadeFrom([region], destination, crossAccount, types, fullyManaged);
    return {
      arn,
      destination,
      crossRegion: destination.region !== region,
      crossAccount,
      // A copy action without lifecycle keeps the rule's (the synthesized stacks always state it).
      retention: action.lifecycle === undefined && !hasDynamic(action, 'lifecycle') ? retention : terraformRetention(action),
      ...(notMade === undefined ? {} : { notMade }),
    };
  });
  return rulePosture({
    name: asString(rule.rule_name) ?? `rule-${position + 1}`,
    schedule: asString(rule.schedule) ?? DEFAULT_SCHEDULE,
    timezone: asString(rule.schedule_expression_timezone) ?? 'Etc/UTC',
    startWindowMinutes: asNumber(rule.start_window) ?? DEFAULT_START_WINDOW,
    completionWindowMinutes: asNumber(rule.completion_window) ?? DEFAULT_COMPLETION_WINDOW,
    continuous: rule.enable_continuous_backup === true || rule.enable_continuous_backup === 'true',
    ...coverage,
    retention,
    vault,
    copies: copies.sort((a, b) => compareStrings(a.destination.key, b.destination.key)),
    ...(hasDynamic(rule, 'copy_action') ? { dynamicCopies: true as const } : {}),
    // A window that is a reference: read as AWS's default above, but the RPO is not known (the rule pack's BACKUP-ESTATE-RPO-WITHIN-TARGET reads it so too).
    ...([rule.start_window, rule.completion_window].some(isToken) ? { windowsUnknown: true as const } : {}),
  });
}

// ---------------------------------------------------------------------------
// Selections and plans
// ---------------------------------------------------------------------------

/** The AWS managed policies that make a role of the stack its backup service role (modules/service-role.ts attaches them, with the backup.amazonaws.com trust). */
const SERVICE_ROLE_POLICIES = [AWS_BACKUP_MANAGED_POLICIES.backup, AWS_BACKUP_MANAGED_POLICIES.s3Backup].map((name) => `:policy/${name}`);

/** serviceRolesOf's answer per stack: readPosture asks it of every stack, then readPlans of its own. */
const serviceRolesByStack = new WeakMap<StackContext, Map<string, string>>();

/** The stack's backup service roles: each aws_iam_role with every policy above attached, by address, with its ARN as IAM writes it. */
export function serviceRolesOf(context: StackContext): Map<string, string> {
  const known = serviceRolesByStack.get(context);
  if (known !== undefined) return known;
  const roles = readServiceRoles(context);
  serviceRolesByStack.set(context, roles);
  return roles;
}

function readServiceRoles(context: StackContext): Map<string, string> {
  const { json, stack } = context;
  const attached = (role: TerraformResource) => json.ofType('aws_iam_role_policy_attachment').filter((attachment) => json.referenced(attachment.attributes.role)?.address === role.address).map((attachment) => asString(attachment.attributes.policy_arn) ?? '');
  const roles = json.ofType('aws_iam_role').filter((role) => SERVICE_ROLE_POLICIES.every((policy) => attached(role).some((arn) => arn.endsWith(policy))));
  const account = { accountId: stack.accountId, partition: partitionOfRegion(stack.region), region: '' };
  return new Map(roles.map((role) => [role.address, iamRoleArn(account, asString(role.attributes.name) ?? role.name, asString(role.attributes.path) ?? '/')]));
}

/**
 * The one reading of a selection's iam_role_arn (model: SelectionRole): a reference to a service role of its stack (`own`), or the
 * ARN of one a stack of the synth creates (`created`: another Region's stack of the account writes the primary stack's role out).
 */
function selectionRole(value: unknown, own: ReadonlyMap<string, string>, created: ReadonlySet<string>, json: TerraformStackJson): SelectionRole {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const reference = parseReference(value);
  const arn = reference?.attribute === 'arn' ? own.get(json.referenced(value)?.address ?? '') : created.has(text) && !isToken(text) ? text : undefined;
  if (arn !== undefined) return { kind: 'created', arn };
  return { kind: typeof value === 'string' && !isToken(value) ? 'given' : 'unknown', arn: text };
}

function readSelection(resource: TerraformResource, home: SelectionHome, role: SelectionRole): SelectionPosture {
  const spec = selectionSpecOfTerraform(resource.attributes);
  const tags = spec.tags.map((tag): TagTest => ({ operator: 'StringEquals', key: tag.key, value: tag.value }));
  const selection = { ...selectionPosture(asString(resource.attributes.name) ?? resource.name, tags, [...spec.conditions], [...spec.resources], [...spec.notResources], home), role };
  if (instancesOf(resource) !== 'unknown') return selection;
  return { ...selection, words: `${selection.words} (only if its ${instancesField(resource)}, known only at apply, makes the selection: it may make none)`, conditional: true };
}

/** A stack's backup plans, and the jobs each backup policy's plan that runs here meets. */
export interface StackPlans {
  readonly plans: PlanPosture[];
  /**
   * By plan of policy-plans.json (as it names them: a hand-written policy's `<plan> (hand-written policy <policy>)`): the snapshot
   * rules, as AWS runs them, of the other plans of the stack's Region (the stack's, the other policies') whose selections may share
   * a resource with it (core/plan-contention.ts), as a plan of the stack reads them.
   */
  readonly policyJobsBeside: ReadonlyMap<string, readonly RpoInput[]>;
}

/**
 * The stack's backup plans with their rules and selections, by name (`optedIn`: the Region settings' opt-ins, when the stack manages
 * them; `policyJobs`: the backup policies' plans that run in the stack, from policy-plans.json, as they are in no stack's JSON).
 * `fullyManaged`: the Region settings' fully managed types, when the stack manages them (DynamoDB is copied only under full management).
 * `createdRoles`: the ARNs of the backup service roles the synth's stacks create (serviceRolesOf), when the whole synth is read; else the stack's own.
 */
export function readPlans(context: StackContext, index: VaultIndex, optedIn?: readonly string[], policyJobs: readonly PolicyPlanJobs[] = [], fullyManaged?: readonly string[], createdRoles?: ReadonlySet<string>): StackPlans {
  const { json } = context;
  const selectionsByPlan = new Map<string, SelectionPosture[]>();
  const specsByPlan = new Map<string, SelectionSpec[]>();
  const continuousCovers = new Map<string, boolean>();
  const serviceRoles = serviceRolesOf(context);
  const created = createdRoles ?? new Set(serviceRoles.values());
  // count 0 or an empty for_each makes no selection (compliance/rules/helpers instancesOf, as the rule pack reads it).
  for (const resource of json.ofType('aws_backup_selection').filter((selection) => instancesOf(selection) !== 'none')) {
    const reference = parseReference(asString(resource.attributes.plan_id) ?? '');
    const planName = reference?.type === 'aws_backup_plan' ? reference.name : asString(resource.attributes.plan_id) ?? '';
    const home = { region: regionOf(context, resource), accountId: context.stack.accountId };
    selectionsByPlan.set(planName, [...(selectionsByPlan.get(planName) ?? []), readSelection(resource, home, selectionRole(resource.attributes.iam_role_arn, serviceRoles, created, json))]);
    specsByPlan.set(planName, [...(specsByPlan.get(planName) ?? []), selectionSpecOfTerraform(resource.attributes)]);
    continuousCovers.set(planName, (continuousCovers.get(planName) ?? true) && reachesOnlyContinuousTypes([selectionSpecOfTerraform(resource.attributes)], home));
  }
  // Other plans of the Region with a continuous rule: AWS backs a resource they share up continuously for one plan only.
  const continuousPlans = json.ofType('aws_backup_plan').filter((plan) => asList(plan.attributes.rule).some((rule) => isRecord(rule) && rule.enable_continuous_backup === true));
  // The backup policies' plans with a continuous rule contest them too, in the stack's Region (policy-plans.json, as the gate reads them).
  const contestedOf = (plan: { readonly name: string }, region: string) => [
    ...continuousPlans.filter((other) => other.name !== plan.name && regionOf(context, other) === region).flatMap((other) => specsByPlan.get(other.name) ?? []),
    ...(region === context.stack.region ? policyJobs.filter((other) => other.continuous).flatMap((other) => other.selections) : []),
  ];
  const read = json
    .ofType('aws_backup_plan')
    .map((resource) => {
      const { attributes } = resource;
      const region = regionOf(context, resource);
      const home = { region, accountId: context.stack.accountId };
      const specs = specsByPlan.get(resource.name) ?? [];
      const types = planTypes(specs, { region, accountId: context.stack.accountId }, optedIn);
      // Each rule's own RPO (withRulesAsRun) is read below, once the other plans' jobs are known.
      const readRules = (snapshotFallback: boolean, lapses: boolean) =>
        asList(attributes.rule)
          .flatMap((rule, position) => (isRecord(rule) ? [readRule(context, index, rule, region, position, { snapshotFallback, continuousMayLapse: lapses }, types, fullyManaged)] : []))
          .sort((a, b) => compareStrings(a.name, b.name));
      const typesFallback = !(continuousCovers.get(resource.name) ?? true) || !reachesOnlyContinuousTypes(specs, home, contestedOf(resource, region));
      const { rules, snapshotFallback } = rulesWithContinuousCoverage(readRules, typesFallback, specs, home);
      return { resource, region, rules, snapshotFallback };
    });
  // A run a job of another plan of the Region selecting the same resources may hold the resource through makes none of this plan's (core/plan-contention.ts).
  const specsOf = (name: string) => specsByPlan.get(name) ?? [];
  const shares = (mine: readonly SelectionSpec[], theirs: readonly SelectionSpec[]) => theirs.some((spec) => mine.some((own) => selectionsMayShare(own, spec)));
  // The backup policies' plans run in the stack's Region only, as the rpoTargetHours gate reads them (compliance/facts.ts).
  const jobsBeside = (specs: readonly SelectionSpec[], region: string, self: { plan?: (typeof read)[number]; job?: PolicyPlanJobs }) => [
    ...read.filter((other) => other !== self.plan && other.region === region && shares(specs, specsOf(other.resource.name))).flatMap((other) => asPlanRules(other.rules, other.snapshotFallback)),
    ...(region === context.stack.region ? policyJobs.filter((other) => other !== self.job && shares(specs, other.selections)).flatMap((other) => other.rules) : []),
  ];
  const otherJobs = (plan: (typeof read)[number]) => jobsBeside(specsOf(plan.resource.name), plan.region, { plan });
  // A backup policy's plan here meets the same jobs (its rows ask withRulesAsRun with them, as a plan of the stack's do).
  const policyJobsBeside = new Map(policyJobs.map((job) => [job.plan, jobsBeside(job.selections, context.stack.region, { job })]));
  const plans = read
    .map((plan): PlanPosture => ({
      name: asString(plan.resource.attributes.name) ?? plan.resource.name,
      address: plan.resource.address,
      rules: withRulesAsRun(plan.rules, plan.snapshotFallback, otherJobs(plan)),
      rpoMinutes: planRpo(withOtherPlansJobs(asPlanRules(plan.rules, plan.snapshotFallback), otherJobs(plan))).minutes,
      snapshotFallback: plan.snapshotFallback,
      selections: (selectionsByPlan.get(plan.resource.name) ?? []).sort((a, b) => compareStrings(a.name, b.name)),
      ...(hasDynamic(plan.resource.attributes, 'rule') ? { dynamicRules: true as const } : {}),
    }))
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.address, b.address));
  return { plans, policyJobsBeside };
}
