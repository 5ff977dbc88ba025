import { TerraformOutput, Testing } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { BackupKmsKey, BackupKmsKeyProps, backupKeyPolicy, checkKmsKeyProps } from '../../modules/kms-key';
import { keyPolicyDecision } from '../support/key-policy';
import { ValidationError } from '../../core/problems';
import {
  ACCOUNT,
  BACKUP_ROLE,
  expectValidationError,
  GOV_ACCOUNT,
  Json,
  onlyResource,
  parsePolicy,
  stackWithProviders,
  synth,
} from './helpers';

const ROOT = 'arn:aws:iam::111122223333:root';
const OTHER_ROLE = 'arn:aws:iam::111122223333:role/restore-operator';

const ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:Create*',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
];
const USE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
/** Actions that read or write data, or hand out access to the key. */
const DATA_OR_GRANT_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:CreateGrant'];

const baseProps: BackupKmsKeyProps = { account: ACCOUNT, backupRoleArns: [] };

function synthKey(props: Partial<BackupKmsKeyProps> = {}): string {
  return synth((scope) => {
    new BackupKmsKey(scope, 'key', { ...baseProps, ...props });
  });
}

function keyPolicyStatements(props: Partial<BackupKmsKeyProps> = {}): Json[] {
  const { config } = onlyResource(synthKey(props), 'aws_kms_key');
  const policy = parsePolicy(config.policy);
  expect(policy.Version).toBe('2012-10-17');
  return policy.Statement;
}

const statementBySid = (statements: Json[], sid: string): Json => {
  const found = statements.filter((statement) => statement.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
};

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

describe('BackupKmsKey: the key resource', () => {
  it('is a symmetric ENCRYPT_DECRYPT key with rotation on, a 30-day deletion window and prevent_destroy by default', () => {
    const out = synthKey();
    expect(out).toHaveResourceWithProperties(KmsKey, {
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      enable_key_rotation: true,
      is_enabled: true,
      deletion_window_in_days: 30,
      description: 'AWS Backup vault key',
      lifecycle: { prevent_destroy: true },
    });
    const { config } = onlyResource(out, 'aws_kms_key');
    expect(config).not.toHaveProperty('tags');
    expect(config).not.toHaveProperty('provider');
  });

  it('sets prevent_destroy false only when asked', () => {
    expect(synthKey({ preventDestroy: false })).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: false } });
    expect(synthKey({ preventDestroy: true })).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true } });
  });

  it('passes description, deletion window and tags through', () => {
    const out = synthKey({ description: 'Gold vault key', deletionWindowInDays: 7, tags: { team: 'platform', env: 'prod' } });
    expect(out).toHaveResourceWithProperties(KmsKey, {
      description: 'Gold vault key',
      deletion_window_in_days: 7,
      tags: { env: 'prod', team: 'platform' },
    });
  });

  it('creates no alias when none is given', () => {
    const out = synthKey();
    expect(out).toHaveResource(KmsKey);
    expect(out).not.toHaveResource(KmsAlias);
  });

  it('creates the alias, pointing at the key, when given', () => {
    const out = synthKey({ alias: 'alias/backup/main' });
    const key = onlyResource(out, 'aws_kms_key');
    const alias = onlyResource(out, 'aws_kms_alias');
    expect(alias.config).toEqual({ name: 'alias/backup/main', target_key_id: `\${aws_kms_key.${key.id}.key_id}` });
  });

  it('exposes the key ARN as a Terraform reference', () => {
    const out = synth((scope) => {
      const key = new BackupKmsKey(scope, 'key', baseProps);
      new TerraformOutput(scope, 'arn', { value: key.arn });
    });
    const { id } = onlyResource(out, 'aws_kms_key');
    expect(JSON.parse(out).output.arn.value).toBe(`\${aws_kms_key.${id}.arn}`);
  });

  it('puts the key and alias on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new BackupKmsKey(stack, 'key', { ...baseProps, alias: 'alias/backup/dr', provider: dr });
    const out = Testing.synth(stack);
    expect(onlyResource(out, 'aws_kms_key').config.provider).toBe('aws.dr');
    expect(onlyResource(out, 'aws_kms_alias').config.provider).toBe('aws.dr');
  });
});

