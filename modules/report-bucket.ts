import { checkKeyPolicySize, checkKeyProtectionProps, exemptContributor, KEY_ADMIN_ACTIONS, keyProtectionStatement, type KeyProtectionProps } from './kms-key';
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { KMS_LIMITS, NAME_RULES } from '../core/limits';
import { AccountContext, accountRootArn, dnsSuffix } from '../core/arn';
import { policyDocument, PolicyStatement } from './policy';
import { error, isToken, Problem, warning } from '../core/problems';
import { checkAccountContext, checkTags } from '../core/checks';
import { reportPropsProblems } from './props-problems';

/** S3 general purpose bucket naming rules (Amazon S3 User Guide, "General purpose bucket naming rules"). */
export const S3_BUCKET_NAME_RULES = {
  minLength: 3,
  maxLength: 63,
  characters: /^[a-z0-9.-]*$/,
  reservedPrefixes: ['xn--', 'sthree-', 'amzn-s3-demo-'],
  reservedSuffixes: ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'],
} as const;

export const REPORT_BUCKET_DEFAULTS = {
  expireAfterDays: 365,
  noncurrentVersionExpireAfterDays: 30,
  abortIncompleteMultipartUploadAfterDays: 7,
} as const;

/** The service-linked role Backup Audit Manager writes reports with (created by AWS with the first framework or report plan). */
export function backupReportsRoleArn(account: AccountContext): string {
  return `arn:${account.partition ?? 'aws'}:iam::${account.accountId}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`;
}

export function s3BucketArn(account: AccountContext, bucketName: string): string {
  return `arn:${account.partition ?? 'aws'}:s3:::${bucketName}`;
}

export interface BackupReportBucketProps {
  /** Globally unique S3 bucket name: 3-63 characters of a-z 0-9 . -, starting and ending with a letter or digit. */
  readonly bucketName: string;
  /** Account, partition and Region of the bucket (its policies and the reports role ARN). */
  readonly account: AccountContext;
  /** Days after which a report expires (becomes a noncurrent version). @default 365 */
  readonly expireAfterDays?: number;
  /** Days a noncurrent (expired or overwritten) report version is kept before deletion. @default 30 */
  readonly noncurrentVersionExpireAfterDays?: number;
  /** KMS alias of the bucket key, such as alias/backup/reports. @default no alias */
  readonly keyAlias?: string;
  /** Waiting period before the bucket key is deleted, 7-30 days. @default 30 */
  readonly keyDeletionWindowInDays?: number;
  /**
   * Deny kms:ScheduleKeyDeletion and kms:DisableKey on the bucket key (and kms:PutKeyPolicy when
   * keyProtection.deployRoleArn is set) to every principal, the account root included, but
   * keyProtection.breakGlassPrincipals and the deployment role, as BackupKmsKey does for vault keys:
   * the reports are the audit's evidence, unreadable once the key is gone. `{ denyKeyDeletion: false }`
   * leaves the deny out. @default the deny, exempting no one
   */
  readonly keyProtection?: KeyProtectionProps;
  /** Terraform lifecycle.prevent_destroy on the bucket and its key. @default true */
  readonly preventDestroy?: boolean;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}


const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/**
 * What the Backup Audit Manager service-linked role needs on a customer-managed bucket key
 * (AWS Backup developer guide, "Creating report plans": kms:GenerateDataKey and kms:Decrypt at
 * minimum; the console's sample adds kms:Encrypt).
 */
export const REPORTS_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] as const;

/**
 * The key policy of the report bucket key. The reports role is matched with aws:PrincipalArn under
 * Principal "*" rather than named as the principal: AWS creates that service-linked role only with
 * the account's first framework or report plan, and KMS (like S3) rejects a policy naming a role
 * that does not exist yet, which would fail the first apply in a new account. `protection`: the
 * vault keys' deny of deletion and disabling (on unless denyKeyDeletion is false).
 */
export function reportKeyPolicy(account: AccountContext, protection: KeyProtectionProps = {}): string {
  const viaS3 = `s3.${account.region}.${dnsSuffix(account)}`;
  const statements: PolicyStatement[] = [
    { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: accountRootArn(account) }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
    {
      // Lets operators (with IAM permission) read the reports through S3 only.
      Sid: 'AccountUseThroughS3',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(account) },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': viaS3, 'kms:CallerAccount': account.accountId } },
    },
    {
      Sid: 'BackupReportsWriteThroughS3',
      Effect: 'Allow',
      Principal: '*',
      Action: [...REPORTS_KEY_ACTIONS],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': backupReportsRoleArn(account) },
        StringEquals: { 'kms:ViaService': viaS3, 'kms:CallerAccount': account.accountId },
      },
    },
  ];
  const deny = keyProtectionStatement(protection);
  return policyDocument(deny ? [...statements, deny] : statements);
}

/** The size of the bucket key's policy: the deny's exemptions grow it (paths of BackupReportBucketProps). */
export function checkReportKeyPolicySize(account: AccountContext, protection: KeyProtectionProps = {}): Problem[] {
  return checkKeyPolicySize(reportKeyPolicy(account, protection), [exemptContributor(protection, 'keyProtection.breakGlassPrincipals')]);
}

/**
 * The bucket policy: TLS only, and report delivery by Backup Audit Manager (s3:PutObject with the
 * bucket-owner-full-control ACL, as in AWS's sample policy). The reports role is matched with a
 * fixed aws:PrincipalArn (see reportKeyPolicy for why), which S3 Block Public Access treats as
 * non-public.
 */
