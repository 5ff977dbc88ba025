/**
 * The configuration file's shape (zod). Field-level limits live here; rules that relate several
 * fields (a copy into a locked vault, a key in another Region) live in ./rules.ts.
 * Every field carries a description with its default and limits: the JSON Schema (`npm run schema`)
 * and the README's field reference are generated from them.
 */
import { z } from 'zod';
import { ROLE_PATH_MESSAGES, rolePathProblem, TAG_MESSAGES, tagControlCharacter, wildcardOf } from '../core/checks';
import { COMPLIANCE_DEFAULTS, AUDIT_LIMITS, ALERT_JOB_STATES, RESTORE_TESTING_LIMITS, ACCOUNT_ID_PATTERN, ACCOUNT_NAME, AIR_GAPPED_MIN_RETENTION_DAYS, ORGANIZATION_ID_PATTERN, ORGANIZATIONAL_UNIT_ID_PATTERN, IAM_ROLE_PATH, TERRAFORM_TEMPLATE_SEQUENCE, KMS_KEY_ARN_PATTERN, KMS_LIMITS, LOCK_LIMITS, NAME_RULES, PARTITIONS, PROVIDER_BYTE_LIMITS, RULE_LIMITS, TAG_LIMITS, WINDOWS_VSS_VALUES } from '../core/limits';
import { isControlName, unknownControlMessage, unknownControlParameters } from '../modules/audit-framework';
import { RULE_PRESET_NAMES } from '../modules/presets';
import { regionSettingsSchema } from './schema-region-settings';
import { MONITORING_DEFAULTS, monitoringSchema, selectionSizeSchema } from './monitoring-schema';
import { adoptionSchema } from './adoption';
import { boundaryArn, byteLimitedText, configKey, days, keyedMap, organizationsPolicyDescription, principalArn, region, roleArn, roleArnOf } from './schema-primitives';
import { airGappedSchema, existingVaultsSchema, globalSettingsSchema, securitySchema, vaultPolicyStatementsSchema } from './schema-protection';
import { alertSubscriptionSchema, existingTopicSchema, reportPlanSchema } from './schema-operations-extras';

export { configKey } from './schema-primitives';

/** Keys AWS reserves for its own tags (section 10): refused at apply in every tag AWS applies. */
const notReserved = (key: string): boolean => !TAG_MESSAGES.isReserved(key);
const reservedTagKey = TAG_MESSAGES.reservedKey;
/** A tag key or value without control characters (core/checks tagControlCharacter): no AWS tag holds one. */
const withoutControlCharacters = <T extends z.ZodString>(text: T) =>
  text.refine((value) => tagControlCharacter(value) === undefined, { error: (issue) => TAG_MESSAGES.controlCharacter(tagControlCharacter(String(issue.input)) as string) });

/** AWS resource tags (section 10): key 1-128 characters, not aws:, value 0-256 characters, at most 50. */
export const tagsSchema = z
  .record(
    withoutControlCharacters(z.string().min(1, { error: TAG_MESSAGES.emptyKey('tag') }).max(TAG_LIMITS.keyMaxLength, { error: TAG_MESSAGES.longKey('tag') }).refine(notReserved, { error: reservedTagKey })),
    withoutControlCharacters(z.string({ error: 'tag values must be strings (quote numbers and booleans)' }).max(TAG_LIMITS.valueMaxLength, { error: TAG_MESSAGES.longValue('tag') })),
  )
  .refine((tags) => Object.keys(tags).length <= TAG_LIMITS.maxPerResource, { error: (issue) => TAG_MESSAGES.tooMany(Object.keys(issue.input as object).length, 'tag') })
  .describe(`Tags as key: value. Keys 1-${TAG_LIMITS.keyMaxLength} characters, not starting with aws:; values 0-${TAG_LIMITS.valueMaxLength} characters; no control characters (line breaks, tabs); at most ${TAG_LIMITS.maxPerResource} per resource, default tags included.`);

const accountId = z
  .string({ error: 'must be a quoted 12-digit account id ("012345678901"): YAML reads unquoted digits as a number' })
  .regex(ACCOUNT_ID_PATTERN, { error: 'must be a 12-digit AWS account id' });

/** Account names prefix stack names (<name>-<region>). */
const accountName = z.string().regex(ACCOUNT_NAME.pattern, { error: `must be ${ACCOUNT_NAME.describe}` });