describe('BackupKmsKey: the key policy', () => {
  it('without backup roles: exactly administration by the account root and account use through AWS Backup', () => {
    expect(keyPolicyStatements()).toEqual([
      { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [ROOT] }, Action: ADMIN_ACTIONS, Resource: '*' },
      {
        Sid: 'AccountUseThroughAwsBackup',
        Effect: 'Allow',
        Principal: { AWS: ROOT },
        Action: [...USE_ACTIONS, 'kms:CreateGrant'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'backup.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } },
      },
      // Without break-glass principal or deployment role: denied to everyone until the key administrators change the policy.
      { Sid: 'DenyKeyDeletionAndDisabling', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['kms:DisableKey', 'kms:ScheduleKeyDeletion'], Resource: '*' },
    ]);
  });

  it('with backup roles: adds use and grants-for-AWS-resources statements for exactly those roles', () => {
    const statements = keyPolicyStatements({ backupRoleArns: [BACKUP_ROLE, OTHER_ROLE] });
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'KeyAdministration',
      'AccountUseThroughAwsBackup',
      'BackupRoleUse',
      'BackupRoleGrantsForAwsResources',
      'DenyKeyDeletionAndDisabling',
    ]);
    expect(statementBySid(statements, 'BackupRoleUse')).toEqual({
      Sid: 'BackupRoleUse',
      Effect: 'Allow',
      Principal: { AWS: [BACKUP_ROLE, OTHER_ROLE] },
      Action: USE_ACTIONS,
      Resource: '*',
    });
    expect(statementBySid(statements, 'BackupRoleGrantsForAwsResources')).toEqual({
      Sid: 'BackupRoleGrantsForAwsResources',
      Effect: 'Allow',
      Principal: { AWS: [BACKUP_ROLE, OTHER_ROLE] },
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  });

  it('has no backup role statement when backupRoleArns is empty', () => {
    const sids = keyPolicyStatements({ backupRoleArns: [] }).map((statement) => statement.Sid);
    expect(sids).not.toContain('BackupRoleUse');
    expect(sids).not.toContain('BackupRoleGrantsForAwsResources');
  });

  it('lets backup roles create grants only with the GrantIsForAWSResource condition', () => {
    const statements = keyPolicyStatements({ backupRoleArns: [BACKUP_ROLE] });
    const grantingToRole = statements.filter(
      (statement) => asList(statement.Principal.AWS ?? []).includes(BACKUP_ROLE) && asList(statement.Action).includes('kms:CreateGrant'),
    );
    expect(grantingToRole).toHaveLength(1);
    expect(grantingToRole[0].Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  it('lets the account use the key (and create grants) only through backup.<region>.amazonaws.com', () => {
    const statements = keyPolicyStatements({ account: { accountId: '444455556666', region: 'ap-southeast-2' } });
    const rootUse = statements.filter((statement) => asList(statement.Action).some((action) => DATA_OR_GRANT_ACTIONS.includes(action)));
    expect(rootUse).toHaveLength(1);
    expect(rootUse[0].Principal).toEqual({ AWS: 'arn:aws:iam::444455556666:root' });
    expect(rootUse[0].Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'backup.ap-southeast-2.amazonaws.com', 'kms:CallerAccount': '444455556666' },
    });
  });

  it('gives administrators no data or grant actions', () => {
    const admin = statementBySid(keyPolicyStatements({ backupRoleArns: [BACKUP_ROLE] }), 'KeyAdministration');
    expect(admin.Condition).toBeUndefined();
    for (const action of [...DATA_OR_GRANT_ACTIONS, 'kms:GenerateDataKey', 'kms:*', '*']) {
      expect(admin.Action).not.toContain(action);
    }
  });

  it('respects the partition: the root ARN is arn:aws-us-gov:iam::ACCOUNT:root in GovCloud', () => {
    const statements = keyPolicyStatements({ account: GOV_ACCOUNT });
    const govRoot = 'arn:aws-us-gov:iam::111122223333:root';
    expect(statementBySid(statements, 'KeyAdministration').Principal).toEqual({ AWS: [govRoot] });
    const use = statementBySid(statements, 'AccountUseThroughAwsBackup');
    expect(use.Principal).toEqual({ AWS: govRoot });
    expect(use.Condition.StringEquals['kms:ViaService']).toBe('backup.us-gov-west-1.amazonaws.com');
    expect(JSON.stringify(statements)).not.toContain('arn:aws:');
  });

  it('uses the China endpoint suffix in kms:ViaService in the aws-cn partition', () => {
    const statements = keyPolicyStatements({ account: { accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn' } });
    const use = statementBySid(statements, 'AccountUseThroughAwsBackup');
    expect(use.Condition.StringEquals['kms:ViaService']).toBe('backup.cn-north-1.amazonaws.com.cn');
    expect(use.Principal).toEqual({ AWS: 'arn:aws-cn:iam::111122223333:root' });
  });

  it('uses the given administrators instead of the account root for administration', () => {
    const admins = ['arn:aws:iam::111122223333:role/KeyAdmins', 'arn:aws:iam::111122223333:user/alice'];
    const statements = keyPolicyStatements({ administrators: admins });
    expect(statementBySid(statements, 'KeyAdministration').Principal).toEqual({ AWS: admins });
    // The root keeps only the ViaService-restricted use statement.
    expect(statementBySid(statements, 'AccountUseThroughAwsBackup').Principal).toEqual({ AWS: ROOT });
  });

  it.each([
    ['default', {}],
    ['with backup roles', { backupRoleArns: [BACKUP_ROLE] }],
    ['with administrators', { administrators: ['arn:aws:iam::111122223333:role/KeyAdmins'], backupRoleArns: [BACKUP_ROLE] }],
    ['in GovCloud', { account: GOV_ACCOUNT, backupRoleArns: ['arn:aws-us-gov:iam::111122223333:role/b'] }],
  ] as [string, Partial<BackupKmsKeyProps>][])('has no Allow statement with a wildcard principal (%s)', (_label, props) => {
    const statements = keyPolicyStatements(props).filter((statement) => statement.Effect !== 'Deny');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Principal).not.toBe('*');
      expect(Object.keys(statement.Principal)).toEqual(['AWS']);
      for (const principal of asList(statement.Principal.AWS)) {
        expect(principal).not.toContain('*');
        expect(principal).toMatch(/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/|user\/)/);
      }
    }
  });
});

describe('BackupKmsKey: the deny of deletion and disabling', () => {
  const DEPLOY = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
  const GLASS = 'arn:aws:iam::111122223333:role/BackupBreakGlass';

  it('exempts the break-glass principals and the deployment role, and then also denies kms:PutKeyPolicy to every other principal', () => {
    const deny = statementBySid(keyPolicyStatements({ breakGlassPrincipals: [GLASS], deployRoleArn: DEPLOY }), 'DenyKeyDeletionAndDisabling');
    expect(deny).toEqual({
      Sid: 'DenyKeyDeletionAndDisabling',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [GLASS, DEPLOY] } },
    });
  });

  it('leaves kms:PutKeyPolicy to the key administrators without a deployment role (nobody is locked out of updates)', () => {
    const deny = statementBySid(keyPolicyStatements({ breakGlassPrincipals: [GLASS] }), 'DenyKeyDeletionAndDisabling');
    expect(deny.Action).toEqual(['kms:DisableKey', 'kms:ScheduleKeyDeletion']);
    expect(deny.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [GLASS] } });
  });

  it('keeps the deployment role able to replace the policy: administration allowed through the root, and exempt from the deny', () => {
    const statements = keyPolicyStatements({ deployRoleArn: DEPLOY });
    expect(statementBySid(statements, 'KeyAdministration').Action).toContain('kms:Put*');
    expect(statementBySid(statements, 'DenyKeyDeletionAndDisabling').Condition.ArnNotLike['aws:PrincipalArn']).toContain(DEPLOY);
  });

  it('is left out with denyKeyDeletion: false', () => {
    expect(keyPolicyStatements({ denyKeyDeletion: false, deployRoleArn: DEPLOY }).map((statement) => statement.Sid)).not.toContain('DenyKeyDeletionAndDisabling');
  });
});

