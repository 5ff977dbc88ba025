/**
 * Restore tests that can never run: a restore testing selection of a resource type that no plan of
 * the stack backs up, or that asks only for continuous recovery points no rule there makes, or that
 * picks only from listed vaults no rule backs the type up or copies into; a test
 * or selection created in no stack (its vaults or resources all in other Regions); a test of
 * snapshots where only continuous rules back the type up (AWS takes no snapshot of it then). AWS
 * then finds no recovery point to restore, starts no restore job and raises no alert, so the test
 * proves nothing, silently. Judged per workload stack by the one selection evaluator
 * (core/selection.ts) over the plans that run there (its own, those backup policies deliver, the
 * selections of hand-written policies); warnings, since recovery points made outside this config
 * (another plan, a manual backup) are restorable too.
 */
import { evaluateSelection, type SelectionSpec } from '../core/selection';
import { typesToOptIn } from '../core/selection-reach';
import { RESOURCE_TYPES } from '../core/limits';
import { warning, type Problem } from '../core/problems';
import { firstFew } from '../core/order';
import type { EstateModel, PlanModel, RuleModel, WorkloadStackModel } from './estate-model';
import { formatMinutes } from '../core/rpo';
import { arnRegionAndAccount } from '../core/arn';
import { selectionSpecOfModel } from './selection-specs';
import { kindsTested, newestTestedAge, restoreTestMayPick, windowDaysOf, windowHolds } from './restore-test-scope';
import type { NormalizedConfig } from './normalize';
import { isArnPattern, restoreTestingName } from '../modules/restore-testing';

/** Whether the selection can reach resources of `type` (restore testing and Region-settings types share their names). */
const reaches = (spec: SelectionSpec, type: string, home: { region: string; accountId: string }): boolean => (typesToOptIn([evaluateSelection(spec, home)]) as readonly string[]).includes(type);

const hasContinuousBackup = (type: string): boolean => RESOURCE_TYPES.some((facts) => facts.name === type && facts.supportsContinuousBackup);

interface Reach {
  /** Some plan backs the type up here. */
  readonly backedUp: boolean;
  /** Some continuous rule backs it up here. */
  readonly continuous: boolean;
  /** The rules of the config plans backing it up here, for the recovery points' ages. */
  readonly rules: readonly RuleModel[];
  /** Those plans with their rules: the selection window is judged per plan, as the runbook credits a test per plan. */
  readonly plans: readonly { readonly name: string; readonly rules: readonly RuleModel[] }[];
  /** Whether a vault ARN is in this stack's account and Region (where the test picks from). */
  readonly here: (vaultArn: string) => boolean;
  /**
   * Those of them that leave snapshots of it here: a continuous rule keeps one continuous recovery
   * point of a type with continuous backup and takes no snapshot of it ("A backup frequency rule for
   * a continuous backup is not the same as a periodic backup snapshot"), except for a copy.
   */
  readonly snapshotRules: readonly RuleModel[];
  /** A hand-written policy backs it up here too (its rules are not read here). */
  readonly byPolicyFile: boolean;
}

/** Whether a plan selection can back up resources of `type` the test selection restores (any of the type without one). */
type Meets = (spec: SelectionSpec) => boolean;

function reachOf(stack: WorkloadStackModel, type: string, meets: Meets = () => true): Reach {
  const home = { region: stack.region, accountId: stack.account.accountId };
  const plans: readonly PlanModel[] = [...stack.plans, ...(stack.policyPlans ?? [])];
  const planReaches = plans.filter((plan) => plan.selections.some((selection) => reaches(selectionSpecOfModel(selection), type, home) && meets(selectionSpecOfModel(selection))));
  const fileReaches = (stack.policyFileSelections ?? []).some((entry) => entry.selections.some((spec) => reaches(spec, type, home) && meets(spec)));
  const rules = planReaches.flatMap((plan) => Object.values(plan.rules));
  // A continuous rule's copy is a snapshot, in the copy's vault: here only when that vault is in this account and Region.
  const here = (arn: string) => arnRegionAndAccount(arn)?.region === stack.region && arnRegionAndAccount(arn)?.account === stack.account.accountId;
  const continuous = (rule: RuleModel) => rule.continuousBackup === true && hasContinuousBackup(type);
  const snapshots = (rule: RuleModel) => !continuous(rule) || Object.values(rule.copies).some(({ destination }) => here(destination.arn));
  return {
    rules,
    plans: planReaches.map((plan) => ({ name: plan.name, rules: Object.values(plan.rules) })),
    here,
    snapshotRules: rules.filter(snapshots),
    byPolicyFile: fileReaches,
    backedUp: planReaches.length > 0 || fileReaches,
    // Hand-written policies are not read rule by rule here: one that reaches the type may run continuously.
    continuous: fileReaches || planReaches.some((plan) => Object.values(plan.rules).some((rule) => rule.continuousBackup === true)),
  };
}

/** The vault name at the end of a vault ARN (arn:...:backup-vault:<name>). */
const vaultNameOf = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1);

