/**
 * Regressions and improvements between two postures. The postures come from real configs: an
 * example and an edited copy of it (a YAML edit, synthesized with synthesize() into temp dirs).
 */
import { compareLocks, diffPostures, type ChangeKind, type PostureChange } from '../../report/diff';
import type { LockPosture, Posture } from '../../report/posture-model';
import { editedPosture, examplePosture } from './helpers';

/** "<stack> | <subject> | <what> | <before> -> <after>", one line per change. */
const lines = (changes: readonly PostureChange[]) => changes.map((change) => `${change.stack} | ${change.subject} | ${change.what} | ${change.before} -> ${change.after}`);

describe('diffPostures on examples/multi-region.yaml', () => {
  let base: Posture;
  beforeAll(() => {
    base = examplePosture('multi-region.yaml');
  });

  it('finds nothing between a posture and itself', () => {
    // Same sizes, same retention: the same cost (us-east-1 is priced: cost.test.ts checks the figures).
    const total = base.cost?.total.monthlyUsd ?? Number.NaN;
    expect(total).toBeGreaterThan(0);
    const unpriced = base.cost?.total.unpricedLines ?? Number.NaN;
    const same = { removedStacks: [], regressions: [], improvements: [], cost: { before: total, after: total, unpricedBefore: unpriced, unpricedAfter: unpriced } };
    expect(diffPostures(base, base)).toEqual(same);
    expect(diffPostures(base, examplePosture('multi-region.yaml'))).toEqual(same);
  });

  it('lists a stack that leaves the synth first: the DR Region whose vault was removed, and its changes before the others', () => {
    const head = editedPosture('multi-region.yaml', (document) => {
      document.deleteIn(['vaults', 'eu-dr']);
      document.deleteIn(['plans', 'eu-critical', 'rules', 'daily', 'copies']);
      document.deleteIn(['plans', 'eu-critical', 'rules', 'monthly', 'copies']);
    });
    const diff = diffPostures(base, head);
    expect(diff.removedStacks).toEqual([
      { stack: 'payments-prod-eu-central-1', kind: 'workload', account: 'payments-prod', accountId: '111122223333', region: 'eu-central-1', vaults: ['`payments-dr` compliance 30-400 d (grace 3 d)'], plans: 0, policies: 0 },
    ]);
    expect(lines(diff.regressions)).toEqual([
      'payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) | vault removed | compliance 30-400 d (grace 3 d) -> none',
      'payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | copy to `payments-dr` (eu-central-1) removed | 35 d -> none',
      'payments-prod-eu-west-1 | plan `payments-critical` · rule `monthly` | copy to `payments-dr` (eu-central-1) removed | 365 d -> none',
    ]);
    // The stack coming back is no removal.
    expect(diffPostures(head, base).removedStacks).toEqual([]);
  });

  it('flags a changed air-gapped range as a replacement, not a widened lock (provider 5.100.0 plans "max_retention_days forces replacement")', () => {
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['vaults', 'us-air-gapped', 'airGapped', 'maxRetentionDays'], 3000));
    const diff = diffPostures(base, head);
    const replaced = 'air-gapped vault replaced: its retention range cannot change in place (a new min_retention_days or max_retention_days destroys and re-creates it), which prevent_destroy refuses and AWS refuses while it holds recovery points; add a new air-gapped vault under another key instead';
    expect(lines(diff.regressions)).toEqual([`payments-prod-us-west-2 | vault \`payments-air-gapped\` (us-west-2) | ${replaced} | air-gapped 30-2000 d -> air-gapped 30-3000 d`]);
    expect(diff.improvements).toEqual([]);
    expect(lines(diffPostures(head, base).regressions)).toEqual([`payments-prod-us-west-2 | vault \`payments-air-gapped\` (us-west-2) | ${replaced} | air-gapped 30-3000 d -> air-gapped 30-2000 d`]);
  });

  it('flags a dropped disaster-recovery copy as a regression (and its return as an improvement)', () => {
    const head = editedPosture('multi-region.yaml', (document) => document.deleteIn(['plans', 'eu-critical', 'rules', 'daily', 'copies']));
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual(['payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | copy to `payments-dr` (eu-central-1) removed | 35 d -> none']);
    expect(diff.regressions[0]).toMatchObject({ kind: 'regression', area: 'copy' });
    expect(diff.improvements).toEqual([]);
    expect(lines(diffPostures(head, base).improvements)).toEqual(['payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | copy to `payments-dr` (eu-central-1) added | none -> 35 d']);
  });

  it('flags a shortened retention, of the rule and of the copy that inherits it', () => {
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['plans', 'eu-critical', 'rules', 'daily', 'lifecycle'], document.createNode({ deleteAfterDays: 30 })));
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual([
      'payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | retention shorter | 35 d -> 30 d',
      'payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | copy to `payments-dr` (eu-central-1): retention shorter | 35 d -> 30 d',
    ]);
    expect(diff.regressions.map((change) => change.area)).toEqual(['retention', 'retention']);
    expect(diff.improvements).toEqual([]);
  });

  it('flags a copy retention shortened on its own (cold storage counts: warm + cold total)', () => {
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['plans', 'eu-critical', 'rules', 'monthly', 'copies', 'eu-dr', 'lifecycle', 'deleteAfterDays'], 200));
    expect(lines(diffPostures(base, head).regressions)).toEqual(['payments-prod-eu-west-1 | plan `payments-critical` · rule `monthly` | copy to `payments-dr` (eu-central-1): retention shorter | 365 d -> 200 d']);
  });

  it('flags a DR vault lock weakened from compliance to governance', () => {
    const head = editedPosture('multi-region.yaml', (document) => {
      document.deleteIn(['vaults', 'eu-dr', 'lock', 'changeableForDays']);
      document.setIn(['vaults', 'eu-dr', 'lock', 'mode'], 'governance');
    });
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) | vault lock weakened: compliance -> governance (removable with IAM permission) | compliance 30-400 d (grace 3 d) -> governance 30-400 d',
    ]);
  });

  it('flags a vault policy that lets more principals delete recovery points (and the reverse as an improvement)', () => {
    const dropped = editedPosture('multi-region.yaml', (document) => document.setIn(['vaults', 'eu-dr', 'accessPolicy', 'denyRecoveryPointDeletion'], false));
    expect(lines(diffPostures(base, dropped).regressions)).toEqual([
      'payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) | access policy no longer denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy, backup:DisassociateRecoveryPoint to every principal | denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy, backup:DisassociateRecoveryPoint except to arn:aws:iam::111122223333:role/BackupBreakGlass -> no deny',
    ]);
    expect(lines(diffPostures(dropped, base).improvements)).toEqual([
      'payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) | access policy now denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy, backup:DisassociateRecoveryPoint to every principal | no deny -> denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy, backup:DisassociateRecoveryPoint except to arn:aws:iam::111122223333:role/BackupBreakGlass',
    ]);
    const exempted = editedPosture('multi-region.yaml', (document) => document.addIn(['vaults', 'eu-dr', 'accessPolicy', 'breakGlassPrincipals'], 'arn:aws:iam::111122223333:role/Contractor'));
    const diff = diffPostures(base, exempted);
    expect(lines(diff.regressions)).toEqual([
      "payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) | exempt from the access policy's deny: arn:aws:iam::111122223333:role/Contractor | arn:aws:iam::111122223333:role/BackupBreakGlass -> arn:aws:iam::111122223333:role/BackupBreakGlass, arn:aws:iam::111122223333:role/Contractor",
      // The break-glass principals are exempt from the deny on the vault's key too.
      "payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) · key | exempt from the key policy's deny: arn:aws:iam::111122223333:role/Contractor | arn:aws:iam::111122223333:role/BackupBreakGlass -> arn:aws:iam::111122223333:role/BackupBreakGlass, arn:aws:iam::111122223333:role/Contractor",
    ]);
    expect(diff.regressions[0]).toMatchObject({ kind: 'regression', area: 'vault' });
  });

  it('flags keys no longer protected from deletion (security.protectKeys: false)', () => {
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['security', 'protectKeys'], false));
    const regressions = lines(diffPostures(base, head).regressions);
    expect(regressions.length).toBeGreaterThan(0);
    expect(regressions).toContain(
      'payments-prod-eu-central-1 | vault `payments-dr` (eu-central-1) · key | key policy no longer denies kms:DisableKey, kms:ScheduleKeyDeletion to every principal | denies kms:DisableKey, kms:ScheduleKeyDeletion except to arn:aws:iam::111122223333:role/BackupBreakGlass -> no deny',
    );
    expect(regressions.every((line) => line.includes(' · key | key policy no longer denies '))).toBe(true);
  });

  it('flags a rule moved to a vault whose policies are not in the synth (the Default vault), and not the way back', () => {
    const moved = editedPosture('multi-region.yaml', (document) => {
      document.setIn(['existingVaults'], document.createNode({ default: { name: 'Default' } }));
      document.setIn(['plans', 'eu-databases', 'rules', 'continuous', 'vault'], 'default');
    });
    const guarded = 'except to arn:aws:iam::111122223333:role/BackupBreakGlass';
    expect(lines(diffPostures(base, moved).regressions)).toEqual([
      `payments-prod-eu-west-1 | plan \`payments-databases-pitr\` · rule \`continuous\` | target vault changed to \`Default\` (eu-west-1), which is not in the synth: whether its access policy denies what the old one did is unknown | \`payments-pitr\` (eu-west-1): denies backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy, backup:DisassociateRecoveryPoint ${guarded} -> unknown`,
      `payments-prod-eu-west-1 | plan \`payments-databases-pitr\` · rule \`continuous\` | target vault changed to \`Default\` (eu-west-1), which is not in the synth: whether its key policy denies what the old one did is unknown | \`payments-pitr\` (eu-west-1): denies kms:DisableKey, kms:ScheduleKeyDeletion ${guarded} -> unknown`,
    ]);
    expect(diffPostures(moved, base).regressions).toEqual([]);
  });

  it('flags narrowed selections: exclusions added, resources removed, conditions added', () => {
    const head = editedPosture('multi-region.yaml', (document) => {
      document.addIn(['plans', 'eu-critical', 'selections', 'critical', 'notResources'], 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0123456789abcdef0');
      document.setIn(['plans', 'eu-databases', 'selections', 'databases', 'resources'], document.createNode(['arn:aws:rds:eu-west-1:111122223333:cluster:payments-ledger']));
      document.setIn(['plans', 'us-critical', 'selections', 'critical', 'conditions', 'stringNotEquals', 'tier'], 'test');
    });
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'payments-prod-eu-west-1 | plan `payments-critical` · selection `critical` | selection narrowed: exclusions added (arn:aws:ec2:eu-west-1:111122223333:volume/vol-0123456789abcdef0) | arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0 -> arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0, arn:aws:ec2:eu-west-1:111122223333:volume/vol-0123456789abcdef0',
      'payments-prod-eu-west-1 | plan `payments-databases-pitr` · selection `databases` | selection narrowed: resources removed (arn:aws:rds:eu-west-1:111122223333:db:payments-audit) | arn:aws:rds:eu-west-1:111122223333:cluster:payments-ledger, arn:aws:rds:eu-west-1:111122223333:db:payments-audit -> arn:aws:rds:eu-west-1:111122223333:cluster:payments-ledger',
      'payments-prod-us-east-1 | plan `payments-critical` · selection `critical` | selection narrowed: conditions added (tier != test) | backup = critical, environment != sandbox -> backup = critical, environment != sandbox, tier != test',
    ]);
  });

  it('flags a continuous rule turned into a daily snapshot rule, though its worst case was the daily snapshots already', () => {
    // The selection's RDS cluster ARN may be DocumentDB or Neptune, which have no continuous backup: 28 h either way.
    const head = editedPosture('multi-region.yaml', (document) => document.setIn(['plans', 'eu-databases', 'rules', 'continuous', 'continuousBackup'], false));
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'payments-prod-eu-west-1 | plan `payments-databases-pitr` · rule `continuous` | continuous backup (point-in-time restore) turned off | continuous -> snapshots every day at 01:00 UTC',
    ]);
  });

  it('does not call continuous backup over a weekly schedule an RPO gain for what has no continuous backup', () => {
    // EBS volumes among the tagged resources get the weekly snapshots only.
    const head = editedPosture('multi-region.yaml', (document) => {
      document.setIn(['plans', 'eu-critical', 'rules', 'daily', 'continuousBackup'], true);
      document.setIn(['plans', 'eu-critical', 'rules', 'daily', 'schedule'], 'cron(0 5 ? * SUN *)');
    });
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions).filter((line) => line.includes('· rule `daily`'))).toEqual([
      'payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | worst-case RPO longer | 28 h -> 7 d 4 h',
    ]);
    expect(lines(diff.improvements).filter((line) => line.includes('· rule `daily`'))).toEqual([
      'payments-prod-eu-west-1 | plan `payments-critical` · rule `daily` | continuous backup (point-in-time restore) turned on | snapshots every day at 05:00 UTC -> continuous',
    ]);
  });
});

