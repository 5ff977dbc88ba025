/**
 * The Backup Audit Manager controls a workload stack's plans promise, so the framework audits
 * what the config declares: every declared plan passes, and a plan weaker than the weakest of them
 * fails. The controls are unscoped (one threshold per account and Region): a stricter tier is
 * audited at the weakest plan's level (audit.controls holds one instance per control, so it cannot
 * audit tiers apart).
 * - frequency and retention: the least frequent plan's most frequent rule (rounded to the
 *   frequencies AWS accepts), and the shortest of the plans' longest retentions at that frequency;
 * - last recovery point: the same plan's gap plus its start window (a recovery point is dated when
 *   its job starts), in hours;
 * - minimum retention: the shortest retention of any rule, or of any copy into this Region's vaults of
 *   the account, other stacks' copies included (withIncomingCopyRetentions);
 * - cross-Region / cross-account / logically air-gapped: only when every plan copies there (an
 *   unscoped control would fail the resources of the plans that do not), with the Regions and
 *   accounts every plan copies to, and for the air-gapped vault the slowest plan's copy age;
 * - vault lock: only when every plan backs up into a locked vault, the widest range of the locks the
 *   rules back up into;
 * - manual deletion: the break-glass principals of the vaults.
 */
import { scheduleGap, withOverlapWinners, worstCaseRpo } from '../core/rpo';
import { newestRecoveryPointAgeMinutes } from '../core/recovery-point-age';
import { rpoInputOf, type RpoFields } from './monitoring';
import { parseBackupVaultArn } from '../core/arn';
import type { PlanModel, RuleModel, VaultModel, WorkloadStackModel } from './estate-model';
import { FRAMEWORK_PARAMETER_LIMITS, isListablePrincipalArn, type UnitValueLimits } from '../modules/audit-framework';

export type ControlParameters = Readonly<Record<string, string | number | readonly string[]>>;
export interface DerivedControl {
  readonly parameters?: ControlParameters;
}

interface Frequency {
  readonly unit: 'hours' | 'days';
  readonly value: number;
}

/**
 * The rule's frequency as the control sees it: from the cron fields, in UTC. (A daily rule in a
 * daylight-saving time zone has one 25-hour gap a year, yet it is a daily rule.)
 */
function ruleGapHours(rule: Pick<RuleModel, 'schedule'>): number {
  const { gapMinutes } = scheduleGap(rule.schedule ?? 'cron(0 5 ? * * *)');
  return gapMinutes === null ? Number.POSITIVE_INFINITY : gapMinutes / 60;
}

/** The gap of a plan's most frequent rule, in hours: what the frequency control reads of the plan. */
export const planFrequencyHours = (plan: { readonly rules: Readonly<Record<string, Pick<RuleModel, 'schedule'>>> }): number => Math.min(...Object.values(plan.rules).map(ruleGapHours));

/**
 * The control's frequency for a gap: whole hours up to 23, whole days up to 31 (the most
 * BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK accepts; a rarer plan is reported as such).
 */
function frequencyFor(hours: number): Frequency {
  if (hours < 24) return { unit: 'hours', value: Math.max(1, Math.ceil(hours)) };
  return { unit: 'days', value: Math.min(FRAMEWORK_PARAMETER_LIMITS.requiredFrequencyValue.days.max, Math.ceil(hours / 24)) };
}

/**
 * A recovery point age in whole hours, within what the control's recoveryPointAgeValue accepts in hours:
 * 1-744 for BACKUP_LAST_RECOVERY_POINT_CREATED, 24-2,184 for RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT.
 */
function recoveryPointAgeFor(hours: number, limits: UnitValueLimits): Frequency {
  return { unit: 'hours', value: Math.min(limits.hours.max, Math.max(limits.hours.min, Math.ceil(hours))) };
}


/** The same for a copy, which starts once its backup job ends: the rule's worst-case RPO (the gap and both windows). */
const newestCopyAgeHours = (rule: RpoFields): number => (worstCaseRpo({ ...rpoInputOf(rule), continuous: false }) ?? Number.POSITIVE_INFINITY) / 60;

/**
 * The hours a plan's newest recovery point may reach before the next one is created, over the runs
 * AWS makes of its rules (core/recovery-point-age.ts): as snapshots (a continuous recovery point
 * keeps its first creation date), the runs a rule kept longer takes gone (core/rpo.ts
 * withOverlapWinners: a daily rule beside a monthly one kept longer with an 8 h start window leaves
 * up to about 32 h on the 1st, not the daily rule's 25 h).
 */
