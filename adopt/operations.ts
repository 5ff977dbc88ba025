/**
 * Restore testing (list-restore-testing-plans, get-restore-testing-plan, list- and
 * get-restore-testing-selection), Region settings (describe-region-settings), and the Audit Manager
 * frameworks and report plans (list-frameworks, list-report-plans), which the config does not hold.
 * backup-estate runs its restore tests and Region settings in every Region where plans run, so
 * those of other Regions are reported, not adopted.
 */
import { REGION_SETTINGS_RESOURCE_TYPES, RESTORE_TESTING_LIMITS, RULE_LIMITS } from '../core/limits';
import { RESTORE_TESTING_DEFAULTS } from '../modules/restore-testing';
import { Adoption, AccountScope, listed, stackName } from './context';
import { type Exported, ExportFolder, Json, list, num, obj, str, stringMap, strings } from './export-files';
import type { VaultIndex } from './vaults';

const regionOf = (folder: ExportFolder): string => folder.path.split(/[\\/]/).pop() ?? '';

/** describe-region-settings of a Region: without ResourceTypeOptInPreference, what it opts in is unknown (failed), not nothing. */
export const readRegionSettings = (folder: ExportFolder): Exported<Json> => folder.read('region-settings.json', { key: 'ResourceTypeOptInPreference', shape: 'object' });
const TAG_PREFIX = 'aws:ResourceTag/';

/** Tag conditions of a restore testing selection as the config writes them, or undefined when it cannot (a key twice, a key not a tag). */
function restoreConditions(conditions: Json): Json | undefined {
  const result: Json = {};
  for (const [awsOperator, operator] of [['StringEquals', 'stringEquals'], ['StringNotEquals', 'stringNotEquals']] as const) {
    const pairs = list(conditions, awsOperator);
    if (pairs.length === 0) continue;
    const map: Record<string, string> = {};
    for (const pair of pairs) {
      const key = str(pair, 'Key') ?? '';
      if (!key.startsWith(TAG_PREFIX) || Object.hasOwn(map, key.slice(TAG_PREFIX.length))) return undefined;
      map[key.slice(TAG_PREFIX.length)] = str(pair, 'Value') ?? '';
    }
    result[operator] = map;
  }
  return result;
}

function restoreSelectionsOf(folder: ExportFolder, planName: string, path: string, stack: string, out: Adoption): Json {
  const selections: Json = {};
  for (const summary of folder.readList('selections.json', 'RestoreTestingSelections')) {
    const name = str(summary, 'RestoreTestingSelectionName') ?? '';
    const selection = obj(folder.child('selections').readRequired(`${name}.json`, { key: 'RestoreTestingSelection', shape: 'object' }), 'RestoreTestingSelection') ?? {};
    const arns = strings(selection, 'ProtectedResourceArns');
    const conditions = restoreConditions(obj(selection, 'ProtectedResourceConditions') ?? {});
    if (!/^[A-Za-z][A-Za-z0-9_]{0,49}$/.test(name) || conditions === undefined) {
      out.report('not-represented', `${path}.selections`, `restore testing selection ${name} of ${planName} cannot be reproduced (its name must be a config key, its conditions tag keys each given once): it stays as it is, unmanaged`);
      continue;
    }
    const overrides = stringMap(selection, 'RestoreMetadataOverrides');
    const hours = num(selection, 'ValidationWindowHours');
    // AWS: a selection "can include a wildcard value ("*") for ProtectedResourceArns along with ProtectedResourceConditions"
    // (CreateRestoreTestingSelection). The config holds one of them (the provider takes exactly one): conditions alone pick among
    // every resource of the type, as "*" with them does; resources: ["*"] would drop them and test every resource of the type.
    const byArns = arns.length > 0 && !(arns.length === 1 && arns[0] === '*' && Object.keys(conditions).length > 0);
    selections[name] = {
      resourceType: str(selection, 'ProtectedResourceType'),
      ...(byArns ? { resources: [...arns].sort() } : { conditions }),
      ...(hours === undefined ? {} : { validationWindowHours: hours }),
      ...(Object.keys(overrides).length > 0 ? { restoreMetadataOverrides: overrides } : {}),
    };
    const role = str(selection, 'IamRoleArn') ?? '';
    out.report('changed', `${path}.selections.${name}`, `restore testing selection ${name} runs with ${role}; backup-estate's restore tests run with the role it creates (${RESTORE_TESTING_DEFAULTS.roleName}): the first apply switches the selection to it in place`);
    out.importing({ stack, configPath: path, type: 'aws_backup_restore_testing_selection', match: { attribute: 'name', value: name }, id: `${name}:${planName}`, what: `restore testing selection ${name} of ${planName}` });
  }
  return selections;
}

