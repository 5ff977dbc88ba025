/**
 * The guard on Organizations policies: the vault protection SCP updated in place (read statement
 * by statement with the vault policies' deny evaluator), a backup policy updated in place (a
 * warning naming what stops), and what deleting each type loses.
 */
import { evaluatePlan } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { vaultProtectionDocument } from '../../modules/vault-protection-policy';
import { plan } from './plans';

const STACK = 'management-us-east-1';
const SCP = 'aws_organizations_policy.vault-protection-scp_policy_BE3D2AA1';
const BACKUP = 'aws_organizations_policy.policy-weekly-archive_policy_18D2AA08';
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

  it('reads Resource, Like condition values and exemptions as patterns: a broader wildcard denies more, a narrower exemption exempts no one more (they were compared as text)', () => {
    expect(scpVerdict(edited((statements) => (statements[1].Resource = ['arn:aws:iam::*:role/*'])))).toEqual([]);
    expect(scpVerdict(edited((statements) => (statements[2].Condition['ForAnyValue:StringLike']['kms:ResourceAliases'] = ['alias/*'])))).toEqual([]);
    expect(scpVerdict(edited((statements) => (statements[3].Resource = ['arn:aws:kms:*:*:alias/*'])))).toEqual([]);
    const narrowed = (statements: Record<string, any>[]) => statements.forEach((statement) => (statement.Condition.ArnNotLike['aws:PrincipalArn'] = ['arn:aws:iam::*:role/BackupBreakGlassA']));
    const before = edited((statements) => statements.forEach((statement) => (statement.Condition.ArnNotLike['aws:PrincipalArn'] = ['arn:aws:iam::*:role/BackupBreakGlass*'])));
    expect(guard(update(SCP, 'SERVICE_CONTROL_POLICY', before, edited(narrowed))).violations).toEqual([]);
    // Still blocked: a narrower pattern, and an exemption the old one did not take in.
    expect(scpVerdict(edited((statements) => (statements[1].Resource = ['arn:aws:iam::1*:role/aws-backup-*'])))[0]).toContain('everywhere statement ProtectBackupRoles did');
    expect(guard(update(SCP, 'SERVICE_CONTROL_POLICY', edited(narrowed), before)).violations.map((finding) => finding.consequence)[0]).toContain('exempts arn:aws:iam::*:role/BackupBreakGlass* from its deny of');
  });
});

describe('the vault protection SCP and the service role\'s customer managed permissions boundary', () => {
  const BOUNDARY = 'arn:aws:iam::111122223333:policy/backup-boundary';
  const bounded = vaultProtectionDocument({ exemptPrincipals: [BREAK_GLASS], keyAliases: ['alias/backup/*'], backupRoles: ['arn:aws:iam::*:role/aws-backup-service-role'], backupRoleBoundaries: [BOUNDARY] });
  const boundedVerdict = (after: string) => guard(update(SCP, 'SERVICE_CONTROL_POLICY', bounded, after)).violations.map((finding) => finding.consequence);
  const roles = (document: string) => JSON.parse(document).Statement.find((statement: { Sid: string }) => statement.Sid === 'ProtectBackupRoles');

  it('is blocked when the boundary leaves the deny or an action on it is dropped (read by the same statement-by-statement evaluator)', () => {
    expect(boundedVerdict(DOCUMENT)).toEqual([
      `updating ${SCP} in place no longer denies iam:Attach*, iam:CreatePolicyVersion, iam:Delete*, iam:Detach*, iam:Put*, iam:SetDefaultPolicyVersion, iam:Update* everywhere statement ProtectBackupRoles did${TAIL}`,
    ]);
    const withoutNewDefault = JSON.parse(bounded);
    const statement = withoutNewDefault.Statement.find((item: { Sid: string }) => item.Sid === 'ProtectBackupRoles');
    statement.Action = statement.Action.filter((action: string) => action !== 'iam:SetDefaultPolicyVersion');
    expect(boundedVerdict(JSON.stringify(withoutNewDefault))).toEqual([`updating ${SCP} in place no longer denies iam:SetDefaultPolicyVersion everywhere statement ProtectBackupRoles did${TAIL}`]);
  });

  it('passes adding the boundary to the deny', () => {
    expect(roles(bounded).Resource).toEqual(['arn:aws:iam::*:role/aws-backup-service-role', BOUNDARY]);
    expect(guard(update(SCP, 'SERVICE_CONTROL_POLICY', DOCUMENT, bounded)).violations).toEqual([]);
  });
});

