/**
 * Rules of a selection's `size` (the cost estimate's input): each resource type it sizes must be
 * one the selection can select, as the one selection evaluator (core/selection.ts) sees it, so an
 * estimate never prices data the plan does not back up.
 */
import { error, type Problem } from '../core/problems';
import { evaluateSelection } from '../core/selection';
import { selectionSpecOf } from '../modules/backup-selection';
import type { NormalizedConfig } from './normalize';

export function checkSelectionSizes(config: NormalizedConfig): Problem[] {
  return Object.entries(config.plans).flatMap(([planKey, plan]) =>
    Object.entries(plan.selections).flatMap(([selectionKey, selection]) => {
      if (!selection.size) return [];
      const evaluation = evaluateSelection(selectionSpecOf(selection));
      // A selection of nothing is an error of its own (modules/backup-selection.ts): one error for one mistake.
      if (evaluation.types === 'every' || evaluation.verdict === 'nothing' || evaluation.verdict === 'refused') return [];
      const types = evaluation.types;
      return Object.keys(selection.size)
        .filter((type) => !(types as readonly string[]).includes(type))
        .map((type) => error(`plans.${planKey}.selections.${selectionKey}.size.${type}`, `sizes ${type} data, but the selection can select only ${types.join(', ')}: give size only to what the plan backs up`));
    }),
  );
}
