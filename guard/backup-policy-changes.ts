/**
 * What an update in place of an Organizations backup policy (type BACKUP_POLICY) stops or shortens
 * in every account it reaches: a plan, rule, Region, selection or copy removed, a retention
 * shortened. It deletes no recovery point (plan changes apply to the backups made after them), so,
 * like deleting a backup plan or selection, it is a warning in the guard's summary, not a block.
 * The documents are read with the one backup policy reader (policies/references.ts).
 */
import { isRecord } from '../core/order';
import type { SelectionSpec } from '../core/selection';
import { POLICY_TYPE as BACKUP_POLICY } from '../policies/model';
import { policyReferences, type PolicyPlanReferences } from '../policies/references';

type Values = Readonly<Record<string, unknown>>;

/** A policy document as Terraform holds it (JSON text; an object is read the same), or undefined when unreadable. */
function documentOf(content: unknown): unknown {
  if (isRecord(content)) return content;
  if (typeof content !== 'string') return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

/** A selection in words: its tags or resource types. */
function describeSelection(selection: SelectionSpec): string {
  if (selection.tags.length > 0) return `tag ${selection.tags.map((tag) => `${tag.key}=${tag.value}`).join(' or ')}`;
  return `resources ${selection.resources.join(', ')}`;
}

const shorter = (was: number | undefined, now: number | undefined): boolean => was !== undefined && now !== undefined && now < was;

/** What one plan loses from `before` to `after`. */
function planChanges(before: PolicyPlanReferences, after: PolicyPlanReferences): string[] {
  const changes: string[] = [];
  const regions = before.regions.filter((region) => !after.regions.includes(region));
  if (regions.length > 0) changes.push(`plan ${before.name} no longer runs in ${regions.join(', ')}`);
  for (const rule of before.rules) {
    const now = after.rules.find((candidate) => candidate.name === rule.name);
    if (now === undefined) {
      changes.push(`removes rule ${rule.name} of plan ${before.name}`);
      continue;
    }
    if (shorter(rule.deleteAfterDays, now.deleteAfterDays)) changes.push(`keeps the backups of rule ${rule.name} of plan ${before.name} ${now.deleteAfterDays} days instead of ${rule.deleteAfterDays}`);
    for (const copy of rule.copies) {
      const copyNow = now.copies.find((candidate) => candidate.arn === copy.arn);
      if (copyNow === undefined) changes.push(`removes the copy of rule ${rule.name} of plan ${before.name} to ${copy.arn}`);
      else if (shorter(copy.deleteAfterDays, copyNow.deleteAfterDays)) changes.push(`keeps the copies of rule ${rule.name} of plan ${before.name} to ${copy.arn} ${copyNow.deleteAfterDays} days instead of ${copy.deleteAfterDays}`);
    }
  }
  const kept = new Set(after.selections.map((selection) => JSON.stringify(selection)));
  for (const selection of before.selections) {
    if (!kept.has(JSON.stringify(selection))) changes.push(`changes or removes the selection of plan ${before.name} of ${describeSelection(selection)}`);
  }
  return changes;
}

/**
 * What an update in place of a backup policy stops or shortens (a phrase after "updating <address>
 * in place"), or undefined for another type or an update that takes nothing away.
 */
export function backupPolicyChange(type: string, change: Values): string | undefined {
  if (type !== 'aws_organizations_policy' || !isRecord(change.before) || change.before.type !== BACKUP_POLICY) return undefined;
  const before = policyReferences(documentOf(change.before.content)).plans;
  if (before.length === 0) return undefined;
  const tail = 'no recovery point is lost, but every account it reaches gets fewer or shorter-kept backups from then on';
  const unknown = change.after_unknown === true || (isRecord(change.after_unknown) && change.after_unknown.content !== undefined && change.after_unknown.content !== false);
  if (unknown) return `gets a backup policy known only at apply: whether it still delivers plan${before.length === 1 ? '' : 's'} ${before.map((plan) => plan.name).join(', ')} as before cannot be checked; if not, ${tail}`;
  const after = policyReferences(documentOf(isRecord(change.after) ? change.after.content : undefined)).plans;
  const changes = before.flatMap((plan) => {
    const now = after.find((candidate) => candidate.name === plan.name);
    return now === undefined ? [`removes plan ${plan.name}`] : planChanges(plan, now);
  });
  return changes.length === 0 ? undefined : `changes what the backup policy delivers (${changes.join('; ')}): ${tail}`;
}
