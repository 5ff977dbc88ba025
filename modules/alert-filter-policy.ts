/**
 * SNS subscription filter policies (Amazon SNS developer guide, "Filter policy constraints" and
 * "Subscription filter policy scope"): which messages of the topic a subscriber receives.
 */
import { SNS_FILTER_POLICY_LIMITS } from '../core/service-limits';
import { error, Problem } from '../core/problems';

export type FilterPolicyScope = (typeof SNS_FILTER_POLICY_LIMITS.scopes)[number];

/**
 * A filter policy as JSON: attribute (or body field) -> list of accepted values, or a nested policy
 * (MessageBody scope only). Checked at run time by checkFilterPolicy.
 */
export type FilterPolicy = Readonly<Record<string, unknown>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaf keys (dotted paths) of a policy and the length of each value array. */
function leaves(policy: Record<string, unknown>, prefix: string, found: { path: string; length: number }[], problems: Problem[], field: string, nested: boolean): void {
  for (const [key, value] of Object.entries(policy)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      if (value.length === 0) problems.push(error(`${field}.${path}`, 'must list at least one value to match'));
      value.forEach((item, index) => {
        const scalar = item === null || ['string', 'number', 'boolean'].includes(typeof item);
        if (!scalar && !isPlainObject(item)) problems.push(error(`${field}.${path}.${index}`, 'must be a string, a number, true, false, null or an operator such as { prefix: "..." }'));
      });
      found.push({ path, length: value.length });
    } else if (isPlainObject(value)) {
      if (!nested) problems.push(error(`${field}.${path}`, 'nests a policy: SNS filters message attributes by flat keys only (set filterPolicyScope: MessageBody to filter on nested message fields)'));
      else if (Object.keys(value).length === 0) problems.push(error(`${field}.${path}`, 'is an empty policy: give its keys, or leave it out'));
      else leaves(value, path, found, problems, field, nested);
    } else {
      problems.push(error(`${field}.${path}`, 'must be a list of values to match (write [value] for one value)'));
    }
  }
}

/** Checks one subscription's filter policy against SNS's constraints, at `field`. */
export function checkFilterPolicy(policy: unknown, scope: FilterPolicyScope | undefined, field: string): Problem[] {
  if (!isPlainObject(policy)) return [error(field, 'must be a map of keys to lists of values')];
  const problems: Problem[] = [];
  const found: { path: string; length: number }[] = [];
  leaves(policy, '', found, problems, field, scope === 'MessageBody');
  if (found.length === 0 && problems.length === 0) problems.push(error(field, 'names no key: leave filterPolicy out to receive every message'));
  if (found.length > SNS_FILTER_POLICY_LIMITS.maxKeys) {
    problems.push(error(field, `has ${found.length} keys; SNS allows at most ${SNS_FILTER_POLICY_LIMITS.maxKeys} in a filter policy`));
  }
  const combinations = found.reduce((product, leaf) => product * Math.max(leaf.length, 1), 1);
  if (combinations > SNS_FILTER_POLICY_LIMITS.maxCombinations) {
    problems.push(error(field, `allows ${combinations} combinations of values (the product of the lengths of its value lists); SNS allows at most ${SNS_FILTER_POLICY_LIMITS.maxCombinations}`));
  }
  const bytes = Buffer.byteLength(JSON.stringify(policy), 'utf8');
  if (bytes > SNS_FILTER_POLICY_LIMITS.maxBytes) problems.push(error(field, `is ${bytes} bytes of JSON; SNS allows at most ${SNS_FILTER_POLICY_LIMITS.maxBytes}`));
  return problems;
}

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
