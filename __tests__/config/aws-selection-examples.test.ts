/**
 * AWS's resource assignment examples ("Assign resources with AWS CLI", AWS Backup Developer Guide),
 * written as config selections: every one is valid, warned only where it selects every opted-in
 * resource or OR-widens tags with resources, as AWS documents it does.
 */
import { checkRawConfig } from '../../config';
import { configWith } from '../support/configs';

const EXAMPLES: Record<string, object> = {
  'resources-list-selection': { resources: ['arn:aws:ec2:*:*:instance/*'] },
  'all': { resources: ['*'] },
  'all-but-ebs': { resources: ['*'], notResources: ['arn:aws:ec2:*:*:volume/*'] },
  'tagged-but-ebs': { resources: ['*'], notResources: ['arn:aws:ec2:*:*:volume/*'], conditions: { stringEquals: { backup: 'true' } } },
  'ebs-rds-backup-and-prod': { resources: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:rds:*:*:db:*'], conditions: { stringEquals: { backup: 'true', stage: 'prod' } } },
  'ebs-rds-backup-not-test': { resources: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:rds:*:*:db:*'], conditions: { stringEquals: { backup: 'true' }, stringNotEquals: { stage: 'test' } } },
  'include-not-exclude': { resources: ['*'], conditions: { stringLike: { key1: 'include*' }, stringNotLike: { key2: '*exclude*' } } },
  'tagged-but-fsx-rds': { resources: ['*'], notResources: ['arn:aws:fsx:*', 'arn:aws:rds:*'], conditions: { stringEquals: { backup: 'true' } } },
  'tag-backup-any-value': { resources: ['*'], conditions: { stringLike: { backup: '*' } } },
  'fsx-aurora-and-tagged': { resources: ['arn:aws:fsx:*', 'arn:aws:rds:*:*:cluster:my-aurora-cluster'], tags: { backup: 'true' }, conditions: { stringNotEquals: { stage: 'test' } } },
  'ebs-tagged-not-test': { resources: ['arn:aws:ec2:*:*:volume/*'], conditions: { stringEquals: { backup: 'true' }, stringNotEquals: { stage: 'test' } } },
};

describe("AWS's resource assignment examples as config selections", () => {
  it('are valid, with the warnings AWS\'s own wording supports', () => {
    const check = checkRawConfig(configWith((c) => (c.plans.gold.selections = EXAMPLES)));
    expect(check.errors).toEqual([]);
    expect(check.warnings.filter((p) => p.path.startsWith('plans.gold.selections')).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'plans.gold.selections.all.resources: "*" without conditions selects every resource opted in to AWS Backup: add conditions or list ARNs to narrow it',
      'plans.gold.selections.all-but-ebs.resources: "*" without conditions selects every resource opted in to AWS Backup but those notResources excludes: add conditions or list ARNs to narrow it',
      'plans.gold.selections.fsx-aurora-and-tagged.tags: tags and resources are OR-ed: this selection takes every listed resource plus every tagged resource; use conditions to narrow instead',
    ]);
  });
});
