/**
 * The configuration file's shape (zod). Field-level limits live here; rules that relate several
 * fields (a copy into a locked vault, a key in another Region) live in ./rules.ts.
 * Every field carries a description with its default and limits: the JSON Schema (`npm run schema`)
 * and the README's field reference are generated from them.
 */
import { z } from 'zod';
import {
  ACCOUNT_ID_PATTERN,
  CONFIG_KEY,
  IAM_PRINCIPAL_ARN_PATTERN,
  IAM_ROLE_ARN_PATTERN,
  KMS_KEY_ARN_PATTERN,
  KMS_LIMITS,
  LOCK_LIMITS,
  NAME_RULES,
  PARTITIONS,
  REGION_PATTERN,
  RULE_LIMITS,
  WINDOWS_VSS_VALUES,
} from './limits';
import { RULE_PRESET_NAMES } from '../modules/presets';

const configKey = z.string().regex(CONFIG_KEY.pattern, { error: `must be ${CONFIG_KEY.describe}` });
const keyedMap = <T extends z.ZodType>(value: T) => z.record(configKey, value);

const region = z.string().regex(REGION_PATTERN, { error: 'must be an AWS Region code such as eu-west-1' });
const days = (what: string) => z.int({ error: `${what} must be a whole number of days` });

/** AWS resource tags: key 1-128 characters, value 0-256 characters. */
export const tagsSchema = z
  .record(
    z.string().min(1, { error: 'tag keys must not be empty' }).max(128, { error: 'tag keys must be at most 128 characters' }),
    z.string({ error: 'tag values must be strings (quote numbers and booleans)' }).max(256, { error: 'tag values must be at most 256 characters' }),
  )
  .describe('Tags as key: value. Keys 1-128 characters, values 0-256 characters.');

const principalArn = z
  .string()
  .regex(IAM_PRINCIPAL_ARN_PATTERN, { error: 'must be an IAM principal ARN such as arn:aws:iam::111122223333:role/BreakGlass' });

export const accountSchema = z
  .strictObject({
    id: z
      .string({ error: 'must be a quoted 12-digit account id ("012345678901"): YAML reads unquoted digits as a number' })
      .regex(ACCOUNT_ID_PATTERN, { error: 'must be a 12-digit AWS account id' })
      .describe('The AWS account id, quoted ("111122223333").'),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be 1-40 characters of a-z 0-9 -, starting with a letter (it names the stacks)' })
      .describe('Short account name used in stack names: <name>-<region>. 1-40 characters of a-z 0-9 -.'),
    region: region.describe('The primary Region: its stack creates the service role and any vault in a Region that runs no plan.'),
    partition: z.enum(PARTITIONS).default('aws').describe('The AWS partition. Default aws.'),
  })
  .describe('The account the stacks deploy into.');

export const serviceRoleSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_RULES.role.pattern, { error: `must be ${NAME_RULES.role.describe}` })
      .default('aws-backup-service-role')
      .describe('Name of the IAM role created for AWS Backup. Default aws-backup-service-role.'),
    path: z.string().regex(/^\/([A-Za-z0-9+=,.@_-]+\/)*$/, { error: 'must start and end with "/"' }).default('/').describe('IAM path of the role. Default /.'),
    arn: z
      .string()
      .regex(IAM_ROLE_ARN_PATTERN, { error: 'must be an IAM role ARN such as arn:aws:iam::111122223333:role/BackupRole' })
      .optional()
      .describe('Use this existing role instead of creating one. It must trust backup.amazonaws.com.'),
    permissionsBoundaryArn: z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/, { error: 'must be an IAM policy ARN' }).optional().describe('Permissions boundary for the created role. Default none.'),
    tags: tagsSchema.optional(),
  })
  .describe('The IAM role AWS Backup assumes to back up and restore (created unless arn is given).');

export const keySchema = z
  .strictObject({
    region: region.optional().describe('Region of the key. Default account.region.'),
    alias: z
      .string()
      .regex(NAME_RULES.keyAlias.pattern, { error: `must be ${NAME_RULES.keyAlias.describe}` })
      .optional()
      .describe('KMS alias. Default alias/backup/<key name>.'),
    description: z.string().max(8192).optional().describe('Key description. Default "AWS Backup vault key <name>".'),
    deletionWindowInDays: days('deletionWindowInDays')
      .min(KMS_LIMITS.deletionWindowInDays.min, { error: `must be at least ${KMS_LIMITS.deletionWindowInDays.min}` })
      .max(KMS_LIMITS.deletionWindowInDays.max, { error: `must be at most ${KMS_LIMITS.deletionWindowInDays.max}` })
      .default(KMS_LIMITS.deletionWindowInDays.default)
      .describe(`Waiting period before a deleted key is destroyed, ${KMS_LIMITS.deletionWindowInDays.min}-${KMS_LIMITS.deletionWindowInDays.max}. Default ${KMS_LIMITS.deletionWindowInDays.default}.`),
    administrators: z
      .array(principalArn)
      .optional()
      .describe('Principals allowed to administer (not use) the key. Default the account root, which delegates to IAM policies.'),
    preventDestroy: z.boolean().default(true).describe('Terraform lifecycle.prevent_destroy. Default true.'),
    tags: tagsSchema.optional(),
  })
  .describe('A customer-managed KMS key shared by several vaults in one Region. Rotation is always on.');

