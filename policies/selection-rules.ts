/**
 * The backup policy rules on selections (tag and resource selections, resource types, conditions,
 * the IAM role) and on what plans, rules and selections share: tags and ARN partitions.
 */
import { checkConditionCount, roleArnProblem } from '../core/checks';
import { IAM_ROLE_ARN_PATTERN, POLICY_LIMITS } from '../core/limits';
import { own } from '../core/problems';
import { isUnprefixedConditionKey, unprefixedConditionKeyMessage } from '../core/selection';
import { childPath } from '../core/json-text';
import { characters, type JsonObject } from './json';
import { GrammarWalker, type Entry, type ListItem } from './grammar';
import { MESSAGES } from './messages';
import {
  ACCOUNT_VARIABLE,
  CONDITION_KEYS,
  CONDITION_OPERATORS,
  DOCUMENTED_RESOURCE_TYPES,
  RESOURCE_SELECTION_KEYS,
  SELECTIONS_KEYS,
  TAG_KEYS,
  TAG_SELECTION_KEYS,
} from './model';

/** The grammar walker with the selection, tag and ARN rules. */
export class SelectionRules extends GrammarWalker {
  /** An ARN's partition must be the plan's. */
  partition(arn: string, path: string, planPartition: string | undefined): void {
    const partition = arn.split(':')[1] ?? '';
    if (planPartition !== undefined && partition !== planPartition) this.error(path, MESSAGES.arnPartition(partition, planPartition));
  }

  roleArn(selection: JsonObject, path: string, partition: string | undefined): void {
    const role = this.text(selection, 'iam_role_arn', path, { required: true, arn: true });
    if (role.value === undefined) return;
    const arn = role.value.split(ACCOUNT_VARIABLE).join('123456789012');
    if (!IAM_ROLE_ARN_PATTERN.test(arn)) {
      this.error(role.path, MESSAGES.roleArn(role.value));
      return;
    }
    // IAM's lengths; "${" and "%{" the management stack escapes (modules/organization-backup-policy.ts); "*" and "?" are literal
    // here (no policy of the stacks names a policy file's role: config/resolve.ts backupRoleArns holds the config's roles only).
    const problem = roleArnProblem(arn, { templates: false, wildcards: false });
    if (problem !== undefined) {
      this.error(role.path, problem.split(arn).join(role.value));
      return;
    }
    this.partition(role.value, role.path, partition);
  }

  tagKey(key: string, path: string, reservedPrefix: boolean): void {
    const length = characters(key);
    if (length < 1 || length > POLICY_LIMITS.tagKeyMaxLength) this.error(path, MESSAGES.tagKeyLength(length));
    else if (reservedPrefix && key.toLowerCase().startsWith('aws:')) this.error(path, MESSAGES.tagKeyReserved);
  }

  tagValue(value: string, path: string): void {
    const length = characters(value);
    if (length > POLICY_LIMITS.tagValueMaxLength) this.error(path, MESSAGES.tagValueLength(length));
  }

  /** recovery_point_tags and backup_plan_tags: id -> {tag_key, tag_value}. */
  tags(node: unknown, path: string, group: string, max?: number): void {
    const tags = this.named(node, path, { group, lowerCased: true });
    if (tags === undefined) return;
    if (max !== undefined && tags.length > max) this.error(path, MESSAGES.tooManyRecoveryPointTags(tags.length));
    const keys = new Map<string, string>();
    for (const entry of tags) {
      const tag = this.object(entry.value, entry.path);
      if (tag === undefined) continue;
      this.groupKeys(tag, entry.path, entry.name, TAG_KEYS);
      const key = this.text(tag, 'tag_key', entry.path, { required: true });
      const value = this.text(tag, 'tag_value', entry.path, { required: true });
      if (key.value !== undefined) {
        this.tagKey(key.value, key.path, true);
        const other = keys.get(key.value);
        if (other !== undefined) this.error(key.path, MESSAGES.tagKeyTwice(key.value, other));
        else keys.set(key.value, key.path);
      }
      if (value.value !== undefined) this.tagValue(value.value, value.path);
    }
  }

  selections(plan: JsonObject, planPath: string, partition: string | undefined): void {
    const path = childPath(planPath, 'selections');
    const node = own(plan, 'selections');
    if (node === undefined) {
      this.missing(path);
      return;
    }
    const selections = this.object(node, path);
    if (selections === undefined) return;
    this.groupKeys(selections, path, 'selections', SELECTIONS_KEYS);
    const tagsNode = own(selections, 'tags');
    const resourcesNode = own(selections, 'resources');
    if (tagsNode !== undefined && resourcesNode !== undefined) this.error(path, MESSAGES.selectionsExclusive);
    if (tagsNode === undefined && resourcesNode === undefined) this.error(path, MESSAGES.selectionsNeeded);
    let count = 0;
    if (tagsNode !== undefined) {
      const tagsPath = childPath(path, 'tags');
      const entries = this.named(tagsNode, tagsPath, { group: 'tags', nameKind: 'selection', lowerCased: true });
      if (entries !== undefined) {
        if (entries.length === 0) this.error(tagsPath, MESSAGES.noSelection);
        if (entries.length > POLICY_LIMITS.maxTagSelectionsPerPlan) this.error(tagsPath, MESSAGES.tooManyTagSelections(entries.length));
        count += entries.length;
        for (const entry of entries) this.tagSelection(entry, partition);
      }
    }
    if (resourcesNode !== undefined) {
      const resourcesPath = childPath(path, 'resources');
      const entries = this.named(resourcesNode, resourcesPath, { group: 'resources', nameKind: 'selection', lowerCased: true });
      if (entries !== undefined) {
        if (entries.length === 0) this.error(resourcesPath, MESSAGES.noSelection);
        count += entries.length;
        for (const entry of entries) this.resourceSelection(entry, partition);
      }
    }
    if (count > POLICY_LIMITS.maxSelectionsPerPlan) this.error(path, MESSAGES.tooManySelections(count));
  }