export const accountSchema = z
  .strictObject({
    id: accountId.describe('The AWS account id, quoted ("111122223333").'),
    name: accountName.describe('Short account name used in stack names: <name>-<region>. 1-40 characters of a-z 0-9 -.'),
    region: region.describe('The primary Region: its stack creates the service role. Every other Region with a plan, vault or key gets a stack of its own.'),
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
    // Template sequences, pattern and limit stay in the schema (editors check the last two), each in the role constructs' words for its own rule (ROLE_PATH_MESSAGES).
    path: z.string().refine((path) => !TERRAFORM_TEMPLATE_SEQUENCE.test(path), { error: (issue) => rolePathProblem(String(issue.input)), abort: true })
      .regex(IAM_ROLE_PATH.pattern, { error: (issue) => ROLE_PATH_MESSAGES.pattern(String(issue.input)) }).max(IAM_ROLE_PATH.maxLength, { error: (issue) => ROLE_PATH_MESSAGES.tooLong(String(issue.input).length) })
      .refine((path) => wildcardOf(path) === undefined, { error: (issue) => ROLE_PATH_MESSAGES.wildcard(String(issue.input), wildcardOf(String(issue.input)) ?? '*') })
      .default('/')
      .describe(`IAM path of the role: "/", or printable ASCII (! through ~) between slashes as IAM allows, but no "\${" or "%{" (Terraform would read a template) and no "*" or "?" (policies naming the role would read a wildcard); at most ${IAM_ROLE_PATH.maxLength} characters. Default /.`),
    arn: roleArnOf('must be an IAM role ARN such as arn:aws:iam::111122223333:role/BackupRole')
      .optional()
      .describe('Use this existing role instead of creating one. It must trust backup.amazonaws.com and be of the account whose selections use it (IAM passes a role only to a service of its own account).'),
    permissionsBoundaryArn: boundaryArn.optional().describe('Permissions boundary for the created role: an AWS managed policy, or a customer managed one of the role\'s own account; with account * (arn:aws:iam::*:policy/backup-boundary) each account\'s role takes the policy of that path and name in its own account, as an organization needs. In an organization, the service control policy denies new versions, another default version and deletion of a customer managed one to all but the exempt principals (an AWS managed one cannot be changed). Default none.'),
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
    description: byteLimitedText(PROVIDER_BYTE_LIMITS.kmsKeyDescription).optional().describe(`Key description, at most ${PROVIDER_BYTE_LIMITS.kmsKeyDescription} bytes of UTF-8 (é is 2). Default "AWS Backup vault key <name>".`),
    deletionWindowInDays: days('deletionWindowInDays')
      .min(KMS_LIMITS.deletionWindowInDays.min, { error: `must be at least ${KMS_LIMITS.deletionWindowInDays.min}` })
      .max(KMS_LIMITS.deletionWindowInDays.max, { error: `must be at most ${KMS_LIMITS.deletionWindowInDays.max}` })
      .default(KMS_LIMITS.deletionWindowInDays.default)
      .describe(`Waiting period before a deleted key is destroyed, ${KMS_LIMITS.deletionWindowInDays.min}-${KMS_LIMITS.deletionWindowInDays.max}. Default ${KMS_LIMITS.deletionWindowInDays.default}.`),
    administrators: z
      .array(principalArn)
      .optional()
      .describe('Principals allowed to administer (not use) the key. With a deployment role (security.deployRoleArn, or each account\'s deploy role in an organization), one of them must be that role or the account root: AWS KMS refuses a key policy that would not let its caller replace it later. Default the account root, which delegates to IAM policies.'),
    preventDestroy: z.boolean().default(true).describe('Terraform lifecycle.prevent_destroy. Default true.'),
    tags: tagsSchema.optional(),
  })
  .describe('A customer-managed KMS key shared by several vaults in one Region. Rotation is always on.');