/** Restore testing plans of the Regions where plans run; the others are reported. */
export function adoptRestoreTesting(scope: AccountScope, regions: readonly ExportFolder[], planRegions: ReadonlySet<string>, vaults: VaultIndex, out: Adoption): Json {
  const entries: Json = {};
  // Where the config creates each adopted test: every Region where plans run when it picks from every
  // vault ("*"), else the Regions of its vaults (config/resolve-operations.ts restoreTestHere).
  const createdIn = new Map<string, { readonly from: string; readonly regions: ReadonlySet<string> }>();
  for (const folder of regions) {
    const region = regionOf(folder);
    for (const summary of folder.readList('restore-testing-plans.json', 'RestoreTestingPlans')) {
      const name = str(summary, 'RestoreTestingPlanName') ?? '';
      const earlier = createdIn.get(name);
      if (earlier !== undefined && earlier.regions.has(region)) {
        // AWS holds one restore testing plan of a name per account and Region.
        out.report(
          'warning',
          `restoreTesting.${name}`,
          `restore testing plan ${name} (${region}) has the name of the one adopted from ${earlier.from}, which the first apply also creates in ${region}: AWS refuses a second plan of that name there, so that apply fails; rename or delete one of them in AWS, then export again`,
        );
        continue;
      }
      if (!planRegions.has(region) || !/^[A-Za-z][A-Za-z0-9_]{0,49}$/.test(name) || Object.hasOwn(entries, name)) {
        const why = !planRegions.has(region)
          ? `no backup plan runs in ${region}, and backup-estate runs restore tests where plans run`
          : earlier !== undefined
            ? `its name is taken by the one adopted from ${earlier.from} (a config key is used once in the account)`
            : `its name must be a config key used once in the account`;
        out.report('not-represented', 'restoreTesting', `restore testing plan ${name} (${region}): ${why}; it stays as it is, unmanaged`);
        continue;
      }
      const path = `restoreTesting.${name}`;
      const stack = stackName(scope, region);
      const planFolder = folder.child('restore-testing').child(name);
      const plan = obj(planFolder.readRequired('plan.json', { key: 'RestoreTestingPlan.RecoveryPointSelection.IncludeVaults', shape: 'strings' }), 'RestoreTestingPlan') ?? {};
      const selection = obj(plan, 'RecoveryPointSelection') ?? {};
      const include = strings(selection, 'IncludeVaults');
      const known = include.map((arn) => vaults.byArn.get(arn)?.key);
      if (include.length > 0 && !include.includes('*') && known.every((key) => key === undefined)) {
        // vaults: [] is AWS's "*": dropping every vault it includes would test every vault of the Region instead.
        out.report(
          'not-represented',
          'restoreTesting',
          `restore testing plan ${name} (${region}) includes only vaults outside the export (${listed(include)}: another account's, a Region not exported, or a logically air-gapped vault): without them its vaults would be [], which is AWS's "*" and tests every vault of the Region instead, so it stays as it is, unmanaged`,
        );
        continue;
      }
      const vaultRegions = include.flatMap((arn) => vaults.byArn.get(arn)?.region ?? []);
      createdIn.set(name, { from: region, regions: new Set([...planRegions].filter((where) => include.includes('*') || include.length === 0 || vaultRegions.includes(where))) });
      const excluded = strings(selection, 'ExcludeVaults');
      if (excluded.length > 0) out.report('changed', path, `ExcludeVaults (${listed(excluded)}) of ${name}: the config holds the vaults to include only, so the first apply empties ExcludeVaults`);
      if (!include.includes('*') && known.some((key) => key === undefined)) out.report('changed', `${path}.vaults`, `${name} includes vaults outside the export (${listed(include.filter((_, index) => known[index] === undefined))}): the first apply drops them`);
      const timezone = str(plan, 'ScheduleExpressionTimezone');
      const window = num(plan, 'StartWindowHours');
      const days = num(selection, 'SelectionWindowDays');
      const algorithm = str(selection, 'Algorithm');
      const types = strings(selection, 'RecoveryPointTypes').filter((type) => (RESTORE_TESTING_LIMITS.recoveryPointTypes as readonly string[]).includes(type));
      entries[name] = {
        schedule: str(plan, 'ScheduleExpression') ?? RESTORE_TESTING_DEFAULTS.schedule,
        ...(timezone !== undefined && timezone !== RULE_LIMITS.defaultTimezone ? { scheduleTimezone: timezone } : {}),
        ...(window === undefined ? {} : { startWindowHours: window }),
        ...(algorithm === undefined ? {} : { algorithm }),
        // [] is "*": every vault of the Region, including those created later.
        vaults: include.includes('*') ? [] : known.filter((key): key is string => key !== undefined).sort(),
        ...(types.length > 0 ? { recoveryPointTypes: types } : {}),
        ...(days === undefined ? {} : { selectionWindowDays: days }),
        selections: restoreSelectionsOf(planFolder, name, path, stack, out),
      };
      // Neither the export (list-tags runs for vaults and plans only) nor restoreTesting holds its tags: say what apply does to any it has.
      out.report('warning', path, `the tags of restore testing plan ${name} (${region}) are not exported and restoreTesting holds none: if it has tags of its own, the first apply removes them (see aws backup list-tags --resource-arn ${str(plan, 'RestoreTestingPlanArn') ?? name})`);
      out.importing({ stack, configPath: path, type: 'aws_backup_restore_testing_plan', id: name, what: `restore testing plan ${name} (${region})` });
    }
  }
  for (const region of [...planRegions].sort()) {
    const added = [...createdIn].filter(([, where]) => where.from !== region && where.regions.has(region)).map(([name]) => name);
    if (added.length > 0) {
      out.report('changed', 'restoreTesting', `the first apply creates restore testing plan${added.length === 1 ? '' : 's'} ${listed(added)} in ${region} too: backup-estate runs a restore test in every Region where plans run and its vaults are`);
    }
  }
  return entries;
}

