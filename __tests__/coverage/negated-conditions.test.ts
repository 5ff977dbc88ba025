/**
 * Coverage of a resource only a negated condition (stringNotEquals, stringNotLike) on a tag it
 * lacks lets through: "covered only if", never covered. AWS's Conditions API reference describes
 * the negated operators only for "your tagged resources"; reading a missing key as meeting them,
 * as IAM does, is unconfirmed.
 */
import { checkRawConfig } from '../../config';
import type { EstateModel } from '../../config/estate-model';
import { coverageMarkdown, coverageOf, type InventoryResource } from '../../report/coverage';
import { configWith } from '../support/configs';

const ACCOUNT = '111122223333';
const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
const CONDITION =
  'AWS reads stringNotEquals / stringNotLike on tag "backup" as met by a resource without that tag, as IAM does (AWS documents negated conditions only for tagged resources, and this resource lacks the tag)';

function modelWith(conditions: Record<string, Record<string, string>>): EstateModel {
  const raw = configWith((config) => {
    config.plans.gold.selections = { allButNone: { resources: ['*'], conditions } };
    config.regionSettings = {};
  });
  const check = checkRawConfig(raw);
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return check.model;
}

const volume = (id: string, tags: Record<string, string>): InventoryResource => ({ arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/${id}`, tags, ...HOME });
const untagged = volume('vol-0nobackuptag', { owner: 'team-a' });
const none = volume('vol-0none', { backup: 'none' });
const gold = volume('vol-0gold', { backup: 'gold' });

describe('coverage under stringNotEquals / stringNotLike', () => {
  for (const operator of ['stringNotEquals', 'stringNotLike']) {
    it(`${operator}: covers a resource with another value, excludes the value, and covers one without the tag only if`, () => {
      const report = coverageOf(modelWith({ [operator]: { backup: 'none' } }), [untagged, none, gold]);
      expect(report.totals).toMatchObject({ supported: 3, covered: 1, uncovered: 1, coveredIf: 1 });
      const group = report.groups[0];
      expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([gold.arn]);
      expect(group?.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([[untagged.arn, CONDITION]]);
      expect(coverageMarkdown(report)).toContain(`| \`${untagged.arn}\` | EBS | selected by gold; backed up only if ${CONDITION} |`);
    });
  }

  it('joins the doubt with what AWS needs of the resource type', () => {
    const bucket: InventoryResource = { arn: 'arn:aws:s3:::logs', tags: {}, ...HOME };
    const [entry] = coverageOf(modelWith({ stringNotEquals: { backup: 'none' } }), [bucket]).groups[0]?.coveredIf ?? [];
    expect(entry?.condition).toBe(`${CONDITION}; and S3 Versioning is enabled on the bucket (AWS Backup for S3 requires it)`);
  });
});
