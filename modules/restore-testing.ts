/**
 * AWS Backup restore testing (../shared/AWS-BACKUP-RULES.md section 7): a plan that picks a
 * recovery point on a schedule, selections that say which protected resources to restore, and
 * the IAM role AWS Backup passes to the restore jobs.
 *
 * AWS runs the test with its service-linked role AWSServiceRoleForBackupRestoreTesting (trusted
 * by restore-testing.backup.amazonaws.com); that role starts the restore jobs and passes each
 * selection's role to backup.amazonaws.com (iam:PassedToService), so the role here trusts
 * backup.amazonaws.com, like the backup service role.
 */
import { AWS_BACKUP_MANAGED_POLICIES } from '../core/service-limits';
import { Construct } from 'constructs';
import { TerraformData } from './terraform-data';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import {
  BackupRestoreTestingSelection,
  BackupRestoreTestingSelectionProtectedResourceConditions,
} from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { scheduleEnds } from '../core/rpo';
import { resourceTypeFacts, RESTORE_TESTING_LIMITS, resourceTypeOfArn, RULE_LIMITS } from '../core/limits';
import { addBackupTrustedRole, BackupServiceRoleProps, checkTrustedRoleProps, type TrustedRoleKind } from './service-role';
import { error, isToken, Problem, under, warning } from '../core/problems';
import { checkAccountContext, checkPassedRoleAt, checkRoleArnProp, checkScheduleTimezone, checkTags, scheduleProblem } from '../core/checks';
import { knownRegionPartition } from '../core/regions';
import { providerPlace } from './provider-place';
import { sortedEntries } from '../core/order';
import { reportPropsProblems } from './props-problems';
import { awsConditionKeyProblem } from './backup-selection';

export type RestoreTestingAlgorithm = (typeof RESTORE_TESTING_LIMITS.algorithms)[number];
export type RestoreTestingRecoveryPointType = (typeof RESTORE_TESTING_LIMITS.recoveryPointTypes)[number];
export type RestoreTestingResourceType = (typeof RESTORE_TESTING_LIMITS.protectedResourceTypes)[number];

/** Defaults of the restore testing plan (weekly, Sunday 06:00 UTC, latest snapshot of the last 30 days). */
export const RESTORE_TESTING_DEFAULTS = {
  schedule: 'cron(0 6 ? * SUN *)',
  scheduleTimezone: RULE_LIMITS.defaultTimezone,
  startWindowHours: 24,
  algorithm: 'LATEST_WITHIN_WINDOW',
  recoveryPointTypes: ['SNAPSHOT'],
  selectionWindowDays: 30,
  roleName: 'aws-backup-restore-testing-role',
} as const;

/** A selection lists "*" or at most 30 specific ARNs (CreateRestoreTestingSelection, AWS Backup API reference). */
export const MAX_PROTECTED_RESOURCE_ARNS = 30;

/** AWS managed policies for restores, and for S3 restores (which the first one does not cover). */
export const RESTORE_TESTING_ROLE_POLICIES = [AWS_BACKUP_MANAGED_POLICIES.restores, AWS_BACKUP_MANAGED_POLICIES.s3Restore] as const;

/** Restore testing types that have CONTINUOUS (point-in-time) recovery points: Aurora, RDS, S3. */
export const CONTINUOUS_RESTORE_TESTING_TYPES: readonly RestoreTestingResourceType[] = RESTORE_TESTING_LIMITS.protectedResourceTypes.filter(
  (type) => resourceTypeFacts(type)?.supportsContinuousBackup === true,
);

/**
 * The resource types (core/limits.ts RESOURCE_TYPES) whose ARNs a selection of each type may list.
 * DocumentDB and Neptune clusters have rds ...:cluster: ARNs, which resourceTypeOfArn calls Aurora.
 */
const ARN_TYPES: Readonly<Record<RestoreTestingResourceType, readonly string[]>> = {
  Aurora: ['Aurora'],
  DocumentDB: ['Aurora'],
  DynamoDB: ['DynamoDB'],
  EBS: ['EBS'],
  EC2: ['EC2'],
  EFS: ['EFS'],
  FSx: ['FSx'],
  Neptune: ['Aurora'],
  RDS: ['RDS'],
  S3: ['S3'],
};

