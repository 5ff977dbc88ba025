/**
 * What AWS Backup does not offer in a Region (core/regions.ts BACKUP_AVAILABILITY, from AWS's
 * "AWS Backup feature availability" and "Logically air-gapped vault" pages): logically air-gapped
 * vaults where AWS has none or copies into none, cross-account copies in China, and the resource
 * types AWS does not copy across Regions or accounts where Region opt-in is required. Exact messages.
 */
import { BACKUP_AVAILABILITY, backupOffersType, copyAvailability, isKnownRegion, KNOWN_REGIONS } from '../../core/regions';
import { REGION_SETTINGS_RESOURCE_TYPES } from '../../core/limits';
import { configWith, findings, organizationWith, RawConfig } from '../support/configs';


/** The base config moved to `region` (its DR vault stays in eu-central-1). */
const inRegion = (region: string, mutate: (config: RawConfig) => void = () => undefined) =>
  configWith((c) => {
    c.account.region = region;
    mutate(c);
  });

const ofPath = (lines: readonly string[], prefix: string) => lines.filter((line) => line.startsWith(prefix));
/** Availability warnings about air-gapped vaults, without the one about the selected resources' own keys (config/protection.test.ts). */
const airGappedLines = (lines: readonly string[]) => lines.filter((line) => line.includes('air-gapped vault') && !line.includes("keep their resource's own KMS key"));

describe('the availability table', () => {
  it('names only Regions of the provider table (and ap-southeast-6, which AWS lists and 5.100.0 does not know)', () => {
    const named = [...BACKUP_AVAILABILITY.optInRegions, ...BACKUP_AVAILABILITY.noAirGappedVault, ...BACKUP_AVAILABILITY.noAirGappedCopy, ...BACKUP_AVAILABILITY.neptuneCrossRegionOptInRegions];
    expect([...new Set(named.filter((region) => !isKnownRegion(region)))]).toEqual(['ap-southeast-6']);
    expect(BACKUP_AVAILABILITY.noAirGappedVault.every((region) => BACKUP_AVAILABILITY.noAirGappedCopy.includes(region))).toBe(true);
    expect(BACKUP_AVAILABILITY.neptuneCrossRegionOptInRegions.every((region) => BACKUP_AVAILABILITY.optInRegions.includes(region))).toBe(true);
    // No opt-in Region outside the commercial partition.
    expect(BACKUP_AVAILABILITY.optInRegions.filter((region) => isKnownRegion(region) && KNOWN_REGIONS[region] !== 'aws')).toEqual([]);
  });

  it('answers per copy route', () => {
    // FSx for ONTAP volumes are copied to no other Region or account, anywhere (feature availability by resource).
    const ontap = {
      type: 'FSx for ONTAP',
      because: 'no cross-Region or cross-account copy',
      source: 'feature availability by resource; "This feature is not yet available for Amazon FSx for NetApp ONTAP volumes", Copy a backup',
    };
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-central-1', crossAccount: true })).toEqual({ types: [ontap] });
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: true })).toEqual({ types: [ontap] });
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: false })).toEqual({ types: [] });
    // DynamoDB is copied only under full AWS Backup management (advanced DynamoDB backup); unknown management is not judged.
    const dynamoDb = {
      type: 'DynamoDB',
      because: 'no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false)',
      source: 'feature availability by resource; Advanced DynamoDB backup',
    };
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-central-1', crossAccount: false, fullyManaged: ['EFS'] })).toEqual({ types: [ontap, dynamoDb] });
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-central-1', crossAccount: false, fullyManaged: ['DynamoDB', 'EFS'] })).toEqual({ types: [ontap] });
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: false, fullyManaged: [] })).toEqual({ types: [] });
    expect(copyAvailability({ from: 'cn-north-1', to: 'cn-north-1', crossAccount: true }).refused).toBe(
      'AWS Backup offers no cross-account copy in the aws-cn partition ("Cross-account copy is not supported for these Regions", AWS Backup feature availability)',
    );
    expect(copyAvailability({ from: 'cn-north-1', to: 'cn-northwest-1', crossAccount: false })).toEqual({ types: [ontap] });
    expect(copyAvailability({ from: 'il-central-1', to: 'il-central-1', crossAccount: false })).toEqual({ types: [] });
    // Neptune copies across Regions from six opt-in Regions only.
    expect(copyAvailability({ from: 'il-central-1', to: 'eu-west-1', crossAccount: false }).types.map(({ type }) => type)).toEqual(['DocumentDB', 'FSx', 'FSx for ONTAP']);
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-south-1', crossAccount: false }).types.map(({ type }) => type)).toEqual(['DocumentDB', 'FSx', 'Neptune', 'FSx for ONTAP']);
    expect(copyAvailability({ from: 'ap-south-2', to: 'ap-south-2', crossAccount: true }).types.map(({ type }) => type)).toEqual(['CloudFormation', 'DocumentDB', 'Neptune', 'Timestream', 'FSx for ONTAP']);
  });
});

