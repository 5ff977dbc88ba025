/**
 * Terraform shapes the provider documents whose values are known only at apply (references,
 * dynamic blocks, count and for_each): the rules named after AWS's controls never read them as
 * compliant. Each case is a finding, at the severity asserted, with its exact message.
 */
import * as ids from '../../compliance/rules/ids';
import { evaluateStack } from '../../compliance/pack';
import { addAuditPlan, compliantStack, factsFor, goldRule, type StackFixture } from './fixtures';

const findingsOf = (stack: StackFixture, ...rules: string[]): [string, string, string][] =>
  evaluateStack(stack, factsFor())
    .filter((finding) => rules.includes(finding.ruleId))
    .map((finding) => [finding.ruleId, finding.severity, finding.message]);

describe('a delete_after that is a reference (AWS Config judges the value it gets at apply)', () => {
  const referenced = (): StackFixture => {
    const stack = compliantStack();
    (goldRule(stack).lifecycle as Record<string, unknown>).delete_after = '${var.retention_days}';
    for (const copy of goldRule(stack).copy_action ?? []) delete copy.lifecycle;
    return stack;
  };

  it('is a warning of both retention rules, not a compliant plan', () => {
    expect(findingsOf(referenced(), ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION, ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION)).toEqual([
      [
        ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION,
        'warning',
        'no rule of plan "gold" is known to back up at least every 24 h and keeps recovery points at least 35 days: rule daily keeps recovery points for a time known only at apply (delete_after is a reference)',
      ],
      [
        ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION,
        'warning',
        'rule daily keeps recovery points for a time known only at apply (delete_after is a reference); the copy of rule daily to aws_backup_vault.dr keeps recovery points for a time known only at apply (delete_after is a reference); the copy of rule daily to arn:aws:backup:eu-west-1:222222222222:backup-vault:central keeps recovery points for a time known only at apply (delete_after is a reference), which may be less than the required 35 days',
      ],
    ]);
  });

  it('leaves the plan compliant when another rule meets both thresholds, and an error beside a known shortfall', () => {
    const stack = referenced();
    (stack.resource.aws_backup_plan.gold.rule as unknown[]).push({ ...goldRule(compliantStack()), rule_name: 'known', copy_action: [] });
    expect(findingsOf(stack, ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION)).toEqual([]);
    const short = referenced();
    goldRule(short).copy_action = [{ destination_vault_arn: '${aws_backup_vault.dr.arn}', lifecycle: { delete_after: 7 } }];
    expect(findingsOf(short, ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION)).toEqual([
      [
        ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION,
        'error',
        'the copy of rule daily to aws_backup_vault.dr keeps recovery points 7 days: less than the required 35 days; rule daily keeps recovery points for a time known only at apply (delete_after is a reference), which may be less than the required 35 days',
      ],
    ]);
  });
});

