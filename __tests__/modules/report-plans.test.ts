import { Testing } from 'cdktf';
import { BackupReportPlan } from '@cdktf/provider-aws/lib/backup-report-plan';
import { AUDIT_LIMITS } from '../../core/limits';
import { BackupAuditFramework } from '../../modules/audit-framework';
import { BackupReportBucket } from '../../modules/report-bucket';
import { BackupReportPlans, BackupReportPlansProps, checkReportPlansProps, reportPlanName } from '../../modules/report-plans';
import { ACCOUNT, expectValidationError, Json, onlyResource, resourcesOf, stackWithProviders, synth } from './helpers';

const CONSTRUCT = 'BackupReportPlans stack/reports';
const FRAMEWORK_A = 'arn:aws:backup:eu-west-1:111122223333:framework:estate_controls-ce7655ae-1e31-45cb-96a0-4f43d8c19642';
const FRAMEWORK_B = 'arn:aws:backup:eu-west-1:111122223333:framework/dr_controls-87ef0e31-b04e-4114-a28d-1edb809dcbc7';
const TEMPLATES = 'BACKUP_JOB_REPORT, COPY_JOB_REPORT, RESTORE_JOB_REPORT, RESOURCE_COMPLIANCE_REPORT, CONTROL_COMPLIANCE_REPORT';

const base: BackupReportPlansProps = { namePrefix: 'workload_prod', bucketName: 'workload-prod-backup-reports', frameworkArns: [FRAMEWORK_A] };

function synthPlans(props: Partial<BackupReportPlansProps> = {}): string {
  return synth((scope) => {
    new BackupReportPlans(scope, 'reports', { ...base, ...props });
  });
}

/** The synthesized report plans by template. */
function plansByTemplate(out: string): Record<string, Json> {
  const plans = Object.values(resourcesOf(out, 'aws_backup_report_plan'));
  return Object.fromEntries(plans.map((plan: Json) => [plan.report_setting.report_template, plan]));
}

const expectErrors = (props: Partial<BackupReportPlansProps>, problems: { path: string; message: string }[]): void =>
  expectValidationError(() => synthPlans(props), CONSTRUCT, problems);

const expectValid = (props: Partial<BackupReportPlansProps>): void => expect(checkReportPlansProps({ ...base, ...props })).toEqual([]);

