/**
 * What issue #17's config becomes in the stacks: vault and key policies that exempt only the
 * break-glass principals and the deployment role, the organization's service control policy,
 * existing and logically air-gapped vaults as targets and destinations, global settings of a
 * single account, alerts to an existing topic, report plans of the config, restore tests over
 * some vaults with their own role.
 */
import { BackupGlobalSettings } from '@cdktf/provider-aws/lib/backup-global-settings';
import { BackupLogicallyAirGappedVault } from '@cdktf/provider-aws/lib/backup-logically-air-gapped-vault';
import { BackupReportPlan } from '@cdktf/provider-aws/lib/backup-report-plan';
import { checkRawConfig } from '../../config';
import type { EstateModel, StackModel } from '../../config/estate-model';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { configWith, findingsBesideSourceKeys, organizationWith, RawConfig } from '../support/configs';
import { resourcesOf, synthStack, TfJson } from '../support/examples';
import { keyDeny } from '../modules/helpers';

const DEPLOY = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
const GLASS = 'arn:aws:iam::111122223333:role/BreakGlass';
const ORG_GLASS = 'arn:aws:iam::*:role/BreakGlass';

function modelOf(raw: RawConfig): EstateModel {
  const check = checkRawConfig(raw);
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return check.model;
}
const stackOf = (model: EstateModel, name: string): StackModel => {
  const found = model.stacks.find((stack) => stack.name === name);
  if (!found) throw new Error(`no stack ${name}: ${model.stacks.map((stack) => stack.name).join(', ')}`);
  return found;
};
const synthOf = (raw: RawConfig, name: string): string => synthStack(stackOf(modelOf(raw), name));
const parsed = (raw: RawConfig, name: string): TfJson => JSON.parse(synthOf(raw, name));
const statements = (policy: string): TfJson[] => JSON.parse(policy).Statement;
const bySid = (policy: string, sid: string): TfJson | undefined => statements(policy).find((statement) => statement.Sid === sid);
/** The service control policy of an organization's management stack. */
const scpOf = (raw: RawConfig): TfJson => Object.values(resourcesOf(parsed(raw, 'management-us-east-1'), 'aws_organizations_policy')).filter((policy) => policy.type === 'SERVICE_CONTROL_POLICY')[0];

describe('single account with a deployment role', () => {
  const raw = configWith((c) => {
    c.security = { deployRoleArn: DEPLOY };
    c.keys = { shared: {} };
    c.vaults.extra = { kmsKey: 'shared', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/Other'] } };
    c.plans.gold.rules.weekly = { preset: 'weekly-90', vault: 'extra' };
  });
  const stack = parsed(raw, 'test-eu-west-1');

  it('vault policies deny recovery point deletion and protection removal to all but the break-glass principals and the deployment role', () => {
    const [policy] = Object.values(resourcesOf(stack, 'aws_backup_vault_policy')).filter((candidate) => candidate.backup_vault_name.includes('vault-main'));
    expect(bySid(policy.policy, 'DenyRecoveryPointDeletion')?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [GLASS, DEPLOY] } });
    expect(bySid(policy.policy, 'DenyProtectionRemoval')?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [GLASS, DEPLOY] } });
  });

  it('key policies deny deletion, disabling and policy replacement to all but them; a shared key exempts the break-glass principals of every vault it encrypts', () => {
    const keys = Object.values(resourcesOf(stack, 'aws_kms_key'));
    const dedicated = keys.find((key) => key.description.includes('main')) as TfJson;
    const shared = keys.find((key) => key.description === 'AWS Backup vault key shared') as TfJson;
    expect(bySid(dedicated.policy, 'DenyKeyDeletionAndDisabling')).toEqual(keyDeny([GLASS, DEPLOY], true));
    expect(bySid(shared.policy, 'DenyKeyDeletionAndDisabling')?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/Other', DEPLOY] } });
  });

  // A disabled or deleted alerts topic key silences every alert; a report bucket key, the audit's evidence.
  it('the alerts topic key and the report bucket key deny the same to all but security.breakGlassPrincipals and the deployment role', () => {
    const withAudit = parsed(
      configWith((c) => {
        c.security = { deployRoleArn: DEPLOY, breakGlassPrincipals: ['arn:aws:iam::111122223333:role/Security'] };
        c.audit = {};
      }),
      'test-eu-west-1',
    );
    const keys = Object.values(resourcesOf(withAudit, 'aws_kms_key'));
    const others = keys.filter((key) => key.description.startsWith('AWS Backup alerts topic') || key.description.startsWith('AWS Backup Audit Manager reports'));
    expect(others).toHaveLength(2);
    for (const key of others) {
      expect(bySid(key.policy, 'DenyKeyDeletionAndDisabling')).toEqual(keyDeny(['arn:aws:iam::111122223333:role/Security', DEPLOY], true));
    }
  });

  it('security.protectKeys: false drops the deny from every key: vault, alerts topic and report bucket keys', () => {
    const off = parsed(configWith((c) => ((c.security = { protectKeys: false }), (c.audit = {}))), 'test-eu-west-1');
    expect(Object.keys(resourcesOf(off, 'aws_kms_key'))).toHaveLength(3);
    for (const key of Object.values(resourcesOf(off, 'aws_kms_key'))) expect(bySid(key.policy, 'DenyKeyDeletionAndDisabling')).toBeUndefined();
  });
});

