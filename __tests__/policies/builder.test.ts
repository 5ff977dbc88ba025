import { buildBackupPolicy, PolicyBuildError, serializePolicy, type PolicyPlanInput } from '../../policies/builder';
import { KEY_ORDER, NODE_KEYS, namedValue } from '../../policies/model';
import { validateBackupPolicy, validatePolicyText } from '../../policies/validate';

/** A gold plan: daily snapshots kept 35 days, monthly ones kept 400 days and copied to a DR account. */
function goldPlan(): PolicyPlanInput {
  return {
    name: 'gold',
    regions: ['eu-west-1', 'eu-central-1'],
    rules: {
      Daily: {
        targetVaultName: 'workload-main',
        schedule: 'cron(0 5 ? * * *)',
        startWindowMinutes: 60,
        completionWindowMinutes: 180,
        lifecycle: { deleteAfterDays: 35 },
        continuousBackup: false,
        recoveryPointTags: { 'backup:rule': 'daily', Owner: 'sre' },
      },
      monthly: {
        targetVaultName: 'workload-main',
        schedule: 'cron(0 3 1 * ? *)',
        startWindowMinutes: 120,
        completionWindowMinutes: 480,
        lifecycle: { deleteAfterDays: 400, coldStorageAfterDays: 30, optInToArchiveForSupportedResources: true },
        continuousBackup: false,
        copies: {
          dr: {
            destinationVaultArn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR',
            lifecycle: { deleteAfterDays: 400, coldStorageAfterDays: 30 },
          },
        },
      },
    },
    tagSelections: {
      'Tagged-Gold': { iamRoleArn: 'arn:aws:iam::$account:role/service-role/BackupRole', tagKey: 'backup', tagValues: ['gold', 'gold-plus'] },
    },
    windowsVss: 'enabled',
    backupPlanTags: { 'cost-center': 'platform' },
  };
}

const LOCK = '@@operators_allowed_for_child_policies';