export const lockSchema = z
  .strictObject({
    mode: z.enum(['governance', 'compliance']).describe('governance: removable by principals with IAM permission; compliance: immutable once changeableForDays have passed, even for root.'),
    minRetentionDays: z
      .int({ error: (issue) => (issue.input === undefined ? 'is required (the shortest retention the lock enforces, at least 1 day)' : 'minRetentionDays must be a whole number of days') })
      .min(LOCK_LIMITS.minRetentionDays.min, { error: `must be at least ${LOCK_LIMITS.minRetentionDays.min}` })
      .describe('Shortest retention a recovery point in the vault may have. At least 1. Required here, though AWS takes a lock without it (no minimum enforced): backup-estate locks vaults to keep recovery points a minimum time.'),
    maxRetentionDays: days('maxRetentionDays')
      .max(LOCK_LIMITS.maxRetentionDays.max, { error: `must be at most ${LOCK_LIMITS.maxRetentionDays.max}` })
      .optional()
      .describe('Longest retention allowed, at most 36500 and at least minRetentionDays (equal: exactly that many days). Default no maximum.'),
    changeableForDays: days('changeableForDays')
      .min(LOCK_LIMITS.changeableForDays.min, { error: `must be at least ${LOCK_LIMITS.changeableForDays.min}` })
      .max(LOCK_LIMITS.changeableForDays.max, { error: `must be at most ${LOCK_LIMITS.changeableForDays.max}` })
      .optional()
      .describe('Compliance mode only (required there): grace period in days, 3-36500, before the lock becomes immutable.'),
    lockDate: z
      .string()
      .optional()
      .describe('Compliance mode, an existing lock (backup-estate adopt writes it): the date AWS reports the lock becomes immutable, instead of changeableForDays, which AWS never returns. Terraform keeps the lock as it is; one created from this config gets the minimum 3-day grace period.'),
  })
  .describe('AWS Backup Vault Lock.');

export const accessPolicySchema = z
  .strictObject({
    denyRecoveryPointDeletion: z
      .boolean()
      .default(true)
      .describe('Deny backup:DeleteRecoveryPoint, backup:DisassociateRecoveryPoint, backup:UpdateRecoveryPointLifecycle and backup:PutBackupVaultAccessPolicy to every principal but the break-glass ones. Default true.'),
    breakGlassPrincipals: z
      .array(principalArn)
      .default([])
      .describe('Principal ARNs (wildcards allowed, matched with ArnLike) exempt from the deny. Default none.'),
    statements: vaultPolicyStatementsSchema,
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
    airGapped: airGappedSchema,
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
    vault: configKey.optional().describe('Destination vault (a key in vaults or existingVaults). Default the map key.'),
    lifecycle: lifecycleSchema.optional().describe('Lifecycle of the copy. Default the rule lifecycle.'),
  })
  .describe('A copy of each recovery point into another vault, usually in another Region.');

export const ruleSchema = z
  .strictObject({
    preset: z.enum(RULE_PRESET_NAMES).optional().describe(`Start from a preset (${RULE_PRESET_NAMES.join(', ')}); fields set here override it.`),
    vault: configKey.optional().describe('Target vault (a key in vaults or existingVaults). Default the plan vault.'),
    schedule: z.string().optional().describe(`AWS cron expression, at most hourly. Default ${RULE_LIMITS.defaultSchedule}.`),
    scheduleTimezone: z.string().optional().describe(`IANA time zone of the schedule. Default ${RULE_LIMITS.defaultTimezone}.`),
    startWindowMinutes: z.int({ error: 'startWindowMinutes must be a whole number of minutes' }).optional().describe(`Minutes a job may wait to start, ${RULE_LIMITS.startWindowMinutes.min}-${RULE_LIMITS.startWindowMinutes.max}. Default ${RULE_LIMITS.startWindowMinutes.default}.`),
    completionWindowMinutes: z.int({ error: 'completionWindowMinutes must be a whole number of minutes' }).optional().describe(`Minutes a job may run before AWS cancels it, more than startWindowMinutes. Default startWindowMinutes + ${RULE_LIMITS.completionWindowMinutes.runAfterStartWindow}, at least ${RULE_LIMITS.completionWindowMinutes.default} (AWS's own default, when a rule leaves it out, is 7 days).`),
    lifecycle: lifecycleSchema.optional(),
    continuousBackup: z.boolean().optional().describe('Continuous backup (point-in-time restore) for RDS, Aurora, S3 and SAP HANA; retention at most 35 days. Default false.'),
    recoveryPointTags: z
      .record(
        withoutControlCharacters(
          z
            .string()
            .min(1, { error: TAG_MESSAGES.emptyKey('recovery point tag') })
            .max(TAG_LIMITS.keyMaxLength, { error: TAG_MESSAGES.longKey('recovery point tag') })
            .refine(notReserved, { error: reservedTagKey }),
        ),
        withoutControlCharacters(z.string({ error: 'recovery point tag values must be strings' }).max(TAG_LIMITS.valueMaxLength, { error: TAG_MESSAGES.longValue('recovery point tag') })),
      )
      .refine((tags) => Object.keys(tags).length <= RULE_LIMITS.maxRecoveryPointTags, {
        error: (issue) => TAG_MESSAGES.tooMany(Object.keys(issue.input as object).length, 'recovery point tag'),
      })
      .optional()
      .describe(`Tags added to each recovery point. Keys 1-${TAG_LIMITS.keyMaxLength} characters, not starting with aws:; values 0-${TAG_LIMITS.valueMaxLength} characters; no control characters (line breaks, tabs); at most ${RULE_LIMITS.maxRecoveryPointTags} (10 in a plan enforced by a backup policy).`),
    copies: keyedMap(copySchema.nullable()).optional().describe('Copies keyed by name (the destination vault by default). At most 5 per rule.'),
  })
  .describe('A backup rule: when to back up, where, and how long to keep it.');