describe('the vault protection SCP when break-glass principals leave it (found by the review of the day\'s diff)', () => {
  const OTHER = 'arn:aws:iam::*:role/BackupBreakGlassB';
  const two = vaultProtectionDocument({ exemptPrincipals: [BREAK_GLASS, OTHER], keyAliases: ['alias/backup/*'], backupRoles: ['arn:aws:iam::*:role/aws-backup-service-role'] });

  it('passes removing one: the deny that kept the exempt roles from being changed need not cover a role no longer exempt, and every other deny now exempts fewer', () => {
    expect(guard(update(SCP, 'SERVICE_CONTROL_POLICY', two, DOCUMENT)).violations).toEqual([]);
  });

  it('still blocks adding one', () => {
    expect(guard(update(SCP, 'SERVICE_CONTROL_POLICY', DOCUMENT, two)).violations.map((finding) => finding.consequence)[0]).toContain(`exempts ${OTHER} from its deny of`);
  });
});

const BACKUP_POLICY = {
  plans: {
    'weekly-archive': {
      regions: { '@@assign': ['eu-west-1', 'us-east-1'] },
      rules: {
        weekly: {
          schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' },
          target_backup_vault_name: { '@@assign': 'baseline' },
          lifecycle: { delete_after_days: { '@@assign': '365' } },
          copy_actions: { 'arn:aws:backup:eu-west-1:$account:backup-vault:dr': { target_backup_vault_arn: { '@@assign': 'arn:aws:backup:eu-west-1:$account:backup-vault:dr' }, lifecycle: { delete_after_days: { '@@assign': '90' } } } },
        },
      },
      selections: { tags: { archive: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, tag_key: { '@@assign': 'backup-archive' }, tag_value: { '@@assign': ['weekly'] } } } },
    },
  },
};
const backupVerdict = (edit: (plan: Record<string, any>) => void, afterUnknown?: Record<string, unknown>) => {
  const after = structuredClone(BACKUP_POLICY) as Record<string, any>;
  edit(after.plans['weekly-archive']);
  const result = guard(update(BACKUP, 'BACKUP_POLICY', JSON.stringify(BACKUP_POLICY), afterUnknown === undefined ? JSON.stringify(after) : undefined, afterUnknown));
  expect([result.ok, result.violations]).toEqual([true, []]);
  return result.warnings.map((finding) => [finding.kind, finding.consequence]);
};
const STOPS = 'no recovery point is lost, but every account it reaches gets fewer or shorter-kept backups from then on';

describe('a backup policy updated in place', () => {
  it('warns, naming the plan, rule, Region, selection or copy it removes and the retention it shortens', () => {
    expect(backupVerdict((weekly) => (weekly.regions['@@assign'] = ['eu-west-1']))).toEqual([['weaken', `updating ${BACKUP} in place changes what the backup policy delivers (plan weekly-archive no longer runs in us-east-1): ${STOPS}`]]);
    expect(backupVerdict((weekly) => (weekly.rules.weekly.lifecycle.delete_after_days['@@assign'] = '30'))).toEqual([
      ['weaken', `updating ${BACKUP} in place changes what the backup policy delivers (keeps the backups of rule weekly of plan weekly-archive 30 days instead of 365 days): ${STOPS}`],
    ]);
    expect(backupVerdict((weekly) => (weekly.rules.weekly.copy_actions = {}))).toEqual([
      ['weaken', `updating ${BACKUP} in place changes what the backup policy delivers (removes the copy of rule weekly of plan weekly-archive to arn:aws:backup:eu-west-1:$account:backup-vault:dr): ${STOPS}`],
    ]);
    expect(backupVerdict((weekly) => (weekly.selections.tags.archive.tag_value['@@assign'] = ['monthly']))).toEqual([
      ['weaken', `updating ${BACKUP} in place changes what the backup policy delivers (changes or removes the selection of plan weekly-archive of tag backup-archive=weekly): ${STOPS}`],
    ]);
    expect(backupVerdict((weekly) => (weekly.rules = {}))).toEqual([['weaken', `updating ${BACKUP} in place changes what the backup policy delivers (removes rule weekly of plan weekly-archive): ${STOPS}`]]);
    // The comparison aws_backup_plan updates use: a rarer schedule, continuous backup turned off, another vault.
    expect(backupVerdict((weekly) => ((weekly.rules.weekly.schedule_expression['@@assign'] = 'cron(0 4 1 * ? *)'), (weekly.rules.weekly.target_backup_vault_name['@@assign'] = 'scratch')))).toEqual([
      [
        'weaken',
        `updating ${BACKUP} in place changes what the backup policy delivers (puts the new backups of rule weekly of plan weekly-archive into vault scratch instead of baseline (whose lock and access policy protected them); makes rule weekly of plan weekly-archive back up less often: a resource may go 38 d 8 h without a new recovery point instead of 21 d): ${STOPS}`,
      ],
    ]);
    const removed = guard(update(BACKUP, 'BACKUP_POLICY', JSON.stringify(BACKUP_POLICY), JSON.stringify({ plans: {} })));
    expect(removed.warnings.map((finding) => finding.consequence)).toEqual([`updating ${BACKUP} in place changes what the backup policy delivers (removes plan weekly-archive): ${STOPS}`]);
    expect(backupVerdict(() => undefined, { content: true })).toEqual([
      ['weaken', `updating ${BACKUP} in place gets a backup policy known only at apply: whether it still delivers plan weekly-archive as before cannot be checked; if not, ${STOPS}`],
    ]);
  });

  it('reads a rule or copy without delete_after_days as kept forever (not as unreadable), and an unreadable retention as unchecked', () => {
    const verdict = (before: unknown, after: unknown) => guard(update(BACKUP, 'BACKUP_POLICY', JSON.stringify(before), JSON.stringify(after))).warnings.map((finding) => finding.consequence);
    const forever = structuredClone(BACKUP_POLICY) as Record<string, any>;
    delete forever.plans['weekly-archive'].rules.weekly.lifecycle;
    forever.plans['weekly-archive'].rules.weekly.copy_actions['arn:aws:backup:eu-west-1:$account:backup-vault:dr'].lifecycle = {};
    expect(verdict(forever, BACKUP_POLICY)).toEqual([
      `updating ${BACKUP} in place changes what the backup policy delivers (keeps the backups of rule weekly of plan weekly-archive 365 days instead of forever; keeps the copies of rule weekly of plan weekly-archive to arn:aws:backup:eu-west-1:$account:backup-vault:dr 90 days instead of forever): ${STOPS}`,
    ]);
    expect(verdict(BACKUP_POLICY, forever)).toEqual([]);
    const unreadable = structuredClone(BACKUP_POLICY) as Record<string, any>;
    unreadable.plans['weekly-archive'].rules.weekly.lifecycle.delete_after_days = { '@@assign': 'a year' };
    expect(verdict(BACKUP_POLICY, unreadable)).toEqual([
      `updating ${BACKUP} in place changes what the backup policy delivers (gives rule weekly of plan weekly-archive a retention this guard cannot read (cannot be checked) instead of 365 days): ${STOPS}`,
    ]);
  });

  it('says nothing of a change that stops or shortens nothing', () => {
    expect(backupVerdict((weekly) => (weekly.rules.weekly.lifecycle.delete_after_days['@@assign'] = '400'))).toEqual([]);
    expect(backupVerdict((weekly) => weekly.regions['@@assign'].push('eu-central-1'))).toEqual([]);
  });
});

