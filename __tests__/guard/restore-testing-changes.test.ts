/**
 * A restore testing plan or selection deleted, made rarer or narrowed: warnings, as the posture
 * report's diff reads a restore test removed or running rarer (hand-made plans shaped as terraform
 * 1.11.4 plans them with hashicorp/aws 5.100.0: both update in place; name, plan name and resource
 * type force a replacement).
 */
import { evaluatePlan } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { change, plan, STACK, warned } from './plans';

const PLAN = 'aws_backup_restore_testing_plan.restore-testing_plan_1A2B3C4D';
const SELECTION = 'aws_backup_restore_testing_selection.restore-testing_ebs_5E6F7A8B';
const TAIL = 'no recovery point is lost, but a restore that no longer works is found later or not at all';
const VAULT = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:main';

const testingPlan = (fields: Record<string, unknown> = {}, selection: Record<string, unknown> = {}) => ({
  arn: 'arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:daily_restore-1a2b',
  name: 'daily_restore',
  recovery_point_selection: [{ algorithm: 'LATEST_WITHIN_WINDOW', exclude_vaults: [], include_vaults: ['*'], recovery_point_types: ['CONTINUOUS', 'SNAPSHOT'], selection_window_days: 7, ...selection }],
  schedule_expression: 'cron(0 1 ? * * *)',
  schedule_expression_timezone: 'Etc/UTC',
  start_window_hours: 1,
  tags: null,
  tags_all: {},
  ...fields,
});
const testingSelection = (fields: Record<string, unknown> = {}) => ({
  iam_role_arn: 'arn:aws:iam::111122223333:role/restore-testing',
  name: 'ebs',
  protected_resource_arns: ['*'],
  protected_resource_conditions: [{ string_equals: [{ key: 'aws:ResourceTag/restore', value: 'yes' }], string_not_equals: [] }],
  protected_resource_type: 'EBS',
  restore_metadata_overrides: {},
  restore_testing_plan_name: 'daily_restore',
  validation_window_hours: 1,
  ...fields,
});

