import { TerraformOutput, Testing } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import {
  BackupReportBucket,
  BackupReportBucketProps,
  backupReportsRoleArn,
  checkReportBucketProps,
  checkS3BucketName,
  reportBucketPolicy,
} from '../../modules/report-bucket';
import { ACCOUNT, expectValidationError, GOV_ACCOUNT, Json, keyDeny, onlyResource, parsePolicy, stackWithProviders, synth } from './helpers';

const CONSTRUCT = 'BackupReportBucket stack/reports';
const BUCKET = 'workload-prod-backup-reports';
const REPORTS_ROLE = 'arn:aws:iam::111122223333:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports';
const ROOT = 'arn:aws:iam::111122223333:root';

const base: BackupReportBucketProps = { bucketName: BUCKET, account: ACCOUNT };

function synthBucket(props: Partial<BackupReportBucketProps> = {}): string {
  return synth((scope) => {
    new BackupReportBucket(scope, 'reports', { ...base, ...props });
  });
}

const bySid = (statements: Json[], sid: string): Json => {
  const found = statements.filter((statement) => statement.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('BackupReportBucket: the bucket', () => {
  const out = synthBucket();
  const bucket = onlyResource(out, 'aws_s3_bucket');
  const ref = `\${aws_s3_bucket.${bucket.id}.id}`;

  it('is named as given, never force-destroyed, prevent_destroy by default', () => {
    expect(bucket.config).toEqual({ bucket: BUCKET, force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  it('blocks all four kinds of public access', () => {
    expect(onlyResource(out, 'aws_s3_bucket_public_access_block').config).toEqual({
      bucket: ref,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('disables ACLs (BucketOwnerEnforced)', () => {
    expect(onlyResource(out, 'aws_s3_bucket_ownership_controls').config).toEqual({ bucket: ref, rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  it('is versioned', () => {
    expect(onlyResource(out, 'aws_s3_bucket_versioning').config).toEqual({ bucket: ref, versioning_configuration: { status: 'Enabled' } });
  });

  it('encrypts with its own KMS key (SSE-KMS) and an S3 bucket key', () => {
    const key = onlyResource(out, 'aws_kms_key');
    expect(onlyResource(out, 'aws_s3_bucket_server_side_encryption_configuration').config).toEqual({
      bucket: ref,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${aws_kms_key.${key.id}.arn}` }, bucket_key_enabled: true }],
    });
  });

  it('expires reports after 365 days and noncurrent versions after 30, once versioning is on', () => {
    const versioning = onlyResource(out, 'aws_s3_bucket_versioning');
    expect(onlyResource(out, 'aws_s3_bucket_lifecycle_configuration').config).toEqual({
      bucket: ref,
      depends_on: [`aws_s3_bucket_versioning.${versioning.id}`],
      rule: [
        {
          id: 'expire-reports',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: 365 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    });
  });

  it('uses the expiry periods it is given', () => {
    const { config } = onlyResource(synthBucket({ expireAfterDays: 2555, noncurrentVersionExpireAfterDays: 1 }), 'aws_s3_bucket_lifecycle_configuration');
    expect(config.rule[0].expiration).toEqual([{ days: 2555 }]);
    expect(config.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
  });

  it('turns prevent_destroy off on the bucket and its key with preventDestroy: false', () => {
    const unprotected = synthBucket({ preventDestroy: false });
    expect(unprotected).toHaveResourceWithProperties(S3Bucket, { force_destroy: false, lifecycle: { prevent_destroy: false } });
    expect(unprotected).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: false } });
  });

  it('tags the bucket and the key', () => {
    const tagged = synthBucket({ tags: { team: 'platform' } });
    expect(tagged).toHaveResourceWithProperties(S3Bucket, { tags: { team: 'platform' } });
    expect(tagged).toHaveResourceWithProperties(KmsKey, { tags: { team: 'platform' } });
  });

  it('exposes the bucket name through the bucket policy, so report plans wait for write access', () => {
    const withOutput = synth((scope) => {
      const reports = new BackupReportBucket(scope, 'reports', base);
      new TerraformOutput(scope, 'name', { value: reports.bucketName });
      new TerraformOutput(scope, 'arn', { value: reports.bucketArn });
      new TerraformOutput(scope, 'key', { value: reports.keyArn });
    });
    const policy = onlyResource(withOutput, 'aws_s3_bucket_policy');
    const { output } = JSON.parse(withOutput);
    expect(output.name.value).toBe(`\${aws_s3_bucket_policy.${policy.id}.bucket}`);
    expect(output.arn.value).toBe(`\${aws_s3_bucket.${onlyResource(withOutput, 'aws_s3_bucket').id}.arn}`);
    expect(output.key.value).toBe(`\${aws_kms_key.${onlyResource(withOutput, 'aws_kms_key').id}.arn}`);
  });

  it('puts every resource on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new BackupReportBucket(stack, 'reports', { ...base, keyAlias: 'alias/backup/reports', provider: dr });
    const synthesized = Testing.synth(stack);
    for (const type of [
      'aws_kms_key',
      'aws_kms_alias',
      'aws_s3_bucket',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_policy',
    ]) {
      expect(onlyResource(synthesized, type).config.provider).toBe('aws.dr');
    }
  });
});

describe('BackupReportBucket: bucket policy', () => {
  const out = synthBucket();
  const policy = onlyResource(out, 'aws_s3_bucket_policy');
  const statements = parsePolicy(policy.config.policy).Statement;

  it('applies to the bucket after the public access block', () => {
    const bucket = onlyResource(out, 'aws_s3_bucket');
    const block = onlyResource(out, 'aws_s3_bucket_public_access_block');
    expect(policy.config.bucket).toBe(`\${aws_s3_bucket.${bucket.id}.id}`);
    expect(policy.config.depends_on).toEqual([`aws_s3_bucket_public_access_block.${block.id}`]);
  });

  it('denies every request without TLS, on the bucket and its objects', () => {
    expect(bySid(statements, 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('lets only the Backup Audit Manager role put reports, with the bucket-owner-full-control ACL', () => {
    expect(bySid(statements, 'AllowBackupReportsDelivery')).toEqual({
      Sid: 'AllowBackupReportsDelivery',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { ArnEquals: { 'aws:PrincipalArn': REPORTS_ROLE }, StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
  });

  it('has no other statement, and no Allow without a fixed principal condition', () => {
    expect(statements.map((statement) => statement.Sid)).toEqual(['DenyInsecureTransport', 'AllowBackupReportsDelivery']);
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      expect(statement.Condition.ArnEquals['aws:PrincipalArn']).not.toContain('*');
    }
  });

  it('uses the partition of the account (GovCloud)', () => {
    const gov = parsePolicy(reportBucketPolicy(GOV_ACCOUNT, BUCKET)).Statement;
    expect(bySid(gov, 'DenyInsecureTransport').Resource).toEqual([`arn:aws-us-gov:s3:::${BUCKET}`, `arn:aws-us-gov:s3:::${BUCKET}/*`]);
    expect(bySid(gov, 'AllowBackupReportsDelivery').Condition.ArnEquals['aws:PrincipalArn']).toBe(
      'arn:aws-us-gov:iam::111122223333:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports',
    );
    expect(backupReportsRoleArn(ACCOUNT)).toBe(REPORTS_ROLE);
  });
});

describe('BackupReportBucket: KMS key', () => {
  const out = synthBucket({ keyAlias: 'alias/backup/reports' });
  const key = onlyResource(out, 'aws_kms_key');
  const statements = parsePolicy(key.config.policy).Statement;

  it('is a rotating symmetric customer-managed key with a 30-day deletion window', () => {
    expect(key.config).toMatchObject({
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      enable_key_rotation: true,
      is_enabled: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(out, 'aws_kms_alias').config).toEqual({ name: 'alias/backup/reports', target_key_id: `\${aws_kms_key.${key.id}.key_id}` });
  });

  it('lets the Backup Audit Manager role encrypt through S3 only', () => {
    expect(bySid(statements, 'BackupReportsWriteThroughS3')).toEqual({
      Sid: 'BackupReportsWriteThroughS3',
      Effect: 'Allow',
      Principal: '*',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': REPORTS_ROLE },
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111122223333' },
      },
    });
  });

  it('lets the account administer the key, and use it through S3 only', () => {
    expect(bySid(statements, 'KeyAdministration')).toMatchObject({ Effect: 'Allow', Principal: { AWS: ROOT }, Resource: '*' });
    expect(bySid(statements, 'KeyAdministration').Action).not.toContain('kms:Decrypt');
    expect(bySid(statements, 'AccountUseThroughS3')).toEqual({
      Sid: 'AccountUseThroughS3',
      Effect: 'Allow',
      Principal: { AWS: ROOT },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } },
    });
    expect(statements.map((statement) => statement.Sid)).toEqual(['KeyAdministration', 'AccountUseThroughS3', 'BackupReportsWriteThroughS3', 'DenyKeyDeletionAndDisabling']);
  });

  it('denies deleting or disabling the key to everyone by default (the reports are the audit evidence), as for vault keys', () => {
    expect(bySid(statements, 'DenyKeyDeletionAndDisabling')).toEqual(keyDeny());
  });

  it('exempts the break-glass principals and the deployment role from the deny (kms:PutKeyPolicy denied too with a deployment role), or leaves it out', () => {
    const deployRoleArn = 'arn:aws:iam::111122223333:role/Deploy';
    const protectedKey = synthBucket({ keyProtection: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'], deployRoleArn } });
    expect(bySid(parsePolicy(onlyResource(protectedKey, 'aws_kms_key').config.policy).Statement, 'DenyKeyDeletionAndDisabling')).toEqual(keyDeny(['arn:aws:iam::111122223333:role/BreakGlass', deployRoleArn], true));
    const unprotected = synthBucket({ keyProtection: { denyKeyDeletion: false } });
    expect(parsePolicy(onlyResource(unprotected, 'aws_kms_key').config.policy).Statement.map((statement: Json) => statement.Sid)).toEqual([
      'KeyAdministration',
      'AccountUseThroughS3',
      'BackupReportsWriteThroughS3',
    ]);
  });

  it('uses the China DNS suffix for kms:ViaService in aws-cn', () => {
    const cn = synthBucket({ account: { accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn' } });
    const write = bySid(parsePolicy(onlyResource(cn, 'aws_kms_key').config.policy).Statement, 'BackupReportsWriteThroughS3');
    expect(write.Condition.StringEquals['kms:ViaService']).toBe('s3.cn-north-1.amazonaws.com.cn');
  });

  it('uses the deletion window it is given', () => {
    expect(synthBucket({ keyDeletionWindowInDays: 7 })).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7 });
  });
});

describe('BackupReportBucket: eager validation', () => {
  const nameError = (name: string, reason: string) => ({ path: 'bucketName', message: `bucket name "${name}" ${reason}` });

  it.each([
    ['too short', 'ab', 'must be 3-63 characters long; it has 2'],
    ['too long', 'b'.repeat(64), 'must be 3-63 characters long; it has 64'],
    ['upper case', 'backup-Reports', 'may contain only lowercase letters, digits, dots (.) and hyphens (-)'],
    ['an underscore', 'backup_reports', 'may contain only lowercase letters, digits, dots (.) and hyphens (-)'],
    ['a leading hyphen', '-backup-reports', 'must begin and end with a lowercase letter or digit'],
    ['a trailing dot', 'backup-reports.', 'must begin and end with a lowercase letter or digit'],
    ['two adjacent periods', 'backup..reports', 'must not contain two adjacent periods'],
    ['an IP address', '192.168.5.4', 'must not be formatted as an IP address'],
    ['prefix xn--', 'xn--reports', 'must not start with the reserved prefix "xn--"'],
    ['prefix sthree-', 'sthree-reports', 'must not start with the reserved prefix "sthree-"'],
    ['prefix amzn-s3-demo-', 'amzn-s3-demo-reports', 'must not start with the reserved prefix "amzn-s3-demo-"'],
    ['suffix -s3alias', 'reports-s3alias', 'must not end with the reserved suffix "-s3alias"'],
    ['suffix --ol-s3', 'reports--ol-s3', 'must not end with the reserved suffix "--ol-s3"'],
    ['suffix .mrap', 'reports.mrap', 'must not end with the reserved suffix ".mrap"'],
    ['suffix --x-s3', 'reports--x-s3', 'must not end with the reserved suffix "--x-s3"'],
    ['suffix --table-s3', 'reports--table-s3', 'must not end with the reserved suffix "--table-s3"'],
  ])('rejects a bucket name with %s', (_label, bucketName, reason) => {
    expectValidationError(() => synthBucket({ bucketName }), CONSTRUCT, [nameError(bucketName, reason)]);
  });

  it('reports every naming rule a name breaks', () => {
    expectValidationError(() => synthBucket({ bucketName: '_A' }), CONSTRUCT, [
      nameError('_A', 'must be 3-63 characters long; it has 2'),
      nameError('_A', 'may contain only lowercase letters, digits, dots (.) and hyphens (-)'),
      nameError('_A', 'must begin and end with a lowercase letter or digit'),
    ]);
  });

  it.each([
    ['3 characters', 'a-1'],
    ['63 characters', `r${'e'.repeat(61)}1`],
    ['digits first', '123-backup-reports'],
  ])('accepts a bucket name of %s', (_label, bucketName) => {
    expect(checkReportBucketProps({ ...base, bucketName })).toEqual([]);
  });

  it('warns (without failing) about dots in a bucket name', () => {
    expect(checkS3BucketName('backup.reports', 'bucketName')).toEqual([
      {
        path: 'bucketName',
        message: 'bucket name "backup.reports" contains dots: virtual-hosted-style HTTPS requests to it fail certificate validation; prefer hyphens',
        severity: 'warning',
      },
    ]);
    expect(synthBucket({ bucketName: 'backup.reports' })).toHaveResourceWithProperties(S3Bucket, { bucket: 'backup.reports' });
  });

  it('does not check a bucket name that is a Terraform reference', () => {
    expect(checkS3BucketName('${var.bucket}', 'bucketName')).toEqual([]);
  });

  it.each([
    ['expireAfterDays', 0],
    ['expireAfterDays', 1.5],
    ['noncurrentVersionExpireAfterDays', 0],
  ])('rejects %s %d and accepts 1', (field, value) => {
    expectValidationError(() => synthBucket({ [field]: value }), CONSTRUCT, [{ path: field, message: `must be a whole number of days, at least 1; got ${value}` }]);
    expect(checkReportBucketProps({ ...base, [field]: 1 })).toEqual([]);
  });

  it.each([6, 31])('rejects keyDeletionWindowInDays %i', (keyDeletionWindowInDays) => {
    expectValidationError(() => synthBucket({ keyDeletionWindowInDays }), CONSTRUCT, [
      { path: 'keyDeletionWindowInDays', message: `must be a whole number between 7 and 30 days; got ${keyDeletionWindowInDays}` },
    ]);
  });

  it('rejects a key alias under alias/aws/', () => {
    expectValidationError(() => synthBucket({ keyAlias: 'alias/aws/reports' }), CONSTRUCT, [
      { path: 'keyAlias', message: '"alias/aws/reports" must be "alias/" then 1-250 characters of A-Z a-z 0-9 / _ -, not under alias/aws/' },
    ]);
  });

  it('throws from the constructor, before any resource exists', () => {
    const { stack } = stackWithProviders();
    expect(() => new BackupReportBucket(stack, 'reports', { ...base, bucketName: 'ab' })).toThrow(CONSTRUCT);
    expect(Testing.synth(stack)).not.toHaveResource(S3BucketPublicAccessBlock);
  });
});