describe('plan rules written as Terraform dynamic blocks (expanded only at apply)', () => {
  it('are a warning of every rule that reads them, not a plan "without rules" nor a compliant one', () => {
    const stack = compliantStack();
    const plan = stack.resource.aws_backup_plan.gold;
    plan.dynamic = { rule: { for_each: '${var.rules}', content: { ...goldRule(stack), lifecycle: { delete_after: '${rule.value.days}' } } } };
    delete plan.rule;
    const unknown = (what: string): string => `plan "gold" has a Terraform dynamic block (dynamic "rule"), expanded only at apply: ${what} cannot be judged before then`;
    expect(evaluateStack(stack, factsFor()).map((finding) => [finding.ruleId, finding.severity, finding.message])).toEqual([
      [ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION, 'warning', unknown('whether a rule meets both thresholds')],
      [ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION, 'warning', unknown('the retention of its rules and copies')],
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK, 'warning', unknown('the locks of the vaults its rules back up into')],
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT, 'warning', unknown('its cross-account copies')],
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_REGION, 'warning', unknown('its cross-Region copies')],
      [ids.BACKUP_ESTATE_COPY_OTHER_REGION, 'warning', unknown('where its copies land')],
      [ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK, 'warning', unknown('whether its retention fits the vault locks')],
      [ids.BACKUP_ESTATE_RPO_WITHIN_TARGET, 'warning', unknown('its worst-case RPO (target 28 h)')],
      [ids.SECURITY_HUB_BACKUP_2, 'warning', unknown('whether its rules tag recovery points')],
    ]);
  });

  it('in another plan that may take the same resources: the RPO is not judged within its target (that plan\'s jobs may hold these runs)', () => {
    const stack = compliantStack();
    addAuditPlan(stack);
    const audit = (stack.resource.aws_backup_plan as Record<string, Record<string, unknown>>).audit as Record<string, unknown>;
    audit.dynamic = { rule: { for_each: '${var.rules}', content: audit.rule } };
    delete audit.rule;
    expect(findingsOf(stack, ids.BACKUP_ESTATE_RPO_WITHIN_TARGET).filter(([, , message]) => message.startsWith('the worst-case RPO of plan "gold"'))).toEqual([
      [
        ids.BACKUP_ESTATE_RPO_WITHIN_TARGET,
        'warning',
        'the worst-case RPO of plan "gold" is 28 h without plan "audit", which may back up the same resources with rules known only at apply (a dynamic block, a schedule or windows that are references): whether its jobs hold this plan\'s runs, and so the RPO against its 28 h target, cannot be judged before then',
      ],
    ]);
  });

  it('a rule\'s start_window or completion_window given as a reference: the RPO is not judged (it grows with the windows), never read with AWS\'s defaults', () => {
    const stack = compliantStack();
    (goldRule(stack) as unknown as Record<string, unknown>).start_window = '${var.start_window}';
    expect(findingsOf(stack, ids.BACKUP_ESTATE_RPO_WITHIN_TARGET)).toEqual([
      [
        ids.BACKUP_ESTATE_RPO_WITHIN_TARGET,
        'warning',
        'the worst-case RPO of plan "gold" cannot be judged against its 28 h target before apply: the start_window or completion_window of rule daily is a reference, and the RPO grows with the windows',
      ],
    ]);
  });

  it('include a rule\'s dynamic lifecycle and copy_action blocks', () => {
    const stack = compliantStack();
    const rule = goldRule(stack) as unknown as Record<string, unknown>;
    delete rule.lifecycle;
    delete rule.copy_action;
    rule.dynamic = { lifecycle: { for_each: '${var.lifecycles}', content: { delete_after: '${lifecycle.value}' } }, copy_action: { for_each: '${var.copies}', content: { destination_vault_arn: '${copy_action.value}' } } };
    expect(findingsOf(stack, ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION)).toEqual([
      [
        ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION,
        'warning',
        'plan "gold" has Terraform dynamic blocks (dynamic "lifecycle" of rule daily, dynamic "copy_action" of rule daily), expanded only at apply: the retention of its rules and copies cannot be judged before then',
      ],
    ]);
  });
});

