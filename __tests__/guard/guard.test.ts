/** The plan guard on hand-written `terraform show -json` plans (__tests__/fixtures/guard). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  changeKind,
  evaluatePlan,
  planFormatProblem,
  PlanFormatError,
  PROTECTED_TYPES,
  type AllowedChange,
  type GuardResult,
} from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { stackNameFromPath } from '../../guard/stack-name';
import { KEY, LOCK, STACK, VAULT, plan } from './plans';

const FIXTURES = join(__dirname, '..', 'fixtures', 'guard');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as unknown;

const ATTACHMENT = 'aws_organizations_policy_attachment.policy-baseline_attachment-workloads_5E1B0C6F';

const blocked = (result: GuardResult) => result.violations.map((finding) => [finding.address, finding.kind]);


describe('evaluatePlan', () => {
  it('passes a create-only plan and counts its changes (data source reads apart)', () => {
    const result = evaluatePlan(fixture('create-only'), STACK, []);
    expect(result.ok).toBe(true);
    expect(result.violations).toEqual([]);
    expect(result.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0, forget: 0, read: 1, noOp: 0, other: 0 });
    expect(result).toMatchObject({ stack: STACK, formatVersion: '1.2', terraformVersion: '1.11.4', notes: [] });
  });

  it('passes updates in place of protected resources and replacements of unprotected ones', () => {
    const result = evaluatePlan(fixture('update-in-place'), STACK, []);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({ update: 3, replace: 1, noOp: 1, delete: 0 });
  });

  it('blocks a vault replacement and the lock replacement it drags along, with the attributes that force them', () => {
    const result = evaluatePlan(fixture('vault-replace'), STACK, []);
    expect(result.ok).toBe(false);
    expect(blocked(result)).toEqual([
      [VAULT, 'replace'],
      [LOCK, 'replace'],
    ]);
    const [vault, lock] = result.violations;
    expect(vault).toMatchObject({ type: 'aws_backup_vault', actions: ['delete', 'create'], replacePaths: ['name'], actionReason: 'replace_because_cannot_update' });
    expect(vault.consequence).toMatch(new RegExp(`^replacing ${VAULT} destroys its recovery points`));
    expect(lock.replacePaths).toEqual(['backup_vault_name']);
    expect(result.summary).toMatchObject({ replace: 3, update: 1 });
  });

  it('blocks a key deletion', () => {
    const result = evaluatePlan(fixture('key-delete'), STACK, []);
    expect(blocked(result)).toEqual([[KEY, 'delete']]);
    expect(result.violations[0].consequence).toContain('recovery points encrypted with it cannot be restored');
    expect(result.violations[0].actionReason).toBe('delete_because_no_resource_config');
    // The alias goes too, but it protects nothing.
    expect(result.summary.delete).toBe(2);
  });

  it('blocks a lock deletion', () => {
    const result = evaluatePlan(fixture('lock-delete'), STACK, []);
    expect(blocked(result)).toEqual([[LOCK, 'delete']]);
    expect(result.violations[0].consequence).toContain('removes Vault Lock');
  });

  it('blocks a backup policy detachment, not the policy update or a new attachment', () => {
    const result = evaluatePlan(fixture('policy-attachment-delete'), 'management-us-east-1', []);
    expect(blocked(result)).toEqual([[ATTACHMENT, 'delete']]);
    expect(result.summary).toMatchObject({ create: 1, update: 1, delete: 1 });
  });

  it('lets a change through that the config allows for that stack and address, with its reason', () => {
    const allowed: AllowedChange[] = [{ stack: STACK, address: VAULT, reason: 'Renaming the vault (CHG-1234)' }];
    const result = evaluatePlan(fixture('vault-replace'), STACK, allowed);
    expect(result.allowed.map((finding) => [finding.address, finding.allowedBecause])).toEqual([[VAULT, 'Renaming the vault (CHG-1234)']]);
    // Allowing the vault does not allow what its replacement drags along.
    expect(blocked(result)).toEqual([[LOCK, 'replace']]);
  });

  it('does not let a change through that is allowed for another stack only, and notes unused allowances', () => {
    const allowed: AllowedChange[] = [
      { stack: 'workload-prod-us-east-1', address: LOCK, reason: 'The us-east-1 lock moves to compliance mode' },
      { stack: STACK, address: KEY, reason: 'The old key was retired long ago' },
    ];
    const result = evaluatePlan(fixture('lock-delete'), STACK, allowed);
    expect(result.ok).toBe(false);
    expect(result.allowed).toEqual([]);
    expect(blocked(result)).toEqual([[LOCK, 'delete']]);
    expect(result.notes).toEqual([expect.stringContaining(`lets \`${KEY}\` through, but this plan neither deletes, replaces nor weakens it`)]);
    expect(evaluatePlan(fixture('lock-delete'), 'workload-prod-us-east-1', allowed).ok).toBe(true);
  });

  it('warns, without blocking, when protected resources are forgotten (removed from state, not destroyed)', () => {
    const result = evaluatePlan(fixture('forget'), STACK, []);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((finding) => [finding.address, finding.actions])).toEqual([
      [VAULT, ['forget']],
      [KEY, ['create', 'forget']],
    ]);
    expect(result.warnings[0].consequence).toContain('drops it from Terraform state without destroying it');
    expect(result.summary.forget).toBe(3);
    // "remove", as some tools name it, is a forget too.
    expect(changeKind(['remove'])).toBe('forget');
  });

  it('blocks protected resources whose actions it does not know, and ignores data sources', () => {
    const unknownActions = plan({
      resource_changes: [
        { address: VAULT, mode: 'managed', type: 'aws_backup_vault', change: { actions: ['archive'] } },
        { address: 'data.aws_kms_key.old', mode: 'data', type: 'aws_kms_key', change: { actions: ['delete'] } },
      ],
    });
    const result = evaluatePlan(unknownActions, STACK, []);
    expect(blocked(result)).toEqual([[VAULT, 'other']]);
    expect(result.summary).toMatchObject({ other: 1, delete: 1 });
  });

  it('does not pass a plan giving any other resource an action it does not know: what it does to a selection or plan is not read', () => {
    const result = evaluatePlan(plan({ resource_changes: [{ address: 'aws_backup_selection.s', mode: 'managed', type: 'aws_backup_selection', change: { actions: ['archive'], before: { name: 'sel' }, after: { name: 'sel' } } }] }), STACK, []);
    expect(result).toMatchObject({
      ok: false,
      violations: [],
      notPassed:
        'The plan gives `aws_backup_selection.s` (archive) actions this guard does not know (Terraform documents no-op, create, read, update, delete, forget and their replacements): what they do is not read, so the plan is not passed; review these changes by hand.',
    });
    expect(guardMarkdown([result]).split('\n')[0]).toBe('## Backup plan guard: 1 plan not passed (errored, incomplete, not fully read or refused by AWS)');
  });

  it('reports a deposed object and an errored plan', () => {
    const deposed = plan({
      errored: true,
      resource_changes: [{ address: VAULT, mode: 'managed', type: 'aws_backup_vault', deposed: '00000001', change: { actions: ['delete'] } }],
    });
    const result = evaluatePlan(deposed, STACK, []);
    expect(result.violations[0]).toMatchObject({ deposed: '00000001', consequence: expect.stringContaining(`deleting the deposed object 00000001 of ${VAULT}`) });
    expect(result.notPassed).toContain('Terraform reported errors while planning');
    // Not the whole change: never passed, even with nothing blocked in the part it shows.
    const errored = evaluatePlan(plan({ errored: true, resource_changes: [] }), STACK, []);
    expect(errored).toMatchObject({ ok: false, violations: [] });
    expect(errored.notPassed).toBe('Terraform reported errors while planning: this plan is not the whole change, so it is not passed; fix the errors and plan again.');
  });

  // Terraform writes resource_changes with `omitempty`: a plan of a configuration and a state that
  // hold no managed resource has none (Terraform 1.11.4 `show -json`, saved as these fixtures: an
  // empty configuration, and one that only reads a data source, which prior_state holds). Every
  // managed resource of the state or the configuration gets an entry, unchanged ones as no-op.
  it.each(['no-changes-empty', 'no-changes-data-only'])('accepts the real plan %s, which has no resource_changes', (name) => {
    const json = fixture(name);
    expect(planFormatProblem(json)).toBeUndefined();
    expect(evaluatePlan(json, STACK, [])).toMatchObject({ ok: true, violations: [], formatVersion: '1.2', terraformVersion: '1.11.4', summary: { create: 0, update: 0, replace: 0, delete: 0, forget: 0, read: 0, noOp: 0, other: 0 } });
  });

  const vaultDeletion = { address: VAULT, mode: 'managed', type: 'aws_backup_vault', change: { actions: ['delete'] } };
  const managedInState = { values: { root_module: { child_modules: [{ resources: [{ address: `module.x.${VAULT}`, mode: 'managed', type: 'aws_backup_vault' }] }] } } };
  it.each([
    [null, 'is not a JSON object: expected the output of `terraform show -json <planfile>`'],
    [[], 'is not a JSON object: expected the output of `terraform show -json <planfile>`'],
    [{ resources: [] }, 'has no format_version: expected the output of `terraform show -json <planfile>`'],
    [{ resource_changes: [vaultDeletion] }, 'has no format_version: expected the output of `terraform show -json <planfile>`'],
    [{ format_version: 1.2 }, 'has a format_version that is not a string: expected the output of `terraform show -json <planfile>`'],
    [plan({ format_version: '2.0' }), 'has format_version 2.0; this guard reads plan format 1.x'],
    [plan({ format_version: '0.2' }), 'has format_version 0.2; this guard reads plan format 1.x'],
    [{ format_version: '1.2' }, 'has no terraform_version, planned_values, configuration or resource_changes: it is not a whole plan; expected the output of `terraform show -json <planfile>`'],
    [{ format_version: '1.2', resource_changes: [vaultDeletion] }, 'has no terraform_version, planned_values or configuration: it is not a whole plan; expected the output of `terraform show -json <planfile>`'],
    [plan({ planned_values: [], resource_changes: [] }), 'has no planned_values: it is not a whole plan; expected the output of `terraform show -json <planfile>`'],
    [plan({ prior_state: managedInState }), 'has no resource_changes, yet its prior_state holds managed resources: Terraform lists every one of them there (unchanged ones as no-op), and it has no mark of a -refresh-only plan (resource_drift, or applyable: false), so the plan was cut short'],
    [plan({ planned_values: { root_module: { resources: [{ address: VAULT, mode: 'managed' }] } } }), 'has no resource_changes, yet its planned_values holds managed resources: Terraform lists every one of them there (unchanged ones as no-op), and it has no mark of a -refresh-only plan (resource_drift, or applyable: false), so the plan was cut short'],
    [plan({ resource_changes: {} }), 'has a resource_changes that is not a list'],
    [plan({ resource_changes: [vaultDeletion, 'x'] }), 'resource_changes[1] is not an object'],
    [plan({ resource_changes: [{ ...vaultDeletion, address: undefined }] }), 'resource_changes[0] has no address'],
    [plan({ resource_changes: [{ ...vaultDeletion, type: undefined }] }), `resource_changes[0] (${VAULT}) has no type`],
    [plan({ resource_changes: [{ ...vaultDeletion, type: '' }] }), `resource_changes[0] (${VAULT}) has no type`],
    [plan({ resource_changes: [{ address: VAULT, type: 'aws_backup_vault', change: {} }] }), `resource_changes[0] (${VAULT}) has no change.actions list`],
    [plan({ resource_changes: [{ address: VAULT, type: 'aws_backup_vault', change: { actions: [] } }] }), `resource_changes[0] (${VAULT}) has no change.actions list`],
    [plan({ resource_changes: [{ address: VAULT, type: 'aws_backup_vault', change: { actions: ['delete', 1] } }] }), `resource_changes[0] (${VAULT}) has no change.actions list`],
  ])('refuses %j: %s', (json, message) => {
    expect(planFormatProblem(json)).toBe(message);
    expect(() => evaluatePlan(json, STACK, [])).toThrow(new PlanFormatError(`the plan ${message}`));
  });

  it('refuses state output (terraform show -json without a plan file)', () => {
    expect(planFormatProblem(fixture('state-not-plan'))).toMatch(/^is Terraform state/);
  });

  it('protects the vaults, their keys, locks and policies, and organization backup policies', () => {
    expect([...PROTECTED_TYPES].sort()).toEqual([
      'aws_backup_logically_air_gapped_vault',
      'aws_backup_vault',
      'aws_backup_vault_lock_configuration',
      'aws_backup_vault_policy',
      'aws_kms_key',
      'aws_organizations_policy',
      'aws_organizations_policy_attachment',
    ]);
  });

  it('blocks deleting or replacing a role AWS Backup assumes (by its trust policy), and no other role', () => {
    const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
    const role = (address: string, actions: string[], service: string) => ({ address, mode: 'managed', type: 'aws_iam_role', change: { actions, before: { name: address, assume_role_policy: trust(service) }, after: null } });
    const SERVICE_ROLE = 'aws_iam_role.service-role_4867CF3C';
    const result = evaluatePlan(
      plan({ resource_changes: [role(SERVICE_ROLE, ['delete'], 'backup.amazonaws.com'), role('aws_iam_role.restore', ['delete', 'create'], 'backup.amazonaws.com'), role('aws_iam_role.lambda', ['delete'], 'lambda.amazonaws.com')] }),
      STACK,
      [],
    );
    expect(blocked(result)).toEqual([
      [SERVICE_ROLE, 'delete'],
      ['aws_iam_role.restore', 'replace'],
    ]);
    expect(result.violations[0]?.consequence).toBe(`deleting ${SERVICE_ROLE} deletes a role AWS Backup assumes: every backup, copy or restore test job that uses it fails until a role of that name exists again`);
  });
});

describe('changeKind', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['no-op'], 'no-op'],
    [['read'], 'read'],
    [['delete'], 'delete'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['forget'], 'forget'],
    [['create', 'forget'], 'forget'],
    [[], 'other'],
  ])('%j is %s', (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });
});

describe('guardMarkdown', () => {
  const allowed: AllowedChange[] = [{ stack: STACK, address: VAULT, reason: 'Renaming the vault | CHG-1234' }];

  it('writes a table per stack, the blocked changes with why they matter, and the allowed ones with their reasons', () => {
    const markdown = guardMarkdown([evaluatePlan(fixture('vault-replace'), STACK, allowed), evaluatePlan(fixture('create-only'), 'workload-prod-us-east-1', [])]);
    expect(markdown).toBe(
      [
        '## Backup plan guard: 1 blocked change',
        '',
        'The plan deletes, replaces or weakens a resource that holds or protects recovery points or that backup jobs need.',
        '',
        '### `workload-prod-eu-west-1`: 1 blocked change',
        '',
        '| Creates | Updates | Replaces | Deletes | Unchanged |',
        '| ---: | ---: | ---: | ---: | ---: |',
        '| 0 | 1 | 3 | 0 | 0 |',
        '',
        '### `workload-prod-us-east-1`: passed',
        '',
        '| Creates | Updates | Replaces | Deletes | Unchanged |',
        '| ---: | ---: | ---: | ---: | ---: |',
        '| 5 | 0 | 0 | 0 | 0 |',
        '',
        '### Blocked',
        '',
        `- \`${LOCK}\` in \`workload-prod-eu-west-1\`: **replace (delete, then create)** (forced by \`backup_vault_name\`; an argument that cannot change in place changed).`,
        `  Replacing ${LOCK} removes Vault Lock: recovery points can be deleted or expired early (a compliance lock past its grace time cannot be removed, so the apply fails) until the new lock is in place.`,
        '',
        'If this is intended, let it through with an entry under `guard.allowedChanges` in the config: `{ stack, address, reason }`.',
        '',
        '### Allowed by config',
        '',
        `- \`${VAULT}\` in \`workload-prod-eu-west-1\`: **replace (delete, then create)** (forced by \`name\`; an argument that cannot change in place changed).`,
        `  Replacing ${VAULT} destroys its recovery points (force_destroy deletes them; without it the apply fails half-way while the vault holds any) and the new vault starts empty.`,
        '  Reason given: Renaming the vault \\| CHG-1234',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is blocked, and adds forgets and warnings when there are any', () => {
    const passed = guardMarkdown([evaluatePlan(fixture('update-in-place'), STACK, [])]);
    expect(passed).toContain('## Backup plan guard: passed');
    expect(passed).toContain('No vault, key, lock, vault policy, backup role or backup policy is deleted, replaced or weakened without an allowance (1 stack checked).');
    expect(passed).not.toContain('### Blocked');
    const forgotten = guardMarkdown([evaluatePlan(fixture('forget'), STACK, [])]);
    expect(forgotten).toContain('| Creates | Updates | Replaces | Deletes | Forgets | Unchanged |');
    expect(forgotten).toContain(`### Warnings\n\n- \`${VAULT}\` in \`${STACK}\`: **forget (removed from state)** (the resource is no longer in the configuration).`);
    expect(forgotten).toContain(`- \`${KEY}\` in \`${STACK}\`: **replace, forgetting the old object** (forced by \`customer_master_key_spec\`).`);
  });

  it('lists the blocked changes of several stacks', () => {
    const markdown = guardMarkdown([evaluatePlan(fixture('key-delete'), STACK, []), evaluatePlan(fixture('policy-attachment-delete'), 'management-us-east-1', [])]);
    expect(markdown).toContain('## Backup plan guard: 2 blocked changes');
    expect(markdown).toContain(`- \`${KEY}\` in \`${STACK}\`: **delete** (the resource is no longer in the configuration).`);
    expect(markdown).toContain(`- \`${ATTACHMENT}\` in \`management-us-east-1\`: **delete** (the resource is no longer in the configuration).`);
    // The fixture has no prior state to tell which type of policy the attachment attaches.
    expect(markdown).toContain("Deleting aws_organizations_policy_attachment.policy-baseline_attachment-workloads_5E1B0C6F detaches the Organizations policy (the plan does not say which type: a backup policy's accounts stop receiving its plans; a service control policy's denies stop applying at once).");
  });
});

describe('stackNameFromPath', () => {
  it.each([
    ['plans/workload-prod-eu-west-1.json', false, 'workload-prod-eu-west-1'],
    ['plans/workload-prod-eu-west-1/plan.json', false, 'workload-prod-eu-west-1'],
    ['cdktf.out/stacks/central-eu-west-1/tfplan.json', false, 'central-eu-west-1'],
    ['plans/central-eu-west-1/show.json', true, 'central-eu-west-1'],
    ['plans/central-eu-west-1/show.json', false, 'show'],
  ])('%s (folder name forced: %s) is %s', (file, fromPath, stack) => {
    expect(stackNameFromPath(file, { fromPath })).toBe(stack);
  });

  it('finds no stack for a plan.json at the file system root', () => {
    expect(stackNameFromPath('/plan.json')).toBeUndefined();
  });
});
