/**
 * Where an Organizations backup policy applies, built from config plans or hand-written: its
 * targets must be declared units or accounts, and every account it reaches needs a stack in each
 * Region the policy runs in (to create the vaults and the service role its plans use).
 */
import { error, own, Problem } from '../core/problems';
import { listOrNone } from '../core/order';
import { policyTargetsAccount } from './instances';
import type { NormalizedConfig } from './normalize';

/** A policy's targets must be declared units or accounts, and every account it targets needs a stack in each of its Regions. */
export function checkPolicyTargets(config: NormalizedConfig, key: string, targets: readonly string[], regions: readonly string[]): Problem[] {
  const units = config.organization?.units ?? {};
  const problems: Problem[] = [];
  targets.forEach((target, index) => {
    if (!own(units, target) && !own(config.accounts, target)) {
      problems.push(error(`organization.policies.${key}.targets.${index}`, `"${target}" is neither a unit in organization.units nor an account in accounts`));
    }
  });
  for (const account of Object.values(config.accounts).filter((candidate) => policyTargetsAccount(config, targets, candidate))) {
    const missing = regions.filter((region) => !account.regions.includes(region));
    if (missing.length > 0) {
      problems.push(error(`organization.policies.${key}.regions`, `policy runs in ${listOrNone(missing)} in account ${account.key}, which has no stack there to create its vaults and service role: add the Regions to accounts.${account.key}.regions`));
    }
  }
  return problems;
}
