/**
 * The one reader of a list setting of a backup policy (tag_value, resource_types,
 * not_resource_types, regions ...), used by every command that reads a hand-written policy: the
 * config layer's references (and so coverage, Region settings, the vault checks) and the posture
 * report. Two readers drifted once: the report read @@append, coverage did not, and a selection
 * written with @@append read as empty, which coverage took for "every resource".
 */
import { isRecord } from '../core/order';

const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');

/**
 * The values a list setting gives a policy that inherits nothing, by AWS Organizations'
 * inheritance operators (https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html):
 * @@assign's, plus @@append's ("If the specified setting isn't inherited, this operator adds it to
 * the effective policy"), without those @@remove takes away; each value once, in that order. A
 * value written without operators (which the policy grammar refuses) is read as it stands.
 */
export function policyListValues(node: unknown): string[] {
  if (!isRecord(node)) return node === undefined || node === null ? [] : stringsOf(node);
  const removed = new Set(stringsOf(node['@@remove']));
  return [...new Set([...stringsOf(node['@@assign']), ...stringsOf(node['@@append'])])].filter((value) => !removed.has(value));
}
