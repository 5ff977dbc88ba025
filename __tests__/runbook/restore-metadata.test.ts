/**
 * Restore runbooks: what the metadata of a restore must say, per type, where AWS's defaults restore
 * something other than what the reader expects (found by the runbook incident audit, second pass).
 */
import { runbooks } from '../../report/runbook';
import { configWith, type RawConfig } from '../support/configs';
import { checkRawConfig } from '../../config';

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