const tagValues = z.union([z.string(), z.array(z.string()).min(1)]);
const conditionMap = z.record(z.string().min(1), tagValues);

export const selectionSchema = z
  .strictObject({
    name: z.string().optional().describe(`Selection name, ${NAME_RULES.selection.describe}. Default the map key.`),
    role: roleArn.optional().describe('Role AWS Backup assumes for this selection, of the account of every stack the plan runs in (IAM passes a role only to a service of its own account; in an organization leave it out). Default the service role.'),
    tags: z
      .record(z.string().min(1), tagValues)
      .optional()
      .describe('Selection tags: resources with any of these tags (OR, across keys as across values: several keys get a warning; for AND use conditions.stringEquals with resources ["*"]). tag-key: value or [values].'),
    conditions: z
      .strictObject({
        stringEquals: conditionMap.optional().describe('Tag equals the value (each value of a list is its own condition).'),
        stringLike: conditionMap.optional().describe('Tag matches the pattern (* wildcard; ? is not documented as one: a warning).'),
        stringNotEquals: conditionMap.optional().describe('Tag differs from the value (a resource without the tag: AWS does not confirm it is selected; coverage says covered only if).'),
        stringNotLike: conditionMap.optional().describe('Tag does not match the pattern (* wildcard; a resource without the tag: AWS does not confirm it is selected; coverage says covered only if).'),
      })
      .optional()
      .describe('Tag conditions that must all hold (AND), as operator: { tag-key: value or [values] }. At most 30.'),
    resources: z.array(z.string().min(1)).optional().describe('Resource ARNs (or "*"), OR-ed with tags. At most 500, or 30 with wildcards.'),
    notResources: z.array(z.string().min(1)).optional().describe('Resource ARNs excluded from the selection. Same limits as resources.'),
    size: selectionSizeSchema.optional(),
  })
  .describe('Which resources a plan backs up.');

export const planSchema = z
  .strictObject({
    name: z.string().optional().describe(`Plan name, ${NAME_RULES.plan.describe}. Default the map key.`),
    region: region.optional().describe('Region the plan runs in. Default account.region.'),
    vault: configKey.optional().describe('Default target vault for the rules.'),
    rpoTargetHours: z.number().positive().optional().describe('Declared recovery point objective: the worst-case time between recovery points (schedule gaps plus windows, and the runs a job may still hold the resource through: one backup job per resource at a time) must stay within it. Default none.'),
    windowsVss: z.enum(WINDOWS_VSS_VALUES).optional().describe('Windows VSS for EC2 backups (enabled or disabled): each instance needs the SSM agent, the AwsVssComponents package and an instance profile that allows VSS, which AWS Backup does not install. Default not set.'),
    rules: keyedMap(ruleSchema).describe('Rules keyed by name.'),
    selections: keyedMap(selectionSchema).describe('Selections keyed by name. At least one.'),
    tags: tagsSchema.optional(),
  })
  .describe('A backup plan.');