export const lockSchema = z
  .strictObject({
    mode: z.enum(['governance', 'compliance']).describe('governance: removable by principals with IAM permission; compliance: immutable once changeableForDays have passed, even for root.'),
    minRetentionDays: days('minRetentionDays')
      .min(LOCK_LIMITS.minRetentionDays.min, { error: `must be at least ${LOCK_LIMITS.minRetentionDays.min}` })
      .describe('Shortest retention a recovery point in the vault may have. At least 1.'),
    maxRetentionDays: days('maxRetentionDays')
      .max(LOCK_LIMITS.maxRetentionDays.max, { error: `must be at most ${LOCK_LIMITS.maxRetentionDays.max}` })
      .optional()
      .describe('Longest retention allowed, at most 36500 and above minRetentionDays. Default no maximum.'),
    changeableForDays: days('changeableForDays')
      .min(LOCK_LIMITS.changeableForDays.min, { error: `must be at least ${LOCK_LIMITS.changeableForDays.min}` })
      .max(LOCK_LIMITS.changeableForDays.max, { error: `must be at most ${LOCK_LIMITS.changeableForDays.max}` })
      .optional()
      .describe('Compliance mode only (required there): grace period in days, 3-36500, before the lock becomes immutable.'),
  })
  .describe('AWS Backup Vault Lock.');

export const accessPolicySchema = z
  .strictObject({
    denyRecoveryPointDeletion: z
      .boolean()
      .default(true)
      .describe('Deny backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle and backup:PutBackupVaultAccessPolicy to every principal but the break-glass ones. Default true.'),
    breakGlassPrincipals: z
      .array(principalArn)
      .default([])
      .describe('Principal ARNs (wildcards allowed, matched with ArnLike) exempt from the deny. Default none.'),
  })
  .describe('The vault access policy.');

export const vaultSchema = z
  .strictObject({
    name: z.string().optional().describe(`Vault name, ${NAME_RULES.vault.describe}. Default the map key.`),
    region: region.optional().describe('Region of the vault. Default account.region.'),
    kmsKey: configKey.optional().describe('Name of a key in keys to encrypt with. Default: a dedicated key is created for the vault.'),
    kmsKeyArn: z
      .string()
      .regex(KMS_KEY_ARN_PATTERN, { error: 'must be a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/...' })
      .optional()
      .describe('ARN of an existing customer-managed key in the vault Region, instead of kmsKey.'),
    lock: lockSchema.optional(),
    accessPolicy: accessPolicySchema.default({ denyRecoveryPointDeletion: true, breakGlassPrincipals: [] }),
    forceDestroy: z.boolean().default(false).describe('Let Terraform delete the vault with its recovery points. Default false.'),
    preventDestroy: z.boolean().default(true).describe('Terraform lifecycle.prevent_destroy on the vault, its key and lock. Default true.'),
    tags: tagsSchema.optional(),
  })
  .describe('A backup vault.');

export const lifecycleSchema = z
  .strictObject({
    deleteAfterDays: days('deleteAfterDays')
      .min(RULE_LIMITS.deleteAfterDays.min, { error: `must be at least ${RULE_LIMITS.deleteAfterDays.min}` })
      .max(RULE_LIMITS.deleteAfterDays.max, { error: `must be at most ${RULE_LIMITS.deleteAfterDays.max}` })
      .optional()
      .describe('Days a recovery point is kept, 1-36500; at least coldStorageAfterDays + 90. Required on rules (or from a preset).'),
    coldStorageAfterDays: days('coldStorageAfterDays').min(1, { error: 'must be at least 1' }).optional().describe('Days before moving to cold storage. Default never.'),
    optInToArchiveForSupportedResources: z.boolean().optional().describe('Let cold storage apply to supported resources such as EBS snapshots (archive tier). Default false.'),
  })
  .describe('When recovery points move to cold storage and expire.');

export const copySchema = z
  .strictObject({
    vault: configKey.optional().describe('Destination vault (a key in vaults). Default the map key.'),
    lifecycle: lifecycleSchema.optional().describe('Lifecycle of the copy. Default the rule lifecycle.'),
  })
  .describe('A copy of each recovery point into another vault, usually in another Region.');

