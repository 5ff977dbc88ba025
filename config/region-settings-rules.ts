/**
 * Rules of regionSettings that relate its fields to each other and to the selections: a type
 * opted both in and out, a known type under otherTypes, and a type kept opted out that a
 * selection can select (AWS skips it: no job, no failure), decided by the one selection evaluator.
 */
import { REGION_SETTINGS_RESOURCE_TYPES } from '../core/limits';
import { error, Problem, warning } from '../core/problems';
import { andList as listed } from '../core/order';
import { type SelectionSpec } from '../core/selection';
import { evaluationsOfValidSelections, typesDependingOnOptIn } from '../core/selection-reach';
import { selectionSpecOf } from '../modules/backup-selection';
import type { NormalizedConfig } from './normalize';


export function checkRegionSettings(config: NormalizedConfig, policyFileSelections: readonly SelectionSpec[]): Problem[] {
  const settings = config.regionSettings;
  if (settings === undefined) return [];
  const problems: Problem[] = [];
  settings.optOut.forEach((type, index) => {
    if (settings.optOut.indexOf(type) !== index) problems.push(error(`regionSettings.optOut.${index}`, `"${type}" is listed more than once`));
  });
  const both = settings.optOut.filter((type) => settings.optIn.includes(type));
  if (both.length > 0) problems.push(error('regionSettings.optOut', `lists ${listed(both)}, which optIn lists too: a resource type is opted in or out, not both`));
  const known = (name: string) => REGION_SETTINGS_RESOURCE_TYPES.find((type) => type.toLowerCase() === name.trim().toLowerCase());
  for (const type of Object.keys(settings.otherTypes ?? {})) {
    const same = known(type);
    if (same === type) {
      problems.push(error(`regionSettings.otherTypes.${type}`, `is a resource type backup-estate knows: opt it in with regionSettings.optIn or out with regionSettings.optOut; otherTypes holds only types it does not know`));
    } else if (same !== undefined) {
      // AWS's keys are exact: "ec2" beside the EC2 setting would be a second, conflicting entry.
      problems.push(error(`regionSettings.otherTypes.${type}`, `is "${same}" written differently: AWS's resource type names are exact; opt ${same} in with regionSettings.optIn or out with regionSettings.optOut`));
    } else if (type !== type.trim()) {
      problems.push(error(`regionSettings.otherTypes.${type}`, 'has white space at its start or end: AWS\'s resource type names have none'));
    }
  }
  const specs = [...Object.values(config.plans).flatMap((plan) => Object.values(plan.selections).map(selectionSpecOf)), ...policyFileSelections];
  const evaluations = evaluationsOfValidSelections(specs);
  const dependent = typesDependingOnOptIn(evaluations) as readonly string[];
  const skipped = settings.optOut.filter((type) => dependent.includes(type));
  if (skipped.length > 0) {
    problems.push(
      warning(
        'regionSettings.optOut',
        `keeps ${listed(skipped)} opted out, which the selections can select: AWS skips resources of ${skipped.length === 1 ? 'that type' : 'these types'} that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove ${skipped.length === 1 ? 'it' : 'them'} from optOut to back them up`,
      ),
    );
  }
  return problems;
}
