/**
 * Restore runbooks: what the metadata of a restore must say, per type, where AWS's defaults restore
 * something other than what the reader expects (found by the runbook incident audit, second pass).
 */
import { runbooks } from '../../report/runbook';
import { configWith, type RawConfig } from '../support/configs';
import { checkRawConfig } from '../../config';
import { exampleModel } from '../support/examples';

const book = (setup: (c: RawConfig) => void = () => undefined) => runbooks(checkRawConfig(configWith(setup)).model!)[0]!.markdown;
const section = (markdown: string, type: string) => markdown.slice(markdown.indexOf(`#### ${type}\n`), markdown.indexOf('\n#### ', markdown.indexOf(`#### ${type}\n`) + 1));

describe('the S3 restore metadata', () => {
  it('sends the restore to a new bucket: into the original AWS Backup skips every object that exists there, whatever its version', () => {
    // AWS Backup guide, "Amazon S3 restore considerations": "AWS Backup will not put an object into a bucket in place of an object that already
    // exists, regardless of version"; "If ACLs were enabled during the backup, the destination bucket ... must have ACLs enabled; otherwise, the restore job fails".
    const s3 = section(book(), 'S3');
    expect(s3).toContain(
      'Metadata: name a new bucket as the destination: into the original bucket, or any bucket that holds the same keys, AWS Backup skips every object that already exists there, whatever its version, so an object overwritten or encrypted since the backup is not put back; if the backed-up bucket had ACLs enabled, the destination bucket must too, or the job fails.',
    );
    expect(s3).not.toContain('give a new name or identifier where the original still exists');
  });
});

describe('the EC2 restore metadata', () => {
  it('says AWS Backup does not restore the user data the instance was launched with, and keeps its key pair', () => {
    // AWS Backup guide, "Restoring an Amazon EC2 instance": "AWS Backup does not backup and restore user-data that is used while launching an Amazon EC2 instance".
    expect(section(book(), 'EC2')).toContain(
      'Metadata: start from the metadata get-recovery-point-restore-metadata returns; AWS Backup does not back up or restore the user data the instance was launched with: an instance that needs it at boot needs it supplied again (the console\'s Advanced settings › User data); the restored instance uses the original key pair, which a restore cannot change.',
    );
  });
});

describe('a copy back from another account\'s vault in another Region', () => {
  it('runs the restore calls in that Region against that vault, with that Region\'s metadata, not "as above" in the plan\'s Region', () => {
    // existing-resources.yaml copies from us-east-1 into partner-dr (account 888899990000, us-west-2): the copy back lands in us-west-2,
    // where the steps above (--region us-east-1, the plan's vault) find no recovery point and the metadata names us-east-1's subnets.
    const legacy = runbooks(exampleModel('existing-resources.yaml'))[0]!.markdown;
    expect(legacy).toContain(
      'Another account: copy the recovery point back into a vault of account 555566667777, then restore it there with the calls above run in us-west-2 against that vault (`DESTINATION_VAULT_ARN`: a vault of account 555566667777 in us-west-2). The metadata describes the original resource: give us-west-2\'s values where it names an Availability Zone, subnet, security group or KMS key of us-east-1. Run in account 888899990000.',
    );
    // In the plan's own Region the copy lands in the plan's vault: the steps above hold as written.
    const payments = runbooks(exampleModel('organization.yaml')).find((candidate) => candidate.stack === 'payments-us-east-1')!.markdown;
    expect(payments).toContain('Another account: copy the recovery point back into a vault of account 333333333333, then restore it there as above. Run in account 222222222222.');
  });
});

