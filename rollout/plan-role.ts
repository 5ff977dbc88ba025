/**
 * What a pipeline must hold to before it runs Terraform on a synthesized stack, and the read-only
 * plan role of pull-request plans.
 *
 * Pull-request plans run code anyone who can open a pull request wrote, so they must not hold the
 * deploy role. A stack's providers assume the account's deploy role (rollout.json's roleArn); for a
 * plan, a Terraform override file beside cdk.tf.json (`zz_backup_estate_plan_role_override.tf.json`,
 * Terraform merges `*_override.tf.json` files into the configuration) makes every provider assume
 * the read-only plan role of the same account instead, and the state backend's role, when it
 * names one, the given read-only state role. cdk.tf.json itself is left as synthesized (its bytes
 * are what the synth job compared).
 *
 * Local state in a pipeline is refused, for an organization and a single account alike: a CI
 * runner discards its files after the run, so the next run would plan every resource anew against
 * AWS (and an apply would create fresh keys, then fail on the names that exist, or worse, lose
 * track of the vaults). Local state is for trying the tool on a workstation, outside a pipeline.
 */
import { roleArnProblem } from '../core/checks';
import { IAM_ROLE_ARN_PATTERN, NAME_RULES } from '../core/limits';
import type { Rollout } from './rollout';

export const PLAN_ROLE_OVERRIDE_FILE = 'zz_backup_estate_plan_role_override.tf.json';

/** Default name of the read-only role PR plans assume in every account. */
export const DEFAULT_PLAN_ROLE_NAME = 'backup-estate-plan';


export interface PipelineStackProblem {
  readonly stack: string;
  readonly message: string;
}

/**
 * Whether the rollout is an organization's: it has a management or central stack, or (a job's
 * partial synth, workload stacks only) its stacks assume a deploy role, which only an
 * organization's do (a single-account estate runs with the pipeline's own credentials).
 */
export const isOrganizationRollout = (rollout: Rollout): boolean => rollout.stacks.some((stack) => stack.kind !== 'workload' || stack.roleArn !== undefined);

/** The backend a stack's cdk.tf.json names (cdktf writes one), or undefined. */
export function backendOf(stackJson: unknown): { type: string; settings: Record<string, unknown> } | undefined {
  const backend = isRecord(stackJson) && isRecord(stackJson.terraform) ? stackJson.terraform.backend : undefined;
  if (!isRecord(backend)) return undefined;
  const [type] = Object.keys(backend);
  return type === undefined ? undefined : { type, settings: isRecord(backend[type]) ? backend[type] : {} };
}

/**
 * Problems that stop a pipeline from running Terraform on these stacks: local state (or no backend),
 * in an organization estate or a single account. `stacks` maps stack names to their parsed cdk.tf.json.
 */
export function pipelineStateProblems(rollout: Rollout, stacks: ReadonlyMap<string, unknown>): PipelineStackProblem[] {
  const estate = isOrganizationRollout(rollout) ? "an organization estate's pipeline" : 'a pipeline';
  const problems: PipelineStackProblem[] = [];
  for (const [stack, json] of stacks) {
    const backend = backendOf(json);
    if (backend === undefined || backend.type === 'local') {
      problems.push({
        stack,
        message:
          `state.backend: ${estate} needs remote state, and stack ${stack} keeps its state ${backend ? 'in a local file' : 'nowhere (no backend)'}: ` +
          'a CI runner discards its files after each run, so the next plan would start from nothing. Set state: { backend: s3, bucket: ..., region: ... } and migrate the state first (terraform init -migrate-state).',
      });
    }
  }
  return problems;
}

/** The ARN of role `name` in the account (and partition) of `roleArn`. */
export function sameAccountRole(roleArn: string, name: string): string | undefined {
  // The one shape of a role ARN (core/limits.ts IAM_ROLE_ARN_PATTERN, the config's roleArn rule): arn:PARTITION:iam::ACCOUNT:role/...
  if (!IAM_ROLE_ARN_PATTERN.test(roleArn)) return undefined;
  const [, partition, , , account] = roleArn.split(':');
  return `arn:${partition}:iam::${account}:role/${name}`;
}

