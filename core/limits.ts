/**
 * Every AWS Backup limit the project enforces, in one place (../shared/AWS-BACKUP-RULES.md,
 * hashicorp/aws provider 5.100.0). The zod schema, the semantic rules and the constructs all
 * read these constants, so a limit never disagrees with itself.
 */
import { error, isToken, type Problem } from './problems';

/** Section 2: names. */
export const NAME_RULES = {
  vault: { pattern: /^[A-Za-z0-9_-]{2,50}$/, describe: '2-50 characters of A-Z a-z 0-9 _ -' },
  plan: { pattern: /^[A-Za-z0-9_.-]{1,50}$/, describe: '1-50 characters of A-Z a-z 0-9 _ . -' },
  rule: { pattern: /^[A-Za-z0-9_.-]{1,50}$/, describe: '1-50 characters of A-Z a-z 0-9 _ . -' },
  selection: { pattern: /^[A-Za-z0-9_.-]{1,50}$/, describe: '1-50 characters of A-Z a-z 0-9 _ . -' },
  /** IAM role names: 1-64 characters of A-Z a-z 0-9 + = , . @ _ - (IAM API reference). */
  role: { pattern: /^[A-Za-z0-9+=,.@_-]{1,64}$/, maxLength: 64, describe: '1-64 characters of A-Z a-z 0-9 + = , . @ _ -' },
  /** KMS alias names after "alias/": 1-250 characters of A-Z a-z 0-9 / _ - (KMS API reference). */
  keyAlias: { pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/, describe: '"alias/" then 1-250 characters of A-Z a-z 0-9 / _ -, not under alias/aws/' },
} as const;

/**
 * IAM role paths: "/" alone, or "/" then any of the printable ASCII characters ! through ~ (slashes
 * too) then "/", at most 512 characters (IAM API reference, CreateRole: Path, "Pattern:
 * (\u002F)|(\u002F[\u0021-\u007E]+\u002F)", "Maximum length of 512"; its prose says "through the DEL
 * character (\u007F)", the pattern stops before it, so DEL is refused; hashicorp/aws 5.100.0
 * refuses a longer aws_iam_role.path at plan). Terraform's template sequences are refused apart
 * (TERRAFORM_TEMPLATE_SEQUENCE).
 */
export const IAM_ROLE_PATH = { pattern: /^\/(?:[\x21-\x7E]+\/)?$/, maxLength: 512 } as const;

/**
 * "${" and "%{" start a Terraform template (an interpolation, a directive) in any string of a
 * .tf.json file, and cdktf writes strings as given: a role path or ARN holding one would not reach
 * IAM as written (terraform validate: "Invalid reference", "Invalid template control keyword").
 */
