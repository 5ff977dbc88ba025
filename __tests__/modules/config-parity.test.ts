/**
 * The constructs give the config's verdict where they take the same input (README, "Using the
 * constructs from TypeScript"): each case here was accepted silently by the construct while the
 * config check refused it or warned (found by the construct-versus-config audit), and is now asked
 * of the one check both paths share.
 */
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { BackupPlan, type BackupRuleProps } from '../../modules/backup-plan';
import { BackupVault } from '../../modules/backup-vault';
import { configWith, findings } from '../support/configs';
import { expectValidationError, synth } from './helpers';

const SOURCE = 'AWS Backup, "Overlapping continuous backups on the same resource"';
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:orders';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const pitr = (vault: string, deleteAfterDays: number): BackupRuleProps => ({ targetVaultName: vault, continuousBackup: true, lifecycle: { deleteAfterDays } });
const warningsOf = (construct: Construct): unknown[] => construct.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => entry.data);

function stack(): TerraformStack {
  const scope = new TerraformStack(new App({ stackTraces: false }), 'stack');
  new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
  return scope;
}

describe('BackupPlan: continuous rules of one plan, as the config judges them', () => {
  const differentVaults = `continuous backup rules daily (vault main), pitr (vault pitr) point to different vaults: AWS Backup rejects such a plan as not valid (${SOURCE}); keep one continuous rule per plan, or send them to one vault`;

  it('into different vaults: a ValidationError, as AWS rejects the plan at apply (the config error, word for word)', () => {
    expectValidationError(() => synth((scope) => new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: pitr('main', 35), pitr: pitr('pitr', 30) } })), 'BackupPlan stack/plan', [{ path: 'rules', message: differentVaults }]);
    const config = configWith((c) => {
      c.vaults.pitr = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.rules = { daily: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } }, pitr: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, vault: 'pitr', lifecycle: { deleteAfterDays: 30 } } };
      c.plans.gold.selections = { db: { resources: [DB] } };
    });
    expect(findings(config).errors).toEqual([`plans.gold.rules: ${differentVaults}`]);
  });

  it('into one vault: a warning on the rule AWS disregards (its retention and copies do nothing)', () => {
    const plan = new BackupPlan(stack(), 'plan', { planName: 'gold', rules: { daily: pitr('main', 35), short: pitr('main', 14) } });
    expect(warningsOf(plan)).toEqual([
      `rules.short.continuousBackup: AWS Backup disregards this rule: of the continuous rules of a plan into one vault it creates the continuous backup only for the one kept longest (daily), so this rule's retention and copies do nothing (${SOURCE}); remove it or merge its copies into daily`,
    ]);
  });

  it('vaults given as references are unknown until apply (two references to one vault differ as strings): no verdict', () => {
    const scope = stack();
    const vault = new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } });
    const plan = new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: pitr(vault.name, 35), short: pitr(vault.name, 14), other: pitr('main', 20) } });
    expect(warningsOf(plan)).toEqual([]);
  });
});
