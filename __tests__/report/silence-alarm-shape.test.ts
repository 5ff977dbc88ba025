/**
 * The silence alarm's two shapes, as the report and report --base read them (core/silence-alarm.ts). Found by the review of the
 * alarm's evaluation: on the bare metric (what the previous version synthesized, or a hand-written alarm) CloudWatch counts a real
 * data point anywhere in its evaluation range, longer than its window, so it fires some hours after the window the report stated;
 * on FILL(…, 0) every period has a value and it fires when the window ends.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffPostures, type PostureChange } from '../../report/diff';
import { postureMarkdown } from '../../report/markdown';
import { readPosture } from '../../report/posture';
import type { Posture } from '../../report/posture-model';
import { examplePosture, exampleSynthDir } from './helpers';

const STACK = 'workload-prod-eu-west-1';
const lines = (changes: readonly PostureChange[]) => changes.map((change) => `${change.stack} | ${change.subject} | ${change.what} | ${change.before} -> ${change.after}`);

type Alarm = Record<string, unknown> & { metric_query?: { id: string; metric?: Record<string, unknown> }[] };

/** examples/single-account.yaml with its silence alarm rewritten by `edit` (the copy of the synth dir is this test's own). */
function postureWithAlarm(edit: (alarm: Alarm) => Alarm): Posture {
  const dir = exampleSynthDir('single-account.yaml');
  const file = join(dir, 'stacks', STACK, 'cdk.tf.json');
  const stack = JSON.parse(readFileSync(file, 'utf8')) as { resource: Record<string, Record<string, Alarm>> };
  const alarms = stack.resource.aws_cloudwatch_metric_alarm ?? {};
  for (const [name, alarm] of Object.entries(alarms)) if (name.includes('silence')) alarms[name] = edit(alarm);
  writeFileSync(file, JSON.stringify(stack));
  return readPosture(dir, { source: 'examples/single-account.yaml' });
}

/** The alarm as the previous version synthesized it: the bare metric. */
const bareMetric = ({ metric_query: queries, ...alarm }: Alarm): Alarm => {
  const metric = queries?.find((query) => query.metric !== undefined)?.metric ?? {};
  return { ...alarm, namespace: metric.namespace, metric_name: metric.metric_name, dimensions: metric.dimensions, statistic: metric.stat, period: metric.period };
};

const watchOf = (posture: Posture) => posture.stacks.find((stack) => stack.name === STACK)?.silence?.find((watch) => watch.vault === 'workload-prod-main');
const LOWER_BOUND =
  '28 h without a completed backup job at the earliest (not exact: it reads the metric without FILL(…, 0), so CloudWatch still counts a completed job anywhere in its evaluation range, longer than this window, and fires only once that job has left it; synthesize the stack again)';

describe('a silence alarm on FILL(…, 0)', () => {
  it('states its window as when it fires', () => {
    const posture = examplePosture('single-account.yaml');
    expect(watchOf(posture)).toEqual({ vault: 'workload-prod-main', plans: ['gold', 'silver'], watched: true, windowMinutes: 28 * 60 });
    expect(postureMarkdown(posture)).toContain('- `workload-prod-main` (plans `gold`, `silver`): alarms after 28 h without a completed backup job;');
  });
});

describe('a silence alarm on the bare metric (synthesized by the previous version, or written by hand)', () => {
  it('states its window as the least it waits', () => {
    const posture = postureWithAlarm(bareMetric);
    expect(watchOf(posture)).toEqual({ vault: 'workload-prod-main', plans: ['gold', 'silver'], watched: true, windowMinutes: 28 * 60, windowLowerBound: true });
    expect(postureMarkdown(posture)).toContain(`- \`workload-prod-main\` (plans \`gold\`, \`silver\`): alarms after ${LOWER_BOUND}; these plans share this one alarm`);
  });

  it('so does a metric query that returns the metric itself; another expression of it is no silence alarm the report can vouch for', () => {
    const returned = postureWithAlarm((alarm) => ({ ...alarm, metric_query: [{ ...alarm.metric_query![0]!, return_data: true }] }));
    expect(watchOf(returned)).toMatchObject({ watched: true, windowLowerBound: true });
    const repeat = postureWithAlarm((alarm) => ({ ...alarm, metric_query: [alarm.metric_query![0]!, { ...alarm.metric_query![1]!, expression: 'FILL(completed, REPEAT)' }] }));
    // Found by the final read: its vault was said to be unwatched because silence alarms are off (monitoring.silenceAlarms: false).
    const UNJUDGED = 'its alarm on NumberOfBackupJobsCompleted returns metric math other than the metric or FILL(…, 0) of it, so when it fires on a silence backup-estate does not judge';
    expect(watchOf(repeat)).toEqual({ vault: 'workload-prod-main', plans: ['gold', 'silver'], watched: false, reason: UNJUDGED });
    expect(postureMarkdown(repeat)).toContain(`- \`workload-prod-main\` (plans \`gold\`, \`silver\`): **not watched**: ${UNJUDGED}`);
  });

  it('report --base: the upgrade is an improvement, going back a regression', () => {
    const before = postureWithAlarm(bareMetric);
    const after = examplePosture('single-account.yaml');
    const subject = `${STACK} | vault \`workload-prod-main\` (eu-west-1) · silence alarm`;
    expect(lines(diffPostures(before, after).improvements)).toEqual([
      `${subject} | silence alarm now fires when its window ends (FILL(…, 0): a value for every period) | alarm after ${LOWER_BOUND} -> alarm after 28 h without a completed backup job`,
    ]);
    expect(diffPostures(before, after).regressions).toEqual([]);
    expect(lines(diffPostures(after, before).regressions)).toEqual([
      `${subject} | silence alarm no longer fires when its window ends: it reads the metric without FILL(…, 0), so it waits for the last completed job to leave CloudWatch's longer evaluation range | alarm after 28 h without a completed backup job -> alarm after ${LOWER_BOUND}`,
    ]);
  });
});

