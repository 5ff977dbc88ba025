/**
 * The config's own warnings in the posture report: synth records validate's warnings in compliance.json (configWarnings), the report
 * reads them from there and shows them after the findings (grouped by text when many), in the JSON, and, against a base, which are new.
 * Before, a report over a config validate warned about showed none of it (`report --synth-dir` could not see them at all).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigFile } from '../../config';
import { formatProblem } from '../../config/issues';
import { diffPostures } from '../../report/diff';
import { postureJson, postureMarkdown } from '../../report/markdown';
import { readPosture } from '../../report/posture';
import type { Posture } from '../../report/posture-model';
import { runCommand } from '../support/cli';
import { runReport } from '../../cli/report';
import { EXAMPLES_DIR } from '../support/examples';
import { editedExample, exampleSynthDir, synthDir } from './helpers';

const COLD =
  'applies only to DynamoDB, EBS (with optInToArchiveForSupportedResources), EFS, Timestream, VirtualMachine; selection tagged-gold selects by tags or "*" and may select resources of other types (EC2, RDS, Aurora, DocumentDB, Neptune, S3, FSx, Redshift, Storage Gateway, SAP HANA on Amazon EC2, CloudFormation, EKS, DSQL), which stay in warm storage until deleted';
const ARCHIVE = 'is needed for EBS snapshots to move to cold storage (archive tier): selection tagged-gold selects by tags or "*" and may select EBS resources';
const FILTER = 'filters on message attributes: the EventBridge rule messages and CloudWatch alarm notifications of the topic carry none, so this subscriber receives only the vault notifications that match';
const INTRO = 'What `validate` warns about this config: caveats of the posture above (what AWS may do otherwise than the file says), not verdicts.';

/** single-account.yaml with two more cold-storage rules in plan gold: four fields share each of its two cold-storage warnings. */
function editedConfig(): string {
  return editedExample('single-account.yaml', (document) => {
    document.setIn(['plans', 'gold', 'rules', 'q1'], document.createNode({ preset: 'monthly-1y-cold', schedule: 'cron(0 13 1 * ? *)' }));
    document.setIn(['plans', 'gold', 'rules', 'q2'], document.createNode({ preset: 'monthly-1y-cold', schedule: 'cron(0 17 1 * ? *)' }));
  });
}

const postureOf = (config: string, source: string): Posture => readPosture(synthDir(config, { keepCompliance: true }), { source });

describe('config warnings in the synth dir', () => {
  it('synth writes validate\'s warnings (path and message, in its order) into compliance.json, after the findings and suppressions', () => {
    const dir = exampleSynthDir('single-account.yaml', { keepCompliance: true });
    const written = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8'));
    expect(Object.keys(written)).toEqual(['version', 'findings', 'suppressions', 'configWarnings']);
    expect(written.configWarnings).toEqual([
      { path: 'plans.gold.rules.monthly.lifecycle.coldStorageAfterDays', message: COLD },
      { path: 'plans.gold.rules.monthly.lifecycle.optInToArchiveForSupportedResources', message: ARCHIVE },
      { path: 'plans.gold.rules.yearly.lifecycle.coldStorageAfterDays', message: COLD },
      { path: 'plans.gold.rules.yearly.lifecycle.optInToArchiveForSupportedResources', message: ARCHIVE },
      { path: 'alerts.subscriptions.audit-trail.filterPolicy', message: FILTER },
    ]);
    // The same lines validate prints (one formatter: config/issues.ts formatProblem; synthesize's check is checkConfigFile's).
    const check = checkConfigFile(join(EXAMPLES_DIR, 'single-account.yaml'));
    expect(written.configWarnings.map((warning: { path: string; message: string }) => formatProblem({ ...warning, severity: 'warning' }))).toEqual(check.warnings.map(formatProblem));
  });
});

describe('config warnings in the posture report', () => {
  let head: Posture;
  let base: Posture;
  beforeAll(() => {
    head = postureOf(editedConfig(), 'edited.yaml');
    // The example's synth is made once per run (exampleSynthDir), as the first test's.
    base = readPosture(exampleSynthDir('single-account.yaml', { keepCompliance: true }), { source: 'base.yaml' });
  });

  it('counts them on the summary line and lists them after the findings, one line for a text more than 3 fields share', () => {
    const markdown = postureMarkdown(head);
    expect(markdown.split('\n')[3]).toBe('**1 stack · 2 plans · 0 errors · 4 warnings · 2 suppressed · 9 config warnings · regressions not checked (no base)**');
    expect(markdown.slice(markdown.indexOf('### Config warnings'))).toBe(
      [
        '### Config warnings',
        '',
        INTRO,
        '',
        `- warning plans.gold.rules.monthly.lifecycle.coldStorageAfterDays, plans.gold.rules.yearly.lifecycle.coldStorageAfterDays, plans.gold.rules.q1.lifecycle.coldStorageAfterDays and 1 more: ${COLD} (4 fields)`,
        `- warning plans.gold.rules.monthly.lifecycle.optInToArchiveForSupportedResources, plans.gold.rules.yearly.lifecycle.optInToArchiveForSupportedResources, plans.gold.rules.q1.lifecycle.optInToArchiveForSupportedResources and 1 more: ${ARCHIVE} (4 fields)`,
        `- warning alerts.subscriptions.audit-trail.filterPolicy: ${FILTER}`,
        '',
      ].join('\n'),
    );
    expect(markdown.indexOf('### Config warnings')).toBeGreaterThan(markdown.indexOf('Findings:'));
  });

  it('are in the JSON as the posture\'s compliance.configWarnings', () => {
    const json = JSON.parse(postureJson(head));
    expect(json.posture.compliance.configWarnings).toHaveLength(9);
    expect(json.posture.compliance.configWarnings[6]).toEqual({ path: 'plans.gold.rules.q2.lifecycle.coldStorageAfterDays', message: COLD });
  });

  it('against a base, marks those the base has not as new, and counts none as a regression', () => {
    const diff = diffPostures(base, head);
    expect(diff.regressions).toEqual([]);
    expect(diff.newConfigWarnings?.map((warning) => warning.path)).toEqual([
      'plans.gold.rules.q1.lifecycle.coldStorageAfterDays',
      'plans.gold.rules.q1.lifecycle.optInToArchiveForSupportedResources',
      'plans.gold.rules.q2.lifecycle.coldStorageAfterDays',
      'plans.gold.rules.q2.lifecycle.optInToArchiveForSupportedResources',
    ]);
    const markdown = postureMarkdown(head, { diff, baseLabel: 'base.yaml' });
    expect(markdown).toContain(`and 1 more: ${COLD} (4 fields) (new against base.yaml)\n`);
    expect(markdown).toContain(`and 1 more: ${ARCHIVE} (4 fields) (new against base.yaml)\n`);
    expect(markdown).toContain(`- warning alerts.subscriptions.audit-trail.filterPolicy: ${FILTER}\n`);
    expect(JSON.parse(postureJson(head, diff)).diff.newConfigWarnings).toHaveLength(4);
    // The same warnings on both sides: nothing new, no field in the diff.
    expect(diffPostures(base, base).newConfigWarnings).toBeUndefined();
  });

  it('report --config shows them from the compliance.json of its temporary synth, as --synth-dir does', () => {
    const config = editedConfig();
    const run = runCommand(runReport, ['--config', config], join(config, '..'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`### Config warnings\n\n${INTRO}\n\n- warning plans.gold.rules.monthly.lifecycle.coldStorageAfterDays, `);
    expect(run.stdout).toContain(`- warning alerts.subscriptions.audit-trail.filterPolicy: ${FILTER}\n`);
  });
});