describe('buildBackupPolicy', () => {
  it('writes every setting as @@assign, numbers and booleans as strings, copies keyed by destination ARN (childPolicyOperators ["@@all"])', () => {
    expect(buildBackupPolicy([goldPlan()], { childPolicyOperators: ['@@all'] })).toStrictEqual({
      plans: {
        gold: {
          regions: { '@@assign': ['eu-west-1', 'eu-central-1'] },
          rules: {
            daily: {
              schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' },
              target_backup_vault_name: { '@@assign': 'workload-main' },
              start_backup_window_minutes: { '@@assign': '60' },
              complete_backup_window_minutes: { '@@assign': '180' },
              lifecycle: { delete_after_days: { '@@assign': '35' } },
              recovery_point_tags: {
                'backup_rule': { tag_key: { '@@assign': 'backup:rule' }, tag_value: { '@@assign': 'daily' } },
                owner: { tag_key: { '@@assign': 'Owner' }, tag_value: { '@@assign': 'sre' } },
              },
            },
            monthly: {
              schedule_expression: { '@@assign': 'cron(0 3 1 * ? *)' },
              target_backup_vault_name: { '@@assign': 'workload-main' },
              start_backup_window_minutes: { '@@assign': '120' },
              complete_backup_window_minutes: { '@@assign': '480' },
              lifecycle: {
                delete_after_days: { '@@assign': '400' },
                move_to_cold_storage_after_days: { '@@assign': '30' },
                opt_in_to_archive_for_supported_resources: { '@@assign': 'true' },
              },
              copy_actions: {
                'arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR': {
                  target_backup_vault_arn: { '@@assign': 'arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR' },
                  lifecycle: { delete_after_days: { '@@assign': '400' }, move_to_cold_storage_after_days: { '@@assign': '30' } },
                },
              },
            },
          },
          selections: {
            tags: {
              'tagged-gold': {
                iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/service-role/BackupRole' },
                tag_key: { '@@assign': 'backup' },
                tag_value: { '@@assign': ['gold', 'gold-plus'] },
              },
            },
          },
          advanced_backup_settings: { ec2: { windows_vss: { '@@assign': 'enabled' } } },
          backup_plan_tags: { 'cost-center': { tag_key: { '@@assign': 'cost-center' }, tag_value: { '@@assign': 'platform' } } },
        },
      },
    });
  });

  it('locks every node of each plan with @@operators_allowed_for_child_policies ["@@none"] by default, but not the plans map', () => {
    const none = ['@@none'];
    const set = (value: string | string[]) => ({ [LOCK]: none, '@@assign': value });
    const doc = buildBackupPolicy([goldPlan()]);
    expect(doc).toStrictEqual({
      plans: {
        gold: {
          [LOCK]: none,
          regions: set(['eu-west-1', 'eu-central-1']),
          rules: {
            [LOCK]: none,
            daily: {
              [LOCK]: none,
              schedule_expression: set('cron(0 5 ? * * *)'),
              target_backup_vault_name: set('workload-main'),
              start_backup_window_minutes: set('60'),
              complete_backup_window_minutes: set('180'),
              lifecycle: { [LOCK]: none, delete_after_days: set('35') },
              recovery_point_tags: {
                [LOCK]: none,
                'backup_rule': { [LOCK]: none, tag_key: set('backup:rule'), tag_value: set('daily') },
                owner: { [LOCK]: none, tag_key: set('Owner'), tag_value: set('sre') },
              },
            },
            monthly: {
              [LOCK]: none,
              schedule_expression: set('cron(0 3 1 * ? *)'),
              target_backup_vault_name: set('workload-main'),
              start_backup_window_minutes: set('120'),
              complete_backup_window_minutes: set('480'),
              lifecycle: {
                [LOCK]: none,
                delete_after_days: set('400'),
                move_to_cold_storage_after_days: set('30'),
                opt_in_to_archive_for_supported_resources: set('true'),
              },
              copy_actions: {
                [LOCK]: none,
                'arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR': {
                  [LOCK]: none,
                  target_backup_vault_arn: set('arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR'),
                  lifecycle: { [LOCK]: none, delete_after_days: set('400'), move_to_cold_storage_after_days: set('30') },
                },
              },
            },
          },
          selections: {
            [LOCK]: none,
            tags: {
              [LOCK]: none,
              'tagged-gold': {
                [LOCK]: none,
                iam_role_arn: set('arn:aws:iam::$account:role/service-role/BackupRole'),
                tag_key: set('backup'),
                tag_value: set(['gold', 'gold-plus']),
              },
            },
          },
          advanced_backup_settings: { [LOCK]: none, ec2: { [LOCK]: none, windows_vss: set('enabled') } },
          backup_plan_tags: { [LOCK]: none, 'cost-center': { [LOCK]: none, tag_key: set('cost-center'), tag_value: set('platform') } },
        },
      },
    });
  });

  it('writes a chosen subset of operators, and enable_continuous_backup only when on', () => {
    const plan = goldPlan();
    plan.rules = {
      pitr: {
        targetVaultName: 'workload-main',
        schedule: 'cron(0 * ? * * *)',
        startWindowMinutes: 60,
        completionWindowMinutes: 120,
        lifecycle: { deleteAfterDays: 35 },
        continuousBackup: true,
      },
    };
    const doc = buildBackupPolicy([plan], { childPolicyOperators: ['@@append'] });
    expect(doc.plans.gold).toMatchObject({
      [LOCK]: ['@@append'],
      rules: {
        pitr: {
          [LOCK]: ['@@append'],
          enable_continuous_backup: { [LOCK]: ['@@append'], '@@assign': 'true' },
          lifecycle: { [LOCK]: ['@@append'], delete_after_days: { [LOCK]: ['@@append'], '@@assign': '35' } },
        },
      },
    });
    expect(validateBackupPolicy(doc)).toEqual([]);
  });

  it('gives tag ids derived from tag keys, unique once lower-cased', () => {
    const plan = goldPlan();
    plan.backupPlanTags = { Env: 'a', env: 'b', 'team name': 'c' };
    const doc = buildBackupPolicy([plan], { childPolicyOperators: ['@@all'] });
    expect(namedValue(doc.plans, 'gold')?.backup_plan_tags).toStrictEqual({
      env: { tag_key: { '@@assign': 'Env' }, tag_value: { '@@assign': 'a' } },
      env_2: { tag_key: { '@@assign': 'env' }, tag_value: { '@@assign': 'b' } },
      team_name: { tag_key: { '@@assign': 'team name' }, tag_value: { '@@assign': 'c' } },
    });
    expect(validateBackupPolicy(doc)).toEqual([]);
  });

  it('refuses names that collide once lower-cased, duplicate plans and two copies to one vault', () => {
    const plan = goldPlan();
    const daily = plan.rules.Daily;
    if (daily === undefined) throw new Error('fixture');
    plan.rules.DAILY = daily;
    plan.tagSelections.tagged = { iamRoleArn: 'arn:aws:iam::$account:role/BackupRole', tagKey: 'a', tagValues: ['b'] };
    plan.tagSelections.TAGGED = { iamRoleArn: 'arn:aws:iam::$account:role/BackupRole', tagKey: 'a', tagValues: ['b'] };
    daily.copies = {
      one: { destinationVaultArn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:dr', lifecycle: { deleteAfterDays: 35 } },
      two: { destinationVaultArn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:DR', lifecycle: { deleteAfterDays: 35 } },
    };
    let thrown: unknown;
    try {
      buildBackupPolicy([plan, goldPlan()]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyBuildError);
    expect((thrown as PolicyBuildError).issues).toEqual([
      'plan "gold": rules "Daily" and "DAILY" differ only in case; AWS lower-cases them in the effective policy',
      'plan "gold" rule "daily": copies "one" and "two" go to the same vault arn:aws:backup:eu-west-1:444455556666:backup-vault:DR; a rule has one copy action per destination vault',
      'plan "gold": tag selections "tagged" and "TAGGED" differ only in case; AWS lower-cases them in the effective policy',
      'plan "gold" is given twice',
    ]);
  });
});

describe('serializePolicy', () => {
  it('writes compact JSON with grammar keys in grammar order and free names sorted', () => {
    const doc = {
      plans: {
        zeta: { selections: {}, rules: {}, regions: { '@@assign': ['eu-west-1'], '@@operators_allowed_for_child_policies': ['@@none'] } },
        alpha: { regions: { '@@assign': ['eu-west-1'] } },
      },
    };
    expect(serializePolicy(doc)).toBe(
      '{"plans":{"alpha":{"regions":{"@@assign":["eu-west-1"]}},"zeta":{"regions":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":["eu-west-1"]},"rules":{},"selections":{}}}}',
    );
    expect(serializePolicy({ plans: {} }, { indent: 2 })).toBe('{\n  "plans": {}\n}');
  });

  it('keeps the documented key order of every node, and knows every grammar key', () => {
    for (const keys of NODE_KEYS) {
      const ranks = keys.map((key) => KEY_ORDER.indexOf(key));
      expect(ranks.every((rank) => rank >= 0)).toBe(true);
      expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
    }
    expect(new Set(KEY_ORDER).size).toBe(KEY_ORDER.length);
    const text = serializePolicy(buildBackupPolicy([goldPlan()], { childPolicyOperators: ['@@all'] }));
    expect(text).toContain(
      '"copy_actions":{"arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR":{"target_backup_vault_arn":{"@@assign":"arn:aws:backup:eu-west-1:444455556666:backup-vault:Org-DR"},"lifecycle":{"move_to_cold_storage_after_days":{"@@assign":"30"},"delete_after_days":{"@@assign":"400"}}}}',
    );
    expect(text).toContain('"tagged-gold":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/service-role/BackupRole"},"tag_key":{"@@assign":"backup"},"tag_value":{"@@assign":["gold","gold-plus"]}}');
  });

  it('is deterministic: input key order does not change the text', () => {
    const plan = goldPlan();
    const reordered: PolicyPlanInput = {
      backupPlanTags: plan.backupPlanTags,
      windowsVss: plan.windowsVss,
      tagSelections: plan.tagSelections,
      rules: Object.fromEntries(Object.entries(plan.rules).reverse()),
      regions: plan.regions,
      name: plan.name,
    };
    expect(serializePolicy(buildBackupPolicy([reordered]))).toBe(serializePolicy(buildBackupPolicy([goldPlan()])));
  });
});

describe('round trip', () => {
  it.each([
    ['["@@none"] (default)', undefined],
    ['["@@all"]', ['@@all'] as const],
    ['["@@assign", "@@append"]', ['@@assign', '@@append'] as const],
  ])('a built policy with child operators %s validates clean, as an object and as serialized text', (_, operators) => {
    const silver: PolicyPlanInput = { ...goldPlan(), name: 'silver', regions: ['us-east-1'], windowsVss: undefined, backupPlanTags: undefined };
    const doc = buildBackupPolicy([goldPlan(), silver], operators === undefined ? {} : { childPolicyOperators: operators });
    expect(validateBackupPolicy(doc)).toEqual([]);
    expect(validatePolicyText(serializePolicy(doc))).toEqual([]);
  });

  it('counts the size on the text uploaded: the locked two-plan policy fits compact, not indented', () => {
    const silver: PolicyPlanInput = { ...goldPlan(), name: 'silver', regions: ['us-east-1'] };
    const doc = buildBackupPolicy([goldPlan(), silver]);
    const compact = serializePolicy(doc);
    const indented = serializePolicy(doc, { indent: 2 });
    expect(compact.length).toBeLessThan(10_000);
    expect(validatePolicyText(indented)).toEqual([
      {
        path: '$',
        message: `is ${indented.length} characters long; AWS Organizations accepts at most 10000 characters per backup policy (${compact.length} without whitespace: upload it compact)`,
        severity: 'error',
      },
    ]);
    // Locking every node costs about as much as the settings themselves.
    expect(serializePolicy(buildBackupPolicy([goldPlan(), silver], { childPolicyOperators: ['@@all'] })).length).toBeLessThan(compact.length / 1.8);
  });
});
