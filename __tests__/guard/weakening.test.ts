/**
 * The guard on updates in place that take protection away (guard/weakening.ts), on hand-written
 * `terraform show -json` plans whose policies are the synthesized ones' shape, and the verdict of
 * errored and incomplete plans.
 */
import { changeKind, evaluatePlan, type AllowedChange } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { KEY, POLICY, STACK, VAULT, plan } from './plans';

const ROLE = 'aws_iam_role.service-role_role_9AF2A2C1';
const SETTINGS = 'aws_backup_region_settings.region-settings_settings_0E9C3C9B';
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/BackupBreakGlass';


const update = (address: string, before: Record<string, unknown>, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  change: { actions: ['update'], before, after, after_unknown: afterUnknown },
});

const deny = (sid: string, actions: string[], exempt: string[]) => ({ Sid: sid, Effect: 'Deny', Principal: '*', Action: actions, Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } } });
const DELETION = ['backup:DeleteRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'];
const REMOVAL = ['backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration', 'backup:PutBackupVaultLockConfiguration'];
const vaultPolicy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const PROTECTED_POLICY = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS]), deny('DenyProtectionRemoval', REMOVAL, [BREAK_GLASS]));
const KEY_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [deny('DenyKeyDeletionAndDisabling', ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], [BREAK_GLASS])] });
const TRUST = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

const verdictOf = (...changes: unknown[]) => {
  const result = evaluatePlan(plan({ resource_changes: changes }), STACK, []);
  return result.violations.map((finding) => [finding.address, finding.kind, finding.consequence]);
};

