/**
 * The model's selections in the one selection evaluator's terms (core/selection.ts), for the
 * readers that may not import modules/ (report/: coverage, runbook, cost).
 */
import type { SelectionSpec } from '../core/selection';
import { selectionSpecOf } from '../modules/backup-selection';
import type { PlanModel, SelectionModel } from './estate-model';

export function selectionSpecOfModel(selection: SelectionModel): SelectionSpec {
  return selectionSpecOf(selection);
}

/**
 * The selections of the other plans (of one account and Region: `plans`) with a continuous rule: AWS
 * backs a resource they share with `plan` up continuously for one plan only (core/selection-reach
 * reachesOnlyContinuousTypes `contested`).
 */
export function contestedSelectionsOf(plans: readonly PlanModel[], plan: PlanModel): SelectionSpec[] {
  return plans.filter((other) => other !== plan && Object.values(other.rules).some((rule) => rule.continuousBackup === true)).flatMap((other) => other.selections.map(selectionSpecOf));
}
