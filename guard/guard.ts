/**
 * The plan guard: reads `terraform show -json <planfile>` output (JSON plan format 1.x) and blocks
 * deletions and replacements of the resources that hold or protect recovery points (vaults, their
 * keys, locks and access policies, Organizations backup and service control policies) or that every job needs (the
 * roles AWS Backup assumes and their AWS Backup managed policies), and updates in place that take
 * the same protection away (guard/weakening.ts), unless the config's `guard.allowedChanges` lets
 * that stack and address through with a reason. An errored or incomplete plan (complete: false, deferred
 * changes, or a -target plan that does not say so: a prior-state resource without its entry) is never passed.
 * An update or replacement that stops or shortens backups, copies or their alerts from then on (a
 * backup plan or policy, a selection, vault notifications, an alert rule, alarm or subscription, a
 * restore testing plan or selection: guard/stopping-changes.ts) is a warning, and so is a protected resource deleted or weakened, or
 * such a change or deletion, made outside Terraform (resource_drift).
 *
 * Pure: no file system, no process. The CLI is cli/guard.ts; the Markdown report, guard/markdown.ts.
 */
import { isRecord, orList, plural } from '../core/order';
import type { AllowedChange } from '../config/estate-model';
import { optOutAtCreation, trustsAwsBackup, weakeningOf } from './weakening';
import { regionOptInsOf, stopsFromThenOn } from './stopping-changes';
import { configuredExpressions, consequence, organizationsPolicyType, priorStateFacts, refusedContent, STOPS_BACKUPS } from './consequences';

/** What a plan the guard does not pass is (its notPassed reasons), as the summary and the CLI name it. */
export const NOT_PASSED_KINDS = 'errored, incomplete, not fully read or refused by AWS';

/** Resource types whose deletion or replacement the guard blocks. */
export const PROTECTED_TYPES = [
  'aws_backup_vault',
  'aws_backup_logically_air_gapped_vault',
  'aws_kms_key',
  'aws_backup_vault_lock_configuration',
  'aws_backup_vault_policy',
  'aws_organizations_policy',
  'aws_organizations_policy_attachment',
] as const;

/**
 * A role AWS Backup assumes (its trust policy admits backup.amazonaws.com: the service role every
 * selection names, the restore testing role): deleting it makes every job that uses it fail.
 * Guarded beside PROTECTED_TYPES, by its trust policy rather than its type.
 */
export const BACKUP_ROLE_TYPE = 'aws_iam_role';

/**
 * The attachment of an AWS Backup managed policy (AWSBackupServiceRolePolicyForBackup, ...ForRestores,
 * ...ForS3Backup, ...ForS3Restore) to a role: detaching it makes every job of that role fail.
 * Guarded by its policy ARN.
 */
export const BACKUP_POLICY_ATTACHMENT_TYPE = 'aws_iam_role_policy_attachment';

const BACKUP_MANAGED_POLICY = /:iam::aws:policy\/(?:service-role\/)?AWSBackupServiceRolePolicyFor/;

export type ProtectedType = (typeof PROTECTED_TYPES)[number] | typeof BACKUP_ROLE_TYPE | typeof BACKUP_POLICY_ATTACHMENT_TYPE;

/** One `guard.allowedChanges` entry of the config (declared with the estate model). */
export type { AllowedChange };

/**
 * The `address` of a `guard.allowedChanges` entry that lets its whole stack leave the synth
 * (`--base`, guard/removed-stacks.ts). It matches no address of a plan: it allows no deletion there.
 */
export const WHOLE_STACK = '*';

/** How a resource change is counted: Terraform's action list reduced to one word. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'read' | 'no-op' | 'other';

/** Counts of resource changes by kind (data source reads included in `read`). */
export interface ChangeSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  /** Removed from state without being destroyed (`forget`, `create`+`forget`, `remove`). */
  readonly forget: number;
  readonly read: number;
  readonly noOp: number;
  /** Actions this guard does not know. */
  readonly other: number;
}