describe('updates in place that take protection away are blocked', () => {
  it('a vault policy that drops a deny, or exempts one more principal', () => {
    const dropped = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS]));
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: PROTECTED_POLICY }, { backup_vault_name: 'main', policy: dropped }))).toEqual([
      [
        POLICY,
        'weaken',
        `updating ${POLICY} in place no longer denies backup:DeleteBackupVaultAccessPolicy, backup:DeleteBackupVaultLockConfiguration, backup:PutBackupVaultLockConfiguration to everyone: recovery points of vault main can then be deleted or expired early`,
      ],
    ]);
    const widened = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS, 'arn:aws:iam::111122223333:role/ci']), deny('DenyProtectionRemoval', REMOVAL, [BREAK_GLASS]));
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: PROTECTED_POLICY }, { backup_vault_name: 'main', policy: widened }))[0][2]).toBe(
      `updating ${POLICY} in place exempts arn:aws:iam::111122223333:role/ci from its deny of backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy: recovery points of vault main can then be deleted or expired early`,
    );
  });

  it('a vault policy that stops denying the disassociation of continuous recovery points (it deletes them from AWS Backup)', () => {
    const withDisassociation = vaultPolicy(deny('DenyRecoveryPointDeletion', [...DELETION, 'backup:DisassociateRecoveryPoint'], [BREAK_GLASS]), deny('DenyProtectionRemoval', REMOVAL, [BREAK_GLASS]));
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: withDisassociation }, { backup_vault_name: 'main', policy: PROTECTED_POLICY }))).toEqual([
      [POLICY, 'weaken', `updating ${POLICY} in place no longer denies backup:DisassociateRecoveryPoint to everyone: recovery points of vault main can then be deleted or expired early`],
    ]);
    // A policy written before the vault policy denied it (AWS Config's three actions) is not a weakening when it gains the deny.
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: PROTECTED_POLICY }, { backup_vault_name: 'main', policy: withDisassociation }))).toEqual([]);
  });

  it('a deny the update adds is no weakening: its exemptions exempt no one from a deny that stood (security.deployRoleArn given later adds DenyProtectionRemoval)', () => {
    const deletionOnly = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS]));
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: deletionOnly }, { backup_vault_name: 'main', policy: PROTECTED_POLICY }))).toEqual([]);
    const keyDeny = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [deny('DenyKeyDeletionAndDisabling', actions, [BREAK_GLASS])] });
    const key = { is_enabled: true, deletion_window_in_days: 30 };
    expect(verdictOf(update(KEY, { ...key, policy: keyDeny(['kms:DisableKey', 'kms:ScheduleKeyDeletion']) }, { ...key, policy: KEY_POLICY }))).toEqual([]);
  });

  it('a deployment role exempted from the denies as the update first denies removing the policy gains nothing; anyone else newly exempt is a weakening', () => {
    const DEPLOY = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
    const before = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS]));
    // security.deployRoleArn given later: DenyProtectionRemoval appears, and the deployment role is exempt from both denies.
    const withDeployRole = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS, DEPLOY]), deny('DenyProtectionRemoval', REMOVAL, [BREAK_GLASS, DEPLOY]));
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: before }, { backup_vault_name: 'main', policy: withDeployRole }))).toEqual([]);
    const key = { is_enabled: true, deletion_window_in_days: 30 };
    const keyDeny = (actions: string[], exempt: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [deny('DenyKeyDeletionAndDisabling', actions, exempt)] });
    const keyAfter = keyDeny(['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], [BREAK_GLASS, DEPLOY]);
    expect(verdictOf(update(KEY, { ...key, policy: keyDeny(['kms:DisableKey', 'kms:ScheduleKeyDeletion'], [BREAK_GLASS]) }, { ...key, policy: keyAfter }))).toEqual([]);
    // Exempt from the deletion deny but not from the new removal deny: IAM may let it delete recovery points, not the policy.
    const other = 'arn:aws:iam::111122223333:role/ci';
    const widened = vaultPolicy(deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS, DEPLOY, other]), deny('DenyProtectionRemoval', REMOVAL, [BREAK_GLASS, DEPLOY]));
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: before }, { backup_vault_name: 'main', policy: widened }))[0]?.[2]).toBe(
      `updating ${POLICY} in place exempts ${other} from its deny of backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy: recovery points of vault main can then be deleted or expired early`,
    );
  });

  it('reads a policy given as an object, a whole object unknown at apply, and a deletion window given as text', () => {
    const asObject = JSON.parse(PROTECTED_POLICY);
    const dropped = { ...asObject, Statement: [asObject.Statement[0]] };
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: asObject }, { backup_vault_name: 'main', policy: dropped })).map(([, kind]) => kind)).toEqual(['weaken']);
    expect(verdictOf(update(VAULT, { name: 'main', force_destroy: false }, {}, true as never))[0][2]).toContain('turns force_destroy on');
    const key = { is_enabled: true, deletion_window_in_days: '30', policy: KEY_POLICY };
    expect(verdictOf(update(KEY, key, { ...key, deletion_window_in_days: '7' }))[0][2]).toContain('from 30 to 7 days');
  });

  it('a vault policy known only at apply cannot be checked: blocked for review', () => {
    expect(verdictOf(update(POLICY, { backup_vault_name: 'main', policy: PROTECTED_POLICY }, { backup_vault_name: 'main' }, { policy: true }))[0][2]).toContain(
      'gets a policy known only at apply: whether it still denies',
    );
  });

  it('a key disabled, its deletion window shortened, or its deny dropped', () => {
    const key = { is_enabled: true, deletion_window_in_days: 30, policy: KEY_POLICY, enable_key_rotation: true };
    expect(verdictOf(update(KEY, key, { ...key, is_enabled: false }))[0][2]).toBe(
      `updating ${KEY} in place disables the key: no backup can be encrypted with it and no recovery point it encrypts can be restored while it is disabled`,
    );
    expect(verdictOf(update(KEY, key, { ...key, deletion_window_in_days: 7 }))[0][2]).toBe(
      `updating ${KEY} in place shortens the key's deletion waiting period from 30 to 7 days: less time to cancel a deletion before the recovery points it encrypts are lost`,
    );
    expect(verdictOf(update(KEY, key, { ...key, policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }))[0][2]).toBe(
      `updating ${KEY} in place no longer denies kms:DisableKey, kms:ScheduleKeyDeletion, kms:PutKeyPolicy to everyone: the key, and with it the recovery points it encrypts, can then be disabled or deleted`,
    );
  });

  it('force_destroy turned on, a backup role that stops trusting AWS Backup, a type opted out', () => {
    expect(verdictOf(update(VAULT, { name: 'main', force_destroy: false }, { name: 'main', force_destroy: true }))[0][2]).toBe(
      `updating ${VAULT} in place turns force_destroy on: a later deletion of the vault deletes its recovery points instead of failing`,
    );
    expect(verdictOf(update(ROLE, { assume_role_policy: TRUST('backup.amazonaws.com') }, { assume_role_policy: TRUST('ec2.amazonaws.com') }))[0][2]).toBe(
      `updating ${ROLE} in place no longer lets backup.amazonaws.com assume the role: every backup, copy or restore test job that uses it fails`,
    );
    const settings = (aurora: boolean) => ({ resource_type_opt_in_preference: { Aurora: aurora, EBS: true }, resource_type_management_preference: { DynamoDB: true } });
    expect(verdictOf(update(SETTINGS, settings(true), settings(false)))[0][2]).toBe(
      `updating ${SETTINGS} in place opts Aurora out: selections by tags, "*", an ARN of the service only, of part of a type or of a shared shape (rds clusters, FSx file systems) skip that type in this Region from then on, with no job and no failure`,
    );
  });

  it('updates that keep the protection pass: a tag, key rotation, a new opt-in, a second allow, another role', () => {
    const key = { is_enabled: true, deletion_window_in_days: 30, policy: KEY_POLICY };
    const settings = (aurora: boolean) => ({ resource_type_opt_in_preference: { Aurora: aurora, EBS: true } });
    const withAllow = vaultPolicy(
      deny('DenyRecoveryPointDeletion', DELETION, [BREAK_GLASS]),
      deny('DenyProtectionRemoval', REMOVAL, [BREAK_GLASS]),
      { Sid: 'AllowCopyIn', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'backup:CopyIntoBackupVault', Resource: '*' },
    );
    expect(
      verdictOf(
        update(KEY, { ...key, tags: { a: '1' } }, { ...key, tags: { a: '2' }, deletion_window_in_days: 30 }),
        update(SETTINGS, settings(false), settings(true)),
        update(POLICY, { backup_vault_name: 'main', policy: PROTECTED_POLICY }, { backup_vault_name: 'main', policy: withAllow }),
        update(VAULT, { name: 'main', force_destroy: false, tags: {} }, { name: 'main', force_destroy: false, tags: { team: 'a' } }),
        update('aws_iam_role.app', { assume_role_policy: TRUST('ec2.amazonaws.com') }, { assume_role_policy: TRUST('lambda.amazonaws.com') }),
        update('constructor.x', { a: 1 }, { a: 2 }),
      ),
    ).toEqual([]);
  });

  // Found by the report audit's twin in the report: created Region settings overwrite the account's, which no plan shows.
  it('Region settings created with a type opted out, or known only at apply, are a warning (the account\'s settings before are unknown); all opted in passes silently', () => {
    const create = (after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) => ({ address: SETTINGS, mode: 'managed', type: 'aws_backup_region_settings', change: { actions: ['create'], before: null, after, after_unknown: afterUnknown } });
    const warningsOf = (change: unknown) => {
      const result = evaluatePlan(plan({ resource_changes: [change] }), STACK, []);
      expect(result).toMatchObject({ ok: true, violations: [] });
      return result.warnings.map((finding) => [finding.kind, finding.consequence]);
    };
    expect(warningsOf(create({ resource_type_opt_in_preference: { Aurora: true, EBS: false, RDS: false } }))).toEqual([
      ['weaken', `creating ${SETTINGS} opts EBS, RDS out over the account's own Region settings, which the plan does not know: where AWS Backup backed those types up here until now, selections by tags, "*", an ARN of the service only, of part of a type or of a shared shape (rds clusters, FSx file systems) skip them from then on, with no job and no failure`],
    ]);
    expect(warningsOf(create({}, { resource_type_opt_in_preference: true }))).toEqual([
      ['weaken', `creating ${SETTINGS} sets Region settings known only at apply over the account's own, which the plan does not know: whether a resource type is opted out cannot be checked before`],
    ]);
    expect(warningsOf(create({ resource_type_opt_in_preference: { Aurora: true, EBS: true } }))).toEqual([]);
  });

  it('an allowance by address lets a weakening through, with its reason', () => {
    const allowed: AllowedChange[] = [{ stack: STACK, address: VAULT, reason: 'migrating the vault away (PLAT-1)' }];
    const result = evaluatePlan(plan({ resource_changes: [update(VAULT, { force_destroy: false }, { force_destroy: true })] }), STACK, allowed);
    expect(result).toMatchObject({ ok: true, violations: [], allowed: [{ address: VAULT, kind: 'weaken', allowedBecause: 'migrating the vault away (PLAT-1)' }] });
  });
});

