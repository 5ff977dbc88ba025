/**
 * The messages of the backup policy checks, in one table: every check words its problems from
 * here, so the same fault reads the same wherever it is found.
 */
import { PROVIDER_FOR_REGIONS, unknownRegionHint } from '../core/regions';
import { exactTagValueMessage } from '../core/selection';
import { kindOf, show } from './json';
import { POLICY_LIMITS } from '../core/limits';

const duplicateKey = (key: string, line: number): string => `duplicate key "${key}" (line ${line}): AWS Organizations rejects duplicate keys`;

export const MESSAGES = {
  required: 'is required',
  requiredWhenMerged: 'is required in the effective policy: a partial (child) policy leaves it to the parent it is merged with, which must set it',
  operatorObject: (got: unknown) => `must be an operator object like {"@@assign": ...}; got ${kindOf(got)}`,
  settingKey: (key: string) =>
    `unknown key "${key}" in a setting: a setting holds only @@assign, @@append, @@remove and @@operators_allowed_for_child_policies`,
  prepend: '"@@prepend" is not an inheritance operator: backup policies have @@assign, @@append and @@remove',
  unknownOperator: (key: string) => `unknown operator "${key}": backup policies accept @@assign, @@append, @@remove and @@operators_allowed_for_child_policies`,
  operatorOnGroup: (operator: string, group: string) => `"${operator}" cannot be used on "${group}", which groups settings: put operators on the settings inside it`,
  listOnly: (operator: string, key: string) => `"${operator}" applies to lists only; "${key}" is a single value: use "@@assign"`,
  needsValue: 'needs a value: add "@@assign"',
  needsValues: 'needs values: add "@@assign" (or "@@append")',
  notEmpty: 'must not be empty',
  singleValue: (got: unknown) => `must be a single value; got ${kindOf(got)}`,
  list: (got: unknown) => `must be a list; got ${kindOf(got)}`,
  string: (got: unknown) => `must be a string; got ${kindOf(got)}`,
  wholeNumber: (got: unknown) => `must be a whole number, as a string like "60" or a JSON number; got ${show(got)}`,
  boolean: (got: unknown) => `must be true or false, as a JSON boolean or the string "true" or "false"; got ${show(got)}`,
  childControlList: (got: unknown) => `must be a list: ["@@all"], ["@@none"] or some of "@@assign", "@@append", "@@remove"; got ${kindOf(got)}`,
  childControlEmpty: 'must not be empty: use ["@@none"] to allow no operator',
  childControlValue: (got: unknown) => `${show(got)} is not allowed here; use "@@all", "@@none", "@@assign", "@@append" or "@@remove"`,
  childControlAlone: (value: string) => `"${value}" must be used alone`,
  childControlTwice: (value: string) => `lists "${value}" twice`,
  account: '$account is replaced by the account id only inside ARN values (iam_role_arn, target_backup_vault_arn, copy action keys); here it would stay literal',
  region: 'backup policies do not replace $region here: write one plan per Region set with Region-specific values',
  unknownKey: (key: string, expected: readonly string[], suggestion?: string) =>
    `unknown key "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; expected one of: ${expected.join(', ')}`,
  unmodelled: 'is documented by AWS but not modelled by this tool: it is passed through unchecked',
  object: (got: unknown) => `must be a JSON object; got ${kindOf(got)}`,
  emptyName: 'must not be an empty name',
  collision: (other: string, otherPath: string) => `collides with "${other}" (${otherPath}): AWS lower-cases these names in the effective policy`,
  documentSize: (characters: number, compact?: number) =>
    `is ${characters} characters long; AWS Organizations accepts at most ${POLICY_LIMITS.maxDocumentCharacters} characters per backup policy` +
    (compact === undefined ? ': split its plans over several policies' : ` (${compact} without whitespace: upload it compact)`),
  noPlan: 'defines no plan',
  noRule: 'must contain at least one rule',
  noSelection: 'must contain at least one selection',
  tooManyRules: (count: number) => `has ${count} rules; a plan accepts at most ${POLICY_LIMITS.maxRulesPerPlan}`,
  tooManyCopies: (count: number) => `has ${count} copy actions; a rule accepts at most ${POLICY_LIMITS.maxCopyActionsPerRule}`,
  tooManyRecoveryPointTags: (count: number) => `has ${count} recovery point tags; a rule accepts at most ${POLICY_LIMITS.maxRecoveryPointTags}`,
  tooManySelections: (count: number) => `has ${count} selections; a plan accepts at most ${POLICY_LIMITS.maxSelectionsPerPlan}`,
  tooManyTagSelections: (count: number) => `has ${count} tag selections; a plan accepts at most ${POLICY_LIMITS.maxTagSelectionsPerPlan} resource selections that use tags`,
  tooManyTagValues: (count: number) =>
    `has ${count} tag values; a tag selection accepts at most ${POLICY_LIMITS.maxTagsPerSelection} tags (each value counted as one tag: AWS's quota does not say how values count)`,
  regionCode: (value: string) => `"${value}" is not an AWS Region code such as eu-west-1`,
  /** The config's own wording (config/partition-rules.ts): one verdict on a Region for both checkers. */
  unknownRegion: (value: string) => `Region "${value}" is unknown to the pinned provider ${PROVIDER_FOR_REGIONS}${unknownRegionHint(value)}`,
  listedTwice: (value: string) => `lists "${value}" twice`,
  regionPartition: (partition: string, firstRegion: string, firstPartition: string) =>
    `is in partition "${partition}", unlike ${firstRegion} (partition "${firstPartition}"): a plan cannot span partitions`,
  arnPartition: (partition: string, planPartition: string) => `is in partition "${partition}" but the plan's Regions are in partition "${planPartition}"`,
  continuousNeedsRetention: `is required with enable_continuous_backup (1-35 days)`,
  continuousIntoVaults: (rules: readonly string[]) =>
    `continuous backup rules ${rules.join(', ')} point to different vaults: AWS Backup rejects such a plan as not valid (AWS Backup, "Overlapping continuous backups on the same resource"); keep one continuous rule per plan, or send them to one vault`,
  noRetention: 'is not set: recovery points are kept until someone deletes them',
  noCopyRetention: "is not set in the copy's own lifecycle: its copies are kept until someone deletes them (the rule's delete_after_days applies only to a copy without a lifecycle)",
  copyWithoutTarget:
    'has no target_backup_vault_arn: AWS then uses the key lower-cased, which breaks case-sensitive vault ARNs; set it to the destination vault ARN',
  copyWithoutDestination: 'has no target_backup_vault_arn and its key is not a backup vault ARN: the copy has no destination',
  copyKeyMismatch: (target: string) => `key is not the destination vault ARN "${target}"; AWS documents the key as the destination ARN`,
  vaultArn: (value: string) => `"${value}" is not a backup vault ARN: arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME, ACCOUNT being 12 digits or $account`,
  roleArn: (value: string) => `"${value}" is not an IAM role ARN: arn:PARTITION:iam::ACCOUNT:role/NAME, ACCOUNT being 12 digits or $account`,
  tagKeyLength: (length: number) => `must be 1-${POLICY_LIMITS.tagKeyMaxLength} characters; got ${length}`,
  tagKeyReserved: 'must not start with "aws:", which AWS reserves',
  exactTagValue: (value: string) => exactTagValueMessage(value, 'conditions.string_like'),
  tagValueLength: (length: number) => `must be at most ${POLICY_LIMITS.tagValueMaxLength} characters; got ${length}`,
  tagKeyTwice: (key: string, otherPath: string) => `sets tag key "${key}" again (already set at ${otherPath})`,
  selectionsExclusive: '"tags" and "resources" are mutually exclusive: use "resources" with conditions to combine resource types and tags',
  selectionsNeeded: 'needs "tags" or "resources"',
  resourceType: (value: string) => `"${value}" is not a resource type: use "*" or an ARN pattern such as arn:aws:ec2:*:*:volume/*`,
  undocumentedResourceType: (value: string) => `"${value}" is not one of the resource types documented for backup policies, such as arn:aws:ec2:*:*:volume/*`,
  selectsEverything: (excludes: boolean) => `selects every resource opted in to AWS Backup in the plan's Regions${excludes ? ' but those not_resource_types excludes' : ''}: add conditions to narrow it`,
  conditionKey: 'should be "aws:ResourceTag/<tag key>": conditions match resource tags',
  windowsVss: (value: string) => `must be "enabled" or "disabled"; got ${show(value)}`,
  duplicateKey,
  /** The same, for the content of an Organizations policy a plan or stack holds (core/json-text.ts readEmbeddedJson): the guard and the report word it alike. */
  contentDuplicateKey: (repeated: { readonly path: string; readonly key: string; readonly line: number }) => `content ${repeated.path}: ${duplicateKey(repeated.key, repeated.line)}`,
  invalidJson: (reason: string) => `invalid JSON: ${reason}`,
  internal: (reason: string) => `internal error while validating: ${reason}`,
} as const;
