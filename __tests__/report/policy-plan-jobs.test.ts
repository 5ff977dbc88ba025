/**
 * The report counts the jobs of the backup policies' plans in a plan's worst-case RPO, as the rpoTargetHours gate and the runbook do:
 * they are in no stack's Terraform, so synth writes which run in each workload stack to policy-plans.json. The organization example
 * with its silver baseline policy moved to 03:00 (its job may run to 07:00 on every gold-tagged resource, past gold's 06:00 start
 * window end) reads gold unbounded in all three; as written (00:00), 28 h in all three.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runReport } from '../../cli/report';
import { checkConfigFile } from '../../config';
import { postureMarkdown } from '../../report/markdown';
import { readPosture } from '../../report/posture';
import type { Posture } from '../../report/posture-model';
import { runbooks } from '../../report/runbook';
import { runCommand } from '../support/cli';
import { EXAMPLES_DIR } from '../support/examples';
import { editedExample, synthDir } from './helpers';

const GOLD_STACKS = ['orders-eu-west-1', 'orders-us-east-1', 'payments-eu-west-1', 'payments-us-east-1'];

/** The organization example with gold's target at 28 h and `silver` as silver's schedule, beside its hand-written policy file. */
function organization(silver: string): string {
  const path = editedExample('organization.yaml', (document) => {
    document.setIn(['plans', 'silver', 'rules', 'daily', 'schedule'], silver);
    document.setIn(['plans', 'gold', 'rpoTargetHours'], 28);
  });
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  return path;
}

/** Gold's worst-case RPO in minutes by stack, as `report --json` writes it. */
function reportJson(dir: string): Record<string, number | null> {
  const out = join(mkdtempSync(join(tmpdir(), 'report-json-')), 'report.json');
  expect(runCommand(runReport, ['--synth-dir', dir, '--json', out], dirname(dir)).status).toBe(0);
  const { posture } = JSON.parse(readFileSync(out, 'utf8')) as { posture: Posture };
  return Object.fromEntries(posture.stacks.flatMap((stack) => stack.plans.filter((plan) => plan.name === 'gold').map((plan) => [stack.name, plan.rpoMinutes])));
}

/** The runbooks' heading of gold (or of a backup policy's plan), by stack. */
function runbookHeadings(path: string, policyPlan?: string): Record<string, string | undefined> {
  const { model } = checkConfigFile(path);
  const heading = policyPlan === undefined ? /^## Plan `gold` · .*$/m : new RegExp(`^## Backup policy plan \`${policyPlan}\` · .*$`, 'm');
  const stacks = policyPlan === undefined ? GOLD_STACKS : [...GOLD_STACKS, 'analytics-eu-west-1', 'analytics-us-east-1'];
  return Object.fromEntries(runbooks(model!).flatMap((book) => (stacks.includes(book.stack) ? [[book.stack, heading.exec(book.markdown)?.[0]]] : [])));
}

/** The rpoTargetHours gate's findings on gold (suppressed by synthDir so that it writes), by stack. */
function gate(dir: string): Record<string, string> {
  const { findings } = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8')) as { findings: { ruleId: string; stack: string; message: string }[] };
  return Object.fromEntries(findings.filter((finding) => finding.ruleId === 'BACKUP-ESTATE-RPO-WITHIN-TARGET').map((finding) => [finding.stack, finding.message]));
}

const each = <T>(value: T) => Object.fromEntries(GOLD_STACKS.map((stack) => [stack, value]));

