/**
 * Jobs of different plans on one resource (core/plan-contention.ts, config/plan-contention-rules.ts): AWS Backup runs one backup job
 * per resource at a time, whichever plan it is of (found by the cross-plan contention audit).
 */
import { withOtherPlansJobs } from '../../core/plan-contention';
import { planRpo, rulesAsRun, type RpoInput } from '../../core/rpo';
import { configWith, findings, type RawConfig } from '../support/configs';

const rule = (schedule: string): RpoInput => ({ schedule, timezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false });
const contention = (mutate: (c: RawConfig) => void) => findings(configWith(mutate)).warnings.filter((warning) => warning.includes('whichever plan it is of'));
const withAudit = (schedule: string, tags: Record<string, string>) => (c: RawConfig) => {
  c.plans.audit = { vault: 'main', rules: { weekly: { schedule, lifecycle: { deleteAfterDays: 7 } } }, selections: { tagged: { tags } } };
};

describe("a plan's worst-case RPO beside another plan's jobs", () => {
  it("counts the runs another plan's job may hold the resource through as none", () => {
    // The Monday 04:00 job may start at 05:00 and run to 08:00, past the 06:00 end of gold's start window: Sunday 05:00 to Tuesday 09:00.
    expect(planRpo(withOtherPlansJobs([rule('cron(0 5 ? * * *)')], [rule('cron(0 4 ? * MON *)')])).minutes).toBe(52 * 60);
    // Due at 05:30, while gold's 05:00 run may still wait to start (the RPO counts it may start at 06:00): its job may start first and
    // run to 07:30, past 06:00, every day. AWS keeps no order between plans' jobs (CREATED, retried at least every 10 minutes). Was 28 h.
    expect(planRpo(withOtherPlansJobs([rule('cron(0 5 ? * * *)')], [{ ...rule('cron(30 5 ? * * *)'), completionWindowMinutes: 120 }])).minutes).toBeNull();
    // Due at 06:00, as gold's start window ends: gold's job has started by then.
    expect(planRpo(withOtherPlansJobs([rule('cron(0 5 ? * * *)')], [rule('cron(0 6 ? * * *)')])).minutes).toBe(28 * 60);
    // At 01:00 it ends by 05:00: nothing held, the rule is returned as it was.
    const clear = [rule('cron(0 5 ? * * *)')];
    expect(withOtherPlansJobs(clear, [rule('cron(0 1 ? * MON *)')])).toEqual(clear);
    // Due at the same time: AWS merges runs of one plan's rules only, so either job may start first.
    expect(planRpo(withOtherPlansJobs([rule('cron(0 5 ? * * *)')], [rule('cron(0 5 ? * * *)')]))).toEqual({
      minutes: null,
      explanation:
        'unbounded: a job of another plan that may select the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup',
    });
  });
});

describe('a plan whose runs another plan holds all but the first', () => {
  it('is unbounded, not 0 minutes: two rules due together at the window\'s start are one recovery point (found by the brute-force RPO oracle)', () => {
    // Daily and monthly at 00:00, kept as long with the same windows (both runs kept); another plan's daily 01:00 job may run 25 h, to
    // 03:00 the next day, past 01:00 when each 00:00 start window ends. Only the runs of 1 January 2027 are free (no job before the
    // window): two runs at one instant were counted as two recovery points, with no wait between them, and the gate read 0 minutes.
    const short = (schedule: string): RpoInput => ({ ...rule(schedule), completionWindowMinutes: 61 });
    const plan = rulesAsRun([short('cron(0 0 ? * * *)'), short('cron(0 0 1 * ? *)')], [7, 7], true);
    expect(planRpo(withOtherPlansJobs(plan, [{ ...rule('cron(0 1 ? * * *)'), completionWindowMinutes: 1500 }])).minutes).toBeNull();
    // Daily at 01:00 instead: the runs of 1 January, 00:00 and 01:00, are free, then none; the walk read the wait between them and
    // nothing after the last (181 minutes). A run with no later run in the window and the look-ahead leaves the RPO unbounded.
    const daily = rulesAsRun([short('cron(0 1 ? * * *)'), short('cron(0 0 1 * ? *)')], [7, 7], true);
    expect(planRpo(withOtherPlansJobs(daily, [{ ...rule('cron(0 2 ? * * *)'), completionWindowMinutes: 1500 }])).minutes).toBeNull();
  });
});

