/** Short texts shared by the Markdown report and the posture diff. */
import type { LockPosture, RetentionPosture, VaultRef, VaultWatchPosture } from './posture-model';
import { formatMinutes } from '../core/rpo';

/** Days: "35 d"; null: "forever". */
export function formatDays(days: number | null): string {
  return days === null ? 'forever' : `${days} d`;
}

/** How a retention known only at apply reads: never "forever". */
const unknownWords = (retention: RetentionPosture): string => `known only at apply (${retention.unknown})`;

/** "35 d", "30 d + 335 d cold", "30 d + forever cold". */
export function retentionWords(retention: RetentionPosture): string {
  if (retention.unknown !== undefined) return unknownWords(retention);
  if (retention.coldStorageAfterDays === null) return formatDays(retention.totalDays);
  return `${formatDays(retention.warmDays)} + ${formatDays(retention.coldDays)} cold`;
}

/** "35 d / –", "30 d / 335 d" (warm / cold). */
export function warmColdWords(retention: RetentionPosture): string {
  if (retention.unknown !== undefined) return unknownWords(retention);
  return `${formatDays(retention.warmDays)} / ${retention.coldDays === 0 ? '–' : formatDays(retention.coldDays)}`;
}

function rangeWords(lock: LockPosture): string {
  const min = lock.minRetentionDays ?? 1;
  return lock.maxRetentionDays === null ? `min ${min} d` : `${min}-${lock.maxRetentionDays} d`;
}

/** "governance 7-400 d", "compliance 30-400 d (grace 3 d)", "air-gapped 7-400 d", "no lock"; a lock whose count or for_each is a reference says so. */
export function lockWords(lock: LockPosture | null, airGapped = false): string {
  if (lock === null) return 'no lock';
  if (airGapped) return `air-gapped ${rangeWords(lock)}`;
  const grace = lock.mode === 'compliance' && lock.changeableForDays !== null ? ` (grace ${lock.changeableForDays} d)` : '';
  const conditional = lock.conditional === true ? ' (only if its count or for_each, known only at apply, makes it)' : '';
  return `${lock.mode} ${rangeWords(lock)}${grace}${conditional}`;
}

/** "`payments-dr` (eu-central-1)", with the account when it differs from `accountId`. */
export function vaultWords(vault: VaultRef, accountId?: string, accountNames: ReadonlyMap<string, string> = new Map()): string {
  const where: string[] = [vault.region];
  if (vault.accountId === '$account') where.push('each account');
  else if (accountId !== undefined && vault.accountId !== accountId) {
    const name = accountNames.get(vault.accountId);
    where.push(name === undefined ? `account ${vault.accountId}` : `account ${name} ${vault.accountId}`);
  }
  return `\`${vault.name}\` (${where.join(', ')})`;
}

export { plural } from '../core/order';

/**
 * When a watched vault's silence alarm fires, in words (the report's and report --base's): "after 28 h without a completed backup
 * job". An alarm on the bare metric (core/silence-alarm.ts: synthesized before FILL, or written by hand) waits at least that long,
 * since CloudWatch counts a real data point anywhere in its evaluation range (CloudWatch User Guide, "How alarm state is evaluated
 * when data is missing").
 */
export function silenceWindowWords(watch: VaultWatchPosture): string {
  const after = `after ${formatMinutes(watch.windowMinutes ?? 0)} without a completed backup job`;
  return watch.windowLowerBound
    ? `${after} at the earliest (not exact: it reads the metric without FILL(…, 0), so CloudWatch still counts a completed job anywhere in its evaluation range, longer than this window, and fires only once that job has left it; synthesize the stack again)`
    : after;
}
