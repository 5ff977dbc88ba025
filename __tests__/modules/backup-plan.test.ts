import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupPlan as AwsBackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupPlan, BackupPlanProps, BackupRuleProps, checkRuleProps, effectiveCopyLifecycle } from '../../modules/backup-plan';
import { BackupVault } from '../../modules/backup-vault';
import { RULE_PRESET_NAMES, RULE_PRESETS, ruleFromPreset, type RulePresetName } from '../../modules/presets';
import { checkLifecycle } from '../../core/checks';
import { expectValidationError, KEY_ARN, onlyResource, stackWithProviders, synth } from './helpers';

const DR_VAULT = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr';
const DR_VAULT_2 = 'arn:aws:backup:us-east-1:111122223333:backup-vault:dr2';

const daily: BackupRuleProps = { targetVaultName: 'main', lifecycle: { deleteAfterDays: 35 } };

function synthPlan(props: Partial<BackupPlanProps> = {}): string {
  return synth((scope) => {
    new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily }, ...props });
  });
}

function planConfig(props: Partial<BackupPlanProps> = {}) {
  return onlyResource(synthPlan(props), 'aws_backup_plan').config;
}

/** The synthesized rule blocks of a plan with these rules. */
function rulesOf(rules: BackupPlanProps['rules']) {
  return planConfig({ rules }).rule;
}

