import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { exampleFiles, exampleModel, resourcesOf, synthEstate, synthStack, TfJson } from '../support/examples';
import { baseConfig, configWith, RawConfig } from '../support/configs';
import { checkRawConfig } from '../../config';
import type { WorkloadStackModel } from '../../config/estate-model';

describe('single-account example', () => {
  const model = exampleModel('single-account.yaml');
  const synth = synthStack(model.stacks[0]);
  const stack: TfJson = JSON.parse(synth);

  it('is one stack named after the account and Region', () => {
    expect(model.stacks.map((s) => s.name)).toEqual(['workload-prod-eu-west-1']);
  });

  it('creates a locked vault with its own rotating key', () => {
    expect(synth).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30, key_usage: 'ENCRYPT_DECRYPT' });
    expect(synth).toHaveResourceWithProperties(BackupVault, { name: 'workload-prod-main', force_destroy: false });
    expect(synth).toHaveResourceWithProperties(BackupVaultLockConfiguration, { min_retention_days: 7, max_retention_days: 400 });
    const [vault] = Object.values(resourcesOf(stack, 'aws_backup_vault'));
    expect(vault.kms_key_arn).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
  });

  it('creates the service role trusted by AWS Backup only', () => {
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'aws-backup-service-role' });
    const [role] = Object.values(resourcesOf(stack, 'aws_iam_role'));
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111122223333' } });
  });

  it('expands presets into explicit rules', () => {
    expect(synth).toHaveResourceWithProperties(BackupPlan, {
      name: 'gold',
      rule: [
        expect.objectContaining({ rule_name: 'daily', schedule: 'cron(0 5 ? * * *)', lifecycle: { delete_after: 35 } }),
        expect.objectContaining({ rule_name: 'monthly', schedule: 'cron(0 5 1 * ? *)', lifecycle: { cold_storage_after: 30, delete_after: 365 }, recovery_point_tags: { retention: '1y' } }),
        expect.objectContaining({ rule_name: 'weekly', schedule: 'cron(0 5 ? * SUN *)', lifecycle: { delete_after: 90 } }),
        // The example moves the preset's schedule to 09:00, clear of the monthly rule's start window and of its job (one job per resource at a time).
        expect.objectContaining({ rule_name: 'yearly', schedule: 'cron(0 9 1 * ? *)', lifecycle: { cold_storage_after: 30, delete_after: 2557 }, recovery_point_tags: { retention: '7y' } }),
      ],
    });
  });

  it('selects by tag and by condition with the service role', () => {
    expect(synth).toHaveResourceWithProperties(BackupSelection, {
      name: 'tagged-gold',
      selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'gold' }],
      iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\..+\.arn\}$/),
    });
    expect(synth).toHaveResourceWithProperties(BackupSelection, {
      name: 'tagged-silver',
      resources: ['*'],
      condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'silver' }] }],
    });
  });

  it('puts the config tags on the provider as default tags and pins the account', () => {
    expect(stack.provider.aws[0]).toEqual({
      region: 'eu-west-1',
      allowed_account_ids: ['111122223333'],
      default_tags: [{ tags: { 'cost-center': 'platform', 'managed-by': 'backup-estate' } }],
    });
  });

  it('outputs vault, key, plan and role identifiers', () => {
    expect(Object.keys(stack.output).sort()).toEqual(['alerts_topic_arn', 'audit_framework_arn', 'plan_gold_id', 'plan_silver_id', 'service_role_arn', 'vault_archive_arn', 'vault_archive_key_arn', 'vault_main_arn', 'vault_main_key_arn']);
  });

  it('keeps state outside cdktf.out', () => {
    expect(stack.terraform.backend).toEqual({ local: { path: '../../../terraform.workload-prod-eu-west-1.tfstate' } });
  });
});

