import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReference, readTerraformJson } from '../../core/terraform-json';
import { readPosture } from '../../report/posture';
import { readCompliance } from '../../report/posture-compliance';
import type { PlanPosture, Posture, StackPosture } from '../../report/posture-model';
import { retentionOf, selectionInWords } from '../../report/posture-parts';
import { readPolicies } from '../../report/posture-policies';
import { parseBackupVaultArn } from '../../core/arn';
import { editedPosture, exampleSynthDir, examplePosture, FIXTURES_DIR } from './helpers';
import { lockWords } from '../../report/format';
import { postureMarkdown } from '../../report/markdown';

const HOUR = 60;
const DAY = 24 * HOUR;

function stack(posture: Posture, name: string): StackPosture {
  const found = posture.stacks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stack ${name} in ${posture.stacks.map((s) => s.name).join(', ')}`);
  return found;
}

function plan(owner: StackPosture, name: string): PlanPosture {
  const found = owner.plans.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no plan ${name} in ${owner.name}`);
  return found;
}

function rule(owner: PlanPosture, name: string) {
  const found = owner.rules.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no rule ${name} in ${owner.name}`);
  return found;
}

describe('references', () => {
  it('parses Terraform references and vault ARNs', () => {
    expect(parseReference('${aws_backup_vault.vault-main_vault_77900A69.name}')).toEqual({ type: 'aws_backup_vault', name: 'vault-main_vault_77900A69', attribute: 'name' });
    expect(parseReference('workload-prod-main')).toBeUndefined();
    expect(parseReference('${aws_backup_vault.a.name}-suffix')).toBeUndefined();
    expect(parseBackupVaultArn('arn:aws:backup:us-west-2:111122223333:backup-vault:payments-dr')).toEqual({ partition: 'aws', region: 'us-west-2', account: '111122223333', name: 'payments-dr' });
    expect(parseBackupVaultArn('arn:aws:backup:eu-west-1:$account:backup-vault:baseline')).toEqual({ partition: 'aws', region: 'eu-west-1', account: '$account', name: 'baseline' });
    expect(parseBackupVaultArn('arn:aws:s3:::bucket')).toBeUndefined();
  });

  it('resolves a reference to the resource of the same stack', () => {
    const stack = readTerraformJson({ resource: { aws_backup_vault: { 'vault-main_vault_77900A69': { name: 'workload-prod-main' } } } });
    expect(stack.referenced('${aws_backup_vault.vault-main_vault_77900A69.name}')).toEqual({
      type: 'aws_backup_vault',
      name: 'vault-main_vault_77900A69',
      address: 'aws_backup_vault.vault-main_vault_77900A69',
      attributes: { name: 'workload-prod-main' },
    });
    expect(stack.referenced('${aws_backup_vault.other.name}')).toBeUndefined();
    expect(stack.referenced('workload-prod-main')).toBeUndefined();
  });
});

describe('retention and selections in words', () => {
  it('splits retention into warm and cold', () => {
    expect(retentionOf(35, null)).toEqual({ deleteAfterDays: 35, coldStorageAfterDays: null, warmDays: 35, coldDays: 0, totalDays: 35 });
    expect(retentionOf(365, 30)).toEqual({ deleteAfterDays: 365, coldStorageAfterDays: 30, warmDays: 30, coldDays: 335, totalDays: 365 });
    expect(retentionOf(null, null)).toMatchObject({ warmDays: null, coldDays: 0, totalDays: null });
    expect(retentionOf(null, 30)).toMatchObject({ warmDays: 30, coldDays: null, totalDays: null });
  });

  it('says what a selection covers: tags OR resources, conditions AND, exclusions', () => {
    const none = { tags: [], conditions: [], resources: [], notResources: [] };
    const tag = (key: string, value: string) => ({ operator: 'StringEquals' as const, key, value });
    expect(selectionInWords({ ...none, tags: [tag('backup', 'gold'), tag('backup', 'silver')] })).toBe('resources tagged backup = gold or backup = silver');
    expect(selectionInWords({ ...none, resources: ['*'], conditions: [tag('backup', 'silver'), { operator: 'StringNotEquals', key: 'env', value: 'dev' }] })).toBe('every resource whose tags match backup = silver and env != dev');
    expect(selectionInWords({ ...none, tags: [tag('backup', 'gold')], conditions: [{ operator: 'StringLike', key: 'team', value: 'pay*' }] })).toBe('resources tagged backup = gold, whose tags also match team like pay*');
    expect(selectionInWords({ ...none, resources: ['arn:aws:rds:eu-west-1:111122223333:db:a'], tags: [tag('backup', 'gold')] })).toBe('resources tagged backup = gold, or 1 resource: arn:aws:rds:eu-west-1:111122223333:db:a');
    expect(selectionInWords({ ...none, tags: [tag('backup', 'gold')], notResources: ['arn:x'] })).toBe('resources tagged backup = gold, except arn:x');
    expect(selectionInWords({ ...none, resources: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] })).toBe('7 resources: a, b, c, d, e and 2 more');
    // The one selection evaluator: without tags, conditions or resources AWS takes every opted-in resource.
    expect(selectionInWords(none)).toBe('every resource (it has no tags, conditions or resources)');
    expect(selectionInWords({ ...none, conditions: [tag('backup', 'gold')] })).toBe(
      'nothing: conditions without tags or resources: AWS Backup refuses the selection (either tags or resources must be given)',
    );
    expect(selectionInWords({ ...none, resources: ['arn:aws:ec2:us-east-1:111122223333:volume/v'] }, { region: 'eu-west-1', accountId: '111122223333' })).toBe(
      "nothing: every listed resource is outside the plan's account and Region",
    );
    expect(selectionInWords({ ...none, resources: ['arn:aws:ec2:*:*:volume/*'] }, { region: 'eu-west-1', accountId: '111122223333' })).toBe('resources matching arn:aws:ec2:*:*:volume/*');
  });
});

describe('posture of examples/single-account.yaml', () => {
  let posture: Posture;
  beforeAll(() => {
    posture = examplePosture('single-account.yaml');
  });

  it('has one workload stack with its account and Region, and no compliance run', () => {
    expect(posture.source).toBe('examples/single-account.yaml');
    expect(posture.stacks.map(({ name, kind, account, accountId, region }) => ({ name, kind, account, accountId, region }))).toEqual([
      { name: 'workload-prod-eu-west-1', kind: 'workload', account: 'workload-prod', accountId: '111122223333', region: 'eu-west-1' },
    ]);
    expect(posture.compliance).toEqual({ status: 'not run', errors: 0, warnings: 0, suppressedFindings: 0, suppressions: [], otherFindings: [], configWarnings: [] });
  });

  it('gold: daily rule RPO = 24 h + 60 min + 180 min = 28 h, kept 35 days, in a governance 7-400 locked vault', () => {
    const gold = plan(stack(posture, 'workload-prod-eu-west-1'), 'gold');
    expect(gold.rules.map((r) => r.name)).toEqual(['daily', 'monthly', 'weekly', 'yearly']);
    const daily = rule(gold, 'daily');
    expect(daily.rpo.minutes).toBe(28 * HOUR);
    expect(daily.rpo.minutes).toBe(24 * HOUR + 60 + 180);
    expect(daily.scheduleWords).toBe('every day at 05:00 UTC');
    expect(daily.retention).toEqual({ deleteAfterDays: 35, coldStorageAfterDays: null, warmDays: 35, coldDays: 0, totalDays: 35 });
    expect(daily.continuous).toBe(false);
    expect(daily.copies).toEqual([]);
    expect(daily.vault).toEqual({
      key: '111122223333/eu-west-1/workload-prod-main',
      name: 'workload-prod-main',
      region: 'eu-west-1',
      accountId: '111122223333',
      known: true,
      airGapped: false,
      lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: null },
    });
    expect(gold.rpoMinutes).toBe(28 * HOUR);
    expect(gold.address).toBe('aws_backup_plan.plan-gold_plan_374B848C');
  });

  it('gold: weekly 7 d 4 h kept 90 days; monthly 31 d 4 h, 30 days warm then 335 days cold', () => {
    const gold = plan(stack(posture, 'workload-prod-eu-west-1'), 'gold');
    expect(rule(gold, 'weekly')).toMatchObject({ scheduleWords: 'every Sunday at 05:00 UTC', rpo: { minutes: 7 * DAY + 4 * HOUR }, retention: { warmDays: 90, coldDays: 0 } });
    expect(rule(gold, 'monthly')).toMatchObject({ scheduleWords: 'on day 1 of every month at 05:00 UTC', rpo: { minutes: 31 * DAY + 4 * HOUR }, retention: { warmDays: 30, coldDays: 335, totalDays: 365 } });
    expect(gold.selections).toEqual([
      { name: 'tagged-gold', tags: [{ operator: 'StringEquals', key: 'backup', value: 'gold' }], conditions: [], resources: [], notResources: [], words: 'resources tagged backup = gold', role: { kind: 'created', arn: 'arn:aws:iam::111122223333:role/aws-backup-service-role' } },
    ]);
  });

  it('silver: 03:00 Europe/Dublin with a 240-minute completion window: 25 h autumn gap + 300 min = 30 h', () => {
    const silver = plan(stack(posture, 'workload-prod-eu-west-1'), 'silver');
    expect(rule(silver, 'daily')).toMatchObject({ timezone: 'Europe/Dublin', scheduleWords: 'every day at 03:00 Europe/Dublin', rpo: { minutes: 30 * HOUR, gapMinutes: 25 * HOUR }, retention: { totalDays: 14 } });
    expect(silver.selections[0]).toMatchObject({ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'backup', value: 'silver' }], words: 'every resource whose tags match backup = silver' });
  });

  it('lists the stack vaults with their locks and who their access policies let delete recovery points', () => {
    const exempt = ['arn:aws:iam::111122223333:role/BackupBreakGlass', 'arn:aws:iam::111122223333:role/backup-estate-deploy'];
    const denyOf = (denied: string[]) => ({ denied, exempt, exemptFrom: Object.fromEntries(denied.map((action) => [action, exempt])) });
    // The deletion deny and, with a deployment role, the deny of removing the policy or the lock (DenyProtectionRemoval).
    const deletionDeny = denyOf([
      'backup:DeleteRecoveryPoint',
      'backup:UpdateRecoveryPointLifecycle',
      'backup:PutBackupVaultAccessPolicy',
      'backup:DisassociateRecoveryPoint',
      'backup:DeleteBackupVaultAccessPolicy',
      'backup:DeleteBackupVaultLockConfiguration',
      'backup:PutBackupVaultLockConfiguration',
    ]);
    const keyDeletionDeny = denyOf(['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy']);
    expect(stack(posture, 'workload-prod-eu-west-1').vaults).toEqual([
      {
        key: '111122223333/eu-west-1/workload-prod-archive',
        name: 'workload-prod-archive',
        region: 'eu-west-1',
        accountId: '111122223333',
        stack: 'workload-prod-eu-west-1',
        address: 'aws_backup_vault.vault-archive_vault_AD1660DA',
        airGapped: false,
        lock: { mode: 'governance', minRetentionDays: 365, maxRetentionDays: 2600, changeableForDays: null },
        deletionDeny,
        keyDeletionDeny,
        keyDeletionWindowDays: 30,
        encryptionKey: 'aws_kms_key.vault-archive_key_7BA20D27',
        preventDestroy: true,
        forceDestroy: false,
      },
      {
        key: '111122223333/eu-west-1/workload-prod-main',
        name: 'workload-prod-main',
        region: 'eu-west-1',
        accountId: '111122223333',
        stack: 'workload-prod-eu-west-1',
        address: 'aws_backup_vault.vault-main_vault_77900A69',
        airGapped: false,
        lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: null },
        deletionDeny,
        keyDeletionDeny,
        keyDeletionWindowDays: 30,
        encryptionKey: 'aws_kms_key.vault-main_key_B0C4FE94',
        preventDestroy: true,
        forceDestroy: false,
      },
    ]);
  });
});

describe('posture of examples/multi-region.yaml', () => {
  let posture: Posture;
  beforeAll(() => {
    posture = examplePosture('multi-region.yaml');
  });

  it('resolves a copy destination in another stack (the eu-central-1 DR stack) by its ARN, and its compliance lock', () => {
    const critical = plan(stack(posture, 'payments-prod-eu-west-1'), 'payments-critical');
    const daily = rule(critical, 'daily');
    expect(daily.copies).toEqual([
      {
        arn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:payments-dr',
        destination: {
          key: '111122223333/eu-central-1/payments-dr',
          name: 'payments-dr',
          region: 'eu-central-1',
          accountId: '111122223333',
          known: true,
          airGapped: false,
          lock: { mode: 'compliance', minRetentionDays: 30, maxRetentionDays: 400, changeableForDays: 3 },
        },
        crossRegion: true,
        crossAccount: false,
        retention: { deleteAfterDays: 35, coldStorageAfterDays: null, warmDays: 35, coldDays: 0, totalDays: 35 },
      },
    ]);
    expect(daily.vault).toMatchObject({ name: 'payments-primary', region: 'eu-west-1', lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400 } });
    // The monthly copy keeps its own lifecycle: 365 days, no cold storage, while the rule goes cold after 30 days.
    expect(rule(critical, 'monthly').copies[0]?.retention).toMatchObject({ totalDays: 365, coldDays: 0 });
    expect(rule(critical, 'monthly').retention).toMatchObject({ warmDays: 30, coldDays: 335 });
    expect(critical.selections[0]?.words).toBe('resources tagged backup = critical, except arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0');
  });

  // Found by the report audit: an existing compliance lock (lockDate) read as "grace 3 d", the minimum Terraform writes and ignores.
  it('reads an existing compliance lock (lockDate) as of unknown grace, not the 3 days written with ignore_changes', () => {
    const existing = editedPosture('multi-region.yaml', (document) => {
      document.deleteIn(['vaults', 'eu-dr', 'lock', 'changeableForDays']);
      document.setIn(['vaults', 'eu-dr', 'lock', 'lockDate'], '2026-03-01T00:00:00Z');
    });
    const copy = rule(plan(stack(existing, 'payments-prod-eu-west-1'), 'payments-critical'), 'daily').copies[0];
    expect(copy?.destination.lock).toEqual({ mode: 'compliance', minRetentionDays: 30, maxRetentionDays: 400, changeableForDays: null });
    expect(lockWords(copy?.destination.lock ?? null)).toBe('compliance 30-400 d');
  });

  it('continuous backup of two listed databases, into an unlocked vault: the daily snapshots are the worst case, as the cluster ARN may be DocumentDB or Neptune', () => {
    const databases = plan(stack(posture, 'payments-prod-eu-west-1'), 'payments-databases-pitr');
    // What a cluster without continuous backup gets: daily snapshots at 01:00 with 60 min to start and 180 to complete: 24 h + 4 h.
    expect(rule(databases, 'continuous').rpo.minutes).toBe(28 * 60);
    // The plan's own recovery points: payments-critical selects by tag and may take the cluster too, but its 05:00 job (to 09:00 at
    // the latest) ends before the next 01:00 run, and this one's (to 05:00) before payments-critical's 05:00 start window ends.
    expect(databases.rpoMinutes).toBe(28 * 60);
    expect(rule(databases, 'continuous')).toMatchObject({ continuous: true, rpo: { minutes: 28 * 60, basis: 'schedule' }, vault: { name: 'payments-pitr', lock: null }, retention: { totalDays: 14 } });
    expect(rule(databases, 'continuous').rpo.note).toContain('continuous backup only for RDS, Aurora, S3 and SAP HANA');
    expect(databases.selections[0]?.resources).toEqual(['arn:aws:rds:eu-west-1:111122223333:cluster:payments-ledger', 'arn:aws:rds:eu-west-1:111122223333:db:payments-audit']);
  });

  // AWS Backup, "Changing your retention period": an Aurora or RDS continuous recovery point kept no longer than the time between runs
  // "transitions to EXPIRED state"; each run renews it, so the runs are the worst case (core/selection-reach continuousMayLapse).
  it('a continuous rule of an RDS database kept 1 day, daily: its runs are the worst case, and the table says why', () => {
    const lapsing = editedPosture('multi-region.yaml', (document) => {
      document.setIn(['plans', 'eu-databases', 'rules', 'continuous', 'lifecycle', 'deleteAfterDays'], 1);
      document.setIn(['plans', 'eu-databases', 'selections', 'databases', 'resources'], ['arn:aws:rds:eu-west-1:111122223333:db:payments-audit']);
    });
    const databases = plan(stack(lapsing, 'payments-prod-eu-west-1'), 'payments-databases-pitr');
    expect(databases.snapshotFallback).toBe(true);
    expect(rule(databases, 'continuous')).toMatchObject({ continuous: true, continuousMayLapse: true, rpo: { minutes: 28 * 60, basis: 'schedule' } });
    expect(postureMarkdown(lapsing)).toContain('| 28 h (its runs: the continuous recovery point, kept no longer than the time between them, may expire) |');
  });

  it('finds a copy destination given as an ARN in another stack (the us-west-2 DR stack)', () => {
    const us = stack(posture, 'payments-prod-us-east-1');
    const daily = rule(plan(us, 'payments-critical'), 'daily');
    expect(daily.copies[0]).toMatchObject({
      arn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:payments-dr',
      destination: { region: 'us-west-2', known: true, lock: { mode: 'compliance', minRetentionDays: 30, maxRetentionDays: 400 } },
      crossRegion: true,
    });
    // 01:00 America/New_York: 25 h in November + 240 min.
    expect(daily.rpo.minutes).toBe(29 * HOUR);
    expect(daily.vault.lock).toEqual({ mode: 'governance', minRetentionDays: 7, maxRetentionDays: null, changeableForDays: null });
    expect(plan(us, 'payments-critical').selections[0]?.words).toBe('every resource whose tags match backup = critical and environment != sandbox');
  });

  it('places every vault in the stack of its own Region, DR vaults in stacks without plans', () => {
    const vaults = (name: string) => stack(posture, name).vaults.map((vault) => `${vault.name}@${vault.region}:${vault.lock?.mode ?? 'none'}`);
    expect(vaults('payments-prod-eu-west-1')).toEqual(['payments-pitr@eu-west-1:none', 'payments-primary@eu-west-1:governance']);
    expect(vaults('payments-prod-eu-central-1')).toEqual(['payments-dr@eu-central-1:compliance']);
    expect(vaults('payments-prod-us-west-2')).toEqual(['payments-air-gapped@us-west-2:compliance', 'payments-dr@us-west-2:compliance']);
    expect([stack(posture, 'payments-prod-eu-central-1').plans, stack(posture, 'payments-prod-us-west-2').plans]).toEqual([[], []]);
  });
});

describe('posture of examples/organization.yaml', () => {
  let posture: Posture;
  beforeAll(() => {
    posture = examplePosture('organization.yaml');
  });

  it('orders the stacks as the rollout: management, central, workloads', () => {
    expect(posture.stacks.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'management:management-us-east-1',
      'central:central-eu-west-1',
      'central:central-us-east-1',
      'workload:analytics-eu-west-1',
      'workload:analytics-us-east-1',
      'workload:orders-eu-west-1',
      'workload:orders-us-east-1',
      'workload:payments-eu-west-1',
      'workload:payments-us-east-1',
    ]);
  });

  it('lists each Organizations policy with its plans, Regions, targets and rules', () => {
    const management = stack(posture, 'management-us-east-1');
    expect(management.plans).toEqual([]);
    expect(management.policies.map((policy) => ({ name: policy.name, targets: policy.targets, plans: policy.plans.map((p) => `${p.name}: ${p.regions.join(', ')}`) }))).toEqual([
      { name: 'baseline', targets: [{ id: 'ou-a1b2-workload1', label: 'ou-a1b2-workload1' }], plans: ['silver: eu-west-1, us-east-1'] },
      { name: 'instances', targets: [{ id: 'ou-a1b2-workload1', label: 'ou-a1b2-workload1' }], plans: ['bronze: eu-west-1, us-east-1'] },
      { name: 'weekly-archive', targets: [{ id: '555555555555', label: 'analytics' }], plans: ['weekly-archive: eu-west-1, us-east-1'] },
    ]);
    const silver = management.policies[0]?.plans[0];
    expect(silver?.rules[0]).toMatchObject({ name: 'daily', scheduleWords: 'every day at 00:00 UTC', rpo: { minutes: 28 * HOUR }, retention: { totalDays: 14 }, vault: { name: 'baseline', accountId: '$account' } });
    expect(silver?.selections[0]?.words).toBe('resources tagged backup = gold or backup = silver');
    // The hand-written weekly archive: 600-minute completion window.
    expect(management.policies[2]?.plans[0]?.rules[0]).toMatchObject({ rpo: { minutes: 7 * DAY + 60 + 600 }, retention: { warmDays: 30, coldDays: 335 } });
    // A policy plan that selects by resource type and tag conditions.
    expect(management.policies[1]?.plans[0]?.selections[0]).toMatchObject({ resources: ['arn:aws:ec2:*:*:instance/*'], conditions: [{ operator: 'StringEquals', key: 'backup', value: 'bronze' }] });
  });

  it('central stacks: the compliance-locked central vault and the air-gapped vault', () => {
    expect(stack(posture, 'central-eu-west-1').vaults.map(({ name, airGapped, lock }) => ({ name, airGapped, lock }))).toEqual([
      { name: 'org-air-gapped', airGapped: true, lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: null } },
      { name: 'org-central-backup', airGapped: false, lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: 3 } },
    ]);
  });

  it('cross-account copies into the central and air-gapped vaults, with their locks', () => {
    const gold = plan(stack(posture, 'payments-eu-west-1'), 'gold');
    expect(rule(gold, 'daily').copies.map((copy) => ({ name: copy.destination.name, account: copy.destination.accountId, crossAccount: copy.crossAccount, crossRegion: copy.crossRegion, lock: copy.destination.lock?.mode }))).toEqual([
      { name: 'org-central-backup', account: '222222222222', crossAccount: true, crossRegion: false, lock: 'compliance' },
    ]);
    expect(rule(gold, 'monthly').copies.map((copy) => `${copy.destination.name}:${copy.destination.airGapped}:${copy.retention.totalDays}`)).toEqual(['org-air-gapped:true:365', 'org-central-backup:false:365']);
  });

  it('accounts that only receive policies have a vault and no plan', () => {
    const analytics = stack(posture, 'analytics-eu-west-1');
    expect(analytics.plans).toEqual([]);
    expect(analytics.vaults.map((vault) => vault.name)).toEqual(['baseline']);
  });
});

describe('compliance.json', () => {
  it('is "not run" when absent, and reported (not thrown) when unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-compliance-'));
    expect(readCompliance(dir)).toEqual({ status: 'not run', findings: [], suppressions: [], configWarnings: [] });
    writeFileSync(join(dir, 'compliance.json'), '{ nope');
    expect(readCompliance(dir)).toMatchObject({ status: 'unreadable', problem: expect.stringContaining('not valid JSON') });
    writeFileSync(join(dir, 'compliance.json'), '{"version": 1}');
    expect(readCompliance(dir)).toMatchObject({ status: 'unreadable', problem: 'compliance.json has no findings array' });
  });

  it('is read by the shared reader of the synth dir: a folder in its place says so (not "not valid JSON"), a byte order mark is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-compliance-read-'));
    const path = join(dir, 'compliance.json');
    mkdirSync(path);
    expect(readCompliance(dir)).toEqual({ status: 'unreadable', problem: `${path}: cannot read: is a directory`, findings: [], suppressions: [], configWarnings: [] });
    rmSync(path, { recursive: true });
    writeFileSync(path, '{ nope');
    expect(readCompliance(dir).problem?.startsWith(`${path}: not valid JSON: `)).toBe(true);
    writeFileSync(path, '\uFEFF{"findings": [], "suppressions": []}');
    // A compliance.json written before synth recorded the config's warnings: none known.
    expect(readCompliance(dir)).toEqual({ status: 'run', findings: [], suppressions: [], configWarnings: [] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('attaches findings to their stack and counts what is not suppressed', () => {
    const dir = exampleSynthDir('single-account.yaml');
    copyFileSync(join(FIXTURES_DIR, 'single-account.compliance.json'), join(dir, 'compliance.json'));
    const posture = readPosture(dir);
    expect(posture.compliance).toMatchObject({ status: 'run', errors: 0, warnings: 4, suppressedFindings: 2, otherFindings: [] });
    expect(posture.compliance.suppressions.map((suppression) => `${suppression.rule} ${suppression.resource ?? ''} ${suppression.matched}`)).toEqual([
      'AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION aws_backup_plan.plan-silver_plan_AC71515B 1',
      'AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION aws_backup_plan.plan-silver_plan_AC71515B 1',
    ]);
    const workload = stack(posture, 'workload-prod-eu-west-1');
    expect(workload.findings.map((finding) => `${finding.severity}:${finding.ruleId}:${finding.suppressed ? 'suppressed' : 'open'}`)).toEqual([
      'warning:AWS-CONFIG-RESOURCES-PROTECTED-BY-CROSS-REGION:open',
      'warning:SECURITY-HUB-BACKUP-2:open',
      'error:AWS-CONFIG-BACKUP-PLAN-MIN-FREQUENCY-AND-MIN-RETENTION:suppressed',
      'error:AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION:suppressed',
      'warning:AWS-CONFIG-RESOURCES-PROTECTED-BY-CROSS-REGION:open',
      'warning:SECURITY-HUB-BACKUP-2:open',
    ]);
    // Suppressions without a stack apply to every stack: they are listed once, not per stack.
    expect(workload.suppressions).toEqual([]);
  });

  it('keeps stack-scoped suppressions with their stack and findings of unknown stacks apart', () => {
    const dir = exampleSynthDir('single-account.yaml');
    const finding = (stack: string, severity: string) => ({ ruleId: 'SECURITY-HUB-BACKUP-2', severity, stack, address: 'aws_backup_plan.x', message: 'm', description: 'd', remediation: 'r', source: 's' });
    writeFileSync(
      join(dir, 'compliance.json'),
      JSON.stringify({
        version: 1,
        findings: [finding('workload-prod-eu-west-1', 'error'), finding('retired-eu-west-1', 'error')],
        suppressions: [{ rule: 'SECURITY-HUB-BACKUP-2', stack: 'workload-prod-eu-west-1', reason: 'tags come later', matched: 0 }],
      }),
    );
    const posture = readPosture(dir);
    expect(posture.compliance).toMatchObject({ errors: 2, warnings: 0, suppressedFindings: 0 });
    expect(posture.compliance.otherFindings.map((other) => other.stack)).toEqual(['retired-eu-west-1']);
    expect(stack(posture, 'workload-prod-eu-west-1').suppressions).toEqual([{ rule: 'SECURITY-HUB-BACKUP-2', stack: 'workload-prod-eu-west-1', reason: 'tags come later', matched: 0 }]);
  });

  it('reads the compliance.json synthesize() writes', () => {
    const posture = readPosture(exampleSynthDir('single-account.yaml', { keepCompliance: true }));
    expect(posture.compliance.status).toBe('run');
    expect(stack(posture, 'workload-prod-eu-west-1').findings.length).toBeGreaterThan(0);
  });
});

describe('readPosture errors', () => {
  it('names the missing rollout.json or stack file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'report-empty-'));
    expect(() => readPosture(empty)).toThrow(`${join(empty, 'rollout.json')}: not found: not a synth dir (run backup-estate synth first)`);
    const dir = exampleSynthDir('single-account.yaml');
    rmSync(join(dir, 'stacks', 'workload-prod-eu-west-1'), { recursive: true });
    expect(() => readPosture(dir)).toThrow(/cdk\.tf\.json: not found \(rollout\.json lists stack workload-prod-eu-west-1\)/);
  });
});

describe('readPolicies on a hand-written backup policy', () => {
  it('reads the values @@append adds (and @@remove takes away), not only @@assign', () => {
    const content = {
      plans: {
        archive: {
          regions: { '@@assign': ['eu-west-1'], '@@append': ['us-east-1'] },
          rules: { weekly: { schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' }, target_backup_vault_name: { '@@assign': 'baseline' } } },
          selections: {
            tags: { archive: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/r' }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@append': ['weekly', 'monthly'], '@@remove': ['monthly'] } } },
          },
        },
      },
    };
    const json = readTerraformJson({ resource: { aws_organizations_policy: { archive: { name: 'archive', type: 'BACKUP_POLICY', content: JSON.stringify(content) } } } });
    const [policy] = readPolicies(json, new Map(), new Map());
    expect(policy?.plans[0]?.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(policy?.plans[0]?.selections[0]?.tags).toEqual([{ operator: 'StringEquals', key: 'backup', value: 'weekly' }]);
  });
});

describe('readPolicies: continuous backup another policy plan may take', () => {
  // AWS backs a resource several plans' continuous rules take up continuously for the first plan it evaluates only, snapshots for the others (found by the cross-plan contention audit).
  const plan = (hour: number, regions: string[]) => ({
    regions: { '@@assign': regions },
    rules: { pitr: { schedule_expression: { '@@assign': `cron(0 ${hour} ? * * *)` }, target_backup_vault_name: { '@@assign': 'baseline' }, enable_continuous_backup: { '@@assign': true }, lifecycle: { delete_after_days: { '@@assign': '35' } } } },
    selections: { resources: { db: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/r' }, resource_types: { '@@assign': ['arn:aws:rds:*:*:db:*'] } } } },
  });
  const policies = (otherRegions: string[]) =>
    readPolicies(
      readTerraformJson({
        resource: {
          aws_organizations_policy: {
            a: { name: 'a', type: 'BACKUP_POLICY', content: JSON.stringify({ plans: { one: plan(1, ['eu-west-1']) } }) },
            b: { name: 'b', type: 'BACKUP_POLICY', content: JSON.stringify({ plans: { two: plan(12, otherRegions) } }) },
          },
        },
      }),
      new Map(),
      new Map(),
    );

  it("counts the schedule of a plan whose RDS databases another policy's continuous rule may take in its Region", () => {
    // The daily schedule with AWS's default windows (8 h to start, 7 days to complete, one job per resource at a time): 15 days.
    expect(policies(['eu-west-1']).map((policy) => [policy.plans[0]?.snapshotFallback, policy.plans[0]?.rpoMinutes])).toEqual([
      [true, 15 * 24 * 60],
      [true, 15 * 24 * 60],
    ]);
  });

  it('counts the schedule of a plan whose continuous recovery point, kept 1 day, may lapse between its daily runs', () => {
    const content = JSON.stringify({ plans: { one: { ...plan(1, ['eu-west-1']), rules: { pitr: { ...plan(1, ['eu-west-1']).rules.pitr, lifecycle: { delete_after_days: { '@@assign': '1' } } } } } } });
    const [policy] = readPolicies(readTerraformJson({ resource: { aws_organizations_policy: { a: { name: 'a', type: 'BACKUP_POLICY', content } } } }), new Map(), new Map());
    expect(policy?.plans[0]).toMatchObject({ snapshotFallback: true, rules: [{ continuousMayLapse: true, rpo: { basis: 'schedule' } }] });
    expect(policy?.plans[0]?.rules[0]?.rpo.note).toMatch(/^the continuous recovery point of Aurora, RDS and SAP HANA is renewed by each run/);
  });

  it('keeps 5 minutes when the other plan runs in another Region', () => {
    expect(policies(['us-east-1']).map((policy) => [policy.plans[0]?.snapshotFallback, policy.plans[0]?.rpoMinutes])).toEqual([
      [false, 5],
      [false, 5],
    ]);
  });
});

// The copy cell asks the evaluator validate asks (core/regions.ts copyNotMade): a copy AWS Backup does not make never reads as made.
describe('copies AWS Backup does not make', () => {
  const posture = editedPosture('multi-region.yaml', (document) => {
    document.setIn(['vaults', 'eu-dr', 'region'], 'eu-south-1');
    document.setIn(['vaults', 'us-air-gapped', 'region'], 'mx-central-1');
  });
  const plans = stack(posture, 'payments-prod-eu-west-1').plans;
  const usPlans = stack(posture, 'payments-prod-us-east-1').plans;

  it('names the types a copy to an opt-in Region leaves uncopied, of those the plan selects', () => {
    const copy = plans.flatMap((plan) => plan.rules).flatMap((rule) => rule.copies).find((candidate) => candidate.destination.region === 'eu-south-1');
    expect(copy?.notMade).toEqual({ types: ['DocumentDB', 'FSx', 'Neptune'], because: 'no cross-Region copy where Region opt-in is required (eu-south-1)' });
    expect(postureMarkdown(posture)).toContain(
      "· **not made of DocumentDB, FSx, Neptune** (the types of the plan's selections AWS Backup does not copy here): no cross-Region copy where Region opt-in is required (eu-south-1)",
    );
  });

  it('says a copy into an air-gapped vault where no copy crosses into one is not made at all', () => {
    const copy = usPlans.flatMap((plan) => plan.rules).flatMap((rule) => rule.copies).find((candidate) => candidate.destination.region === 'mx-central-1');
    expect(copy?.notMade).toEqual({ because: 'cross-Region and cross-account copies to a logically air-gapped vault are not available in mx-central-1 (AWS Backup feature availability)' });
    expect(postureMarkdown(posture)).toContain('· **not made**: cross-Region and cross-account copies to a logically air-gapped vault are not available in mx-central-1 (AWS Backup feature availability)');
  });

  // "Cross-Region copy to or from a logically air-gapped vault is not currently available for backups that contain" Aurora, DocumentDB,
  // Neptune ("Logically air-gapped vault"): the example's tag-selected us-critical plan copies across Regions into one.
  it('leaves the copies AWS makes as they were, and marks the cross-Region one into an air-gapped vault not made of Aurora, DocumentDB, Neptune', () => {
    const notMade = allCopies(examplePosture('multi-region.yaml')).filter((copy) => copy.notMade !== undefined);
    expect(notMade.map((copy) => [copy.arn, copy.notMade])).toEqual([
      ['arn:aws:backup:us-west-2:111122223333:backup-vault:payments-air-gapped', { types: ['Aurora', 'DocumentDB', 'Neptune'], because: 'no cross-Region copy into a logically air-gapped vault' }],
    ]);
  });

  // Without advanced DynamoDB backup AWS Backup copies no DynamoDB table (feature availability by resource; "Advanced DynamoDB backup"). Found by the copies-by-type audit.
  it('says a copy of a plan that can select DynamoDB is not made of it where advanced DynamoDB backup is off', () => {
    const off = editedPosture('multi-region.yaml', (document) => document.setIn(['regionSettings'], document.createNode({ management: { DynamoDB: false } })));
    const copy = stack(off, 'payments-prod-eu-west-1').plans.flatMap((plan) => plan.rules).flatMap((rule) => rule.copies).find((candidate) => candidate.destination.region === 'eu-central-1');
    expect(copy?.notMade).toEqual({ types: ['DynamoDB'], because: 'no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false)' });
    expect(postureMarkdown(off)).toContain(
      "· **not made of DynamoDB** (the types of the plan's selections AWS Backup does not copy here): no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false)",
    );
  });

  // AWS Backup copies no FSx for ONTAP volume to another Region or account (feature availability by resource; "Copy a backup"). Found by the copies-by-type audit.
  it('says a copy of FSx for ONTAP volumes selected by ARN is not made of them, anywhere', () => {
    const ontap = editedPosture('multi-region.yaml', (document) => {
      document.setIn(['plans', 'eu-critical', 'selections', 'critical'], document.createNode({ resources: ['arn:aws:fsx:eu-west-1:111122223333:volume/*'] }));
    });
    const copies = stack(ontap, 'payments-prod-eu-west-1').plans.flatMap((plan) => plan.rules).flatMap((rule) => rule.copies).filter((copy) => copy.notMade !== undefined);
    expect(copies.map((copy) => [copy.destination.region, copy.notMade])).toEqual([
      ['eu-central-1', { types: ['FSx for ONTAP'], because: 'no cross-Region or cross-account copy' }],
      ['eu-central-1', { types: ['FSx for ONTAP'], because: 'no cross-Region or cross-account copy' }],
    ]);
    expect(postureMarkdown(ontap)).toContain("· **not made of FSx for ONTAP** (the types of the plan's selections AWS Backup does not copy here): no cross-Region or cross-account copy");
  });
});

function allCopies(posture: Posture) {
  return posture.stacks.flatMap((entry) => entry.plans).flatMap((plan) => plan.rules).flatMap((rule) => rule.copies);
}

// Found by the review of the continuous-rule overlap: a vault whose rule loses every run to a rule kept longer has no silence alarm
// (config/monitoring.ts), and the report said it was because silence alarms are off, reading the rules without the overlap.
describe('the silence of a vault whose rule another rule of its plan takes every run of', () => {
  const posture = editedPosture('single-account.yaml', (document) => {
    document.setIn(['plans', 'silver', 'rules', 'daily', 'vault'], 'archive');
    document.setIn(['plans', 'silver', 'rules', 'daily', 'lifecycle', 'deleteAfterDays'], 365);
    document.setIn(['plans', 'silver', 'rules', 'longer'], document.createNode({ schedule: 'cron(0 3 ? * * *)', scheduleTimezone: 'Europe/Dublin', startWindowMinutes: 60, completionWindowMinutes: 240, lifecycle: { deleteAfterDays: 400 } }));
  });

  it('gives the reason the alarm is missing: what is left is the seven-year rule, longer than CloudWatch can watch', () => {
    const archive = stack(posture, 'workload-prod-eu-west-1').silence?.find((watch) => watch.vault === 'workload-prod-archive');
    expect(archive).toMatchObject({ watched: false });
    expect(archive?.watched === false ? archive.reason : '').toMatch(/^its worst-case RPO of .* plus 1 h for the metric to arrive is longer than the 7 days a CloudWatch alarm can evaluate/);
  });
});

// A rule's runs that a rule of its plan kept longer takes make no backup in its vault (AWS Backup, plan options): the rule's RPO
// said 28 h while validate warned that vault main gets no backup on those days and the vault's silence alarm waited 53 h.
describe('the worst-case RPO of a rule another rule of its plan, into another vault, takes runs of (found by the consistency audit)', () => {
  const posture = editedPosture('single-account.yaml', (document) => {
    document.setIn(['plans', 'gold', 'rules', 'monthly', 'vault'], 'archive');
    document.setIn(['plans', 'gold', 'rules', 'monthly', 'lifecycle'], document.createNode({ deleteAfterDays: 400, coldStorageAfterDays: 30 }));
    document.deleteIn(['plans', 'gold', 'rules', 'weekly']);
  });
  const gold = stack(posture, 'workload-prod-eu-west-1').plans.find((plan) => plan.name === 'gold')!;

  it('counts the missed runs: the daily rule into main waits 48 h + 4 h over the 1st', () => {
    const daily = gold.rules.find((rule) => rule.name === 'daily')!;
    expect(daily.rpo.minutes).toBe(52 * 60);
    expect(daily.rpo.note).toBe('some runs make no backup here: a rule of the plan kept longer (or as long) starts within their start window, and AWS Backup then takes one backup, for that rule, into its other vault');
    // The plan's RPO: the monthly rule's backup on the 1st counts.
    expect(gold.rpoMinutes).toBe(28 * 60);
  });

  it('leaves a rule whose winner backs up into the same vault as it is: a recovery point lands there all the same', () => {
    const single = stack(examplePosture('single-account.yaml'), 'workload-prod-eu-west-1').plans.find((plan) => plan.name === 'gold')!;
    expect(single.rules.find((rule) => rule.name === 'daily')?.rpo.minutes).toBe(28 * 60);
  });
});

// AWS backs a resource two plans' continuous rules take up continuously for "the first backup plan it evaluates" only, snapshots
// for the others, and does not say which is first (Overlapping continuous backups on the same resource): each may be the one.
describe('continuous rules of two plans over one database', () => {
  // At 14:00 and 20:00, clear of each other's snapshot jobs and of gold's and silver's, which may take the database too (its tags are
  // not known): one job per resource at a time, whichever plan it is of (core/plan-contention.ts).
  const pitr = (target: string, resources: string[], hour = 5) => ({
    vault: target,
    rules: { pitr: { schedule: `cron(0 ${hour} ? * * *)`, continuousBackup: true, lifecycle: { deleteAfterDays: 35 } } },
    selections: { db: { resources } },
  });
  const posture = editedPosture('single-account.yaml', (document) => {
    document.setIn(['plans', 'pitr-a'], document.createNode(pitr('main', ['arn:aws:rds:eu-west-1:111122223333:db:orders'], 14)));
    document.setIn(['plans', 'pitr-b'], document.createNode(pitr('main', ['arn:aws:rds:eu-west-1:111122223333:db:*'], 20)));
    document.setIn(['plans', 'pitr-c'], document.createNode(pitr('main', ['arn:aws:s3:::audit-logs'])));
  });
  const plans = stack(posture, 'workload-prod-eu-west-1').plans;
  const rpoOf = (name: string) => plans.find((plan) => plan.name === name)?.rpoMinutes;

  it('counts the schedule for both, not 5 minutes: either may keep snapshots only', () => {
    expect([rpoOf('pitr-a'), rpoOf('pitr-b')]).toEqual([28 * 60, 28 * 60]);
  });

  it('leaves a plan whose resources no other continuous rule can take at 5 minutes', () => {
    expect(rpoOf('pitr-c')).toBe(5);
  });
});
