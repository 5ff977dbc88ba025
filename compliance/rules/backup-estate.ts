/** backup-estate's own checks: what no scanner checks (vault locks, copy targets, RPO, deletion protection). */
import type { ComplianceRule, StackResource, StackView } from '../types';
import { evaluateSelection, selectionSpecOfTerraform, SNAKE_CASE_OPERATORS, unprefixedConditionKeyMessage, type SelectionEvaluation, type SelectionSpec } from '../../core/selection';
import { continuousCoverage, continuousRunsAsSnapshots, selectionsMayShare } from '../../core/selection-reach';
import { withOtherPlansJobs } from '../../core/plan-contention';
import { HELD_NOTE } from '../../core/job-contention';
import { blocks } from '../../core/terraform-json';
import { isRecord, plural } from '../../core/order';
import { retentionInLockRange } from '../../core/checks';
import {
  COMPLIANT,
  onKnownRules,
  describeLock,
  dynamicRuleBlocks,
  fromProblems,
  hours,
  isUnknownLockVault,
  lockOf,
  NOT_APPLICABLE,
  nonCompliant,
  planLabel,
  planRules,
  PlanRuleView,
  rpoInput,
  scheduleGapHours,
  contestedSelections,
  selectionsOf,
  stringOf,
  UNKNOWN_RETENTION_TIME,
  vaultOfArn,
  vaultOfName,
  type VaultTarget,
} from './helpers';
import * as ids from './ids';
import { CONTENTION_NOTE, planRpo, rulesAsRun, type RpoInput } from '../../core/rpo';

export const copyOtherRegion: ComplianceRule = {
  id: ids.BACKUP_ESTATE_COPY_OTHER_REGION,
  severity: 'warning',
  source: 'backup-estate',
  description:
    'Every copy lands in another Region (or, like the copies into an organization\'s central vault, in another account): a copy into the same Region and account survives neither a Regional outage nor the loss of the account.',
  remediation: 'Point the copy at a vault in another Region (vaults.<key>.region) or in the central backup account, or drop it.',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('where its copies land', (plan, view) => {
    const region = view.regionOf(plan);
    const rules = planRules(plan);
    if (rules.every((rule) => rule.copies.length === 0)) return NOT_APPLICABLE;
    const problems = rules.flatMap((rule) =>
      rule.copies.flatMap((copy) => {
        const destination = vaultOfArn(view, copy.destination);
        const same = destination.region === region && destination.account === view.facts.accountId;
        return same ? [{ rule: rule.name, message: `rule ${rule.name} copies to ${destination.label} in the same Region (${region}) and account` }] : [];
      }),
    );
    return fromProblems(
      problems.map((problem) => problem.message),
      problems.map((problem) => problem.rule),
    );
  }),
};

/** No delete_after keeps recovery points forever: inside only a lock without a maximum (core/checks.ts retentionInLockRange). */
const withinLock = (days: number | undefined, lock: { min: number; max?: number }): boolean =>
  retentionInLockRange(days ?? Number.POSITIVE_INFINITY, { minRetentionDays: lock.min, ...(lock.max === undefined ? {} : { maxRetentionDays: lock.max }) });

/**
 * A rule's retention in AWS's overlap optimization (the longer retention's rule runs): no delete_after keeps recovery points forever,
 * the longest of all; a delete_after known only at apply may be longer or shorter than any other (NaN: core/rpo.ts withOverlapWinners).
 */
const retentionForOverlap = (rule: PlanRuleView): number => (rule.deleteAfterUnknown === true ? Number.NaN : (rule.deleteAfter ?? Number.POSITIVE_INFINITY));

const retention = (days: number | undefined, unknown = false): string => (unknown ? UNKNOWN_RETENTION_TIME : days === undefined ? 'forever (no delete_after)' : plural(days, 'day'));