describe('multi-Region example', () => {
  const model = exampleModel('multi-region.yaml');
  const byName = new Map(model.stacks.map((stack) => [stack.name, stack]));
  const json = (name: string): TfJson => JSON.parse(synthStack(byName.get(name)!));
  const euStack = json('payments-prod-eu-west-1');
  const usStack = json('payments-prod-us-east-1');
  const drStacks = ['payments-prod-eu-central-1', 'payments-prod-us-west-2'].map((name): [string, TfJson] => [name, json(name)]);
  const drVaultKeys: Record<string, string> = { 'payments-prod-eu-central-1': 'eu-dr', 'payments-prod-us-west-2': 'us-dr' };

  it('has one stack per Region that runs plans, then one per Region that only holds DR vaults', () => {
    expect(model.stacks.map((s) => s.name)).toEqual(['payments-prod-eu-west-1', 'payments-prod-us-east-1', 'payments-prod-eu-central-1', 'payments-prod-us-west-2']);
  });

  it('creates every vault in the stack of its own Region, through that stack\'s one provider', () => {
    for (const [name, stack] of [['payments-prod-eu-west-1', euStack], ['payments-prod-us-east-1', usStack], ...drStacks] as [string, TfJson][]) {
      expect(stack.provider.aws).toEqual([expect.objectContaining({ region: byName.get(name)!.region })]);
      expect(stack.provider.aws[0].alias).toBeUndefined();
      for (const type of Object.keys(stack.resource)) for (const resource of Object.values(resourcesOf(stack, type))) expect(resource.provider).toBeUndefined();
    }
    expect(Object.values(resourcesOf(euStack, 'aws_backup_vault')).map((v) => v.name).sort()).toEqual(['payments-pitr', 'payments-primary']);
  });

  it('gives each DR Region a stack with its compliance-locked vault, its key, policy and notifications, waiting for the primary stack', () => {
    for (const [name, stack] of drStacks) {
      expect(Object.values(resourcesOf(stack, 'aws_backup_vault')).map((v) => v.name)).toEqual(['payments-dr']);
      expect(Object.values(resourcesOf(stack, 'aws_backup_vault_lock_configuration')).map((l) => [l.changeable_for_days, l.min_retention_days, l.max_retention_days])).toEqual([[3, 30, 400]]);
      // The DR vault's policy (and in us-west-2 the logically air-gapped vault's too).
      expect(Object.keys(resourcesOf(stack, 'aws_backup_vault_policy'))).toHaveLength(name === 'payments-prod-us-west-2' ? 2 : 1);
      expect(Object.keys(resourcesOf(stack, 'aws_backup_vault_notifications'))).toHaveLength(1);
      expect(Object.keys(stack.output)).toEqual(expect.arrayContaining([`vault_${drVaultKeys[name]}_arn`, `vault_${drVaultKeys[name]}_key_arn`]));
      expect(byName.get(name)!.rollout.dependsOn).toEqual(['payments-prod-eu-west-1']);
    }
  });

  it('runs nothing in a DR-only stack: no plan, no restore test, no Region settings, no service role; audits only its vaults and recovery points', () => {
    for (const [name, stack] of drStacks) {
      for (const type of ['aws_backup_plan', 'aws_backup_selection', 'aws_backup_restore_testing_plan', 'aws_backup_region_settings', 'aws_iam_role']) expect(resourcesOf(stack, type)).toEqual({});
      const [framework] = Object.values(resourcesOf(stack, 'aws_backup_framework'));
      expect(framework.control.map((control: TfJson) => control.name)).toEqual(['BACKUP_RECOVERY_POINT_ENCRYPTED', 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED']);
      const model = byName.get(name) as WorkloadStackModel;
      expect([model.plans, model.restoreTesting, model.regionSettings]).toEqual([[], [], undefined]);
    }
  });

  it('copies to the DR vaults of other stacks by their computed ARNs', () => {
    const euPlan = Object.values(resourcesOf(euStack, 'aws_backup_plan')).find((p) => p.name === 'payments-critical');
    const daily = euPlan?.rule.find((r: TfJson) => r.rule_name === 'daily');
    expect(daily.copy_action).toEqual([{ destination_vault_arn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:payments-dr', lifecycle: { delete_after: 35 } }]);
    const usPlan = Object.values(resourcesOf(usStack, 'aws_backup_plan'))[0];
    expect(usPlan.rule[0].copy_action).toEqual([{ destination_vault_arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:payments-dr', lifecycle: { delete_after: 35 } }]);
  });

  it('references the service role of the primary stack by its computed ARN', () => {
    expect(resourcesOf(usStack, 'aws_iam_role')).toEqual({});
    const [selection] = Object.values(resourcesOf(usStack, 'aws_backup_selection'));
    expect(selection.iam_role_arn).toBe('arn:aws:iam::111122223333:role/payments-backup-service-role');
    for (const [, stack] of drStacks) {
      const [key] = Object.values(resourcesOf(stack, 'aws_kms_key')).filter((k) => k.description === 'AWS Backup vault key for payments-dr');
      const use = JSON.parse(key.policy).Statement.find((s: TfJson) => s.Sid === 'BackupRoleUse');
      // And the restore testing role: a restore reads the recovery point with the vault key.
      expect(use.Principal).toEqual({ AWS: ['arn:aws:iam::111122223333:role/aws-backup-restore-testing-role', 'arn:aws:iam::111122223333:role/payments-backup-service-role'] });
    }
  });

  it('shares one key between the two eu-west-1 vaults', () => {
    const keys = resourcesOf(euStack, 'aws_kms_key');
    const shared = Object.keys(keys).find((name) => name.startsWith('key-eu-primary'));
    const users = Object.values(resourcesOf(euStack, 'aws_backup_vault')).filter((v) => v.kms_key_arn === `\${aws_kms_key.${shared}.arn}`);
    expect(users.map((v) => v.name).sort()).toEqual(['payments-pitr', 'payments-primary']);
  });
});

/** Every resource address of every stack of a config, by stack. */
function addressesByStack(raw: RawConfig): Map<string, string[]> {
  const check = checkRawConfig(raw);
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return new Map(
    check.model.stacks.map((stack) => {
      const tf: TfJson = JSON.parse(synthStack(stack));
      return [stack.name, Object.entries(tf.resource ?? {}).flatMap(([type, resources]) => Object.keys(resources as TfJson).map((name) => `${type}.${name}`)).sort()];
    }),
  );
}

const withOperations = (c: RawConfig) => {
  c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'ops@example.com' } } };
  c.audit = {};
  c.regionSettings = {};
  c.restoreTesting = { weekly: { selections: { volumes: { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } } };
};
const localPlan = (c: RawConfig) => {
  c.plans.local = { region: 'eu-central-1', vault: 'dr', rules: { daily: { preset: 'daily-35' } }, selections: { tagged: { tags: { backup: 'local' } } } };
};

describe.each<[string, (c: RawConfig) => void]>([
  ['base config', () => undefined],
  ['with alerts, audit, Region settings and restore tests', withOperations],
])('a plan added in a Region that so far holds only a DR vault (%s)', (_name, setup) => {
  const before = addressesByStack(configWith(setup));
  const after = addressesByStack(configWith((c) => (setup(c), localPlan(c))));

  it('keeps the DR vault, its key and lock in the same stack at the same addresses, and every other address', () => {
    expect([...before.keys()]).toEqual(['test-eu-west-1', 'test-eu-central-1']);
    expect([...after.keys()]).toEqual(['test-eu-west-1', 'test-eu-central-1']);
    const stateful = before.get('test-eu-central-1')!.filter((address) => /^aws_(backup_vault|backup_vault_lock_configuration|backup_vault_policy|kms_key|kms_alias)\.vault-dr_/.test(address));
    expect(stateful).toEqual([
      expect.stringMatching(/^aws_backup_vault\.vault-dr_/),
      expect.stringMatching(/^aws_backup_vault_lock_configuration\.vault-dr_/),
      expect.stringMatching(/^aws_backup_vault_policy\.vault-dr_/),
      expect.stringMatching(/^aws_kms_alias\.vault-dr_/),
      expect.stringMatching(/^aws_kms_key\.vault-dr_/),
    ]);
    for (const [stack, list] of before) expect(after.get(stack)).toEqual(expect.arrayContaining(list));
  });

  it('touches no other stack', () => {
    expect(after.get('test-eu-west-1')).toEqual(before.get('test-eu-west-1'));
  });
});

it('adding a plan in the DR Region adds only the plan, its selection, the silence alarm of its vault and the Region settings there (base config)', () => {
  const before = addressesByStack(baseConfig());
  const after = addressesByStack(configWith(localPlan));
  const added = after.get('test-eu-central-1')!.filter((address) => !before.get('test-eu-central-1')!.includes(address));
  // Region settings only where plans run: a Region holding vaults alone keeps its opt-ins.
  expect(added.map((address) => address.split('.')[0])).toEqual(['aws_backup_plan', 'aws_backup_region_settings', 'aws_backup_selection', 'aws_cloudwatch_metric_alarm']);
});

describe.each(exampleFiles())('every stack of %s', (file) => {
  const outdir = synthEstate(exampleModel(file));
  const stacks = readdirSync(join(outdir, 'stacks')).map((name): [string, TfJson] => [name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]);

  it.each(stacks)('%s: keys rotate, vaults use customer-managed keys, rules expire, stateful resources are protected', (_name, stack) => {
    for (const key of Object.values(resourcesOf(stack, 'aws_kms_key'))) {
      expect(key.enable_key_rotation).toBe(true);
      expect(key.lifecycle).toEqual({ prevent_destroy: true });
      // A wildcard principal in an Allow only with a condition naming who: the organization (central vault
      // keys) or one role ARN (the Backup reports role, which may not exist yet when the key is created).
      // In a Deny (of key deletion and disabling) it is what makes the deny reach everyone.
      const statements = JSON.parse(key.policy).Statement;
      const wildcards = statements.filter((s: TfJson) => s.Effect === 'Allow' && (s.Principal === '*' || s.Principal?.AWS === '*'));
      for (const statement of wildcards) {
        const who = statement.Condition?.StringEquals?.['aws:PrincipalOrgID'] ?? statement.Condition?.ArnEquals?.['aws:PrincipalArn'];
        expect(who).toMatch(/^(o-|arn:aws)/);
      }
    }
    for (const vault of Object.values(resourcesOf(stack, 'aws_backup_vault'))) {
      expect(vault.kms_key_arn).toMatch(/^(\$\{aws_kms_key\..+\.arn\}|arn:aws[a-z-]*:kms:)/);
      expect(vault.lifecycle).toEqual({ prevent_destroy: true });
    }
    for (const lock of Object.values(resourcesOf(stack, 'aws_backup_vault_lock_configuration'))) {
      expect(lock.lifecycle).toEqual({ prevent_destroy: true });
    }
    for (const plan of Object.values(resourcesOf(stack, 'aws_backup_plan'))) {
      for (const planRule of plan.rule) {
        expect(planRule.lifecycle.delete_after).toBeGreaterThan(0);
        for (const copy of planRule.copy_action ?? []) expect(copy.lifecycle.delete_after).toBeGreaterThan(0);
      }
    }
  });
});

describe('existing role and key', () => {
  const check = checkRawConfig(
    configWith((c) => {
      c.serviceRole = { arn: 'arn:aws:iam::111122223333:role/ExistingBackupRole' };
      c.vaults.main.kmsKeyArn = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    }),
  );
  const [stack, drStack] = check.model!.stacks.map((model): TfJson => JSON.parse(synthStack(model)));

  it('creates no role and selects with the existing one', () => {
    expect(resourcesOf(stack, 'aws_iam_role')).toEqual({});
    expect(Object.values(resourcesOf(stack, 'aws_backup_selection'))[0].iam_role_arn).toBe('arn:aws:iam::111122223333:role/ExistingBackupRole');
  });

  it('encrypts the vault with the existing key and creates a key only for the vault without one', () => {
    const vaults = Object.values(resourcesOf(stack, 'aws_backup_vault'));
    expect(vaults.find((v) => v.name === 'main')?.kms_key_arn).toBe('arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0');
    // No vault key (the alerts topic has a key of its own).
    expect(Object.values(resourcesOf(stack, 'aws_kms_key')).filter((key) => !key.description.startsWith('AWS Backup alerts topic'))).toEqual([]);
    // The DR vault's dedicated key, in the eu-central-1 stack.
    const keyPolicies = Object.values(resourcesOf(drStack, 'aws_kms_key'))
      .filter((key) => !key.description.startsWith('AWS Backup alerts topic'))
      .map((key) => JSON.parse(key.policy));
    expect(keyPolicies).toHaveLength(1);
    expect(keyPolicies[0].Statement.find((s: TfJson) => s.Sid === 'BackupRoleUse').Principal).toEqual({ AWS: ['arn:aws:iam::111122223333:role/ExistingBackupRole'] });
  });
});
