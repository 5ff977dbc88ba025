/**
 * The opt-outs of an adopted estate stay opt-outs (regionSettings.optOut): the first apply starts
 * backing up nothing AWS skips today. Types backup-estate does not know are carried as they are
 * (otherTypes), so the plan shows no difference for them; a type the config would opt in is a warning.
 */
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { Adoption } from '../../adopt/context';
import { ExportFolder } from '../../adopt/export-files';
import { adoptRegionSettings } from '../../adopt/operations';
import { editJson, lines, messyExport, removeScratch } from './messy-export';

afterAll(removeScratch);

describe('adopting Region settings', () => {
  it('keeps the opt-outs, carries the types it does not know, and warns about a type the first apply opts in', () => {
    const from = messyExport((account) =>
      editJson(join(account, 'eu-west-1/region-settings.json'), (settings) => {
        Object.assign(settings.ResourceTypeOptInPreference, { DSQL: true, 'Redshift Serverless': false });
        delete settings.ResourceTypeOptInPreference.S3; // not returned: the config neither opts it in nor out
      }),
    );
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).regionSettings).toEqual({
      optIn: ['Aurora', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'RDS'],
      optOut: ['CloudFormation', 'DocumentDB', 'FSx', 'Neptune', 'Redshift', 'SAP HANA on Amazon EC2', 'Storage Gateway', 'Timestream', 'VirtualMachine'],
      otherTypes: { DSQL: true, 'Redshift Serverless': false },
      management: { DynamoDB: true, EFS: true },
    });
    expect(lines(result).filter((line) => line.includes(' regionSettings'))).toEqual([
      'not-represented regionSettings: the Region settings of eu-central-1: backup-estate manages Region settings only where plans run (elsewhere they would opt out every other type); they stay as they are, unmanaged',
      'kept regionSettings.otherTypes: DSQL and Redshift Serverless are resource types backup-estate does not know: the config holds their opt-in as AWS has it (otherTypes), so Terraform keeps it and shows no difference',
      'warning regionSettings.optOut: keeps CloudFormation, DocumentDB, FSx, Neptune, Redshift, SAP HANA on Amazon EC2, Storage Gateway, Timestream and VirtualMachine opted out, which the selections can select: AWS skips resources of these types in every Region where plans run (no backup job, no failure); remove them from optOut to back them up',
      'warning regionSettings.optOut: the first apply opts in S3 in eu-west-1 (acme-prod-eu-west-1), which AWS does not opt in there today: the selections there can select them (a selection by tags, or by "*" with conditions, selects every type), so they start being backed up; regionSettings holds one value for every Region, and another Region opts them in. To keep them skipped everywhere, add them to regionSettings.optOut',
    ]);
  });

  it('opts in everywhere a type one Region opts in and another out (opting it out would stop backups)', () => {
    const from = messyExport((account) => editJson(join(account, 'eu-central-1/region-settings.json'), (settings) => Object.assign(settings.ResourceTypeOptInPreference, { S3: true, EC2: false, DSQL: false })));
    const account = join(from, '111122223333');
    const folders = ['eu-central-1', 'eu-west-1'].map((region) => new ExportFolder(from, join(account, region)));
    const out = new Adoption();
    const settings = adoptRegionSettings({ id: '111122223333', name: 'acme-prod', partition: 'aws', primary: 'eu-west-1' }, folders, new Set(['eu-central-1', 'eu-west-1']), out);
    expect(settings?.optIn).toEqual(expect.arrayContaining(['EC2', 'S3']));
    expect(settings?.optOut).not.toContain('S3');
  });
});