/** The failure alarms and vault failure notifications examples/single-account.yaml makes. */
const ALARMS = ['NumberOfBackupJobsAborted', 'NumberOfBackupJobsExpired', 'NumberOfBackupJobsFailed', 'NumberOfCopyJobsFailed', 'NumberOfRestoreJobsFailed'];
const VAULT_FAILURE_EVENTS = ['workload-prod-archive', 'workload-prod-main'].flatMap((vault) => ['COPY_JOB_FAILED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'].map((event) => `${vault} ${event}`));

describe('diffPostures on examples/single-account.yaml', () => {
  let base: Posture;
  beforeAll(() => {
    base = examplePosture('single-account.yaml');
  });

  it('flags removed plans and rules, and the longer plan RPO a removed daily rule leaves', () => {
    const head = editedPosture('single-account.yaml', (document) => {
      document.deleteIn(['plans', 'silver']);
      document.deleteIn(['plans', 'gold', 'rules', 'daily']);
    });
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual([
      'workload-prod-eu-west-1 | plan `gold` | plan worst-case RPO (all rules together) longer | 28 h -> 7 d 4 h',
      'workload-prod-eu-west-1 | plan `gold` · rule `daily` | rule removed | every day at 05:00 UTC, RPO 28 h, kept 35 d -> none',
      'workload-prod-eu-west-1 | plan `silver` | plan removed | 1 rule, RPO 30 h -> none',
      // Weekly and monthly rules alone leave the vault unwatchable: CloudWatch evaluates at most 7 days.
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) · silence alarm | silence alarm removed: backups into it could stop without an alarm | alarm after 28 h without a completed backup job -> not watched: its worst-case RPO of 7 d 4 h plus 1 h for the metric to arrive is longer than the 7 days a CloudWatch alarm can evaluate (Period x EvaluationPeriods <= 604,800 s)',
      // The controls derived from the plans follow them: Audit Manager now accepts the weekly cadence.
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_LAST_RECOVERY_POINT_CREATED asks less: recoveryPointAgeValue | 26 hours -> 169 hours',
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK asks less: requiredFrequencyValue | 1 days -> 7 days',
    ]);
    expect(diff.regressions.map((change) => change.area)).toEqual(['rpo', 'rule', 'plan', 'vault', 'vault', 'vault']);
    expect(lines(diffPostures(head, base).improvements)).toEqual([
      'workload-prod-eu-west-1 | plan `gold` | plan worst-case RPO (all rules together) shorter | 7 d 4 h -> 28 h',
      'workload-prod-eu-west-1 | plan `gold` · rule `daily` | rule added | none -> every day at 05:00 UTC, RPO 28 h, kept 35 d',
      'workload-prod-eu-west-1 | plan `silver` | plan added | none -> 1 rule, RPO 30 h',
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) · silence alarm | silence alarm added | not watched: its worst-case RPO of 7 d 4 h plus 1 h for the metric to arrive is longer than the 7 days a CloudWatch alarm can evaluate (Period x EvaluationPeriods <= 604,800 s) -> alarm after 28 h without a completed backup job',
    ]);
  });

  it('flags silence alarms switched off: backups could stop without an alarm', () => {
    const head = editedPosture('single-account.yaml', (document) => document.setIn(['monitoring', 'silenceAlarms'], false));
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) · silence alarm | silence alarm removed: backups into it could stop without an alarm | alarm after 28 h without a completed backup job -> not watched: silence alarms are off (monitoring.silenceAlarms: false)',
    ]);
  });

  it('flags a silence alarm that fires later (it said nothing of a window from 28 h to 32 h); one that fires sooner is no gain of its own', () => {
    // Longer completion windows make the worst-case RPO of the vault's rules, and so the alarm's window, longer.
    const head = editedPosture('single-account.yaml', (document) => {
      document.setIn(['plans', 'gold', 'rules', 'daily', 'completionWindowMinutes'], 480);
      document.setIn(['plans', 'silver', 'rules', 'daily', 'completionWindowMinutes'], 480);
    });
    const silence = (changes: readonly PostureChange[]) => lines(changes).filter((line) => line.includes('· silence alarm'));
    expect(silence(diffPostures(base, head).regressions)).toEqual([
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) · silence alarm | silence alarm fires later: backups into it could stop for longer before it does | alarm after 28 h without a completed backup job -> alarm after 32 h without a completed backup job',
    ]);
    expect(silence(diffPostures(head, base).improvements)).toEqual([]);
  });

  it('flags failure alerts that reach fewer people, or no one', () => {
    const fewer = editedPosture('single-account.yaml', (document) => document.deleteIn(['alerts', 'subscriptions', 'platform-oncall']));
    expect(lines(diffPostures(base, fewer).regressions)).toEqual([
      'workload-prod-eu-west-1 | failure alerts | alert subscription removed: email backup-oncall@example.com | email backup-oncall@example.com, email-json backup-audit@example.com, https https://hooks.example.com/aws-backup -> email-json backup-audit@example.com, https https://hooks.example.com/aws-backup',
    ]);
    const none = editedPosture('single-account.yaml', (document) => document.delete('alerts'));
    const regressions = diffPostures(base, none).regressions.filter((change) => change.area === 'alerts');
    expect(lines(regressions).map((line) => line.split(' | ')[2])).toEqual([
      'failed backup, copy, restore jobs no longer reported',
      `failure alarms removed: ${ALARMS.join(', ')}`,
      `vault notifications of failures removed: ${VAULT_FAILURE_EVENTS.join(', ')}`,
      'alert subscription removed: email backup-oncall@example.com, email-json backup-audit@example.com, https https://hooks.example.com/aws-backup',
    ]);
    expect(lines(diffPostures(none, base).improvements).filter((line) => line.includes('failure alerts'))).toHaveLength(4);
  });

  it('flags each failure alert path narrowed on its own: job states, alarms, vault notifications, a subscriber filter', () => {
    const whatOf = (edit: Parameters<typeof editedPosture>[1]) =>
      diffPostures(base, editedPosture('single-account.yaml', edit))
        .regressions.filter((change) => change.area === 'alerts')
        .map((change) => change.what);
    expect(whatOf((document) => document.setIn(['alerts', 'jobStates'], document.createNode(['FAILED'])))).toEqual([
      'job states no longer routed to the alerts: backup ABORTED, backup COMPLETED_WITH_ISSUES, backup EXPIRED, backup PARTIAL, copy ABORTED, copy EXPIRED, copy PARTIAL, restore ABORTED, restore EXPIRED, restore PARTIAL',
      'failure alarms removed: NumberOfBackupJobsAborted, NumberOfBackupJobsExpired',
    ]);
    expect(whatOf((document) => document.setIn(['alerts', 'jobStates'], document.createNode(['ABORTED'])))).toEqual([
      'failed backup, copy, restore jobs no longer reported',
      'failure alarms removed: NumberOfBackupJobsExpired, NumberOfBackupJobsFailed, NumberOfCopyJobsFailed, NumberOfRestoreJobsFailed',
    ]);
    expect(whatOf((document) => document.setIn(['alerts', 'alarms'], false))).toEqual([`failure alarms removed: ${ALARMS.join(', ')}`]);
    expect(whatOf((document) => document.setIn(['alerts', 'vaultEvents'], document.createNode(['BACKUP_JOB_COMPLETED'])))).toEqual([
      `vault notifications of failures removed: ${VAULT_FAILURE_EVENTS.join(', ')}`,
    ]);
    expect(whatOf((document) => document.setIn(['alerts', 'subscriptions', 'platform-oncall', 'filterPolicy'], document.createNode({ State: ['COMPLETED'] })))).toEqual([
      'alert subscription now filtered: email backup-oncall@example.com receives only messages its filter policy matches (EventBridge and alarm messages carry no attributes)',
    ]);
  });

  it('flags Region settings that stop what AWS Backup may do: full management turned off, a type opted out', () => {
    const head = editedPosture('single-account.yaml', (document) => document.setIn(['regionSettings', 'management', 'DynamoDB'], false));
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'workload-prod-eu-west-1 | Region settings (eu-west-1) | full AWS Backup management turned off: DynamoDB (DynamoDB loses its cross-Region and cross-account copies and cold storage) | DynamoDB, EFS -> EFS',
    ]);
    // The config opts in every type its selections reach: an opt-out shows on a posture whose settings leave one out.
    const optedOut: Posture = { ...base, stacks: base.stacks.map((stack) => (stack.regionSettings ? { ...stack, regionSettings: { ...stack.regionSettings, optedIn: stack.regionSettings.optedIn.filter((type) => type !== 'EBS') } } : stack)) };
    expect(lines(diffPostures(base, optedOut).regressions).map((line) => line.split(' | ')[2])).toEqual([
      'resource types opted out: EBS: AWS Backup stops backing them up here (what tags or "*" select is skipped, and what ARNs select unless they name the type)',
    ]);
  });

  it('flags Region settings that start being managed with types opted out: the account\'s own opt-ins before are unknown (found by the report audit)', () => {
    const unmanaged = editedPosture('single-account.yaml', (document) => document.delete('regionSettings'));
    const optingOut = editedPosture('single-account.yaml', (document) => document.set('regionSettings', document.createNode({ optOut: ['EBS', 'RDS'] })));
    expect(lines(diffPostures(unmanaged, optingOut).regressions)).toEqual([
      'workload-prod-eu-west-1 | Region settings (eu-west-1) | Region settings now managed, opting out EBS, RDS: the account\'s own opt-ins, which the base left as they were, are unknown; where they opted these types in, AWS Backup stops backing them up here (what tags or "*" select is skipped, and what ARNs select unless they name the type) | not managed (the account\'s own opt-ins) -> opted out: EBS, RDS',
    ]);
    // Managed settings that opt every selected type in are no regression; leaving them to the account changes nothing in AWS.
    expect(diffPostures(unmanaged, base).regressions).toEqual([]);
    expect(diffPostures(optingOut, unmanaged).regressions).toEqual([]);
  });

  it('flags an audit control removed, or one that asks less, while backups still run (found by the report audit)', () => {
    const whatOf = (edit: Parameters<typeof editedPosture>[1]) =>
      lines(diffPostures(base, editedPosture('single-account.yaml', edit)).regressions.filter((change) => change.subject === 'restore tests and audit'));
    expect(whatOf((document) => document.setIn(['audit', 'controls'], document.createNode({ BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { parameters: { requiredRetentionDays: '1' } } })))).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK asks less: requiredRetentionDays | 14 -> 1',
    ]);
    expect(
      whatOf((document) => document.setIn(['audit', 'controls'], document.createNode({ BACKUP_LAST_RECOVERY_POINT_CREATED: { parameters: { recoveryPointAgeUnit: 'days', recoveryPointAgeValue: '3' } } }))),
    ).toEqual(['workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_LAST_RECOVERY_POINT_CREATED asks less: recoveryPointAgeValue | 26 hours -> 3 days']);
    // A stricter control is no regression.
    expect(whatOf((document) => document.setIn(['audit', 'controls'], document.createNode({ BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { parameters: { requiredRetentionDays: '30' } } })))).toEqual([]);
    // A scope that leaves resources out checks less too (found by the review audit); a wider one does not.
    const scoped = (scope: object) => (document: Parameters<Parameters<typeof editedPosture>[1]>[0]) => document.setIn(['audit', 'controls'], document.createNode({ BACKUP_RECOVERY_POINT_ENCRYPTED: { scope } }));
    expect(whatOf(scoped({ tags: { never: 'used' } }))).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_RECOVERY_POINT_ENCRYPTED checks fewer resources: only resources tagged never = used now | every resource -> tagged never = used',
    ]);
    // A resource type scope, on a control of resources (those of recovery points, plans and vaults take tags only).
    const typed = (scope: object) => (document: Parameters<Parameters<typeof editedPosture>[1]>[0]) => document.setIn(['audit', 'controls'], document.createNode({ BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: { scope } }));
    expect(whatOf(typed({ resourceTypes: ['EBS'] }))).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN checks fewer resources: only EBS now | every resource -> types EBS',
    ]);
    const ebsAndRds = editedPosture('single-account.yaml', typed({ resourceTypes: ['EBS', 'RDS'] }));
    expect(lines(diffPostures(ebsAndRds, editedPosture('single-account.yaml', typed({ resourceTypes: ['RDS'] }))).regressions)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN checks fewer resources: EBS no longer checked | types EBS, RDS -> types RDS',
    ]);
    expect(diffPostures(ebsAndRds, base).regressions).toEqual([]);
    const fewer: Posture = {
      ...base,
      stacks: base.stacks.map((stack) => (stack.assurance ? { ...stack, assurance: { ...stack.assurance, auditControls: stack.assurance.auditControls.filter((control) => control !== 'BACKUP_RECOVERY_POINT_ENCRYPTED') } } : stack)),
    };
    expect(lines(diffPostures(base, fewer).regressions)).toEqual([
      expect.stringContaining('workload-prod-eu-west-1 | restore tests and audit | audit controls removed: BACKUP_RECOVERY_POINT_ENCRYPTED: they no longer check the backups here | '),
    ]);
  });

  it('flags a restore test or the audit framework removed while backups still run', () => {
    const lost = diffPostures(
      base,
      editedPosture('single-account.yaml', (document) => {
        document.deleteIn(['restoreTesting', 'weekly']);
        document.delete('audit');
      }),
    ).regressions.filter((change) => change.subject === 'restore tests and audit');
    expect(lost.map((change) => change.what)).toEqual([
      'restore tests removed: weekly · databases (RDS), weekly · ebs_volumes (EBS): nothing proves those restores work any more',
      'audit framework removed: no Audit Manager control checks the backups here any more',
      "report plans removed: backup_estate_backup_job_report (BACKUP_JOB_REPORT), backup_estate_control_compliance_report (CONTROL_COMPLIANCE_REPORT), backup_estate_copy_job_report (COPY_JOB_REPORT), backup_estate_resource_compliance_report (RESOURCE_COMPLIANCE_REPORT), backup_estate_restore_job_report (RESTORE_JOB_REPORT), workload_prod_controls_for_auditors (CONTROL_COMPLIANCE_REPORT): their reports, the audit's evidence, are no longer delivered",
    ]);
  });

  // Found by the report audit: a restore test moved from weekly to yearly said "0 regressions".
  it('flags a restore testing plan that runs rarer (the one schedule evaluator), and reads one that runs more often as an improvement', () => {
    const scheduled = (schedule: string) => editedPosture('single-account.yaml', (document) => document.setIn(['restoreTesting', 'weekly', 'schedule'], schedule));
    const ofRestoreTests = (changes: readonly PostureChange[]) => lines(changes.filter((change) => change.what.startsWith('restore testing plan')));
    const yearly = diffPostures(base, scheduled('cron(0 6 1 1 ? *)'));
    expect(ofRestoreTests(yearly.regressions)).toEqual(['workload-prod-eu-west-1 | restore tests and audit | restore testing plan weekly runs rarer: a failed restore is found that much later | every 7 d at most -> every 366 d at most']);
    expect(ofRestoreTests(diffPostures(scheduled('cron(0 6 1 1 ? *)'), base).improvements)).toEqual([
      'workload-prod-eu-west-1 | restore tests and audit | restore testing plan weekly runs more often | every 366 d at most -> every 7 d at most',
    ]);
    expect(ofRestoreTests(diffPostures(base, scheduled('cron(0 7 ? * SUN *)')).regressions)).toEqual([]);
  });

  // Found by the report audit: report plans were not in the posture, so removing one went unseen.
  it('flags a report plan removed while backups still run', () => {
    const head = editedPosture('single-account.yaml', (document) => document.deleteIn(['audit', 'reportPlans', 'weekly-controls']));
    expect(diffPostures(base, head).regressions.filter((change) => change.what.startsWith('report plans')).map((change) => change.what)).toEqual([
      "report plans removed: workload_prod_controls_for_auditors (CONTROL_COMPLIANCE_REPORT): their reports, the audit's evidence, are no longer delivered",
    ]);
  });

  it('flags a shorter completion window, never as an RPO gain: AWS stops a job still running when it ends', () => {
    const head = editedPosture('single-account.yaml', (document) => document.setIn(['plans', 'silver', 'rules', 'daily', 'completionWindowMinutes'], 61));
    const diff = diffPostures(base, head);
    expect(lines(diff.regressions)).toEqual([
      'workload-prod-eu-west-1 | plan `silver` · rule `daily` | completion window shorter: a backup job still running when it ends is stopped (EXPIRED) without a recovery point | 240 min -> 61 min',
    ]);
    expect(diff.improvements).toEqual([]);
  });

  it('flags a vault Terraform may destroy with its recovery points (force_destroy)', () => {
    const head = editedPosture('single-account.yaml', (document) => document.setIn(['vaults', 'main', 'forceDestroy'], true));
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) | destroying the vault now deletes its recovery points first (force_destroy) | prevent_destroy -> prevent_destroy, force_destroy (deletes its recovery points)',
    ]);
    expect(lines(diffPostures(head, base).improvements)).toEqual([
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) | destroying the vault no longer deletes its recovery points (force_destroy off) | prevent_destroy, force_destroy (deletes its recovery points) -> prevent_destroy',
    ]);
  });

  it('flags a removed vault lock and a selection whose tag values were removed', () => {
    const wider = editedPosture('single-account.yaml', (document) => document.setIn(['plans', 'gold', 'selections', 'tagged-gold', 'tags', 'backup'], document.createNode(['gold', 'platinum'])));
    const head = editedPosture('single-account.yaml', (document) => document.deleteIn(['vaults', 'main', 'lock']));
    expect(lines(diffPostures(wider, head).regressions)).toEqual([
      'workload-prod-eu-west-1 | plan `gold` · selection `tagged-gold` | selection narrowed: tag values removed (backup = platinum) | backup = gold, backup = platinum -> backup = gold',
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) | vault lock removed | governance 7-400 d -> no lock',
      // silver then backs up into no locked vault: unscoped, the vault lock control would fail its resources, so it goes.
      'workload-prod-eu-west-1 | restore tests and audit | audit controls removed: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: they no longer check the backups here | BACKUP_LAST_RECOVERY_POINT_CREATED, BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK, BACKUP_RECOVERY_POINT_ENCRYPTED, BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED, BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK, BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN, BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK -> BACKUP_LAST_RECOVERY_POINT_CREATED, BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK, BACKUP_RECOVERY_POINT_ENCRYPTED, BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED, BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK, BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
    ]);
  });

  it('flags a rule whose schedule gets sparser', () => {
    const head = editedPosture('single-account.yaml', (document) => document.setIn(['plans', 'gold', 'rules', 'daily', 'schedule'], 'cron(0 5 ? * MON-FRI *)'));
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      // Monday-Friday with the Sunday weekly rule: Friday 05:00 to Sunday 05:00, plus 4 h of windows.
      'workload-prod-eu-west-1 | plan `gold` | plan worst-case RPO (all rules together) longer | 28 h -> 52 h',
      'workload-prod-eu-west-1 | plan `gold` · rule `daily` | worst-case RPO longer | 28 h -> 3 d 4 h',
      // The vault's rules together (silver's daily included) leave a longer silence before the alarm.
      'workload-prod-eu-west-1 | vault `workload-prod-main` (eu-west-1) · silence alarm | silence alarm fires later: backups into it could stop for longer before it does | alarm after 28 h without a completed backup job -> alarm after 31 h without a completed backup job',
      // The newest recovery point of the plan's runs together: Friday 05:00 to the Sunday weekly run's latest start, 49 h.
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_LAST_RECOVERY_POINT_CREATED asks less: recoveryPointAgeValue | 26 hours -> 49 hours',
      'workload-prod-eu-west-1 | restore tests and audit | audit control BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK asks less: requiredFrequencyValue | 1 days -> 3 days',
    ]);
  });
});

