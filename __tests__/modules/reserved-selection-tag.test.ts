/**
 * A selection tag key in the condition-key form ("aws:ResourceTag/backup" in tags): AWS's own
 * examples write ListOfTags keys both that way (CloudFormation, CLI) and bare (API reference), so it
 * is accepted with a warning naming the field (AWS's examples win over a refusal); the evaluator
 * credits no resource through any aws: tag key (reported uncovered: the loud side).
 */
import { checkSelectionCriteria } from '../../modules/backup-selection';
import { resourceSelection } from '../../core/selection';
import { findings, configWith } from '../support/configs';

const MESSAGE =
  '"aws:ResourceTag/backup" is in the condition-key form: AWS\'s examples write selection tag keys both as "aws:ResourceTag/<key>" and as the bare key without saying they select the same resources, so coverage credits no resource through it; write "backup"';

describe('a selection tag key starting with "aws:"', () => {
  it('is a warning of the construct check, at the tag', () => {
    expect(checkSelectionCriteria({ tags: { 'aws:ResourceTag/backup': 'gold' } })).toEqual([{ path: 'tags.aws:ResourceTag/backup', severity: 'warning', message: MESSAGE }]);
    // A tag AWS applies itself stays accepted (validation.test.ts boundary values); coverage credits nothing through it.
    expect(checkSelectionCriteria({ tags: { 'aws:cloudformation:stack-name': 'orders' } })).toEqual([]);
  });

  it('is a warning of validate, naming the config field, not an error (AWS\'s CloudFormation example uses that form)', () => {
    const raw = configWith((config) => {
      config.plans.gold.selections = { t: { tags: { 'aws:ResourceTag/backup': 'gold' } } };
    });
    expect(findings(raw).errors).toEqual([]);
    expect(findings(raw).warnings).toContain(`plans.gold.selections.t.tags.aws:ResourceTag/backup: ${MESSAGE}`);
  });

  it('credits no resource through any aws: tag key, whatever tags the inventory gives', () => {
    const arn = 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0weird';
    for (const key of ['aws:ResourceTag/backup', 'aws:cloudformation:stack-name']) {
      const spec = { tags: [{ key, value: 'gold' }], conditions: [], resources: [], notResources: [] };
      expect(resourceSelection(spec, { arn, tags: { [key]: 'gold' } })).toEqual({ selects: 'no' });
    }
  });
});
