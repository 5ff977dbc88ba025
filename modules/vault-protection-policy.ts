/**
 * The service control policy that makes backup vaults insider-proof across an AWS Organization:
 * in the accounts it is attached to, no principal but the break-glass principals and the
 * deployment roles may delete or weaken a backup vault (its access policy, its Vault Lock), delete
 * a recovery point or shorten its lifecycle, or delete, disable or re-policy a vault key (nor move
 * or delete the alias by which the policy recognizes one). Nor may they quietly stop the backups
 * themselves: opt a resource type out in the Region settings (tag selections then skip it and no
 * job fails), delete or change a backup plan or selection, silence a vault's notifications, or
 * delete or re-permission the service role every plan runs with (and the restore testing role the
 * stacks create), or narrow the customer managed permissions boundary it runs within; nor take the account out of
 * the organization, out of the policy's reach. An account administrator, the account
 * root included, cannot undo what an SCP denies: only the management account can detach it (SCPs
 * do not apply to the management account itself, nor to service-linked roles).
 */
import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { SCP_LIMITS } from '../core/service-limits';
import { error, Problem } from '../core/problems';
import { sortedEntries } from '../core/order';
import { checkExemptPrincipals } from '../core/checks';
import { reportPropsProblems } from './props-problems';
import { documentSize, terraformLiteral } from './policy';
import { checkOrganizationsPolicyProps } from './organization-backup-policy';

/**
 * Backup actions the SCP denies: vault deletion, its policy and lock, recovery point deletion and
 * lifecycle changes, the disassociation of a continuous recovery point (which takes it out of the
 * vault, back to the source service), and of a nested recovery point from its composite parent.
 */
export const SCP_BACKUP_ACTIONS = [
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:DeleteRecoveryPoint',
  'backup:DisassociateRecoveryPoint',
  'backup:DisassociateRecoveryPointFromParent',
  'backup:PutBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration',
  'backup:UpdateRecoveryPointLifecycle',
] as const;

/**
 * Backup actions that stop backups without touching a vault: a Region settings opt-out (tag-based
 * selections skip the type, so no job is created and none fails), deleting or changing a plan or
 * a selection, and removing or rewriting a vault's notifications. On every plan of the account
 * (Resource "*"): creating one stays allowed, changing or deleting one takes an exempt principal.
 * Plans that backup policies deliver are read-only in member accounts anyway.
 */
export const SCP_BACKUP_PATH_ACTIONS = [
  'backup:DeleteBackupPlan',
  'backup:DeleteBackupSelection',
  'backup:DeleteBackupVaultNotifications',
  'backup:PutBackupVaultNotifications',
  'backup:UpdateBackupPlan',
  'backup:UpdateRegionSettings',
] as const;

/**
 * What would take a member account out from under this policy altogether: an account that leaves
 * the organization is bound by no service control policy, so its administrator could then do all
 * that the denies here refuse. LeaveOrganization is called by the member account itself (the
 * management account's RemoveAccountFromOrganization is not subject to SCPs and stays possible), and
 * AWS names an SCP as the way to prevent it. In the vault tampering statement: its exemption costs
 * no more characters there.
 */
export const SCP_ORGANIZATION_ACTIONS = ['organizations:LeaveOrganization'] as const;