describe("the silver baseline policy's 03:00 job beside gold (organization example)", () => {
  const path = organization('cron(0 3 ? * * *)');
  const dir = synthDir(path, { keepCompliance: true, acceptComplianceErrors: true });

  it('reads gold unbounded in the report JSON, the runbook and the gate', () => {
    expect(reportJson(dir)).toEqual(each(null));
    expect(runbookHeadings(path)).toEqual(
      each("## Plan `gold` · worst-case RPO unbounded (a job of another plan that may select the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup)"),
    );
    expect(gate(dir)).toEqual(
      each(
        'the worst-case RPO of plan "gold" is unbounded (a job of another plan that may select the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup), above its 28 h target',
      ),
    );
  });

  it('reads a synth dir written before policy-plans.json with the other plans of the stack only, and says so', () => {
    const old = join(mkdtempSync(join(tmpdir(), 'report-old-')), 'cdktf.out');
    cpSync(dir, old, { recursive: true });
    rmSync(join(old, 'policy-plans.json'));
    const posture = readPosture(old);
    expect(posture.stacks.flatMap((stack) => stack.plans.filter((plan) => plan.name === 'gold').map((plan) => plan.rpoMinutes))).toEqual([1680, 1680, 1680, 1680]);
    expect(posture.policyPlanJobs).toBe('the synth dir has no policy-plans.json: an older synth wrote it');
    expect(postureMarkdown(posture)).toContain(
      "\n> The plans' worst-case RPO does not count the jobs of the backup policies' plans that run beside them (the synth dir has no policy-plans.json: an older synth wrote it): a job of a policy plan selecting the same resources may hold them through a run's start window, which then makes no backup. Synthesize again to count them.\n",
    );
  });

  it('refuses a policy-plans.json it cannot read, naming the file', () => {
    const odd = join(mkdtempSync(join(tmpdir(), 'report-odd-')), 'cdktf.out');
    cpSync(dir, odd, { recursive: true });
    writeFileSync(join(odd, 'policy-plans.json'), JSON.stringify({ version: 2, stacks: {} }));
    expect(() => readPosture(odd)).toThrow(`${join(odd, 'policy-plans.json')}: not a policy plans file of this version (version 1, stacks: stack name -> plans with selections and rules): synthesize again`);
  });
});

it('reads gold 28 h in the report JSON, the runbook and the gate with silver at 00:00, as the organization example has it', () => {
  const path = organization('cron(0 0 ? * * *)');
  const dir = synthDir(path, { keepCompliance: true });
  expect(reportJson(dir)).toEqual(each(1680));
  expect(runbookHeadings(path)).toEqual(each('## Plan `gold` · worst-case RPO 28 h'));
  expect(gate(dir)).toEqual({});
  expect(readPosture(dir).policyPlanJobs).toBeUndefined();
});

it("reads gold's continuous rule as its snapshot schedule in the report JSON, the runbook and the gate when the silver policy's plan backs the same databases up continuously", () => {
  // AWS backs a resource two plans' continuous rules take up continuously for the first plan it evaluates only, with snapshots for the others.
  const path = editedExample('organization.yaml', (document) => {
    document.setIn(['plans', 'silver', 'rules', 'daily', 'continuousBackup'], true);
    document.setIn(['plans', 'gold', 'rules', 'daily', 'continuousBackup'], true);
    document.deleteIn(['plans', 'gold', 'rules', 'monthly']);
    document.setIn(['plans', 'gold', 'selections'], { databases: { resources: ['arn:aws:rds:*:*:db:*'] } });
    document.setIn(['plans', 'gold', 'rpoTargetHours'], 1);
  });
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  const dir = synthDir(path, { keepCompliance: true, acceptComplianceErrors: true });
  expect(reportJson(dir)).toEqual(each(1680));
  expect(runbookHeadings(path)).toEqual(each('## Plan `gold` · worst-case RPO 28 h'));
  expect(Object.keys(gate(dir)).sort()).toEqual(GOLD_STACKS);
});

it("counts a hand-written backup policy's jobs in validate, the report JSON, the runbook and the gate (weekly-archive on the payments account)", () => {
  // Sundays at 04:00, 60 min to start and 600 to complete: its job may hold a resource to 15:00, through gold's 05:00 start window.
  const path = editedExample('organization.yaml', (document) => {
    document.setIn(['organization', 'policies', 'weekly-archive', 'targets'], ['payments']);
    document.setIn(['plans', 'gold', 'rpoTargetHours'], 28);
  });
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  const { warnings } = checkConfigFile(path);
  const held = (runs: string, copies: string) => `may make no backup on ${runs} runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of plan weekly-archive (hand-written policy weekly-archive) rule weekly (60 min to start, 600 min to complete), whose selections may take the resources this plan's do, may still run when this rule's 60-minute start window ends, so the run expires: vault workload-main gets no backup of this rule then, nor ${copies} its copy; its worst-case RPO counts it (rpoTargetHours, the report, the runbook): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stacks payments-eu-west-1, payments-us-east-1)`;
  expect(warnings.filter((problem) => problem.message.includes('whichever plan it is of')).map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
    `plans.gold.rules.daily: ${held('406 of its 2826', 'org-central-backup')}`,
    `plans.gold.rules.monthly: ${held('12 of its 96', 'org-central-backup, org-air-gapped')}`,
  ]);
  const dir = synthDir(path, { keepCompliance: true, acceptComplianceErrors: true });
  const payments = ['payments-eu-west-1', 'payments-us-east-1'];
  const report = reportJson(dir);
  expect(payments.map((stack) => report[stack])).toEqual([52 * 60, 52 * 60]);
  expect(report['orders-eu-west-1']).toBe(28 * 60);
  const headings = runbookHeadings(path);
  expect(payments.map((stack) => headings[stack])).toEqual(['## Plan `gold` · worst-case RPO 52 h', '## Plan `gold` · worst-case RPO 52 h']);
  expect(Object.keys(gate(dir)).sort()).toEqual(payments);
});

