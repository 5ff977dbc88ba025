/**
 * backup-estate adopt on the fixtures (AWS CLI output shapes, see fixtures/adopt/README.md): the
 * config that reproduces each estate, field by field; the import block of every existing resource
 * it manages (exactly one each, at the address the synthesis gives); and the report of what the
 * config could not hold, what the first apply changes in place and where the estate breaks the
 * rules, each at its config path. Then the edge cases, on a copy of the single-account export
 * made messy on purpose. The adopted configs under terraform: ../integration/adopt-terraform.test.ts.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { adoptExport, itemLine, type AdoptionResult } from '../../adopt';
import { Adoption } from '../../adopt/context';
import { ExportFolder } from '../../adopt/export-files';
import { adoptRegionSettings } from '../../adopt/operations';
import { breakGlassOf } from '../../adopt/vaults';
import { refusal } from './messy-export';

const FIXTURES = join(__dirname, '..', 'fixtures', 'adopt');
const SINGLE = join(FIXTURES, 'single-account');
const ACCOUNT = join(SINGLE, '111122223333');
const lines = (result: AdoptionResult): string[] => result.items.map(itemLine);
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('adopting a single account (two Regions: vaults incl. Default, a governance and a compliance lock, two plans with copies, selections by tags, conditions and ARNs)', () => {
  let result: AdoptionResult;
  beforeAll(() => {
    result = adoptExport({ from: SINGLE, configFile: 'backup.yaml' });
  });

  it('writes a config that validates, with every field of the estate the schema can hold', () => {
    expect(result.errors).toEqual([]);
    expect(result.mode).toBe('single');
    expect(result.stacks).toEqual(['acme-prod-eu-west-1', 'acme-prod-eu-central-1']);
    expect(result.config).toEqual({
      "version": 1,
      "account": {"id": "111122223333", "name": "acme-prod", "region": "eu-west-1"},
      "serviceRole": {"arn": "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole"},
      "vaults": {
        "default": {"name": "Default", "kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/0e5e6a7c-1d2b-4c3a-9f8e-7d6c5b4a3f21", "accessPolicy": {"denyRecoveryPointDeletion": false}},
        "prod-main": {"kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9", "lock": {"mode": "governance", "minRetentionDays": 7, "maxRetentionDays": 400}, "accessPolicy": {"breakGlassPrincipals": ["arn:aws:iam::111122223333:role/BackupBreakGlass"]}, "tags": {"team": "platform"}},
        "prod-archive": {"kmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/2c3d4e5f-6071-4829-93a4-b5c6d7e8f90a", "lock": {"mode": "compliance", "minRetentionDays": 30, "maxRetentionDays": 3650, "lockDate": "2022-03-04T09:00:00.000000+00:00"}, "accessPolicy": {"denyRecoveryPointDeletion": false}, "tags": {"retention": "long", "team": "platform"}},
        "prod-dr": {"region": "eu-central-1", "kmsKeyArn": "arn:aws:kms:eu-central-1:111122223333:key/3d4e5f60-7182-493a-a4b5-c6d7e8f90a1b", "accessPolicy": {"denyRecoveryPointDeletion": false}, "tags": {"team": "platform"}},
      },
      "plans": {
        "prod-daily": {"vault": "prod-main", "windowsVss": "enabled", "rules": {"DailyBackups": {"schedule": "cron(0 5 ? * * *)", "startWindowMinutes": 60, "completionWindowMinutes": 180, "lifecycle": {"deleteAfterDays": 30}, "recoveryPointTags": {"plan": "prod-daily"}, "copies": {"prod-dr": {}}}, "weekly-long": {"schedule": "cron(0 3 ? * SUN *)", "startWindowMinutes": 120, "completionWindowMinutes": 720, "lifecycle": {"deleteAfterDays": 90}, "copies": {"prod-dr": {}}}}, "selections": {"tagged-daily": {"tags": {"backup": ["critical", "daily"]}}, "databases": {"role": "arn:aws:iam::111122223333:role/backup-databases", "resources": ["arn:aws:dynamodb:eu-west-1:111122223333:table/payments", "arn:aws:rds:eu-west-1:111122223333:db:orders"]}}, "tags": {"cost-center": "1234"}},
        "prod-monthly": {"vault": "prod-archive", "rules": {"Monthly": {"schedule": "cron(0 4 1 * ? *)", "scheduleTimezone": "Europe/Dublin", "startWindowMinutes": 480, "completionWindowMinutes": 10080, "lifecycle": {"deleteAfterDays": 365, "coldStorageAfterDays": 30}, "copies": {"prod-dr": {}}}}, "selections": {"finance-monthly": {"name": "finance.monthly", "conditions": {"stringEquals": {"department": "finance"}, "stringNotEquals": {"backup": "none"}}, "resources": ["*"], "notResources": ["arn:aws:ec2:eu-west-1:111122223333:volume/vol-0scratch1234567890"]}}, "tags": {"cost-center": "1234"}},
      },
      "restoreTesting": {"weekly_restore": {"schedule": "cron(0 6 ? * SAT *)", "startWindowHours": 24, "algorithm": "LATEST_WITHIN_WINDOW", "vaults": [], "recoveryPointTypes": ["SNAPSHOT"], "selectionWindowDays": 7, "selections": {"ebs_volumes": {"resourceType": "EBS", "conditions": {"stringEquals": {"backup": "daily"}}, "validationWindowHours": 2}}}},
      "regionSettings": {"optIn": ["Aurora", "DynamoDB", "EBS", "EC2", "EFS", "RDS"], "optOut": ["CloudFormation", "DocumentDB", "FSx", "Neptune", "Redshift", "S3", "SAP HANA on Amazon EC2", "Storage Gateway", "Timestream", "VirtualMachine"], "management": {"DynamoDB": true, "EFS": true}},
      "compliance": {"suppressions": [{"rule": "AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION", "path": "plans.prod-daily", "reason": "adopted as it runs in AWS (backup-estate adopt): fix it, then remove this suppression"}, {"rule": "AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION", "path": "plans.prod-daily.rules.DailyBackups", "reason": "adopted as it runs in AWS (backup-estate adopt): fix it, then remove this suppression"}, {"rule": "AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION", "path": "plans.prod-monthly", "reason": "adopted as it runs in AWS (backup-estate adopt): fix it, then remove this suppression"}]},
      "adoption": {"imports": "adopt/imports.json"},
    });
  });

  it('writes the config as YAML under a header that says what to do next', () => {
    expect(parse(result.configText)).toEqual(result.config);
    expect(result.configText.split('\n').slice(0, 5)).toEqual([
      `# Adopted from ${SINGLE} by backup-estate adopt. Read adopt/report.md first: what the config could not hold,`,
      '# what the first apply changes in place, and the warnings, each at its config path. Then validate,',
      '# synth and plan: the plan must only import and update in place. After the first apply, remove',
      '# adoption: and adopt/imports.json.',
      'version: 1',
    ]);
    // Quoted where YAML would read another type: the account id, a tag value of digits.
    expect(result.configText).toContain('id: "111122223333"');
    expect(result.configText).toContain('cost-center: "1234"');
  });

  it('imports every existing resource it manages exactly once, at the address the synthesis gives it', () => {
    const file = JSON.parse(result.files['adopt/imports.json'] ?? '{}');
    expect(file.version).toBe(1);
    expect(file.stacks).toEqual({
      "acme-prod-eu-west-1": {
        "aws_backup_plan.plan-prod-daily_plan_A39B9B19": "5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b",
        "aws_backup_plan.plan-prod-monthly_plan_4565182B": "6a2f4b3c-9d5e-4f70-8b1c-2d3e4f5a6b7c",
        "aws_backup_region_settings.region-settings_E3B835A1": "eu-west-1",
        "aws_backup_restore_testing_plan.restore-testing-weekly_restore_plan_656B0A95": "weekly_restore",
        "aws_backup_restore_testing_selection.restore-testing-weekly_restore_selection-ebs_volumes_6C2404C3": "ebs_volumes:weekly_restore",
        "aws_backup_selection.plan-prod-daily_selection-databases_selection_75265BF3": "5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b|a1b2c3d4-0002-4a5b-8c6d-7e8f9a0b1c2d",
        "aws_backup_selection.plan-prod-daily_selection-tagged-daily_selection_5B931535": "5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b|a1b2c3d4-0001-4a5b-8c6d-7e8f9a0b1c2d",
        "aws_backup_selection.plan-prod-monthly_selection-finance-monthly_selection_6904F81F": "6a2f4b3c-9d5e-4f70-8b1c-2d3e4f5a6b7c|a1b2c3d4-0003-4a5b-8c6d-7e8f9a0b1c2d",
        "aws_backup_vault.vault-default_vault_B32D5CDE": "Default",
        "aws_backup_vault.vault-prod-archive_vault_B341BCDF": "prod-archive",
        "aws_backup_vault.vault-prod-main_vault_0065FCC0": "prod-main",
        "aws_backup_vault_lock_configuration.vault-prod-archive_lock_EED479E8": "prod-archive",
        "aws_backup_vault_lock_configuration.vault-prod-main_lock_89780745": "prod-main",
        "aws_backup_vault_policy.vault-prod-main_policy_F890F316": "prod-main",
      },
      "acme-prod-eu-central-1": {
        "aws_backup_vault.vault-prod-dr_vault_7F8A9676": "prod-dr",
      },
    });
    // One block per existing resource: 4 vaults, 2 locks, the one policy that is ours, 2 plans,
    // 3 selections, the restore testing plan and its selection, the Region settings of eu-west-1.
    const ids = result.imports.map((row) => `${row.stack} ${row.id} ${row.address.split('.')[0]}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.imports).toHaveLength(15);
    // Created, not imported: the restore testing role, and the monitoring AWS had not (silence alarm, dashboards).
    expect(result.created).toEqual([
      { stack: 'acme-prod-eu-west-1', address: 'aws_cloudwatch_dashboard.monitoring_dashboard_4CE328EF' },
      { stack: 'acme-prod-eu-west-1', address: 'aws_cloudwatch_metric_alarm.monitoring_silence-prod-main_C546983D' },
      { stack: 'acme-prod-eu-west-1', address: 'aws_iam_role.restore-testing-role_DE975CD1' },
      { stack: 'acme-prod-eu-west-1', address: 'aws_iam_role_policy_attachment.restore-testing-role_AWSBackupServiceRolePolicyForRestores_1C5142CC' },
      { stack: 'acme-prod-eu-west-1', address: 'aws_iam_role_policy_attachment.restore-testing-role_AWSBackupServiceRolePolicyForS3Restore_67214855' },
      { stack: 'acme-prod-eu-central-1', address: 'aws_cloudwatch_dashboard.monitoring_dashboard_4CE328EF' },
    ]);
  });

  it('reports what the config cannot hold, what it keeps as AWS has it, what the first apply changes, and the rules the estate breaks', () => {
    expect(lines(result)).toEqual([
      "not-represented audit: framework legacy_controls (eu-west-1, 2 controls): backup-estate's audit: creates its own framework, whose controls derive from the plans; it stays as it is, unmanaged",
      "not-represented regionSettings: the Region settings of eu-central-1: backup-estate manages Region settings only where plans run (elsewhere they would opt out every other type); they stay as they are, unmanaged",
      "not-represented vaults.prod-main: vault prod-main notifies arn:aws:sns:eu-west-1:111122223333:backup-events of BACKUP_JOB_COMPLETED and RESTORE_JOB_COMPLETED: backup-estate sends vault notifications only to the topic of alerts:, so these stay as they are, unmanaged (setting alerts: later replaces them)",
      "kept vaults.prod-archive.accessPolicy: the access policy of prod-archive has statements backup-estate does not write (AllowAuditorsToList and DenyDeletion): it stays as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false); backup-estate writes only the deletion deny with its break-glass principals",
      "kept vaults.prod-archive.lock: compliance-mode lock of prod-archive, immutable from 2022-03-04T09:00:00.000000+00:00: AWS returns that date, not the changeableForDays the lock was created with, so the config holds lockDate and Terraform keeps the lock as it is (it never plans its replacement)",
      "changed plans.prod-daily.rules.weekly-long: rule \"weekly.long\" of plan prod-daily becomes weekly-long: a rule's name is its config key (1-50 characters of A-Z a-z 0-9 _ -, starting with a letter); the first apply renames the rule in place",
      "changed restoreTesting.weekly_restore.selections.ebs_volumes: restore testing selection ebs_volumes runs with arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole; backup-estate's restore tests run with the role it creates (aws-backup-restore-testing-role): the first apply switches the selection to it in place",
      "changed vaults.prod-main.accessPolicy: the access policy of prod-main denies deleting recovery points but not backup:DisassociateRecoveryPoint, which deletes a continuous recovery point from AWS Backup: the first apply adds it to the deny in place",
'warning alerts: is not set: failed backup, copy and restore jobs, and the silence alarms, notify no one; add alerts with subscriptions',
      "warning plans.prod-daily: no rule of plan \"prod-daily\" backs up at least every 24 h and keeps recovery points at least 35 days: rule DailyBackups keeps recovery points 30 days; rule weekly-long runs only every 168 h [AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION]: the rule pack refuses it, so adopt suppressed it (compliance.suppressions) to keep the estate as it runs; fix it and remove the suppression",
      "warning plans.prod-daily.rules.DailyBackups: may make no backup on 768 of its 2922 runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of plan prod-monthly (plans.prod-monthly) rule Monthly (480 min to start, 10080 min to complete), whose selections may take the resources this plan's do, may still run when this rule's 60-minute start window ends, so the run expires: vault prod-main gets no backup of this rule then, nor prod-dr its copy; its worst-case RPO counts it (rpoTargetHours, the report, the runbook): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stack acme-prod-eu-west-1)",
      "warning plans.prod-daily.rules.DailyBackups: rule DailyBackups keeps recovery points 30 days; the copy of rule DailyBackups to arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-dr keeps recovery points 30 days: less than the required 35 days [AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION]: the rule pack refuses it, so adopt suppressed it (compliance.suppressions) to keep the estate as it runs; fix it and remove the suppression",
      "warning plans.prod-daily.rules.weekly-long: may make no backup on 108 of its 418 runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of plan prod-monthly (plans.prod-monthly) rule Monthly (480 min to start, 10080 min to complete), whose selections may take the resources this plan's do, may still run when this rule's 120-minute start window ends, so the run expires: vault prod-main gets no backup of this rule then, nor prod-dr its copy; its worst-case RPO counts it (rpoTargetHours, the report, the runbook): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stack acme-prod-eu-west-1)",
      "warning plans.prod-daily.rules.weekly-long: rule weekly-long of plan \"prod-daily\" sets no recovery_point_tags [SECURITY-HUB-BACKUP-2]",
      "warning plans.prod-monthly: no rule of plan \"prod-monthly\" backs up at least every 24 h and keeps recovery points at least 35 days: rule Monthly runs only every 744 h [AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION]: the rule pack refuses it, so adopt suppressed it (compliance.suppressions) to keep the estate as it runs; fix it and remove the suppression",
      "warning plans.prod-monthly.rules.Monthly: may make no backup on 12 of its 96 runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of plan prod-daily (plans.prod-daily) rule weekly-long (120 min to start, 720 min to complete), whose selections may take the resources this plan's do, may still run when this rule's 480-minute start window ends, so the run expires: vault prod-archive gets no backup of this rule then, nor prod-dr its copy; its worst-case RPO counts it (rpoTargetHours, the report, the runbook): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stack acme-prod-eu-west-1)",
      "warning plans.prod-monthly.rules.Monthly: rule Monthly of plan \"prod-monthly\" sets no recovery_point_tags [SECURITY-HUB-BACKUP-2]",
      'warning plans.prod-monthly.rules.Monthly.lifecycle.coldStorageAfterDays: applies only to DynamoDB, EBS (with optInToArchiveForSupportedResources), EFS, Timestream, VirtualMachine; selection finance.monthly selects by tags or "*" and may select resources of other types (EC2, RDS, Aurora, DocumentDB, Neptune, S3, FSx, Redshift, Storage Gateway, SAP HANA on Amazon EC2, CloudFormation, EKS, DSQL), which stay in warm storage until deleted',
      'warning plans.prod-monthly.rules.Monthly.lifecycle.optInToArchiveForSupportedResources: is needed for EBS snapshots to move to cold storage (archive tier): selection finance.monthly selects by tags or "*" and may select EBS resources',
      "warning regionSettings.optOut: keeps CloudFormation, DocumentDB, FSx, Neptune, Redshift, S3, SAP HANA on Amazon EC2, Storage Gateway, Timestream and VirtualMachine opted out, which the selections can select: AWS skips resources of these types that tags, \"*\", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove them from optOut to back them up",
      // The export (older than EKS in GetSupportedResourceTypes) does not list EKS: the tag selections can select it, so the first apply opts it in.
      'warning regionSettings.optOut: the first apply opts in DSQL and EKS in eu-west-1 (acme-prod-eu-west-1), which AWS does not opt in there today: the selections there can select them (a selection by tags, or by "*" with conditions, selects every type), so they start being backed up; regionSettings holds one value for every Region, and another Region opts them in. To keep them skipped everywhere, add them to regionSettings.optOut',
      "warning restoreTesting.weekly_restore: the tags of restore testing plan weekly_restore (eu-west-1) are not exported and restoreTesting holds none: if it has tags of its own, the first apply removes them (see aws backup list-tags --resource-arn arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:weekly_restore-8f7e6d)",
      // The weekly test's 7-day window never reaches the monthly plan's recovery points (of the finance volumes, which no other plan backs up).
      "warning restoreTesting.weekly_restore.selectionWindowDays: picks recovery points of the last 7 day(s), but the newest EBS recovery point of plan prod-monthly in stack acme-prod-eu-west-1 may be 38 d 9 h old: on some runs selection ebs_volumes can restore none of that plan's, so it proves nothing of its restores (the runbook does not credit it there); set at least 39, or test that plan with a longer window",
      "warning vaults.default: aws_backup_vault.vault-default_vault_B32D5CDE has no aws_backup_vault_policy: anyone with IAM permission can delete its recovery points [AWS-CONFIG-BACKUP-RECOVERY-POINT-MANUAL-DELETION-DISABLED]",
      "warning vaults.default: aws_backup_vault.vault-default_vault_B32D5CDE has no tags and its provider sets no default_tags [SECURITY-HUB-BACKUP-3]",
      "warning vaults.default.accessPolicy.denyRecoveryPointDeletion: is false: any principal with IAM permission can delete recovery points in this vault",
      "warning vaults.default.kmsKeyArn: vault Default is encrypted with an AWS managed key (arn:aws:kms:eu-west-1:111122223333:key/0e5e6a7c-1d2b-4c3a-9f8e-7d6c5b4a3f21), not a customer-managed key (Checkov CKV_AWS_166): a vault's key cannot change without re-creating the vault, so it is kept; send new backups to a vault with a customer-managed key",
      "warning vaults.default.lock: vault Default has no Vault Lock: principals with IAM permission can delete its recovery points early; add lock (governance or compliance mode)",
      "warning vaults.prod-archive: aws_backup_vault.vault-prod-archive_vault_B341BCDF has no aws_backup_vault_policy: anyone with IAM permission can delete its recovery points [AWS-CONFIG-BACKUP-RECOVERY-POINT-MANUAL-DELETION-DISABLED]",
      "warning vaults.prod-archive.accessPolicy.denyRecoveryPointDeletion: is false: any principal with IAM permission can delete recovery points in this vault",
      "warning vaults.prod-dr: aws_backup_vault.vault-prod-dr_vault_7F8A9676 has no aws_backup_vault_policy: anyone with IAM permission can delete its recovery points [AWS-CONFIG-BACKUP-RECOVERY-POINT-MANUAL-DELETION-DISABLED]",
      "warning vaults.prod-dr.accessPolicy.denyRecoveryPointDeletion: is false: any principal with IAM permission can delete recovery points in this vault",
      "warning vaults.prod-dr.lock: vault prod-dr has no Vault Lock: principals with IAM permission can delete its recovery points early; add lock (governance or compliance mode)"
    ]);
  });

  it('writes the report as Markdown', () => {
    const report = result.files['adopt/report.md'] ?? '';
    expect(report.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      `# Adopted from ${SINGLE}`,
      '## Not represented (left as it is in AWS, unmanaged, unless the item says otherwise)',
      '## Kept as AWS has it (a change would replace the resource, or AWS does not return it)',
      '## Changed in place by the first apply',
      '## Warnings: the existing estate breaks a rule (change the config path given)',
      '## Import blocks',
      '## Created by the first apply (nothing imports them)',
    ]);
    expect(report).toContain('| acme-prod-eu-west-1 | `aws_backup_selection.plan-prod-daily_selection-databases_selection_75265BF3` | `5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b\\|a1b2c3d4-0002-4a5b-8c6d-7e8f9a0b1c2d` | selection databases of plan prod-daily (eu-west-1) |');
    expect(report).toContain('- `vaults.prod-archive.lock`: compliance-mode lock of prod-archive, immutable from 2022-03-04T09:00:00.000000+00:00:');
  });
});

describe('adopting an organization (a backup policy on a unit, a delegated administrator)', () => {
  let result: AdoptionResult;
  beforeAll(() => {
    result = adoptExport({ from: join(FIXTURES, 'organization') });
  });

  it('writes an organization config whose policy file holds the content AWS has, and imports the policy, its attachment and the delegated administrator', () => {
    expect(result.errors).toEqual([]);
    expect(result.mode).toBe('organization');
    expect(result.stacks).toEqual(['management-us-east-1']);
    expect(result.config).toEqual({
      version: 1,
      organization: {
        id: 'o-a1b2c3d4e5',
        managementAccount: 'acme-management',
        backupAccount: 'backup',
        units: { workloads: 'ou-a1b2-workload1' },
        policies: { 'org-baseline': { description: 'Daily baseline for every workload account', file: 'adopt/policies/org-baseline.json', targets: ['workloads'] } },
      },
      accounts: { 'acme-management': { id: '111111111111' }, backup: { id: '222222222222' } },
      serviceRole: { name: 'AWSBackupDefaultServiceRole', path: '/service-role/' },
      vaults: { default: { name: 'Default' } },
      plans: {},
      adoption: { imports: 'adopt/imports.json' },
    });
    const described = JSON.parse(readFileSync(join(FIXTURES, 'organization', '111111111111', 'organizations', 'policies', 'p-backup12ab.json'), 'utf8'));
    expect(JSON.parse(result.files['adopt/policies/org-baseline.json'] ?? '')).toEqual(JSON.parse(described.Policy.Content));
    expect(result.imports.map((row) => [row.stack, row.address, row.id])).toEqual([
      ['management-us-east-1', 'aws_organizations_delegated_administrator.backup-delegated-administrator', '222222222222/backup.amazonaws.com'],
      ['management-us-east-1', 'aws_organizations_policy.policy-org-baseline_policy_A77E2387', 'p-backup12ab'],
      ['management-us-east-1', 'aws_organizations_policy_attachment.policy-org-baseline_target-workloads_917C2513', 'ou-a1b2-workload1:p-backup12ab'],
    ]);
    // Created, not imported: the service control policy that protects the vaults (on by default in an organization).
    expect(result.created).toEqual([
      { stack: 'management-us-east-1', address: 'aws_organizations_policy.vault-protection-scp_policy_BE3D2AA1' },
      { stack: 'management-us-east-1', address: 'aws_organizations_policy_attachment.vault-protection-scp_target-backup_30346C03' },
    ]);
  });

  it('reports the vault and role the policy names, which live in the member accounts', () => {
    expect(lines(result)).toEqual([
      'not-represented serviceRole: role arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole, which the backup policies name, exists in the member accounts: serviceRole names it so that the policies check, but no stack of this config creates or imports it',
      'not-represented vaults.default: vault Default, which the backup policies name, exists in the member accounts: the config declares it so that the policies check, but no stack of it creates or imports the vaults (member accounts have no stacks here); adopt each account on its own to manage them',
      // The policy is attached to a unit whose accounts the adopted config does not list: none of them gets a stack or alerts here.
      'warning organization.policies.org-baseline.targets.0: targets unit workloads (ou-a1b2-workload1): AWS applies the policy to every account of the unit and of its child units, listed in accounts or not (accounts lists none of them with unit: workloads). An account not listed gets plan "baseline" but no stack of this config: vault "Default" and the service role AWSBackupDefaultServiceRole are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. List every account of the unit in accounts (with unit: workloads), or target the accounts instead of the unit',
      // The policy selects by tags, and the export holds no Region settings to adopt: the member accounts' own opt-ins decide.
      `warning regionSettings: is not set: selections by tags, by resources "*", by an ARN of the service only (arn:aws:ec2:*) or by an ARN pattern of part of a type (arn:aws:s3:::prod*), and of rds clusters (Aurora, DocumentDB, Neptune, RDS Multi-AZ) or FSx file systems even by ARN, back up only the resource types the account's Region settings opt in, and AWS opts an account in only to the types it supported when the account first used AWS Backup: a type opted out is skipped with no job and no failure. Set regionSettings: {} to opt in every type the selections can reach`,
    ]);
  });
});

/** A copy of the single-account export, changed by `edit(account folder)`. */
function messyExport(edit: (account: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'adopt-messy-'));
  scratch.push(dir);
  cpSync(ACCOUNT, join(dir, '111122223333'), { recursive: true });
  edit(join(dir, '111122223333'));
  return dir;
}

