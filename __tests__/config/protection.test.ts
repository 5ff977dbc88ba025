/**
 * The config rules of issue #17 with their exact messages, at their config paths: the security
 * section and the organization's service control policy, existing vaults as rule targets and copy
 * destinations, logically air-gapped vaults of workload accounts, extra vault policy statements,
 * global settings, restore tests over some vaults, alerts to an existing topic and filter policies,
 * report plans with a name and scope of their own, and backup policies from plans that select by
 * resources and conditions.
 */
import { checkRawConfig } from '../../config';
import { configWith, findings, findingsBesideSourceKeys, organizationWith, RawConfig } from '../support/configs';

type Mutation = (config: RawConfig) => void;
type Case = [name: string, mutate: Mutation, errors: string[], warnings?: string[]];

/** The warning that copies to another account need the selected resources' own keys shared (EBS, RDS, ...). */
const SOURCE_KEYS = (path: string, destination: string) =>
  `${path}: copies into ${destination}: EBS, EC2, RDS, Aurora, DocumentDB, Neptune, FSx, Storage Gateway recovery points (and those nested in CloudFormation stack and EKS cluster backups) keep their resource's own KMS key, so AWS copies them to another account only when that key is customer managed (not aws/ebs or aws/rds) and its key policy allows the destination account; backup-estate shares the keys of the vaults it creates, not your resources' keys`;
/** The warning that copies into an air-gapped vault of the account need the selected resources' own keys customer managed (EBS, RDS, ...). */
const AIR_GAPPED_SOURCE_KEYS = (path: string, vault: string, types = 'EBS, EC2, RDS, Aurora, DocumentDB, Neptune, FSx, Storage Gateway recovery points (and those nested in CloudFormation stack and EKS cluster backups)') =>
  `${path}: copies into logically air-gapped vault "${vault}": ${types} keep their resource's own KMS key, and AWS copies these types it does not fully manage into a logically air-gapped vault only when that key is customer managed, not an AWS managed key such as aws/ebs or aws/rds ("Logically air-gapped vault", Compatible encryption); backup-estate cannot see or change your resources' keys`;
const LOCK_UNKNOWN = (what: string, key: string, days: number) =>
  `${what} existing vault "${key}", which this config does not create: its Vault Lock, if any, is unknown here, so retention is not checked against it and the rule pack cannot say whether it is locked (${days} days here)`;
const NO_BREAK_GLASS = 'is empty: nobody, Terraform included, can delete recovery points or change the vault policy (remove the policy first to change it)';
const ebs = { ebs: { resourceType: 'EBS', resources: ['*'] } };
const targetD = (c: RawConfig, vault: RawConfig) => ((c.existingVaults = { d: vault }), (c.plans.gold.vault = 'd'));

const BODY_FILTER_WARNING =
  'alerts.subscriptions.ops.filterPolicyScope: is MessageBody: SNS filters only messages whose body is a JSON object, and drops the rest for this subscriber; the EventBridge rule messages (failed backup, copy and restore jobs, plain text lines) and the vault notifications are plain text, so this subscriber receives only the CloudWatch alarm notifications whose JSON matches filterPolicy';
const NOBODY_WARNING =
  'alerts.subscriptions: no subscription can receive failed backup, copy and restore jobs (the EventBridge rule messages: plain text, no message attributes), nor the silence and failure alarms (CloudWatch alarm notifications: JSON, no message attributes): every subscription\'s filterPolicy drops them, so they reach no one unless someone subscribes outside this config. Add a subscription without filterPolicy';
const ONLY_ALARMS_WARNING =
  'alerts.subscriptions: no subscription can receive failed backup, copy and restore jobs (the EventBridge rule messages: plain text, no message attributes): every subscription\'s filterPolicy drops them, so they reach no one unless someone subscribes outside this config. Add a subscription without filterPolicy';