describe('deleting an Organizations policy says what its type loses', () => {
  const deletion = (address: string, type: string, before: Record<string, unknown>) => ({ address, mode: 'managed', type, change: { actions: ['delete'], before, after: null } });
  const priorState = { values: { root_module: { resources: [{ address: SCP, mode: 'managed', type: 'aws_organizations_policy', values: { id: 'p-scp', type: 'SERVICE_CONTROL_POLICY' } }] } } };

  it('a service control policy and its attachment lose its denies; a backup policy, its plans', () => {
    const result = evaluatePlan(
      plan({
        prior_state: priorState,
        resource_changes: [
          deletion(SCP, 'aws_organizations_policy', { id: 'p-scp', type: 'SERVICE_CONTROL_POLICY' }),
          deletion('aws_organizations_policy_attachment.scp-root', 'aws_organizations_policy_attachment', { policy_id: 'p-scp', target_id: 'r-1' }),
          deletion(BACKUP, 'aws_organizations_policy', { id: 'p-bp', type: 'BACKUP_POLICY' }),
        ],
      }),
      STACK,
      [],
    );
    const denies =
      'its denies stop applying at once (SCP changes are immediate), so any principal of those accounts with the permissions may then delete or weaken what it protected (the vault protection policy: vaults, their locks and policies, recovery points, vault keys, backup plans, the backup role)';
    expect(result.violations.map((finding) => finding.consequence)).toEqual([
      `deleting ${SCP} deletes the service control policy: in every account it is attached to, ${denies}`,
      `deleting aws_organizations_policy_attachment.scp-root detaches the service control policy: in the accounts under that target, ${denies}`,
      `deleting ${BACKUP} deletes the organization backup policy: the accounts it targets stop receiving its plans`,
    ]);
  });
});

describe('a backup policy narrowed outside Terraform (resource_drift)', () => {
  it('is summarized as backups narrowed, not as a protected resource weakened (found by the review of the guard changes)', () => {
    const after = structuredClone(BACKUP_POLICY) as Record<string, any>;
    after.plans['weekly-archive'].regions['@@assign'] = ['eu-west-1'];
    const drifted = update(BACKUP, 'BACKUP_POLICY', JSON.stringify(BACKUP_POLICY), JSON.stringify(after));
    const result = evaluatePlan(plan({ resource_drift: [drifted] }), STACK, []);
    expect(result.warnings.map((finding) => [finding.drift, finding.stops])).toEqual([[true, true]]);
    expect(guardMarkdown([result])).toContain("Outside Terraform, backups, copies or their alerts were stopped or narrowed (the plans' `resource_drift`): see the warnings.");
  });
});