// UpdateRegionSettings refuses a type its Region does not offer ("Element present in resource type opt in preference has invalid
// values"): a type AWS documents in some Regions only is written only there (modules/region-settings.ts, config/resolve.ts, coverage).
describe('resource types by Region', () => {
  it('lists only known types and Regions of the provider table', () => {
    expect(Object.keys(BACKUP_AVAILABILITY.typeRegions).filter((type) => !(REGION_SETTINGS_RESOURCE_TYPES as readonly string[]).includes(type))).toEqual([]);
    expect(Object.values(BACKUP_AVAILABILITY.typeRegions).flat().filter((region) => !isKnownRegion(region))).toEqual([]);
  });

  // AWS Backup, "Amazon Aurora DSQL backups": "Americas: US East (N. Virginia), US East (Ohio), US West (Oregon), Canada West (Calgary), Canada (Central)".
  it('offers DSQL in the Americas group of its multi-Region restore', () => {
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2', 'ca-west-1', 'ca-central-1']) expect(backupOffersType('DSQL', region)).toBe(true);
  });

  // Same page: "Europe (Ireland); Europe (London); Europe (Paris); Europe (Frankfurt)" and "Asia Pacific (Tokyo); Asia Pacific (Seoul); Asia Pacific (Osaka)".
  it('offers DSQL in the Europe and Asia Pacific groups', () => {
    for (const region of ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3']) expect(backupOffersType('DSQL', region)).toBe(true);
  });

  // Document history, 2026-07-30: multi-Region "in Europe (Stockholm), Europe (Spain), Asia Pacific (Mumbai), and Asia Pacific (Singapore)";
  // single-Region "in Asia Pacific (Sydney) and Asia Pacific (Melbourne)".
  it('offers DSQL in the Regions of the expansion of 2026-07-30', () => {
    for (const region of ['eu-north-1', 'eu-south-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-4']) expect(backupOffersType('DSQL', region)).toBe(true);
  });

  it('does not write DSQL in a Region AWS does not name (nor in US West (N. California), which only an older copy names), nor where the Region is unknown', () => {
    expect(BACKUP_AVAILABILITY.typeRegions.DSQL).toHaveLength(18);
    for (const region of ['us-west-1', 'sa-east-1', 'af-south-1', 'cn-north-1', 'us-gov-west-1']) expect(backupOffersType('DSQL', region)).toBe(false);
    expect(backupOffersType('DSQL', undefined)).toBe(false);
  });

  it('writes every other type in every Region: AWS documents no Region without one in words the stored pages give', () => {
    const others = REGION_SETTINGS_RESOURCE_TYPES.filter((type) => type !== 'DSQL');
    for (const region of Object.keys(KNOWN_REGIONS)) expect(others.filter((type) => !backupOffersType(type, region))).toEqual([]);
    expect(backupOffersType('EKS', undefined)).toBe(true);
  });
});

describe('logically air-gapped vaults', () => {
  const airGapped = (c: RawConfig) => {
    c.vaults.lag = { airGapped: { minRetentionDays: 7, maxRetentionDays: 365 } };
    c.plans.gold.rules.daily.copies = { lag: {} };
  };

  it('are refused in a Region where AWS Backup offers none', () => {
    const found = findings(inRegion('ap-southeast-5', airGapped));
    expect(found.errors).toEqual([
      'vaults.lag.airGapped: is a logically air-gapped vault in ap-southeast-5, a Region where AWS Backup offers none ("Not currently available in", AWS Backup, Logically air-gapped vault): put it in another Region (stack test-ap-southeast-5)',
    ]);
  });

  it('are a warning where AWS Backup makes no cross-Region or cross-account copy into one and nothing of their account and Region copies into them, and copies from there into one elsewhere too', () => {
    // The DR Region's vault lag, filled only by the copy from eu-west-1.
    const found = findings(configWith((c) => (airGapped(c), (c.vaults.lag.region = 'mx-central-1'))));
    expect(found.errors).toEqual([]);
    expect(ofPath(found.warnings, 'vaults.lag.airGapped')).toEqual([
      'vaults.lag.airGapped: is a logically air-gapped vault in mx-central-1, where AWS Backup makes no cross-Region or cross-account copy into one ("Cross-Region and cross-account copy to a logically air-gapped vault is not currently available", AWS Backup feature availability), and no rule of its account and Region copies into it: it would stay empty; put it in another Region (stack test-mx-central-1)',
    ]);
    const elsewhere = findings(inRegion('mx-central-1', (c) => (airGapped(c), (c.vaults.lag.region = 'us-east-1'))));
    expect(elsewhere.errors).toEqual([]);
    expect(ofPath(elsewhere.warnings, 'plans.gold.rules.daily.copies.lag: copies from')).toEqual([
      'plans.gold.rules.daily.copies.lag: copies from mx-central-1 to us-east-1, into logically air-gapped vault "lag", but copies to a logically air-gapped vault are not available in mx-central-1 (AWS Backup feature availability): the copy job fails for every recovery point (stack test-mx-central-1)',
    ]);
  });

  it('are filled by copies of their own account and Region there (the footnote names only cross-Region and cross-account copies): the copies that cross are the ones that fail (found by the review audit)', () => {
    const inPlace = findings(inRegion('mx-central-1', airGapped));
    expect(inPlace.errors).toEqual([]);
    expect(airGappedLines(inPlace.warnings)).toEqual([]);
    // The same vault also receives the copy of a plan in eu-west-1.
    const crossing = findings(
      inRegion('mx-central-1', (c) => {
        airGapped(c);
        c.vaults.main2 = { region: 'eu-west-1', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.eu = { vault: 'main2', rules: { daily: { preset: 'daily-35', copies: { lag: {} } } }, selections: { tagged: { tags: { backup: 'eu' } } }, region: 'eu-west-1' };
      }),
    );
    expect(airGappedLines(crossing.warnings)).toEqual([
      'plans.eu.rules.daily.copies.lag: copies from eu-west-1 to mx-central-1, into logically air-gapped vault "lag", but cross-Region and cross-account copies to a logically air-gapped vault are not available in mx-central-1 (AWS Backup feature availability): the copy job fails for every recovery point (stack test-eu-west-1)',
    ]);
  });

  it('are refused as the central air-gapped vault of an organization in GovCloud', () => {
    const govCloud = organizationWith((c) => {
      const text = JSON.stringify(c).replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1');
      Object.assign(c, JSON.parse(text));
      c.organization.partition = 'aws-us-gov';
      c.organization.region = 'us-gov-west-1';
      c.organization.central.airGapped = { vaultName: 'org-air-gapped', minRetentionDays: 7, maxRetentionDays: 365 };
    });
    expect(findings(govCloud).errors).toEqual([
      'organization.central.airGapped: is a logically air-gapped vault in us-gov-west-1, a Region where AWS Backup offers none ("Not currently available in", AWS Backup, Logically air-gapped vault): put it in another Region (stack central-us-gov-west-1)',
    ]);
  });

  it('are accepted where AWS offers them', () => {
    const found = findings(configWith(airGapped));
    expect(found.errors).toEqual([]);
    expect(found.warnings.filter((line) => (line.includes('AWS Backup feature availability') || line.includes('Logically air-gapped vault')) && !line.includes("keep their resource's own KMS key"))).toEqual([]);
  });
});

describe('copies AWS Backup does not make', () => {
  it('cross-account in China: every copy job fails', () => {
    const china = configWith((c) => {
      c.account = { ...c.account, region: 'cn-north-1', partition: 'aws-cn' };
      c.vaults.main.accessPolicy = { breakGlassPrincipals: ['arn:aws-cn:iam::111122223333:role/BreakGlass'] };
      delete c.vaults.dr;
      c.existingVaults = { partner: { arn: 'arn:aws-cn:backup:cn-north-1:444455556666:backup-vault:dr' } };
      c.plans.gold.rules.daily.copies = { partner: {} };
    });
    expect(ofPath(findings(china).warnings, 'plans.gold.rules.daily.copies.partner: copies from')).toEqual([
      'plans.gold.rules.daily.copies.partner: copies from cn-north-1 to account 444455556666 in cn-north-1, but AWS Backup offers no cross-account copy in the aws-cn partition ("Cross-account copy is not supported for these Regions", AWS Backup feature availability): the copy job fails for every recovery point; copy within the account (stack test-cn-north-1)',
    ]);
  });

  it('cross-Region from an opt-in Region: FSx and DocumentDB (and Neptune outside six Regions), for the types the selections reach', () => {
    const byArn = inRegion('il-central-1', (c) => (c.plans.gold.selections = { fsx: { resources: ['arn:aws:fsx:il-central-1:111122223333:file-system/fs-0123456789abcdef0'] } }));
    expect(ofPath(findings(byArn).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([
      'plans.gold.rules.daily.copies.dr: copies from il-central-1 to eu-central-1: AWS Backup makes no cross-Region copy where Region opt-in is required (il-central-1) of FSx backups (AWS Backup feature availability, considerations for opt-in Regions), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-il-central-1)',
    ]);
    expect(ofPath(findings(inRegion('eu-south-1')).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([
      'plans.gold.rules.daily.copies.dr: copies from eu-south-1 to eu-central-1: AWS Backup makes no cross-Region copy where Region opt-in is required (eu-south-1) of DocumentDB or FSx or Neptune backups (AWS Backup feature availability, considerations for opt-in Regions), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-eu-south-1)',
    ]);
  });

  it('say nothing of types the selections cannot reach or the Region settings opt out', () => {
    const ebs = inRegion('il-central-1', (c) => (c.plans.gold.selections = { ebs: { resources: ['arn:aws:ec2:il-central-1:111122223333:volume/vol-0123456789abcdef0'] } }));
    expect(ofPath(findings(ebs).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
    const optedOut = inRegion('il-central-1', (c) => (c.regionSettings = { optOut: ['FSx', 'DocumentDB'] }));
    expect(ofPath(findings(optedOut).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
    expect(ofPath(findings(configWith(() => undefined)).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
  });

  // AWS Backup, "AWS Backup feature availability", by resource: the FSx for ONTAP row has no cross-Region nor cross-account check (footnote 2:
  // Audit Manager supports it "across all controls except cross-account copy and cross-Region copy"); "Copy a backup": "This feature is
  // not yet available for Amazon FSx for NetApp ONTAP volumes". The FSx volumes AWS Backup backs up are ONTAP volumes (COVERAGE_PRECONDITIONS).
  it('anywhere, of FSx for ONTAP volumes a selection names by ARN (found by the copies-by-type audit)', () => {
    const volumes = configWith((c) => (c.plans.gold.selections = { ontap: { resources: ['arn:aws:fsx:eu-west-1:111122223333:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0'] } }));
    expect(ofPath(findings(volumes).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([
      'plans.gold.rules.daily.copies.dr: copies from eu-west-1 to eu-central-1: AWS Backup makes no cross-Region or cross-account copy of FSx for ONTAP backups (AWS Backup feature availability, feature availability by resource; "This feature is not yet available for Amazon FSx for NetApp ONTAP volumes", Copy a backup), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-eu-west-1)',
    ]);
    // The whole FSx service by ARN can reach volumes too; into another account, the same.
    const service = configWith((c) => {
      c.plans.gold.selections = { fsx: { resources: ['arn:aws:fsx:*:*:*'] } };
      c.existingVaults = { partner: { arn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:dr' } };
      c.plans.gold.rules.daily.copies = { partner: {} };
      c.globalSettings = { crossAccountBackup: true };
    });
    expect(ofPath(findings(service).warnings, 'plans.gold.rules.daily.copies.partner: copies from')).toEqual([
      'plans.gold.rules.daily.copies.partner: copies from eu-west-1 to account 444455556666 in eu-west-1: AWS Backup makes no cross-Region or cross-account copy of FSx for ONTAP backups (AWS Backup feature availability, feature availability by resource; "This feature is not yet available for Amazon FSx for NetApp ONTAP volumes", Copy a backup), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-eu-west-1)',
    ]);
    // From an opt-in Region: both reasons, each with its source.
    const optIn = inRegion('il-central-1', (c) => (c.plans.gold.selections = { fsx: { resources: ['arn:aws:fsx:il-central-1:111122223333:*'] } }));
    expect(ofPath(findings(optIn).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([
      'plans.gold.rules.daily.copies.dr: copies from il-central-1 to eu-central-1: AWS Backup makes no cross-Region copy where Region opt-in is required (il-central-1) and no cross-Region or cross-account copy of FSx or FSx for ONTAP backups (AWS Backup feature availability, considerations for opt-in Regions; feature availability by resource; "This feature is not yet available for Amazon FSx for NetApp ONTAP volumes", Copy a backup), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-il-central-1)',
    ]);
  });

  it('not of FSx file systems (Windows, Lustre, OpenZFS: copied), nor of ONTAP volumes the Region settings opt out, nor of what tags may reach (README: a judgment call)', () => {
    const fileSystems = configWith((c) => (c.plans.gold.selections = { fsx: { resources: ['arn:aws:fsx:eu-west-1:111122223333:file-system/fs-0123456789abcdef0'] } }));
    expect(ofPath(findings(fileSystems).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
    const optedOut = configWith((c) => {
      // An ARN of the service (not naming the volume type) backs up only what the opt-in lets through (core/selection-reach.ts).
      c.plans.gold.selections = { fsx: { resources: ['arn:aws:fsx:eu-west-1:111122223333:*'] } };
      c.regionSettings = { optOut: ['FSx'] };
    });
    expect(ofPath(findings(optedOut).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
    expect(ofPath(findings(configWith(() => undefined)).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
  });

  // "Amazon DynamoDB" (two checks) and "DynamoDB with AWS Backup advanced features" (seven) rows; "Advanced DynamoDB backup": enabled, "You can also
  // start taking advantage of AWS Backup's cross-Region and cross-account copy". The report and the rule pack counted such a copy as made.
  it('anywhere, of DynamoDB where advanced DynamoDB backup is off (found by the copies-by-type audit)', () => {
    const off = configWith((c) => (c.regionSettings = { management: { DynamoDB: false } }));
    expect(ofPath(findings(off).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([
      'plans.gold.rules.daily.copies.dr: copies from eu-west-1 to eu-central-1: AWS Backup makes no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false) of DynamoDB backups (AWS Backup feature availability, feature availability by resource; Advanced DynamoDB backup), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-eu-west-1)',
    ]);
    // A plan that cannot select tables, advanced backup on (AWS's default), or Region settings not managed here: nothing to say.
    const ebsOnly = configWith((c) => {
      c.regionSettings = { management: { DynamoDB: false } };
      c.plans.gold.selections = { ebs: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*'] } };
    });
    expect(ofPath(findings(ebsOnly).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
    expect(ofPath(findings(configWith((c) => (c.regionSettings = { management: { DynamoDB: true } }))).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
    expect(ofPath(findings(configWith((c) => delete c.regionSettings)).warnings, 'plans.gold.rules.daily.copies.dr')).toEqual([]);
  });

  // "Only resource types that support cross-Region or cross-account copy can be included" (Logically air-gapped vault, Copy
  // availability): a same-Region copy into an air-gapped vault of the account makes no DynamoDB copy without advanced backup.
  // The report and the cost estimate counted it as stored there.
  it('into an air-gapped vault of the same account and Region, of DynamoDB where advanced DynamoDB backup is off', () => {
    const because = 'no copy into a logically air-gapped vault, which takes only types copied across Regions or accounts, without advanced DynamoDB backup (regionSettings.management.DynamoDB: false)';
    const source = 'Advanced DynamoDB backup; "Only resource types that support cross-Region or cross-account copy can be included", Logically air-gapped vault';
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: false, intoAirGapped: true, fullyManaged: ['EFS'] })).toEqual({ types: [{ type: 'DynamoDB', because, source }] });
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: false, intoAirGapped: true, fullyManaged: ['DynamoDB'] })).toEqual({ types: [] });
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: false, fullyManaged: ['EFS'] })).toEqual({ types: [] });
    const lag = (management: boolean) =>
      configWith((c) => {
        c.regionSettings = { management: { DynamoDB: management } };
        c.vaults.lag = { region: 'eu-west-1', airGapped: { minRetentionDays: 7, maxRetentionDays: 400 }, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.gold.rules.daily.copies = { lag: {} };
      });
    expect(ofPath(findings(lag(false)).warnings, 'plans.gold.rules.daily.copies.lag: copies from')).toEqual([
      `plans.gold.rules.daily.copies.lag: copies from eu-west-1 to eu-west-1: AWS Backup makes ${because} of DynamoDB backups (AWS Backup feature availability, ${source}), so the copy job fails for those this plan's selections reach; the backups themselves are made (stack test-eu-west-1)`,
    ]);
    expect(ofPath(findings(lag(true)).warnings, 'plans.gold.rules.daily.copies.lag: copies from')).toEqual([]);
  });

  // "Logically air-gapped vault", Considerations and limitations: "Cross-Region copy to or from a logically air-gapped vault is not currently
  // available for backups that contain" Aurora, DocumentDB and Neptune. validate said valid and the rule pack credited the copy as cross-Region protection.
  it('into an air-gapped vault of another Region, of Aurora, DocumentDB and Neptune', () => {
    const because = 'no cross-Region copy into a logically air-gapped vault';
    const source = '"Cross-Region copy to or from a logically air-gapped vault is not currently available for backups that contain" Aurora, DocumentDB, Neptune, Logically air-gapped vault';
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-central-1', crossAccount: false, intoAirGapped: true }).types.filter((entry) => entry.source === source)).toEqual(
      ['Aurora', 'DocumentDB', 'Neptune'].map((type) => ({ type, because, source })),
    );
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-west-1', crossAccount: true, intoAirGapped: true }).types.filter((entry) => entry.source === source)).toEqual([]);
    expect(copyAvailability({ from: 'eu-west-1', to: 'eu-central-1', crossAccount: false }).types.filter((entry) => entry.source === source)).toEqual([]);
    const lag = (region: string, resources: string[]) =>
      configWith((c) => {
        c.vaults.lag = { region, airGapped: { minRetentionDays: 7, maxRetentionDays: 400 }, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.gold.rules.daily.copies = { lag: {} };
        c.plans.gold.selections = { picked: { resources } };
      });
    const aurora = ['arn:aws:rds:eu-west-1:111122223333:cluster:orders'];
    expect(ofPath(findings(lag('eu-central-1', aurora)).warnings, 'plans.gold.rules.daily.copies.lag: copies from')).toEqual([
      `plans.gold.rules.daily.copies.lag: copies from eu-west-1 to eu-central-1: AWS Backup makes ${because} of Aurora or DocumentDB or Neptune backups (AWS Backup feature availability, ${source}), so the copy job fails for those this plan's selections reach; the backups themselves are made (stack test-eu-west-1)`,
    ]);
    // Into an air-gapped vault of its own Region, or of EBS volumes: made.
    expect(ofPath(findings(lag('eu-west-1', aurora)).warnings, 'plans.gold.rules.daily.copies.lag: copies from')).toEqual([]);
    expect(ofPath(findings(lag('eu-central-1', ['arn:aws:ec2:eu-west-1:111122223333:volume/*'])).warnings, 'plans.gold.rules.daily.copies.lag: copies from')).toEqual([]);
  });

  it('cross-account from an opt-in Region: CloudFormation, DocumentDB, Neptune and Timestream', () => {
    const partner = inRegion('ap-south-2', (c) => {
      c.existingVaults = { partner: { arn: 'arn:aws:backup:ap-south-2:444455556666:backup-vault:dr' } };
      c.plans.gold.rules.daily.copies = { partner: {} };
      c.globalSettings = { crossAccountBackup: true };
    });
    expect(ofPath(findings(partner).warnings, 'plans.gold.rules.daily.copies.partner: copies from')).toEqual([
      'plans.gold.rules.daily.copies.partner: copies from ap-south-2 to account 444455556666 in ap-south-2: AWS Backup makes no cross-account copy where Region opt-in is required (ap-south-2) of CloudFormation or DocumentDB or Neptune or Timestream backups (AWS Backup feature availability, considerations for opt-in Regions), so the copy job fails for those this plan\'s selections reach; the backups themselves are made (stack test-ap-south-2)',
    ]);
  });
});