const single: Case[] = [
  ['deployment role in the partition', (c) => (c.security = { deployRoleArn: 'arn:aws-cn:iam::111122223333:role/deploy' }), ['security.deployRoleArn: is an ARN of partition aws-cn, but account.partition is aws: every Region, ARN, key and principal of a stack must be in its account\'s partition']],
  ['no service control policy without an organization', (c) => (c.security = { serviceControlPolicy: {} }), ['security.serviceControlPolicy: is for organizations: a single-account estate has no service control policy (its vault and key policies protect it)']],
  [
    'break-glass principals that exempt everyone (the deny would protect against no one)',
    (c) => ((c.security = { breakGlassPrincipals: ['arn:aws:iam::*:user/*'] }), (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:role/BreakGlass*'])),
    [
      'security.breakGlassPrincipals.0: "arn:aws:iam::*:user/*" exempts every user of every account from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
      'vaults.main.accessPolicy.breakGlassPrincipals.0: "arn:aws:iam::111122223333:role/*" exempts every role of account 111122223333 from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
    ],
  ],
  ['key protection switched off', (c) => (c.security = { protectKeys: false }), [], ['security.protectKeys: is false: any principal with IAM permission, the account root included, can schedule the deletion of a vault key or disable it, and so every recovery point it encrypts (or the alerts topic key, silencing every alert)']],
  [
    'existing vault: name or arn',
    (c) => targetD(c, { name: 'Default', arn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:Default' }),
    ['existingVaults.d: give either name (a vault of the account and Region where the plan runs) or arn, not both or neither'],
    [`plans.gold.vault: ${LOCK_UNKNOWN('backs up into', 'd', 35)}`],
  ],
  ['existing vault: name', (c) => targetD(c, { name: 'a' }), ['existingVaults.d.name: vault name "a" must be 2-50 characters of A-Z a-z 0-9 _ -'], [`plans.gold.vault: ${LOCK_UNKNOWN('backs up into', 'd', 35)}`]],
  ['existing vault: ARN', (c) => targetD(c, { arn: 'arn:aws:backup:eu-west-1:111122223333:vault:Default' }), ['existingVaults.d.arn: must be a backup vault ARN such as arn:aws:backup:eu-west-1:111122223333:backup-vault:Default']],
  ['existing vault: key of vaults too', (c) => (c.existingVaults = { main: { name: 'Default' } }), ['existingVaults.main: is also a key of vaults: vault: "main" would name both; rename one']],
  ['existing vault: unused', (c) => (c.existingVaults = { spare: { name: 'Default' } }), [], ['existingVaults.spare: no rule, copy or restore test uses this vault']],
  [
    'rule target by ARN in another account',
    (c) => targetD(c, { arn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:Default' }),
    ['plans.gold.vault: vault "d" is in account 444455556666, but plan "gold" runs in 111122223333: a rule backs up into a vault of its own account (copy to other accounts with copies)'],
  ],
  [
    'rule target by ARN in another Region',
    (c) => targetD(c, { arn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:Default' }),
    ['plans.gold.vault: vault "d" is in eu-central-1 but plan "gold" runs in eu-west-1: a rule\'s target vault must be in the plan\'s Region (copy to other Regions with copies)'],
  ],
  [
    'copy into the rule\'s own existing vault',
    (c) => (targetD(c, { name: 'Default' }), (c.plans.gold.rules.daily.copies = { d: {} })),
    ['plans.gold.rules.daily.copies.d.vault: copies into the rule\'s own vault "Default": copy to a vault in another Region or account'],
    [`plans.gold.vault: ${LOCK_UNKNOWN('backs up into', 'd', 35)}`],
  ],
  [
    'copy into another account and Region',
    (c) => ((c.existingVaults = { partner: { arn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:partner-dr' } }), (c.plans.gold.rules.daily.copies.partner = { lifecycle: { deleteAfterDays: 90 } })),
    [],
    [
      `plans.gold.rules.daily.copies.partner: ${LOCK_UNKNOWN('copies into', 'partner', 90)}`,
      'plans.gold.rules.daily.copies.partner: copies into account 444455556666: AWS needs both accounts in one AWS Organization, cross-account backup enabled by its organization\'s management account (globalSettings.crossAccountBackup there), a policy on arn:aws:backup:us-west-2:444455556666:backup-vault:partner-dr that allows backup:CopyIntoBackupVault from account 111122223333, and a key on that vault whose policy lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)',
      'plans.gold.rules.daily.copies.partner: copies into another account and another Region (us-west-2) at once: AWS copies Aurora, DocumentDB, Neptune, RDS recovery points one hop at a time (cross-account or cross-Region) and fails this copy for them',
      SOURCE_KEYS('plans.gold.rules.daily.copies.partner', 'account 444455556666 (existingVaults.partner)'),
    ],
  ],
  [
    'global settings off while copying to an existing vault of another account',
    (c) => (
      (c.globalSettings = { crossAccountBackup: false }),
      (c.existingVaults = { partner: { arn: 'arn:aws:backup:us-west-2:444455556666:backup-vault:partner-dr' } }),
      (c.plans.gold.rules.daily.copies.partner = { lifecycle: { deleteAfterDays: 90 } })
    ),
    ['globalSettings.crossAccountBackup: is false, but plans gold copy into account 444455556666 (existingVaults.partner): AWS fails every cross-account copy job'],
    [
      `plans.gold.rules.daily.copies.partner: ${LOCK_UNKNOWN('copies into', 'partner', 90)}`,
      'plans.gold.rules.daily.copies.partner: copies into account 444455556666: AWS needs both accounts in one AWS Organization, cross-account backup enabled by its organization\'s management account (globalSettings.crossAccountBackup there), a policy on arn:aws:backup:us-west-2:444455556666:backup-vault:partner-dr that allows backup:CopyIntoBackupVault from account 111122223333, and a key on that vault whose policy lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)',
      'plans.gold.rules.daily.copies.partner: copies into another account and another Region (us-west-2) at once: AWS copies Aurora, DocumentDB, Neptune, RDS recovery points one hop at a time (cross-account or cross-Region) and fails this copy for them',
      SOURCE_KEYS('plans.gold.rules.daily.copies.partner', 'account 444455556666 (existingVaults.partner)'),
      'globalSettings: AWS accepts global settings only from the management account of an AWS Organization: the apply fails unless account 111122223333 is one',
    ],
  ],
  [
    'global settings off while copying to an existing vault of the same account',
    (c) => (
      (c.globalSettings = { crossAccountBackup: false }),
      (c.existingVaults = { other: { arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:other' } }),
      (c.plans.gold.rules.daily.copies.other = {})
    ),
    [],
    [
      `plans.gold.rules.daily.copies.other: ${LOCK_UNKNOWN('copies into', 'other', 35)}`,
      'globalSettings: AWS accepts global settings only from the management account of an AWS Organization: the apply fails unless account 111122223333 is one',
    ],
  ],
  [
    'existing vault by the ARN of a vault the config creates (same name, account and Region): a copy into it is that vault, its lock checked, with no unknown-lock warning',
    (c) => ((c.existingVaults = { 'dr-arn': { arn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr' } }), (c.plans.gold.rules.daily.copies = { 'dr-arn': { lifecycle: { deleteAfterDays: 400 } } })),
    ['plans.gold.rules.daily.copies.dr-arn.lifecycle.deleteAfterDays: retention of 400 days is outside the lock range of vault "dr" (7-365 days): AWS Backup fails these jobs'],
  ],
  [
    'existing vault by the ARN of a vault the config creates: a rule backing up into it keeps within that vault\'s lock',
    (c) => ((c.vaults.main.lock = { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 30 }), targetD(c, { arn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:main' })),
    ['plans.gold.rules.daily.lifecycle.deleteAfterDays: retention of 35 days is outside the lock range of vault "main" (7-30 days): AWS Backup fails these jobs'],
  ],
  ['existing vault by the ARN of a vault the config creates, within its lock: no warning', (c) => targetD(c, { arn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:main' }), []],
  [
    'existing vault by an ARN of a vault name the config creates in another Region only: not created, its lock unknown',
    (c) => ((c.existingVaults = { 'dr-arn': { arn: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:dr' } }), (c.plans.gold.rules.daily.copies = { 'dr-arn': {} })),
    [],
    [`plans.gold.rules.daily.copies.dr-arn: ${LOCK_UNKNOWN('copies into', 'dr-arn', 35)}`],
  ],
  [
    'air-gapped vault: no key, no lock',
    (c) => (c.vaults.dr = { ...c.vaults.dr, airGapped: { minRetentionDays: 7, maxRetentionDays: 365 }, kmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/abc' }),
    [
      'vaults.dr.kmsKeyArn: is not allowed on a logically air-gapped vault (airGapped): aws_backup_logically_air_gapped_vault of provider 5.100.0 takes no key, so AWS encrypts it with an AWS owned key (AWS offers a customer managed key too, which that provider cannot set)',
      'vaults.dr.lock: is not allowed on a logically air-gapped vault (airGapped): its retention range is its lock (compliance mode)',
    ],
    [AIR_GAPPED_SOURCE_KEYS('plans.gold.rules.daily.copies.dr', 'dr')],
  ],
  ['air-gapped vault: range', (c) => (c.vaults.dr = { region: 'eu-central-1', airGapped: { minRetentionDays: 30, maxRetentionDays: 20 } }), ['vaults.dr.airGapped.maxRetentionDays: must be at least minRetentionDays (30); got 20'], [`vaults.dr.accessPolicy.breakGlassPrincipals: ${NO_BREAK_GLASS}`, AIR_GAPPED_SOURCE_KEYS('plans.gold.rules.daily.copies.dr', 'dr')]],
  ['air-gapped vault: at least 7 days', (c) => (c.vaults.dr = { region: 'eu-central-1', airGapped: { minRetentionDays: 6, maxRetentionDays: 20 } }), ['vaults.dr.airGapped.minRetentionDays: must be at least 7']],
  [
    'air-gapped vault: not a rule target',
    (c) => (c.vaults.main = { airGapped: { minRetentionDays: 7, maxRetentionDays: 400 } }),
    ['plans.gold.vault: vault "main" is logically air-gapped: provider 5.100.0 cannot make it a rule\'s target; back up into another vault and copy to it with copies'],
    [`vaults.main.accessPolicy.breakGlassPrincipals: ${NO_BREAK_GLASS}`],
  ],
  [
    'air-gapped vault: copy retention inside its range',
    (c) => (c.vaults.dr = { region: 'eu-central-1', airGapped: { minRetentionDays: 40, maxRetentionDays: 400 } }),
    ['plans.gold.rules.daily.copies.dr: retention of 35 days is outside the lock range of vault "dr" (40-400 days): AWS Backup fails these jobs'],
    [`vaults.dr.accessPolicy.breakGlassPrincipals: ${NO_BREAK_GLASS}`, AIR_GAPPED_SOURCE_KEYS('plans.gold.rules.daily.copies.dr', 'dr')],
  ],
  [
    'a break-glass role session ARN (aws:PrincipalArn of a session is its role\'s ARN: it would exempt no one)',
    (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:sts::111122223333:assumed-role/BackupBreakGlass/alice']),
    [
      'vaults.main.accessPolicy.breakGlassPrincipals.0: "arn:aws:sts::111122223333:assumed-role/BackupBreakGlass/alice" is a role session ARN, which the denies never see: they match aws:PrincipalArn, which for a role session is the role\'s ARN, so this exempts no one; name the role instead: arn:aws:iam::111122223333:role/BackupBreakGlass (with its path, if it has one)',
    ],
  ],
  [
    'break-glass ARNs of forms no principal has (iam assumed-role, sts role or user): they would exempt no one',
    (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:assumed-role/BackupBreakGlass/alice', 'arn:aws:sts::111122223333:role/BackupBreakGlass', 'arn:aws:sts::111122223333:user/alice']),
    [0, 1, 2].map((index) => `vaults.main.accessPolicy.breakGlassPrincipals.${index}: must be an IAM principal ARN such as arn:aws:iam::111122223333:role/BreakGlass`),
  ],
  [
    'a break-glass role session ARN of every role',
    (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:sts::111122223333:assumed-role/*']),
    [
      'vaults.main.accessPolicy.breakGlassPrincipals.0: "arn:aws:sts::111122223333:assumed-role/*" is a role session ARN, which the denies never see (they match aws:PrincipalArn, the role\'s ARN), and it names every role: name the break-glass roles, as arn:aws:iam::111122223333:role/BackupBreakGlass',
    ],
  ],
  [
    'vault statement: reserved id',
    (c) => (c.vaults.main.accessPolicy.statements = { DenyRecoveryPointDeletion: { effect: 'Deny', principals: '*', actions: ['backup:DeleteBackupVault'] } }),
    ['vaults.main.accessPolicy.statements.DenyRecoveryPointDeletion: statement id "DenyRecoveryPointDeletion" is backup-estate\'s own (AllowCopiesFromOrganization, DenyRecoveryPointDeletion, DenyProtectionRemoval): choose another'],
  ],
  [
    'vault statement: no wildcard action',
    (c) => (c.vaults.main.accessPolicy.statements = { AllowList: { effect: 'Allow', principals: { aws: ['arn:aws:iam::111122223333:role/Auditor'] }, actions: ['backup:List*'] } }),
    ['vaults.main.accessPolicy.statements.AllowList.actions.0: "backup:List*" is not a backup:<Action> name (vault access policies take no wildcard in Action)'],
  ],
  [
    'vault statement: cross-account grants are copies only',
    (c) => (c.vaults.main.accessPolicy.statements = { AllowPartner: { effect: 'Allow', principals: { aws: ['444455556666'] }, actions: ['backup:StartRestoreJob'] } }),
    ['vaults.main.accessPolicy.statements.AllowPartner.principals.aws.0: is in account 444455556666, not the vault\'s 111122223333: AWS Backup rejects cross-account access for every action but backup:CopyIntoBackupVault (here backup:StartRestoreJob)'],
  ],
  [
    'vault statement: id',
    (c) => (c.vaults.main.accessPolicy.statements = { 'Allow-Partner': { effect: 'Allow', principals: { aws: ['444455556666'] }, actions: ['backup:CopyIntoBackupVault'] } }),
    ['vaults.main.accessPolicy.statements.Allow-Partner: name "Allow-Partner" statement ids are 1-100 letters and digits'],
  ],
  [
    'vault statement: a wildcard principal whose condition anyone meets (IfExists holds where aws:PrincipalOrgID is absent)',
    (c) =>
      (c.vaults.main.accessPolicy.statements = {
        OrgCopies: { effect: 'Allow', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, Bool: { 'aws:SecureTransport': 'true' } } },
      }),
    [
      'vaults.main.accessPolicy.statements.OrgCopies.principals: is "*" in an Allow statement whose conditions restrict no principal: every principal of every account that meets them would be allowed; restrict it with a positive operator (StringEquals, ArnEquals, ArnLike: not a negated one, ...IfExists or ForAllValues:, which hold when the key is absent, as aws:PrincipalOrgID is for every principal outside an organization) on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalArn, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, kms:CallerAccount',
    ],
  ],
  [
    'vault statement: a wildcard principal restricted to the organization',
    (c) => (c.vaults.main.accessPolicy.statements = { OrgCopies: { effect: 'Allow', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } } }),
    [],
  ],
  [
    'vault statement: a service principal without a source condition (confused deputy)',
    (c) => (c.vaults.main.accessPolicy.statements = { Events: { effect: 'Allow', principals: { service: ['events.amazonaws.com'] }, actions: ['backup:DescribeBackupVault'] } }),
    [],
    [
      'vaults.main.accessPolicy.statements.Events.principals.service: allows events.amazonaws.com without a StringEquals aws:SourceAccount or ArnLike aws:SourceArn condition: the service would act on this vault for any account that asks it to (the cross-service confused deputy); add the condition naming the account or resource it acts for',
    ],
  ],
  [
    'vault statement: a service principal scoped to the account',
    (c) =>
      (c.vaults.main.accessPolicy.statements = {
        Events: { effect: 'Allow', principals: { service: ['events.amazonaws.com'] }, actions: ['backup:DescribeBackupVault'], conditions: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
      }),
    [],
  ],
  [
    'vault statement: no open Allow',
    (c) => (c.vaults.main.accessPolicy.statements = { AllowAll: { effect: 'Allow', principals: '*', actions: ['backup:CopyIntoBackupVault'] } }),
    ['vaults.main.accessPolicy.statements.AllowAll.principals: is "*" in an Allow statement without conditions: every principal of every account would be allowed; name the principals or add a condition such as StringEquals aws:PrincipalOrgID'],
  ],
  [
    'vault statement: condition operator',
    (c) => (c.vaults.main.accessPolicy.statements = { AllowX: { effect: 'Allow', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringEqualz: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } } }),
    ['vaults.main.accessPolicy.statements.AllowX.conditions.StringEqualz: name "StringEqualz" is not an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike'],
  ],
  [
    'filter policy: no empty nested policy',
    (c) => (c.alerts = { subscriptions: { ops: { protocol: 'https', endpoint: 'https://a.example.com/x', filterPolicy: { detail: {} }, filterPolicyScope: 'MessageBody' } } }),
    ['alerts.subscriptions.ops.filterPolicy.detail: is an empty policy: give its keys, or leave it out'],
    [BODY_FILTER_WARNING, NOBODY_WARNING],
  ],
  ['global settings outside an organization', (c) => (c.globalSettings = { crossAccountBackup: true }), [], ['globalSettings: AWS accepts global settings only from the management account of an AWS Organization: the apply fails unless account 111122223333 is one']],
  ['restore test: "*" with others', (c) => (c.restoreTesting = { weekly: { vaults: ['*', 'main'], selections: ebs } }), [], ['restoreTesting.weekly.vaults: "*" already takes every vault of the account and Region: the other entries have no effect']],
  ['restore test: excluded vault declared', (c) => (c.restoreTesting = { weekly: { excludeVaults: ['nope'], selections: ebs } }), ['restoreTesting.weekly.excludeVaults.0: vault "nope" is not declared in vaults or existingVaults (declared: main, dr)']],
  ['restore test: included and excluded', (c) => (c.restoreTesting = { weekly: { vaults: ['main'], excludeVaults: ['main'], selections: ebs } }), ['restoreTesting.weekly.excludeVaults.0: vault "main" is both included (vaults) and excluded: it is never tested']],
  ['restore test: role', (c) => (c.restoreTesting = { weekly: { role: 'arn:aws:iam::111122223333:user/x', selections: ebs } }), ['restoreTesting.weekly.role: must be an IAM role ARN']],
  ['existing topic: name or arn', (c) => (c.alerts = { existingTopic: { name: 'a', arn: 'arn:aws:sns:eu-west-1:111122223333:a' } }), ['alerts.existingTopic: give either name (a topic of that name in every account and Region) or arn, not both or neither']],
  ['existing topic: name', (c) => (c.alerts = { existingTopic: { name: 'a b' } }), ['alerts.existingTopic.name: SNS topic name "a b" must be 1-256 characters of A-Z a-z 0-9 _ -']],
  [
    'existing topic: a name that prefixes the rules',
    (c) => (c.alerts = { existingTopic: { name: 't'.repeat(52) } }),
    [`alerts.existingTopic.name: "${'t'.repeat(52)}" is 52 characters: the topic name prefixes the EventBridge rules (at most 64 characters, "-restore-jobs" included), so at most 51`],
  ],
  [
    'existing topic: ARN in every stack\'s Region',
    (c) => (c.alerts = { existingTopic: { arn: 'arn:aws:sns:eu-west-1:111122223333:a' } }),
    ['alerts.existingTopic.arn: is in account 111122223333, Region eu-west-1; vault notifications, EventBridge rules and alarms publish to a topic of their own account and Region (111122223333, eu-central-1) (stack test-eu-central-1): give the topic by name to use one per account and Region'],
  ],
  [
    'filter policy: at most 5 keys',
    (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email-json', endpoint: 'a@b.co', filterPolicy: { a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] } } } }),
    ['alerts.subscriptions.ops.filterPolicy: has 6 keys; SNS allows at most 5 in a filter policy'],
    ['alerts.subscriptions.ops.filterPolicy: filters on message attributes: the EventBridge rule messages and CloudWatch alarm notifications of the topic carry none, so this subscriber receives only the vault notifications that match', NOBODY_WARNING],
  ],
  ['filter policy: a scope needs a policy', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'a@b.co', filterPolicyScope: 'MessageBody' } } }), ['alerts.subscriptions.ops.filterPolicyScope: has no filterPolicy to scope']],
  // A body filter sees only the alarm notifications (JSON); detail.state is not one of their fields: nothing reaches the only subscriber.
  ['filter policy on the body: the rule messages and vault notifications are not JSON', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'a@b.co', filterPolicy: { detail: { state: ['FAILED'] } }, filterPolicyScope: 'MessageBody' } } }), [], [BODY_FILTER_WARNING, NOBODY_WARNING]],
  ['filter policy on the body of the alarm notifications: they still arrive, failed jobs do not', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'a@b.co', filterPolicy: { NewStateValue: ['ALARM'] }, filterPolicyScope: 'MessageBody' } } }), [], [BODY_FILTER_WARNING, ONLY_ALARMS_WARNING]],
  ['filter policy on attributes that accepts messages without them: no one is left out', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'a@b.co', filterPolicy: { State: [{ exists: false }, 'FAILED'] } } } }), [], ['alerts.subscriptions.ops.filterPolicy: filters on message attributes: the EventBridge rule messages and CloudWatch alarm notifications of the topic carry none, so this subscriber receives only the vault notifications that match']],
  ['filter policies beside a subscription without one: someone receives everything', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'a@b.co', filterPolicy: { detail: { state: ['FAILED'] } }, filterPolicyScope: 'MessageBody' }, all: { protocol: 'email', endpoint: 'b@b.co' } } }), [], [BODY_FILTER_WARNING]],
  ['filter policies on an existing topic: others may subscribe to it', (c) => (c.alerts = { existingTopic: { name: 'ops' }, subscriptions: { ops: { protocol: 'email', endpoint: 'a@b.co', filterPolicy: { detail: { state: ['FAILED'] } }, filterPolicyScope: 'MessageBody' } } }), [], [BODY_FILTER_WARNING]],
  ['email-json endpoint', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email-json', endpoint: 'nope' } } }), ['alerts.subscriptions.ops.endpoint: "nope" is not an email address']],
  [
    'report plan: multi-account needs an organization',
    (c) => (c.audit = { reportPlans: { org: { template: 'BACKUP_JOB_REPORT', accounts: ['ROOT'] } } }),
    ['audit.reportPlans.org.accounts: makes a multi-account report, which needs an organization: AWS accepts accounts and organizationUnits only from its management account or delegated administrator'],
  ],
  ['report plan: name', (c) => (c.audit = { reportPlans: { jobs: { template: 'BACKUP_JOB_REPORT', name: '1jobs' } } }), ['audit.reportPlans.jobs.name: report plan name "1jobs" must be a letter, then up to 255 characters of A-Z a-z 0-9 _']],
  [
    'report plan: name unique',
    (c) => (c.audit = { reportPlans: { jobs: { template: 'BACKUP_JOB_REPORT', name: 'backup_estate_backup_job_report' } } }),
    ['audit.reportPlans.jobs.name: report plan name "backup_estate_backup_job_report" is already used by audit.reports.templates (BACKUP_JOB_REPORT): report plan names are unique in an account and Region'],
  ],
  [
    'report plan: Regions',
    (c) => (c.audit = { reportPlans: { jobs: { template: 'BACKUP_JOB_REPORT', regions: ['eu-west-9', 'cn-north-1', 'x'] } } }),
    [
      'audit.reportPlans.jobs.regions.0: Region "eu-west-9" is unknown to the pinned provider hashicorp/aws 5.100.0 (terraform would fail on it): did you mean eu-west-1?',
      'audit.reportPlans.jobs.regions.1: Region cn-north-1 is in partition aws-cn, but account.partition is aws: every Region, ARN, key and principal of a stack must be in its account\'s partition',
      'audit.reportPlans.jobs.regions.2: must be an AWS Region code such as eu-west-1, or "*"',
    ],
  ],
  [
    'report plan: framework ARNs',
    (c) => (c.audit = { reportPlans: { jobs: { template: 'CONTROL_COMPLIANCE_REPORT', frameworkArns: ['arn:aws:backup:eu-west-1:111122223333:plan:x'] } } }),
    ['audit.reportPlans.jobs.frameworkArns.0: "arn:aws:backup:eu-west-1:111122223333:plan:x" is not an AWS Backup framework ARN'],
  ],
  ['report plan: description', (c) => (c.audit = { reportPlans: { jobs: { template: 'BACKUP_JOB_REPORT', description: 'x'.repeat(1025) } } }), ['audit.reportPlans.jobs.description: must be at most 1024 bytes of UTF-8 (hashicorp/aws 5.100.0 counts bytes: é is 2, € is 3); got 1025']],
];

const organization: Case[] = [
  ['deployment role is per account', (c) => (c.security = { deployRoleArn: 'arn:aws:iam::111111111111:role/deploy' }), ['security.deployRoleArn: is for single-account estates: in an organization each account\'s deploy role (accounts.<name>.deployRoleArn, default organization.deployRoleName) is the deployment role']],
  ['service control policy switched off', (c) => (c.security = { serviceControlPolicy: { enabled: false } }), [], ['security.serviceControlPolicy.enabled: is false: an administrator of a workload account (its root user included) can delete vault keys and, where the vault policy exempts nobody, vault locks and policies']],
  ['service control policy targets declared', (c) => (c.security = { serviceControlPolicy: { targets: ['nope'] } }), ['security.serviceControlPolicy.targets.0: "nope" is neither a unit in organization.units nor an account in accounts']],
  [
    'service control policy on the management account',
    (c) => (c.security = { serviceControlPolicy: { targets: ['management', 'workloads'] } }),
    [],
    [
      'security.serviceControlPolicy.targets.0: is the management account: service control policies do not apply to it',
      'accounts.backup: holds the central vaults (eu-west-1), but security.serviceControlPolicy.targets (management, workloads) do not name the account, which has no unit: the vault protection policy does not reach them and only their vault and key policies do, as in a single account: an administrator of the account may change the deploy role\'s trust or permissions and act as it, and delete or change plans, selections and Region settings. Add "backup" to the targets',
    ],
  ],
  [
    'a break-glass principal of every account\'s root user (the service control policy would exempt each protected account\'s root)',
    (c) => (c.organization.central.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::222222222222:role/BreakGlass', 'arn:aws:iam::*:root']),
    [
      'organization.central.accessPolicy.breakGlassPrincipals.1: "arn:aws:iam::*:root" exempts the root user of every account from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
    ],
  ],
  [
    'vaults in the management account, which no service control policy reaches',
    (c) => Object.assign(c.accounts.management, { regions: ['eu-west-1'], plans: ['gold'] }),
    [],
    [
      'accounts.management: is the management account and holds vault "main" (eu-west-1): service control policies do not apply to it, so the vault protection policy does not protect them; only their vault and key policies do, as in a single account: an administrator of the account may change the deploy role\'s trust or permissions and act as it, and delete or change plans, selections and Region settings. Keep vaults and plans out of the management account',
    ],
  ],
  [
    'the central vaults in the management account',
    (c) => (c.organization.backupAccount = 'management'),
    [],
    [
      'accounts.management: is the management account and holds the central vaults (eu-west-1): service control policies do not apply to it, so the vault protection policy does not protect them; only their vault and key policies do, as in a single account: an administrator of the account may change the deploy role\'s trust or permissions and act as it, and delete or change plans, selections and Region settings. Keep vaults and plans out of the management account',
    ],
  ],
  [
    'vaults of accounts the service control policy\'s targets do not reach (the central vaults of a backup account without a unit, a unit not named)',
    (c) => (c.security = { serviceControlPolicy: { targets: ['orders'] } }),
    [],
    [
      'accounts.backup: holds the central vaults (eu-west-1), but security.serviceControlPolicy.targets (orders) do not name the account, which has no unit: the vault protection policy does not reach them and only their vault and key policies do, as in a single account: an administrator of the account may change the deploy role\'s trust or permissions and act as it, and delete or change plans, selections and Region settings. Add "backup" to the targets',
      'accounts.payments: holds vault "baseline" (eu-west-1), vault "main" (eu-west-1), but security.serviceControlPolicy.targets (orders) name neither the account nor its unit workloads: unless that unit is below a target, the vault protection policy does not reach them and only their vault and key policies do, as in a single account: an administrator of the account may change the deploy role\'s trust or permissions and act as it, and delete or change plans, selections and Region settings. Add "payments" or "workloads" to the targets',
    ],
  ],
  [
    'a service control policy on the organization\'s root reaches every member account, with a unit or not (no warning for the central vaults or the units below it)',
    (c) => {
      c.organization.units.all = 'r-a1b2';
      c.security = { serviceControlPolicy: { targets: ['all'] } };
    },
    [],
  ],
  [
    'service control policy size (5,120 characters)',
    (c) => (c.security = { breakGlassPrincipals: Array.from({ length: 30 }, (_, i) => `arn:aws:iam::${100000000000 + i}:role/BreakGlass`) }),
    ['security.breakGlassPrincipals: service control policy: make the policy 10393 characters long; AWS Organizations allows at most 5120 per service control policy: exempt fewer principals (one ARN pattern with a wildcard can stand for many)'],
  ],
  [
    'service control policies per target (5)',
    (c) => (c.security = { serviceControlPolicy: { otherPoliciesPerTarget: 5 } }),
    ['security.serviceControlPolicy.otherPoliciesPerTarget: service control policy: leaves no room for this policy: AWS Organizations attaches at most 5 service control policies directly to a root, unit or account; got 5 others'],
  ],
  ['existing vault: central is reserved', (c) => (c.existingVaults = { central: { name: 'x1' } }), ['existingVaults.central: is reserved in an organization for copies into the central backup account (central, central-air-gapped): rename it']],
  [
    'rule target by ARN in an organization',
    (c) => targetD(c, { arn: 'arn:aws:backup:eu-west-1:333333333333:backup-vault:Default' }),
    ['plans.gold.vault: vault "d" is given by ARN (account 333333333333), but plan "gold" runs in every account that uses it: give the existing vault by name'],
    [
      'plans.gold.rules.daily.copies.central: copies into the central backup account from existing vault "Default", whose KMS key backup-estate does not write: AWS reads copies of the types it fully manages (EFS, DynamoDB, S3, ...) with that key, so its policy must allow the destination account (an AWS managed key such as aws/backup cannot)',
    ],
  ],
  [
    'copy into an existing vault of another account in the one Region the plan runs in: cross-account only, one hop for databases',
    (c) => ((c.existingVaults = { partner: { arn: 'arn:aws:backup:eu-west-1:555555555555:backup-vault:partner-dr' } }), (c.plans.gold.rules.daily.copies = { partner: {} })),
    [],
    [
      `plans.gold.rules.daily.copies.partner: ${LOCK_UNKNOWN('copies into', 'partner', 35)}`,
      'plans.gold.rules.daily.copies.partner: copies into account 555555555555: AWS needs both accounts in one AWS Organization, a policy on arn:aws:backup:eu-west-1:555555555555:backup-vault:partner-dr that allows backup:CopyIntoBackupVault from the accounts that run this plan, and a key on that vault whose policy lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)',
      SOURCE_KEYS('plans.gold.rules.daily.copies.partner', 'account 555555555555 (existingVaults.partner)'),
    ],
  ],
  [
    'copy into an existing vault of another account from a plan that also runs in another Region: two hops there for databases',
    (c) => ((c.accounts.payments.regions = ['eu-west-1', 'us-east-1']), (c.existingVaults = { partner: { arn: 'arn:aws:backup:eu-west-1:555555555555:backup-vault:partner-dr' } }), (c.plans.gold.rules.daily.copies = { partner: {} })),
    [],
    [
      `plans.gold.rules.daily.copies.partner: ${LOCK_UNKNOWN('copies into', 'partner', 35)}`,
      'plans.gold.rules.daily.copies.partner: copies into account 555555555555: AWS needs both accounts in one AWS Organization, a policy on arn:aws:backup:eu-west-1:555555555555:backup-vault:partner-dr that allows backup:CopyIntoBackupVault from the accounts that run this plan, and a key on that vault whose policy lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)',
      'plans.gold.rules.daily.copies.partner: copies into another account and another Region (eu-west-1) at once: AWS copies Aurora, DocumentDB, Neptune, RDS recovery points one hop at a time (cross-account or cross-Region) and fails this copy for them',
      SOURCE_KEYS('plans.gold.rules.daily.copies.partner', 'account 555555555555 (existingVaults.partner)'),
    ],
  ],
  [
    'existing vault by the ARN of a vault the config creates in another account (the central vault, a vault a policy plan puts in orders): that vault, its lock checked, with no unknown-lock warning (and the central vault admits the organization\'s copies)',
    (c) => (
      (c.existingVaults = { 'central-arn': { arn: 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central-backup' }, 'orders-baseline': { arn: 'arn:aws:backup:eu-west-1:444444444444:backup-vault:baseline' } }),
      (c.plans.gold.rules.daily.copies = { 'central-arn': { lifecycle: { deleteAfterDays: 400 } }, 'orders-baseline': {} }),
      (c.vaults.baseline.accessPolicy.statements = { AllowOrganizationCopies: { effect: 'Allow', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } } })
    ),
    ['plans.gold.rules.daily.copies.central-arn.lifecycle.deleteAfterDays: retention of 400 days is outside the lock range of vault "central-backup" (7-365 days): AWS Backup fails these jobs'],
    [
      'plans.gold.rules.daily.copies.orders-baseline: copies into account 444444444444: AWS needs both accounts in one AWS Organization, a policy on arn:aws:backup:eu-west-1:444444444444:backup-vault:baseline that allows backup:CopyIntoBackupVault from the accounts that run this plan (the key backup-estate writes for vaults.baseline lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx, which re-encrypt those copies)',
      SOURCE_KEYS('plans.gold.rules.daily.copies.central-arn', 'account 222222222222 (existingVaults.central-arn)'),
      SOURCE_KEYS('plans.gold.rules.daily.copies.orders-baseline', 'account 444444444444 (existingVaults.orders-baseline)'),
    ],
  ],
  [
    'copy into a vault the config creates in another account whose access policy does not allow the copying account (AWS refuses the copy)',
    (c) => (
      (c.existingVaults = { 'orders-baseline': { arn: 'arn:aws:backup:eu-west-1:444444444444:backup-vault:baseline' } }),
      (c.plans.gold.rules.daily.copies = { 'orders-baseline': {} }),
      (c.vaults.baseline.accessPolicy.statements = { AllowManagement: { effect: 'Allow', principals: { aws: ['111111111111'] }, actions: ['backup:CopyIntoBackupVault'] } })
    ),
    [
      'plans.gold.rules.daily.copies.orders-baseline.vault: copies into vault "baseline" of account 444444444444, which this config creates with an access policy that allows backup:CopyIntoBackupVault to none of accounts 333333333333: AWS refuses their copy jobs (a cross-account copy needs the destination vault\'s policy to allow the source account). Add to vaults.baseline.accessPolicy.statements an Allow of backup:CopyIntoBackupVault naming arn:aws:iam::333333333333:root (or "*" with StringEquals aws:PrincipalOrgID)',
    ],
    [
      'plans.gold.rules.daily.copies.orders-baseline: copies into account 444444444444: AWS needs both accounts in one AWS Organization, a policy on arn:aws:backup:eu-west-1:444444444444:backup-vault:baseline that allows backup:CopyIntoBackupVault from the accounts that run this plan (the key backup-estate writes for vaults.baseline lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx, which re-encrypt those copies)',
      SOURCE_KEYS('plans.gold.rules.daily.copies.orders-baseline', 'account 444444444444 (existingVaults.orders-baseline)'),
    ],
  ],
  ['global settings off while copying to the central account', (c) => (c.globalSettings = { crossAccountBackup: false }), ['globalSettings.crossAccountBackup: is false, but plans gold copy into the central backup account: AWS fails every cross-account copy job']],
  [
    'central vault policy: a Deny of backup:CopyIntoBackupVault that reaches the copying accounts (an explicit deny overrides the organization\'s Allow)',
    (c) => (
      (c.organization.central.accessPolicy.statements = {
        DenyOneAccountOnly: { effect: 'Deny', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringNotEquals: { 'aws:PrincipalAccount': ['999999999999'] } } },
        DenyOutsideOrganization: { effect: 'Deny', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
        DenyOrders: { effect: 'Deny', principals: { aws: ['arn:aws:iam::444444444444:root'] }, actions: ['backup:CopyIntoBackupVault'] },
        DenyFromVpc: { effect: 'Deny', principals: '*', actions: ['backup:CopyIntoBackupVault'], conditions: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } },
      }),
      (c.plans.silver.rules.daily.copies = { central: {} })
    ),
    [
      'organization.central.accessPolicy.statements.DenyOneAccountOnly: denies backup:CopyIntoBackupVault to accounts payments (333333333333, plans gold, silver), orders (444444444444, plans silver), which copy into the central vaults: an explicit Deny overrides the organization\'s Allow, so AWS fails every copy job from them. Narrow the statement so it spares them, or remove their copies',
      'organization.central.accessPolicy.statements.DenyOrders: denies backup:CopyIntoBackupVault to accounts orders (444444444444, plans silver), which copy into the central vaults: an explicit Deny overrides the organization\'s Allow, so AWS fails every copy job from them. Narrow the statement so it spares them, or remove their copies',
    ],
    [
      SOURCE_KEYS('plans.silver.rules.daily.copies.central', 'the central backup account'),
      'organization.central.accessPolicy.statements.DenyFromVpc: denies backup:CopyIntoBackupVault under principals, resources or conditions backup-estate does not evaluate (it reads principals by account root, resources "*" and StringEquals / StringNotEquals on aws:PrincipalAccount, aws:PrincipalOrgID): the copy jobs of accounts payments (333333333333, plans gold, silver), orders (444444444444, plans silver) into the central vaults fail whenever it matches them',
    ],
  ],
  [
    'global settings off while copying to the central account and an existing vault of another account',
    (c) => (
      (c.globalSettings = { crossAccountBackup: false }),
      (c.existingVaults = { partner: { arn: 'arn:aws:backup:eu-central-1:555555555555:backup-vault:partner-dr' } }),
      (c.plans.silver.rules.daily.copies = { partner: {} })
    ),
    ['globalSettings.crossAccountBackup: is false, but plans gold copy into the central backup account; plans silver copy into account 555555555555 (existingVaults.partner): AWS fails every cross-account copy job'],
    [
      `plans.silver.rules.daily.copies.partner: ${LOCK_UNKNOWN('copies into', 'partner', 14)}`,
      'plans.silver.rules.daily.copies.partner: copies into account 555555555555: AWS needs both accounts in one AWS Organization, cross-account backup enabled by its organization\'s management account (globalSettings.crossAccountBackup there), a policy on arn:aws:backup:eu-central-1:555555555555:backup-vault:partner-dr that allows backup:CopyIntoBackupVault from the accounts that run this plan, and a key on that vault whose policy lets that account\'s AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)',
      'plans.silver.rules.daily.copies.partner: copies into another account and another Region (eu-central-1) at once: AWS copies Aurora, DocumentDB, Neptune, RDS recovery points one hop at a time (cross-account or cross-Region) and fails this copy for them',
      SOURCE_KEYS('plans.silver.rules.daily.copies.partner', 'account 555555555555 (existingVaults.partner)'),
    ],
  ],
  [
    'report plan: multi-account needs the central stacks',
    (c) => (delete c.organization.central, delete c.plans.gold.rules.daily.copies, (c.audit = { reportPlans: { org: { template: 'BACKUP_JOB_REPORT', organizationUnits: ['workloads'] } } })),
    ['audit.reportPlans.org.organizationUnits: makes a multi-account report, created in the central backup stacks (the backup account, delegated administrator): set organization.central'],
  ],
  [
    'report plan: multi-account needs the delegated administrator',
    (c) => ((c.organization.registerDelegatedAdministrator = false), (c.audit = { reportPlans: { org: { template: 'BACKUP_JOB_REPORT', accounts: ['payments'] } } })),
    ['audit.reportPlans.org.accounts: makes a multi-account report from the backup account, which is not the delegated administrator (organization.registerDelegatedAdministrator is false)'],
  ],
  [
    'report plan: accounts and units declared',
    (c) => (c.audit = { reportPlans: { org: { template: 'BACKUP_JOB_REPORT', accounts: ['nope'], organizationUnits: ['nope'] } } }),
    ['audit.reportPlans.org.accounts.0: "nope" is neither a key of accounts, a 12-digit account id nor ROOT', 'audit.reportPlans.org.organizationUnits.0: "nope" is neither a key of organization.units nor an organizational unit or root id'],
  ],
  [
    'report plan: multi-account reports are CSV',
    (c) => (c.audit = { reportPlans: { org: { template: 'BACKUP_JOB_REPORT', accounts: ['ROOT'], formats: ['JSON'] } } }),
    ['audit.reportPlans.org.formats: must be ["CSV"] for a multi-account report (accounts or organizationUnits): AWS delivers organization reports as CSV only'],
  ],
  [
    'report plan: reports of other Regions are CSV',
    // Without formats of its own such a plan is CSV, whatever audit.reports.formats says.
    (c) => (c.audit = { reports: { formats: ['CSV', 'JSON'] }, reportPlans: { everywhere: { template: 'BACKUP_JOB_REPORT', regions: ['*'], formats: ['CSV', 'JSON'] } } }),
    ['audit.reportPlans.everywhere.formats: must be ["CSV"] for a report of other Regions (regions), as it is in stacks payments-eu-west-1, orders-eu-west-1: AWS delivers JSON only for the current account and Region'],
  ],
  [
    'report plan: a report of one other Region is CSV in every stack of another Region',
    (c) => (c.audit = { reportPlans: { virginia: { template: 'BACKUP_JOB_REPORT', regions: ['us-east-1'], formats: ['JSON'] } } }),
    ['audit.reportPlans.virginia.formats: must be ["CSV"] for a report of other Regions (regions), as it is in stacks payments-eu-west-1, orders-eu-west-1: AWS delivers JSON only for the current account and Region'],
  ],
  [
    'report plan: at most 20 per account',
    (c) => (c.audit = { reportPlans: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`jobs${i}`, { template: 'BACKUP_JOB_REPORT' }])) }),
    ['audit.reportPlans: make 21 report plans in every workload stack (audit.reports.templates and these); AWS Backup allows at most 20 per account: use fewer'],
  ],
  [
    'report plan: multi-account reports name no framework',
    (c) => (c.audit = { reportPlans: { org: { template: 'CONTROL_COMPLIANCE_REPORT', accounts: ['ROOT'], frameworkArns: ['arn:aws:backup:eu-west-1:222222222222:framework:x-1'] } } }),
    ['audit.reportPlans.org.frameworkArns: must be left out of a multi-account report (accounts or organizationUnits): AWS refuses framework ARNs in multi-account CONTROL_COMPLIANCE_REPORT'],
  ],
  [
    'policy selection: tags or resources',
    (c) => (c.plans.silver.selections.tagged.resources = ['arn:aws:ec2:*:*:volume/*']),
    ['plans.silver.selections.tagged: plan "silver" is enforced by backup policy baseline: a backup policy selection takes tags or resources, not both (a backup plan ORs them; the policy grammar cannot): split it in two selections'],
    ['plans.silver.selections.tagged.tags: tags and resources are OR-ed: this selection takes every listed resource plus every tagged resource; use conditions to narrow instead'],
  ],
  [
    'policy selection: tag selections exclude nothing',
    (c) => (c.plans.silver.selections.tagged.notResources = ['arn:aws:ec2:*:*:volume/*']),
    ['plans.silver.selections.tagged.notResources: plan "silver" is enforced by backup policy baseline: a backup policy\'s tag selections cannot exclude resources; select with resources (and conditions) to exclude some'],
  ],
  [
    'policy plan: tags or resources',
    (c) => (c.plans.silver.selections.volumes = { resources: ['arn:aws:ec2:*:*:volume/*'], conditions: { stringEquals: { backup: 'silver' } } }),
    ['plans.silver.selections: plan "silver" is enforced by backup policy baseline: a backup policy plan selects by tags or by resources, not both; tagged select by tags and volumes by resources'],
  ],
];

describe('single-account rules of issue #17', () => {
  it.each(single)('%s', (_name, mutate, errors, warnings = []) => {
    expect(findings(configWith(mutate))).toEqual({ errors, warnings });
  });
});

describe('organization rules of issue #17', () => {
  // The base organization's source-key warning has tests of its own (organization.test.ts, target-rules).
  it.each(organization)('%s', (_name, mutate, errors, warnings = []) => {
    expect(findingsBesideSourceKeys(organizationWith(mutate))).toEqual({ errors, warnings });
  });
});

describe('backup policies built from plans that select by resources and conditions', () => {
  const selecting = organizationWith((c) => {
    c.plans.silver.tags = { tier: 'silver' };
    c.plans.silver.windowsVss = 'enabled';
    c.plans.silver.selections = {
      volumes: { resources: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:rds:*:*:db:*'], notResources: ['arn:aws:ec2:*:*:instance/*'], conditions: { stringEquals: { backup: 'silver' }, stringNotEquals: { env: ['dev', 'test'] } } },
    };
  });

  it('are valid, and the document selects by resource types with conditions, plan tags and Windows VSS', () => {
    const check = checkRawConfig(selecting);
    expect(check.errors).toEqual([]);
    const management = check.model?.stacks.find((stack) => stack.kind === 'management');
    const content = JSON.parse(management?.kind === 'management' ? (management.policies[0]?.content ?? '{}') : '{}');
    const plan = content.plans.silver;
    const none = { '@@operators_allowed_for_child_policies': ['@@none'] };
    expect(plan.selections).toEqual({
      ...none,
      resources: {
        ...none,
        volumes: {
          ...none,
          iam_role_arn: { ...none, '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' },
          resource_types: { ...none, '@@assign': ['arn:aws:ec2:*:*:volume/*', 'arn:aws:rds:*:*:db:*'] },
          not_resource_types: { ...none, '@@assign': ['arn:aws:ec2:*:*:instance/*'] },
          conditions: {
            ...none,
            string_equals: { ...none, backup: { ...none, condition_key: { ...none, '@@assign': 'aws:ResourceTag/backup' }, condition_value: { ...none, '@@assign': 'silver' } } },
            string_not_equals: {
              ...none,
              env: { ...none, condition_key: { ...none, '@@assign': 'aws:ResourceTag/env' }, condition_value: { ...none, '@@assign': 'dev' } },
              env_2: { ...none, condition_key: { ...none, '@@assign': 'aws:ResourceTag/env' }, condition_value: { ...none, '@@assign': 'test' } },
            },
          },
        },
      },
    });
    expect(plan.backup_plan_tags.tier).toEqual({ ...none, tag_key: { ...none, '@@assign': 'tier' }, tag_value: { ...none, '@@assign': 'silver' } });
    expect(plan.advanced_backup_settings).toEqual({ ...none, ec2: { ...none, windows_vss: { ...none, '@@assign': 'enabled' } } });
  });

  it('opt in, where the policy delivers the plan, exactly the types its resource patterns reach (Region settings)', () => {
    const model = checkRawConfig({ ...selecting, regionSettings: {} }).model;
    const orders = model?.stacks.find((stack) => stack.name === 'orders-eu-west-1');
    expect(orders?.kind === 'workload' ? orders.regionSettings?.optIn : undefined).toEqual(['EBS', 'RDS']);
  });

  it('keep conditions on tag selections', () => {
    const tagged = organizationWith((c) => (c.plans.silver.selections.tagged.conditions = { stringLike: { owner: 'team-*' } }));
    const check = checkRawConfig(tagged);
    expect(check.errors).toEqual([]);
    const management = check.model?.stacks.find((stack) => stack.kind === 'management');
    const content = JSON.parse(management?.kind === 'management' ? (management.policies[0]?.content ?? '{}') : '{}');
    const selection = content.plans.silver.selections.tags.tagged;
    expect(selection.conditions.string_like.owner.condition_key['@@assign']).toBe('aws:ResourceTag/owner');
    expect(selection.conditions.string_like.owner.condition_value['@@assign']).toBe('team-*');
  });
});

describe('copies into another account out of a vault whose key backup-estate does not write', () => {
  const copying = (selections: RawConfig) =>
    configWith((c) => {
      c.existingVaults = { legacy: { name: 'Default' }, partner: { arn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:partner-dr' } };
      c.plans.gold.vault = 'legacy';
      c.plans.gold.rules.daily.copies = { partner: {} };
      c.plans.gold.selections = selections;
    });
  const keyWarnings = (raw: RawConfig) => findings(raw).warnings.filter((warning) => warning.includes('whose KMS key backup-estate does not write'));

  it('warn when the plan can select a type AWS encrypts with that key (EFS, DynamoDB, S3, ...)', () => {
    expect(keyWarnings(copying({ files: { resources: ['arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0a'] } }))).toHaveLength(1);
  });

  it('stay quiet for EBS alone: its recovery points keep the volume key (the source-key warning covers it)', () => {
    expect(keyWarnings(copying({ volumes: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a'] } }))).toEqual([]);
  });
});

describe('copies into a logically air-gapped vault of the account', () => {
  // AWS copies recovery points of the types it does not fully manage into an air-gapped vault only when their resource's key is
  // customer managed ("Logically air-gapped vault", Compatible encryption): an EBS volume under aws/ebs is never copied there.
  const copying = (selections: RawConfig) =>
    configWith((c) => {
      c.vaults.lag = { region: 'eu-west-1', name: 'vault-lag', airGapped: { minRetentionDays: 7, maxRetentionDays: 400 }, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.rules.daily.copies = { dr: {}, lag: {} };
      c.plans.gold.rules.weekly = { schedule: 'cron(0 6 ? * SUN *)', lifecycle: { deleteAfterDays: 90 }, copies: { lag: {} } };
      c.plans.gold.selections = selections;
    });
  const keyWarnings = (raw: RawConfig) => findings(raw).warnings.filter((warning) => warning.includes('KMS key'));

  it('warn once per air-gapped vault that EBS volumes must use a customer managed key', () => {
    expect(keyWarnings(copying({ volumes: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*'] } }))).toEqual([AIR_GAPPED_SOURCE_KEYS('plans.gold.rules.daily.copies.lag', 'vault-lag', 'EBS recovery points')]);
  });

  it('stay quiet for the types AWS fully manages (their copies are encrypted with the air-gapped vault\'s key)', () => {
    expect(keyWarnings(copying({ files: { resources: ['arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/*'] } }))).toEqual([]);
  });
});

describe('copies into another account of composite backups (CloudFormation stacks, EKS clusters)', () => {
  // A composite recovery point nests one recovery point per resource, each encrypted as its own type:
  // an EKS cluster's EBS persistent volumes keep the volume key, its EFS and S3 ones take the vault key.
  const copying = (selections: RawConfig, kmsKeyArn?: string) =>
    configWith((c) => {
      c.existingVaults = { partner: { arn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:partner-dr' } };
      if (kmsKeyArn !== undefined) c.vaults.main.kmsKeyArn = kmsKeyArn;
      c.plans.gold.rules.daily.copies = { partner: {} };
      c.plans.gold.selections = selections;
    });
  const keyWarnings = (raw: RawConfig) => findings(raw).warnings.filter((warning) => warning.includes('KMS key'));
  const partner = 'plans.gold.rules.daily.copies.partner: copies into account 444455556666 (existingVaults.partner)';
  const keepTheirKey = "keep their resource's own KMS key, so AWS copies them to another account only when that key is customer managed (not aws/ebs or aws/rds) and its key policy allows the destination account; backup-estate shares the keys of the vaults it creates, not your resources' keys";
  const clusters = { clusters: { resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/*'] } };

  it('warn that the EBS volumes nested in EKS cluster backups keep their own key', () => {
    expect(keyWarnings(copying(clusters))).toEqual([`${partner}: the EBS recovery points nested in EKS cluster backups ${keepTheirKey}`]);
  });

  it('warn that the resources nested in CloudFormation stack backups keep their own key', () => {
    expect(keyWarnings(copying({ stacks: { resources: ['arn:aws:cloudformation:eu-west-1:111122223333:stack/app/*'] } }))).toEqual([
      `${partner}: the EBS, EC2, RDS, ... recovery points nested in CloudFormation stack backups ${keepTheirKey}`,
    ]);
  });

  it('warn, out of a vault whose key backup-estate does not write, that EKS backups nest recovery points read with that key', () => {
    expect(keyWarnings(copying(clusters, 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'))).toEqual([
      `${partner} from vault "main" (kmsKeyArn), whose KMS key backup-estate does not write: AWS reads copies of the types it fully manages (EFS, DynamoDB, S3, ...) with that key, so its policy must allow the destination account (an AWS managed key such as aws/backup cannot)`,
      `${partner}: the EBS recovery points nested in EKS cluster backups ${keepTheirKey}`,
    ]);
  });
});
