/**
 * Continuous backup rules that overlap on one resource (AWS Backup Developer Guide, "Overlapping
 * continuous backups on the same resource"):
 * - "If you include multiple continuous backup rules in a single backup plan: if your rules point
 *   to the same backup vault, AWS Backup only creates a continuous backup for the rule with the
 *   longest retention period. It disregards all other rules. If your rules point to different
 *   backup vaults, AWS Backup rejects the plan as not valid": an error, and a warning naming the
 *   rules AWS disregards (their copies and retention do nothing);
 * - "If you include the same resource in more than one backup plan with a continuous backup rule,
 *   AWS Backup will only create a continuous backup for the first backup plan it evaluates. It will
 *   create snapshot backups for all of the other backup plans": which plan is first is not said, so
 *   each plan's continuous backup of a resource another plan's continuous rule may select too is
 *   uncertain: a warning, judged on the estate model, where plans share an account and Region (the
 *   worst-case RPO counts such a plan's schedule: core/selection-reach reachesOnlyContinuousTypes).
 */
import { firstFew } from '../core/order';
import { under, warning, type Problem } from '../core/problems';
import { checkContinuousRules } from '../modules/backup-plan';
import { evaluateSelection, type SelectionHome } from '../core/selection';
import { CONTINUOUS_BACKUP_TYPES, CONTINUOUS_WITHOUT_RENEWAL_TYPES, selectionsMayShare, typesBackedUp } from '../core/selection-reach';
import { formatMinutes, lapsingContinuousRule, scheduleGap } from '../core/rpo';
import { rpoInputOf } from './monitoring';
import type { EstateModel, PlanModel } from './estate-model';
import type { NormalizedPlan } from './normalize';
import { selectionSpecOfModel } from './selection-specs';
import { selectionSpecOf } from '../modules/backup-selection';

const SOURCE = 'AWS Backup, "Overlapping continuous backups on the same resource"';

/** The plan-level rules (modules/backup-plan.ts checkContinuousRules, which BackupPlan asks too): continuous rules of one plan into different vaults (refused by AWS), or into one (all but the longest kept disregarded). */
export function checkContinuousRulesOfPlan(plan: NormalizedPlan, path: string): Problem[] {
  return under(path, checkContinuousRules(Object.entries(plan.rules)));
}

/**
 * "Continuous and periodic backups of S3 buckets must both reside in the same backup vault" (AWS Backup Developer Guide, Amazon S3
 * backups): a plan whose continuous rule writes to one vault and whose snapshot rule to another, over selections that may reach S3,
 * asks AWS for what it does not make (found by the silent-skip audit).
 */
export function checkS3ContinuousVault(plan: NormalizedPlan, path: string, home?: SelectionHome): Problem[] {
  const rules = Object.entries(plan.rules);
  const continuousVaults = [...new Set(rules.filter(([, rule]) => rule.continuousBackup).flatMap(([, rule]) => (rule.vault === undefined ? [] : [rule.vault])))];
  if (continuousVaults.length === 0) return [];
  const reachesS3 = Object.values(plan.selections).some((selection) => {
    const evaluation = evaluateSelection(selectionSpecOf(selection), home);
    return evaluation.verdict !== 'refused' && evaluation.verdict !== 'nothing' && (evaluation.types === 'every' || evaluation.types.includes('S3'));
  });
  if (!reachesS3) return [];
  return rules
    .filter(([, rule]) => !rule.continuousBackup && rule.vault !== undefined && !continuousVaults.includes(rule.vault))
    .map(([key, rule]) =>
      warning(
        `${path}.rules.${key}.vault`,
        `writes the periodic backups of the S3 buckets this plan may select to vault ${rule.vault}, and its continuous rule to ${continuousVaults.join(', ')}: AWS Backup requires continuous and periodic backups of an S3 bucket in one vault ("must both reside in the same backup vault", Amazon S3 backups), so these are not made as written; keep both in one vault, or select S3 buckets in a plan of their own`,
      ),
    );
}