export const retentionWithinLock: ComplianceRule = {
  id: ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK,
  severity: 'error',
  source: 'backup-estate',
  description:
    'The retention of every rule and every copy fits the Vault Lock of the vault it lands in (a lock of this stack, the range of a logically air-gapped vault, or facts.externalLocks for vaults of other stacks such as the central vault): AWS Backup fails jobs whose retention falls outside the lock. A vault of another stack whose lock facts leave unknown is a warning.',
  remediation: 'Set lifecycle.deleteAfterDays of the rule or copy inside the destination lock\'s min/max retention, or widen the lock (only possible before a compliance-mode lock becomes immutable).',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('whether its retention fits the vault locks', (plan, view) => {
    const region = view.regionOf(plan);
    const problems: string[] = [];
    const unknown: string[] = [];
    const concerned: string[] = [];
    const judge = (rule: string, what: string, days: number | undefined, daysUnknown: boolean, target: VaultTarget): void => {
      const lock = lockOf(view, target);
      if (typeof lock !== 'string' && daysUnknown) {
        // A retention known only at apply may fit the lock or not: never compliant, a warning (not "forever").
        unknown.push(`${what} keeps recovery points ${retention(days, true)} in ${target.label}, whose lock allows ${describeLock(lock)}: AWS Backup fails the job if the retention falls outside it`);
        concerned.push(rule);
      } else if (typeof lock !== 'string' && !withinLock(days, lock)) {
        problems.push(`${what} keeps recovery points ${retention(days)} in ${target.label}, whose lock allows ${describeLock(lock)}`);
        concerned.push(rule);
      } else if (lock === 'unknown' && !isUnknownLockVault(view, target)) {
        // An existing vault's unknown lock is the config check's warning, at its config field (config/target-rules.ts).
        unknown.push(`${what} keeps recovery points ${retention(days, daysUnknown)} in ${target.label}, a vault outside this stack whose Vault Lock is unknown (facts.externalLocks does not name it): AWS Backup fails the job if that lock does not allow it`);
        concerned.push(rule);
      }
    };
    for (const rule of planRules(plan)) {
      judge(rule.name, `rule ${rule.name}`, rule.deleteAfter, rule.deleteAfterUnknown === true, vaultOfName(view, rule.targetVaultName, region));
      for (const copy of rule.copies) judge(rule.name, `the copy of rule ${rule.name}`, copy.deleteAfter, copy.deleteAfterUnknown === true, vaultOfArn(view, copy.destination));
    }
    // Never compliant on an unknown lock; a warning, not an error, when nothing is known to break.
    if (problems.length === 0 && unknown.length > 0) return { ...nonCompliant(unknown.join('; '), concerned), severity: 'warning' };
    return fromProblems([...problems, ...unknown], concerned);
  }),
};

/** What a synthesized selection covers, by the one selection evaluator (core/selection.ts). */
function selectionOf(selection: StackResource, view: StackView): { label: string; evaluation: SelectionEvaluation; spec: SelectionSpec } {
  const name = stringOf(selection.attributes.name);
  const label = `selection ${name !== undefined ? `"${name}" ` : ''}(${selection.address})`;
  const spec = selectionSpecOfTerraform(selection.attributes);
  const evaluation = evaluateSelection(spec, { region: view.regionOf(selection), accountId: view.facts.accountId });
  return { label, evaluation, spec };
}

/** The operators (string_equals, ...) that more than one condition block of an aws_backup_selection sets: the provider keeps one block's list of each (expandConditions). */
function operatorsInSeveralBlocks(condition: unknown): string[] {
  const conditionBlocks = blocks(condition);
  return Object.keys(SNAKE_CASE_OPERATORS).filter((operator) => conditionBlocks.filter((block) => blocks(block[operator]).length > 0).length > 1);
}

