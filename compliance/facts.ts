/**
 * StackFacts from the estate model: what a rule needs to know beyond one stack's JSON (its
 * account and Region, the plans' declared RPO targets, the locks of vaults other stacks create).
 */
import type { EstateModel, StackModel } from '../config/estate-model';
import { backupVaultArn } from '../core/arn';
import type { StackFacts } from './types';
import { compareStrings } from '../core/order';
import { planRulesBesideOthers, policyPlanJobsOf } from '../config/monitoring';
import { planRpo } from '../core/rpo';

type LockRange = { min: number; max?: number };

/**
 * Every locked vault of the estate (workload vaults with a lock, central vaults with a lock,
 * logically air-gapped vaults), keyed by ARN, and by name where every vault of that name has the
 * same range.
 */
export function estateLocks(model: EstateModel): Record<string, LockRange> {
  const byArn = new Map<string, LockRange>();
  const byName = new Map<string, LockRange[]>();
  const add = (arn: string, name: string, lock: LockRange) => {
    byArn.set(arn, lock);
    // Appended in place: copying the list on every add was quadratic in the vaults sharing a name (one per stack).
    const ranges = byName.get(name);
    if (ranges === undefined) byName.set(name, [lock]);
    else ranges.push(lock);
  };
  for (const stack of model.stacks) {
    if (stack.kind === 'workload') {
      for (const vault of stack.vaults) {
        if (vault.lock) add(vault.arn, vault.name, { min: vault.lock.minRetentionDays, max: vault.lock.maxRetentionDays });
        if (vault.airGapped) add(vault.arn, vault.name, { min: vault.airGapped.minRetentionDays, max: vault.airGapped.maxRetentionDays });
      }
    } else if (stack.kind === 'central') {
      const context = { ...stack.account, region: stack.region };
      if (stack.vault.lock) add(backupVaultArn(context, stack.vault.name), stack.vault.name, { min: stack.vault.lock.minRetentionDays, max: stack.vault.lock.maxRetentionDays });
      if (stack.airGapped) add(backupVaultArn(context, stack.airGapped.name), stack.airGapped.name, { min: stack.airGapped.minRetentionDays, max: stack.airGapped.maxRetentionDays });
    }
  }
  const locks: Record<string, LockRange> = {};
  const same = (a: LockRange, b: LockRange) => a.min === b.min && a.max === b.max;
  for (const [name, ranges] of [...byName.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    if (ranges.every((range) => same(range, ranges[0]))) locks[name] = stripUndefined(ranges[0]);
  }
  for (const [arn, lock] of [...byArn.entries()].sort(([a], [b]) => compareStrings(a, b))) locks[arn] = stripUndefined(lock);
  return locks;
}

const stripUndefined = (lock: LockRange): LockRange => (lock.max === undefined ? { min: lock.min } : { min: lock.min, max: lock.max });

/** Facts of one stack of the model. */
export function stackFacts(stack: StackModel, locks: Readonly<Record<string, LockRange>>): StackFacts {
  const rpoTargetHours: Record<string, number> = {};
  const unknown = new Set<string>();
  const airGapped = new Set<string>();
  if (stack.kind === 'workload') {
    for (const plan of stack.plans) {
      if (plan.rpoTargetHours !== undefined) rpoTargetHours[plan.name] = plan.rpoTargetHours;
      for (const rule of Object.values(plan.rules)) {
        for (const ref of [rule.target, ...Object.values(rule.copies).map((copy) => copy.destination)]) {
          if (ref.existing) [ref.arn, ref.name].forEach((value) => unknown.add(value));
        }
        for (const copy of Object.values(rule.copies)) if (copy.destination.logicallyAirGapped === true) airGapped.add(copy.destination.arn);
      }
    }
  }
  // One shared (read-only) lock table: a copy per stack made the facts quadratic in the estate size. It names every
  // locked vault of the estate (complete); an existing vault's lock is unknown (unknownLockVaults).
  const facts: StackFacts = { stack: stack.name, kind: stack.kind, region: stack.region, accountId: stack.account.accountId, rpoTargetHours, externalLocks: locks, externalLocksComplete: true };
  const policyPlanJobs = stack.kind === 'workload' ? policyPlanJobsOf(stack).map(({ selections, rules, continuous }) => ({ selections, rules, continuous })) : [];
  // A target on a plan a backup policy delivers: its worst case here, as the runbook reads it (the rule on aws_backup_plan never sees it).
  const home = { accountId: stack.account.accountId, region: stack.region };
  const policyPlanRpo =
    stack.kind === 'workload'
      ? (stack.policyPlans ?? []).flatMap((plan) => {
          if (plan.rpoTargetHours === undefined) return [];
          const rpo = planRpo(planRulesBesideOthers([...stack.plans, ...(stack.policyPlans ?? [])], plan, home, stack.policyFileJobs));
          return [{ name: plan.name, key: plan.key, targetHours: plan.rpoTargetHours, minutes: rpo.minutes, explanation: rpo.explanation }];
        })
      : [];
  return {
    ...facts,
    ...(policyPlanJobs.length > 0 ? { policyPlanJobs } : {}),
    ...(policyPlanRpo.length > 0 ? { policyPlanRpo } : {}),
    ...(unknown.size > 0 ? { unknownLockVaults: [...unknown].sort(compareStrings) } : {}),
    ...(airGapped.size > 0 ? { airGappedVaults: [...airGapped].sort(compareStrings) } : {}),
  };
}

/**
 * `name => StackFacts` for every stack of the model (what CompliancePackAspect takes).
 * @throws Error for a name that is not a stack of the model.
 */
export function estateFacts(model: EstateModel): (name: string) => StackFacts {
  const locks = estateLocks(model);
  const byName = new Map(model.stacks.map((stack) => [stack.name, stackFacts(stack, locks)]));
  return (name) => {
    const facts = byName.get(name);
    if (!facts) throw new Error(`compliance: no stack named ${name} in the estate (stacks: ${[...byName.keys()].join(', ')})`);
    return facts;
  };
}
