/**
 * The monitoring part of a workload stack's model: which vaults plans back up into, whether a
 * silence alarm can watch each (the one answer: core/silence.ts over core/rpo.ts), and the
 * dashboard's name. Read by the stack (alarms, dashboard) and by the runbook.
 */
import { RULE_LIMITS, ruleWindows } from '../core/limits';
import { compareStrings, sortedUnique } from '../core/order';
import { rulesAsRun, type RpoInput } from '../core/rpo';
import { reachesOnlyContinuousTypes } from '../core/selection-reach';
import { silenceWatch } from '../core/silence';
import { selectionSpecOf } from '../modules/backup-selection';
import type { MonitoringModel, PlanModel, RuleModel, VaultWatchModel } from './estate-model';
import type { MonitoringConfig } from './monitoring-schema';
import { contestedSelectionsOf } from './selection-specs';

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
    const snapshotFallback = !reachesOnlyContinuousTypes(plan.selections.map(selectionSpecOf), undefined, contestedSelectionsOf(plans, plan));
    const inputs = rulesAsRun(rules.map(rpoInputOf), rules.map((rule) => rule.lifecycle.deleteAfterDays), snapshotFallback);
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