export interface PlanRoleOptions {
  /** Role name PR plans assume in each account (default DEFAULT_PLAN_ROLE_NAME). */
  readonly roleName?: string;
  /** Read-only role for the state backend, required when the backend assumes a role of its own. */
  readonly stateRoleArn?: string;
}

export type PlanRoleOverride = { readonly override: Record<string, unknown> | undefined } | { readonly error: string };

/**
 * The override that makes a stack's plan read-only: every aws provider block that assumes a role
 * assumes `roleName` in the same account instead, and an s3 backend's assume_role becomes
 * `stateRoleArn`. `override` is undefined when the stack assumes no role at all (the pipeline's own
 * credentials, a read-only role in a PR job, are used as they are).
 */
export function planRoleOverride(stack: string, stackJson: unknown, options: PlanRoleOptions = {}): PlanRoleOverride {
  const roleName = options.roleName ?? DEFAULT_PLAN_ROLE_NAME;
  if (!NAME_RULES.role.pattern.test(roleName)) return { error: `--role-name: "${roleName}" is not an IAM role name (1-64 letters, digits and +=,.@_-)` };
  if (options.stateRoleArn !== undefined && !IAM_ROLE_ARN_PATTERN.test(options.stateRoleArn)) return { error: `--state-role-arn: "${options.stateRoleArn}" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)` };
  // Written into the override's JSON: a "${" or "%{" would be a Terraform template (the config's state.roleArn rule, no policy names it).
  const stateRoleProblem = options.stateRoleArn === undefined ? undefined : roleArnProblem(options.stateRoleArn, { wildcards: false });
  if (stateRoleProblem !== undefined) return { error: `--state-role-arn: ${stateRoleProblem}` };
  const providers = isRecord(stackJson) && isRecord(stackJson.provider) ? stackJson.provider.aws : undefined;
  const blocks = (Array.isArray(providers) ? providers : providers === undefined ? [] : [providers]).filter(isRecord);
  const overridden: Record<string, unknown>[] = [];
  for (const block of blocks) {
    const assumed = Array.isArray(block.assume_role) ? block.assume_role.filter(isRecord) : isRecord(block.assume_role) ? [block.assume_role] : [];
    if (assumed.length === 0) continue;
    const deployRole = typeof assumed[0].role_arn === 'string' ? assumed[0].role_arn : '';
    const planRole = sameAccountRole(deployRole, roleName);
    const where = typeof block.alias === 'string' ? `provider aws.${block.alias}` : 'provider aws';
    if (planRole === undefined) return { error: `${stack}: ${where} assumes "${deployRole}", which is not an IAM role ARN: cannot tell the account of its plan role` };
    overridden.push({ ...(typeof block.alias === 'string' ? { alias: block.alias } : {}), assume_role: [{ role_arn: planRole, session_name: 'backup-estate-plan' }] });
  }
  const backend = backendOf(stackJson);
  let terraform: Record<string, unknown> | undefined;
  if (backend !== undefined && (backend.settings.assume_role !== undefined || backend.settings.role_arn !== undefined)) {
    if (options.stateRoleArn === undefined) {
      return { error: `${stack}: the ${backend.type} backend assumes a role of its own; pass --state-role-arn with a role that can only read the state (a PR plan runs with -lock=false)` };
    }
    const { role_arn: _roleArn, ...settings } = backend.settings;
    terraform = { backend: { [backend.type]: { ...settings, assume_role: { role_arn: options.stateRoleArn, session_name: 'backup-estate-plan' } } } };
  }
  if (overridden.length === 0 && terraform === undefined) return { override: undefined };
  return { override: { ...(terraform ? { terraform } : {}), ...(overridden.length > 0 ? { provider: { aws: overridden } } : {}) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
