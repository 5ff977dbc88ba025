/**
 * Typed model of an AWS Organizations backup policy (policy type BACKUP_POLICY), as described in
 * ../shared/AWS-BACKUP-RULES.md section 8 and the AWS Organizations user guide ("Backup policy
 * syntax and examples", "Inheritance operators").
 *
 * A policy document is a tree of groups (objects with fixed keys), named maps (objects whose keys
 * are free names: plans, rules, copy actions keyed by destination vault ARN, tag ids ...) and
 * settings (leaves). Every setting is an operator object: `{"@@assign": value}` sets any value,
 * `@@append` and `@@remove` change lists only. Any node may also carry
 * `@@operators_allowed_for_child_policies` to restrict what child policies may do beneath it.
 *
 * The key lists below are the grammar the validator walks and the serializer orders keys by.
 */
import { WINDOWS_VSS_VALUES } from '../core/limits';

export const POLICY_TYPE = 'BACKUP_POLICY';

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

/** Value-setting operators. @@append and @@remove apply to lists only. There is no @@prepend. */
export const VALUE_OPERATORS = ['@@assign', '@@append', '@@remove'] as const;
export type ValueOperator = (typeof VALUE_OPERATORS)[number];

/** The child control operator. */
export const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
export type ChildControlKey = typeof CHILD_CONTROL;

/** Values of the child control operator: ["@@all"] (the default), ["@@none"], or a subset of the value operators. */
export const CHILD_CONTROL_VALUES = ['@@all', '@@none', ...VALUE_OPERATORS] as const;
export type ChildOperators = readonly ['@@all'] | readonly ['@@none'] | readonly ValueOperator[];

export interface ChildControl {
  readonly '@@operators_allowed_for_child_policies'?: ChildOperators;
}

/** A single-valued setting: `{"@@assign": value}`. */
export interface ScalarSetting<T> extends ChildControl {
  readonly '@@assign'?: T;
}

/** A multi-valued setting (a JSON list): @@assign replaces, @@append adds, @@remove removes. */
export interface ListSetting<T> extends ChildControl {
  readonly '@@assign'?: readonly T[];
  readonly '@@append'?: readonly T[];
  readonly '@@remove'?: readonly T[];
}

/** Numbers are written as strings ("60"); JSON numbers are accepted too. */
export type PolicyNumber = string | number;
/** Booleans are written as strings ("true"/"false") or JSON booleans. */
export type PolicyBoolean = boolean | 'true' | 'false';
export type WindowsVss = (typeof WINDOWS_VSS_VALUES)[number];

/**
 * An object whose keys are free names (plan names, rule names, copy action keys, tag ids ...).
 * The child control operator may sit beside the names.
 */
export interface NamedMap<T> extends ChildControl {
  readonly [name: string]: T | ChildOperators | undefined;
}

/** The named entries of a NamedMap, without the child control operator. */
export function namedEntries<T extends object>(map: NamedMap<T>): [string, T][] {
  const entries: [string, T][] = [];
  for (const [name, value] of Object.entries(map)) {
    if (name.startsWith('@@') || value === undefined || Array.isArray(value)) continue;
    entries.push([name, value as T]);
  }
  return entries;
}

/** The entry `name` of a NamedMap (undefined for the child control operator or a missing name). */
export function namedValue<T extends object>(map: NamedMap<T>, name: string): T | undefined {
  if (name.startsWith('@@') || !Object.prototype.hasOwnProperty.call(map, name)) return undefined;
  const value = map[name];
  return value === undefined || Array.isArray(value) ? undefined : (value as T);
}

// ---------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------

export interface PolicyLifecycle extends ChildControl {
  readonly move_to_cold_storage_after_days?: ScalarSetting<PolicyNumber>;
  readonly delete_after_days?: ScalarSetting<PolicyNumber>;
  readonly opt_in_to_archive_for_supported_resources?: ScalarSetting<PolicyBoolean>;
}

/** A copy action, keyed in `copy_actions` by its destination vault ARN. */
export interface PolicyCopyAction extends ChildControl {
  /** arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME; ACCOUNT may be $account. Always set it. */
  readonly target_backup_vault_arn?: ScalarSetting<string>;
  readonly lifecycle?: PolicyLifecycle;
}

