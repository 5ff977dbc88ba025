/**
 * CompliancePackAspect on a real stack built with the project's constructs: cdktf 0.21 invokes
 * aspects added to a stack on app.synth() (and Testing.synth), not aspects added to the App, and the
 * aspect sees resolved references ("${aws_x.y.attr}"), the same JSON as cdk.tf.json.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVault } from '../../modules/backup-vault';
import { BackupPlan } from '../../modules/backup-plan';
import { addToStacks, CompliancePackAspect, FindingsCollector } from '../../compliance/aspect';
import { DEFAULT_THRESHOLDS, evaluateStack } from '../../compliance/pack';
import * as ids from '../../compliance/rules/ids';
import type { StackFacts, Suppression } from '../../compliance/types';

const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };

const factsOf = (name: string): StackFacts => ({ stack: name, kind: 'workload', region: 'eu-west-1', accountId: ACCOUNT.accountId, rpoTargetHours: { small: 12 }, externalLocks: {} });

/**
 * A vault with a dedicated key, locked 7-400 days by a lock resource of its own (BackupPlan refuses
 * a rule outside the lock of a BackupVault `lock` it knows; this lock only the rule pack reads), and
 * a plan without selection whose rule keeps 500 days.
 */
function smallApp(): { app: App; stack: TerraformStack; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'compliance-aspect-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'small');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { 'managed-by': 'backup-estate' } }] });
  const vault = new BackupVault(stack, 'vault', {
    vaultName: 'main',
    dedicatedKey: { account: ACCOUNT, backupRoleArns: ['arn:aws:iam::111122223333:role/aws-backup-service-role'] },
  });
  new BackupVaultLockConfiguration(vault, 'lock', { backupVaultName: vault.name, minRetentionDays: 7, maxRetentionDays: 400, lifecycle: { preventDestroy: true } });
  new BackupPlan(stack, 'plan', { planName: 'small', rules: { daily: { targetVaultName: vault.name, lifecycle: { deleteAfterDays: 500 }, recoveryPointTags: { retention: '500d' } } } });
  return { app, stack, outdir };
}

const summary = (collector: FindingsCollector) => collector.findings().map((f) => `${f.address.replace(/_[0-9A-F]{8}$/, '_<hash>')} ${f.ruleId}${f.suppressed ? ' (suppressed)' : ''}`);

const EXPECTED = [
  `aws_backup_plan.plan_<hash> ${ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN}`,
  `aws_backup_plan.plan_<hash> ${ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_REGION}`,
  `aws_backup_plan.plan_<hash> ${ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK}`,
  `aws_backup_plan.plan_<hash> ${ids.BACKUP_ESTATE_RPO_WITHIN_TARGET}`,
];

describe('CompliancePackAspect', () => {
  it('runs on app.synth() when added to the stack, with references resolved', () => {
    const { app, stack } = smallApp();
    const collector = new FindingsCollector();
    const seen: string[] = [];
    Aspects.of(stack).add(new CompliancePackAspect((name) => (seen.push(name), factsOf(name)), DEFAULT_THRESHOLDS, [], collector));
    expect(collector.findings()).toEqual([]); // nothing runs before synthesis
    app.synth();
    expect(seen).toEqual(['small']);
    expect(collector.stacks()).toEqual(['small']);
    expect(summary(collector)).toEqual(EXPECTED);
    // The lock was found through the resolved reference target_vault_name = "${aws_backup_vault.vault_<hash>.name}".
    const lock = collector.findings().find((f) => f.ruleId === ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK);
    expect(lock?.message).toMatch(/^rule daily keeps recovery points 500 days in aws_backup_vault\.vault_[0-9A-F]{8}, whose lock allows 7-400 days$/);
    expect(collector.errors().map((f) => f.ruleId)).toEqual([ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN, ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK, ids.BACKUP_ESTATE_RPO_WITHIN_TARGET]);
  });

  it('sees exactly the JSON that synthesis writes to cdk.tf.json', () => {
    const { app, stack, outdir } = smallApp();
    const collector = new FindingsCollector();
    Aspects.of(stack).add(new CompliancePackAspect(factsOf, DEFAULT_THRESHOLDS, [], collector));
    app.synth();
    const written = JSON.parse(readFileSync(join(outdir, 'stacks', 'small', 'cdk.tf.json'), 'utf8'));
    expect(evaluateStack(written, factsOf('small'))).toEqual(collector.findings());
  });

  it('is not invoked when added to the App only (cdktf 0.21 starts aspects at each stack); addToStacks adds it to every stack', () => {
    const onApp = smallApp();
    const ignored = new FindingsCollector();
    Aspects.of(onApp.app).add(new CompliancePackAspect(factsOf, DEFAULT_THRESHOLDS, [], ignored));
    onApp.app.synth();
    expect(ignored.findings()).toEqual([]);

    const everyStack = smallApp();
    const collector = new FindingsCollector();
    addToStacks(everyStack.app, new CompliancePackAspect(factsOf, DEFAULT_THRESHOLDS, [], collector));
    everyStack.app.synth();
    expect(summary(collector)).toEqual(EXPECTED);
  });

  it('runs under Testing.synth too, replacing the stack\'s findings when evaluated again', () => {
    const { app, stack } = smallApp();
    const collector = new FindingsCollector();
    Aspects.of(stack).add(new CompliancePackAspect(factsOf, DEFAULT_THRESHOLDS, [], collector));
    Testing.synth(stack);
    app.synth();
    expect(summary(collector)).toEqual(EXPECTED);
  });

  it('applies suppressions and reports the unused ones', () => {
    const { app, stack } = smallApp();
    const collector = new FindingsCollector();
    const suppressions: Suppression[] = [
      { rule: ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN, stack: 'small', reason: 'Selections come from the organization backup policy.' },
      { rule: ids.CHECKOV_CKV_AWS_7, reason: 'stale' },
    ];
    Aspects.of(stack).add(new CompliancePackAspect(factsOf, DEFAULT_THRESHOLDS, suppressions, collector));
    app.synth();
    expect(summary(collector)[0]).toBe(`${EXPECTED[0]} (suppressed)`);
    expect(collector.errors().map((f) => f.ruleId)).toEqual([ids.BACKUP_ESTATE_RETENTION_WITHIN_LOCK, ids.BACKUP_ESTATE_RPO_WITHIN_TARGET]);
    expect(collector.unusedSuppressions(suppressions)).toEqual([suppressions[1]]);
  });
});