/**
 * The vaults that receive recovery points of `type`, by ARN: the target and copy vaults of every
 * rule of every plan (config or policy-delivered) whose selections reach the type in its own stack.
 * Undefined when a hand-written policy reaches it somewhere (its rules are not read here).
 */
function vaultsReceiving(model: EstateModel, type: string): ReadonlySet<string> | undefined {
  const arns = new Set<string>();
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    const home = { region: stack.region, accountId: stack.account.accountId };
    if ((stack.policyFileSelections ?? []).some((entry) => entry.selections.some((spec) => reaches(spec, type, home)))) return undefined;
    for (const plan of [...stack.plans, ...(stack.policyPlans ?? [])]) {
      if (!plan.selections.some((selection) => reaches(selectionSpecOfModel(selection), type, home))) continue;
      for (const rule of Object.values(plan.rules)) {
        arns.add(rule.target.arn);
        for (const copy of Object.values(rule.copies)) arns.add(copy.destination.arn);
      }
    }
  }
  return arns;
}

/** Warnings at restoreTesting.<plan>.selections.<selection>.resourceType, once per path, naming the stacks. */
export function checkRestoreTestsReach(model: EstateModel, config: NormalizedConfig): Problem[] {
  // Grouped by path and by what is wrong: stacks with another reason at the same path get their own warning.
  const where = new Map<string, { path: string; message: (stacks: string) => string; stacks: string[] }>();
  const note = (path: string, kind: string, message: (stacks: string) => string, stack: string) => {
    const entry = where.get(`${path} ${kind}`) ?? { path, message, stacks: [] };
    entry.stacks.push(stack);
    where.set(`${path} ${kind}`, entry);
  };
  const receiving = new Map<string, ReadonlySet<string> | undefined>();
  const vaultsOf = (type: string) => {
    if (!receiving.has(type)) receiving.set(type, vaultsReceiving(model, type));
    return receiving.get(type);
  };
  for (const stack of model.stacks) {
    if (stack.kind !== 'workload') continue;
    for (const test of stack.restoreTesting) {
      // Listed vaults (not "*"): AWS picks recovery points only from them, less the excluded ones.
      const picked = test.includeVaults.includes('*') ? undefined : test.includeVaults.filter((arn) => !(test.excludeVaults ?? []).includes(arn));
      if (picked !== undefined && picked.length === 0) {
        // Without `vaults` a test picks from every vault its stack creates: an excludeVaults listing all of them leaves none
        // (include_vaults and exclude_vaults the same ARNs). Listed in both, it is checkRestoreVaults' error.
        note(
          `restoreTesting.${test.key}.excludeVaults`,
          'excludes every vault',
          (stacks) => `excludes every vault the restore test picks from in ${stacks} (without vaults, every vault the stack creates): it finds no recovery point, starts no restore job and raises no alert; list the vaults to test in vaults, or ["*"]`,
          stack.name,
        );
        continue;
      }
      // The model names selections as AWS does (no hyphen): the config key is the one that maps to that name.
      const configKeys = Object.keys(config.restoreTesting[test.key]?.selections ?? {});
      for (const [name, selection] of Object.entries(test.selections)) {
        const key = configKeys.find((candidate) => restoreTestingName(candidate) === name) ?? name;
        const path = `restoreTesting.${test.key}.selections.${key}.resourceType`;
        // ARN patterns only: it restores nothing, as the restore testing rules' warning on each pattern says (not for want of a plan).
        if (selection.resources !== undefined && selection.resources.length > 0 && selection.resources.every(isArnPattern)) continue;
        const home = { region: stack.region, accountId: stack.account.accountId };
        const reach = reachOf(stack, selection.resourceType, (spec) => restoreTestMayPick(selection, spec, home));
        if (!reach.backedUp && reachOf(stack, selection.resourceType).backedUp) {
          const what = selection.resources !== undefined ? 'the resources it lists' : 'the resources its conditions pick';
          note(
            `restoreTesting.${test.key}.selections.${key}.${selection.resources !== undefined ? 'resources' : 'conditions'}`,
            'not selected',
            (stacks) => `no plan selection of ${stacks} backs up ${what} (${selection.resourceType}): the restore test finds no recovery point of them, starts no restore job and raises no alert`,
            stack.name,
          );
        } else if (!reach.backedUp) {
          note(path, 'not backed up', (stacks) => `no plan of ${stacks} backs up ${selection.resourceType}: the restore test finds no recovery point there, starts no restore job and raises no alert`, stack.name);
        } else if (picked !== undefined && !reach.byPolicyFile && !picked.some((arn) => vaultsOf(selection.resourceType)?.has(arn) ?? true)) {
          const names = firstFew(picked.map(vaultNameOf));
          note(
            `restoreTesting.${test.key}.vaults`,
            `vaults ${selection.resourceType}`,
            (stacks) => `picks recovery points only from vault(s) ${names}, but no plan backs up or copies ${selection.resourceType} into ${picked.length === 1 ? 'it' : 'them'} (${stacks}): the restore test of selection ${key} finds none, starts no restore job and raises no alert; list the vaults its rules target`,
            stack.name,
          );
        } else if (test.recoveryPointTypes !== undefined && test.recoveryPointTypes.every((kind) => kind === 'CONTINUOUS') && hasContinuousBackup(selection.resourceType) && !reach.continuous) {
          // (A type without continuous backup at all is the restore testing rules' own warning.)
          note(path, 'no continuous rule', (stacks) => `tests CONTINUOUS recovery points only, but no continuous rule of ${stacks} backs up ${selection.resourceType}: the restore test finds none; add SNAPSHOT to recoveryPointTypes`, stack.name);
        } else if (!reach.byPolicyFile && reach.snapshotRules.length === 0 && !(test.recoveryPointTypes ?? ['SNAPSHOT']).includes('CONTINUOUS')) {
          note(
            path,
            'continuous only',
            (stacks) => `tests SNAPSHOT recovery points only, but every rule of ${stacks} that backs up ${selection.resourceType} is continuous: AWS keeps one continuous recovery point of it and takes no snapshot (but for a copy to another Region or account), so the restore test finds none; add CONTINUOUS to recoveryPointTypes`,
            stack.name,
          );
        } else if (!reach.byPolicyFile && reach.rules.length > 0) {
          // The newest recovery point may be as old as the best rule's worst-case RPO: a shorter selection window misses it on some runs.
          // Judged per plan too (restore-test-scope.ts windowHolds, the runbook's credit): a 30-day window proves nothing of a yearly plan.
          // Of the kinds each rule leaves in the vaults the test picks from (the runbook's reading): a test of the archive vault only is not kept fresh by a daily rule into main.
          const leavesTested = (rule: RuleModel) => kindsTested(test, rule, selection.resourceType, reach.here);
          const ages = reach.plans.map((plan) => ({ name: plan.name, newest: newestTestedAge(test, plan.rules, leavesTested) }));
          const newest = Math.min(...ages.map((age) => age.newest));
          const windowDays = windowDaysOf(test);
          const atLeast = (minutes: number) => Math.ceil(minutes / (24 * 60));
          const missed = ages.filter((age) => !windowHolds(test, age.newest));
          if (!windowHolds(test, newest)) {
            note(
              `restoreTesting.${test.key}.selectionWindowDays`,
              'window',
              (stacks) =>
                `picks recovery points of the last ${windowDays} day(s), but the newest ${selection.resourceType} recovery point in ${stacks} may be ${formatMinutes(newest)} old (the best rule's worst case): on some runs the restore test finds none, starts no restore job and raises no alert; set at least ${atLeast(newest)}`,
              stack.name,
            );
          } else if (missed.length > 0) {
            const oldest = Math.max(...missed.map((age) => age.newest));
            const names = firstFew(missed.map((age) => age.name));
            const one = missed.length === 1;
            note(
              `restoreTesting.${test.key}.selectionWindowDays`,
              `window ${selection.resourceType} ${names}`,
              (stacks) =>
                `picks recovery points of the last ${windowDays} day(s), but the newest ${selection.resourceType} recovery point of plan${one ? '' : 's'} ${names} in ${stacks} may be ${formatMinutes(oldest)} old: on some runs selection ${key} can restore none of ${one ? "that plan's" : "those plans'"}, so it proves nothing of ${one ? 'its' : 'their'} restores (the runbook does not credit it there); set at least ${atLeast(oldest)}, or test ${one ? 'that plan' : 'them'} with a longer window`,
              stack.name,
            );
          }
        }
      }
    }
  }
  const shown = (stacks: readonly string[]) => `${stacks.length === 1 ? 'stack' : 'stacks'} ${firstFew(stacks)}`;
  return [...checkRestoreTestsPlaced(model, config), ...[...where.values()].map(({ path, message, stacks }) => warning(path, message(shown(stacks))))];
}

