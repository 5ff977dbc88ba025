/**
 * Tag conditions of AWS Backup selections (see core/selection.ts for AWS's semantics): whether one
 * holds on a resource's tags, and which combinations no resource can meet, alone or with the
 * selection tags that take the resources they apply to.
 */
import { matchesPattern, patternCovers, patternsOverlap } from './arn-patterns';

export type ConditionOperator = 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike';

/** One tag condition; `key` is the tag key (without the aws:ResourceTag/ prefix). */
export interface TagCondition {
  readonly operator: ConditionOperator;
  readonly key: string;
  readonly value: string;
  /**
   * The selection wrote the key without the aws:ResourceTag/ prefix, with it in another case, or
   * another aws: key (`key` is as written: core/selection.ts isUnprefixedConditionKey). AWS
   * documents condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches
   * another against, so the selection evaluator credits no resource through it and judges nothing
   * empty by it (core/selection.ts).
   */
  readonly unprefixed?: true;
}

/** Why the conditions of a selection contradict each other, in words: the start of SelectionEvaluation.reason. */
export const CONDITIONS_CONTRADICT = 'its conditions contradict each other';

/** Conditions that no resource can satisfy together, in words; undefined when they can. */
export function contradiction(conditions: readonly TagCondition[]): string | undefined {
  const equals = new Map<string, Set<string>>();
  // StringLike without a wildcard admits that value only, as StringEquals does.
  const literal = (value: string) => !value.includes('*') && !value.includes('?');
  for (const condition of conditions) {
    if (condition.operator !== 'StringEquals' && !(condition.operator === 'StringLike' && literal(condition.value))) continue;
    const values = equals.get(condition.key) ?? new Set<string>();
    values.add(condition.value);
    equals.set(condition.key, values);
  }
  for (const [key, values] of equals) {
    if (values.size > 1) return `tag "${key}" must equal ${[...values].map((value) => `"${value}"`).join(' and ')} at once`;
  }
  for (const condition of conditions) {
    if (condition.operator === 'StringNotEquals' && equals.get(condition.key)?.has(condition.value)) return `tag "${condition.key}" must and must not equal "${condition.value}"`;
  }
  for (const condition of conditions) {
    const [value] = [...(equals.get(condition.key) ?? [])];
    if ((condition.operator === 'StringLike' || condition.operator === 'StringNotLike') && value !== undefined && failsFor(value, condition)) {
      return `tag "${condition.key}" must equal "${value}", which ${condition.operator} "${condition.value}" never admits`;
    }
  }
  const likes = conditions.filter((condition) => condition.operator === 'StringLike' && !condition.value.includes('?'));
  for (const [index, a] of likes.entries()) {
    const b = likes.slice(index + 1).find((other) => other.key === a.key && !patternsOverlap(a.value, other.value));
    if (b !== undefined) return `tag "${a.key}" must be like "${a.value}" and like "${b.value}", which no value is`;
    // Every value like a is like b too, whichever way AWS reads * (across white space or not, alike in both: b's * is read the narrow way); a ? leaves it open.
    const b2 = conditions.find((other) => other.operator === 'StringNotLike' && other.key === a.key && !other.value.includes('?') && patternCovers(other.value, a.value, false, false));
    if (b2 !== undefined) return b2.value === a.value ? `tag "${a.key}" must be and must not be like "${a.value}"` : `tag "${a.key}" must be like "${a.value}", and every such value is like "${b2.value}", which StringNotLike excludes`;
  }
  return undefined;
}

/** Whether `condition` fails for a tag of its key with `value` under every reading of `*` and `?` (StringLike not matching even with ? as a wildcard, StringNotLike matching even with ? literal). */
function failsFor(value: string, condition: TagCondition): boolean {
  switch (condition.operator) {
    case 'StringEquals':
      return condition.value !== value;
    case 'StringNotEquals':
      return condition.value === value;
    case 'StringLike':
      return !matchesPattern(condition.value, value, true);
    case 'StringNotLike':
      return matchesPattern(condition.value, value, false, false);
  }
}

/** Why a selection of tags only selects nothing: the resource each selection tag takes fails a condition on the same key. */
export const TAGS_FAIL_CONDITIONS = 'no resource a selection tag takes can meet the conditions';

/**
 * When the selection takes resources by tag only, why none can meet its conditions: each selection
 * tag's resources carry that key with that value, and a condition on the same key fails for it
 * (failsFor). undefined when one tag's resources may meet them.
 */
export function tagsFailingConditions(tags: readonly { readonly key: string; readonly value: string }[], conditions: readonly TagCondition[]): string | undefined {
  const reasons = tags.map((tag) => {
    const failed = conditions.find((condition) => condition.key === tag.key && failsFor(tag.value, condition));
    return failed && `tag "${tag.key}" = "${tag.value}" fails ${failed.operator} "${failed.value}"`;
  });
  return tags.length > 0 && reasons.every((reason) => reason !== undefined) ? reasons.join('; ') : undefined;
}

/**
 * Whether the condition holds under every reading of `?` and `*` (see the file comment): 'yes', 'no', or
 * 'untagged' when it holds only if AWS reads a negated operator as met by a resource without the
 * tag, as IAM does. AWS says the Boolean arithmetic "is similar to that in IAM policies", but the
 * Conditions API reference describes StringNotEquals and StringNotLike only for "your tagged
 * resources", so that reading is unconfirmed.
 */
export function conditionHolds(condition: TagCondition, tags: Readonly<Record<string, string>>): 'yes' | 'no' | 'untagged' {
  const value = Object.hasOwn(tags, condition.key) ? tags[condition.key] : undefined;
  const holds = (yes: boolean): 'yes' | 'no' => (yes ? 'yes' : 'no');
  switch (condition.operator) {
    case 'StringEquals':
      return holds(value === condition.value);
    case 'StringNotEquals':
      return value === undefined ? 'untagged' : holds(value !== condition.value);
    case 'StringLike':
      return holds(value !== undefined && matchesPattern(condition.value, value, false, false));
    case 'StringNotLike':
      return value === undefined ? 'untagged' : holds(!matchesPattern(condition.value, value, true));
  }
}