describe('deletions of what every job needs, and plans that are not the whole change', () => {
  it('detaching an AWS Backup managed policy from the role is blocked; another attachment is not', () => {
    const detach = (address: string, policyArn: string) => ({ address, mode: 'managed', type: 'aws_iam_role_policy_attachment', change: { actions: ['delete'], before: { role: 'aws-backup-service-role', policy_arn: policyArn }, after: null } });
    expect(
      verdictOf(
        detach('aws_iam_role_policy_attachment.backup', 'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'),
        detach('aws_iam_role_policy_attachment.s3', 'arn:aws-us-gov:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup'),
        detach('aws_iam_role_policy_attachment.other', 'arn:aws:iam::aws:policy/ReadOnlyAccess'),
      ).map(([address, kind]) => [address, kind]),
    ).toEqual([
      ['aws_iam_role_policy_attachment.backup', 'delete'],
      ['aws_iam_role_policy_attachment.s3', 'delete'],
    ]);
  });

  it('"delete" is read first, whatever it is combined with (Terraform: scan for delete)', () => {
    expect(changeKind(['delete', 'forget'])).toBe('delete');
    expect(changeKind(['create', 'forget'])).toBe('forget');
  });

  it('an incomplete plan is not passed, and a deletion among its deferred changes is blocked', () => {
    const incomplete = plan({
      complete: false,
      resource_changes: [],
      deferred_changes: [{ reason: 'resource_config_unknown', resource_change: { address: VAULT, mode: 'managed', type: 'aws_backup_vault', change: { actions: ['delete'] } } }],
    });
    const result = evaluatePlan(incomplete, STACK, []);
    expect(result.ok).toBe(false);
    expect(result.violations.map((finding) => finding.address)).toEqual([VAULT]);
    expect(result.notPassed).toBe('The plan is incomplete (deferred changes): it is not the whole change, so it is not passed; apply what it can, then guard the plan that follows.');
  });

  it('an errored plan with nothing blocked is "not passed" in the summary, never "passed"', () => {
    const markdown = guardMarkdown([evaluatePlan(plan({ errored: true, resource_changes: [] }), STACK, [])]);
    expect(markdown).toContain('## Backup plan guard: 1 plan not passed (errored, incomplete, not fully read or refused by AWS)');
    expect(markdown).toContain(`### \`${STACK}\`: not passed (see the notes)`);
    expect(markdown).not.toMatch(/: passed/);
    expect(markdown).not.toContain('No vault, key');
  });
});

