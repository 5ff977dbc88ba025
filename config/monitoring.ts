/**
 * The monitoring part of a workload stack's model: which vaults plans back up into, whether a
 * silence alarm can watch each (the one answer: core/silence.ts over core/rpo.ts), and the
 * dashboard's name. Read by the stack (alarms, dashboard) and by the runbook.
 */
import { RULE_LIMITS } from '../core/limits';
import { compareStrings, sortedUnique } from '../core/order';
import type { RpoInput } from '../core/rpo';
import { silenceWatch } from '../core/silence';
import type { MonitoringModel, PlanModel, RuleModel, VaultWatchModel } from './estate-model';
import type { MonitoringConfig } from './monitoring-schema';

/** A rule as the RPO evaluator reads it. */
export function rpoInputOf(rule: RuleModel): RpoInput {
  return {
    schedule: rule.schedule ?? RULE_LIMITS.defaultSchedule,
    timezone: rule.scheduleTimezone ?? RULE_LIMITS.defaultTimezone,
    startWindowMinutes: rule.startWindowMinutes ?? RULE_LIMITS.startWindowMinutes.default,
    completionWindowMinutes: rule.completionWindowMinutes ?? RULE_LIMITS.completionWindowMinutes.default,
    continuous: rule.continuousBackup === true,
  };
}

/** Every vault the plans' rules back up into, with the rules and plans writing there. */
export function vaultWatches(plans: readonly PlanModel[]): VaultWatchModel[] {
  const byVault = new Map<string, { name: string; plans: string[]; rules: RpoInput[] }>();
  for (const plan of plans) {
    for (const rule of Object.values(plan.rules)) {
      const entry = byVault.get(rule.target.key) ?? { name: rule.target.name, plans: [], rules: [] };
      entry.plans.push(plan.name);
      entry.rules.push(rpoInputOf(rule));
      byVault.set(rule.target.key, entry);
    }
  }
  return [...byVault.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([vaultKey, entry]) => ({ vaultKey, vaultName: entry.name, plans: sortedUnique(entry.plans), watch: silenceWatch(entry.rules) }));
}

/** The monitoring model of a workload stack in `region`. */
export function monitoringModel(config: MonitoringConfig, plans: readonly PlanModel[], region: string): MonitoringModel {
  return {
    namePrefix: config.namePrefix,
    silenceAlarms: config.silenceAlarms,
    dashboardName: config.dashboard ? `${config.namePrefix}-${region}` : undefined,
    vaults: vaultWatches(plans),
  };
}