describe('a restore testing plan or selection', () => {
  it('warns when either is deleted, by the plan or outside Terraform', () => {
    expect(warned(change(PLAN, ['delete'], testingPlan(), {}))).toEqual([
      `deleting ${PLAN} deletes a restore testing plan: its restore tests stop, so nothing proves any more that the recovery points they tested can be restored`,
    ]);
    const drift = evaluatePlan(plan({ resource_drift: [change(SELECTION, ['delete'], testingSelection(), {})] }), STACK, []);
    expect(drift.warnings.map((finding) => finding.consequence)).toEqual([
      `${SELECTION} was deleted outside Terraform, which deletes a restore testing selection: the resources it chose are no longer restore-tested, so nothing proves any more that their recovery points can be restored`,
    ]);
    // The summary names what the drift stopped: restore tests, not backups or their alerts.
    expect(guardMarkdown([drift])).toContain("Outside Terraform, restore tests were stopped or narrowed (the plans' `resource_drift`): see the warnings.");
    expect(guardMarkdown([drift])).not.toContain('backups, copies or their alerts were stopped');
  });

  it('warns when a plan runs rarer or takes fewer vaults, types or days of recovery points', () => {
    const updated = (fields: Record<string, unknown>, selection: Record<string, unknown> = {}) => warned(change(PLAN, ['update'], testingPlan(), testingPlan(fields, selection)));
    const less = (what: string) => [`updating ${PLAN} in place makes restore testing plan daily_restore test less (it ${what}): ${TAIL}`];
    expect(updated({ schedule_expression: 'cron(0 1 ? * SUN *)' })).toEqual(less('runs rarer: a restore may go 7 d untested instead of 24 h'));
    expect(updated({}, { include_vaults: [VAULT] })).toEqual(less('no longer takes recovery points of every vault ("*")'));
    expect(updated({}, { exclude_vaults: [VAULT] })).toEqual(less(`now excludes vaults ${VAULT}`));
    expect(updated({}, { recovery_point_types: ['SNAPSHOT'], selection_window_days: 1 })).toEqual(less('no longer tests CONTINUOUS recovery points; it looks back 1 days for a recovery point instead of 7'));
    expect(warned(change(PLAN, ['update'], testingPlan(), testingPlan({ schedule_expression: null }), { schedule_expression: true }))).toEqual([
      `updating ${PLAN} in place gives restore testing plan daily_restore a schedule or recovery point selection known only at apply: whether it still tests as often and as much cannot be checked; if not, ${TAIL}`,
    ]);
  });

  it('warns when a selection tests fewer resources or another type', () => {
    const less = (what: string, verb = `updating ${SELECTION} in place`) => [`${verb} makes restore testing selection ebs of plan daily_restore test less (it ${what}): ${TAIL}`];
    expect(warned(change(SELECTION, ['update'], testingSelection(), testingSelection({ protected_resource_arns: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1'] })))).toEqual(
      less('no longer tests every EBS resource ("*")'),
    );
    const conditions = [{ string_equals: [{ key: 'aws:ResourceTag/restore', value: 'yes' }], string_not_equals: [{ key: 'aws:ResourceTag/env', value: 'dev' }] }];
    expect(warned(change(SELECTION, ['update'], testingSelection(), testingSelection({ protected_resource_conditions: conditions })))).toEqual(less('now also requires stringNotEquals aws:ResourceTag/env=dev'));
    expect(warned(change(SELECTION, ['delete', 'create'], testingSelection(), testingSelection({ protected_resource_type: 'RDS' }), { protected_resource_arns: false }))).toEqual(less('tests RDS instead of EBS', `replacing ${SELECTION}`));
  });

  it('says nothing of a change that tests as much or more, nor of arguments left out that the provider plans unknown on a replacement', () => {
    expect(warned(change(PLAN, ['update'], testingPlan(), testingPlan({ schedule_expression: 'cron(0 1/12 ? * * *)', start_window_hours: 2 }, { selection_window_days: 14 })))).toEqual([]);
    expect(warned(change(SELECTION, ['update'], testingSelection(), testingSelection({ validation_window_hours: 4, protected_resource_conditions: [] })))).toEqual([]);
    const renamed = testingSelection({ name: 'ebs-2', protected_resource_arns: null, restore_metadata_overrides: null, validation_window_hours: null });
    expect(warned(change(SELECTION, ['delete', 'create'], testingSelection({ protected_resource_arns: [] }), renamed, { protected_resource_arns: true, restore_metadata_overrides: true, validation_window_hours: true }))).toEqual([]);
  });

  // exclude_vaults and selection_window_days are Optional and Computed: terraform 1.11.4 plans them unknown on creation when the
  // configuration leaves them out (the product's weekly restore test sets no exclude_vaults), so on a replacement too.
  const rename = (expressions: Record<string, unknown>) => {
    const block = { algorithm: 'LATEST_WITHIN_WINDOW', include_vaults: [VAULT], recovery_point_types: ['SNAPSHOT'] };
    const before = testingPlan({}, { ...block, exclude_vaults: [] });
    const after = testingPlan({ arn: null, name: 'daily_restore_2' }, { ...block, exclude_vaults: null, selection_window_days: null });
    const afterUnknown = { arn: true, recovery_point_selection: [{ exclude_vaults: true, include_vaults: [false], recovery_point_types: [false], selection_window_days: true }], tags_all: {} };
    const configured = { algorithm: { constant_value: 'LATEST_WITHIN_WINDOW' }, include_vaults: { constant_value: [VAULT] }, recovery_point_types: { constant_value: ['SNAPSHOT'] }, ...expressions };
    return warned(change(PLAN, ['delete', 'create'], before, after), { name: { constant_value: 'daily_restore_2' }, recovery_point_selection: [configured], schedule_expression_timezone: { constant_value: 'Etc/UTC' } }).concat(
      warned(change(PLAN, ['delete', 'create'], before, after, afterUnknown), { name: { constant_value: 'daily_restore_2' }, recovery_point_selection: [configured], schedule_expression_timezone: { constant_value: 'Etc/UTC' } }),
    );
  };

  it('reads exclude_vaults and selection_window_days planned unknown on a replacement as left out when the configuration leaves them out', () => {
    expect(rename({})).toEqual([]);
  });

  it('reads a selection_window_days the configuration leaves out of a replacement as AWS\'s default, 30 days: less than the 90 it had', () => {
    // "SelectionWindowDays (optional) ... If not included, the value defaults to 30" (RestoreTestingRecoveryPointSelection, AWS Backup API reference).
    const block = { algorithm: 'LATEST_WITHIN_WINDOW', include_vaults: [VAULT], recovery_point_types: ['SNAPSHOT'] };
    const before = testingPlan({}, { ...block, exclude_vaults: [], selection_window_days: 90 });
    const after = testingPlan({ arn: null, name: 'daily_restore_2' }, { ...block, exclude_vaults: null, selection_window_days: null });
    const afterUnknown = { arn: true, recovery_point_selection: [{ exclude_vaults: true, include_vaults: [false], recovery_point_types: [false], selection_window_days: true }], tags_all: {} };
    const configured = { algorithm: { constant_value: 'LATEST_WITHIN_WINDOW' }, include_vaults: { constant_value: [VAULT] }, recovery_point_types: { constant_value: ['SNAPSHOT'] } };
    expect(warned(change(PLAN, ['delete', 'create'], before, after, afterUnknown), { name: { constant_value: 'daily_restore_2' }, recovery_point_selection: [configured], schedule_expression_timezone: { constant_value: 'Etc/UTC' } })).toEqual([
      `replacing ${PLAN} makes restore testing plan daily_restore test less (it looks back 30 days for a recovery point instead of 90): ${TAIL}`,
    ]);
  });

  it('says a recovery point selection the configuration sets from a reference is known only at apply', () => {
    expect(rename({ exclude_vaults: { references: ['aws_backup_vault.archive.arn', 'aws_backup_vault.archive'] } })).toEqual([
      `replacing ${PLAN} gives restore testing plan daily_restore a schedule or recovery point selection known only at apply: whether it still tests as often and as much cannot be checked; if not, ${TAIL}`,
    ]);
  });
});