export const selectionNotEmpty: ComplianceRule = {
  id: ids.BACKUP_ESTATE_SELECTION_NOT_EMPTY,
  severity: 'warning',
  source: 'backup-estate',
  description:
    'Every selection says what it selects and can select something: selection tags or resources, narrowed by conditions (not_resources alone selects everything else). A selection without any makes AWS Backup select every opted-in resource (a cost trap); contradictory conditions, or resources all excluded or outside the plan\'s account and Region, select nothing. A condition key without the aws:ResourceTag/ prefix (a bare tag key), with it in another case, or another aws: key (aws:PrincipalTag/team) is one AWS documents no reading of: no resource counts as selected through it. An operator set in several condition blocks keeps the list of one block only (hashicorp/aws 5.100.0, terraform-provider-aws issue #38114). Plans without a selection are reported by ' +
    ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN +
    '.',
  remediation: 'Give the selection tags or resources (resources: ["*"] with conditions to say "every resource whose tags match"), and conditions that some resource can meet, each keyed aws:ResourceTag/<tag key>.',
  resourceTypes: ['aws_backup_selection'],
  check(selection, view) {
    const { label, evaluation, spec } = selectionOf(selection, view);
    if (evaluation.verdict === 'everything' && evaluation.reason === 'it has no tags, conditions or resources') {
      return nonCompliant(`${label} has no selection_tag, condition or resources: AWS Backup would select every opted-in resource`);
    }
    if (evaluation.verdict === 'nothing') return nonCompliant(`${label} selects nothing: ${evaluation.reason}`);
    const unprefixed = [...new Set(spec.conditions.filter((condition) => condition.unprefixed === true).map((condition) => condition.key))];
    if (unprefixed.length > 0) return nonCompliant(`${label}: ${unprefixed.map(unprefixedConditionKeyMessage).join('; ')}`);
    const repeated = operatorsInSeveralBlocks(selection.attributes.condition);
    if (repeated.length > 0) {
      return nonCompliant(
        `${label} sets ${repeated.join(', ')} in more than one condition block: hashicorp/aws 5.100.0 sends AWS the list of one block per operator (each block read overwrites the one before: terraform-provider-aws issue #38114), so AWS drops the other blocks' conditions and selects more than the file says, and every plan replaces the selection; write every condition in one condition block`,
      );
    }
    return COMPLIANT;
  },
};

export const selectionAccepted: ComplianceRule = {
  id: ids.BACKUP_ESTATE_SELECTION_ACCEPTED,
  severity: 'error',
  source: 'backup-estate',
  description:
    'AWS accepts the selection: CreateBackupSelection refuses one with conditions but neither selection tags nor resources ("Either \'ListOfTags\' or \'Resources\' section must be non-empty"), so the apply fails and the plan backs up nothing.',
  remediation: 'Add resources: ["*"] beside the conditions (every resource whose tags match them), or selection tags.',
  resourceTypes: ['aws_backup_selection'],
  check(selection, view) {
    const { label, evaluation } = selectionOf(selection, view);
    return evaluation.verdict === 'refused' ? nonCompliant(`${label}: ${evaluation.reason}`) : COMPLIANT;
  },
};

/** Continuous backup: AWS Backup restores to any point within the last five minutes or so. */
const CONTINUOUS_RPO_HOURS = 5 / 60;

/** Worst-case time between recovery points of one rule: schedule gap plus start and completion windows, in hours. */
export function ruleRpoHours(rule: PlanRuleView): { hours: number; explanation: string } | undefined {
  if (rule.continuous) return { hours: CONTINUOUS_RPO_HOURS, explanation: `rule ${rule.name}: continuous backup, 5 minutes` };
  const gap = scheduleGapHours(rule.schedule, rule.timezone);
  if (gap === undefined) return undefined;
  const total = gap + rule.startWindow / 60 + rule.completionWindow / 60;
  const explanation =
    gap === Infinity
      ? `rule ${rule.name}: ${rule.schedule} runs fewer than twice or stops`
      : `rule ${rule.name}: every ${hours(gap)} (${rule.timezone}) + ${rule.startWindow} min start window + ${rule.completionWindow} min completion window = ${hours(total)}`;
  return { hours: total, explanation };
}

