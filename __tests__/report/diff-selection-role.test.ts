/**
 * The posture diff on a backup selection's role (aws_backup_selection iam_role_arn): a role the synth does not create, or one known
 * only at apply, is a regression (the plan guard's "every backup job of the selection fails", guard/stopping-changes.ts); back to the
 * service role the stack creates, an improvement. The role is read from the synthesized JSON (report/posture-terraform.ts selectionRole).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffPostures, type PostureChange } from '../../report/diff';
import { readPosture } from '../../report/posture';
import { editedPosture, examplePosture, exampleSynthDir } from './helpers';

const lines = (changes: readonly PostureChange[]) => changes.map((change) => `${change.stack} | ${change.subject} | ${change.what} | ${change.before} -> ${change.after}`);
const GOLD = ['plans', 'gold', 'selections', 'tagged-gold', 'role'];
const CREATED = 'service role arn:aws:iam::111122223333:role/aws-backup-service-role (the synth creates it)';
const NEEDS = 'it must trust backup.amazonaws.com and hold AWSBackupServiceRolePolicyForBackup (and AWSBackupServiceRolePolicyForS3Backup for S3), or every backup job of the selection fails';

/** The example's synth with the gold selection's iam_role_arn replaced by `value` in the stack JSON. */
function postureWithGoldRole(value: string) {
  const dir = join(mkdtempSync(join(tmpdir(), 'report-role-')), 'cdktf.out');
  cpSync(exampleSynthDir('single-account.yaml'), dir, { recursive: true });
  const path = join(dir, 'stacks', 'workload-prod-eu-west-1', 'cdk.tf.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const [name] = Object.keys(json.resource.aws_backup_selection).filter((key) => json.resource.aws_backup_selection[key].name === 'tagged-gold');
  json.resource.aws_backup_selection[name].iam_role_arn = value;
  writeFileSync(path, JSON.stringify(json));
  return readPosture(dir, { source: 'examples/single-account.yaml' });
}

describe('diffPostures on a selection role (examples/single-account.yaml)', () => {
  it('flags plans.<p>.selections.<s>.role moved off the created service role, and the move back as an improvement', () => {
    const base = examplePosture('single-account.yaml');
    const head = editedPosture('single-account.yaml', (document) => document.setIn(GOLD, 'arn:aws:iam::111122223333:role/OtherRole'));
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual([
      `workload-prod-eu-west-1 | plan \`gold\` · selection \`tagged-gold\` | selection role changed to one the synth does not create: ${NEEDS} | ${CREATED} -> arn:aws:iam::111122223333:role/OtherRole`,
    ]);
    expect(diff.regressions.map((change) => change.area)).toEqual(['selection']);
    expect(diff.improvements).toEqual([]);
    const back = diffPostures(head, base);
    expect(back.regressions).toEqual([]);
    expect(lines(back.improvements)).toEqual([
      `workload-prod-eu-west-1 | plan \`gold\` · selection \`tagged-gold\` | selection role back to the service role the synth creates (it trusts backup.amazonaws.com and holds the AWS Backup policies) | arn:aws:iam::111122223333:role/OtherRole -> ${CREATED}`,
    ]);
  });

  it('flags one role the synth does not create replaced by another', () => {
    const other = editedPosture('single-account.yaml', (document) => document.setIn(GOLD, 'arn:aws:iam::111122223333:role/OtherRole'));
    const third = editedPosture('single-account.yaml', (document) => document.setIn(GOLD, 'arn:aws:iam::111122223333:role/ThirdRole'));
    expect(lines(diffPostures(other, third).regressions)).toEqual([
      `workload-prod-eu-west-1 | plan \`gold\` · selection \`tagged-gold\` | selection role changed to one the synth does not create: ${NEEDS} | arn:aws:iam::111122223333:role/OtherRole -> arn:aws:iam::111122223333:role/ThirdRole`,
    ]);
  });

  it('reads the created service role written out as its ARN as that role: no change', () => {
    const base = examplePosture('single-account.yaml');
    const head = editedPosture('single-account.yaml', (document) => document.setIn(GOLD, 'arn:aws:iam::111122223333:role/aws-backup-service-role'));
    const diff = diffPostures(base, head);
    expect([...diff.regressions, ...diff.improvements]).toEqual([]);
  });

  it('reads the service role another Region\'s stack writes out as its ARN as created: renaming serviceRole.name moves no selection off it (examples/multi-region.yaml)', () => {
    const base = examplePosture('multi-region.yaml');
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['serviceRole', 'name'], 'payments-backup-role-v2'));
    const roles = head.stacks.flatMap((stack) => stack.plans.flatMap((plan) => plan.selections.map((selection) => `${stack.name} ${selection.name}: ${selection.role?.kind} ${selection.role?.arn}`)));
    expect(roles).toEqual([
      'payments-prod-eu-west-1 critical: created arn:aws:iam::111122223333:role/payments-backup-role-v2',
      'payments-prod-eu-west-1 databases: created arn:aws:iam::111122223333:role/payments-backup-role-v2',
      'payments-prod-us-east-1 critical: created arn:aws:iam::111122223333:role/payments-backup-role-v2',
    ]);
    const changes = [...diffPostures(base, head).regressions, ...diffPostures(base, head).improvements];
    expect(changes.filter((change) => change.what.includes('selection role'))).toEqual([]);
  });

  it('reads a reference to another role of the stack (here the restore testing role) as known only at apply: a regression', () => {
    const base = examplePosture('single-account.yaml');
    const [role] = Object.entries(JSON.parse(readFileSync(join(exampleSynthDir('single-account.yaml'), 'stacks', 'workload-prod-eu-west-1', 'cdk.tf.json'), 'utf8')).resource.aws_iam_role).filter(([, value]) => (value as { name: string }).name === 'aws-backup-restore-testing-role');
    const reference = `\${aws_iam_role.${role[0]}.arn}`;
    const head = postureWithGoldRole(reference);
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      `workload-prod-eu-west-1 | plan \`gold\` · selection \`tagged-gold\` | selection role known only at apply: ${NEEDS} | ${CREATED} -> known only at apply (${reference})`,
    ]);
  });
});