/** Backup vault ARNs, with the wildcards AWS accepts in include_vaults (arn:aws:backup:*:*:backup-vault:prod-*). */
export const BACKUP_VAULT_ARN_PATTERN = /^arn:aws[a-z-]*:backup:([a-z0-9-]+|\*):(\d{12}|\*):backup-vault:[A-Za-z0-9_*-]+$/;

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/**
 * Turns a config-style name into a valid restore testing name: every character outside
 * A-Z a-z 0-9 _ becomes '_', and the result is cut to 50 characters ('gold-weekly' -> 'gold_weekly').
 * An empty name stays empty (and fails the checks).
 */
export function restoreTestingName(from: string): string {
  return from.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 50);
}

/** Restore testing plan and selection names: 1-50 of A-Z a-z 0-9 _, unlike backup plan names (no '-', no '.'). */
export function checkRestoreTestingName(kind: 'restore testing plan' | 'restore testing selection', value: string, path: string): Problem[] {
  if (isToken(value)) return [];
  const rule = RESTORE_TESTING_LIMITS.name;
  if (rule.pattern.test(value)) return [];
  const suggestion = restoreTestingName(value);
  const base = `${kind} name "${value}" must be ${rule.describe}`;
  if (!rule.pattern.test(suggestion)) return [error(path, base)];
  const hint = value.includes('-') ? `replace '-' with '_': "${suggestion}"` : `use "${suggestion}"`;
  return [error(path, `${base}; ${hint}`)];
}

// ---------------------------------------------------------------------------
// Role
// ---------------------------------------------------------------------------

/** The restore testing role takes the service role's props (default name aws-backup-restore-testing-role). */
export type RestoreTestingRoleProps = BackupServiceRoleProps;

const RESTORE_TESTING_ROLE_KIND: TrustedRoleKind = { defaultName: RESTORE_TESTING_DEFAULTS.roleName, managedPolicies: RESTORE_TESTING_ROLE_POLICIES, jobs: 'restore job of a restore test' }; // checkTrustedRoleProps

export function checkRestoreTestingRoleProps(props: RestoreTestingRoleProps): Problem[] {
  return checkTrustedRoleProps(props, RESTORE_TESTING_ROLE_KIND);
}

/**
 * The IAM role AWS Backup assumes for the restore jobs of restore tests: it trusts only
 * backup.amazonaws.com on behalf of this account and has the AWS managed restore policies.
 * Recovery points encrypted with a customer managed key also need the key policy to allow it.
 */
export class RestoreTestingRole extends Construct {
  readonly role: IamRole;
  /** The role ARN (a Terraform reference): give it to each selection's iamRoleArn. */
  get arn(): string {
    return this.role.arn;
  }

  constructor(scope: Construct, id: string, props: RestoreTestingRoleProps) {
    super(scope, id);
    reportPropsProblems(this, `RestoreTestingRole ${this.node.path}`, [...checkAccountContext(props.account), ...checkRestoreTestingRoleProps(props)]);
    this.role = addBackupTrustedRole(this, props, {
      roleName: RESTORE_TESTING_DEFAULTS.roleName,
      description: 'Assumed by AWS Backup to run restore tests',
      managedPolicies: RESTORE_TESTING_ROLE_POLICIES,
    });
  }
}

// ---------------------------------------------------------------------------
// Plan and selections
// ---------------------------------------------------------------------------

/** tag key -> one value or several. Keys are tag keys or full aws:ResourceTag/ keys. */
export type RestoreTestingTagValues = Readonly<Record<string, string | readonly string[]>>;

export interface RestoreTestingConditions {
  /** Resources whose tag has this value (every pair must hold: AND). @default none */
  readonly stringEquals?: RestoreTestingTagValues;
  /** Resources whose tag does not have this value (AND). @default none */
  readonly stringNotEquals?: RestoreTestingTagValues;
}