describe('BackupReportPlans: one plan per template', () => {
  const plans = plansByTemplate(synthPlans({ s3KeyPrefix: 'audit', frameworkArns: [FRAMEWORK_A, FRAMEWORK_B] }));

  it('creates a plan for every template by default, named prefix_template', () => {
    expect(Object.keys(plans).sort()).toEqual([...AUDIT_LIMITS.reportTemplates].sort());
    for (const [template, plan] of Object.entries(plans)) expect(plan.name).toBe(`workload_prod_${template.toLowerCase()}`);
    expect(reportPlanName('estate', 'CONTROL_COMPLIANCE_REPORT')).toBe('estate_control_compliance_report');
  });

  it.each(['BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'RESTORE_JOB_REPORT'])('%s: delivery channel and template only, no frameworks', (template) => {
    expect(plans[template]).toEqual({
      name: `workload_prod_${template.toLowerCase()}`,
      report_delivery_channel: { s3_bucket_name: 'workload-prod-backup-reports', s3_key_prefix: 'audit', formats: ['CSV', 'JSON'] },
      report_setting: { report_template: template },
    });
  });

  it.each(['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT'])('%s: framework ARNs and their number', (template) => {
    expect(plans[template]).toEqual({
      name: `workload_prod_${template.toLowerCase()}`,
      report_delivery_channel: { s3_bucket_name: 'workload-prod-backup-reports', s3_key_prefix: 'audit', formats: ['CSV', 'JSON'] },
      report_setting: { report_template: template, framework_arns: [FRAMEWORK_A, FRAMEWORK_B], number_of_frameworks: 2 },
    });
  });

  it('creates only the templates it is given, with the formats, description and tags it is given', () => {
    const out = synthPlans({ templates: ['BACKUP_JOB_REPORT'], formats: ['JSON'], description: 'Daily jobs', tags: { team: 'platform' } });
    expect(onlyResource(out, 'aws_backup_report_plan').config).toEqual({
      name: 'workload_prod_backup_job_report',
      description: 'Daily jobs',
      tags: { team: 'platform' },
      report_delivery_channel: { s3_bucket_name: 'workload-prod-backup-reports', formats: ['JSON'] },
      report_setting: { report_template: 'BACKUP_JOB_REPORT' },
    });
  });

  it('needs no framework ARN for job reports alone', () => {
    const out = synthPlans({ templates: ['COPY_JOB_REPORT', 'RESTORE_JOB_REPORT'], frameworkArns: undefined });
    expect(Object.keys(plansByTemplate(out)).sort()).toEqual(['COPY_JOB_REPORT', 'RESTORE_JOB_REPORT']);
  });

  it('covers accounts, organizational units and Regions in a multi-account report, CSV only by default', () => {
    const out = synthPlans({
      templates: ['BACKUP_JOB_REPORT', 'CONTROL_COMPLIANCE_REPORT'],
      frameworkArns: undefined,
      accounts: ['ROOT'],
      organizationUnits: ['ou-ab12-cd34ef56'],
      regions: ['*'],
    });
    const plans = plansByTemplate(out);
    for (const template of ['BACKUP_JOB_REPORT', 'CONTROL_COMPLIANCE_REPORT']) {
      expect(plans[template].report_setting).toEqual({ report_template: template, accounts: ['ROOT'], organization_units: ['ou-ab12-cd34ef56'], regions: ['*'] });
      expect(plans[template].report_delivery_channel.formats).toEqual(['CSV']);
    }
  });

  it('delivers to a BackupReportBucket and reports on BackupAuditFramework ARNs by reference', () => {
    const out = synth((scope) => {
      const bucket = new BackupReportBucket(scope, 'bucket', { bucketName: 'workload-prod-backup-reports', account: ACCOUNT });
      const framework = new BackupAuditFramework(scope, 'framework', { frameworkName: 'estate', controls: { BACKUP_RECOVERY_POINT_ENCRYPTED: {} } });
      new BackupReportPlans(scope, 'reports', { namePrefix: 'estate', bucketName: bucket.bucketName, frameworkArns: [framework.arn], templates: ['CONTROL_COMPLIANCE_REPORT'] });
    });
    const plan = onlyResource(out, 'aws_backup_report_plan').config;
    expect(plan.report_delivery_channel.s3_bucket_name).toBe(`\${aws_s3_bucket_policy.${onlyResource(out, 'aws_s3_bucket_policy').id}.bucket}`);
    expect(plan.report_setting).toEqual({
      report_template: 'CONTROL_COMPLIANCE_REPORT',
      framework_arns: [`\${aws_backup_framework.${onlyResource(out, 'aws_backup_framework').id}.arn}`],
      number_of_frameworks: 1,
    });
  });

  it('exposes the plans by template and uses the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    const reports = new BackupReportPlans(stack, 'reports', { ...base, templates: ['BACKUP_JOB_REPORT', 'RESTORE_JOB_REPORT'], provider: dr });
    expect(Object.keys(reports.plans)).toEqual(['BACKUP_JOB_REPORT', 'RESTORE_JOB_REPORT']);
    const out = Testing.synth(stack);
    for (const plan of Object.values(resourcesOf(out, 'aws_backup_report_plan'))) expect((plan as Json).provider).toBe('aws.dr');
    expect(out).toHaveResourceWithProperties(BackupReportPlan, { name: 'workload_prod_restore_job_report' });
  });
});

