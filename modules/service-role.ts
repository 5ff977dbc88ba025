import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AccountContext, awsManagedPolicyArn, partitionOf } from '../core/arn';
import { BOUNDARY_OWNER_RULE, permissionsBoundaryOwner } from '../core/limits';
import { arnPlacementMessage } from '../core/regions';
import { policyDocument } from './policy';
import { error, isToken, Problem } from '../core/problems';
import { checkAccountContext, checkName, checkTags, rolePathProblem } from '../core/checks';
import { reportPropsProblems } from './props-problems';
import { sameStackReference } from './references';

/** AWS managed policies for backup, restore, and S3 backup and restore. */
export const BACKUP_SERVICE_ROLE_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

export interface BackupServiceRoleProps {
  /** Account whose resources the role backs up (the trust policy's aws:SourceAccount). */
  readonly account: AccountContext;
  /** @default 'aws-backup-service-role' */
  readonly roleName?: string;
  /** @default '/' */
  readonly path?: string;
  /**
   * ARN of the managed policy that bounds the role's permissions: an AWS managed policy
   * (arn:aws:iam::aws:policy/...) or one of `account` (checked by checkPermissionsBoundary). @default none
   */
  readonly permissionsBoundaryArn?: string;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** Trust only AWS Backup, and only on behalf of this account (confused-deputy protection). */
export function backupTrustPolicy(account: AccountContext): string {
  return policyDocument([
    {
      Sid: 'AwsBackupAssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'backup.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
    },
  ]);
}

/** The props of a role addBackupTrustedRole creates, named `defaultName` unless given: BackupServiceRole and RestoreTestingRole ask this one check. */
export function checkTrustedRoleProps(props: BackupServiceRoleProps, defaultName: string): Problem[] {
  return [...checkName('role', props.roleName ?? defaultName, 'roleName'), ...checkTags(props.tags, 'tags'), ...checkRolePath(props.path), ...checkPermissionsBoundary(props)];
}

export function checkServiceRoleProps(props: BackupServiceRoleProps): Problem[] {
  return checkTrustedRoleProps(props, 'aws-backup-service-role');
}

/**
 * A created role's permissions boundary, as the config judges serviceRole.permissionsBoundaryArn: an
 * IAM policy ARN (the schema's pattern), of the role's partition (the partition rule), and AWS
 * managed or of the role's own account (the config's account rule; IAM fails to create the role
 * otherwise). Account * is the config's stand-in for each account's own policy: a construct
 * writes the ARN as given, and IAM takes no such ARN.
 */
export function checkPermissionsBoundary(props: Pick<BackupServiceRoleProps, 'account' | 'permissionsBoundaryArn'>): Problem[] {
  const arn = props.permissionsBoundaryArn;
  if (arn === undefined || isToken(arn)) return [];
  const path = 'permissionsBoundaryArn';
  const owner = permissionsBoundaryOwner(arn);
  if (owner === undefined) return [error(path, `"${arn}" must be an IAM policy ARN such as arn:aws:iam::aws:policy/NAME or arn:aws:iam::${props.account.accountId}:policy/NAME`)];
  const placement = arnPlacementMessage(arn, partitionOf(props.account), 'account.partition');
  if (placement !== undefined) return [error(path, placement)];
  if (owner === 'aws' || owner === props.account.accountId || isToken(props.account.accountId)) return [];
  const policy = owner === '*' ? 'names account *, which only the config reads as each account\'s own policy' : `names a customer managed policy of account ${owner}`;
  return [error(path, `${policy}, but ${BOUNDARY_OWNER_RULE}: the role of account ${props.account.accountId} would fail to be created; write ${arn.replace(/^(arn:[^:]+:iam::)[^:]*:/, `$1${props.account.accountId}:`)}, or use an AWS managed policy`)];
}

/** IAM role paths: "/" or slashes around name characters, at most 512 characters (IAM CreateRole), which the provider checks at plan. */
export function checkRolePath(path: string | undefined): Problem[] {
  if (path === undefined || isToken(path)) return [];
  const problem = rolePathProblem(path);
  return problem === undefined ? [] : [error('path', problem)];
}

/** The IAM role AWS Backup assumes to create and restore recovery points. */
export class BackupServiceRole extends Construct {
  readonly role: IamRole;
  /** The role ARN (a Terraform reference). */
  get arn(): string {
    return this.role.arn;
  }

  constructor(scope: Construct, id: string, props: BackupServiceRoleProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupServiceRole ${this.node.path}`, [...checkAccountContext(props.account), ...checkServiceRoleProps(props)]);
    this.role = addBackupTrustedRole(this, props, {
      roleName: 'aws-backup-service-role',
      description: 'Assumed by AWS Backup to back up and restore resources',
      managedPolicies: BACKUP_SERVICE_ROLE_POLICIES,
    });
  }
}

/**
 * An IAM role that only AWS Backup, acting for this account, can assume, with AWS managed
 * policies attached (one attachment each, named after the policy). Shared by the service role
 * and the restore testing role.
 */
export function addBackupTrustedRole(
  scope: Construct,
  props: BackupServiceRoleProps,
  defaults: { readonly roleName: string; readonly description: string; readonly managedPolicies: readonly string[] },
): IamRole {
  const partition = props.account.partition ?? 'aws';
  const role = new IamRole(scope, 'role', {
    name: props.roleName ?? defaults.roleName,
    path: props.path ?? '/',
    description: defaults.description,
    assumeRolePolicy: backupTrustPolicy(props.account),
    permissionsBoundary: props.permissionsBoundaryArn,
    tags: props.tags ? { ...props.tags } : undefined,
    provider: props.provider,
  });
  for (const policy of defaults.managedPolicies) {
    new IamRolePolicyAttachment(scope, policy.replace('service-role/', ''), {
      role: sameStackReference(role, 'name'),
      policyArn: awsManagedPolicyArn(partition, policy),
      provider: props.provider,
    });
  }
  return role;
}
