import { Construct } from 'constructs';
import { TerraformProvider, TerraformStack } from 'cdktf';
import {
  BackupFramework,
  BackupFrameworkControl,
  BackupFrameworkControlInputParameter,
  BackupFrameworkControlScope,
} from '@cdktf/provider-aws/lib/backup-framework';
import { ACCOUNT_ID_PATTERN, AUDIT_LIMITS, checkByteLength, LOCK_LIMITS, PROVIDER_BYTE_LIMITS, REGION_PATTERN, REGION_SETTINGS_RESOURCE_TYPES } from '../core/limits';
import { error, isToken, joinPath, Problem } from '../core/problems';
import { checkTags } from '../core/checks';
import { reportPropsProblems } from './props-problems';

export type FrameworkControlName = (typeof AUDIT_LIMITS.controls)[number];

/**
 * Input parameters each Backup Audit Manager control accepts (section 7 of AWS-BACKUP-RULES.md).
 * The names and value formats are those of the AWS Config managed rules the controls deploy
 * (backup-plan-min-frequency-and-min-retention-check, *-resources-protected-by-backup-plan,
 * *-last-backup-recovery-point-created, *-meets-restore-time-target,
 * *-resources-in-logically-air-gapped-vault, ...). The config layer reads this map too.
 */
export const FRAMEWORK_CONTROL_PARAMETERS: Readonly<Record<FrameworkControlName, readonly string[]>> = {
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: [],
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: ['requiredFrequencyUnit', 'requiredFrequencyValue', 'requiredRetentionDays'],
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: ['principalArnList'],
  BACKUP_RECOVERY_POINT_ENCRYPTED: [],
  BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: ['requiredRetentionDays'],
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: ['crossRegionList'],
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: ['crossAccountList'],
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: ['minRetentionDays', 'maxRetentionDays'],
  BACKUP_LAST_RECOVERY_POINT_CREATED: ['recoveryPointAgeUnit', 'recoveryPointAgeValue'],
  RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: ['maxRestoreTime'],
  RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT: ['recoveryPointAgeUnit', 'recoveryPointAgeValue'],
};

/** A time unit's smallest and largest value of a unit/value pair of parameters. */
export interface UnitValueLimits {
  readonly hours: { readonly min: number; readonly max: number };
  readonly days: { readonly min: number; readonly max: number };
}

/** Value limits of the control parameters (AWS Backup "Controls and remediation", AWS Config managed rule documentation). */
export const FRAMEWORK_PARAMETER_LIMITS = {
  /** requiredFrequencyValue: "Maximum of 24 for hours, 31 for days" (backup-plan-min-frequency-and-min-retention-check). */
  requiredFrequencyValue: { hours: { min: 1, max: 24 }, days: { min: 1, max: 31 } },
  /**
   * recoveryPointAgeValue of BACKUP_LAST_RECOVERY_POINT_CREATED: "Values of hours can range from 1 to 744.
   * Value of days can range from 1 to 31" (Controls and remediation; *-last-backup-recovery-point-created:
   * "No more than 744 for hours, 31 for days").
   */
  lastRecoveryPointAge: { hours: { min: 1, max: 744 }, days: { min: 1, max: 31 } },
  /**
   * recoveryPointAgeValue of RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT: "Values of hours can be within 24 to
   * 2184 inclusive. Values of days can be within 1 to 91 inclusive" (Controls and remediation).
   */
  airGappedRecoveryPointAge: { hours: { min: 24, max: 2184 }, days: { min: 1, max: 91 } },
  /** principalArnList: "Up to 5 IAM roles that allow manual deletion of recovery points". */
  principalArnList: 5,
  /** crossAccountList: "You can add up to 5 accounts for the control to evaluate" (Controls and remediation). */
  crossAccountList: 5,
  /** Backup Audit Manager: up to 50 controls per account and Region (all frameworks together). */
  controlsPerRegion: 50,
  /** Provider validation of description (StringLenBetween(0, 1024)): bytes of UTF-8 (PROVIDER_BYTE_LIMITS). */
  descriptionMaxBytes: PROVIDER_BYTE_LIMITS.frameworkDescription,
} as const;

const TIME_UNITS = ['hours', 'days'] as const;

/**
 * IAM role or user ARNs exempted by BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: no wildcard,
 * and no comma (IAM names may hold one, but the parameter is a comma-separated list).
 */
