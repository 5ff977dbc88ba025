import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AccountContext, awsManagedPolicyArn, partitionOf } from '../core/arn';
import { BOUNDARY_OWNER_RULE, permissionsBoundaryOwner } from '../core/limits';
import { arnPlacementMessage } from '../core/regions';
import { policyDocument } from './policy';
import { error, isToken, Problem, warning } from '../core/problems';
import { checkAccountContext, checkName, checkTags, rolePathProblem } from '../core/checks';
import { AWS_BACKUP_MANAGED_POLICIES } from '../core/service-limits';
import { reportPropsProblems } from './props-problems';
import { sameStackReference } from './references';

/** AWS managed policies for backup, restore, and S3 backup and restore. */
export const BACKUP_SERVICE_ROLE_POLICIES = [AWS_BACKUP_MANAGED_POLICIES.backup, AWS_BACKUP_MANAGED_POLICIES.restores, AWS_BACKUP_MANAGED_POLICIES.s3Backup, AWS_BACKUP_MANAGED_POLICIES.s3Restore] as const;

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

/** What a role addBackupTrustedRole creates is for: its default name, its AWS managed policies and the jobs AWS Backup runs with it. */
export interface TrustedRoleKind {
  readonly defaultName: string;
  readonly managedPolicies: readonly string[];
  readonly jobs: string;
}

export const SERVICE_ROLE_KIND: TrustedRoleKind = { defaultName: 'aws-backup-service-role', managedPolicies: BACKUP_SERVICE_ROLE_POLICIES, jobs: 'backup, copy (backup:CopyIntoBackupVault) or restore job' };

/** The props of a role addBackupTrustedRole creates: BackupServiceRole and RestoreTestingRole ask this one check. */
export function checkTrustedRoleProps(props: BackupServiceRoleProps, kind: TrustedRoleKind): Problem[] {
  const boundary = checkPermissionsBoundary(props);
  const unseen = boundary.length === 0 && props.permissionsBoundaryArn !== undefined && !isToken(props.permissionsBoundaryArn);
  return [
    ...checkName('role', props.roleName ?? kind.defaultName, 'roleName'),
    ...checkTags(props.tags, 'tags'),
    ...checkRolePath(props.path),
    ...boundary,
    ...(unseen ? [warning('permissionsBoundaryArn', unseenBoundaryMessage(props.roleName ?? kind.defaultName, props.permissionsBoundaryArn as string, kind))] : []),
  ];
}

export function checkServiceRoleProps(props: BackupServiceRoleProps): Problem[] {
  return checkTrustedRoleProps(props, SERVICE_ROLE_KIND);
}

/**
 * A boundary caps a role: it "allows it to perform only the actions that are allowed by both its identity-based policies and its
 * permissions boundaries" (IAM, "Permissions boundaries for IAM entities"). What it allows backup-estate cannot see (a customer
 * managed policy lives in the account, an AWS managed one changes with AWS), so a boundary leaving out an action of the role's
 * managed policies fails every job needing it while the resources are called covered. One text for the constructs and the config.
 */
export function unseenBoundaryMessage(roleName: string, boundary: string, kind: TrustedRoleKind): string {
  const policies = kind.managedPolicies.map((policy) => policy.replace('service-role/', ''));
  return `caps the role ${roleName} at what ${boundary} allows, which backup-estate cannot see: the role may do only what both the boundary and its AWS managed policies (${policies.join(', ')}) allow, so every ${kind.jobs} needing an action the boundary leaves out fails, though backup-estate calls its resources covered; make the boundary allow every action of those policies`;
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
      roleName: SERVICE_ROLE_KIND.defaultName,
      description: 'Assumed by AWS Backup to back up and restore resources',
      managedPolicies: SERVICE_ROLE_KIND.managedPolicies,
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