export const ruleSchema = z
  .strictObject({
    preset: z.enum(RULE_PRESET_NAMES).optional().describe(`Start from a preset (${RULE_PRESET_NAMES.join(', ')}); fields set here override it.`),
    vault: configKey.optional().describe('Target vault (a key in vaults). Default the plan vault.'),
    schedule: z.string().optional().describe(`AWS cron expression, at most hourly. Default ${RULE_LIMITS.defaultSchedule}.`),
    scheduleTimezone: z.string().optional().describe(`IANA time zone of the schedule. Default ${RULE_LIMITS.defaultTimezone}.`),
    startWindowMinutes: z.int({ error: 'startWindowMinutes must be a whole number of minutes' }).optional().describe(`Minutes a job may wait to start, ${RULE_LIMITS.startWindowMinutes.min}-${RULE_LIMITS.startWindowMinutes.max}. Default ${RULE_LIMITS.startWindowMinutes.default}.`),
    completionWindowMinutes: z.int({ error: 'completionWindowMinutes must be a whole number of minutes' }).optional().describe(`Minutes a job may run, more than startWindowMinutes. Default ${RULE_LIMITS.completionWindowMinutes.default}.`),
    lifecycle: lifecycleSchema.optional(),
    continuousBackup: z.boolean().optional().describe('Continuous backup (point-in-time restore) for RDS, Aurora, S3 and SAP HANA; retention at most 35 days. Default false.'),
    recoveryPointTags: z
      .record(
        z.string().min(1).max(RULE_LIMITS.recoveryPointTagKeyMaxLength, { error: `recovery point tag keys must be at most ${RULE_LIMITS.recoveryPointTagKeyMaxLength} characters` }),
        z.string({ error: 'recovery point tag values must be strings' }).max(RULE_LIMITS.recoveryPointTagValueMaxLength, { error: `recovery point tag values must be at most ${RULE_LIMITS.recoveryPointTagValueMaxLength} characters` }),
      )
      .optional()
      .describe('Tags added to each recovery point.'),
    copies: keyedMap(copySchema.nullable()).optional().describe('Copies keyed by name (the destination vault by default). At most 5 per rule.'),
  })
  .describe('A backup rule: when to back up, where, and how long to keep it.');

const tagValues = z.union([z.string(), z.array(z.string()).min(1)]);
const conditionMap = z.record(z.string().min(1), tagValues);

export const selectionSchema = z
  .strictObject({
    name: z.string().optional().describe(`Selection name, ${NAME_RULES.selection.describe}. Default the map key.`),
    role: z.string().regex(IAM_ROLE_ARN_PATTERN, { error: 'must be an IAM role ARN' }).optional().describe('Role AWS Backup assumes for this selection. Default the service role.'),
    tags: z
      .record(z.string().min(1), tagValues)
      .optional()
      .describe('Selection tags: resources with any of these tag values (OR). tag-key: value or [values].'),
    conditions: z
      .strictObject({
        stringEquals: conditionMap.optional().describe('Tag equals the value (each value of a list is its own condition).'),
        stringLike: conditionMap.optional().describe('Tag matches the pattern (* and ? wildcards).'),
        stringNotEquals: conditionMap.optional().describe('Tag is absent or differs from the value.'),
        stringNotLike: conditionMap.optional().describe('Tag is absent or does not match the pattern.'),
      })
      .optional()
      .describe('Tag conditions that must all hold (AND), as operator: { tag-key: value or [values] }. At most 30.'),
    resources: z.array(z.string().min(1)).optional().describe('Resource ARNs (or "*"), OR-ed with tags. At most 500, or 30 with wildcards.'),
    notResources: z.array(z.string().min(1)).optional().describe('Resource ARNs excluded from the selection. Same limits as resources.'),
  })
  .describe('Which resources a plan backs up.');

export const planSchema = z
  .strictObject({
    name: z.string().optional().describe(`Plan name, ${NAME_RULES.plan.describe}. Default the map key.`),
    region: region.optional().describe('Region the plan runs in. Default account.region.'),
    vault: configKey.optional().describe('Default target vault for the rules.'),
    windowsVss: z.enum(WINDOWS_VSS_VALUES).optional().describe('Windows VSS for EC2 backups (enabled or disabled). Default not set.'),
    rules: keyedMap(ruleSchema).describe('Rules keyed by name.'),
    selections: keyedMap(selectionSchema).describe('Selections keyed by name. At least one.'),
    tags: tagsSchema.optional(),
  })
  .describe('A backup plan.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    version: z.literal(1, { error: 'must be 1' }).describe('Config format version. Always 1.'),
    account: accountSchema,
    tags: tagsSchema.optional().describe('Default tags on every resource (provider default_tags).'),
    serviceRole: serviceRoleSchema.default({ name: 'aws-backup-service-role', path: '/' }),
    keys: keyedMap(keySchema).default({}).describe('Shared KMS keys keyed by name. Default none: each vault gets its own key.'),
    vaults: keyedMap(vaultSchema).describe('Vaults keyed by name.'),
    plans: keyedMap(planSchema).describe('Backup plans keyed by name.'),
  })
  .describe('AWS Backup estate configuration.');

/** The config as written (before defaults). */
export type BackupConfigInput = z.input<typeof configSchema>;
/** The config after zod applied its defaults. */
export type BackupConfig = z.output<typeof configSchema>;
export type VaultConfig = BackupConfig['vaults'][string];
export type KeyConfig = BackupConfig['keys'][string];
export type PlanConfig = BackupConfig['plans'][string];
export type RuleConfig = PlanConfig['rules'][string];
export type SelectionConfig = PlanConfig['selections'][string];
export type LifecycleConfig = z.output<typeof lifecycleSchema>;
export type CopyConfig = z.output<typeof copySchema>;
export type LockConfig = z.output<typeof lockSchema>;
