import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupRegionSettings as AwsBackupRegionSettings } from '@cdktf/provider-aws/lib/backup-region-settings';
import { DEFAULT_MANAGEMENT_PREFERENCE, REGION_SETTINGS_MANAGEMENT_TYPES, REGION_SETTINGS_RESOURCE_TYPES } from '../core/limits';
import { error, joinPath, Problem, warning } from '../core/problems';
import { backupOffersType } from '../core/regions';
import { providerPlace } from './provider-place';
import { reportPropsProblems } from './props-problems';

export type RegionSettingsResourceType = (typeof REGION_SETTINGS_RESOURCE_TYPES)[number];
export type RegionSettingsManagementType = (typeof REGION_SETTINGS_MANAGEMENT_TYPES)[number];

/** Full AWS Backup management by default (core/limits, where the readers find it too). */
export { DEFAULT_MANAGEMENT_PREFERENCE };

export interface BackupRegionSettingsProps {
  /** Resource types opted in to AWS Backup (REGION_SETTINGS_RESOURCE_TYPES names); every other type is set false. */
  readonly optIn: readonly string[];
  /** Full AWS Backup management per type. @default { DynamoDB: true, EFS: true } */
  readonly management?: Readonly<Partial<Record<RegionSettingsManagementType, boolean>>>;
  /**
   * Opt-in preferences of resource types REGION_SETTINGS_RESOURCE_TYPES does not list (newer than
   * it), written as they are: AWS returns every type it knows, so a type left out shows as a
   * difference in every plan. @default none
   */
  readonly otherTypes?: Readonly<Record<string, boolean>>;
  /** Provider of the Region to configure. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

export function checkRegionSettingsProps(props: BackupRegionSettingsProps): Problem[] {
  const problems: Problem[] = [];
  const valid = REGION_SETTINGS_RESOURCE_TYPES as readonly string[];
  props.optIn.forEach((type, index) => {
    if (!valid.includes(type)) {
      problems.push(error(joinPath('optIn', String(index)), `"${type}" is not an AWS Backup Region settings resource type; valid types: ${valid.join(', ')}`));
    }
  });
  const duplicates = [...new Set(props.optIn.filter((type, index) => props.optIn.indexOf(type) !== index))];
  if (duplicates.length > 0) problems.push(error('optIn', `lists ${duplicates.map((type) => `"${type}"`).join(', ')} more than once`));
  if (props.optIn.length === 0) {
    problems.push(warning('optIn', 'opts in no resource type: every tag-based selection in this account and Region selects nothing'));
  }
  for (const type of Object.keys(props.otherTypes ?? {})) {
    if (valid.includes(type)) problems.push(error(joinPath('otherTypes', type), `"${type}" is a resource type backup-estate knows: opt it in with optIn (or out with optOut), not otherTypes`));
  }
  const management = REGION_SETTINGS_MANAGEMENT_TYPES as readonly string[];
  for (const key of Object.keys(props.management ?? {})) {
    if (!management.includes(key)) {
      problems.push(error(joinPath('management', key), `"${key}" has no management preference; valid types: ${management.join(', ')}`));
    }
  }
  return problems;
}

/**
 * Every resource type of REGION_SETTINGS_RESOURCE_TYPES that AWS Backup offers in `region`
 * (core/regions.ts backupOffersType: a type offered only in some Regions, such as DSQL, is left out
 * elsewhere and where the Region is not known, as UpdateRegionSettings refuses a type its Region
 * does not offer), in that order, true when opted in.
 */
export function optInPreference(optIn: readonly string[], region?: string): Partial<Record<RegionSettingsResourceType, boolean>> {
  const preference: Partial<Record<RegionSettingsResourceType, boolean>> = {};
  for (const type of REGION_SETTINGS_RESOURCE_TYPES) if (backupOffersType(type, region)) preference[type] = optIn.includes(type);
  return preference;
}

export function managementPreference(management: BackupRegionSettingsProps['management'] = {}): Record<RegionSettingsManagementType, boolean> {
  const preference = {} as Record<RegionSettingsManagementType, boolean>;
  for (const type of REGION_SETTINGS_MANAGEMENT_TYPES) preference[type] = management[type] ?? DEFAULT_MANAGEMENT_PREFERENCE[type];
  return preference;
}

/**
 * AWS Backup Region settings: which resource types AWS Backup protects in this Region.
 *
 * This resource is account-and-Region wide (one per account and Region, whatever stack declares
 * it; destroying it changes nothing in AWS). A type set to false is skipped by every tag- or
 * condition-based selection of every backup plan in the Region: its backups silently stop
 * (only resources assigned by ARN are still backed up). Every key is therefore set explicitly,
 * true or false, so the settings never depend on what was configured before (by hand or by
 * another tool): every key AWS Backup offers in the provider's Region (a type it offers only in
 * some Regions, DSQL, is written only there).
 */
export class BackupRegionSettings extends Construct {
  readonly settings: AwsBackupRegionSettings;

  constructor(scope: Construct, id: string, props: BackupRegionSettingsProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupRegionSettings ${this.node.path}`, checkRegionSettingsProps(props));
    this.settings = new AwsBackupRegionSettings(this, 'settings', {
      // The provider's literal Region decides which types AWS Backup offers here (a type offered only in some Regions is left out where it is unknown).
      resourceTypeOptInPreference: { ...optInPreference(props.optIn, providerPlace(this, props.provider).region), ...props.otherTypes },
      resourceTypeManagementPreference: managementPreference(props.management),
      provider: props.provider,
    });
  }
}
