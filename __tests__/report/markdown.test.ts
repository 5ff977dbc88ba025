/**
 * The Markdown report. The single-account example is compared byte for byte with
 * __tests__/fixtures/report/single-account.md (its compliance.json is the fixture
 * single-account.compliance.json, so that changes to the rule pack do not change this report).
 * After a deliberate change to the report, regenerate the fixture and report/SAMPLE.md with:
 *
 *     UPDATE_REPORT_FIXTURES=1 npx jest __tests__/report/markdown
 *
 * and review the diff of both files.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffPostures } from '../../report/diff';
import { postureJson, postureMarkdown, REPORT_MARKER } from '../../report/markdown';
import { readPosture } from '../../report/posture';
import type { Posture } from '../../report/posture-model';
import { ROOT } from '../support/cli';
import { editedExample, editedPosture, examplePosture, exampleSynthDir, FIXTURES_DIR, synthDir } from './helpers';

const GOLDEN = join(FIXTURES_DIR, 'single-account.md');
const SAMPLE = join(ROOT, 'report', 'SAMPLE.md');
/** report/SAMPLE.md: this introduction, then the single-account report exactly. */
const SAMPLE_INTRO = [
  '# Sample backup posture report',
  '',
  'What `backup-estate report --config examples/single-account.yaml` prints (Markdown, for a pull request',
  'comment), with the compliance findings of `__tests__/fixtures/report/single-account.compliance.json`.',
  'Generated, with `__tests__/fixtures/report/single-account.md`, by',
  '`UPDATE_REPORT_FIXTURES=1 npx jest __tests__/report/markdown`; a test keeps both identical.',
  'With `--base`, a Regressions table (before -> after) and an Improvements table follow the summary line.',
  '',
  '---',
  '',
  '',
].join('\n');

function singleAccountWithFindings(): Posture {
  const dir = exampleSynthDir('single-account.yaml');
  copyFileSync(join(FIXTURES_DIR, 'single-account.compliance.json'), join(dir, 'compliance.json'));
  return readPosture(dir, { source: 'examples/single-account.yaml' });
}

describe('postureMarkdown of examples/single-account.yaml', () => {
  let markdown: string;
  beforeAll(() => {
    markdown = postureMarkdown(singleAccountWithFindings());
    if (process.env.UPDATE_REPORT_FIXTURES === '1') {
      writeFileSync(GOLDEN, markdown);
      writeFileSync(SAMPLE, `${SAMPLE_INTRO}${markdown}`);
    }
  });

  it('is exactly the fixture (regenerate deliberately with UPDATE_REPORT_FIXTURES=1)', () => {
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is the sample the README links (report/SAMPLE.md)', () => {
    expect(readFileSync(SAMPLE, 'utf8')).toBe(`${SAMPLE_INTRO}${readFileSync(GOLDEN, 'utf8')}`);
  });

  it('starts with the marker, the title and the summary line', () => {
    expect(markdown.split('\n').slice(0, 4)).toEqual([REPORT_MARKER, '## Backup posture', '', '**1 stack · 2 plans · 0 errors · 4 warnings · 2 suppressed · 5 config warnings · regressions not checked (no base)**']);
  });

  it('has a table per plan: rule | schedule | worst-case RPO | warm / cold retention | copies | vault lock', () => {
    expect(markdown).toContain('| rule | schedule | worst-case RPO | warm / cold retention | copies | vault lock |');
    expect(markdown).toContain('| `daily` | every day at 05:00 UTC | 28 h | 35 d / – | – | `workload-prod-main` governance 7-400 d |');
    // Tag selections reach types that ignore cold storage (and EBS without the archive opt-in): they stay warm (found by the report audit).
    expect(markdown).toContain('| `monthly` | on day 1 of every month at 05:00 UTC | 31 d 4 h | 30 d / 335 d (types without cold storage: 365 d warm) | – | `workload-prod-main` governance 7-400 d |');
    expect(markdown).toContain('| `daily` | every day at 03:00 Europe/Dublin | 30 h | 14 d / – | – | `workload-prod-main` governance 7-400 d |');
    expect(markdown).toContain('Selection `tagged-silver`: every resource whose tags match backup = silver.');
  });

  it('lists findings (open first, with plan names) and suppressions', () => {
    expect(markdown).toContain('- **warning** `SECURITY-HUB-BACKUP-2` plan `gold`: rules daily, weekly of plan "gold" set no recovery_point_tags');
    expect(markdown).toContain('- suppressed error `AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION` plan `silver`: ');
    expect(markdown.indexOf('**warning**')).toBeLessThan(markdown.indexOf('suppressed error'));
    expect(markdown).toContain('- `AWS-CONFIG-BACKUP-RECOVERY-POINT-MINIMUM-RETENTION` on `aws_backup_plan.plan-silver_plan_AC71515B` (every stack): silver is the short-retention tier');
  });

  it('says "compliance not run" without compliance.json, and warns about an unreadable one', () => {
    const posture = examplePosture('single-account.yaml');
    expect(postureMarkdown(posture)).toContain('**1 stack · 2 plans · compliance not run · regressions not checked (no base)**');
    const unreadable: Posture = { ...posture, compliance: { ...posture.compliance, status: 'unreadable', problem: 'compliance.json has no findings array' } };
    const text = postureMarkdown(unreadable);
    expect(text).toContain('compliance unreadable');
    expect(text).toContain('> compliance.json could not be read: compliance.json has no findings array');
  });

  it('is the same bytes for the same input', () => {
    expect(postureMarkdown(singleAccountWithFindings())).toBe(markdown);
  });
});

