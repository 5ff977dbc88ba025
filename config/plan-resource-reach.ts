/**
 * Resources an organization's plan lists by ARN must live in an account and Region the plan runs
 * in: a plan backs up resources of its own account and Region only, so an ARN of an account that
 * does not run the plan (accounts.<name>.plans), or of a Region none of its accounts runs it in,
 * is backed up by no one. A single account's plans are checked against their one home by the
 * selection rules (config/rules.ts); a backup policy's plans list no ARN (config/policy-content.ts).
 * Where each plan runs is the estate model's answer: the workload stacks that create it.
 */
import { compareStrings } from '../core/order';
import { error, type Problem } from '../core/problems';
import { outsideHome, type SelectionHome } from '../core/selection';
import type { EstateModel } from './estate-model';
import type { NormalizedConfig } from './normalize';

/** The config's account of an id: its key and entry, or undefined for an account the config does not list. */
const accountOfId = (config: NormalizedConfig, id: string) => Object.entries(config.accounts).find(([, account]) => account.id === id);

/** "333333333333 (payments) in eu-west-1 and us-east-1; ..." for the first few accounts. */
function describeHomes(config: NormalizedConfig, homes: readonly SelectionHome[]): string {
  const regions = new Map<string, string[]>();
  for (const home of homes) regions.set(home.accountId, [...(regions.get(home.accountId) ?? []), home.region]);
  const named = [...regions].sort(([a], [b]) => compareStrings(a, b)).map(([id, list]) => {
    const key = accountOfId(config, id)?.[0];
    return `${id}${key === undefined ? '' : ` (${key})`} in ${[...new Set(list)].sort().join(' and ')}`;
  });
  return named.length <= 3 ? named.join('; ') : `${named.slice(0, 3).join('; ')} and ${named.length - 3} more accounts`;
}

/** The fix: the account the ARN names, if the config lists it, runs the plan in the ARN's Region (an organization's plan runs in every Region of its accounts); else the ARN goes. */
function fixFor(config: NormalizedConfig, arn: string, planKey: string): string {
  const [, , , region = '', accountId = ''] = arn.split(':');
  const [key, account] = accountOfId(config, accountId) ?? [];
  if (key === undefined || account === undefined) return 'list the resource in a plan its own account runs, or remove the ARN';
  const needs = [...(account.plans.includes(planKey) ? [] : [`"${planKey}" to accounts.${key}.plans`]), ...(region === '' || region.includes('*') || account.regions.includes(region) ? [] : [`${region} to accounts.${key}.regions`])];
  return needs.length === 0 ? 'remove the ARN' : `add ${needs.join(' and ')}, or remove the ARN`;
}

/** Errors at plans.<plan>.selections.<selection>.resources.<i> for ARNs no instance of the plan can back up. */
export function checkPlanResourcesReach(model: EstateModel, config: NormalizedConfig): Problem[] {
  if (config.mode !== 'organization') return [];
  const homes = new Map<string, SelectionHome[]>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    for (const plan of stack.plans) homes.set(plan.key, [...(homes.get(plan.key) ?? []), { accountId: stack.account.accountId, region: stack.region }]);
  }
  const problems: Problem[] = [];
  for (const [planKey, plan] of Object.entries(config.plans)) {
    const where = homes.get(planKey);
    // A plan no account runs backs up nothing at all: said elsewhere, not per ARN.
    if (where === undefined) continue;
    for (const [selectionKey, selection] of Object.entries(plan.selections)) {
      (selection.resources ?? []).forEach((arn, index) => {
        if (where.some((home) => outsideHome(arn, home) === undefined)) return;
        problems.push(
          error(
            `plans.${planKey}.selections.${selectionKey}.resources.${index}`,
            `"${arn}" is in no account and Region where plan "${plan.name}" runs (${describeHomes(config, where)}): a plan backs up resources of its own account and Region only, so no one backs it up; ${fixFor(config, arn, planKey)}`,
          ),
        );
      });
    }
  }
  return problems;
}
