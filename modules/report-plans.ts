import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupReportPlan, BackupReportPlanReportSetting } from '@cdktf/provider-aws/lib/backup-report-plan';
import { ACCOUNT_ID_PATTERN, AUDIT_LIMITS, checkByteLength, ORGANIZATIONAL_UNIT_ID_PATTERN, PROVIDER_BYTE_LIMITS, REGION_PATTERN } from '../core/limits';
import { error, isToken, joinPath, Problem } from '../core/problems';
import { checkTags } from '../core/checks';
import { reportPropsProblems } from './props-problems';

export type ReportTemplate = (typeof AUDIT_LIMITS.reportTemplates)[number];
export type ReportFormat = (typeof AUDIT_LIMITS.reportFormats)[number];

/** Templates that report on frameworks (report_setting.framework_arns and number_of_frameworks). */
export const COMPLIANCE_REPORT_TEMPLATES: readonly ReportTemplate[] = ['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT'];

/** Provider validation of report plan descriptions (StringLenBetween(0, 1024)). */
export const REPORT_PLAN_DESCRIPTION_MAX_LENGTH = PROVIDER_BYTE_LIMITS.reportPlanDescription;

/** Backup framework ARNs: arn:PARTITION:backup:REGION:ACCOUNT:framework:NAME-UUID (also seen with "framework/"). */
const FRAMEWORK_ARN_PATTERN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:framework[:/][A-Za-z][A-Za-z0-9_-]*$/;

