/**
 * A selection replaced so that a resource type it took whatever the Region's opt-in (an ARN naming the whole type,
 * arn:aws:ec2:*:*:volume/*: "Selection by resource type ... regardless of the opt-in setting", AWS Backup, "Assign resources
 * with AWS CLI") is now taken only through the opt-in ("If resource assignments are only based on tags, then service opt-in
 * settings are applied", "Assigning resources to a backup plan"). With EBS opted out in the plan's own
 * aws_backup_region_settings, volume/* -> "*" passed the guard without a word: selectionNarrowing reads "*" as taking every
 * ARN, and AWS skips every EBS volume from then on. The guard reads the opt-ins from the plan (a no-op entry of the Region
 * settings), says what it cannot know when the plan holds none or leaves them to apply, and blocks the opt-out itself.
 */
import { evaluatePlan } from '../../guard/guard';
import { change, plan, STACK } from './plans';

const SELECTION = 'aws_backup_selection.plan-gold_selection_1A2B3C4D';
const SETTINGS = 'aws_backup_region_settings.region-settings_5A1F2C3D';
const VOLUMES = 'arn:aws:ec2:*:*:volume/*';
const REPLACE = ['delete', 'create'];
const selection = (fields: Record<string, unknown>) => ({ name: 'gold', plan_id: 'p-1', iam_role_arn: 'arn:aws:iam::111122223333:role/aws-backup-service-role', selection_tag: [], resources: [], not_resources: [], condition: [], ...fields });
const settings = (ebs: boolean) => ({ id: 'eu-west-1', resource_type_opt_in_preference: { EBS: ebs, EC2: true, S3: true }, resource_type_management_preference: { DynamoDB: true, EFS: true } });
const replaced = (after: Record<string, unknown>) => change(SELECTION, REPLACE, selection({ resources: [VOLUMES] }), selection(after), { condition: true, not_resources: true, selection_tag: [{}], resources: [false] });
const configuration = (entries: ReturnType<typeof change>[]) => ({ root_module: { resources: entries.map((entry) => ({ address: `${entry.type}.${entry.name}`, mode: 'managed', type: entry.type, name: entry.name, expressions: {} })) } });
const verdict = (...entries: ReturnType<typeof change>[]) => {
  const result = evaluatePlan(plan({ resource_changes: entries, configuration: configuration(entries) }), STACK, []);
  return { ok: result.ok, blocked: result.violations.map((finding) => finding.consequence), warnings: result.warnings.map((finding) => finding.consequence) };
};
const THROUGH = `replacing ${SELECTION} makes backup selection gold take EBS resources only through the Region's opt-in (by tags, "*", an ARN of the service only, of part of a type or of a shared shape), where it took them whatever the opt-in`;
const TAGS = { selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'gold' }] };

describe('a selection that now takes a type only through its Region opt-in', () => {
  it('warns when the plan\'s Region settings opt the type out: volume/* replaced by "*" or by tags', () => {
    const optedOut = `${THROUGH}, and this plan's Region settings opt EBS out: AWS skips them from then on, with no job and no failure, and plan p-1 makes no new recovery point of them`;
    expect(verdict(replaced({ resources: ['*'] }), change(SETTINGS, ['no-op'], settings(false), settings(false)))).toEqual({ ok: true, blocked: [], warnings: [optedOut] });
    expect(verdict(replaced(TAGS), change(SETTINGS, ['no-op'], settings(false), settings(false))).warnings).toEqual([
      `replacing ${SELECTION} makes backup selection gold select less (it no longer takes ${VOLUMES}): what it no longer selects gets no new recovery point from plan p-1; it ${optedOut.slice(`replacing ${SELECTION} `.length)}`,
    ]);
  });

  it('reads the opt-ins a deleted Region settings resource leaves in AWS (Terraform only forgets it): its values before', () => {
    const deleted = (ebs: boolean) => change(SETTINGS, ['delete'], settings(ebs), null as unknown as Record<string, unknown>);
    expect(verdict(replaced({ resources: ['*'] }), deleted(false)).warnings).toContain(
      `${THROUGH}, and this plan's Region settings opt EBS out: AWS skips them from then on, with no job and no failure, and plan p-1 makes no new recovery point of them`,
    );
    expect(verdict(replaced({ resources: ['*'] }), deleted(true)).warnings.filter((warning) => warning.startsWith(`replacing ${SELECTION}`))).toEqual([]);
  });

  it('says nothing when the plan\'s Region settings opt the type in, or the new selection still names the whole type', () => {
    expect(verdict(replaced({ resources: ['*'] }), change(SETTINGS, ['no-op'], settings(true), settings(true)))).toEqual({ ok: true, blocked: [], warnings: [] });
    expect(verdict(replaced({ resources: [VOLUMES, 'arn:aws:s3:::*'] }), change(SETTINGS, ['no-op'], settings(false), settings(false)))).toEqual({ ok: true, blocked: [], warnings: [] });
  });

  it('says what it cannot check when the plan holds no Region settings, or leaves them to apply', () => {
    expect(verdict(replaced({ resources: ['*'] })).warnings).toEqual([
      `${THROUGH}; this plan holds no aws_backup_region_settings, so the account's own opt-ins decide and the plan does not show them: if they opt EBS out, plan p-1 makes no new recovery point of them from then on, with no job and no failure`,
    ]);
    const atApply = change(SETTINGS, ['update'], settings(true), { id: 'eu-west-1' }, { resource_type_opt_in_preference: true });
    expect(verdict(replaced({ resources: ['*'] }), atApply).warnings).toContain(
      `${THROUGH}; this plan's Region settings are known only at apply: whether they opt EBS out, and plan p-1 stops backing them up, cannot be checked before`,
    );
  });

  it('blocks the opt-out itself, which stops what tags, "*" and the like select of that type', () => {
    expect(verdict(change(SETTINGS, ['update'], settings(true), settings(false)))).toEqual({
      ok: false,
      blocked: [`updating ${SETTINGS} in place opts EBS out: selections by tags, "*", an ARN of the service only, of part of a type or of a shared shape (rds clusters, FSx file systems) skip that type in this Region from then on, with no job and no failure`],
      warnings: [],
    });
  });
});