/** Region settings: adopted in the Regions where plans run (their opt-ins become optIn), reported elsewhere. */
export function adoptRegionSettings(scope: AccountScope, regions: readonly ExportFolder[], planRegions: ReadonlySet<string>, out: Adoption): Json | undefined {
  /** Per resource type AWS lists, the Regions that opt it in and out. */
  const optedIn: Record<string, { on: string[]; off: string[] }> = {};
  let management: Record<string, boolean> | undefined;
  /** Per managed type, the Regions that turn it on and off. */
  const managedIn: Record<string, { on: string[]; off: string[] }> = {};
  // One regionSettings serves every Region where plans run: where AWS's could not be read, applying it would overwrite them blind.
  const unread = regions.flatMap((folder) => {
    const file = readRegionSettings(folder);
    return planRegions.has(regionOf(folder)) && file.kind !== 'ok' ? [`${regionOf(folder)} (${file.kind === 'failed' ? file.reason.trim() : 'region-settings.json is missing'})`] : [];
  });
  if (unread.length > 0) {
    out.report(
      'not-represented',
      'regionSettings',
      `the Region settings of ${listed(unread)}, where plans run, could not be exported: regionSettings is one setting for every Region where plans run, and the first apply would write it there over settings no one has read (opting out every type it does not list, switching full management of DynamoDB and EFS), so the config holds no regionSettings and the Region settings of every Region stay as they are, unmanaged; export them again (backup:DescribeRegionSettings) and run adopt again to manage them`,
    );
    return undefined;
  }
  for (const folder of regions) {
    const region = regionOf(folder);
    const file = readRegionSettings(folder);
    if (file.kind !== 'ok') continue;
    if (!planRegions.has(region)) {
      out.report('not-represented', 'regionSettings', `the Region settings of ${region}: backup-estate manages Region settings only where plans run (elsewhere they would opt out every other type); they stay as they are, unmanaged`);
      continue;
    }
    for (const [type, value] of Object.entries(obj(file.value, 'ResourceTypeOptInPreference') ?? {})) {
      if (typeof value !== 'boolean') continue;
      optedIn[type] ??= { on: [], off: [] };
      optedIn[type][value ? 'on' : 'off'].push(region);
    }
    const prefs = obj(file.value, 'ResourceTypeManagementPreference') ?? {};
    const own = Object.fromEntries(Object.entries(prefs).filter((entry): entry is [string, boolean] => (entry[0] === 'DynamoDB' || entry[0] === 'EFS') && typeof entry[1] === 'boolean'));
    for (const [type, value] of Object.entries(own)) {
      managedIn[type] ??= { on: [], off: [] };
      managedIn[type][value ? 'on' : 'off'].push(region);
    }
    management = { ...(management ?? {}) };
    out.importing({ stack: stackName(scope, region), configPath: 'regionSettings', type: 'aws_backup_region_settings', id: region, what: `Region settings of ${region}` });
  }
  if (management === undefined) return undefined;
  // One setting serves every Region: on where any Region has it on, since turning a type's full
  // management off stops what it gives there (cross-Region and cross-account copies and cold
  // storage of DynamoDB, for one), while turning it on elsewhere takes nothing away.
  for (const [type, { on, off }] of Object.entries(managedIn)) {
    management[type] = on.length > 0;
    if (on.length > 0 && off.length > 0) {
      out.report('changed', `regionSettings.management.${type}`, `on in ${listed(on)}, off in ${listed(off)}: the config holds one value for every Region, so it is on everywhere (off would stop ${type}'s full management, and what it gives, where it is on today)`);
    }
  }
  return { ...optInsOf(optedIn, out), ...(Object.keys(management).length > 0 ? { management } : {}) };
}

