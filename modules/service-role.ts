import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AccountContext, awsManagedPolicyArn } from '../core/arn';
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
  /** @default none */
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

export function checkServiceRoleProps(props: BackupServiceRoleProps): Problem[] {
  return [...checkName('role', props.roleName ?? 'aws-backup-service-role', 'roleName'), ...checkTags(props.tags, 'tags'), ...checkRolePath(props.path)];
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