export interface RestoreTestingSelectionProps {
  /** One of Aurora, DocumentDB, DynamoDB, EBS, EC2, EFS, FSx, Neptune, RDS, S3. */
  readonly protectedResourceType: RestoreTestingResourceType;
  /** Role AWS Backup uses for the restore jobs (e.g. RestoreTestingRole.arn); it must trust backup.amazonaws.com. */
  readonly iamRoleArn: string;
  /**
   * ["*"] (every protected resource of the type) or at most 30 ARNs of resources of that type.
   * Exactly one of protectedResourceArns and protectedResourceConditions. @default none
   */
  readonly protectedResourceArns?: readonly string[];
  /** Tag conditions on protected resources of the type. Exactly one of protectedResourceArns and protectedResourceConditions. @default none */
  readonly protectedResourceConditions?: RestoreTestingConditions;
  /** Hours the restored resource is kept for validation before AWS Backup deletes it, 1-168. @default not set (AWS default) */
  readonly validationWindowHours?: number;
  /**
   * Restore metadata AWS Backup would otherwise infer. Keys are not case sensitive and the
   * overridable ones differ by type (AWS Backup guide, "Restore testing inferred metadata"), e.g.
   * EC2 subnetId, securityGroupIds, instanceType, iamInstanceProfileName (UseBackedUpValue: iamRoleArn must
   * be allowed to pass the profile's role to ec2.amazonaws.com, iam:PassRole, as AWS's restore policy
   * RestoreTestingRole attaches allows since its version 35), requireImdsV2; EBS
   * availabilityZone, kmsKeyId, volumetype; DynamoDB encryptionType, kmsMasterKeyArn. Without a
   * network override AWS restores EC2 instances and RDS clusters into the default VPC, and the
   * test fails when there is none: give the subnet (group) and security groups for those types.
   * @default none
   */
  readonly restoreMetadataOverrides?: Readonly<Record<string, string>>;
}

