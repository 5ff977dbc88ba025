import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { checkByteLength, KMS_LIMITS, NAME_RULES, PROTECTED_KEY_ACTIONS, PROTECTED_KEY_POLICY_ACTION, PROVIDER_BYTE_LIMITS } from '../core/limits';
import { COPY_DESTINATION_ACTIONS } from '../core/service-limits';
import { error, isToken, Problem } from '../core/problems';
import { checkAccountContext, checkExemptPrincipals, checkNamedPrincipals, checkPrincipalPartitions, checkTags, wholeDays } from '../core/checks';
import { AccountContext, accountRootArn, dnsSuffix, partitionOf } from '../core/arn';
import { documentSize, policyDocument, PolicyStatement } from './policy';
import { reportPropsProblems } from './props-problems';
import { sameStackReference } from './references';

export interface BackupKmsKeyProps {
  /** Account, partition and Region the key lives in (used in its key policy). */
  readonly account: AccountContext;
  /**
   * Roles AWS Backup runs jobs with: the backup service role, selection roles and restore testing
   * roles. They may encrypt, decrypt and create grants for AWS resources only. They are named
   * without a condition: a restore decrypts through the storage service (EFS, DynamoDB, S3), not
   * through AWS Backup.
   */
  readonly backupRoleArns: readonly string[];
  /**
   * For vaults that receive cross-account copies from the whole organization (the central vault):
   * lets every principal of this AWS Organization use the key through AWS Backup
   * (aws:PrincipalOrgID), and admits this account's AWS Backup service-linked role as
   * receivesCopiesFromOtherAccounts does. @default no organization access
   */
  readonly organizationId?: string;
  /**
   * The key's vaults receive copies from other accounts (a copy naming them by ARN, from a plan or a
   * backup policy of another account, or any account a vault's own access policy lets copy in: a
   * BackupVault's dedicated key gets this from its accessPolicy): lets this account's AWS Backup service-linked role
   * (AWSServiceRoleForBackup: "For cross-account backup, the destination account uses a
   * service-linked role to pull backups into the destination vault", AWS Backup Developer Guide,
   * "Service-linked roles for AWS Backup") use it through EC2, RDS, FSx and AWS Backup: it
   * re-encrypts EBS, RDS and FSx copies with the destination vault's key through their own
   * services. Implied by organizationId. @default false
   */
  readonly receivesCopiesFromOtherAccounts?: boolean;
  /**
   * Accounts the key's vaults copy recovery points into (cross-account copies). AWS Backup reads a
   * copy of a resource type it fully manages (EFS, DynamoDB with advanced backup, S3, ...) with
   * the source vault's key, so the key policy must admit each destination account's root, which
   * delegates to that account's IAM (AWS's cross-account copy troubleshooting: "Confirm that the
   * source AWS KMS key policy allows the destination account"). @default none
   */
  readonly copyDestinationAccounts?: readonly string[];
  /** At most 8192 bytes of UTF-8 (é is 2: the provider counts bytes). @default 'AWS Backup vault key' */
  readonly description?: string;
  /** KMS alias such as alias/backup/main. @default no alias */
  readonly alias?: string;
  /** Waiting period before deletion, 7-30 days. @default 30 */
  readonly deletionWindowInDays?: number;
  /**
   * Principals that administer the key (no encrypt or decrypt).
   * @default the account root, which delegates administration to IAM policies
   */
  readonly administrators?: readonly string[];
  /**
   * Deny kms:ScheduleKeyDeletion and kms:DisableKey (and kms:PutKeyPolicy when deployRoleArn is set)
   * to every principal, the account root included, but the break-glass principals and the
   * deployment role. @default true
   */
  readonly denyKeyDeletion?: boolean;
  /** Principal ARN patterns (ArnLike) exempt from that deny. @default none */
  readonly breakGlassPrincipals?: readonly string[];
  /**
   * The role Terraform applies with. Exempt from the deny, and, once given, the one principal
   * besides the break-glass ones that may replace the key policy: kms:PutKeyPolicy is denied to
   * every other. KMS refuses (at CreateKey or PutKeyPolicy) a policy that would keep its caller from
   * updating it later, so a wrong role fails the apply instead of locking the key.
   * @default none: kms:PutKeyPolicy stays with the key administrators, who could then lift the deny
   */
  readonly deployRoleArn?: string;
  /** Terraform lifecycle.prevent_destroy. @default true */
  readonly preventDestroy?: boolean;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * AWS's documented key administrator actions: no data access of their own, but kms:Create* takes in
 * kms:CreateGrant and kms:Put* kms:PutKeyPolicy, with which an administrator can give itself data
 * access (AWS KMS Developer Guide, "Default key policy"; the README says so).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:Create*',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
];

