/**
 * "Who can undo what" (README), claim by claim, for the organization column: the service control
 * policy of examples/organization.yaml as synthesized, evaluated for an administrator of a member
 * account (SCPs bind its root user too) and for an exempt role, with the README cell it backs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleModel, resourcesOf, synthStack } from '../support/examples';
import { keyPolicyDecision, scpDecision } from '../support/key-policy';
import { vaultAccessPolicy } from '../../modules/backup-vault';
import { backupKeyPolicy } from '../../modules/kms-key';
import { ACCOUNT } from './helpers';

const MEMBER = '333333333333';
const ADMIN = `arn:aws:iam::${MEMBER}:role/Administrator`;
const ROOT = `arn:aws:iam::${MEMBER}:root`;
const DEPLOY = `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`;
const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

function organizationScp(): string {
  const management = exampleModel('organization.yaml').stacks.find((stack) => stack.kind === 'management')!;
  const policies = Object.values(resourcesOf(JSON.parse(synthStack(management)), 'aws_organizations_policy')).filter((policy) => policy.type === 'SERVICE_CONTROL_POLICY');
  expect(policies).toHaveLength(1);
  // Terraform reads "$${" as a literal "${": the document AWS receives.
  return String(policies[0]!.content).split('$${').join('${');
}

describe('Who can undo what: the organization column against the synthesized service control policy', () => {
  const scp = organizationScp();

  it('denies leaving the organization (which would shed every SCP) to the administrator and the root user of a member account, not to the deploy role', () => {
    expect(scpDecision(scp, { principalArn: ADMIN, action: 'organizations:LeaveOrganization' })).toBe('deny');
    expect(scpDecision(scp, { principalArn: ROOT, action: 'organizations:LeaveOrganization' })).toBe('deny');
    expect(scpDecision(scp, { principalArn: DEPLOY, action: 'organizations:LeaveOrganization' })).toBe('not-denied');
    expect(README).toContain(
      "| take the account out of the organization (`organizations:LeaveOrganization`: out of every SCP's reach, after which every cell above reads as in the single-account columns) | – | – | denied (SCP), unless exempt; the management account can still remove it (`RemoveAccountFromOrganization`) |",
    );
  });

  it('leaves a resource\'s own key (EBS, RDS, ...: their recovery points keep it) to the administrator: the key deny reaches only keys with a vault key alias', () => {
    for (const action of ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy']) {
      expect(scpDecision(scp, { principalArn: ADMIN, action, context: { 'kms:resourcealiases': ['alias/backup/vault-main'] } })).toBe('deny');
      expect(scpDecision(scp, { principalArn: ADMIN, action, context: { 'kms:resourcealiases': ['alias/ebs-volumes'] } })).toBe('not-denied');
      expect(scpDecision(scp, { principalArn: ADMIN, action })).toBe('not-denied');
    }
    expect(README).toContain("| **allowed**: the SCP's key deny reaches only keys with a vault key alias (`alias/backup/*`, or a shared key's own) |");
  });

  it('leaves the tags of the resources a selection selects, and the alerts topic, to the administrator', () => {
    expect(scpDecision(scp, { principalArn: ADMIN, action: 'ec2:DeleteTags', resource: `arn:aws:ec2:eu-west-1:${MEMBER}:volume/vol-0123456789abcdef0` })).toBe('not-denied');
    expect(scpDecision(scp, { principalArn: ADMIN, action: 'rds:RemoveTagsFromResource', resource: `arn:aws:rds:eu-west-1:${MEMBER}:db:orders` })).toBe('not-denied');
    expect(scpDecision(scp, { principalArn: ADMIN, action: 'backup:DeleteBackupSelection' })).toBe('deny');
    expect(README).toContain('| **allowed**: the SCP covers plans, selections and Region settings, not the tags of the resources they select |');
    for (const action of ['sns:DeleteTopic', 'sns:SetTopicAttributes']) expect(scpDecision(scp, { principalArn: ADMIN, action, resource: `arn:aws:sns:eu-west-1:${MEMBER}:aws-backup-alerts` })).toBe('not-denied');
    expect(README).toContain('the alert resources themselves (the SNS topic and its access policy, EventBridge rules, SNS subscriptions, CloudWatch alarms) are not covered |');
  });

  it('leaves detaching, changing and deleting the SCP to a member account the management account delegates policy management to', () => {
    for (const action of ['organizations:DetachPolicy', 'organizations:UpdatePolicy', 'organizations:DeletePolicy']) expect(scpDecision(scp, { principalArn: ADMIN, action })).toBe('not-denied');
    expect(README).toContain('the SCP does not deny `organizations:DetachPolicy`, `UpdatePolicy` or `DeletePolicy`, so delegate only `BACKUP_POLICY`');
  });

  it('leaves an identity provider of the account, which an exempt role may trust, to the administrator', () => {
    for (const action of ['iam:UpdateSAMLProvider', 'iam:UpdateOpenIDConnectProviderThumbprint']) {
      expect(scpDecision(scp, { principalArn: ADMIN, action, resource: `arn:aws:iam::${MEMBER}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE` })).toBe('not-denied');
    }
    expect(README).toContain('the SCP does not deny changing that provider (`iam:UpdateSAMLProvider`, `iam:UpdateOpenIDConnectProviderThumbprint`, ...)');
  });

  it('denies what the column says it denies, to the root user as to the administrator', () => {
    for (const principalArn of [ADMIN, ROOT]) {
      for (const action of ['backup:DeleteRecoveryPoint', 'backup:DeleteBackupVault', 'backup:DeleteBackupVaultLockConfiguration', 'backup:UpdateRegionSettings', 'backup:UpdateBackupPlan']) {
        expect(scpDecision(scp, { principalArn, action })).toBe('deny');
      }
      expect(scpDecision(scp, { principalArn, action: 'kms:DeleteAlias', resource: `arn:aws:kms:eu-west-1:${MEMBER}:alias/backup/vault-main` })).toBe('deny');
      expect(scpDecision(scp, { principalArn, action: 'iam:DeleteRole', resource: `arn:aws:iam::${MEMBER}:role/aws-backup-service-role` })).toBe('deny');
      for (const action of ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole']) expect(scpDecision(scp, { principalArn, action, resource: DEPLOY })).toBe('deny');
    }
  });
});

describe('Who can undo what: the single-account column without a deployment role', () => {
  const GLASS = 'arn:aws:iam::111122223333:role/BackupBreakGlass';
  const ADMINISTRATOR = 'arn:aws:iam::111122223333:role/Administrator';

  it('denies deleting recovery points only until the administrator deletes the vault policy, which it does not deny: the vault can then be emptied and deleted', () => {
    const policy = vaultAccessPolicy({ breakGlassPrincipals: [GLASS] })!;
    expect(keyPolicyDecision(policy, ADMINISTRATOR, 'backup:DeleteRecoveryPoint')).toBe('deny');
    // Not denied by the vault policy: in the vault's own account, AdministratorAccess then allows it.
    for (const action of ['backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration', 'backup:DeleteBackupVault']) expect(keyPolicyDecision(policy, ADMINISTRATOR, action)).toBe('implicit-deny');
    expect(README).toContain('| delete a recovery point (or disassociate a continuous one), shorten its lifecycle, replace the vault policy | denied (vault policy), unless exempt, until the administrator deletes the vault policy (next row) |');
    expect(README).toContain('| delete the vault | only once empty: emptying it takes deleting the vault policy and a governance-mode lock first, both allowed above');
  });

  it('denies disabling or deleting the vault key only until a key administrator replaces the key policy', () => {
    const policy = backupKeyPolicy({ account: ACCOUNT, backupRoleArns: [], breakGlassPrincipals: [GLASS] });
    const root = `arn:aws:iam::${ACCOUNT.accountId}:root`;
    expect(keyPolicyDecision(policy, root, 'kms:ScheduleKeyDeletion')).toBe('deny');
    expect(keyPolicyDecision(policy, root, 'kms:PutKeyPolicy')).toBe('allow');
    expect(README).toContain('| schedule the deletion of a vault key, disable it | denied (key policy), until a key administrator replaces the key policy (next row) |');
  });
});