describe('postureMarkdown of examples/multi-region.yaml', () => {
  let base: Posture;
  beforeAll(() => {
    base = examplePosture('multi-region.yaml');
  });

  it('shows copies with destination, retention and lock, and the continuous rule', () => {
    const markdown = postureMarkdown(base);
    expect(markdown).toContain('### payments-prod · 111122223333 · eu-west-1');
    expect(markdown).toContain(
      '| `daily` | every day at 05:00 UTC | 28 h | 35 d / – | `payments-dr` (eu-central-1): 35 d · compliance 30-400 d (grace 3 d) | `payments-primary` governance 7-400 d |',
    );
    expect(markdown).toContain('| `continuous` | continuous; every day at 01:00 UTC (snapshots only of types without continuous backup) | 28 h (snapshots of types without continuous backup; 5 min for the others) | 14 d / – | – | `payments-pitr` no lock |');
    expect(markdown).toContain('| `daily` | every day at 01:00 America/New_York | 29 h | 35 d / – | `payments-dr` (us-west-2): 35 d · compliance 30-400 d (grace 3 d) | `payments-primary` governance min 7 d |');
    expect(markdown).toContain('Stack `payments-prod-eu-west-1` (workload) · vaults: `payments-pitr` no lock, `payments-primary` governance 7-400 d\n');
    expect(markdown).toContain('Stack `payments-prod-eu-central-1` (workload) · vaults: `payments-dr` compliance 30-400 d (grace 3 d)\n\nNo backup plan in this stack.');
    expect(markdown).toContain('Stack `payments-prod-us-west-2` (workload) · vaults: `payments-air-gapped` air-gapped 30-2000 d, `payments-dr` compliance 30-400 d (grace 3 d)\n\nNo backup plan in this stack.');
  });

  it('puts the regressions first, with before -> after, and counts them in the summary', () => {
    const head = editedPosture('multi-region.yaml', (document) => document.deleteIn(['plans', 'eu-critical', 'rules', 'daily', 'copies']));
    const markdown = postureMarkdown(head, { diff: diffPostures(base, head), baseLabel: 'examples/multi-region.yaml' });
    expect(markdown).toContain('· 1 regression**');
    expect(markdown).toContain(
      [
        '### Regressions (1) against `examples/multi-region.yaml`',
        '',
        '| stack | what | change | before -> after |',
        '| --- | --- | --- | --- |',
        '| `payments-prod-eu-west-1` | plan `payments-critical` · rule `daily` | copy to `payments-dr` (eu-central-1) removed | 35 d -> none |',
      ].join('\n'),
    );
    expect(markdown.indexOf('### Regressions')).toBeLessThan(markdown.indexOf('### payments-prod'));
    // The reverse change is an improvement, and no regression.
    const reverse = postureMarkdown(base, { diff: diffPostures(head, base), baseLabel: 'old.yaml' });
    expect(reverse).toContain('No regression against `old.yaml`.');
    expect(reverse).toContain('### Improvements (1)');
    expect(reverse).toContain('· 0 regressions**');
  });
});

