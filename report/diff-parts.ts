/**
 * What every comparison of the posture diff shares: the change record, the emitter that collects
 * changes for a stack and subject, and small set and order helpers.
 */

export type ChangeKind = 'regression' | 'improvement';
export type ChangeArea = 'plan' | 'rule' | 'rpo' | 'retention' | 'copy' | 'lock' | 'selection' | 'policy' | 'vault' | 'alerts';

export interface PostureChange {
  readonly kind: ChangeKind;
  readonly area: ChangeArea;
  /** Stack name (the management stack for policies). */
  readonly stack: string;
  /** What changed, e.g. "plan `gold` · rule `daily`" (Markdown code spans). */
  readonly subject: string;
  /** How, e.g. "worst-case RPO longer". */
  readonly what: string;
  readonly before: string;
  readonly after: string;
}

export type Emit = (kind: ChangeKind, area: ChangeArea, what: string, before: string, after: string) => void;

/** Collects changes for one stack and subject. */
export function emitter(changes: PostureChange[], stack: string, subject: string): Emit {
  return (kind, area, what, before, after) => changes.push({ kind, area, stack, subject, what, before, after });
}

/** null (unbounded, forever) compares as infinity. */
export const orInfinity = (value: number | null) => (value === null ? Number.POSITIVE_INFINITY : value);

export function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

export const identity = (item: string): string => item;

export function setDifference<T>(from: readonly T[], minus: readonly T[], key: (item: T) => string): T[] {
  const keys = new Set(minus.map(key));
  return from.filter((item) => !keys.has(key(item)));
}

