/**
 * One backup job per resource at a time (AWS Backup quotas: "Concurrent backup and copy jobs per resource: 1", not adjustable; a job
 * that cannot start before its start window ends fails): core/job-contention.ts, read by the plan's worst-case RPO, the silence alarms
 * and the config check. Found by the silent-skip audit: an hourly rule with the default windows passed a 5 h rpoTargetHours, and the
 * seven-year rule of examples/single-account.yaml, two hours after the monthly rule, could expire on every 1st without a word.
 */
import { contendedWorstWait, mayBlock, rulesMayBlock } from '../../core/job-contention';
import { planRpo, type RpoInput } from '../../core/rpo';
import { runsBlockedByOthers } from '../../core/rpo-contention';
import { silenceWatch } from '../../core/silence';
import { checkRawConfig } from '../../config';
import { configWith, findings } from '../support/configs';
import { synthesize } from '../fuzz/pipeline';

const HOUR_MS = 3_600_000;
const run = (hour: number, startHours: number, completionHours: number) => ({ time: hour * HOUR_MS, startMs: startHours * HOUR_MS, completionMs: completionHours * HOUR_MS });
const rule = (schedule: string, extra: Partial<RpoInput> = {}): RpoInput => ({ schedule, startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false, ...extra });

describe('contention between the runs of a plan', () => {
  it('a run is lost when an earlier job may still hold the resource when its start window ends, not before', () => {
    expect(mayBlock(run(0, 1, 3), run(1, 1, 3))).toBe(true);
    expect(mayBlock(run(0, 1, 3), run(3, 1, 3))).toBe(true);
    expect(mayBlock(run(0, 1, 3), run(3.5, 1, 3))).toBe(false);
    // Runs due together block none of each other (the overlap optimization decides between them).
    expect(mayBlock(run(0, 1, 3), run(0, 1, 3))).toBe(false);
    const daily = { times: [0, 24, 48].map((hour) => hour * HOUR_MS), startMs: HOUR_MS, completionMs: 3 * HOUR_MS };
    expect(rulesMayBlock([daily])).toBe(false);
    expect(rulesMayBlock([daily, { times: [2 * HOUR_MS], startMs: HOUR_MS, completionMs: 3 * HOUR_MS }])).toBe(true);
    expect(rulesMayBlock([daily, { ...daily }])).toBe(false);
  });

  it('the worst wait: the job holds the resource through the next start windows, and the next job that starts may run its whole window', () => {
    // Every 2 h, 1 h to start, 3 h to complete: started at 0, the job may run to 3 h, the end of the 2 h run's window; the 4 h run starts
    // by 5 h and completes by 8 h.
    const everyTwoHours = { times: [0, 2, 4, 6, 8, 10].map((hour) => hour * HOUR_MS), startMs: HOUR_MS, completionMs: 3 * HOUR_MS };
    expect(contendedWorstWait([everyTwoHours], 3 * HOUR_MS)).toBe(8 * HOUR_MS);
    // Runs every 15 minutes with 30 h to start: 120 start-window ends within a run's own start window, more than are walked one by one.
    // Walked from its run, the job of the run at 0 may end at 3 h, and the 00:15 run starts by 30 h 15 min and completes 3 h later: 33 h 15 min.
    // Later runs, with more starts than are walked, are bounded from the latest end of their jobs instead (due + 33 h): the next window
    // still open then ends 30 h after the run due 15 minutes after that, plus 3 h: 36 h 15 min, more than any start gives, never less.
    const quarterHours = { times: Array.from({ length: 600 }, (_, at) => at * 0.25 * HOUR_MS), startMs: 30 * HOUR_MS, completionMs: 3 * HOUR_MS };
    expect(contendedWorstWait([quarterHours], 1)).toBe(33.25 * HOUR_MS);
    expect(contendedWorstWait([quarterHours], 60 * HOUR_MS)).toBe(36.25 * HOUR_MS);
  });
});