export const organizationAccountSchema = z
  .strictObject({
    id: accountId.describe('The AWS account id, quoted.'),
    name: accountName.optional().describe('Name used in stack names <name>-<region>. Default the map key.'),
    regions: z.array(region).default([]).describe('Regions the account runs plans in, one workload stack each (a Region where it only needs a vault gets one too); the first is its primary Region (service role). Default none.'),
    plans: z.array(configKey).default([]).describe('Plans (keys of plans) this account creates itself, in each of its Regions. Default none.'),
    unit: configKey.optional().describe('Organizational unit (a key of organization.units) the account belongs to, for policy targets.'),
    deployRoleArn: roleArn
      .optional()
      .describe('Role the account stacks assume, of the account itself (the providers pin its id). Default arn:aws:iam::<id>:role/<organization.deployRoleName>.'),
  })
  .describe('An account of the organization.');

export const centralBackupSchema = z
  .strictObject({
    regions: z.array(region).min(1, { error: 'must list at least one Region' }).describe('Regions of the central vaults in the backup account, one stack each.'),
    vaultName: z.string().default('central-backup').describe('Name of the central vault in each Region. Default central-backup.'),
    lock: lockSchema.optional().describe('Vault Lock of the central vaults. Default none (a warning: use compliance mode).'),
    accessPolicy: accessPolicySchema.default({ denyRecoveryPointDeletion: true, breakGlassPrincipals: [] }),
    keyAdministrators: z.array(principalArn).optional().describe('Administrators of the central keys; one of them must be the backup account\'s deploy role or its root (AWS KMS refuses a key policy that would not let its caller, the deploy role, replace it later). Default the backup account root.'),
    airGapped: z
      .strictObject({
        vaultName: z.string().default('central-air-gapped').describe('Default central-air-gapped.'),
        minRetentionDays: days('minRetentionDays')
          .min(AIR_GAPPED_MIN_RETENTION_DAYS, { error: `must be at least ${AIR_GAPPED_MIN_RETENTION_DAYS}` })
          .describe('At least 7.'),
        maxRetentionDays: days('maxRetentionDays').max(LOCK_LIMITS.maxRetentionDays.max, { error: `must be at most ${LOCK_LIMITS.maxRetentionDays.max}` }).describe('At least minRetentionDays, at most 36500.'),
      })
      .optional()
      .describe('A logically air-gapped vault beside each central vault, as a copy target (central-air-gapped).'),
    preventDestroy: z.boolean().default(true).describe('Terraform lifecycle.prevent_destroy on central vaults, keys and locks. Default true.'),
  })
  .describe('The central backup account: vaults that receive cross-account copies (copy target: central).');

export const backupPolicySchema = z
  .strictObject({
    description: organizationsPolicyDescription.optional(),
    plans: z.array(configKey).optional().describe('Plans (keys of plans) to enforce through this policy.'),
    regions: z.array(region).optional().describe('Regions the policy plans run in (required with plans).'),
    file: z.string().optional().describe('A hand-written BACKUP_POLICY JSON file (relative to the config file), instead of plans.'),
    targets: z.array(configKey).min(1, { error: 'must name at least one organizational unit or account' }).describe('Keys of organization.units or of accounts the policy is attached to.'),
  })
  .describe('An Organizations backup policy.');

export const organizationSchema = z
  .strictObject({
    id: z.string().regex(ORGANIZATION_ID_PATTERN, { error: 'must be an organization id such as o-a1b2c3d4e5' }).describe('The AWS Organizations id.'),
    managementAccount: configKey.describe('Key (in accounts) of the management account: policies, global settings.'),
    backupAccount: configKey.describe('Key (in accounts) of the central backup account, also the AWS Backup delegated administrator.'),
    registerDelegatedAdministrator: z.boolean().default(true).describe('Register the backup account as delegated administrator for AWS Backup. Default true.'),
    region: region.default('us-east-1').describe('Region of the management stack. Default us-east-1.'),
    partition: z.enum(PARTITIONS).default('aws').describe('The AWS partition of every account. Default aws.'),
    deployRoleName: z.string().regex(NAME_RULES.role.pattern, { error: `must be ${NAME_RULES.role.describe}` }).default('OrganizationAccountAccessRole').describe('Role the stacks assume in each account. Default OrganizationAccountAccessRole.'),
    units: z.record(configKey, z.string().regex(ORGANIZATIONAL_UNIT_ID_PATTERN, { error: 'must be an organizational unit id (ou-...) or a root id (r-...)' })).default({}).describe('Organizational units by name: ou-... or r-... ids.'),
    central: centralBackupSchema.optional(),
    policies: z.record(configKey, backupPolicySchema).default({}).describe('Backup policies keyed by name.'),
  })
  .describe('AWS Organizations: management and backup accounts, units, central vaults and backup policies.');