export const rpoWithinTarget: ComplianceRule = {
  id: ids.BACKUP_ESTATE_RPO_WITHIN_TARGET,
  severity: 'error',
  source: 'backup-estate',
  description:
    "The plan's worst-case recovery point objective stays within its declared target (facts.rpoTargetHours by plan name), as core/rpo.ts evaluates it for the report too: over the union of the plan's rules, the longest wait from one run to the next recovery point that is certain (schedule gaps in each rule's time zone, daylight saving included, plus start and completion windows, one backup job per resource at a time, so a job that may run past the start windows of later runs makes them count as none; continuous backup: 5 minutes when every resource the plan's selections can reach has it, else the rule's snapshot schedule, as AWS backs the others up by snapshot); a schedule that stops makes it unbounded. Not applicable without a target.",
  remediation: 'Schedule a rule more often, shorten its windows, or enable continuous backup; or declare the target the plan really meets (plans.<key>.rpoTargetHours).',
  resourceTypes: ['aws_backup_plan'],
  check(plan, view) {
    const name = stringOf(plan.attributes.name);
    const targets = view.facts.rpoTargetHours;
    if (name === undefined || !Object.hasOwn(targets, name)) return NOT_APPLICABLE;
    const target = targets[name];
    // Rules written as dynamic blocks are expanded at apply: their RPO is unknown, never within the target.
    const unknown = onKnownRules(`its worst-case RPO (target ${hours(target)})`, () => COMPLIANT)(plan, view);
    if (unknown.status === 'non-compliant') return unknown;
    const rules = planRules(plan);
    // A schedule that does not parse, or is known only at apply time: other rules report it.
    if (rules.length === 0 || rules.some((rule) => !rule.continuous && scheduleGapHours(rule.schedule, rule.timezone) === undefined)) return NOT_APPLICABLE;
    // Windows known only at apply: the worst case grows with them, never read as AWS's defaults.
    const unknownWindows = rules.filter((rule) => rule.windowsUnknown === true && !rule.continuous).map((rule) => rule.name);
    if (unknownWindows.length > 0) {
      return {
        ...nonCompliant(`the worst-case RPO of ${planLabel(plan)} cannot be judged against its ${hours(target)} target before apply: the start_window or completion_window of rule${unknownWindows.length === 1 ? '' : 's'} ${unknownWindows.join(', ')} is a reference, and the RPO grows with the windows`, unknownWindows),
        severity: 'warning',
      };
    }
    const specs = selectionsOf(view, plan).map((selection) => selectionSpecOfTerraform(selection.attributes));
    const home = { region: view.regionOf(plan), accountId: view.facts.accountId };
    const inputs = rules.map(rpoInput);
    const retentionDays = rules.map(retentionForOverlap);
    // Continuous, or why the runs count (core/selection-reach continuousCoverage).
    const coverage = continuousCoverage(specs, home, contestedSelections(view, plan), inputs, retentionDays);
    const continuousCovers = coverage === 'continuous';
    // Resources of a type without continuous backup get snapshots on the rules' schedules; runs that overlap make one backup, the rule kept longer's (core/rpo.ts rulesAsRun).
    // A run a job of another plan of the stack's Region selecting the same resources may hold the resource through makes none of this plan's (core/plan-contention.ts).
    const others = otherPlansJobs(view, plan, specs);
    const estimate = planRpo(withOtherPlansJobs(rulesAsRun(inputs, retentionDays, !continuousCovers), others.jobs));
    const worst = estimate.minutes === null ? Infinity : estimate.minutes / 60;
    if (worst <= target && others.unread.length > 0) {
      // Another plan that may take the same resources runs jobs this check cannot read: they may hold this plan's runs (core/plan-contention.ts).
      const them = others.unread.join(', ');
      return { ...nonCompliant(`the worst-case RPO of ${planLabel(plan)} is ${hours(worst)} without ${them}, which may back up the same resources with rules known only at apply (a dynamic block, a schedule or windows that are references): whether its jobs hold this plan's runs, and so the RPO against its ${hours(target)} target, cannot be judged before then`), severity: 'warning' };
    }
    if (worst <= target) return COMPLIANT;
    const [only] = rules;
    const explanation =
      estimate.minutes === null
        ? estimate.explanation.replace(/^unbounded: /, '')
        : rules.length === 1 && only
          ? (ruleRpoHours(continuousCovers ? only : { ...only, continuous: false })?.explanation ?? estimate.explanation)
          : `rules ${rules.map((rule) => rule.name).join(', ')} together: at most ${hours(worst)} from one run to the next certain recovery point, windows included`;
    const fallback =
      continuousCovers || !rules.some((rule) => rule.continuous)
        ? ''
        : coverage === 'lapse'
          ? '; its continuous recovery point is kept no longer than the time between its runs, which renew it (Aurora, RDS, SAP HANA: "greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state"), so the runs count'
          : coverage === 'contested'
            ? "; another plan's continuous rule may take its resources, and AWS backs each up continuously for one plan only, with snapshots on the others' schedules"
            : '; its selections reach types without continuous backup, which get snapshots on the schedules';
    const contention = (estimate.explanation === CONTENTION_NOTE || estimate.explanation.endsWith(HELD_NOTE)) && !explanation.includes(estimate.explanation.replace(/^unbounded: /, '')) ? `; ${estimate.explanation.replace(/^unbounded: /, '')}` : '';
    return nonCompliant(`the worst-case RPO of ${planLabel(plan)} is ${worst === Infinity ? 'unbounded' : hours(worst)} (${explanation}${fallback}${contention}), above its ${hours(target)} target`, rules.length === 1 && only ? [only.name] : []);
  },
};

