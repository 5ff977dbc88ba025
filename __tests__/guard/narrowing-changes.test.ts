/**
 * Replacements and edits that narrow backups or alerts without deleting anything: a selection
 * replaced with narrower criteria, an alert rule's event pattern edited so that it no longer matches
 * failed jobs, a subscription replaced (the new one pending confirmation), and the same done outside
 * Terraform (resource_drift). Hand-made plans shaped as hashicorp/aws 5.100.0 plans them.
 */
import { evaluatePlan } from '../../guard/guard';
import { plan, STACK } from './plans';

const change = (address: string, actions: string[], before: Record<string, unknown>, after: Record<string, unknown>, afterUnknown: unknown = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  change: { actions, before, after, after_unknown: afterUnknown },
});
const warned = (entry: ReturnType<typeof change>): string[] => {
  const result = evaluatePlan(plan({ resource_changes: [entry] }), STACK, []);
  expect([result.ok, result.violations]).toEqual([true, []]);
  return result.warnings.map((finding) => finding.consequence);
};
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts';

describe('values Terraform knows (after_unknown [false], [] or {})', () => {
  it('are not read as known only at apply: an alarm updated with its actions unchanged passes without a word', () => {
    const ALARM = 'aws_cloudwatch_metric_alarm.alerts_failed_9C0D1E2F';
    const alarm = { actions_enabled: true, alarm_actions: [TOPIC], threshold: 1 };
    expect(warned(change(ALARM, ['update'], alarm, { ...alarm, threshold: 2 }, { alarm_actions: [false], tags_all: {} }))).toEqual([]);
  });
});
