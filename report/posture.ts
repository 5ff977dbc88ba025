/**
 * The backup posture of a synthesized estate: what the Terraform JSON in a synth dir
 * (`cdktf.out/stacks/<stack>/cdk.tf.json`, `rollout.json`, `compliance.json` when the compliance pack ran,
 * `policy-plans.json`: the backup policies' plans each stack runs) actually protects, stack by stack: every plan's rules (schedule in words,
 * worst-case RPO, warm and cold retention, target vault and its lock, copies with their
 * destination, retention and lock), what each selection covers, the Organizations backup
 * policies of the management stack, the vaults of every stack, the compliance findings and
 * suppressions, and the config's own warnings (validate's, which synth records in compliance.json).
 *
 * Everything is read from the synthesized JSON, not from the config: the report shows what
 * Terraform would apply. This file reads the synth dir and assembles the posture (model in
 * posture-model.ts); the stacks' plans and vaults are read by posture-terraform.ts, the
 * Organizations policies by posture-policies.ts, compliance.json by posture-compliance.ts.
 */
import { existsSync } from 'node:fs';
import { readTextFile } from '../core/file-errors';
import { parseStackText } from '../core/stack-changes';
import { join } from 'node:path';
import type { RpoInput } from '../core/rpo';
import { readTerraformJson } from '../core/terraform-json';
import { readRollout, subsetFlags, type RolloutStack } from '../rollout/rollout';
import { readCompliance } from './posture-compliance';
import type { PlanPosture, Posture, StackPosture, VaultPosture } from './posture-model';
import { policyPlanInRegion, readGuardrails, readPolicies } from './posture-policies';
import { readPlans, readVaults, serviceRolesOf, type StackContext } from './posture-terraform';
import { readAlerts, readAssurance, readRegionSettings, readSilenceWatches } from './posture-monitoring';
import { worseRpo } from './posture-parts';
import { estimateCost, readSizes } from './cost';
import { POLICY_PLANS_FILE, readPolicyPlans } from './policy-plan-jobs';
import { BUNDLED_PRICES, type PriceTable } from './prices';

export interface ReadPostureOptions {
  /** Shown as the posture's source. @default the synth dir */
  readonly source?: string;
  /** Prices of the cost estimate. @default BUNDLED_PRICES */
  readonly prices?: PriceTable;
}

function readStackJson(synthDir: string, stack: RolloutStack): Record<string, unknown> {
  const path = join(synthDir, 'stacks', stack.name, 'cdk.tf.json');
  if (!existsSync(path)) throw new Error(`${path}: not found (rollout.json lists stack ${stack.name}): synthesize again`);
  // The one reader of a stack's text (core/stack-changes.ts): a repeated `resource` key, which Terraform reads twice and JSON.parse
  // once, would hide the vaults under the first from the posture and from report --base's comparison.
  return parseStackText(readTextFile(path), path);
}

/**
 * Reads a synth dir (`<dir>/rollout.json`, `<dir>/stacks/<stack>/cdk.tf.json`, optional
 * `<dir>/compliance.json`) into its posture. Throws an Error naming the file when rollout.json
 * or a stack it lists is missing or unreadable.
 */