export interface RestoreTestingPlanProps {
  /** 1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot): see restoreTestingName(). */
  readonly planName: string;
  /** AWS cron expression. @default 'cron(0 6 ? * SUN *)' (weekly, Sunday 06:00) */
  readonly schedule?: string;
  /** IANA time zone of the schedule. @default 'Etc/UTC' */
  readonly scheduleTimezone?: string;
  /** Hours after the scheduled time within which the test must start, 1-168. @default 24 */
  readonly startWindowHours?: number;
  /** Which recovery point of the window is restored. @default 'LATEST_WITHIN_WINDOW' */
  readonly algorithm?: RestoreTestingAlgorithm;
  /** Vaults whose recovery points are eligible: backup vault ARNs (wildcards allowed) or ['*']. Required, not empty. */
  readonly includeVaults: readonly string[];
  /** Backup vault ARNs whose recovery points are not eligible. @default none */
  readonly excludeVaults?: readonly string[];
  /** SNAPSHOT and/or CONTINUOUS (point-in-time: Aurora, RDS and S3 only). @default ['SNAPSHOT'] */
  readonly recoveryPointTypes?: readonly RestoreTestingRecoveryPointType[];
  /** Only recovery points created in the last N days are eligible, 1-365. @default 30 */
  readonly selectionWindowDays?: number;
  /** Selections keyed by selection name (1-50 characters of A-Z a-z 0-9 _), 1-30 of them. */
  readonly selections: Readonly<Record<string, RestoreTestingSelectionProps>>;
  /** Tags of the plan (selections have none). @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

const list = (values: readonly string[]): string => values.join(', ');
const valuesOf = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);
const conditionKey = (key: string): string => (key.startsWith('aws:ResourceTag/') ? key : `aws:ResourceTag/${key}`);
/** 'an' before a vowel sound: an Aurora, an EBS, an S3, an RDS; a DynamoDB, a Redshift. */
const article = (word: string): string => (/^([AEIOU]|[FHLMNRSX][A-Z0-9])/.test(word) ? 'an' : 'a');

function checkWholeRange(path: string, value: number, range: { readonly min: number; readonly max: number }, unit: string): Problem[] {
  return Number.isInteger(value) && value >= range.min && value <= range.max
    ? []
    : [error(path, `must be a whole number of ${unit} between ${range.min} and ${range.max}; got ${value}`)];
}

function checkVaultArns(arns: readonly string[], field: string, allowStar: boolean): Problem[] {
  const problems: Problem[] = [];
  arns.forEach((arn, index) => {
    if (isToken(arn)) return;
    if (arn === '*') {
      if (!allowStar) problems.push(error(`${field}.${index}`, '"*" excludes every vault: no recovery point is left to test'));
    } else if (!BACKUP_VAULT_ARN_PATTERN.test(arn)) {
      const expected = allowStar ? ' or "*"' : '';
      problems.push(error(`${field}.${index}`, `"${arn}" is not a backup vault ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME)${expected}`));
    }
  });
  return problems;
}

function checkRecoveryPointTypes(types: readonly string[]): Problem[] {
  const allowed: readonly string[] = RESTORE_TESTING_LIMITS.recoveryPointTypes;
  if (types.length === 0) return [error('recoveryPointTypes', `must list at least one of ${list(allowed)}`)];
  const problems: Problem[] = [];
  types.forEach((type, index) => {
    if (!allowed.includes(type)) {
      problems.push(error(`recoveryPointTypes.${index}`, `"${type}" is not a recovery point type; use ${allowed.join(' or ')}`));
    } else if (types.indexOf(type) !== index) {
      problems.push(error(`recoveryPointTypes.${index}`, `lists "${type}" twice`));
    }
  });
  return problems;
}

/**
 * An ARN with a wildcard in it: AWS Backup takes ProtectedResourceArns of "specific ARNs, such as
 * ["arn:aws:...", "arn:aws:..."] or ... a wildcard: ["*"], but not both" (RestoreTestingSelectionForCreate),
 * unlike a backup selection's Resources, so such an entry names no protected resource. The one answer for
 * validate and for what a restore test can restore (config/restore-test-scope.ts restoreTestMayPick).
 */
export const isArnPattern = (arn: string): boolean => arn !== '*' && arn.includes('*');

function checkProtectedResourceArns(arns: readonly string[], type: RestoreTestingResourceType | undefined): Problem[] {
  const problems: Problem[] = [];
  if (arns.includes('*') && arns.length > 1) {
    problems.push(error('protectedResourceArns', '"*" selects every protected resource of the type: list it alone, not with specific ARNs'));
  } else if (arns.length > MAX_PROTECTED_RESOURCE_ARNS) {
    problems.push(error('protectedResourceArns', `has ${arns.length} ARNs; a restore testing selection allows at most ${MAX_PROTECTED_RESOURCE_ARNS} (or "*")`));
  }
  arns.forEach((arn, index) => {
    if (arn === '*' || isToken(arn)) return;
    const path = `protectedResourceArns.${index}`;
    if (!arn.startsWith('arn:')) {
      problems.push(error(path, `"${arn}" is not an ARN (or "*")`));
      return;
    }
    if (isArnPattern(arn)) {
      problems.push(
        warning(path, `"${arn}" is a pattern, but a restore testing selection takes "*" alone or specific ARNs (CreateRestoreTestingSelection): no protected resource has this ARN, so it restores none; list the resources' ARNs, or use protectedResourceConditions`),
      );
    }
    if (type === undefined) return;
    const found = resourceTypeOfArn(arn);
    if (found === undefined) {
      problems.push(error(path, `"${arn}" is not the ARN of ${article(type)} ${type} resource`));
    } else if (!ARN_TYPES[type].includes(found.name)) {
      problems.push(error(path, `"${arn}" is ${article(found.name)} ${found.name} ARN, but protectedResourceType is ${type}`));
    }
  });
  return problems;
}

function checkConditions(conditions: RestoreTestingConditions): Problem[] {
  const problems: Problem[] = [];
  const notEquals = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(conditions.stringNotEquals ?? {})) {
    notEquals.set(conditionKey(key), [...(notEquals.get(conditionKey(key)) ?? []), ...valuesOf(value)]);
  }
  for (const operator of ['stringEquals', 'stringNotEquals'] as const) {
    for (const key of Object.keys(conditions[operator] ?? {})) {
      const problem = awsConditionKeyProblem(key, `protectedResourceConditions.${operator}.${key}`);
      if (problem !== undefined) problems.push(problem);
    }
  }
  for (const [key, value] of Object.entries(conditions.stringEquals ?? {})) {
    const values = valuesOf(value);
    if (new Set(values).size > 1) {
      problems.push(
        error(`protectedResourceConditions.stringEquals.${key}`, `requires tag "${key}" to equal ${values.map((v) => `"${v}"`).join(' and ')} at once (conditions are AND-ed): nothing matches`),
      );
    }
    const clash = values.find((v) => (notEquals.get(conditionKey(key)) ?? []).includes(v));
    if (clash !== undefined) {
      const notEqualsKey = Object.keys(conditions.stringNotEquals ?? {}).find((k) => conditionKey(k) === conditionKey(key));
      problems.push(error(`protectedResourceConditions.stringNotEquals.${notEqualsKey}`, `excludes "${clash}", which stringEquals requires: nothing matches`));
    }
  }
  return problems;
}

