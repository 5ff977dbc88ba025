/**
 * Insider-proofing constructs: the vault policy's deny of protection removal and extra statements,
 * the organization's service control policy (snapshot, size limit, exempt principals), and the
 * newer operations props (alerts to an existing topic, filter policies, report plan names).
 */
import { Testing } from 'cdktf';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { BackupReportPlan } from '@cdktf/provider-aws/lib/backup-report-plan';
import { BackupVault, vaultAccessPolicy } from '../../modules/backup-vault';
import { AirGappedVault } from '../../modules/air-gapped-vault';
import { checkVaultPolicyStatements, type VaultPolicyStatementProps } from '../../modules/vault-policy-statements';
import { checkVaultProtectionPolicyProps, documentSize, VaultProtectionPolicy, vaultProtectionDocument, type VaultProtectionPolicyProps } from '../../modules/vault-protection-policy';
import { BackupAlerts, checkBackupAlertsProps } from '../../modules/backup-alerts';
import { checkFilterPolicy } from '../../modules/alert-filter-policy';
import { BackupReportPlans } from '../../modules/report-plans';
import { backupKeyPolicy } from '../../modules/kms-key';
import { keyPolicyDecision } from '../support/key-policy';
import { ACCOUNT, expectValidationError, KEY_ARN, onlyResource, parsePolicy, resourcesOf, synth } from './helpers';

const DEPLOY = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
const GLASS = 'arn:aws:iam::111122223333:role/BackupBreakGlass';
const AUDITOR = 'arn:aws:iam::111122223333:role/Auditor';

describe('BackupVault: the deny of protection removal', () => {
  it('denies deleting the policy and deleting or changing the lock to all but the break-glass principals and the deployment role', () => {
    const statements = parsePolicy(vaultAccessPolicy({ breakGlassPrincipals: [GLASS], deployRoleArn: DEPLOY })!).Statement;
    const exempt = { ArnNotLike: { 'aws:PrincipalArn': [GLASS, DEPLOY] } };
    expect(statements).toEqual([
      {
        Sid: 'DenyRecoveryPointDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'],
        Resource: '*',
        Condition: exempt,
      },
      {
        Sid: 'DenyProtectionRemoval',
        Effect: 'Deny',
        Principal: '*',
        Action: ['backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration', 'backup:PutBackupVaultLockConfiguration'],
        Resource: '*',
        Condition: exempt,
      },
    ]);
  });

  it('leaves the policy and lock removable without a deployment role: Terraform, running as a principal it does not know, changes them', () => {
    for (const props of [{}, { breakGlassPrincipals: [GLASS] }]) {
      const sids = parsePolicy(vaultAccessPolicy(props)!).Statement.map((statement) => statement.Sid);
      expect(sids).toEqual(['DenyRecoveryPointDeletion']);
    }
  });

  it('exempts the deployment role alone when there is no break-glass principal', () => {
    const statements = parsePolicy(vaultAccessPolicy({ deployRoleArn: DEPLOY })!).Statement;
    expect(statements.map((statement) => statement.Condition)).toEqual([
      { ArnNotLike: { 'aws:PrincipalArn': [DEPLOY] } },
      { ArnNotLike: { 'aws:PrincipalArn': [DEPLOY] } },
    ]);
  });
});

