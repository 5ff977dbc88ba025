/**
 * Every rule of the pack on hand-written synthesized stacks: the compliant stack passes it, and a
 * copy with one thing broken fails it with a message naming what is wrong.
 */
import * as ids from '../../compliance/rules/ids';
import { BACKUP_RULE_PACK, evaluateStack } from '../../compliance/pack';
import { ACCOUNT_ID, addAuditPlan, CENTRAL_ARN, checkRule, compliantStack, DENY_DELETION, factsFor, goldCopies, goldPlan, goldRule, policy, StackFixture } from './fixtures';
import type { StackFacts } from '../../compliance/types';

interface Case {
  name: string;
  address: string;
  mutate: (stack: StackFixture) => void;
  /** Expected message (non-compliant) or status. */
  expect: RegExp | 'compliant' | 'not-applicable';
  facts?: Partial<StackFacts>;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PLAN = 'aws_backup_plan.gold';
const MAIN = 'aws_backup_vault.main';
const KEY = 'aws_kms_key.key';
const SELECTION = 'aws_backup_selection.gold-selection';
const TOPIC_POLICY = 'aws_sns_topic_policy.alerts';

const CASES: Record<string, Case[]> = {
  [ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION]: [
    { name: 'a weekly rule only', address: PLAN, mutate: (s) => (goldRule(s).schedule = 'cron(0 5 ? * SUN *)'), expect: /rule daily runs only every 168 h/ },
    { name: 'a daily rule kept 14 days', address: PLAN, mutate: (s) => (goldRule(s).lifecycle.delete_after = 14), expect: /no rule of plan "gold" backs up at least every 24 h and keeps recovery points at least 35 days: rule daily keeps recovery points 14 days/ },
    {
      name: 'one rule of several satisfies both (AWS Config semantics)',
      address: PLAN,
      mutate: (s) => goldPlan(s).rule.push({ ...goldRule(s), rule_name: 'weekly', schedule: 'cron(0 5 ? * SUN *)' }),
      expect: 'compliant',
    },
    { name: 'a daily schedule in a DST time zone (evaluated in UTC)', address: PLAN, mutate: (s) => (goldRule(s).schedule_expression_timezone = 'Europe/Paris'), expect: 'compliant' },
    // Judged by its schedule: what types without continuous backup get, and the cadence the Audit Manager control reads.
    { name: 'continuous backup over a yearly schedule', address: PLAN, mutate: (s) => Object.assign(goldRule(s), { enable_continuous_backup: true, schedule: 'cron(0 5 1 1 ? *)' }), expect: /rule daily runs only every/ },
    { name: 'continuous backup over a daily schedule', address: PLAN, mutate: (s) => (goldRule(s).enable_continuous_backup = true), expect: 'compliant' },
    { name: 'a schedule that does not parse', address: PLAN, mutate: (s) => (goldRule(s).schedule = 'rate(1 day)'), expect: /rule daily has a schedule that does not parse \(rate\(1 day\)\)/ },
    { name: 'a schedule known only at apply time', address: PLAN, mutate: (s) => (goldRule(s).schedule = '${var.schedule}'), expect: 'not-applicable' },
  ],
  [ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED]: [
    { name: 'no vault policy', address: MAIN, mutate: (s) => delete s.resource.aws_backup_vault_policy['main-policy'], expect: /aws_backup_vault.main has no aws_backup_vault_policy/ },
    {
      name: 'a deny of DeleteRecoveryPoint only',
      address: MAIN,
      mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].policy = policy([{ ...DENY_DELETION, Action: 'backup:DeleteRecoveryPoint' }])),
      expect: /does not deny backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy to Principal "\*"/,
    },
    { name: 'a deny for one principal only', address: MAIN, mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].policy = policy([{ ...DENY_DELETION, Principal: { AWS: 'arn:aws:iam::111122223333:role/x' } }])), expect: /does not deny backup:DeleteRecoveryPoint/ },
    // AWS Config requires Principal and Resource wildcards; a positive condition narrows whom the deny reaches.
    {
      name: 'a deny of one recovery point only',
      address: MAIN,
      mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].policy = policy([{ ...DENY_DELETION, Resource: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:one' }])),
      expect: /does not deny backup:DeleteRecoveryPoint/,
    },
    {
      name: 'a deny of one role only, by a positive condition',
      address: MAIN,
      mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].policy = policy([{ ...DENY_DELETION, Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Nobody' } } }])),
      expect: /does not deny backup:DeleteRecoveryPoint/,
    },
    {
      name: 'a deny without MFA only',
      address: MAIN,
      mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].policy = policy([{ ...DENY_DELETION, Condition: { ...DENY_DELETION.Condition, Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }])),
      expect: /does not deny backup:DeleteRecoveryPoint/,
    },
    { name: 'a wildcard action', address: MAIN, mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].policy = policy([{ ...DENY_DELETION, Action: 'backup:*' }])), expect: 'compliant' },
    { name: 'a policy naming the vault by its literal name', address: MAIN, mutate: (s) => (s.resource.aws_backup_vault_policy['main-policy'].backup_vault_name = 'main'), expect: 'compliant' },
    {
      name: 'a policy naming a vault of that name in another Region',
      address: MAIN,
      mutate: (s) => Object.assign(s.resource.aws_backup_vault_policy['main-policy'], { backup_vault_name: 'main', provider: 'aws.dr' }),
      expect: /has no aws_backup_vault_policy/,
    },
  ],
  [ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION]: [
    { name: 'a copy kept 1 day (one day, not "1 days")', address: PLAN, mutate: (s) => (goldCopies(s)[0].lifecycle = { delete_after: 1 }), expect: /the copy of rule daily to aws_backup_vault.dr keeps recovery points 1 day: less than the required 35 days/ },
    { name: 'a copy kept 7 days', address: PLAN, mutate: (s) => (goldCopies(s)[0].lifecycle = { delete_after: 7 }), expect: /the copy of rule daily to aws_backup_vault.dr keeps recovery points 7 days: less than the required 35 days/ },
    { name: 'a rule kept 14 days', address: PLAN, mutate: (s) => (goldRule(s).lifecycle.delete_after = 14), expect: /rule daily keeps recovery points 14 days/ },
    // Terraform JSON reads "14" as 14: never as "kept forever".
    { name: 'a rule kept "14" days (a string)', address: PLAN, mutate: (s) => (goldRule(s).lifecycle.delete_after = '14' as unknown as number), expect: /rule daily keeps recovery points 14 days/ },
    { name: 'a copy without lifecycle keeps the rule\'s', address: PLAN, mutate: (s) => delete goldCopies(s)[0].lifecycle, expect: 'compliant' },
  ],
  [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN]: [
    { name: 'a plan without selection', address: PLAN, mutate: (s) => delete s.resource.aws_backup_selection, expect: /plan "gold" has no aws_backup_selection/ },
  ],
  [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_REGION]: [
    { name: 'copies only within the Region', address: PLAN, mutate: (s) => goldCopies(s).shift(), expect: /every copy of plan "gold" stays in eu-west-1/ },
    { name: 'no copy', address: PLAN, mutate: (s) => delete goldRule(s).copy_action, expect: /plan "gold" copies nothing to another Region/ },
    { name: 'a copy to an ARN in another Region', address: PLAN, mutate: (s) => (goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr' }]), expect: 'compliant' },
    {
      name: 'the only copy across Regions goes to another partition (AWS Backup copies within a partition only)',
      address: PLAN,
      mutate: (s) => (goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws-cn:backup:cn-north-1:111122223333:backup-vault:dr' }]),
      expect: new RegExp(
        `^${escape('plan "gold" is not protected by a cross-Region copy AWS Backup makes: the copy of rule daily to arn:aws-cn:backup:cn-north-1:111122223333:backup-vault:dr is never made: AWS Backup copies only within a partition: cn-north-1 is in aws-cn, eu-west-1 in aws')}$`,
      ),
    },
    // AWS makes no cross-Region copy of DocumentDB, FSx or Neptune to a Region where opt-in is required (core/regions.ts copyNotMade): a tag selection can reach them.
    {
      name: 'the only copy across Regions goes to an opt-in Region, and the selection is by tag',
      address: PLAN,
      mutate: (s) => (goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:eu-south-1:111122223333:backup-vault:dr' }]),
      expect: new RegExp(
        `^${escape(
          'plan "gold" is not protected by a cross-Region copy AWS Backup makes: the copy of rule daily to arn:aws:backup:eu-south-1:111122223333:backup-vault:dr: AWS Backup makes no cross-Region copy where Region opt-in is required (eu-south-1) of DocumentDB or FSx or Neptune backups, which the plan\'s selections can reach',
        )}$`,
      ),
    },
    // AWS Backup copies no FSx for ONTAP volume to another Region or account, anywhere (feature availability by resource; "Copy a backup").
    {
      name: 'the only copy across Regions, of a plan that selects FSx for ONTAP volumes by ARN',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr' }];
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:fsx:eu-west-1:111122223333:volume/*'] });
      },
      expect: new RegExp(
        `^${escape(
          'plan "gold" is not protected by a cross-Region copy AWS Backup makes: the copy of rule daily to arn:aws:backup:us-west-2:111122223333:backup-vault:dr: AWS Backup makes no cross-Region or cross-account copy of FSx for ONTAP backups, which the plan\'s selections can reach',
        )}$`,
      ),
    },
    // Without advanced DynamoDB backup (full management off in the Region settings) AWS Backup copies no DynamoDB table: a tag selection can reach them.
    {
      name: 'the only copy across Regions, where the Region settings turn advanced DynamoDB backup off',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr' }];
        s.resource.aws_backup_region_settings = { settings: { resource_type_opt_in_preference: { DynamoDB: true, EBS: true }, resource_type_management_preference: { DynamoDB: false, EFS: true } } };
      },
      expect: new RegExp(
        `^${escape(
          'plan "gold" is not protected by a cross-Region copy AWS Backup makes: the copy of rule daily to arn:aws:backup:us-west-2:111122223333:backup-vault:dr: AWS Backup makes no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false) of DynamoDB backups, which the plan\'s selections can reach',
        )}$`,
      ),
    },
    {
      name: 'the same copy of a plan that selects FSx file systems by ARN (AWS copies them)',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr' }];
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:fsx:eu-west-1:111122223333:file-system/*'] });
      },
      expect: 'compliant',
    },
    {
      name: 'the same copy of a plan that selects EBS volumes only (it cannot select the types AWS does not copy)',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:eu-south-1:111122223333:backup-vault:dr' }];
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*'] });
      },
      expect: 'compliant',
    },
    {
      name: 'the same copy beside one to a Region AWS copies every type to',
      address: PLAN,
      mutate: (s) => (goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:eu-south-1:111122223333:backup-vault:dr' }, { destination_vault_arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr' }]),
      expect: 'compliant',
    },
    {
      name: 'a copy into a logically air-gapped vault in Mexico (Central), where no copy crosses into one',
      address: PLAN,
      mutate: (s) => (goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:mx-central-1:111122223333:backup-vault:lag' }]),
      facts: { airGappedVaults: ['arn:aws:backup:mx-central-1:111122223333:backup-vault:lag'] },
      expect: new RegExp(
        `^${escape(
          'plan "gold" is not protected by a cross-Region copy AWS Backup makes: the copy of rule daily to arn:aws:backup:mx-central-1:111122223333:backup-vault:lag is never made: cross-Region and cross-account copies to a logically air-gapped vault are not available in mx-central-1 (AWS Backup feature availability)',
        )}$`,
      ),
    },
  ],
  [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT]: [
    {
      name: 'a plan without central copy beside one with',
      address: 'aws_backup_plan.silver',
      mutate: (s) => (s.resource.aws_backup_plan.silver = { name: 'silver', rule: [{ ...goldRule(s), copy_action: [goldCopies(s)[0]] }] }),
      expect: /plan "silver" copies nothing out of account 111122223333, while other plans of the stack do/,
    },
    { name: 'a stack without any cross-account copy', address: PLAN, mutate: (s) => goldCopies(s).pop(), expect: 'not-applicable' },
    {
      // "Cross-account copy is not supported for these Regions" (AWS Backup feature availability, footnote 2): the copy is never made.
      name: 'a copy into another account in China',
      address: PLAN,
      mutate: (s) => {
        s.provider.aws[0].region = 'cn-north-1';
        goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws-cn:backup:cn-north-1:222222222222:backup-vault:central' }];
      },
      expect: new RegExp(
        `^${escape(
          'plan "gold" is not protected by a cross-account copy AWS Backup makes: the copy of rule daily to arn:aws-cn:backup:cn-north-1:222222222222:backup-vault:central is never made: AWS Backup offers no cross-account copy in the aws-cn partition ("Cross-account copy is not supported for these Regions", AWS Backup feature availability)',
        )}$`,
      ),
    },
    {
      name: 'a copy into another account in an opt-in Region of a plan that selects by tag',
      address: PLAN,
      mutate: (s) => (goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:ap-south-2:222222222222:backup-vault:central' }]),
      expect: new RegExp(
        `^${escape(
          'plan "gold" is not protected by a cross-account copy AWS Backup makes: the copy of rule daily to arn:aws:backup:ap-south-2:222222222222:backup-vault:central: AWS Backup makes no cross-Region copy where Region opt-in is required (ap-south-2) and no cross-account copy where Region opt-in is required (ap-south-2) of DocumentDB or FSx or Neptune or CloudFormation or Timestream backups, which the plan\'s selections can reach',
        )}$`,
      ),
    },
    {
      name: 'two copies into other accounts that each miss a type the other makes',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).copy_action = [{ destination_vault_arn: 'arn:aws:backup:ap-south-2:222222222222:backup-vault:central' }, { destination_vault_arn: 'arn:aws:backup:eu-south-1:222222222222:backup-vault:central' }];
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:rds:eu-west-1:111122223333:cluster:*'] });
      },
      expect: /so none of them copies DocumentDB or Neptune$/,
    },
  ],
  [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK]: [
    { name: 'an unlocked target vault', address: PLAN, mutate: (s) => delete s.resource.aws_backup_vault_lock_configuration['main-lock'], expect: /rule daily backs up into aws_backup_vault.main, which has no Vault Lock/ },
    { name: 'a target vault of another stack with a known lock', address: PLAN, mutate: (s) => (goldRule(s).target_vault_name = 'shared'), facts: { externalLocks: { shared: { min: 1 } } }, expect: 'compliant' },
    {
      name: 'a target vault of another stack that facts naming every locked vault leave out',
      address: PLAN,
      mutate: (s) => (goldRule(s).target_vault_name = 'shared'),
      facts: { externalLocksComplete: true },
      expect: /^rule daily backs up into shared, which has no Vault Lock$/,
    },
    {
      name: 'a target vault of another stack that facts leave out (unknown, not unlocked)',
      address: PLAN,
      mutate: (s) => (goldRule(s).target_vault_name = 'shared'),
      expect: /^rule daily backs up into shared, a vault outside this stack whose Vault Lock is unknown \(facts.externalLocks does not name it\)$/,
    },
  ],
  [ids.AWS_CONFIG_CMK_BACKING_KEY_ROTATION_ENABLED]: [
    { name: 'rotation off', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.enable_key_rotation = false), expect: /aws_kms_key.key does not rotate its key material/ },
    { name: 'an asymmetric key', address: KEY, mutate: (s) => Object.assign(s.resource.aws_kms_key.key, { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY', enable_key_rotation: false }), expect: 'not-applicable' },
  ],
  [ids.SECURITY_HUB_BACKUP_1]: [
    { name: 'no kms_key_arn', address: MAIN, mutate: (s) => delete s.resource.aws_backup_vault.main.kms_key_arn, expect: /encrypted with the AWS managed key aws\/backup/ },
    { name: 'an alias ARN', address: MAIN, mutate: (s) => (s.resource.aws_backup_vault.main.kms_key_arn = 'arn:aws:kms:eu-west-1:111122223333:alias/aws/backup'), expect: /is not a customer-managed KMS key/ },
    { name: 'a key ARN', address: MAIN, mutate: (s) => (s.resource.aws_backup_vault.main.kms_key_arn = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'), expect: 'compliant' },
    { name: 'a data source reference', address: MAIN, mutate: (s) => (s.resource.aws_backup_vault.main.kms_key_arn = '${data.aws_kms_key.shared.arn}'), expect: 'not-applicable' },
  ],
  [ids.SECURITY_HUB_BACKUP_2]: [
    { name: 'a rule without recovery point tags', address: PLAN, mutate: (s) => delete goldRule(s).recovery_point_tags, expect: /rule daily of plan "gold" sets no recovery_point_tags/ },
  ],
  [ids.SECURITY_HUB_BACKUP_3]: [
    { name: 'a vault whose provider has no default tags', address: 'aws_backup_vault.dr', mutate: (s) => delete s.provider.aws[1].default_tags, expect: /aws_backup_vault.dr has no tags and its provider sets no default_tags/ },
    { name: 'a vault with its own tags', address: 'aws_backup_vault.dr', mutate: (s) => ((s.provider.aws[1].default_tags = undefined), (s.resource.aws_backup_vault.dr.tags = { team: 'x' })), expect: 'compliant' },
  ],
  [ids.SECURITY_HUB_BACKUP_4]: [
    { name: 'a report plan without tags', address: 'aws_backup_report_plan.jobs', mutate: (s) => delete s.provider.aws[0].default_tags, expect: /aws_backup_report_plan.jobs has no tags/ },
  ],
  [ids.SECURITY_HUB_BACKUP_5]: [
    { name: 'a plan without tags', address: PLAN, mutate: (s) => (s.provider.aws[0].default_tags = [{ tags: {} }]), expect: /aws_backup_plan.gold has no tags/ },
    { name: 'a plan with its own tags', address: PLAN, mutate: (s) => ((s.provider.aws[0].default_tags = []), (goldPlan(s).tags = { tier: 'gold' })), expect: 'compliant' },
  ],
  [ids.SECURITY_HUB_KMS_4]: [{ name: 'rotation off', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.enable_key_rotation = false), expect: /does not rotate/ }],
  [ids.CHECKOV_CKV_AWS_166]: [{ name: 'no kms_key_arn', address: MAIN, mutate: (s) => delete s.resource.aws_backup_vault.main.kms_key_arn, expect: /has no kms_key_arn/ }],
  [ids.CHECKOV_CKV_AWS_7]: [{ name: 'rotation unset', address: KEY, mutate: (s) => delete s.resource.aws_kms_key.key.enable_key_rotation, expect: /does not rotate/ }],
  [ids.CHECKOV_CKV_AWS_33]: [
    {
      name: 'a wildcard principal without condition',
      address: KEY,
      mutate: (s) => (s.resource.aws_kms_key.key.policy = policy([{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }])),
      expect: /allows any principal without a restricting condition \(statement "Open"\)/,
    },
    {
      name: 'a wildcard principal with a negated condition',
      address: KEY,
      mutate: (s) => (s.resource.aws_kms_key.key.policy = policy([{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-x' } } }])),
      expect: /statement #1/,
    },
    ...(['StringEqualsIfExists', 'ForAllValues:StringEquals', 'Null'] as const).map((operator): Case => ({
      // Each holds for a principal outside every organization, where aws:PrincipalOrgID is absent (IAM: ...IfExists, ForAllValues and Null on a missing key).
      name: `a wildcard principal conditioned on aws:PrincipalOrgID with ${operator}`,
      address: KEY,
      mutate: (s) =>
        (s.resource.aws_kms_key.key.policy = policy([{ Sid: 'Org', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { [operator]: { 'aws:PrincipalOrgID': operator === 'Null' ? 'false' : 'o-a1b2c3d4e5' } } }])),
      expect: /allows any principal without a restricting condition \(statement "Org"\)/,
    })),
    ...(
      [
        ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/BackupCopy'],
        ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:*'],
        // IAM: "ArnEquals, ArnLike": each ARN component "can include multi-character match wildcards (*)": ArnEquals matches like ArnLike.
        ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/BackupCopy'],
        ['ForAnyValue:ArnEquals', 'aws:SourceArn', 'arn:aws:backup:eu-west-1:*:backup-vault:central'],
        ['StringLike', 'aws:PrincipalAccount', '?*'],
        ['StringLike', 'aws:PrincipalOrgID', 'o-*'],
        ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-*/*'],
      ] as const
    ).map(
      ([operator, key, value]): Case => ({
        // Under *Like, * and ? are wildcards: any account can make a role named BackupCopy, and o-* is every organization.
        name: `a wildcard principal conditioned on ${operator} ${key} ${value}, which anyone meets`,
        address: KEY,
        mutate: (s) => (s.resource.aws_kms_key.key.policy = policy([{ Sid: 'Like', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { [operator]: { [key]: value } } }])),
        expect: /allows any principal without a restricting condition \(statement "Like"\)/,
      }),
    ),
    ...(
      [
        ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin*'],
        ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'],
      ] as const
    ).map(
      ([operator, key, value]): Case => ({
        name: `a wildcard principal conditioned on ${operator} ${key} with a literal account or organization`,
        address: KEY,
        mutate: (s) => (s.resource.aws_kms_key.key.policy = policy([{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { [operator]: { [key]: value } } }])),
        expect: 'compliant',
      }),
    ),
    {
      name: 'a wildcard principal conditioned on aws:PrincipalArn',
      address: KEY,
      mutate: (s) => (s.resource.aws_kms_key.key.policy = policy([{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/x' } } }])),
      expect: 'compliant',
    },
    { name: 'a wildcard Deny', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.policy = policy([{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }])), expect: 'compliant' },
    {
      name: 'an aws_kms_key_policy with a wildcard principal',
      address: 'aws_kms_key_policy.extra',
      mutate: (s) => (s.resource.aws_kms_key_policy = { extra: { key_id: '${aws_kms_key.key.id}', policy: policy([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }]) } }),
      expect: /aws_kms_key_policy.extra allows any principal/,
    },
    { name: 'a policy that is not JSON', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.policy = '{not json'), expect: /is not valid JSON/ },
    { name: 'a policy from a data source', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.policy = '${data.aws_iam_policy_document.key.json}'), expect: 'not-applicable' },
  ],
  [ids.CHECKOV_CKV_AWS_227]: [{ name: 'a disabled key', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.is_enabled = false), expect: /aws_kms_key.key is disabled/ }],
  [ids.CHECKOV_CKV_AWS_385]: [
    {
      name: 'the account root granted topic management without a condition (SNS\'s default topic policy)',
      address: TOPIC_POLICY,
      mutate: (s) => (s.resource.aws_sns_topic_policy.alerts.policy = policy([{ Sid: 'AccountTopicManagement', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sns:Subscribe', Resource: '*' }])),
      expect: /the topic policy of aws_sns_topic_policy.alerts grants "AccountTopicManagement" to a named principal without a condition/,
    },
    {
      name: 'a named principal with a condition',
      address: TOPIC_POLICY,
      mutate: (s) => (s.resource.aws_sns_topic_policy.alerts.policy = policy([{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root'] }, Action: 'sns:Publish', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '444455556666' } } }])),
      expect: 'compliant',
    },
    { name: 'a policy from a data source', address: TOPIC_POLICY, mutate: (s) => (s.resource.aws_sns_topic_policy.alerts.policy = '${data.aws_iam_policy_document.topic.json}'), expect: 'not-applicable' },
  ],
  [ids.CHECKOV_CKV2_AWS_64]: [
    { name: 'no key policy', address: KEY, mutate: (s) => delete s.resource.aws_kms_key.key.policy, expect: /aws_kms_key.key has no key policy/ },
    {
      name: 'a separate aws_kms_key_policy',
      address: KEY,
      mutate: (s) => ((s.resource.aws_kms_key.key.policy = undefined), (s.resource.aws_kms_key_policy = { p: { key_id: '${aws_kms_key.key.key_id}', policy: policy([]) } })),
      expect: 'compliant',
    },
  ],
  [ids.BACKUP_ESTATE_COPY_OTHER_REGION]: [
    {
      name: 'a copy into a vault of the same Region and account',
      address: PLAN,
      mutate: (s) => goldCopies(s).push({ destination_vault_arn: `arn:aws:backup:eu-west-1:${ACCOUNT_ID}:backup-vault:main`, lifecycle: { delete_after: 35 } }),
      expect: /rule daily copies to arn:aws:backup:eu-west-1:111122223333:backup-vault:main in the same Region \(eu-west-1\) and account/,
    },
    { name: 'no copies', address: PLAN, mutate: (s) => delete goldRule(s).copy_action, expect: 'not-applicable' },
    { name: 'a same-Region copy into the central account', address: PLAN, mutate: (s) => goldCopies(s).shift(), expect: 'compliant' },
  ],
  [ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK]: [
    { name: 'a copy kept longer than the destination lock allows', address: PLAN, mutate: (s) => (goldCopies(s)[0].lifecycle = { delete_after: 500 }), expect: /the copy of rule daily keeps recovery points 500 days in aws_backup_vault.dr, whose lock allows 7-400 days/ },
    {
      name: 'a copy into the central vault below its lock (facts.externalLocks)',
      address: PLAN,
      mutate: (s) => (goldCopies(s)[1].lifecycle = { delete_after: 5 }),
      expect: new RegExp(`keeps recovery points 5 days in ${CENTRAL_ARN}, whose lock allows 7-400 days`),
    },
    {
      name: 'a copy into a vault of another stack that facts leave out (unknown: never compliant)',
      address: PLAN,
      mutate: () => undefined,
      facts: { externalLocks: {} },
      expect: new RegExp(
        `^the copy of rule daily keeps recovery points 35 days in ${escape(CENTRAL_ARN)}, a vault outside this stack whose Vault Lock is unknown \\(facts.externalLocks does not name it\\): AWS Backup fails the job if that lock does not allow it$`,
      ),
    },
    { name: 'a copy into a vault of another stack that facts naming every locked vault leave out', address: PLAN, mutate: () => undefined, facts: { externalLocks: {}, externalLocksComplete: true }, expect: 'compliant' },
    { name: 'external locks looked up by ARN first', address: PLAN, mutate: () => undefined, facts: { externalLocks: { central: { min: 7, max: 400 }, [CENTRAL_ARN]: { min: 40 } } }, expect: /whose lock allows at least 40 days/ },
    { name: 'a rule kept forever in a vault with a maximum', address: PLAN, mutate: (s) => (goldRule(s).lifecycle = {}), expect: /rule daily keeps recovery points forever \(no delete_after\) in aws_backup_vault.main, whose lock allows 7-400 days/ },
    {
      name: 'a copy into a logically air-gapped vault outside its range',
      address: PLAN,
      mutate: (s) => {
        s.resource.aws_backup_logically_air_gapped_vault = { lag: { name: 'lag', min_retention_days: 7, max_retention_days: 30, lifecycle: { prevent_destroy: true } } };
        goldCopies(s).push({ destination_vault_arn: '${aws_backup_logically_air_gapped_vault.lag.arn}', lifecycle: { delete_after: 35 } });
      },
      expect: /keeps recovery points 35 days in aws_backup_logically_air_gapped_vault.lag, whose lock allows 7-30 days/,
    },
  ],
  [ids.BACKUP_ESTATE_SELECTION_NOT_EMPTY]: [
    {
      name: 'a selection with not_resources only',
      address: SELECTION,
      mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, not_resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1'] }),
      expect: /selection "tagged" \(aws_backup_selection.gold-selection\) has no selection_tag, condition or resources/,
    },
    { name: 'an empty condition block', address: SELECTION, mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], condition: [{ string_equals: [] }] }), expect: /has no selection_tag/ },
    {
      name: 'contradictory conditions',
      address: SELECTION,
      mutate: (s) =>
        Object.assign(s.resource.aws_backup_selection['gold-selection'], {
          resources: ['*'],
          condition: [{ string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], string_not_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }] }],
        }),
      expect: /selection "tagged" \(aws_backup_selection.gold-selection\) selects nothing: its conditions contradict each other: tag "env" must and must not equal "prod"/,
    },
    {
      // The provider keeps one block's list per operator (expandConditions overwrites), so AWS ignores env=prod here.
      name: 'one operator in two condition blocks (terraform-provider-aws issue #38114)',
      address: SELECTION,
      mutate: (s) =>
        Object.assign(s.resource.aws_backup_selection['gold-selection'], {
          selection_tag: undefined,
          resources: ['*'],
          condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] }, { string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], string_like: [{ key: 'aws:ResourceTag/team', value: 'data*' }] }],
        }),
      expect: new RegExp(
        `^${escape("selection \"tagged\" (aws_backup_selection.gold-selection) sets string_equals in more than one condition block: hashicorp/aws 5.100.0 sends AWS the list of one block per operator (each block read overwrites the one before: terraform-provider-aws issue #38114), so AWS drops the other blocks' conditions and selects more than the file says, and every plan replaces the selection; write every condition in one condition block")}$`,
      ),
    },
    {
      name: 'different operators in different condition blocks pass',
      address: SELECTION,
      mutate: (s) =>
        Object.assign(s.resource.aws_backup_selection['gold-selection'], {
          selection_tag: undefined,
          resources: ['*'],
          condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] }, { string_not_equals: [{ key: 'aws:ResourceTag/env', value: 'dev' }] }],
        }),
      expect: 'compliant',
    },
    {
      name: 'resources of another Region only',
      address: SELECTION,
      mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, resources: ['arn:aws:ec2:us-east-1:111122223333:volume/vol-1'] }),
      expect: /selects nothing: every listed resource is outside the plan's account and Region/,
    },
    {
      name: 'a condition key without aws:ResourceTag/ (AWS documents only the prefixed key)',
      address: SELECTION,
      mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, resources: ['*'], condition: [{ string_equals: [{ key: 'env', value: 'prod' }] }] }),
      expect: new RegExp(
        `^${escape('selection "tagged" (aws_backup_selection.gold-selection): condition key "env" has no aws:ResourceTag/ prefix: AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "env" against, so no resource is counted as selected through it; write "aws:ResourceTag/env"')}$`,
      ),
    },
    {
      // It was read as a tag named "aws:resourcetag/env" and passed: AWS Backup documents only "aws:ResourceTag/" (IAM reads key names in any case).
      name: 'a condition key with the aws:ResourceTag/ prefix in another case',
      address: SELECTION,
      mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, resources: ['*'], condition: [{ string_equals: [{ key: 'aws:resourcetag/env', value: 'prod' }] }] }),
      expect: new RegExp(
        `^${escape('selection "tagged" (aws_backup_selection.gold-selection): condition key "aws:resourcetag/env" writes the aws:ResourceTag/ prefix in another case (aws:resourcetag/): AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "aws:resourcetag/env" against, so no resource is counted as selected through it; write "aws:ResourceTag/env"')}$`,
      ),
    },
    {
      // It was read as a tag of that name and passed: the Conditions API reference describes resource tags only.
      name: 'another aws: condition key (aws:PrincipalTag/team), negated',
      address: SELECTION,
      mutate: (s) =>
        Object.assign(s.resource.aws_backup_selection['gold-selection'], {
          selection_tag: undefined,
          resources: ['*'],
          condition: [{ string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], string_not_equals: [{ key: 'aws:PrincipalTag/team', value: 'ops' }] }],
        }),
      expect: new RegExp(
        `^${escape('selection "tagged" (aws_backup_selection.gold-selection): condition key "aws:PrincipalTag/team" is not a resource tag key (aws:ResourceTag/<tag key>): AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it does with "aws:PrincipalTag/team" (refuse the selection, ignore the condition or match no resource), so no resource is counted as selected through it; select by a resource tag instead')}$`,
      ),
    },
    {
      name: 'a negated condition without aws:ResourceTag/ beside a prefixed one: no contradiction claimed (AWS may read it as met by every resource)',
      address: SELECTION,
      mutate: (s) =>
        Object.assign(s.resource.aws_backup_selection['gold-selection'], {
          resources: ['*'],
          condition: [{ string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], string_not_equals: [{ key: 'env', value: 'prod' }] }],
        }),
      expect: new RegExp(`^${escape('selection "tagged" (aws_backup_selection.gold-selection): condition key "env" has no aws:ResourceTag/ prefix')}`),
    },
    { name: 'wildcard Region and account (AWS\'s own example)', address: SELECTION, mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, resources: ['arn:aws:ec2:*:*:volume/*'] }), expect: 'compliant' },
    {
      name: 'conditions only (refused: reported by the SELECTION-ACCEPTED rule)',
      address: SELECTION,
      mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] }] }),
      expect: 'compliant',
    },
  ],
  [ids.BACKUP_ESTATE_SELECTION_ACCEPTED]: [
    {
      name: 'conditions only',
      address: SELECTION,
      mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] }] }),
      expect: /selection "tagged" \(aws_backup_selection.gold-selection\): conditions without tags or resources: AWS Backup refuses the selection \(either tags or resources must be given\)/,
    },
    { name: 'conditions with "*"', address: SELECTION, mutate: (s) => Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: undefined, resources: ['*'], condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] }] }), expect: 'compliant' },
  ],
  [ids.BACKUP_ESTATE_RPO_WITHIN_TARGET]: [
    { name: 'a target below the daily rule', address: PLAN, mutate: () => undefined, facts: { rpoTargetHours: { gold: 12 } }, expect: /the worst-case RPO of plan "gold" is 28 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h\), above its 12 h target/ },
    { name: 'a daily rule in a DST time zone (25 h gap)', address: PLAN, mutate: (s) => (goldRule(s).schedule_expression_timezone = 'Europe/Dublin'), expect: /is 29 h/ },
    {
      // AWS runs the rule with the longer retention when two overlap; a rule without delete_after keeps its recovery points forever,
      // so on Sundays the weekly rule's job runs instead of the daily's, and may start as late as its 8-hour start window allows
      // (it took no part before: the daily's Sunday run was counted, and gold read 28 h).
      name: 'a rule kept forever displaces an overlapping daily rule, with its own windows',
      address: PLAN,
      mutate: (s) => goldPlan(s).rule.push({ ...structuredClone(goldRule(s)), rule_name: 'weekly', schedule: 'cron(0 5 ? * SUN *)', start_window: 480, lifecycle: {}, copy_action: undefined }),
      facts: { rpoTargetHours: { gold: 30 } },
      expect: /the worst-case RPO of plan "gold" is 35 h .*above its 30 h target/,
    },
    {
      // A delete_after known only at apply may be shorter than the weekly rule's 35 days: AWS then runs the weekly rule on Sundays,
      // with its 8-hour start window (it read as kept forever, the Sunday winner, and gold as compliant).
      name: 'a daily rule whose delete_after is known only at apply, beside an overlapping weekly rule',
      address: PLAN,
      mutate: (s) => {
        goldPlan(s).rule.push({ ...structuredClone(goldRule(s)), rule_name: 'weekly', schedule: 'cron(0 5 ? * SUN *)', start_window: 480, lifecycle: { delete_after: 35 }, copy_action: undefined });
        Object.assign(goldRule(s).lifecycle, { delete_after: '${var.days}' });
      },
      facts: { rpoTargetHours: { gold: 30 } },
      expect: /the worst-case RPO of plan "gold" is 35 h \(rules daily, weekly together: at most 35 h from one run to the next certain recovery point, windows included\), above its 30 h target/,
    },
    { name: 'no declared target', address: PLAN, mutate: () => undefined, facts: { rpoTargetHours: {} }, expect: 'not-applicable' },
    {
      name: 'continuous backup of an RDS database',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).enable_continuous_backup = true;
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] });
      },
      facts: { rpoTargetHours: { gold: 0.1 } },
      expect: 'compliant',
    },
    {
      // AWS Backup, "Changing your retention period": keep it "greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state".
      name: 'continuous backup of an RDS database kept 1 day by a daily rule: its recovery point may lapse between runs',
      address: PLAN,
      mutate: (s) => {
        Object.assign(goldRule(s), { enable_continuous_backup: true, lifecycle: { delete_after: 1 } });
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] });
      },
      facts: { rpoTargetHours: { gold: 0.1 } },
      expect:
        /^the worst-case RPO of plan "gold" is 28 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h; its continuous recovery point is kept no longer than the time between its runs, which renew it \(Aurora, RDS, SAP HANA: "greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state"\), so the runs count\), above its 0\.1 h target$/,
    },
    {
      name: 'continuous backup of an S3 bucket kept 1 day by a daily rule: AWS documents no lapse for S3',
      address: PLAN,
      mutate: (s) => {
        Object.assign(goldRule(s), { enable_continuous_backup: true, lifecycle: { delete_after: 1 } });
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:s3:::orders-data'] });
      },
      facts: { rpoTargetHours: { gold: 0.1 } },
      expect: 'compliant',
    },
    {
      // AWS backs up what has no continuous backup (EBS, EFS, ...) by snapshot on the rule's schedule.
      name: 'continuous backup of a tag selection, which reaches types without it',
      address: PLAN,
      mutate: (s) => (goldRule(s).enable_continuous_backup = true),
      facts: { rpoTargetHours: { gold: 0.1 } },
      expect:
        /the worst-case RPO of plan "gold" is 28 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h; its selections reach types without continuous backup, which get snapshots on the schedules\), above its 0\.1 h target/,
    },
    {
      // AWS backs a resource two plans' continuous rules take up continuously for the first plan it evaluates only, and says not which.
      name: 'continuous backup of an RDS database another plan backs up continuously too',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).enable_continuous_backup = true;
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] });
        const plans = s.resource.aws_backup_plan as Record<string, unknown>;
        const selections = s.resource.aws_backup_selection as Record<string, unknown>;
        // At 12:00, clear of gold's jobs (one job per resource at a time, whichever plan it is of).
        plans.pitr = { ...structuredClone(goldPlan(s)), name: 'pitr', rule: [{ ...structuredClone(goldRule(s)), schedule: 'cron(0 12 ? * * *)' }] };
        selections['pitr-selection'] = { ...structuredClone(s.resource.aws_backup_selection['gold-selection']), name: 'pitr-db', plan_id: '${aws_backup_plan.pitr.id}', resources: ['arn:aws:rds:eu-west-1:111122223333:db:*'] };
      },
      facts: { rpoTargetHours: { gold: 0.1 } },
      expect:
        /the worst-case RPO of plan "gold" is 28 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h; another plan's continuous rule may take its resources, and AWS backs each up continuously for one plan only, with snapshots on the others' schedules\), above its 0\.1 h target/,
    },
    {
      // EKS (and Aurora DSQL, Redshift Serverless) are not in the type table: no type of it reached is no proof that all have continuous backup.
      name: 'continuous backup of an RDS database and an EKS cluster, which has no continuous backup',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).enable_continuous_backup = true;
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders', 'arn:aws:eks:eu-west-1:111122223333:cluster/prod'] });
      },
      facts: { rpoTargetHours: { gold: 0.1 } },
      expect:
        /the worst-case RPO of plan "gold" is 28 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h; its selections reach types without continuous backup, which get snapshots on the schedules\), above its 0\.1 h target/,
    },
    {
      // For the types without continuous backup a tag reaches, the continuous rule's Sunday snapshot goes to the weekly rule kept longer, which may take 7 days.
      name: 'a continuous rule whose snapshots overlap a slow weekly rule kept longer',
      address: PLAN,
      mutate: (s) => {
        Object.assign(goldRule(s), { enable_continuous_backup: true, completion_window: 120 });
        goldPlan(s).rule.push({ ...goldRule(s), rule_name: 'weekly', enable_continuous_backup: false, schedule: 'cron(0 5 ? * SUN *)', start_window: 480, completion_window: 10080, lifecycle: { delete_after: 365 } });
      },
      facts: { rpoTargetHours: { gold: 30 } },
      expect:
        // Its weekly job may run 7 days, through the daily runs' start windows (one job per resource at a time), and the next Sunday's from 13:00 another 7 days: 14 d 8 h.
        /^the worst-case RPO of plan "gold" is 344 h \(rules daily, weekly together: at most 344 h from one run to the next certain recovery point, windows included; its selections reach types without continuous backup, which get snapshots on the schedules; a job may still run when the start windows of the next runs end: AWS Backup runs one backup job per resource at a time \(quota: concurrent backup and copy jobs per resource, 1\), so those runs make no backup\), above its 30 h target$/,
    },
    {
      // One backup job per resource at a time, whichever plan it is of: audit's Monday 04:00 job may run to 08:00, past gold's 06:00 start window end (found by the cross-plan contention audit).
      name: "a job of another plan selecting the same resources may hold gold's Monday runs",
      address: PLAN,
      mutate: (s) => addAuditPlan(s),
      facts: { rpoTargetHours: { gold: 28 } },
      expect:
        /^the worst-case RPO of plan "gold" is 52 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h; a job of another plan that may select the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time \(quota: concurrent backup and copy jobs per resource, 1\), so those runs make no backup\), above its 28 h target$/,
    },
    {
      // A backup policy's plan runs here too, outside the stack's JSON: the facts carry it.
      name: "a job of a backup policy's plan selecting the same resources may hold gold's Monday runs",
      address: PLAN,
      mutate: () => undefined,
      facts: {
        rpoTargetHours: { gold: 28 },
        policyPlanJobs: [
          {
            selections: [{ tags: [{ key: 'backup', value: 'gold' }], conditions: [], resources: [], notResources: [] }],
            rules: [{ schedule: 'cron(0 4 ? * MON *)', timezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false }],
            continuous: false,
          },
        ],
      },
      expect: /^the worst-case RPO of plan "gold" is 52 h \(rule daily: .*; a job of another plan that may select the same resources may still run when the start windows of its runs end: .*\), above its 28 h target$/,
    },
    {
      // A backup policy's continuous plan over the same database, outside the stack's JSON: AWS backs it up continuously for one plan only.
      name: "continuous backup of an RDS database a backup policy's plan backs up continuously too",
      address: PLAN,
      mutate: (s) => {
        goldRule(s).enable_continuous_backup = true;
        Object.assign(s.resource.aws_backup_selection['gold-selection'], { selection_tag: [], resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] });
      },
      facts: {
        rpoTargetHours: { gold: 0.1 },
        policyPlanJobs: [
          {
            selections: [{ tags: [], conditions: [], resources: ['arn:aws:rds:eu-west-1:111122223333:db:*'], notResources: [] }],
            // At 12:00, clear of gold's jobs (one job per resource at a time, whichever plan it is of).
            rules: [{ schedule: 'cron(0 12 ? * * *)', timezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: true }],
            continuous: true,
          },
        ],
      },
      expect:
        /the worst-case RPO of plan "gold" is 28 h \(rule daily: every 24 h \(Etc\/UTC\) \+ 60 min start window \+ 180 min completion window = 28 h; another plan's continuous rule may take its resources, and AWS backs each up continuously for one plan only, with snapshots on the others' schedules\), above its 0\.1 h target/,
    },
    {
      name: 'a job of another plan whose selection certainly takes other resources (another value of the tag)',
      address: PLAN,
      mutate: (s) => addAuditPlan(s, 'audit'),
      facts: { rpoTargetHours: { gold: 28 } },
      expect: 'compliant',
    },
    {
      name: 'a MON-FRI rule and a SAT,SUN rule together back up daily (28 h, not 76 h)',
      address: PLAN,
      mutate: (s) => {
        goldRule(s).schedule = 'cron(0 5 ? * MON-FRI *)';
        goldPlan(s).rule.push({ ...goldRule(s), rule_name: 'weekend', schedule: 'cron(0 5 ? * SAT,SUN *)' });
      },
      facts: { rpoTargetHours: { gold: 28 } },
      expect: 'compliant',
    },
    {
      name: 'the last day of the month at 02:00 Paris skips a run in a spring-forward gap (2030): 1,467 h',
      address: PLAN,
      mutate: (s) => Object.assign(goldRule(s), { schedule: 'cron(0 2 L * ? *)', schedule_expression_timezone: 'Europe/Paris' }),
      facts: { rpoTargetHours: { gold: 800 } },
      expect: /the worst-case RPO of plan "gold" is 1467 h/,
    },
    {
      name: 'a schedule limited to one year is unbounded',
      address: PLAN,
      mutate: (s) => (goldRule(s).schedule = 'cron(0 5 1 * ? 2027)'),
      facts: { rpoTargetHours: { gold: 800 } },
      expect: /the worst-case RPO of plan "gold" is unbounded \(no rule runs after 2027\), above its 800 h target/,
    },
    {
      name: 'the best rule of several counts',
      address: PLAN,
      // Kept longer than the daily rule, the hourly rule takes the 05:00 run (AWS: one backup, for the rule kept longer).
      mutate: (s) => goldPlan(s).rule.push({ ...goldRule(s), rule_name: 'hourly', schedule: 'cron(0 * ? * * *)', start_window: 60, completion_window: 120, lifecycle: { delete_after: 40 } }),
      // Hourly with 60 + 120 min windows: a job started at 05:00 may run to 07:00, past the 06:00 run's start window (one job per resource at a time): 5 h.
      facts: { rpoTargetHours: { gold: 5 } },
      expect: 'compliant',
    },
    {
      // With equal retention AWS does not say which rule takes the 05:00 run: the daily rule's, certain later, is the worst case.
      name: 'rules kept as long count, run by run, the one whose recovery point is certain later where they overlap',
      address: PLAN,
      mutate: (s) => goldPlan(s).rule.push({ ...goldRule(s), rule_name: 'hourly', schedule: 'cron(0 * ? * * *)', start_window: 60, completion_window: 120 }),
      facts: { rpoTargetHours: { gold: 4 } },
      expect: /the worst-case RPO of plan "gold" is 6 h \(rules daily, hourly together: at most 6 h from one run to the next certain recovery point, windows included; a job may still run when the start windows of the next runs end: AWS Backup runs one backup job per resource at a time \(quota: concurrent backup and copy jobs per resource, 1\), so those runs make no backup\), above its 4 h target/,
    },
  ],
  [ids.BACKUP_ESTATE_PREVENT_DESTROY]: [
    { name: 'a vault without prevent_destroy', address: MAIN, mutate: (s) => delete s.resource.aws_backup_vault.main.lifecycle, expect: /aws_backup_vault.main has no lifecycle.prevent_destroy = true/ },
    { name: 'a key with prevent_destroy false', address: KEY, mutate: (s) => (s.resource.aws_kms_key.key.lifecycle = { prevent_destroy: false }), expect: /aws_kms_key.key has no lifecycle.prevent_destroy/ },
    { name: 'a lock without prevent_destroy', address: 'aws_backup_vault_lock_configuration.main-lock', mutate: (s) => delete s.resource.aws_backup_vault_lock_configuration['main-lock'].lifecycle, expect: /main-lock has no lifecycle.prevent_destroy/ },
    { name: 'an air-gapped vault without prevent_destroy', address: 'aws_backup_logically_air_gapped_vault.lag', mutate: (s) => (s.resource.aws_backup_logically_air_gapped_vault = { lag: { name: 'lag', min_retention_days: 7, max_retention_days: 30 } }), expect: /lag has no lifecycle.prevent_destroy/ },
  ],
};

