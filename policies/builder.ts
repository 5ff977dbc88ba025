/**
 * Builds an AWS Organizations BACKUP_POLICY document from neutral plan inputs (which the config
 * layer produces), and serializes it deterministically.
 *
 * The builder writes every setting as `{"@@assign": ...}`, numbers and booleans as strings ("60",
 * "true"), keys each copy action by its destination vault ARN and always sets
 * target_backup_vault_arn. Rule names and selection ids are written lower-case (AWS lower-cases
 * them in the effective policy); two that differ only in case are refused. It checks only what it
 * needs to produce a well-formed document: run `validateBackupPolicy` on the result for the AWS
 * rules (schedules, lifecycles, limits, ARNs ...).
 */
import { canonicalize } from './json';
import {
  CHILD_CONTROL,
  type BackupPolicyDocument,
  type ChildControl,
  type ChildOperators,
  type NamedMap,
  type PolicyCopyAction,
  type PolicyLifecycle,
  type PolicyPlan,
  type PolicyRule,
  type PolicyTag,
  type PolicyTagSelection,
  type PolicyResourceSelection,
  type PolicyConditions,
  type PolicyCondition,
  type ConditionOperator,
  type ScalarSetting,
  type ListSetting,
} from './model';
import { compareStrings } from '../core/order';

export interface PolicyLifecycleInput {
  deleteAfterDays: number;
  coldStorageAfterDays?: number;
  optInToArchiveForSupportedResources?: boolean;
}

export interface PolicyRuleInput {
  targetVaultName: string;
  schedule: string;
  startWindowMinutes: number;
  completionWindowMinutes: number;
  lifecycle: PolicyLifecycleInput;
  continuousBackup: boolean;
  recoveryPointTags?: Record<string, string>;
  /** keyed by a copy name; destinationVaultArn may contain $account */
  copies?: Record<string, { destinationVaultArn: string; lifecycle: PolicyLifecycleInput }>;
}

/** Selection conditions by grammar operator: each { tag key, value } becomes one condition on aws:ResourceTag/<key>. */
export type PolicyConditionsInput = Partial<Record<ConditionOperator, { tagKey: string; value: string }[]>>;

export interface PolicyPlanInput {
  name: string;
  regions: string[];
  rules: Record<string, PolicyRuleInput>;
  /** tag selections: id -> role ARN (may contain $account), tag key, accepted values, conditions that must also hold */
  tagSelections: Record<string, { iamRoleArn: string; tagKey: string; tagValues: string[]; conditions?: PolicyConditionsInput }>;
  /**
   * resource selections (selections.resources; a plan has these or tag selections, not both): id ->
   * role ARN, resource type patterns ("*" or arn:aws:ec2:*:*:volume/* ...), excluded ones, conditions
   */
  resourceSelections?: Record<string, { iamRoleArn: string; resourceTypes: string[]; notResourceTypes?: string[]; conditions?: PolicyConditionsInput }>;
  windowsVss?: 'enabled' | 'disabled';
  backupPlanTags?: Record<string, string>;
}

export interface BuildOptions {
  /**
   * Written as `@@operators_allowed_for_child_policies` on every node of each plan (the plan, its
   * groups and its settings), as AWS's "parent policy prevents any changes" example does, so child
   * policies cannot change what this policy sets. The `plans` map itself carries none: child
   * policies may still add plans of their own. `['@@all']` (AWS's default) writes nothing.
   * @default ['@@none']: member accounts cannot weaken the baseline
   */
  childPolicyOperators?: ChildOperators;
}