describe('diffPostures when the deployment role is no longer known', () => {
  it('flags the vault policy that no longer denies removing itself or the lock', () => {
    // Keys unprotected on both sides, so only the vault policy speaks.
    const base = editedPosture('single-account.yaml', (document) => document.setIn(['security', 'protectKeys'], false));
    const head = editedPosture('single-account.yaml', (document) => {
      document.setIn(['security', 'protectKeys'], false);
      document.deleteIn(['security', 'deployRoleArn']);
    });
    const breakGlass = 'arn:aws:iam::111122223333:role/BackupBreakGlass';
    const deletion = 'backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy, backup:DisassociateRecoveryPoint';
    const removal = 'backup:DeleteBackupVaultAccessPolicy, backup:DeleteBackupVaultLockConfiguration, backup:PutBackupVaultLockConfiguration';
    const line = (vault: string) =>
      `workload-prod-eu-west-1 | vault \`${vault}\` (eu-west-1) | access policy no longer denies ${removal} to every principal | denies ${deletion}, ${removal} except to ${breakGlass}, arn:aws:iam::111122223333:role/backup-estate-deploy -> denies ${deletion} except to ${breakGlass}`;
    expect(lines(diffPostures(base, head).regressions)).toEqual([line('workload-prod-archive'), line('workload-prod-main')]);
  });
});