export function planRecoveryPointAgeHours(plan: { readonly rules: Readonly<Record<string, RpoFields & { readonly lifecycle: { readonly deleteAfterDays?: number } }>> }): number {
  const rules = Object.values(plan.rules);
  const inputs = withOverlapWinners(rules.map((rule) => ({ ...rpoInputOf(rule), continuous: false })), rules.map((rule) => rule.lifecycle.deleteAfterDays));
  const minutes = newestRecoveryPointAgeMinutes(inputs);
  return minutes === null ? Number.POSITIVE_INFINITY : minutes / 60;
}

const csv = (values: Iterable<string>): string => [...new Set(values)].sort().join(',');

/** How long the copies `rules` make into the vaults of `accountId` in `region` are kept (a copy without a lifecycle keeps its rule's). */
function copyRetentionsInto(rules: readonly RuleModel[], region: string, accountId: string): number[] {
  return rules.flatMap((rule) =>
    Object.values(rule.copies)
      .filter(({ destination }) => destination.region === region && parseBackupVaultArn(destination.arn)?.account === accountId)
      .map((copy) => copy.lifecycle?.deleteAfterDays ?? rule.lifecycle.deleteAfterDays),
  );
}

const MINIMUM_RETENTION = 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK';

/**
 * The minimum retention control evaluates every recovery point of its account and Region, the copies
 * other stacks' rules (another Region's, a backup policy's) make into its vaults included: its derived
 * threshold is lowered to the shortest of those, or it would fail copies the config declares. A control
 * written in the config (`written`) stays as written.
 */
export function withIncomingCopyRetentions(stacks: readonly WorkloadStackModel[], written: boolean): WorkloadStackModel[] {
  if (written) return [...stacks];
  return stacks.map((stack) => {
    const required = stack.audit?.controls[MINIMUM_RETENTION]?.parameters?.requiredRetentionDays;
    if (stack.audit === undefined || typeof required !== 'number') return stack;
    const others = stacks.filter((other) => other !== stack).flatMap((other) => [...other.plans, ...(other.policyPlans ?? [])].flatMap((plan) => Object.values(plan.rules)));
    const shortest = Math.min(required, ...copyRetentionsInto(others, stack.region, stack.account.accountId));
    if (shortest === required) return stack;
    return { ...stack, audit: { ...stack.audit, controls: { ...stack.audit.controls, [MINIMUM_RETENTION]: { parameters: { requiredRetentionDays: shortest } } } } };
  });
}

