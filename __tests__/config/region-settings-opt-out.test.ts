/**
 * regionSettings.optOut keeps types opted out even where a selection can select them (what an
 * adopted estate skips today stays skipped), with a warning naming them; otherTypes carries the
 * opt-in of types backup-estate does not know, as they are, so the plan shows no difference.
 */
import { checkRawConfig } from '../../config';
import { Testing } from 'cdktf';
import { configWith } from '../support/configs';
import { resourcesOf, synthStack } from '../support/examples';

const problems = (raw: unknown): string[] => {
  const check = checkRawConfig(raw);
  return [...check.errors, ...check.warnings].filter((problem) => problem.path.startsWith('regionSettings')).map((problem) => `${problem.severity} ${problem.path}: ${problem.message}`);
};

describe('regionSettings.optOut and otherTypes', () => {
  it('optOut wins over what the selections select, and says AWS skips those types', () => {
    // The test config selects by tags: every type.
    const raw = configWith((c) => (c.regionSettings = { optIn: ['S3'], optOut: ['EC2', 'FSx'], otherTypes: { 'Redshift Serverless': false } }));
    const check = checkRawConfig(raw);
    expect(check.errors).toEqual([]);
    const stack = check.model?.stacks.find((candidate) => candidate.name === 'test-eu-west-1');
    expect(stack?.kind === 'workload' ? stack.regionSettings : undefined).toEqual({
      optIn: ['Aurora', 'CloudFormation', 'DSQL', 'DocumentDB', 'DynamoDB', 'EBS', 'EFS', 'EKS', 'Neptune', 'RDS', 'Redshift', 'S3', 'SAP HANA on Amazon EC2', 'Storage Gateway', 'Timestream', 'VirtualMachine'],
      management: undefined,
      otherTypes: { 'Redshift Serverless': false },
    });
    expect(problems(raw)).toEqual([
      'warning regionSettings.optOut: keeps EC2 and FSx opted out, which the selections can select: AWS skips resources of these types that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove them from optOut to back them up',
    ]);
  });

  it('says nothing of a type opted out that only ARN lists reach (AWS backs up a listed resource whatever its opt-in), but for the shapes several types share (rds clusters, FSx file systems)', () => {
    const byArn = (arn: string, optOut: string[]) =>
      configWith((c) => {
        c.plans.gold.selections = { listed: { resources: [arn] } };
        c.regionSettings = { optOut };
      });
    expect(problems(byArn('arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc', ['EC2']))).toEqual([]);
    expect(problems(byArn('arn:aws:fsx:eu-west-1:111122223333:volume/fsvol-0abc', ['FSx']))).toEqual([]);
    // "FSx and FSx for OpenZFS share the ARN format arn:aws:fsx:::file-system/*. Enable the respective opt-in settings" (Shared resource types).
    expect(problems(byArn('arn:aws:fsx:eu-west-1:111122223333:file-system/fs-0abc', ['FSx']))).toEqual([
      'warning regionSettings.optOut: keeps FSx opted out, which the selections can select: AWS skips resources of that type that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove it from optOut to back them up',
    ]);
    expect(problems(byArn('arn:aws:rds:eu-west-1:111122223333:cluster:ledger', ['Aurora']))).toEqual([
      'warning regionSettings.optOut: keeps Aurora opted out, which the selections can select: AWS skips resources of that type that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove it from optOut to back them up',
    ]);
  });

  // AWS Backup Developer Guide, "Assign resources with AWS CLI": "with arn:aws:ec2:*, EC2 instances will be included in the
  // backup only if the opt-in setting for the EC2 resource type is enabled" (selection by service name), while an ARN naming
  // the type (arn:aws:ec2:*:*:instance/*) is backed up "regardless of the opt-in setting" (selection by resource type).
  it('warns of a type opted out that an ARN of the service only reaches (arn:aws:ec2:*), not of one an ARN naming the type reaches', () => {
    const byArn = (arn: string) =>
      configWith((c) => {
        c.plans.gold.selections = { listed: { resources: [arn] } };
        c.regionSettings = { optOut: ['EC2'] };
      });
    const skipped =
      'warning regionSettings.optOut: keeps EC2 opted out, which the selections can select: AWS skips resources of that type that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove it from optOut to back them up';
    expect(problems(byArn('arn:aws:ec2:*'))).toEqual([skipped]);
    expect(problems(byArn('arn:aws:ec2:eu-west-1:111122223333:*'))).toEqual([skipped]);
    expect(problems(byArn('arn:aws:ec2:*:*:instance/*'))).toEqual([]);
  });

  // AWS documents the opt-in bypassed for "a resource type ... explicitly assigned" (arn:aws:ec2:::instance/*), not for a pattern
  // naming part of one: arn:aws:s3:::prod* read as naming the type let validate keep S3 opted out without a word.
  it('warns of a type opted out that an ARN pattern of part of the type reaches (arn:aws:s3:::prod*), not of the whole type or one resource', () => {
    const byArn = (arn: string, optOut: string[]) =>
      configWith((c) => {
        c.plans.gold.selections = { listed: { resources: [arn] } };
        c.regionSettings = { optOut };
      });
    const skipped = (type: string) =>
      `warning regionSettings.optOut: keeps ${type} opted out, which the selections can select: AWS skips resources of that type that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove it from optOut to back them up`;
    expect(problems(byArn('arn:aws:s3:::prod*', ['S3']))).toEqual([skipped('S3')]);
    expect(problems(byArn('arn:aws:ec2:*:*:volume/vol-0prod*', ['EBS']))).toEqual([skipped('EBS')]);
    expect(problems(byArn('arn:aws:dynamodb:eu-west-1:111122223333:table/orders-?', ['DynamoDB']))).toEqual([skipped('DynamoDB')]);
    expect(problems(byArn('arn:aws:s3:::*', ['S3']))).toEqual([]);
    expect(problems(byArn('arn:aws:s3:::prod-data', ['S3']))).toEqual([]);
    expect(problems(byArn('arn:aws:ec2:*:*:volume/*', ['EBS']))).toEqual([]);
  });

  it('refuses a type both opted in and out, and a known type under otherTypes', () => {
    const raw = configWith((c) => (c.regionSettings = { optIn: ['S3'], optOut: ['S3'], otherTypes: { EC2: true } }));
    expect(problems(raw).filter((line) => line.startsWith('error'))).toEqual([
      'error regionSettings.optOut: lists S3, which optIn lists too: a resource type is opted in or out, not both',
      'error regionSettings.otherTypes.EC2: is a resource type backup-estate knows: opt it in with regionSettings.optIn or out with regionSettings.optOut; otherTypes holds only types it does not know',
    ]);
  });
});