describe('organization: the service control policy and the deployment roles', () => {
  const model = modelOf(organizationWith((c) => (c.security = { breakGlassPrincipals: ['arn:aws:iam::999999999999:role/SecurityBreakGlass'] })));
  const management = JSON.parse(synthStack(stackOf(model, 'management-us-east-1')));

  it('attaches one SERVICE_CONTROL_POLICY to the unit of every workload account and to the backup account, exempting every break-glass principal and deploy role', () => {
    const [scp] = Object.values(resourcesOf(management, 'aws_organizations_policy')).filter((policy) => policy.type === 'SERVICE_CONTROL_POLICY');
    expect(scp.name).toBe('backup-estate-vault-protection');
    const exempt = ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole', 'arn:aws:iam::222222222222:role/BreakGlass', 'arn:aws:iam::999999999999:role/SecurityBreakGlass'];
    for (const statement of statements(scp.content)) expect(statement.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(exempt);
    const targets = Object.values(resourcesOf(management, 'aws_organizations_policy_attachment')).filter((attachment) => attachment.policy_id.includes('vault-protection'));
    expect(targets.map((attachment) => attachment.target_id).sort()).toEqual(['222222222222', 'ou-a1b2-workload1']);
    expect(scp.content.length).toBeLessThanOrEqual(5120);
  });

  it('exempts each account\'s deploy role in its vault and key policies, and the backup account\'s in the central ones', () => {
    const payments = JSON.parse(synthStack(stackOf(model, 'payments-eu-west-1')));
    const [policy] = Object.values(resourcesOf(payments, 'aws_backup_vault_policy'));
    expect(bySid(policy.policy, 'DenyProtectionRemoval')?.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([ORG_GLASS, 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole', 'arn:aws:iam::999999999999:role/SecurityBreakGlass']);
    const central = JSON.parse(synthStack(stackOf(model, 'central-eu-west-1')));
    const [key] = Object.values(resourcesOf(central, 'aws_kms_key'));
    expect(bySid(key.policy, 'DenyKeyDeletionAndDisabling')?.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      'arn:aws:iam::222222222222:role/BreakGlass',
      'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
      'arn:aws:iam::999999999999:role/SecurityBreakGlass',
    ]);
  });

  it('writes no SCP when switched off', () => {
    const off = modelOf(organizationWith((c) => (c.security = { serviceControlPolicy: { enabled: false } })));
    const json = JSON.parse(synthStack(stackOf(off, 'management-us-east-1')));
    expect(Object.values(resourcesOf(json, 'aws_organizations_policy')).map((policy) => policy.type)).toEqual(['BACKUP_POLICY']);
  });
});

describe('organization: the service control policy protects the backup roles\' customer managed permissions boundary', () => {
  // Account *: the policy of that path and name in each account (IAM takes no other account's policy as a boundary).
  const BOUNDARY = 'arn:aws:iam::*:policy/backup-boundary';
  const withBoundary = (boundary: string, more: (c: RawConfig) => void = () => undefined) => organizationWith((c) => ((c.serviceRole = { permissionsBoundaryArn: boundary }), more(c)));

  it('denies new versions, another default version and deletion of the boundary the service role is created with, to all but the exempt principals', () => {
    const raw = withBoundary(BOUNDARY);
    expect(synthOf(raw, 'payments-eu-west-1')).toHaveResourceWithProperties(IamRole, { name: 'aws-backup-service-role', permissions_boundary: 'arn:aws:iam::333333333333:policy/backup-boundary' });
    expect(synthOf(raw, 'orders-eu-west-1')).toHaveResourceWithProperties(IamRole, { name: 'aws-backup-service-role', permissions_boundary: 'arn:aws:iam::444444444444:policy/backup-boundary' });
    const scp = scpOf(raw);
    expect(bySid(scp.content, 'ProtectBackupRoles')).toEqual({
      Sid: 'ProtectBackupRoles',
      Effect: 'Deny',
      Action: ['iam:Attach*', 'iam:CreatePolicyVersion', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:SetDefaultPolicyVersion', 'iam:Update*'],
      Resource: ['arn:aws:iam::*:role/aws-backup-service-role', BOUNDARY],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/OrganizationAccountAccessRole', 'arn:aws:iam::222222222222:role/BreakGlass'] } },
    });
  });

  it('protects no boundary that is AWS managed (no account can change it), and none when there is none', () => {
    const roleStatement = (raw: RawConfig) => bySid(scpOf(raw).content, 'ProtectBackupRoles');
    const rolesOnly = { Action: ['iam:Attach*', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:Update*'], Resource: ['arn:aws:iam::*:role/aws-backup-service-role'] };
    expect(roleStatement(withBoundary('arn:aws:iam::aws:policy/PowerUserAccess'))).toMatchObject(rolesOnly);
    expect(roleStatement(organizationWith(() => undefined))).toMatchObject(rolesOnly);
  });

  it('counts the boundary against the 5,120 characters of a service control policy', () => {
    // Eight break-glass roles leave the policy just within the limit; the boundary takes it over.
    const glass = (c: RawConfig) => (c.security = { breakGlassPrincipals: Array.from({ length: 8 }, (_, index) => `arn:aws:iam::${String(100000000000 + index)}:role/BackupBreakGlass2026`) });
    expect(findingsBesideSourceKeys(organizationWith(glass)).errors).toEqual([]);
    expect(findingsBesideSourceKeys(withBoundary(BOUNDARY, glass)).errors).toEqual([
      'security.breakGlassPrincipals: service control policy: make the policy 5161 characters long; AWS Organizations allows at most 5120 per service control policy: exempt fewer principals (one ARN pattern with a wildcard can stand for many)',
    ]);
  });
});

describe('organization: the service control policy protects the restore testing role the stacks create', () => {
  const restoreTests = (role?: string) => (c: RawConfig) =>
    (c.restoreTesting = { weekly: { ...(role !== undefined ? { role } : {}), selections: { 'ebs-volumes': { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } } });
  const protectedRoles = (raw: RawConfig) => bySid(scpOf(raw).content, 'ProtectBackupRoles')?.Resource;

  it('denies deleting it or changing its trust or permissions, beside the service role (restore test jobs run with it)', () => {
    const raw = organizationWith(restoreTests());
    expect(synthOf(raw, 'payments-eu-west-1')).toHaveResourceWithProperties(IamRole, { name: 'aws-backup-restore-testing-role' });
    expect(protectedRoles(raw)).toEqual(['arn:aws:iam::*:role/aws-backup-restore-testing-role', 'arn:aws:iam::*:role/aws-backup-service-role']);
  });

  it('protects none when every restore test names its own role (not backup-estate\'s), or there is no restore test', () => {
    // A role of payments only: no backup policy runs plans (and so the test) in orders, where IAM could not pass it.
    const paymentsOnly = organizationWith((c) => {
      restoreTests('arn:aws:iam::333333333333:role/team-restore-tests')(c);
      delete c.organization.policies;
    });
    expect(protectedRoles(paymentsOnly)).toEqual(['arn:aws:iam::*:role/aws-backup-service-role']);
    expect(protectedRoles(organizationWith(() => undefined))).toEqual(['arn:aws:iam::*:role/aws-backup-service-role']);
  });
});

describe('existing and logically air-gapped vaults', () => {
  const raw = configWith((c) => {
    c.existingVaults = { default: { name: 'Default' }, partner: { arn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:partner-dr' } };
    c.vaults.lag = { region: 'eu-central-1', airGapped: { minRetentionDays: 7, maxRetentionDays: 400 }, accessPolicy: { breakGlassPrincipals: [GLASS] } };
    c.plans.silver = { vault: 'default', rules: { daily: { preset: 'daily-35', copies: { partner: {}, lag: {} } } }, selections: { s: { tags: { backup: 'silver' } } } };
  });

  it('backs up into an existing vault by name and copies to one by ARN and to a logically air-gapped vault', () => {
    const stack = parsed(raw, 'test-eu-west-1');
    const silver = Object.values(resourcesOf(stack, 'aws_backup_plan')).find((plan) => plan.name === 'silver') as TfJson;
    expect(silver.rule[0].target_vault_name).toBe('Default');
    expect(silver.rule[0].copy_action.map((copy: TfJson) => copy.destination_vault_arn).sort()).toEqual([
      'arn:aws:backup:eu-central-1:111122223333:backup-vault:lag',
      'arn:aws:backup:us-west-2:444455556666:backup-vault:partner-dr',
    ]);
    // Nothing is created for the existing vaults.
    expect(Object.values(resourcesOf(stack, 'aws_backup_vault')).map((vault) => vault.name)).toEqual(['main']);
  });

  it('creates the air-gapped vault (no key, its range, its policy) in its Region\'s stack', () => {
    const synth = synthOf(raw, 'test-eu-central-1');
    expect(synth).toHaveResourceWithProperties(BackupLogicallyAirGappedVault, { name: 'lag', min_retention_days: 7, max_retention_days: 400, lifecycle: { prevent_destroy: true } });
    const json = JSON.parse(synth);
    // The vault keys: the alerts topic's own key aside.
    expect(Object.values(resourcesOf(json, 'aws_kms_key')).map((key) => key.description).filter((description) => !description.startsWith('AWS Backup alerts topic'))).toEqual(['AWS Backup vault key for dr']);
    expect(Object.keys(json.output)).toContain('vault_lag_arn');
  });

  it('tells the rule pack which vaults\' locks are unknown', () => {
    const facts = stackOf(modelOf(raw), 'test-eu-west-1');
    expect(facts.kind === 'workload' ? facts.plans.find((plan) => plan.key === 'silver')?.rules.daily.target : undefined).toMatchObject({ name: 'Default', existing: true });
  });
});

describe('global settings, alerts to an existing topic, report plans and restore tests of one\'s own', () => {
  const raw = configWith((c) => {
    c.globalSettings = { crossAccountBackup: true };
    c.alerts = { existingTopic: { name: 'ops-alerts' }, subscriptions: { hook: { protocol: 'https', endpoint: 'https://hooks.example.com/x', filterPolicy: { detail: { state: ['FAILED'] } }, filterPolicyScope: 'MessageBody' } } };
    c.audit = {
      frameworkDescription: 'Backups of the payments team',
      reportPlans: { 'nightly-jobs': { template: 'BACKUP_JOB_REPORT', description: 'Jobs of every Region', regions: ['*'] }, controls: { template: 'CONTROL_COMPLIANCE_REPORT', name: 'controls_weekly' } },
    };
    c.restoreTesting = { weekly: { vaults: ['*'], excludeVaults: ['dr'], role: 'arn:aws:iam::111122223333:role/RestoreTests', selections: { ebs: { resourceType: 'EBS', resources: ['*'] } } } };
  });
  const primary = parsed(raw, 'test-eu-west-1');

  it('sets the global settings from the primary stack only', () => {
    expect(synthOf(raw, 'test-eu-west-1')).toHaveResourceWithProperties(BackupGlobalSettings, { global_settings: { isCrossAccountBackupEnabled: 'true' } });
    expect(resourcesOf(parsed(raw, 'test-eu-central-1'), 'aws_backup_global_settings')).toEqual({});
  });

  it('publishes to the existing topic of each stack\'s account and Region, creating no topic', () => {
    expect(resourcesOf(primary, 'aws_sns_topic')).toEqual({});
    for (const target of Object.values(resourcesOf(primary, 'aws_cloudwatch_event_target'))) expect(target.arn).toBe('arn:aws:sns:eu-west-1:111122223333:ops-alerts');
    const drStack = parsed(raw, 'test-eu-central-1');
    for (const notification of Object.values(resourcesOf(drStack, 'aws_backup_vault_notifications'))) expect(notification.sns_topic_arn).toBe('arn:aws:sns:eu-central-1:111122223333:ops-alerts');
    const [subscription] = Object.values(resourcesOf(primary, 'aws_sns_topic_subscription'));
    expect(subscription).toMatchObject({ filter_policy: '{"detail":{"state":["FAILED"]}}', filter_policy_scope: 'MessageBody' });
  });

  it('creates the report plans with their names, descriptions, Regions and the stack\'s framework', () => {
    const synth = synthOf(raw, 'test-eu-west-1');
    expect(synth).toHaveResourceWithProperties(BackupReportPlan, { name: 'nightly_jobs', description: 'Jobs of every Region' });
    const plans = Object.values(resourcesOf(primary, 'aws_backup_report_plan'));
    expect((plans.find((plan) => plan.name === 'nightly_jobs') as TfJson).report_setting.regions).toEqual(['*']);
    const [framework] = Object.keys(resourcesOf(primary, 'aws_backup_framework'));
    expect((plans.find((plan) => plan.name === 'controls_weekly') as TfJson).report_setting.framework_arns).toEqual([`\${aws_backup_framework.${framework}.arn}`]);
    expect(Object.values(resourcesOf(primary, 'aws_backup_framework'))[0].description).toBe('Backups of the payments team');
  });

  it('tests restores from every vault but the excluded ones, with its own role (no restore testing role is created)', () => {
    const [plan] = Object.values(resourcesOf(primary, 'aws_backup_restore_testing_plan'));
    // The excluded vault is in eu-central-1: never picked in eu-west-1, so its stack lists no exclusion there.
    expect(plan.recovery_point_selection[0]).toMatchObject({ include_vaults: ['*'] });
    expect(plan.recovery_point_selection[0]).not.toHaveProperty('exclude_vaults');
    const [selection] = Object.values(resourcesOf(primary, 'aws_backup_restore_testing_selection'));
    expect(selection.iam_role_arn).toBe('arn:aws:iam::111122223333:role/RestoreTests');
    expect(Object.values(resourcesOf(primary, 'aws_iam_role')).map((role) => role.name)).toEqual(['aws-backup-service-role']);
  });
});

describe('multi-account report plans', () => {
  const model = modelOf(organizationWith((c) => (c.audit = { reportPlans: { 'org-jobs': { template: 'BACKUP_JOB_REPORT', organizationUnits: ['workloads'], accounts: ['ROOT'], regions: ['*'] } } })));

  it('live in the central stacks (the delegated administrator) with a report bucket, not in the workload stacks', () => {
    const central = JSON.parse(synthStack(stackOf(model, 'central-eu-west-1')));
    const [plan] = Object.values(resourcesOf(central, 'aws_backup_report_plan'));
    expect(plan.name).toBe('org_jobs');
    expect(plan.report_setting).toMatchObject({ organization_units: ['ou-a1b2-workload1'], accounts: ['ROOT'], regions: ['*'] });
    expect(plan.report_delivery_channel.formats).toEqual(['CSV']);
    expect(Object.values(resourcesOf(central, 'aws_s3_bucket')).map((bucket) => bucket.bucket)).toEqual(['backup-reports-222222222222-eu-west-1']);
    // Its key denies deletion as the central vault key does (the backup account's break-glass principals and deploy role exempt).
    const bucketKey = Object.values(resourcesOf(central, 'aws_kms_key')).find((key) => key.description.startsWith('AWS Backup Audit Manager reports')) as TfJson;
    expect(bySid(bucketKey.policy, 'DenyKeyDeletionAndDisabling')?.Condition.ArnNotLike['aws:PrincipalArn']).toEqual(['arn:aws:iam::222222222222:role/BreakGlass', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole']);
    const payments = JSON.parse(synthStack(stackOf(model, 'payments-eu-west-1')));
    expect(Object.values(resourcesOf(payments, 'aws_backup_report_plan')).map((candidate) => candidate.name)).not.toContain('org_jobs');
  });
});
