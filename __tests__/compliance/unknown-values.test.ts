/**
 * Terraform shapes the provider documents whose values are known only at apply (references,
 * dynamic blocks, count and for_each): the rules named after AWS's controls never read them as
 * compliant. Each case is a finding, at the severity asserted, with its exact message.
 */
import * as ids from '../../compliance/rules/ids';
import { evaluateStack } from '../../compliance/pack';
import { compliantStack, factsFor, goldRule, type StackFixture } from './fixtures';

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
