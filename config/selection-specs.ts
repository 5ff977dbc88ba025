/**
 * The model's selections in the one selection evaluator's terms (core/selection.ts), for the
 * readers that may not import modules/ (report/: coverage, runbook, cost).
 */
import type { SelectionSpec } from '../core/selection';
import { selectionSpecOf } from '../modules/backup-selection';
import type { SelectionModel } from './estate-model';

export function selectionSpecOfModel(selection: SelectionModel): SelectionSpec {
  return selectionSpecOf(selection);
}