/** A change to a protected resource that deletes it, replaces it or drops it from state. */
export interface GuardFinding {
  readonly address: string;
  readonly type: string;
  /** Terraform's `change.actions`, e.g. ["delete", "create"]. */
  readonly actions: readonly string[];
  /** weaken: an update in place that takes protection away (guard/weakening.ts). */
  readonly kind: 'delete' | 'replace' | 'forget' | 'weaken' | 'other';
  /** Attributes that force the replacement (`change.replace_paths`), as `rule[0].name`. */
  readonly replacePaths: readonly string[];
  /** Terraform's `action_reason`, when given. */
  readonly actionReason?: string;
  /** Key of a deposed object (left behind by an interrupted create_before_destroy replacement). */
  readonly deposed?: string;
  /** Why a reviewer should care, e.g. "replacing aws_backup_vault.x destroys its recovery points ...". */
  readonly consequence: string;
  /** The `guard.allowedChanges` reason, for findings the config lets through. */
  readonly allowedBecause?: string;
  /** Done outside Terraform (the plan's `resource_drift`), not by the plan: a warning. */
  readonly drift?: true;
  /** Stops or narrows backups, copies or their alerts (guard/stopping-changes.ts, STOPS_BACKUPS), rather than taking protection away. */
  readonly stops?: true;
}

export interface GuardResult {
  readonly stack: string;
  /** The plan's `format_version`. */
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly summary: ChangeSummary;
  /** Blocked changes: any one fails the guard. */
  readonly violations: readonly GuardFinding[];
  /** Deletions and replacements let through by `guard.allowedChanges`. */
  readonly allowed: readonly GuardFinding[];
  /** Protected resources Terraform drops from state without destroying them, keys no vault uses, deletions that stop backups or alerts (a plan, a selection, an alarm), and protected resources deleted or weakened outside Terraform (drift): reported, not blocked. */
  readonly warnings: readonly GuardFinding[];
  /** Other remarks: allowedChanges entries of this stack that matched nothing. */
  readonly notes: readonly string[];
  /** Why the plan is not passed even without a violation: Terraform reported errors, the plan is incomplete (-target, deferred changes), or an action is not known. */
  readonly notPassed?: string;
  /** True when there is no violation and the plan is whole. */
  readonly ok: boolean;
}

/** The input is not `terraform show -json` output of a plan (or of an unsupported format version). */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFormatError';
  }
}

const PROTECTED = new Set<string>(PROTECTED_TYPES);

/** The protected type of a resource (its attributes tell whether a role is one AWS Backup assumes), or undefined. */
export function protectedTypeOf(type: string, attributes: unknown): ProtectedType | undefined {
  if (PROTECTED.has(type)) return type as ProtectedType;
  if (type === BACKUP_ROLE_TYPE && isRecord(attributes) && trustsAwsBackup(attributes.assume_role_policy)) return BACKUP_ROLE_TYPE;
  if (type === BACKUP_POLICY_ATTACHMENT_TYPE && isRecord(attributes) && typeof attributes.policy_arn === 'string' && BACKUP_MANAGED_POLICY.test(attributes.policy_arn)) {
    return BACKUP_POLICY_ATTACHMENT_TYPE;
  }
  return undefined;
}

/** True when a module of a values representation (planned_values, prior_state.values) holds a managed resource. */
function holdsManagedResources(module: unknown): boolean {
  if (!isRecord(module)) return false;
  const resources = Array.isArray(module.resources) ? module.resources : [];
  if (resources.some((resource) => isRecord(resource) && resource.mode !== 'data')) return true;
  return Array.isArray(module.child_modules) && module.child_modules.some(holdsManagedResources);
}

/**
 * The managed resources of the plan's prior state (by address, deposed objects under their
 * resource's) that no resource_changes or deferred_changes entry lists. A plan lists every one
 * (unchanged ones as no-op; prior_state already names a moved one by its new address) unless it was
 * made with -target: Terraform 1.8 and later mark such a plan complete: false, but Terraform before
 * 1.8 writes no `complete` (nor does OpenTofu's plan JSON as it forked from Terraform 1.6), and then
 * this is how the plan shows it is partial.
 */
