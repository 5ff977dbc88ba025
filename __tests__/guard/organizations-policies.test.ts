/**
 * The guard on Organizations policies: the vault protection SCP updated in place (read statement
 * by statement with the vault policies' deny evaluator).
 */
import { evaluatePlan } from '../../guard/guard';
import { vaultProtectionDocument } from '../../modules/vault-protection-policy';
import { plan } from './plans';

const STACK = 'management-us-east-1';
const SCP = 'aws_organizations_policy.vault-protection-scp_policy_BE3D2AA1';
const BREAK_GLASS = 'arn:aws:iam::*:role/BackupBreakGlass';
const DOCUMENT = vaultProtectionDocument({ exemptPrincipals: [BREAK_GLASS], keyAliases: ['alias/backup/*'], backupRoles: ['arn:aws:iam::*:role/aws-backup-service-role'] });
const TAIL =
  ': SCP changes take effect at once, and in every account it is attached to any principal it did not exempt may then do what it denied (delete or weaken vaults, their locks and policies, recovery points, vault keys, backup plans or the backup role)';

const edited = (edit: (statements: Record<string, any>[]) => void): string => {
  const document = JSON.parse(DOCUMENT);
  edit(document.Statement);
  return JSON.stringify(document);
};
const update = (address: string, type: string, before: unknown, after: unknown, afterUnknown: Record<string, unknown> = {}) => ({
  address,
  mode: 'managed',
  type: 'aws_organizations_policy',
  change: { actions: ['update'], before: { id: 'p-1', type, content: before }, after: { id: 'p-1', type, content: after }, after_unknown: afterUnknown },
});
const guard = (...changes: unknown[]) => evaluatePlan(plan({ resource_changes: changes }), STACK, []);
const scpVerdict = (after: unknown, afterUnknown?: Record<string, unknown>) => guard(update(SCP, 'SERVICE_CONTROL_POLICY', DOCUMENT, after, afterUnknown)).violations.map((finding) => finding.consequence);

describe('the vault protection SCP updated in place', () => {
  it('is blocked when it drops an action or a statement, or exempts one more principal', () => {
    const statementOf = (statements: Record<string, any>[], sid: string) => statements.find((statement) => statement.Sid === sid) as Record<string, any>;
    expect(scpVerdict(edited((statements) => (statementOf(statements, 'DenyVaultTampering').Action = statementOf(statements, 'DenyVaultTampering').Action.filter((action: string) => action !== 'backup:DeleteRecoveryPoint'))))).toEqual([
      `updating ${SCP} in place no longer denies backup:DeleteRecoveryPoint everywhere statement DenyVaultTampering did${TAIL}`,
    ]);
    expect(scpVerdict(edited((statements) => statements.splice(statements.indexOf(statementOf(statements, 'DenyVaultKeyTampering')), 1)))).toEqual([
      `updating ${SCP} in place no longer denies kms:DisableKey, kms:PutKeyPolicy, kms:ScheduleKeyDeletion everywhere statement DenyVaultKeyTampering did${TAIL}`,
    ]);
    expect(scpVerdict(edited((statements) => statementOf(statements, 'DenyVaultKeyAliasChanges').Condition.ArnNotLike['aws:PrincipalArn'].push('arn:aws:iam::*:role/ci')))).toEqual([
      `updating ${SCP} in place exempts arn:aws:iam::*:role/ci from its deny of kms:DeleteAlias, kms:UpdateAlias (statement DenyVaultKeyAliasChanges)${TAIL}`,
    ]);
  });

  it('is blocked when a new condition or a narrower Resource or alias match scopes a deny down, or the content is known only at apply', () => {
    const keyDeny = `no longer denies kms:DisableKey, kms:PutKeyPolicy, kms:ScheduleKeyDeletion everywhere statement DenyVaultKeyTampering did${TAIL}`;
    expect(scpVerdict(edited((statements) => (statements[2].Condition.StringEquals = { 'aws:RequestedRegion': 'eu-west-1' })))).toEqual([`updating ${SCP} in place ${keyDeny}`]);
    expect(scpVerdict(edited((statements) => (statements[2].Condition['ForAnyValue:StringLike']['kms:ResourceAliases'] = ['alias/backup/main'])))).toEqual([`updating ${SCP} in place ${keyDeny}`]);
    expect(scpVerdict(edited((statements) => (statements[1].Resource = ['arn:aws:iam::111122223333:role/aws-backup-service-role'])))[0]).toContain('everywhere statement ProtectBackupRoles did');
    expect(scpVerdict(undefined, { content: true })).toEqual([`updating ${SCP} in place gets a policy known only at apply: whether it still denies what its 5 Deny statements denied cannot be checked before${TAIL}`]);
  });

  it('passes what denies as much or more: more actions, aliases or resources, statements reordered or merged into a broader one', () => {
    expect(scpVerdict(edited((statements) => statements[0].Action.push('backup:DeleteFramework')))).toEqual([]);
    expect(scpVerdict(edited((statements) => statements[2].Condition['ForAnyValue:StringLike']['kms:ResourceAliases'].push('alias/dr/*')))).toEqual([]);
    expect(scpVerdict(edited((statements) => statements.reverse()))).toEqual([]);
    expect(scpVerdict(edited((statements) => statements.push({ Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS } } }) && statements.splice(2, 1)))).toEqual([]);
  });
});