export { PROTECTED_KEY_ACTIONS, PROTECTED_KEY_POLICY_ACTION };

/** The deny of key deletion and disabling, as every key the constructs create takes it (vault, alerts topic and report bucket keys). */
export type KeyProtectionProps = Pick<BackupKmsKeyProps, 'denyKeyDeletion' | 'breakGlassPrincipals' | 'deployRoleArn'>;

/** The exempt principals of a key's deny: each must name principals, not everyone (core/checks.ts). */
export function checkKeyProtectionProps(props: KeyProtectionProps): Problem[] {
  return [
    ...checkExemptPrincipals(props.breakGlassPrincipals ?? [], 'breakGlassPrincipals'),
    ...(props.deployRoleArn !== undefined ? checkExemptPrincipals([props.deployRoleArn], 'deployRoleArn').map((problem) => ({ ...problem, path: 'deployRoleArn' })) : []),
  ];
}

/**
 * The deny of key deletion and disabling (and of policy replacement with a deployment role) to all
 * but the break-glass principals and the deployment role; undefined when switched off.
 */
export function keyProtectionStatement(props: KeyProtectionProps): PolicyStatement | undefined {
  if (props.denyKeyDeletion === false) return undefined;
  const exempt = [...new Set([...(props.breakGlassPrincipals ?? []), ...(props.deployRoleArn !== undefined ? [props.deployRoleArn] : [])])].sort();
  const actions = [...PROTECTED_KEY_ACTIONS, ...(props.deployRoleArn !== undefined ? [PROTECTED_KEY_POLICY_ACTION] : [])].sort();
  return {
    Sid: 'DenyKeyDeletionAndDisabling',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: actions,
    Resource: '*',
    ...(exempt.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } } } : {}),
  };
}

const USE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
/** Using the key through AWS Backup, which creates grants for the services it encrypts through. */
const USE_AND_GRANT_ACTIONS = [...USE_ACTIONS, 'kms:CreateGrant'];
/** The services AWS Backup's service-linked role re-encrypts cross-account copies through (its managed policy's kms:ViaService). */
const COPY_SERVICES = ['backup', 'ec2', 'fsx', 'rds'];

