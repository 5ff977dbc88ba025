/**
 * What AWS Backup does not offer in a Region (core/regions.ts BACKUP_AVAILABILITY, from AWS's
 * "AWS Backup feature availability" and "Logically air-gapped vault" pages), judged on the estate
 * model, where every plan, vault and copy has its concrete Region and account:
 * - a logically air-gapped vault in a Region without them: an error (AWS has no such vault there);
 *   one in a Region where AWS makes no cross-Region or cross-account copy into one: a warning (it
 *   would stay empty), or, when copies of its own account and Region fill it, a warning at each copy that crosses;
 * - a copy AWS does not make: a cross-account copy in China, a copy to or from a Region where copies
 *   into air-gapped vaults are not available, and the resource types AWS copies across Regions or
 *   accounts nowhere Region opt-in is required (DocumentDB, FSx, Neptune; CloudFormation, Timestream),
 *   FSx for ONTAP volumes named by ARN (copied nowhere), DynamoDB without advanced DynamoDB backup,
 *   and Aurora, DocumentDB and Neptune into an air-gapped vault of another Region,
 *   when the plan's selections can reach them (the one selection evaluator, less types the Region
 *   settings opt out): warnings, since the backups are made and only the copy job fails. The runbook
 *   reads a copy the same way (copyNotMadeHere).
 * Each at its config path once, naming the stacks.
 */
import { arnRegionAndAccount } from '../core/arn';
import { firstFew } from '../core/order';
import { error, warning, type Problem } from '../core/problems';
import { fullyManagedTypes } from '../core/limits';
import { BACKUP_AVAILABILITY, copyNotMade } from '../core/regions';
import { evaluateSelection } from '../core/selection';
import { typesCopied } from '../core/selection-reach';
import type { EstateModel, PlanModel, VaultRef, WorkloadStackModel } from './estate-model';
import { selectionSpecOfModel } from './selection-specs';

const AIR_GAPPED_SOURCE = 'AWS Backup feature availability';

/** The problem with a logically air-gapped vault in `region` (`filledInPlace`: copies of its own account and Region reach it), or undefined. */
function airGappedVaultProblem(path: string, region: string, filledInPlace = false): Problem | undefined {
  if (BACKUP_AVAILABILITY.noAirGappedVault.includes(region)) {
    return error(path, `is a logically air-gapped vault in ${region}, a Region where AWS Backup offers none ("Not currently available in", AWS Backup, Logically air-gapped vault): put it in another Region`);
  }
  if (BACKUP_AVAILABILITY.noAirGappedCopy.includes(region) && !filledInPlace) {
    return warning(path, `is a logically air-gapped vault in ${region}, where AWS Backup makes no cross-Region or cross-account copy into one ("Cross-Region and cross-account copy to a logically air-gapped vault is not currently available", ${AIR_GAPPED_SOURCE}), and no rule of its account and Region copies into it: it would stay empty; put it in another Region`);
  }
  return undefined;
}

/** What a plan's copies carry in this stack: the types its selections back up (what they can reach, less what the Region settings opt out), and the kinds copied apart (core/selection-reach.ts typesCopied). */
export function typesCopiedBy(stack: WorkloadStackModel, plan: PlanModel): readonly string[] {
  const home = { region: stack.region, accountId: stack.account.accountId };
  return typesCopied(plan.selections.map((selection) => evaluateSelection(selectionSpecOfModel(selection), home)), stack.regionSettings?.optIn);
}

/** The types the stack's Region settings put under full AWS Backup management, as synthesized; undefined when the stack does not manage them (not judged). */
export function fullyManagedOf(stack: WorkloadStackModel): readonly string[] | undefined {
  return stack.regionSettings === undefined ? undefined : fullyManagedTypes(stack.regionSettings.management);
}

const crossesAccount = (stack: WorkloadStackModel, arn: string): boolean => {
  const account = arnRegionAndAccount(arn)?.account;
  return account !== undefined && account !== stack.account.accountId;
};

/**
 * What AWS Backup does not make of a copy from this stack to `destination` of a plan carrying `types` (typesCopiedBy): core/regions.ts
 * copyNotMade on the model's route (accounts, air gap, the stack's full management), read one way for validate and the runbook.
 */
