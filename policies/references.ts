/**
 * What a backup policy names: per plan its Regions, vault names, copy destination vault ARNs, IAM
 * roles, selections and rules, for the config layer's cross-stack checks and coverage. Single
 * values are read from @@assign; lists (Regions, tag values, resource types) by the one list
 * reader, policyListValues (@@assign and @@append, less @@remove).
 */
import { isRecord } from '../core/order';
import { own } from '../core/problems';
import { type JsonObject } from './json';
import { SNAKE_CASE_OPERATORS, tagConditionOf, type SelectionSpec, type TagCondition } from '../core/selection';
import { AWS_DEFAULT_WINDOWS } from '../core/limits';
import { policyListValues } from './list-values';
import type { RpoInput } from '../core/rpo';

export interface PolicyPlanReferences {
  readonly name: string;
  readonly regions: string[];
  /** target_backup_vault_name of every rule. */
  readonly vaultNames: string[];
  /** target_backup_vault_arn of every copy action (its key when target_backup_vault_arn is missing). */
  readonly destinationVaultArns: string[];
  /** iam_role_arn of every selection. */
  readonly roleArns: string[];
  /**
   * What the plan selects, for the one selection evaluator: a tag selection (tag_key, each of its
   * tag_value), or a resource selection (resource_types as ARN patterns, not_resource_types), each
   * with its conditions (all of which must hold), so coverage never credits a resource they leave out.
   */
  readonly selections: SelectionSpec[];
  /**
   * Each rule's target vault and what its RPO depends on (UTC; AWS's windows when left out), for the
   * silence alarms; its retention and its copies' (a copy without its own keeps the rule's), for the vault locks.
   */
  readonly rules: {
    readonly name: string;
    readonly vaultName: string;
    readonly rpo: RpoInput;
    readonly deleteAfterDays?: number;
    /** True when the lifecycle leaves delete_after_days out (or there is none): kept forever. deleteAfterDays undefined without it: unreadable. */
    readonly keptForever?: true;
    readonly copies: readonly { readonly arn: string; readonly deleteAfterDays?: number; readonly keptForever?: true }[];
  }[];
}

function assigned(node: unknown, key: string): unknown {
  if (!isRecord(node)) return undefined;
  const setting = own(node, key);
  return isRecord(setting) ? own(setting, '@@assign') : undefined;
}

function assignedString(node: unknown, key: string): string | undefined {
  const value = assigned(node, key);
  return typeof value === 'string' ? value : undefined;
}

function namedValues(node: unknown): [string, JsonObject][] {
  if (!isRecord(node)) return [];
  return Object.keys(node)
    .filter((name) => !name.startsWith('@@'))
    .flatMap((name): [string, JsonObject][] => {
      const value = node[name];
      return isRecord(value) ? [[name, value]] : [];
    });
}

/** The values of a list setting of `node` (see policyListValues). */
const listValues = (node: unknown, key: string): string[] => policyListValues(isRecord(node) ? own(node, key) : undefined);

/**
 * A selection's conditions, read as Terraform's are (core/selection.ts tagConditionOf: the one
 * reading of a condition key, so a key without the aws:ResourceTag/ prefix, or with it in another
 * case, credits no resource and proves no selection empty). A condition this cannot read (no key or
 * value) becomes one no tag can meet: the evaluator then credits no resource to the selection
 * rather than more than AWS selects.
 */
function policyConditions(selection: JsonObject): TagCondition[] {
  const conditions = own(selection, 'conditions');
  return Object.entries(SNAKE_CASE_OPERATORS).flatMap(([field, operator]) =>
    namedValues(isRecord(conditions) ? own(conditions, field) : undefined).map(([, condition]): TagCondition => {
      const key = assignedString(condition, 'condition_key');
      const value = assignedString(condition, 'condition_value');
      return key === undefined || key === '' || value === undefined ? UNREADABLE_CONDITION : tagConditionOf(operator, key, value);
    }),
  );
}

/** A tag key cannot be empty (1-128 characters), so no resource meets this condition. */
const UNREADABLE_CONDITION: TagCondition = { operator: 'StringEquals', key: '', value: '' };

/**
 * Credits no resource, so says nothing about types: what a policy selection becomes when it reads
 * as empty (a tag selection without key or values, a resource selection without resource types).
 * AWS never runs such a selection as "every resource": a policy selection always has a tag or
 * resource types, so empty means this reader could not read it, and coverage must not guess.
 */
const UNREADABLE_SELECTION: SelectionSpec = { tags: [], conditions: [UNREADABLE_CONDITION], resources: [], notResources: [] };

