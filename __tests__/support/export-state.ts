/**
 * The Terraform state an import of an export's resources leaves: for each import block of a stack
 * (address -> import id), the attributes the AWS provider 5.100.0 reads for that resource (its Read
 * functions, internal/service/backup/*.go: vault, vault_lock_configuration, vault_policy, plan,
 * selection, region_settings, restore_testing_plan, restore_testing_selection), taken from the
 * export fixture's AWS CLI output, not from our config. Planning the adopted stack against it
 * shows what the first apply would do after the imports: the proof that adoption replaces nothing.
 * What the provider never reads stays null: a compliance lock's changeable_for_days above all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, StateResource, TerraformState } from './terraform-state';

type JsonObject = { [key: string]: Json };
type Record_ = Record<string, unknown>;

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
/** Schema versions of the types (terraform providers schema -json, hashicorp/aws 5.100.0). */
const SCHEMA_VERSIONS: Readonly<Record<string, number>> = { aws_backup_plan: 1 };

const read = (path: string): Record_ => JSON.parse(readFileSync(path, 'utf8')) as Record_;
const asArray = (value: unknown): Record_[] => (Array.isArray(value) ? (value as Record_[]) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);
const userTags = (tags: unknown): JsonObject => Object.fromEntries(Object.entries((tags ?? {}) as Record<string, string>).filter(([key]) => !key.startsWith('aws:')));

function lifecycle(value: unknown): Json[] {
  if (value === undefined) return [];
  const l = value as Record_;
  return [{ cold_storage_after: (l.MoveToColdStorageAfterDays as number) ?? 0, delete_after: (l.DeleteAfterDays as number) ?? 0, opt_in_to_archive_for_supported_resources: (l.OptInToArchiveForSupportedResources as boolean) ?? false }];
}

