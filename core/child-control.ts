/**
 * What child policies (attached to an OU or account below) may still change in an Organizations
 * policy: the value-setting operators `@@operators_allowed_for_child_policies` leaves them, node
 * by node. AWS allows every operator by default (`@@all`); a node's control narrows what its
 * ancestors allow and is inherited below, never undone (AWS Organizations User Guide, "Inheritance
 * operators", child control operators). The one answer for validate-policy and the posture report.
 */

export const VALUE_SETTING_OPERATORS = ['@@append', '@@assign', '@@remove'] as const;
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a node allows child policies, within what its ancestors allow. */
export function allowedAt(node: unknown, inherited: ReadonlySet<string>): Set<string> {
  const control = isObject(node) ? node[CHILD_CONTROL] : undefined;
  if (!Array.isArray(control)) return new Set(inherited);
  const listed = control.filter((item): item is string => typeof item === 'string');
  const here = listed.includes('@@all') ? new Set<string>(VALUE_SETTING_OPERATORS) : new Set(listed.filter((item) => (VALUE_SETTING_OPERATORS as readonly string[]).includes(item)));
  return new Set([...inherited].filter((operator) => here.has(operator)));
}

/** The operators child policies may use anywhere in `node` and below. */
export function childOperatorsIn(node: unknown, inherited: ReadonlySet<string>): Set<string> {
  const allowed = allowedAt(node, inherited);
  const found = new Set(allowed);
  if (!isObject(node)) return found;
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('@@') || !isObject(child)) continue;
    for (const operator of childOperatorsIn(child, allowed)) found.add(operator);
  }
  return found;
}

/** Per plan of a backup policy document, the operators child policies may use somewhere in it, sorted. */
export function planChildOperators(document: unknown): Map<string, string[]> {
  const plans = isObject(document) ? document.plans : undefined;
  const inherited = allowedAt(plans, allowedAt(document, new Set(VALUE_SETTING_OPERATORS)));
  const result = new Map<string, string[]>();
  if (!isObject(plans)) return result;
  for (const [name, plan] of Object.entries(plans)) {
    if (name.startsWith('@@') || !isObject(plan)) continue;
    result.set(name, [...childOperatorsIn(plan, inherited)].sort());
  }
  return result;
}
