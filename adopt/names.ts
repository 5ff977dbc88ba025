/**
 * Config keys and account names from AWS names. A key is a Terraform-friendly identifier (it
 * becomes construct ids and so resource addresses: core/limits CONFIG_KEY); the AWS name stays the
 * `name:` of the entry when the two differ. Keys are lower-case so they read alike whatever the
 * console made of the names; rule names are the one exception (a rule's key is its AWS name).
 */
import { ACCOUNT_NAME, CONFIG_KEY } from '../core/limits';

/** A config key for an AWS name: runs of other characters become '-', leading non-letters go, lower case, at most 50. */
export function keyOf(name: string, fallback: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 50);
  return CONFIG_KEY.pattern.test(key) ? key : fallback;
}

/** An account name (stack names are <name>-<region>): a-z 0-9 -, starting with a letter, at most 40. */
export function accountNameOf(alias: string | undefined, accountId: string): string {
  const name = (alias ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 40);
  return ACCOUNT_NAME.pattern.test(name) ? name : `account-${accountId}`;
}

/** Hands out keys unique within one map: the first taker keeps the key, later ones get a suffix. */
export class KeyTaker {
  private readonly taken = new Set<string>();

  /** `preferred` if free, else `preferred-<suffix>`, else `preferred-2`, `-3`... */
  take(preferred: string, suffix?: string): string {
    const candidates = [preferred, ...(suffix ? [`${preferred}-${suffix}`.slice(0, 50)] : [])];
    let key = candidates.find((candidate) => !this.taken.has(candidate));
    for (let n = 2; key === undefined; n++) if (!this.taken.has(`${preferred}-${n}`)) key = `${preferred}-${n}`;
    this.taken.add(key);
    return key;
  }
}

/** Tag maps without the keys AWS reserves (aws:...): AWS sets them, Terraform ignores them, the config refuses them. */
export function userTags(tags: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const kept = Object.entries(tags).filter(([key]) => !/^aws:/i.test(key));
  return kept.length > 0 ? Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined;
}
