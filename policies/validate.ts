/**
 * Validates AWS Organizations BACKUP_POLICY documents (../shared/AWS-BACKUP-RULES.md section 8)
 * before they reach AWS: the JSON shape and keys at every level, the inheritance operators, the
 * `$account` variable, every section 8 limit, and the same schedule, window and lifecycle rules as
 * backup plans (reusing core/checks.ts, with messages in the policy's field names).
 *
 * This file holds the entry points; the walk by the operator grammar is in grammar.ts, the policy
 * rules in plan-rules.ts and selection-rules.ts, their wording in messages.ts.
 *
 * Every problem carries a JSON path (`$.plans.gold.rules.daily.lifecycle.delete_after_days`; keys
 * that are not plain identifiers in brackets: `$.plans.gold.regions['@@assign'][0]`). Value
 * problems of a single-valued setting point at the setting, list items at their position under
 * the operator. All problems are reported at once; nothing here throws, whatever the input.
 */
import { findDuplicateKeys, lineAndColumn } from '../core/json-text';
import { MESSAGES } from './messages';
import { PolicyWalker } from './plan-rules';
import { type PolicyProblem } from './problem';

export interface ValidateOptions {
  /**
   * The exact text that will be uploaded, to measure the 10,000-character limit on.
   * @default the document as compact JSON (what serializePolicy writes)
   */
  readonly text?: string;
  /**
   * A child policy meant to be merged with an inherited parent (AWS's Example 5): required keys it
   * leaves out are warnings. @default false: the document must work on its own
   */
  readonly partial?: boolean;
}

/**
 * Every problem of a BACKUP_POLICY document (errors and warnings), in document order, the size
 * limit first. Never throws: any input, however malformed, gives problems.
 */
export function validateBackupPolicy(doc: unknown, options: ValidateOptions = {}): PolicyProblem[] {
  const walker = new PolicyWalker();
  walker.partial = options.partial === true;
  try {
    walker.size(doc, options.text);
    walker.document(doc);
  } catch (cause) {
    walker.error('$', MESSAGES.internal(cause instanceof Error ? cause.message : String(cause)));
  }
  return walker.problems;
}

/** A JSON.parse error as one line, with the line and column when the engine gives a position. */
function describeJsonError(cause: unknown, text: string): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const withPosition = message.replace(/ at position (\d+)/, (_, offset: string) => {
    const { line, column } = lineAndColumn(text, Number(offset));
    return ` at line ${line}, column ${column}`;
  });
  const oneLine = withPosition.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

/**
 * Validates the text of a policy file: JSON syntax, duplicate keys (JSON.parse hides them, AWS
 * rejects them), the size limit on the text as written, then everything validateBackupPolicy checks.
 */
export function validatePolicyText(text: string, options: Pick<ValidateOptions, 'partial'> = {}): PolicyProblem[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (cause) {
    return [{ path: '$', message: MESSAGES.invalidJson(describeJsonError(cause, source)), severity: 'error' }];
  }
  return [...duplicateKeyProblems(source), ...validateBackupPolicy(doc, { text: source, partial: options.partial })];
}

/** Keys written twice in one object of a policy's JSON text (without its byte order mark): errors, since AWS Organizations rejects them and JSON.parse hides them. */
export function duplicateKeyProblems(text: string): PolicyProblem[] {
  return findDuplicateKeys(text).map((duplicate) => ({ path: duplicate.path, message: MESSAGES.duplicateKey(duplicate.key, duplicate.line), severity: 'error' }));
}
