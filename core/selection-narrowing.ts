/**
 * What a selection no longer takes that it took before (a selection replaced, as every change of an
 * aws_backup_selection is): the one selection evaluator (./selection.ts) says whether the new one
 * selects nothing at all, and each way the old one took resources (a selection tag, an ARN pattern,
 * "*", everything) is looked for among the new one's ways; an added notResources entry that can meet
 * what the new one takes, and an added condition the old conditions did not already imply, narrow it
 * too. Read on the loud side: an ARN pattern or condition value with a `?` is read the narrow way
 * (`?` literal where it selects, a wildcard where it excludes), since AWS does not say which holds.
 */
import { evaluateSelection, isConditionKeyForm, patternCovers, patternsOverlap, unprefixedKeyFlaw, unprefixedTagKey, type SelectionSpec, type TagCondition } from './selection';
import { conditionHolds } from './tag-conditions';

const CONFIG_OPERATORS: Readonly<Record<TagCondition['operator'], string>> = { StringEquals: 'stringEquals', StringNotEquals: 'stringNotEquals', StringLike: 'stringLike', StringNotLike: 'stringNotLike' };

/** With neither tags nor resources (nor, AWS refusing them alone, conditions), AWS Backup selects every opted-in resource. */
const takesEverything = (spec: SelectionSpec): boolean => spec.tags.length === 0 && spec.resources.length === 0 && spec.conditions.length === 0;
/** Whether every resource is a candidate of the selection (before its conditions and notResources): everything, or "*". */
const everyCandidate = (spec: SelectionSpec): boolean => takesEverything(spec) || spec.resources.includes('*');

/** Whether `after` still takes, as a candidate, every resource the ARN pattern takes (`?` of after's patterns literal: the narrow reading). */
const takesArn = (after: SelectionSpec, pattern: string): boolean => everyCandidate(after) || after.resources.some((outer) => patternCovers(outer, pattern, false));

/**
 * A selection tag's key without the condition-key prefix. AWS's examples write selection tag keys
 * (ListOfTags) both as "aws:ResourceTag/<key>" and as the bare key; the prefixed one takes what the
 * bare one takes or nothing (no resource carries a tag key starting with "aws:", a prefix AWS
 * reserves), so a selection of it never took more than one of the bare key.
 */
const bareKey = (key: string): string => (isConditionKeyForm(key) ? key.slice('aws:ResourceTag/'.length) : key);

/** Whether a condition of `after` holds on every resource `before` took (a sufficient reading, not a complete one). */
function implied(condition: TagCondition, beforeSpec: SelectionSpec): boolean {
  const before = beforeSpec.conditions;
  // A key without aws:ResourceTag/ may match no resource (core/selection.ts): only the same condition, written the same way, already held.
  if (condition.unprefixed === true) return before.some((old) => old.unprefixed === true && old.key === condition.key && old.operator === condition.operator && old.value === condition.value);
  // A selection of tags only took resources carrying one of them: a condition on that key each tag's value meets holds on all of them.
  if (beforeSpec.resources.length === 0 && beforeSpec.tags.length > 0 && beforeSpec.tags.every((tag) => bareKey(tag.key) === condition.key && conditionHolds(condition, { [condition.key]: tag.value }) === 'yes')) return true;
  return before.some((old) => {
    // An old positive condition without the prefix took what the prefixed one takes or nothing, like a selection tag in the condition-key form (bareKey); a negated one, perhaps everything.
    // (The prefix in another case, aws:resourcetag/env, names the same tag key if it matches at all.)
    const oldKey = old.unprefixed === true ? unprefixedTagKey(old.key) : old.key;
    if (oldKey !== condition.key || (old.unprefixed === true && (old.operator === 'StringNotEquals' || old.operator === 'StringNotLike'))) return false;
    if (old.operator === condition.operator && old.value === condition.value) return true;
    // The old condition pins the value: the new one holds on that value.
    if (old.operator === 'StringEquals') return conditionHolds(condition, { [oldKey]: old.value }) === 'yes';
    // Like a pattern that covers the old one's every value (the new `?` literal, its `*` spanning no white space: the narrow reading).
    if (old.operator === 'StringLike' && condition.operator === 'StringLike') return patternCovers(condition.value, old.value, false, false);
    // Not like (or not equal to) what the old not-like pattern already excluded (the old `?` literal, its `*` spanning no white space).
    if (old.operator === 'StringNotLike' && (condition.operator === 'StringNotLike' || condition.operator === 'StringNotEquals')) return patternCovers(old.value, condition.value, false, false);
    return false;
  });
}

/** Whether an ARN pattern of notResources can exclude something `after` takes (its tags and "*" take any ARN). */
const meetsWhatItTakes = (after: SelectionSpec, pattern: string): boolean => after.tags.length > 0 || everyCandidate(after) || after.resources.some((arn) => patternsOverlap(arn.replace(/\?/g, '*'), pattern.replace(/\?/g, '*')));

/**
 * What `after` no longer takes that `before` took, each in words ("no longer takes resources tagged
 * backup=daily", "now excludes arn:...", "now also requires stringEquals env=prod"); [] when after
 * takes at least as much. When after selects nothing (or AWS refuses it) while before did not, that
 * alone is said, with the evaluator's reason.
 */
export function selectionNarrowing(before: SelectionSpec, after: SelectionSpec): string[] {
  const [was, now] = [evaluateSelection(before), evaluateSelection(after)];
  const empty = (verdict: string) => verdict === 'nothing' || verdict === 'refused';
  if (empty(was.verdict)) return [];
  if (empty(now.verdict)) return [`selects nothing any more: ${now.reason ?? now.verdict}`];
  if (takesEverything(before) && !takesEverything(after)) return ['no longer takes every resource opted in to AWS Backup'];
  const losses: string[] = [];
  for (const tag of before.tags) {
    // A bare key after a prefixed one takes at least as much (bareKey); not the other way round.
    if (!everyCandidate(after) && !after.tags.some((other) => (other.key === tag.key || other.key === bareKey(tag.key)) && other.value === tag.value)) losses.push(`no longer takes resources tagged ${tag.key}=${tag.value}`);
  }
  // "*" with a stringEquals condition took only resources with that tag value: a selection tag of it takes them all still.
  const pinnedTagTaken = before.conditions.some((condition) => condition.operator === 'StringEquals' && after.tags.some((tag) => tag.key === condition.key && tag.value === condition.value));
  for (const pattern of before.resources) {
    if (!takesArn(after, pattern) && !(pattern === '*' && pinnedTagTaken)) losses.push(pattern === '*' ? 'no longer takes every resource ("*")' : `no longer takes ${pattern}`);
  }
  // An old exclusion that covers the new one (its `?` literal: the narrow reading) already left those resources out.
  for (const pattern of after.notResources) {
    if (!before.notResources.some((old) => patternCovers(old, pattern, false)) && meetsWhatItTakes(after, pattern)) losses.push(`now excludes ${pattern}`);
  }
  for (const condition of after.conditions) {
    const unprefixed = condition.unprefixed === true ? ` on condition key "${condition.key}", which ${unprefixedKeyFlaw(condition.key)} and may match no resource` : '';
    if (!implied(condition, before)) losses.push(`now also requires ${CONFIG_OPERATORS[condition.operator]} ${condition.key}=${condition.value}${unprefixed}`);
  }
  return losses;
}