/**
 * A continuous rule whose recovery point of Aurora, RDS or SAP HANA may lapse between its runs: AWS Backup renews that one recovery
 * point at each run and says to "set the retention period for these backups to be greater than the backup frequency to avoid a
 * scenario where the recovery point transitions to EXPIRED state" ("Changing your retention period"). The worst-case RPO then
 * counts the rule's runs (core/selection-reach continuousMayLapse, as every reader of the RPO asks): the warning says why.
 */
export function checkContinuousRetentionRenewal(plan: NormalizedPlan, path: string, home?: SelectionHome): Problem[] {
  const entries = Object.entries(plan.rules);
  // The rule AWS keeps (the longest retention) whose point may lapse: core/rpo.ts names it, as it answers every reader of the RPO.
  const lapsing = lapsingContinuousRule(entries.map(([, rule]) => rpoInputOf(rule)), entries.map(([, rule]) => rule.lifecycle.deleteAfterDays));
  const [key, rule] = lapsing === undefined ? [] : (entries[lapsing] ?? []);
  if (key === undefined || rule === undefined) return [];
  const evaluations = Object.values(plan.selections).map((selection) => evaluateSelection(selectionSpecOf(selection), home));
  const renewed = typesBackedUp(evaluations).filter((type) => CONTINUOUS_BACKUP_TYPES.has(type) && !CONTINUOUS_WITHOUT_RENEWAL_TYPES.has(type));
  if (renewed.length === 0) return [];
  const { gapMinutes } = scheduleGap(rule.schedule, rule.scheduleTimezone);
  const between = gapMinutes === null ? 'its schedule runs fewer than twice' : `up to ${formatMinutes(gapMinutes)} pass between its runs`;
  return [
    warning(
      `${path}.rules.${key}.lifecycle.deleteAfterDays`,
      `keeps the continuous recovery point ${rule.lifecycle.deleteAfterDays} d and ${between}: each run renews the one continuous recovery point of the ${renewed.join(', ')} resources this plan may select, and AWS Backup says to "set the retention period for these backups to be greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state" (Changing your retention period); the worst-case RPO counts its runs (rpoTargetHours, the report, the runbook): keep it longer than the time between runs, or run the rule more often`,
    ),
  ];
}

/** The continuous rules of a plan and the continuous types its selections back up here (less what the Region settings opt out). */
function continuousReach(plan: PlanModel, home: SelectionHome, optedIn: readonly string[] | undefined) {
  const rules = Object.entries(plan.rules).filter(([, rule]) => rule.continuousBackup === true).map(([key]) => key);
  const specs = plan.selections.map(selectionSpecOfModel);
  const types = typesBackedUp(specs.map((spec) => evaluateSelection(spec, home)), optedIn).filter((type) => CONTINUOUS_BACKUP_TYPES.has(type));
  return { rules, specs, types };
}

/** Plans of one account and Region whose continuous rules may back up one resource: each stack's own plans, each at its config path once. */
export function checkContinuousOverlapAcrossPlans(model: EstateModel): Problem[] {
  const found = new Map<string, { problem: Problem; stacks: string[] }>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    const home = { accountId: stack.account.accountId, region: stack.region };
    const plans = [...stack.plans, ...(stack.policyPlans ?? [])].map((plan) => ({ plan, own: stack.plans.includes(plan), ...continuousReach(plan, home, stack.regionSettings?.optIn) }));
    for (const mine of plans.filter((entry) => entry.own && entry.rules.length > 0 && entry.types.length > 0)) {
      for (const other of plans.filter((entry) => entry !== mine && entry.rules.length > 0)) {
        const types = mine.types.filter((type) => other.types.includes(type));
        if (types.length === 0 || !mine.specs.some((spec) => other.specs.some((theirs) => selectionsMayShare(spec, theirs)))) continue;
        const path = `plans.${mine.plan.key}.rules.${mine.rules[0]}.continuousBackup`;
        const message =
          `plan ${other.plan.name} (${other.own ? `plans.${other.plan.key}` : 'an Organizations backup policy'}) also backs up continuously ${types.join(', ')} resources this plan may select: ` +
          `AWS Backup creates the continuous backup for the first plan it evaluates only, and snapshots on their schedules for the others (${SOURCE}); it does not say which is first, ` +
          "so this plan may keep only snapshots of them, and its worst-case RPO counts its schedule (rpoTargetHours, the report, the runbook, the silence alarms): let one plan back each resource up continuously";
        const key = `${path} ${message}`;
        const entry = found.get(key) ?? { problem: warning(path, message), stacks: [] };
        entry.stacks.push(stack.name);
        found.set(key, entry);
      }
    }
  }
  return [...found.values()].map(({ problem, stacks }) => ({ ...problem, message: `${problem.message} (${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)})` }));
}