/** The one synthesized rule of a plan with just `rule`. */
function onlyRule(rule: BackupRuleProps) {
  const blocks = rulesOf({ r: rule });
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

describe('BackupPlan: rules', () => {
  it('writes a rule with every default made explicit', () => {
    expect(synthPlan()).toHaveResourceWithProperties(AwsBackupPlan, {
      name: 'gold',
      rule: [
        {
          rule_name: 'daily',
          target_vault_name: 'main',
          schedule: 'cron(0 5 ? * * *)',
          schedule_expression_timezone: 'Etc/UTC',
          start_window: 60,
          completion_window: 180,
          enable_continuous_backup: false,
          lifecycle: { delete_after: 35 },
        },
      ],
    });
    const config = planConfig();
    expect(config).not.toHaveProperty('advanced_backup_setting');
    expect(config).not.toHaveProperty('tags');
  });

  it('sorts rules by name and names each block', () => {
    const blocks = rulesOf({
      weekly: { ...daily, schedule: 'cron(0 5 ? * SUN *)' },
      Annual: { ...daily, schedule: 'cron(0 5 1 1 ? *)' },
      daily,
      monthly: { ...daily, schedule: 'cron(0 5 1 * ? *)' },
    });
    // Code-unit order: upper case sorts before lower case.
    expect(blocks.map((block: { rule_name: string }) => block.rule_name)).toEqual(['Annual', 'daily', 'monthly', 'weekly']);
    expect(blocks.map((block: { schedule: string }) => block.schedule)).toEqual([
      'cron(0 5 1 1 ? *)',
      'cron(0 5 ? * * *)',
      'cron(0 5 1 * ? *)',
      'cron(0 5 ? * SUN *)',
    ]);
  });

  it('passes an explicit schedule, time zone and windows through', () => {
    const block = onlyRule({ ...daily, schedule: 'cron(30 1 ? * MON-FRI *)', scheduleTimezone: 'Europe/Paris', startWindowMinutes: 120, completionWindowMinutes: 600 });
    expect(block).toMatchObject({ schedule: 'cron(30 1 ? * MON-FRI *)', schedule_expression_timezone: 'Europe/Paris', start_window: 120, completion_window: 600 });
  });

  it('writes delete_after, cold_storage_after and the archive opt-in', () => {
    const block = onlyRule({ ...daily, lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365, optInToArchiveForSupportedResources: true } });
    expect(block.lifecycle).toEqual({ cold_storage_after: 30, delete_after: 365, opt_in_to_archive_for_supported_resources: true });
  });

  it('sets the continuous backup flag', () => {
    expect(onlyRule({ ...daily, continuousBackup: true }).enable_continuous_backup).toBe(true);
    expect(onlyRule({ ...daily, continuousBackup: false }).enable_continuous_backup).toBe(false);
  });

  it('writes recovery_point_tags', () => {
    expect(onlyRule({ ...daily, recoveryPointTags: { team: 'platform', env: 'prod' } }).recovery_point_tags).toEqual({ env: 'prod', team: 'platform' });
    expect(onlyRule(daily)).not.toHaveProperty('recovery_point_tags');
  });

  it('writes copy actions sorted by copy name, each with its destination and effective lifecycle', () => {
    const block = onlyRule({
      ...daily,
      lifecycle: { deleteAfterDays: 35 },
      copies: {
        zeta: { destinationVaultArn: DR_VAULT },
        alpha: { destinationVaultArn: DR_VAULT_2, lifecycle: { coldStorageAfterDays: 7, deleteAfterDays: 97 } },
      },
    });
    expect(block.copy_action).toEqual([
      { destination_vault_arn: DR_VAULT_2, lifecycle: { cold_storage_after: 7, delete_after: 97 } },
      { destination_vault_arn: DR_VAULT, lifecycle: { delete_after: 35 } },
    ]);
  });

  it('gives a copy without a lifecycle the whole rule lifecycle (cold storage included)', () => {
    const lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 365 };
    const block = onlyRule({ ...daily, lifecycle, copies: { dr: { destinationVaultArn: DR_VAULT } } });
    expect(block.copy_action).toEqual([{ destination_vault_arn: DR_VAULT, lifecycle: { cold_storage_after: 30, delete_after: 365 } }]);
    expect(effectiveCopyLifecycle({ ...daily, lifecycle }, {})).toBe(lifecycle);
  });

  it('writes no copy_action without copies', () => {
    expect(onlyRule(daily)).not.toHaveProperty('copy_action');
    expect(onlyRule({ ...daily, copies: {} })).not.toHaveProperty('copy_action');
  });

  it.each(['enabled', 'disabled'] as const)('writes advanced_backup_setting for windowsVss %s', (windowsVss) => {
    expect(synthPlan({ windowsVss })).toHaveResourceWithProperties(AwsBackupPlan, {
      advanced_backup_setting: [{ resource_type: 'EC2', backup_options: { WindowsVSS: windowsVss } }],
    });
  });

  it('passes tags to the plan', () => {
    expect(synthPlan({ tags: { env: 'prod' } })).toHaveResourceWithProperties(AwsBackupPlan, { tags: { env: 'prod' } });
  });

  it('targets a vault by reference and uses the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    // A key of the DR provider's Region (eu-central-1): a vault's key must be in the vault's Region.
    const vault = new BackupVault(stack, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN.replace('eu-west-1', 'eu-central-1'), provider: dr });
    new BackupPlan(stack, 'plan', { planName: 'gold', rules: { daily: { ...daily, targetVaultName: vault.name } }, provider: dr });
    const out = Testing.synth(stack);
    const vaultResource = onlyResource(out, 'aws_backup_vault');
    const plan = onlyResource(out, 'aws_backup_plan').config;
    expect(plan.rule[0].target_vault_name).toBe(`\${aws_backup_vault.${vaultResource.id}.name}`);
    expect(plan.provider).toBe('aws.dr');
  });
});