describe('BackupKmsKey: eager validation', () => {
  const construct = 'BackupKmsKey stack/key';

  it.each([6, 31, 0, 365])('rejects deletionWindowInDays %i with the exact message', (days) => {
    const message = `must be between 7 and 30 days; got ${days}`;
    const attempt = () => synthKey({ deletionWindowInDays: days });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(`${construct}: invalid props:\n  deletionWindowInDays: ${message}`);
    expectValidationError(attempt, construct, [{ path: 'deletionWindowInDays', message }]);
  });

  it.each([7.5, Number.NaN])('rejects deletionWindowInDays %p, as the config takes whole days only (a fraction failed at plan; NaN was written as null, which the provider read as 30 days)', (days) => {
    expectValidationError(() => synthKey({ deletionWindowInDays: days }), construct, [{ path: 'deletionWindowInDays', message: `must be a whole number of days; got ${days}` }]);
  });

  it.each([7, 30])('accepts deletionWindowInDays %i', (days) => {
    expect(synthKey({ deletionWindowInDays: days })).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: days });
  });

  it.each([
    ['no alias/ prefix', 'backup/main'],
    ['empty name', 'alias/'],
    ['reserved alias/aws/', 'alias/aws/backup'],
    ['a space', 'alias/has space'],
    ['dots', 'alias/dots.not.allowed'],
    ['251 characters after alias/', `alias/${'a'.repeat(251)}`],
  ])('rejects an alias with %s', (_label, alias) => {
    expectValidationError(() => synthKey({ alias }), construct, [
      { path: 'alias', message: `"${alias}" must be "alias/" then 1-250 characters of A-Z a-z 0-9 / _ -, not under alias/aws/` },
    ]);
  });

  it.each([
    ['one character', 'alias/a'],
    ['slashes', 'alias/backup/main'],
    ['upper case, _ and -', 'alias/Backup_Key-1'],
    ['250 characters after alias/', `alias/${'a'.repeat(250)}`],
  ])('accepts an alias with %s', (_label, alias) => {
    expect(synthKey({ alias })).toHaveResourceWithProperties(KmsAlias, { name: alias });
  });

  it('rejects an empty administrators list', () => {
    expectValidationError(() => synthKey({ administrators: [] }), construct, [
      { path: 'administrators', message: 'must name at least one principal, or be left out to use the account root' },
    ]);
  });

  it('reports every problem at once, in field order', () => {
    expectValidationError(() => synthKey({ deletionWindowInDays: 6, alias: 'main', administrators: [] }), construct, [
      { path: 'deletionWindowInDays', message: 'must be between 7 and 30 days; got 6' },
      { path: 'alias', message: '"main" must be "alias/" then 1-250 characters of A-Z a-z 0-9 / _ -, not under alias/aws/' },
      { path: 'administrators', message: 'must name at least one principal, or be left out to use the account root' },
    ]);
  });

  it('finds no problem in valid props', () => {
    expect(checkKmsKeyProps({ ...baseProps, alias: 'alias/x', deletionWindowInDays: 7, administrators: [ROOT] })).toEqual([]);
  });

  describe('administrators that leave the deployment role no kms:PutKeyPolicy (KMS lockout safety check)', () => {
    const DEPLOY = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
    const ADMINS = 'arn:aws:iam::111122223333:role/KeyAdmins';
    const message =
      `names neither the account root (${ROOT}) nor the deployment role ${DEPLOY}, which creates the key and replaces its policy: the key policy allows kms:PutKeyPolicy to its administrators only, ` +
      'and AWS KMS refuses a key policy that does not let its caller make a later PutKeyPolicy request (CreateKey, PutKeyPolicy: the key policy lockout safety check), so the apply fails; ' +
      `add ${DEPLOY}, or leave administrators out (the account root, which delegates to IAM)`;

    it('are refused: the policy would let no principal replace it (the administrators are denied it, the deployment role never allowed it)', () => {
      const props = { ...baseProps, administrators: [ADMINS], deployRoleArn: DEPLOY };
      const policy = backupKeyPolicy(props);
      expect([keyPolicyDecision(policy, DEPLOY, 'kms:PutKeyPolicy'), keyPolicyDecision(policy, ADMINS, 'kms:PutKeyPolicy')]).toEqual(['implicit-deny', 'deny']);
      expectValidationError(() => synthKey(props), construct, [{ path: 'administrators', message }]);
    });

    it('are refused without the deny too: the deployment role, which calls CreateKey, is still not allowed kms:PutKeyPolicy', () => {
      expectValidationError(() => synthKey({ administrators: [ADMINS], deployRoleArn: DEPLOY, denyKeyDeletion: false }), construct, [{ path: 'administrators', message }]);
    });

    it.each([
      ['the deployment role', [ADMINS, DEPLOY]],
      ['the account root', [ADMINS, ROOT]],
    ])('are accepted when they name %s, which then keeps kms:PutKeyPolicy', (_label, administrators) => {
      const props = { ...baseProps, administrators, deployRoleArn: DEPLOY };
      expect(checkKmsKeyProps(props)).toEqual([]);
      expect(keyPolicyDecision(backupKeyPolicy(props), DEPLOY, 'kms:PutKeyPolicy')).toBe('allow');
    });

    it('are accepted without a deployment role: who runs Terraform is not known', () => {
      expect(checkKmsKeyProps({ ...baseProps, administrators: [ADMINS] })).toEqual([]);
    });
  });
});

