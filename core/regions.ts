/**
 * The AWS Regions the pinned provider knows, each with its partition, and the checks every Region
 * and ARN of a config goes through (AWS-BACKUP-RULES section 10). hashicorp/aws refuses any other
 * Region at plan time ("invalid AWS Region: ...") unless `skip_region_validation` is set, and a
 * stack's ARNs, keys and principals must all be in its Regions' partition.
 *
 * Source: the provider binary itself, hashicorp/aws 5.100.0 linux_amd64
 * (terraform-provider-aws_v5.100.0_x5, sha256 8cb98768bcea942df561a918d65a8751f787ab348f7498bdfe6667dffcebd528),
 * read on 2026-12-06. It validates Regions against the partitions table of
 * github.com/hashicorp/aws-sdk-go-base/v2/endpoints (v2.0.0-beta.65, from the binary's build info).
 * Every Region-like string of the binary (`strings` | grep) was tried as the `region` of a provider
 * block under `terraform plan` (mock credentials, skip_region_validation off): the provider accepted
 * exactly the Regions below (an `aws_partition` data source per block gave the partition) and
 * refused the near misses tried besides (eu-west-9, us-south-1, ap-southeast-6, us-isob-west-1,
 * us-gov-central-1, ...). Cross-checked against AWS's "AWS Region billing codes" page
 * (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html): every
 * commercial Region below is listed there; ap-southeast-6 (Asia Pacific (New Zealand)) is listed
 * there but unknown to 5.100.0, so it stays out until the provider is upgraded.
 * __tests__/integration/regions-terraform.test.ts re-checks the table against the mirror's provider.
 *
 * Upgrading the provider: redo the extraction for the new version (README, "Regions"), update
 * PROVIDER_FOR_REGIONS and the table, and run that test.
 */
import { PARTITIONS } from './limits';
import { closest } from './suggest';

/** The provider whose Region list this is. */
export const PROVIDER_FOR_REGIONS = 'hashicorp/aws 5.100.0';

/** Region code -> partition, as the provider knows them (its descriptions in comments). */
export const KNOWN_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  // aws: AWS Standard (commercial)
  'af-south-1': 'aws', // Africa (Cape Town)
  'ap-east-1': 'aws', // Asia Pacific (Hong Kong)
  'ap-east-2': 'aws', // Asia Pacific (Taipei)
  'ap-northeast-1': 'aws', // Asia Pacific (Tokyo)
  'ap-northeast-2': 'aws', // Asia Pacific (Seoul)
  'ap-northeast-3': 'aws', // Asia Pacific (Osaka)
  'ap-south-1': 'aws', // Asia Pacific (Mumbai)
  'ap-south-2': 'aws', // Asia Pacific (Hyderabad)
  'ap-southeast-1': 'aws', // Asia Pacific (Singapore)
  'ap-southeast-2': 'aws', // Asia Pacific (Sydney)
  'ap-southeast-3': 'aws', // Asia Pacific (Jakarta)
  'ap-southeast-4': 'aws', // Asia Pacific (Melbourne)
  'ap-southeast-5': 'aws', // Asia Pacific (Malaysia)
  'ap-southeast-7': 'aws', // Asia Pacific (Thailand)
  'ca-central-1': 'aws', // Canada (Central)
  'ca-west-1': 'aws', // Canada West (Calgary)
  'eu-central-1': 'aws', // Europe (Frankfurt)
  'eu-central-2': 'aws', // Europe (Zurich)
  'eu-north-1': 'aws', // Europe (Stockholm)
  'eu-south-1': 'aws', // Europe (Milan)
  'eu-south-2': 'aws', // Europe (Spain)
  'eu-west-1': 'aws', // Europe (Ireland)
  'eu-west-2': 'aws', // Europe (London)
  'eu-west-3': 'aws', // Europe (Paris)
  'il-central-1': 'aws', // Israel (Tel Aviv)
  'me-central-1': 'aws', // Middle East (UAE)
  'me-south-1': 'aws', // Middle East (Bahrain)
  'mx-central-1': 'aws', // Mexico (Central)
  'sa-east-1': 'aws', // South America (Sao Paulo)
  'us-east-1': 'aws', // US East (N. Virginia)
  'us-east-2': 'aws', // US East (Ohio)
  'us-west-1': 'aws', // US West (N. California)
  'us-west-2': 'aws', // US West (Oregon)
  // aws-cn: AWS China
  'cn-north-1': 'aws-cn', // China (Beijing)
  'cn-northwest-1': 'aws-cn', // China (Ningxia)
  // aws-us-gov: AWS GovCloud (US)
  'us-gov-east-1': 'aws-us-gov', // AWS GovCloud (US-East)
  'us-gov-west-1': 'aws-us-gov', // AWS GovCloud (US-West)
  // Partitions the provider knows but backup-estate does not support (PARTITIONS): listed so that a
  // config naming them is told so, not that the provider does not know them.
  'us-iso-east-1': 'aws-iso', // US ISO East
  'us-iso-west-1': 'aws-iso', // US ISO WEST
  'us-isob-east-1': 'aws-iso-b', // US ISOB East (Ohio)
  'eu-isoe-west-1': 'aws-iso-e', // EU ISOE West
  'us-isof-east-1': 'aws-iso-f', // US ISOF EAST
  'us-isof-south-1': 'aws-iso-f', // US ISOF SOUTH
  'eusc-de-east-1': 'aws-eusc', // EU (Germany), AWS European Sovereign Cloud
});