describe('vault key policy: who may delete, disable or re-policy the key', () => {
  const ADMIN = 'arn:aws:iam::111122223333:role/Administrator';
  const ROOT = 'arn:aws:iam::111122223333:root';
  const policy = backupKeyPolicy({ account: ACCOUNT, backupRoleArns: [], breakGlassPrincipals: [GLASS], deployRoleArn: DEPLOY });

  it.each([
    [ADMIN, 'kms:ScheduleKeyDeletion', 'deny'],
    [ADMIN, 'kms:DisableKey', 'deny'],
    [ADMIN, 'kms:PutKeyPolicy', 'deny'],
    [ROOT, 'kms:ScheduleKeyDeletion', 'deny'],
    [ROOT, 'kms:PutKeyPolicy', 'deny'],
    [ADMIN, 'kms:DescribeKey', 'allow'],
    [GLASS, 'kms:ScheduleKeyDeletion', 'allow'],
    [DEPLOY, 'kms:ScheduleKeyDeletion', 'allow'],
    // What keeps Terraform able to update the policy later (and KMS's lockout check satisfied).
    [DEPLOY, 'kms:PutKeyPolicy', 'allow'],
    [GLASS, 'kms:PutKeyPolicy', 'allow'],
  ] as const)('%s calling %s: %s', (principal, action, decision) => {
    expect(keyPolicyDecision(policy, principal, action)).toBe(decision);
  });

  it('without a deployment role leaves kms:PutKeyPolicy to the key administrators, so nobody is locked out of updates', () => {
    const open = backupKeyPolicy({ account: ACCOUNT, backupRoleArns: [] });
    expect(keyPolicyDecision(open, ADMIN, 'kms:PutKeyPolicy')).toBe('allow');
    expect(keyPolicyDecision(open, ADMIN, 'kms:ScheduleKeyDeletion')).toBe('deny');
  });
});

