/**
 * BackupPlan holds each rule's and copy's retention against the lock of a vault the stack's
 * constructs created (BackupVault with a lock, AirGappedVault): AWS Backup fails every backup and
 * copy job outside the range (PutBackupVaultLockConfiguration: "If the job's retention period is
 * longer than that maximum retention period, then the vault fails the backup or copy job"). The
 * config refused these before; the construct synthesized them.
 */
import { Testing } from 'cdktf';
import { BackupPlan as AwsBackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { AirGappedVault } from '../../modules/air-gapped-vault';
import { BackupPlan, type BackupRuleProps } from '../../modules/backup-plan';
import { BackupVault } from '../../modules/backup-vault';
import { sameStackReference } from '../../modules/references';
import { expectValidationError, KEY_ARN, stackWithProviders } from './helpers';

const construct = 'BackupPlan stack/plan';
const outside = (days: number, vault: string, range: string) => `retention of ${days} days is outside the lock range of vault "${vault}" (${range} days): AWS Backup fails these jobs`;

/** A stack with vault `main` locked 7-30 days, vault `dr` (aliased provider) locked 90-400 and an air-gapped vault of 7-100 days. */
function lockedStack() {
  const { stack, dr } = stackWithProviders();
  const main = new BackupVault(stack, 'main', { vaultName: 'main', encryptionKeyArn: KEY_ARN, lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 30 } });
  const copyVault = new BackupVault(stack, 'dr', { vaultName: 'dr', encryptionKeyArn: KEY_ARN.replace('eu-west-1', 'eu-central-1'), provider: dr, lock: { mode: 'governance', minRetentionDays: 90, maxRetentionDays: 400 } });
  const airGapped = new AirGappedVault(stack, 'lag', { vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 100 });
  return { stack, dr, main, copyVault, airGapped };
}

describe('BackupPlan: retention against the lock of a vault the stack created', () => {
  it('refuses a rule kept longer than its vault allows, by reference or by literal name', () => {
    const rule = (targetVaultName: string): BackupRuleProps => ({ targetVaultName, lifecycle: { deleteAfterDays: 365 } });
    // A token, the `${aws_backup_vault.<id>.name}` the stacks write (modules/references.ts), or the literal name.
    for (const target of [(main: BackupVault) => main.name, (main: BackupVault) => sameStackReference(main.vault, 'name'), () => 'main']) {
      const { stack, main } = lockedStack();
      expectValidationError(() => new BackupPlan(stack, 'plan', { planName: 'p', rules: { daily: rule(target(main)) } }), construct, [{ path: 'rules.daily.lifecycle.deleteAfterDays', message: outside(365, 'main', '7-30') }]);
    }
  });

  it('refuses copies outside their destination lock, with their own lifecycle or the rule one they inherit', () => {
    const { stack, main, copyVault, airGapped } = lockedStack();
    const copies = { dr: { destinationVaultArn: copyVault.arn }, lag: { destinationVaultArn: airGapped.arn, lifecycle: { deleteAfterDays: 365 } } };
    expectValidationError(() => new BackupPlan(stack, 'plan', { planName: 'p', rules: { daily: { targetVaultName: main.name, lifecycle: { deleteAfterDays: 30 }, copies } } }), construct, [
      { path: 'rules.daily.copies.dr', message: outside(30, 'dr', '90-400') },
      { path: 'rules.daily.copies.lag.lifecycle.deleteAfterDays', message: outside(365, 'lag', '7-100') },
    ]);
  });

  it('accepts retention inside every range, and leaves vaults it does not know (another provider by name, a literal ARN) to the config and AWS', () => {
    const { stack, dr, main, copyVault } = lockedStack();
    new BackupPlan(stack, 'plan', {
      planName: 'p',
      rules: {
        daily: { targetVaultName: main.name, lifecycle: { deleteAfterDays: 30 }, copies: { dr: { destinationVaultArn: copyVault.arn, lifecycle: { deleteAfterDays: 90 } } } },
        // Vault `dr` lives under the aliased provider: the name alone, under the default one, is another vault.
        yearly: { targetVaultName: 'dr', lifecycle: { deleteAfterDays: 3650 }, copies: { far: { destinationVaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr' } } },
      },
    });
    new BackupPlan(stack, 'drplan', { planName: 'd', provider: dr, rules: { daily: { targetVaultName: 'dr', lifecycle: { deleteAfterDays: 90 } } } });
    expect(Testing.synth(stack)).toHaveResource(AwsBackupPlan);
  });
});