export function reportBucketPolicy(account: AccountContext, bucketName: string): string {
  const bucketArn = s3BucketArn(account, bucketName);
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'AllowBackupReportsDelivery',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': backupReportsRoleArn(account) },
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    },
  ];
  return policyDocument(statements);
}

const IPV4_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

/** S3 general purpose bucket naming rules, one problem per broken rule. */
export function checkS3BucketName(name: string, path: string): Problem[] {
  if (isToken(name)) return [];
  const rules = S3_BUCKET_NAME_RULES;
  const problems: Problem[] = [];
  const bad = (reason: string) => problems.push(error(path, `bucket name "${name}" ${reason}`));
  if (name.length < rules.minLength || name.length > rules.maxLength) {
    bad(`must be ${rules.minLength}-${rules.maxLength} characters long; it has ${name.length}`);
  }
  if (!rules.characters.test(name)) bad('may contain only lowercase letters, digits, dots (.) and hyphens (-)');
  if (name.length > 0 && (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))) bad('must begin and end with a lowercase letter or digit');
  if (name.includes('..')) bad('must not contain two adjacent periods');
  if (IPV4_ADDRESS.test(name)) bad('must not be formatted as an IP address');
  const prefix = rules.reservedPrefixes.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) bad(`must not start with the reserved prefix "${prefix}"`);
  const suffix = rules.reservedSuffixes.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) bad(`must not end with the reserved suffix "${suffix}"`);
  if (problems.length === 0 && name.includes('.')) {
    problems.push(warning(path, `bucket name "${name}" contains dots: virtual-hosted-style HTTPS requests to it fail certificate validation; prefer hyphens`));
  }
  return problems;
}

function checkDays(value: number | undefined, path: string): Problem[] {
  if (value === undefined || (Number.isInteger(value) && value >= 1)) return [];
  return [error(path, `must be a whole number of days, at least 1; got ${value}`)];
}

export function checkReportBucketProps(props: BackupReportBucketProps): Problem[] {
  const problems = checkS3BucketName(props.bucketName, 'bucketName');
  problems.push(...checkDays(props.expireAfterDays, 'expireAfterDays'));
  problems.push(...checkDays(props.noncurrentVersionExpireAfterDays, 'noncurrentVersionExpireAfterDays'));
  const window = props.keyDeletionWindowInDays ?? KMS_LIMITS.deletionWindowInDays.default;
  const { min, max } = KMS_LIMITS.deletionWindowInDays;
  if (!Number.isInteger(window) || window < min || window > max) {
    problems.push(error('keyDeletionWindowInDays', `must be a whole number between ${min} and ${max} days; got ${window}`));
  }
  if (props.keyAlias !== undefined && !NAME_RULES.keyAlias.pattern.test(props.keyAlias)) {
    problems.push(error('keyAlias', `"${props.keyAlias}" must be ${NAME_RULES.keyAlias.describe}`));
  }
  problems.push(...checkKeyProtectionProps(props.keyProtection ?? {}).map((problem) => ({ ...problem, path: `keyProtection.${problem.path}` })));
  problems.push(...checkReportKeyPolicySize(props.account, props.keyProtection));
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/**
 * The S3 bucket that receives Backup Audit Manager reports: private (all four public access
 * blocks, ACLs disabled), TLS only, versioned, SSE-KMS with its own rotating customer-managed key
 * and an S3 bucket key, reports expiring after `expireAfterDays`, deletion-protected.
 */
export class BackupReportBucket extends Construct {
  readonly key: KmsKey;
  readonly alias?: KmsAlias;
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  /**
   * The bucket name, read from the bucket policy resource so that report plans using it are
   * created only once Backup Audit Manager may write to the bucket.
   */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** ARN of the bucket's KMS key. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: BackupReportBucketProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupReportBucket ${this.node.path}`, [...checkAccountContext(props.account), ...checkReportBucketProps(props)]);
    const { account, provider } = props;
    const preventDestroy = props.preventDestroy ?? true;
    const tags = props.tags ? { ...props.tags } : undefined;

    this.key = new KmsKey(this, 'key', {
      description: `AWS Backup Audit Manager reports (${props.bucketName})`,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      isEnabled: true,
      deletionWindowInDays: props.keyDeletionWindowInDays ?? KMS_LIMITS.deletionWindowInDays.default,
      policy: reportKeyPolicy(account, props.keyProtection),
      tags,
      provider,
      lifecycle: { preventDestroy },
    });
    this.keyArn = this.key.arn;
    if (props.keyAlias !== undefined) {
      this.alias = new KmsAlias(this, 'alias', { name: props.keyAlias, targetKeyId: this.key.keyId, provider });
    }

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      tags,
      provider,
      lifecycle: { preventDestroy },
    });
    const bucket = this.bucket.id;

    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' }, provider });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      provider,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' }, provider });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
      provider,
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-reports',
          status: 'Enabled',
          // An explicit empty prefix: provider 5.9x warns on a rule without filter or with `filter {}`.
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expireAfterDays ?? REPORT_BUCKET_DEFAULTS.expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpireAfterDays ?? REPORT_BUCKET_DEFAULTS.noncurrentVersionExpireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: REPORT_BUCKET_DEFAULTS.abortIncompleteMultipartUploadAfterDays }],
        },
      ],
      // Lifecycle rules on a versioned bucket need versioning in place first.
      dependsOn: [versioning],
      provider,
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: reportBucketPolicy(account, props.bucketName),
      // S3 evaluates Block Public Access on PutBucketPolicy: apply the blocks first, deterministically.
      dependsOn: [publicAccessBlock],
      provider,
    });
    this.bucketName = this.policy.bucket;
    this.bucketArn = this.bucket.arn;
  }
}