// GetSupportedResourceTypes lists "EKS for Amazon Elastic Kubernetes Service", and tag-based selections back up only the
// types opted in ("If resource assignments are only based on tags, then service opt-in settings are applied", UpdateRegionSettings).
describe('EKS in the Region settings (it was refused in optIn and never opted in, so AWS skipped every tagged EKS cluster)', () => {
  const optInOf = (raw: unknown): readonly string[] | undefined => {
    const stack = checkRawConfig(raw).model?.stacks.find((candidate) => candidate.name === 'test-eu-west-1');
    return stack?.kind === 'workload' ? stack.regionSettings?.optIn : undefined;
  };

  it('opts EKS in where a tag selection can select it, and accepts it in optIn', () => {
    expect(optInOf(configWith((c) => (c.regionSettings = {})))).toContain('EKS');
    const listed = configWith((c) => {
      c.plans.gold.selections = { listed: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc'] } };
      c.regionSettings = { optIn: ['EKS'] };
    });
    expect(checkRawConfig(listed).errors).toEqual([]);
    expect(optInOf(listed)).toEqual(['EBS', 'EKS']);
  });

  it('warns when optOut keeps EKS out of a tag selection, and refuses EKS under otherTypes', () => {
    expect(problems(configWith((c) => (c.regionSettings = { optOut: ['EKS'] })))).toEqual([
      'warning regionSettings.optOut: keeps EKS opted out, which the selections can select: AWS skips resources of that type that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove it from optOut to back them up',
    ]);
    expect(problems(configWith((c) => (c.regionSettings = { otherTypes: { EKS: true } })))).toEqual([
      'error regionSettings.otherTypes.EKS: is a resource type backup-estate knows: opt it in with regionSettings.optIn or out with regionSettings.optOut; otherTypes holds only types it does not know',
    ]);
  });
});

// "To use AWS Backup to create backups of your Amazon Aurora DSQL clusters, you must enable protection for Aurora DSQL" (AWS Backup,
// "Amazon Aurora DSQL backups"), and tag selections back up only opted-in types; but AWS Backup offers DSQL only in some Regions, and
// UpdateRegionSettings refuses a key its Region does not offer ("Element present in resource type opt in preference has invalid values").
describe('DSQL in the Region settings (it was only an otherTypes key, so a tagged DSQL cluster was skipped unless the user listed it)', () => {
  const workload = (raw: unknown, name: string) => {
    const stack = checkRawConfig(raw).model?.stacks.find((candidate) => candidate.name === name);
    if (stack?.kind !== 'workload') throw new Error(`no workload stack ${name}`);
    return stack;
  };
  const writtenIn = (raw: unknown, name: string) => Object.values(resourcesOf(JSON.parse(synthStack(workload(raw, name))), 'aws_backup_region_settings'))[0]?.resource_type_opt_in_preference;

  it('opts DSQL in where AWS Backup offers it and a tag selection can select it, and accepts it in optIn', () => {
    const tagged = configWith((c) => (c.regionSettings = {}));
    expect(workload(tagged, 'test-eu-west-1').regionSettings?.optIn).toContain('DSQL');
    expect(writtenIn(tagged, 'test-eu-west-1')?.DSQL).toBe(true);
    const listed = configWith((c) => {
      c.plans.gold.selections = { listed: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc'] } };
      c.regionSettings = { optIn: ['DSQL'] };
    });
    expect(checkRawConfig(listed).errors).toEqual([]);
    expect(workload(listed, 'test-eu-west-1').regionSettings?.optIn).toEqual(['DSQL', 'EBS']);
    expect(writtenIn(listed, 'test-eu-west-1')?.DSQL).toBe(true);
  });

  it('writes no DSQL key in a Region where AWS Backup does not offer it (sa-east-1), whether selected or opted in, out or left alone', () => {
    for (const regionSettings of [{}, { optIn: ['DSQL'] }, { optOut: ['DSQL'] }]) {
      const raw = configWith((c) => {
        c.account.region = 'sa-east-1';
        c.regionSettings = regionSettings;
      });
      expect(checkRawConfig(raw).errors).toEqual([]);
      expect(workload(raw, 'test-sa-east-1').regionSettings?.optIn).not.toContain('DSQL');
      const written = writtenIn(raw, 'test-sa-east-1');
      expect(written).toHaveProperty('EKS');
      expect(written).not.toHaveProperty('DSQL');
    }
  });

  it('refuses DSQL under otherTypes, as every known type', () => {
    expect(problems(configWith((c) => (c.regionSettings = { otherTypes: { DSQL: true } })))).toEqual([
      'error regionSettings.otherTypes.DSQL: is a resource type backup-estate knows: opt it in with regionSettings.optIn or out with regionSettings.optOut; otherTypes holds only types it does not know',
    ]);
  });
});

describe('BackupRegionSettings with otherTypes', () => {
  it('refuses a type listed twice in optOut, and an otherTypes key that is a known type written differently or with spaces', () => {
    const raw = configWith((c) => (c.regionSettings = { optOut: ['S3', 'S3'], otherTypes: { ec2: false, 'Redshift Serverless ': true, 'Redshift Serverless': true } }));
    expect(problems(raw).filter((line) => line.startsWith('error'))).toEqual([
      'error regionSettings.optOut.1: "S3" is listed more than once',
      'error regionSettings.otherTypes.ec2: is "EC2" written differently: AWS\'s resource type names are exact; opt EC2 in with regionSettings.optIn or out with regionSettings.optOut',
      "error regionSettings.otherTypes.Redshift Serverless : has white space at its start or end: AWS's resource type names have none",
    ]);
  });

  it('writes every known type and the other types as given', () => {
    const { BackupRegionSettings } = require('../../modules/region-settings');
    const json = JSON.parse(Testing.synthScope((scope) => new BackupRegionSettings(scope, 'settings', { optIn: ['EC2'], otherTypes: { 'Redshift Serverless': true } })));
    const settings = Object.values(json.resource.aws_backup_region_settings)[0] as any;
    expect(settings.resource_type_opt_in_preference['Redshift Serverless']).toBe(true);
    expect(settings.resource_type_opt_in_preference.EC2).toBe(true);
    expect(settings.resource_type_opt_in_preference.S3).toBe(false);
  });
});
