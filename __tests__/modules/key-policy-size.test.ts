/**
 * Key policies longer than AWS KMS takes ("The policy size limit is 32 KiB (32768 bytes)", CreateKey
 * and PutKeyPolicy): the vault key, the alerts topic key and the report bucket key refuse them in
 * their constructors, naming the prop that grows the policy most, the size and the limit.
 */
import { Testing } from 'cdktf';
import { BackupKmsKey, backupKeyPolicy, checkKmsKeyProps, type BackupKmsKeyProps } from '../../modules/kms-key';
import { BackupAlerts, checkBackupAlertsProps } from '../../modules/backup-alerts';
import { alertsKeyPolicy } from '../../modules/backup-alerts-policies';
import { BackupReportBucket, checkReportBucketProps, reportKeyPolicy } from '../../modules/report-bucket';
import { ACCOUNT, BACKUP_ROLE, expectValidationError } from './helpers';

const principals = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::111122223333:role/BreakGlass${String(i).padStart(4, '0')}`);
const bytes = (document: string) => Buffer.byteLength(document, 'utf8');
const LIMIT = 'AWS KMS allows at most 32768 bytes per key policy (CreateKey, PutKeyPolicy)';
const EXEMPT_FEWER = 'exempt fewer principals (one ARN pattern with a wildcard can stand for many)';

describe('BackupKmsKey: key policy size', () => {
  const props = (breakGlass: number, administrators?: number): BackupKmsKeyProps => ({
    account: ACCOUNT,
    backupRoleArns: [BACKUP_ROLE],
    breakGlassPrincipals: principals(breakGlass),
    ...(administrators !== undefined ? { administrators: principals(administrators) } : {}),
  });

  it('accepts a policy of 32768 bytes or fewer', () => {
    expect(bytes(backupKeyPolicy(props(640)))).toBe(32188);
    expect(checkKmsKeyProps(props(640))).toEqual([]);
  });

  it('refuses a longer one at the break-glass principals, with its size in bytes', () => {
    expect(bytes(backupKeyPolicy(props(660)))).toBe(33148);
    const message = `make the key policy 33148 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`;
    expect(checkKmsKeyProps(props(660))).toEqual([{ path: 'breakGlassPrincipals', message, severity: 'error' }]);
    expectValidationError(() => Testing.synthScope((scope) => new BackupKmsKey(scope, 'key', props(660))), 'BackupKmsKey stack/key', [{ path: 'breakGlassPrincipals', message }]);
  });

  it('names the administrators when they add the most', () => {
    const size = bytes(backupKeyPolicy(props(10, 700)));
    expect(size).toBe(35515);
    expect(checkKmsKeyProps(props(10, 700))).toEqual([
      { path: 'administrators', message: `make the key policy 35515 bytes long; ${LIMIT}: name fewer key administrators (the account root, the default, delegates administration to IAM policies)`, severity: 'error' },
    ]);
  });
});

describe('the alerts topic key and the report bucket key: key policy size', () => {
  const keyProtection = { breakGlassPrincipals: principals(660) };

  it('BackupAlerts refuses a topic key policy over 32768 bytes', () => {
    const size = bytes(alertsKeyPolicy(ACCOUNT, 'aws-backup-alerts', undefined, keyProtection));
    expect(size).toBe(33110);
    const message = `make the key policy 33110 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`;
    expect(checkBackupAlertsProps({ account: ACCOUNT, keyProtection })).toEqual([{ path: 'keyProtection.breakGlassPrincipals', message, severity: 'error' }]);
    expectValidationError(() => Testing.synthScope((scope) => new BackupAlerts(scope, 'alerts', { account: ACCOUNT, keyProtection })), 'BackupAlerts stack/alerts', [{ path: 'keyProtection.breakGlassPrincipals', message }]);
  });

  it('BackupAlerts measures no key with an existing topic', () => {
    expect(checkBackupAlertsProps({ account: ACCOUNT, keyProtection, existingTopicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts' })).toEqual([]);
  });

  it('BackupReportBucket refuses a bucket key policy over 32768 bytes', () => {
    const size = bytes(reportKeyPolicy(ACCOUNT, keyProtection));
    expect(size).toBe(33012);
    const message = `make the key policy 33012 bytes long; ${LIMIT}: ${EXEMPT_FEWER}`;
    const props = { account: ACCOUNT, bucketName: 'backup-reports-111122223333', keyProtection };
    expect(checkReportBucketProps(props)).toEqual([{ path: 'keyProtection.breakGlassPrincipals', message, severity: 'error' }]);
    expectValidationError(() => Testing.synthScope((scope) => new BackupReportBucket(scope, 'reports', props)), 'BackupReportBucket stack/reports', [{ path: 'keyProtection.breakGlassPrincipals', message }]);
  });
});
