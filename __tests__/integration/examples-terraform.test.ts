/**
 * Every stack of every example through terraform init and plan -refresh=false (plan validates the
 * configuration first, so a separate validate would only repeat it), offline (fake credentials,
 * provider from the local mirror, shared by the terraform processes). One run for all stacks, two
 * in parallel. Skips with a note when no Terraform binary is available (SKIP_TERRAFORM_TESTS=1 too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFiles, exampleModel, synthEstate, TfJson } from '../support/examples';
import { checkStacks, cleanupTerraformWorkDirs, describeFailure, failedStep, StackCheck, terraformAvailability } from '../support/terraform';

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

const resourceAddresses = (json: TfJson): string[] =>
  Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)).sort();

describeIfTerraform('terraform init and plan of every example stack', () => {
  let checks: StackCheck[] = [];

  beforeAll(async () => {
    checks = await checkStacks(
      stacks.map((stack) => stack.dir),
      // The plan summary line is enough here: `show -json` would decode the provider schema once more per stack.
      { concurrency: 2, validate: false, showPlanJson: false },
    );
  }, 600_000);

  afterAll(() => cleanupTerraformWorkDirs());

  it('covers every example', () => {
    expect([...new Set(stacks.map((s) => s.example))]).toEqual(exampleFiles());
  });

  it.each(stacks.map((stack, index): [string, number] => [`${stack.example}: ${stack.name}`, index]))('%s plans cleanly', (_label, index) => {
    const check = checks[index];
    if (failedStep(check) !== undefined || check.plan.code !== 0) throw new Error(describeFailure(check));
    const resources = resourceAddresses(stacks[index].json).length;
    expect(resources).toBeGreaterThan(0);
    expect(check.plan.stdout).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy.`);
  });
});
