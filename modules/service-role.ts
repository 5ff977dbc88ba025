import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AccountContext, awsManagedPolicyArn } from './arn';
import { policyDocument } from './policy';
import { checkName, Problem, throwOnErrors } from './validation';

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
  return checkName('role', props.roleName ?? 'aws-backup-service-role', 'roleName');
}

/** The IAM role AWS Backup assumes to create and restore recovery points. */
export class BackupServiceRole extends Construct {
  readonly role: IamRole;
  /** The role ARN (a Terraform reference). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: BackupServiceRoleProps) {
    super(scope, id);
    throwOnErrors(`BackupServiceRole ${this.node.path}`, checkServiceRoleProps(props));
    const partition = props.account.partition ?? 'aws';
    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? 'aws-backup-service-role',
      path: props.path ?? '/',
      description: 'Assumed by AWS Backup to back up and restore resources',
      assumeRolePolicy: backupTrustPolicy(props.account),
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
    });
    for (const policy of BACKUP_SERVICE_ROLE_POLICIES) {
      const shortName = policy.replace('service-role/', '');
      new IamRolePolicyAttachment(this, shortName, {
        role: this.role.name,
        policyArn: awsManagedPolicyArn(partition, policy),
        provider: props.provider,
      });
    }
    this.arn = this.role.arn;
  }
}
