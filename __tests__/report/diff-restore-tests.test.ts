/** The posture diff on restore tests narrowed under the same name (found by the posture report audit). */
import { diffPostures, type PostureChange } from '../../report/diff';
import { editedPosture, examplePosture } from './helpers';

const lines = (changes: readonly PostureChange[]) => changes.map((change) => `${change.stack} | ${change.subject} | ${change.what} | ${change.before} -> ${change.after}`);

// Found by the posture report audit: a restore test kept under its name but restoring fewer resources proved fewer restores, and the diff said nothing.
describe('diffPostures on a narrowed restore test', () => {
  it('calls ARNs removed and conditions added regressions, and their reverse improvements', () => {
    const head = editedPosture('single-account.yaml', (document) => {
      document.setIn(['restoreTesting', 'weekly', 'selections', 'ebs-volumes', 'conditions', 'stringEquals', 'env'], 'prod');
      document.setIn(['restoreTesting', 'weekly', 'selections', 'databases', 'resources'], document.createNode(['arn:aws:rds:eu-west-1:111122223333:db:orders-copy']));
    });
    const diff = diffPostures(examplePosture('single-account.yaml'), head);
    const restoreTests = (changes: readonly PostureChange[]) => lines(changes).filter((line) => line.includes('| restore test '));
    expect(restoreTests(diff.regressions)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | restore test weekly · databases (RDS) tests fewer resources: ARNs removed (arn:aws:rds:eu-west-1:111122223333:db:orders) | arn:aws:rds:eu-west-1:111122223333:db:orders -> arn:aws:rds:eu-west-1:111122223333:db:orders-copy',
      'workload-prod-eu-west-1 | restore tests and audit | restore test weekly · ebs_volumes (EBS) tests fewer resources: conditions added (string_equals aws:ResourceTag/env = prod) | string_equals aws:ResourceTag/backup = gold -> string_equals aws:ResourceTag/backup = gold, string_equals aws:ResourceTag/env = prod',
    ]);
    expect(restoreTests(diffPostures(head, examplePosture('single-account.yaml')).improvements)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | restore test weekly · databases (RDS) tests more resources: ARNs added (arn:aws:rds:eu-west-1:111122223333:db:orders) | arn:aws:rds:eu-west-1:111122223333:db:orders-copy -> arn:aws:rds:eu-west-1:111122223333:db:orders',
      'workload-prod-eu-west-1 | restore tests and audit | restore test weekly · ebs_volumes (EBS) tests more resources: conditions removed (string_equals aws:ResourceTag/env = prod) | string_equals aws:ResourceTag/backup = gold, string_equals aws:ResourceTag/env = prod -> string_equals aws:ResourceTag/backup = gold',
    ]);
  });
});
