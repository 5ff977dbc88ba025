/**
 * Rules of the operations sections: alerts, restore testing, audit. Field rules come from the
 * constructs' own checks, re-rooted under the config paths (field names renamed where the config
 * is shorter than the construct props).
 */
import { checkRestoreTestingPlanProps, restoreTestingName, RestoreTestingResourceType } from '../modules/restore-testing';
import { error, Problem } from '../modules/validation';
import type { NormalizedConfig } from './normalize';

/** Construct prop names the config writes shorter. */
const RESTORE_FIELD_NAMES: Readonly<Record<string, string>> = {
  protectedResourceType: 'resourceType',
  protectedResourceArns: 'resources',
  protectedResourceConditions: 'conditions',
};

function checkRestoreTesting(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [key, plan] of Object.entries(config.restoreTesting)) {
    const path = `restoreTesting.${key}`;
    (plan.vaults ?? []).forEach((vault, index) => {
      if (!config.vaults[vault]) problems.push(error(`${path}.vaults.${index}`, `vault "${vault}" is not declared in vaults (declared: ${Object.keys(config.vaults).join(', ') || 'none'})`));
    });
    const selectionKeys = new Map(Object.keys(plan.selections).map((selectionKey) => [restoreTestingName(selectionKey), selectionKey]));
    const props = {
      planName: restoreTestingName(key),
      schedule: plan.schedule,
      scheduleTimezone: plan.scheduleTimezone,
      startWindowHours: plan.startWindowHours,
      algorithm: plan.algorithm,
      includeVaults: ['*'],
      recoveryPointTypes: plan.recoveryPointTypes,
      selectionWindowDays: plan.selectionWindowDays,
      selections: Object.fromEntries(
        Object.entries(plan.selections).map(([selectionKey, selection]) => [
          restoreTestingName(selectionKey),
          {
            protectedResourceType: selection.resourceType as RestoreTestingResourceType,
            iamRoleArn: 'arn:aws:iam::111122223333:role/aws-backup-restore-testing-role',
            protectedResourceArns: selection.resources,
            protectedResourceConditions: selection.conditions,
            validationWindowHours: selection.validationWindowHours,
            restoreMetadataOverrides: selection.restoreMetadataOverrides,
          },
        ]),
      ),
    };
    for (const problem of checkRestoreTestingPlanProps(props)) {
      const segments = problem.path.split('.').filter((segment) => segment !== 'planName');
      if (segments[0] === 'selections' && segments[1] !== undefined) segments[1] = selectionKeys.get(segments[1]) ?? segments[1];
      const configPath = [path, ...segments.map((segment) => RESTORE_FIELD_NAMES[segment] ?? segment)].filter(Boolean).join('.');
      const message = Object.entries(RESTORE_FIELD_NAMES).reduce((text, [prop, field]) => text.split(prop).join(field), problem.message);
      problems.push({ ...problem, path: configPath, message });
    }
  }
  return problems;
}

export function checkOperations(config: NormalizedConfig): Problem[] {
  return [...checkRestoreTesting(config)];
}