/** A plan's S3 reach here (typesBackedUp less what the Region settings opt out), its specs, its continuous rules and the vaults they write to, and its snapshot rules. */
function s3Reach(plan: PlanModel, home: SelectionHome, optedIn: readonly string[] | undefined) {
  const specs = plan.selections.map(selectionSpecOfModel);
  const reachesS3 = typesBackedUp(specs.map((spec) => evaluateSelection(spec, home)), optedIn).includes('S3');
  const rules = Object.entries(plan.rules);
  const continuousRules = rules.filter(([, rule]) => rule.continuousBackup === true);
  const continuousVaults = [...new Set(continuousRules.map(([, rule]) => rule.target.name))];
  const snapshotRules = rules.filter(([, rule]) => rule.continuousBackup !== true);
  return { plan, specs, reachesS3, continuousRuleKeys: continuousRules.map(([key]) => key), continuousVaults, snapshotRules };
}

/**
 * checkS3ContinuousVault across the plans of one account and Region: AWS's "Continuous and periodic backups of S3 buckets must both
 * reside in the same backup vault" (Amazon S3 backups) is said of a bucket, not of a plan, so one plan's snapshot rule into another
 * vault than the continuous rule of another plan that may select the same bucket asks AWS for what it does not make either. Warned at
 * the snapshot rule, or at the continuous rule when the snapshot rule is an Organizations backup policy's; each config path once.
 */
export function checkS3ContinuousVaultAcrossPlans(model: EstateModel): Problem[] {
  const found = new Map<string, { problem: Problem; stacks: string[] }>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    const home = { accountId: stack.account.accountId, region: stack.region };
    const plans = [...stack.plans, ...(stack.policyPlans ?? [])].map((plan) => ({ own: stack.plans.includes(plan), ...s3Reach(plan, home, stack.regionSettings?.optIn) }));
    for (const periodic of plans.filter((entry) => entry.reachesS3 && entry.snapshotRules.length > 0)) {
      for (const continuous of plans.filter((entry) => entry !== periodic && entry.reachesS3 && entry.continuousVaults.length > 0 && (periodic.own || entry.own))) {
        if (!periodic.specs.some((spec) => continuous.specs.some((theirs) => selectionsMayShare(spec, theirs)))) continue;
        const where = (entry: typeof periodic) => (entry.own ? `plans.${entry.plan.key}` : 'an Organizations backup policy');
        for (const [ruleKey, rule] of periodic.snapshotRules.filter(([, rule]) => !continuous.continuousVaults.includes(rule.target.name))) {
          const path = periodic.own ? `plans.${periodic.plan.key}.rules.${ruleKey}.vault` : `plans.${continuous.plan.key}.rules.${continuous.continuousRuleKeys[0]}.continuousBackup`;
          const message =
            `plan ${periodic.plan.name} (${where(periodic)}) writes the periodic backups of S3 buckets to vault ${rule.target.name} (rule ${ruleKey}), and plan ${continuous.plan.name} (${where(continuous)}), which may select the same buckets, ` +
            `backs them up continuously into ${continuous.continuousVaults.join(', ')}: AWS Backup requires continuous and periodic backups of an S3 bucket in one vault ("must both reside in the same backup vault", Amazon S3 backups), so these are not made as written; send both to one vault, or let one plan back the buckets up`;
          const key = `${path} ${message}`;
          const entry = found.get(key) ?? { problem: warning(path, message), stacks: [] };
          entry.stacks.push(stack.name);
          found.set(key, entry);
        }
      }
    }
  }
  return [...found.values()].map(({ problem, stacks }) => ({ ...problem, message: `${problem.message} (${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)})` }));
}
