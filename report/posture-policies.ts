/**
 * The Organizations backup policies of a management stack: each `aws_organizations_policy` of
 * type BACKUP_POLICY, its policy document (plans with rules, copies and selections, in the
 * @@assign syntax of Organizations) and the targets it is attached to.
 */
import { parseBackupVaultArn } from '../core/arn';
import { compareStrings, isRecord, sortedEntries } from '../core/order';
import { parseReference, type TerraformStackJson } from '../core/terraform-json';
import { asNumber, asObject, asString } from './json-values';
import { readEmbeddedJson } from '../core/json-text';
import { MESSAGES } from '../policies/messages';
import { scopedDenies } from '../compliance';
import { policyListValues } from '../policies/list-values';
import type { CopyPosture, GuardrailPosture, PolicyPlanPosture, PolicyPosture, PolicyTarget, RetentionPosture, RulePosture, SelectionPosture, TagTest } from './posture-model';
import {
  DEFAULT_COMPLETION_WINDOW,
  DEFAULT_SCHEDULE,
  DEFAULT_START_WINDOW,
  operatorOf,
  refFromVault,
  retentionOf,
  rulePosture,
  selectionPosture,
  unknownVault,
  vaultKey,
  type VaultIndex,
} from './posture-parts';
import { planRpo, type RpoInput } from '../core/rpo';
import { withOtherPlansJobs } from '../core/plan-contention';
import { handWrittenPolicyPlanName } from '../config/estate-model';
import { regionalPolicyPlanBase } from '../config/policy-content';
import { asPlanRules, copyNotMadeFrom, planTypes, rulesWithContinuousCoverage, withRulesAsRun, worseRpo } from './posture-parts';
import { planChildOperators } from '../core/child-control';
import { tagConditionOf, type SelectionSpec } from '../core/selection';
import { reachesOnlyContinuousTypes } from '../core/selection-reach';

/** The value of a policy setting: its @@assign (policies may also be written without operators). */
function assigned(node: unknown): unknown {
  return isRecord(node) && '@@assign' in node ? node['@@assign'] : node;
}

/** The values a list setting gives: the one policy list reader (@@assign and @@append, less @@remove). */
const listValues = policyListValues;

function assignedString(node: unknown): string | undefined {
  return asString(assigned(node));
}

function assignedNumber(node: unknown): number | undefined {
  return asNumber(assigned(node));
}

/** Named children of a policy map, without @@ operators, in name order. */
function namedChildren(node: unknown): [string, Record<string, unknown>][] {
  return sortedEntries(asObject(node)).flatMap(([key, child]): [string, Record<string, unknown>][] => (!key.startsWith('@@') && isRecord(child) ? [[key, child]] : []));
}

function policyRetention(lifecycle: unknown): RetentionPosture {
  const block = asObject(lifecycle);
  const archive = assigned(block.opt_in_to_archive_for_supported_resources);
  return retentionOf(assignedNumber(block.delete_after_days) ?? null, assignedNumber(block.move_to_cold_storage_after_days) ?? null, archive === true || archive === 'true');
}

function policyConditions(node: unknown): TagTest[] {
  const tests: TagTest[] = [];
  for (const [operatorKey, entries] of namedChildren(node)) {
    for (const [, condition] of namedChildren(entries)) {
      tests.push(tagConditionOf(operatorOf(operatorKey), assignedString(condition.condition_key) ?? '', assignedString(condition.condition_value) ?? ''));
    }
  }
  return tests;
}

/** A policy plan's selections in the one selection evaluator's terms: a tag selection reaches every type; resource selections their types. */
function policyPlanSpecs(plan: Record<string, unknown>): SelectionSpec[] {
  const selectionsNode = asObject(plan.selections);
  return [
    ...namedChildren(selectionsNode.tags).map((): SelectionSpec => ({ tags: [{ key: '*', value: '*' }], conditions: [], resources: [], notResources: [] })),
    ...namedChildren(selectionsNode.resources).map(([, selection]): SelectionSpec => ({ tags: [], conditions: [], resources: listValues(selection.resource_types), notResources: [] })),
  ];
}

/** A plan of a backup policy document: its regions, its selections, and whether a rule of it backs up continuously. */
interface PolicyPlanReach {
  /** The policy resource's name and the plan's. */
  readonly id: string;
  readonly regions: readonly string[];
  readonly specs: readonly SelectionSpec[];
  readonly continuous: boolean;
}