/** IAM changes that would stop every job run with a backup role: deleting it, or changing its trust or permissions. */
export const SCP_BACKUP_ROLE_ACTIONS = ['iam:Attach*', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:Update*'] as const;

/**
 * What would strip a backup role's effective permissions through its permissions boundary, a
 * customer managed policy of the account: a new default version, an older version made the
 * default again, or (under iam:Delete* of SCP_BACKUP_ROLE_ACTIONS, which the boundary gets too)
 * its versions or the policy deleted. A role can do only what both its policies and its boundary
 * allow, so a narrowed boundary fails every job the role runs, though the role itself is
 * untouched. Putting another boundary on the role or removing it are role actions (iam:Put*,
 * iam:Delete* on the role), denied with the role.
 */
export const SCP_BOUNDARY_ACTIONS = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'] as const;

/** KMS actions the SCP denies on vault keys: deletion, disabling, policy replacement. */
export const SCP_KEY_ACTIONS = ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'] as const;

/** Alias changes that would take a vault key out of the policy's reach (it recognizes keys by alias). */
export const SCP_ALIAS_ACTIONS = ['kms:DeleteAlias', 'kms:UpdateAlias'] as const;

/**
 * What would let an account administrator become an exempt principal: creating a role or user of an
 * exempt name, changing its trust or permissions, passing or assuming it. Denied on the exempt roles
 * and users to every principal of the account but the exempt ones; a break-glass role is then
 * assumed from another account (the management account or an identity account), which SCPs of the
 * protected accounts do not restrict.
 */
export const SCP_EXEMPT_PRINCIPAL_ACTIONS = ['iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Detach*', 'iam:PassRole', 'iam:Put*', 'iam:Update*', 'sts:AssumeRole'] as const;

/** Exempt principals that are IAM roles or users (the ones an administrator could create, change or assume). */
const IAM_IDENTITY = /^arn:aws[a-z-]*:iam::(\d{12}|\*):(role|user)\//;

/** An AWS managed policy (account "aws"): no account can change it. */
export const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//;
const CUSTOMER_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::(\d{12}|\*):policy\/\S+$/;

export interface VaultProtectionDocumentProps {
  /** The organization's partition (for alias ARNs). @default 'aws' */
  readonly partition?: string;
  /** Principal ARN patterns (ArnLike, wildcards allowed) the denies exempt: break-glass principals and deployment roles. At least one. */
  readonly exemptPrincipals: readonly string[];
  /** Aliases of the vault keys (alias/... names, * wildcards allowed), e.g. alias/backup/*. At least one. */
  readonly keyAliases: readonly string[];
  /**
   * Role ARN patterns (wildcards allowed) AWS Backup runs jobs with in the protected accounts, such
   * as arn:aws:iam::*:role/aws-backup-service-role: deleting them or changing their trust or
   * permissions is denied. @default none
   */
  readonly backupRoles?: readonly string[];
  /**
   * Customer managed policy ARNs (wildcards allowed) the backup roles have as permissions
   * boundary, such as arn:aws:iam::111122223333:policy/backup-boundary: changing or deleting them
   * is denied. AWS managed policies (arn:aws:iam::aws:policy/...) need none: no account can change them. @default none
   */
  readonly backupRoleBoundaries?: readonly string[];
}

export interface VaultProtectionPolicyProps extends VaultProtectionDocumentProps {
  /** 1-128 printable ASCII characters, not starting with a space. */
  readonly policyName: string;
  /** At most 512 characters. @default a description naming what it protects */
  readonly description?: string;
  /** Attachment targets keyed by a stable name: OU, root or account ids. At least one. */
  readonly targets: Readonly<Record<string, string>>;
  /** SCPs attached to each target besides this one. @default 1 (FullAWSAccess) */
  readonly otherPoliciesPerTarget?: number;
}

const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** The SCP document (compact JSON: every character counts against the 5,120 limit). */
export function vaultProtectionDocument(props: VaultProtectionDocumentProps): string {
  const partition = props.partition ?? 'aws';
  const exempt = { ArnNotLike: { 'aws:PrincipalArn': sortedUnique(props.exemptPrincipals) } };
  const aliases = sortedUnique(props.keyAliases);
  const identities = sortedUnique(props.exemptPrincipals).filter((principal) => IAM_IDENTITY.test(principal));
  const roles = sortedUnique(props.backupRoles ?? []);
  const boundaries = sortedUnique(props.backupRoleBoundaries ?? []);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      // One statement for both lists: every statement repeats the exempt principals, and the document has 5,120 characters.
      { Sid: 'DenyVaultTampering', Effect: 'Deny', Action: [...SCP_BACKUP_ACTIONS, ...SCP_BACKUP_PATH_ACTIONS, ...SCP_ORGANIZATION_ACTIONS].sort(), Resource: '*', Condition: exempt },
      // The roles' boundaries in the same statement: a statement of their own would repeat the exempt principals once more.
      ...(roles.length + boundaries.length > 0
        ? [{ Sid: 'ProtectBackupRoles', Effect: 'Deny', Action: [...SCP_BACKUP_ROLE_ACTIONS, ...(boundaries.length > 0 ? SCP_BOUNDARY_ACTIONS : [])].sort(), Resource: [...roles, ...boundaries], Condition: exempt }]
        : []),
      {
        Sid: 'DenyVaultKeyTampering',
        Effect: 'Deny',
        Action: [...SCP_KEY_ACTIONS],
        Resource: '*',
        Condition: { ...exempt, 'ForAnyValue:StringLike': { 'kms:ResourceAliases': aliases } },
      },
      { Sid: 'DenyVaultKeyAliasChanges', Effect: 'Deny', Action: [...SCP_ALIAS_ACTIONS], Resource: aliases.map((alias) => `arn:${partition}:kms:*:*:${alias}`), Condition: exempt },
      // Only the caller's own account's exempt roles: a pipeline in a protected account may still assume deploy roles elsewhere.
      ...(identities.length > 0
        ? [{ Sid: 'ProtectExemptPrincipals', Effect: 'Deny', Action: [...SCP_EXEMPT_PRINCIPAL_ACTIONS], Resource: identities, Condition: { ...exempt, StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } } }]
        : []),
    ],
  });
}