/**
 * The snapshot rules, as AWS runs them, of the other plans of `plan`'s Region in the stack whose selections may take a resource `specs`
 * take; `unread`: those of such plans whose rules are known only at apply (dynamic blocks, a schedule that is no cron expression known now).
 */
function otherPlansJobs(view: StackView, plan: StackResource, specs: readonly SelectionSpec[]): { jobs: RpoInput[]; unread: string[] } {
  const region = view.regionOf(plan);
  const home = { region, accountId: view.facts.accountId };
  const shares = (theirs: readonly SelectionSpec[]) => theirs.some((spec) => specs.some((mine) => selectionsMayShare(mine, spec)));
  // The backup policies' plans run in the stack's Region (facts.region) only.
  const policies = region === view.facts.region ? (view.facts.policyPlanJobs ?? []).filter((other) => shares(other.selections)).flatMap((other) => other.rules) : [];
  const unread: string[] = [];
  const plans = view
    .ofType('aws_backup_plan')
    .filter((other) => other.address !== plan.address && view.regionOf(other) === region)
    .flatMap((other) => {
      const theirs = selectionsOf(view, other).map((selection) => selectionSpecOfTerraform(selection.attributes));
      if (!shares(theirs)) return [];
      const rules = planRules(other);
      if (dynamicRuleBlocks(other).length > 0 || rules.some((rule) => !rule.continuous && (rule.windowsUnknown === true || scheduleGapHours(rule.schedule, rule.timezone) === undefined))) {
        unread.push(planLabel(other));
        return [];
      }
      const inputs = rules.map(rpoInput);
      const retentionDays = rules.map(retentionForOverlap);
      return rulesAsRun(inputs, retentionDays, continuousRunsAsSnapshots(theirs, home, contestedSelections(view, other), inputs, retentionDays));
    });
  return { jobs: [...plans, ...policies], unread };
}

export const PREVENT_DESTROY_TYPES = ['aws_backup_vault', 'aws_backup_logically_air_gapped_vault', 'aws_kms_key', 'aws_backup_vault_lock_configuration'] as const;

export const preventDestroy: ComplianceRule = {
  id: ids.BACKUP_ESTATE_PREVENT_DESTROY,
  severity: 'error',
  source: 'backup-estate',
  description:
    'Stateful resources (vaults, logically air-gapped vaults, KMS keys, vault locks) carry lifecycle.prevent_destroy = true, so that no terraform destroy or replacement deletes recovery points or the keys that decrypt them.',
  remediation: 'Keep preventDestroy (the default) on the vault or key; opt out by name only for a vault or key you mean to delete.',
  resourceTypes: PREVENT_DESTROY_TYPES,
  check(resource) {
    const protectedResource = blocks(resource.attributes.lifecycle).some((lifecycle) => isRecord(lifecycle) && lifecycle.prevent_destroy === true);
    return protectedResource ? COMPLIANT : nonCompliant(`${resource.address} has no lifecycle.prevent_destroy = true: terraform destroy would delete it`);
  },
};

export const BACKUP_ESTATE_RULES: readonly ComplianceRule[] = [copyOtherRegion, retentionWithinLock, selectionNotEmpty, selectionAccepted, rpoWithinTarget, preventDestroy];