const IAM_ROLE_OR_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[A-Za-z0-9+=.@_/-]+$/;

/** True when `arn` can be listed in principalArnList (a role or user ARN, no wildcard, no comma). */
export const isListablePrincipalArn = (arn: string): boolean => IAM_ROLE_OR_USER_ARN.test(arn);

/** A parameter value: lists render comma-separated, numbers as decimal strings. */
export type ControlParameterValue = string | number | readonly string[];

export interface FrameworkControlScopeProps {
  /** AWS Backup resource types the control evaluates (REGION_SETTINGS_RESOURCE_TYPES names). @default every type */
  readonly resourceTypes?: readonly string[];
  /** At most one tag key and non-empty value; only resources with it are evaluated. @default no tag filter */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface FrameworkControlProps {
  /** Parameter name -> value (see FRAMEWORK_CONTROL_PARAMETERS). @default the control's AWS defaults */
  readonly parameters?: Readonly<Record<string, ControlParameterValue>>;
  /** @default every resource of every type */
  readonly scope?: FrameworkControlScopeProps;
}

export interface BackupAuditFrameworkProps {
  /** A letter, then up to 255 characters of A-Z a-z 0-9 _ (AUDIT_LIMITS.name). */
  readonly frameworkName: string;
  /** At most 1024 bytes of UTF-8 (é is 2: the provider counts bytes). @default no description */
  readonly description?: string;
  /** Control name (AUDIT_LIMITS.controls) -> its parameters and scope. At least one. */
  readonly controls: Readonly<Record<string, FrameworkControlProps>>;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

const show = (value: unknown): string => JSON.stringify(value);

export const isControlName = (name: string): name is FrameworkControlName => (AUDIT_LIMITS.controls as readonly string[]).includes(name);

/** Why `name` cannot be a control: the construct's check and the config schema share this message. */
export const unknownControlMessage = (name: string): string => `"${name}" is not an AWS Backup Audit Manager control; valid controls: ${AUDIT_LIMITS.controls.join(', ')}`;

/**
 * The parameters `name` does not take, each with why: the construct's check and the config schema
 * (which reports them beside any other config error) share this one rule.
 */
export function unknownControlParameters(name: FrameworkControlName, parameters: Readonly<Record<string, unknown>>): { readonly parameter: string; readonly message: string }[] {
  const accepted = FRAMEWORK_CONTROL_PARAMETERS[name];
  const valid = accepted.length === 0 ? `${name} takes no parameters` : `valid parameters: ${accepted.join(', ')}`;
  return Object.keys(parameters)
    .filter((parameter) => !accepted.includes(parameter))
    .map((parameter) => ({ parameter, message: `"${parameter}" is not a parameter of ${name}; ${valid}` }));
}

/** A whole number from a number or a decimal string ('35'); undefined when the value is neither. */
function wholeNumber(value: ControlParameterValue): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** A list parameter given as an array or as a comma-separated string. */
function listItems(value: ControlParameterValue): string[] | undefined {
  if (Array.isArray(value)) return [...(value as readonly string[])];
  if (typeof value === 'string') return value === '' ? [] : value.split(',');
  return undefined;
}

/** How a parameter value is sent to AWS: every value is a string, lists comma-separated. */
export function renderParameterValue(value: ControlParameterValue): string {
  if (Array.isArray(value)) return (value as readonly string[]).join(',');
  return String(value);
}

function checkWholeNumber(value: ControlParameterValue, path: string, min: number, max?: number, unitNote = ''): Problem[] {
  const parsed = wholeNumber(value);
  if (parsed !== undefined && parsed >= min && (max === undefined || parsed <= max)) return [];
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}${unitNote}`;
  return [error(path, `must be a whole number ${range}; got ${show(value)}`)];
}

function checkUnit(value: ControlParameterValue | undefined, path: string): Problem[] {
  if (value === undefined || (TIME_UNITS as readonly unknown[]).includes(value)) return [];
  return [error(path, `must be "hours" or "days"; got ${show(value)}`)];
}

/** A unit/value pair (requiredFrequency*, recoveryPointAge*): AWS defaults the unit to days. */
function checkUnitAndValue(parameters: Readonly<Record<string, ControlParameterValue>>, unitName: string, valueName: string, limits: UnitValueLimits, path: string): Problem[] {
  const unit = parameters[unitName];
  const problems = checkUnit(unit, joinPath(path, unitName));
  const value = parameters[valueName];
  if (value !== undefined && problems.length === 0) {
    const effectiveUnit = (unit ?? 'days') as (typeof TIME_UNITS)[number];
    const { min, max } = limits[effectiveUnit];
    problems.push(...checkWholeNumber(value, joinPath(path, valueName), min, max, ` when ${unitName} is ${effectiveUnit}`));
  }
  return problems;
}

function checkList(
  value: ControlParameterValue,
  path: string,
  what: string,
  itemValid: (item: string) => boolean,
  itemMessage: (item: string) => string,
  most?: { readonly max: number; readonly message: (count: number, max: number) => string },
): Problem[] {
  const items = listItems(value);
  if (items === undefined) return [error(path, `must be a list of ${what} (or one comma-separated string); got ${show(value)}`)];
  if (items.length === 0) return [error(path, `must list at least one ${what.replace(/s$/, '')}`)];
  const problems: Problem[] = [];
  items.forEach((item, index) => {
    if (!isToken(item) && !itemValid(item)) problems.push(error(`${path}.${index}`, itemMessage(item)));
  });
  const duplicates = [...new Set(items.filter((item, index) => items.indexOf(item) !== index))];
  if (duplicates.length > 0) problems.push(error(path, `lists ${duplicates.map((item) => `"${item}"`).join(', ')} more than once`));
  if (most !== undefined && items.length > most.max) problems.push(error(path, most.message(items.length, most.max)));
  return problems;
}

/** Value shapes of the parameters one control is given (names already known to be valid). */
function checkParameterValues(control: FrameworkControlName, parameters: Readonly<Record<string, ControlParameterValue>>, path: string): Problem[] {
  const problems: Problem[] = [];
  const at = (name: string): string => joinPath(path, name);
  switch (control) {
    case 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK':
      problems.push(...checkUnitAndValue(parameters, 'requiredFrequencyUnit', 'requiredFrequencyValue', FRAMEWORK_PARAMETER_LIMITS.requiredFrequencyValue, path));
      if (parameters.requiredRetentionDays !== undefined) problems.push(...checkWholeNumber(parameters.requiredRetentionDays, at('requiredRetentionDays'), 1));
      break;
    case 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK':
      if (parameters.requiredRetentionDays !== undefined) problems.push(...checkWholeNumber(parameters.requiredRetentionDays, at('requiredRetentionDays'), 1));
      break;
    case 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED': {
      const value = parameters.principalArnList;
      if (value === undefined) break;
      problems.push(
        ...checkList(value, at('principalArnList'), 'IAM role or user ARNs', (item) => IAM_ROLE_OR_USER_ARN.test(item), (item) => `"${item}" is not an IAM role or user ARN (no wildcards${item.includes(',') ? ', no commas: the list is comma-separated' : ''})`, {
          max: FRAMEWORK_PARAMETER_LIMITS.principalArnList,
          message: (count, max) => `lists ${count} principals; the control exempts at most ${max}`,
        }),
      );
      break;
    }
    case 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION':
      if (parameters.crossRegionList !== undefined) {
        problems.push(...checkList(parameters.crossRegionList, at('crossRegionList'), 'Regions', (item) => REGION_PATTERN.test(item), (item) => `"${item}" is not an AWS Region such as eu-west-1`));
      }
      break;
    case 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT':
      if (parameters.crossAccountList !== undefined) {
        problems.push(
          ...checkList(parameters.crossAccountList, at('crossAccountList'), 'account ids', (item) => ACCOUNT_ID_PATTERN.test(item), (item) => `"${item}" is not a 12-digit AWS account id`, {
            max: FRAMEWORK_PARAMETER_LIMITS.crossAccountList,
            message: (count, max) => `lists ${count} accounts; the control evaluates at most ${max}`,
          }),
        );
      }
      break;
    case 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK': {
      const { minRetentionDays, maxRetentionDays } = parameters;
      const maxLimit = LOCK_LIMITS.maxRetentionDays.max;
      if (minRetentionDays !== undefined) problems.push(...checkWholeNumber(minRetentionDays, at('minRetentionDays'), LOCK_LIMITS.minRetentionDays.min, maxLimit));
      if (maxRetentionDays !== undefined) problems.push(...checkWholeNumber(maxRetentionDays, at('maxRetentionDays'), LOCK_LIMITS.minRetentionDays.min, maxLimit));
      const min = minRetentionDays === undefined ? undefined : wholeNumber(minRetentionDays);
      const max = maxRetentionDays === undefined ? undefined : wholeNumber(maxRetentionDays);
      if (problems.length === 0 && min !== undefined && max !== undefined && max < min) {
        problems.push(error(at('maxRetentionDays'), `must be at least minRetentionDays (${min}); got ${max}`));
      }
      break;
    }
    case 'BACKUP_LAST_RECOVERY_POINT_CREATED':
      problems.push(...checkUnitAndValue(parameters, 'recoveryPointAgeUnit', 'recoveryPointAgeValue', FRAMEWORK_PARAMETER_LIMITS.lastRecoveryPointAge, path));
      break;
    case 'RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT':
      problems.push(...checkUnitAndValue(parameters, 'recoveryPointAgeUnit', 'recoveryPointAgeValue', FRAMEWORK_PARAMETER_LIMITS.airGappedRecoveryPointAge, path));
      break;
    case 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET':
      if (parameters.maxRestoreTime !== undefined) problems.push(...checkWholeNumber(parameters.maxRestoreTime, at('maxRestoreTime'), 1));
      break;
    default:
      break;
  }
  return problems;
}

/**
 * What a control evaluates, where that is not the protected resources themselves (AWS Backup
 * "Choosing your controls"): a tag scope selects those objects by their own tags, and AWS Backup
 * offers these controls a tag scope (or a single resource) but no "Resources by type" scope
 * ("Controls and remediation", Scope). The config's tag scope check reads it too.
 */
export const CONTROL_SUBJECTS: Readonly<Record<string, 'plans' | 'recovery points' | 'vaults'>> = {
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: 'plans',
  BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: 'recovery points',
  BACKUP_RECOVERY_POINT_ENCRYPTED: 'recovery points',
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: 'vaults',
};
const SUBJECT_NAMES = { plans: 'backup plans', 'recovery points': 'recovery points', vaults: 'backup vaults' } as const;

function checkScope(control: FrameworkControlName, scope: FrameworkControlScopeProps, path: string): Problem[] {
  const problems: Problem[] = [];
  const validTypes = REGION_SETTINGS_RESOURCE_TYPES as readonly string[];
  const evaluated = CONTROL_SUBJECTS[control];
  const subject = evaluated === undefined ? undefined : SUBJECT_NAMES[evaluated];
  if (scope.resourceTypes !== undefined && subject !== undefined) {
    problems.push(error(joinPath(path, 'resourceTypes'), `${control} evaluates ${subject}, not resources of a type: AWS Backup scopes it by tags only ("Controls and remediation"); leave resourceTypes out (use tags)`));
  } else if (scope.resourceTypes !== undefined) {
    if (scope.resourceTypes.length === 0) {
      problems.push(error(joinPath(path, 'resourceTypes'), 'must list at least one resource type, or be left out to evaluate every type'));
    }
    scope.resourceTypes.forEach((type, index) => {
      if (!validTypes.includes(type)) {
        problems.push(error(joinPath(path, 'resourceTypes', String(index)), `"${type}" is not an AWS Backup resource type; valid types: ${validTypes.join(', ')}`));
      }
    });
  }
  if (scope.tags !== undefined) {
    const entries = Object.entries(scope.tags);
    if (entries.length > 1) {
      problems.push(error(joinPath(path, 'tags'), `has ${entries.length} tags; a control scope takes at most one tag key and value`));
    }
    for (const [key, value] of entries) {
      if (value === '') problems.push(error(joinPath(path, 'tags', key), 'has an empty value; AWS rejects an empty scope tag value'));
    }
  }
  return problems;
}

export function checkAuditFrameworkProps(props: BackupAuditFrameworkProps): Problem[] {
  const problems: Problem[] = [];
  if (!isToken(props.frameworkName) && !AUDIT_LIMITS.name.pattern.test(props.frameworkName)) {
    problems.push(error('frameworkName', `framework name "${props.frameworkName}" must be ${AUDIT_LIMITS.name.describe}`));
  }
  problems.push(...checkByteLength(props.description, FRAMEWORK_PARAMETER_LIMITS.descriptionMaxBytes, 'description'));
  const controls = Object.entries(props.controls);
  if (controls.length === 0) problems.push(error('controls', 'must name at least one control'));
  const maxControls = FRAMEWORK_PARAMETER_LIMITS.controlsPerRegion;
  if (controls.length > maxControls) {
    problems.push(error('controls', `has ${controls.length} controls; AWS Backup Audit Manager allows at most ${maxControls} per account and Region`));
  }
  for (const [name, control] of controls) {
    const path = joinPath('controls', name);
    if (!isControlName(name)) {
      problems.push(error(path, unknownControlMessage(name)));
      continue;
    }
    const parameters = control.parameters ?? {};
    const parametersPath = joinPath(path, 'parameters');
    const unknown = unknownControlParameters(name, parameters);
    for (const { parameter, message } of unknown) problems.push(error(joinPath(parametersPath, parameter), message));
    if (unknown.length === 0) problems.push(...checkParameterValues(name, parameters, parametersPath));
    if (control.scope !== undefined) problems.push(...checkScope(name, control.scope, joinPath(path, 'scope')));
  }
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/** The control blocks, in the order given; parameters in FRAMEWORK_CONTROL_PARAMETERS order. */
export function frameworkControls(controls: BackupAuditFrameworkProps['controls']): BackupFrameworkControl[] {
  return Object.entries(controls).map(([name, control]) => {
    const accepted = FRAMEWORK_CONTROL_PARAMETERS[name as FrameworkControlName] ?? [];
    const parameters = control.parameters ?? {};
    const inputParameter: BackupFrameworkControlInputParameter[] = accepted
      .filter((parameter) => parameters[parameter] !== undefined)
      .map((parameter) => ({ name: parameter, value: renderParameterValue(parameters[parameter]) }));
    let scope: BackupFrameworkControlScope | undefined;
    if (control.scope?.resourceTypes !== undefined || control.scope?.tags !== undefined) {
      scope = {
        complianceResourceTypes: control.scope.resourceTypes ? [...control.scope.resourceTypes] : undefined,
        tags: control.scope.tags ? { ...control.scope.tags } : undefined,
      };
    }
    return { name, inputParameter: inputParameter.length > 0 ? inputParameter : undefined, scope };
  });
}

/**
 * An AWS Backup Audit Manager framework: the controls AWS Config evaluates continuously against
 * backup plans, vaults and recovery points. Frameworks need AWS Config recording in the Region
 * (the framework's deployment status stays failed without it): "Before you create your first
 * compliance-related framework, you must turn on resource tracking" (AWS Backup Developer Guide,
 * "Turning on resource tracking"). This construct creates no recorder; a Terraform check block
 * warns at every plan and apply while the framework's status is not ACTIVE ("ACTIVE when recording
 * is turned on for all resources governed by the framework", DescribeFramework), so a framework
 * that evaluates nothing never passes silently.
 */
export class BackupAuditFramework extends Construct {
  readonly framework: BackupFramework;
  /** The framework ARN (a Terraform reference), for report plans. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: BackupAuditFrameworkProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupAuditFramework ${this.node.path}`, checkAuditFrameworkProps(props));
    this.framework = new BackupFramework(this, 'framework', {
      name: props.frameworkName,
      description: props.description,
      control: frameworkControls(props.controls),
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
    });
    this.arn = this.framework.arn;
    const framework = `${this.framework.terraformResourceType}.${this.framework.friendlyUniqueId}`;
    // A null status (not reported) must not break the plan: a null in a string template is an error, not a warning.
    const status = `${framework}.status == null ? "not reported" : ${framework}.status`;
    TerraformStack.of(this).addOverride(`check.${this.framework.friendlyUniqueId}_recording`, {
      assert: [
        {
          condition: `\${${framework}.status == "ACTIVE"}`,
          error_message: `AWS Backup Audit Manager framework \${${framework}.name} is \${${status}}, not ACTIVE: AWS Config does not record every resource its controls govern (PARTIALLY_ACTIVE: some, INACTIVE: none, UNAVAILABLE: AWS Backup cannot tell now), so those controls evaluate nothing. Turn on AWS Config resource tracking in this account and Region ("Turning on resource tracking", AWS Backup Developer Guide).`,
        },
      ],
    });
  }
}