/** Characters of a document as AWS counts them (UTF-8 bytes, which is the stricter reading): modules/policy.ts. */
export { documentSize };

export function checkVaultProtectionPolicyProps(props: VaultProtectionPolicyProps): Problem[] {
  const problems: Problem[] = [];
  if (props.exemptPrincipals.length === 0) {
    problems.push(error('exemptPrincipals', 'must name at least one principal (a break-glass principal or the deployment role): denied to everyone, vaults and keys could never change again'));
  }
  problems.push(...checkExemptPrincipals(props.exemptPrincipals, 'exemptPrincipals'));
  if (props.keyAliases.length === 0) problems.push(error('keyAliases', 'must name at least one key alias'));
  props.keyAliases.forEach((alias, index) => {
    if (!/^alias\/[A-Za-z0-9/_*-]+$/.test(alias)) problems.push(error(`keyAliases.${index}`, `"${alias}" is not a KMS alias such as alias/backup/*`));
  });
  (props.backupRoles ?? []).forEach((role, index) => {
    if (!/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/\S+$/.test(role)) problems.push(error(`backupRoles.${index}`, `"${role}" is not an IAM role ARN (wildcards allowed)`));
  });
  (props.backupRoleBoundaries ?? []).forEach((policy, index) => {
    const path = `backupRoleBoundaries.${index}`;
    if (AWS_MANAGED_POLICY.test(policy)) problems.push(error(path, `"${policy}" is an AWS managed policy: no account can change it, so there is nothing to protect; leave it out`));
    else if (!CUSTOMER_MANAGED_POLICY.test(policy)) problems.push(error(path, `"${policy}" is not a customer managed IAM policy ARN such as arn:aws:iam::111122223333:policy/backup-boundary (wildcards allowed)`));
  });
  problems.push(...checkOrganizationsPolicyProps(props));
  const size = documentSize(vaultProtectionDocument(props));
  if (size > SCP_LIMITS.maxDocumentCharacters) {
    problems.push(
      error('exemptPrincipals', `make the policy ${size} characters long; AWS Organizations allows at most ${SCP_LIMITS.maxDocumentCharacters} per service control policy: exempt fewer principals (one ARN pattern with a wildcard can stand for many)`),
    );
  }
  const others = props.otherPoliciesPerTarget ?? SCP_LIMITS.defaultOtherPoliciesPerTarget;
  if (!Number.isInteger(others) || others < 0 || others + 1 > SCP_LIMITS.policiesPerTarget) {
    problems.push(
      error('otherPoliciesPerTarget', `leaves no room for this policy: AWS Organizations attaches at most ${SCP_LIMITS.policiesPerTarget} service control policies directly to a root, unit or account; got ${others} others`),
    );
  }
  return problems;
}

/** The SCP and its attachments (one per named target). */
export class VaultProtectionPolicy extends Construct {
  readonly policy: OrganizationsPolicy;
  /** The document, compact JSON. */
  readonly content: string;

  constructor(scope: Construct, id: string, props: VaultProtectionPolicyProps) {
    super(scope, id);
    reportPropsProblems(this, `VaultProtectionPolicy ${this.node.path}`, checkVaultProtectionPolicyProps(props));
    this.content = vaultProtectionDocument(props);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.policyName,
      description: props.description ?? 'Denies deleting or weakening backup vaults, their locks and access policies, recovery points, vault keys, plans, Region settings, notifications and the backup role, except to break-glass principals and deployment roles (backup-estate)',
      type: 'SERVICE_CONTROL_POLICY',
      // "${aws:PrincipalAccount}" is an IAM policy variable: kept literal, references kept references (modules/policy.ts terraformLiteral).
      content: terraformLiteral(this.content),
    });
    for (const [name, targetId] of sortedEntries(props.targets)) {
      new OrganizationsPolicyAttachment(this, `target-${name}`, { policyId: this.policy.id, targetId });
    }
  }
}