describe('vault access policy: extra statements', () => {
  const audit: VaultPolicyStatementProps = { sid: 'AllowAuditorsToList', effect: 'Allow', principals: { aws: [AUDITOR] }, actions: ['backup:ListRecoveryPointsByBackupVault', 'backup:DescribeBackupVault'] };

  it('are merged after the denies, in statement id order', () => {
    const other: VaultPolicyStatementProps = { sid: 'AllowCopyFromPartner', effect: 'Allow', principals: { aws: ['444455556666'] }, actions: ['backup:CopyIntoBackupVault'] };
    const out = synth((scope) => {
      new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: { breakGlassPrincipals: [GLASS], statements: [audit, other] } });
    });
    const statements = parsePolicy(onlyResource(out, 'aws_backup_vault_policy').config.policy).Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual(['DenyRecoveryPointDeletion', 'AllowAuditorsToList', 'AllowCopyFromPartner']);
    expect(statements[1]).toEqual({
      Sid: 'AllowAuditorsToList',
      Effect: 'Allow',
      Principal: { AWS: [AUDITOR] },
      Action: ['backup:DescribeBackupVault', 'backup:ListRecoveryPointsByBackupVault'],
      Resource: '*',
    });
    expect(statements[2]).toEqual({ Sid: 'AllowCopyFromPartner', Effect: 'Allow', Principal: { AWS: ['444455556666'] }, Action: 'backup:CopyIntoBackupVault', Resource: '*' });
  });

  it('keep IAM policy variables literal: Terraform would read "${" as an interpolation', () => {
    // Unescaped, terraform validate refused the stack: "Extra characters after interpolation expression".
    const team: VaultPolicyStatementProps = {
      ...audit,
      resources: ['arn:aws:backup:eu-west-1:111122223333:recovery-point:${aws:PrincipalTag/rp}'],
      conditions: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}', 'aws:ResourceTag/team': ['%{x}', 'plain'] } },
    };
    const out = synth((scope) => {
      new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: { breakGlassPrincipals: [GLASS], statements: [team] } });
    });
    const statement = parsePolicy(onlyResource(out, 'aws_backup_vault_policy').config.policy).Statement[1];
    expect(statement.Resource).toBe('arn:aws:backup:eu-west-1:111122223333:recovery-point:$${aws:PrincipalTag/rp}');
    expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalTag/team': '$${aws:PrincipalTag/owner}', 'aws:ResourceTag/team': ['%%{x}', 'plain'] } });
  });

  it('are written on a logically air-gapped vault too', () => {
    const out = synth((scope) => {
      new AirGappedVault(scope, 'lag', { vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 400, accessPolicy: { breakGlassPrincipals: [GLASS], deployRoleArn: DEPLOY, statements: [audit] } });
    });
    expect(parsePolicy(onlyResource(out, 'aws_backup_vault_policy').config.policy).Statement.map((statement) => statement.Sid)).toEqual([
      'DenyRecoveryPointDeletion',
      'DenyProtectionRemoval',
      'AllowAuditorsToList',
    ]);
  });

  it.each([
    [{ ...audit, sid: 'Allow-Auditors' }, 'accessPolicy.statements.Allow-Auditors', 'statement id "Allow-Auditors" must be 1-100 letters and digits'],
    [{ ...audit, sid: 'DenyProtectionRemoval' }, 'accessPolicy.statements.DenyProtectionRemoval', 'statement id "DenyProtectionRemoval" is backup-estate\'s own (AllowCopiesFromOrganization, DenyRecoveryPointDeletion, DenyProtectionRemoval): choose another'],
    [{ ...audit, actions: ['backup:*'] }, 'accessPolicy.statements.AllowAuditorsToList.actions.0', '"backup:*" is not a backup:<Action> name (vault access policies take no wildcard in Action)'],
    [{ ...audit, actions: ['s3:GetObject'] }, 'accessPolicy.statements.AllowAuditorsToList.actions.0', '"s3:GetObject" is not a backup:<Action> name (a vault access policy governs backup: actions only)'],
    [{ ...audit, principals: '*' }, 'accessPolicy.statements.AllowAuditorsToList.principals', 'is "*" in an Allow statement without conditions: every principal of every account would be allowed; name the principals or add a condition such as StringEquals aws:PrincipalOrgID'],
    [{ ...audit, principals: { aws: ['arn:aws:iam::*:role/Auditor'] } }, 'accessPolicy.statements.AllowAuditorsToList.principals.aws.0', '"arn:aws:iam::*:role/Auditor" has a wildcard: a Principal takes none (use "*" with an ArnLike aws:PrincipalArn condition)'],
    [
      { ...audit, principals: { aws: ['arn:aws:iam::444455556666:role/Auditor'] } },
      'accessPolicy.statements.AllowAuditorsToList.principals.aws.0',
      'is in account 444455556666, not the vault\'s 111122223333: AWS Backup rejects cross-account access for every action but backup:CopyIntoBackupVault (here backup:ListRecoveryPointsByBackupVault, backup:DescribeBackupVault)',
    ],
    [
      // ArnEquals takes * in every ARN component as ArnLike does (IAM, condition operators): any account can make a role of that name.
      { ...audit, principals: '*', conditions: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Auditor' } } },
      'accessPolicy.statements.AllowAuditorsToList.principals',
      'is "*" in an Allow statement whose conditions restrict no principal: every principal of every account that meets them would be allowed; restrict it with a positive operator (StringEquals, ArnEquals, ArnLike: not a negated one, ...IfExists or ForAllValues:, which hold when the key is absent, as aws:PrincipalOrgID is for every principal outside an organization) on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalArn, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, kms:CallerAccount',
    ],
    [{ ...audit, principals: { service: ['backup'] } }, 'accessPolicy.statements.AllowAuditorsToList.principals.service.0', '"backup" is not a service principal such as backup.amazonaws.com'],
    [{ ...audit, resources: ['arn:aws:iam::111122223333:role/x'] }, 'accessPolicy.statements.AllowAuditorsToList.resources.0', '"arn:aws:iam::111122223333:role/x" is neither "*" nor the ARN of the vault or of a recovery point'],
  ] as [VaultPolicyStatementProps, string, string][])('refuses %j: %s', (statement, path, message) => {
    expect(checkVaultPolicyStatements([statement], 'accessPolicy.statements', '111122223333')).toEqual([{ path, message, severity: 'error' }]);
  });

  it('throws from the construct for a wildcard principal whose condition every principal outside an organization meets', () => {
    const statement: VaultPolicyStatementProps = { ...audit, principals: '*', conditions: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } };
    expectValidationError(
      () => synth((scope) => new BackupVault(scope, 'vault', { vaultName: 'main', dedicatedKey: { account: ACCOUNT, backupRoleArns: [] }, accessPolicy: { breakGlassPrincipals: [GLASS], statements: [statement] } })),
      'BackupVault stack/vault',
      [
        {
          path: 'accessPolicy.statements.AllowAuditorsToList.principals',
          message:
            'is "*" in an Allow statement whose conditions restrict no principal: every principal of every account that meets them would be allowed; restrict it with a positive operator (StringEquals, ArnEquals, ArnLike: not a negated one, ...IfExists or ForAllValues:, which hold when the key is absent, as aws:PrincipalOrgID is for every principal outside an organization) on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalArn, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, kms:CallerAccount',
        },
      ],
    );
  });

  it('throws from the construct with the vault\'s account (the dedicated key\'s) for a cross-account grant', () => {
    const statement: VaultPolicyStatementProps = { ...audit, principals: { aws: ['444455556666'] } };
    expectValidationError(
      () => synth((scope) => new BackupVault(scope, 'vault', { vaultName: 'main', dedicatedKey: { account: ACCOUNT, backupRoleArns: [] }, accessPolicy: { statements: [statement] } })),
      'BackupVault stack/vault',
      [
        {
          path: 'accessPolicy.statements.AllowAuditorsToList.principals.aws.0',
          message: 'is in account 444455556666, not the vault\'s 111122223333: AWS Backup rejects cross-account access for every action but backup:CopyIntoBackupVault (here backup:ListRecoveryPointsByBackupVault, backup:DescribeBackupVault)',
        },
      ],
    );
  });
});