describe('presets', () => {
  it('lists exactly the five documented presets', () => {
    expect([...RULE_PRESET_NAMES]).toEqual(['daily-35', 'weekly-90', 'monthly-1y-cold', 'monthly-5y-cold', 'monthly-7y-cold']);
    expect(Object.keys(RULE_PRESETS).sort()).toEqual([...RULE_PRESET_NAMES].sort());
  });

  it('daily-35: every day at 05:00, kept 35 days', () => {
    expect(ruleFromPreset('daily-35', 'main')).toEqual({ targetVaultName: 'main', schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } });
  });

  it('weekly-90: every Sunday at 05:00, kept 90 days', () => {
    expect(ruleFromPreset('weekly-90', 'main')).toEqual({ targetVaultName: 'main', schedule: 'cron(0 5 ? * SUN *)', lifecycle: { deleteAfterDays: 90 } });
  });

  it('monthly-1y-cold: the 1st at 05:00, cold storage after 30 days, kept 365 days', () => {
    expect(ruleFromPreset('monthly-1y-cold', 'main')).toEqual({
      targetVaultName: 'main',
      schedule: 'cron(0 5 1 * ? *)',
      lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365 },
    });
  });

  it.each([
    ['monthly-5y-cold', 1827],
    ['monthly-7y-cold', 2557],
  ] as const)('%s: the 1st at 05:00, cold storage after 30 days, kept %i days (whole calendar years, leap days included)', (name, days) => {
    expect(ruleFromPreset(name, 'main')).toEqual({ targetVaultName: 'main', schedule: 'cron(0 5 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: days } });
    // A recovery point taken on 1 March of a year before a leap year outlives the years asked for.
    const years = name === 'monthly-5y-cold' ? 5 : 7;
    const taken = Date.UTC(2027, 2, 1);
    const expires = taken + days * 86_400_000;
    expect(expires).toBeGreaterThanOrEqual(Date.UTC(2027 + years, 2, 1));
    expect(checkLifecycle(RULE_PRESETS[name].lifecycle)).toEqual([]);
  });

  it.each(['daily-30', 'toString', '__proto__'])('refuses %j, which is no preset, naming the presets (it threw a TypeError, or built a rule from an Object method)', (name) => {
    expectValidationError(() => ruleFromPreset(name as RulePresetName, 'main'), 'ruleFromPreset', [
      { path: 'name', message: `"${name}" is not a rule preset; use one of daily-35, weekly-90, monthly-1y-cold, monthly-5y-cold, monthly-7y-cold` },
    ]);
  });

  it('synthesizes all presets into valid rules (UTC by default)', () => {
    const blocks = rulesOf({
      daily: ruleFromPreset('daily-35', 'main'),
      monthly: ruleFromPreset('monthly-1y-cold', 'main'),
      weekly: ruleFromPreset('weekly-90', 'main'),
    });
    expect(blocks.map((block: Record<string, unknown>) => [block.rule_name, block.schedule, block.schedule_expression_timezone, block.lifecycle])).toEqual([
      ['daily', 'cron(0 5 ? * * *)', 'Etc/UTC', { delete_after: 35 }],
      ['monthly', 'cron(0 5 1 * ? *)', 'Etc/UTC', { cold_storage_after: 30, delete_after: 365 }],
      ['weekly', 'cron(0 5 ? * SUN *)', 'Etc/UTC', { delete_after: 90 }],
    ]);
  });

  it('merges lifecycle overrides field by field and keeps the rest of the preset', () => {
    const rule = ruleFromPreset('monthly-1y-cold', 'main', { lifecycle: { deleteAfterDays: 730 }, scheduleTimezone: 'Europe/Paris' });
    expect(rule).toEqual({
      targetVaultName: 'main',
      schedule: 'cron(0 5 1 * ? *)',
      scheduleTimezone: 'Europe/Paris',
      lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 730 },
    });
  });

  it('lets overrides replace the schedule and add copies', () => {
    const rule = ruleFromPreset('daily-35', 'main', { schedule: 'cron(0 1 ? * * *)', copies: { dr: { destinationVaultArn: DR_VAULT } } });
    expect(rule.schedule).toBe('cron(0 1 ? * * *)');
    expect(rule.copies).toEqual({ dr: { destinationVaultArn: DR_VAULT } });
    expect(rule.lifecycle).toEqual({ deleteAfterDays: 35 });
  });

  it('always targets the vault given as argument, not one in the overrides', () => {
    expect(ruleFromPreset('daily-35', 'main', { targetVaultName: 'other' }).targetVaultName).toBe('main');
  });

  it('does not share or mutate the preset lifecycle', () => {
    const rule = ruleFromPreset('daily-35', 'main', { lifecycle: { deleteAfterDays: 7 } });
    expect(rule.lifecycle).not.toBe(RULE_PRESETS['daily-35'].lifecycle);
    expect(RULE_PRESETS['daily-35'].lifecycle).toEqual({ deleteAfterDays: 35 });
  });

  it('keeps the preset cold storage when continuous backup is switched on, which the plan then rejects', () => {
    const rule = ruleFromPreset('monthly-1y-cold', 'main', { continuousBackup: true, lifecycle: { deleteAfterDays: 35 } });
    expect(rule.lifecycle).toEqual({ coldStorageAfterDays: 30, deleteAfterDays: 35 });
    expectValidationError(() => synthPlan({ rules: { pitr: rule } }), 'BackupPlan stack/plan', [
      { path: 'rules.pitr.lifecycle.coldStorageAfterDays', message: 'is not allowed with continuousBackup (continuous recovery points cannot move to cold storage)' },
    ]);
  });
});