/** Where each rule is checked in the compliant stack: a plan, a vault, a key or a selection. */
const ON_TYPE: Record<string, string> = { aws_backup_plan: PLAN, aws_backup_vault: MAIN, aws_kms_key: KEY, aws_backup_selection: SELECTION, aws_backup_report_plan: 'aws_backup_report_plan.jobs', aws_sns_topic_policy: TOPIC_POLICY };
const compliantAddress = (types: readonly string[]): string => ON_TYPE[types.find((type) => ON_TYPE[type] !== undefined) ?? ''];

describe('the compliant fixture', () => {
  it('produces no finding at all', () => {
    expect(evaluateStack(compliantStack(), factsFor())).toEqual([]);
  });

  it('has a compliant and a non-compliant case for every rule of the pack', () => {
    for (const rule of BACKUP_RULE_PACK) {
      expect({ rule: rule.id, hasNonCompliant: (CASES[rule.id] ?? []).some((c) => c.expect instanceof RegExp) }).toEqual({ rule: rule.id, hasNonCompliant: true });
    }
    expect(Object.keys(CASES).sort()).toEqual(BACKUP_RULE_PACK.map((rule) => rule.id).sort());
  });
});

describe('a lock facts leave unknown', () => {
  const retention = (facts: Partial<StackFacts>) => evaluateStack(compliantStack(), factsFor(facts)).filter((finding) => finding.ruleId === ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK);

  it('is a warning, not "forever" and not an error, when the retention is a reference known only at apply', () => {
    const referenced = compliantStack();
    Object.assign(goldCopies(referenced)[0], { lifecycle: { delete_after: '${var.dr_days}' } });
    const findings = evaluateStack(referenced, factsFor({ externalLocks: { [CENTRAL_ARN]: { min: 7, max: 400 } } })).filter((f) => f.ruleId === ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK);
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['warning', 'the copy of rule daily keeps recovery points for a time known only at apply (delete_after is a reference) in aws_backup_vault.dr, whose lock allows 7-400 days: AWS Backup fails the job if the retention falls outside it'],
    ]);
  });

  it('is a warning, not an error, when nothing known breaks; an error when a known lock does', () => {
    expect(retention({ externalLocks: {} }).map((finding) => finding.severity)).toEqual(['warning']);
    expect(retention({ externalLocks: {}, externalLocksComplete: true })).toEqual([]);
    const broken = compliantStack();
    goldCopies(broken)[0].lifecycle = { delete_after: 500 };
    const [finding] = evaluateStack(broken, factsFor({ externalLocks: {} })).filter((f) => f.ruleId === ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK);
    expect(finding.severity).toBe('error');
    expect(finding.message).toBe(
      `the copy of rule daily keeps recovery points 500 days in aws_backup_vault.dr, whose lock allows 7-400 days; the copy of rule daily keeps recovery points 35 days in ${CENTRAL_ARN}, a vault outside this stack whose Vault Lock is unknown (facts.externalLocks does not name it): AWS Backup fails the job if that lock does not allow it`,
    );
  });
});

describe.each(BACKUP_RULE_PACK.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  it('has a description, a remediation, a source and resource types', () => {
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.remediation.length).toBeGreaterThan(10);
    expect(rule.source).toMatch(/^(AWS Config |Security Hub |Checkov |backup-estate)/);
    expect(rule.resourceTypes.length).toBeGreaterThan(0);
  });

  it('passes the compliant stack', () => {
    expect(checkRule(id, compliantStack(), compliantAddress(rule.resourceTypes))).toEqual({ status: 'compliant' });
  });

  it.each((CASES[id] ?? []).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const stack = compliantStack();
    c.mutate(stack);
    const result = checkRule(id, stack, c.address, factsFor(c.facts));
    if (c.expect instanceof RegExp) {
      expect(result.status).toBe('non-compliant');
      expect(result.status === 'non-compliant' ? result.message : '').toMatch(c.expect);
    } else {
      expect(result).toEqual({ status: c.expect });
    }
  });
});
