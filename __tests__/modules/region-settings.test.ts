import { Testing } from 'cdktf';
import { BackupRegionSettings as AwsBackupRegionSettings } from '@cdktf/provider-aws/lib/backup-region-settings';
import { REGION_SETTINGS_RESOURCE_TYPES } from '../../core/limits';
import { BackupRegionSettings, BackupRegionSettingsProps, checkRegionSettingsProps, optInPreference } from '../../modules/region-settings';
import { expectValidationError, onlyResource, stackWithProviders, synth } from './helpers';

const CONSTRUCT = 'BackupRegionSettings stack/settings';
const VALID_TYPES =
  'Aurora, CloudFormation, DSQL, DocumentDB, DynamoDB, EBS, EC2, EFS, EKS, FSx, Neptune, RDS, Redshift, S3, SAP HANA on Amazon EC2, Storage Gateway, Timestream, VirtualMachine';

function synthSettings(props: BackupRegionSettingsProps): string {
  return synth((scope) => {
    new BackupRegionSettings(scope, 'settings', props);
  });
}

const settingsOf = (props: BackupRegionSettingsProps) => onlyResource(synthSettings(props), 'aws_backup_region_settings').config;

describe('BackupRegionSettings: opt-in preference', () => {
  it('sets every resource type explicitly: the opted-in ones true, all others false', () => {
    const config = settingsOf({ optIn: ['EBS', 'RDS', 'SAP HANA on Amazon EC2'] });
    expect(config.resource_type_opt_in_preference).toEqual({
      Aurora: false,
      CloudFormation: false,
      DocumentDB: false,
      DynamoDB: false,
      EBS: true,
      EC2: false,
      EFS: false,
      EKS: false,
      FSx: false,
      Neptune: false,
      RDS: true,
      Redshift: false,
      S3: false,
      'SAP HANA on Amazon EC2': true,
      'Storage Gateway': false,
      Timestream: false,
      VirtualMachine: false,
    });
  });

  it('has exactly the keys of REGION_SETTINGS_RESOURCE_TYPES AWS Backup offers in the provider\'s Region, in that order, whatever the input order', () => {
    const { stack } = stackWithProviders(); // default provider in eu-west-1, where AWS Backup offers DSQL
    new BackupRegionSettings(stack, 'settings', { optIn: ['VirtualMachine', 'Aurora'] });
    expect(Object.keys(onlyResource(Testing.synth(stack), 'aws_backup_region_settings').config.resource_type_opt_in_preference)).toEqual([...REGION_SETTINGS_RESOURCE_TYPES]);
    expect(optInPreference(['Aurora', 'VirtualMachine'], 'eu-west-1')).toEqual(optInPreference(['VirtualMachine', 'Aurora'], 'eu-west-1'));
  });

  it('leaves DSQL out where AWS Backup does not offer it, and where the provider\'s Region is not known: UpdateRegionSettings refuses a type its Region does not offer', () => {
    const keysIn = (region: string | undefined) => Object.keys(optInPreference(['DSQL'], region));
    const allButDsql = REGION_SETTINGS_RESOURCE_TYPES.filter((type) => type !== 'DSQL');
    expect(keysIn('sa-east-1')).toEqual(allButDsql);
    expect(keysIn('us-west-1')).toEqual(allButDsql);
    expect(keysIn(undefined)).toEqual(allButDsql);
    expect(optInPreference(['DSQL'], 'ap-southeast-4').DSQL).toBe(true);
    // A stack without a literal provider Region (the test scope has none) writes no DSQL key.
    expect(Object.keys(settingsOf({ optIn: ['DSQL'] }).resource_type_opt_in_preference)).toEqual(allButDsql);
  });

  it('opts every type in when given all of them', () => {
    const config = settingsOf({ optIn: [...REGION_SETTINGS_RESOURCE_TYPES] });
    expect(Object.values(config.resource_type_opt_in_preference).every((value) => value === true)).toBe(true);
  });

  it('sets every type false (with a warning) when given none', () => {
    const config = settingsOf({ optIn: [] });
    expect(Object.values(config.resource_type_opt_in_preference).every((value) => value === false)).toBe(true);
    expect(checkRegionSettingsProps({ optIn: [] })).toEqual([
      { path: 'optIn', message: 'opts in no resource type: every tag-based selection in this account and Region selects nothing', severity: 'warning' },
    ]);
  });
});

describe('BackupRegionSettings: management preference', () => {
  it('enables full AWS Backup management of DynamoDB and EFS by default', () => {
    expect(settingsOf({ optIn: ['DynamoDB'] }).resource_type_management_preference).toEqual({ DynamoDB: true, EFS: true });
  });

  it('keeps the default for a type left out', () => {
    expect(settingsOf({ optIn: ['EFS'], management: { EFS: false } }).resource_type_management_preference).toEqual({ DynamoDB: true, EFS: false });
    expect(settingsOf({ optIn: ['EFS'], management: { DynamoDB: false, EFS: false } }).resource_type_management_preference).toEqual({
      DynamoDB: false,
      EFS: false,
    });
  });

  it('rejects a management preference for another type', () => {
    const management = { DynamoDB: true, S3: true } as BackupRegionSettingsProps['management'];
    expectValidationError(() => synthSettings({ optIn: ['S3'], management }), CONSTRUCT, [
      { path: 'management.S3', message: '"S3" has no management preference; valid types: DynamoDB, EFS' },
    ]);
  });
});

describe('BackupRegionSettings: resource and validation', () => {
  it('renders only the two preference maps, on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new BackupRegionSettings(stack, 'settings', { optIn: ['EBS'], provider: dr });
    const out = Testing.synth(stack);
    expect(Object.keys(onlyResource(out, 'aws_backup_region_settings').config).sort()).toEqual([
      'provider',
      'resource_type_management_preference',
      'resource_type_opt_in_preference',
    ]);
    expect(onlyResource(out, 'aws_backup_region_settings').config.provider).toBe('aws.dr');
    expect(out).toHaveResourceWithProperties(AwsBackupRegionSettings, { resource_type_opt_in_preference: optInPreference(['EBS'], 'eu-central-1') });
    expect(onlyResource(out, 'aws_backup_region_settings').config.resource_type_opt_in_preference.DSQL).toBe(false);
  });

  it('rejects unknown resource types by index, listing the valid ones', () => {
    expectValidationError(() => synthSettings({ optIn: ['EBS', 'Lambda', 'ebs'] }), CONSTRUCT, [
      { path: 'optIn.1', message: `"Lambda" is not an AWS Backup Region settings resource type; valid types: ${VALID_TYPES}` },
      { path: 'optIn.2', message: `"ebs" is not an AWS Backup Region settings resource type; valid types: ${VALID_TYPES}` },
    ]);
  });

  it('rejects a type listed twice', () => {
    expectValidationError(() => synthSettings({ optIn: ['EBS', 'RDS', 'EBS'] }), CONSTRUCT, [{ path: 'optIn', message: 'lists "EBS" more than once' }]);
  });

  it('accepts every valid type, spaces included', () => {
    expect(checkRegionSettingsProps({ optIn: ['Storage Gateway', 'SAP HANA on Amazon EC2'], management: { DynamoDB: false } })).toEqual([]);
  });
});
