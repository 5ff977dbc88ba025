/**
 * Updates in place (and replacements) of a restore testing plan or selection that take away the
 * proof that restores work, as deleting them does (STOPS_BACKUPS, guard/consequences.ts), and as the
 * posture report's diff reads a restore test removed or running rarer (report/diff-watch.ts): a plan
 * whose schedule runs rarer (its longest gap between runs, by the one schedule evaluator, core/rpo.ts
 * scheduleGap, in its time zone), that takes recovery points from fewer vaults (include_vaults a
 * pattern no longer covers, or an exclude_vaults pattern added), of fewer types, or looks back fewer
 * days; a selection that tests fewer resources (a protected_resource_arns pattern no longer covered,
 * a new protected_resource_conditions entry) or another resource type. No recovery point is lost, so
 * each is a warning. A value Terraform knows only at apply is said to be unchecked.
 */
import { RESTORE_TESTING_LIMITS } from '../core/limits';
import { isRecord } from '../core/order';
import { formatMinutes, scheduleGap } from '../core/rpo';
import { patternCovers } from '../core/selection';
import { unknownAfter } from './weakening';

type Values = Readonly<Record<string, unknown>>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const firstBlock = (value: unknown): Values => (Array.isArray(value) && isRecord(value[0]) ? value[0] : {});
/** Patterns of `before` that no pattern of `after` covers (an ARN pattern, or "*"). */
const uncovered = (before: readonly string[], after: readonly string[]): string[] => before.filter((pattern) => !after.some((outer) => patternCovers(outer, pattern)));

/**
 * Whether Terraform knows `key` only at apply and the configuration does not tell it: an Optional
 * and Computed argument the configuration leaves out is planned unknown on creation too, and then
 * AWS's default applies (`configured`: the resource's expressions in the plan's configuration).
 */
const unknownFromConfiguration = (afterUnknown: unknown, key: string, configured: Values | undefined): boolean => unknownAfter(afterUnknown, key) && (configured === undefined || Object.hasOwn(configured, key));

const TAIL = 'no recovery point is lost, but a restore that no longer works is found later or not at all';

/**
 * Whether the recovery point selection is known only at apply: the block as a whole, or an argument
 * of it the configuration sets. exclude_vaults and selection_window_days are Optional and Computed:
 * left out of the configuration, they are planned unknown on a replacement, and AWS's defaults (no
 * vault excluded, its own window) apply.
 */
function recoveryPointSelectionUnknown(afterUnknown: unknown, configured: Values | undefined): boolean {
  if (!unknownAfter(afterUnknown, 'recovery_point_selection')) return false;
  const block = isRecord(afterUnknown) && Array.isArray(afterUnknown.recovery_point_selection) && isRecord(afterUnknown.recovery_point_selection[0]) ? afterUnknown.recovery_point_selection[0] : undefined;
  const set = configured !== undefined && Array.isArray(configured.recovery_point_selection) && isRecord(configured.recovery_point_selection[0]) ? configured.recovery_point_selection[0] : undefined;
  if (block === undefined || set === undefined) return true;
  return Object.keys(block).some((key) => unknownAfter(block, key) && Object.hasOwn(set, key));
}

