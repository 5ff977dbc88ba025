/**
 * One selection evaluator and one RPO evaluator, asked by every reader: the config checker, the rule
 * pack and the posture report give the same answer on the same inputs.
 */
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupSelection, checkSelectionCriteria, type SelectionCriteria } from '../../modules/backup-selection';
import { evaluateStack } from '../../compliance/pack';
import * as ids from '../../compliance/rules/ids';
import { selectionPosture } from '../../report/posture-parts';
import { selectionSpecOfTerraform } from '../../core/selection';
import { planRpo } from '../../core/rpo';
import { ACCOUNT_ID, compliantStack, factsFor, goldPlan } from '../compliance/fixtures';

const HOME = { accountId: ACCOUNT_ID, region: 'eu-west-1' };

/** The aws_backup_selection attributes the construct writes for `criteria` (its checks switched off by catching). */
function synthesizedSelection(criteria: SelectionCriteria): Record<string, unknown> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const attributes: Record<string, unknown> = {};
  try {
    new BackupSelection(stack, 'selection', { selectionName: 'tagged', planId: '${aws_backup_plan.gold.id}', iamRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/r`, ...criteria });
    Object.assign(attributes, Object.values(JSON.parse(Testing.synth(stack)).resource.aws_backup_selection)[0] as object);
  } catch {
    // The construct refuses what the checker refuses: write the attributes as it would have.
    const values = (v: string | readonly string[]) => (typeof v === 'string' ? [v] : [...v]);
    const tags = Object.entries(criteria.tags ?? {}).flatMap(([key, value]) => values(value).map((v) => ({ type: 'STRINGEQUALS', key, value: v })));
    const block: Record<string, { key: string; value: string }[]> = {};
    const names = { stringEquals: 'string_equals', stringLike: 'string_like', stringNotEquals: 'string_not_equals', stringNotLike: 'string_not_like' } as const;
    for (const [operator, field] of Object.entries(names)) {
      const entries = Object.entries(criteria.conditions?.[operator as keyof typeof names] ?? {}).flatMap(([key, value]) => values(value).map((v) => ({ key: `aws:ResourceTag/${key}`, value: v })));
      if (entries.length > 0) block[field] = entries;
    }
    Object.assign(attributes, {
      name: 'tagged',
      ...(tags.length > 0 ? { selection_tag: tags } : {}),
      ...(Object.keys(block).length > 0 ? { condition: [block] } : {}),
      ...(criteria.resources?.length ? { resources: [...criteria.resources] } : {}),
      ...(criteria.notResources?.length ? { not_resources: [...criteria.notResources] } : {}),
    });
  }
  return { ...attributes, plan_id: '${aws_backup_plan.gold.id}' };
}

const CASES: readonly [string, SelectionCriteria, 'fine' | 'warned' | 'refused' | 'everything' | 'nothing'][] = [
  ['tags', { tags: { backup: 'gold' } }, 'fine'],
  ['"*" with conditions', { resources: ['*'], conditions: { stringEquals: { backup: 'gold' } } }, 'fine'],
  ['wildcard Region and account', { resources: ['arn:aws:ec2:*:*:volume/*'] }, 'fine'],
  ['conditions only', { conditions: { stringEquals: { backup: 'gold' } } }, 'refused'],
  ['nothing at all', {}, 'everything'],
  // AWS's own "Select all resources in my account" (and "..., but exclude EBS volumes"): accepted, with the checker's warning.
  ['"*" alone', { resources: ['*'] }, 'warned'],
  ['"*" but EBS volumes', { resources: ['*'], notResources: ['arn:aws:ec2:*:*:volume/*'] }, 'warned'],
  ['contradictory conditions', { resources: ['*'], conditions: { stringEquals: { env: 'prod' }, stringNotEquals: { env: 'prod' } } }, 'nothing'],
  ['every ARN excluded', { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/v'], notResources: ['arn:aws:ec2:eu-west-1:111122223333:volume/v'] }, 'nothing'],
  ['ARNs of another Region', { resources: ['arn:aws:ec2:us-east-1:111122223333:volume/v'] }, 'nothing'],
];

describe('one selection evaluator: checker, rule pack and report agree', () => {
  it.each(CASES)('%s', (_name, criteria, expected) => {
    const errors = checkSelectionCriteria(criteria, { ...HOME }).filter((problem) => problem.severity === 'error');
    const attributes = synthesizedSelection(criteria);
    const stack = compliantStack();
    stack.resource.aws_backup_selection = { 'gold-selection': attributes };
    const findings = evaluateStack(stack, factsFor()).filter((finding) => finding.address === 'aws_backup_selection.gold-selection');
    const spec = selectionSpecOfTerraform(attributes);
    const words = selectionPosture('tagged', spec.tags.map((tag) => ({ operator: 'StringEquals' as const, ...tag })), [...spec.conditions], [...spec.resources], [...spec.notResources], HOME).words;

    const ruleIds = findings.map((finding) => finding.ruleId).filter((id) => id === ids.BACKUP_ESTATE_SELECTION_NOT_EMPTY || id === ids.BACKUP_ESTATE_SELECTION_ACCEPTED);
    if (expected === 'fine') {
      expect({ errors, ruleIds }).toEqual({ errors: [], ruleIds: [] });
      expect(words).not.toMatch(/^nothing/);
    } else if (expected === 'warned') {
      expect({ errors, ruleIds }).toEqual({ errors: [], ruleIds: [] });
      expect(checkSelectionCriteria(criteria, { ...HOME }).map((problem) => `${problem.severity} ${problem.path}`)).toEqual(['warning resources']);
      expect(words).toMatch(/^every resource/);
    } else {
      expect(errors.length).toBeGreaterThan(0);
      if (expected === 'refused') {
        expect(ruleIds).toEqual([ids.BACKUP_ESTATE_SELECTION_ACCEPTED]);
        expect(words).toMatch(/^nothing: conditions without tags or resources/);
      } else if (expected === 'nothing') {
        expect(ruleIds).toEqual([ids.BACKUP_ESTATE_SELECTION_NOT_EMPTY]);
        expect(words).toMatch(/^nothing: /);
      } else {
        expect(words).toMatch(/^every resource/);
        expect(ruleIds).toEqual([ids.BACKUP_ESTATE_SELECTION_NOT_EMPTY]);
      }
    }
  });
});

describe('one RPO evaluator: the rule pack holds a plan to what the report says', () => {
  const SCHEDULES: readonly [string, string, string][] = [
    ['daily', 'cron(0 5 ? * * *)', 'Etc/UTC'],
    ['daily in Paris', 'cron(0 5 ? * * *)', 'Europe/Paris'],
    ['last day at 02:00 Paris', 'cron(0 2 L * ? *)', 'Europe/Paris'],
    ['weekdays', 'cron(0 5 ? * MON-FRI *)', 'Etc/UTC'],
    ['every six hours', 'cron(0 0/6 ? * * *)', 'America/New_York'],
  ];
  it.each(SCHEDULES)('%s', (_name, schedule, timezone) => {
    const stack = compliantStack();
    const rule = goldPlan(stack).rule[0];
    Object.assign(rule, { schedule, schedule_expression_timezone: timezone });
    goldPlan(stack).rule.push({ ...rule, rule_name: 'weekend', schedule: 'cron(0 5 ? * SAT,SUN *)' });
    const minutes = planRpo(
      goldPlan(stack).rule.map((r) => ({ schedule: r.schedule ?? '', timezone: r.schedule_expression_timezone, startWindowMinutes: r.start_window ?? 60, completionWindowMinutes: r.completion_window ?? 180, continuous: false })),
    ).minutes as number;
    const verdict = (targetHours: number) =>
      evaluateStack(stack, factsFor({ rpoTargetHours: { gold: targetHours } })).filter((finding) => finding.ruleId === ids.BACKUP_ESTATE_RPO_WITHIN_TARGET).length;
    expect(verdict(minutes / 60)).toBe(0);
    expect(verdict(minutes / 60 - 0.5)).toBe(1);
  });
});
