/**
 * A resource of an opted-out type that a plan lists by an ARN pattern naming part of its type (arn:aws:s3:::prod*). AWS backs up
 * "regardless of the opt-in setting" what an ARN naming the resource type selects ("Selection by resource type",
 * arn:aws:ec2:::instance/*: AWS Backup, "Assign resources with AWS CLI"; "If a resource type is explicitly assigned to a backup
 * plan, it will be included in the backup even if the opt-in is not enabled": "Assigning resources to a backup plan"), and
 * documents nothing of a pattern naming part of a type: coverage read arn:aws:s3:::prod* with S3 opted out as covered, a backup
 * AWS may skip with no job and no failure.
 */
import { checkRawConfig } from '../../config';
import type { EstateModel } from '../../config/estate-model';
import { coverageOf, type CoverageGroup, type InventoryResource } from '../../report/coverage';
import { configWith } from '../support/configs';

const ACCOUNT = '111122223333';
const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
const bucket: InventoryResource = { arn: 'arn:aws:s3:::prod-data', tags: {}, ...HOME };
const volume: InventoryResource = { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0prod1`, tags: {}, ...HOME };

function groupSelecting(resources: string[], regionSettings: object | undefined): CoverageGroup {
  const check = checkRawConfig(
    configWith((c) => {
      c.plans.gold.selections = { listed: { resources } };
      c.regionSettings = regionSettings;
    }),
  );
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return coverageOf(check.model as EstateModel, [bucket, volume]).groups.find((group) => group.region === 'eu-west-1') as CoverageGroup;
}
const arns = (resources: readonly { arn: string }[]): string[] => resources.map((resource) => resource.arn);

describe('coverageOf, a pattern of part of a type', () => {
  it('counts a resource opted out when only a pattern of part of its opted-out type lists it (arn:aws:s3:::prod*, volume/vol-0prod*)', () => {
    const partial = groupSelecting(['arn:aws:s3:::prod*', 'arn:aws:ec2:*:*:volume/vol-0prod*'], { optOut: ['S3', 'EBS'] });
    expect(partial.optedOut.map((resource) => [resource.arn, resource.plans])).toEqual([
      [volume.arn, ['gold']],
      [bucket.arn, ['gold']],
    ]);
    expect([partial.coveredResources, partial.coveredIf]).toEqual([[], []]);
  });

  it('counts it covered when the whole type or the resource itself is listed, whatever the opt-in (the bucket only if versioned)', () => {
    const whole = groupSelecting(['arn:aws:s3:::*', volume.arn], { optOut: ['S3', 'EBS'] });
    expect([arns(whole.optedOut), arns(whole.coveredResources), arns(whole.coveredIf)]).toEqual([[], [volume.arn], [bucket.arn]]);
  });

  it("counts it covered only if the Region opts its type in, where the account's own opt-ins decide (no regionSettings)", () => {
    const unmanaged = groupSelecting(['arn:aws:ec2:*:*:volume/vol-0prod*'], undefined);
    expect(unmanaged.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([
      [
        volume.arn,
        "the Region's AWS Backup settings opt in EBS (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup)",
      ],
    ]);
  });
});