describe('a continuous plan beside a hand-written policy backing the same databases up continuously (payments account)', () => {
  const DBS = 'arn:aws:rds:*:*:db:*';
  /** policies/pitr.json: a continuous plan on every RDS database, `schedule` with 60 min to start and `completion` to complete. */
  const pitrPolicy = (schedule: string, completion: number) => ({
    plans: {
      pitr: {
        regions: { '@@assign': ['eu-west-1', 'us-east-1'] },
        rules: {
          pitr: {
            schedule_expression: { '@@assign': schedule },
            start_backup_window_minutes: { '@@assign': '60' },
            complete_backup_window_minutes: { '@@assign': String(completion) },
            target_backup_vault_name: { '@@assign': 'baseline' },
            enable_continuous_backup: { '@@assign': true },
            lifecycle: { delete_after_days: { '@@assign': '35' } },
          },
        },
        selections: { resources: { dbs: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, resource_types: { '@@assign': [DBS] } } } },
      },
    },
  });
  /** The organization example with gold's target at 28 h, payments running plan dbsnap (continuous on every RDS database) and the pitr policy. */
  const organization = (dbsnap: { schedule: string; completion: number }, pitr: { schedule: string; completion: number }) => {
    const path = editedExample('organization.yaml', (document) => {
      document.setIn(['organization', 'policies', 'pitr'], { file: 'policies/pitr.json', targets: ['payments'] });
      document.setIn(['accounts', 'payments', 'plans'], ['gold', 'dbsnap']);
      document.setIn(['plans', 'gold', 'rpoTargetHours'], 28);
      document.setIn(['plans', 'dbsnap'], {
        vault: 'main',
        rules: { pitr: { schedule: dbsnap.schedule, startWindowMinutes: 60, completionWindowMinutes: dbsnap.completion, continuousBackup: true, lifecycle: { deleteAfterDays: 35 } } },
        selections: { dbs: { resources: [DBS] } },
      });
    });
    cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
    writeFileSync(join(dirname(path), 'policies', 'pitr.json'), JSON.stringify(pitrPolicy(pitr.schedule, pitr.completion)));
    return path;
  };
  const heldBy = (path: string) =>
    checkConfigFile(path)
      .warnings.filter((problem) => problem.path === 'plans.gold.rules.daily' && problem.message.includes('whichever plan it is of'))
      .map((problem) => /^may make no backup on (\d+ of its \d+) runs .*?a job of (plan [^(]+\([^)]+\) rule \w+)/.exec(problem.message)?.slice(1).join(': '));
  const payments = ['payments-eu-west-1', 'payments-us-east-1'];
  const unbounded = '## Plan `gold` · worst-case RPO unbounded (a job of another plan that may select the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup)';

  it("reads the stack plan's runs as the snapshots AWS may make for it, whose 04:00 job holds gold's databases, in validate, the runbook and the gate alike", () => {
    // The policy backs the databases up continuously (its own 20:00 snapshots end by 23:00); dbsnap's 04:00 job may then run to 15:00.
    // The gate read dbsnap as snapshots (unbounded), validate and the runbook as continuous (no warning, 28 h).
    const path = organization({ schedule: 'cron(0 4 ? * * *)', completion: 600 }, { schedule: 'cron(0 20 ? * * *)', completion: 120 });
    expect(heldBy(path)).toEqual(['2826 of its 2826: plan dbsnap (plans.dbsnap) rule pitr']);
    const headings = runbookHeadings(path);
    expect(payments.map((stack) => headings[stack])).toEqual([unbounded, unbounded]);
    expect(Object.keys(gate(synthDir(path, { keepCompliance: true, acceptComplianceErrors: true }))).sort()).toEqual(payments);
  });

  it("reads the hand-written policy's continuous rule as the snapshots AWS may make for it too, whose 04:00 job holds gold's databases", () => {
    // Every reader read the policy's rule as continuous: no warning, 28 h everywhere (the gate reads the same rules: policyPlanJobsOf).
    const path = organization({ schedule: 'cron(0 20 ? * * *)', completion: 120 }, { schedule: 'cron(0 4 ? * * *)', completion: 600 });
    expect(heldBy(path)).toEqual(['2826 of its 2826: plan pitr (hand-written policy pitr) rule pitr']);
    const headings = runbookHeadings(path);
    expect(payments.map((stack) => headings[stack])).toEqual([unbounded, unbounded]);
  });
});

