/**
 * What the roles backup-estate creates may do: their AWS managed policies are attached whatever the plans select, and a
 * permissions boundary from the config, which backup-estate cannot see, is named in a warning (config/rules.ts checkBoundaryUnseen).
 */
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupServiceRole } from '../../modules/service-role';
import { RestoreTestingRole } from '../../modules/restore-testing';
import { configWith, findings, organizationWith } from '../support/configs';

const SERVICE_POLICIES = 'AWSBackupServiceRolePolicyForBackup, AWSBackupServiceRolePolicyForRestores, AWSBackupServiceRolePolicyForS3Backup, AWSBackupServiceRolePolicyForS3Restore';
const unseen = (role: string, boundary: string, policies: string, jobs: string) =>
  `caps the role ${role} at what ${boundary} allows, which backup-estate cannot see: the role may do only what both the boundary and its AWS managed policies (${policies}) allow, so every ${jobs} needing an action the boundary leaves out fails, though backup-estate calls its resources covered; make the boundary allow every action of those policies`;

const warningsAt = (raw: Parameters<typeof findings>[0], prefix: string) => findings(raw).warnings.filter((line) => line.startsWith(prefix));
const CAPS = (boundary: string) =>
  `serviceRole.permissionsBoundaryArn: ${unseen('aws-backup-service-role', boundary, SERVICE_POLICIES, 'backup, copy (backup:CopyIntoBackupVault) or restore job')}`;

describe('a permissions boundary on the service role the stacks create', () => {
  it.each([
    ['a customer managed policy of the account', 'arn:aws:iam::111122223333:policy/backup-boundary'],
    ['an AWS managed policy', 'arn:aws:iam::aws:policy/PowerUserAccess'],
  ])('warns that its allowed actions are unseen: %s', (_, boundary) => {
    const bounded = configWith((c) => (c.serviceRole = { permissionsBoundaryArn: boundary }));
    expect(findings(bounded).errors).toEqual([]);
    expect(warningsAt(bounded, 'serviceRole')).toEqual([CAPS(boundary)]);
  });

  it('warns once in an organization, with the boundary as written (account * for each account)', () => {
    const boundary = 'arn:aws:iam::*:policy/backup-boundary';
    expect(warningsAt(organizationWith((c) => (c.serviceRole = { permissionsBoundaryArn: boundary })), 'serviceRole')).toEqual([CAPS(boundary)]);
  });

  it('says nothing without a boundary, or when serviceRole.arn names an existing role (no role is created, the boundary bounds nothing)', () => {
    expect(warningsAt(configWith(() => undefined), 'serviceRole')).toEqual([]);
    const existing = configWith((c) => (c.serviceRole = { arn: 'arn:aws:iam::111122223333:role/Backup', permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/backup-boundary' }));
    expect(warningsAt(existing, 'serviceRole')).toEqual([]);
  });
});

describe('the role constructs, with a permissions boundary (the same text, as a cdktf warning annotation)', () => {
  const account = { accountId: '111122223333', region: 'eu-west-1' };
  const boundary = 'arn:aws:iam::111122223333:policy/backup-boundary';
  const stack = () => {
    const scope = new TerraformStack(new App({ stackTraces: false }), 'stack');
    new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
    return scope;
  };
  const warningsOf = (construct: BackupServiceRole | RestoreTestingRole) => construct.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => entry.data);

  it('BackupServiceRole and RestoreTestingRole name their own policies and jobs', () => {
    expect(warningsOf(new BackupServiceRole(stack(), 'role', { account, permissionsBoundaryArn: boundary }))).toEqual([
      `permissionsBoundaryArn: ${unseen('aws-backup-service-role', boundary, SERVICE_POLICIES, 'backup, copy (backup:CopyIntoBackupVault) or restore job')}`,
    ]);
    expect(warningsOf(new RestoreTestingRole(stack(), 'role', { account, roleName: 'restore-tests', permissionsBoundaryArn: boundary }))).toEqual([
      `permissionsBoundaryArn: ${unseen('restore-tests', boundary, 'AWSBackupServiceRolePolicyForRestores, AWSBackupServiceRolePolicyForS3Restore', 'restore job of a restore test')}`,
    ]);
  });

  it('add none without a boundary', () => {
    expect(warningsOf(new BackupServiceRole(stack(), 'role', { account }))).toEqual([]);
  });
});
