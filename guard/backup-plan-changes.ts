/**
 * What an update of a backup plan stops or shortens from then on, one comparison for both shapes a
 * plan takes in a Terraform plan: an `aws_backup_plan` (its rule blocks) and the plans of an
 * Organizations backup policy (type BACKUP_POLICY, read with the one backup policy reader,
 * policies/references.ts), which reach every account they target. A plan, rule, Region, selection
 * or copy removed, a retention shortened, a schedule made rarer (the rule's worst-case RPO, by the
 * one RPO evaluator), continuous backup turned off, a rule's backups sent to another vault. None
 * deletes a recovery point (plan changes apply to the backups made after them), so, like deleting
 * a backup plan or selection, each is a warning in the guard's summary, not a block.
 */
import { isRecord } from '../core/order';
import { formatMinutes, worstCaseRpo } from '../core/rpo';
import type { SelectionSpec } from '../core/selection';
import { AWS_DEFAULT_WINDOWS } from '../core/limits';
import { POLICY_TYPE as BACKUP_POLICY } from '../policies/model';
import { policyReferences, type PolicyPlanReferences } from '../policies/references';
import { unknownAfter } from './weakening';

type Values = Readonly<Record<string, unknown>>;
type PlanRule = PolicyPlanReferences['rules'][number];

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
/** A retention in words (an aws_backup_plan rule without delete_after keeps its backups forever). */
const kept = (days: number | undefined): string => (days === Number.POSITIVE_INFINITY ? 'forever' : `${days} days`);
/** A rule's worst-case RPO as a snapshot rule (what a resource without continuous backup gets). */
const snapshotRpo = (rule: PlanRule): number | null => worstCaseRpo({ ...rule.rpo, continuous: false });

/** What one rule loses from `rule` to `now`, in plan `plan`. */
function ruleChanges(rule: PlanRule, now: PlanRule, plan: string): string[] {
  const changes: string[] = [];
  const of = `rule ${rule.name} of plan ${plan}`;
  if (rule.vaultName !== now.vaultName) changes.push(`puts the new backups of ${of} into vault ${now.vaultName} instead of ${rule.vaultName} (whose lock and access policy protected them)`);
  if (shorter(rule.deleteAfterDays, now.deleteAfterDays)) changes.push(`keeps the backups of ${of} ${kept(now.deleteAfterDays)} instead of ${kept(rule.deleteAfterDays)}`);
  else if (rule.deleteAfterDays !== undefined && now.deleteAfterDays === undefined) changes.push(`gives ${of} a retention this guard cannot read (cannot be checked) instead of ${kept(rule.deleteAfterDays)}`);
  if (rule.rpo.continuous && !now.rpo.continuous) changes.push(`turns continuous backup (point-in-time restore) off for ${of}`);
  const [was, will] = [snapshotRpo(rule), snapshotRpo(now)];
  if (was !== null && (will === null || will > was)) changes.push(`makes ${of} back up less often: a resource may go ${formatMinutes(will)} without a new recovery point instead of ${formatMinutes(was)}`);
  for (const copy of rule.copies) {
    const copyNow = now.copies.find((candidate) => candidate.arn === copy.arn);
    if (copyNow === undefined) changes.push(`removes the copy of ${of} to ${copy.arn}`);
    else if (shorter(copy.deleteAfterDays, copyNow.deleteAfterDays)) changes.push(`keeps the copies of ${of} to ${copy.arn} ${kept(copyNow.deleteAfterDays)} instead of ${kept(copy.deleteAfterDays)}`);
    else if (copy.deleteAfterDays !== undefined && copyNow.deleteAfterDays === undefined) changes.push(`gives the copies of ${of} to ${copy.arn} a retention this guard cannot read (cannot be checked) instead of ${kept(copy.deleteAfterDays)}`);
  }
  return changes;
}

/** What one plan loses from `before` to `after`: the one comparison of backup plans and backup policy plans. */
export function planChanges(before: PolicyPlanReferences, after: PolicyPlanReferences): string[] {
  const changes: string[] = [];
  const regions = before.regions.filter((region) => !after.regions.includes(region));
  if (regions.length > 0) changes.push(`plan ${before.name} no longer runs in ${regions.join(', ')}`);
  for (const rule of before.rules) {
    const now = after.rules.find((candidate) => candidate.name === rule.name);
    if (now === undefined) changes.push(`removes rule ${rule.name} of plan ${before.name}`);
    else changes.push(...ruleChanges(rule, now, before.name));
  }
  const selected = new Set(after.selections.map((selection) => JSON.stringify(selection)));
  for (const selection of before.selections) {
    if (!selected.has(JSON.stringify(selection))) changes.push(`changes or removes the selection of plan ${before.name} of ${describeSelection(selection)}`);
  }
  return changes;
}

/** A policy's plans with the retention of a rule or copy that sets no delete_after_days read as forever (as an aws_backup_plan's), not as unreadable. */
const policyPlans = (content: unknown): PolicyPlanReferences[] =>
  policyReferences(documentOf(content)).plans.map((plan) => ({
    ...plan,
    rules: plan.rules.map((rule) => ({
      ...rule,
      deleteAfterDays: rule.keptForever ? Number.POSITIVE_INFINITY : rule.deleteAfterDays,
      copies: rule.copies.map((copy) => ({ ...copy, deleteAfterDays: copy.keptForever ? Number.POSITIVE_INFINITY : copy.deleteAfterDays })),
    })),
  }));

