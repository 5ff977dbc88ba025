/**
 * Hand-written synthesized stacks for the rule tests (not a test file). `compliantStack()` passes
 * every rule of the pack; each rule test breaks one thing in a copy of it.
 */
import { stackView } from '../../compliance/stack-view';
import { BACKUP_RULE_PACK, DEFAULT_THRESHOLDS } from '../../compliance/pack';
import type { ComplianceRule, ComplianceThresholds, RuleResult, StackFacts } from '../../compliance/types';

export const ACCOUNT_ID = '111122223333';
export const CENTRAL_ARN = 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central';

export interface CopyFixture {
  destination_vault_arn: string;
  lifecycle?: { delete_after?: number };
}

export interface RuleFixture {
  rule_name: string;
  schedule?: string;
  schedule_expression_timezone?: string;
  start_window?: number;
  completion_window?: number;
  enable_continuous_backup?: boolean;
  lifecycle: { delete_after?: number; cold_storage_after?: number };
  recovery_point_tags?: Record<string, string>;
  target_vault_name: string;
  copy_action?: CopyFixture[];
}

export interface PlanFixture {
  name: string;
  rule: RuleFixture[];
  tags?: Record<string, string>;
}

export interface ProviderFixture {
  alias?: string;
  region: string;
  allowed_account_ids?: string[];
  default_tags?: { tags: Record<string, string> }[];
}

export type Attributes = Record<string, unknown>;

/** A synthesized stack as the rules read it: resource.<type>.<name> -> attributes. */
export interface StackFixture {
  '//'?: unknown;
  provider: { aws: ProviderFixture[] };
  terraform?: unknown;
  resource: Record<string, Record<string, Attributes>>;
}

type Statement = Record<string, unknown>;

const DEFAULT_TAGS = [{ tags: { 'managed-by': 'backup-estate' } }];