/** A tag (recovery point tags, backup plan tags), keyed by a free id. */
export interface PolicyTag extends ChildControl {
  readonly tag_key: ScalarSetting<string>;
  readonly tag_value: ScalarSetting<string>;
}

export interface PolicyRule extends ChildControl {
  readonly schedule_expression: ScalarSetting<string>;
  readonly target_backup_vault_name: ScalarSetting<string>;
  readonly start_backup_window_minutes?: ScalarSetting<PolicyNumber>;
  readonly complete_backup_window_minutes?: ScalarSetting<PolicyNumber>;
  readonly enable_continuous_backup?: ScalarSetting<PolicyBoolean>;
  readonly lifecycle?: PolicyLifecycle;
  readonly copy_actions?: NamedMap<PolicyCopyAction>;
  readonly recovery_point_tags?: NamedMap<PolicyTag>;
}

/** One selection condition, keyed by a free name inside its operator (string_equals ...). */
export interface PolicyCondition extends ChildControl {
  /** aws:ResourceTag/KEY */
  readonly condition_key: ScalarSetting<string>;
  readonly condition_value: ScalarSetting<string>;
}

export const CONDITION_OPERATORS = ['string_equals', 'string_not_equals', 'string_like', 'string_not_like'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type PolicyConditions = ChildControl & { readonly [operator in ConditionOperator]?: NamedMap<PolicyCondition> };

export interface PolicyTagSelection extends ChildControl {
  readonly iam_role_arn: ScalarSetting<string>;
  readonly tag_key: ScalarSetting<string>;
  /** Accepted values (any of them selects the resource). */
  readonly tag_value: ListSetting<string>;
  readonly conditions?: PolicyConditions;
}

export interface PolicyResourceSelection extends ChildControl {
  readonly iam_role_arn: ScalarSetting<string>;
  /** "*" or resource type ARN patterns such as arn:aws:ec2:*:*:volume/* */
  readonly resource_types: ListSetting<string>;
  readonly not_resource_types?: ListSetting<string>;
  readonly conditions?: PolicyConditions;
}

/** `tags` and `resources` are mutually exclusive. */
export interface PolicySelections extends ChildControl {
  readonly tags?: NamedMap<PolicyTagSelection>;
  readonly resources?: NamedMap<PolicyResourceSelection>;
}

export interface PolicyEc2Settings extends ChildControl {
  readonly windows_vss?: ScalarSetting<WindowsVss>;
}

export interface PolicyAdvancedBackupSettings extends ChildControl {
  readonly ec2?: PolicyEc2Settings;
}

export interface PolicyPlan extends ChildControl {
  readonly regions: ListSetting<string>;
  readonly rules: NamedMap<PolicyRule>;
  readonly selections: PolicySelections;
  readonly advanced_backup_settings?: PolicyAdvancedBackupSettings;
  readonly backup_plan_tags?: NamedMap<PolicyTag>;
}

export interface BackupPolicyDocument {
  readonly plans: NamedMap<PolicyPlan>;
}

// ---------------------------------------------------------------------------
// Grammar (keys per node, in the order the serializer writes them)
// ---------------------------------------------------------------------------

export const ROOT_KEYS = ['plans'] as const;
export const PLAN_KEYS = ['regions', 'rules', 'selections', 'advanced_backup_settings', 'backup_plan_tags'] as const;
export const RULE_KEYS = [
  'schedule_expression',
  'target_backup_vault_name',
  'start_backup_window_minutes',
  'complete_backup_window_minutes',
  'enable_continuous_backup',
  'lifecycle',
  'copy_actions',
  'recovery_point_tags',
] as const;
export const LIFECYCLE_KEYS = ['move_to_cold_storage_after_days', 'delete_after_days', 'opt_in_to_archive_for_supported_resources'] as const;
export const COPY_ACTION_KEYS = ['target_backup_vault_arn', 'lifecycle'] as const;
export const TAG_KEYS = ['tag_key', 'tag_value'] as const;
export const SELECTIONS_KEYS = ['tags', 'resources'] as const;
export const TAG_SELECTION_KEYS = ['iam_role_arn', 'tag_key', 'tag_value', 'conditions'] as const;
export const RESOURCE_SELECTION_KEYS = ['iam_role_arn', 'resource_types', 'not_resource_types', 'conditions'] as const;
export const CONDITION_KEYS = ['condition_key', 'condition_value'] as const;
export const ADVANCED_BACKUP_SETTINGS_KEYS = ['ec2'] as const;
export const EC2_SETTINGS_KEYS = ['windows_vss'] as const;

/**
 * Keys the current AWS documentation shows but section 8 (and this model) does not cover: newer
 * features (logically air-gapped targets, backup indexes, malware scanning, S3 advanced settings).
 * The validator accepts them with a warning and does not check inside them.
 */
export const DOCUMENTED_UNMODELLED_KEYS = {
  plan: ['scan_settings'],
  rule: ['target_logically_air_gapped_backup_vault_arn', 'index_actions', 'scan_actions'],
  advancedBackupSettings: ['s3'],
} as const;

/**
 * Every grammar key in writing order: child control first, then the value operators, then the
 * settings. One total order that keeps the documented order of every node (a test checks it):
 * target_backup_vault_arn before lifecycle in a copy action, iam_role_arn before tag_key in a
 * tag selection, and so on.
 */
export const KEY_ORDER: readonly string[] = [
  CHILD_CONTROL,
  ...VALUE_OPERATORS,
  'plans',
  'regions',
  'rules',
  'selections',
  'advanced_backup_settings',
  'backup_plan_tags',
  'schedule_expression',
  'target_backup_vault_name',
  'target_backup_vault_arn',
  'start_backup_window_minutes',
  'complete_backup_window_minutes',
  'enable_continuous_backup',
  'lifecycle',
  'move_to_cold_storage_after_days',
  'delete_after_days',
  'opt_in_to_archive_for_supported_resources',
  'copy_actions',
  'recovery_point_tags',
  'iam_role_arn',
  'tag_key',
  'tag_value',
  'tags',
  'resources',
  'resource_types',
  'not_resource_types',
  'conditions',
  ...CONDITION_OPERATORS,
  'condition_key',
  'condition_value',
  'ec2',
  'windows_vss',
];

/** The key lists of every node, in documented order (what KEY_ORDER must respect). */
export const NODE_KEYS: readonly (readonly string[])[] = [
  ROOT_KEYS,
  PLAN_KEYS,
  RULE_KEYS,
  LIFECYCLE_KEYS,
  COPY_ACTION_KEYS,
  TAG_KEYS,
  SELECTIONS_KEYS,
  TAG_SELECTION_KEYS,
  RESOURCE_SELECTION_KEYS,
  CONDITION_OPERATORS,
  CONDITION_KEYS,
  ADVANCED_BACKUP_SETTINGS_KEYS,
  EC2_SETTINGS_KEYS,
];

/** Resource types documented for `resource_types` / `not_resource_types` (partition `aws`; other partitions swap it). */
export const DOCUMENTED_RESOURCE_TYPES = [
  'arn:aws:backup-gateway:*:*:vm/*',
  'arn:aws:cloudformation:*:*:stack/*',
  'arn:aws:dsql:*:*:cluster/*',
  'arn:aws:dynamodb:*:*:table/*',
  'arn:aws:ec2:*:*:instance/*',
  'arn:aws:ec2:*:*:volume/*',
  'arn:aws:elasticfilesystem:*:*:file-system/*',
  'arn:aws:rds:*:*:cluster:*',
  'arn:aws:rds:*:*:db:*',
  'arn:aws:redshift:*:*:cluster:*',
  'arn:aws:redshift-serverless:*:*:namespace/*',
  'arn:aws:s3:::*',
  'arn:aws:ssm-sap:*:*:HANA/*',
  'arn:aws:storagegateway:*:*:gateway/*',
  'arn:aws:timestream:*:*:database/*',
  'arn:aws:fsx:*:*:file-system/*',
  'arn:aws:fsx:*:*:volume/*',
  'arn:aws:eks:*:*:cluster/*',
] as const;

/** Substituted by each member account id, inside ARN values only. */
export const ACCOUNT_VARIABLE = '$account';