describe('BackupPlan: eager validation', () => {
  const construct = 'BackupPlan stack/plan';
  const rejects = (rule: BackupRuleProps, problems: { path: string; message: string }[]) =>
    expectValidationError(() => synthPlan({ rules: { r: rule } }), construct, problems);
  const accepts = (rule: BackupRuleProps) => expect(synthPlan({ rules: { r: rule } })).toHaveResource(AwsBackupPlan);

  it('cold storage 30 days needs deletion at 120 days or later', () => {
    rejects({ ...daily, lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 119 } }, [
      { path: 'rules.r.lifecycle.deleteAfterDays', message: 'must be at least coldStorageAfterDays + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 119' },
    ]);
    accepts({ ...daily, lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 120 } });
  });

  it('refuses copies whose destination is not a backup vault ARN, and two copies into one vault', () => {
    rejects({ ...daily, copies: { a: { destinationVaultArn: DR_VAULT }, b: { destinationVaultArn: DR_VAULT }, c: { destinationVaultArn: 'dr-vault' } } }, [
      { path: 'rules.r.copies.b.destinationVaultArn', message: 'copies into the same vault as copies.a: a rule has one copy action per destination vault' },
      { path: 'rules.r.copies.c.destinationVaultArn', message: '"dr-vault" is not a backup vault ARN such as arn:aws:backup:eu-west-1:111122223333:backup-vault:dr' },
    ]);
    accepts({ ...daily, copies: { a: { destinationVaultArn: DR_VAULT }, b: { destinationVaultArn: DR_VAULT_2 } } });
  });

  it('refuses a schedule with white space around it rather than writing it to Terraform as is', () => {
    rejects({ ...daily, schedule: 'cron(0 5 ? * * *) ' }, [{ path: 'rules.r.schedule', message: 'has white space at its start or end; write "cron(0 5 ? * * *)"' }]);
  });

  it.each([0, 36_501])('rejects deleteAfterDays %i', (deleteAfterDays) => {
    rejects({ ...daily, lifecycle: { deleteAfterDays } }, [{ path: 'rules.r.lifecycle.deleteAfterDays', message: `must be between 1 and 36500 days; got ${deleteAfterDays}` }]);
  });

  it.each([1, 36_500])('accepts deleteAfterDays %i', (deleteAfterDays) => {
    accepts({ ...daily, lifecycle: { deleteAfterDays } });
  });

  it('continuous backup keeps at most 35 days', () => {
    rejects({ ...daily, continuousBackup: true, lifecycle: { deleteAfterDays: 36 } }, [
      { path: 'rules.r.lifecycle.deleteAfterDays', message: 'must be at most 35 days with continuousBackup; got 36' },
    ]);
    accepts({ ...daily, continuousBackup: true, lifecycle: { deleteAfterDays: 35 } });
  });

  it('the 35-day limit applies to continuous rules only (and not to their copies)', () => {
    accepts({ ...daily, lifecycle: { deleteAfterDays: 36 } });
    accepts({ ...daily, continuousBackup: true, lifecycle: { deleteAfterDays: 35 }, copies: { dr: { destinationVaultArn: DR_VAULT, lifecycle: { deleteAfterDays: 365 } } } });
  });

  it('continuous backup does not allow cold storage (reported once, without the 90-day rule on top)', () => {
    rejects({ ...daily, continuousBackup: true, lifecycle: { coldStorageAfterDays: 1, deleteAfterDays: 35 } }, [
      { path: 'rules.r.lifecycle.coldStorageAfterDays', message: 'is not allowed with continuousBackup (continuous recovery points cannot move to cold storage)' },
    ]);
  });

  it('allows 5 copies and rejects 6', () => {
    const copies = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`copy${i}`, { destinationVaultArn: `arn:aws:backup:eu-central-1:111122223333:backup-vault:dr${i}` }]));
    rejects({ ...daily, copies: copies(6) }, [{ path: 'rules.r.copies', message: 'has 6 copies; a rule allows at most 5' }]);
    const five = onlyRule({ ...daily, copies: copies(5) });
    expect(five.copy_action).toHaveLength(5);
  });

  it('validates a copy lifecycle under its copy name', () => {
    rejects({ ...daily, copies: { dr: { destinationVaultArn: DR_VAULT, lifecycle: { coldStorageAfterDays: 10, deleteAfterDays: 50 } } } }, [
      { path: 'rules.r.copies.dr.lifecycle.deleteAfterDays', message: 'must be at least coldStorageAfterDays + 90 = 100 (AWS keeps cold-storage recovery points at least 90 days); got 50' },
    ]);
  });

  it('requires a copy with its own lifecycle to state its retention', () => {
    rejects({ ...daily, copies: { dr: { destinationVaultArn: DR_VAULT, lifecycle: { coldStorageAfterDays: 10 } } } }, [
      { path: 'rules.r.copies.dr.lifecycle.deleteAfterDays', message: 'is required when the copy has its own lifecycle: without it the copy is never deleted' },
    ]);
  });

  it('rejects fractional days', () => {
    rejects({ ...daily, lifecycle: { deleteAfterDays: 7.5 } }, [{ path: 'rules.r.lifecycle.deleteAfterDays', message: 'must be a whole number of days; got 7.5' }]);
  });

  it('rejects windows that are not whole minutes (the provider refuses 90.5 at plan; NaN was written as null and became the default), as the config does', () => {
    rejects({ ...daily, startWindowMinutes: 90.5 }, [{ path: 'rules.r.startWindowMinutes', message: 'must be a whole number of minutes; got 90.5' }]);
    rejects({ ...daily, startWindowMinutes: Number.NaN, completionWindowMinutes: 200.5 }, [
      { path: 'rules.r.startWindowMinutes', message: 'must be a whole number of minutes; got NaN' },
      { path: 'rules.r.completionWindowMinutes', message: 'must be a whole number of minutes; got 200.5' },
    ]);
  });

  it("rejects a target vault name the provider refuses at plan, as the config does; a vault's reference passes", () => {
    rejects({ ...daily, targetVaultName: 'main vault' }, [{ path: 'rules.r.targetVaultName', message: 'vault name "main vault" must be 2-50 characters of A-Z a-z 0-9 _ -' }]);
    rejects({ ...daily, targetVaultName: 'x' }, [{ path: 'rules.r.targetVaultName', message: 'vault name "x" must be 2-50 characters of A-Z a-z 0-9 _ -' }]);
    accepts({ ...daily, targetVaultName: '${aws_backup_vault.main.name}' });
  });

  it('rejects a schedule that runs more than once an hour, accepts an hourly one', () => {
    rejects({ ...daily, schedule: 'cron(0/30 * * * ? *)' }, [
      {
        path: 'rules.r.schedule',
        message: 'runs up to 2 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field',
      },
    ]);
    accepts({ ...daily, schedule: 'cron(0 * * * ? *)' });
  });

  it.each([
    ['rate(1 day)', 'must look like cron(minutes hours day-of-month month day-of-week year); got "rate(1 day)"'],
    ['cron(0 5 * * *)', 'must have 6 fields (minutes hours day-of-month month day-of-week year); got 5'],
    ['cron(0 5 * * * *)', 'exactly one of day-of-month ("*") and day-of-week ("*") must be "?"'],
    ['cron(61 5 ? * * *)', 'minutes field "61" must be within 0-59'],
  ])('rejects the invalid cron %j', (schedule, message) => {
    rejects({ ...daily, schedule }, [{ path: 'rules.r.schedule', message }]);
  });

  it.each(['Mars/Base', 'UTC+2', ' Europe/Paris'])('rejects the time zone %j', (scheduleTimezone) => {
    rejects({ ...daily, scheduleTimezone }, [
      { path: 'rules.r.scheduleTimezone', message: `"${scheduleTimezone}" is not an IANA time zone such as Etc/UTC or Europe/Paris` },
    ]);
  });

  it('rejects a start window of 59 minutes, accepts 60', () => {
    rejects({ ...daily, startWindowMinutes: 59 }, [{ path: 'rules.r.startWindowMinutes', message: 'must be between 60 and 52560000 minutes; got 59' }]);
    accepts({ ...daily, startWindowMinutes: 60 });
  });

  it('rejects a completion window not after the start window', () => {
    rejects({ ...daily, startWindowMinutes: 120, completionWindowMinutes: 120 }, [
      { path: 'rules.r.completionWindowMinutes', message: 'must be greater than startWindowMinutes (120); got 120' },
    ]);
    // A start window left out is named as the default, not quoted as if written.
    rejects({ ...daily, completionWindowMinutes: 50 }, [
      { path: 'rules.r.completionWindowMinutes', message: 'must be greater than startWindowMinutes (60: not set, the default); got 50' },
    ]);
  });

  it('gives a rule without completionWindowMinutes 120 minutes beyond its start window, at least 180 (AWS CLI example: start 480, no completion window)', () => {
    accepts({ ...daily, startWindowMinutes: 480 });
    expect(checkRuleProps({ ...daily, startWindowMinutes: 480 })).toEqual([]);
    expect(onlyRule({ ...daily, startWindowMinutes: 480 })).toMatchObject({ start_window: 480, completion_window: 600 });
    expect(onlyRule({ ...daily, startWindowMinutes: 240 })).toMatchObject({ start_window: 240, completion_window: 360 });
    expect(onlyRule(daily)).toMatchObject({ start_window: 60, completion_window: 180 });
    // The props interface says so too: its @default read 180 whatever the start window (the default of a start window of 480 is 600).
    const source = readFileSync(join(__dirname, '..', '..', 'modules', 'backup-plan.ts'), 'utf8');
    expect(source).toContain('/** More than startWindowMinutes. @default startWindowMinutes + 120, at least 180 (ruleWindows) */\n  readonly completionWindowMinutes?: number;');
  });

  it('only warns (does not throw) for a completion window less than an hour after the start window', () => {
    const rule = { ...daily, startWindowMinutes: 120, completionWindowMinutes: 121 };
    expect(checkRuleProps(rule)).toEqual([
      {
        path: 'completionWindowMinutes',
        severity: 'warning',
        message: 'leaves jobs less than 60 minutes to run after a late start (startWindowMinutes 120); AWS recommends at least startWindowMinutes + 60',
      },
    ]);
    expect(onlyRule(rule).completion_window).toBe(121);
  });

  it('rejects a plan with no rules', () => {
    expectValidationError(() => synthPlan({ rules: {} }), construct, [{ path: 'rules', message: 'a plan needs at least one rule' }]);
  });

  it.each([
    ['empty', ''],
    ['a space', 'gold plan'],
    ['a slash', 'gold/plan'],
    ['51 characters', 'p'.repeat(51)],
  ])('rejects a plan name that is %s', (_label, planName) => {
    expectValidationError(() => synthPlan({ planName }), construct, [
      { path: 'planName', message: `plan name "${planName}" must be 1-50 characters of A-Z a-z 0-9 _ . -` },
    ]);
  });

  it.each(['p', 'Gold.plan_v-2', 'p'.repeat(50)])('accepts the plan name %j', (planName) => {
    expect(synthPlan({ planName })).toHaveResourceWithProperties(AwsBackupPlan, { name: planName });
  });

  it('rejects a bad rule name', () => {
    expectValidationError(() => synthPlan({ rules: { 'daily rule': daily } }), construct, [
      { path: 'rules.daily rule', message: 'rule name "daily rule" must be 1-50 characters of A-Z a-z 0-9 _ . -' },
    ]);
  });

  it('reports the problems of every rule at once', () => {
    expectValidationError(
      () =>
        synthPlan({
          planName: 'bad name',
          rules: { a: { ...daily, startWindowMinutes: 30 }, b: { ...daily, lifecycle: { deleteAfterDays: 0 } } },
        }),
      construct,
      [
        { path: 'planName', message: 'plan name "bad name" must be 1-50 characters of A-Z a-z 0-9 _ . -' },
        { path: 'rules.a.startWindowMinutes', message: 'must be between 60 and 52560000 minutes; got 30' },
        { path: 'rules.b.lifecycle.deleteAfterDays', message: 'must be between 1 and 36500 days; got 0' },
      ],
    );
  });
});

