/**
 * Jobs of different plans on one resource (core/plan-contention.ts): the plans of one account and Region whose selections may take the
 * same resource (core/selection-reach selectionsMayShare, "no" only when certain) contend for it as the rules of one plan do, one
 * backup job per resource at a time. The config check's warning, at every plan that runs in a workload stack: the stack's own, the
 * built backup policies' (at plans.<key>) and the hand-written policies' (at organization.policies.<key>.file).
 */
import { firstFew } from '../core/order';
import { runsHeldByOtherPlans } from '../core/plan-contention';
import { warning, type Problem } from '../core/problems';
import { RPO_WINDOW, type RpoInput } from '../core/rpo';
import type { SelectionSpec } from '../core/selection';
import type { EstateModel, PlanJobsModel, PlanModel, WorkloadStackModel } from './estate-model';
import { fileJobsSharing, planRulesAsRun, plansSharing } from './monitoring';
import { selectionSpecOfModel } from './selection-specs';

/** A rule of another plan whose jobs may hold a resource: its words in the message, and its runs as AWS makes them. */
interface Holder {
  readonly name: string;
  readonly input: RpoInput;
}

const YEARS = `${RPO_WINDOW.fromYear}-${RPO_WINDOW.fromYear + RPO_WINDOW.years - 1}`;
const REMEDY = "schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan";

/** The rules of the stack's plans and hand-written policies' plans (but the one asking) whose selections may take a resource `specs` take. */
function holdersOf(stack: WorkloadStackModel, plans: readonly PlanModel[], specs: readonly SelectionSpec[], self: { plan?: PlanModel; file?: PlanJobsModel }): Holder[] {
  const home = { accountId: stack.account.accountId, region: stack.region };
  const files = stack.policyFileJobs ?? [];
  return [
    ...plansSharing(plans, specs, self.plan).flatMap((other) => {
      const rules = planRulesAsRun(plans, other, home, files);
      const where = stack.plans.includes(other) ? `plans.${other.key}` : 'an Organizations backup policy';
      return Object.keys(other.rules).map((key, at) => ({ name: `plan ${other.name} (${where}) rule ${key}`, input: rules[at] as RpoInput }));
    }),
    ...fileJobsSharing(files, specs, self.file).flatMap((other) => other.rules.map((input, at) => ({ name: `plan ${other.plan} rule ${other.ruleNames?.[at] ?? at + 1}`, input }))),
  ];
}

/** Rules of a stack's plans (its own, the backup policies'), whose runs a job of another plan of the account and Region may hold the resource through. */
export function checkContentionAcrossPlans(model: EstateModel): Problem[] {
  const found = new Map<string, { problem: Problem; stacks: string[] }>();
  /** The warning at `path` when `holders` hold runs of `input` (`lead` names the rule where the path does not, `then` says what is lost). */
  const judge = (stack: string, path: string, lead: string, input: RpoInput, holders: readonly Holder[], then: string): void => {
    const held = runsHeldByOtherPlans(input, holders.map((holder) => holder.input));
    if (held === undefined || held.held === 0) return;
    const names = held.by.map((at) => {
      const { name, input: theirs } = holders[at] as Holder;
      return `${name} (${theirs.startWindowMinutes} min to start, ${theirs.completionWindowMinutes} min to complete)`;
    });
    const message =
      `${lead}may make no backup on ${held.held} of its ${held.runs} runs in ${YEARS}: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), ` +
      `and a job of ${names.join(', ')}, whose selections may take the resources this plan's do, may still run when this rule's ${input.startWindowMinutes}-minute start window ends, so the run expires: ${then}`;
    const entry = found.get(`${path} ${message}`) ?? { problem: warning(path, message), stacks: [] };
    entry.stacks.push(stack);
    found.set(`${path} ${message}`, entry);
  };
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    const home = { accountId: stack.account.accountId, region: stack.region };
    const plans = [...stack.plans, ...(stack.policyPlans ?? [])];
    for (const plan of plans) {
      const holders = holdersOf(stack, plans, plan.selections.map(selectionSpecOfModel), { plan });
      if (holders.length === 0) continue;
      const inputs = planRulesAsRun(plans, plan, home, stack.policyFileJobs);
      const readers = stack.plans.includes(plan) ? 'the report, the runbook' : "the runbook's backup policy plan section";
      Object.entries(plan.rules).forEach(([key, rule], index) => {
        const copies = [...new Set(Object.values(rule.copies).map((copy) => copy.destination.name))];
        const nothing = `vault ${rule.target.name} gets no backup of this rule then${copies.length === 0 ? '' : `, nor ${copies.join(', ')} its copy`}`;
        judge(stack.name, `plans.${plan.key}.rules.${key}`, '', inputs[index] as RpoInput, holders, `${nothing}; its worst-case RPO counts it (rpoTargetHours, ${readers}): ${REMEDY}`);
      });
    }
    for (const file of stack.policyFileJobs ?? []) {
      const holders = holdersOf(stack, plans, file.selections, { file });
      file.rules.forEach((input, index) => {
        judge(stack.name, `organization.policies.${file.policyKey ?? file.plan}.file`, `plan ${file.plan} rule ${file.ruleNames?.[index] ?? index + 1} `, input, holders, REMEDY);
      });
    }
  }
  return [...found.values()].map(({ problem, stacks }) => ({ ...problem, message: `${problem.message} (${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)})` }));
}
