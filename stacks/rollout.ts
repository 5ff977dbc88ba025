/** cdktf.out/rollout.json: every synthesized stack with its account, Region, kind, folder, role and order. */
import type { StackModel } from '../config/resolve';
import { buildRollout, rolloutJson } from '../rollout/rollout';

export function rolloutFor(stacks: readonly StackModel[]): string {
  const names = new Set(stacks.map((stack) => stack.name));
  return rolloutJson(
    buildRollout(
      stacks.map((stack) => ({
        name: stack.name,
        kind: stack.rollout.kind,
        account: stack.rollout.account,
        accountId: stack.rollout.accountId,
        region: stack.rollout.region,
        directory: `cdktf.out/stacks/${stack.name}`,
        roleArn: stack.rollout.roleArn,
        // A subset synth keeps the order among the stacks it wrote.
        dependsOn: stack.rollout.dependsOn.filter((name) => names.has(name)),
      })),
    ),
  );
}
