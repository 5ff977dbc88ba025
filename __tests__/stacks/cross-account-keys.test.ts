/**
 * The key policies a cross-account copy needs, evaluated as KMS would for the calls AWS makes:
 * the destination account's AWS Backup service-linked role pulls the copy into the central vault
 * (re-encrypting EBS, RDS and FSx copies through those services), and reads copies of the types
 * AWS Backup fully manages with the source vault's key, which must admit the destination account.
 * A restore reads the recovery point with the vault key through the storage service, as the restore
 * testing role.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import type { EstateModel, StackModel } from '../../config/estate-model';
import { exampleModel, resourcesOf, synthStack, TfJson } from '../support/examples';
import { keyPolicyDecision } from '../support/key-policy';
import { organizationWith } from '../support/configs';

const BACKUP_ACCOUNT = '222222222222';
const serviceLinkedRole = (account: string) => `arn:aws:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
const through = (service: string, region: string, callerAccount: string) => ({ 'kms:viaservice': `${service}.${region}.amazonaws.com`, 'kms:calleraccount': callerAccount });

/** Resolved once for the file: the organization example (the first two groups of tests read it). */
const organization = exampleModel('organization.yaml');

function stackJson(model: EstateModel, name: string): TfJson {
  const stack = model.stacks.find((candidate) => candidate.name === name) as StackModel;
  return JSON.parse(synthStack(stack));
}

/** The policy of the key whose description ends with `suffix`. */
function keyPolicy(stack: TfJson, suffix: string): string {
  const keys = Object.values(resourcesOf(stack, 'aws_kms_key')).filter((key) => String(key.description).endsWith(suffix));
  expect(keys).toHaveLength(1);
  return keys[0].policy;
}

describe('the central vault key (organization example)', () => {
  const policy = keyPolicy(stackJson(organization, 'central-eu-west-1'), 'org-central-backup');

  it.each(['ec2', 'rds', 'fsx', 'backup'])('lets the backup account\'s service-linked role create grants and re-encrypt through %s (cross-account copies in)', (service) => {
    for (const action of ['kms:CreateGrant', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey']) {
      expect(keyPolicyDecision(policy, serviceLinkedRole(BACKUP_ACCOUNT), action, through(service, 'eu-west-1', BACKUP_ACCOUNT))).toBe('allow');
    }
  });

  it('admits the service-linked role through no other service, nor any other role of the account through EC2', () => {
    expect(keyPolicyDecision(policy, serviceLinkedRole(BACKUP_ACCOUNT), 'kms:Decrypt', through('s3', 'eu-west-1', BACKUP_ACCOUNT))).toBe('implicit-deny');
    expect(keyPolicyDecision(policy, `arn:aws:iam::${BACKUP_ACCOUNT}:role/operator`, 'kms:Decrypt', through('ec2', 'eu-west-1', BACKUP_ACCOUNT))).toBe('implicit-deny');
    expect(keyPolicyDecision(policy, serviceLinkedRole(BACKUP_ACCOUNT), 'kms:Decrypt')).toBe('implicit-deny');
  });
});

describe('a workload vault key', () => {
  const orders = stackJson(organization, 'orders-eu-west-1');

  it('admits the central backup account when its rules copy there (the gold plan into central)', () => {
    const policy = keyPolicy(orders, 'workload-main');
    for (const action of ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncryptFrom', 'kms:CreateGrant']) {
      expect(keyPolicyDecision(policy, serviceLinkedRole(BACKUP_ACCOUNT), action)).toBe('allow');
    }
    expect(keyPolicyDecision(policy, serviceLinkedRole('999988887777'), 'kms:Decrypt')).toBe('implicit-deny');
  });

  it('admits no other account when its rules copy nowhere else (the baseline vault)', () => {
    expect(keyPolicyDecision(keyPolicy(orders, 'baseline'), serviceLinkedRole(BACKUP_ACCOUNT), 'kms:Decrypt')).toBe('implicit-deny');
  });

  it('admits the accounts a hand-written backup policy copies into from its vault, and not the member account\'s own ($account)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copy-keys-'));
    mkdirSync(join(dir, 'policies'));
    const rule = (target: string) => ({
      schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' },
      target_backup_vault_name: { '@@assign': 'baseline' },
      lifecycle: { delete_after_days: { '@@assign': '35' } },
      copy_actions: { [target]: { target_backup_vault_arn: { '@@assign': target }, lifecycle: { delete_after_days: { '@@assign': '35' } } } },
    });
    const plan = {
      regions: { '@@assign': ['eu-west-1'] },
      rules: { partner: rule('arn:aws:backup:eu-west-1:999988887777:backup-vault:partner'), own: rule('arn:aws:backup:eu-central-1:$account:backup-vault:baseline') },
      selections: { tags: { all: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@assign': ['weekly'] } } } },
    };
    writeFileSync(join(dir, 'policies', 'partner.json'), JSON.stringify({ plans: { partner: plan } }));
    const raw = organizationWith((c) => (c.organization.policies.partner = { file: 'policies/partner.json', targets: ['orders'] }));
    const check = checkRawConfig(raw, { baseDir: dir });
    expect(check.errors).toEqual([]);
    const policy = keyPolicy(stackJson(check.model as EstateModel, 'orders-eu-west-1'), 'baseline');
    const statement = JSON.parse(policy).Statement.find((s: TfJson) => s.Sid === 'CopyDestinationAccountsUse');
    expect(statement.Principal).toEqual({ AWS: ['arn:aws:iam::999988887777:root'] });
  });
});

