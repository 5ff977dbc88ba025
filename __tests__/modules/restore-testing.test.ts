import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { findings, withRestoreTests } from '../support/configs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { AccountContext } from '../../core/arn';
import {
  checkRestoreTestingPlanProps,
  checkRestoreTestingRoleProps,
  checkRestoreTestingSelectionProps,
  CONTINUOUS_RESTORE_TESTING_TYPES,
  restoreTestingName,
  RestoreTestingPlan,
  RestoreTestingPlanProps,
  RestoreTestingRole,
  RestoreTestingRoleProps,
  RestoreTestingSelectionProps,
} from '../../modules/restore-testing';
import { Problem } from '../../core/problems';
import { ACCOUNT, expectValidationError, GOV_ACCOUNT, onlyResource, parsePolicy, resourcesOf, stackWithProviders, synth } from './helpers';

const ROLE = 'arn:aws:iam::111122223333:role/aws-backup-restore-testing-role';
const VAULT = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:main';
const VAULT_2 = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:archive';
const VOLUME = 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0123456789abcdef0';
const VOLUME_2 = 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0fedcba9876543210';
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:orders';
const CLUSTER = 'arn:aws:rds:eu-west-1:111122223333:cluster:orders';

const ebs: RestoreTestingSelectionProps = { protectedResourceType: 'EBS', iamRoleArn: ROLE, protectedResourceArns: ['*'] };
const base: RestoreTestingPlanProps = { planName: 'gold_weekly', includeVaults: [VAULT], selections: { ebs } };

function synthPlan(props: Partial<RestoreTestingPlanProps> = {}): string {
  return synth((scope) => {
    new RestoreTestingPlan(scope, 'rt', { ...base, ...props });
  });
}

const planConfig = (props: Partial<RestoreTestingPlanProps> = {}) => onlyResource(synthPlan(props), 'aws_backup_restore_testing_plan');

/** Synthesized selections by name. */
function selectionsOf(selections: RestoreTestingPlanProps['selections']): Record<string, any> {
  const out = synthPlan({ selections });
  return Object.fromEntries(Object.values(resourcesOf(out, 'aws_backup_restore_testing_selection')).map((s) => [s.name, s]));
}

const errors = (...pairs: [string, string][]): Problem[] => pairs.map(([path, message]) => ({ path, message, severity: 'error' }));
const warnings = (...pairs: [string, string][]): Problem[] => pairs.map(([path, message]) => ({ path, message, severity: 'warning' }));
const planProblems = (props: Partial<RestoreTestingPlanProps>) => checkRestoreTestingPlanProps({ ...base, ...props });
const selectionProblems = (props: Partial<RestoreTestingSelectionProps>) => checkRestoreTestingSelectionProps({ ...ebs, ...props });

