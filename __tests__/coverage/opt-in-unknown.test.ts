/**
 * Coverage where the config does not manage Region settings: the account's own opt-ins decide
 * what tag and "*" selections back up, and Aurora, DocumentDB and Neptune need the opt-in even
 * when assigned by ARN (AWS Backup, "Assigning resources to a backup plan"). Such resources are
 * "covered only if" the Region opts their type in; other types assigned by ARN stay covered.
 */
import { checkRawConfig } from '../../config';
import type { EstateModel } from '../../config/estate-model';
import { coverageMarkdown, coverageOf, optInCondition, type InventoryResource } from '../../report/coverage';
import { configWith } from '../support/configs';

const ACCOUNT = '111122223333';
const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
const daily = { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } };

function modelOf(regionSettings: object | undefined): EstateModel {
  const raw = configWith((config) => {
    config.plans.clusters = {
      vault: 'main',
      rules: { daily },
      selections: { arns: { resources: [`arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`] } },
    };
    config.regionSettings = regionSettings;
  });
  const check = checkRawConfig(raw);
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return check.model;
}

const tagged = (arn: string): InventoryResource => ({ arn, tags: { backup: 'gold' }, ...HOME });
const aurora = tagged(`arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders`);
const windows = tagged(`arn:aws:fsx:eu-west-1:${ACCOUNT}:file-system/fs-0windows`);
const table = tagged(`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`);
const volume = tagged(`arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0gold`);

describe('coverage without regionSettings (opt-ins unknown)', () => {
  it('covers only if the Region opts the type in: what only tags select, and a cluster even by ARN; a table assigned by ARN stays covered', () => {
    const report = coverageOf(modelOf(undefined), [aurora, windows, table, volume]);
    expect(report.totals).toMatchObject({ supported: 4, covered: 1, coveredIf: 3 });
    const group = report.groups[0];
    expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([table.arn]);
    expect(group?.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([
      [
        volume.arn,
        "the Region's AWS Backup settings opt in EBS (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup)",
      ],
      [
        windows.arn,
        "the Region's AWS Backup settings opt in FSx (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup); and the file system is not FSx for NetApp ONTAP (AWS Backup backs up ONTAP volumes: select or tag the volumes, not the file system) and not a scratch or data-repository-linked FSx for Lustre file system (FSx backs up neither)",
      ],
      [aurora.arn, optInCondition(['Aurora', 'DocumentDB', 'Neptune'])],
    ]);
    expect(optInCondition(['Aurora', 'DocumentDB', 'Neptune'])).toBe(
      "the Region's AWS Backup settings opt in Aurora / DocumentDB / Neptune (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup)",
    );
    expect(coverageMarkdown(report)).toContain(`| \`${volume.arn}\` | EBS | selected by gold; backed up only if ${optInCondition(['EBS'])} |`);
  });

  it('covers them where the config manages Region settings', () => {
    const report = coverageOf(modelOf({}), [aurora, table, volume]);
    expect(report.totals).toMatchObject({ supported: 3, covered: 3, coveredIf: 0 });
  });
});