describe('the Neptune restore (found by the runbook docs review)', () => {
  it('adds an instance to the restored cluster, as AWS Backup\'s Neptune restore page says, from the plan\'s vault and from a copy', () => {
    // AWS Backup guide, "Restore a Neptune cluster": "After your restore finishes, attach your restored Neptune cluster to an Amazon RDS instance";
    // "Then, attach your restored Neptune cluster to an Amazon RDS instance using create-db-instance" (aws neptune create-db-instance ... --engine neptune).
    const step = [
      'The restore job creates the Neptune cluster without an instance (AWS Backup: "attach your restored Neptune cluster to an Amazon RDS instance" once the restore finishes): once the cluster is available, add one:',
      '',
      '```sh',
      'aws neptune create-db-instance --region REGION --db-cluster-identifier RESTORED_CLUSTER_ID --db-instance-identifier NEW_INSTANCE_ID --db-instance-class DB_INSTANCE_CLASS --engine neptune',
      '```',
    ].join('\n');
    expect(section(book(), 'Neptune')).toContain(step.replace('REGION', 'eu-west-1'));
    const multi = runbooks(exampleModel('multi-region.yaml')).find((candidate) => candidate.stack === 'payments-prod-eu-west-1')!.markdown;
    expect(multi.slice(multi.indexOf('#### `payments-dr` · eu-central-1'))).toContain(step.replace('REGION', 'eu-central-1'));
  });
});

describe('a continuous recovery point restored to a chosen time (found by the runbook docs review)', () => {
  const multi = runbooks(exampleModel('multi-region.yaml')).find((candidate) => candidate.stack === 'payments-prod-eu-west-1')!.markdown;
  const pitr = multi.slice(multi.indexOf('## Plan `payments-databases-pitr`'));
  const snapshots = multi.slice(0, multi.indexOf('## Plan `payments-databases-pitr`'));

  it('names the RDS metadata keys AWS documents: UseLatestRestorableTime and RestoreTime', () => {
    // AWS Backup guide, "Continuous backups and point-in-time recovery (PITR)": --metadata '{..."UseLatestRestorableTime":"false","RestoreTime":"2024-01-15T10:30:00Z"}';
    // RestoreTime "Required if UseLatestRestorableTime is "false"".
    expect(section(pitr, 'RDS')).toContain(
      'Point in time: the continuous recovery point restores to a time you choose (console: Restore time › Latest restorable time, or Specify date and time); by CLI, add `"UseLatestRestorableTime": "false"` and `"RestoreTime": "RESTORE_TIME"` (the chosen time, UTC, ISO 8601 as 2024-01-15T10:30:00Z) to metadata.json; `"UseLatestRestorableTime": "true"` restores to the latest restorable time (RDS keeps up to the most recent 5 minutes of activity).',
    );
    // A plan of snapshots only leaves no continuous recovery point: no such line.
    expect(snapshots).not.toContain('Point in time:');
  });

  it('chooses an Aurora time in the console: AWS names its metadata key two ways', () => {
    // "Restoring an Amazon Aurora cluster": restoreToTime; the PITR page: RestoreTime for "RDS and Aurora PITR restores"; its Aurora example: "UseLatestRestorableTime":"true".
    expect(section(pitr, 'Aurora')).toContain(
      'Point in time: the continuous recovery point restores to a time you choose (console: Restore time › Latest restorable time, or Specify date and time); by CLI, add `"UseLatestRestorableTime": "true"` to metadata.json to restore to the latest restorable time; to choose another time, restore in the console: AWS names the metadata key of a chosen time for Aurora two ways (`restoreToTime`, `RestoreTime`).',
    );
    // DocumentDB and Neptune have no continuous backup: AWS Backup snapshots them.
    expect(section(pitr, 'DocumentDB')).not.toContain('Point in time:');
    expect(section(pitr, 'Neptune')).not.toContain('Point in time:');
  });

  it('gives S3 its RestoreTime, which AWS requires of a continuous recovery point, in the plan\'s vault only (copies are snapshots)', () => {
    // "Restore S3 data using AWS Backup": RestoreTime "(only valid for continuous recovery points where it is required, in format 2021-11-27T03:30:27Z)".
    const s3 = section(book((c) => {
      c.plans.gold.rules.daily.continuousBackup = true;
    }), 'S3');
    expect(s3).toContain(
      'Point in time: the continuous recovery point restores to a time you choose (console: Restore time › Latest restorable time, or Specify date and time); by CLI, add `"RestoreTime": "RESTORE_TIME"` (the chosen time, UTC, as 2021-11-27T03:30:27Z) to metadata.json: AWS requires it for a continuous recovery point.',
    );
    expect(section(book(), 'S3')).not.toContain('Point in time:');
  });
});