export const stateSchema = z
  .strictObject({
    backend: z.enum(['local', 's3']).default('local').describe('local (state files beside the project) or s3. Default local.'),
    bucket: z.string().optional().describe('S3 bucket (required with s3).'),
    region: region.optional().describe('Region of the bucket (required with s3).'),
    keyPrefix: z.string().default('backup-estate').describe('Key prefix: each stack keeps <keyPrefix>/<stack>/terraform.tfstate; no "/" at either end and no "//" (Terraform\'s S3 backend refuses such a key). Default backup-estate.'),
    locking: z.enum(['lockfile', 'dynamodb']).default('lockfile').describe('lockfile (S3 native use_lockfile) or dynamodb. Default lockfile.'),
    dynamodbTable: z.string().optional().describe('Lock table (required with locking: dynamodb).'),
    // Only the S3 backend assumes it: no policy of the stacks names it, so a "*" or "?" in its path is no wildcard anywhere.
    roleArn: roleArnOf('must be an IAM role ARN', { wildcards: false }).optional().describe('Role to assume for state access. Default the ambient credentials.'),
  })
  .describe('Where Terraform keeps each stack state.');

export const alertsSchema = z
  .strictObject({
    topicName: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'must be 1-256 characters of A-Z a-z 0-9 _ -' }).default('aws-backup-alerts').describe('SNS topic in every account and Region. Default aws-backup-alerts.'),
    subscriptions: z
      .record(configKey, alertSubscriptionSchema)
      .default({})
      .describe('Subscriptions keyed by name: protocol email, email-json, https, sqs or lambda, its endpoint and an optional filter policy. Default none.'),
    existingTopic: existingTopicSchema,
    jobStates: z.array(z.enum(ALERT_JOB_STATES)).min(1).default([...ALERT_JOB_STATES]).describe('Job end states that raise an alert (EventBridge). COMPLETED_WITH_ISSUES: a backup job that completed with a status message (the console\'s "Completed with issues"). Default all: FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES.'),
    alarms: z.boolean().default(true).describe('CloudWatch alarms on failed backup, copy and restore jobs. Default true.'),
    vaultEvents: z.array(z.string()).optional().describe('Vault notification events sent to the topic by every vault. Default the failure events (see the README).'),
  })
  .describe('Alerts on failed jobs: an encrypted SNS topic per account and Region, vault notifications, EventBridge rules and CloudWatch alarms.');

const restoreSelectionSchema = z
  .strictObject({
    resourceType: z.enum(RESTORE_TESTING_LIMITS.protectedResourceTypes).describe('Protected resource type.'),
    resources: z.array(z.string()).optional().describe('ARNs of the resources to restore (or conditions).'),
    conditions: z
      .strictObject({ stringEquals: z.record(z.string(), z.string()).optional(), stringNotEquals: z.record(z.string(), z.string()).optional() })
      .optional()
      .describe('Tag conditions selecting the resources (or resources).'),
    validationWindowHours: z.int().optional().describe('Hours to validate a restored resource before it is deleted, 1-168. Default AWS (no window).'),
    restoreMetadataOverrides: z.record(z.string(), z.string()).optional().describe('Restore metadata overrides, e.g. a subnet or instance type.'),
  })
  .describe('What a restore testing plan restores.');