/** Attributes of one imported resource, read from the export folder of its Region. */
function attributesOf(type: string, id: string, regionDir: string, region: string): JsonObject {
  switch (type) {
    case 'aws_backup_vault': {
      const vault = read(join(regionDir, 'vaults', id, 'describe.json'));
      const tags = userTags(read(join(regionDir, 'vaults', id, 'tags.json')).Tags);
      return { id, name: id, arn: vault.BackupVaultArn as string, kms_key_arn: vault.EncryptionKeyArn as string, recovery_points: vault.NumberOfRecoveryPoints as number, force_destroy: false, tags, tags_all: tags, timeouts: null };
    }
    case 'aws_backup_vault_lock_configuration': {
      const vault = read(join(regionDir, 'vaults', id, 'describe.json'));
      return { id, backup_vault_name: id, backup_vault_arn: vault.BackupVaultArn as string, min_retention_days: (vault.MinRetentionDays as number) ?? 0, max_retention_days: (vault.MaxRetentionDays as number) ?? 0, changeable_for_days: null };
    }
    case 'aws_backup_vault_policy': {
      const policy = read(join(regionDir, 'vaults', id, 'access-policy.json'));
      return { id, backup_vault_name: id, backup_vault_arn: policy.BackupVaultArn as string, policy: policy.Policy as string };
    }
    case 'aws_backup_plan': {
      const response = read(join(regionDir, 'plans', id, 'plan.json'));
      const plan = response.BackupPlan as Record_;
      const tags = userTags(read(join(regionDir, 'plans', id, 'tags.json')).Tags);
      const settings = asArray(plan.AdvancedBackupSettings).length > 0 ? asArray(plan.AdvancedBackupSettings) : asArray(response.AdvancedBackupSettings);
      return {
        id,
        arn: response.BackupPlanArn as string,
        name: plan.BackupPlanName as string,
        version: response.VersionId as string,
        tags,
        tags_all: tags,
        advanced_backup_setting: settings.map((setting) => ({ resource_type: setting.ResourceType as string, backup_options: setting.BackupOptions as JsonObject })),
        rule: asArray(plan.Rules).map((rule) => ({
          rule_name: rule.RuleName as string,
          target_vault_name: rule.TargetBackupVaultName as string,
          schedule: rule.ScheduleExpression as string,
          schedule_expression_timezone: (rule.ScheduleExpressionTimezone as string) ?? '',
          start_window: (rule.StartWindowMinutes as number) ?? 0,
          completion_window: (rule.CompletionWindowMinutes as number) ?? 0,
          enable_continuous_backup: (rule.EnableContinuousBackup as boolean) ?? false,
          recovery_point_tags: (rule.RecoveryPointTags as JsonObject) ?? {},
          lifecycle: lifecycle(rule.Lifecycle),
          copy_action: asArray(rule.CopyActions).map((copy) => ({ destination_vault_arn: copy.DestinationBackupVaultArn as string, lifecycle: lifecycle(copy.Lifecycle) })),
        })),
      };
    }
    case 'aws_backup_selection': {
      const [planId = '', selectionId = ''] = id.split('|');
      const selection = read(join(regionDir, 'plans', planId, 'selections', `${selectionId}.json`)).BackupSelection as Record_;
      const conditions = (selection.Conditions ?? {}) as Record_;
      const pairs = (operator: string): Json[] => asArray(conditions[operator]).map((pair) => ({ key: pair.ConditionKey as string, value: pair.ConditionValue as string }));
      return {
        id: selectionId,
        name: selection.SelectionName as string,
        plan_id: planId,
        iam_role_arn: selection.IamRoleArn as string,
        resources: strings(selection.Resources),
        not_resources: strings(selection.NotResources),
        selection_tag: asArray(selection.ListOfTags).map((tag) => ({ type: tag.ConditionType as string, key: tag.ConditionKey as string, value: tag.ConditionValue as string })),
        condition: [{ string_equals: pairs('StringEquals'), string_like: pairs('StringLike'), string_not_equals: pairs('StringNotEquals'), string_not_like: pairs('StringNotLike') }],
      };
    }
    case 'aws_backup_region_settings': {
      const settings = read(join(regionDir, 'region-settings.json'));
      return { id: region, resource_type_opt_in_preference: settings.ResourceTypeOptInPreference as JsonObject, resource_type_management_preference: settings.ResourceTypeManagementPreference as JsonObject };
    }
    case 'aws_backup_restore_testing_plan': {
      const plan = read(join(regionDir, 'restore-testing', id, 'plan.json')).RestoreTestingPlan as Record_;
      const selection = plan.RecoveryPointSelection as Record_;
      return {
        name: id,
        arn: plan.RestoreTestingPlanArn as string,
        schedule_expression: plan.ScheduleExpression as string,
        schedule_expression_timezone: plan.ScheduleExpressionTimezone as string,
        start_window_hours: plan.StartWindowHours as number,
        tags: null,
        tags_all: {},
        recovery_point_selection: [
          {
            algorithm: selection.Algorithm as string,
            include_vaults: strings(selection.IncludeVaults),
            exclude_vaults: strings(selection.ExcludeVaults),
            recovery_point_types: strings(selection.RecoveryPointTypes),
            selection_window_days: selection.SelectionWindowDays as number,
          },
        ],
      };
    }
    case 'aws_backup_restore_testing_selection': {
      const [name = '', planName = ''] = id.split(':');
      const selection = read(join(regionDir, 'restore-testing', planName, 'selections', `${name}.json`)).RestoreTestingSelection as Record_;
      const conditions = (selection.ProtectedResourceConditions ?? {}) as Record_;
      const pairs = (operator: string): Json[] => asArray(conditions[operator]).map((pair) => ({ key: pair.Key as string, value: pair.Value as string }));
      const hasConditions = pairs('StringEquals').length + pairs('StringNotEquals').length > 0;
      return {
        name,
        restore_testing_plan_name: planName,
        iam_role_arn: selection.IamRoleArn as string,
        protected_resource_type: selection.ProtectedResourceType as string,
        protected_resource_arns: strings(selection.ProtectedResourceArns),
        protected_resource_conditions: hasConditions ? [{ string_equals: pairs('StringEquals'), string_not_equals: pairs('StringNotEquals') }] : [],
        restore_metadata_overrides: (selection.RestoreMetadataOverrides as JsonObject) ?? {},
        validation_window_hours: selection.ValidationWindowHours as number,
      };
    }
    default:
      throw new Error(`stateFromExport: no reader for ${type} (${id})`);
  }
}

/** The state of `imports` (address -> import id) of one stack, read from the export folder of its Region. */
export function stateFromExport(imports: Readonly<Record<string, string>>, regionDir: string, region: string): TerraformState {
  const resources: StateResource[] = Object.entries(imports).map(([address, id]) => {
    const [type = '', name = ''] = address.split('.');
    return { mode: 'managed', type, name, provider: PROVIDER, instances: [{ schema_version: SCHEMA_VERSIONS[type] ?? 0, attributes: attributesOf(type, id, regionDir, region), sensitive_attributes: [] }] };
  });
  return { version: 4, terraform_version: '1.11.4', serial: 1, lineage: '6f1c5d2e-0b7a-4c1e-9d3f-5a2b8c7e4d10', outputs: {}, resources, check_results: null };
}