function conditionCount(conditions: RestoreTestingConditions | undefined): number {
  let count = 0;
  for (const operator of [conditions?.stringEquals, conditions?.stringNotEquals]) {
    for (const value of Object.values(operator ?? {})) count += valuesOf(value).length;
  }
  return count;
}

/**
 * Whether a selection's restore jobs lack metadata AWS Backup cannot infer: AWS Backup Developer Guide, "Restore testing
 * inferred metadata": for Amazon FSx it "is not able to infer a complete set of metadata", so a selection without
 * restoreMetadataOverrides starts restore jobs that fail. The one answer for validate (checkRestoreTestingPlanProps) and
 * for the runbook's credit (report/runbook.ts).
 */
export function lacksRestoreMetadata(selection: Pick<RestoreTestingSelectionProps, 'protectedResourceType' | 'restoreMetadataOverrides'>): boolean {
  return selection.protectedResourceType === 'FSx' && Object.keys(selection.restoreMetadataOverrides ?? {}).length === 0;
}

/** Checks one selection (its name is checked by checkRestoreTestingPlanProps, which keys selections by name). */
export function checkRestoreTestingSelectionProps(props: RestoreTestingSelectionProps): Problem[] {
  const problems: Problem[] = [];
  const types: readonly string[] = RESTORE_TESTING_LIMITS.protectedResourceTypes;
  const type = types.includes(props.protectedResourceType) ? props.protectedResourceType : undefined;
  if (type === undefined) {
    problems.push(error('protectedResourceType', `"${props.protectedResourceType}" is not a restore testing resource type; use one of ${list(types)}`));
  }
  problems.push(...checkRoleArnProp(props.iamRoleArn, 'iamRoleArn'));
  const arns = props.protectedResourceArns ?? [];
  const conditions = conditionCount(props.protectedResourceConditions);
  if (arns.length > 0 && conditions > 0) {
    problems.push(error('', 'give protectedResourceArns or protectedResourceConditions, not both (the provider requires exactly one)'));
  } else if (arns.length === 0 && conditions === 0) {
    problems.push(error('', 'selects nothing: give protectedResourceArns (ARNs, or ["*"] for every resource of the type) or protectedResourceConditions'));
  }
  problems.push(...checkProtectedResourceArns(arns, type));
  if (props.protectedResourceConditions) problems.push(...checkConditions(props.protectedResourceConditions));
  if (props.validationWindowHours !== undefined) {
    problems.push(...checkWholeRange('validationWindowHours', props.validationWindowHours, RESTORE_TESTING_LIMITS.validationWindowHours, 'hours'));
  }
  return problems;
}