/** The inputs cannot make a well-formed document (names that collide once lower-cased ...). */
export class PolicyBuildError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`cannot build the backup policy:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    this.name = 'PolicyBuildError';
  }
}


/** Tag keys may hold characters a reader would not expect in an id: keep a-z 0-9 _ . - only. */
function tagId(tagKey: string): string {
  const id = tagKey.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_');
  return id === '' ? 'tag' : id;
}

class Builder {
  private readonly control: ChildControl;
  readonly issues: string[] = [];

  constructor(options: BuildOptions) {
    const operators = options.childPolicyOperators ?? ['@@none'];
    this.control = operators.length === 1 && operators[0] === '@@all' ? {} : { [CHILD_CONTROL]: [...operators] as ChildOperators };
  }

  /** Adds the child control operator to a node. */
  private node<T extends object>(node: T): T & ChildControl {
    return { ...this.control, ...node };
  }

  private assign<T>(value: T): ScalarSetting<T> {
    return this.node({ '@@assign': value });
  }

  private list<T>(values: readonly T[]): ListSetting<T> {
    return this.node({ '@@assign': [...values] });
  }

  private map<T>(entries: [string, T][]): NamedMap<T> {
    // fromEntries defines properties: a name such as "__proto__" stays a plain key.
    return this.node(Object.fromEntries(entries) as Record<string, T>);
  }

  /** Lower-cases names, reporting those that collide. */
  private lowerCaseNames<T>(what: string, where: string, record: Record<string, T>): [string, T][] {
    const seen = new Map<string, string>();
    const entries: [string, T][] = [];
    for (const name of Object.keys(record).sort(compareStrings)) {
      const id = name.toLowerCase();
      const other = seen.get(id);
      if (other !== undefined) {
        this.issues.push(`${where}: ${what} "${name}" and "${other}" differ only in case; AWS lower-cases them in the effective policy`);
        continue;
      }
      seen.set(id, name);
      entries.push([id, record[name] as T]);
    }
    return entries;
  }

  private lifecycle(input: PolicyLifecycleInput): PolicyLifecycle {
    return this.node({
      delete_after_days: this.assign(String(input.deleteAfterDays)),
      ...(input.coldStorageAfterDays === undefined ? {} : { move_to_cold_storage_after_days: this.assign(String(input.coldStorageAfterDays)) }),
      ...(input.optInToArchiveForSupportedResources === undefined
        ? {}
        : { opt_in_to_archive_for_supported_resources: this.assign(input.optInToArchiveForSupportedResources ? 'true' : 'false') }),
    });
  }

  /** Tags keyed by an id derived from the tag key: lower-case, made unique with _2, _3 ... */
  private tags(tags: Record<string, string>): NamedMap<PolicyTag> {
    const used = new Set<string>();
    const entries: [string, PolicyTag][] = [];
    for (const key of Object.keys(tags).sort(compareStrings)) {
      const base = tagId(key);
      let id = base;
      for (let n = 2; used.has(id); n += 1) id = `${base}_${n}`;
      used.add(id);
      entries.push([id, this.node({ tag_key: this.assign(key), tag_value: this.assign(tags[key] ?? '') })]);
    }
    return this.map(entries);
  }

  /** Conditions keyed, inside each operator, by an id derived from the tag key (lower-case, made unique with _2, _3 ...). */
  private conditions(input: PolicyConditionsInput | undefined): { conditions?: PolicyConditions } {
    const operators = Object.entries(input ?? {}).filter(([, entries]) => entries !== undefined && entries.length > 0) as [ConditionOperator, { tagKey: string; value: string }[]][];
    if (operators.length === 0) return {};
    const node: Record<string, unknown> = {};
    for (const [operator, entries] of operators) {
      const used = new Set<string>();
      const named: [string, PolicyCondition][] = [];
      const sorted = [...entries].sort((a, b) => compareStrings(a.tagKey, b.tagKey) || compareStrings(a.value, b.value));
      for (const { tagKey, value } of sorted) {
        const base = tagId(tagKey);
        let id = base;
        for (let n = 2; used.has(id); n += 1) id = `${base}_${n}`;
        used.add(id);
        named.push([id, this.node({ condition_key: this.assign(`aws:ResourceTag/${tagKey}`), condition_value: this.assign(value) })]);
      }
      node[operator] = this.map(named);
    }
    return { conditions: this.node(node) as PolicyConditions };
  }

  private copies(where: string, copies: NonNullable<PolicyRuleInput['copies']>): NamedMap<PolicyCopyAction> {
    const seen = new Map<string, string>();
    const entries: [string, PolicyCopyAction][] = [];
    for (const name of Object.keys(copies).sort(compareStrings)) {
      const copy = copies[name];
      if (copy === undefined) continue;
      const arn = copy.destinationVaultArn;
      const other = seen.get(arn.toLowerCase());
      if (other !== undefined) {
        this.issues.push(`${where}: copies "${other}" and "${name}" go to the same vault ${arn}; a rule has one copy action per destination vault`);
        continue;
      }
      seen.set(arn.toLowerCase(), name);
      entries.push([arn, this.node({ target_backup_vault_arn: this.assign(arn), lifecycle: this.lifecycle(copy.lifecycle) })]);
    }
    return this.map(entries);
  }

  private rule(where: string, input: PolicyRuleInput): PolicyRule {
    const copies = input.copies ?? {};
    const tags = input.recoveryPointTags ?? {};
    return this.node({
      schedule_expression: this.assign(input.schedule),
      target_backup_vault_name: this.assign(input.targetVaultName),
      start_backup_window_minutes: this.assign(String(input.startWindowMinutes)),
      complete_backup_window_minutes: this.assign(String(input.completionWindowMinutes)),
      ...(input.continuousBackup ? { enable_continuous_backup: this.assign('true') } : {}),
      lifecycle: this.lifecycle(input.lifecycle),
      ...(Object.keys(copies).length > 0 ? { copy_actions: this.copies(where, copies) } : {}),
      ...(Object.keys(tags).length > 0 ? { recovery_point_tags: this.tags(tags) } : {}),
    });
  }

  plan(input: PolicyPlanInput): PolicyPlan {
    const where = `plan "${input.name}"`;
    const rules = this.lowerCaseNames('rules', where, input.rules).map(([name, rule]): [string, PolicyRule] => [name, this.rule(`${where} rule "${name}"`, rule)]);
    const selections = this.lowerCaseNames('tag selections', where, input.tagSelections).map(([id, selection]): [string, PolicyTagSelection] => [
      id,
      this.node({
        iam_role_arn: this.assign(selection.iamRoleArn),
        tag_key: this.assign(selection.tagKey),
        tag_value: this.list(selection.tagValues),
        ...this.conditions(selection.conditions),
      }),
    ]);
    const resourceSelections = this.lowerCaseNames('resource selections', where, input.resourceSelections ?? {}).map(([id, selection]): [string, PolicyResourceSelection] => [
      id,
      this.node({
        iam_role_arn: this.assign(selection.iamRoleArn),
        resource_types: this.list(selection.resourceTypes),
        ...(selection.notResourceTypes && selection.notResourceTypes.length > 0 ? { not_resource_types: this.list(selection.notResourceTypes) } : {}),
        ...this.conditions(selection.conditions),
      }),
    ]);
    if (selections.length > 0 && resourceSelections.length > 0) {
      this.issues.push(`${where}: selects by tags and by resources; a backup policy plan has selections.tags or selections.resources, not both`);
    }
    const planTags = input.backupPlanTags ?? {};
    return this.node({
      regions: this.list(input.regions),
      rules: this.map(rules),
      selections: this.node(resourceSelections.length > 0 ? { resources: this.map(resourceSelections) } : { tags: this.map(selections) }),
      ...(input.windowsVss === undefined ? {} : { advanced_backup_settings: this.node({ ec2: this.node({ windows_vss: this.assign(input.windowsVss) }) }) }),
      ...(Object.keys(planTags).length > 0 ? { backup_plan_tags: this.tags(planTags) } : {}),
    });
  }
}

/**
 * A BACKUP_POLICY document for `plans`.
 * @throws PolicyBuildError when two plans share a name, two rule names or selection ids of a plan
 *   differ only in case, or two copies of a rule go to the same vault.
 */
export function buildBackupPolicy(plans: readonly PolicyPlanInput[], options: BuildOptions = {}): BackupPolicyDocument {
  const builder = new Builder(options);
  const documentPlans = new Map<string, PolicyPlan>();
  for (const plan of plans) {
    if (documentPlans.has(plan.name)) {
      builder.issues.push(`plan "${plan.name}" is given twice`);
      continue;
    }
    documentPlans.set(plan.name, builder.plan(plan));
  }
  if (builder.issues.length > 0) throw new PolicyBuildError(builder.issues);
  return { plans: Object.fromEntries(documentPlans) };
}

export interface SerializeOptions {
  /** Spaces of indentation; 0 (the default) writes compact JSON, which counts least against the 10,000-character limit. */
  indent?: number;
}

/**
 * Deterministic JSON text of a policy document: grammar keys in grammar order (child control
 * first, then @@assign/@@append/@@remove, then settings as documented), free names sorted by code
 * point, list order kept. Equal documents give identical text whatever their key insertion order.
 * @throws TypeError on a circular structure
 */
export function serializePolicy(doc: unknown, options: SerializeOptions = {}): string {
  return JSON.stringify(canonicalize(doc), null, options.indent ?? 0) ?? '';
}