describe('a workload vault key receiving copies from another account', () => {
  const ORDERS = '444444444444';
  const baselineArn = `arn:aws:backup:eu-west-1:${ORDERS}:backup-vault:baseline`;
  /** Payments' gold plan copies into orders' baseline vault (created there for the silver policy), named by its ARN. */
  const copiesIntoOrders = (mutate: (c: TfJson) => void = () => undefined) =>
    organizationWith((c) => {
      c.existingVaults = { 'orders-baseline': { arn: baselineArn } };
      c.plans.gold.rules.daily.copies['orders-baseline'] = {};
      c.vaults.baseline.accessPolicy.statements = { CopiesFromPayments: { effect: 'Allow', principals: { aws: ['arn:aws:iam::333333333333:root'] }, actions: ['backup:CopyIntoBackupVault'] } };
      mutate(c);
    });
  const slrThrough = (policy: string, service: string, account: string) => keyPolicyDecision(policy, serviceLinkedRole(account), 'kms:ReEncryptTo', through(service, 'eu-west-1', account));

  it('lets the destination account\'s service-linked role re-encrypt through EC2, RDS and FSx (it pulls the copies in), and says so at validate', () => {
    const check = checkRawConfig(copiesIntoOrders());
    expect(check.errors).toEqual([]);
    const model = check.model as EstateModel;
    const received = keyPolicy(stackJson(model, 'orders-eu-west-1'), 'baseline');
    for (const service of ['ec2', 'rds', 'fsx', 'backup']) {
      for (const action of ['kms:CreateGrant', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey']) {
        expect(keyPolicyDecision(received, serviceLinkedRole(ORDERS), action, through(service, 'eu-west-1', ORDERS))).toBe('allow');
      }
    }
    expect(keyPolicyDecision(received, serviceLinkedRole(ORDERS), 'kms:Decrypt', through('s3', 'eu-west-1', ORDERS))).toBe('implicit-deny');
    // The source vault's key receives nothing: no statement for its own service-linked role.
    expect(slrThrough(keyPolicy(stackJson(model, 'payments-eu-west-1'), 'main'), 'ec2', '333333333333')).toBe('implicit-deny');
    expect(check.warnings.filter((p) => p.path === 'plans.gold.rules.daily.copies.orders-baseline' && p.message.includes('AWSServiceRoleForBackup')).map((p) => p.message)).toEqual([
      `copies into account ${ORDERS}: AWS needs both accounts in one AWS Organization, a policy on ${baselineArn} that allows backup:CopyIntoBackupVault from the accounts that run this plan (the key backup-estate writes for vaults.baseline lets that account's AWSServiceRoleForBackup use it through EC2, RDS and FSx, which re-encrypt those copies)`,
    ]);
  });

  it('puts the statement on a shared key of such a vault, and on no key where nothing copies in from another account', () => {
    const shared = checkRawConfig(
      copiesIntoOrders((c) => {
        c.keys = { shared: {} };
        c.vaults.baseline.kmsKey = 'shared';
      }),
    );
    expect(shared.errors).toEqual([]);
    expect(slrThrough(keyPolicy(stackJson(shared.model as EstateModel, 'orders-eu-west-1'), 'shared'), 'ec2', ORDERS)).toBe('allow');
    const alone = checkRawConfig(organizationWith(() => undefined));
    expect(slrThrough(keyPolicy(stackJson(alone.model as EstateModel, 'orders-eu-west-1'), 'baseline'), 'ec2', ORDERS)).toBe('implicit-deny');
  });

  it('counts copies its own access policy lets another account make, from accounts the config does not see (a partner\'s plan), and not an Allow of its own account', () => {
    const admitting = (principals: object) =>
      checkRawConfig(organizationWith((c) => (c.vaults.baseline.accessPolicy.statements = { CopiesIn: { effect: 'Allow', principals, actions: ['backup:CopyIntoBackupVault'] } })));
    const partner = admitting({ aws: ['arn:aws:iam::999999999999:root'] });
    expect(partner.errors).toEqual([]);
    expect(slrThrough(keyPolicy(stackJson(partner.model as EstateModel, 'orders-eu-west-1'), 'baseline'), 'ec2', ORDERS)).toBe('allow');
    const own = admitting({ aws: [`arn:aws:iam::${ORDERS}:root`] });
    expect(own.errors).toEqual([]);
    expect(slrThrough(keyPolicy(stackJson(own.model as EstateModel, 'orders-eu-west-1'), 'baseline'), 'ec2', ORDERS)).toBe('implicit-deny');
  });

  it('counts a hand-written backup policy\'s copy into the vault from another account', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copies-in-'));
    mkdirSync(join(dir, 'policies'));
    const plan = {
      regions: { '@@assign': ['eu-west-1'] },
      rules: {
        weekly: {
          schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' },
          target_backup_vault_name: { '@@assign': 'baseline' },
          lifecycle: { delete_after_days: { '@@assign': '35' } },
          copy_actions: { [baselineArn]: { target_backup_vault_arn: { '@@assign': baselineArn }, lifecycle: { delete_after_days: { '@@assign': '35' } } } },
        },
      },
      selections: { tags: { all: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@assign': ['weekly'] } } } },
    };
    writeFileSync(join(dir, 'policies', 'weekly.json'), JSON.stringify({ plans: { weekly: plan } }));
    const raw = organizationWith((c) => {
      c.organization.policies.weekly = { file: 'policies/weekly.json', targets: ['payments'] };
      c.vaults.baseline.accessPolicy.statements = { CopiesFromPayments: { effect: 'Allow', principals: { aws: ['arn:aws:iam::333333333333:root'] }, actions: ['backup:CopyIntoBackupVault'] } };
    });
    const check = checkRawConfig(raw, { baseDir: dir });
    expect(check.errors).toEqual([]);
    expect(slrThrough(keyPolicy(stackJson(check.model as EstateModel, 'orders-eu-west-1'), 'baseline'), 'rds', ORDERS)).toBe('allow');
    expect(check.warnings.filter((p) => p.path === 'organization.policies.weekly.file' && p.message.includes('AWSServiceRoleForBackup')).map((p) => p.message)).toEqual([
      `plan weekly ${'copies into account'} ${ORDERS}: AWS needs both accounts in one AWS Organization, a policy on ${baselineArn} that allows backup:CopyIntoBackupVault from accounts 333333333333 (the key backup-estate writes for vaults.baseline lets that account's AWSServiceRoleForBackup use it through EC2, RDS and FSx, which re-encrypt those copies)`,
    ]);
  });
});

describe('the restore testing role', () => {
  const model = exampleModel('multi-region.yaml');

  it('uses the vault keys of the stack creating it by reference, so each key waits for the role', () => {
    const primary = stackJson(model, 'payments-prod-eu-west-1');
    const [roleId] = Object.entries(resourcesOf(primary, 'aws_iam_role')).find(([, role]) => role.name === 'aws-backup-restore-testing-role') ?? [];
    expect(roleId).toBeDefined();
    const vaultKeys = Object.values(resourcesOf(primary, 'aws_kms_key')).filter((key) => String(key.description).startsWith('AWS Backup vault key'));
    expect(vaultKeys.length).toBeGreaterThan(0);
    for (const key of vaultKeys) {
      const use = JSON.parse(key.policy).Statement.find((s: TfJson) => s.Sid === 'BackupRoleUse');
      expect(use.Principal.AWS).toContain(`\${aws_iam_role.${roleId}.arn}`);
    }
  });
});