export function copyNotMadeHere(stack: WorkloadStackModel, destination: VaultRef, types: readonly string[]): ReturnType<typeof copyNotMade> {
  const fullyManaged = fullyManagedOf(stack);
  const route = { from: stack.region, to: destination.region, crossAccount: crossesAccount(stack, destination.arn), intoAirGapped: destination.logicallyAirGapped === true };
  return copyNotMade({ ...route, ...(fullyManaged === undefined ? {} : { fullyManaged }) }, types);
}

/**
 * The logically air-gapped vaults some rule copies into from their own account and Region: the
 * footnote names only cross-Region and cross-account copies, so these are not left empty where
 * AWS makes no such copy; the copies that do cross into them are the ones that fail.
 */
function airGappedFilledInPlace(model: EstateModel): ReadonlySet<string> {
  const arns = new Set<string>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    for (const plan of [...stack.plans, ...(stack.policyPlans ?? [])]) {
      for (const rule of Object.values(plan.rules)) {
        for (const copy of Object.values(rule.copies)) {
          if (copy.destination.logicallyAirGapped === true && copy.destination.region === stack.region && !crossesAccount(stack, copy.destination.arn)) arns.add(copy.destination.arn);
        }
      }
    }
  }
  return arns;
}

/** Warnings about the copies of one plan in one stack, as [path, message]. */
function copyProblems(stack: WorkloadStackModel, plan: PlanModel, filledInPlace: ReadonlySet<string>): [path: string, message: string][] {
  const found: [string, string][] = [];
  const reached = typesCopiedBy(stack, plan);
  for (const [ruleKey, rule] of Object.entries(plan.rules)) {
    for (const [copyKey, copy] of Object.entries(rule.copies)) {
      const path = `plans.${plan.key}.rules.${ruleKey}.copies.${copyKey}`;
      const to = copy.destination.region;
      const account = arnRegionAndAccount(copy.destination.arn)?.account;
      const crossAccount = crossesAccount(stack, copy.destination.arn);
      const route = `copies from ${stack.region} to ${crossAccount ? `account ${account} in ` : ''}${to}`;
      const airGapped = copy.destination.logicallyAirGapped === true;
      const notMade = copyNotMadeHere(stack, copy.destination, reached);
      if (notMade === undefined) continue;
      if (notMade.refused !== undefined) {
        const intoVault = airGapped && notMade.remedy === undefined;
        // An air-gapped vault where no copy crosses into one is reported at the vault, unless copies of its own account and Region fill it.
        if (intoVault && BACKUP_AVAILABILITY.noAirGappedCopy.includes(to) && !filledInPlace.has(copy.destination.arn)) continue;
        const into = intoVault ? `, into logically air-gapped vault "${copy.destination.name}"` : '';
        found.push([path, `${route}${into}, but ${notMade.refused}: the copy job fails for every recovery point${notMade.remedy === undefined ? '' : `; ${notMade.remedy}`}`]);
        continue;
      }
      const { because, types, source } = notMade;
      found.push([path, `${route}: AWS Backup makes ${because} of ${types.join(' or ')} backups (${AIR_GAPPED_SOURCE}, ${source}), so the copy job fails for those this plan's selections reach; the backups themselves are made`]);
    }
  }
  return found;
}

/** Errors and warnings about what the estate asks of Regions that AWS Backup does not offer there. */
export function checkRegionAvailability(model: EstateModel): Problem[] {
  const problems = new Map<string, { problem: Problem; stacks: string[] }>();
  const note = (problem: Problem | undefined, stack: string) => {
    if (problem === undefined) return;
    const key = `${problem.severity} ${problem.path} ${problem.message}`;
    const entry = problems.get(key) ?? { problem, stacks: [] };
    entry.stacks.push(stack);
    problems.set(key, entry);
  };
  const filledInPlace = airGappedFilledInPlace(model);
  for (const stack of model.stacks) {
    if (stack.kind === 'central' && stack.airGapped) note(airGappedVaultProblem('organization.central.airGapped', stack.region), stack.name);
    if (stack.kind !== 'workload') continue;
    for (const vault of stack.vaults) if (vault.airGapped) note(airGappedVaultProblem(`vaults.${vault.key}.airGapped`, stack.region, filledInPlace.has(vault.arn)), stack.name);
    for (const plan of [...stack.plans, ...(stack.policyPlans ?? [])]) {
      for (const [path, message] of copyProblems(stack, plan, filledInPlace)) note(warning(path, message), stack.name);
    }
  }
  return [...problems.values()].map(({ problem, stacks }) => ({ ...problem, message: `${problem.message} (${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)})` }));
}
