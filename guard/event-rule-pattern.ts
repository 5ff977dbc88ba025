/**
 * An EventBridge rule whose event_pattern is edited (in place: hashicorp/aws 5.100.0 updates it with
 * PutRule) so that it no longer matches the AWS Backup events it matched: failed backup, copy and
 * restore jobs in the states AWS documents, backup jobs completed with issues, and the plan, Region
 * setting and vault changes the alerts route (core/backup-events.ts). Each event is read against the
 * pattern before and after by one small matcher (core/event-pattern-match.ts); a rule that matched
 * none of them before is not an alert rule of AWS Backup and is not judged.
 */
import { ALERTED_EVENTS, type AlertedEvent } from '../core/backup-events';
import { patternMatches, type PatternVerdict } from '../core/event-pattern-match';

type Values = Readonly<Record<string, unknown>>;

/** The parsed pattern, null when the rule has none (a schedule rule), undefined when it is not JSON. */
function parsed(values: Values): unknown {
  const text = values.event_pattern;
  if (typeof text !== 'string' || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** "backup jobs FAILED, ABORTED; Backup Plan State Change DELETED": the events, grouped by kind. */
function named(events: readonly AlertedEvent[]): string {
  const groups = new Map<string, string[]>();
  for (const { group, state } of events) groups.set(group, [...(groups.get(group) ?? []), state]);
  return [...groups].map(([group, states]) => `${group} ${states.join(', ')}`).join('; ');
}

/**
 * What an edit of an EventBridge rule's event_pattern stops it from matching (a phrase after
 * "updating <address> in place"), or undefined. `patternUnknown`: Terraform knows the new pattern only at apply.
 */
export function eventPatternChange(before: Values, after: Values, patternUnknown: boolean): string | undefined {
  const was = parsed(before);
  if (was === null || was === undefined) return undefined;
  const matched = ALERTED_EVENTS.map((alerted) => ({ alerted, before: patternMatches(was, alerted.event) })).filter((entry) => entry.before !== 'no');
  if (matched.length === 0) return undefined;
  const tail = 'they reach none of its targets (the alerts topic) from then on';
  const all = named(matched.map((entry) => entry.alerted));
  if (patternUnknown) return `gives an EventBridge rule an event pattern known only at apply: whether it still matches the AWS Backup events it matched (${all}) cannot be checked; if not, ${tail}`;
  const now = parsed(after);
  if (now === null) return `removes the event pattern of an EventBridge rule that matched AWS Backup events (${all}): ${tail}`;
  if (now === undefined) return `gives an EventBridge rule an event pattern that is not JSON this guard can read: whether it still matches the AWS Backup events it matched (${all}) cannot be checked; if not, ${tail}`;
  if (JSON.stringify(now) === JSON.stringify(was)) return undefined;
  const verdicts = matched.map((entry) => ({ ...entry, after: patternMatches(now, entry.alerted.event) as PatternVerdict }));
  const lost = verdicts.filter((entry) => entry.after === 'no').map((entry) => entry.alerted);
  // 'unknown' after: the new pattern reads a field (account, resources, detail.resourceType ...) or a matcher this reader does not model.
  const unsure = verdicts.filter((entry) => entry.after === 'unknown').map((entry) => entry.alerted);
  const phrases = [
    ...(lost.length > 0 ? [`no longer matches ${named(lost)}`] : []),
    ...(unsure.length > 0 ? [`matches ${named(unsure)} only if fields or matchers this guard does not read allow it (cannot be checked)`] : []),
  ];
  if (phrases.length === 0) return undefined;
  // Only unsure: say so, as for a pattern known only at apply (found by the review of the guard changes).
  const consequence = lost.length > 0 ? `if the rule routes AWS Backup alerts, ${tail}` : `if the rule routes AWS Backup alerts and those fields do not allow them, ${tail}`;
  return `edits the event pattern of an EventBridge rule so that it ${phrases.join(', and ')}: ${consequence}`;
}
