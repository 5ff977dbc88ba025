import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { backupTrustPolicy, BackupServiceRole, BackupServiceRoleProps } from '../../modules/service-role';
import { RestoreTestingRole } from '../../modules/restore-testing';
import { AccountContext } from '../../core/arn';
import { ACCOUNT, expectValidationError, GOV_ACCOUNT, onlyResource, parsePolicy, resourcesOf, stackWithProviders, synth } from './helpers';

function synthRole(props: Partial<BackupServiceRoleProps> = {}): string {
  return synth((scope) => {
    new BackupServiceRole(scope, 'role', { account: ACCOUNT, ...props });
  });
}

const managedPolicyArns = (partition: string) => [
  `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup`,
  `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore`,
  `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup`,
  `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores`,
];

function attachedPolicyArns(out: string): string[] {
  return Object.values(resourcesOf(out, 'aws_iam_role_policy_attachment'))
    .map((attachment) => attachment.policy_arn as string)
    .sort();
}

describe('BackupServiceRole: trust policy', () => {
  it('trusts only backup.amazonaws.com, with sts:AssumeRole, on behalf of this account', () => {
    const { config } = onlyResource(synthRole(), 'aws_iam_role');
    expect(parsePolicy(config.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AwsBackupAssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ],
    });
  });

  it('puts the role account in aws:SourceAccount', () => {
    const account: AccountContext = { accountId: '444455556666', region: 'us-east-1' };
    const statement = parsePolicy(backupTrustPolicy(account)).Statement[0];
    expect(statement.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '444455556666' } });
  });

  it('is the same in GovCloud (service principal and condition do not change with the partition)', () => {
    expect(backupTrustPolicy(GOV_ACCOUNT)).toBe(backupTrustPolicy(ACCOUNT));
  });
});

describe('BackupServiceRole: the role', () => {
  it('has the default name, path and description, and no boundary or tags unless given', () => {
    const { config } = onlyResource(synthRole(), 'aws_iam_role');
    expect(config).toEqual({
      name: 'aws-backup-service-role',
      path: '/',
      description: 'Assumed by AWS Backup to back up and restore resources',
      assume_role_policy: backupTrustPolicy(ACCOUNT),
    });
  });

  it('passes name, path, permissions boundary and tags through', () => {
    const boundary = 'arn:aws:iam::111122223333:policy/PlatformBoundary';
    expect(synthRole({ roleName: 'backup-gold', path: '/backup/', permissionsBoundaryArn: boundary, tags: { team: 'platform' } })).toHaveResourceWithProperties(IamRole, {
      name: 'backup-gold',
      path: '/backup/',
      permissions_boundary: boundary,
      tags: { team: 'platform' },
    });
  });

  it('exposes the role ARN as a reference to the role', () => {
    let arn = '';
    synth((scope) => {
      arn = new BackupServiceRole(scope, 'role', { account: ACCOUNT }).arn;
    });
    expect(arn).toContain('${');
  });

  it('uses the provider it is given for the role and its attachments', () => {
    const { stack, dr } = stackWithProviders();
    new BackupServiceRole(stack, 'role', { account: ACCOUNT, provider: dr });
    const out = Testing.synth(stack);
    expect(onlyResource(out, 'aws_iam_role').config.provider).toBe('aws.dr');
    for (const attachment of Object.values(resourcesOf(out, 'aws_iam_role_policy_attachment'))) {
      expect(attachment.provider).toBe('aws.dr');
    }
  });
});

describe('BackupServiceRole: managed policy attachments', () => {
  it('attaches exactly the four AWS Backup managed policies to the role', () => {
    const out = synthRole();
    const role = onlyResource(out, 'aws_iam_role');
    const attachments = Object.values(resourcesOf(out, 'aws_iam_role_policy_attachment'));
    expect(attachments).toHaveLength(4);
    for (const attachment of attachments) {
      expect(attachment).toEqual({ role: `\${aws_iam_role.${role.id}.name}`, policy_arn: expect.any(String) });
    }
    expect(attachedPolicyArns(out)).toEqual(managedPolicyArns('aws'));
    expect(out).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
    });
  });

  it.each([
    ['aws-us-gov', GOV_ACCOUNT],
    ['aws-cn', { accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn' }],
  ] as [string, AccountContext][])('uses partition-correct ARNs in %s', (partition, account) => {
    const out = synthRole({ account });
    expect(attachedPolicyArns(out)).toEqual(managedPolicyArns(partition));
    expect(out).not.toContain('arn:aws:iam::aws:policy');
  });
});

