/**
 * Region settings opt in every resource type a selection running there can select: the account's
 * own plans, plans backup policies deliver (built from config plans or hand-written files), by the
 * one selection evaluator. AWS backs up only opted-in types: a type left out is a backup that stops.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import type { WorkloadStackModel } from '../../config/estate-model';
import { REGION_SETTINGS_RESOURCE_TYPES } from '../../core/limits';
import { configWith, organizationWith, type RawConfig } from '../support/configs';
import { exampleModel } from '../support/examples';

function workload(raw: RawConfig, name: string, baseDir?: string): WorkloadStackModel {
  const check = checkRawConfig(raw, baseDir ? { baseDir } : {});
  if (!check.model) throw new Error(check.errors.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const stack = check.model.stacks.find((candidate) => candidate.name === name);
  if (stack?.kind !== 'workload') throw new Error(`no workload stack ${name}`);
  return stack;
}

describe('Region settings derived from what runs there', () => {
  it('a service-level ARN pattern opts in every type it can match (EC2 and EBS), beside the configured S3', () => {
    const raw = configWith((c) => {
      c.account.id = '444455556666';
      c.plans.gold.selections = { instances: { resources: ['arn:aws:ec2:eu-west-1:444455556666:*'] } };
      c.regionSettings = { optIn: ['S3'] };
    });
    expect(workload(raw, 'test-eu-west-1').regionSettings?.optIn).toEqual(['EBS', 'EC2', 'S3']);
  });

  it('cluster:* opts in Aurora, DocumentDB, Neptune and RDS: their clusters (RDS: Multi-AZ DB clusters) share one ARN shape', () => {
    const raw = configWith((c) => {
      c.plans.gold.selections = { clusters: { resources: ['arn:aws:rds:eu-west-1:111122223333:cluster:*'] } };
      c.regionSettings = {};
    });
    expect(workload(raw, 'test-eu-west-1').regionSettings?.optIn).toEqual(['Aurora', 'DocumentDB', 'Neptune', 'RDS']);
  });

  it('an account that only receives a backup policy opts in what its tag selections reach (every type)', () => {
    const raw = organizationWith((c) => (c.regionSettings = {}));
    const orders = workload(raw, 'orders-eu-west-1');
    expect(orders.plans).toEqual([]);
    expect(orders.regionSettings?.optIn).toEqual([...REGION_SETTINGS_RESOURCE_TYPES]);
  });

  it('examples/organization.yaml: no stack opts out a type its plans or policies can select', () => {
    for (const stack of exampleModel('organization.yaml').stacks) {
      if (stack.kind === 'workload' && stack.regionSettings) expect([stack.name, stack.regionSettings.optIn]).toEqual([stack.name, [...REGION_SETTINGS_RESOURCE_TYPES]]);
    }
  });

  it('a hand-written policy file counts too: its resource selections opt in their types', () => {
    const raw = organizationWith((c) => {
      c.regionSettings = {};
      c.organization.policies = { archive: { file: 'policies/ebs-archive.json', targets: ['orders'] } };
    });
    const policy = {
      plans: {
        'ebs-archive': {
          regions: { '@@assign': ['eu-west-1'] },
          rules: { weekly: { schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' }, target_backup_vault_name: { '@@assign': 'baseline' }, lifecycle: { delete_after_days: { '@@assign': '365' } } } },
          selections: {
            resources: {
              volumes: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, resource_types: { '@@assign': ['arn:aws:ec2:*:*:volume/*'] } },
            },
          },
        },
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'ebs-archive.json'), JSON.stringify(policy));
    const orders = workload(raw, 'orders-eu-west-1', dir);
    expect(orders.regionSettings?.optIn).toEqual(['EBS']);
  });

  it('the audit framework of a policy-only account holds the delivered plans to their frequency and retention', () => {
    const raw = organizationWith((c) => (c.audit = { reports: {} }));
    const controls = workload(raw, 'orders-eu-west-1').audit?.controls ?? {};
    expect(controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual({ parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 14 } });
    expect(controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK).toEqual({ parameters: { requiredRetentionDays: 14 } });
  });
});