describe('VaultProtectionPolicy: the service control policy', () => {
  const props: VaultProtectionPolicyProps = {
    policyName: 'backup-estate-vault-protection',
    exemptPrincipals: ['arn:aws:iam::*:role/OrganizationAccountAccessRole', 'arn:aws:iam::*:role/BackupBreakGlass'],
    keyAliases: ['alias/backup/*'],
    targets: { workloads: 'ou-a1b2-workload1', backup: '222222222222' },
  };

  it('denies deleting the backup roles or changing their trust or permissions to all but the exempt principals (every job runs with them)', () => {
    const document = JSON.parse(vaultProtectionDocument({ ...props, backupRoles: ['arn:aws:iam::*:role/aws-backup-service-role'] }));
    expect(document.Statement.find((statement: { Sid: string }) => statement.Sid === 'ProtectBackupRoles')).toEqual({
      Sid: 'ProtectBackupRoles',
      Effect: 'Deny',
      Action: ['iam:Attach*', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:Update*'],
      Resource: ['arn:aws:iam::*:role/aws-backup-service-role'],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] } },
    });
  });

  it('denies a new default version, another default version and deleting the backup roles\' customer managed boundary (a role can do only what it allows), in the roles\' statement', () => {
    const document = JSON.parse(vaultProtectionDocument({ ...props, backupRoles: ['arn:aws:iam::*:role/aws-backup-service-role'], backupRoleBoundaries: ['arn:aws:iam::111122223333:policy/backup-boundary'] }));
    expect(document.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual(['DenyVaultTampering', 'ProtectBackupRoles', 'DenyVaultKeyTampering', 'DenyVaultKeyAliasChanges', 'ProtectExemptPrincipals']);
    expect(document.Statement.find((statement: { Sid: string }) => statement.Sid === 'ProtectBackupRoles')).toEqual({
      Sid: 'ProtectBackupRoles',
      Effect: 'Deny',
      // iam:Delete* takes in iam:DeletePolicy and iam:DeletePolicyVersion on the boundary.
      Action: ['iam:Attach*', 'iam:CreatePolicyVersion', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:SetDefaultPolicyVersion', 'iam:Update*'],
      Resource: ['arn:aws:iam::*:role/aws-backup-service-role', 'arn:aws:iam::111122223333:policy/backup-boundary'],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] } },
    });
  });

  it('refuses a boundary that is an AWS managed policy (nothing to protect) or not a policy ARN', () => {
    expect(checkVaultProtectionPolicyProps({ ...props, backupRoleBoundaries: ['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::111122223333:role/backup'] })).toEqual([
      { severity: 'error', path: 'backupRoleBoundaries.0', message: '"arn:aws:iam::aws:policy/PowerUserAccess" is an AWS managed policy: no account can change it, so there is nothing to protect; leave it out' },
      { severity: 'error', path: 'backupRoleBoundaries.1', message: '"arn:aws:iam::111122223333:role/backup" is not a customer managed IAM policy ARN such as arn:aws:iam::111122223333:policy/backup-boundary (wildcards allowed)' },
    ]);
  });

  it('rejects a backup role that is not an IAM role ARN', () => {
    expect(checkVaultProtectionPolicyProps({ ...props, backupRoles: ['aws-backup-service-role'] })).toEqual([
      { severity: 'error', path: 'backupRoles.0', message: '"aws-backup-service-role" is not an IAM role ARN (wildcards allowed)' },
    ]);
  });

  it('matches its snapshot: vaults, locks, policies, recovery points, keys and aliases, and the exempt roles themselves', () => {
    expect(JSON.parse(vaultProtectionDocument(props))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyVaultTampering',
          Effect: 'Deny',
          Action: [
            // What stops backups without touching a vault: plans, selections, notifications, Region opt-outs.
            'backup:DeleteBackupPlan',
            'backup:DeleteBackupSelection',
            'backup:DeleteBackupVault',
            'backup:DeleteBackupVaultAccessPolicy',
            'backup:DeleteBackupVaultLockConfiguration',
            'backup:DeleteBackupVaultNotifications',
            'backup:DeleteRecoveryPoint',
            'backup:DisassociateRecoveryPoint',
            'backup:DisassociateRecoveryPointFromParent',
            'backup:PutBackupVaultAccessPolicy',
            'backup:PutBackupVaultLockConfiguration',
            'backup:PutBackupVaultNotifications',
            'backup:UpdateBackupPlan',
            'backup:UpdateRecoveryPointLifecycle',
            'backup:UpdateRegionSettings',
            // A member account that leaves the organization is bound by no SCP at all.
            'organizations:LeaveOrganization',
          ],
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] } },
        },
        {
          Sid: 'DenyVaultKeyTampering',
          Effect: 'Deny',
          Action: ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
          Resource: '*',
          Condition: {
            ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] },
            'ForAnyValue:StringLike': { 'kms:ResourceAliases': ['alias/backup/*'] },
          },
        },
        {
          Sid: 'DenyVaultKeyAliasChanges',
          Effect: 'Deny',
          Action: ['kms:DeleteAlias', 'kms:UpdateAlias'],
          Resource: ['arn:aws:kms:*:*:alias/backup/*'],
          Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] } },
        },
        {
          Sid: 'ProtectExemptPrincipals',
          Effect: 'Deny',
          Action: ['iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Detach*', 'iam:PassRole', 'iam:Put*', 'iam:Update*', 'sts:AssumeRole'],
          Resource: ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'],
          Condition: {
            ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] },
            StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' },
          },
        },
      ],
    });
  });

  it('denies leaving the organization, which would free the account of every deny here, to all but the exempt principals', () => {
    const tampering = JSON.parse(vaultProtectionDocument(props)).Statement.find((statement: { Sid: string }) => statement.Sid === 'DenyVaultTampering');
    expect(tampering.Action).toContain('organizations:LeaveOrganization');
    expect(tampering.Resource).toBe('*');
    expect(tampering.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BackupBreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] } });
  });

  it('excludes exactly the break-glass principals and the deployment roles from every deny', () => {
    for (const statement of JSON.parse(vaultProtectionDocument(props)).Statement) {
      expect(statement.Effect).toBe('Deny');
      expect(statement.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([...props.exemptPrincipals].sort());
      expect(Object.keys(statement.Condition.ArnNotLike)).toEqual(['aws:PrincipalArn']);
    }
  });

  it('is a SERVICE_CONTROL_POLICY attached to every named target, its policy variable escaped for Terraform', () => {
    const out = synth((scope) => new VaultProtectionPolicy(scope, 'scp', props));
    const content = vaultProtectionDocument(props).split('${aws:PrincipalAccount}').join('$${aws:PrincipalAccount}');
    expect(content).toContain('"$${aws:PrincipalAccount}"');
    expect(out).toHaveResourceWithProperties(OrganizationsPolicy, { type: 'SERVICE_CONTROL_POLICY', name: 'backup-estate-vault-protection', content });
    expect(Object.values(resourcesOf(out, 'aws_organizations_policy_attachment')).map((attachment) => attachment.target_id).sort()).toEqual(['222222222222', 'ou-a1b2-workload1']);
  });

  it('stays within 5,120 characters, and refuses a document that does not', () => {
    expect(documentSize(vaultProtectionDocument(props))).toBeLessThanOrEqual(5120);
    const many = Array.from({ length: 40 }, (_, index) => `arn:aws:iam::${String(100000000000 + index)}:role/BackupBreakGlass`);
    const big = { ...props, exemptPrincipals: many };
    const size = documentSize(vaultProtectionDocument(big));
    expect(size).toBeGreaterThan(5120);
    expect(checkVaultProtectionPolicyProps(big)).toEqual([
      {
        path: 'exemptPrincipals',
        message: `make the policy ${size} characters long; AWS Organizations allows at most 5120 per service control policy: exempt fewer principals (one ARN pattern with a wildcard can stand for many)`,
        severity: 'error',
      },
    ]);
  });

  it('refuses a target without room for it (5 SCPs per root, unit or account) and an empty exemption list', () => {
    expect(checkVaultProtectionPolicyProps({ ...props, otherPoliciesPerTarget: 5 })).toEqual([
      {
        path: 'otherPoliciesPerTarget',
        message: 'leaves no room for this policy: AWS Organizations attaches at most 5 service control policies directly to a root, unit or account; got 5 others',
        severity: 'error',
      },
    ]);
    expect(checkVaultProtectionPolicyProps({ ...props, otherPoliciesPerTarget: 4 })).toEqual([]);
    expect(checkVaultProtectionPolicyProps({ ...props, exemptPrincipals: [] })[0]).toEqual({
      path: 'exemptPrincipals',
      message: 'must name at least one principal (a break-glass principal or the deployment role): denied to everyone, vaults and keys could never change again',
      severity: 'error',
    });
  });
});

