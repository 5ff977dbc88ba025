/**
 * Rules of one plan whose start windows overlap make one backup, for the rule kept longer (AWS
 * Backup Developer Guide, "Backup plan options and configuration"): core/rpo.ts withOverlapWinners,
 * read by the plan's RPO, the silence alarms and the config check. Figures checked by hand.
 */
import { displacedRuns, planRpo, rulesAsRun, withOverlapWinners, type RpoInput } from '../../core/rpo';
import { silenceWatch } from '../../core/silence';
import { vaultWatches } from '../../config/monitoring';
import { planRecoveryPointAgeHours } from '../../config/audit-controls';
import { configWith, findings } from '../support/configs';
import { checkRawConfig } from '../../config';
import { synthesize } from '../fuzz/pipeline';

const rule = (schedule: string, extra: Partial<RpoInput> = {}): RpoInput => ({ schedule, startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false, ...extra });
const daily = rule('cron(0 5 ? * * *)');
// A monthly rule at the same hour that may take a day to complete.
const monthly = rule('cron(0 5 1 * ? *)', { completionWindowMinutes: 1440 });

// A continuous rule backs up types without continuous backup by snapshot on its schedule: those runs take part in the overlap like any rule's.
describe('rulesAsRun', () => {
  const continuousDaily = rule('cron(0 5 ? * * *)', { completionWindowMinutes: 120, continuous: true });
  const slowWeekly = rule('cron(0 5 ? * SUN *)', { startWindowMinutes: 480, completionWindowMinutes: 10080 });
  it('lets a snapshot rule kept longer take the runs of a continuous rule over types without continuous backup', () => {
    // Sunday's run of the daily rule goes to the weekly rule, whose job may run 7 days, through every daily run's start window (one job per
    // resource at a time), and the next Sunday's from 13:00 another 7 days: 14 d 8 h.
    expect(planRpo(rulesAsRun([continuousDaily, slowWeekly], [35, 365], true)).minutes).toBe(344 * 60);
    // Only continuous types: the continuous rule makes no snapshot and takes no part.
    expect(planRpo(rulesAsRun([continuousDaily, slowWeekly], [35, 365], false)).minutes).toBe(5);
  });
  it('lets the snapshots of a continuous rule kept longer take the runs of a snapshot rule', () => {
    const hourly = rule('cron(0 * ? * * *)', { completionWindowMinutes: 120 });
    const slowContinuous = rule('cron(0 5 ? * * *)', { startWindowMinutes: 480, completionWindowMinutes: 10080, continuous: true });
    // The daily snapshot job may run 7 days, through the hourly runs' start windows, and the next one from 13:00 another 7 days.
    expect(planRpo(rulesAsRun([hourly, slowContinuous], [7, 35], true)).minutes).toBe(344 * 60);
  });
});

