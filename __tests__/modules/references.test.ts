import { App, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupVault } from '../../modules/backup-vault';
import { BackupPlan } from '../../modules/backup-plan';
import { sameStackReference } from '../../modules/references';
import { ACCOUNT, BACKUP_ROLE } from './helpers';

/** A stack's synthesized JSON. */
function synthStack(stack: TerraformStack): Record<string, any> {
  return (stack as unknown as { toTerraform: () => Record<string, any> }).toTerraform();
}

describe('sameStackReference', () => {
  it('writes what cdktf writes for the token of the same attribute', () => {
    const stack = new TerraformStack(new App(), 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const vault = new BackupVault(stack, 'vault-main', { vaultName: 'main', dedicatedKey: { account: ACCOUNT, backupRoleArns: [BACKUP_ROLE] } });
    new TerraformOutput(stack, 'token', { value: vault.vault.name });
    new TerraformOutput(stack, 'literal', { value: sameStackReference(vault.vault, 'name') });
    const { output } = synthStack(stack);
    expect(output.literal.value).toBe('${aws_backup_vault.vault-main_vault_77900A69.name}');
    expect(output.literal.value).toBe(output.token.value);
  });

  it('leaves the constructs\' public attributes cdktf tokens, so another stack can still reference them', () => {
    const app = new App();
    const stack = new TerraformStack(app, 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const vault = new BackupVault(stack, 'vault', { vaultName: 'main', dedicatedKey: { account: ACCOUNT, backupRoleArns: [BACKUP_ROLE] } });
    const plan = new BackupPlan(stack, 'plan', { planName: 'daily', rules: { daily: { targetVaultName: vault.name, lifecycle: { deleteAfterDays: 35 } } } });
    for (const attribute of [vault.name, vault.arn, vault.encryptionKeyArn, vault.key?.arn ?? '', plan.planId, plan.arn]) expect(Token.isUnresolved(attribute)).toBe(true);
  });
});