export function deriveFrameworkControls(plans: readonly PlanModel[], vaults: readonly VaultModel[], region: string, accountId: string): Record<string, DerivedControl> {
  const rules = plans.flatMap((plan) => Object.values(plan.rules));
  const controls: Record<string, DerivedControl> = {
    BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: {},
    BACKUP_RECOVERY_POINT_ENCRYPTED: {},
  };
  if (rules.length > 0) {
    // The frequency of the least frequent plan's most frequent rule; then, as AWS passes a plan with one
    // rule meeting both, the retention of each plan's longest-kept rule at that frequency, the weakest of
    // those (a plan hourly for 2 days and daily for 35 beside a daily 35-day plan asks daily for 35 days,
    // not 2). A plan rarer than the control can express keeps its most frequent rule (it fails either way).
    const perPlan = plans.map((plan) => Object.values(plan.rules).map((rule) => ({ gap: ruleGapHours(rule), retention: rule.lifecycle.deleteAfterDays }))).filter((planRules) => planRules.length > 0);
    const fastest = perPlan.map((planRules) => Math.min(...planRules.map((rule) => rule.gap)));
    const frequency = frequencyFor(Math.max(...fastest));
    const frequencyHours = frequency.value * (frequency.unit === 'hours' ? 1 : 24);
    const keptAtFrequency = perPlan.map((planRules, index) => {
      const meeting = planRules.filter((rule) => rule.gap <= frequencyHours);
      const candidates = meeting.length > 0 ? meeting : planRules.filter((rule) => rule.gap === fastest[index]);
      return Math.max(...candidates.map((rule) => rule.retention));
    });
    controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK = {
      parameters: { requiredFrequencyUnit: frequency.unit, requiredFrequencyValue: frequency.value, requiredRetentionDays: Math.min(...keptAtFrequency) },
    };
    // Copies into this Region's vaults of this account land recovery points the control evaluates too
    // (and those of other stacks' rules: withIncomingCopyRetentions).
    const retentions = [...rules.map((rule) => rule.lifecycle.deleteAfterDays), ...copyRetentionsInto(rules, region, accountId)];
    controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK = { parameters: { requiredRetentionDays: Math.min(...retentions) } };
    const age = recoveryPointAgeFor(Math.max(...plans.map(planRecoveryPointAgeHours)), FRAMEWORK_PARAMETER_LIMITS.lastRecoveryPointAge);
    controls.BACKUP_LAST_RECOVERY_POINT_CREATED = { parameters: { recoveryPointAgeUnit: age.unit, recoveryPointAgeValue: age.value } };
  }
  /** The rules of each plan that copy where `reaches` says, or undefined when some plan has none. */
  const everyPlanCopies = (reaches: (destination: RuleModel['target']) => boolean): RuleModel[][] | undefined => {
    const perPlan = plans.map((plan) => Object.values(plan.rules).filter((rule) => Object.values(rule.copies).some(({ destination }) => reaches(destination))));
    return perPlan.length > 0 && perPlan.every((copying) => copying.length > 0) ? perPlan : undefined;
  };
  /**
   * The Regions or accounts (`valueOf` a destination) every plan copies to: AWS does not say whether the
   * control asks a resource for a copy to each listed one or to any, and every plan meets this list either
   * way (the union of the plans' destinations would fail a plan that copies to one of them only).
   */
  const commonToEveryPlan = (valueOf: (destination: RuleModel['target']) => string | undefined): string[] => {
    const perPlan = plans.map((plan) => new Set(Object.values(plan.rules).flatMap((rule) => Object.values(rule.copies).flatMap(({ destination }) => valueOf(destination) ?? []))));
    return perPlan.length === 0 ? [] : [...perPlan[0]].filter((value) => perPlan.every((values) => values.has(value)));
  };
  const otherAccountOf = (destination: RuleModel['target']): string | undefined => {
    const account = parseBackupVaultArn(destination.arn)?.account;
    return account !== undefined && account !== accountId ? account : undefined;
  };
  // Without a Region or account common to every plan, the control checks for a copy to any other.
  if (everyPlanCopies((destination) => destination.region !== region)) {
    const regions = commonToEveryPlan((destination) => (destination.region !== region ? destination.region : undefined));
    controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION = regions.length > 0 ? { parameters: { crossRegionList: csv(regions) } } : {};
  }
  if (everyPlanCopies((destination) => otherAccountOf(destination) !== undefined)) {
    // The control names at most 5 accounts; with more, it checks for a copy to any other account.
    const accounts = commonToEveryPlan(otherAccountOf);
    controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT = accounts.length > 0 && accounts.length <= FRAMEWORK_PARAMETER_LIMITS.crossAccountList ? { parameters: { crossAccountList: csv(accounts) } } : {};
  }
  // A recovery point reaches the air-gapped vault as often as each plan's most frequent rule copying
  // there, after its backup job: the slowest plan sets the age (AWS's default, 1 day, would fail a monthly copy).
  // The resolved flag, not the key: a single account may name a plain vault central-air-gapped.
  const airGapped = everyPlanCopies((destination) => destination.logicallyAirGapped === true);
  if (airGapped) {
    const age = recoveryPointAgeFor(Math.max(...airGapped.map((copying) => Math.min(...copying.map(newestCopyAgeHours)))), FRAMEWORK_PARAMETER_LIMITS.airGappedRecoveryPointAge);
    controls.RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT = { parameters: { recoveryPointAgeUnit: age.unit, recoveryPointAgeValue: age.value } };
  }
  // Only when every plan backs up into a locked vault: unscoped, the control fails the resources of a plan that does not.
  const lockOf = new Map(vaults.flatMap((vault) => (vault.lock ? [[vault.key, vault.lock] as const] : [])));
  const everyPlanLocked = plans.length > 0 && plans.every((plan) => Object.values(plan.rules).some((rule) => lockOf.has(rule.target.key)));
  const locks = [...new Set(rules.map((rule) => rule.target.key))].flatMap((key) => lockOf.get(key) ?? []);
  if (everyPlanLocked && locks.length > 0) {
    const max = locks.every((lock) => lock.maxRetentionDays !== undefined) ? Math.max(...locks.map((lock) => lock.maxRetentionDays ?? 0)) : undefined;
    controls.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK = {
      parameters: { minRetentionDays: Math.min(...locks.map((lock) => lock.minRetentionDays)), ...(max !== undefined ? { maxRetentionDays: max } : {}) },
    };
  }
  // The control names at most 5 roles or users allowed to delete; with more, or with principals it cannot
  // name (wildcards, account roots, commas inside a name), it checks without the list.
  // The deployment role is exempt from the vaults' deny too (it must be able to update their policies).
  const breakGlass = [...new Set(vaults.flatMap((vault) => [...(vault.accessPolicy.breakGlassPrincipals ?? []), ...(vault.accessPolicy.deployRoleArn !== undefined ? [vault.accessPolicy.deployRoleArn] : [])]))];
  const listable = breakGlass.length > 0 && breakGlass.length <= FRAMEWORK_PARAMETER_LIMITS.principalArnList && breakGlass.every(isListablePrincipalArn);
  controls.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED = listable ? { parameters: { principalArnList: csv(breakGlass) } } : {};
  return controls;
}
