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

// Found by the posture report audit: a restore testing plan kept under its name that picked from fewer vaults, of fewer kinds or from a
// shorter window proved fewer restores, and the diff said "no regression" (--fail-on-regression exited 0).
describe('diffPostures on a restore testing plan that picks from less', () => {
  const both = (document: Parameters<Parameters<typeof editedPosture>[1]>[0]) => document.setIn(['restoreTesting', 'weekly', 'recoveryPointTypes'], document.createNode(['SNAPSHOT', 'CONTINUOUS']));
  const base = editedPosture('single-account.yaml', both);
  const head = editedPosture('single-account.yaml', (document) => {
    document.setIn(['restoreTesting', 'weekly', 'vaults'], document.createNode(['main']));
    document.setIn(['restoreTesting', 'weekly', 'recoveryPointTypes'], document.createNode(['SNAPSHOT']));
    document.setIn(['restoreTesting', 'monthly', 'vaults'], document.createNode(['main']));
    document.deleteIn(['restoreTesting', 'monthly', 'excludeVaults']);
    document.setIn(['restoreTesting', 'monthly', 'selectionWindowDays'], 7);
    document.setIn(['restoreTesting', 'monthly', 'algorithm'], 'RANDOM_WITHIN_WINDOW');
  });
  const plans = (changes: readonly PostureChange[]) => lines(changes).filter((line) => line.includes('| restore testing plan '));

  it('calls fewer vaults (a list instead of "*" too), fewer recovery point types and a shorter window regressions; the algorithm is not judged', () => {
    expect(plans(diffPostures(base, head).regressions)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan monthly tests fewer vaults: the other vaults of the account and Region no longer tested | * except workload-prod-archive -> workload-prod-main',
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan monthly picks from a shorter window: recovery points older than 7 d are no longer tested, and a run finds none when the newest is older | last 30 d -> last 7 d',
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan weekly tests fewer vaults: workload-prod-archive no longer tested | workload-prod-archive, workload-prod-main -> workload-prod-main',
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan weekly no longer tests CONTINUOUS recovery points | CONTINUOUS, SNAPSHOT -> SNAPSHOT',
    ]);
    expect(plans(diffPostures(base, head).improvements)).toEqual([]);
  });

  it('calls the reverse improvements', () => {
    expect(plans(diffPostures(head, base).improvements)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan monthly tests more vaults: the other vaults of the account and Region now tested | workload-prod-main -> * except workload-prod-archive',
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan monthly picks from a longer window | last 7 d -> last 30 d',
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan weekly tests more vaults: workload-prod-archive now tested | workload-prod-main -> workload-prod-archive, workload-prod-main',
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan weekly now tests CONTINUOUS recovery points | SNAPSHOT -> CONTINUOUS, SNAPSHOT',
    ]);
    expect(plans(diffPostures(head, base).regressions)).toEqual([]);
  });

  it('does not judge CONTINUOUS dropped from a plan testing only types without continuous recovery points (EBS: validate warns it tests none)', () => {
    const ebsBoth = editedPosture('single-account.yaml', (document) => document.setIn(['restoreTesting', 'monthly', 'recoveryPointTypes'], document.createNode(['SNAPSHOT', 'CONTINUOUS'])));
    const example = examplePosture('single-account.yaml');
    expect(plans(diffPostures(ebsBoth, example).regressions)).toEqual([]);
    expect(plans(diffPostures(example, ebsBoth).improvements)).toEqual([]);
  });

  it('calls a vault newly excluded a regression', () => {
    const excluded = editedPosture('single-account.yaml', (document) => {
      both(document);
      document.setIn(['restoreTesting', 'monthly', 'excludeVaults'], document.createNode(['archive', 'main']));
    });
    expect(plans(diffPostures(base, excluded).regressions)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan monthly tests fewer vaults: workload-prod-main no longer tested | * except workload-prod-archive -> * except workload-prod-archive, workload-prod-main',
    ]);
  });
});