describe('RestoreTestingRole', () => {
  function synthRole(props: Partial<RestoreTestingRoleProps> = {}): string {
    return synth((scope) => {
      new RestoreTestingRole(scope, 'role', { account: ACCOUNT, ...props });
    });
  }
  const policyArns = (out: string) =>
    Object.values(resourcesOf(out, 'aws_iam_role_policy_attachment'))
      .map((attachment) => attachment.policy_arn as string)
      .sort();

  it('trusts only backup.amazonaws.com, on behalf of this account', () => {
    const { config } = onlyResource(synthRole(), 'aws_iam_role');
    expect(parsePolicy(config.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AwsBackupAssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ],
    });
  });

  it('has the default name, path and description, and no boundary or tags unless given', () => {
    const { config } = onlyResource(synthRole(), 'aws_iam_role');
    expect(config).toEqual({
      name: 'aws-backup-restore-testing-role',
      path: '/',
      description: 'Assumed by AWS Backup to run restore tests',
      assume_role_policy: expect.any(String),
    });
  });

  it('passes name, path, permissions boundary and tags through', () => {
    const boundary = 'arn:aws:iam::111122223333:policy/PlatformBoundary';
    expect(synthRole({ roleName: 'restore-tests', path: '/backup/', permissionsBoundaryArn: boundary, tags: { team: 'platform' } })).toHaveResourceWithProperties(IamRole, {
      name: 'restore-tests',
      path: '/backup/',
      permissions_boundary: boundary,
      tags: { team: 'platform' },
    });
  });

  it('attaches exactly the two AWS managed restore policies to the role', () => {
    const out = synthRole();
    const role = onlyResource(out, 'aws_iam_role');
    const attachments = Object.values(resourcesOf(out, 'aws_iam_role_policy_attachment'));
    expect(attachments).toHaveLength(2);
    for (const attachment of attachments) expect(attachment).toEqual({ role: `\${aws_iam_role.${role.id}.name}`, policy_arn: expect.any(String) });
    expect(policyArns(out)).toEqual([
      'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
  });

  it.each([
    ['aws-us-gov', GOV_ACCOUNT],
    ['aws-cn', { accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn' }],
  ] as [string, AccountContext][])('uses partition-correct policy ARNs in %s', (partition, account) => {
    const out = synthRole({ account });
    expect(policyArns(out)).toEqual([
      `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore`,
      `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores`,
    ]);
  });

  it('uses the provider it is given and exposes the role ARN as a reference', () => {
    const { stack, dr } = stackWithProviders();
    const role = new RestoreTestingRole(stack, 'role', { account: ACCOUNT, provider: dr });
    const out = Testing.synth(stack);
    expect(role.arn).toContain('${');
    expect(onlyResource(out, 'aws_iam_role').config.provider).toBe('aws.dr');
    for (const attachment of Object.values(resourcesOf(out, 'aws_iam_role_policy_attachment'))) expect(attachment.provider).toBe('aws.dr');
  });

  it('rejects an invalid role name with the exact message', () => {
    expectValidationError(() => synthRole({ roleName: 'bad name' }), 'RestoreTestingRole stack/role', [
      { path: 'roleName', message: 'role name "bad name" must be 1-64 characters of A-Z a-z 0-9 + = , . @ _ -' },
    ]);
    expect(checkRestoreTestingRoleProps({ account: ACCOUNT })).toEqual([]);
  });

  it('rejects a path longer than the 512 characters IAM allows (terraform plan refused it)', () => {
    expectValidationError(() => synthRole({ path: `/${'p/'.repeat(256)}` }), 'RestoreTestingRole stack/role', [{ path: 'path', message: 'role path has 513 characters; IAM allows at most 512 (CreateRole)' }]);
  });
});

describe('RestoreTestingPlan: the plan', () => {
  it('writes every default explicitly', () => {
    const { config } = planConfig();
    expect(config).toEqual({
      name: 'gold_weekly',
      schedule_expression: 'cron(0 6 ? * SUN *)',
      schedule_expression_timezone: 'Etc/UTC',
      start_window_hours: 24,
      recovery_point_selection: [{ algorithm: 'LATEST_WITHIN_WINDOW', include_vaults: [VAULT], recovery_point_types: ['SNAPSHOT'], selection_window_days: 30 }],
    });
  });

  it('passes every setting through, vaults and types sorted', () => {
    const out = synthPlan({
      schedule: 'cron(30 2 ? * MON-FRI *)',
      scheduleTimezone: 'Europe/Paris',
      startWindowHours: 6,
      algorithm: 'RANDOM_WITHIN_WINDOW',
      includeVaults: [VAULT, VAULT_2],
      excludeVaults: ['arn:aws:backup:eu-west-1:111122223333:backup-vault:scratch'],
      recoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
      selectionWindowDays: 7,
      tags: { team: 'platform' },
      selections: { rds: { protectedResourceType: 'RDS', iamRoleArn: ROLE, protectedResourceArns: [DB] } },
    });
    expect(out).toHaveResourceWithProperties(BackupRestoreTestingPlan, {
      name: 'gold_weekly',
      schedule_expression: 'cron(30 2 ? * MON-FRI *)',
      schedule_expression_timezone: 'Europe/Paris',
      start_window_hours: 6,
      tags: { team: 'platform' },
      recovery_point_selection: [
        {
          algorithm: 'RANDOM_WITHIN_WINDOW',
          include_vaults: [VAULT_2, VAULT],
          exclude_vaults: ['arn:aws:backup:eu-west-1:111122223333:backup-vault:scratch'],
          recovery_point_types: ['CONTINUOUS', 'SNAPSHOT'],
          selection_window_days: 7,
        },
      ],
    });
  });

  it('exposes the plan name and ARN as references, and the selections by name', () => {
    let plan: RestoreTestingPlan | undefined;
    synth((scope) => {
      plan = new RestoreTestingPlan(scope, 'rt', base);
    });
    expect(plan!.planName).toContain('${');
    expect(plan!.arn).toContain('${');
    expect(Object.keys(plan!.selections)).toEqual(['ebs']);
  });

  it('uses the provider it is given for the plan and every selection', () => {
    const { stack, dr } = stackWithProviders();
    new RestoreTestingPlan(stack, 'rt', { ...base, provider: dr, selections: { ebs, ec2: { ...ebs, protectedResourceType: 'EC2' } } });
    const out = Testing.synth(stack);
    expect(onlyResource(out, 'aws_backup_restore_testing_plan').config.provider).toBe('aws.dr');
    const selections = Object.values(resourcesOf(out, 'aws_backup_restore_testing_selection'));
    expect(selections).toHaveLength(2);
    for (const selection of selections) expect(selection.provider).toBe('aws.dr');
  });
});

describe('RestoreTestingPlan: selections', () => {
  it('writes an ARN-based selection that references the plan by name, replaced whenever its ARNs change', () => {
    const out = synthPlan({ selections: { ebs_volumes: { protectedResourceType: 'EBS', iamRoleArn: ROLE, protectedResourceArns: [VOLUME_2, VOLUME] } } });
    const plan = onlyResource(out, 'aws_backup_restore_testing_plan');
    // Provider 5.100.0 never sends a change of the ARNs to AWS: a terraform_data holding them triggers a replacement.
    const held = onlyResource(out, 'terraform_data');
    expect(held.config).toEqual({ input: [VOLUME, VOLUME_2] });
    expect(onlyResource(out, 'aws_backup_restore_testing_selection').config).toEqual({
      name: 'ebs_volumes',
      restore_testing_plan_name: `\${aws_backup_restore_testing_plan.${plan.id}.name}`,
      protected_resource_type: 'EBS',
      iam_role_arn: ROLE,
      protected_resource_arns: [VOLUME, VOLUME_2],
      lifecycle: { replace_triggered_by: [`terraform_data.${held.id}`] },
    });
  });

  it('writes a condition-based selection with aws:ResourceTag/ keys, sorted, and its window and overrides', () => {
    const out = synthPlan({
      selections: {
        rds: {
          protectedResourceType: 'RDS',
          iamRoleArn: ROLE,
          protectedResourceConditions: { stringEquals: { backup: 'gold', 'aws:ResourceTag/app': 'orders' }, stringNotEquals: { env: ['test', 'dev'] } },
          validationWindowHours: 4,
          restoreMetadataOverrides: { vpcSecurityGroupIds: '["sg-0123"]', dbSubnetGroupName: 'restore-tests' },
        },
      },
    });
    expect(out).toHaveResourceWithProperties(BackupRestoreTestingSelection, {
      name: 'rds',
      protected_resource_type: 'RDS',
      iam_role_arn: ROLE,
      validation_window_hours: 4,
      restore_metadata_overrides: { dbSubnetGroupName: 'restore-tests', vpcSecurityGroupIds: '["sg-0123"]' },
      protected_resource_conditions: [
        {
          string_equals: [
            { key: 'aws:ResourceTag/app', value: 'orders' },
            { key: 'aws:ResourceTag/backup', value: 'gold' },
          ],
          string_not_equals: [
            { key: 'aws:ResourceTag/env', value: 'dev' },
            { key: 'aws:ResourceTag/env', value: 'test' },
          ],
        },
      ],
    });
    const { config } = onlyResource(out, 'aws_backup_restore_testing_selection');
    expect(config).not.toHaveProperty('protected_resource_arns');
    expect(Object.keys(config.restore_metadata_overrides)).toEqual(['dbSubnetGroupName', 'vpcSecurityGroupIds']);
  });

  it('writes only the condition operators given, and no window or overrides unless given', () => {
    const { s3 } = selectionsOf({ s3: { protectedResourceType: 'S3', iamRoleArn: ROLE, protectedResourceConditions: { stringEquals: { backup: 'gold' } } } });
    expect(s3.protected_resource_conditions).toEqual([{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] }]);
    expect(s3).not.toHaveProperty('validation_window_hours');
    expect(s3).not.toHaveProperty('restore_metadata_overrides');
  });

  it('writes no conditions block for empty conditions next to ARNs', () => {
    const { ebs: written } = selectionsOf({ ebs: { ...ebs, protectedResourceConditions: { stringEquals: {} } } });
    expect(written).not.toHaveProperty('protected_resource_conditions');
    expect(written.protected_resource_arns).toEqual(['*']);
  });

  it('writes one resource per selection', () => {
    const written = selectionsOf({
      ebs,
      ec2: { protectedResourceType: 'EC2', iamRoleArn: ROLE, protectedResourceArns: ['*'], restoreMetadataOverrides: { subnetId: 'subnet-0123' } },
      aurora: { protectedResourceType: 'Aurora', iamRoleArn: ROLE, protectedResourceArns: [CLUSTER] },
    });
    expect(Object.keys(written).sort()).toEqual(['aurora', 'ebs', 'ec2']);
    expect(written.aurora.protected_resource_arns).toEqual([CLUSTER]);
    expect(written.ec2.restore_metadata_overrides).toEqual({ subnetId: 'subnet-0123' });
  });
});

describe('restoreTestingName', () => {
  it.each([
    ['gold-weekly', 'gold_weekly'],
    ['gold.weekly-rds', 'gold_weekly_rds'],
    ['Gold_Weekly_1', 'Gold_Weekly_1'],
    ['r'.repeat(60), 'r'.repeat(50)],
  ])('turns %j into %j', (from, to) => {
    expect(restoreTestingName(from)).toBe(to);
    expect(checkRestoreTestingPlanProps({ ...base, planName: restoreTestingName(from) })).toEqual([]);
  });
});

describe('RestoreTestingPlan: eager validation', () => {
  const construct = 'RestoreTestingPlan stack/rt';

  it('throws a ValidationError listing every error', () => {
    expectValidationError(() => synthPlan({ planName: 'gold-weekly', startWindowHours: 0, selectionWindowDays: 366 }), construct, [
      { path: 'planName', message: `restore testing plan name "gold-weekly" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot); replace '-' with '_': "gold_weekly"` },
      { path: 'startWindowHours', message: 'must be a whole number of hours between 1 and 168; got 0' },
      { path: 'selectionWindowDays', message: 'must be a whole number of days between 1 and 365; got 366' },
    ]);
  });

  it('reports selection problems under their selection', () => {
    expectValidationError(() => synthPlan({ selections: { 'ebs-weekly': { ...ebs, validationWindowHours: 169 } } }), construct, [
      {
        path: 'selections.ebs-weekly',
        message: `restore testing selection name "ebs-weekly" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot); replace '-' with '_': "ebs_weekly"`,
      },
      { path: 'selections.ebs-weekly.validationWindowHours', message: 'must be a whole number of hours between 1 and 168; got 169' },
    ]);
  });

  it('does not throw for warnings', () => {
    expect(() => synthPlan({ recoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'] })).not.toThrow();
  });
});

describe('checks: names', () => {
  it.each([
    ['gold.weekly', `restore testing plan name "gold.weekly" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot); use "gold_weekly"`],
    ['gold weekly', `restore testing plan name "gold weekly" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot); use "gold_weekly"`],
    ['', 'restore testing plan name "" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot)'],
    ['p'.repeat(51), `restore testing plan name "${'p'.repeat(51)}" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot); use "${'p'.repeat(50)}"`],
  ])('rejects the plan name %j', (planName, message) => {
    expect(planProblems({ planName })).toEqual(errors(['planName', message]));
  });

  it.each(['p', 'p'.repeat(50), 'Gold_Weekly_2024'])('accepts the plan name %j', (planName) => {
    expect(planProblems({ planName })).toEqual([]);
  });

  it('checks selection names like plan names', () => {
    expect(planProblems({ selections: { 'ebs.daily': ebs, ['s'.repeat(50)]: ebs } })).toEqual(
      errors(['selections.ebs.daily', `restore testing selection name "ebs.daily" must be 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot); use "ebs_daily"`]),
    );
  });
});

describe('checks: schedule and window', () => {
  it.each([
    ['rate(7 days)', 'must look like cron(minutes hours day-of-month month day-of-week year); got "rate(7 days)"'],
    ['cron(0 6 * * SUN *)', 'exactly one of day-of-month ("*") and day-of-week ("SUN") must be "?"'],
    ['cron(0 6 ? * SUN)', 'must have 6 fields (minutes hours day-of-month month day-of-week year); got 5'],
    [' cron(0 6 ? * SUN *)', 'has white space at its start or end; write "cron(0 6 ? * SUN *)"'],
  ])('rejects the schedule %j', (schedule, message) => {
    expect(planProblems({ schedule })).toEqual(errors(['schedule', message]));
  });

  it.each(['cron(0 6 ? * SUN *)', 'cron(0 3 1 * ? *)', 'cron(0 */6 * * ? *)'])('accepts the schedule %j', (schedule) => {
    expect(planProblems({ schedule })).toEqual([]);
  });

  it.each(['Mars/Base', 'UTC+2', ''])('rejects the time zone %j', (scheduleTimezone) => {
    expect(planProblems({ scheduleTimezone })).toEqual(errors(['scheduleTimezone', `"${scheduleTimezone}" is not an IANA time zone such as Etc/UTC or Europe/Paris`]));
  });

  it('accepts an IANA time zone', () => {
    expect(planProblems({ scheduleTimezone: 'America/New_York' })).toEqual([]);
  });

  it.each([0, 169, 1.5, -1])('rejects startWindowHours %p', (startWindowHours) => {
    expect(planProblems({ startWindowHours })).toEqual(errors(['startWindowHours', `must be a whole number of hours between 1 and 168; got ${startWindowHours}`]));
  });

  it.each([1, 168])('accepts startWindowHours %p', (startWindowHours) => {
    expect(planProblems({ startWindowHours })).toEqual([]);
  });
});

describe('checks: recovery point selection', () => {
  it('rejects an unknown algorithm', () => {
    expect(planProblems({ algorithm: 'OLDEST' as never })).toEqual(errors(['algorithm', '"OLDEST" is not an algorithm; use LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW']));
  });

  it('accepts RANDOM_WITHIN_WINDOW', () => {
    expect(planProblems({ algorithm: 'RANDOM_WITHIN_WINDOW' })).toEqual([]);
  });

  it('requires at least one included vault', () => {
    expect(planProblems({ includeVaults: [] })).toEqual(errors(['includeVaults', 'must list at least one backup vault ARN, or "*" for every vault']));
  });

  it.each([
    ['main', '"main" is not a backup vault ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME) or "*"'],
    ['arn:aws:s3:::bucket', '"arn:aws:s3:::bucket" is not a backup vault ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME) or "*"'],
    ['arn:aws:backup:eu-west-1:111122223333:backup-plan:main', '"arn:aws:backup:eu-west-1:111122223333:backup-plan:main" is not a backup vault ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME) or "*"'],
  ])('rejects the included vault %j', (vault, message) => {
    expect(planProblems({ includeVaults: [VAULT, vault] })).toEqual(errors(['includeVaults.1', message]));
  });

  it.each([['*'], ['arn:aws:backup:*:*:backup-vault:prod-*'], ['arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:main'], ['${aws_backup_vault.main.arn}']])(
    'accepts the included vault %j',
    (vault) => {
      expect(planProblems({ includeVaults: [vault] })).toEqual([]);
    },
  );

  it('warns that "*" next to specific vaults makes them pointless', () => {
    expect(planProblems({ includeVaults: ['*', VAULT] })).toEqual(warnings(['includeVaults', '"*" already includes every vault: the other entries have no effect']));
  });

  it('checks excluded vaults, which cannot be "*"', () => {
    expect(planProblems({ excludeVaults: ['*', 'scratch', VAULT_2] })).toEqual(
      errors(
        ['excludeVaults.0', '"*" excludes every vault: no recovery point is left to test'],
        ['excludeVaults.1', '"scratch" is not a backup vault ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME)'],
      ),
    );
  });

  it('requires at least one recovery point type', () => {
    expect(planProblems({ recoveryPointTypes: [] })).toEqual(errors(['recoveryPointTypes', 'must list at least one of CONTINUOUS, SNAPSHOT']));
  });

  it('rejects unknown and repeated recovery point types', () => {
    expect(planProblems({ recoveryPointTypes: ['SNAPSHOT', 'PITR' as never, 'SNAPSHOT'] })).toEqual(
      errors(['recoveryPointTypes.1', '"PITR" is not a recovery point type; use CONTINUOUS or SNAPSHOT'], ['recoveryPointTypes.2', 'lists "SNAPSHOT" twice']),
    );
  });

  it.each([0, 366, 7.5])('rejects selectionWindowDays %p', (selectionWindowDays) => {
    expect(planProblems({ selectionWindowDays })).toEqual(errors(['selectionWindowDays', `must be a whole number of days between 1 and 365; got ${selectionWindowDays}`]));
  });

  it.each([1, 365])('accepts selectionWindowDays %p', (selectionWindowDays) => {
    expect(planProblems({ selectionWindowDays })).toEqual([]);
  });
});

describe('checks: number of selections', () => {
  const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}`, ebs]));

  it('requires at least one selection', () => {
    expect(planProblems({ selections: {} })).toEqual(errors(['selections', 'a restore testing plan needs at least one selection']));
  });

  it('allows 30 selections', () => {
    expect(planProblems({ selections: many(30) })).toEqual([]);
    expect(Object.keys(resourcesOf(synthPlan({ selections: many(30) }), 'aws_backup_restore_testing_selection'))).toHaveLength(30);
  });

  it('rejects 31 selections', () => {
    expect(planProblems({ selections: many(31) })).toEqual(errors(['selections', 'has 31 selections; a restore testing plan allows at most 30']));
  });
});

describe('checks: a selection', () => {
  it('rejects an unknown resource type', () => {
    expect(selectionProblems({ protectedResourceType: 'Redshift' as never })).toEqual(
      errors(['protectedResourceType', '"Redshift" is not a restore testing resource type; use one of Aurora, DocumentDB, DynamoDB, EBS, EC2, EFS, FSx, Neptune, RDS, S3']),
    );
  });

  it('requires an IAM role ARN (or a reference)', () => {
    expect(selectionProblems({ iamRoleArn: 'aws-backup-restore-testing-role' })).toEqual(
      errors(['iamRoleArn', '"aws-backup-restore-testing-role" is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)']),
    );
    expect(selectionProblems({ iamRoleArn: '${aws_iam_role.restore.arn}' })).toEqual([]);
    // IAM takes any printable ASCII in a role path (CreateRole).
    expect(selectionProblems({ iamRoleArn: 'arn:aws:iam::111122223333:role/team#1/restore' })).toEqual([]);
    expect(selectionProblems({ iamRoleArn: `arn:aws:iam::111122223333:role/${'r'.repeat(65)}` })).toEqual(
      errors(['iamRoleArn', `"arn:aws:iam::111122223333:role/${'r'.repeat(65)}": its role name "${'r'.repeat(65)}" has 65 characters; IAM allows at most 64 (CreateRole)`]),
    );
  });

  it('rejects ARNs and conditions together', () => {
    expect(selectionProblems({ protectedResourceConditions: { stringEquals: { backup: 'gold' } } })).toEqual(
      errors(['', 'give protectedResourceArns or protectedResourceConditions, not both (the provider requires exactly one)']),
    );
  });

  it.each([
    ['nothing', {}],
    ['empty lists', { protectedResourceArns: [], protectedResourceConditions: { stringEquals: {}, stringNotEquals: {} } }],
  ])('rejects a selection of %s', (_label, criteria) => {
    expect(checkRestoreTestingSelectionProps({ protectedResourceType: 'EBS', iamRoleArn: ROLE, ...criteria })).toEqual(
      errors(['', 'selects nothing: give protectedResourceArns (ARNs, or ["*"] for every resource of the type) or protectedResourceConditions']),
    );
  });

  it('accepts conditions alone, including stringNotEquals alone', () => {
    expect(checkRestoreTestingSelectionProps({ protectedResourceType: 'EFS', iamRoleArn: ROLE, protectedResourceConditions: { stringNotEquals: { env: 'dev' } } })).toEqual([]);
  });

  it('rejects "*" with specific ARNs', () => {
    expect(selectionProblems({ protectedResourceArns: ['*', VOLUME] })).toEqual(
      errors(['protectedResourceArns', '"*" selects every protected resource of the type: list it alone, not with specific ARNs']),
    );
  });

  it('allows 30 ARNs and rejects 31', () => {
    const arns = (count: number) => Array.from({ length: count }, (_, i) => `arn:aws:ec2:eu-west-1:111122223333:volume/vol-${String(i).padStart(17, '0')}`);
    expect(selectionProblems({ protectedResourceArns: arns(30) })).toEqual([]);
    expect(selectionProblems({ protectedResourceArns: arns(31) })).toEqual(
      errors(['protectedResourceArns', 'has 31 ARNs; a restore testing selection allows at most 30 (or "*")']),
    );
  });

  it.each([
    ['EBS', DB, `"${DB}" is an RDS ARN, but protectedResourceType is EBS`],
    ['EC2', VOLUME, `"${VOLUME}" is an EBS ARN, but protectedResourceType is EC2`],
    ['Aurora', DB, `"${DB}" is an RDS ARN, but protectedResourceType is Aurora`],
    ['RDS', CLUSTER, `"${CLUSTER}" is an Aurora ARN, but protectedResourceType is RDS`],
    ['DynamoDB', 'arn:aws:s3:::orders', '"arn:aws:s3:::orders" is an S3 ARN, but protectedResourceType is DynamoDB'],
    ['S3', 'arn:aws:lambda:eu-west-1:111122223333:function:f', '"arn:aws:lambda:eu-west-1:111122223333:function:f" is not the ARN of an S3 resource'],
    ['EFS', 'vol-0123', '"vol-0123" is not an ARN (or "*")'],
  ] as const)('rejects, in a %s selection, the ARN %s', (protectedResourceType, arn, message) => {
    expect(checkRestoreTestingSelectionProps({ protectedResourceType, iamRoleArn: ROLE, protectedResourceArns: [arn] })).toEqual(errors(['protectedResourceArns.0', message]));
  });

  it.each([
    ['EBS', VOLUME],
    ['RDS', DB],
    ['Aurora', CLUSTER],
    ['DocumentDB', 'arn:aws:rds:eu-west-1:111122223333:cluster:docs'],
    ['Neptune', 'arn:aws:rds:eu-west-1:111122223333:cluster:graph'],
    ['DynamoDB', 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders'],
    ['EC2', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0'],
    ['EFS', 'arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123'],
    ['FSx', 'arn:aws:fsx:eu-west-1:111122223333:file-system/fs-0123456789abcdef0'],
    ['S3', 'arn:aws-us-gov:s3:::orders'],
    ['S3', '${aws_s3_bucket.orders.arn}'],
  ] as const)('accepts, in a %s selection, the ARN %s', (protectedResourceType, arn) => {
    expect(checkRestoreTestingSelectionProps({ protectedResourceType, iamRoleArn: ROLE, protectedResourceArns: [arn] })).toEqual([]);
  });

  it('rejects conditions that nothing can match', () => {
    expect(
      checkRestoreTestingSelectionProps({
        protectedResourceType: 'EBS',
        iamRoleArn: ROLE,
        protectedResourceConditions: { stringEquals: { backup: ['gold', 'silver'], env: 'prod' }, stringNotEquals: { 'aws:ResourceTag/env': 'prod' } },
      }),
    ).toEqual(
      errors(
        ['protectedResourceConditions.stringEquals.backup', 'requires tag "backup" to equal "gold" and "silver" at once (conditions are AND-ed): nothing matches'],
        ['protectedResourceConditions.stringNotEquals.aws:ResourceTag/env', 'excludes "prod", which stringEquals requires: nothing matches'],
      ),
    );
  });

  it.each([0, 169, 2.5])('rejects validationWindowHours %p', (validationWindowHours) => {
    expect(selectionProblems({ validationWindowHours })).toEqual(errors(['validationWindowHours', `must be a whole number of hours between 1 and 168; got ${validationWindowHours}`]));
  });

  it.each([1, 168])('accepts validationWindowHours %p', (validationWindowHours) => {
    expect(selectionProblems({ validationWindowHours })).toEqual([]);
  });
});

describe('checks: CONTINUOUS recovery points', () => {
  const selections = {
    aurora: { protectedResourceType: 'Aurora', iamRoleArn: ROLE, protectedResourceArns: ['*'] },
    ebs,
    rds: { protectedResourceType: 'RDS', iamRoleArn: ROLE, protectedResourceArns: ['*'] },
    s3: { protectedResourceType: 'S3', iamRoleArn: ROLE, protectedResourceArns: ['*'] },
    tables: { protectedResourceType: 'DynamoDB', iamRoleArn: ROLE, protectedResourceArns: ['*'] },
  } as const;

  it('exist for Aurora, RDS and S3 only', () => {
    expect(CONTINUOUS_RESTORE_TESTING_TYPES).toEqual(['Aurora', 'RDS', 'S3']);
  });

  it('warn for the other types when snapshots are tested too', () => {
    expect(planProblems({ recoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'], selections })).toEqual(
      warnings(
        ['selections.ebs.protectedResourceType', 'EBS has no CONTINUOUS recovery points (only Aurora, RDS, S3 do): only its snapshots are tested'],
        ['selections.tables.protectedResourceType', 'DynamoDB has no CONTINUOUS recovery points (only Aurora, RDS, S3 do): only its snapshots are tested'],
      ),
    );
  });

  it('warn that nothing is tested when CONTINUOUS is the only type', () => {
    expect(planProblems({ recoveryPointTypes: ['CONTINUOUS'], selections: { ebs } })).toEqual(
      warnings(['selections.ebs.protectedResourceType', 'EBS has no CONTINUOUS recovery points (only Aurora, RDS, S3 do): this selection has no recovery point to test']),
    );
  });

  it('do not warn with SNAPSHOT only, or for continuous-capable types', () => {
    expect(planProblems({ selections })).toEqual([]);
    expect(planProblems({ recoveryPointTypes: ['CONTINUOUS'], selections: { aurora: selections.aurora, rds: selections.rds, s3: selections.s3 } })).toEqual([]);
  });
});

describe('RestoreTestingPlan: each selection\'s role where its provider runs, as the config judges restoreTesting.<name>.role (both synthesized silently; creating the selection fails)', () => {
  const construct = 'RestoreTestingPlan stack/test';
  const planIn = (providerProps: Record<string, unknown> | undefined, iamRoleArn: string) => () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    if (providerProps) new AwsProvider(stack, 'aws', { region: 'eu-west-1', ...providerProps });
    new RestoreTestingPlan(stack, 'test', { ...base, selections: { ebs: { ...ebs, iamRoleArn } } });
    return Testing.synth(stack);
  };

  it('refuses a role of another partition than its provider\'s Region, and of another account than its provider\'s one allowed account', () => {
    expectValidationError(planIn({}, 'arn:aws-cn:iam::111122223333:role/restore'), construct, [
      { path: 'selections.ebs.iamRoleArn', message: "is an ARN of partition aws-cn, but the partition of eu-west-1 is aws: every Region, ARN, key and principal of a stack must be in its account's partition" },
    ]);
    const message =
      '"arn:aws:iam::444455556666:role/restore" is a role of account 444455556666, but the restore testing selection runs in account 111122223333, and IAM passes a role only to a service of the role\'s own account (iam:PassRole, which creating a restore testing selection needs): it fails to be created and the test never runs; give a role of account 111122223333';
    expectValidationError(planIn({ allowedAccountIds: ['111122223333'] }, 'arn:aws:iam::444455556666:role/restore'), construct, [{ path: 'selections.ebs.iamRoleArn', message }]);
    expect(findings(withRestoreTests((c) => (c.restoreTesting.weekly.role = 'arn:aws-cn:iam::111122223333:role/restore'))).errors).toEqual([
      "restoreTesting.weekly.role: is an ARN of partition aws-cn, but account.partition is aws: every Region, ARN, key and principal of a stack must be in its account's partition",
    ]);
  });

  it('judges nothing it cannot know: no provider, no allowed account, a role given as a reference', () => {
    expect(planIn(undefined, 'arn:aws-cn:iam::444455556666:role/restore')()).toHaveResource(BackupRestoreTestingPlan);
    expect(planIn({}, 'arn:aws:iam::444455556666:role/restore')()).toHaveResource(BackupRestoreTestingPlan);
    expect(planIn({ allowedAccountIds: ['111122223333'] }, '${aws_iam_role.restore.arn}')()).toHaveResource(BackupRestoreTestingPlan);
  });
});