const editJson = (path: string, edit: (json: any) => void): void => {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 4));
};

const denied = (path: string, operation: string): void => {
  rmSync(path, { force: true });
  rmSync(`${path}.error`, { force: true });
  writeFileSync(`${path}.error`, `\nAn error occurred (AccessDeniedException) when calling the ${operation} operation: User is not authorized\n`);
};

describe('what the config cannot hold, or cannot hold exactly', () => {
  const P1 = 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b';
  const P2 = 'eu-west-1/plans/6a2f4b3c-9d5e-4f70-8b1c-2d3e4f5a6b7c';
  let result: AdoptionResult;
  beforeAll(() => {
    const from = messyExport((account) => {
      rmSync(join(account, 'eu-central-1'), { recursive: true }); // the copies' destination is not exported
      denied(join(account, 'eu-west-1/vaults/prod-main/access-policy.json'), 'GetBackupVaultAccessPolicy');
      denied(join(account, 'eu-west-1/vaults/prod-main/key.json'), 'DescribeKey');
      denied(join(account, 'eu-west-1/vaults/Default/notifications.json'), 'GetBackupVaultNotifications');
      editJson(join(account, 'eu-west-1/vaults/prod-archive/describe.json'), (vault) => delete vault.MinRetentionDays);
      // Unlocked, so that the rule keeping recovery points forever (36500 days in the config) fits.
      editJson(join(account, 'eu-west-1/vaults/prod-main/describe.json'), (vault) => Object.assign(vault, { Locked: false, MinRetentionDays: undefined, MaxRetentionDays: undefined }));
      editJson(join(account, 'eu-west-1/backup-vaults.json'), (list) =>
        list.BackupVaultList.push({ BackupVaultName: 'prod-lag', BackupVaultArn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-lag', VaultType: 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT', Locked: true, MinRetentionDays: 7, MaxRetentionDays: 30 }),
      );
      editJson(join(account, P1, 'plan.json'), (plan) => {
        const [daily, weekly] = plan.BackupPlan.Rules;
        daily.IndexActions = [{ ResourceTypes: ['EBS'] }];
        delete weekly.Lifecycle.DeleteAfterDays;
        delete weekly.StartWindowMinutes;
        plan.BackupPlan.AdvancedBackupSettings.push({ ResourceType: 'S3', BackupOptions: { BackupACLs: 'disabled' } });
      });
      // Selects every opted-in resource: backup-estate refuses it.
      editJson(join(account, P1, 'selections/a1b2c3d4-0002-4a5b-8c6d-7e8f9a0b1c2d.json'), (selection) => (selection.BackupSelection.Resources = []));
      // A condition on something other than a tag: the config cannot write it.
      editJson(join(account, P2, 'selections/a1b2c3d4-0003-4a5b-8c6d-7e8f9a0b1c2d.json'), (selection) => (selection.BackupSelection.Conditions.StringEquals[0].ConditionKey = 'aws:PrincipalTag/department'));
      editJson(join(account, 'eu-west-1/restore-testing/weekly_restore/plan.json'), (plan) => (plan.RestoreTestingPlan.RecoveryPointSelection.ExcludeVaults = ['arn:aws:backup:eu-west-1:111122223333:backup-vault:Default']));
    });
    result = adoptExport({ from });
  });

  it('still writes a config that validates, without what it could not hold', () => {
    expect(result.errors).toEqual([]);
    const config = result.config as any;
    expect(Object.keys(config.plans)).toEqual(['prod-daily']);
    expect(Object.keys(config.plans['prod-daily'].selections)).toEqual(['tagged-daily']);
    expect(config.plans['prod-daily'].rules['weekly-long']).toEqual({ schedule: 'cron(0 3 ? * SUN *)', completionWindowMinutes: 720, lifecycle: { deleteAfterDays: 36500 } });
    expect(config.vaults['prod-main']).toEqual({ kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9', accessPolicy: { denyRecoveryPointDeletion: false }, tags: { team: 'platform' } });
    expect(config.vaults['prod-archive'].lock).toBeUndefined();
    expect(config.restoreTesting.weekly_restore.vaults).toEqual([]);
    // Nothing imports what is not represented: the access policy, the lock, the plan and selections left alone.
    expect(result.imports.map((row) => row.what)).toEqual([
      'plan prod-daily (eu-west-1)',
      'Region settings of eu-west-1',
      'restore testing plan weekly_restore (eu-west-1)',
      'restore testing selection ebs_volumes of weekly_restore',
      'selection tagged-daily of plan prod-daily (eu-west-1)',
      'vault Default (eu-west-1)',
      'vault prod-archive (eu-west-1)',
      'vault prod-main (eu-west-1)',
    ]);
  });

  it('reports each of them at its config path, with what stays and what the first apply changes', () => {
    const reported = lines(result).filter((line) => !line.startsWith('warning') || line.includes('could not tell'));
    expect(reported).toEqual([
      "not-represented audit: framework legacy_controls (eu-west-1, 2 controls): backup-estate's audit: creates its own framework, whose controls derive from the plans; it stays as it is, unmanaged",
      "not-represented plans: plan prod-monthly (eu-west-1) has no selection the config can hold, and backup-estate manages no plan without one: it stays as it is, unmanaged",
      "not-represented plans.prod-daily: advanced backup setting S3 {\"BackupACLs\":\"disabled\"} of plan prod-daily: the config holds only EC2 WindowsVSS (provider 5.100.0), so the first apply removes it",
      "not-represented plans.prod-daily.rules.DailyBackups: IndexActions of rule DailyBackups needs the AWS provider 6, and backup-estate pins 5.100.0: the first apply that updates plan prod-daily removes it",
      "not-represented plans.prod-daily.rules.DailyBackups.copies: the copy to arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-dr goes to a vault this adoption does not carry over (another account's, a Region not exported, or a logically air-gapped vault): the first apply removes this copy from plan prod-daily unless you add it back: name the vault under existingVaults with its arn, and add the copy to the rule",
      "not-represented plans.prod-daily.rules.weekly-long.copies: the copy to arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-dr goes to a vault this adoption does not carry over (another account's, a Region not exported, or a logically air-gapped vault): the first apply removes this copy from plan prod-daily unless you add it back: name the vault under existingVaults with its arn, and add the copy to the rule",
      "not-represented plans.prod-daily.selections: selection databases of plan prod-daily cannot be reproduced exactly (selects every resource opted in to AWS Backup: give tags, conditions or resources): it stays as it is, unmanaged (a changed selection would be replaced)",
      "not-represented plans.prod-monthly.selections: selection finance.monthly of plan prod-monthly cannot be reproduced exactly (its condition key \"aws:PrincipalTag/department\" is not a resource tag key (aws:ResourceTag/<tag key>): AWS documents selection condition keys only as \"aws:ResourceTag/<tag key>\" and does not say what it does with \"aws:PrincipalTag/department\" (refuse the selection, ignore the condition or match no resource), so no resource is counted as selected through it; select by a resource tag instead): it stays as it is, unmanaged (a changed selection would be replaced)",
      "not-represented vaults: LOGICALLY_AIR_GAPPED_BACKUP_VAULT prod-lag (eu-west-1) is not carried over by adopt (a config may declare one: vaults.<key>.airGapped): it stays as it is, unmanaged, and a copy into it is dropped unless you add it back",
      "not-represented vaults.default: the notifications of vault Default could not be exported (An error occurred (AccessDeniedException) when calling the GetBackupVaultNotifications operation: User is not authorized): whatever they are, they stay as they are, unmanaged",
      "not-represented vaults.prod-archive.lock: the Vault Lock of prod-archive sets no minimum retention, which backup-estate requires (lock.minRetentionDays): the lock stays as it is, unmanaged",
      "not-represented vaults.prod-main: vault prod-main notifies arn:aws:sns:eu-west-1:111122223333:backup-events of BACKUP_JOB_COMPLETED and RESTORE_JOB_COMPLETED: backup-estate sends vault notifications only to the topic of alerts:, so these stay as they are, unmanaged (setting alerts: later replaces them)",
      "not-represented vaults.prod-main.accessPolicy: the access policy of prod-main could not be exported (An error occurred (AccessDeniedException) when calling the GetBackupVaultAccessPolicy operation: User is not authorized): it is left as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false)",
      "kept vaults.prod-archive.accessPolicy: the access policy of prod-archive has statements backup-estate does not write (AllowAuditorsToList and DenyDeletion): it stays as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false); backup-estate writes only the deletion deny with its break-glass principals",
      "changed plans.prod-daily.rules.weekly-long: rule \"weekly.long\" of plan prod-daily becomes weekly-long: a rule's name is its config key (1-50 characters of A-Z a-z 0-9 _ -, starting with a letter); the first apply renames the rule in place",
      "changed plans.prod-daily.rules.weekly-long.lifecycle.deleteAfterDays: rule weekly.long keeps recovery points forever, and backup-estate requires a retention: the config sets 36500 days (the maximum), which the first apply sets on the rule",
      "changed plans.prod-daily.rules.weekly-long.startWindowMinutes: AWS returned no StartWindowMinutes for rule weekly.long: the first apply sets backup-estate's default, 60 minutes",
      "changed restoreTesting.weekly_restore: ExcludeVaults (arn:aws:backup:eu-west-1:111122223333:backup-vault:Default) of weekly_restore: the config holds the vaults to include only, so the first apply empties ExcludeVaults",
      "changed restoreTesting.weekly_restore.selections.ebs_volumes: restore testing selection ebs_volumes runs with arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole; backup-estate's restore tests run with the role it creates (aws-backup-restore-testing-role): the first apply switches the selection to it in place",
      "warning vaults.prod-main.kmsKeyArn: could not tell whether arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9 is a customer-managed key (kms describe-key: An error occurred (AccessDeniedException) when calling the DescribeKey operation: User is not authorized); backup-estate requires one",
    ]);
  });
});

describe('a rule that copies twice into one vault', () => {
  it('keeps the copy that keeps recovery points longest, and says so', () => {
    const from = messyExport((account) =>
      editJson(join(account, 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/plan.json'), (plan) => {
        const daily = plan.BackupPlan.Rules[0];
        daily.CopyActions = [{ ...daily.CopyActions[0], Lifecycle: { DeleteAfterDays: 365 } }, daily.CopyActions[0]];
      }),
    );
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    const copies = (result.config as any).plans['prod-daily'].rules.DailyBackups.copies;
    expect(copies).toEqual({ 'prod-dr': { lifecycle: { deleteAfterDays: 365 } } });
    expect(lines(result).filter((line) => line.includes('copies twice'))).toEqual([
      'changed plans.prod-daily.rules.DailyBackups.copies.prod-dr: plan prod-daily copies twice into arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-dr (kept 365 days and 30 days): the config holds one copy action per destination vault, so the first apply keeps the one kept 365 days and removes the other',
    ]);
  });
});

describe('lifecycles that keep recovery points forever', () => {
  const adoptDaily = (edit: (daily: any) => void) => {
    const from = messyExport((account) => editJson(join(account, 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/plan.json'), (plan) => edit(plan.BackupPlan.Rules[0])));
    const result = adoptExport({ from });
    return { result, daily: (result.config as any).plans['prod-daily'].rules.DailyBackups };
  };

  it('a copy with a lifecycle of its own but no retention (kept forever: AWS inherits the rule\'s only without a lifecycle) gets the maximum, and says so', () => {
    const { result, daily } = adoptDaily((rule) => (rule.CopyActions = [{ ...rule.CopyActions[0], Lifecycle: { MoveToColdStorageAfterDays: 30 } }]));
    expect(result.errors).toEqual([]);
    expect(daily.copies).toEqual({ 'prod-dr': { lifecycle: { deleteAfterDays: 36500, coldStorageAfterDays: 30 } } });
    expect(lines(result).filter((line) => line.includes('copies.prod-dr'))).toEqual([
      'changed plans.prod-daily.rules.DailyBackups.copies.prod-dr.lifecycle.deleteAfterDays: the copy of plan prod-daily to arn:aws:backup:eu-central-1:111122223333:backup-vault:prod-dr keeps recovery points forever, and backup-estate requires a retention: the config sets 36500 days (the maximum), which the first apply sets on the copy',
      // The copy's own cold storage is judged against the plan's selections as a rule's is (config/rule-feature-rules.ts).
      'warning plans.prod-daily.rules.DailyBackups.copies.prod-dr.lifecycle.coldStorageAfterDays: applies only to DynamoDB, EBS (with optInToArchiveForSupportedResources), EFS, Timestream, VirtualMachine; selection tagged-daily selects by tags or "*" and may select resources of other types (EC2, RDS, Aurora, DocumentDB, Neptune, S3, FSx, Redshift, Storage Gateway, SAP HANA on Amazon EC2, CloudFormation, EKS, DSQL), which stay in warm storage until deleted',
      'warning plans.prod-daily.rules.DailyBackups.copies.prod-dr.lifecycle.optInToArchiveForSupportedResources: is needed for EBS snapshots to move to cold storage (archive tier): selection tagged-daily selects by tags or "*" and may select EBS resources',
    ]);
  });

  it("AWS's -1 (keep indefinitely, never move to cold) reads as not set", () => {
    const { result, daily } = adoptDaily((rule) => {
      rule.Lifecycle = { DeleteAfterDays: 30, MoveToColdStorageAfterDays: -1 };
      rule.CopyActions = [{ ...rule.CopyActions[0], Lifecycle: { DeleteAfterDays: -1, MoveToColdStorageAfterDays: 30 } }];
    });
    expect(result.errors).toEqual([]);
    expect(daily.lifecycle).toEqual({ deleteAfterDays: 30 });
    expect(daily.copies).toEqual({ 'prod-dr': { lifecycle: { deleteAfterDays: 36500, coldStorageAfterDays: 30 } } });
    expect(lines(result).filter((line) => line.includes('forever')).map((line) => line.split(':')[0])).toEqual(['changed plans.prod-daily.rules.DailyBackups.copies.prod-dr.lifecycle.deleteAfterDays']);
  });

  it.each([
    ['-1 for both (AWS: keep indefinitely)', { DeleteAfterDays: -1, MoveToColdStorageAfterDays: -1 }, {}],
    ['only the archive opt-in', { OptInToArchiveForSupportedResources: false }, {}],
    ['an empty lifecycle', {}, {}],
  ])('a copy whose own lifecycle is %s keeps recovery points forever: 36,500 days, not the rule\'s 30, and says so', (_case, lifecycle, rest) => {
    const { result, daily } = adoptDaily((rule) => (rule.CopyActions = [{ ...rule.CopyActions[0], Lifecycle: lifecycle, ...rest }]));
    expect(result.errors).toEqual([]);
    expect(daily.lifecycle).toEqual({ deleteAfterDays: 30 });
    expect(daily.copies).toEqual({ 'prod-dr': { lifecycle: { deleteAfterDays: 36500 } } });
    expect(lines(result).filter((line) => line.includes('forever')).map((line) => line.split(':')[0])).toEqual(['changed plans.prod-daily.rules.DailyBackups.copies.prod-dr.lifecycle.deleteAfterDays']);
  });

  it('a copy without a lifecycle follows its rule, as in AWS', () => {
    const { result, daily } = adoptDaily((rule) => (rule.CopyActions = [{ DestinationBackupVaultArn: rule.CopyActions[0].DestinationBackupVaultArn }]));
    expect(result.errors).toEqual([]);
    expect(daily.copies).toEqual({ 'prod-dr': {} });
    expect(lines(result).filter((line) => line.includes('forever'))).toEqual([]);
  });

  it('a rule kept forever (-1) into a vault whose lock allows less is the error AWS makes of it', () => {
    const { result } = adoptDaily((rule) => (rule.Lifecycle = { DeleteAfterDays: -1 }));
    expect(result.errors).toEqual(['error   plans.prod-daily.rules.DailyBackups.lifecycle.deleteAfterDays: retention of 36500 days is outside the lock range of vault "prod-main" (7-400 days): AWS Backup fails these jobs']);
  });
});

describe('Region settings that differ between Regions where plans run', () => {
  it('keep full management on where any Region has it on, and say so', () => {
    const from = messyExport((account) => editJson(join(account, 'eu-central-1/region-settings.json'), (settings) => (settings.ResourceTypeManagementPreference = { DynamoDB: false, EFS: true })));
    const account = join(from, '111122223333');
    const folders = ['eu-central-1', 'eu-west-1'].map((region) => new ExportFolder(from, join(account, region)));
    const out = new Adoption();
    const settings = adoptRegionSettings({ id: '111122223333', name: 'acme-prod', partition: 'aws', primary: 'eu-west-1' }, folders, new Set(['eu-central-1', 'eu-west-1']), out);
    // Off would stop DynamoDB's full management (its cross-Region copies, cold storage) in eu-west-1.
    expect(settings?.management).toEqual({ DynamoDB: true, EFS: true });
    expect(out.items.map((item) => `${item.kind} ${item.path}: ${item.message}`)).toEqual([
      "changed regionSettings.management.DynamoDB: on in eu-west-1, off in eu-central-1: the config holds one value for every Region, so it is on everywhere (off would stop DynamoDB's full management, and what it gives, where it is on today)",
    ]);
  });
});

describe('exports it cannot read', () => {
  it('names the folder or file and what to do (the CLI exits 2)', () => {
    expect(refusal('/nonexistent/export')).toBe('/nonexistent/export is not a folder: give the folder scripts/export-estate.sh wrote (--out)');
    expect(refusal(FIXTURES)).toBe(`${FIXTURES} holds no account folder (<account id>/account.json): give the folder scripts/export-estate.sh wrote (--out)`);
    const two = messyExport(() => undefined);
    cpSync(join(FIXTURES, 'organization', '111111111111', 'account.json'), join(two, '111111111111', 'account.json'), { recursive: true });
    expect(refusal(two)).toBe(`${two} holds 2 accounts and no organizations/ folder: adopt one account at a time (--from ${join(two, '111111111111')}), or export the management account with --organization`);
    const broken = messyExport((account) => writeFileSync(join(account, 'eu-west-1/backup-plans.json'), '{ "BackupPlansList": ['));
    expect(refusal(broken)).toMatch(/^111122223333\/eu-west-1\/backup-plans\.json is not valid JSON \(.+\): export it again$/);
    const firstPage = messyExport((account) => writeFileSync(join(account, 'eu-west-1/backup-plans.json'), '{ "BackupPlansList": [], "NextToken": "AAEAAQ==" }'));
    expect(refusal(firstPage)).toBe(
      '111122223333/eu-west-1/backup-plans.json holds a NextToken: only its first page was exported; run scripts/export-estate.sh again (the AWS CLI pages through every list itself)',
    );
    const missing = messyExport((account) => rmSync(join(account, 'eu-west-1/frameworks.json')));
    expect(refusal(missing)).toBe('111122223333/eu-west-1/frameworks.json is missing: run scripts/export-estate.sh again with credentials that may call it');
  });
});

describe('recognizing backup-estate\'s own deletion deny in an exported vault policy (adopt/vaults.ts breakGlassOf)', () => {
  const policy = (actions: string[]) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyRecoveryPointDeletion', Effect: 'Deny', Principal: '*', Action: actions, Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/BackupBreakGlass'] } } }] });
  it('reads the deny it writes today (with backup:DisassociateRecoveryPoint) and the one earlier versions wrote (AWS Config\'s three actions)', () => {
    const today = ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'];
    expect(breakGlassOf(policy(today))).toEqual(['arn:aws:iam::111122223333:role/BackupBreakGlass']);
    expect(breakGlassOf(policy(today.filter((action) => action !== 'backup:DisassociateRecoveryPoint')))).toEqual(['arn:aws:iam::111122223333:role/BackupBreakGlass']);
    expect(breakGlassOf(policy(['backup:DeleteRecoveryPoint']))).toBeUndefined();
  });

  it('does not read a policy that repeats Statement as its deny: AWS documents no reading of it (JSON.parse read the last, the deny, and the policy was adopted as denying deletion)', () => {
    const today = ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'];
    const allowAll = '[{"Sid":"AllowAll","Effect":"Allow","Principal":"*","Action":"backup:*","Resource":"*"}]';
    expect(breakGlassOf(`{"Version":"2012-10-17","Statement":${allowAll},"Statement":${JSON.stringify(JSON.parse(policy(today)).Statement)}}`)).toBeUndefined();
  });

  it('keeps such a policy as it is, unmanaged, naming the repeated key', () => {
    const deny = JSON.stringify(JSON.parse(policy(['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'])).Statement);
    const from = messyExport((account) => editJson(join(account, 'eu-west-1/vaults/prod-archive/access-policy.json'), (file) => (file.Policy = `{"Version":"2012-10-17","Statement":[],"Statement":${deny}}`)));
    const result = adoptExport({ from });
    expect(lines(result).filter((line) => line.startsWith('kept vaults.prod-archive.accessPolicy'))).toEqual([
      'kept vaults.prod-archive.accessPolicy: the access policy of prod-archive repeats the key "Statement" at $.Statement (line 1), and AWS does not document which of them it evaluates: it stays as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false); backup-estate writes only the deletion deny with its break-glass principals',
    ]);
  });
});