export const policy = (statements: readonly Statement[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const KEY_POLICY = policy([
  { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: ['kms:Create*', 'kms:Describe*'], Resource: '*' },
  {
    Sid: 'OrganizationCopies',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ['kms:Decrypt', 'kms:Encrypt'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'kms:ViaService': 'backup.eu-west-1.amazonaws.com' } },
  },
]);

export const DENY_DELETION = {
  Sid: 'DenyRecoveryPointDeletion',
  Effect: 'Deny',
  Principal: '*',
  Action: ['backup:DeleteRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'],
  Resource: '*',
  Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT_ID}:role/BackupBreakGlass`] } },
};

const key = (provider?: string): Attributes => ({
  '//': { metadata: { path: 'fixture/key' } },
  customer_master_key_spec: 'SYMMETRIC_DEFAULT',
  deletion_window_in_days: 30,
  enable_key_rotation: true,
  is_enabled: true,
  key_usage: 'ENCRYPT_DECRYPT',
  lifecycle: { prevent_destroy: true },
  policy: KEY_POLICY,
  ...(provider ? { provider } : {}),
});

const vault = (name: string, keyName: string, provider?: string): Attributes => ({
  force_destroy: false,
  kms_key_arn: `\${aws_kms_key.${keyName}.arn}`,
  lifecycle: { prevent_destroy: true },
  name,
  ...(provider ? { provider } : {}),
});

const lock = (vaultName: string, provider?: string): Attributes => ({
  backup_vault_name: `\${aws_backup_vault.${vaultName}.name}`,
  lifecycle: { prevent_destroy: true },
  max_retention_days: 400,
  min_retention_days: 7,
  ...(provider ? { provider } : {}),
});

const vaultPolicy = (vaultName: string, provider?: string): Attributes => ({
  backup_vault_name: `\${aws_backup_vault.${vaultName}.name}`,
  policy: policy([DENY_DELETION]),
  ...(provider ? { provider } : {}),
});

/** A workload stack in eu-west-1 with a DR Region (eu-central-1) that passes every rule. */
export function compliantStack(): StackFixture {
  return {
    '//': { metadata: { stackName: 'fixture' } },
    provider: {
      aws: [
        { region: 'eu-west-1', allowed_account_ids: [ACCOUNT_ID], default_tags: DEFAULT_TAGS },
        { alias: 'dr', region: 'eu-central-1', allowed_account_ids: [ACCOUNT_ID], default_tags: DEFAULT_TAGS },
      ],
    },
    terraform: { backend: { local: { path: 'x' } } },
    resource: {
      aws_kms_key: { key: key(), 'dr-key': key('aws.dr') },
      aws_backup_vault: { main: vault('main', 'key'), dr: vault('dr', 'dr-key', 'aws.dr') },
      aws_backup_vault_lock_configuration: { 'main-lock': lock('main'), 'dr-lock': lock('dr', 'aws.dr') },
      aws_backup_vault_policy: { 'main-policy': vaultPolicy('main'), 'dr-policy': vaultPolicy('dr', 'aws.dr') },
      aws_backup_plan: {
        gold: {
          '//': { metadata: { path: 'fixture/plan-gold/plan' } },
          name: 'gold',
          rule: [
            {
              rule_name: 'daily',
              schedule: 'cron(0 5 ? * * *)',
              schedule_expression_timezone: 'Etc/UTC',
              start_window: 60,
              completion_window: 180,
              enable_continuous_backup: false,
              lifecycle: { delete_after: 35 },
              recovery_point_tags: { retention: '35d' },
              target_vault_name: '${aws_backup_vault.main.name}',
              copy_action: [
                { destination_vault_arn: '${aws_backup_vault.dr.arn}', lifecycle: { delete_after: 35 } },
                { destination_vault_arn: CENTRAL_ARN, lifecycle: { delete_after: 35 } },
              ],
            },
          ],
        },
      },
      aws_backup_selection: {
        'gold-selection': {
          name: 'tagged',
          iam_role_arn: `arn:aws:iam::${ACCOUNT_ID}:role/aws-backup-service-role`,
          plan_id: '${aws_backup_plan.gold.id}',
          selection_tag: [{ key: 'backup', type: 'STRINGEQUALS', value: 'gold' }],
        },
      },
      aws_backup_report_plan: {
        jobs: { name: 'jobs', report_delivery_channel: { s3_bucket_name: 'reports' }, report_setting: { report_template: 'BACKUP_JOB_REPORT' } },
      },
      aws_sns_topic_policy: {
        alerts: {
          arn: `arn:aws:sns:eu-west-1:${ACCOUNT_ID}:alerts`,
          policy: policy([{ Sid: 'AwsBackupPublish', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sns:Publish', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } } }]),
        },
      },
    },
  };
}

export function factsFor(overrides: Partial<StackFacts> = {}): StackFacts {
  return {
    stack: 'fixture',
    kind: 'workload',
    region: 'eu-west-1',
    accountId: ACCOUNT_ID,
    rpoTargetHours: { gold: 28 },
    externalLocks: { central: { min: 7, max: 400 } },
    ...overrides,
  };
}

export function ruleById(id: string): ComplianceRule {
  const rule = BACKUP_RULE_PACK.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** Runs one rule on one resource of a stack. */
export function checkRule(id: string, stack: StackFixture, address: string, facts: StackFacts = factsFor(), thresholds: ComplianceThresholds = DEFAULT_THRESHOLDS): RuleResult {
  const view = stackView(stack, facts, thresholds);
  const resource = view.byAddress(address);
  if (!resource) throw new Error(`no resource ${address}`);
  return ruleById(id).check(resource, view);
}

/** The gold plan of a stack, for mutation. */
export const goldPlan = (stack: StackFixture): PlanFixture => stack.resource.aws_backup_plan.gold as unknown as PlanFixture;

/** The gold plan's first rule, for mutation. */
export const goldRule = (stack: StackFixture): RuleFixture => goldPlan(stack).rule[0];

/**
 * Adds plan `audit` beside gold: a copy of it with one rule, weekly on Mondays at 04:00, and a copy of gold's selection (its tag
 * value replaced when `tagValue` is given: a selection that certainly takes other resources).
 */
export function addAuditPlan(stack: StackFixture, tagValue?: string): void {
  const plans = stack.resource.aws_backup_plan as Record<string, unknown>;
  const selections = stack.resource.aws_backup_selection as Record<string, unknown>;
  plans.audit = { ...structuredClone(goldPlan(stack)), name: 'audit', rule: [{ ...structuredClone(goldRule(stack)), rule_name: 'weekly', schedule: 'cron(0 4 ? * MON *)' }] };
  const selection = structuredClone(stack.resource.aws_backup_selection['gold-selection']);
  const tags = tagValue === undefined ? {} : { selection_tag: (selection.selection_tag as Record<string, unknown>[]).map((tag) => ({ ...tag, value: tagValue })) };
  selections['audit-selection'] = { ...selection, name: 'audit', plan_id: '${aws_backup_plan.audit.id}', ...tags };
}

/** The copies of the gold plan's first rule (the compliant stack has two: dr, then central). */
export const goldCopies = (stack: StackFixture): CopyFixture[] => goldRule(stack).copy_action ?? [];
