/**
 * What a hand-written backup policy's child control operators leave the policies attached below it
 * (AWS Organizations "Inheritance operators"): the plans AWS keeps out of an account's effective policy.
 */
import { allowedAt, VALUE_SETTING_OPERATORS } from '../core/child-control';
import { firstFew, isRecord } from '../core/order';
import { error, own, type Problem } from '../core/problems';
import { isRootUnit } from './instances';
import type { NormalizedAccount, NormalizedConfig } from './normalize';

/** The levels at which a policy reaches an account: 0 through the root, 1 through its unit, 2 attached to it. */
const attachmentLevels = (config: NormalizedConfig, targets: readonly string[], account: NormalizedAccount): number[] =>
  targets.flatMap((target) => (target === account.key ? [2] : isRootUnit(config, target) ? [0] : account.unit === target ? [1] : []));

/**
 * A hand-written policy restricts what the policies below it (child policies) may do:
 * `@@operators_allowed_for_child_policies` on `plans` without "@@append" keeps them from adding a
 * plan ("Nor can a child policy add additional plans", AWS Backup policy Example 3; "The @@append
 * setting at that level enables child policies to add other plans", Example 4), and ["@@none"] on
 * a plan keeps them from changing it. AWS then leaves the child's plan out of the account's
 * effective policy, while coverage, the report and the RPO gate would count it: an error. Returns
 * the errors and the child plans they name (policy key, plan name and account key, joined by NUL),
 * which the check of plan names across policies (./organization-rules.ts) then leaves alone there.
 */
export function checkChildPoliciesUnderLocks(config: NormalizedConfig, documents: Readonly<Record<string, unknown>>, named: readonly NamedPolicy[]): { problems: Problem[]; reported: Set<string> } {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const parent of named.filter((candidate) => !candidate.built)) {
    const document = documents[parent.key];
    const plansNode = isRecord(document) ? own(document, 'plans') : undefined;
    const plansAllowed = allowedAt(plansNode, allowedAt(document, new Set(VALUE_SETTING_OPERATORS)));
    for (const child of named.filter((candidate) => candidate !== parent)) {
      const dropped = new Map<string, { reason: string; fix: string; accounts: string[] }>();
      for (const account of Object.values(config.accounts)) {
        const above = attachmentLevels(config, parent.targets, account);
        const below = attachmentLevels(config, child.targets, account);
        // Below only when every attachment of the child is: one beside the parent's highest still brings its plans.
        if (above.length === 0 || below.length === 0 || Math.min(...above) >= Math.min(...below)) continue;
        const via = parent.targets.find((target) => attachmentLevels(config, [target], account).includes(Math.min(...above))) ?? '';
        const where = isRootUnit(config, via) ? `the organization root ${via}` : via === account.key ? `account ${via}` : `unit ${via}`;
        for (const name of child.names) {
          const inherited = isRecord(plansNode) && !name.startsWith('@@') ? own(plansNode, name) : undefined;
          let found: { reason: string; fix: string } | undefined;
          if (inherited === undefined && !plansAllowed.has('@@append')) {
            const allowed = plansAllowed.size === 0 ? 'no operator' : [...plansAllowed].sort().join(', ');
            found = {
              reason: `policy ${parent.key}, attached to ${where}, allows child policies ${allowed} at plans, and only @@append there lets a child policy add a plan (AWS Backup policy examples 3 and 4)`,
              fix: `allow @@append at plans in policy ${parent.key}, or attach the policies to the same target`,
            };
          } else if (inherited !== undefined && !child.built && allowedAt(inherited, plansAllowed).size === 0) {
            found = {
              reason: `policy ${parent.key}, attached to ${where}, allows child policies no operator on its plan "${name}", so AWS keeps that plan as the parent sets it (AWS Backup policy Example 4)`,
              fix: `give the plan another name, or change it in policy ${parent.key}`,
            };
          }
          if (found === undefined) continue;
          const entry = dropped.get(name) ?? { ...found, accounts: [] };
          entry.accounts.push(`${account.key} (${account.id})`);
          reported.add(`${child.key}\u0000${name}\u0000${account.key}`);
          dropped.set(name, entry);
        }
      }
      for (const [name, { reason, fix, accounts }] of dropped) {
        problems.push(error(`organization.policies.${child.key}`, `plan "${name}" reaches ${firstFew(accounts.sort())}, but AWS leaves this policy's plan out of the effective policy there: ${reason}; ${fix}`));
      }
    }
  }
  return { problems, reported };
}

/** A policy's plan names (as AWS receives them) and targets. */
export interface NamedPolicy {
  readonly key: string;
  readonly built: boolean;
  readonly targets: readonly string[];
  readonly names: ReadonlySet<string>;
}
