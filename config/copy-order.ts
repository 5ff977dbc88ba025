/**
 * The rollout order between workload stacks that copy into each other's vaults. A plan's copy rule
 * names its destination by ARN, so nothing in its stack waits for the vault; until the stack that
 * creates the vault is applied, the copy jobs of the rule fail (COPY_JOB_FAILED). So a
 * stack whose Terraform plans copy into a vault another stack of the estate creates (a DR vault of
 * another Region of its account, a vault of another account reached through existingVaults) is
 * applied after that stack, unless that stack must itself come first: an account's other Regions
 * follow its primary Region (their key policies name the service role it creates), so a primary
 * Region's copies into another Region of its account stay in the earlier wave (README, Rollout order).
 */
import { sortedUnique } from '../core/order';
import type { StackModel } from './estate-model';

/** `stacks` with each workload stack's rollout.dependsOn extended by the stacks creating the vaults its plans copy into, when no cycle results. */
export function withCopyDependencies(stacks: readonly StackModel[]): StackModel[] {
  const creator = new Map<string, string>();
  for (const stack of stacks) if (stack.kind === 'workload') for (const vault of stack.vaults) if (!vault.existing && !creator.has(vault.arn)) creator.set(vault.arn, stack.name);
  const dependsOn = new Map(stacks.map((stack) => [stack.name, new Set(stack.rollout.dependsOn)]));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const pending = [from];
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (name === to) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      pending.push(...(dependsOn.get(name) ?? []));
    }
    return false;
  };
  for (const stack of stacks) {
    if (stack.kind !== 'workload') continue;
    const destinations = stack.plans.flatMap((plan) => Object.values(plan.rules).flatMap((rule) => Object.values(rule.copies).map((copy) => copy.destination.arn)));
    for (const arn of sortedUnique(destinations)) {
      const provider = creator.get(arn);
      if (provider === undefined || provider === stack.name || reaches(provider, stack.name)) continue;
      dependsOn.get(stack.name)?.add(provider);
    }
  }
  return stacks.map((stack) => {
    const extended = sortedUnique(dependsOn.get(stack.name) ?? []);
    return extended.length === stack.rollout.dependsOn.length ? stack : { ...stack, rollout: { ...stack.rollout, dependsOn: extended } };
  });
}
