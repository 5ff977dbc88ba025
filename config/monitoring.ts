/**
 * The monitoring part of a workload stack's model: which vaults plans back up into, whether a
 * silence alarm can watch each (the one answer: core/silence.ts over core/rpo.ts), and the
 * dashboard's name. Read by the stack (alarms, dashboard) and by the runbook.
 */
import { RULE_LIMITS, ruleWindows } from '../core/limits';
import { compareStrings, sortedUnique } from '../core/order';
import { planRpo, rulesAsRun, type RpoInput } from '../core/rpo';
import { withOtherPlansJobs } from '../core/plan-contention';
import type { SelectionHome, SelectionSpec } from '../core/selection';
import { continuousRunsAsSnapshots, selectionsMayShare } from '../core/selection-reach';
import { silenceWatch } from '../core/silence';
import type { MonitoringModel, PlanJobsModel, PlanModel, RuleModel, VaultWatchModel, WorkloadStackModel } from './estate-model';
import type { MonitoringConfig } from './monitoring-schema';
import { contestedSelectionsOf, selectionSpecOfModel } from './selection-specs';

/** The fields of a rule (of the model or of the config) the RPO evaluator reads. */
export type RpoFields = Pick<RuleModel, 'schedule' | 'scheduleTimezone' | 'startWindowMinutes' | 'completionWindowMinutes' | 'continuousBackup'>;

/** A rule as the RPO evaluator reads it. */
export function rpoInputOf(rule: RpoFields): RpoInput {
  return {
    schedule: rule.schedule ?? RULE_LIMITS.defaultSchedule,
    timezone: rule.scheduleTimezone ?? RULE_LIMITS.defaultTimezone,
    ...ruleWindows(rule.startWindowMinutes, rule.completionWindowMinutes),
    continuous: rule.continuousBackup === true,
  };
}

/**
 * A plan's rules as AWS runs them (core/rpo.ts rulesAsRun) among `plans`, the plans of its account and Region, and `fileJobs`, the
 * hand-written backup policies' plans there: their continuous rules contest the plan's continuous coverage as the others' do.
 */
export function planRulesAsRun(plans: readonly PlanModel[], plan: PlanModel, home?: SelectionHome, fileJobs: readonly PlanJobsModel[] = []): RpoInput[] {
  const contested = [...contestedSelectionsOf(plans, plan), ...fileJobs.filter((other) => other.continuous).flatMap((other) => other.selections)];
  const rules = Object.values(plan.rules);
  const inputs = rules.map(rpoInputOf);
  const retentionDays = rules.map((rule) => rule.lifecycle.deleteAfterDays);
  return rulesAsRun(inputs, retentionDays, continuousRunsAsSnapshots(plan.selections.map(selectionSpecOfModel), home, contested, inputs, retentionDays));
}

/** Whether two lists of selections may take one resource (core/selection-reach selectionsMayShare: "no" only when certain). */
export const selectionsShare = (mine: readonly SelectionSpec[], theirs: readonly SelectionSpec[]): boolean => mine.some((own) => theirs.some((spec) => selectionsMayShare(own, spec)));

/** The other plans of `plans` whose selections may take a resource `specs` take. */
export function plansSharing(plans: readonly PlanModel[], specs: readonly SelectionSpec[], except?: PlanModel): PlanModel[] {
  return plans.filter((other) => other !== except && selectionsShare(specs, other.selections.map(selectionSpecOfModel)));
}

/** The hand-written backup policies' plans whose selections may take a resource `specs` take. */
export function fileJobsSharing(fileJobs: readonly PlanJobsModel[], specs: readonly SelectionSpec[], except?: PlanJobsModel): PlanJobsModel[] {
  return fileJobs.filter((other) => other !== except && selectionsShare(specs, other.selections));
}

/** A plan's rules as AWS runs them, with the other plans' jobs that may hold their runs (the plan's worst-case RPO reads these). */
export function planRulesBesideOthers(plans: readonly PlanModel[], plan: PlanModel, home?: SelectionHome, fileJobs: readonly PlanJobsModel[] = []): RpoInput[] {
  const specs = plan.selections.map(selectionSpecOfModel);
  const others = [...plansSharing(plans, specs, plan).flatMap((other) => planRulesAsRun(plans, other, home, fileJobs)), ...fileJobsSharing(fileJobs, specs).flatMap((other) => other.rules)];
  return withOtherPlansJobs(planRulesAsRun(plans, plan, home, fileJobs), others);
}