/** The AWS Backup service-linked role of an account (it may not exist yet: match it by aws:PrincipalArn, not as a principal). */
export function backupServiceLinkedRoleArn(account: AccountContext): string {
  return `arn:${partitionOf(account)}:iam::${account.accountId}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

/** The least-privilege key policy of a backup vault key. */
export function backupKeyPolicy(props: BackupKmsKeyProps): string {
  const { account } = props;
  // Sorted: the order of principals carries no meaning and must not change the policy text.
  const administrators = [...(props.administrators ?? [accountRootArn(account)])].sort();
  const statements: PolicyStatement[] = [
    { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [...administrators] }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
    {
      // Lets operators (with IAM permission) create vaults and restore through AWS Backup only.
      Sid: 'AccountUseThroughAwsBackup',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(account) },
      Action: USE_AND_GRANT_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `backup.${account.region}.${dnsSuffix(account)}`, 'kms:CallerAccount': account.accountId } },
    },
  ];
  if (props.organizationId !== undefined) {
    statements.push({
      Sid: 'OrganizationCopiesThroughAwsBackup',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: USE_AND_GRANT_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId, 'kms:ViaService': `backup.${account.region}.${dnsSuffix(account)}` } },
    });
  }
  if (props.organizationId !== undefined || props.receivesCopiesFromOtherAccounts === true) {
    statements.push({
      // The destination account's service-linked role pulls cross-account copies into the vault.
      // Matched by ARN: KMS refuses a policy naming a principal that does not exist yet.
      Sid: 'BackupServiceLinkedRoleCopiesIn',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: USE_AND_GRANT_ACTIONS,
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': backupServiceLinkedRoleArn(account) },
        StringEquals: { 'kms:CallerAccount': account.accountId, 'kms:ViaService': COPY_SERVICES.map((service) => `${service}.${account.region}.${dnsSuffix(account)}`) },
      },
    });
  }
  const destinations = [...new Set(props.copyDestinationAccounts ?? [])].filter((id) => id !== account.accountId).sort();
  if (destinations.length > 0) {
    statements.push({
      Sid: 'CopyDestinationAccountsUse',
      Effect: 'Allow',
      Principal: { AWS: destinations.map((accountId) => accountRootArn({ ...account, accountId })) },
      Action: COPY_DESTINATION_ACTIONS,
      Resource: '*',
    });
  }
  if (props.backupRoleArns.length > 0) {
    statements.push(
      { Sid: 'BackupRoleUse', Effect: 'Allow', Principal: { AWS: [...props.backupRoleArns] }, Action: USE_ACTIONS, Resource: '*' },
      {
        Sid: 'BackupRoleGrantsForAwsResources',
        Effect: 'Allow',
        Principal: { AWS: [...props.backupRoleArns] },
        Action: GRANT_ACTIONS,
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    );
  }
  const protection = keyProtectionStatement(props);
  if (protection) statements.push(protection);
  return policyDocument(statements);
}

/** A list of principals or accounts that grows a key policy: its prop, its entries, how often the policy repeats them, and the fix. */
export interface KeyPolicyContributor {
  readonly field: string;
  readonly values: readonly string[];
  readonly repeats?: number;
  readonly fix: string;
}

/** The break-glass principals of a key's deny (with the deployment role), as a contributor at `field`. */
export function exemptContributor(props: KeyProtectionProps, field = 'breakGlassPrincipals'): KeyPolicyContributor {
  const values = props.denyKeyDeletion === false ? [] : [...(props.breakGlassPrincipals ?? []), ...(props.deployRoleArn !== undefined ? [props.deployRoleArn] : [])];
  return { field, values, fix: 'exempt fewer principals (one ARN pattern with a wildcard can stand for many)' };
}

/**
 * A key policy longer than KMS takes: CreateKey and PutKeyPolicy refuse it at apply. The error
 * names the contributor that adds the most bytes (a list written into the policy), the size and the limit.
 */
export function checkKeyPolicySize(policy: string, contributors: readonly KeyPolicyContributor[]): Problem[] {
  const size = documentSize(policy);
  const max = KMS_LIMITS.keyPolicyBytes;
  if (size <= max) return [];
  const bytes = (contributor: KeyPolicyContributor) => documentSize(JSON.stringify(contributor.values)) * (contributor.repeats ?? 1);
  const [largest] = [...contributors].sort((a, b) => bytes(b) - bytes(a));
  return [error(largest?.field ?? '', `make the key policy ${size} bytes long; AWS KMS allows at most ${max} bytes per key policy (CreateKey, PutKeyPolicy): ${largest?.fix ?? 'write a shorter one'}`)];
}

/** The key administrators, as a contributor at `field`. */
export function administratorsContributor(values: readonly string[] | undefined, field = 'administrators'): KeyPolicyContributor {
  return { field, values: values ?? [], fix: 'name fewer key administrators (the account root, the default, delegates administration to IAM policies)' };
}

/** The size of a vault key's policy (`policy`: backupKeyPolicy(props), when built already): what grows it is its administrators, backup roles (named twice), copy destination accounts and the deny's exemptions. */
export function checkBackupKeyPolicySize(props: BackupKmsKeyProps, policy: string = backupKeyPolicy(props)): Problem[] {
  return checkKeyPolicySize(policy, [
    exemptContributor(props),
    administratorsContributor(props.administrators),
    { field: 'backupRoleArns', values: props.backupRoleArns, repeats: 2, fix: 'back up and restore with fewer roles (each is named in two statements)' },
    { field: 'copyDestinationAccounts', values: props.copyDestinationAccounts ?? [], fix: 'copy into fewer accounts' },
  ]);
}

/**
 * Whether the deployment role (the principal Terraform creates the key and replaces its policy
 * as) may still call kms:PutKeyPolicy under the key policy: only the key administrators are allowed
 * it, the account root among them delegating to IAM. AWS KMS refuses a key policy that does not
 * let its caller make a subsequent PutKeyPolicy request (CreateKey and PutKeyPolicy, "the key
 * policy lockout safety check"), so administrators naming neither fail every apply; with the
 * deny of policy replacement they would leave nobody able to change the policy. One error at
 * `administrators`; none when no deployment role is known (the ambient credentials run Terraform).
 */
export function checkKeyPolicyUpdatable(account: AccountContext, administrators: readonly string[] | undefined, deployRoleArn: string | undefined): Problem[] {
  if (administrators === undefined || administrators.length === 0 || deployRoleArn === undefined || isToken(deployRoleArn)) return [];
  const root = accountRootArn(account);
  if (administrators.some((principal) => isToken(principal) || principal === root || principal === deployRoleArn)) return [];
  return [
    error(
      'administrators',
      `names neither the account root (${root}) nor the deployment role ${deployRoleArn}, which creates the key and replaces its policy: the key policy allows kms:PutKeyPolicy to its administrators only, ` +
        'and AWS KMS refuses a key policy that does not let its caller make a later PutKeyPolicy request (CreateKey, PutKeyPolicy: the key policy lockout safety check), so the apply fails; ' +
        `add ${deployRoleArn}, or leave administrators out (the account root, which delegates to IAM)`,
    ),
  ];
}

/**
 * The props' own fields (deletion window, alias, principals, accounts, tags), without the policy
 * size: the config checks its keys' fields with a stand-in account and measures the key policy
 * the stack writes, with every ARN, on the estate model (config/key-policy-rules.ts).
 */
export function checkKmsKeyFields(props: BackupKmsKeyProps): Problem[] {
  // hashicorp/aws refuses a fraction at plan; NaN is written as null, which became the provider's 30 days.
  const problems: Problem[] = wholeDays(props, ['deletionWindowInDays']);
  const window = props.deletionWindowInDays ?? KMS_LIMITS.deletionWindowInDays.default;
  const { min, max } = KMS_LIMITS.deletionWindowInDays;
  if (window < min || window > max) problems.push(error('deletionWindowInDays', `must be between ${min} and ${max} days; got ${window}`));
  if (props.alias !== undefined && !NAME_RULES.keyAlias.pattern.test(props.alias)) {
    problems.push(error('alias', `"${props.alias}" must be ${NAME_RULES.keyAlias.describe}`));
  }
  problems.push(...checkByteLength(props.description, PROVIDER_BYTE_LIMITS.kmsKeyDescription, 'description'));
  if (props.administrators !== undefined && props.administrators.length === 0) {
    problems.push(error('administrators', 'must name at least one principal, or be left out to use the account root'));
  }
  problems.push(...checkNamedPrincipals(props.administrators ?? [], 'administrators'), ...checkNamedPrincipals(props.backupRoleArns, 'backupRoleArns'));
  problems.push(...checkKeyProtectionProps(props), ...checkKeyPolicyUpdatable(props.account, props.administrators, props.deployRoleArn));
  (props.copyDestinationAccounts ?? []).forEach((accountId, index) => {
    if (!/^\d{12}$/.test(accountId)) problems.push(error(`copyDestinationAccounts[${index}]`, `"${accountId}" must be a 12-digit AWS account id`));
  });
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/** Every problem of the props: their fields and the size of the key policy (`policy`: backupKeyPolicy(props), when built already). */
export function checkKmsKeyProps(props: BackupKmsKeyProps, policy?: string): Problem[] {
  return [...checkKmsKeyFields(props), ...checkBackupKeyPolicySize(props, policy)];
}

/**
 * A customer-managed, symmetric, rotating KMS key for backup vaults, with an explicit
 * least-privilege key policy and deletion protection.
 */
export class BackupKmsKey extends Construct {
  readonly key: KmsKey;
  readonly alias?: KmsAlias;
  /** The key ARN (a Terraform reference). */
  get arn(): string {
    return this.key.arn;
  }

  constructor(scope: Construct, id: string, props: BackupKmsKeyProps) {
    super(scope, id);
    // Built once: measured by the size check, then written.
    const policy = backupKeyPolicy(props);
    // Principals of another partition than the key's (checked here: the config's partition rule reports its own fields).
    const principals = { administrators: props.administrators, backupRoleArns: props.backupRoleArns, breakGlassPrincipals: props.breakGlassPrincipals, deployRoleArn: props.deployRoleArn };
    const partitions = checkPrincipalPartitions(principals, partitionOf(props.account), 'account.partition');
    reportPropsProblems(this, `BackupKmsKey ${this.node.path}`, [...checkAccountContext(props.account), ...checkKmsKeyProps(props, policy), ...partitions]);
    const preventDestroy = props.preventDestroy ?? true;
    this.key = new KmsKey(this, 'key', {
      description: props.description ?? 'AWS Backup vault key',
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      isEnabled: true,
      deletionWindowInDays: props.deletionWindowInDays ?? KMS_LIMITS.deletionWindowInDays.default,
      policy,
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
      lifecycle: { preventDestroy },
    });
    if (props.alias !== undefined) {
      this.alias = new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: sameStackReference(this.key, 'key_id'), provider: props.provider });
    }
  }
}
