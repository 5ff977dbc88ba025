/**
 * The Problem every stage reports (a field path relative to what was checked, a message, a
 * severity) and the helpers to build, re-root and throw them. Config rules report problems with
 * their config path; constructs throw them eagerly as a ValidationError.
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  /** Dotted path of the offending field, relative to the checked object ('' for the object itself). */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

export const error = (path: string, message: string): Problem => ({ path, message, severity: 'error' });
export const warning = (path: string, message: string): Problem => ({ path, message, severity: 'warning' });

/**
 * `record[key]` when the record itself holds `key`. Config maps are plain objects: a plain lookup of
 * a reference such as "constructor" or "toString" would find Object.prototype's function.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Joins path segments, skipping empty ones: join('plans.gold', 'lifecycle') = 'plans.gold.lifecycle'. */
export function joinPath(...segments: (string | undefined)[]): string {
  return segments.filter((segment) => segment !== undefined && segment !== '').join('.');
}

/** Re-roots problems found in a nested object under `prefix`. */
export function under(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((problem) => ({ ...problem, path: joinPath(prefix, problem.path) }));
}

/** Thrown by constructs given invalid props: lists every problem. */
export class ValidationError extends Error {
  constructor(
    readonly construct: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${construct}: invalid props:\n${problems.map((p) => `  ${p.path || '(props)'}: ${p.message}`).join('\n')}`);
    this.name = 'ValidationError';
  }
}

/** Throws a ValidationError when any problem is an error (warnings do not stop a construct). */
export function throwOnErrors(construct: string, problems: readonly Problem[]): void {
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new ValidationError(construct, errors);
}

/** An unresolved cdktf token (a reference to another resource): its value is unknown until apply. */
export function isToken(value: string): boolean {
  return value.includes('${');
}