describe('diffPostures when the deployment role becomes known', () => {
  it('reads the denies it adds as improvements, and the deployment role exempted with them as no regression', () => {
    const base = editedPosture('single-account.yaml', (document) => document.deleteIn(['security', 'deployRoleArn']));
    const head = examplePosture('single-account.yaml');
    expect(lines(diffPostures(base, head).regressions)).toEqual([]);
  });
});

describe('diffPostures on examples/organization.yaml: what keeps vaults from being weakened', () => {
  // The hand-written policy file is not copied beside the edited configs: both sides go without it.
  const withoutFile = (document: Parameters<Parameters<typeof editedPosture>[1]>[0]) => document.deleteIn(['organization', 'policies', 'weekly-archive']);
  const edited = (edit: Parameters<typeof editedPosture>[1]) =>
    editedPosture('organization.yaml', (document) => {
      withoutFile(document);
      edit(document);
    });
  let base: Posture;
  beforeAll(() => {
    base = editedPosture('organization.yaml', withoutFile);
  });
  const scp = 'management-us-east-1 | service control policy `backup-estate-vault-protection`';

  it('flags the service control policy turned off or detached', () => {
    expect(lines(diffPostures(base, edited((document) => document.setIn(['security', 'serviceControlPolicy', 'enabled'], false))).regressions)).toEqual([
      `${scp} | service control policy removed: account administrators may again weaken vaults, keys and the exempt principals | attached to backup, ou-a1b2-workload1 -> none`,
    ]);
    const narrowed = diffPostures(base, edited((document) => document.setIn(['security', 'serviceControlPolicy', 'targets'], document.createNode(['analytics']))));
    expect(lines(narrowed.regressions)).toEqual([`${scp} | service control policy detached from backup, ou-a1b2-workload1 | backup, ou-a1b2-workload1 -> analytics`]);
    expect(lines(narrowed.improvements)).toEqual([`${scp} | service control policy attached to analytics | backup, ou-a1b2-workload1 -> analytics`]);
  });

  it('reads the service role\'s customer managed boundary in the service control policy as the guard does, and flags its protection dropped', () => {
    const bounded = edited((document) => document.setIn(['serviceRole'], document.createNode({ permissionsBoundaryArn: 'arn:aws:iam::*:policy/backup-boundary' })));
    const guardrail = bounded.stacks.find((stack) => stack.name === 'management-us-east-1')?.guardrails?.[0];
    expect(guardrail?.denied.filter((action) => action.startsWith('iam:'))).toEqual(['iam:Attach*', 'iam:Create*', 'iam:CreatePolicyVersion', 'iam:Delete*', 'iam:Detach*', 'iam:PassRole', 'iam:Put*', 'iam:SetDefaultPolicyVersion', 'iam:Update*']);
    const dropped = lines(diffPostures(bounded, base).regressions).map((line) => line.split(' | ').slice(0, 3).join(' | '));
    expect(dropped).toEqual([`${scp} | service control policy no longer denies iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion`]);
  });

  it('flags a policy plan moved to a vault whose policies are not in the synth, judging the vault of that name in every account', () => {
    const head = edited((document) => {
      document.setIn(['existingVaults'], document.createNode({ default: { name: 'Default' } }));
      document.setIn(['plans', 'silver', 'vault'], 'default');
    });
    const regressions = lines(diffPostures(base, head).regressions).filter((line) => line.includes('target vault changed'));
    expect(regressions.map((line) => line.split(' | ').slice(0, 3).join(' | '))).toEqual([
      'management-us-east-1 | policy `baseline` · plan `silver` · rule `daily` | target vault changed to `Default` (each Region, each account), which is not in the synth: whether its access policy denies what the old one did is unknown',
      'management-us-east-1 | policy `baseline` · plan `silver` · rule `daily` | target vault changed to `Default` (each Region, each account), which is not in the synth: whether its key policy denies what the old one did is unknown',
    ]);
  });

  it('flags a compliance lock whose grace period got longer (removable for longer)', () => {
    expect(lines(diffPostures(base, edited((document) => document.setIn(['organization', 'central', 'lock', 'changeableForDays'], 30))).regressions)).toEqual(
      ['eu-west-1', 'us-east-1'].map(
        (region) => `central-${region} | vault \`org-central-backup\` (${region}) | vault lock grace period longer: the lock stays removable longer | compliance 7-400 d (grace 3 d) -> compliance 7-400 d (grace 30 d)`,
      ),
    );
  });
});

