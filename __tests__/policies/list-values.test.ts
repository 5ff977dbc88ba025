/**
 * The one reader of a backup policy's list settings (policies/list-values.ts) and what
 * policyReferences, and so coverage, reads with it: @@assign and @@append, less @@remove (AWS
 * Organizations inheritance operators, for a policy that inherits nothing). A selection that reads
 * as empty credits nothing.
 */
import { policyListValues } from '../../policies/list-values';
import { policyReferences } from '../../policies/references';
import { evaluateSelection, selectsResource } from '../../core/selection';

const role = { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' };
const rules = { weekly: { schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' }, target_backup_vault_name: { '@@assign': 'baseline' } } };
const policyWith = (regions: object, selections: object) => ({ plans: { weekly: { regions, rules, selections } } });
const onlyPlan = (doc: object) => policyReferences(doc).plans[0];

describe('policyListValues', () => {
  it('reads @@assign and @@append, without what @@remove takes away, each value once', () => {
    expect(policyListValues({ '@@assign': ['a', 'b'] })).toEqual(['a', 'b']);
    expect(policyListValues({ '@@append': ['a'] })).toEqual(['a']);
    expect(policyListValues({ '@@assign': ['a', 'b'], '@@append': ['b', 'c'], '@@remove': ['a'] })).toEqual(['b', 'c']);
    expect(policyListValues({ '@@assign': ['a'], '@@remove': ['a'] })).toEqual([]);
  });

  it('reads nothing from what is no list setting', () => {
    expect(policyListValues(undefined)).toEqual([]);
    expect(policyListValues({ '@@assign': 7 })).toEqual([]);
    expect(policyListValues({ other: ['a'] })).toEqual([]);
  });
});

describe('policyReferences reads list settings written with @@append', () => {
  it('takes tag values, resource types and Regions from @@append as from @@assign', () => {
    const doc = policyWith(
      { '@@append': ['eu-west-1', 'us-east-1'] },
      {
        tags: { archive: { iam_role_arn: role, tag_key: { '@@assign': 'backup-archive' }, tag_value: { '@@append': ['weekly'] } } },
        resources: {
          tables: {
            iam_role_arn: role,
            resource_types: { '@@append': ['arn:aws:dynamodb:*:*:table/*'] },
            not_resource_types: { '@@append': ['arn:aws:dynamodb:*:*:table/tmp-*'] },
          },
        },
      },
    );
    expect(onlyPlan(doc)).toMatchObject({
      regions: ['eu-west-1', 'us-east-1'],
      selections: [
        { tags: [{ key: 'backup-archive', value: 'weekly' }], conditions: [], resources: [], notResources: [] },
        { tags: [], conditions: [], resources: ['arn:aws:dynamodb:*:*:table/*'], notResources: ['arn:aws:dynamodb:*:*:table/tmp-*'] },
      ],
    });
  });

  it('credits no resource to a selection that reads as empty, never every resource', () => {
    const removedAll = policyWith(
      { '@@assign': ['eu-west-1'] },
      {
        tags: { archive: { iam_role_arn: role, tag_key: { '@@assign': 'backup-archive' }, tag_value: { '@@assign': ['weekly'], '@@remove': ['weekly'] } } },
        resources: { tables: { iam_role_arn: role, resource_types: { '@@remove': ['*'] } } },
      },
    );
    const selections = onlyPlan(removedAll)?.selections ?? [];
    expect(selections).toHaveLength(2);
    for (const spec of selections) {
      expect(evaluateSelection(spec).verdict).not.toBe('everything');
      expect(selectsResource(spec, { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/weekly', tags: { 'backup-archive': 'weekly' } })).toBe(false);
      expect(selectsResource(spec, { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/unknown-tags' })).toBe(false);
    }
  });
});