describe('validate: a rule whose runs a job of another plan may hold the resource through', () => {
  it('warns at the rule, naming the other plan, its rule and windows', () => {
    expect(contention(withAudit('cron(0 4 ? * MON *)', { team: 'payments' }))).toEqual([
      "plans.gold.rules.daily: may make no backup on 417 of its 2922 runs in 2027-2034: AWS Backup runs one backup job per resource at a time, whichever plan it is of (quota: concurrent backup and copy jobs per resource, 1), and a job of plan audit (plans.audit) rule weekly (60 min to start, 180 min to complete), whose selections may take the resources this plan's do, may still run when this rule's 60-minute start window ends, so the run expires: vault main gets no backup of this rule then, nor dr its copy; its worst-case RPO counts it (rpoTargetHours, the report, the runbook): schedule it after the other plan's start and completion windows, give it a start window that outlasts them, or select each resource in one plan (stack test-eu-west-1)",
    ]);
  });

  it('is silent when the selections certainly take other resources, or the other job ends before the start window does', () => {
    expect(contention(withAudit('cron(0 4 ? * MON *)', { backup: 'audit' }))).toEqual([]);
    expect(contention(withAudit('cron(0 1 ? * MON *)', { team: 'payments' }))).toEqual([]);
  });
});

describe("validate: a continuous rule another plan's continuous rule may take the resources of", () => {
  const DB = 'arn:aws:rds:eu-west-1:111122223333:db:orders';
  const overlap = (withPitr: boolean) =>
    findings(
      configWith((c) => {
        c.vaults.archive = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.gold.rules = {
          daily: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } },
          weekly: { schedule: 'cron(0 5 ? * SUN *)', vault: 'archive', lifecycle: { deleteAfterDays: 90 } },
        };
        c.plans.gold.selections = { db: { resources: [DB] } };
        if (withPitr) c.plans.pitr = { vault: 'main', rules: { pitr: { schedule: 'cron(0 12 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 7 } } }, selections: { db: { resources: [DB] } } };
      }),
    ).warnings.filter((warning) => warning.startsWith('plans.gold.rules.daily: makes no backup'));

  it('reads its runs as the snapshots AWS may make for this plan, which the weekly rule kept longer takes on Sundays', () => {
    expect(overlap(false)).toEqual([]);
    expect(overlap(true)).toEqual([
      "plans.gold.rules.daily: makes no backup of the resources another plan's continuous rule may take too (AWS backs each up continuously for the first plan it evaluates only, by snapshot on the others' schedules) on 418 of its 2922 runs in 2027-2034: they start within the start window of a run of rule weekly (kept 90 d), and AWS Backup then takes one backup, for the rule kept longer, into that rule's vault with its windows and copies; on 418 of them vault main gets no backup from this plan",
    ]);
  });
});

describe("the RPO's caches: a holder's runs as its plan makes them", () => {
  it('tell a rule kept shorter than another of its plan (its runs the other takes) from one kept as long (runs kept where its point is the later)', () => {
    // Daily 03:00, 60 + 180 min: its job may hold gold's resources to 07:00, past gold's 06:00 start window end.
    const daily = rule('cron(0 3 ? * * *)');
    // Sunday 03:00, 60 + 60 min: its job ends by 05:00. Kept longer, it takes daily's Sunday runs; kept as long, daily's Sunday point is
    // certain the later (07:00 after 05:00), so daily's run is the one made (core/rule-runs.ts withoutDisplaced).
    const sunday: RpoInput = { ...rule('cron(0 3 ? * SUN *)'), completionWindowMinutes: 60 };
    const gold = [rule('cron(0 5 ? * * *)')];
    // Kept shorter: gold's Sunday runs are free, Sunday 05:00 to the next Sunday's 06:00 start window end plus 180 min.
    expect(planRpo(withOtherPlansJobs(gold, [{ ...daily, displacedBy: [sunday] }, sunday])).minutes).toBe(7 * 24 * 60 + 240);
    // Kept as long: daily runs every day, so every gold run may be held (asked after the other, as validate asks several plans in one process).
    expect(planRpo(withOtherPlansJobs(gold, [{ ...daily, tiedWith: [sunday] }, sunday])).minutes).toBeNull();
  });
});