describe('postureMarkdown of a removed stack', () => {
  it('lists the removed stacks first, before the regressions, and counts them in the summary', () => {
    const base = examplePosture('organization.yaml');
    const head: Posture = { ...base, stacks: base.stacks.filter((stack) => !stack.name.startsWith('orders-')) };
    const markdown = postureMarkdown(head, { diff: diffPostures(base, head), baseLabel: 'base/cdktf.out' });
    expect(markdown).toContain('**7 stacks · 2 plans · 3 policy plans · compliance not run · 6 regressions · 2 stacks removed**');
    expect(markdown).toContain(
      [
        '### Removed stacks (2) against `base/cdktf.out`',
        '',
        'No pipeline plans a stack that is no longer synthesized: what it created stays in AWS and in its Terraform state, managed by nothing, unless it was destroyed first. `backup-estate guard --base` blocks such a removal when the stack holds vaults, keys, locks or policies.',
        '',
        '| stack | kind | account · Region | what it held |',
        '| --- | --- | --- | --- |',
        '| `orders-eu-west-1` | workload | orders · 444444444444 · eu-west-1 | vaults: `baseline` no lock, `workload-main` governance 7-400 d · 1 plan |',
        '| `orders-us-east-1` | workload | orders · 444444444444 · us-east-1 | vaults: `baseline` no lock, `workload-main` governance 7-400 d · 1 plan |',
        '',
        '### Regressions (6) against `base/cdktf.out`',
        '',
        '| stack | what | change | before -> after |',
        '| --- | --- | --- | --- |',
        '| `orders-eu-west-1` | plan `gold` | plan removed | 2 rules, RPO 28 h -> none |',
        '| `orders-eu-west-1` | vault `baseline` (eu-west-1) | vault removed | no lock -> none |',
      ].join('\n'),
    );
    const withoutManagement: Posture = { ...base, stacks: base.stacks.filter((stack) => stack.kind !== 'management') };
    expect(postureMarkdown(withoutManagement, { diff: diffPostures(base, withoutManagement) })).toContain(
      '| `management-us-east-1` | management | management · 111111111111 · us-east-1 | no vault · 0 plans · 3 Organizations backup policies |',
    );
  });
});

describe('postureMarkdown of examples/organization.yaml', () => {
  it('lists the Organizations policies, the central vaults and cross-account copies', () => {
    const markdown = postureMarkdown(examplePosture('organization.yaml'));
    expect(markdown).toContain('**9 stacks · 4 plans · 3 policy plans · compliance not run · regressions not checked (no base)**');
    expect(markdown).toContain('| `baseline` | `silver` | eu-west-1, us-east-1 | ou-a1b2-workload1 |');
    expect(markdown).toContain('| `weekly-archive` | `weekly-archive` | eu-west-1, us-east-1 | analytics (555555555555) |');
    expect(markdown).toContain('**Policy `baseline` plan `silver`** (eu-west-1, us-east-1) · worst-case RPO 28 h');
    expect(markdown).toContain('| `daily` | every day at 00:00 UTC | 28 h | 14 d / – | – | `baseline` in each account |');
    expect(markdown).toContain('Stack `central-eu-west-1` (central) · vaults: `org-air-gapped` air-gapped 7-400 d, `org-central-backup` compliance 7-400 d (grace 3 d)');
    expect(markdown).toContain(
      '`org-air-gapped` (eu-west-1, account backup 222222222222): 365 d · air-gapped 7-400 d<br>`org-central-backup` (eu-west-1, account backup 222222222222): 365 d · compliance 7-400 d (grace 3 d)',
    );
    expect(markdown).toContain('No backup plan of its own: the Organizations backup policies attached to the account or its unit apply.');
  });
});

