/**
 * Whether an EventBridge event pattern matches an event of which only some fields are known (Amazon
 * EventBridge user guide, "Event patterns" and "Content filtering"): every field of the pattern must
 * match (AND), a field's list of values or matchers matches when one does (OR), `$or` takes any of
 * its patterns. A field the pattern reads and the event does not model, or a matcher this reader does
 * not know (numeric, cidr ...), gives 'unknown': the event may or may not match. The plan guard asks
 * it of an alert rule's pattern before and after an edit (guard/event-rule-pattern.ts).
 */
export type PatternVerdict = 'yes' | 'no' | 'unknown';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** AND of verdicts: any 'no' decides, then any 'unknown'. */
const all = (verdicts: readonly PatternVerdict[]): PatternVerdict => (verdicts.includes('no') ? 'no' : verdicts.includes('unknown') ? 'unknown' : 'yes');
/** OR of verdicts: any 'yes' decides, then any 'unknown'. */
const any = (verdicts: readonly PatternVerdict[]): PatternVerdict => (verdicts.includes('yes') ? 'yes' : verdicts.includes('unknown') ? 'unknown' : 'no');
const verdict = (yes: boolean): PatternVerdict => (yes ? 'yes' : 'no');

/** EventBridge's wildcard: `*` any run of characters, `\*` a literal star. */
function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern.split(/(\\\*|\*)/).map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** A string matcher of `prefix`, `suffix`, `equals-ignore-case` or `wildcard` (as anything-but also takes them); undefined when not one. */
function stringMatcher(matcher: Record<string, unknown>, value: string): boolean | undefined {
  const [[operator, operand] = []] = Object.entries(matcher);
  if (Object.keys(matcher).length !== 1) return undefined;
  const ignoreCase = isObject(operand) && typeof operand['equals-ignore-case'] === 'string';
  const text = ignoreCase ? String((operand as Record<string, unknown>)['equals-ignore-case']) : operand;
  if (typeof text !== 'string') return undefined;
  const [subject, wanted] = ignoreCase ? [value.toLowerCase(), text.toLowerCase()] : [value, text];
  switch (operator) {
    case 'prefix':
      return subject.startsWith(wanted);
    case 'suffix':
      return subject.endsWith(wanted);
    case 'equals-ignore-case':
      return value.toLowerCase() === text.toLowerCase();
    case 'wildcard':
      return wildcardMatches(text, value);
    default:
      return undefined;
  }
}

/** One element of a field's list against the event's (present) value. */
function elementMatches(element: unknown, value: unknown): PatternVerdict {
  if (!isObject(element)) return verdict(element === value);
  if (Object.hasOwn(element, 'exists') && Object.keys(element).length === 1) return typeof element.exists === 'boolean' ? verdict(element.exists) : 'unknown';
  if (typeof value !== 'string') return 'unknown';
  if (Object.hasOwn(element, 'anything-but') && Object.keys(element).length === 1) {
    const excluded = element['anything-but'];
    if (Array.isArray(excluded)) return verdict(!excluded.includes(value));
    if (isObject(excluded)) {
      const matches = stringMatcher(excluded, value) ?? (Array.isArray(excluded['equals-ignore-case']) ? excluded['equals-ignore-case'].some((text) => typeof text === 'string' && text.toLowerCase() === value.toLowerCase()) : undefined);
      return matches === undefined ? 'unknown' : verdict(!matches);
    }
    return verdict(excluded !== value);
  }
  const matches = stringMatcher(element, value);
  return matches === undefined ? 'unknown' : verdict(matches);
}

/** A field of the pattern against the event's value of it (undefined: the event does not model it). */
function fieldMatches(rule: unknown, value: unknown): PatternVerdict {
  if (value === undefined) return 'unknown';
  if (isObject(rule)) return isObject(value) ? patternMatches(rule, value) : 'no';
  if (!Array.isArray(rule)) return 'unknown';
  // An event array matches when one of its elements does.
  const values = Array.isArray(value) ? value : [value];
  return any(rule.flatMap((element) => values.map((item) => elementMatches(element, item))));
}

/** Whether `pattern` (a parsed event pattern) matches `event`, whose unmodeled fields are simply absent. */
export function patternMatches(pattern: unknown, event: Readonly<Record<string, unknown>>): PatternVerdict {
  if (!isObject(pattern)) return 'unknown';
  return all(
    Object.entries(pattern).map(([field, rule]) => {
      if (field === '$or') return Array.isArray(rule) && rule.length > 0 ? any(rule.map((branch) => patternMatches(branch, event))) : 'unknown';
      return fieldMatches(rule, Object.hasOwn(event, field) ? event[field] : undefined);
    }),
  );
}
