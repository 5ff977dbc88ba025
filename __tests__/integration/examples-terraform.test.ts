/**
 * Every stack of every example through terraform init and plan -refresh=false (plan validates the
 * configuration first), offline (fake credentials, provider from the local mirror). All stacks go
 * into one plan as child modules of one root (support/terraform-together.ts): the provider's schema
 * is decoded once instead of once per stack, which made this suite about three times faster; the
 * provider checks each stack's resources, attributes, provider aliases and Regions (region
 * validation is on) as it would in a root of its own. The plan is split per stack: each must plan
 * exactly its resources as creates, nothing else, and no error. The organization's stacks are
 * planned a second time as a pull-request plan runs them, with the read-only plan role's override
 * file (backup-estate plan-role) beside them: Terraform must accept it.
 * Skips with a note when no Terraform binary is available (SKIP_TERRAFORM_TESTS=1 too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlanRole } from '../../cli/plan-role';
import { runSynth } from '../../main';
import { PLAN_ROLE_OVERRIDE_FILE } from '../../rollout/plan-role';
import { runCommand, scratchProject } from '../support/cli';
import { exampleFiles, exampleModel, synthEstate, TfJson } from '../support/examples';
import { terraformAvailability } from '../support/terraform';
import { planStacksTogether, type PlanTogether } from '../support/terraform-together';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping terraform integration tests: ${availability.reason}`);

interface SynthesizedStack {
  readonly example: string;
  readonly name: string;
  readonly dir: string;
  readonly json: TfJson;
}

const stacks: SynthesizedStack[] = exampleFiles().flatMap((example) => {
  const outdir = synthEstate(exampleModel(example));
  return readdirSync(join(outdir, 'stacks'))
    .sort()
    .map((name) => {
      const dir = join(outdir, 'stacks', name);
      return { example, name, dir, json: JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) };
    });
});

/** The organization example's stacks with the plan role's override, as a pull-request job plans them. */
const pullRequestStacks: SynthesizedStack[] = (() => {
  const project = scratchProject();
  for (const [command, args] of [[runSynth, ['examples/organization.yaml']], [runPlanRole, []]] as const) {
    const result = runCommand(command, args, project);
    if (result.status !== 0) throw new Error(result.stderr);
  }
  // One stack of each kind (management, central, workload): their providers are the shapes there are.
  const kinds = new Set<string>();
  return stacks
    .filter((stack) => stack.example === 'organization.yaml')
    .filter((stack) => {
      const kind = /^management-/.test(stack.name) ? 'management' : /^central-/.test(stack.name) ? 'central' : 'workload';
      return !kinds.has(kind) && Boolean(kinds.add(kind));
    })
    .map((stack) => ({ ...stack, example: 'organization.yaml (pull-request plan)', dir: join(project, 'cdktf.out', 'stacks', stack.name) }));
})();
const planned = [...stacks, ...pullRequestStacks];

const resourceAddresses = (json: TfJson): string[] =>
  Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)).sort();

describeIfTerraform('terraform init and plan of every stack of every example', () => {
  let result: PlanTogether;

  beforeAll(async () => {
    result = await planStacksTogether(planned.map((stack) => stack.dir));
  }, 600_000);

  it('initializes and plans, with no error outside the stacks', () => {
    expect(stacks.length).toBeGreaterThanOrEqual(exampleFiles().length);
    expect(result.unattributedErrors).toEqual([]);
    if (result.plan.code !== 0) throw new Error(`plan failed:\n${result.plan.stderr}\n${result.stacks.flatMap((s) => s.errors).join('\n')}`);
  });

  it('plans pull-request stacks with the plan role override beside them', () => {
    expect(pullRequestStacks.length).toBeGreaterThan(1);
    for (const stack of pullRequestStacks) expect(readFileSync(join(stack.dir, PLAN_ROLE_OVERRIDE_FILE), 'utf8')).toContain(':role/backup-estate-plan"');
  });

  it.each(planned.map((stack, index): [string, number] => [`${stack.example}: ${stack.name}`, index]))('%s plans its resources and nothing else', (_label, index) => {
    const inPlan = result.stacks[index];
    expect(inPlan.errors).toEqual([]);
    expect(inPlan.otherChanges).toEqual([]);
    const resources = resourceAddresses(planned[index].json);
    expect(resources.length).toBeGreaterThan(0);
    expect([...inPlan.creates].sort()).toEqual(resources);
  });
});