/**
 * Restore tests and selections that no stack creates: resolution keeps in each Region only the
 * vaults and resources of that Region (config/resolve-operations.ts restoreTestHere), so one whose
 * vaults or resources are all in Regions where no plan runs is created nowhere and tests nothing.
 */
function checkRestoreTestsPlaced(model: EstateModel, config: NormalizedConfig): Problem[] {
  const tests = model.stacks.flatMap((stack) => (stack.kind === 'workload' ? stack.restoreTesting : []));
  // Without any stack that runs plans no restore test is created: nothing to say about one in particular.
  if (!model.stacks.some((stack) => stack.kind === 'workload' && stack.plans.length + (stack.policyPlans?.length ?? 0) + (stack.policyFileSelections?.length ?? 0) > 0)) return [];
  return Object.entries(config.restoreTesting).flatMap(([key, plan]) => {
    const placed = tests.filter((test) => test.key === key);
    if (placed.length === 0) {
      return [warning(`restoreTesting.${key}`, 'is created in no stack: its vaults, or the resources of every selection, are in Regions where no plan of the account runs, so it tests nothing')];
    }
    return Object.keys(plan.selections)
      .filter((selection) => !placed.some((test) => Object.hasOwn(test.selections, restoreTestingName(selection))))
      .map((selection) => warning(`restoreTesting.${key}.selections.${selection}.resources`, 'lists resources only in Regions where this restore test does not run: the selection is created in no stack'));
  });
}