const REGION_CODES = Object.keys(KNOWN_REGIONS);

export function isKnownRegion(region: string): boolean {
  return Object.hasOwn(KNOWN_REGIONS, region);
}

/** The partition of a Region the provider knows, else undefined. */
export function knownRegionPartition(region: string): string | undefined {
  return isKnownRegion(region) ? KNOWN_REGIONS[region] : undefined;
}

/** True for the partitions backup-estate supports (PARTITIONS). */
export const isSupportedPartition = (partition: string): boolean => (PARTITIONS as readonly string[]).includes(partition);

/** Known Regions of a partition, in table order. */
export function regionsOfPartition(partition: string): string[] {
  return REGION_CODES.filter((region) => KNOWN_REGIONS[region] === partition);
}

/** "us" for us-east-1, "us-gov" for us-gov-west-1, "eusc-de" for eusc-de-east-1: the code without direction and number. */
const geography = (region: string): string => region.split('-').slice(0, -2).join('-');

/**
 * What to tell about an unknown Region: the closest known Region of the same geography (within 2
 * edits), else the known Regions of that geography, else the closest known Region at all. A
 * suggestion never crosses to another geography when that one has Regions: a backup Region is not
 * a typo away from another continent.
 */
export function unknownRegionHint(region: string): string {
  const sameGeography = REGION_CODES.filter((code) => geography(code) === geography(region));
  const near = closest(region, sameGeography);
  if (near !== undefined) return `: did you mean ${near}?`;
  if (sameGeography.length > 0) return `; known ${geography(region)} Regions: ${sameGeography.join(', ')}`;
  const anywhere = closest(region, REGION_CODES);
  return anywhere === undefined ? '' : `: did you mean ${anywhere}?`;
}

/** The message for a Region field holding an unknown Region. */
export function unknownRegionMessage(region: string): string {
  return `Region "${region}" is unknown to the pinned provider ${PROVIDER_FOR_REGIONS} (terraform would fail on it)${unknownRegionHint(region)}`;
}

/** The message for a Region field holding a Region of a partition backup-estate does not support; undefined when supported or unknown. */
export function unsupportedPartitionMessage(region: string): string | undefined {
  const partition = knownRegionPartition(region);
  if (partition === undefined || isSupportedPartition(partition)) return undefined;
  return `Region ${region} is in partition ${partition}, which backup-estate does not support (${PARTITIONS.join(', ')})`;
}

/** Why every Region, ARN, key and principal of a stack shares one partition (the tail of every mismatch message). */
export const ONE_PARTITION = "every Region, ARN, key and principal of a stack must be in its account's partition";

/**
 * The problem with a Region field in an estate of `partition` (set by the config field
 * `partitionField`), or undefined: the Region must be known (reported by the schema) and in that partition.
 */
export function regionPartitionMessage(region: string, partition: string, partitionField: string): string | undefined {
  const actual = knownRegionPartition(region);
  if (actual === undefined || actual === partition) return undefined;
  return `Region ${region} is in partition ${actual}, but ${partitionField} is ${partition}: ${ONE_PARTITION}`;
}

