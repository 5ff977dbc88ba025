/**
 * core/regions.ts against the provider itself, offline, with region validation on: a stack with
 * one provider block per Region of the table plans cleanly, and a stack of near misses (Regions
 * the table leaves out: typos, Regions AWS opened after the pinned provider, iso Regions it does
 * not know) fails with the provider's "invalid AWS Region" for each of them. Both stacks are child
 * modules of one root in one plan (support/terraform-together.ts: the provider schema is decoded
 * once, not twice); the plan fails, so the known stack's success is read from the stream itself: no
 * error of its own, and every Region's data source read ("Refresh complete"), which takes its
 * provider configured. When the
 * provider is upgraded, this is the test that says the table must change (see the README, Regions).
 * With the shared provider (TF_SHARED_PROVIDER) the blocks of a stack configure one provider
 * process in turn: each ConfigureProvider call validates its block's Region, which is all this
 * test reads (the partition each Region maps to was read with one process per block, when the
 * table was made).
 * Skips with a note when no Terraform binary is available (SKIP_TERRAFORM_TESTS=1 too).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKnownRegion, KNOWN_REGIONS, PROVIDER_FOR_REGIONS } from '../../core/regions';
import { terraformAvailability } from '../support/terraform';
import { planStacksTogether, type PlanTogether } from '../support/terraform-together';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping the Region table's terraform test: ${availability.reason}`);

/** Regions the table does not list, each refused by the pinned provider (measured when the table was made). */
const NEAR_MISSES = ['eu-west-9', 'us-south-1', 'us-east-3', 'ap-southeast-6', 'us-isob-west-1', 'us-gov-central-1', 'cn-south-1', 'eusc-de-west-1'];

const alias = (region: string): string => `r_${region.replace(/-/g, '_')}`;

/**
 * A cdk.tf.json with one aws provider block per Region, each used by an aws_partition data source
 * (Terraform configures only the providers something uses; the data source calls no AWS API).
 */
function stackDir(root: string, name: string, regions: readonly string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const version = PROVIDER_FOR_REGIONS.split(' ')[1];
  const stack = {
    terraform: { required_providers: { aws: { source: 'aws', version } } },
    provider: { aws: regions.map((region) => ({ alias: alias(region), region })) },
    data: { aws_partition: Object.fromEntries(regions.map((region) => [alias(region), { provider: `aws.${alias(region)}` }])) },
  };
  writeFileSync(join(dir, 'cdk.tf.json'), `${JSON.stringify(stack, null, 2)}\n`);
  return dir;
}

describeIfTerraform(`the Region table (core/regions.ts) against ${PROVIDER_FOR_REGIONS}`, () => {
  let plan: PlanTogether;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'regions-'));
    plan = await planStacksTogether([stackDir(root, 'known', Object.keys(KNOWN_REGIONS)), stackDir(root, 'unknown', NEAR_MISSES)]);
  }, 600_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts every Region of the table', () => {
    expect(plan.init.code).toBe(0);
    const [known] = plan.stacks;
    expect(plan.unattributedErrors).toEqual([]);
    expect(known.errors).toEqual([]);
    // The plan as a whole fails (the near misses): each Region's data source read is what shows its provider block was accepted.
    const read = new Set(
      plan.plan.stdout.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return [];
        const message = JSON.parse(line) as { type?: string; hook?: { action?: string; resource?: { addr?: string } } };
        return message.type === 'apply_complete' && message.hook?.action === 'read' ? [message.hook.resource?.addr] : [];
      }),
    );
    const unread = Object.keys(KNOWN_REGIONS).filter((region) => !read.has(`module.${known.module}.data.aws_partition.${alias(region)}`));
    expect(unread).toEqual([]);
  });

  it('refuses each near miss with "invalid AWS Region", and the table refuses them too', () => {
    expect(NEAR_MISSES.filter(isKnownRegion)).toEqual([]);
    expect(plan.init.code).toBe(0);
    expect(plan.plan.code).not.toBe(0);
    const [, unknown] = plan.stacks;
    const refused = NEAR_MISSES.filter((region) => unknown.errors.some((error) => error.startsWith(`invalid AWS Region: ${region} (`)));
    expect(refused).toEqual(NEAR_MISSES);
  });
});