/** Section 7, every limit of the plan and of its selections. */
export function checkRestoreTestingPlanProps(props: RestoreTestingPlanProps): Problem[] {
  const problems = checkRestoreTestingName('restore testing plan', props.planName, 'planName');
  const scheduleReason = props.schedule === undefined ? undefined : (scheduleProblem(props.schedule) ?? scheduleEnds(props.schedule, props.scheduleTimezone, 'restore test'));
  if (scheduleReason !== undefined) problems.push(error('schedule', scheduleReason));
  problems.push(...checkScheduleTimezone(props.scheduleTimezone));
  if (props.startWindowHours !== undefined) {
    problems.push(...checkWholeRange('startWindowHours', props.startWindowHours, RESTORE_TESTING_LIMITS.startWindowHours, 'hours'));
  }
  const algorithms: readonly string[] = RESTORE_TESTING_LIMITS.algorithms;
  if (props.algorithm !== undefined && !algorithms.includes(props.algorithm)) {
    problems.push(error('algorithm', `"${props.algorithm}" is not an algorithm; use ${algorithms.join(' or ')}`));
  }
  if (props.includeVaults.length === 0) {
    problems.push(error('includeVaults', 'must list at least one backup vault ARN, or "*" for every vault'));
  } else if (props.includeVaults.includes('*') && props.includeVaults.length > 1) {
    problems.push(warning('includeVaults', '"*" already includes every vault: the other entries have no effect'));
  }
  problems.push(...checkVaultArns(props.includeVaults, 'includeVaults', true), ...checkVaultArns(props.excludeVaults ?? [], 'excludeVaults', false));
  const recoveryPointTypes: readonly string[] = props.recoveryPointTypes ?? RESTORE_TESTING_DEFAULTS.recoveryPointTypes;
  problems.push(...checkRecoveryPointTypes(recoveryPointTypes));
  if (props.selectionWindowDays !== undefined) {
    problems.push(...checkWholeRange('selectionWindowDays', props.selectionWindowDays, RESTORE_TESTING_LIMITS.selectionWindowDays, 'days'));
  }

  const selections = Object.entries(props.selections);
  const max = RESTORE_TESTING_LIMITS.selectionsPerPlan;
  if (selections.length === 0) problems.push(error('selections', 'a restore testing plan needs at least one selection'));
  if (selections.length > max) problems.push(error('selections', `has ${selections.length} selections; a restore testing plan allows at most ${max}`));
  const continuous = recoveryPointTypes.includes('CONTINUOUS');
  const onlyContinuous = continuous && !recoveryPointTypes.includes('SNAPSHOT');
  for (const [name, selection] of selections) {
    problems.push(
      ...checkRestoreTestingName('restore testing selection', name, `selections.${name}`),
      ...under(`selections.${name}`, checkRestoreTestingSelectionProps(selection)),
    );
    const type = selection.protectedResourceType;
    const known = (RESTORE_TESTING_LIMITS.protectedResourceTypes as readonly string[]).includes(type);
    if (continuous && known && !CONTINUOUS_RESTORE_TESTING_TYPES.includes(type)) {
      const effect = onlyContinuous ? 'this selection has no recovery point to test' : 'only its snapshots are tested';
      problems.push(
        warning(
          `selections.${name}.protectedResourceType`,
          `${type} has no CONTINUOUS recovery points (only ${list(CONTINUOUS_RESTORE_TESTING_TYPES)} do): ${effect}`,
        ),
      );
    }
    if (lacksRestoreMetadata(selection)) {
      problems.push(
        warning(
          `selections.${name}.restoreMetadataOverrides`,
          'is not given, and AWS Backup cannot infer a complete set of restore metadata for Amazon FSx: its restore jobs may fail; give the settings a restore of these file systems needs',
        ),
      );
    }
  }
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/**
 * Plain values sorted, then Terraform references in the caller's order: a reference's token string
 * numbers it in creation order across the whole process, so sorting tokens would make the output
 * depend on what was synthesized before.
 */
const sorted = (values: readonly string[]): string[] => [...values.filter((value) => !isToken(value)).sort(), ...values.filter((value) => isToken(value))];

function conditionBlocks(conditions: RestoreTestingConditions): BackupRestoreTestingSelectionProtectedResourceConditions[] {
  const pairs = (values: RestoreTestingTagValues = {}) =>
    sortedEntries(values).flatMap(([key, value]) => sorted(valuesOf(value)).map((v) => ({ key: conditionKey(key), value: v })));
  const stringEquals = pairs(conditions.stringEquals);
  const stringNotEquals = pairs(conditions.stringNotEquals);
  return [
    {
      stringEquals: stringEquals.length > 0 ? stringEquals : undefined,
      stringNotEquals: stringNotEquals.length > 0 ? stringNotEquals : undefined,
    },
  ];
}

const RESTORE_TESTING_ROLE_USE = { subject: 'the restore testing selection', creating: 'creating a restore testing selection', lost: 'the test never runs' } as const;

/** A restore testing plan and its selections (one aws_backup_restore_testing_selection each). */
export class RestoreTestingPlan extends Construct {
  readonly plan: BackupRestoreTestingPlan;
  /** Selections by name. */
  readonly selections: Readonly<Record<string, BackupRestoreTestingSelection>>;
  /** The plan name (a Terraform reference). */
  readonly planName: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: RestoreTestingPlanProps) {
    super(scope, id);
    const { region, accountId } = providerPlace(this, props.provider);
    // Each selection's role, where its provider runs (as the config judges restoreTesting.<name>.role): of its partition and account.
    const where = { partition: region === undefined ? undefined : knownRegionPartition(region), partitionField: `the partition of ${region}`, accountId };
    const roles = sortedEntries(props.selections).flatMap(([name, selection]) => checkPassedRoleAt(selection.iamRoleArn, where, `selections.${name}.iamRoleArn`, RESTORE_TESTING_ROLE_USE));
    reportPropsProblems(this, `RestoreTestingPlan ${this.node.path}`, [...checkRestoreTestingPlanProps(props), ...roles]);
    const excludeVaults = props.excludeVaults ?? [];
    this.plan = new BackupRestoreTestingPlan(this, 'plan', {
      name: props.planName,
      scheduleExpression: props.schedule ?? RESTORE_TESTING_DEFAULTS.schedule,
      scheduleExpressionTimezone: props.scheduleTimezone ?? RESTORE_TESTING_DEFAULTS.scheduleTimezone,
      startWindowHours: props.startWindowHours ?? RESTORE_TESTING_DEFAULTS.startWindowHours,
      recoveryPointSelection: [
        {
          algorithm: props.algorithm ?? RESTORE_TESTING_DEFAULTS.algorithm,
          includeVaults: sorted(props.includeVaults),
          excludeVaults: excludeVaults.length > 0 ? sorted(excludeVaults) : undefined,
          recoveryPointTypes: sorted(props.recoveryPointTypes ?? RESTORE_TESTING_DEFAULTS.recoveryPointTypes),
          selectionWindowDays: props.selectionWindowDays ?? RESTORE_TESTING_DEFAULTS.selectionWindowDays,
        },
      ],
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
    });
    this.planName = this.plan.name;
    this.arn = this.plan.arn;

    const selections: Record<string, BackupRestoreTestingSelection> = {};
    for (const [name, selection] of sortedEntries(props.selections)) {
      const arns = selection.protectedResourceArns ?? [];
      const hasConditions = conditionCount(selection.protectedResourceConditions) > 0;
      // Provider 5.100.0 never sends a change of protected_resource_arns to AWS (the apply succeeds,
      // AWS keeps testing the old resources: hashicorp/terraform-provider-aws#48316), so the
      // selection is replaced when its ARNs change, through a terraform_data holding them.
      const arnsHeld = arns.length > 0 ? new TerraformData(this, `selection-${name}-resources`, sorted(arns)) : undefined;
      selections[name] = new BackupRestoreTestingSelection(this, `selection-${name}`, {
        name,
        restoreTestingPlanName: this.plan.name,
        protectedResourceType: selection.protectedResourceType,
        iamRoleArn: selection.iamRoleArn,
        protectedResourceArns: arns.length > 0 ? sorted(arns) : undefined,
        protectedResourceConditions: hasConditions && selection.protectedResourceConditions ? conditionBlocks(selection.protectedResourceConditions) : undefined,
        validationWindowHours: selection.validationWindowHours,
        restoreMetadataOverrides: selection.restoreMetadataOverrides ? Object.fromEntries(sortedEntries(selection.restoreMetadataOverrides)) : undefined,
        provider: props.provider,
        // A bare address: Terraform's JSON syntax reads replace_triggered_by entries as references, not "${...}" templates.
        ...(arnsHeld ? { lifecycle: { replaceTriggeredBy: [`${arnsHeld.terraformResourceType}.${arnsHeld.friendlyUniqueId}`] } } : {}),
      });
    }
    this.selections = selections;
  }
}