describe('withOverlapWinners', () => {
  it('gives a rule the rules of its plan kept strictly longer; unknown retention displaces nothing', () => {
    const [shorter, longer] = withOverlapWinners([daily, monthly], [35, 365]);
    expect(shorter?.displacedBy).toEqual([monthly]);
    expect(longer?.displacedBy).toBeUndefined();
    expect(withOverlapWinners([daily, monthly], [undefined, 365]).map((r) => r.displacedBy)).toEqual([undefined, undefined]);
  });

  // Found by the second review: with equal retention AWS does not say which rule wins, and the tool assumed neither.
  it('with equal retention counts the worst case run by run: of two overlapping runs, the one whose recovery point is certain later is made', () => {
    const tied = withOverlapWinners([daily, monthly], [14, 14]);
    expect(tied.map((r) => r.tiedWith)).toEqual([[monthly], [daily]]);
    expect(tied.map((r) => r.displacedBy)).toEqual([undefined, undefined]);
    // On the 1st the monthly run's recovery point (05:00 + 25 h) comes after the daily one's (05:00 + 4 h): only the monthly is counted.
    expect(tied.map((r) => displacedRuns(r))).toEqual([{ runs: 2922, displaced: 96 }, { runs: 96, displaced: 0 }]);
    // Started at 06:00 on the 1st, the monthly job may run to 06:00 on the 2nd, when that day's run's start window ends: the next backup is the 3rd's, by 09:00.
    expect(planRpo(tied).minutes).toBe(51 * 60);
    // Found by the final review: longer windows are not a later recovery point when the runs start at different times.
    // Daily at 00:00 with 12 h + 13 h windows (certain at 01:00 next day), monthly at 11:00 on the 1st with 1 h + 23 h 20 min (certain at 11:20 on the 2nd).
    const early = rule('cron(0 0 ? * * *)', { startWindowMinutes: 720, completionWindowMinutes: 780 });
    const late = rule('cron(0 11 1 * ? *)', { startWindowMinutes: 60, completionWindowMinutes: 1400 });
    const pair = withOverlapWinners([early, late], [35, 35]);
    expect(pair.map((r) => displacedRuns(r)?.displaced)).toEqual([96, 0]);
    expect(planRpo(pair).minutes).toBe(59 * 60 + 20);
  });

  it('counts the runs another rule takes: the 96 firsts of the month of 2027-2034; none when the start windows do not overlap', () => {
    const [shorter] = withOverlapWinners([daily, monthly], [35, 365]);
    expect(displacedRuns(shorter as RpoInput)).toEqual({ runs: 2922, displaced: 96 });
    // 06:00 starts when the monthly start window (05:00-06:00) has closed.
    const [later] = withOverlapWinners([rule('cron(0 6 ? * * *)'), monthly], [35, 365]);
    expect(displacedRuns(later as RpoInput)).toEqual({ runs: 2922, displaced: 0 });
    // 05:30 starts inside it.
    const [inside] = withOverlapWinners([rule('cron(30 5 ? * * *)'), monthly], [35, 365]);
    expect(displacedRuns(inside as RpoInput)?.displaced).toBe(96);
  });
});

describe('the plan RPO over overlapping rules', () => {
  it('on the 1st the monthly backup, with its 24 h completion window, is the one made: 24 h + 1 h + 24 h = 49 h, not 28 h', () => {
    // Either way the monthly job may run from 06:00 on the 1st to 06:00 on the 2nd, through that day's start window (one job per resource at a time): 51 h.
    expect(planRpo([daily, monthly]).minutes).toBe(51 * 60);
    expect(planRpo(withOverlapWinners([daily, monthly], [35, 365])).minutes).toBe(51 * 60);
  });
});

describe('silence alarms of rules whose runs another rule takes', () => {
  // Found by the final review: the reason read "unbounded (unbounded: never runs)" and did not say why.
  it('a vault whose only rule loses every run to a rule kept longer is not watched, and the reason says why', () => {
    const [shorter] = withOverlapWinners([daily, rule('cron(0 5 ? * * *)')], [35, 90]);
    expect(silenceWatch([shorter as RpoInput])).toEqual({ watched: false, rpoMinutes: null, reason: 'its worst-case RPO is unbounded (never runs: another rule of the plan, kept longer, takes every run)' });
  });

  it('the daily rule\'s vault gets no job on the 1st (the monthly backup goes to its own vault): 48 h + 4 h windows + 1 h, not 29 h', () => {
    const [shorter] = withOverlapWinners([daily, monthly], [35, 365]);
    expect(silenceWatch([daily])).toMatchObject({ watched: true, evaluationPeriods: 29 });
    expect(silenceWatch([shorter as RpoInput])).toMatchObject({ watched: true, rpoMinutes: 52 * 60, evaluationPeriods: 53 });
  });
});

