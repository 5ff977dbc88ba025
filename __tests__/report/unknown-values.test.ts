/**
 * The posture report over Terraform values known only at apply (references, count, dynamic
 * blocks), as a hand-written aws_backup_* resource in a cdktf app writes them: never read as sound.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffPostures } from '../../report/diff';
import { postureMarkdown } from '../../report/markdown';
import { readPosture } from '../../report/posture';
import { exampleSynthDir } from './helpers';

const STACK = 'workload-prod-eu-west-1';

/** The single-account example's synth dir with `edit` applied to its workload stack's resources. */
function editedSynthDir(edit: (resources: Record<string, Record<string, Record<string, unknown>>>) => void): string {
  const dir = exampleSynthDir('single-account.yaml');
  const path = join(dir, 'stacks', STACK, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  edit(json.resource);
  writeFileSync(path, JSON.stringify(json));
  return dir;
}

const goldRules = (resources: Record<string, Record<string, Record<string, unknown>>>) => resources.aws_backup_plan['plan-gold_plan_374B848C'].rule as Record<string, Record<string, unknown>>[];
/** Built on first use, inside a test: describe bodies run when jest collects the file, even for tests it then skips. */
const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};
const base = once(() => readPosture(exampleSynthDir('single-account.yaml'), { source: 'base' }));
const ruleRow = (markdown: string, name: string) => markdown.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));

describe('a delete_after that is a Terraform reference', () => {
  const head = once(() =>
    readPosture(
      editedSynthDir((resources) => {
        goldRules(resources)[0].lifecycle = { delete_after: '${var.days}' };
      }),
      { source: 'head' },
    ),
  );

  it('reads as known only at apply, never kept forever', () => {
    expect(ruleRow(postureMarkdown(head()), 'daily')).toBe('| `daily` | every day at 05:00 UTC | 28 h | known only at apply (delete_after is a reference) | – | `workload-prod-main` governance 7-400 d |');
  });

  it('is a regression of the diff, not a longer retention', () => {
    const diff = diffPostures(base(), head());
    const changes = [...diff.regressions, ...diff.improvements].filter((change) => change.area === 'retention');
    expect(changes).toEqual([
      {
        kind: 'regression',
        area: 'retention',
        stack: STACK,
        subject: 'plan `gold` · rule `daily`',
        what: 'retention known only at apply',
        before: '35 d',
        after: 'known only at apply (delete_after is a reference)',
      },
    ]);
  });
});

describe('a start_window that is a Terraform reference', () => {
  const markdown = once(() =>
    postureMarkdown(
      readPosture(
        editedSynthDir((resources) => {
          (goldRules(resources)[0] as Record<string, unknown>).start_window = '${var.start_window}';
        }),
        { source: 'head' },
      ),
    ),
  );

  it("reads the rule's and the plan's worst-case RPO as known only at apply, never computed with AWS's default window", () => {
    expect(ruleRow(markdown(), 'daily')).toBe('| `daily` | every day at 05:00 UTC | known only at apply (start_window or completion_window is a reference) | 35 d / – | – | `workload-prod-main` governance 7-400 d |');
    expect(markdown()).toContain('worst-case RPO known only at apply (the windows of rule `daily` are references)');
  });
});

describe('a lock configuration or selection with a count or for_each', () => {
  const head = once(() =>
    readPosture(
      editedSynthDir((resources) => {
        resources.aws_backup_vault_lock_configuration['vault-main_lock_049CE7B4'].count = 0;
        resources.aws_backup_vault_lock_configuration['vault-archive_lock_DF47FEBA'].count = '${var.lock ? 1 : 0}';
        resources.aws_backup_selection['plan-gold_selection-tagged-gold_selection_6DBBB6AF'].count = 0;
        resources.aws_backup_selection['plan-silver_selection-tagged-silver_selection_BCDC6EFA'].for_each = '${var.envs}';
      }),
      { source: 'head' },
    ),
  );
  const markdown = once(() => postureMarkdown(head()));

  it('reads count 0 as no lock and no selection, and a reference as known only at apply', () => {
    expect(markdown()).toContain('Stack `workload-prod-eu-west-1` (workload) · vaults: `workload-prod-archive` governance 365-2600 d (only if its count or for_each, known only at apply, makes it), `workload-prod-main` no lock\n');
    expect(ruleRow(markdown(), 'weekly')).toBe('| `weekly` | every Sunday at 05:00 UTC | 7 d 4 h | 90 d / – | – | `workload-prod-main` no lock |');
    expect(markdown()).toContain('Selections: none (the plan backs up nothing).\n');
    expect(markdown()).toContain('Selection `tagged-silver`: every resource whose tags match backup = silver (only if its for_each, known only at apply, makes the selection: it may make none).\n');
  });

  it('is a regression of the diff', () => {
    const { regressions } = diffPostures(base(), head());
    expect(regressions.map((change) => `${change.subject} | ${change.what} | ${change.before} -> ${change.after}`)).toEqual([
      'plan `gold` · selection `tagged-gold` | selection removed | resources tagged backup = gold -> none',
      'plan `silver` · selection `tagged-silver` | selection known only at apply: its count or for_each may make none | every resource whose tags match backup = silver -> every resource whose tags match backup = silver (only if its for_each, known only at apply, makes the selection: it may make none)',
      'vault `workload-prod-archive` (eu-west-1) | vault lock known only at apply: its count or for_each may make none | governance 365-2600 d -> governance 365-2600 d (only if its count or for_each, known only at apply, makes it)',
      'vault `workload-prod-main` (eu-west-1) | vault lock removed | governance 7-400 d -> no lock',
    ]);
  });
});

describe('plan rules, lifecycles and copies written as Terraform dynamic blocks', () => {
  const head = once(() =>
    readPosture(
      editedSynthDir((resources) => {
        const [daily] = goldRules(resources);
        delete daily.lifecycle;
        daily.dynamic = {
          lifecycle: {
            for_each: '${var.lc}',
            content: { delete_after: '${lifecycle.value}' },
          },
          copy_action: {
            for_each: '${var.copies}',
            content: { destination_vault_arn: '${copy_action.value}' },
          },
        };
        const silver = resources.aws_backup_plan['plan-silver_plan_AC71515B'];
        const [rule] = silver.rule as unknown[];
        delete silver.rule;
        silver.dynamic = { rule: { for_each: '${var.rules}', content: rule } };
      }),
      { source: 'head' },
    ),
  );
  const markdown = once(() => postureMarkdown(head()));

  it('reads them as known only at apply: never kept forever, no copy, no empty table', () => {
    expect(ruleRow(markdown(), 'daily')).toBe(
      '| `daily` | every day at 05:00 UTC | 28 h | known only at apply (lifecycle is a Terraform dynamic block) | known only at apply (dynamic "copy_action" block) | `workload-prod-main` governance 7-400 d |',
    );
    expect(markdown()).toContain(
      '**Plan `silver`** · worst-case RPO known only at apply (its rules are a Terraform dynamic "rule" block, expanded only at apply)\n\nSelection `tagged-silver`: every resource whose tags match backup = silver.\n',
    );
  });

  it('calls a dynamic lifecycle a regression of the diff, not a longer retention', () => {
    const diff = diffPostures(base(), head());
    expect([...diff.regressions, ...diff.improvements].filter((change) => change.area === 'retention').map((change) => `${change.kind} ${change.what}: ${change.before} -> ${change.after}`)).toEqual([
      'regression retention known only at apply: 35 d -> known only at apply (lifecycle is a Terraform dynamic block)',
    ]);
  });
});
