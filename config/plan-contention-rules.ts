/**
 * Jobs of different plans on one resource (core/plan-contention.ts): the plans of one account and Region whose selections may take the
 * same resource (core/selection-reach selectionsMayShare, "no" only when certain) contend for it as the rules of one plan do, one
 * backup job per resource at a time. The one reading of a plan's rules beside the other plans' jobs, for the config check's warning
 * and for the worst-case RPO of the model's readers (silence alarms, runbook).
 */
import { firstFew } from '../core/order';
import { runsHeldByOtherPlans } from '../core/plan-contention';
import { warning, type Problem } from '../core/problems';
import { RPO_WINDOW, type RpoInput } from '../core/rpo';
import type { EstateModel } from './estate-model';
import { fileJobsSharing, planRulesAsRunBeside, plansSharing } from './monitoring';
import { selectionSpecOfModel } from './selection-specs';
import { selectionsMayShare } from '../core/selection-reach';
import type { SelectionSpec } from '../core/selection';

/** Rules of a stack's plans, its own and those backup policies run there, whose runs a job of another plan of the account and Region (or of a backup policy) may hold the resource through. */
export function checkContentionAcrossPlans(model: EstateModel): Problem[] {
  const years = `${RPO_WINDOW.fromYear}-${RPO_WINDOW.fromYear + RPO_WINDOW.years - 1}`;
  const found = new Map<string, { problem: Problem; stacks: string[] }>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    const home = { accountId: stack.account.accountId, region: stack.region };
    const plans = [...stack.plans, ...(stack.policyPlans ?? [])];
    // The backup policies' plans too: a job of a stack's plan may hold their runs as well (their config is plans.<key> as any plan's).
    for (const plan of plans) {
      const sharing = plansSharing(plans, plan);
      const files = fileJobsSharing(stack.policyFileJobs ?? [], plan);
      if (sharing.length === 0 && files.length === 0) continue;
      const inputs = planRulesAsRunBeside(plans, plan, home, stack.policyFileJobs ?? []);
      const others = [
        ...sharing.flatMap((other) => {
          const rules = planRulesAsRunBeside(plans, other, home, stack.policyFileJobs ?? []);
          return Object.keys(other.rules).map((key, at) => ({ name: `plan ${other.name} (${stack.plans.includes(other) ? `plans.${other.key}` : 'an Organizations backup policy'}) rule ${key}`, input: rules[at] as RpoInput }));
        }),
        ...files.flatMap((other) => other.rules.map((input, at) => ({ name: `plan ${other.plan} rule ${other.ruleNames?.[at] ?? at + 1}`, input }))),
      ];
      Object.entries(plan.rules).forEach(([key, rule], index) => {
        const held = runsHeldByOtherPlans(inputs[index] as RpoInput, others.map((other) => other.input));
        if (held === undefined || held.held === 0) return;
        const names = held.by.map((at) => {
          const { name, input } = others[at] as (typeof others)[number];
          return `${name} (${input.startWindowMinutes} min to start, ${input.completionWindowMinutes} min to complete)`;
        });
        const own = inputs[index] as RpoInput;
        const copies = [...new Set(Object.values(rule.copies).map((copy) => copy.destination.name))];
        const nothing = `vault ${rule.target.name} gets no backup of this rule then${copies.length === 0 ? '' : `, nor ${copies.join(', ')} its copy`}`;
        const path = `plans.${plan.key}.rules.${key}`;
        const message =
          `may make no backup on ${held.held} of its ${held.runs} runs in ${years}: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), ` +
          `and a job of ${names.join(', ')}, whose selections may take the resources this plan's do, may still run when this rule's ${own.startWindowMinutes}-minute start window ends, so the run expires: ${nothing}; ` +
          `its worst-case RPO counts it (rpoTargetHours, ${stack.plans.includes(plan) ? 'the report, the runbook' : "the runbook's backup policy plan section"}): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan`;
        const entry = found.get(`${path} ${message}`) ?? { problem: warning(path, message), stacks: [] };
        entry.stacks.push(stack.name);
        found.set(`${path} ${message}`, entry);
      });
    }
    // The hand-written policies' plans too: a job of any other plan may hold their runs.
    for (const file of stack.policyFileJobs ?? []) {
      const shares = (selections: readonly SelectionSpec[]) => selections.some((spec) => file.selections.some((mine) => selectionsMayShare(mine, spec)));
      const others = [
        ...plans
          .filter((other) => shares(other.selections.map(selectionSpecOfModel)))
          .flatMap((other) => {
            const rules = planRulesAsRunBeside(plans, other, home, stack.policyFileJobs ?? []);
            return Object.keys(other.rules).map((key, at) => ({ name: `plan ${other.name} (${stack.plans.includes(other) ? `plans.${other.key}` : 'an Organizations backup policy'}) rule ${key}`, input: rules[at] as RpoInput }));
          }),
        ...(stack.policyFileJobs ?? []).filter((other) => other !== file && shares(other.selections)).flatMap((other) => other.rules.map((input, at) => ({ name: `plan ${other.plan} rule ${other.ruleNames?.[at] ?? at + 1}`, input }))),
      ];
      if (others.length === 0) continue;
      file.rules.forEach((input, index) => {
        const held = runsHeldByOtherPlans(input, others.map((other) => other.input));
        if (held === undefined || held.held === 0) return;
        const names = held.by.map((at) => {
          const { name, input: theirs } = others[at] as (typeof others)[number];
          return `${name} (${theirs.startWindowMinutes} min to start, ${theirs.completionWindowMinutes} min to complete)`;
        });
        const path = `organization.policies.${file.policyKey ?? file.plan}.file`;
        const message =
          `plan ${file.plan} rule ${file.ruleNames?.[index] ?? index + 1} may make no backup on ${held.held} of its ${held.runs} runs in ${years}: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), ` +
          `and a job of ${names.join(', ')}, whose selections may take the resources this plan's do, may still run when this rule's ${input.startWindowMinutes}-minute start window ends, so the run expires: ` +
          "schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan";
        const entry = found.get(`${path} ${message}`) ?? { problem: warning(path, message), stacks: [] };
        entry.stacks.push(stack.name);
        found.set(`${path} ${message}`, entry);
      });
    }
  }
  return [...found.values()].map(({ problem, stacks }) => ({ ...problem, message: `${problem.message} (${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)})` }));
}