it("checks the rpoTargetHours of a plan only a backup policy delivers, in every stack it runs in, as the runbook reads its worst case", () => {
  const withTarget = (hours: number) => {
    const path = editedExample('organization.yaml', (document) => document.setIn(['plans', 'silver', 'rpoTargetHours'], hours));
    cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
    return synthDir(path, { keepCompliance: true, acceptComplianceErrors: true });
  };
  const stacks = ['analytics-eu-west-1', 'analytics-us-east-1', 'orders-eu-west-1', 'orders-us-east-1', 'payments-eu-west-1', 'payments-us-east-1'];
  // Daily at 00:00 with 60 min to start and 180 to complete: 28 h.
  expect(gate(withTarget(1))).toEqual(
    Object.fromEntries(stacks.map((stack) => [stack, 'the worst-case RPO of plan "silver", which a backup policy runs in this account and Region, is 28 h, above its 1 h target'])),
  );
  expect(gate(withTarget(28))).toEqual({});
});

it("warns at a backup policy's plan whose runs a stack plan's job may hold (silver at 06:00 beside gold's 05:00 jobs)", () => {
  const path = editedExample('organization.yaml', (document) => document.setIn(['plans', 'silver', 'rules', 'daily', 'schedule'], 'cron(0 6 ? * * *)'));
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  const held = (runs: string, by: string, stacks: string) =>
    `plans.silver.rules.daily: may make no backup on ${runs} runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of ${by}, whose selections may take the resources this plan's do, may still run when this rule's 60-minute start window ends, so the run expires: vault baseline gets no backup of this rule then; its worst-case RPO counts it (rpoTargetHours, the runbook's backup policy plan section): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stacks ${stacks})`;
  expect(checkConfigFile(path).warnings.filter((problem) => problem.message.includes('whichever plan it is of')).map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
    held('418 of its 2922', 'plan weekly-archive (hand-written policy weekly-archive) rule weekly (60 min to start, 600 min to complete)', 'analytics-eu-west-1, analytics-us-east-1'),
    held('2922 of its 2922', 'plan gold (plans.gold) rule daily (60 min to start, 180 min to complete), plan gold (plans.gold) rule monthly (60 min to start, 180 min to complete)', 'orders-eu-west-1, orders-us-east-1, payments-eu-west-1 and 1 more'),
  ]);
  // The report's backup policies section gives silver's worst case over the stacks it runs in, as the runbook does in each: unbounded in
  // orders and payments, 52 h in analytics (weekly-archive's Sunday 04:00 job may run to 15:00).
  const silverRpo = (dir: string) => readPosture(dir).stacks.flatMap((stack) => stack.policies.flatMap((policy) => policy.plans.filter((plan) => plan.name === 'silver').map((plan) => plan.rpoMinutes)));
  expect(silverRpo(synthDir(path, { acceptComplianceErrors: true }))).toEqual([null]);
  expect(runbookHeadings(path, 'silver')).toEqual({ ...each(expect.stringMatching(/^## Backup policy plan `silver` · worst-case RPO unbounded \(a job of another plan/)), 'analytics-eu-west-1': '## Backup policy plan `silver` · worst-case RPO 52 h', 'analytics-us-east-1': '## Backup policy plan `silver` · worst-case RPO 52 h' });
});

it("warns at a hand-written policy's plan whose runs another plan's job may hold (bronze at 02:00 beside weekly-archive's Sunday 04:00 runs)", () => {
  // bronze's job may start at 03:00 and run to 06:00, past the 05:00 end of weekly-archive's start window, on EC2 instances both may select.
  const path = editedExample('organization.yaml', (document) => document.setIn(['plans', 'bronze', 'rules', 'daily', 'schedule'], 'cron(0 2 ? * * *)'));
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  expect(checkConfigFile(path).warnings.filter((problem) => problem.message.includes('whichever plan it is of')).map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
    "organization.policies.weekly-archive.file: plan weekly-archive (hand-written policy weekly-archive) rule weekly may make no backup on 418 of its 418 runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of plan bronze (an Organizations backup policy) rule daily (60 min to start, 180 min to complete), whose selections may take the resources this plan's do, may still run when this rule's 60-minute start window ends, so the run expires: schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stacks analytics-eu-west-1, analytics-us-east-1)",
  ]);
});