describe('the config check', () => {
  const split = configWith((c) => {
    c.vaults.archive = { name: 'archive' };
    c.plans.gold.rules.monthly = { schedule: 'cron(0 5 1 * ? *)', vault: 'archive', lifecycle: { deleteAfterDays: 365 } };
  });

  it('warns when the runs another rule takes leave its vault or copies without a backup', () => {
    expect(findings(split).warnings).toContain(
      "plans.gold.rules.daily: makes no backup on 96 of its 2922 runs in 2027-2034: they start within the start window of a run of rule monthly (kept 365 d), and AWS Backup then takes one backup, for the rule kept longer, into that rule's vault with its windows and copies; on 96 of them vault main gets no backup, on 96 of them no copy goes to dr from this plan",
    );
  });

  it('warns that a rule never makes a backup when a rule kept longer takes every run', () => {
    const dead = configWith((c) => (c.plans.gold.rules.monthly = { schedule: 'cron(0 5 ? * * *)', startWindowMinutes: 120, completionWindowMinutes: 240, lifecycle: { deleteAfterDays: 90 }, copies: { dr: {} } }));
    expect(findings(dead).warnings).toContain(
      "plans.gold.rules.daily: never makes a backup: all its runs start within the start window of a run of rule monthly (kept 90 d), and AWS Backup then takes one backup, for the rule kept longer, into that rule's vault with its windows and copies; move its schedule or remove it",
    );
  });

  // Found by the second review: a rule kept as long whose run may take a day, at the same hour, passed a 30 h target.
  it('with equal retention counts the run whose recovery point is certain later as the one AWS makes: the RPO target fails', () => {
    const tie = configWith((c) => {
      c.plans.gold.rpoTargetHours = 30;
      c.plans.gold.rules.monthly = { schedule: 'cron(0 5 1 * ? *)', completionWindowMinutes: 1440, lifecycle: { deleteAfterDays: 35 }, copies: { dr: {} } };
    });
    const errors = synthesize(checkRawConfig(tie)).errors.map((finding) => finding.message);
    expect(errors).toEqual([expect.stringMatching(/^the worst-case RPO of plan "gold" is 51 h .*one backup job per resource at a time.*above its 30 h target/)]);
    // Kept longer than the monthly rule, the daily rule takes the run and the target holds.
    const daily = configWith((c) => {
      c.plans.gold.rpoTargetHours = 30;
      c.plans.gold.rules.daily.lifecycle = { deleteAfterDays: 40 };
      c.plans.gold.rules.monthly = { schedule: 'cron(0 5 1 * ? *)', completionWindowMinutes: 1440, lifecycle: { deleteAfterDays: 35 }, copies: { dr: {} } };
    });
    expect(synthesize(checkRawConfig(daily)).errors).toEqual([]);
  });

  // Found by the review of the continuous-rule overlap: the RPO counted a continuous rule's snapshots in the overlap, validate did not.
  it('warns when the snapshots of a continuous rule kept longer take the runs of a snapshot rule with a copy', () => {
    const pitr = configWith((c) => {
      c.compliance = { minRetentionDays: 7 };
      c.plans.gold.rules.pitr = { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.rules.daily.lifecycle = { deleteAfterDays: 7 };
    });
    expect(findings(pitr).warnings).toContain(
      "plans.gold.rules.daily: never makes a backup of the types without continuous backup its selections can reach (a continuous rule backs them up by snapshot on its schedule): all its runs start within the start window of a run of rule pitr (kept 35 d), and AWS Backup then takes one backup, for the rule kept longer, into that rule's vault with its windows and copies; move its schedule or remove it",
    );
    // Selections of RDS databases only: continuous backup, no snapshot of the continuous rule, nothing taken.
    const rds = configWith((c) => {
      c.compliance = { minRetentionDays: 7 };
      c.plans.gold.rules.pitr = { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.rules.daily.lifecycle = { deleteAfterDays: 7 };
      c.plans.gold.selections = { rds: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:*'] } };
    });
    expect(findings(rds).warnings.filter((w) => w.startsWith('plans.gold.rules.daily'))).toEqual([]);
  });

  it('says nothing when the rule kept longer makes the same backup: same vault, same copies', () => {
    const same = configWith((c) => (c.plans.gold.rules.weekly = { schedule: 'cron(0 5 ? * SUN *)', lifecycle: { deleteAfterDays: 90 }, copies: { dr: {} } }));
    expect(findings(same).warnings.filter((w) => w.startsWith('plans.gold.rules.'))).toEqual([]);
  });
});

describe('vaultWatches', () => {
  it('reads each plan\'s rules with the rules that take their runs', () => {
    const plan = {
      name: 'gold',
      selections: [],
      rules: {
        daily: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 }, target: { key: 'main', name: 'main' } },
        monthly: { schedule: 'cron(0 5 1 * ? *)', lifecycle: { deleteAfterDays: 365 }, target: { key: 'archive', name: 'archive' } },
      },
    };
    const [archive, main] = vaultWatches([plan as never]);
    expect(main).toMatchObject({ vaultKey: 'main', watch: { watched: true, evaluationPeriods: 53 } });
    expect(archive).toMatchObject({ vaultKey: 'archive', watch: { watched: false } });
  });

  // Found by the review of the continuous-rule overlap: validate and the silence alarms still left continuous rules out of it, while the RPO counted them.
  it('counts the snapshots of a continuous rule kept longer where the selections reach types without continuous backup', () => {
    const rules = {
      pitr: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 }, target: { key: 'main', name: 'main' } },
      daily: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 7 }, target: { key: 'short', name: 'short' } },
    };
    const tagged = [{ name: 'tagged', tags: { backup: 'gold' }, conditions: {}, resources: [], notResources: [] }];
    const [main, short] = vaultWatches([{ name: 'gold', selections: tagged, rules } as never]);
    expect(main).toMatchObject({ vaultKey: 'main', watch: { watched: false, reason: 'only continuous backup rules write to it: their 5-minute RPO is not a backup job cadence an alarm can rely on' } });
    expect(short).toMatchObject({ vaultKey: 'short', watch: { watched: false, rpoMinutes: null } });
    // Only RDS databases: the continuous rule makes no snapshot and takes no run.
    const rds = [{ name: 'rds', tags: {}, conditions: {}, resources: ['arn:aws:rds:eu-west-1:111122223333:db:*'], notResources: [] }];
    expect(vaultWatches([{ name: 'gold', selections: rds, rules } as never])[1]).toMatchObject({ vaultKey: 'short', watch: { watched: true, evaluationPeriods: 29 } });
  });
});

