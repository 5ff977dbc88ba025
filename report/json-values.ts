/**
 * Lenient readers of JSON values for the posture readers (synthesized Terraform, policy documents,
 * compliance.json): each returns the value when it has the expected shape, else an empty or
 * undefined stand-in, so an odd value never throws.
 */
import { isRecord } from '../core/order';

/** An object, or the first element of a list when that is one (cdktf writes single blocks either way); {} otherwise. */
export function asObject(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return isRecord(value[0]) ? value[0] : {};
  return isRecord(value) ? value : {};
}

/** A list as is, a single value as a list of one, nothing (undefined or null) as []. */
export function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number, or a string of digits (with an optional fraction). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
  return undefined;
}

/** The strings of a list (or of a single value). */
export function asStrings(value: unknown): string[] {
  return asList(value).flatMap((item) => (typeof item === 'string' ? [item] : []));
}