const reachOf = (id: string, node: Record<string, unknown>): PolicyPlanReach => ({
  id,
  regions: listValues(node.regions),
  specs: policyPlanSpecs(node),
  continuous: namedChildren(node.rules).some(([, rule]) => assignedString(rule.enable_continuous_backup) === 'true' || assigned(rule.enable_continuous_backup) === true),
});

/**
 * A policy plan's rows as AWS runs them in each stack it runs in (`beside`: per stack, the jobs of the other plans there that may
 * share its resources), asked as a stack plan's rows ask (withRulesAsRun): each rule's worst over those stacks; read alone without.
 */
function rowsBeside(rules: readonly RulePosture[], snapshotFallback: boolean, beside: readonly (readonly RpoInput[])[]): RulePosture[] {
  if (beside.length === 0) return withRulesAsRun(rules, snapshotFallback);
  const perStack = beside.map((others) => withRulesAsRun(rules, snapshotFallback, others));
  return rules.map((rule, at) => perStack.map((rows) => rows[at] ?? rule).reduce((worst, row) => (worseRpo(worst.rpo.minutes, row.rpo.minutes) === worst.rpo.minutes ? worst : row)));
}

function readPolicyPlan(
  index: VaultIndex,
  name: string,
  plan: Record<string, unknown>,
  childOperators: readonly string[],
  contested: readonly SelectionSpec[],
  beside: readonly (readonly RpoInput[])[],
  fullyManaged: readonly string[] | undefined,
  knownRpo: number | null | undefined,
): PolicyPlanPosture {
  const regions = listValues(plan.regions).sort(compareStrings);
  // Those without continuous backup get snapshots, and so do those another policy plan's continuous rule may take (AWS backs each up continuously for one plan only).
  const selectionsNode = asObject(plan.selections);
  const specs = policyPlanSpecs(plan);
  const typesFallback = !reachesOnlyContinuousTypes(specs, undefined, contested);
  // The member accounts' Region settings are not known here: every type the selections reach counts.
  const types = planTypes(specs);
  const readRules = (snapshotFallback: boolean, lapses: boolean) => namedChildren(plan.rules).map(([ruleName, rule]): RulePosture => {
    const retention = policyRetention(rule.lifecycle);
    const vaultName = assignedString(rule.target_backup_vault_name) ?? '';
    const copies = namedChildren(rule.copy_actions).map(([arnKey, action]): CopyPosture => {
      const arn = assignedString(action.target_backup_vault_arn) ?? arnKey;
      const parsed = parseBackupVaultArn(arn);
      const known = parsed ? index.get(vaultKey(parsed.account, parsed.region, parsed.name)) : undefined;
      const destination = known ? refFromVault(known) : unknownVault(parsed?.account ?? 'unknown', parsed?.region ?? 'unknown', parsed?.name ?? arn);
      const crossAccount = destination.accountId !== '$account';
      const notMade = copyNotMadeFrom(regions, destination, crossAccount, types, fullyManaged);
      return {
        arn,
        destination,
        crossRegion: !(regions.length === 1 && regions[0] === destination.region),
        crossAccount,
        retention: action.lifecycle === undefined ? retention : policyRetention(action.lifecycle),
        ...(notMade === undefined ? {} : { notMade }),
      };
    });
    return rulePosture({
      name: ruleName,
      schedule: assignedString(rule.schedule_expression) ?? DEFAULT_SCHEDULE,
      timezone: assignedString(rule.schedule_expression_timezone) ?? 'Etc/UTC',
      startWindowMinutes: assignedNumber(rule.start_backup_window_minutes) ?? DEFAULT_START_WINDOW,
      completionWindowMinutes: assignedNumber(rule.complete_backup_window_minutes) ?? DEFAULT_COMPLETION_WINDOW,
      continuous: assignedString(rule.enable_continuous_backup) === 'true' || assigned(rule.enable_continuous_backup) === true,
      snapshotFallback,
      continuousMayLapse: lapses,
      retention,
      // The vault of that name in each account and Region the policy reaches.
      vault: unknownVault('$account', regions.length === 1 ? (regions[0] ?? 'each Region') : 'each Region', vaultName),
      copies: copies.sort((a, b) => compareStrings(a.destination.key, b.destination.key)),
    });
  });
  const { rules: ownRules, snapshotFallback } = rulesWithContinuousCoverage(readRules, typesFallback, specs, undefined);
  const rules = rowsBeside(ownRules, snapshotFallback, beside);
  const selections: SelectionPosture[] = [];
  for (const [selectionName, selection] of namedChildren(selectionsNode.tags)) {
    const key = assignedString(selection.tag_key) ?? '';
    const tags = listValues(selection.tag_value).map((value): TagTest => ({ operator: 'StringEquals', key, value }));
    selections.push(selectionPosture(selectionName, tags, policyConditions(selection.conditions), [], []));
  }
  for (const [selectionName, selection] of namedChildren(selectionsNode.resources)) {
    selections.push(selectionPosture(selectionName, [], policyConditions(selection.conditions), listValues(selection.resource_types), listValues(selection.not_resource_types)));
  }
  return {
    name,
    address: '',
    regions,
    rules,
    // policy-plans.json's worst case when it has one (a built plan's); else as a stack plan's (posture-terraform.ts readPlans), over the stacks it runs in.
    rpoMinutes: knownRpo !== undefined ? knownRpo : beside.length === 0 ? planRpo(asPlanRules(rules, snapshotFallback)).minutes : beside.map((others) => planRpo(withOtherPlansJobs(asPlanRules(ownRules, snapshotFallback), others)).minutes).reduce(worseRpo),
    snapshotFallback,
    childOperators,
    selections: selections.sort((a, b) => compareStrings(a.name, b.name)),
  };
}

