/**
 * Where an Organizations backup policy applies, built from config plans or hand-written: its
 * targets must be declared units or accounts, and every account it reaches needs a stack in each
 * Region the policy runs in (to create the vaults and the service role its plans use).
 */
import { error, own, Problem } from '../core/problems';
import { listOrNone } from '../core/order';
import { policyTargetsAccount } from './instances';
import type { NormalizedConfig } from './normalize';
import { checkDuplicateTargets } from '../modules/organization-backup-policy';

/** A policy's targets must be declared units or accounts, and every account it targets needs a stack in each of its Regions. */
export function checkPolicyTargets(config: NormalizedConfig, key: string, targets: readonly string[], regions: readonly string[]): Problem[] {
  return [...checkPolicyTargetIds(config, key, targets), ...checkPolicyTargetRegions(config, key, targets, regions)];
}

/**
 * A policy's targets must be declared units or accounts, each of its own id: once per policy, at its targets (a hand-written
 * policy's plans do not change them; ./policy-file-rules.ts asks only checkPolicyTargetRegions, per plan).
 */
export function checkPolicyTargetIds(config: NormalizedConfig, key: string, targets: readonly string[]): Problem[] {
  const units = config.organization?.units ?? {};
  const problems: Problem[] = [];
  targets.forEach((target, index) => {
    if (!own(units, target) && !own(config.accounts, target)) {
      problems.push(error(`organization.policies.${key}.targets.${index}`, `"${target}" is neither a unit in organization.units nor an account in accounts`));
    }
  });
  // Two targets of one id (two units of one OU, say): the management stack would attach the policy twice, which AWS refuses (the construct's check).
  const ids = Object.fromEntries(targets.flatMap((target) => {
    const id = own(units, target) ?? own(config.accounts, target)?.id;
    return id === undefined ? [] : [[target, id]];
  }));
  for (const problem of checkDuplicateTargets(ids)) {
    const target = problem.path.slice('targets.'.length);
    problems.push({ ...problem, path: `organization.policies.${key}.targets.${targets.indexOf(target)}` });
  }
  return problems;
}

/** Every account a policy targets needs a stack in each of `regions` (the policy's, or one hand-written plan's). */
export function checkPolicyTargetRegions(config: NormalizedConfig, key: string, targets: readonly string[], regions: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const account of Object.values(config.accounts).filter((candidate) => policyTargetsAccount(config, targets, candidate))) {
    const missing = regions.filter((region) => !account.regions.includes(region));
    if (missing.length > 0) {
      problems.push(error(`organization.policies.${key}.regions`, `policy runs in ${listOrNone(missing)} in account ${account.key}, which has no stack there to create its vaults and service role: add the Regions to accounts.${account.key}.regions`));
    }
  }
  return problems;
}