describe('the plan RPO with another rule\'s job in the way', () => {
  const daily = rule('cron(0 5 ? * * *)');
  const late = rule('cron(0 7 ? * * *)', { completionWindowMinutes: 120 });

  it('a rule two hours after a daily one with 4 h of windows loses every run: the RPO is the daily rule\'s alone', () => {
    expect(planRpo([daily, late]).minutes).toBe(28 * 60);
    expect(runsBlockedByOthers([daily, late], 1)).toEqual({ runs: 2922, blocked: 2922, by: [0] });
    expect(runsBlockedByOthers([daily, late], 0)).toEqual({ runs: 2922, blocked: 0, by: [] });
    // At 09:00 its start window ends after the daily job's last minute.
    expect(runsBlockedByOthers([daily, rule('cron(0 9 ? * * *)')], 1)).toEqual({ runs: 2922, blocked: 0, by: [] });
  });

  it('a job that ends early can leave the run with the longer completion window waiting (found by the brute-force RPO oracle)', () => {
    // Daily 15:30 (60 min to start, 51 h to complete) and daily 08:00 (240 and 480 min), kept as long. The 15:30 job of Jan 1 ends at
    // 12:00 on Jan 3, just as the 08:00 run's start window ends: that run expires, the 15:30 run of Jan 3 waits, starts at 16:30 and
    // may run 51 h, to 19:30 on Jan 5: 100 h after Jan 1 15:30. Only jobs run to their whole completion window were walked: 76 h 30 min.
    const long = rule('cron(30 15 ? * * *)', { completionWindowMinutes: 3060 });
    const morning = rule('cron(0 8 ? * * *)', { startWindowMinutes: 240, completionWindowMinutes: 480 });
    expect(planRpo([long, morning]).minutes).toBe(100 * 60);
  });

  it('the silence alarm of a vault two plans share is bounded by each plan alone too: their jobs contend only where they select the same resources', () => {
    const dublin = rule('cron(0 3 ? * * *)', { timezone: 'Europe/Dublin', completionWindowMinutes: 240 });
    // Together (as if one resource): the Saturday the clocks go back, the job of the 02:00 UTC run may start at 02:00 and run to 06:00,
    // through the 05:00 start window; the next job is Sunday's 03:00 UTC, by 04:00 to start and 08:00 to complete: 30 h.
    expect(silenceWatch([daily, dublin])).toMatchObject({ watched: true, rpoMinutes: 30 * 60 });
    // As two plans (other resources): neither plan's jobs contend within it, so the union of their runs counts, as without contention.
    expect(silenceWatch([daily, dublin], ['gold', 'silver'])).toMatchObject({ watched: true, rpoMinutes: 27 * 60, evaluationPeriods: 28 });
    // A plan whose own jobs contend (hourly, 60 min to start, 180 to complete): all runs walked together, bounded by each plan alone.
    const hourly = rule('cron(0 * ? * * *)');
    expect(silenceWatch([hourly, dublin], ['pitr', 'silver'])).toMatchObject({ watched: true, rpoMinutes: 7 * 60 });
  });
});

describe('the config check', () => {
  const withYearly = (schedule: string) =>
    configWith((c) => {
      c.vaults.archive = { name: 'archive' };
      c.plans.gold.rules.yearly = { schedule, vault: 'archive', lifecycle: { deleteAfterDays: 2557 } };
    });

  it('warns about a rule whose runs another rule\'s job may leave without a backup, and says what to do', () => {
    expect(findings(withYearly('cron(0 7 1 * ? *)')).warnings).toContain(
      "plans.gold.rules.yearly: may make no backup on 96 of its 96 runs in 2027-2034: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), and a job of rule daily (kept 35 d, 60 min to start, 180 min to complete) may still run when this rule's 60-minute start window ends, so the run expires: vault archive gets no backup of this rule then; schedule it after the other rule's start and completion windows, or give it a start window that outlasts them",
    );
    expect(findings(withYearly('cron(0 9 1 * ? *)')).warnings.filter((warning) => warning.includes('one backup job per resource'))).toEqual([]);
    // A start window that outlasts the daily job: the run waits and starts.
    const patient = withYearly('cron(0 7 1 * ? *)');
    Object.assign(patient.plans.gold.rules.yearly, { startWindowMinutes: 180, completionWindowMinutes: 360 });
    expect(findings(patient).warnings.filter((warning) => warning.includes('one backup job per resource'))).toEqual([]);
  });

  it('does not warn where the rule whose job is in the way makes the same backup: kept as long, same vault, same copies', () => {
    const sameBackup = configWith((c) => {
      c.plans.gold.rules.daily.lifecycle.deleteAfterDays = 7;
      c.plans.gold.rules.daily.copies = undefined;
      c.plans.gold.rules.weekly = { schedule: 'cron(0 7 ? * SUN *)', lifecycle: { deleteAfterDays: 7 } };
    });
    expect(findings(sameBackup).warnings.filter((warning) => warning.includes('one backup job per resource'))).toEqual([]);
  });

  it('an hourly rule with the default windows does not meet a 5 h target: a job may run through the next two runs\' start windows', () => {
    const hourly = configWith((c) => {
      c.plans.gold.rpoTargetHours = 5;
      c.plans.gold.rules.daily = { schedule: 'cron(0 * ? * * *)', lifecycle: { deleteAfterDays: 35 }, recoveryPointTags: { tier: 'hourly' } };
    });
    expect(synthesize(checkRawConfig(hourly)).errors.map((finding) => finding.message)).toEqual([
      'the worst-case RPO of plan "gold" is 7 h (rule daily: every 1 h (Etc/UTC) + 60 min start window + 180 min completion window = 5 h; a job may still run when the start windows of the next runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup), above its 5 h target',
    ]);
  });
});