export const TERRAFORM_TEMPLATE_SEQUENCE = /[$%]\{/;

/**
 * Strings hashicorp/aws 5.100.0 measures in bytes of UTF-8, not in characters: its
 * validation.StringLenBetween takes Go's len(), so "é" counts 2 and "€" 3, and `terraform validate`
 * refuses a 1,000-character description of é ("expected length of description to be in the range
 * (0 - 1024)") that AWS's own limit in characters would take. KMS CreateKey, Description: "Maximum
 * length of 8192"; AWS Backup CreateFramework, FrameworkDescription: "a maximum of 1,024 characters".
 */
export const PROVIDER_BYTE_LIMITS = { kmsKeyDescription: 8192, frameworkDescription: 1024, reportPlanDescription: 1024 } as const;

const utf8ByteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Why `text` is too long for a field the provider measures in bytes (PROVIDER_BYTE_LIMITS), or undefined. */
export function byteLengthProblem(text: string, maxBytes: number): string | undefined {
  const bytes = utf8ByteLength(text);
  if (bytes <= maxBytes) return undefined;
  const counted = bytes === text.length ? `got ${bytes}` : `got ${bytes} bytes in ${[...text].length} characters`;
  return `must be at most ${maxBytes} bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); ${counted}`;
}

/** A construct prop measured in bytes (PROVIDER_BYTE_LIMITS): one problem at `path` when too long; none when left out or a Terraform reference (known only at apply). */
export function checkByteLength(text: string | undefined, maxBytes: number, path: string): Problem[] {
  const problem = text === undefined || isToken(text) ? undefined : byteLengthProblem(text, maxBytes);
  return problem === undefined ? [] : [error(path, problem)];
}

/** Map keys in the config: they become construct ids and output names, so Terraform identifiers. */
export const CONFIG_KEY = { pattern: /^[A-Za-z][A-Za-z0-9_-]{0,49}$/, describe: '1-50 characters of A-Z a-z 0-9 _ -, starting with a letter' } as const;

/**
 * Section 10: tags AWS applies (default tags, resource tags, recovery point tags). Keys beginning
 * with `aws:` (any case) are reserved and refused at apply; at most 50 user tags per resource and
 * per recovery point; keys 1-128 and values 0-256 characters.
 */
export const TAG_LIMITS = {
  keyMaxLength: 128,
  valueMaxLength: 256,
  maxPerResource: 50,
  reservedPrefix: /^aws:/i,
} as const;

/** Section 3: plan rules. */
export const RULE_LIMITS = {
  defaultSchedule: 'cron(0 5 ? * * *)',
  defaultTimezone: 'Etc/UTC',
  startWindowMinutes: { min: 60, max: 52_560_000, default: 60 },
  /** Without completionWindowMinutes a rule gets `runAfterStartWindow` minutes beyond its start window, at least `default` (ruleWindows). */
  completionWindowMinutes: { default: 180, runAfterStartWindow: 120, recommendedMarginOverStart: 60 },
  deleteAfterDays: { min: 1, max: 36_500 },
  /** AWS keeps a recovery point in cold storage for at least 90 days. */
  coldStorageMinimumDays: 90,
  continuousBackupMaxRetentionDays: 35,
  copyActionsPerRule: 5,
  recoveryPointTagKeyMaxLength: TAG_LIMITS.keyMaxLength,
  recoveryPointTagValueMaxLength: TAG_LIMITS.valueMaxLength,
  maxRecoveryPointTags: TAG_LIMITS.maxPerResource,
  plansPerRegion: 300,
  vaultsPerRegion: 300,
  selectionsPerPlan: 100,
} as const;

export const WINDOWS_VSS_VALUES = ['enabled', 'disabled'] as const;

/** Section 4: selections. */
export const SELECTION_LIMITS = {
  maxPlainArns: 500,
  maxWildcardArns: 30,
  maxConditions: 30,
} as const;

/** Selection condition operators (the provider's condition blocks string_equals, ...). */
export const CONDITION_OPERATORS = ['stringEquals', 'stringLike', 'stringNotEquals', 'stringNotLike'] as const;

/** Section 5: vault locks and KMS keys. */
export const LOCK_LIMITS = {
  minRetentionDays: { min: 1 },
  maxRetentionDays: { max: 36_500 },
  changeableForDays: { min: 3, max: 36_500 },
} as const;

/**
 * keyPolicyBytes: "The policy size limit is 32 KiB (32768 bytes)" (AWS KMS API reference, CreateKey
 * and PutKeyPolicy, Policy parameter). KMS counts the bytes it receives: hashicorp/aws sends the
 * document compacted (structure.NormalizeJsonString), as backup-estate writes it.
 */
export const KMS_LIMITS = {
  deletionWindowInDays: { min: 7, max: 30, default: 30 },
  keyPolicyBytes: 32_768,
} as const;

/** Resource types by the ARN service and resource prefix (section 4), with what each honours (section 3). */
export interface ResourceTypeFacts {
  readonly name: string;
  /** Matches an ARN (any partition) of this resource type. */
  readonly arn: RegExp;
  /** Moves recovery points to cold storage when a rule sets coldStorageAfterDays. */
  readonly honoursColdStorage: boolean;
  /** Cold storage needs `optInToArchiveForSupportedResources` (EBS archive tier). */
  readonly coldStorageNeedsArchiveOptIn?: boolean;
  /** Cold storage needs full AWS Backup management (advanced DynamoDB backup: Region settings management). */
  readonly coldStorageNeedsFullManagement?: boolean;
  /**
   * Regions where AWS Backup moves none of this type's recovery points to cold storage. EBS: "Amazon
   * EBS Archive Tier for cold storage ... This feature is not available in the China (Beijing), China
   * (Ningxia), AWS GovCloud (US-East) and AWS GovCloud (US-West) Regions" (AWS Backup Developer Guide,
   * "Amazon EBS and AWS Backup"): there its snapshots stay in the standard tier until deleted.
   */
  readonly noColdStorageIn?: readonly string[];
  /** Supports continuous backup (point-in-time restore). */
  readonly supportsContinuousBackup: boolean;
  /**
   * Every backup is a full copy, not an increment over the previous one (DynamoDB: "Each time you
   * create an on-demand backup, the entire table data is backed up", DynamoDB developer guide,
   * "Backing up and restoring DynamoDB tables with AWS Backup: How it works"; Aurora, DocumentDB and
   * Neptune cluster snapshots: "The size of each snapshot is the size of the cluster volume at the time
   * you take the snapshot. Snapshots are full backups, not incremental", Aurora user guide,
   * "Understanding Amazon Aurora backup storage usage", as the DocumentDB and Neptune guides say of
   * theirs). The cost estimate reads it.
   */
  readonly fullBackups?: boolean;
}

const arnOf = (service: string, resource: string): RegExp =>
  new RegExp(`^arn:aws[a-z-]*:${service}:[^:]*:[^:]*:${resource}`);

export const RESOURCE_TYPES: readonly ResourceTypeFacts[] = [
  { name: 'DynamoDB', arn: arnOf('dynamodb', 'table/'), honoursColdStorage: true, coldStorageNeedsFullManagement: true, supportsContinuousBackup: false, fullBackups: true },
  { name: 'EC2', arn: arnOf('ec2', 'instance/'), honoursColdStorage: false, supportsContinuousBackup: false },
  { name: 'EBS', arn: arnOf('ec2', 'volume/'), honoursColdStorage: true, coldStorageNeedsArchiveOptIn: true, noColdStorageIn: ['cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1'], supportsContinuousBackup: false },
  { name: 'EFS', arn: arnOf('elasticfilesystem', 'file-system/'), honoursColdStorage: true, supportsContinuousBackup: false },
  { name: 'RDS', arn: arnOf('rds', 'db:'), honoursColdStorage: false, supportsContinuousBackup: true },
  { name: 'Aurora', arn: arnOf('rds', 'cluster:'), honoursColdStorage: false, supportsContinuousBackup: true, fullBackups: true },
  // DocumentDB and Neptune clusters share Aurora's ARN shape: resourceTypeOfArn, which takes the first match, calls them Aurora.
  { name: 'DocumentDB', arn: arnOf('rds', 'cluster:'), honoursColdStorage: false, supportsContinuousBackup: false, fullBackups: true },
  { name: 'Neptune', arn: arnOf('rds', 'cluster:'), honoursColdStorage: false, supportsContinuousBackup: false, fullBackups: true },
  { name: 'S3', arn: /^arn:aws[a-z-]*:s3:::/, honoursColdStorage: false, supportsContinuousBackup: true },
  { name: 'FSx', arn: arnOf('fsx', '(file-system|volume)/'), honoursColdStorage: false, supportsContinuousBackup: false },
  { name: 'Redshift', arn: arnOf('redshift', 'cluster:'), honoursColdStorage: false, supportsContinuousBackup: false },
  { name: 'Storage Gateway', arn: arnOf('storagegateway', 'gateway/[^:/]+/volume/'), honoursColdStorage: false, supportsContinuousBackup: false },
  { name: 'Timestream', arn: arnOf('timestream', 'database/[^:/]+/table/'), honoursColdStorage: true, supportsContinuousBackup: false },
  { name: 'SAP HANA on Amazon EC2', arn: arnOf('ssm-sap', 'HANA/'), honoursColdStorage: false, supportsContinuousBackup: true },
  { name: 'CloudFormation', arn: arnOf('cloudformation', 'stack/'), honoursColdStorage: false, supportsContinuousBackup: false },
  { name: 'VirtualMachine', arn: arnOf('backup-gateway', 'vm/'), honoursColdStorage: true, supportsContinuousBackup: false },
  // AWS documents neither cold storage nor continuous backup for EKS: the careful reading, as for the other types AWS does not name.
  { name: 'EKS', arn: arnOf('eks', 'cluster/'), honoursColdStorage: false, supportsContinuousBackup: false },
  // Aurora DSQL clusters: "Amazon Aurora DSQL cluster backups are always full backups" (AWS Backup, "Amazon Aurora DSQL backups");
  // cold storage and continuous backup AWS documents for other types only. Offered only in some Regions (core/regions.ts typeRegions).
  { name: 'DSQL', arn: arnOf('dsql', 'cluster/'), honoursColdStorage: false, supportsContinuousBackup: false, fullBackups: true },
];

/**
 * Composite types: a backup of one is a composite recovery point nesting one recovery point per
 * resource it holds, each encrypted as its own type is. CloudFormation: "recovery points are created
 * for the CloudFormation template and for each additional resource supported by AWS Backup in the
 * stack" (AWS Backup, "AWS CloudFormation stack backups"); EKS: the cluster state and "persistent
 * storage (Amazon EBS, Amazon S3, Amazon Elastic File System) attached to the Amazon EKS cluster"
 * (AWS Backup, "Amazon EKS backups"). So they are in both lists below; `keepingSourceKey`: the nested
 * types that keep their resource's key (the wording of the cross-account warning).
 */
export const NESTED_RECOVERY_POINTS: Readonly<Record<string, { readonly backup: string; readonly keepingSourceKey: string }>> = Object.freeze({
  CloudFormation: { backup: 'CloudFormation stack', keepingSourceKey: 'EBS, EC2, RDS, ...' },
  EKS: { backup: 'EKS cluster', keepingSourceKey: 'EBS' },
});

/**
 * Resource types whose recovery points keep their source resource's KMS key (AWS Backup does not
 * encrypt them independently: "Amazon EBS snapshots are automatically encrypted with the same
 * encryption key that was used to encrypt the source EBS volume", "Encryption for backups in AWS
 * Backup"), so a cross-account copy needs that key customer managed and shared with the
 * destination account; with the composite types whose backups nest such recovery points.
 */
export const SOURCE_KEY_TYPES: readonly string[] = ['EBS', 'EC2', 'RDS', 'Aurora', 'DocumentDB', 'Neptune', 'FSx', 'Storage Gateway', 'CloudFormation', 'EKS'];

/**
 * Resource types AWS Backup encrypts with the vault's key (full AWS Backup management: independent
 * encryption), with the composite types whose backups nest such recovery points (an EKS cluster's
 * EFS and S3 persistent volumes: "The AWS KMS encryption key for Amazon EFS backups is configured in
 * the AWS Backup vault"; "Amazon S3 backups are encrypted using a AWS KMS key associated with the backup vault").
 */
export const VAULT_KEY_TYPES: readonly string[] = ['EFS', 'DynamoDB', 'S3', 'Timestream', 'VirtualMachine', 'CloudFormation', 'SAP HANA on Amazon EC2', 'EKS'];


/** The facts of a resource type by its Region settings name (EBS, DynamoDB, ...), or undefined for a name backup-estate does not know. */
export const resourceTypeFacts = (name: string): ResourceTypeFacts | undefined => RESOURCE_TYPES.find((type) => type.name === name);

/**
 * Whether recovery points of a type move to cold storage when a rule sets it: only the types that
 * honour it (AWS "ignores this expression for other resource types"), EBS only with the archive
 * opt-in and outside the Regions without its archive tier (`region`, where the recovery points are:
 * undefined, not judged), DynamoDB only with advanced DynamoDB backup (`fullyManaged`: the Region
 * settings' fully managed types when known; undefined: not judged, assumed on). The one answer for
 * the config check, the posture report, the runbook and the cost estimate.
 */
export function movesToColdStorage(name: string, archiveOptIn: boolean | undefined, fullyManaged?: readonly string[], region?: string): boolean {
  const facts = resourceTypeFacts(name);
  if (facts === undefined || !facts.honoursColdStorage) return false;
  if (facts.coldStorageNeedsArchiveOptIn === true && archiveOptIn !== true) return false;
  if (region !== undefined && facts.noColdStorageIn?.includes(region) === true) return false;
  return !(facts.coldStorageNeedsFullManagement === true && fullyManaged !== undefined && !fullyManaged.includes(name));
}

/** The resource type an ARN names (Aurora for any rds cluster ARN), or undefined when it is not one AWS Backup protects. */
export function resourceTypeOfArn(arn: string): ResourceTypeFacts | undefined {
  return RESOURCE_TYPES.find((type) => type.arn.test(arn));
}

/** Partitions and the ARN prefixes they use. */
export const PARTITIONS = ['aws', 'aws-us-gov', 'aws-cn'] as const;

/**
 * What an AWS Region code looks like: eu-west-1, us-gov-west-1, cn-north-1, us-isob-east-1,
 * eusc-de-east-1. Which Regions exist is ./regions.ts (the pinned provider's list).
 */
export const REGION_PATTERN = /^([a-z]{2}(-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-\d{1}$/;

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** Account names prefix stack names, so folder names: lower case. */
export const ACCOUNT_NAME = { pattern: /^[a-z][a-z0-9-]{0,39}$/, describe: '1-40 characters of a-z 0-9 -, starting with a letter (it names the stacks)' } as const;

/** AWS Organizations ids (Organizations API reference). */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
export const ORGANIZATIONAL_UNIT_ID_PATTERN = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/** Section 5: a logically air-gapped vault keeps recovery points at least 7 days. */
export const AIR_GAPPED_MIN_RETENTION_DAYS = 7;

/** Section 8: Organizations backup policies. */
export const POLICY_LIMITS = {
  /** Characters per policy document (measured on the text uploaded). */
  maxDocumentCharacters: 10_000,
  /** Backup policies attached per root, OU or account (not checkable from one document). */
  policiesPerTarget: 10,
  maxRulesPerPlan: 10,
  maxCopyActionsPerRule: RULE_LIMITS.copyActionsPerRule,
  maxRecoveryPointTags: 10,
  maxConditionsPerSelection: SELECTION_LIMITS.maxConditions,
  maxSelectionsPerPlan: RULE_LIMITS.selectionsPerPlan,
  /**
   * AWS Backup quotas page, "Policy quotas": "Resource selections that use tags in a plan: 10" and
   * "Tags in a resource selection: 30" (neither adjustable), as quoted from the live page
   * (aws-backup-limits.html) by an audit; the stored copies available here are older and hold only
   * the 30 ("Tags per resource selection in a cross account backup policy | 30", docs.amazonaws.cn).
   * Past either, the policy's plan would not take effect, so both are errors. The page does not say
   * whether each value of a tag selection's tag_value list counts as a tag; every value is counted
   * (the safe reading: a key with 31 values is 31 key=value tags).
   */
  maxTagSelectionsPerPlan: 10,
  maxTagsPerSelection: 30,
  tagKeyMaxLength: RULE_LIMITS.recoveryPointTagKeyMaxLength,
  tagValueMaxLength: RULE_LIMITS.recoveryPointTagValueMaxLength,
} as const;

/** Config keys the organization reserves for copies into the central backup account. */
export const CENTRAL_VAULT_KEY = 'central';
export const CENTRAL_AIR_GAPPED_VAULT_KEY = 'central-air-gapped';

/**
 * IAM principal ARNs accepted for break-glass and key administrator lists (wildcards allowed in the
 * path for ArnLike): an account root, a role or a user (iam: its path of IAM_ROLE_PATH's printable
 * ASCII, as CreateRole and CreateUser allow, then a name), and the sts role session form, which
 * the checks refuse with the role ARN to write instead. No principal has an ARN of another form
 * (iam assumed-role, sts role or user): aws:PrincipalArn would never match it.
 */
export const IAM_PRINCIPAL_ARN_PATTERN = /^arn:aws[a-z-]*:(?:iam::(?:\d{12}|\*):(?:root|(?:role|user)\/(?:[\x21-\x7E]+\/)?[A-Za-z0-9+=,.@_*-]+)|sts::(?:\d{12}|\*):assumed-role\/[A-Za-z0-9+=,.@_/*-]+)$/;

export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A role's permissions boundary as serviceRole.permissionsBoundaryArn takes it: an IAM policy ARN, account * standing for each account's own (the config resolves it). */
export const PERMISSIONS_BOUNDARY_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}|aws|\*):policy\/.+$/;

/** The account field of a permissions boundary ARN (an account id, aws, or *), or undefined when it is no such ARN: the config and the role constructs read it alike. */
export const permissionsBoundaryOwner = (arn: string): string | undefined => PERMISSIONS_BOUNDARY_ARN_PATTERN.exec(arn)?.[1];

/** Whose policy IAM sets as a role's permissions boundary (the config's account rule and the role constructs say it alike). */
export const BOUNDARY_OWNER_RULE = "IAM takes as a role's permissions boundary only an AWS managed policy or a policy of the role's own account";

/**
 * An IAM role ARN: arn:PARTITION:iam::ACCOUNT:role, the role's path (IAM_ROLE_PATH's characters),
 * its name (IAM's role name characters, [\w+=,.@-]). The lengths (path 512, name 64) and Terraform's
 * template sequences are roleArnProblem's (core/checks.ts), which says which rule an ARN breaks.
 */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\x21-\x7E]+\/)?[\w+=,.@-]+$/;

/**
 * Section 6: events aws_backup_vault_notifications accepts (provider 5.100.0). The AWS API also has
 * CONTINUOUS_BACKUP_INTERRUPTED, which the provider's validation refuses (terraform validate fails).
 */
export const VAULT_NOTIFICATION_EVENTS = [
  'BACKUP_JOB_STARTED',
  'BACKUP_JOB_COMPLETED',
  'BACKUP_JOB_SUCCESSFUL',
  'BACKUP_JOB_FAILED',
  'BACKUP_JOB_EXPIRED',
  'RESTORE_JOB_STARTED',
  'RESTORE_JOB_COMPLETED',
  'RESTORE_JOB_SUCCESSFUL',
  'RESTORE_JOB_FAILED',
  'COPY_JOB_STARTED',
  'COPY_JOB_SUCCESSFUL',
  'COPY_JOB_FAILED',
  'RECOVERY_POINT_MODIFIED',
  'BACKUP_PLAN_CREATED',
  'BACKUP_PLAN_MODIFIED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
  'RECOVERY_POINT_INDEX_COMPLETED',
  'RECOVERY_POINT_INDEX_DELETED',
  'RECOVERY_POINT_INDEXING_FAILED',
] as const;
export type VaultNotificationEvent = (typeof VAULT_NOTIFICATION_EVENTS)[number];

/**
 * Accepted but never sent by AWS Backup: a notification on them never arrives (warn). The
 * PutBackupVaultNotifications reference lists as supported only BACKUP_JOB_STARTED |
 * BACKUP_JOB_COMPLETED, COPY_JOB_STARTED | COPY_JOB_SUCCESSFUL | COPY_JOB_FAILED,
 * RESTORE_JOB_STARTED | RESTORE_JOB_COMPLETED | RECOVERY_POINT_MODIFIED, S3_BACKUP_OBJECT_FAILED |
 * S3_RESTORE_OBJECT_FAILED (and the index and continuous-backup events): the others "will not
 * return statuses or notifications".
 */
export const DEPRECATED_VAULT_NOTIFICATION_EVENTS: readonly VaultNotificationEvent[] = [
  'BACKUP_JOB_SUCCESSFUL',
  'BACKUP_JOB_FAILED',
  'BACKUP_JOB_EXPIRED',
  'RESTORE_JOB_SUCCESSFUL',
  'RESTORE_JOB_FAILED',
  'BACKUP_PLAN_CREATED',
  'BACKUP_PLAN_MODIFIED',
];

/**
 * The windows backup-estate writes for a rule (it always writes both): the ones given, else 60
 * minutes to start and, to complete, 120 minutes beyond the start window but at least 180. A
 * completion window counts from the scheduled time, like the start window (StartBackupJob:
 * "It does not add additional time for StartWindowMinutes"), so a default shorter than a given
 * start window would stop every late-starting job: AWS's own examples set StartWindowMinutes 480
 * and leave the completion window out (AWS's default there is 7 days, AWS_DEFAULT_WINDOWS).
 */
export function ruleWindows(startWindowMinutes?: number, completionWindowMinutes?: number): { readonly startWindowMinutes: number; readonly completionWindowMinutes: number } {
  const start = startWindowMinutes ?? RULE_LIMITS.startWindowMinutes.default;
  const { default: least, runAfterStartWindow } = RULE_LIMITS.completionWindowMinutes;
  return { startWindowMinutes: start, completionWindowMinutes: completionWindowMinutes ?? Math.max(least, start + runAfterStartWindow) };
}

/** The windows AWS Backup applies when a rule (or a backup policy's rule) leaves them out: 8 hours to start, 7 days to complete. */
export const AWS_DEFAULT_WINDOWS = Object.freeze({ startMinutes: 480, completionMinutes: 10080 });

/**
 * Job states that mean a backup, copy or restore did not produce what it should. PARTIAL: a
 * composite job (a CloudFormation stack, SAP HANA) some of whose nested jobs failed, so part of
 * what it protects has no recovery point (BackupJobState and CopyJobState in AWS's API model).
 */
export const FAILED_JOB_STATES = ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] as const;

