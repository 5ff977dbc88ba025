/**
 * Restore runbooks: snapshots of the examples' runbooks (byte for byte, and the same twice), the
 * sample the README links (runbooks/SAMPLE.md), what each holds, and the command in-process.
 * Regenerate deliberately: UPDATE_RUNBOOK_FIXTURES=1 npx jest __tests__/runbook
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runbooks } from '../../report/runbook';
import { runRunbook } from '../../cli/runbook';
import { exampleModel } from '../support/examples';
import { ROOT, runCommand } from '../support/cli';
import { configWith, type RawConfig } from '../support/configs';
import { checkRawConfig } from '../../config';

const FIXTURES = join(__dirname, '..', 'fixtures', 'runbook');
const SAMPLE = join(ROOT, 'report', 'RUNBOOK-SAMPLE.md');
const update = process.env.UPDATE_RUNBOOK_FIXTURES === '1';

describe.each([
  ['single-account.yaml', 'workload-prod-eu-west-1'],
  ['multi-region.yaml', 'payments-prod-eu-west-1'],
  ['organization.yaml', 'payments-us-east-1'],
])('the runbook of %s (%s)', (example, stack) => {
  const books = runbooks(exampleModel(example));
  const book = books.find((candidate) => candidate.stack === stack)!;
  const golden = join(FIXTURES, `${stack}.md`);
  if (update) writeFileSync(golden, book.markdown);

  it('is exactly the snapshot, and the same on a second run', () => {
    expect(book.markdown).toBe(readFileSync(golden, 'utf8'));
    expect(runbooks(exampleModel(example)).find((candidate) => candidate.stack === stack)?.markdown).toBe(book.markdown);
  });

  it('has one runbook per account and Region', () => {
    expect(books.map((candidate) => candidate.file)).toEqual(exampleModel(example).stacks.filter((s) => s.kind === 'workload').map((s) => `${s.name}.md`));
  });
});

describe('what a runbook says', () => {
  const single = runbooks(exampleModel('single-account.yaml'))[0]!.markdown;
  if (update) writeFileSync(SAMPLE, single);

  it('is the sample the README links (report/RUNBOOK-SAMPLE.md)', () => {
    expect(readFileSync(SAMPLE, 'utf8')).toBe(single);
  });

  it('names the break-glass principals, the worst-case RPO, the restore test, the role and the restore call', () => {
    // The deployment role (security.deployRoleArn) is exempt from the vault policy's denies like the break-glass role.
    expect(single).toContain('| `workload-prod-main` | governance 7-400 d | `arn:aws:iam::111122223333:role/BackupBreakGlass`, `arn:aws:iam::111122223333:role/backup-estate-deploy` |');
    expect(single).toContain('## Plan `gold` · worst-case RPO 28 h');
    // start-restore-job --metadata takes the RestoreMetadata map, not the whole response (aws-cli refuses it).
    // --output json: a profile whose output is text or table would write tab-separated values (found by the runbook audit).
    expect(single).toContain('--recovery-point-arn RECOVERY_POINT_ARN --query RestoreMetadata --output json > metadata.json');
    expect(single).toContain('Restores use the role `arn:aws:iam::111122223333:role/aws-backup-service-role`: whoever starts them needs `backup:StartRestoreJob` and `iam:PassRole` on it.');
    // Plan gold selects backup = gold: the weekly test of gold volumes proves its EBS restores; the monthly test restores
    // volumes tagged backup = silver, never one gold backs up, so it proves silver's only (found by the runbook audit).
    expect(single).toContain('#### EBS\n\nRestore test: restore testing plan `weekly` selection `ebs_volumes`.');
    expect(single).toContain('#### EBS\n\nRestore test: restore testing plan `monthly` selection `volumes`.');
    expect(single).not.toContain('selection `volumes` (recovery points of `workload-prod-main` only)');
    expect(single).toContain('#### DynamoDB\n\nRestore test: **none**: no restore test proves this restore.');
    expect(single).toContain(
      'aws backup start-restore-job --region eu-west-1 --recovery-point-arn RECOVERY_POINT_ARN --iam-role-arn arn:aws:iam::111122223333:role/aws-backup-service-role --resource-type EBS --metadata file://metadata.json',
    );
    expect(single).toContain('- `workload-prod-main`: `aws-backup-silence-workload-prod-main` fires after 28 h without a completed backup job');
  });

  it('credits no restore test of snapshots with a plan that keeps continuous recovery points only (found by the runbook audit)', () => {
    // payments-databases-pitr backs Aurora up continuously into payments-pitr, copying nothing: the weekly test
    // (SNAPSHOT, the default) restores the snapshots payments-critical leaves in payments-primary, never these.
    const multi = runbooks(exampleModel('multi-region.yaml')).find((book) => book.stack === 'payments-prod-eu-west-1')!.markdown;
    const pitr = multi.slice(multi.indexOf('## Plan `payments-databases-pitr`'));
    expect(pitr).toContain('#### Aurora\n\nRestore test: **none**: no restore test proves this restore.');
    expect(multi.slice(0, multi.indexOf('## Plan `payments-databases-pitr`'))).toContain('#### Aurora\n\nRestore test: restore testing plan `weekly` selection `databases`.');
  });

  it('shows the compliance lock every logically air-gapped vault has (found by the runbook audit)', () => {
    const west = runbooks(exampleModel('multi-region.yaml')).find((book) => book.stack === 'payments-prod-us-west-2')!.markdown;
    // Without a deployment role the vault policy does not deny its own deletion: anyone IAM allows may lift its deny (README, Who can undo what).
    expect(west).toContain('| `payments-air-gapped` | air-gapped, compliance 30-2000 d | `arn:aws:iam::111122223333:role/BackupBreakGlass`; and anyone IAM allows');
    expect(west).toContain(
      '| `payments-dr` | compliance 30-400 d (immutable after 3 d) | `arn:aws:iam::111122223333:role/BackupBreakGlass`; and anyone IAM allows who deletes the vault policy first (without a deployment role it does not deny `backup:DeleteBackupVaultAccessPolicy`) |',
    );
    expect(west).toContain('a compliance-mode lock, once its grace period has passed (`changeableForDays`; until then it can be deleted like a governance-mode lock) or from its creation (a logically air-gapped vault\'s), lets nobody delete a recovery point before its retention ends.');
    const east = runbooks(exampleModel('multi-region.yaml')).find((book) => book.stack === 'payments-prod-us-east-1')!.markdown;
    expect(east).toContain('`payments-air-gapped` · us-west-2 · account 111122223333 · air-gapped, compliance 30-2000 d, kept 1827 d');
  });

  it('tells how to restore from the copies: another Region of the account, a cross-account copy (copied back first), a shared air-gapped vault (found by the runbook audit)', () => {
    const multi = runbooks(exampleModel('multi-region.yaml')).find((book) => book.stack === 'payments-prod-eu-west-1')!.markdown;
    expect(multi).toContain(
      [
        '### Restoring from the copies',
        '',
        '#### `payments-dr` · eu-central-1 · account 111122223333',
        '',
        'In eu-central-1, with the same role. The metadata describes the original resource: give eu-central-1\'s values where it names an Availability Zone, subnet, security group or KMS key of eu-west-1.',
        '',
        '```sh',
        'aws backup list-recovery-points-by-backup-vault --region eu-central-1 --backup-vault-name payments-dr',
        'aws backup get-recovery-point-restore-metadata --region eu-central-1 --backup-vault-name payments-dr --recovery-point-arn RECOVERY_POINT_ARN --query RestoreMetadata --output json > metadata.json',
        'aws backup start-restore-job --region eu-central-1 --recovery-point-arn RECOVERY_POINT_ARN --iam-role-arn arn:aws:iam::111122223333:role/payments-backup-service-role --metadata file://metadata.json',
        '```',
        '',
        // A restore from the copy leaves the Aurora cluster without its writer as one from the plan's vault does: the step, in the copy's Region
        // (the copies' steps ended at start-restore-job; found by the runbook incident audit).
        'The restore job creates the Aurora cluster without a DB instance (AWS Backup does not create or attach one): once the cluster is available, add its writer, with the engine of the restored cluster:',
        '',
        '```sh',
        'aws rds create-db-instance --region eu-central-1 --db-cluster-identifier RESTORED_CLUSTER_ID --db-instance-identifier NEW_INSTANCE_ID --db-instance-class DB_INSTANCE_CLASS --engine ENGINE',
        '```',
        '',
        'A restore from a DocumentDB cluster snapshot creates the cluster only ("not the instances for that cluster"): once the cluster is available and if it has no instance, add one:',
        '',
        '```sh',
        'aws docdb create-db-instance --region eu-central-1 --db-cluster-identifier RESTORED_CLUSTER_ID --db-instance-identifier NEW_INSTANCE_ID --db-instance-class DB_INSTANCE_CLASS --engine docdb',
        '```',
      ].join('\n'),
    );
    const org = runbooks(exampleModel('organization.yaml')).find((book) => book.stack === 'payments-us-east-1')!.markdown;
    // The copy back needs what backup-estate does not write: the workload vault admits no copy from the central account, the
    // central key lets account 333333333333 use it through AWS Backup only, and the workload key names no AWSServiceRoleForBackup
    // (AWS cross-account copy troubleshooting: source key allows the destination account, destination vault allows the source) (found by the restore audit).
    expect(org).toContain(
      [
        'Another account: copy the recovery point back into a vault of account 333333333333, then restore it there as above. Run in account 222222222222. backup-estate does not set this copy up; before it can run:',
        '',
        '- the access policy of `workload-main` must allow `backup:CopyIntoBackupVault` from account 222222222222: add a statement to `vaults.main.accessPolicy.statements` naming `arn:aws:iam::222222222222:root` and apply it;',
        "- the key of `org-central-backup` (the copy's source key) must name account 333333333333's root with `kms:CreateGrant`, `kms:Decrypt`, `kms:DescribeKey`, `kms:Encrypt`, `kms:GenerateDataKeyPair`, `kms:GenerateDataKeyPairWithoutPlaintext`, `kms:GenerateDataKeyWithoutPlaintext`, `kms:ListGrants`, `kms:ReEncryptFrom`, `kms:ReEncryptTo`, `kms:RevokeGrant`: backup-estate lets the organization use the central key through AWS Backup only;",
        "- the key of `workload-main` must let account 333333333333's `AWSServiceRoleForBackup` use it through EC2, RDS and FSx (they re-encrypt EBS, EC2, RDS, Aurora, DocumentDB, Neptune and FSx copies);",
        '- the copy runs with `COPY_ROLE_ARN`, a role of account 222222222222 AWS Backup can assume (backup-estate creates none there).',
        '',
        "A key policy changed by hand is replaced by backup-estate's at the next apply of the stack that writes it.",
      ].join('\n'),
    );
    // A statement of the vault allowing the copy from that account: the first need is met.
    const admitted = exampleModel('organization.yaml');
    const withStatement = {
      ...admitted,
      stacks: admitted.stacks.map((s) =>
        s.kind === 'workload'
          ? { ...s, vaults: s.vaults.map((v) => ({ ...v, accessPolicy: { ...v.accessPolicy, statements: [{ sid: 'CopyBack', effect: 'Allow' as const, principals: { aws: ['arn:aws:iam::222222222222:root'] }, actions: ['backup:CopyIntoBackupVault'] }] } })) }
          : s,
      ),
    };
    expect(runbooks(withStatement).find((book) => book.stack === 'payments-us-east-1')!.markdown).not.toContain('the access policy of `workload-main` must allow');
    expect(org).toContain(
      'aws backup start-copy-job --region us-east-1 --source-backup-vault-name org-central-backup --recovery-point-arn RECOVERY_POINT_ARN --destination-backup-vault-arn arn:aws:backup:us-east-1:333333333333:backup-vault:workload-main --iam-role-arn COPY_ROLE_ARN',
    );
    expect(org).toContain('aws ram create-resource-share --region us-east-1 --name org-air-gapped-restore --resource-arns arn:aws:backup:us-east-1:222222222222:backup-vault:org-air-gapped --principals 333333333333');
    // AWS RAM: shared with outside an organization with resource sharing enabled, an account "receive[s] an invitation ... and must accept
    // the invitation to gain access": without the accept, list-recovery-points-by-backup-vault of the shared vault is refused (found by the runbook incident audit).
    expect(org).toContain(
      [
        "A logically air-gapped vault of another account: account 222222222222 shares it with account 333333333333 through AWS RAM (first command, run in account 222222222222); account 333333333333 accepts the invitation AWS RAM sends unless the organization has resource sharing with AWS Organizations enabled (second and third commands: the second prints the invitation's ARN, nothing when there is none to accept), then restores from it directly (the others).",
        '',
        '```sh',
        'aws ram create-resource-share --region us-east-1 --name org-air-gapped-restore --resource-arns arn:aws:backup:us-east-1:222222222222:backup-vault:org-air-gapped --principals 333333333333',
        "aws ram get-resource-share-invitations --region us-east-1 --query \"resourceShareInvitations[?resourceShareName=='org-air-gapped-restore' && status=='PENDING'].resourceShareInvitationArn\" --output text",
        'aws ram accept-resource-share-invitation --region us-east-1 --resource-share-invitation-arn INVITATION_ARN',
        'aws backup list-recovery-points-by-backup-vault --region us-east-1 --backup-vault-name org-air-gapped --backup-vault-account-id 222222222222',
      ].join('\n'),
    );
    expect(org).toContain(
      'aws backup get-recovery-point-restore-metadata --region us-east-1 --backup-vault-name org-air-gapped --backup-vault-account-id 222222222222 --recovery-point-arn RECOVERY_POINT_ARN --query RestoreMetadata --output json > metadata.json',
    );
  });

  it('lists copies with their Region, account, lock and retention, and the plans backup policies run', () => {
    const multi = runbooks(exampleModel('multi-region.yaml')).find((book) => book.stack === 'payments-prod-eu-west-1')!.markdown;
    expect(multi).toContain('`payments-dr` · eu-central-1 · account 111122223333 · compliance 30-400 d (immutable after 3 d), kept 365 d');
    const org = runbooks(exampleModel('organization.yaml')).find((book) => book.stack === 'analytics-eu-west-1')!.markdown;
    expect(org).toContain('## Backup policy plan `silver` · worst-case RPO 28 h');
  });

  it('shows the lock of the central vault and of its air-gapped vault, and an existing vault\'s as unknown (found by the runbook incident audit)', () => {
    // The central stacks create both: the organization vault compliance-locked 7-400 d (3 days' grace), the air-gapped one in compliance mode by AWS.
    // Both read "see the stack that creates it", though the README promises a logically air-gapped vault shows its compliance lock.
    const payments = runbooks(exampleModel('organization.yaml')).find((book) => book.stack === 'payments-eu-west-1')!.markdown;
    expect(payments).toContain(
      '| `monthly` | `workload-main` · eu-west-1 · account 333333333333 · governance 7-400 d | 365 d (cold after 30 d; types without cold storage: 365 d warm) | `org-central-backup` · eu-west-1 · account 222222222222 · compliance 7-400 d (immutable after 3 d), kept 365 d<br>`org-air-gapped` · eu-west-1 · account 222222222222 · air-gapped, compliance 7-400 d, kept 365 d |',
    );
    // An existing vault is created by no stack of this config: its lock is unknown here, as validate says.
    const legacy = runbooks(exampleModel('existing-resources.yaml'))[0]!.markdown;
    expect(legacy).toContain(
      '| `daily` | `Default` · us-east-1 · account 555566667777 · lock unknown (a vault this config does not create) | 35 d | `partner-dr` · us-west-2 · account 888899990000 · lock unknown (a vault this config does not create), kept 90 d |',
    );
    expect(payments + legacy).not.toContain('see the stack that creates it');
  });
});

describe('npm run runbook (in-process)', () => {
  it('writes one file per account and Region and lists them; exit 2 on a usage error or a missing config', () => {
    const out = mkdtempSync(join(tmpdir(), 'runbooks-'));
    const run = runCommand(runRunbook, ['--config', 'examples/multi-region.yaml', '--out', out], ROOT);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => line.slice(out.length + 1))).toEqual(['payments-prod-eu-west-1.md', 'payments-prod-us-east-1.md', 'payments-prod-eu-central-1.md', 'payments-prod-us-west-2.md']);
    expect(existsSync(join(out, 'payments-prod-us-west-2.md'))).toBe(true);
    expect(runCommand(runRunbook, ['--bogus'], ROOT)).toMatchObject({ status: 2, stderr: 'runbook: unknown option --bogus; usage: backup-estate runbook [--config FILE] [--out DIR]\n' });
    expect(runCommand(runRunbook, ['--config', 'missing.yaml'], ROOT)).toMatchObject({ status: 2, stderr: 'missing.yaml: not found\n' });
  });

  it('refuses a config the rule pack refuses, as validate does, as an input it cannot read: exit 2, nothing written (it wrote runbooks of a config synth never deploys)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbooks-'));
    // The example without its suppressions: the silver tier's 14 days are two rule-pack errors.
    writeFileSync(join(dir, 'backup.yaml'), readFileSync(join(ROOT, 'examples/single-account.yaml'), 'utf8').replace(/^compliance:[\s\S]*$/m, ''));
    const run = runCommand(runRunbook, ['--out', 'books'], dir);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr.split('\n').slice(-3)).toEqual(['compliance: 2 error(s), 4 warning(s), 0 suppressed', 'backup.yaml: compliance rule pack found errors; nothing was written', '']);
    expect(existsSync(join(dir, 'books'))).toBe(false);
  });

  it('names an --out it cannot write (a file in the way): exit 2, never an internal error (found by the journey audit)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbooks-'));
    writeFileSync(join(dir, 'backup.yaml'), '');
    const run = runCommand(runRunbook, ['--config', join(ROOT, 'examples/single-account.yaml'), '--out', 'backup.yaml'], dir);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr.split('\n').filter((line) => !line.startsWith('warning'))).toEqual(['cannot write backup.yaml/workload-prod-eu-west-1.md: a part of its path is a file, not a folder', '']);
  });
});

describe('a runbook without alerts', () => {
  it('says the silence alarm notifies no one', () => {
    const model = exampleModel('single-account.yaml');
    const quiet = { ...model, stacks: model.stacks.map((stack) => (stack.kind === 'workload' ? { ...stack, alerts: undefined } : stack)) };
    expect(runbooks(quiet)[0]!.markdown).toContain('- `workload-prod-main`: `aws-backup-silence-workload-prod-main` fires after 28 h without a completed backup job, but notifies no one (no `alerts`)');
  });

  it('says so too when every subscription of the topic filters alarm notifications out (an attribute filter: they carry none)', () => {
    const model = exampleModel('single-account.yaml');
    const filtered = (stack: (typeof model.stacks)[number]) =>
      stack.kind === 'workload' && stack.alerts ? { ...stack, alerts: { ...stack.alerts, subscriptions: { ops: { protocol: 'email' as const, endpoint: 'ops@example.com', filterPolicy: { State: ['FAILED'] } } } } } : stack;
    const line = '- `workload-prod-main`: `aws-backup-silence-workload-prod-main` fires after 28 h without a completed backup job';
    expect(runbooks({ ...model, stacks: model.stacks.map(filtered) })[0]!.markdown).toContain(`${line}, but notifies no one: no subscription of its topic receives alarm notifications\n`);
    expect(runbooks(model)[0]!.markdown).toContain(`${line}\n`);
  });
});

describe('a restore test whose selection window cannot hold a plan\'s recovery points', () => {
  it('is credited to the daily plan, not to the yearly one, as validate warns (found by the restore audit)', () => {
    const config = configWith((c) => {
      c.plans.archive = { vault: 'main', rules: { yearly: { schedule: 'cron(0 5 1 1 ? *)', lifecycle: { deleteAfterDays: 3650 } } }, selections: { tagged: { tags: { backup: 'archive' } } } };
      c.restoreTesting = { weekly: { selections: { volumes: { resourceType: 'EBS', resources: ['*'] } } } };
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    const archive = book.slice(book.indexOf('## Plan `archive`'), book.indexOf('## Plan `gold`'));
    expect(archive).toContain('#### EBS\n\nRestore test: **none**: no restore test proves this restore.');
    expect(book.slice(book.indexOf('## Plan `gold`'))).toContain('#### EBS\n\nRestore test: restore testing plan `weekly` selection `volumes`.');
  });
});

describe('a restore test whose restore jobs lack metadata AWS cannot infer', () => {
  it('credits no FSx restore test without restoreMetadataOverrides, as validate warns (found by the restore testing audit)', () => {
    const fsx = (overrides?: Record<string, string>) =>
      configWith((c) => {
        c.restoreTesting = { weekly: { selections: { files: { resourceType: 'FSx', resources: ['*'], ...(overrides ? { restoreMetadataOverrides: overrides } : {}) } } } };
      });
    const section = (config: RawConfig) => {
      const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
      return book.slice(book.indexOf('#### FSx'), book.indexOf('\n', book.indexOf('Restore test:', book.indexOf('#### FSx'))));
    };
    expect(section(fsx())).toBe(
      '#### FSx\n\nRestore test: **none**: no restore test proves this restore (restore testing plan `weekly` selection `files` gives no `restoreMetadataOverrides`, and AWS Backup cannot infer a complete set of restore metadata for FSx: its restore jobs may fail).',
    );
    expect(section(fsx({ subnetIds: '["subnet-0abc"]' }))).toBe('#### FSx\n\nRestore test: restore testing plan `weekly` selection `files`.');
  });
});

describe('a restore test that lists an ARN pattern', () => {
  it('is credited nowhere: AWS takes "*" alone or specific ARNs, so the pattern restores nothing, as validate warns (found by the restore testing audit)', () => {
    const config = configWith((c) => {
      c.restoreTesting = { weekly: { selections: { volumes: { resourceType: 'EBS', resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*'] } } } };
    });
    expect(runbooks(checkRawConfig(config).model!)[0]!.markdown).toContain('#### EBS\n\nRestore test: **none**: no restore test proves this restore.');
  });
});

describe('a selection of a type the type table does not hold', () => {
  it('names Redshift Serverless and says it has no restore steps here, not "Resource types: ." (found by the unknown-input audit)', () => {
    const config = configWith((c) => {
      c.plans.clusters = { vault: 'main', rules: { daily: { preset: 'daily-35' } }, selections: { serverless: { resources: ['arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b'] } } };
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    expect(book).toContain(
      'Resource types: Redshift Serverless.\n\nNot judged: Redshift Serverless: backup-estate knows no restore steps or restore tests of it; restore from the vaults above as the AWS Backup Developer Guide says for the type.',
    );
  });

  // DSQL is in the type table where AWS Backup offers it: its cluster gets restore steps (it was "Not judged"); elsewhere a tag selection reaches no DSQL backups to restore.
  it('gives a DSQL cluster restore steps where AWS Backup offers DSQL, and none in a Region where it does not', () => {
    const config = configWith((c) => {
      c.plans.clusters = { vault: 'main', rules: { daily: { preset: 'daily-35' } }, selections: { dsql: { resources: ['arn:aws:dsql:eu-west-1:111122223333:cluster/abcdefghijklmnopqrstuvwxyz'] } } };
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    expect(book).toContain('Resource types: DSQL.\n\n#### DSQL');
    expect(book).not.toContain('Not judged: DSQL');
    const sa = runbooks(checkRawConfig(configWith((c) => (c.account.region = 'sa-east-1'))).model!)[0]!.markdown;
    expect(sa).toContain('Resource types: every type AWS Backup protects (it selects by tag or "*"): restore each as below; Redshift Serverless it may select too, but backup-estate has no restore steps or restore tests of it.');
    expect(sa).not.toContain('#### DSQL');
  });

  // GetSupportedResourceTypes and StartRestoreJob's ResourceType list EKS: its cluster gets restore steps like any other type (it was "Not judged").
  it('gives an EKS cluster restore steps, with --resource-type EKS', () => {
    const config = configWith((c) => {
      c.plans.clusters = { vault: 'main', rules: { daily: { preset: 'daily-35' } }, selections: { eks: { resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/prod'] } } };
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    const section = book.slice(book.indexOf('### Selection `eks`'));
    expect(section).toContain('Resource types: EKS.\n\n#### EKS\n\nRestore test: **none**: no restore test proves this restore.');
    expect(section).toContain('--resource-type EKS');
    expect(section).not.toContain('Not judged');
  });
});

describe('what AWS Backup does not back up or copy, as validate, the report and coverage say (found by the consistency audit)', () => {
  it('gives no restore steps for a type the Region settings opt out: AWS skips it, there is nothing to restore', () => {
    const config = configWith((c) => {
      c.regionSettings = { optOut: ['EBS'] };
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    expect(book).toContain(
      '#### EBS\n\n**Not backed up**: the Region settings (`regionSettings`) opt EBS out, so AWS Backup skips the resources of this type the selection selects: there is nothing to restore.\n\n#### EC2',
    );
    expect(book).toContain('#### EFS\n\nRestore test: **none**');
  });

  it('says which types a copy into a Region where opt-in is required does not hold, in the table and before the copy\'s restore steps', () => {
    const config = configWith((c) => {
      c.vaults.dr.region = 'af-south-1';
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    const notMade = '**no copy of DocumentDB, FSx**: AWS Backup makes no cross-Region copy where Region opt-in is required (af-south-1)';
    expect(book).toContain(`| \`daily\` | \`main\` · eu-west-1 · account 111122223333 · no lock | 35 d | \`dr\` · af-south-1 · account 111122223333 · compliance 7-365 d (immutable after 3 d), kept 35 d · ${notMade} |`);
    expect(book).toContain(`#### \`dr\` · af-south-1 · account 111122223333\n\nNot every backup is here: ${notMade}.\n\nIn af-south-1, with the same role.`);
    // The steps after a restore from the copy are those of the types it holds: Aurora's writer, no DocumentDB instance of a copy AWS never made.
    const copy = book.slice(book.indexOf('#### `dr` · af-south-1'));
    expect(copy).toContain('aws rds create-db-instance --region af-south-1 ');
    expect(copy).not.toContain('aws docdb create-db-instance');
  });

  // The copies by type validate warns of (config/region-availability.ts copyNotMadeHere, the same reading): DynamoDB without advanced
  // DynamoDB backup, FSx for ONTAP volumes selected by ARN. The runbook must not send a restorer to a copy AWS never made of them.
  it('says a copy holds no DynamoDB where advanced DynamoDB backup is off, and no FSx for ONTAP volume selected by ARN', () => {
    const dynamoDbOff = runbooks(checkRawConfig(configWith((c) => (c.regionSettings = { management: { DynamoDB: false } }))).model!)[0]!.markdown;
    expect(dynamoDbOff).toContain(
      '\n\nNot every backup is here: **no copy of DynamoDB**: AWS Backup makes no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false).\n\n',
    );
    const ontap = runbooks(checkRawConfig(configWith((c) => (c.plans.gold.selections = { ontap: { resources: ['arn:aws:fsx:eu-west-1:111122223333:volume/*'] } }))).model!)[0]!.markdown;
    expect(ontap).toContain('\n\nNot every backup is here: **no copy of FSx for ONTAP**: AWS Backup makes no cross-Region or cross-account copy.\n\n');
  });
});

describe('the kept cell names the types that stay warm, as the report\'s warm / cold cell does (core/limits movesToColdStorage)', () => {
  const keptCell = (setup: (c: RawConfig) => void): string => {
    const config = configWith((c) => {
      c.plans.cold = {
        vault: 'main',
        rules: { monthly: { schedule: 'cron(0 3 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365 } } },
        selections: { mixed: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*', 'arn:aws:dynamodb:eu-west-1:111122223333:table/*', 'arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/*'] } },
      };
      setup(c);
    });
    const book = runbooks(checkRawConfig(config).model!)[0]!.markdown;
    const plan = book.slice(book.indexOf('## Plan `cold`'));
    return plan.split('\n').find((line) => line.startsWith('| `monthly` |')) ?? '';
  };

  it('EBS without the archive opt-in stays warm; DynamoDB moves when the Region settings leave it fully managed (the default); EFS moves', () => {
    expect(keptCell((c) => (c.regionSettings = { optOut: [] }))).toContain('| 365 d (cold after 30 d; EBS: 365 d warm) |');
  });

  it('DynamoDB without full management stays warm too; with the archive opt-in EBS moves', () => {
    expect(keptCell((c) => (c.regionSettings = { optOut: [], management: { DynamoDB: false } }))).toContain('| 365 d (cold after 30 d; DynamoDB, EBS: 365 d warm) |');
    const optedIn = keptCell((c) => {
      c.regionSettings = { optOut: [] };
      c.plans.cold.rules.monthly.lifecycle.optInToArchiveForSupportedResources = true;
    });
    expect(optedIn).toContain('| 365 d (cold after 30 d) |');
  });

  it('without Region settings in the config, DynamoDB\'s management is unknown: only what is certain is named', () => {
    expect(keptCell(() => undefined)).toContain('| 365 d (cold after 30 d; EBS: 365 d warm) |');
  });
});

describe('restore steps AWS documents, per type (found by the runbook AWS audit)', () => {
  const book = (setup: (c: RawConfig) => void = () => undefined) => runbooks(checkRawConfig(configWith(setup)).model!)[0]!.markdown;
  const section = (markdown: string, type: string) => markdown.slice(markdown.indexOf(`#### ${type}\n`), markdown.indexOf('\n#### ', markdown.indexOf(`#### ${type}\n`) + 1));

  it('names every EFS metadata key StartRestoreJob requires: newFileSystem and CreationToken too', () => {
    // StartRestoreJob: "You need to specify specific metadata to restore an Amazon EFS instance": file-system-id, Encrypted, KmsKeyId, PerformanceMode, CreationToken, newFileSystem.
    expect(section(book(), 'EFS')).toContain(
      'Metadata: file-system-id (from the metadata), newFileSystem (true: a new file system; false: into the original, under an aws-backup-restore_ directory), CreationToken (a value of your own, unique per restore), Encrypted (true whenever KmsKeyId is given), KmsKeyId (the key of the restored file system), PerformanceMode; ItemsToRestore only for an item-level restore.',
    );
  });

  it('passes no --resource-type or --by-resource-type with a space: the documented pattern [a-zA-Z0-9-_.] refuses one, and AWS reads the type from the recovery point', () => {
    const gateway = section(book(), 'Storage Gateway');
    expect(gateway).toContain('aws backup list-recovery-points-by-backup-vault --region eu-west-1 --backup-vault-name main\n');
    expect(gateway).toContain('aws backup start-restore-job --region eu-west-1 --recovery-point-arn RECOVERY_POINT_ARN --iam-role-arn arn:aws:iam::111122223333:role/aws-backup-service-role --metadata file://metadata.json\n');
    expect(gateway).not.toContain('--resource-type');
    expect(section(book(), 'EBS')).toContain('--by-resource-type EBS\n');
  });

  it('says an archived EBS snapshot can take up to 72 hours to restore, only where a rule archives EBS into that vault', () => {
    const archive = (optIn: boolean) =>
      book((c) => {
        c.plans.gold.rules.monthly = { schedule: 'cron(0 3 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365, ...(optIn ? { optInToArchiveForSupportedResources: true } : {}) } };
      });
    // The daily rule into the same vault keeps its recovery points in the standard tier: only the monthly rule's are archived.
    const line = "Recovery points of rule `monthly`'s older than 30 d are in the EBS archive tier (the other rules' stay in the standard tier): restoring one first returns its snapshot to the standard tier, which can take up to 72 hours.";
    expect(section(archive(true), 'EBS')).toContain(`--resource-type EBS --metadata file://metadata.json\n\`\`\`\n\nMetadata: start from the metadata get-recovery-point-restore-metadata returns; give a new name or identifier where the original still exists.\n\n${line}\n`);
    expect(section(archive(true), 'EC2')).not.toContain('archive tier');
    // Every rule into the vault archives: one age for all of them.
    const allArchive = book((c) => {
      c.plans.gold.rules = { monthly: { schedule: 'cron(0 3 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365, optInToArchiveForSupportedResources: true } } };
    });
    expect(section(allArchive, 'EBS')).toContain('\nRecovery points older than 30 d are in the EBS archive tier: restoring one first returns its snapshot to the standard tier, which can take up to 72 hours.\n');
    // Without the archive opt-in EBS stays warm (core/limits movesToColdStorage): nothing to wait for.
    expect(archive(false)).not.toContain('EBS archive tier');
  });

  it('says how long a restore from a copy in cold storage takes, as it says of the plan\'s vault (found by the lifecycle audit: the copies section said nothing)', () => {
    const copies = (lifecycle: RawConfig) =>
      book((c) => {
        c.plans.gold.selections = { files: { resources: ['arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1', 'arn:aws:ec2:eu-west-1:111122223333:volume/*'] } };
        c.plans.gold.rules = { monthly: { schedule: 'cron(0 3 1 * ? *)', lifecycle: { deleteAfterDays: 120 }, copies: { dr: { lifecycle } } } };
      });
    const from = (markdown: string) => markdown.slice(markdown.indexOf('### Restoring from the copies'));
    expect(from(copies({ coldStorageAfterDays: 30, deleteAfterDays: 365 }))).toContain('\nEFS copies older than 30 d are in cold storage here: restoring one typically takes 4 hours more than restoring from warm storage.\n');
    expect(from(copies({ coldStorageAfterDays: 30, deleteAfterDays: 365 }))).not.toContain('archive tier');
    expect(from(copies({ coldStorageAfterDays: 20, deleteAfterDays: 365, optInToArchiveForSupportedResources: true }))).toContain(
      '\nEFS copies older than 20 d are in cold storage here: restoring one typically takes 4 hours more than restoring from warm storage.\n\nEBS copies older than 20 d are in the EBS archive tier here: restoring one first returns its snapshot to the standard tier, which can take up to 72 hours.\n',
    );
    expect(from(copies({ deleteAfterDays: 365 }))).not.toContain('cold storage here');
  });

  it('sends no restorer to an EBS archive tier in GovCloud or China, where AWS Backup has none: the snapshots stay in the standard tier', () => {
    // AWS Backup, "Amazon EBS and AWS Backup": the EBS archive tier "is not available in the China (Beijing), China (Ningxia), AWS GovCloud (US-East) and AWS GovCloud (US-West) Regions".
    const gov = book((c) => {
      const moved = JSON.parse(JSON.stringify(c).replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1').replaceAll('eu-central-1', 'us-gov-east-1'));
      Object.assign(c, moved, { account: { ...moved.account, partition: 'aws-us-gov' } });
      c.plans.gold.rules = { monthly: { schedule: 'cron(0 3 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365, optInToArchiveForSupportedResources: true } } };
      c.plans.gold.selections = { volumes: { resources: ['arn:aws-us-gov:ec2:*:*:volume/*'] } };
    });
    expect(gov).toContain('| `monthly` | `main` · us-gov-west-1 · account 111122223333 · no lock | 365 d (cold after 30 d; EBS: 365 d warm) | – |');
    expect(gov).not.toContain('archive tier');
  });

  it('says a restore from cold storage typically takes 4 hours more, for the types a rule moves there (found by the runbook incident audit)', () => {
    // AWS Backup, "Restore a backup by resource type": "Restoring from cold storage typically takes 4 hours more than restoring from warm storage".
    // The EFS and DynamoDB steps said nothing of it, while the kept cell said their recovery points go cold after 30 days.
    const cold = book((c) => {
      c.regionSettings = { optOut: [] };
      c.plans.gold.rules.monthly = { schedule: 'cron(0 3 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365 } };
    });
    const line = "Recovery points of rule `monthly`'s older than 30 d are in cold storage (the other rules' stay in warm storage): restoring one typically takes 4 hours more than restoring from warm storage.";
    expect(section(cold, 'EFS')).toContain(`; ItemsToRestore only for an item-level restore.\n\n${line}\n`);
    expect(section(cold, 'DynamoDB')).toContain(`\n\n${line}\n`);
    // RDS has no cold storage, EBS moves only with the archive opt-in, DynamoDB only when fully managed (core/limits movesToColdStorage).
    expect(section(cold, 'RDS')).not.toContain('cold storage');
    expect(section(cold, 'EBS')).not.toContain('cold storage');
    const notManaged = book((c) => {
      c.regionSettings = { optOut: [], management: { DynamoDB: false } };
      c.plans.gold.rules.monthly = { schedule: 'cron(0 3 1 * ? *)', lifecycle: { coldStorageAfterDays: 30, deleteAfterDays: 365 } };
    });
    expect(section(notManaged, 'DynamoDB')).not.toContain('cold storage');
    expect(section(book(), 'EFS')).not.toContain('cold storage');
  });

  it('tells how to add the DB instance an Aurora restore leaves out: AWS Backup restores the cluster only', () => {
    // AWS Backup, "Restoring an Amazon Aurora cluster": "it does not create or attach an Amazon RDS instance to your cluster".
    const aurora = section(book(), 'Aurora');
    expect(aurora).toContain(
      [
        'The restore job creates the Aurora cluster without a DB instance (AWS Backup does not create or attach one): once the cluster is available, add its writer, with the engine of the restored cluster:',
        '',
        '```sh',
        'aws rds create-db-instance --region eu-west-1 --db-cluster-identifier RESTORED_CLUSTER_ID --db-instance-identifier NEW_INSTANCE_ID --db-instance-class DB_INSTANCE_CLASS --engine ENGINE',
        '```',
      ].join('\n'),
    );
    expect(section(book(), 'RDS')).not.toContain('create-db-instance');
  });

  it('tells how to add the instance a DocumentDB restore may leave out: a cluster snapshot restores the cluster only (found by the runbook incident audit)', () => {
    // Amazon DocumentDB Developer Guide, "Restoring from a cluster snapshot": "This action restores only the cluster, and not the instances for
    // that cluster. You must invoke the create-db-instance action". The DocumentDB steps ended at start-restore-job: a cluster nothing can connect to.
    expect(section(book(), 'DocumentDB')).toContain(
      [
        'A restore from a DocumentDB cluster snapshot creates the cluster only ("not the instances for that cluster"): once the cluster is available and if it has no instance, add one:',
        '',
        '```sh',
        'aws docdb create-db-instance --region eu-west-1 --db-cluster-identifier RESTORED_CLUSTER_ID --db-instance-identifier NEW_INSTANCE_ID --db-instance-class DB_INSTANCE_CLASS --engine docdb',
        '```',
      ].join('\n'),
    );
  });

  it('names the DynamoDB key of the new table: targetTableName', () => {
    // AWS Backup restores a DynamoDB backup into a new table; "Restore testing inferred metadata" names its key targetTableName.
    expect(section(book(), 'DynamoDB')).toContain('Metadata: targetTableName (the name of the new table the restore creates: one not in use in the Region); encryptionType and kmsMasterKeyArn to choose its key.');
  });
});
