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