describe('BackupServiceRole: eager validation', () => {
  const construct = 'BackupServiceRole stack/role';

  it('rejects an account that is no account: its trust condition would never match, and AWS Backup could never assume the role', () => {
    expectValidationError(() => synthRole({ account: { accountId: '123', region: 'eu-west' } }), construct, [
      { path: 'account.accountId', message: '"123" must be a 12-digit AWS account id' },
      { path: 'account.region', message: '"eu-west" is not an AWS Region code such as eu-west-1' },
    ]);
  });

  it.each([
    ['empty', ''],
    ['a space', 'bad name'],
    ['a slash', 'backup/role'],
    ['65 characters', 'r'.repeat(65)],
  ])('rejects a role name that is %s', (_label, roleName) => {
    expectValidationError(() => synthRole({ roleName }), construct, [
      { path: 'roleName', message: `role name "${roleName}" must be 1-64 characters of A-Z a-z 0-9 + = , . @ _ -` },
    ]);
  });

  it('rejects a path IAM refuses: longer than 512 characters (terraform plan refused it), or not between slashes', () => {
    expectValidationError(() => synthRole({ path: `/${'p/'.repeat(256)}` }), construct, [{ path: 'path', message: 'role path has 513 characters; IAM allows at most 512 (CreateRole)' }]);
    expectValidationError(() => synthRole({ path: 'backup' }), construct, [{ path: 'path', message: 'role path "backup" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)' }]);
    expect(synthRole({ path: `/${'p/'.repeat(255)}` })).toHaveResourceWithProperties(IamRole, { path: `/${'p/'.repeat(255)}` });
  });

  it('takes any printable ASCII between the slashes, as IAM does (CreateRole), but not Terraform\'s "%{" nor a policy wildcard', () => {
    expect(synthRole({ path: '/team#1:a~b!/' })).toHaveResourceWithProperties(IamRole, { path: '/team#1:a~b!/' });
    expectValidationError(() => synthRole({ path: '/a*b/' }), construct, [
      { path: 'path', message: 'role path "/a*b/" holds "*": IAM allows it, but the policies that name the role (KMS key policies, the vault and organization exemptions: ArnLike, ArnNotLike) read "*" and "?" as wildcards, so they would name other roles too, or refuse it as a principal; use another character' },
    ]);
    expectValidationError(() => synthRole({ path: '/a%{b}/' }), construct, [
      { path: 'path', message: 'role path "/a%{b}/" holds "%{", which Terraform reads as the start of a template (a directive) in any string of the stack\'s JSON: IAM allows it, but the role would not get this path; use another character' },
    ]);
  });

  it.each(['r', 'Backup+Role=1,a.b@c_d-e', 'r'.repeat(64)])('accepts the role name %j', (roleName) => {
    expect(synthRole({ roleName })).toHaveResourceWithProperties(IamRole, { name: roleName });
  });
});

describe('permissionsBoundaryArn, as the config judges serviceRole.permissionsBoundaryArn (the construct synthesized each of these silently, and IAM failed to create the role)', () => {
  const OWN_ACCOUNT_RULE = "IAM takes as a role's permissions boundary only an AWS managed policy or a policy of the role's own account: the role of account 111122223333 would fail to be created";
  it.each([
    ['not a policy ARN', 'boundary', '"boundary" must be an IAM policy ARN such as arn:aws:iam::aws:policy/NAME or arn:aws:iam::111122223333:policy/NAME'],
    ['a role ARN', 'arn:aws:iam::111122223333:role/boundary', '"arn:aws:iam::111122223333:role/boundary" must be an IAM policy ARN such as arn:aws:iam::aws:policy/NAME or arn:aws:iam::111122223333:policy/NAME'],
    ['a policy of another account', 'arn:aws:iam::999999999999:policy/backup-boundary', `names a customer managed policy of account 999999999999, but ${OWN_ACCOUNT_RULE}; write arn:aws:iam::111122223333:policy/backup-boundary, or use an AWS managed policy`],
    ['the config\'s account *', 'arn:aws:iam::*:policy/backup-boundary', `names account *, which only the config reads as each account's own policy, but ${OWN_ACCOUNT_RULE}; write arn:aws:iam::111122223333:policy/backup-boundary, or use an AWS managed policy`],
    ['a policy of another partition', 'arn:aws-us-gov:iam::aws:policy/PowerUserAccess', "is an ARN of partition aws-us-gov, but account.partition is aws: every Region, ARN, key and principal of a stack must be in its account's partition"],
  ])('refuses %s', (_, permissionsBoundaryArn, message) => {
    expectValidationError(() => synthRole({ permissionsBoundaryArn }), 'BackupServiceRole stack/role', [{ path: 'permissionsBoundaryArn', message }]);
    expectValidationError(() => synth((scope) => new RestoreTestingRole(scope, 'restore', { account: ACCOUNT, permissionsBoundaryArn })), 'RestoreTestingRole stack/restore', [{ path: 'permissionsBoundaryArn', message }]);
  });

  it('takes an AWS managed policy of the account\'s partition and a policy of its own account', () => {
    for (const permissionsBoundaryArn of ['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::111122223333:policy/team/backup-boundary']) {
      expect(synthRole({ permissionsBoundaryArn })).toHaveResourceWithProperties(IamRole, { permissions_boundary: permissionsBoundaryArn });
    }
    expect(synth((scope) => new BackupServiceRole(scope, 'role', { account: GOV_ACCOUNT, permissionsBoundaryArn: 'arn:aws-us-gov:iam::aws:policy/PowerUserAccess' }))).toHaveResourceWithProperties(IamRole, {
      permissions_boundary: 'arn:aws-us-gov:iam::aws:policy/PowerUserAccess',
    });
  });
});