/** The targets an `aws_organizations_policy_attachment` of the stack attaches the policy resource to, sorted by id. */
function targetsOf(json: TerraformStackJson, resourceName: string, accountNames: ReadonlyMap<string, string>): PolicyTarget[] {
  return json
    .ofType('aws_organizations_policy_attachment')
    .filter(({ attributes: attachment }) => {
      const reference = parseReference(asString(attachment.policy_id) ?? '');
      return reference?.type === 'aws_organizations_policy' && reference.name === resourceName;
    })
    .map(({ attributes: attachment }): PolicyTarget => {
      const id = asString(attachment.target_id) ?? '';
      return { id, label: accountNames.get(id) ?? id };
    })
    .sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * The service control policies of a stack (the vault protection guardrail of the management
 * stack): the actions their Deny statements name, the principals a "Not" condition on
 * aws:PrincipalArn exempts, and their targets. The statements as the plan guard reads them
 * (compliance/vault-protection.ts scopedDenies): one reading of a service control policy.
 */
export function readGuardrails(json: TerraformStackJson, accountNames: ReadonlyMap<string, string>): GuardrailPosture[] {
  return json
    .ofType('aws_organizations_policy')
    .filter(({ attributes }) => asString(attributes.type) === 'SERVICE_CONTROL_POLICY')
    .map(({ name: resourceName, attributes }): GuardrailPosture => {
      // Content AWS Organizations refuses (a repeated key) is never attached: it denies nothing, whatever its last reading says.
      const content = asString(attributes.content) ?? '';
      const denies = readEmbeddedJson(content)?.repeated === undefined ? scopedDenies(content) : [];
      const denied = new Set(denies.flatMap((statement) => statement.actions));
      const exempt = new Set(denies.flatMap((statement) => [...statement.exempt]));
      return { name: asString(attributes.name) ?? resourceName, targets: targetsOf(json, resourceName, accountNames), denied: [...denied].sort(compareStrings), exempt: [...exempt].sort(compareStrings) };
    })
    .sort((a, b) => compareStrings(a.name, b.name));
}

/** The key of a policy plan in a Region among policy-plans.json's jobs, beside its key by plan name (a built plan with copies is one plan per Region). */
export const policyPlanInRegion = (plan: string, region: string): string => `${plan}\u0000${region}`;

/**
 * Under which key policy-plans.json holds the jobs of the plan `planName` of policy `policy`'s document: a hand-written policy's
 * plan by handWrittenPolicyPlanName, a built one by its name, or, for a built plan with copies (one per Region, named by
 * regionalPolicyPlanName), by the config plan's name in that Region. Undefined when it holds none (an older synth dir).
 */
function policyPlansKey(policy: string, planName: string, regions: readonly string[], holds: (key: string) => boolean): string | undefined {
  const base = regions.length === 1 ? regionalPolicyPlanBase(planName, regions[0] as string) : undefined;
  const candidates = [handWrittenPolicyPlanName(planName, policy), planName, ...(base === undefined ? [] : [policyPlanInRegion(base, regions[0] as string)])];
  return candidates.find(holds);
}

/** What policy-plans.json and the stacks' Region settings say of each policy plan, by policyPlansKey's keys. */
export interface PolicyPlanFacts {
  /** A built plan's worst-case RPO over the stacks it runs in, the other plans' jobs counted (as the runbook and the rpoTargetHours gate read it). */
  readonly worstRpo?: ReadonlyMap<string, number | null>;
  /**
   * Per stack the plan runs in, the jobs of the other plans there that may share its resources (posture-terraform.ts readPlans): its
   * rule rows count them, and so does the worst case of a plan `worstRpo` does not name (a hand-written policy's).
   */
  readonly beside?: ReadonlyMap<string, readonly (readonly RpoInput[])[]>;
  /** The types fully managed in every stack the plan runs in: a copy of any other type is not made in some (core/regions.ts copyNotMade). */
  readonly fullyManaged?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The backup policies of a stack (the management stack has them), by name. `accountNames` labels the account ids among the targets
 * with their account key. A plan `facts` say nothing of (an older synth dir) is read alone.
 */
export function readPolicies(json: TerraformStackJson, index: VaultIndex, accountNames: ReadonlyMap<string, string>, facts: PolicyPlanFacts = {}): PolicyPosture[] {
  const { worstRpo = new Map(), beside = new Map(), fullyManaged = new Map() } = facts;
  // Each policy's content read once (value and first repeated key), for the continuous plans and for the policy itself.
  const policies = json
    .ofType('aws_organizations_policy')
    .filter(({ attributes }) => (asString(attributes.type) ?? 'BACKUP_POLICY') === 'BACKUP_POLICY')
    .map((policy) => ({ ...policy, read: readEmbeddedJson(asString(policy.attributes.content) ?? '') }));
  // Every policy plan with a continuous rule: two policies' plans of a Region may run in one account (the unit tree is not known here).
  // Content AWS Organizations refuses (a repeated key) delivers no plan: read as none, as AWS has it.
  const continuousPlans = policies.flatMap(({ name: resourceName, read }) =>
    namedChildren(asObject(read?.repeated === undefined ? read?.value : undefined).plans).map(([planName, node]) => reachOf(`${resourceName}\u0000${planName}`, node)).filter((plan) => plan.continuous),
  );
  const contestedOf = (id: string, node: Record<string, unknown>): SelectionSpec[] => {
    const regions = listValues(node.regions);
    return continuousPlans.filter((other) => other.id !== id && other.regions.some((region) => regions.includes(region))).flatMap((other) => other.specs);
  };
  return policies
    .map(({ name: resourceName, address, attributes, read }): PolicyPosture => {
      const name = asString(attributes.name) ?? resourceName;
      const targets = targetsOf(json, resourceName, accountNames);
      const unread = read === undefined ? 'content is not JSON' : read.repeated === undefined ? undefined : `${MESSAGES.contentDuplicateKey(read.repeated)}: the apply fails, so no account receives its plans`;
      if (unread !== undefined) return { name, address, description: asString(attributes.description) ?? '', plans: [], targets, problem: unread };
      const content = read?.value;
      const childOperators = planChildOperators(content);
      const plans = namedChildren(asObject(content).plans).map(([planName, plan]) => {
        const key = policyPlansKey(name, planName, listValues(plan.regions), (candidate) => beside.has(candidate) || worstRpo.has(candidate));
        // A built plan's worst case is policy-plans.json's (as the runbook and the gate read it): not computed again here.
        const knownRpo = key !== undefined && worstRpo.has(key) ? (worstRpo.get(key) as number | null) : undefined;
        return readPolicyPlan(index, planName, plan, childOperators.get(planName) ?? [], contestedOf(`${resourceName}\u0000${planName}`, plan), (key === undefined ? undefined : beside.get(key)) ?? [], key === undefined ? undefined : fullyManaged.get(key), knownRpo);
      });
      return { name, address, description: asString(attributes.description) ?? '', plans, targets };
    })
    .sort((a, b) => compareStrings(a.name, b.name));
}
