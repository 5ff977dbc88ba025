/**
 * Rules named after an AWS control judge what that control judges, as AWS documents it: each case
 * quotes the definition and asserts the exact finding.
 */
import * as ids from '../../compliance/rules/ids';
import { evaluateStack } from '../../compliance/pack';
import { compliantStack, DENY_DELETION, factsFor, policy } from './fixtures';

const manualDeletion = (statements: readonly Record<string, unknown>[]): [string, string][] => {
  const stack = compliantStack();
  stack.resource.aws_backup_vault_policy['main-policy'].policy = policy(statements);
  return evaluateStack(stack, factsFor())
    .filter((finding) => finding.ruleId === ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED)
    .map((finding) => [finding.address, finding.message]);
};

describe('backup-recovery-point-manual-deletion-disabled', () => {
  // AWS Config: NON_COMPLIANT if the vault "has policies without a suitable 'Deny' statement (statement with
  // backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, and backup:PutBackupVaultAccessPolicy permissions)".
  it('requires the three actions in one Deny statement, not spread over several', () => {
    expect(manualDeletion(DENY_DELETION.Action.map((action, index) => ({ ...DENY_DELETION, Sid: `Deny${index}`, Action: action })))).toEqual([
      [
        'aws_backup_vault.main',
        'the access policy of aws_backup_vault.main denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy to Principal "*" only in separate statements: AWS Config requires one Deny statement with all three',
      ],
    ]);
  });

  it('passes one statement with the three actions beside other statements', () => {
    expect(manualDeletion([DENY_DELETION, { ...DENY_DELETION, Sid: 'Extra', Action: 'backup:DeleteRecoveryPoint' }])).toEqual([]);
  });
});