  tagSelection(entry: Entry, partition: string | undefined): void {
    const selection = this.object(entry.value, entry.path);
    if (selection === undefined) return;
    this.groupKeys(selection, entry.path, entry.name, TAG_SELECTION_KEYS);
    this.roleArn(selection, entry.path, partition);
    const key = this.text(selection, 'tag_key', entry.path, { required: true });
    // Selecting on AWS-created tags (aws:cloudformation:stack-name ...) is legitimate: no reserved-prefix check.
    if (key.value !== undefined) this.tagKey(key.value, key.path, false);
    const values = this.list(selection, 'tag_value', entry.path, true);
    // Values this document removes (@@remove) are not tags of the selection.
    const tags = values.items.filter((item) => item.operator !== '@@remove').length;
    if (tags > POLICY_LIMITS.maxTagsPerSelection) this.error(values.path, MESSAGES.tooManyTagValues(tags));
    for (const item of values.items) {
      if (this.variables(item.value, item.path)) this.tagValue(item.value, item.path);
      if (item.value.includes('*')) this.warning(item.path, MESSAGES.exactTagValue(item.value));
    }
    this.conditions(selection, entry.path);
  }

  resourceSelection(entry: Entry, partition: string | undefined): void {
    const selection = this.object(entry.value, entry.path);
    if (selection === undefined) return;
    this.groupKeys(selection, entry.path, entry.name, RESOURCE_SELECTION_KEYS);
    this.roleArn(selection, entry.path, partition);
    const types = this.list(selection, 'resource_types', entry.path, true);
    const excluded = this.list(selection, 'not_resource_types', entry.path);
    for (const item of [...types.items, ...excluded.items]) this.resourceType(item, partition);
    const conditions = this.conditions(selection, entry.path);
    if (conditions === 0 && types.items.some((item) => item.value === '*' && item.operator !== '@@remove')) this.warning(types.path, MESSAGES.selectsEverything(excluded.items.some((item) => item.operator !== '@@remove')));
  }

  resourceType(item: ListItem, partition: string | undefined): void {
    if (!this.variables(item.value, item.path) || item.value === '*') return;
    if (!item.value.startsWith('arn:')) {
      this.error(item.path, MESSAGES.resourceType(item.value));
      return;
    }
    const inAws = item.value.replace(/^arn:[^:]*:/, 'arn:aws:');
    if (!(DOCUMENTED_RESOURCE_TYPES as readonly string[]).includes(inAws)) this.warning(item.path, MESSAGES.undocumentedResourceType(item.value));
    this.partition(item.value, item.path, partition);
  }

  /** Checks a selection's conditions; returns how many there are (undefined when unusable). */
  conditions(selection: JsonObject, selectionPath: string): number | undefined {
    const node = own(selection, 'conditions');
    if (node === undefined) return 0;
    const path = childPath(selectionPath, 'conditions');
    const conditions = this.object(node, path);
    if (conditions === undefined) return undefined;
    this.groupKeys(conditions, path, 'conditions', CONDITION_OPERATORS);
    let count = 0;
    for (const operator of CONDITION_OPERATORS) {
      const operatorNode = own(conditions, operator);
      if (operatorNode === undefined) continue;
      const entries = this.named(operatorNode, childPath(path, operator), { group: operator, lowerCased: true });
      if (entries === undefined) continue;
      count += entries.length;
      for (const entry of entries) {
        const condition = this.object(entry.value, entry.path);
        if (condition === undefined) continue;
        this.groupKeys(condition, entry.path, entry.name, CONDITION_KEYS);
        const key = this.text(condition, 'condition_key', entry.path, { required: true });
        const value = this.text(condition, 'condition_value', entry.path, { required: true });
        // The one reading of a condition key (core/selection.ts): a bare key, the prefix in another case, another aws: key.
        if (key.value !== undefined && !key.value.startsWith('aws:ResourceTag/')) this.warning(key.path, isUnprefixedConditionKey(key.value) ? unprefixedConditionKeyMessage(key.value) : MESSAGES.conditionKey);
        if (value.value !== undefined) this.tagValue(value.value, value.path);
      }
    }
    this.add(checkConditionCount(count, path));
    return count;
  }
}