describe('BackupPlan: copies into another partition (AWS Backup copies within a partition only)', () => {
  const construct = 'BackupPlan stack/plan';
  const CN_VAULT = 'arn:aws-cn:backup:cn-north-1:111122223333:backup-vault:dr';
  const copyTo = (destinationVaultArn: string): BackupPlanProps['rules'] => ({ daily: { ...daily, copies: { dr: { destinationVaultArn } } } });
  function planIn(region: string | undefined, rules: BackupPlanProps['rules'], dr = false): string {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    if (region !== undefined) new AwsProvider(stack, 'aws', { region });
    const provider = dr ? new AwsProvider(stack, 'aws-cn', { region: 'cn-northwest-1', alias: 'cn' }) : undefined;
    new BackupPlan(stack, 'plan', { planName: 'gold', rules, ...(provider ? { provider } : {}) });
    return Testing.synth(stack);
  }

  it('refuses a copy into a vault of another partition than the provider Region\'s, as the config does', () => {
    expectValidationError(() => planIn('eu-west-1', copyTo(CN_VAULT)), construct, [
      {
        path: 'rules.daily.copies.dr.destinationVaultArn',
        message: "is an ARN of partition aws-cn, but the partition of eu-west-1 is aws: every Region, ARN, key and principal of a stack must be in its account's partition",
      },
    ]);
  });

  it('accepts a copy within the partition, a reference, and checks nothing without a literal provider Region', () => {
    expect(planIn('eu-west-1', copyTo(DR_VAULT))).toHaveResource(AwsBackupPlan);
    expect(planIn('cn-north-1', copyTo(CN_VAULT.replace('cn-north-1', 'cn-northwest-1')), true)).toHaveResource(AwsBackupPlan);
    expect(planIn('eu-west-1', copyTo('${aws_backup_vault.dr.arn}'))).toHaveResource(AwsBackupPlan);
    expect(planIn(undefined, copyTo(CN_VAULT))).toHaveResource(AwsBackupPlan);
    expect(planIn('${var.region}', copyTo(CN_VAULT))).toHaveResource(AwsBackupPlan);
  });

  it('accepts a copy into a Region the pinned provider does not know: the plan only names the vault (hashicorp/aws 5.100.0 plans it)', () => {
    expect(planIn('ap-southeast-2', copyTo('arn:aws:backup:ap-southeast-6:111122223333:backup-vault:dr'))).toHaveResource(AwsBackupPlan);
  });

  it('still refuses a copy into a known Region of another partition', () => {
    expectValidationError(() => planIn('eu-west-1', copyTo('arn:aws:backup:cn-north-1:111122223333:backup-vault:dr')), construct, [
      {
        path: 'rules.daily.copies.dr.destinationVaultArn',
        message: "names Region cn-north-1 of partition aws-cn, but the partition of eu-west-1 is aws: every Region, ARN, key and principal of a stack must be in its account's partition",
      },
    ]);
  });
});