describe('BackupAlerts: an existing topic and filter policies', () => {
  const existingTopicArn = 'arn:aws:sns:eu-west-1:111122223333:ops-alerts';

  it('publishes to an existing topic: no topic, key or topic policy; rules, alarms and subscriptions use its ARN', () => {
    const out = synth((scope) => {
      new BackupAlerts(scope, 'alerts', { account: ACCOUNT, existingTopicArn, subscriptions: { oncall: { protocol: 'email-json', endpoint: 'oncall@example.com' } } });
    });
    const types = Object.keys(JSON.parse(out).resource).sort();
    expect(types).toEqual(['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_cloudwatch_metric_alarm', 'aws_sns_topic_subscription']);
    for (const target of Object.values(resourcesOf(out, 'aws_cloudwatch_event_target'))) expect(target.arn).toBe(existingTopicArn);
    for (const alarm of Object.values(resourcesOf(out, 'aws_cloudwatch_metric_alarm'))) expect(alarm.alarm_actions).toEqual([existingTopicArn]);
    expect(onlyResource(out, 'aws_sns_topic_subscription').config).toMatchObject({ topic_arn: existingTopicArn, protocol: 'email-json' });
    // Rule names take the existing topic's name.
    expect(Object.values(resourcesOf(out, 'aws_cloudwatch_event_rule')).map((rule) => rule.name).sort()).toEqual(['ops-alerts-backup-jobs', 'ops-alerts-changes', 'ops-alerts-copy-jobs', 'ops-alerts-restore-jobs']);
  });

  it('refuses a topic of another Region or account, and one that is not a standard topic ARN', () => {
    expect(checkBackupAlertsProps({ account: ACCOUNT, existingTopicArn: 'arn:aws:sns:us-east-1:111122223333:ops' })).toEqual([
      { path: 'existingTopicArn', message: 'is in account 111122223333, Region us-east-1; vault notifications, EventBridge rules and alarms publish to a topic of their own account and Region (111122223333, eu-west-1)', severity: 'error' },
    ]);
    expect(checkBackupAlertsProps({ account: ACCOUNT, existingTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops.fifo' })).toEqual([
      { path: 'existingTopicArn', message: '"arn:aws:sns:eu-west-1:111122223333:ops.fifo" is not a standard SNS topic ARN such as arn:aws:sns:eu-west-1:111122223333:backup-alerts (a FIFO topic: AWS Backup publishes to standard topics only)', severity: 'error' },
    ]);
  });

  it('checks the existing topic\'s name as the prefix of the rules', () => {
    const long = `arn:aws:sns:eu-west-1:111122223333:${'t'.repeat(52)}`;
    expect(checkBackupAlertsProps({ account: ACCOUNT, existingTopicArn: long })).toEqual([
      {
        path: 'existingTopicArn',
        message: `"${'t'.repeat(52)}" must be 1-51 characters of A-Z a-z 0-9 . _ - (EventBridge rule names are at most 64 characters, and "-restore-jobs" is appended) (the topic name also prefixes the EventBridge rules)`,
        severity: 'error',
      },
    ]);
  });

  it('writes a subscription filter policy and its scope', () => {
    const filterPolicy = { State: ['FAILED', 'ABORTED'] };
    const out = synth((scope) => {
      new BackupAlerts(scope, 'alerts', { account: ACCOUNT, subscriptions: { hook: { protocol: 'https', endpoint: 'https://hooks.example.com/x', filterPolicy, filterPolicyScope: 'MessageAttributes' } } });
    });
    expect(out).toHaveResourceWithProperties(SnsTopicSubscription, { filter_policy: JSON.stringify(filterPolicy), filter_policy_scope: 'MessageAttributes' });
  });

  it.each([
    [{ a: ['x'], b: ['x'], c: ['x'], d: ['x'], e: ['x'], f: ['x'] }, undefined, 'f', 'has 6 keys; SNS allows at most 5 in a filter policy'],
    [{ a: Array.from({ length: 13 }, (_, i) => `v${i}`), b: Array.from({ length: 12 }, (_, i) => `w${i}`) }, undefined, 'f', 'allows 156 combinations of values (the product of the lengths of its value lists); SNS allows at most 150'],
    [{ detail: { state: ['FAILED'] } }, undefined, 'f.detail', 'nests a policy: SNS filters message attributes by flat keys only (set filterPolicyScope: MessageBody to filter on nested message fields)'],
    [{ State: 'FAILED' }, undefined, 'f.State', 'must be a list of values to match (write [value] for one value)'],
    [{ State: [] }, undefined, 'f.State', 'must list at least one value to match'],
  ] as [Record<string, unknown>, 'MessageBody' | undefined, string, string][])('refuses filter policy %j', (policy, scope, path, message) => {
    expect(checkFilterPolicy(policy, scope, 'f')).toEqual([{ path, message, severity: 'error' }]);
  });

  it('accepts a nested policy on the message body and SNS operators', () => {
    expect(checkFilterPolicy({ detail: { state: ['FAILED', { prefix: 'ABORT' }] } }, 'MessageBody', 'f')).toEqual([]);
  });
});

describe('BackupReportPlans: names of its own', () => {
  it('names a plan as given instead of <prefix>_<template>, and refuses a name AWS refuses', () => {
    const out = Testing.synthScope((scope) => {
      new BackupReportPlans(scope, 'reports', { namePrefix: 'x', planNames: { BACKUP_JOB_REPORT: 'nightly_jobs' }, templates: ['BACKUP_JOB_REPORT'], bucketName: 'b', description: 'Nightly jobs for the auditors' });
    });
    expect(out).toHaveResourceWithProperties(BackupReportPlan, { name: 'nightly_jobs', description: 'Nightly jobs for the auditors' });
    expectValidationError(
      () => Testing.synthScope((scope) => new BackupReportPlans(scope, 'reports', { namePrefix: 'x', planNames: { BACKUP_JOB_REPORT: 'nightly-jobs' }, templates: ['BACKUP_JOB_REPORT'], bucketName: 'b' })),
      'BackupReportPlans stack/reports',
      [{ path: 'planNames.BACKUP_JOB_REPORT', message: 'report plan name "nightly-jobs" must be a letter, then up to 255 characters of A-Z a-z 0-9 _' }],
    );
  });
});
