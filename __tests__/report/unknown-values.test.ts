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
  const json = JSON.parse(readFileSync(path, 'utf8')) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  edit(json.resource);
  writeFileSync(path, JSON.stringify(json));
  return dir;
}

const goldRules = (resources: Record<string, Record<string, Record<string, unknown>>>) => resources.aws_backup_plan['plan-gold_plan_374B848C'].rule as Record<string, Record<string, unknown>>[];
const ruleRow = (markdown: string, name: string) => markdown.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));

describe('a delete_after that is a Terraform reference', () => {
  const base = readPosture(exampleSynthDir('single-account.yaml'), { source: 'base' });
  const head = readPosture(
    editedSynthDir((resources) => {
      goldRules(resources)[0].lifecycle = { delete_after: '${var.days}' };
    }),
    { source: 'head' },
  );

  it('reads as known only at apply, never kept forever', () => {
    expect(ruleRow(postureMarkdown(head), 'daily')).toBe('| `daily` | every day at 05:00 UTC | 28 h | known only at apply (delete_after is a reference) | – | `workload-prod-main` governance 7-400 d |');
  });

  it('is a regression of the diff, not a longer retention', () => {
    const diff = diffPostures(base, head);
    const changes = [...diff.regressions, ...diff.improvements].filter((change) => change.area === 'retention');
    expect(changes).toEqual([{ kind: 'regression', area: 'retention', stack: STACK, subject: 'plan `gold` · rule `daily`', what: 'retention known only at apply', before: '35 d', after: 'known only at apply (delete_after is a reference)' }]);
  });
});