function unplannedPriorResources(planJson: Record<string, unknown>, listed: ReadonlySet<string>): string[] {
  const root = isRecord(planJson.prior_state) && isRecord(planJson.prior_state.values) ? planJson.prior_state.values.root_module : undefined;
  const unplanned = new Set<string>();
  const walk = (module: unknown): void => {
    if (!isRecord(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources.filter(isRecord) : []) {
      if (resource.mode !== 'data' && typeof resource.address === 'string' && !listed.has(resource.address)) unplanned.add(resource.address);
    }
    if (Array.isArray(module.child_modules)) module.child_modules.forEach(walk);
  };
  walk(root);
  return [...unplanned];
}

/** The top-level keys every `terraform show -json` plan of format 1.x has (Terraform 1.5-1.11, OpenTofu). */
const WHOLE_PLAN_KEYS: readonly { readonly key: string; readonly valid: (value: unknown) => boolean }[] = [
  { key: 'terraform_version', valid: (value) => typeof value === 'string' && value !== '' },
  { key: 'planned_values', valid: isRecord },
  { key: 'configuration', valid: isRecord },
];


/**
 * Why `planJson` cannot be guarded, or undefined when it is a whole `terraform show -json` plan of
 * format 1.x: format_version, terraform_version, planned_values and configuration, and every
 * resource_changes entry with its address, type and change.actions. The guard reads nothing it
 * cannot check, so a plan it cannot fully read is refused, never passed.
 *
 * resource_changes may be absent: Terraform and OpenTofu omit it when empty, which happens when
 * neither the configuration nor the state holds a managed resource (every managed resource of
 * either gets an entry, unchanged ones as no-op), in a -refresh-only plan (it changes no resource,
 * it records resource_drift into state), in a -target plan whose targets match nothing (complete:
 * false) and in an errored plan. Absent while prior_state or planned_values holds a managed
 * resource and with none of those marks (resource_drift, applyable: false, complete: false,
 * errored), the plan was cut short, and it is refused.
 */
export function planFormatProblem(planJson: unknown): string | undefined {
  const hint = 'expected the output of `terraform show -json <planfile>`';
  if (!isRecord(planJson)) return `is not a JSON object: ${hint}`;
  const version = planJson.format_version;
  if (version === undefined) return `has no format_version: ${hint}`;
  if (typeof version !== 'string') return `has a format_version that is not a string: ${hint}`;
  if (!/^1(\.\d+)*$/.test(version)) return `has format_version ${version}; this guard reads plan format 1.x`;
  const changes = planJson.resource_changes;
  if (changes === undefined && planJson.planned_values === undefined && planJson.values !== undefined) {
    return `is Terraform state (terraform show -json without a plan file), not a plan: ${hint}`;
  }
  const missing = WHOLE_PLAN_KEYS.filter(({ key, valid }) => !valid(planJson[key])).map(({ key }) => key);
  if (missing.length > 0) return `has no ${orList(changes === undefined ? [...missing, 'resource_changes'] : missing)}: it is not a whole plan; ${hint}`;
  const deferredProblem = deferredChangesProblem(planJson.deferred_changes);
  if (deferredProblem !== undefined) return deferredProblem;
  if (changes === undefined) {
    // Terraform lists no resource change in a -refresh-only plan (what it applies is the drift it records into state: resource_drift), nor in a
    // -target plan whose targets match nothing (complete: false), nor in an errored one; a plan that states applyable: false applies nothing.
    if (planJson.applyable === false || planJson.complete === false || planJson.errored === true || Array.isArray(planJson.resource_drift)) return undefined;
    const priorState = isRecord(planJson.prior_state) ? planJson.prior_state.values : undefined;
    const plannedValues = planJson.planned_values;
    const where = isRecord(priorState) && holdsManagedResources(priorState.root_module) ? 'prior_state' : isRecord(plannedValues) && holdsManagedResources(plannedValues.root_module) ? 'planned_values' : undefined;
    if (where !== undefined) {
      return `has no resource_changes, yet its ${where} holds managed resources: Terraform lists every one of them there (unchanged ones as no-op), and it has no mark of a -refresh-only plan (resource_drift, or applyable: false), so the plan was cut short`;
    }
    return undefined;
  }
  if (!Array.isArray(changes)) return 'has a resource_changes that is not a list';
  for (const [index, entry] of changes.entries()) {
    const problem = changeEntryProblem(entry, `resource_changes[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why one resource_changes (or deferred_changes[].resource_change) entry cannot be read: its address, type and change.actions. */
function changeEntryProblem(entry: unknown, label: string): string | undefined {
  if (!isRecord(entry)) return `${label} is not an object`;
  if (typeof entry.address !== 'string' || entry.address === '') return `${label} has no address`;
  if (typeof entry.type !== 'string' || entry.type === '') return `${label} (${entry.address}) has no type`;
  const change = entry.change;
  if (!isRecord(change) || !Array.isArray(change.actions) || change.actions.length === 0 || !change.actions.every((a) => typeof a === 'string')) {
    return `${label} (${entry.address}) has no change.actions list`;
  }
  return undefined;
}

/** Why the plan's deferred_changes (Terraform 1.9+: `{ reason, resource_change }` entries) cannot be read, if it has one. */
function deferredChangesProblem(deferred: unknown): string | undefined {
  if (deferred === undefined) return undefined;
  if (!Array.isArray(deferred)) return 'has a deferred_changes that is not a list';
  for (const [index, entry] of deferred.entries()) {
    const problem = changeEntryProblem(isRecord(entry) ? entry.resource_change : undefined, `deferred_changes[${index}].resource_change`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Terraform's action list as one kind. */
export function changeKind(actions: readonly string[]): ChangeKind {
  const has = (action: string) => actions.includes(action);
  // Terraform: scan for "delete" to recognise every deletion, whatever it is combined with.
  if (has('delete')) return has('create') ? 'replace' : 'delete';
  if (has('forget') || has('remove')) return 'forget';
  if (actions.length === 1) {
    const [only] = actions;
    if (only === 'create' || only === 'update' || only === 'read' || only === 'no-op') return only;
  }
  return 'other';
}

/** `[["rule", 0, "name"]]` -> `["rule[0].name"]`. */
function formatPaths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((path): path is unknown[] => Array.isArray(path))
    .map((path) =>
      path.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text === '' ? String(step) : `${text}.${String(step)}`), ''),
    )
    .filter((path) => path !== '');
}

const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'an argument that cannot change in place changed',
  replace_because_tainted: 'the object is tainted',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'the resource is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each changed form',
  delete_because_count_index: 'its count index is no longer in range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'it was moved to an address that does not exist',
};

/** A human phrase for Terraform's action_reason (the raw value when unknown). */
export function describeActionReason(reason: string): string {
  return ACTION_REASONS[reason] ?? reason;
}

const EMPTY_SUMMARY: ChangeSummary = { create: 0, update: 0, replace: 0, delete: 0, forget: 0, read: 0, noOp: 0, other: 0 };

function countKind(summary: ChangeSummary, kind: ChangeKind): ChangeSummary {
  const key = kind === 'no-op' ? 'noOp' : kind;
  return { ...summary, [key]: summary[key] + 1 };
}

/**
 * What changed outside Terraform (resource_drift: the plan's refresh found it) to a protected
 * resource: deleted, or weakened as an update in place would weaken it. The plan does not do it
 * (it recreates or resets what its configuration says, or, -refresh-only, records it into state),
 * so these are warnings: the recovery points or the protection are gone or were exposed already.
 */
function driftFindings(planJson: Record<string, unknown>, vaultKeys: ReadonlySet<string> | undefined): GuardFinding[] {
  const findings: GuardFinding[] = [];
  for (const entry of (Array.isArray(planJson.resource_drift) ? planJson.resource_drift : []).filter(isRecord)) {
    if (entry.mode === 'data' || typeof entry.address !== 'string' || typeof entry.type !== 'string') continue;
    const change = isRecord(entry.change) ? entry.change : {};
    const actions = Array.isArray(change.actions) ? change.actions.map(String) : [];
    const base = { address: entry.address, type: entry.type, actions, replacePaths: [], drift: true as const };
    const kind = changeKind(actions);
    if (kind === 'update') {
      const otherKey = entry.type === 'aws_kms_key' && isRecord(change.before) && typeof change.before.arn === 'string' && vaultKeys !== undefined && !vaultKeys.has(change.before.arn);
      const weakened = weakeningOf(entry.type, change, otherKey ? 'other' : 'vault');
      if (weakened !== undefined) findings.push({ ...base, kind: 'weaken', consequence: `${entry.address} was changed outside Terraform: the change ${weakened}` });
      // Backups, copies or alerts stopped outside Terraform (a rule's pattern edited, an alarm's actions off): as the same update in a plan.
      const stops = stopsFromThenOn(entry.type, change);
      if (stops !== undefined) findings.push({ ...base, kind: 'weaken', stops: true, consequence: `${entry.address} was changed outside Terraform: the change ${stops}` });
    } else if (kind === 'delete' && Object.hasOwn(STOPS_BACKUPS, entry.type)) {
      findings.push({ ...base, kind: 'delete', stops: true, consequence: `${entry.address} was deleted outside Terraform, which ${STOPS_BACKUPS[entry.type]}` });
    } else if (kind === 'delete' && entry.type === 'aws_kms_key') {
      // The AWS provider reads a key pending deletion as deleted: it may still be saved.
      findings.push({
        ...base,
        kind: 'delete',
        consequence: `${entry.address} was deleted or scheduled for deletion outside Terraform (the AWS provider reads a key pending deletion as gone): cancel the deletion (kms:CancelKeyDeletion) before its waiting period ends, or what it encrypts cannot be decrypted again`,
      });
    } else if (kind === 'delete' && protectedTypeOf(entry.type, change.before) !== undefined) {
      findings.push({ ...base, kind: 'delete', consequence: `${entry.address} was deleted outside Terraform: what it held or protected is gone already, whatever this plan does` });
    }
  }
  return findings;
}

/**
 * Checks one stack's plan. `allowed` may hold entries of every stack: only those of `stack` apply,
 * each matching one address exactly (`aws_backup_vault.vault-main_vault_77900A69`, with its
 * `[index]` when the resource has one); a `"*"` entry concerns the stack's removal, not its plan.
 * Throws PlanFormatError when `planJson` is not a whole `terraform show -json` plan of format 1.x.
 */
export function evaluatePlan(planJson: unknown, stack: string, allowed: readonly AllowedChange[]): GuardResult {
  const problem = planFormatProblem(planJson);
  if (problem !== undefined || !isRecord(planJson)) throw new PlanFormatError(`the plan ${problem ?? 'is not a JSON object'}`);
  const allowances = new Map<string, AllowedChange>();
  for (const entry of allowed) if (entry.stack === stack && entry.address !== WHOLE_STACK && !allowances.has(entry.address)) allowances.set(entry.address, entry);
  const used = new Set<string>();

  let summary = EMPTY_SUMMARY;
  const violations: GuardFinding[] = [];
  const allowedFindings: GuardFinding[] = [];
  const warnings: GuardFinding[] = [];
  const notes: string[] = [];
  const unknownActions: string[] = [];
  const refusals: string[] = [];

  // Deferred changes (an incomplete plan, whatever its `complete` says) are changes too: a deletion among them is read like any other.
  const deferred = Array.isArray(planJson.deferred_changes) ? planJson.deferred_changes.filter(isRecord).map((entry) => entry.resource_change) : [];
  const facts = priorStateFacts(planJson);
  const vaultKeys = facts.vaultKeys;
  const changes = [...(Array.isArray(planJson.resource_changes) ? planJson.resource_changes : []), ...deferred].filter(isRecord);
  const optIns = regionOptInsOf(changes);
  for (const entry of changes) {
    const address = String(entry.address);
    const change = isRecord(entry.change) ? entry.change : {};
    const actions = Array.isArray(change.actions) ? change.actions.map(String) : [];
    const kind = changeKind(actions);
    summary = countKind(summary, kind);
    if (entry.mode === 'data') continue;

    const resourceType = typeof entry.type === 'string' ? entry.type : '';
    const deposed = typeof entry.deposed === 'string' ? entry.deposed : undefined;
    const base = {
      address,
      actions,
      replacePaths: formatPaths(change.replace_paths),
      ...(typeof entry.action_reason === 'string' ? { actionReason: entry.action_reason } : {}),
      ...(deposed !== undefined ? { deposed } : {}),
    };
    let finding: GuardFinding;
    let warnOnly = false;
    // Content AWS refuses is never applied: the apply fails there, and no reading of it is judged (a replacement still deletes the old object).
    const refused = kind === 'create' || kind === 'update' || kind === 'replace' ? refusedContent(resourceType, change.after) : undefined;
    if (refused !== undefined) refusals.push(`\`${address}\` ${refused}`);
    if (refused !== undefined && kind !== 'replace') continue;
    if (kind === 'create') {
      // Only the Region settings can weaken by being created: a warning, as the account's settings before are not in the plan.
      const optOut = optOutAtCreation(resourceType, change);
      if (optOut !== undefined) warnings.push({ ...base, type: resourceType, kind: 'weaken', consequence: `creating ${address} ${optOut}` });
      continue;
    }
    if (kind === 'update') {
      // A backup plan or policy, vault notifications, an alert rule or alarm updated in place loses no recovery point but may stop or shorten backups or their alerts: a warning, as deleting them is.
      const stops = stopsFromThenOn(resourceType, change, configuredExpressions(planJson, entry), optIns);
      if (stops !== undefined) warnings.push({ ...base, type: resourceType, kind: 'weaken', consequence: `updating ${address} in place ${stops}` });
      // A key no vault of the prior state encrypts with (an alerts topic's or a report bucket's): weakening it loses no recovery point, a warning as its deletion is.
      const otherKey = resourceType === 'aws_kms_key' && isRecord(change.before) && typeof change.before.arn === 'string' && vaultKeys !== undefined && !vaultKeys.has(change.before.arn);
      const weakened = weakeningOf(resourceType, change, otherKey ? 'other' : 'vault');
      if (weakened === undefined) continue;
      warnOnly = otherKey;
      finding = { ...base, type: resourceType, kind: 'weaken', consequence: `updating ${address} in place ${weakened}` };
    } else {
      // What the resource was (a role's trust policy is in the state it leaves).
      const type = protectedTypeOf(resourceType, isRecord(change.before) ? change.before : change.after);
      if (type === undefined) {
        // A protected resource's unknown action is blocked below; any other's leaves the plan unread.
        if (kind === 'other') unknownActions.push(`\`${address}\` (${actions.join(', ')})`);
        const stops = kind === 'delete' ? STOPS_BACKUPS[resourceType] : undefined;
        if (stops !== undefined && Object.hasOwn(STOPS_BACKUPS, resourceType)) warnings.push({ ...base, type: resourceType, kind: 'delete', consequence: `deleting ${address} ${stops}` });
        // A replacement is read as an update (vault notifications are replaced on every change): what the new object no longer does.
        const replaced = kind === 'replace' ? stopsFromThenOn(resourceType, change, configuredExpressions(planJson, entry), optIns) : undefined;
        if (replaced !== undefined) warnings.push({ ...base, type: resourceType, kind: 'weaken', consequence: `replacing ${address} ${replaced}` });
        continue;
      }
      if (kind !== 'delete' && kind !== 'replace' && kind !== 'forget' && kind !== 'other') continue;
      const keyArn = type === 'aws_kms_key' && isRecord(change.before) && typeof change.before.arn === 'string' ? change.before.arn : undefined;
      warnOnly = kind !== 'forget' && kind !== 'other' && keyArn !== undefined && vaultKeys !== undefined && !vaultKeys.has(keyArn);
      finding = warnOnly
        ? { ...base, type, kind, consequence: `${kind === 'delete' ? 'deleting' : 'replacing'} ${address} schedules a key no vault of this stack's state encrypts with (an alerts topic's or a report bucket's key): no recovery point depends on it` }
        : { ...base, type, kind, consequence: consequence(type, deposed === undefined ? address : `the deposed object ${deposed} of ${address}`, kind, organizationsPolicyType(type, change.before, facts)) };
    }
    const allowance = allowances.get(address);
    if (allowance !== undefined) {
      used.add(address);
      allowedFindings.push({ ...finding, allowedBecause: allowance.reason });
    } else if (finding.kind === 'forget' || warnOnly) {
      warnings.push(finding);
    } else {
      violations.push(finding);
    }
  }

  warnings.push(...driftFindings(planJson, vaultKeys));
  // Every managed resource of the prior state has an entry (no-op when unchanged), unless the plan was made with -target.
  const listed = new Set(changes.flatMap((entry) => [entry.address, entry.previous_address].filter((address): address is string => typeof address === 'string')));
  const unplanned = Array.isArray(planJson.resource_changes) ? unplannedPriorResources(planJson, listed) : [];
  // A -refresh-only plan changes no resource: what applying it does is record the drift into state.
  if (planJson.resource_changes === undefined && Array.isArray(planJson.resource_drift) && planJson.resource_drift.length > 0) {
    notes.push('This plan changes no resource (a -refresh-only plan): applying it records in Terraform state what changed outside Terraform (resource_drift).');
  }

  // An errored or incomplete plan is not the whole change: no verdict of safety for it.
  const notPassed =
    planJson.errored === true
      ? 'Terraform reported errors while planning: this plan is not the whole change, so it is not passed; fix the errors and plan again.'
      : refusals.length > 0
        ? `AWS refuses what this plan writes (${refusals.join('; ')}): the apply fails there, while the plan's other changes may still be applied, so it is not passed; write each key once and plan again.`
        : planJson.complete === false || deferred.length > 0
          ? deferred.length > 0
            ? 'The plan is incomplete (deferred changes): it is not the whole change, so it is not passed; apply what it can, then guard the plan that follows.'
            : // Terraform sets complete: false for a plan made with -target (or one with deferred changes, listed apart).
              'The plan is incomplete (complete: false, as Terraform marks a plan made with -target): the rest of the configuration is not planned, so it is not passed; guard a plan made without -target.'
          : unplanned.length > 0
            ? `The plan lists no change for ${plural(unplanned.length, 'resource')} of its prior state (${unplanned.slice(0, 3).map((address) => `\`${address}\``).join(', ')}${unplanned.length > 3 ? `, and ${unplanned.length - 3} more` : ''}), though a whole plan lists every one (unchanged ones as no-op): it was made with -target, which a plan without \`complete\` (Terraform before 1.8 writes none) does not otherwise say; the rest of the configuration is not planned, so it is not passed; guard a plan made without -target.`
            : unknownActions.length > 0
              ? `The plan gives ${unknownActions.join(', ')} actions this guard does not know (Terraform documents no-op, create, read, update, delete, forget and their replacements): what they do is not read, so the plan is not passed; review these changes by hand.`
              : undefined;
  for (const address of allowances.keys()) {
    if (!used.has(address)) notes.push(`guard.allowedChanges lets \`${address}\` through, but this plan neither deletes, replaces nor weakens it: remove the entry once that change is applied.`);
  }

  return {
    stack,
    formatVersion: typeof planJson.format_version === 'string' ? planJson.format_version : 'unknown',
    ...(typeof planJson.terraform_version === 'string' ? { terraformVersion: planJson.terraform_version } : {}),
    summary,
    violations,
    allowed: allowedFindings,
    warnings,
    notes,
    ...(notPassed !== undefined ? { notPassed } : {}),
    ok: violations.length === 0 && notPassed === undefined,
  };
}
