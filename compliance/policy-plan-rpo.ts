/**
 * `rpoTargetHours` of a plan an Organizations backup policy delivers: the policy's plans are in no workload stack's Terraform, so
 * the rule pack's RPO target check (rules/backup-estate.ts, on each aws_backup_plan) never saw them, and a target declared on a
 * policy plan went unchecked. The stack's facts carry each such plan's worst-case RPO there, read from the model as the runbook
 * reads it (config/monitoring.ts planRulesBesideOthers: the other plans' jobs and continuous rules included); a finding of the same
 * rule id, at the plan's config path, so one suppression covers both.
 */
import { BACKUP_ESTATE_RPO_WITHIN_TARGET } from './rules/ids';
import { hours } from './rules/helpers';
import type { Finding, StackFacts } from './types';

const DESCRIPTION = "A backup policy's plan keeps its worst-case recovery point objective within its declared target in every account and Region it runs in, as core/rpo.ts evaluates it for the runbook.";
const REMEDIATION = 'Schedule a rule more often, shorten its windows, or enable continuous backup; or declare the target the plan really meets (plans.<key>.rpoTargetHours).';

/** The address a policy plan's finding names: it has no resource in the workload stack (the policy is the management stack's). */
export const policyPlanAddress = (plan: string): string => `backup policy plan ${plan}`;

export function policyPlanRpoFindings(facts: StackFacts): Finding[] {
  return (facts.policyPlanRpo ?? []).flatMap((plan) => {
    const worst = plan.minutes === null ? Number.POSITIVE_INFINITY : plan.minutes / 60;
    if (worst <= plan.targetHours) return [];
    const why = plan.minutes === null ? ` (${plan.explanation.replace(/^unbounded: /, '')})` : '';
    return [
      {
        ruleId: BACKUP_ESTATE_RPO_WITHIN_TARGET,
        severity: 'error' as const,
        stack: facts.stack,
        address: policyPlanAddress(plan.name),
        configPath: `plans.${plan.key}`,
        message: `the worst-case RPO of plan "${plan.name}", which a backup policy runs in this account and Region, is ${worst === Number.POSITIVE_INFINITY ? 'unbounded' : hours(worst)}${why}, above its ${hours(plan.targetHours)} target`,
        description: DESCRIPTION,
        remediation: REMEDIATION,
        source: 'backup-estate',
      },
    ];
  });
}
