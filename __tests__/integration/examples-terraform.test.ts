/**
 * Every stack of every example through terraform init and plan -refresh=false (plan validates the
 * configuration first, so a separate validate would only repeat it), offline (fake credentials,
 * provider from the local mirror, shared by the terraform processes). One run for all stacks, two
 * in parallel. Stacks that are the same configuration up to account ids, Region names and account
 * keys (the organization's workload accounts, its central stacks) are planned once: 12 plans for
 * the 16 stacks. Skips with a note when no Terraform binary is available (SKIP_TERRAFORM_TESTS=1 too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFiles, exampleModel, synthEstate, TfJson } from '../support/examples';
import { isKnownRegion } from '../../core/regions';
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

/**
 * A stack's configuration with account ids, Region names and account keys replaced: stacks equal
 * under this are the same Terraform configuration apart from string values, so one plan stands for
 * all of them. Offline, the only such value the provider interprets is a provider block's Region
 * (region validation is on): the planned stacks prove theirs, and every other stack's Regions are
 * asserted below to be in core/regions.ts, the provider's list (regions-terraform.test.ts checks
 * that list against the provider).
 */
function shapeOf(stack: SynthesizedStack, accountKeys: readonly string[]): string {
  let text = JSON.stringify(stack.json).split(stack.name).join('<stack>');
  text = text.replace(/\b\d{12}\b/g, '<account-id>').replace(/\b[a-z]{2}(-gov)?-[a-z]+-\d\b/g, '<region>');
  for (const key of accountKeys) text = text.split(key).join('<account>');
  return `${stack.example}\n${text}`;
}

const accountKeys = (example: string): string[] => {
  const model = exampleModel(example);
  return [...new Set(model.stacks.flatMap((stack) => (stack.kind === 'workload' ? [stack.rollout.account] : [])))].sort((a, b) => b.length - a.length);
};

/** One stack per shape is planned (the first); the others are asserted to have its shape. */
const representatives = new Map<string, SynthesizedStack>();
const keysByExample = new Map(exampleFiles().map((example) => [example, accountKeys(example)]));
for (const stack of stacks) {
  const shape = shapeOf(stack, keysByExample.get(stack.example) ?? []);
  if (!representatives.has(shape)) representatives.set(shape, stack);
}
const planned = [...representatives.values()];

/** The region of every aws provider block of a stack (cdktf writes them as a list). */
const providerRegions = (json: TfJson): string[] => {
  const blocks: unknown = json.provider?.aws;
  return (Array.isArray(blocks) ? blocks : [blocks]).flatMap((block) => (typeof block?.region === 'string' ? [block.region as string] : []));
};

const resourceAddresses = (json: TfJson): string[] =>
  Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)).sort();

describeIfTerraform('terraform init and plan of every example stack (one per shape)', () => {
  let checks: StackCheck[] = [];

  beforeAll(async () => {
    checks = await checkStacks(
      planned.map((stack) => stack.dir),
      // The plan summary line is enough here: `show -json` would decode the provider schema once more per stack.
      { concurrency: 2, validate: false, showPlanJson: false },
    );
  }, 600_000);

  afterAll(() => cleanupTerraformWorkDirs());

  it('covers every example, and plans one stack of every shape', () => {
    expect([...new Set(planned.map((s) => s.example))]).toEqual(exampleFiles());
    expect(planned.length).toBe(new Set(stacks.map((stack) => shapeOf(stack, keysByExample.get(stack.example) ?? []))).size);
  });

  it('gives every provider block of every stack, planned or not, a Region the provider knows', () => {
    const regions = stacks.flatMap((stack) => providerRegions(stack.json).map((region) => ({ stack: stack.name, region })));
    expect(regions.length).toBeGreaterThanOrEqual(stacks.length);
    expect(regions.filter(({ region }) => !isKnownRegion(region))).toEqual([]);
  });

  it.each(planned.map((stack, index): [string, number] => [`${stack.example}: ${stack.name}`, index]))('%s plans cleanly', (_label, index) => {
    const check = checks[index];
    if (failedStep(check) !== undefined || check.plan.code !== 0) throw new Error(describeFailure(check));
    const resources = resourceAddresses(planned[index].json).length;
    expect(resources).toBeGreaterThan(0);
    expect(check.plan.stdout).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy.`);
  });
});