describe('keys that encrypt no vault', () => {
  const deleteKey = (address: string, arn: string) => ({ address, mode: 'managed', type: 'aws_kms_key', change: { actions: ['delete'], before: { arn }, after: null } });
  const VAULT_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
  const ALERTS_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555';
  const withState = (changes: unknown[]) =>
    plan({
      prior_state: { format_version: '1.0', values: { root_module: { resources: [], child_modules: [{ resources: [{ address: VAULT, type: 'aws_backup_vault', values: { kms_key_arn: VAULT_KEY_ARN } }] }] } } },
      resource_changes: changes,
    });

  it("deleting a key no vault of the prior state names (the alerts topic's) is a warning; a vault's key stays blocked", () => {
    const result = evaluatePlan(withState([deleteKey('aws_kms_key.alerts_key_FC9ECF44', ALERTS_KEY_ARN), deleteKey(KEY, VAULT_KEY_ARN)]), STACK, []);
    expect(result.violations.map((finding) => finding.address)).toEqual([KEY]);
    expect(result.warnings.map((finding) => [finding.address, finding.consequence])).toEqual([
      ['aws_kms_key.alerts_key_FC9ECF44', "deleting aws_kms_key.alerts_key_FC9ECF44 schedules a key no vault of this stack's state encrypts with (an alerts topic's or a report bucket's key): no recovery point depends on it"],
    ]);
  });

  // The alerts topic and report bucket keys deny their deletion too now (security.protectKeys): dropping that deny is read for what it risks.
  it("weakening a key no vault of the prior state names is a warning naming the alerts or reports; a vault's key stays blocked", () => {
    const key = (arn: string) => ({ arn, is_enabled: true, deletion_window_in_days: 30, policy: KEY_POLICY });
    const dropDeny = (address: string, arn: string) => update(address, key(arn), { ...key(arn), policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) });
    const result = evaluatePlan(withState([dropDeny('aws_kms_key.alerts_key_FC9ECF44', ALERTS_KEY_ARN), dropDeny(KEY, VAULT_KEY_ARN)]), STACK, []);
    expect(result.violations.map((finding) => finding.address)).toEqual([KEY]);
    expect(result.warnings.map((finding) => [finding.kind, finding.consequence])).toEqual([
      [
        'weaken',
        'updating aws_kms_key.alerts_key_FC9ECF44 in place no longer denies kms:DisableKey, kms:ScheduleKeyDeletion, kms:PutKeyPolicy to everyone: the key, and with it the alerts or reports it encrypts, can then be disabled or deleted',
      ],
    ]);
    const disabled = evaluatePlan(withState([update('aws_kms_key.alerts_key_FC9ECF44', key(ALERTS_KEY_ARN), { ...key(ALERTS_KEY_ARN), is_enabled: false })]), STACK, []);
    expect(disabled.warnings.map((finding) => finding.consequence)).toEqual([
      'updating aws_kms_key.alerts_key_FC9ECF44 in place disables the key: what it encrypts (an alerts topic: every alert; a report bucket: the reports) cannot be written or read while it is disabled',
    ]);
  });

  it('without a prior state nothing tells which key is whose: every key deletion is blocked', () => {
    const result = evaluatePlan(plan({ resource_changes: [deleteKey('aws_kms_key.alerts_key_FC9ECF44', ALERTS_KEY_ARN)] }), STACK, []);
    expect(result.violations.map((finding) => finding.address)).toEqual(['aws_kms_key.alerts_key_FC9ECF44']);
  });
});

