/**
 * Continuous rules that overlap on one resource (config/continuous-rules.ts; AWS Backup, "Overlapping
 * continuous backups on the same resource"): within a plan into different vaults AWS rejects the
 * plan, into one vault it keeps only the longest kept rule; across plans it backs up continuously
 * for the first plan it evaluates only, and which is first it does not say.
 */
import { checkRawConfig } from '../../config';
import { selectionsMayShare } from '../../core/selection-reach';
import { runbooks } from '../../report/runbook';
import type { SelectionSpec } from '../../core/selection';
import { configWith, findings, organizationWith, type RawConfig } from '../support/configs';

const SOURCE = 'AWS Backup, "Overlapping continuous backups on the same resource"';
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:orders';

/** gold backs RDS database `orders` up continuously; vault `pitr` (no lock) beside `main`. */
const withContinuous = (mutate: (c: RawConfig) => void) =>
  findings(
    configWith((c) => {
      c.vaults.pitr = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.rules.daily = { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.selections = { db: { resources: [DB] } };
      mutate(c);
    }),
  );
const continuousWarnings = (mutate: (c: RawConfig) => void) => withContinuous(mutate).warnings.filter((w) => w.includes(SOURCE));

describe('continuous rules of one plan', () => {
  it('into different vaults: an error, as AWS rejects the plan', () => {
    const result = withContinuous((c) => {
      c.plans.gold.rules.pitr = { schedule: 'cron(0 6 ? * * *)', continuousBackup: true, vault: 'pitr', lifecycle: { deleteAfterDays: 30 } };
    });
    expect(result.errors).toEqual([
      `plans.gold.rules: continuous backup rules daily (vault main), pitr (vault pitr) point to different vaults: AWS Backup rejects such a plan as not valid (${SOURCE}); keep one continuous rule per plan, or send them to one vault`,
    ]);
  });

  it('into one vault: the rule kept shorter is disregarded, its copies with it', () => {
    expect(continuousWarnings((c) => (c.plans.gold.rules.short = { schedule: 'cron(0 6 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 14 }, copies: { dr: {} } }))).toEqual([
      `plans.gold.rules.short.continuousBackup: AWS Backup disregards this rule: of the continuous rules of a plan into one vault it creates the continuous backup only for the one kept longest (daily), so this rule's retention and copies do nothing (${SOURCE}); remove it or merge its copies into daily`,
    ]);
  });

  it('into one vault with the same retention: AWS keeps one of them, which it does not say', () => {
    expect(continuousWarnings((c) => (c.plans.gold.rules.twin = { schedule: 'cron(0 6 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } }))).toEqual([
      `plans.gold.rules.twin.continuousBackup: rules daily, twin back up continuously into one vault with the same retention: AWS Backup creates the continuous backup for one of them only and disregards the others, their copies included (${SOURCE}); AWS does not say which: keep one`,
    ]);
  });

  it('one continuous rule beside snapshot rules: nothing to say', () => {
    expect(continuousWarnings((c) => (c.plans.gold.rules.weekly = { schedule: 'cron(0 6 ? * SUN *)', lifecycle: { deleteAfterDays: 90 } }))).toEqual([]);
  });
});

describe('continuous rules of two plans that may select one resource', () => {
  const other = (resources: string[] | undefined, tags?: Record<string, string>) => (c: RawConfig) => {
    c.plans.other = {
      vault: 'pitr',
      rules: { pitr: { schedule: 'cron(0 7 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 20 } } },
      selections: { db: { ...(resources ? { resources } : {}), ...(tags ? { tags } : {}) } },
    };
  };
  const across = (from: string, to: string) =>
    `plans.${from}.continuousBackup: plan ${to} (plans.${to}) also backs up continuously RDS resources this plan may select: AWS Backup creates the continuous backup for the first plan it evaluates only, and snapshots on their schedules for the others (${SOURCE}); it does not say which is first, so this plan may keep only snapshots of them, and its worst-case RPO counts its schedule (rpoTargetHours, the report, the runbook, the silence alarms): let one plan back each resource up continuously (stack test-eu-west-1)`;

  it('warns at each plan when their ARNs overlap', () => {
    expect(continuousWarnings(other(['arn:aws:rds:eu-west-1:111122223333:db:*'])).sort()).toEqual([across('gold.rules.daily', 'other'), across('other.rules.pitr', 'gold')]);
  });

  it('warns when the other plan selects by tags: the database may carry them', () => {
    expect(continuousWarnings(other(undefined, { backup: 'pitr' })).length).toBe(2);
  });

  it('says nothing when no resource can be taken by both: ARNs that cannot meet, or plans without a continuous rule', () => {
    expect(continuousWarnings(other(['arn:aws:rds:eu-west-1:111122223333:db:billing-*']))).toEqual([]);
    expect(
      continuousWarnings((c) => {
        other(['arn:aws:rds:eu-west-1:111122223333:db:*'])(c);
        c.plans.other.rules.pitr = { schedule: 'cron(0 7 ? * * *)', lifecycle: { deleteAfterDays: 20 } };
      }),
    ).toEqual([]);
  });
});

describe('selectionsMayShare', () => {
  const spec = (part: Partial<SelectionSpec>): SelectionSpec => ({ tags: [], conditions: [], resources: [], notResources: [], ...part });

  it('is false only when certain: two tag selections that need one tag to hold two values, or ARN patterns no ARN meets', () => {
    expect(selectionsMayShare(spec({ tags: [{ key: 'backup', value: 'gold' }] }), spec({ tags: [{ key: 'backup', value: 'silver' }] }))).toBe(false);
    expect(selectionsMayShare(spec({ tags: [{ key: 'backup', value: 'gold' }] }), spec({ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/backup', value: 'silver' }] }))).toBe(false);
    expect(selectionsMayShare(spec({ resources: [DB] }), spec({ resources: ['arn:aws:rds:eu-west-1:111122223333:db:billing-*'] }))).toBe(false);
  });

  it('is true for tags of different keys, an ARN beside tags (its tags are unknown), and a selection of everything', () => {
    expect(selectionsMayShare(spec({ tags: [{ key: 'backup', value: 'gold' }] }), spec({ tags: [{ key: 'tier', value: 'one' }] }))).toBe(true);
    expect(selectionsMayShare(spec({ resources: [DB] }), spec({ tags: [{ key: 'backup', value: 'gold' }] }))).toBe(true);
    expect(selectionsMayShare(spec({}), spec({ resources: [DB] }))).toBe(true);
  });

  it('reads ? in an ARN pattern as a wildcard too (AWS does not say it is literal): orders? may take orders1', () => {
    expect(selectionsMayShare(spec({ resources: [`${DB}?`] }), spec({ resources: [`${DB}1`] }))).toBe(true);
    expect(selectionsMayShare(spec({ resources: [`${DB}?`] }), spec({ resources: [`${DB}?`] }))).toBe(true);
    expect(selectionsMayShare(spec({ resources: [`${DB}?`] }), spec({ resources: ['arn:aws:rds:eu-west-1:111122223333:db:billing'] }))).toBe(false);
  });
});

describe('the runbook reads two plans over one database as validate does', () => {
  it('gives each plan its schedule as worst-case RPO, not 5 minutes', () => {
    const config = configWith((c) => {
      c.plans.gold.rules.daily = { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.selections = { db: { resources: [DB] } };
      // At 12:00, clear of gold's snapshot jobs (one job per resource at a time, whichever plan it is of: core/plan-contention.ts).
      c.plans.other = { vault: 'main', rules: { pitr: { schedule: 'cron(0 12 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 20 } } }, selections: { db: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:*'] } } };
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    expect(book).toContain('## Plan `gold` · worst-case RPO 28 h');
    expect(book).toContain('## Plan `other` · worst-case RPO 28 h');
  });
});

describe('continuous and periodic backups of S3 buckets in different vaults (found by the silent-skip audit)', () => {
  const s3 = (selection: Record<string, unknown>) =>
    configWith((c) => {
      c.vaults.pitr = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.rules.pitr = { schedule: 'cron(0 6 ? * * *)', continuousBackup: true, vault: 'pitr', lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.selections = { chosen: selection };
    });
  const about = (raw: unknown) => findings(raw).warnings.filter((warning) => warning.includes('same backup vault'));

  it('warns at the snapshot rule when the plan may select S3 buckets (AWS: "must both reside in the same backup vault")', () => {
    expect(about(s3({ resources: ['arn:aws:s3:::orders-data'] }))).toEqual([
      'plans.gold.rules.daily.vault: writes the periodic backups of the S3 buckets this plan may select to vault main, and its continuous rule to pitr: AWS Backup requires continuous and periodic backups of an S3 bucket in one vault ("must both reside in the same backup vault", Amazon S3 backups), so these are not made as written; keep both in one vault, or select S3 buckets in a plan of their own',
    ]);
    expect(about(s3({ tags: { backup: 'gold' } }))).toHaveLength(1);
  });

  it('says nothing when the plan selects no S3 bucket', () => {
    expect(about(s3({ resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] }))).toEqual([]);
  });
});

describe('a continuous rule kept no longer than the time between its runs', () => {
  const STRETCH = (stretch: string, kept: number) =>
    `plans.gold.rules: leave the plan without any recovery point for up to ${stretch} at a time: the longest any run's recovery point is kept (copies included) is ${kept} d, less than the time between runs (a continuous rule counts as its runs: AWS Backup backs the types without continuous backup up by snapshot on its schedule, and a continuous recovery point of Aurora, RDS or SAP HANA kept no longer than the time between runs "transitions to EXPIRED state", AWS Backup, "Changing your retention period"); keep recovery points at least until the next run`;
  const stretchWarnings = (mutate: (c: RawConfig) => void) => withContinuous(mutate).warnings.filter((w) => w.startsWith('plans.gold.rules: leave the plan'));
  const weekly = (kept: number, resources: string[]) => (c: RawConfig) => {
    c.plans.gold.rules.daily = { schedule: 'cron(0 5 ? * SUN *)', continuousBackup: true, lifecycle: { deleteAfterDays: kept } };
    c.plans.gold.selections = { db: { resources } };
  };

  // AWS Backup, "Changing your retention period" (Aurora and RDS): "Ensure that you set the retention period for these backups to be greater than the backup frequency".
  it('RDS, weekly, kept 5 days: its continuous recovery point expires between runs', () => {
    expect(stretchWarnings(weekly(5, [DB]))).toEqual([STRETCH('48 h', 5)]);
  });

  // "Automatic fallback to snapshots": the continuous rule backs EBS up by snapshot on its schedule, kept as long.
  it('EBS, monthly, kept 7 days: the snapshots of the continuous rule expire between runs', () => {
    const ebs = (c: RawConfig) => {
      c.plans.gold.rules.daily = { schedule: 'cron(0 5 1 * ? *)', continuousBackup: true, lifecycle: { deleteAfterDays: 7 } };
      c.plans.gold.selections = { vols: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1'] } };
    };
    expect(stretchWarnings(ebs)).toEqual([STRETCH('24 d', 7)]);
  });

  it('RDS, weekly, kept 8 days, and S3 only, weekly, kept 5 days: nothing to say', () => {
    expect(stretchWarnings(weekly(8, [DB]))).toEqual([]);
    expect(stretchWarnings(weekly(5, ['arn:aws:s3:::orders-bucket']))).toEqual([]);
  });
});

describe('a continuous recovery point each run renews, kept no longer than the time between runs', () => {
  // AWS Backup, "Changing your retention period" (Aurora and RDS; SAP HANA alike): "Ensure that you set the retention period for these
  // backups to be greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state".
  const LAPSE = (kept: number, between: string, types: string) =>
    `plans.gold.rules.pitr.lifecycle.deleteAfterDays: keeps the continuous recovery point ${kept} d and ${between}: each run renews the one continuous recovery point of the ${types} resources this plan may select, and AWS Backup says to "set the retention period for these backups to be greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state" (Changing your retention period); the worst-case RPO counts its runs (rpoTargetHours, the report, the runbook): keep it longer than the time between runs, or run the rule more often`;
  const pitr = (kept: number, resources: string[], schedule = 'cron(0 5 ? * * *)') =>
    configWith((c) => {
      c.plans.gold.rules = { pitr: { schedule, continuousBackup: true, lifecycle: { deleteAfterDays: kept } } };
      c.plans.gold.selections = { db: { resources } };
    });
  const lapseWarnings = (raw: unknown) => findings(raw).warnings.filter((w) => w.includes('renews the one continuous recovery point'));
  const runbookRpo = (raw: unknown) => /worst-case RPO ([^\n]*)/.exec(runbooks(checkRawConfig(raw).model!)[0]!.markdown)?.[1];

  it('RDS, daily, kept 1 day: warns, and the RPO counts the runs (24 h + 60 min start + 180 min completion)', () => {
    expect(lapseWarnings(pitr(1, [DB]))).toEqual([LAPSE(1, 'up to 24 h pass between its runs', 'RDS')]);
    expect(runbookRpo(pitr(1, [DB]))).toBe('28 h');
  });

  it('Aurora, weekly, kept 7 days: equal is not greater', () => {
    expect(lapseWarnings(pitr(7, ['arn:aws:rds:eu-west-1:111122223333:cluster:orders'], 'cron(0 5 ? * SUN *)'))).toEqual([LAPSE(7, 'up to 7 d pass between its runs', 'Aurora, RDS')]);
  });

  // The runs count, so a weekly snapshot rule kept longer takes the Sunday runs (config/overlap-rules.ts), and says why they count.
  it('RDS, daily, kept 1 day, beside a weekly rule into another vault: its Sunday runs go there', () => {
    const withWeekly = (kept: number) =>
      configWith((c) => {
        c.vaults.pitr = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.gold.rules = {
          pitr: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, vault: 'main', lifecycle: { deleteAfterDays: kept } },
          weekly: { schedule: 'cron(0 5 ? * SUN *)', vault: 'pitr', lifecycle: { deleteAfterDays: 35 } },
        };
        c.plans.gold.selections = { db: { resources: [DB] } };
      });
    expect(findings(withWeekly(1)).warnings.filter((w) => w.startsWith('plans.gold.rules.pitr: '))).toEqual([
      "plans.gold.rules.pitr: makes no backup of the Aurora, RDS and SAP HANA resources whose continuous recovery point it keeps no longer than the time between its runs (it may lapse: each run renews it) on 418 of its 2922 runs in 2027-2034: they start within the start window of a run of rule weekly (kept 35 d), and AWS Backup then takes one backup, for the rule kept longer, into that rule's vault with its windows and copies; on 418 of them vault main gets no backup from this plan",
    ]);
    expect(findings(withWeekly(2)).warnings).toEqual([]);
  });

  // Of two continuous rules kept as long into one vault AWS does not say which it keeps: the warning names the one that may lapse.
  it('RDS, hourly and weekly, both kept 7 days: names the weekly rule', () => {
    const tied = configWith((c) => {
      c.plans.gold.rules = {
        hourly: { schedule: 'cron(0 * ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 7 } },
        pitr: { schedule: 'cron(0 5 ? * SUN *)', continuousBackup: true, lifecycle: { deleteAfterDays: 7 } },
      };
      c.plans.gold.selections = { db: { resources: [DB] } };
    });
    expect(lapseWarnings(tied)).toEqual([LAPSE(7, 'up to 7 d pass between its runs', 'RDS')]);
  });

  it('RDS, daily, kept 2 days; or S3 only, kept 1 day: nothing to say, 5 minutes', () => {
    expect(lapseWarnings(pitr(2, [DB]))).toEqual([]);
    expect(runbookRpo(pitr(2, [DB]))).toBe('5 min');
    expect(lapseWarnings(pitr(1, ['arn:aws:s3:::orders-data']))).toEqual([]);
    expect(runbookRpo(pitr(1, ['arn:aws:s3:::orders-data']))).toBe('5 min');
  });
});

describe('continuous and periodic backups of one S3 bucket by two plans into different vaults', () => {
  const BUCKET = 'arn:aws:s3:::orders-data';
  const twoPlans = (periodic: Record<string, unknown>) =>
    configWith((c) => {
      c.vaults.pitr = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.selections = { chosen: periodic };
      c.plans.other = { vault: 'pitr', rules: { pitr: { schedule: 'cron(0 6 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } } }, selections: { buckets: { resources: [BUCKET] } } };
    });
  const about = (raw: unknown) => findings(raw).warnings.filter((warning) => warning.includes('same backup vault'));

  // AWS Backup, "Amazon S3 backups": "Continuous and periodic backups of S3 buckets must both reside in the same backup vault": said of a bucket, whichever plan.
  it('warns at the snapshot rule of the plan that may select a bucket the other plan backs up continuously', () => {
    expect(about(twoPlans({ resources: [BUCKET] }))).toEqual([
      'plans.gold.rules.daily.vault: plan gold (plans.gold) writes the periodic backups of S3 buckets to vault main (rule daily), and plan other (plans.other), which may select the same buckets, backs them up continuously into pitr: AWS Backup requires continuous and periodic backups of an S3 bucket in one vault ("must both reside in the same backup vault", Amazon S3 backups), so these are not made as written; send both to one vault, or let one plan back the buckets up (stack test-eu-west-1)',
    ]);
    expect(about(twoPlans({ tags: { backup: 'gold' } }))).toHaveLength(1);
  });

  // The snapshot rule is a backup policy's (no config path of its own to warn at): warned at the stack plan's continuous rule.
  it("warns at the continuous rule when the snapshot rule is a backup policy's", () => {
    const policy = organizationWith((c) => {
      c.plans.gold.rules = { pitr: { schedule: 'cron(0 6 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } } };
      c.plans.gold.selections = { tagged: { tags: { backup: 'silver' } } };
    });
    expect(about(policy)).toEqual([
      'plans.gold.rules.pitr.continuousBackup: plan silver (an Organizations backup policy) writes the periodic backups of S3 buckets to vault baseline (rule daily), and plan gold (plans.gold), which may select the same buckets, backs them up continuously into main: AWS Backup requires continuous and periodic backups of an S3 bucket in one vault ("must both reside in the same backup vault", Amazon S3 backups), so these are not made as written; send both to one vault, or let one plan back the buckets up (stack payments-eu-west-1)',
    ]);
  });

  it('says nothing when no bucket can be taken by both, or both write to one vault', () => {
    expect(about(twoPlans({ resources: ['arn:aws:s3:::billing-data'] }))).toEqual([]);
    const oneVault = twoPlans({ resources: [BUCKET] }) as RawConfig;
    oneVault.plans.gold.vault = 'pitr';
    expect(about(oneVault)).toEqual([]);
  });
});