export function readPosture(synthDir: string, options: ReadPostureOptions = {}): Posture {
  const rolloutPath = join(synthDir, 'rollout.json');
  if (!existsSync(rolloutPath)) throw new Error(`${rolloutPath}: not found: not a synth dir (run backup-estate synth first)`);
  const rollout = readRollout(rolloutPath);
  const contexts = rollout.stacks.map((stack): StackContext => ({ stack, json: readTerraformJson(readStackJson(synthDir, stack)) }));
  const accountNames = new Map(rollout.stacks.map((stack) => [stack.accountId, stack.account]));

  const vaultsByStack = new Map(contexts.map((context) => [context.stack.name, readVaults(context)]));
  const index = new Map<string, VaultPosture>();
  for (const vaults of vaultsByStack.values()) for (const vault of vaults) if (!index.has(vault.key)) index.set(vault.key, vault);

  const compliance = readCompliance(synthDir);
  const policyPlans = readPolicyPlans(synthDir);
  const stackNames = new Set(rollout.stacks.map((stack) => stack.name));
  // A built policy plan's worst case over the stacks it runs in (null, unbounded, wins), as the runbook and the gate read it per stack,
  // by plan and by plan in each Region (policyPlanInRegion): a built plan with copies is one plan per Region in the policy document.
  const regionOf = new Map(contexts.map((context) => [context.stack.name, context.stack.region]));
  const regionSettingsByStack = new Map(contexts.map((context) => [context.stack.name, readRegionSettings(context)]));
  // The keys a policy plan's facts are held under in a stack of `region`.
  const policyPlanKeys = (plan: string, region: string | undefined) => [plan, ...(region === undefined ? [] : [policyPlanInRegion(plan, region)])];
  const worstPolicyRpo = new Map<string, number | null>();
  // The types fully managed in every stack a policy plan runs in (a copy of another type is not made in some): what its copies carry.
  const policyFullyManaged = new Map<string, readonly string[]>();
  for (const [stackName, jobs] of Object.entries(policyPlans?.stacks ?? {})) {
    const region = regionOf.get(stackName);
    const managed = regionSettingsByStack.get(stackName)?.fullyManaged;
    for (const job of jobs) {
      for (const key of policyPlanKeys(job.plan, region)) {
        if (managed !== undefined) policyFullyManaged.set(key, (policyFullyManaged.get(key) ?? managed).filter((type) => managed.includes(type)));
        if (job.rpoMinutes === undefined) continue;
        const known = worstPolicyRpo.get(key);
        worstPolicyRpo.set(key, known === undefined ? job.rpoMinutes : worseRpo(known, job.rpoMinutes));
      }
    }
  }
  // A selection of another Region's stack writes the service role of the account's primary stack out as its ARN.
  const createdRoles = new Set(contexts.flatMap((context) => [...serviceRolesOf(context).values()]));
  const read = new Map(
    contexts.map((context) => {
      const settings = regionSettingsByStack.get(context.stack.name);
      return [context.stack.name, readPlans(context, index, settings?.optedIn, policyPlans?.stacks[context.stack.name], settings?.fullyManaged, createdRoles)];
    }),
  );
  // What each backup policy's plan meets in every stack it runs in: its rows count those jobs, as a stack plan's rows count them.
  const policyJobsBeside = new Map<string, (readonly RpoInput[])[]>();
  for (const [stackName, { policyJobsBeside: here }] of read) {
    // Appended in place: copying the list on every add is quadratic in the stacks a plan runs in (as compliance/facts.ts notes).
    for (const [plan, others] of here) {
      for (const key of policyPlanKeys(plan, regionOf.get(stackName))) {
        const known = policyJobsBeside.get(key);
        if (known === undefined) policyJobsBeside.set(key, [others]);
        else known.push(others);
      }
    }
  }
  const stacks = contexts.map((context): StackPosture => {
    const { stack } = context;
    const regionSettings = regionSettingsByStack.get(stack.name);
    const plans = read.get(stack.name)?.plans ?? [];
    return {
      name: stack.name,
      kind: stack.kind,
      account: stack.account,
      accountId: stack.accountId,
      region: stack.region,
      plans,
      vaults: vaultsByStack.get(stack.name) ?? [],
      policies: readPolicies(context.json, index, accountNames, { worstRpo: worstPolicyRpo, beside: policyJobsBeside, fullyManaged: policyFullyManaged }),
      findings: compliance.findings.filter((finding) => finding.stack === stack.name),
      suppressions: compliance.suppressions.filter((suppression) => suppression.stack === stack.name),
      ...(stack.kind === 'workload' ? { silence: readSilenceWatches(context, plans), alerts: readAlerts(context), assurance: readAssurance(context) } : {}),
      ...(regionSettings ? { regionSettings } : {}),
      ...(stack.kind === 'management' ? { guardrails: readGuardrails(context.json, accountNames) } : {}),
    };
  });
  const live = compliance.findings.filter((finding) => finding.suppressed === undefined);
  const sizes = readSizes(synthDir);
  // A synth dir written before policy-plans.json: which policy plans run in which stack is not known here (the unit tree is in no Terraform).
  const uncounted = policyPlans === undefined && stacks.some((stack) => stack.policies.some((policy) => policy.plans.length > 0));
  const posture: Posture = {
    version: 1,
    source: options.source ?? synthDir,
    ...(rollout.subset === undefined ? {} : { subset: subsetFlags(rollout.subset) }),
    stacks,
    ...(uncounted ? { policyPlanJobs: `the synth dir has no ${POLICY_PLANS_FILE}: an older synth wrote it` } : {}),
    compliance: {
      status: compliance.status,
      ...(compliance.problem === undefined ? {} : { problem: compliance.problem }),
      errors: live.filter((finding) => finding.severity === 'error').length,
      warnings: live.filter((finding) => finding.severity === 'warning').length,
      suppressedFindings: compliance.findings.length - live.length,
      suppressions: compliance.suppressions,
      otherFindings: compliance.findings.filter((finding) => !stackNames.has(finding.stack)),
      configWarnings: compliance.configWarnings,
    },
  };
  return sizes ? { ...posture, cost: estimateCost(posture, sizes, options.prices ?? BUNDLED_PRICES) } : posture;
}

/** Every plan of the posture with its stack (Terraform plans, not policy plans). */
export function allPlans(posture: Posture): { stack: StackPosture; plan: PlanPosture }[] {
  return posture.stacks.flatMap((stack) => stack.plans.map((plan) => ({ stack, plan })));
}
