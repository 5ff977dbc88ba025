/**
 * Which messages of the alerts topic an SNS subscription filter policy lets through (Amazon SNS
 * developer guide, "Amazon SNS message filtering"): the one answer the config checks
 * (config/operations-extras-rules.ts), the plan guard (a subscription's filter policy updated in
 * place, guard/stopping-changes.ts) and the posture report and runbook (a silence alarm no one
 * hears, report/posture-monitoring.ts, report/runbook.ts) share. Re-exported by modules/alert-filter-policy.ts.
 */
import type { SNS_FILTER_POLICY_LIMITS } from './service-limits';

type FilterPolicyScope = (typeof SNS_FILTER_POLICY_LIMITS.scopes)[number];

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The top-level fields of the JSON a CloudWatch alarm publishes to SNS (CloudWatch user guide,
 * alarm notifications): the only JSON object the alerts topic carries.
 */
export const ALARM_NOTIFICATION_FIELDS: readonly string[] = [
  'AlarmName',
  'AlarmDescription',
  'AWSAccountId',
  'AlarmConfigurationUpdatedTimestamp',
  'NewStateValue',
  'NewStateReason',
  'StateChangeTime',
  'Region',
  'AlarmArn',
  'OldStateValue',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'Trigger',
];

/**
 * The messages of the alerts topic a filter can drop: the EventBridge rule messages (failed jobs,
 * plain text lines: the input template is not a JSON object) and the CloudWatch alarm notifications
 * (failure and silence alarms, a JSON object). Neither carries message attributes.
 */
export type AlertMessage = 'rule' | 'alarm';

/** A key's value list accepts a message without that key only through { exists: false }. */
const acceptsAbsence = (value: unknown): boolean => Array.isArray(value) && value.some((item) => isPlainObject(item) && item.exists === false);

/**
 * A Terraform aws_sns_topic_subscription's filter policy (JSON text; '' or null: none; text that is
 * no JSON, such as a reference: read as none) and scope, as mayReceive reads them: the plan guard's
 * before and after values and the report's synthesized subscriptions alike.
 */
export function subscriptionFilterOf(values: Readonly<Record<string, unknown>>): { policy: unknown; scope: FilterPolicyScope | undefined } {
  let policy: unknown = values.filter_policy;
  if (typeof policy === 'string') {
    try {
      policy = policy === '' ? undefined : JSON.parse(policy);
    } catch {
      policy = undefined;
    }
  }
  return { policy: policy ?? undefined, scope: values.filter_policy_scope === 'MessageBody' ? 'MessageBody' : values.filter_policy_scope === 'MessageAttributes' ? 'MessageAttributes' : undefined };
}

/**
 * Whether a subscription with this filter policy may receive the given message, by SNS's documented
 * matching (Amazon SNS developer guide, "Amazon SNS message filtering"): every key of the policy
 * must match; a message without message attributes matches an attribute key only through
 * { exists: false }; a body policy matches only a message whose body is a JSON object.
 * Approximate in one direction only: a policy it cannot read ($or, a body key of the alarm JSON)
 * counts as one that may match, so false means no message of that kind can reach the subscriber.
 */
export function mayReceive(policy: unknown, scope: FilterPolicyScope | undefined, message: AlertMessage): boolean {
  if (policy === undefined || !isPlainObject(policy)) return true;
  const keys = Object.keys(policy);
  if (keys.some((key) => key.startsWith('$'))) return true;
  if (scope === 'MessageBody') {
    if (message === 'rule') return false;
    return keys.every((key) => ALARM_NOTIFICATION_FIELDS.includes(key) || acceptsAbsence(policy[key]));
  }
  return keys.every((key) => acceptsAbsence(policy[key]));
}