describe('BackupKmsKey: cross-account copies', () => {
  const construct = 'BackupKmsKey stack/key';
  const SERVICE_LINKED_ROLE = 'arn:aws:iam::111122223333:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup';

  it('admits each copy destination account (its root, which delegates to its IAM) with the actions AWS lists for a source vault key', () => {
    const statements = keyPolicyStatements({ copyDestinationAccounts: ['999988887777', '222222222222', '999988887777'] });
    expect(statementBySid(statements, 'CopyDestinationAccountsUse')).toEqual({
      Sid: 'CopyDestinationAccountsUse',
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::999988887777:root'] },
      Action: [
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKeyPair',
        'kms:GenerateDataKeyPairWithoutPlaintext',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ListGrants',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:RevokeGrant',
      ],
      Resource: '*',
    });
  });

  it('admits no other account without copy destinations, nor the key\'s own account as one', () => {
    expect(keyPolicyStatements().map((s) => s.Sid)).not.toContain('CopyDestinationAccountsUse');
    expect(keyPolicyStatements({ copyDestinationAccounts: ['111122223333'] }).map((s) => s.Sid)).not.toContain('CopyDestinationAccountsUse');
  });

  it('lets the account\'s AWS Backup service-linked role, which pulls cross-account copies in, use a receiving key through EC2, RDS, FSx and AWS Backup only', () => {
    const statements = keyPolicyStatements({ organizationId: 'o-a1b2c3d4e5' });
    expect(statementBySid(statements, 'BackupServiceLinkedRoleCopiesIn')).toEqual({
      Sid: 'BackupServiceLinkedRoleCopiesIn',
      Effect: 'Allow',
      // Matched by ARN: the role may not exist yet, and KMS refuses a policy naming a missing principal.
      Principal: { AWS: '*' },
      Action: [...USE_ACTIONS, 'kms:CreateGrant'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': SERVICE_LINKED_ROLE },
        StringEquals: {
          'kms:CallerAccount': '111122223333',
          'kms:ViaService': ['backup.eu-west-1.amazonaws.com', 'ec2.eu-west-1.amazonaws.com', 'fsx.eu-west-1.amazonaws.com', 'rds.eu-west-1.amazonaws.com'],
        },
      },
    });
    expect(keyPolicyStatements().map((s) => s.Sid)).not.toContain('BackupServiceLinkedRoleCopiesIn');
  });

  it('admits the service-linked role the same way for a vault key receiving copies from other accounts, without the organization', () => {
    const statements = keyPolicyStatements({ receivesCopiesFromOtherAccounts: true });
    expect(statementBySid(statements, 'BackupServiceLinkedRoleCopiesIn')).toEqual(statementBySid(keyPolicyStatements({ organizationId: 'o-a1b2c3d4e5' }), 'BackupServiceLinkedRoleCopiesIn'));
    expect(statements.map((s) => s.Sid)).not.toContain('OrganizationCopiesThroughAwsBackup');
    expect(keyPolicyStatements({ receivesCopiesFromOtherAccounts: false }).map((s) => s.Sid)).not.toContain('BackupServiceLinkedRoleCopiesIn');
  });

  it('rejects break-glass principals and a deployment role that exempt everyone from the deletion deny', () => {
    expectValidationError(() => synthKey({ breakGlassPrincipals: ['arn:aws:iam::*:role/*'], deployRoleArn: '*' }), construct, [
      {
        path: 'breakGlassPrincipals.0',
        message: '"arn:aws:iam::*:role/*" exempts every role of every account from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
      },
      { path: 'deployRoleArn', message: '"*" is not an IAM principal ARN (wildcards allowed)' },
    ]);
  });

  it('rejects a copy destination that is not an account id, and wildcard principals', () => {
    expectValidationError(() => synthKey({ copyDestinationAccounts: ['12345'], administrators: ['*'], backupRoleArns: ['arn:aws:iam::111122223333:role/*'] }), construct, [
      { path: 'administrators[0]', message: '"*" is a wildcard: name a principal by its ARN' },
      { path: 'backupRoleArns[0]', message: '"arn:aws:iam::111122223333:role/*" is a wildcard: name a principal by its ARN' },
      { path: 'copyDestinationAccounts[0]', message: '"12345" must be a 12-digit AWS account id' },
    ]);
  });
});