export const restoreTestingSchema = z
  .strictObject({
    schedule: z.string().optional().describe('AWS cron. Default cron(0 6 ? * SUN *) (weekly).'),
    scheduleTimezone: z.string().optional().describe('IANA time zone. Default Etc/UTC.'),
    startWindowHours: z.int().optional().describe('Hours the test may wait to start, 1-168. Default 24.'),
    algorithm: z.enum(RESTORE_TESTING_LIMITS.algorithms).optional().describe('LATEST_WITHIN_WINDOW (default) or RANDOM_WITHIN_WINDOW.'),
    vaults: z.array(z.union([configKey, z.literal('*')])).optional().describe('Vaults (keys of vaults or existingVaults) to pick recovery points from, or ["*"]: every vault of the account and Region, created here or not. Default every vault the stack creates (["*"] where it creates none).'),
    excludeVaults: z.array(configKey).optional().describe('Vaults (keys of vaults or existingVaults) whose recovery points are never tested. Default none.'),
    role: roleArn.optional().describe('Role AWS Backup assumes for the restore jobs (it must trust backup.amazonaws.com). Default aws-backup-restore-testing-role, created by the primary stack.'),
    recoveryPointTypes: z.array(z.enum(RESTORE_TESTING_LIMITS.recoveryPointTypes)).optional().describe('SNAPSHOT (default) and/or CONTINUOUS.'),
    selectionWindowDays: z.int().optional().describe('Pick recovery points from the last N days, 1-365. Default 30.'),
    selections: z.record(configKey, restoreSelectionSchema).describe('Selections keyed by name, at most 30.'),
  })
  .describe('A restore testing plan, created in every account and Region that runs plans.');

export const auditSchema = z
  .strictObject({
    frameworkName: z.string().optional().describe('Framework name. Default backup_estate.'),
    frameworkDescription: byteLimitedText(PROVIDER_BYTE_LIMITS.frameworkDescription).optional().describe(`Framework description, at most ${PROVIDER_BYTE_LIMITS.frameworkDescription} bytes of UTF-8 (é is 2). Default a sentence naming backup-estate.`),
    controls: z
      .record(z.string(), z.strictObject({ parameters: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(), scope: z.strictObject({ resourceTypes: z.array(z.string()).optional(), tags: z.record(z.string(), z.string()).optional() }).optional() }).nullable())
      // A name that is no control, and a parameter the control does not take, are reported here,
      // beside any other config error (the later checks run only on a config that passes the schema).
      .superRefine((controls, ctx) => {
        for (const [name, control] of Object.entries(controls)) {
          if (!isControlName(name)) {
            // `CONTROL: null` drops a derived control: it must name one.
            ctx.addIssue({ code: 'custom', path: [name], message: control === null ? `"${name}" is not a control the framework derives or accepts` : unknownControlMessage(name) });
            continue;
          }
          if (!control?.parameters) continue;
          for (const { parameter, message } of unknownControlParameters(name, control.parameters)) ctx.addIssue({ code: 'custom', path: [name, 'parameters', parameter], message });
        }
      })
      .default({})
      .describe('Controls to add, or to override the derived ones, keyed by control name.'),
    reports: z
      .strictObject({
        bucketName: z.string().optional().describe('Bucket the stack creates for reports. Default backup-reports-<account id>-<region>.'),
        existingBucket: z.string().optional().describe('Deliver to this existing bucket instead of creating one.'),
        expireAfterDays: z.int().min(1).default(365).describe('Days reports are kept in the created bucket. Default 365.'),
        templates: z.array(z.enum(AUDIT_LIMITS.reportTemplates)).optional().describe('Report templates. Default all five.'),
        formats: z.array(z.enum(AUDIT_LIMITS.reportFormats)).default(['CSV']).describe('CSV and/or JSON. Default CSV.'),
      })
      .default({ expireAfterDays: 365, formats: ['CSV'] }),
    reportPlans: keyedMap(reportPlanSchema).default({}).describe('Report plans of your own, keyed by name, beside those of reports.templates: a name, a description and a scope (accounts, organizational units, Regions, frameworks). Default none.'),
  })
  .describe('AWS Backup Audit Manager: a framework whose controls derive from the plans, and report plans delivered to S3.');

/** A reason of at least 10 characters that are not all blank (shown to reviewers). */
const reasonSchema = (what: string) => {
  const message = `must explain the ${what} in at least 10 characters`;
  return z.string().min(10, { error: message, abort: true }).refine((value) => value.trim().length >= 10, { error: message });
};


/** The rule pack refuses suppressions whose fields hold only spaces: so does the config. */
const notBlank = (value: string): boolean => value.trim() !== '';

export { regionSettingsSchema };