/**
 * The opt-ins as AWS has them: optIn what a Region opts in, optOut what every Region opts out (so
 * that a selection that can select it does not start backing it up), otherTypes the types
 * backup-estate does not know, as they are (AWS returns them, and a type left out of the map shows
 * as a difference in every plan). One value serves every Region: a type opted in somewhere is
 * opted in everywhere (opting it out would stop backups where it is in), and the report says so.
 */
function optInsOf(optedIn: Record<string, { on: string[]; off: string[] }>, out: Adoption): Json {
  const known = (type: string): boolean => (REGION_SETTINGS_RESOURCE_TYPES as readonly string[]).includes(type);
  const types = Object.keys(optedIn).sort();
  const optIn = types.filter((type) => known(type) && (optedIn[type]?.on.length ?? 0) > 0);
  const optOut = types.filter((type) => known(type) && optedIn[type]?.on.length === 0);
  const otherTypes = Object.fromEntries(types.filter((type) => !known(type)).map((type) => [type, (optedIn[type]?.on.length ?? 0) > 0]));
  for (const type of types.filter((name) => !known(name) && (optedIn[name]?.on.length ?? 0) > 0 && (optedIn[name]?.off.length ?? 0) > 0)) {
    out.report('warning', `regionSettings.otherTypes.${type}`, `opted in in ${listed(optedIn[type]?.on ?? [])}, out in ${listed(optedIn[type]?.off ?? [])}: the config holds one value for every Region, so the first apply opts ${type} in everywhere`);
  }
  if (Object.keys(otherTypes).length > 0) {
    const one = Object.keys(otherTypes).length === 1;
    out.report('kept', 'regionSettings.otherTypes', `${listed(Object.keys(otherTypes))} ${one ? 'is a resource type' : 'are resource types'} backup-estate does not know: the config holds ${one ? 'its' : 'their'} opt-in as AWS has it (otherTypes), so Terraform keeps it and shows no difference`);
  }
  return { optIn, ...(optOut.length > 0 ? { optOut } : {}), ...(Object.keys(otherTypes).length > 0 ? { otherTypes } : {}) };
}

/** Frameworks and report plans: the config's audit: creates its own, so existing ones are reported. */
export function reportAudit(regions: readonly ExportFolder[], out: Adoption): void {
  for (const folder of regions) {
    const region = regionOf(folder);
    for (const framework of folder.readList('frameworks.json', 'Frameworks')) {
      out.report('not-represented', 'audit', `framework ${str(framework, 'FrameworkName')} (${region}, ${num(framework, 'NumberOfControls') ?? 0} controls): backup-estate's audit: creates its own framework, whose controls derive from the plans; it stays as it is, unmanaged`);
    }
    for (const plan of folder.readList('report-plans.json', 'ReportPlans')) {
      out.report('not-represented', 'audit.reports', `report plan ${str(plan, 'ReportPlanName')} (${region}): backup-estate's audit.reports creates its own report plans; it stays as it is, unmanaged`);
    }
  }
}