describe('BackupReportPlans: eager validation', () => {
  it('rejects a name prefix that makes invalid plan names, and accepts the longest valid one', () => {
    expectErrors({ namePrefix: 'workload-prod' }, [
      { path: 'namePrefix', message: 'gives report plan name "workload-prod_backup_job_report", which must be a letter, then up to 255 characters of A-Z a-z 0-9 _' },
    ]);
    expectErrors({ namePrefix: '1prod' }, [
      { path: 'namePrefix', message: 'gives report plan name "1prod_backup_job_report", which must be a letter, then up to 255 characters of A-Z a-z 0-9 _' },
    ]);
    // 256 characters with the longest suffix, _resource_compliance_report (27 characters).
    const longest = `p${'x'.repeat(228)}`;
    expectValid({ namePrefix: longest });
    expectErrors({ namePrefix: `${longest}x` }, [
      { path: 'namePrefix', message: `gives report plan name "${`${longest}x_resource_compliance_report`}", which must be a letter, then up to 255 characters of A-Z a-z 0-9 _` },
    ]);
    expect(`${longest}_resource_compliance_report`).toHaveLength(256);
  });

  it('rejects an unknown template, listing the valid ones', () => {
    expectErrors({ templates: ['BACKUP_JOB_REPORT', 'SCAN_JOB_REPORT'] }, [
      { path: 'templates.1', message: `"SCAN_JOB_REPORT" is not a report template; valid templates: ${TEMPLATES}` },
    ]);
  });

  it('rejects a template listed twice, and an empty template list', () => {
    expectErrors({ templates: ['COPY_JOB_REPORT', 'COPY_JOB_REPORT'] }, [{ path: 'templates', message: 'lists "COPY_JOB_REPORT" more than once' }]);
    expectErrors({ templates: [] }, [{ path: 'templates', message: 'must name at least one report template, or be left out for all of them' }]);
  });

  it('rejects an empty format list, an unknown format and a repeated one', () => {
    expectErrors({ formats: [] }, [{ path: 'formats', message: 'must name at least one format: CSV or JSON' }]);
    expectErrors({ formats: ['CSV', 'PDF'] }, [{ path: 'formats.1', message: '"PDF" is not a report format; valid formats: CSV, JSON' }]);
    expectErrors({ formats: ['csv'] }, [{ path: 'formats.0', message: '"csv" is not a report format; valid formats: CSV, JSON' }]);
    expectErrors({ formats: ['CSV', 'CSV'] }, [{ path: 'formats', message: 'lists "CSV" more than once' }]);
  });

  it.each([[['CSV']], [['JSON']], [['CSV', 'JSON']]])('accepts formats %j', (formats) => {
    expectValid({ formats });
  });

  it.each(['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT'])('%s needs at least one framework ARN', (template) => {
    const message = `${template} needs at least one framework ARN: it reports on frameworks`;
    expectErrors({ templates: [template], frameworkArns: undefined }, [{ path: 'frameworkArns', message }]);
    expectErrors({ templates: [template], frameworkArns: [] }, [
      { path: 'frameworkArns', message: 'must not be empty: leave it out instead' },
      { path: 'frameworkArns', message },
    ]);
    expectValid({ templates: [template], frameworkArns: [FRAMEWORK_A] });
  });

  it('reports the missing frameworks once per compliance template, by default', () => {
    expectErrors({ frameworkArns: undefined }, [
      { path: 'frameworkArns', message: 'RESOURCE_COMPLIANCE_REPORT needs at least one framework ARN: it reports on frameworks' },
      { path: 'frameworkArns', message: 'CONTROL_COMPLIANCE_REPORT needs at least one framework ARN: it reports on frameworks' },
    ]);
  });

  it('rejects a framework ARN that is not one, and a repeated one', () => {
    expectErrors({ frameworkArns: [FRAMEWORK_A, 'arn:aws:backup:eu-west-1:111122223333:backup-vault:main'] }, [
      { path: 'frameworkArns.1', message: '"arn:aws:backup:eu-west-1:111122223333:backup-vault:main" is not an AWS Backup framework ARN' },
    ]);
    expectErrors({ frameworkArns: [FRAMEWORK_A, FRAMEWORK_A] }, [{ path: 'frameworkArns', message: `lists "${FRAMEWORK_A}" more than once` }]);
  });

  it('accepts framework ARNs that are Terraform references', () => {
    expectValid({ frameworkArns: ['${aws_backup_framework.estate.arn}'] });
  });

  it('rejects framework ARNs and JSON in a multi-account compliance report', () => {
    expectErrors({ templates: ['CONTROL_COMPLIANCE_REPORT'], accounts: ['ROOT'], formats: ['CSV', 'JSON'] }, [
      { path: 'formats', message: 'must be ["CSV"] for a multi-account report (accounts or organizationUnits): AWS delivers organization reports as CSV only' },
      {
        path: 'frameworkArns',
        message: 'must be left out of a multi-account report (accounts or organizationUnits): AWS refuses framework ARNs in multi-account CONTROL_COMPLIANCE_REPORT',
      },
    ]);
    expectValid({ templates: ['CONTROL_COMPLIANCE_REPORT'], organizationUnits: ['r-ab12'], frameworkArns: undefined });
  });

  it('rejects invalid accounts, organizational units and Regions, by index', () => {
    expectErrors({ templates: ['BACKUP_JOB_REPORT'], accounts: ['111122223333', 'root'], organizationUnits: ['ou-1'], regions: ['eu-west-1', 'all'] }, [
      { path: 'accounts.1', message: '"root" is not a 12-digit account id or "ROOT"' },
      { path: 'organizationUnits.0', message: '"ou-1" is not an organizational unit id such as ou-ab12-cd34ef56 or a root id r-ab12' },
      { path: 'regions.1', message: '"all" is not an AWS Region such as eu-west-1, or "*"' },
    ]);
  });

  it('rejects empty account, organizational unit and Region lists', () => {
    expectErrors({ templates: ['BACKUP_JOB_REPORT'], accounts: [], organizationUnits: [], regions: [] }, [
      { path: 'accounts', message: 'must not be empty: leave it out instead' },
      { path: 'organizationUnits', message: 'must not be empty: leave it out instead' },
      { path: 'regions', message: 'must not be empty: leave it out instead' },
    ]);
  });

  it('accepts Regions alone (a multi-Region, single-account report) with JSON', () => {
    expectValid({ regions: ['eu-west-1', 'eu-central-1'], formats: ['CSV', 'JSON'] });
  });

  it('rejects a description over 1024 bytes of UTF-8 (the provider counts bytes) and accepts 1024', () => {
    expectErrors({ description: 'd'.repeat(1025) }, [{ path: 'description', message: 'must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1025' }]);
    expectErrors({ description: 'é'.repeat(513) }, [{ path: 'description', message: 'must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1026 bytes in 513 characters' }]);
    expectValid({ description: 'd'.repeat(1024) });
    expectValid({ description: 'é'.repeat(512) });
  });
});
