/**
 * Every stack of every example through terraform init and plan -refresh=false (plan validates the
 * configuration first), offline (fake credentials, provider from the local mirror). All stacks go
 * into one plan as child modules of one root (support/terraform-together.ts): the provider's schema
 * is decoded once instead of once per stack, which made this suite about three times faster; the
 * provider checks each stack's resources, attributes, provider aliases and Regions (region
 * validation is on) as it would in a root of its own. The plan is split per stack: each must plan
 * exactly its resources as creates, nothing else, and no error. The organization's stacks are
 * planned a second time as a pull-request plan runs them, with the read-only plan role's override
 * file (backup-estate plan-role) beside them: Terraform must accept it. One stack no example holds
 * joins the same plan: a service role path and a selection role ARN of the printable ASCII IAM allows
 * beyond a role name's characters (CreateRole Path: "!" through "~" between slashes), which the stack
 * must write as given and Terraform must take.
 * Skips with a note when no Terraform binary is available (SKIP_TERRAFORM_TESTS=1 too).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlanRole } from '../../cli/plan-role';
import { checkConfigFile } from '../../config';
import { runSynth } from '../../main';
import { PLAN_ROLE_OVERRIDE_FILE } from '../../rollout/plan-role';
import { runCommand, scratchProject } from '../support/cli';
import { exampleFiles, exampleModel, resourcesOf, synthEstate, TfJson } from '../support/examples';
import { terraformAvailability } from '../support/terraform';
import { planStacksTogether, type PlanTogether } from '../support/terraform-together';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping terraform integration tests: ${availability.reason}`);

interface PlannedStack {
  readonly example: string;
  readonly name: string;
  /** The synth dir it was written to (stacks/<name> below it). */
  readonly synth: () => string;
}

/** Each example synthesized once, when first asked (in beforeAll: a skipped suite synthesizes nothing). */
const synthOnce = (make: () => string): (() => string) => {
  let dir: string | undefined;
  return () => (dir ??= make());
};

/** A role path and a role ARN with characters IAM allows beyond a role name's ("#", ":", "//", quotes; not "*" or "?", which policies read as wildcards). */
const ROLE_PATH = `/team#1:a!b/x//~|<>'"/`;
const ROLE_ARN = `arn:aws:iam::111122223333:role/team#1/a:b/backup`;
const ROLE_PATHS_STACK = 'paths-eu-west-1';
const ROLE_PATHS_CONFIG = `
version: 1
account: { id: "111122223333", name: paths, region: eu-west-1 }
serviceRole: { path: ${JSON.stringify(ROLE_PATH)} }
vaults: { main: { name: paths-main } }
plans:
  gold:
    vault: main
    rules: { daily: { preset: daily-35 } }
    selections:
      own: { tags: { backup: gold } }
      team: { role: ${JSON.stringify(ROLE_ARN)}, tags: { backup: team } }
regionSettings: {}
`;
const rolePathsSynth = synthOnce(() => {
  const config = join(mkdtempSync(join(tmpdir(), 'role-paths-')), 'backup.yaml');
  writeFileSync(config, ROLE_PATHS_CONFIG);
  const check = checkConfigFile(config);
  if (!check.model) throw new Error(`the role paths config is invalid: ${JSON.stringify(check.errors)}`);
  return synthEstate(check.model);
});

/**
 * Every stack of every example, named from the models (the config check alone) so the tests are
 * listed without synthesizing; then the organization's stacks with the plan role's override, as a
 * pull-request job plans them: one stack of each kind (management, central, workload), whose
 * providers are the shapes there are.
 */
const planned: PlannedStack[] = (() => {
  const examples = exampleFiles().flatMap((example) => {
    const model = exampleModel(example);
    const synth = synthOnce(() => synthEstate(model));
    return model.stacks.map((stack) => ({ example, name: stack.name, kind: stack.kind, synth })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
  const pullRequestSynth = synthOnce(() => {
    const project = scratchProject();
    for (const [command, args] of [[runSynth, ['examples/organization.yaml']], [runPlanRole, []]] as const) {
      const result = runCommand(command, args, project);
      if (result.status !== 0) throw new Error(result.stderr);
    }
    return join(project, 'cdktf.out');
  });
  const kinds = new Set<string>();
  const pullRequest = examples
    .filter((stack) => stack.example === 'organization.yaml' && !kinds.has(stack.kind) && Boolean(kinds.add(stack.kind)))
    .map((stack) => ({ ...stack, example: 'organization.yaml (pull-request plan)', synth: pullRequestSynth }));
  return [...examples, ...pullRequest, { example: 'role paths of printable ASCII', name: ROLE_PATHS_STACK, synth: rolePathsSynth }];
})();

const stackDir = (stack: PlannedStack): string => join(stack.synth(), 'stacks', stack.name);
const isPullRequestPlan = (stack: PlannedStack): boolean => stack.example.endsWith('(pull-request plan)');
const isExampleStack = (stack: PlannedStack): boolean => !isPullRequestPlan(stack) && stack.synth !== rolePathsSynth;

const resourceAddresses = (json: TfJson): string[] =>
  Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)).sort();

describeIfTerraform('terraform init and plan of every stack of every example', () => {
  let result: PlanTogether;

  beforeAll(async () => {
    result = await planStacksTogether(planned.map(stackDir));
  }, 600_000);

  it('initializes and plans, with no error outside the stacks', () => {
    expect(planned.filter(isExampleStack).length).toBeGreaterThanOrEqual(exampleFiles().length);
    // Each example's synth wrote exactly the stacks its model names.
    for (const synth of new Set(planned.filter(isExampleStack).map((stack) => stack.synth))) {
      expect(readdirSync(join(synth(), 'stacks')).sort()).toEqual([...new Set(planned.filter((stack) => stack.synth === synth).map((stack) => stack.name))].sort());
    }
    expect(result.unattributedErrors).toEqual([]);
    if (result.plan.code !== 0) throw new Error(`plan failed:\n${result.plan.stderr}\n${result.stacks.flatMap((s) => s.errors).join('\n')}`);
  });

  it('plans pull-request stacks with the plan role override beside them', () => {
    const pullRequestStacks = planned.filter(isPullRequestPlan);
    expect(pullRequestStacks.length).toBe(3);
    for (const stack of pullRequestStacks) expect(readFileSync(join(stackDir(stack), PLAN_ROLE_OVERRIDE_FILE), 'utf8')).toContain(':role/backup-estate-plan"');
  });

  it('writes a role path and a role ARN of printable ASCII as given (the plan of their stack is below)', () => {
    const stack = JSON.parse(readFileSync(join(rolePathsSynth(), 'stacks', ROLE_PATHS_STACK, 'cdk.tf.json'), 'utf8')) as TfJson;
    expect(Object.values(resourcesOf(stack, 'aws_iam_role')).map((role) => role.path)).toContain(ROLE_PATH);
    expect(Object.values(resourcesOf(stack, 'aws_backup_selection')).map((selection) => selection.iam_role_arn)).toContain(ROLE_ARN);
  });

  it.each(planned.map((stack, index): [string, number] => [`${stack.example}: ${stack.name}`, index]))('%s plans its resources and nothing else', (_label, index) => {
    const inPlan = result.stacks[index];
    expect(inPlan.errors).toEqual([]);
    expect(inPlan.otherChanges).toEqual([]);
    const resources = resourceAddresses(JSON.parse(readFileSync(join(stackDir(planned[index]), 'cdk.tf.json'), 'utf8')) as TfJson);
    expect(resources.length).toBeGreaterThan(0);
    expect([...inPlan.creates].sort()).toEqual(resources);
  });
});
