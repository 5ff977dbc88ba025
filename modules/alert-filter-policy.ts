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

// Which alert messages a filter policy lets through is answered in core (the guard asks it too).
export { ALARM_NOTIFICATION_FIELDS, mayReceive, type AlertMessage } from '../core/alert-filter-match';
