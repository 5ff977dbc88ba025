/**
 * A selection tag key in the condition-key form ("aws:ResourceTag/backup" in tags): AWS documents
 * no reading of such a ListOfTags key as the bare key, so the construct check, and so validate and
 * synth, refuse it naming the field; the evaluator credits no resource through any aws: tag key.
 */
import { checkSelectionCriteria } from '../../modules/backup-selection';
import { resourceSelection } from '../../core/selection';
import { findings, configWith } from '../support/configs';

const MESSAGE =
  '"aws:ResourceTag/backup" is a condition key, not a tag key: a selection tag names the resource\'s tag key, and AWS documents no reading of "aws:ResourceTag/" there as the bare key, so no resource would be selected by it; write "backup"';

describe('a selection tag key starting with "aws:"', () => {
  it('is an error of the construct check, at the tag', () => {
    expect(checkSelectionCriteria({ tags: { 'aws:ResourceTag/backup': 'gold' } })).toEqual([{ path: 'tags.aws:ResourceTag/backup', severity: 'error', message: MESSAGE }]);
    // A tag AWS applies itself stays accepted (validation.test.ts boundary values); coverage credits nothing through it.
    expect(checkSelectionCriteria({ tags: { 'aws:cloudformation:stack-name': 'orders' } })).toEqual([]);
  });

  it('is an error of validate, naming the config field', () => {
    const raw = configWith((config) => {
      config.plans.gold.selections = { t: { tags: { 'aws:ResourceTag/backup': 'gold' } } };
    });
    expect(findings(raw).errors).toEqual([`plans.gold.selections.t.tags.aws:ResourceTag/backup: ${MESSAGE}`]);
  });

  it('credits no resource through any aws: tag key, whatever tags the inventory gives', () => {
    const arn = 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0weird';
    for (const key of ['aws:ResourceTag/backup', 'aws:cloudformation:stack-name']) {
      const spec = { tags: [{ key, value: 'gold' }], conditions: [], resources: [], notResources: [] };
      expect(resourceSelection(spec, { arn, tags: { [key]: 'gold' } })).toEqual({ selects: 'no' });
    }
  });
});