describe('the newest recovery point age (BACKUP_LAST_RECOVERY_POINT_CREATED)', () => {
  // Found by the final review: the derived age read each rule alone, so the control flagged the 1st of every month.
  it('counts the runs a rule kept longer takes: a daily rule beside a monthly one with an 8 h start window reaches 32 h, not 25 h', () => {
    const hours = (plan: { rules: Record<string, unknown> }) => planRecoveryPointAgeHours(plan as never);
    const dailyRule = { schedule: 'cron(0 5 ? * * *)', startWindowMinutes: 60, lifecycle: { deleteAfterDays: 35 } };
    expect(hours({ rules: { daily: dailyRule } })).toBe(25);
    // The monthly run at 05:00 may start until 13:00; the daily runs resume the next day at 05:00, may start until 06:00: 25 h from the 1st's run, 32 h from the last day's 05:00 run to 13:00 on the 1st.
    expect(hours({ rules: { daily: dailyRule, monthly: { schedule: 'cron(0 5 1 * ? *)', startWindowMinutes: 480, lifecycle: { deleteAfterDays: 365 } } } })).toBe(32);
    // Together the runs are never further apart than the best rule alone when nothing is taken: Monday to Friday beside a Sunday rule, 49 h (Friday to Sunday), not 73 h.
    expect(hours({ rules: { weekdays: { schedule: 'cron(0 5 ? * MON-FRI *)', lifecycle: { deleteAfterDays: 35 } }, sunday: { schedule: 'cron(0 5 ? * SUN *)', lifecycle: { deleteAfterDays: 90 } } } })).toBe(49);
    // A rule whose schedule stops leaves the others: the daily rule still bounds it; every rule stopping is unbounded.
    expect(hours({ rules: { daily: dailyRule, once: { schedule: 'cron(0 9 1 1 ? 2027)', lifecycle: { deleteAfterDays: 365 } } } })).toBe(25);
    expect(hours({ rules: { once: { schedule: 'cron(0 9 1 1 ? 2027)', lifecycle: { deleteAfterDays: 365 } } } })).toBe(Number.POSITIVE_INFINITY);
  });
});
