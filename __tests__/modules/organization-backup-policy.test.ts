import { Fn } from 'cdktf';
import { OrganizationsOrganizationalUnit } from '@cdktf/provider-aws/lib/organizations-organizational-unit';
import { OrganizationBackupPolicy, OrganizationBackupPolicyProps } from '../../modules/organization-backup-policy';
import { VaultProtectionPolicy, type VaultProtectionPolicyProps } from '../../modules/vault-protection-policy';
import { findings, organizationWith } from '../support/configs';
import { expectValidationError, resourcesOf, synth } from './helpers';

/** A valid policy: one plan, daily, 35 days, tag selection. */
const DOCUMENT = {
  plans: {
    baseline: {
      regions: { '@@assign': ['eu-west-1'] },
      rules: { daily: { schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' }, target_backup_vault_name: { '@@assign': 'main' }, lifecycle: { delete_after_days: { '@@assign': '35' } } } },
      selections: { tags: { gold: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@assign': ['gold'] } } } },
    },
  },
};
const props: OrganizationBackupPolicyProps = { policyName: 'baseline', content: JSON.stringify(DOCUMENT), targets: { workloads: 'ou-a1b2-workload1' } };
const construct = 'OrganizationBackupPolicy stack/policy';
const synthPolicy = (overrides: Partial<OrganizationBackupPolicyProps> = {}) => synth((scope) => new OrganizationBackupPolicy(scope, 'policy', { ...props, ...overrides }));

describe('OrganizationBackupPolicy', () => {
  it('creates the BACKUP_POLICY with its content as given and one attachment per target', () => {
    const out = synthPolicy({ targets: { workloads: 'ou-a1b2-workload1', payments: '333333333333' } });
    const [policy] = Object.values(resourcesOf(out, 'aws_organizations_policy'));
    expect(policy).toMatchObject({ name: 'baseline', type: 'BACKUP_POLICY', content: JSON.stringify(DOCUMENT) });
    expect(Object.values(resourcesOf(out, 'aws_organizations_policy_attachment')).map((attachment) => attachment.target_id).sort()).toEqual(['333333333333', 'ou-a1b2-workload1']);
  });

  it('checks its document with the policy validator: what validate-policy refuses, the construct refuses', () => {
    const document = structuredClone(DOCUMENT);
    const rule = document.plans.baseline.rules.daily as Record<string, unknown>;
    rule.schedule_expression = { '@@assign': 'cron(0/5 * ? * * *)' };
    rule.lifecycle = { move_to_cold_storage_after_days: { '@@assign': '30' }, delete_after_days: { '@@assign': '31' } };
    expectValidationError(() => synthPolicy({ content: JSON.stringify(document) }), construct, [
      { path: 'content', message: '$.plans.baseline.rules.daily.schedule_expression: runs up to 12 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field' },
      { path: 'content', message: '$.plans.baseline.rules.daily.lifecycle.delete_after_days: must be at least move_to_cold_storage_after_days + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 31' },
    ]);
  });

  it('keeps "${" and "%{" literal in the content (Terraform would read them as a template)', () => {
    const document = structuredClone(DOCUMENT);
    document.plans.baseline.selections.tags.gold.iam_role_arn = { '@@assign': 'arn:aws:iam::$account:role/a%{b}${c}/aws-backup-service-role' };
    const [policy] = Object.values(resourcesOf(synthPolicy({ content: JSON.stringify(document) }), 'aws_organizations_policy'));
    expect(policy.content).toContain('"arn:aws:iam::$account:role/a%%{b}$${c}/aws-backup-service-role"');
  });

  it('lets Terraform references through (known at apply only), and reads a child policy as partial when asked', () => {
    const out = synth((scope) => {
      const unit = new OrganizationsOrganizationalUnit(scope, 'unit', { name: 'workloads', parentId: 'r-ab12' });
      new OrganizationBackupPolicy(scope, 'policy', { ...props, targets: { unit: unit.id } });
    });
    expect(Object.values(resourcesOf(out, 'aws_organizations_policy_attachment')).map((attachment) => attachment.target_id)).toEqual([expect.stringContaining('aws_organizations_organizational_unit.')]);
    // Content that is a reference stays one: escaped, it reached AWS as the text ${file("policy.json")}.
    const [fromFile] = Object.values(resourcesOf(synthPolicy({ content: Fn.file('policy.json') }), 'aws_organizations_policy'));
    expect(fromFile.content).toBe('${file("policy.json")}');
    const child = { plans: { baseline: { regions: { '@@append': ['us-east-1'] } } } };
    expect(() => synthPolicy({ content: JSON.stringify(child) })).toThrow(/selections: is required/);
    expect(() => synthPolicy({ content: JSON.stringify(child), partial: true })).not.toThrow();
  });

  it('refuses content that is not JSON, no target (the policy would enforce nothing) and target ids that are none', () => {
    expect(() => synthPolicy({ content: 'not json' })).toThrow(/content: \$: /);
    expectValidationError(() => synthPolicy({ targets: {} }), construct, [{ path: 'targets', message: 'must name at least one root, organizational unit or account' }]);
    expectValidationError(() => synthPolicy({ targets: { prod: 'prod' } }), construct, [{ path: 'targets.prod', message: '"prod" is not a root (r-...), organizational unit (ou-...) or account id' }]);
  });
});

describe('what AWS Organizations takes of any policy, asked of OrganizationBackupPolicy and VaultProtectionPolicy alike (each synthesized these silently)', () => {
  const scp: VaultProtectionPolicyProps = { policyName: 'backup-estate-vault-protection', exemptPrincipals: ['arn:aws:iam::*:role/BackupBreakGlass'], keyAliases: ['alias/backup/*'], targets: { workloads: 'ou-a1b2-workload1' } };
  const synthScp = (overrides: Partial<VaultProtectionPolicyProps>) => synth((scope) => new VaultProtectionPolicy(scope, 'scp', { ...scp, ...overrides }));
  const both = (overrides: Partial<OrganizationBackupPolicyProps>, problems: { path: string; message: string }[]) => {
    expectValidationError(() => synthPolicy(overrides), construct, problems);
    expectValidationError(() => synthScp(overrides), 'VaultProtectionPolicy stack/scp', problems);
  };

  it('a description over 512 characters (PolicySummary Description), as the config refuses in organization.policies', () => {
    both({ description: 'd'.repeat(513) }, [{ path: 'description', message: 'must be at most 512 characters; got 513' }]);
    expect(findings(organizationWith((c) => (c.organization.policies.baseline.description = 'd'.repeat(513)))).errors).toEqual(['organization.policies.baseline.description: must be at most 512 characters']);
    expect(() => synthPolicy({ description: 'd'.repeat(512) })).not.toThrow();
  });

  it('a name that is empty, not ASCII or starts with a space, as the config refuses for security.serviceControlPolicy.name', () => {
    for (const policyName of ['', 'sauvegarde-é', ' leading', 'p'.repeat(129)]) both({ policyName }, [{ path: 'policyName', message: `must be 1-128 printable ASCII characters, not starting with a space; got "${policyName}"` }]);
    expect(findings(organizationWith((c) => (c.security = { serviceControlPolicy: { name: 'sauvegarde-é' } }))).errors).toEqual(['security.serviceControlPolicy.name: must be 1-128 printable ASCII characters, not starting with a space']);
    expect(() => synthPolicy({ policyName: 'p'.repeat(128) })).not.toThrow();
  });

  it('a target that is no root, unit or account id (the SCP took any string), and one target twice (DuplicatePolicyAttachmentException)', () => {
    both({ targets: { prod: 'prod' } }, [{ path: 'targets.prod', message: '"prod" is not a root (r-...), organizational unit (ou-...) or account id' }]);
    both({ targets: { a: '333333333333', b: '333333333333' } }, [{ path: 'targets.b', message: 'attaches the policy a second time to 333333333333 (a names it too): AWS Organizations refuses it (DuplicatePolicyAttachmentException)' }]);
    // Two units of one OU id in the config: validate says so at the second, as synth would throw.
    const twice = organizationWith((c) => ((c.organization.units.again = 'ou-a1b2-workload1'), (c.organization.policies.baseline.targets = ['workloads', 'again']), (c.security = { serviceControlPolicy: { targets: ['workloads', 'again', 'backup'] } })));
    expect(findings(twice).errors).toEqual([
      'organization.policies.baseline.targets.0: attaches the policy a second time to ou-a1b2-workload1 (again names it too): AWS Organizations refuses it (DuplicatePolicyAttachmentException)',
      'security.serviceControlPolicy.targets: service control policy: attaches the policy a second time to ou-a1b2-workload1 (again names it too): AWS Organizations refuses it (DuplicatePolicyAttachmentException)',
    ]);
  });
});