// Found with this change: the report read any alarm on the metric as watching the vault, whatever its treat_missing_data. Missing
// data is the bare metric's only signal (no data point while no job completes), and what FILL gives over a range without any data
// point AWS does not document: treated as anything but breaching, the alarm may never fire. The guard already warned of that change.
describe('a silence alarm that does not treat missing data as breaching', () => {
  const REASON = 'its silence alarm treats missing data as notBreaching, not breaching: while no backup job completes no data point is published, so it may never fire';

  it('watches nothing the report can vouch for, in either shape', () => {
    for (const posture of [postureWithAlarm((alarm) => ({ ...alarm, treat_missing_data: 'notBreaching' })), postureWithAlarm((alarm) => ({ ...bareMetric(alarm), treat_missing_data: 'notBreaching' }))]) {
      expect(watchOf(posture)).toEqual({ vault: 'workload-prod-main', plans: ['gold', 'silver'], watched: false, reason: REASON });
      expect(postureMarkdown(posture)).toContain(`- \`workload-prod-main\` (plans \`gold\`, \`silver\`): **not watched**: ${REASON}`);
    }
    expect(watchOf(postureWithAlarm(({ treat_missing_data: _dropped, ...alarm }) => alarm))).toMatchObject({ watched: false, reason: REASON.replace('notBreaching', 'missing') });
  });

  it('report --base: a regression', () => {
    const head = postureWithAlarm((alarm) => ({ ...alarm, treat_missing_data: 'ignore' }));
    expect(lines(diffPostures(examplePosture('single-account.yaml'), head).regressions)).toEqual([
      `${STACK} | vault \`workload-prod-main\` (eu-west-1) · silence alarm | silence alarm removed: backups into it could stop without an alarm | alarm after 28 h without a completed backup job -> not watched: ${REASON.replace('notBreaching', 'ignore')}`,
    ]);
  });
});

// Found by the final read: the report read an alarm on FILL(…, 0) whose threshold 0 never meets (LessThanThreshold 0) as watching
// the vault for 28 h, though FILL gives a silent period the value 0 and no missing data: it never fires (the guard warned of it).
describe('a silence alarm whose threshold a period without a completed job does not breach', () => {
  const REASON = 'its silence alarm fires when FILL(…, 0) of its completed jobs is LessThanThreshold 0, which a period without a completed job (0) is not: it never fires on a silence';

  it('watches nothing on FILL(…, 0); the bare metric still fires on missing data, whatever the threshold', () => {
    expect(watchOf(postureWithAlarm((alarm) => ({ ...alarm, threshold: 0 })))).toEqual({ vault: 'workload-prod-main', plans: ['gold', 'silver'], watched: false, reason: REASON });
    expect(watchOf(postureWithAlarm((alarm) => ({ ...alarm, threshold: 0.5 })))).toMatchObject({ watched: true, windowMinutes: 1680 });
    expect(watchOf(postureWithAlarm((alarm) => ({ ...bareMetric(alarm), threshold: 0 })))).toMatchObject({ watched: true, windowLowerBound: true });
  });

  it('report --base: a regression', () => {
    expect(lines(diffPostures(examplePosture('single-account.yaml'), postureWithAlarm((alarm) => ({ ...alarm, threshold: 0 }))).regressions)).toEqual([
      `${STACK} | vault \`workload-prod-main\` (eu-west-1) · silence alarm | silence alarm removed: backups into it could stop without an alarm | alarm after 28 h without a completed backup job -> not watched: ${REASON}`,
    ]);
  });
});
