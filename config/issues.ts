/** Turns zod issues into problems with config paths, and problems into lines for a terminal. */
import type { z } from 'zod';
import { error, Problem } from '../core/problems';
import { editDistance } from '../core/suggest';

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

const pathOf = (segments: readonly PathSegment[]): string => segments.map(String).join('.');

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

/** The fields allowed at `segments` in the schema, by walking zod's definitions. */
function fieldsAt(schema: z.ZodType, segments: readonly PathSegment[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  const unwrap = (node: z.core.$ZodType | undefined): z.core.$ZodType | undefined => {
    let result = node;
    for (;;) {
      const def = result?._zod.def as { type?: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType } | undefined;
      if (def?.innerType) result = def.innerType;
      else if (def?.type === 'pipe' && def.in) result = def.in;
      else return result;
    }
  };
  for (const segment of segments) {
    const node = unwrap(current);
    const def = node?._zod.def as { type?: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType; element?: z.core.$ZodType } | undefined;
    if (def?.type === 'object' && def.shape) current = def.shape[String(segment)];
    else if (def?.type === 'record') current = def.valueType;
    else if (def?.type === 'array') current = def.element;
    else return [];
  }
  const def = unwrap(current)?._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Edit distance up to which an unknown field is taken for a typo of an allowed one. */
const TYPO_DISTANCE = 2;
/** Longest unknown field name quoted whole in a message (the path still names it whole). */
const QUOTED_KEY_LENGTH = 80;

function unknownFieldMessage(key: string, allowed: readonly string[]): string {
  const lifecycle = allowed.includes('lifecycle') ? LIFECYCLE_FIELDS[key.toLowerCase()] : undefined;
  if (lifecycle !== undefined) return `unknown field "${key}": retention goes under lifecycle, as ${lifecycle} (in days), e.g. lifecycle: { deleteAfterDays: 35 }`;
  // The distance is at least the difference in length: skip the quadratic comparison when that alone rules a typo out.
  const close = allowed.filter((field) => Math.abs(field.length - key.length) <= TYPO_DISTANCE && editDistance(field.toLowerCase(), key.toLowerCase()) <= TYPO_DISTANCE);
  const hint = close.length > 0 ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : `allowed: ${allowed.join(', ')}`;
  if (key.length > QUOTED_KEY_LENGTH) return `unknown field "${key.slice(0, QUOTED_KEY_LENGTH)}..." (${key.length} characters; ${hint})`;
  return `unknown field "${key}" (${hint})`;
}

const EXPECTED: Record<string, string> = { object: 'a map', array: 'a list', int: 'a whole number', number: 'a number', boolean: 'true or false' };

/** YAML reads unquoted digits, true/false and null as what they look like: where text is expected, say to quote. */
function quoteHint(input: unknown): string {
  if (typeof input !== 'number' && typeof input !== 'boolean' && input !== null) return '';
  const what = typeof input === 'number' ? 'a number' : input === null ? 'null (nothing)' : 'true or false';
  return `: write it in quotes ("${String(input)}"); YAML reads an unquoted ${String(input)} as ${what}`;
}

/** Fields people write at the level of a rule or a copy that belong under `lifecycle`. */
const LIFECYCLE_FIELDS: Readonly<Record<string, string>> = {
  retention: 'lifecycle.deleteAfterDays',
  retentiondays: 'lifecycle.deleteAfterDays',
  deleteafterdays: 'lifecycle.deleteAfterDays',
  deleteafter: 'lifecycle.deleteAfterDays',
  delete_after: 'lifecycle.deleteAfterDays',
  delete_after_days: 'lifecycle.deleteAfterDays',
  coldstorageafterdays: 'lifecycle.coldStorageAfterDays',
  cold_storage_after: 'lifecycle.coldStorageAfterDays',
  movetocoldstorageafterdays: 'lifecycle.coldStorageAfterDays',
};

function messageOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (!issue.message.startsWith('Invalid input')) return issue.message; // the schema's own wording
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'string') return `must be text${quoteHint(issue.input) || `; got ${describeType(issue.input)}`}`;
      return `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}; got ${describeType(issue.input)}`;
    case 'too_small':
      return issue.message.startsWith('Too small') ? `must be at least ${String(issue.minimum)}` : issue.message;
    case 'too_big':
      return issue.message.startsWith('Too big') ? `must be at most ${String(issue.maximum)}` : issue.message;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}; got ${JSON.stringify(issue.input)}`;
    case 'invalid_key':
      return `name "${String(issue.input)}" ${issue.issues[0]?.message ?? 'is not allowed'}`;
    case 'invalid_union':
      return `must be a string or a list of strings${quoteHint(issue.input)}`;
    default:
      return issue.message;
  }
}

/** One problem per zod issue, at the config path of the field. */
export function problemsFromZod(issues: readonly Issue[], schema: z.ZodType): Problem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = fieldsAt(schema, issue.path);
      return issue.keys.map((key) => error(pathOf([...issue.path, key]), unknownFieldMessage(key, allowed)));
    }
    return [error(pathOf(issue.path), messageOf(issue))];
  });
}

/** `error   plans.gold.rules.daily.schedule: must ...`; a problem of the whole file (it names the file itself) has no path. */
export function formatProblem(problem: Problem): string {
  const label = problem.severity === 'error' ? 'error  ' : 'warning';
  return problem.path ? `${label} ${problem.path}: ${problem.message}` : `${label} ${problem.message}`;
}
