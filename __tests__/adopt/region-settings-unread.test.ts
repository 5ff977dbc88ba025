/**
 * Region settings adopt could not read in a Region where plans run: the config's one regionSettings
 * would be written there over settings no one has read (opting types out, switching full
 * management), so adopt leaves regionSettings out altogether and says so.
 */
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { Adoption } from '../../adopt/context';
import { ExportFolder } from '../../adopt/export-files';
import { adoptRegionSettings } from '../../adopt/operations';
import { denied, lines, messyExport, removeScratch } from './messy-export';

afterAll(removeScratch);

const DENIED = 'An error occurred (AccessDeniedException) when calling the DescribeRegionSettings operation: User is not authorized';

describe('Region settings that could not be exported where plans run', () => {
  it('leave the config without regionSettings, import none, and say what the first apply would have done', () => {
    const from = messyExport((account) => denied(join(account, 'eu-west-1/region-settings.json'), 'DescribeRegionSettings'));
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).regionSettings).toBeUndefined();
    expect(result.imports.filter((row) => row.address.startsWith('aws_backup_region_settings'))).toEqual([]);
    expect(lines(result).filter((line) => line.startsWith('not-represented regionSettings'))).toEqual([
      `not-represented regionSettings: the Region settings of eu-west-1 (${DENIED}), where plans run, could not be exported: regionSettings is one setting for every Region where plans run, and the first apply would write it there over settings no one has read (opting out every type it does not list, switching full management of DynamoDB and EFS), so the config holds no regionSettings and the Region settings of every Region stay as they are, unmanaged; export them again (backup:DescribeRegionSettings) and run adopt again to manage them`,
    ]);
  });

  it('are not filled in from another Region where plans run', () => {
    const from = messyExport((account) => denied(join(account, 'eu-central-1/region-settings.json'), 'DescribeRegionSettings'));
    const account = join(from, '111122223333');
    const folders = ['eu-central-1', 'eu-west-1'].map((region) => new ExportFolder(from, join(account, region)));
    const out = new Adoption();
    const settings = adoptRegionSettings({ id: '111122223333', name: 'acme-prod', partition: 'aws', primary: 'eu-west-1' }, folders, new Set(['eu-central-1', 'eu-west-1']), out);
    expect(settings).toBeUndefined();
    expect(out.targets).toEqual([]);
    expect(out.items.map((item) => item.message.split(':')[0])).toEqual([`the Region settings of eu-central-1 (An error occurred (AccessDeniedException) when calling the DescribeRegionSettings operation`]);
  });
});