export interface BackupReportPlansProps {
  /**
   * Report plan names are `${namePrefix}_${template in lower case}`, such as
   * workload_prod_backup_job_report; each must be a letter, then A-Z a-z 0-9 _, at most 256.
   */
  readonly namePrefix: string;
  /** Names of some plans by template, instead of `${namePrefix}_${template}` (same rules). @default derived from namePrefix */
  readonly planNames?: Readonly<Partial<Record<string, string>>>;
  /** Bucket receiving the reports (BackupReportBucket.bucketName). */
  readonly bucketName: string;
  /** Key prefix: reports land in s3://bucket/PREFIX/Backup/... @default no prefix */
  readonly s3KeyPrefix?: string;
  /** Report templates, one plan each, unique. @default every template of AUDIT_LIMITS.reportTemplates */
  readonly templates?: readonly string[];
  /** Non-empty subset of CSV and JSON. @default ['CSV', 'JSON'], or ['CSV'] for multi-account reports */
  readonly formats?: readonly string[];
  /**
   * Frameworks covered by RESOURCE_COMPLIANCE_REPORT and CONTROL_COMPLIANCE_REPORT (required for them,
   * except in multi-account reports, which AWS builds from every framework and refuses ARNs for).
   * @default none
   */
  readonly frameworkArns?: readonly string[];
  /** Accounts of a multi-account report (organization management or delegated administrator account); "ROOT" for all. @default this account only */
  readonly accounts?: readonly string[];
  /** Organizational units of a multi-account report. @default none */
  readonly organizationUnits?: readonly string[];
  /** Regions a report covers; "*" for all. @default this Region only */
  readonly regions?: readonly string[];
  /** Description of every plan, at most 1024 bytes of UTF-8 (é is 2: the provider counts bytes). @default no description */
  readonly description?: string;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

const isTemplate = (value: string): value is ReportTemplate => (AUDIT_LIMITS.reportTemplates as readonly string[]).includes(value);
const isFormat = (value: string): value is ReportFormat => (AUDIT_LIMITS.reportFormats as readonly string[]).includes(value);
const isCompliance = (template: string): boolean => (COMPLIANCE_REPORT_TEMPLATES as readonly string[]).includes(template);

/** The name of the report plan of one template. */
export function reportPlanName(namePrefix: string, template: string): string {
  return `${namePrefix}_${template.toLowerCase()}`;
}

/** Multi-account (organization) reports: accounts or organizational units are given. */
export function isMultiAccountReport(props: Pick<BackupReportPlansProps, 'accounts' | 'organizationUnits'>): boolean {
  return props.accounts !== undefined || props.organizationUnits !== undefined;
}

export function reportTemplatesOf(props: Pick<BackupReportPlansProps, 'templates'>): readonly string[] {
  return props.templates ?? AUDIT_LIMITS.reportTemplates;
}

export function reportFormatsOf(props: Pick<BackupReportPlansProps, 'formats' | 'accounts' | 'organizationUnits'>): readonly string[] {
  return props.formats ?? (isMultiAccountReport(props) ? ['CSV'] : AUDIT_LIMITS.reportFormats);
}

const duplicatesOf = (values: readonly string[]): string[] => [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
const quoted = (values: readonly string[]): string => values.map((value) => `"${value}"`).join(', ');

function checkList(values: readonly string[] | undefined, field: string, valid: (value: string) => boolean, message: (value: string) => string): Problem[] {
  if (values === undefined) return [];
  if (values.length === 0) return [error(field, 'must not be empty: leave it out instead')];
  const problems: Problem[] = [];
  values.forEach((value, index) => {
    if (!isToken(value) && !valid(value)) problems.push(error(`${field}.${index}`, message(value)));
  });
  const duplicates = duplicatesOf(values);
  if (duplicates.length > 0) problems.push(error(field, `lists ${quoted(duplicates)} more than once`));
  return problems;
}

export function checkReportPlansProps(props: BackupReportPlansProps): Problem[] {
  const problems: Problem[] = [];
  const templates = reportTemplatesOf(props);
  const multiAccount = isMultiAccountReport(props);

  if (templates.length === 0) problems.push(error('templates', 'must name at least one report template, or be left out for all of them'));
  templates.forEach((template, index) => {
    if (!isTemplate(template)) {
      problems.push(error(joinPath('templates', String(index)), `"${template}" is not a report template; valid templates: ${AUDIT_LIMITS.reportTemplates.join(', ')}`));
    }
  });
  const duplicateTemplates = duplicatesOf(templates);
  if (duplicateTemplates.length > 0) problems.push(error('templates', `lists ${quoted(duplicateTemplates)} more than once`));

  for (const [template, name] of Object.entries(props.planNames ?? {})) {
    if (!templates.includes(template)) problems.push(error(joinPath('planNames', template), `names a plan for ${template}, which templates does not list`));
    else if (name !== undefined && !isToken(name) && !AUDIT_LIMITS.name.pattern.test(name)) problems.push(error(joinPath('planNames', template), `report plan name "${name}" must be ${AUDIT_LIMITS.name.describe}`));
  }
  if (!isToken(props.namePrefix)) {
    const derived = templates.filter((template) => isTemplate(template) && props.planNames?.[template] === undefined);
    const invalid = derived.map((template) => reportPlanName(props.namePrefix, template)).find((name) => !AUDIT_LIMITS.name.pattern.test(name));
    if (invalid !== undefined) {
      problems.push(error('namePrefix', `gives report plan name "${invalid}", which must be ${AUDIT_LIMITS.name.describe}`));
    }
  }

  const formats = reportFormatsOf(props);
  if (formats.length === 0) problems.push(error('formats', `must name at least one format: ${AUDIT_LIMITS.reportFormats.join(' or ')}`));
  formats.forEach((format, index) => {
    if (!isFormat(format)) problems.push(error(joinPath('formats', String(index)), `"${format}" is not a report format; valid formats: ${AUDIT_LIMITS.reportFormats.join(', ')}`));
  });
  const duplicateFormats = duplicatesOf(formats);
  if (duplicateFormats.length > 0) problems.push(error('formats', `lists ${quoted(duplicateFormats)} more than once`));
  if (multiAccount && formats.includes('JSON')) {
    problems.push(error('formats', 'must be ["CSV"] for a multi-account report (accounts or organizationUnits): AWS delivers organization reports as CSV only'));
  }

  const frameworkArns = props.frameworkArns ?? [];
  const complianceTemplates = templates.filter(isCompliance);
  if (props.frameworkArns !== undefined) {
    problems.push(...checkList(props.frameworkArns, 'frameworkArns', (arn) => FRAMEWORK_ARN_PATTERN.test(arn), (arn) => `"${arn}" is not an AWS Backup framework ARN`));
  }
  if (multiAccount && frameworkArns.length > 0 && complianceTemplates.length > 0) {
    problems.push(error('frameworkArns', `must be left out of a multi-account report (accounts or organizationUnits): AWS refuses framework ARNs in multi-account ${complianceTemplates.join(' and ')}`));
  }
  if (!multiAccount && frameworkArns.length === 0) {
    for (const template of complianceTemplates) {
      problems.push(error('frameworkArns', `${template} needs at least one framework ARN: it reports on frameworks`));
    }
  }

  problems.push(...checkList(props.accounts, 'accounts', (value) => value === 'ROOT' || ACCOUNT_ID_PATTERN.test(value), (value) => `"${value}" is not a 12-digit account id or "ROOT"`));
  problems.push(
    ...checkList(props.organizationUnits, 'organizationUnits', (value) => ORGANIZATIONAL_UNIT_ID_PATTERN.test(value), (value) => `"${value}" is not an organizational unit id such as ou-ab12-cd34ef56 or a root id r-ab12`),
  );
  problems.push(...checkList(props.regions, 'regions', (value) => value === '*' || REGION_PATTERN.test(value), (value) => `"${value}" is not an AWS Region such as eu-west-1, or "*"`));

  problems.push(...checkByteLength(props.description, REPORT_PLAN_DESCRIPTION_MAX_LENGTH, 'description'));
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/** The report_setting block of one template. */
export function reportSetting(props: BackupReportPlansProps, template: string): BackupReportPlanReportSetting {
  const frameworkArns = isCompliance(template) && props.frameworkArns && props.frameworkArns.length > 0 ? [...props.frameworkArns] : undefined;
  return {
    reportTemplate: template,
    frameworkArns,
    // The provider reads NumberOfFrameworks back on every refresh: set it to match the ARNs.
    numberOfFrameworks: frameworkArns?.length,
    accounts: props.accounts ? [...props.accounts] : undefined,
    organizationUnits: props.organizationUnits ? [...props.organizationUnits] : undefined,
    regions: props.regions ? [...props.regions] : undefined,
  };
}

/**
 * One AWS Backup report plan per report template, all delivering to one S3 bucket (job reports
 * cover the last 24 hours; compliance reports cover the given frameworks).
 */
export class BackupReportPlans extends Construct {
  /** Report plans by template. */
  readonly plans: Readonly<Record<string, BackupReportPlan>>;

  constructor(scope: Construct, id: string, props: BackupReportPlansProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupReportPlans ${this.node.path}`, checkReportPlansProps(props));
    const formats = [...reportFormatsOf(props)];
    const plans: Record<string, BackupReportPlan> = {};
    for (const template of reportTemplatesOf(props)) {
      plans[template] = new BackupReportPlan(this, template.toLowerCase(), {
        name: props.planNames?.[template] ?? reportPlanName(props.namePrefix, template),
        description: props.description,
        reportDeliveryChannel: { s3BucketName: props.bucketName, s3KeyPrefix: props.s3KeyPrefix, formats },
        reportSetting: reportSetting(props, template),
        tags: props.tags ? { ...props.tags } : undefined,
        provider: props.provider,
      });
    }
    this.plans = plans;
  }
}