/** A literal Region field of an ARN (not empty as in IAM or S3 ARNs, no wildcard, no variable). */
function literalRegionOfArn(parts: readonly string[]): string | undefined {
  const region = parts[3];
  return region === undefined || region === '' || /[*?$]/.test(region) ? undefined : region;
}

/**
 * The problem with where an ARN points, for an estate of `partition` (set by `partitionField`):
 * an ARN of another partition, a Region the provider does not know, a Region of another
 * partition. Undefined when none (or when the string is no ARN, or its partition a wildcard: the
 * field's own format rule reports that). `checkRegion: false` leaves the Region to a caller that
 * compares it with the Region it must be.
 */
export function arnPlacementMessage(arn: string, partition: string, partitionField: string, checkRegion = true): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const arnPartition = parts[1] ?? '';
  if (/[*?$]/.test(arnPartition)) return undefined;
  if (arnPartition !== partition) return `is an ARN of partition ${arnPartition}, but ${partitionField} is ${partition}: ${ONE_PARTITION}`;
  const region = literalRegionOfArn(parts);
  if (!checkRegion || region === undefined) return undefined;
  const regionPartition = knownRegionPartition(region);
  if (regionPartition === undefined) return `names Region "${region}", unknown to the pinned provider ${PROVIDER_FOR_REGIONS}${unknownRegionHint(region)}`;
  if (regionPartition !== partition) return `names Region ${region} of partition ${regionPartition}, but ${partitionField} is ${partition}: ${ONE_PARTITION}`;
  return undefined;
}

/**
 * Where AWS Backup offers what, where AWS says so in words: AWS Backup Developer Guide, "AWS Backup
 * feature availability" (docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html:
 * "Feature availability by AWS Region", its opt-in column, "Considerations for opt-in Regions" and
 * footnotes 1 and 2) and "Logically air-gapped vault" (its Regions row), read on 2026-12-06 in the
 * stored copies available to the audit. The page's check-mark grids (which resource types and which
 * features, such as restore testing or Audit Manager, each Region has) were read only as flattened
 * text, without their columns, so nothing here is taken from them: a type or feature a Region lacks
 * that is not listed below is not checked. The one table every command reads (config/region-availability.ts).
 * Re-read on 2026-12-07 (stored copies again: the page tops, not the grids nor the footnotes):
 * nothing found contradicts an entry; FSx's own guides agree on FSx ("Cross-Region backup copies are
 * not supported in opt-in Regions", FSx for OpenZFS, Copying backups). Which types a logically
 * air-gapped vault takes, and EKS's copy availability, the stored copies do not say: not checked
 * (but for the cross-Region copies into one of Aurora, DocumentDB and Neptune: airGappedNoCrossRegionCopy).
 * Re-read on 2026-12-07 for copies by resource type (a stored copy of the page whose "Feature
 * availability by resource" grid is flattened, its checks without their columns): where a row's
 * first check carries the footnote of a later column, or a named page says it in words, the row is
 * read (noCopyKinds, copyNeedsFullManagement); the rest (Redshift, absent from that copy; Redshift
 * Serverless, EKS, Aurora DSQL; which types a logically air-gapped vault takes) is not checked.
 */