describe('postureJson', () => {
  it('holds the posture and the diff (null without a base)', () => {
    const posture = examplePosture('single-account.yaml');
    const parsed = JSON.parse(postureJson(posture)) as { version: number; posture: Posture; diff: unknown };
    expect(parsed.version).toBe(1);
    expect(parsed.diff).toBeNull();
    expect(parsed.posture).toEqual(posture);
    const withDiff = JSON.parse(postureJson(posture, diffPostures(posture, posture))) as { diff: unknown };
    expect(withDiff.diff).toEqual({ removedStacks: [], regressions: [], improvements: [], cost: { before: null, after: null, unpricedBefore: 8, unpricedAfter: 8 } });
    expect(postureJson(posture).endsWith('}\n')).toBe(true);
  });
});

describe('silence alarms without alerts', () => {
  it('say next to the alarm that it notifies no one: it has no alarm action', () => {
    const markdown = postureMarkdown(editedPosture('single-account.yaml', (document) => document.delete('alerts')));
    expect(markdown).toContain('- `workload-prod-main` (plans `gold`, `silver`): alarms after 28 h without a completed backup job, but **notifies no one** (no `alerts`)');
    // With alerts the alarm notifies the topic: no such words.
    expect(postureMarkdown(examplePosture('single-account.yaml'))).not.toContain('notifies no one');
  });

  it('say so too when the topic has no subscriber, or every subscription filters alarm notifications out (they carry no message attributes)', () => {
    const line = '- `workload-prod-main` (plans `gold`, `silver`): alarms after 28 h without a completed backup job, but **notifies no one**: no subscription of its topic receives alarm notifications;';
    expect(postureMarkdown(editedPosture('single-account.yaml', (document) => document.setIn(['alerts', 'subscriptions'], document.createNode({}))))).toContain(line);
    const attributeFilter = { ops: { protocol: 'email', endpoint: 'ops@example.com', filterPolicy: { State: ['FAILED'] } } };
    expect(postureMarkdown(editedPosture('single-account.yaml', (document) => document.setIn(['alerts', 'subscriptions'], document.createNode(attributeFilter))))).toContain(line);
    // A body filter on the alarm JSON may let them through: no such words.
    const bodyFilter = { ops: { protocol: 'email', endpoint: 'ops@example.com', filterPolicy: { NewStateValue: ['ALARM'] }, filterPolicyScope: 'MessageBody' } };
    expect(postureMarkdown(editedPosture('single-account.yaml', (document) => document.setIn(['alerts', 'subscriptions'], document.createNode(bodyFilter))))).not.toContain('notifies no one');
  });
});

describe('a silence alarm several plans share', () => {
  it('says that one plan can stop unseen while another runs', () => {
    expect(postureMarkdown(examplePosture('single-account.yaml'))).toContain(
      '- `workload-prod-main` (plans `gold`, `silver`): alarms after 28 h without a completed backup job; these plans share this one alarm: one can stop unseen while another still completes jobs here',
    );
  });
});

describe('Region settings (found by the report audit)', () => {
  it('name the types opted out that the plans select by tags or "*", and say when the config does not manage them', () => {
    expect(postureMarkdown(examplePosture('single-account.yaml'))).toContain('Region settings: every resource type the plans here can select is opted in.\n');
    expect(postureMarkdown(editedPosture('single-account.yaml', (document) => document.setIn(['regionSettings', 'optOut'], document.createNode(['EBS', 'RDS']))))).toContain(
      'Region settings: **EBS, RDS opted out**: AWS Backup skips the resources of these types that the plans here select by tags, `"*"`, an ARN of the service only (`arn:aws:ec2:*`), an ARN pattern of part of a type (`arn:aws:s3:::prod*`) or a shared ARN shape (no backup job, no failure).\n',
    );
    expect(postureMarkdown(editedPosture('single-account.yaml', (document) => document.delete('regionSettings')))).toContain(
      'Region settings: **not managed by this config** (no `regionSettings`): the account\'s own opt-ins decide whether AWS Backup backs up what the plans here select by tags, `"*"`, an ARN of the service only (`arn:aws:ec2:*`), an ARN pattern of part of a type (`arn:aws:s3:::prod*`) or a shared ARN shape; not judged here.\n',
    );
  });
});