describe('diffPostures on Organizations backup policies a child policy may override', () => {
  it('reads what child policies may still do per plan, and flags a plan they may now override', () => {
    const base = examplePosture('organization.yaml');
    const policies = base.stacks.flatMap((stack) => stack.policies);
    const operatorsOf = (name: string) => policies.find((policy) => policy.name.endsWith(name))?.plans.map((plan) => plan.childOperators);
    // backup-estate locks what it builds (@@none on every node); the hand-written file sets no control: AWS allows all.
    expect(operatorsOf('baseline')).toEqual([[]]);
    expect(operatorsOf('weekly-archive')).toEqual([['@@append', '@@assign', '@@remove']]);
    const opened: Posture = {
      ...base,
      stacks: base.stacks.map((stack) => ({
        ...stack,
        policies: stack.policies.map((policy) => (policy.name.endsWith('baseline') ? { ...policy, plans: policy.plans.map((plan) => ({ ...plan, childOperators: ['@@assign'] })) } : policy)),
      })),
    };
    const name = policies.find((policy) => policy.name.endsWith('baseline'))?.name;
    expect(lines(diffPostures(base, opened).regressions)).toEqual([
      `management-us-east-1 | policy \`${name}\` · plan \`silver\` | child policies may now use @@assign on the plan: an OU or account policy below could override its schedule, retention, vault or selections | none -> @@assign`,
    ]);
    expect(lines(diffPostures(opened, base).improvements)).toEqual([`management-us-east-1 | policy \`${name}\` · plan \`silver\` | child policies may no longer use @@assign on the plan | @@assign -> none`]);
  });
});

