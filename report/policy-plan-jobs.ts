/**
 * policy-plans.json of a synth dir: the plans Organizations backup policies run in each workload stack (account and Region), with
 * their selections and their rules as AWS runs them there. Which policy plans reach an account follows the organization's unit tree,
 * which no stack's Terraform holds, so synth writes what the model knows (config/monitoring.ts policyPlanJobsOf, the rpoTargetHours
 * gate's reading too): the report counts their jobs in a plan's worst-case RPO (core/plan-contention.ts) as the gate and the runbook do.
 */
import { existsSync } from 'node:fs';
import { readJsonFile } from '../core/file-errors';
import { join } from 'node:path';
import { compareStrings, isRecord } from '../core/order';
import type { RpoInput } from '../core/rpo';
import type { SelectionSpec } from '../core/selection';
import { policyPlanJobsOf, type PolicyPlanJobs } from '../config/monitoring';
import type { StackModel } from '../config/estate-model';

export const POLICY_PLANS_FILE = 'policy-plans.json';

/** policy-plans.json: workload stack name -> the backup policies' plans that run there (stacks where none runs are left out). */
export interface PolicyPlansFile {
  readonly version: 1;
  readonly stacks: Readonly<Record<string, readonly PolicyPlanJobs[]>>;
}

/** policy-plans.json as synth writes it, for the stacks it synthesizes. */
export function policyPlansJson(stacks: readonly StackModel[]): string {
  const result: Record<string, PolicyPlanJobs[]> = {};
  for (const stack of [...stacks].sort((a, b) => compareStrings(a.name, b.name))) {
    if (stack.kind !== 'workload') continue;
    const jobs = policyPlanJobsOf(stack);
    if (jobs.length > 0) result[stack.name] = jobs;
  }
  const file: PolicyPlansFile = { version: 1, stacks: result };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function isRule(value: unknown): value is RpoInput {
  if (!isRecord(value)) return false;
  const { schedule, timezone, startWindowMinutes, completionWindowMinutes, continuous, displacedBy, tiedWith } = value;
  const rules = (list: unknown) => list === undefined || (Array.isArray(list) && list.every(isRule));
  return typeof schedule === 'string' && (timezone === undefined || typeof timezone === 'string') && isNumber(startWindowMinutes) && isNumber(completionWindowMinutes) && typeof continuous === 'boolean' && rules(displacedBy) && rules(tiedWith);
}

function isSelection(value: unknown): value is SelectionSpec {
  if (!isRecord(value)) return false;
  const pairs = (list: unknown, more: (item: Record<string, unknown>) => boolean = () => true) =>
    Array.isArray(list) && list.every((item) => isRecord(item) && typeof item.key === 'string' && typeof item.value === 'string' && more(item));
  const operator = (item: Record<string, unknown>) => ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'].includes(item.operator as string);
  return pairs(value.tags) && pairs(value.conditions, operator) && isStrings(value.resources) && isStrings(value.notResources);
}

const isJobs = (value: unknown): value is PolicyPlanJobs =>
  isRecord(value) && typeof value.plan === 'string' && typeof value.continuous === 'boolean' && (value.rpoMinutes === undefined || value.rpoMinutes === null || isNumber(value.rpoMinutes)) && Array.isArray(value.selections) && value.selections.every(isSelection) && Array.isArray(value.rules) && value.rules.every(isRule);

/**
 * policy-plans.json of a synth dir; undefined when there is none (a synth dir written before it existed: the report then says the
 * policies' jobs are not counted). Throws an Error naming the file when it is not one of this version.
 */
export function readPolicyPlans(synthDir: string): PolicyPlansFile | undefined {
  const path = join(synthDir, POLICY_PLANS_FILE);
  if (!existsSync(path)) return undefined;
  const parsed = readJsonFile(path, ': synthesize again');
  const valid = isRecord(parsed) && parsed.version === 1 && isRecord(parsed.stacks) && Object.values(parsed.stacks).every((jobs) => Array.isArray(jobs) && jobs.every(isJobs));
  if (!valid) throw new Error(`${path}: not a policy plans file of this version (version 1, stacks: stack name -> plans with selections and rules): synthesize again`);
  return parsed as unknown as PolicyPlansFile;
}