/**
 * The AWS Backup console's "Completed with issues": not an API state but a COMPLETED backup job
 * with a status message (a Windows VSS backup that fell back to crash-consistent, an S3 backup that
 * skipped objects). AWS: "To monitor Completed with issues events, monitor COMPLETED jobs that have
 * a status message. Please note this is only specific to backup jobs." (developer guide, EventBridge).
 */
export const COMPLETED_WITH_ISSUES = 'COMPLETED_WITH_ISSUES';

/** The job states an alert can be raised for: the failed ones and "completed with issues" (backup jobs). */
export const ALERT_JOB_STATES = [...FAILED_JOB_STATES, COMPLETED_WITH_ISSUES] as const;

/** Section 7: restore testing. */
export const RESTORE_TESTING_LIMITS = {
  name: { pattern: /^[A-Za-z0-9_]{1,50}$/, describe: '1-50 characters of A-Z a-z 0-9 _ (no hyphen, no dot)' },
  startWindowHours: { min: 1, max: 168 },
  /** `default`: AWS's when a plan leaves it out ("If not included, the value defaults to 30": RestoreTestingRecoveryPointSelection, AWS Backup API reference). */
  selectionWindowDays: { min: 1, max: 365, default: 30 },
  validationWindowHours: { min: 1, max: 168 },
  selectionsPerPlan: 30,
  algorithms: ['LATEST_WITHIN_WINDOW', 'RANDOM_WITHIN_WINDOW'],
  recoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'],
  protectedResourceTypes: ['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'FSx', 'Neptune', 'RDS', 'S3'],
} as const;

/** Section 7: Backup Audit Manager. */
export const AUDIT_LIMITS = {
  /** Frameworks and report plans: a letter, then A-Z a-z 0-9 _, at most 256. */
  name: { pattern: /^[A-Za-z][A-Za-z0-9_]{0,255}$/, describe: 'a letter, then up to 255 characters of A-Z a-z 0-9 _' },
  reportTemplates: ['BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'RESTORE_JOB_REPORT', 'RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT'],
  reportFormats: ['CSV', 'JSON'],
  /** AWS Backup quotas ("Number of report plans per account: 20"), checked per account and Region: the page does not say whether it spans Regions. */
  reportPlansPerAccount: 20,
  controls: [
    'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
    'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
    'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
    'BACKUP_RECOVERY_POINT_ENCRYPTED',
    'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
    'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
    'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT',
    'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
    'BACKUP_LAST_RECOVERY_POINT_CREATED',
    'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
    'RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT',
  ],
} as const;

/** Section 7: aws_backup_region_settings opt-in keys and management preference keys. */
export const REGION_SETTINGS_RESOURCE_TYPES = [
  'Aurora',
  'CloudFormation',
  'DSQL',
  'DocumentDB',
  'DynamoDB',
  'EBS',
  'EC2',
  'EFS',
  'EKS',
  'FSx',
  'Neptune',
  'RDS',
  'Redshift',
  'S3',
  'SAP HANA on Amazon EC2',
  'Storage Gateway',
  'Timestream',
  'VirtualMachine',
] as const;
export const REGION_SETTINGS_MANAGEMENT_TYPES = ['DynamoDB', 'EFS'] as const;

/**
 * Full AWS Backup management by default: for DynamoDB this turns on AWS Backup's advanced DynamoDB
 * backup features (cold storage, cross-Region and cross-account copies, tags, the vault's own key);
 * for EFS, full management of EFS backups by AWS Backup (UpdateRegionSettings,
 * ResourceTypeManagementPreference). What the synthesized Region settings write for a type the config leaves unset.
 */
export const DEFAULT_MANAGEMENT_PREFERENCE: Readonly<Record<(typeof REGION_SETTINGS_MANAGEMENT_TYPES)[number], boolean>> = { DynamoDB: true, EFS: true };

/** The types under full AWS Backup management with these Region settings (an unset type as DEFAULT_MANAGEMENT_PREFERENCE writes it). */
export function fullyManagedTypes(management: Readonly<Partial<Record<string, boolean>>> = {}): string[] {
  return REGION_SETTINGS_MANAGEMENT_TYPES.filter((type) => management[type] ?? DEFAULT_MANAGEMENT_PREFERENCE[type]);
}

/**
 * Default thresholds of the compliance rule pack: AWS Config's defaults for
 * backup-recovery-point-minimum-retention-check (35 days) and
 * backup-plan-min-frequency-and-min-retention-check (1 day).
 */
export const COMPLIANCE_DEFAULTS = Object.freeze({ minRetentionDays: 35, maxFrequencyHours: 24 });

/**
 * What would otherwise undo the vault's protection: deleting its access policy (and so every deny
 * in it), deleting or weakening its Vault Lock. Denied beside PROTECTED_RECOVERY_POINT_ACTIONS to
 * every principal but the break-glass principals and the deployment role, once the deployment
 * role is known: Terraform makes these calls when it adds or changes a lock, so without knowing
 * the role it runs as, denying them would fail its own applies (and denied to everyone, the policy
 * and lock could never change again).
 */
export const PROTECTED_VAULT_SETTING_ACTIONS = [
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:PutBackupVaultLockConfiguration',
] as const;

/** What a vault key's deny protects against: deletion and disabling; policy replacement once a deployment role is known. */
export const PROTECTED_KEY_ACTIONS = ['kms:DisableKey', 'kms:ScheduleKeyDeletion'] as const;
export const PROTECTED_KEY_POLICY_ACTION = 'kms:PutKeyPolicy';