describe('deletions that stop backups or their alerts', () => {
  const deletion = (address: string) => ({ address, mode: 'managed', type: address.split('.')[0], change: { actions: ['delete'], before: {}, after: null } });
  const replacement = (address: string) => ({ address, mode: 'managed', type: address.split('.')[0], change: { actions: ['delete', 'create'], before: {}, after: {} } });

  it('a plan, a selection, an alarm or an alert rule deleted: a warning with what stops, not a block; a replaced selection says nothing', () => {
    const result = evaluatePlan(
      plan({ resource_changes: [deletion('aws_backup_selection.plan-gold_selection-tagged_1A2B3C4D'), deletion('aws_backup_plan.plan-gold_plan_374B848C'), deletion('aws_cloudwatch_metric_alarm.monitoring_silence-main_A13742E6'), replacement('aws_backup_selection.plan-silver_selection-db_5E6F7A8B'), deletion('aws_s3_bucket.other')] }),
      STACK,
      [],
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map((finding) => finding.consequence)).toEqual([
      'deleting aws_backup_selection.plan-gold_selection-tagged_1A2B3C4D deletes a backup selection: what it selected is no longer backed up by its plan',
      'deleting aws_backup_plan.plan-gold_plan_374B848C deletes a backup plan: no rule of it runs any more, so what it backed up gets no new recovery point from it',
      'deleting aws_cloudwatch_metric_alarm.monitoring_silence-main_A13742E6 deletes a CloudWatch alarm: if it watched backups (failures, silence), no one hears of them',
    ]);
  });
});