describe('protective resources whose count or for_each may make none', () => {
  it('a lock known only at apply is a warning of the vault-lock rule; retention is still judged against it', () => {
    const stack = compliantStack();
    Object.assign(stack.resource.aws_backup_vault_lock_configuration['main-lock'], { count: '${var.lock ? 1 : 0}' });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK, ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK)).toEqual([
      [
        ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK,
        'warning',
        'rule daily backs up into aws_backup_vault.main, whose Vault Lock aws_backup_vault_lock_configuration.main-lock exists only if its count, known only at apply, makes it',
      ],
    ]);
    goldRule(stack).lifecycle.delete_after = 500;
    expect(findingsOf(stack, ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK).map(([, severity, message]) => [severity, message.split('; ')[0]])).toEqual([
      ['error', 'rule daily keeps recovery points 500 days in aws_backup_vault.main, whose lock allows 7-400 days'],
    ]);
  });

  it('names the for_each of a lock whose count is null (no count, as Terraform reads it)', () => {
    const stack = compliantStack();
    Object.assign(stack.resource.aws_backup_vault_lock_configuration['main-lock'], { count: null, for_each: '${var.locks}' });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK)).toEqual([
      [
        ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK,
        'warning',
        'rule daily backs up into aws_backup_vault.main, whose Vault Lock aws_backup_vault_lock_configuration.main-lock exists only if its for_each, known only at apply, makes it',
      ],
    ]);
  });

  it('a lock with count 0 is no lock', () => {
    const stack = compliantStack();
    Object.assign(stack.resource.aws_backup_vault_lock_configuration['main-lock'], { count: 0 });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK)).toEqual([
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK, 'warning', 'rule daily backs up into aws_backup_vault.main, which has no Vault Lock'],
    ]);
  });

  it('a vault policy known only at apply denies nothing AWS Config can count on; one with an empty for_each does not exist', () => {
    const stack = compliantStack();
    Object.assign(stack.resource.aws_backup_vault_policy['main-policy'], { for_each: '${var.protected_vaults}' });
    expect(findingsOf(stack, ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED)).toEqual([
      [
        ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED,
        'warning',
        'aws_backup_vault.main has no aws_backup_vault_policy certain to exist: anyone with IAM permission can delete its recovery points; aws_backup_vault_policy.main-policy exists only if its for_each, known only at apply, makes it',
      ],
    ]);
    Object.assign(stack.resource.aws_backup_vault_policy['main-policy'], { for_each: {} });
    expect(findingsOf(stack, ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED)).toEqual([
      [ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED, 'warning', 'aws_backup_vault.main has no aws_backup_vault_policy: anyone with IAM permission can delete its recovery points'],
    ]);
  });

  it('a plan whose only selection is known only at apply is a warning; with count 0 it has none', () => {
    const stack = compliantStack();
    Object.assign(stack.resource.aws_backup_selection['gold-selection'], { count: '${var.enabled ? 1 : 0}' });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN)).toEqual([
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN, 'warning', 'plan "gold" has no aws_backup_selection certain to exist: aws_backup_selection.gold-selection exists only if its count, known only at apply, makes it'],
    ]);
    Object.assign(stack.resource.aws_backup_selection['gold-selection'], { count: 0 });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN)).toEqual([
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN, 'error', 'plan "gold" has no aws_backup_selection: it backs up nothing'],
    ]);
    Object.assign(stack.resource.aws_backup_selection['gold-selection'], { count: 1 });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN)).toEqual([]);
    // A count of digits in a string is a literal, as Terraform JSON converts it (the reading delete_after shares).
    Object.assign(stack.resource.aws_backup_selection['gold-selection'], { count: '0' });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN)).toEqual([
      [ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN, 'error', 'plan "gold" has no aws_backup_selection: it backs up nothing'],
    ]);
    Object.assign(stack.resource.aws_backup_selection['gold-selection'], { count: '1' });
    expect(findingsOf(stack, ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN)).toEqual([]);
  });
});

describe('tags that are a reference (known only at apply, possibly an empty map)', () => {
  const withoutDefaultTags = (): StackFixture => {
    const stack = compliantStack();
    for (const provider of stack.provider.aws) delete provider.default_tags;
    return stack;
  };

  it('are a finding of Security Hub Backup.3 and Backup.5, not tagged resources', () => {
    const stack = withoutDefaultTags();
    stack.resource.aws_backup_vault.main.tags = '${var.tags}';
    stack.resource.aws_backup_plan.gold.tags = '${var.tags}';
    const findings = findingsOf(stack, ids.SECURITY_HUB_BACKUP_3, ids.SECURITY_HUB_BACKUP_5).filter(([, , message]) => /main|gold/.test(message));
    expect(findings).toEqual([
      [ids.SECURITY_HUB_BACKUP_5, 'warning', 'aws_backup_plan.gold has tags known only at apply (a reference, which may be empty) and its provider sets no default_tags'],
      [ids.SECURITY_HUB_BACKUP_3, 'warning', 'aws_backup_vault.main has tags known only at apply (a reference, which may be empty) and its provider sets no default_tags'],
    ]);
  });

  it('as recovery_point_tags are a finding of Security Hub Backup.2', () => {
    const stack = compliantStack();
    (goldRule(stack) as unknown as Record<string, unknown>).recovery_point_tags = '${var.recovery_point_tags}';
    expect(findingsOf(stack, ids.SECURITY_HUB_BACKUP_2)).toEqual([
      [ids.SECURITY_HUB_BACKUP_2, 'warning', 'rule daily of plan "gold" sets recovery_point_tags to a reference known only at apply, which may be empty'],
    ]);
  });
});