/** aws_backup_restore_testing_plan: what an update or replacement tests less of, or undefined. */
export function restoreTestingPlanChange(before: Values, after: Values, afterUnknown: unknown, _replaced: boolean, configured?: Values): string | undefined {
  const plan = `restore testing plan ${String(before.name ?? '')}`;
  if (afterUnknown === true || unknownAfter(afterUnknown, 'schedule_expression') || recoveryPointSelectionUnknown(afterUnknown, configured) || unknownFromConfiguration(afterUnknown, 'schedule_expression_timezone', configured)) {
    return `gives ${plan} a schedule or recovery point selection known only at apply: whether it still tests as often and as much cannot be checked; if not, ${TAIL}`;
  }
  const zone = (values: Values): string => (typeof values.schedule_expression_timezone === 'string' && values.schedule_expression_timezone !== '' ? values.schedule_expression_timezone : 'Etc/UTC');
  const gap = (values: Values): number | null => scheduleGap(String(values.schedule_expression ?? ''), zone(values)).gapMinutes;
  // A time zone left out of the configuration (planned unknown when the plan is replaced) is AWS's default, UTC.
  const [was, now] = [gap(before), gap(unknownAfter(afterUnknown, 'schedule_expression_timezone') ? { ...after, schedule_expression_timezone: undefined } : after)];
  const changes: string[] = [];
  if (was !== null && (now === null || now > was)) changes.push(`runs rarer: a restore may go ${now === null ? 'untested (fewer than two runs)' : `${formatMinutes(now)} untested`} instead of ${formatMinutes(was)}`);
  const [selection, selectionNow] = [firstBlock(before.recovery_point_selection), firstBlock(after.recovery_point_selection)];
  const vaults = uncovered(strings(selection.include_vaults), strings(selectionNow.include_vaults));
  if (vaults.length > 0) changes.push(`no longer takes recovery points of ${vaults.map((vault) => (vault === '*' ? 'every vault ("*")' : `vault ${vault}`)).join(', ')}`);
  const excluded = uncovered(strings(selectionNow.exclude_vaults), strings(selection.exclude_vaults));
  if (excluded.length > 0) changes.push(`now excludes vaults ${excluded.join(', ')}`);
  const types = strings(selection.recovery_point_types).filter((type) => !strings(selectionNow.recovery_point_types).includes(type));
  if (types.length > 0) changes.push(`no longer tests ${types.join(', ')} recovery points`);
  // Planned unknown here only when the configuration leaves it out (recoveryPointSelectionUnknown): AWS's default applies.
  const windowLeftOut = isRecord(afterUnknown) && unknownAfter(firstBlock(afterUnknown.recovery_point_selection), 'selection_window_days');
  const [window, windowNow] = [selection.selection_window_days, windowLeftOut ? RESTORE_TESTING_LIMITS.selectionWindowDays.default : selectionNow.selection_window_days];
  if (typeof window === 'number' && typeof windowNow === 'number' && windowNow < window) changes.push(`looks back ${windowNow} days for a recovery point instead of ${window}`);
  return changes.length === 0 ? undefined : `makes ${plan} test less (it ${changes.join('; it ')}): ${TAIL}`;
}

/** aws_backup_restore_testing_selection: what an update or replacement tests less of, or undefined. */
export function restoreTestingSelectionChange(before: Values, after: Values, afterUnknown: unknown, _replaced: boolean, configured?: Values): string | undefined {
  const selection = `restore testing selection ${String(before.name ?? '')} of plan ${String(before.restore_testing_plan_name ?? '')}`;
  if (afterUnknown === true || ['protected_resource_conditions', 'protected_resource_type'].some((key) => unknownAfter(afterUnknown, key)) || unknownFromConfiguration(afterUnknown, 'protected_resource_arns', configured)) {
    return `gives ${selection} resources known only at apply: whether it still tests what it did cannot be checked; if not, ${TAIL}`;
  }
  const changes: string[] = [];
  if (typeof after.protected_resource_type === 'string' && after.protected_resource_type !== before.protected_resource_type) changes.push(`tests ${after.protected_resource_type} instead of ${String(before.protected_resource_type)}`);
  // protected_resource_arns left out of the configuration (planned unknown on a replacement): none.
  const [arnsBefore, arnsAfter] = [strings(before.protected_resource_arns), unknownAfter(afterUnknown, 'protected_resource_arns') ? [] : strings(after.protected_resource_arns)];
  const arns = uncovered(arnsBefore, arnsAfter).map((arn) => (arn === '*' ? `every ${String(before.protected_resource_type)} resource ("*")` : arn));
  if (arns.length > 0) changes.push(`no longer tests ${arns.join(', ')}`);
  const conditions = (values: Values): string[] =>
    (Array.isArray(values.protected_resource_conditions) ? values.protected_resource_conditions : []).filter(isRecord).flatMap((block) =>
      ['string_equals', 'string_not_equals'].flatMap((operator) => (Array.isArray(block[operator]) ? block[operator] : []).filter(isRecord).map((entry) => `${operator === 'string_equals' ? 'stringEquals' : 'stringNotEquals'} ${String(entry.key)}=${String(entry.value)}`)),
    );
  const added = conditions(after).filter((condition) => !conditions(before).includes(condition));
  if (added.length > 0) changes.push(`now also requires ${added.join(', ')}`);
  // Conditions only (no ARNs) took every resource of the type that meets them: an ARN list instead narrows it.
  if (arnsBefore.length === 0 && arnsAfter.length > 0 && !arnsAfter.includes('*')) changes.push(`tests only ${arnsAfter.join(', ')}`);
  return changes.length === 0 ? undefined : `makes ${selection} test less (it ${changes.join('; it ')}): ${TAIL}`;
}