/** A plan an Organizations backup policy runs in a workload stack: its selections, and its rules as AWS runs them there, whose jobs may hold a resource a plan of the stack selects too (core/plan-contention.ts). */
export type PolicyPlanJobs = PlanJobsModel;

/** Per stack model: the facts of the rule pack and policy-plans.json both ask (the model is not changed once resolved). */
const jobsByStack = new WeakMap<WorkloadStackModel, PolicyPlanJobs[]>();

/** The backup policies' plans that run in the stack, built and hand-written (they are in no stack's JSON): the one reading of them for the rpoTargetHours gate and the report. */
export function policyPlanJobsOf(stack: WorkloadStackModel): PolicyPlanJobs[] {
  const known = jobsByStack.get(stack);
  if (known !== undefined) return known;
  const home = { accountId: stack.account.accountId, region: stack.region };
  const policyPlans = stack.policyPlans ?? [];
  const built = policyPlans.map((plan): PolicyPlanJobs => ({
    plan: plan.name,
    selections: plan.selections.map(selectionSpecOfModel),
    rules: planRulesAsRun([...stack.plans, ...policyPlans], plan, home, stack.policyFileJobs),
    continuous: Object.values(plan.rules).some((rule) => rule.continuousBackup === true),
    rpoMinutes: planRpo(planRulesBesideOthers([...stack.plans, ...policyPlans], plan, home, stack.policyFileJobs)).minutes,
  }));
  const jobs = [...built, ...(stack.policyFileJobs ?? [])];
  jobsByStack.set(stack, jobs);
  return jobs;
}

/** A rule of a hand-written backup policy that runs here: the vault key it writes to (by name), its plan and what its RPO depends on. */
export interface PolicyFileRule {
  readonly vaultKey: string;
  readonly vaultName: string;
  readonly plan: string;
  readonly rpo: RpoInput;
}

/** Every vault the plans' rules (and those of hand-written backup policies) back up into, with the rules and plans writing there. */
export function vaultWatches(plans: readonly PlanModel[], fileRules: readonly PolicyFileRule[] = []): VaultWatchModel[] {
  const byVault = new Map<string, { name: string; plans: string[]; rules: RpoInput[] }>();
  const add = (vaultKey: string, vaultName: string, plan: string, rule: RpoInput) => {
    const entry = byVault.get(vaultKey) ?? { name: vaultName, plans: [], rules: [] };
    entry.plans.push(plan);
    entry.rules.push(rule);
    byVault.set(vaultKey, entry);
  };
  for (const plan of plans) {
    // A run that overlaps a run of a rule of the plan kept longer makes no job: that rule's job goes to its own vault. The rules as
    // the RPO reads them (core/rpo.ts rulesAsRun: a continuous rule's snapshots take part), each keeping its own kind: a continuous
    // rule's vault is not watched on its snapshots (core/silence.ts).
    const rules = Object.values(plan.rules);
    // Without the runs a job of another plan may hold (planRulesBesideOthers): those expire, a failure the failure alarms report, and the
    // silence they leave is what this alarm is for (an unbounded worst case would leave the vault unwatched).
    const inputs = planRulesAsRun(plans, plan);
    rules.forEach((rule, index) => add(rule.target.key, rule.target.name, plan.name, { ...(inputs[index] as RpoInput), continuous: rule.continuousBackup === true }));
  }
  for (const rule of fileRules) add(rule.vaultKey, rule.vaultName, rule.plan, rule.rpo);
  return [...byVault.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([vaultKey, entry]) => ({ vaultKey, vaultName: entry.name, plans: sortedUnique(entry.plans), watch: silenceWatch(entry.rules, entry.plans) }));
}

/** The monitoring model of a workload stack in `region`. */
export function monitoringModel(config: MonitoringConfig, plans: readonly PlanModel[], region: string, fileRules: readonly PolicyFileRule[] = []): MonitoringModel {
  return {
    namePrefix: config.namePrefix,
    silenceAlarms: config.silenceAlarms,
    dashboardName: config.dashboard ? `${config.namePrefix}-${region}` : undefined,
    vaults: vaultWatches(plans, fileRules),
  };
}
