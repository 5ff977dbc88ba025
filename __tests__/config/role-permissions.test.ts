/**
 * What the roles backup-estate creates may do: their AWS managed policies are attached whatever the plans select, and a
 * permissions boundary from the config, which backup-estate cannot see, is named in a warning (config/rules.ts checkBoundaryUnseen).
 */
import { configWith, findings, organizationWith } from '../support/configs';

const warningsAt = (raw: Parameters<typeof findings>[0], prefix: string) => findings(raw).warnings.filter((line) => line.startsWith(prefix));
const CAPS = (boundary: string) =>
  `serviceRole.permissionsBoundaryArn: caps the service role aws-backup-service-role at what ${boundary} allows, which backup-estate cannot see: the role may do only what both the boundary and its AWS managed policies (AWSBackupServiceRolePolicyForBackup, AWSBackupServiceRolePolicyForRestores, AWSBackupServiceRolePolicyForS3Backup, AWSBackupServiceRolePolicyForS3Restore) allow, so every backup, copy (backup:CopyIntoBackupVault) or restore job needing an action the boundary leaves out fails, though its resources are called covered here; make the boundary allow every action of those policies`;

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