export const BACKUP_AVAILABILITY = Object.freeze({
  /** Regions whose use needs the account's opt-in (the page's "Opt-in: Required"); 5.100.0 knows all but ap-southeast-6. */
  optInRegions: [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
    'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
  ] as readonly string[],
  /** "Not currently available in Asia Pacific (Malaysia), Canada West (Calgary), China (Beijing), China (Ningxia), AWS GovCloud (US-East), or AWS GovCloud (US-West)" (Logically air-gapped vault, Regions). */
  noAirGappedVault: ['ap-southeast-5', 'ca-west-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1'] as readonly string[],
  /** Footnote 1: "Cross-Region and cross-account copy to a logically air-gapped vault is not currently available in" these (the above, and Mexico (Central), Thailand, Taipei, New Zealand). */
  noAirGappedCopy: ['ap-southeast-5', 'ca-west-1', 'mx-central-1', 'ap-southeast-7', 'ap-east-2', 'ap-southeast-6', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1'] as readonly string[],
  /** Footnote 2: in China "Cross-account copy is not supported for these Regions" (cross-Region copy only between Beijing and Ningxia: the partition rule). */
  noCrossAccountCopyPartitions: ['aws-cn'] as readonly string[],
  /** "Cross-Region copy is not supported for Amazon DocumentDB" and "of FSx for Lustre, ... FSx for OpenZFS" in Regions where opt-in is required; Neptune's: see neptuneCrossRegionOptInRegions. */
  optInNoCrossRegionCopy: ['DocumentDB', 'FSx', 'Neptune'] as readonly string[],
  /** "Cross-Region copy of Neptune backups is currently supported in" these opt-in Regions only. */
  neptuneCrossRegionOptInRegions: ['af-south-1', 'ap-east-1', 'ap-southeast-3', 'il-central-1', 'me-south-1', 'me-central-1'] as readonly string[],
  /** "Cross-account copy is not supported for Amazon DocumentDB" and "for CloudFormation, Neptune, and Timestream in Regions where opt-in is required". */
  optInNoCrossAccountCopy: ['CloudFormation', 'DocumentDB', 'Neptune', 'Timestream'] as readonly string[],
  /**
   * Kinds of resource (core/selection.ts KINDS_COPIED_APART) AWS Backup copies to no other Region
   * and no other account, in any Region. FSx for ONTAP: its row of "Feature availability by
   * resource" has no cross-Region nor cross-account check, its Audit Manager check carries footnote 2
   * ("AWS Backup Audit Manager supports this resource across all controls except cross-account copy
   * and cross-Region copy"), and "Copy a backup" says "This feature is not yet available for Amazon
   * FSx for NetApp ONTAP volumes" (read 2026-12-07); FSx's own CopyBackup names the Windows, Lustre
   * and OpenZFS guides only. The rest of FSx (file systems) is copied.
   */
  noCopyKinds: ['FSx for ONTAP'] as readonly string[],
  /**
   * Types AWS Backup copies to another Region or account only under full AWS Backup management
   * (the Region settings' management preference). DynamoDB: by resource, the "Amazon DynamoDB" row
   * has two checks, "DynamoDB with AWS Backup advanced features" seven, the copy columns among
   * them; "Advanced DynamoDB backup": with advanced features on, "You can also start taking advantage
   * of AWS Backup's cross-Region and cross-account copy" (read 2026-12-07).
   */
  copyNeedsFullManagement: ['DynamoDB'] as readonly string[],
  /**
   * Types AWS Backup copies into no logically air-gapped vault of another Region (anywhere): "Logically air-gapped vault",
   * Considerations and limitations: "Cross-Region copy to or from a logically air-gapped vault is not currently available for
   * backups that contain" (English copy, cut there in the stored text) "Amazon Aurora、Amazon DocumentDB、および Amazon Neptune"
   * (its Japanese translation, ja_jp, which already names Multi-party approval; read 2026-12-07). The newer English copies
   * stored (customer-managed keys, primary backups) end before that section, and no stored page or What's New entry lifts it.
   */
  airGappedNoCrossRegionCopy: ['Aurora', 'DocumentDB', 'Neptune'] as readonly string[],
  /**
   * Resource types AWS Backup offers only in the Regions its pages name, by Region settings name:
   * UpdateRegionSettings refuses a type its Region does not offer ("Element present in resource
   * type opt in preference has invalid values. Please use describeRegionSettings API to know the
   * supported resource types"), so such a type is written only in these Regions, and a resource of
   * it elsewhere is not judged. A type absent here is written in every Region: AWS documents no
   * Region without it in words the stored pages give (see the README, "What AWS Backup offers where").
   *
   * DSQL (AWS Backup, "Amazon Aurora DSQL backups", read 2026-12-07): the Regions of its
   * multi-Region restore groups ("US East (N. Virginia), US East (Ohio), US West (Oregon), Canada
   * West (Calgary), Canada (Central)"; "Europe (Ireland); Europe (London); Europe (Paris); Europe
   * (Frankfurt)"; "Asia Pacific (Tokyo); Asia Pacific (Seoul); Asia Pacific (Osaka)") and its
   * document history of 2026-07-30 ("multi-Region backup and restore support is now available in
   * Europe (Stockholm), Europe (Spain), Asia Pacific (Mumbai), and Asia Pacific (Singapore).
   * Aurora DSQL single-Region backup and restore support is now available in Asia Pacific (Sydney)
   * and Asia Pacific (Melbourne)"). An older copy of the page names US West (N. California) in
   * the first group where the newer names US West (Oregon): us-west-1 stays out (a Region listed
   * wrongly fails every apply there; one left out only keeps AWS's own DSQL setting).
   */
  typeRegions: {
    DSQL: [
      'us-east-1', 'us-east-2', 'us-west-2', 'ca-central-1', 'ca-west-1',
      'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-2',
      'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-4',
    ],
  } as Readonly<Record<string, readonly string[]>>,
});

/**
 * Whether AWS Backup offers a resource type (its Region settings name) in a Region, as far as
 * BACKUP_AVAILABILITY.typeRegions says: true for a type it does not list; for one it lists, only in
 * those Regions (false for an unknown Region: the type is then not written). The one answer the
 * Region settings, the estate model and coverage share.
 */
export function backupOffersType(type: string, region: string | undefined): boolean {
  const regions = BACKUP_AVAILABILITY.typeRegions[type];
  return regions === undefined || (region !== undefined && regions.includes(region));
}

export const isOptInRegion = (region: string): boolean => BACKUP_AVAILABILITY.optInRegions.includes(region);

/** Where a copy leaves from and goes to (Regions and whether it leaves the account). */
export interface CopyRoute {
  readonly from: string;
  readonly to: string;
  readonly crossAccount: boolean;
  /** The destination is a logically air-gapped vault. @default false */
  readonly intoAirGapped?: boolean;
  /**
   * The types under full AWS Backup management where the copy leaves from (core/limits.ts
   * fullyManagedTypes of the Region settings), when known. @default undefined: not judged (AWS's default, on)
   */
  readonly fullyManaged?: readonly string[];
}

/**
 * What AWS Backup does not do for a copy: refuse it outright (`refused`, with `remedy` when there is
 * one), or leave some resource types uncopied, each with why.
 */
export interface CopyAvailability {
  readonly refused?: string;
  readonly remedy?: string;
  /** `source`: where AWS says so (after "AWS Backup feature availability"). */
  readonly types: readonly { readonly type: string; readonly because: string; readonly source: string }[];
}

const AVAILABILITY_PAGE = 'AWS Backup feature availability';
const OPT_IN_SOURCE = 'considerations for opt-in Regions';
const BY_RESOURCE_SOURCE = 'feature availability by resource; "This feature is not yet available for Amazon FSx for NetApp ONTAP volumes", Copy a backup';
const FULL_MANAGEMENT_SOURCE = 'feature availability by resource; Advanced DynamoDB backup';
const AIR_GAPPED_CROSS_REGION_SOURCE = '"Cross-Region copy to or from a logically air-gapped vault is not currently available for backups that contain" Aurora, DocumentDB, Neptune, Logically air-gapped vault';
const AIR_GAPPED_COPY_SOURCE = 'Advanced DynamoDB backup; "Only resource types that support cross-Region or cross-account copy can be included", Logically air-gapped vault';

/** The one answer to "does AWS Backup make this copy, and of which types", from BACKUP_AVAILABILITY. */
export function copyAvailability(route: CopyRoute): CopyAvailability {
  const partition = knownRegionPartition(route.from);
  // Amazon Web Services in China: "Cross Region Backups are only allowed between the Beijing Region and the Ningxia Region"; no partition copies into another.
  const toPartition = knownRegionPartition(route.to);
  if (partition !== undefined && toPartition !== undefined && partition !== toPartition) {
    return { refused: `AWS Backup copies only within a partition: ${route.to} is in ${toPartition}, ${route.from} in ${partition}`, remedy: `copy to a vault in a Region of ${partition}`, types: [] };
  }
  if (route.crossAccount && partition !== undefined && BACKUP_AVAILABILITY.noCrossAccountCopyPartitions.includes(partition)) {
    return { refused: `AWS Backup offers no cross-account copy in the ${partition} partition ("Cross-account copy is not supported for these Regions", ${AVAILABILITY_PAGE})`, remedy: 'copy within the account', types: [] };
  }
  // Footnote 1, read for both ends: no copy crosses into an air-gapped vault to or from those Regions.
  if (route.intoAirGapped === true && (route.from !== route.to || route.crossAccount)) {
    const noCopy = (region: string) => BACKUP_AVAILABILITY.noAirGappedCopy.includes(region);
    if (noCopy(route.to)) return { refused: `cross-Region and cross-account copies to a logically air-gapped vault are not available in ${route.to} (${AVAILABILITY_PAGE})`, types: [] };
    if (noCopy(route.from)) return { refused: `copies to a logically air-gapped vault are not available in ${route.from} (${AVAILABILITY_PAGE})`, types: [] };
  }
  const types: { type: string; because: string; source: string }[] = [];
  const optIn = [route.from, route.to].filter((region, index, all) => isOptInRegion(region) && all.indexOf(region) === index);
  const where = `where Region opt-in is required (${optIn.join(', ')})`;
  if (route.from !== route.to && optIn.length > 0) {
    for (const type of BACKUP_AVAILABILITY.optInNoCrossRegionCopy) {
      if (type === 'Neptune' && optIn.every((region) => BACKUP_AVAILABILITY.neptuneCrossRegionOptInRegions.includes(region))) continue;
      types.push({ type, because: `no cross-Region copy ${where}`, source: OPT_IN_SOURCE });
    }
  }
  if (route.crossAccount && optIn.length > 0) {
    for (const type of BACKUP_AVAILABILITY.optInNoCrossAccountCopy) types.push({ type, because: `no cross-account copy ${where}`, source: OPT_IN_SOURCE });
  }
  if (route.from !== route.to || route.crossAccount) {
    for (const type of BACKUP_AVAILABILITY.noCopyKinds) types.push({ type, because: 'no cross-Region or cross-account copy', source: BY_RESOURCE_SOURCE });
  }
  if (route.intoAirGapped === true && route.from !== route.to) {
    for (const type of BACKUP_AVAILABILITY.airGappedNoCrossRegionCopy) types.push({ type, because: 'no cross-Region copy into a logically air-gapped vault', source: AIR_GAPPED_CROSS_REGION_SOURCE });
  }
  // A logically air-gapped vault, even of the same account and Region, takes only "resource types that support cross-Region or
  // cross-account copy" (Logically air-gapped vault, Copy availability): DynamoDB only under full management. (FSx for ONTAP,
  // which AWS now announces for air-gapped vaults, is left to noCopyKinds' cross-Region and cross-account reading.)
  const intoAirGappedHere = route.intoAirGapped === true && route.from === route.to && !route.crossAccount;
  if (route.from !== route.to || route.crossAccount || intoAirGappedHere) {
    const { fullyManaged } = route;
    for (const type of BACKUP_AVAILABILITY.copyNeedsFullManagement) {
      if (fullyManaged !== undefined && !fullyManaged.includes(type)) {
        const because = intoAirGappedHere
          ? `no copy into a logically air-gapped vault, which takes only types copied across Regions or accounts, without advanced DynamoDB backup (regionSettings.management.${type}: false)`
          : `no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.${type}: false)`;
        types.push({ type, because, source: intoAirGappedHere ? AIR_GAPPED_COPY_SOURCE : FULL_MANAGEMENT_SOURCE });
      }
    }
  }
  return { types };
}

/**
 * What AWS Backup does not make of a copy for a plan that backs up `types` (core/selection-reach.ts
 * typesCopied: the types, and the kinds of them copied apart, such as FSx for ONTAP): refused
 * outright, or the types among them it leaves uncopied; undefined when it makes the copy of every
 * one. `source`: where AWS says so. The question validate, the posture report and the rule pack all ask.
 */
export function copyNotMade(
  route: CopyRoute,
  types: readonly string[],
): { readonly refused?: string; readonly remedy?: string; readonly types: readonly string[]; readonly because: string; readonly source: string } | undefined {
  const availability = copyAvailability(route);
  if (availability.refused !== undefined) return { refused: availability.refused, ...(availability.remedy === undefined ? {} : { remedy: availability.remedy }), types: [], because: availability.refused, source: '' };
  const missed = availability.types.filter(({ type }) => types.includes(type));
  if (missed.length === 0) return undefined;
  const unique = (values: readonly string[]): string[] => [...new Set(values)];
  return { types: unique(missed.map(({ type }) => type)), because: unique(missed.map(({ because }) => because)).join(' and '), source: unique(missed.map(({ source }) => source)).join('; ') };
}