describe('diffPostures on examples/organization.yaml', () => {
  it('flags a policy Region removed, a policy removed, and the vaults no policy needs any more', () => {
    const base = examplePosture('organization.yaml');
    const head = editedPosture('organization.yaml', (document) => {
      document.setIn(['organization', 'policies', 'baseline', 'regions'], document.createNode(['eu-west-1']));
      document.setIn(['organization', 'policies', 'instances', 'regions'], document.createNode(['eu-west-1']));
      document.deleteIn(['organization', 'policies', 'weekly-archive']);
    });
    expect(lines(diffPostures(base, head).regressions)).toEqual([
      'management-us-east-1 | policy `baseline` · plan `silver` | Regions removed (us-east-1) | eu-west-1, us-east-1 -> eu-west-1',
      'management-us-east-1 | policy `instances` · plan `bronze` | Regions removed (us-east-1) | eu-west-1, us-east-1 -> eu-west-1',
      'management-us-east-1 | policy `weekly-archive` | Organizations backup policy removed | 1 plan, attached to analytics -> none',
      'analytics-us-east-1 | vault `baseline` (us-east-1) | vault removed | no lock -> none',
      'orders-us-east-1 | vault `baseline` (us-east-1) | vault removed | no lock -> none',
      'payments-us-east-1 | vault `baseline` (us-east-1) | vault removed | no lock -> none',
    ]);
  });
});