function selectionSpecs(selections: unknown): SelectionSpec[] {
  const tags = namedValues(own(isRecord(selections) ? selections : {}, 'tags')).map(([, selection]): SelectionSpec => {
    const key = assignedString(selection, 'tag_key') ?? '';
    const values = listValues(selection, 'tag_value');
    if (key === '' || values.length === 0) return UNREADABLE_SELECTION;
    return { tags: values.map((value) => ({ key, value })), conditions: policyConditions(selection), resources: [], notResources: [] };
  });
  const resources = namedValues(own(isRecord(selections) ? selections : {}, 'resources')).map(([, selection]): SelectionSpec => {
    const types = listValues(selection, 'resource_types');
    if (types.length === 0) return UNREADABLE_SELECTION;
    return { tags: [], conditions: policyConditions(selection), resources: types, notResources: listValues(selection, 'not_resource_types') };
  });
  return [...tags, ...resources];
}

/** delete_after_days of a lifecycle group, written as a string or a number; undefined when absent or unreadable. */
function retentionDays(lifecycle: unknown): number | undefined {
  const value = assigned(lifecycle, 'delete_after_days');
  const days = typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
  return typeof days === 'number' && Number.isSafeInteger(days) ? days : undefined;
}

/** Whether a lifecycle group (undefined: none) leaves delete_after_days out, so AWS Backup keeps the recovery points forever; an unreadable value is not. */
const keptForever = (lifecycle: unknown): boolean => lifecycle === undefined || (isRecord(lifecycle) && own(lifecycle, 'delete_after_days') === undefined);

function addUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}

/**
 * What each plan of a policy names, for the config layer's cross-stack
 * checks: the vaults and the role must exist in every account and Region the policy reaches.
 * Never throws; ignores what it cannot read.
 */
export function policyReferences(doc: unknown): { plans: PolicyPlanReferences[] } {
  const plans: PolicyPlanReferences[] = [];
  const plansNode = isRecord(doc) ? own(doc, 'plans') : undefined;
  for (const [name, plan] of namedValues(plansNode)) {
    const references: PolicyPlanReferences = { name, regions: [], vaultNames: [], destinationVaultArns: [], roleArns: [], selections: [], rules: [] };
    for (const region of listValues(plan, 'regions')) addUnique(references.regions, region);
    for (const [ruleName, rule] of namedValues(own(plan, 'rules'))) {
      const vaultName = assignedString(rule, 'target_backup_vault_name');
      addUnique(references.vaultNames, vaultName);
      const schedule = assignedString(rule, 'schedule_expression');
      if (vaultName !== undefined && schedule !== undefined) {
        // Numbers may be written as strings ("60"); anything else leaves AWS's default.
        const number = (key: string, fallback: number) => {
          const value = Number(assigned(rule, key) ?? fallback);
          return Number.isFinite(value) ? value : fallback;
        };
        const continuous = assigned(rule, 'enable_continuous_backup');
        const deleteAfterDays = retentionDays(own(rule, 'lifecycle'));
        const forever = keptForever(own(rule, 'lifecycle')) ? { keptForever: true as const } : {};
        const copies = namedValues(own(rule, 'copy_actions')).map(([key, copy]) => ({
          arn: assignedString(copy, 'target_backup_vault_arn') ?? key,
          ...(own(copy, 'lifecycle') === undefined ? { deleteAfterDays, ...forever } : { deleteAfterDays: retentionDays(own(copy, 'lifecycle')), ...(keptForever(own(copy, 'lifecycle')) ? { keptForever: true as const } : {}) }),
        }));
        references.rules.push({
          name: ruleName,
          vaultName,
          deleteAfterDays,
          ...forever,
          copies,
          rpo: {
            schedule,
            timezone: assignedString(rule, 'schedule_expression_timezone') ?? 'Etc/UTC',
            startWindowMinutes: number('start_backup_window_minutes', AWS_DEFAULT_WINDOWS.startMinutes),
            completionWindowMinutes: number('complete_backup_window_minutes', AWS_DEFAULT_WINDOWS.completionMinutes),
            continuous: continuous === true || continuous === 'true',
          },
        });
      }
      for (const [key, copy] of namedValues(own(rule, 'copy_actions'))) {
        addUnique(references.destinationVaultArns, assignedString(copy, 'target_backup_vault_arn') ?? (Object.hasOwn(copy, 'target_backup_vault_arn') ? undefined : key));
      }
    }
    const selections = own(plan, 'selections');
    references.selections.push(...selectionSpecs(selections));
    if (isRecord(selections)) {
      for (const kind of ['tags', 'resources']) {
        for (const [, selection] of namedValues(own(selections, kind))) addUnique(references.roleArns, assignedString(selection, 'iam_role_arn'));
      }
    }
    plans.push(references);
  }
  return { plans };
}
