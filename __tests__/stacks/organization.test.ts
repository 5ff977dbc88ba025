import { BackupGlobalSettings } from '@cdktf/provider-aws/lib/backup-global-settings';
import { BackupLogicallyAirGappedVault } from '@cdktf/provider-aws/lib/backup-logically-air-gapped-vault';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import type { EstateModel, StackModel } from '../../config/estate-model';
import { checkRawConfig } from '../../config';
import { organizationWith } from '../support/configs';
import { exampleModel, resourcesOf, synthStack, TfJson } from '../support/examples';

const model = exampleModel('organization.yaml');
const stack = (name: string): StackModel => {
  const found = model.stacks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stack ${name}`);
  return found;
};
const json = (name: string): TfJson => JSON.parse(synthStack(stack(name)));

describe('organization example', () => {
  it('has a management stack, a central stack per central Region and a stack per account and Region', () => {
    expect(model.stacks.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'management:management-us-east-1',
      'central:central-eu-west-1',
      'central:central-us-east-1',
      'workload:analytics-eu-west-1',
      'workload:analytics-us-east-1',
      'workload:orders-eu-west-1',
      'workload:orders-us-east-1',
      'workload:payments-eu-west-1',
      'workload:payments-us-east-1',
    ]);
  });

  describe('management stack', () => {
    const synth = synthStack(stack('management-us-east-1'));

    it('enables cross-account backup and registers the backup account as delegated administrator', () => {
      expect(synth).toHaveResourceWithProperties(BackupGlobalSettings, { global_settings: { isCrossAccountBackupEnabled: 'true' } });
      expect(synth).toHaveResourceWithProperties(OrganizationsDelegatedAdministrator, { account_id: '222222222222', service_principal: 'backup.amazonaws.com' });
    });

    it('creates the baseline BACKUP_POLICY and attaches it to the unit', () => {
      expect(synth).toHaveResourceWithProperties(OrganizationsPolicy, { name: 'baseline', type: 'BACKUP_POLICY' });
      expect(synth).toHaveResourceWithProperties(OrganizationsPolicyAttachment, { target_id: 'ou-a1b2-workload1' });
      const [policy] = Object.values(resourcesOf(JSON.parse(synth), 'aws_organizations_policy'));
      const content = JSON.parse(policy.content);
      expect(content.plans.silver.regions['@@assign']).toEqual(['eu-west-1', 'us-east-1']);
      expect(content.plans.silver.rules.daily.target_backup_vault_name['@@assign']).toBe('baseline');
      expect(content.plans.silver.selections.tags.tagged.iam_role_arn['@@assign']).toBe('arn:aws:iam::$account:role/aws-backup-service-role');
      expect(policy.content.length).toBeLessThanOrEqual(10_000);
    });

    it('assumes the management account role and keeps state in S3 with native locking', () => {
      const parsed = JSON.parse(synth);
      expect(parsed.provider.aws[0].assume_role).toEqual([{ role_arn: 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole', session_name: 'backup-estate' }]);
      expect(parsed.terraform.backend).toEqual({
        s3: { bucket: 'example-org-terraform-state', key: 'backup-estate/management-us-east-1/terraform.tfstate', region: 'us-east-1', encrypt: true, use_lockfile: true },
      });
    });
  });

  describe('central backup stack', () => {
    const central = json('central-eu-west-1');

    it('lets only organization accounts copy in, and denies deletion', () => {
      const [policy] = Object.values(resourcesOf(central, 'aws_backup_vault_policy')).map((p) => JSON.parse(p.policy));
      expect(policy.Statement[0]).toEqual({
        Sid: 'AllowCopiesFromOrganization',
        Effect: 'Allow',
        Principal: '*',
        Action: 'backup:CopyIntoBackupVault',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      });
      expect(policy.Statement[1].Sid).toBe('DenyRecoveryPointDeletion');
    });

    it('encrypts with a key the organization may use through AWS Backup only', () => {
      const [key] = Object.values(resourcesOf(central, 'aws_kms_key'));
      const statement = JSON.parse(key.policy).Statement.find((s: TfJson) => s.Sid === 'OrganizationCopiesThroughAwsBackup');
      expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'kms:ViaService': 'backup.eu-west-1.amazonaws.com' } });
      expect(key.enable_key_rotation).toBe(true);
    });

    it('locks the vault in compliance mode and adds the air-gapped vault', () => {
      const [lock] = Object.values(resourcesOf(central, 'aws_backup_vault_lock_configuration'));
      expect(lock).toMatchObject({ min_retention_days: 7, max_retention_days: 400, changeable_for_days: 3 });
      expect(synthStack(stack('central-eu-west-1'))).toHaveResourceWithProperties(BackupLogicallyAirGappedVault, { name: 'org-air-gapped', min_retention_days: 7, max_retention_days: 400 });
    });
  });

  describe('workload stacks', () => {
    it('copy into the central vault of their Region by computed ARN', () => {
      const plan = Object.values(resourcesOf(json('payments-us-east-1'), 'aws_backup_plan'))[0];
      const monthly = plan.rule.find((r: TfJson) => r.rule_name === 'monthly');
      expect(monthly.copy_action.map((c: TfJson) => c.destination_vault_arn).sort()).toEqual([
        'arn:aws:backup:us-east-1:222222222222:backup-vault:org-air-gapped',
        'arn:aws:backup:us-east-1:222222222222:backup-vault:org-central-backup',
      ]);
    });

    it('create the vaults a backup policy names, and the service role in the primary Region, even without plans of their own', () => {
      const primary = json('analytics-eu-west-1');
      expect(Object.values(resourcesOf(primary, 'aws_backup_vault')).map((v) => v.name)).toEqual(['baseline']);
      expect(Object.values(resourcesOf(primary, 'aws_iam_role')).map((r) => r.name).sort()).toEqual(['aws-backup-restore-testing-role', 'aws-backup-service-role']);
      expect(resourcesOf(primary, 'aws_backup_plan')).toEqual({});
      const secondary = json('analytics-us-east-1');
      expect(resourcesOf(secondary, 'aws_iam_role')).toEqual({});
      expect(Object.values(resourcesOf(secondary, 'aws_backup_vault')).map((v) => v.name)).toEqual(['baseline']);
    });

    it('assume the account role', () => {
      expect(json('orders-eu-west-1').provider.aws[0].assume_role[0].role_arn).toBe('arn:aws:iam::444444444444:role/OrganizationAccountAccessRole');
    });

    it('depend on the management stack, the central stack of their Region and their primary Region', () => {
      expect(stack('orders-us-east-1').rollout.dependsOn).toEqual(['central-us-east-1', 'management-us-east-1', 'orders-eu-west-1']);
    });

    it('synthesize a plan listing another account\'s resource (validate accepts it in an organization when that account runs the plan too: each stack holds the same plan)', () => {
      const arn = 'arn:aws:rds:eu-west-1:444444444444:db:orders';
      const check = checkRawConfig(organizationWith((c) => ((c.plans.gold.selections.listed = { resources: [arn] }), (c.accounts.orders.plans = ['gold']))));
      expect(check.errors).toEqual([]);
      const synthesized = (name: string) => Object.values(resourcesOf(JSON.parse(synthStack((check.model as EstateModel).stacks.find((s) => s.name === name) as StackModel)), 'aws_backup_selection'));
      expect(synthesized('payments-eu-west-1').map((selection) => selection.resources)).toContainEqual([arn]);
    });
  });
});