describe('compareLocks', () => {
  const lock = (mode: LockPosture['mode'], min: number | null, max: number | null): LockPosture => ({ mode, minRetentionDays: min, maxRetentionDays: max, changeableForDays: mode === 'compliance' ? 3 : null });
  const compare = (before: LockPosture | null, after: LockPosture | null, airGapped = false) => {
    const changes: [ChangeKind, string, string, string][] = [];
    compareLocks(before, after, (kind, _area, what, from, to) => changes.push([kind, what, from, to]), airGapped);
    return changes;
  };

  it('a lock removed or added', () => {
    expect(compare(lock('governance', 7, 400), null)).toEqual([['regression', 'vault lock removed', 'governance 7-400 d', 'no lock']]);
    expect(compare(null, lock('compliance', 7, 400))).toEqual([['improvement', 'vault lock added', 'no lock', 'compliance 7-400 d (grace 3 d)']]);
    expect(compare(null, null)).toEqual([]);
  });

  it('mode: compliance -> governance weakens, governance -> compliance strengthens', () => {
    expect(compare(lock('compliance', 7, 400), lock('governance', 7, 400)).map(([kind, what]) => `${kind}: ${what}`)).toEqual(['regression: vault lock weakened: compliance -> governance (removable with IAM permission)']);
    expect(compare(lock('governance', 7, 400), lock('compliance', 7, 400)).map(([kind]) => kind)).toEqual(['improvement']);
  });

  it('minimum lowered weakens; minimum raised strengthens; maximum lowered narrows the range', () => {
    expect(compare(lock('governance', 30, 400), lock('governance', 7, 400)).map(([kind, what]) => `${kind}: ${what}`)).toEqual(['regression: vault lock weakened: minimum retention lowered']);
    expect(compare(lock('governance', 7, 400), lock('governance', 30, 400)).map(([kind, what]) => `${kind}: ${what}`)).toEqual(['improvement: vault lock minimum retention raised']);
    expect(compare(lock('governance', 7, 400), lock('governance', 7, 365)).map(([kind, what]) => `${kind}: ${what}`)).toEqual(['regression: vault lock range narrowed: maximum retention lowered (longer retention is refused)']);
    expect(compare(lock('governance', 7, null), lock('governance', 7, 400)).map(([kind]) => kind)).toEqual(['regression']);
    expect(compare(lock('governance', 7, 400), lock('governance', 7, null)).map(([kind, what]) => `${kind}: ${what}`)).toEqual(['improvement: vault lock range widened: maximum retention raised']);
  });

  it('air-gapped vaults show as air-gapped', () => {
    expect(compare(lock('compliance', 7, 400), lock('compliance', 7, 365), true)).toEqual([['regression', 'vault lock range narrowed: maximum retention lowered (longer retention is refused)', 'air-gapped 7-400 d', 'air-gapped 7-365 d']]);
  });
});
