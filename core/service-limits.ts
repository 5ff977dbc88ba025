/**
 * Limits of the services around AWS Backup that backup-estate writes documents for: AWS
 * Organizations service control policies, SNS subscription filter policies, IAM policy elements of
 * vault access policies. Like ./limits.ts, the one source of each limit for the schema, the rules
 * and the constructs; the sources are named beside each value.
 */

/**
 * AWS Organizations user guide, "Quotas and service limits" and "Managing policies" (policy type
 * table): an SCP document holds at most 5,120 characters (one page says bytes: every document
 * backup-estate writes is ASCII, where the two are equal), and at most 5 SCPs are attached directly
 * to one root, OU or account. AWS attaches FullAWSAccess to every root, OU and account, which counts.
 */
export const SCP_LIMITS = {
  maxDocumentCharacters: 5120,
  policiesPerTarget: 5,
  /** FullAWSAccess, attached by AWS to every root, OU and account unless someone detached it. */
  defaultOtherPoliciesPerTarget: 1,
} as const;

/**
 * AWS Organizations API reference, PolicySummary (what CreatePolicy takes): Name "a string of any
 * of the characters in the ASCII character range", 1-128 (printable here, not starting with a
 * space, as the config has always said); Description at most 512.
 */
export const ORGANIZATIONS_POLICY_LIMITS = {
  name: { pattern: /^[\x21-\x7e][\x20-\x7e]{0,127}$/, describe: '1-128 printable ASCII characters, not starting with a space' },
  descriptionMaxLength: 512,
} as const;

/**
 * Amazon SNS developer guide, "Filter policy constraints": at most 5 keys, at most 150 combinations
 * of values (the product of the lengths of the value arrays), at most 256 KB of JSON; attribute
 * filtering (the default scope) takes no nested policy.
 */
export const SNS_FILTER_POLICY_LIMITS = {
  maxKeys: 5,
  maxCombinations: 150,
  maxBytes: 256 * 1024,
  scopes: ['MessageAttributes', 'MessageBody'],
} as const;

/** IAM policy grammar: a statement id is alphanumeric (IAM user guide, "IAM JSON policy elements: Sid"). */
export const POLICY_SID_PATTERN = /^[A-Za-z0-9]{1,100}$/;

/** IAM condition operators (IAM user guide, "IAM JSON policy elements: Condition operators"), with ...IfExists and the set qualifiers. */
export const CONDITION_OPERATOR =
  /^((ForAllValues|ForAnyValue):)?(String(Not)?Equals(IgnoreCase)?|String(Not)?Like|Numeric(Not)?Equals|Numeric(LessThan|GreaterThan)(Equals)?|Date(Not)?Equals|Date(LessThan|GreaterThan)(Equals)?|Bool|BinaryEquals|(Not)?IpAddress|Arn(Not)?(Equals|Like))(IfExists)?$|^Null$/;

/** AWS Backup vault access policies take no wildcard in Action (AWS Backup developer guide, "Vault access policies"). */
export const VAULT_POLICY_ACTION_PATTERN = /^backup:[A-Za-z]+$/;

/**
 * The only action a vault access policy can grant to another account: "cross-account access for any
 * action other than backup:CopyIntoBackupVault will be rejected" (AWS Backup developer guide,
 * "Vault access policies").
 */
export const CROSS_ACCOUNT_VAULT_ACTION = 'backup:CopyIntoBackupVault';

/** What a copy destination account needs of a source vault key (AWS knowledge center, cross-account copy "Given key ID is not accessible"). */
export const COPY_DESTINATION_ACTIONS: readonly string[] = [
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ListGrants',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RevokeGrant',
];

/**
 * The AWS managed policies AWS Backup's service role holds, as `arn:<partition>:iam::aws:policy/<name>` names them: backups and
 * restores, and S3's own backups and restores (AWS Backup developer guide, "Managed policies for AWS Backup").
 */
export const AWS_BACKUP_MANAGED_POLICIES = {
  backup: 'service-role/AWSBackupServiceRolePolicyForBackup',
  restores: 'service-role/AWSBackupServiceRolePolicyForRestores',
  s3Backup: 'AWSBackupServiceRolePolicyForS3Backup',
  s3Restore: 'AWSBackupServiceRolePolicyForS3Restore',
} as const;
