/**
 * The guard on plans of every mode Terraform documents (JSON Output Format, plan representation):
 * -refresh-only plans (no resource_changes; what they apply is resource_drift), -target plans
 * (complete: false), drift found by a normal plan's refresh, and values known only at apply.
 * The plans without resource_changes are real `terraform show -json` output (Terraform 1.11.4,
 * terraform_data resources in the state): __tests__/fixtures/guard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePlan, planFormatProblem } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { KEY, LOCK, POLICY, STACK, VAULT, plan } from './plans';

const FIXTURES = join(__dirname, '..', 'fixtures', 'guard');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;

const TARGETED = 'The plan is incomplete (complete: false, as Terraform marks a plan made with -target): the rest of the configuration is not planned, so it is not passed; guard a plan made without -target.';

const deny = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyRecoveryPointDeletion', Effect: 'Deny', Principal: '*', Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'], Resource: '*' }],
});
const allow = JSON.stringify({ Version: '2012-10-17', Statement: [] });
/** A resource_drift entry: the same shape as a resource_changes one. */
const drift = (address: string, actions: string[], before: Record<string, unknown>, after: Record<string, unknown> | null) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
});
const inState = { format_version: '1.0', values: { root_module: { resources: [{ address: VAULT, mode: 'managed', type: 'aws_backup_vault', values: { name: 'main' } }] } } };
const DRIFT = [
  drift(VAULT, ['delete'], { name: 'main', force_destroy: false }, null),
  drift(POLICY, ['update'], { backup_vault_name: 'main', policy: deny }, { backup_vault_name: 'main', policy: allow }),
  drift(KEY, ['delete'], { arn: 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e', deletion_window_in_days: 30 }, null),
  drift('aws_backup_plan.plan-gold_plan_374B848C', ['update'], { name: 'gold' }, { name: 'gold', tags: { x: 'y' } }),
];

describe('-refresh-only plans: no resource_changes, the drift they record into state', () => {
  it('passes a real -refresh-only plan without drift (applyable: false): it changes nothing', () => {
    const json = fixture('refresh-only-no-drift');
    expect([json.resource_changes, json.applyable]).toEqual([undefined, false]);
    expect(planFormatProblem(json)).toBeUndefined();
    expect(evaluatePlan(json, STACK, [])).toMatchObject({ ok: true, violations: [], warnings: [], notes: [] });
  });

  it('passes a -refresh-only plan with drift, warning of each protected resource deleted or weakened outside Terraform', () => {
    const result = evaluatePlan(plan({ prior_state: inState, resource_drift: DRIFT, applyable: true, complete: true, errored: false }), STACK, []);
    expect(result).toMatchObject({ ok: true, violations: [] });
    expect(result.warnings.map((finding) => [finding.address, finding.kind, finding.drift, finding.consequence])).toEqual([
      [VAULT, 'delete', true, `${VAULT} was deleted outside Terraform: what it held or protected is gone already, whatever this plan does`],
      [
        POLICY,
        'weaken',
        true,
        `${POLICY} was changed outside Terraform: the change no longer denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy to everyone: recovery points of vault main can then be deleted or expired early`,
      ],
      [
        KEY,
        'delete',
        true,
        `${KEY} was deleted or scheduled for deletion outside Terraform (the AWS provider reads a key pending deletion as gone): cancel the deletion (kms:CancelKeyDeletion) before its waiting period ends, or what it encrypts cannot be decrypted again`,
      ],
    ]);
    expect(result.notes).toEqual(['This plan changes no resource (a -refresh-only plan): applying it records in Terraform state what changed outside Terraform (resource_drift).']);
    const markdown = guardMarkdown([result]);
    expect(markdown.split('\n').slice(0, 4)).toEqual([
      '## Backup plan guard: passed',
      '',
      'No vault, key, lock, vault policy, backup role or backup policy is deleted, replaced or weakened without an allowance (1 stack checked).',
      "Outside Terraform, a protected resource was deleted or weakened (the plans' `resource_drift`): see the warnings.",
    ]);
    expect(markdown).toContain(`- \`${VAULT}\` in \`${STACK}\`: **deleted outside Terraform (drift)**.`);
    expect(markdown).toContain(`- \`${POLICY}\` in \`${STACK}\`: **changed outside Terraform (drift)**.`);
  });

  it('still refuses a plan without resource_changes whose state holds managed resources and that bears no mark of another mode', () => {
    const cut = { ...fixture('refresh-only-no-drift') };
    delete cut.applyable;
    expect(planFormatProblem(cut)).toBe(
      'has no resource_changes, yet its prior_state holds managed resources: Terraform lists every one of them there (unchanged ones as no-op), and it has no mark of a -refresh-only plan (resource_drift, or applyable: false), so the plan was cut short',
    );
  });
});

describe('drift found by a normal plan', () => {
  it('warns of the drift beside the plan\'s own verdict, which still reads resource_changes', () => {
    const changes = [{ address: LOCK, mode: 'managed', type: 'aws_backup_vault_lock_configuration', change: { actions: ['delete'], before: {}, after: null } }];
    const result = evaluatePlan(plan({ prior_state: inState, resource_changes: changes, resource_drift: DRIFT.slice(0, 2) }), STACK, []);
    expect(result.violations.map((finding) => [finding.address, finding.kind])).toEqual([[LOCK, 'delete']]);
    expect(result.warnings.map((finding) => [finding.address, finding.drift])).toEqual([
      [VAULT, true],
      [POLICY, true],
    ]);
    expect(result.notes).toEqual([]);
  });
});

describe('-target plans (complete: false without deferred changes)', () => {
  it('does not pass a real -target plan whose targets match nothing, and says why (not "deferred changes")', () => {
    const json = fixture('target-matches-nothing');
    expect([json.resource_changes, json.complete]).toEqual([undefined, false]);
    expect(planFormatProblem(json)).toBeUndefined();
    expect(evaluatePlan(json, STACK, [])).toMatchObject({ ok: false, violations: [], notPassed: TARGETED });
  });

  it('does not pass a -target plan that changes only what is safe; a deferred change keeps its own message', () => {
    const targeted = plan({ complete: false, resource_changes: [{ address: VAULT, mode: 'managed', type: 'aws_backup_vault', change: { actions: ['no-op'], before: {}, after: {} } }] });
    expect(evaluatePlan(targeted, STACK, [])).toMatchObject({ ok: false, notPassed: TARGETED });
    const deferred = plan({ complete: false, resource_changes: [], deferred_changes: [{ reason: 'provider_config_unknown', resource_change: { address: VAULT, mode: 'managed', type: 'aws_backup_vault', change: { actions: ['create'] } } }] });
    expect(evaluatePlan(deferred, STACK, []).notPassed).toMatch(/^The plan is incomplete \(deferred changes\)/);
  });
});

describe('deferred changes (Terraform 1.9+: deferred_changes)', () => {
  const DEFERRED = 'The plan is incomplete (deferred changes): it is not the whole change, so it is not passed; apply what it can, then guard the plan that follows.';
  const deferredVault = { reason: 'provider_config_unknown', resource_change: { address: VAULT, mode: 'managed', type: 'aws_backup_vault', name: 'v', change: { actions: ['create'], after_unknown: true } } };

  it('does not pass a plan whose vault is deferred, even one that does not say complete: false', () => {
    expect(evaluatePlan(plan({ resource_changes: [], deferred_changes: [deferredVault] }), STACK, [])).toMatchObject({ ok: false, violations: [], notPassed: DEFERRED });
    expect(evaluatePlan(plan({ complete: true, deferred_changes: [deferredVault] }), STACK, [])).toMatchObject({ ok: false, notPassed: DEFERRED });
  });

  it('refuses deferred changes it cannot read, as it refuses such resource_changes', () => {
    expect(planFormatProblem(plan({ complete: false, deferred_changes: { [VAULT]: deferredVault } }))).toBe('has a deferred_changes that is not a list');
    expect(planFormatProblem(plan({ complete: false, deferred_changes: [{ reason: 'resource_config_unknown' }] }))).toBe('deferred_changes[0].resource_change is not an object');
    const noActions = { reason: 'deferred_prereq', resource_change: { ...deferredVault.resource_change, change: {} } };
    expect(planFormatProblem(plan({ complete: false, deferred_changes: [noActions] }))).toBe(`deferred_changes[0].resource_change (${VAULT}) has no change.actions list`);
  });
});

describe('-target plans that do not say complete: false (Terraform before 1.8, OpenTofu)', () => {
  it('does not pass a -target plan without `complete`: a resource of its prior state has no entry, so the rest is not planned', () => {
    // Real output (Terraform 1.11.4, -target=aws_backup_vault.keep, the configuration no longer holding aws_backup_vault.gone) without the
    // `complete` and `applyable` that Terraform 1.8 added: as Terraform 1.5-1.7 and OpenTofu write it. The whole plan deletes aws_backup_vault.gone.
    const json = fixture('target-unmarked');
    expect([json.complete, (json.resource_changes as { address: string }[]).map((entry) => entry.address)]).toEqual([undefined, ['aws_backup_vault.keep']]);
    expect(evaluatePlan(json, STACK, [])).toMatchObject({
      ok: false,
      violations: [],
      notPassed:
        'The plan lists no change for 1 resource of its prior state (`aws_backup_vault.gone`), though a whole plan lists every one (unchanged ones as no-op): it was made with -target, which a plan without `complete` (Terraform before 1.8 writes none) does not otherwise say; the rest of the configuration is not planned, so it is not passed; guard a plan made without -target.',
    });
    expect(evaluatePlan({ ...json, complete: false }, STACK, []).notPassed).toBe(TARGETED);
  });

  it('reads a whole plan of moved, deposed, forgotten and module resources as whole: each has its entry (prior_state names a moved one by its new address)', () => {
    // Real output (Terraform 1.11.4): a moved block, a removed block (forget), a deposed object, create_before_destroy, count and for_each in modules.
    const json = fixture('moved-deposed-forget-modules');
    const result = evaluatePlan(json, STACK, []);
    expect(result.notPassed).toBeUndefined();
    expect(result.violations.map((finding) => [finding.address, finding.kind, finding.actionReason ?? finding.deposed])).toEqual([
      ['aws_backup_vault.counted[1]', 'delete', 'delete_because_count_index'],
      ['aws_backup_vault.gone', 'delete', 'delete_because_no_resource_config'],
      ['aws_backup_vault.main', 'replace', 'replace_because_cannot_update'],
      ['aws_backup_vault.main', 'delete', '00000001'],
      ['module.dr["a"].aws_backup_vault.v', 'delete', 'delete_because_no_module'],
      ['module.dr["b"].aws_backup_vault.v', 'replace', 'replace_because_cannot_update'],
      ['module.removedmod.aws_backup_vault.v', 'delete', 'delete_because_no_resource_config'],
    ]);
    expect(result.warnings.map((finding) => [finding.address, finding.kind])).toEqual([['aws_backup_vault.forgot', 'forget']]);
  });
});

describe('values the guard compares, known only at apply or named by newer providers', () => {
  it('a vault key whose deletion window is known only at apply counts as a possible weakening', () => {
    const before = { arn: 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e', is_enabled: true, deletion_window_in_days: 30 };
    const change = { address: KEY, mode: 'managed', type: 'aws_kms_key', change: { actions: ['update'], before, after: { ...before, deletion_window_in_days: null }, after_unknown: { deletion_window_in_days: true } } };
    expect(evaluatePlan(plan({ resource_changes: [change] }), STACK, []).violations.map((finding) => finding.consequence)).toEqual([
      `updating ${KEY} in place gets a deletion waiting period known only at apply: whether it is shorter than 30 days cannot be checked before`,
    ]);
  });

  it("deleting the key an air-gapped vault of the prior state encrypts with (encryption_key_arn) is blocked, not a warning", () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555';
    const prior = { format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_backup_logically_air_gapped_vault.lag', mode: 'managed', type: 'aws_backup_logically_air_gapped_vault', values: { encryption_key_arn: arn } }] } } };
    const deletion = { address: 'aws_kms_key.lag', mode: 'managed', type: 'aws_kms_key', change: { actions: ['delete'], before: { arn }, after: null } };
    const result = evaluatePlan(plan({ prior_state: prior, resource_changes: [deletion] }), STACK, []);
    expect([result.violations.map((finding) => finding.address), result.warnings]).toEqual([['aws_kms_key.lag'], []]);
  });
});