// With its selection by ARN, gold may take a resource tagged backup = silver, whose silver job (03:00 Dublin, 240 min) may hold it
// when monthly's start window ends: validate warns 'may make no backup on 96 of its 96 runs', so the row is never 31 d 4 h.
const MONTHLY_HELD =
  '| `monthly` | on day 1 of every month at 05:00 UTC | unbounded (a job of another plan whose selections may take the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup) | 30 d / 335 d | – |';

describe('cold storage of a plan that selects by ARN (found by the report audit)', () => {
  it('names the selected types that stay warm, and nothing when every selected type moves to cold storage', () => {
    const only = (resources: string[], archive: boolean) =>
      postureMarkdown(
        editedPosture('single-account.yaml', (document) => {
          document.setIn(['plans', 'gold', 'selections', 'tagged-gold'], document.createNode({ resources }));
          document.setIn(['plans', 'gold', 'rules', 'monthly', 'lifecycle', 'optInToArchiveForSupportedResources'], archive);
        }),
      );
    expect(only(['arn:aws:rds:eu-west-1:111122223333:db:orders', 'arn:aws:ec2:eu-west-1:111122223333:volume/*'], false)).toContain('| 30 d / 335 d (EBS, RDS: 365 d warm) |');
    expect(only(['arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/*', 'arn:aws:ec2:eu-west-1:111122223333:volume/*'], true)).toContain(MONTHLY_HELD);
  });

  // Found by the review: DynamoDB moves to cold storage only with advanced DynamoDB backup (Region settings management).
  it('names DynamoDB among the types that stay warm when the Region settings turn its full management off, and not when they leave it on', () => {
    const tables = (managed: boolean) =>
      postureMarkdown(
        editedPosture('single-account.yaml', (document) => {
          document.setIn(['plans', 'gold', 'selections', 'tagged-gold'], document.createNode({ resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/*'] }));
          document.setIn(['regionSettings', 'management'], document.createNode({ DynamoDB: managed }));
        }),
      );
    expect(tables(false)).toContain('| 30 d / 335 d (DynamoDB: 365 d warm) |');
    expect(tables(true)).toContain(MONTHLY_HELD);
  });

  // Found by the lifecycle audit: the copies cell said "30 d + 335 d cold" of a copy of RDS snapshots, which AWS keeps warm, while the runbook's kept cell named RDS.
  it('names the selected types that stay warm in a copy whose own lifecycle moves it to cold storage, as the runbook does', () => {
    const markdown = postureMarkdown(
      editedPosture('multi-region.yaml', (document) => {
        document.setIn(['plans', 'eu-critical', 'selections', 'critical'], document.createNode({ resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] }));
        document.setIn(['plans', 'eu-critical', 'rules', 'monthly', 'copies', 'eu-dr', 'lifecycle'], document.createNode({ coldStorageAfterDays: 30, deleteAfterDays: 365 }));
      }),
    );
    expect(markdown).toContain('`payments-dr` (eu-central-1): 30 d + 335 d cold (RDS: 365 d warm) · compliance 30-400 d (grace 3 d)');
  });

  // AWS Backup, "Amazon EBS and AWS Backup": the EBS archive tier for cold storage "is not available in the China (Beijing), China (Ningxia), AWS GovCloud (US-East) and AWS GovCloud (US-West) Regions".
  it('names EBS among the types that stay warm in GovCloud, where AWS Backup has no EBS archive tier, archive opt-in or not', () => {
    const path = editedExample('single-account.yaml', (document) => {
      document.setIn(['account', 'partition'], 'aws-us-gov');
      document.setIn(['plans', 'gold', 'selections', 'tagged-gold'], document.createNode({ resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/*'] }));
      document.setIn(['plans', 'gold', 'rules', 'monthly', 'lifecycle', 'optInToArchiveForSupportedResources'], true);
    });
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1'));
    expect(postureMarkdown(readPosture(synthDir(path, { acceptComplianceErrors: true }), { source: path }))).toContain('| 30 d / 335 d (EBS: 365 d warm) |');
  });
});