/**
 * What an update in place of a backup policy stops or shortens (a phrase after "updating <address>
 * in place"), or undefined for another type or an update that takes nothing away.
 */
export function backupPolicyChange(type: string, change: Values): string | undefined {
  if (type !== 'aws_organizations_policy' || !isRecord(change.before) || change.before.type !== BACKUP_POLICY) return undefined;
  const before = policyPlans(change.before.content);
  if (before.length === 0) return undefined;
  const tail = 'no recovery point is lost, but every account it reaches gets fewer or shorter-kept backups from then on';
  const unknown = unknownAfter(change.after_unknown, 'content');
  if (unknown) return `gets a backup policy known only at apply: whether it still delivers plan${before.length === 1 ? '' : 's'} ${before.map((plan) => plan.name).join(', ')} as before cannot be checked; if not, ${tail}`;
  const after = policyPlans(isRecord(change.after) ? change.after.content : undefined);
  const changes = before.flatMap((plan) => {
    const now = after.find((candidate) => candidate.name === plan.name);
    return now === undefined ? [`removes plan ${plan.name}`] : planChanges(plan, now);
  });
  return changes.length === 0 ? undefined : `changes what the backup policy delivers (${changes.join('; ')}): ${tail}`;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** delete_after of a lifecycle block list: absent, null or 0 keeps the recovery points forever. */
const retention = (lifecycle: unknown): number => {
  const [block] = list(lifecycle);
  const days = isRecord(block) ? number(block.delete_after) : undefined;
  return days === undefined || days === 0 ? Number.POSITIVE_INFINITY : days;
};

/** An aws_backup_plan's values (its rule blocks) in the comparison's shape: a plan without Regions or selections of its own. */
function terraformPlan(values: Values): PolicyPlanReferences {
  const name = typeof values.name === 'string' ? values.name : '';
  const rules = list(values.rule)
    .filter(isRecord)
    .map((rule): PlanRule => {
      const deleteAfterDays = retention(rule.lifecycle);
      return {
        name: String(rule.rule_name ?? ''),
        vaultName: String(rule.target_vault_name ?? ''),
        deleteAfterDays,
        // A copy without its own lifecycle keeps the rule's retention, as the policy reader reads it.
        copies: list(rule.copy_action)
          .filter(isRecord)
          .map((copy) => ({ arn: String(copy.destination_vault_arn ?? ''), deleteAfterDays: list(copy.lifecycle).length === 0 ? deleteAfterDays : retention(copy.lifecycle) })),
        rpo: {
          schedule: typeof rule.schedule === 'string' ? rule.schedule : '',
          timezone: typeof rule.schedule_expression_timezone === 'string' && rule.schedule_expression_timezone !== '' ? rule.schedule_expression_timezone : 'Etc/UTC',
          startWindowMinutes: number(rule.start_window) ?? AWS_DEFAULT_WINDOWS.startMinutes,
          completionWindowMinutes: number(rule.completion_window) ?? AWS_DEFAULT_WINDOWS.completionMinutes,
          continuous: rule.enable_continuous_backup === true,
        },
      };
    });
  return { name, regions: [], vaultNames: [], destinationVaultArns: [], roleArns: [], selections: [], rules };
}

/** The rule attributes the comparison reads; one Terraform knows only at apply cannot be compared. */
const READ_ATTRIBUTES = ['rule_name', 'target_vault_name', 'schedule', 'schedule_expression_timezone', 'start_window', 'completion_window', 'enable_continuous_backup', 'lifecycle', 'copy_action'];

/** Whether after_unknown marks anything the comparison reads (a rule set, a rule or one of its read attributes, or their contents). */
function rulesUnknown(afterUnknown: unknown): boolean {
  if (afterUnknown === true) return true;
  const rules = isRecord(afterUnknown) ? afterUnknown.rule : undefined;
  if (rules === true) return true;
  const marks = (value: unknown, key?: string): boolean =>
    // opt_in_to_archive_for_supported_resources is computed on every lifecycle block: it changes no retention.
    key === 'opt_in_to_archive_for_supported_resources' ? false : value === true || (Array.isArray(value) ? value.some((item) => marks(item)) : isRecord(value) && Object.entries(value).some(([inner, item]) => marks(item, inner)));
  return list(rules).some((rule) => rule === true || (isRecord(rule) && READ_ATTRIBUTES.some((key) => marks(rule[key], key))));
}

/**
 * What updating (or replacing) an aws_backup_plan stops or shortens from then on (a phrase after
 * "updating <address> in place" or "replacing <address>"), or undefined when it takes nothing away.
 */
export function backupPlanChange(type: string, change: Values): string | undefined {
  if (type !== 'aws_backup_plan' || !isRecord(change.before) || !isRecord(change.after)) return undefined;
  const before = terraformPlan(change.before);
  if (before.rules.length === 0) return undefined;
  const tail = 'no recovery point is lost, but what it selects gets fewer or shorter-kept backups from then on';
  if (rulesUnknown(change.after_unknown)) return `gets rules known only at apply: whether plan ${before.name} still backs up as before cannot be checked; if not, ${tail}`;
  const changes = planChanges(before, terraformPlan(change.after));
  return changes.length === 0 ? undefined : `changes what the backup plan does (${changes.join('; ')}): ${tail}`;
}