export const complianceSchema = z
  .strictObject({
    minRetentionDays: z.int().min(1).default(COMPLIANCE_DEFAULTS.minRetentionDays).describe('Shortest retention a rule may have (AWS Config backup-recovery-point-minimum-retention-check). Default 35.'),
    maxFrequencyHours: z.int().min(1).default(COMPLIANCE_DEFAULTS.maxFrequencyHours).describe('Longest time between two backups a plan may have (backup-plan-min-frequency-and-min-retention-check: 1 day). Default 24.'),
    suppressions: z
      .array(
        z.strictObject({
          rule: z.string().min(1, { abort: true }).refine(notBlank, { error: 'must name a rule id' }).describe('Rule id, e.g. BACKUP-COPY-OTHER-REGION.'),
          path: z
            .string()
            .refine(notBlank, { error: 'must name a config path when given' })
            .optional()
            .describe('Only findings of this config entry or below it, e.g. plans.gold or plans.gold.rules.daily (validate and synth print each finding\'s path). Default every entry.'),
          stack: z.string().refine(notBlank, { error: 'must name a stack when given' }).optional().describe('Only in this stack. Default every stack.'),
          resource: z.string().refine(notBlank, { error: 'must name a resource address when given' }).optional().describe('Only for this resource address (type.name). Default every resource.'),
          reason: reasonSchema('suppression').describe('Why: shown in every report.'),
        }),
      )
      .default([])
      .describe('Findings to suppress, each with a reason.'),
  })
  .describe('Thresholds and suppressions of the compliance rule pack run on every stack.');

export const guardSchema = z
  .strictObject({
    allowedChanges: z
      .array(
        z.strictObject({
          stack: z.string().min(1).describe('Stack name (<account name>-<region>, central-<region>, management-<region>).'),
          address: z
            .string()
            .min(1)
            .describe('Terraform address of the resource a plan deletes, replaces or weakens (type.name, with [index] if any), or "*": the whole stack may leave the synth (backup-estate guard --base).'),
          reason: reasonSchema('change').describe('Why: shown in the guard summary. At least 10 characters.'),
        }),
      )
      .default([])
      .describe('Deletions or replacements of protected resources the guard lets through, by stack and address, each with a reason.'),
  })
  .describe('The plan guard (backup-estate guard).');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    version: z.literal(1, { error: 'must be 1' }).describe('Config format version. Always 1.'),
    account: accountSchema.optional().describe('The account of a single-account estate (or use organization and accounts).'),
    organization: organizationSchema.optional(),
    accounts: z.record(configKey, organizationAccountSchema).optional().describe('The accounts of an organization estate, keyed by name.'),
    state: stateSchema.default({ backend: 'local', keyPrefix: 'backup-estate', locking: 'lockfile' }),
    tags: tagsSchema.optional().describe(`Default tags on every resource (provider default_tags). Keys 1-${TAG_LIMITS.keyMaxLength} characters, not starting with aws:; values 0-${TAG_LIMITS.valueMaxLength} characters; no control characters (line breaks, tabs); with a resource's own tags at most ${TAG_LIMITS.maxPerResource}.`),
    serviceRole: serviceRoleSchema.default({ name: 'aws-backup-service-role', path: '/' }),
    security: securitySchema.default({ breakGlassPrincipals: [], protectKeys: true }),
    globalSettings: globalSettingsSchema.optional(),
    existingVaults: existingVaultsSchema,
    keys: keyedMap(keySchema).default({}).describe('Shared KMS keys keyed by name. Default none: each vault gets its own key.'),
    vaults: keyedMap(vaultSchema).default({}).describe('Vaults keyed by name. Default none: rules may back up into existingVaults (such as the Default vault) instead.'),
    plans: keyedMap(planSchema).describe('Backup plans keyed by name.'),
    alerts: alertsSchema.optional(),
    restoreTesting: keyedMap(restoreTestingSchema).default({}).describe('Restore testing plans keyed by name.'),
    audit: auditSchema.optional(),
    regionSettings: regionSettingsSchema.optional(),
    compliance: complianceSchema.default({ ...COMPLIANCE_DEFAULTS, suppressions: [] }),
    guard: guardSchema.default({ allowedChanges: [] }),
    monitoring: monitoringSchema.default({ ...MONITORING_DEFAULTS }),
    adoption: adoptionSchema.optional(),
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
