/**
 * The monitoring part of a workload stack's model: which vaults plans back up into, whether a
 * silence alarm can watch each (the one answer: core/silence.ts over core/rpo.ts), and the
 * dashboard's name. Read by the stack (alarms, dashboard) and by the runbook.
 */
import { RULE_LIMITS, ruleWindows } from '../core/limits';
import { compareStrings, sortedUnique } from '../core/order';
import { planRpo, rulesAsRun, type RpoInput } from '../core/rpo';
import { withOtherPlansJobs } from '../core/plan-contention';
import type { SelectionHome } from '../core/selection';
import { reachesOnlyContinuousTypes, selectionsMayShare } from '../core/selection-reach';
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

/** A plan's rules as AWS runs them (core/rpo.ts rulesAsRun) among `plans`, the plans of its account and Region. */
export function planRulesAsRun(plans: readonly PlanModel[], plan: PlanModel, home?: SelectionHome): RpoInput[] {
  const rules = Object.values(plan.rules);
  const snapshotFallback = !reachesOnlyContinuousTypes(plan.selections.map(selectionSpecOfModel), home, contestedSelectionsOf(plans, plan));
  return rulesAsRun(rules.map(rpoInputOf), rules.map((rule) => rule.lifecycle.deleteAfterDays), snapshotFallback);
}

/** The other plans of `plans` whose selections may take a resource `plan`'s selections take. */
export function plansSharing(plans: readonly PlanModel[], plan: PlanModel): PlanModel[] {
  const mine = plan.selections.map(selectionSpecOfModel);
  return plans.filter((other) => other !== plan && other.selections.some((selection) => mine.some((spec) => selectionsMayShare(spec, selectionSpecOfModel(selection)))));
}

/** A plan's rules as AWS runs them, with the other plans' jobs that may hold their runs (the plan's worst-case RPO reads these). */
export function planRulesBesideOthers(plans: readonly PlanModel[], plan: PlanModel, home?: SelectionHome, fileJobs: readonly PlanJobsModel[] = []): RpoInput[] {
  const others = [...plansSharing(plans, plan).flatMap((other) => planRulesAsRunBeside(plans, other, home, fileJobs)), ...fileJobsSharing(fileJobs, plan).flatMap((other) => other.rules)];
  return withOtherPlansJobs(planRulesAsRunBeside(plans, plan, home, fileJobs), others);
}

/** planRulesAsRun where hand-written backup policies' plans run too: their continuous rules contest the plan's continuous coverage as the others' do. */
export function planRulesAsRunBeside(plans: readonly PlanModel[], plan: PlanModel, home: SelectionHome | undefined, fileJobs: readonly PlanJobsModel[]): RpoInput[] {
  const contested = [...contestedSelectionsOf(plans, plan), ...fileJobs.filter((other) => other.continuous).flatMap((other) => other.selections)];
  const rules = Object.values(plan.rules);
  const snapshotFallback = !reachesOnlyContinuousTypes(plan.selections.map(selectionSpecOfModel), home, contested);
  return rulesAsRun(rules.map(rpoInputOf), rules.map((rule) => rule.lifecycle.deleteAfterDays), snapshotFallback);
}

/** The hand-written backup policies' plans whose selections may take a resource `plan`'s selections take. */
export function fileJobsSharing(fileJobs: readonly PlanJobsModel[], plan: PlanModel): PlanJobsModel[] {
  const mine = plan.selections.map(selectionSpecOfModel);
  return fileJobs.filter((other) => other.selections.some((spec) => mine.some((own) => selectionsMayShare(own, spec))));
}

/** A plan an Organizations backup policy runs in a workload stack: its selections, and its rules as AWS runs them there, whose jobs may hold a resource a plan of the stack selects too (core/plan-contention.ts). */
export type PolicyPlanJobs = PlanJobsModel;

/** The backup policies' plans that run in the stack, built and hand-written (they are in no stack's JSON): the one reading of them for the rpoTargetHours gate and the report. */
export function policyPlanJobsOf(stack: WorkloadStackModel): PolicyPlanJobs[] {
  const home = { accountId: stack.account.accountId, region: stack.region };
  const policyPlans = stack.policyPlans ?? [];
  const built = policyPlans.map((plan): PolicyPlanJobs => ({
    plan: plan.name,
    selections: plan.selections.map(selectionSpecOfModel),
    rules: planRulesAsRunBeside([...stack.plans, ...policyPlans], plan, home, stack.policyFileJobs ?? []),
    continuous: Object.values(plan.rules).some((rule) => rule.continuousBackup === true),
    rpoMinutes: planRpo(planRulesBesideOthers([...stack.plans, ...policyPlans], plan, home, stack.policyFileJobs)).minutes,
  }));
  return [...built, ...(stack.policyFileJobs ?? [])];
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
