/**
 * The rows of a backup policy's plan in the report count the jobs of the other plans of each account and Region it runs in, as a stack
 * plan's rows do and as validate's warning at the rule says (found by the posture report audit: the plan's heading read unbounded, or
 * the warning said every run may be held, while its rule's row read its schedule alone).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { postureMarkdown } from '../../report/markdown';
import { readPosture } from '../../report/posture';
import { EXAMPLES_DIR } from '../support/examples';
import { editedExample, synthDir } from './helpers';

/** The organization example with `edit` applied, beside its hand-written policy file, synthesized. */
function organization(edit: Parameters<typeof editedExample>[1]): string {
  const path = editedExample('organization.yaml', edit);
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  return synthDir(path, { acceptComplianceErrors: true });
}

/** The report's section of one backup policy plan: its heading and its rule rows. */
function policyPlanSection(dir: string, policy: string, plan: string): string[] {
  const lines = postureMarkdown(readPosture(dir)).split('\n');
  const start = lines.findIndex((line) => line.startsWith(`**Policy \`${policy}\` plan \`${plan}\`**`));
  const end = lines.findIndex((line, at) => at > start && line.startsWith('Selection '));
  return lines.slice(start, end).filter((line) => line.startsWith('**') || line.startsWith('| `'));
}

const HELD =
  'unbounded (a job of another plan whose selections may take the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup)';

it("reads the row of silver's daily rule unbounded when gold's 05:00 jobs may hold its 06:00 runs, as its heading and validate do", () => {
  // validate: plans.silver.rules.daily may make no backup on 2922 of its 2922 runs (policy-plan-jobs.test.ts). The row read 28 h.
  const dir = organization((document) => document.setIn(['plans', 'silver', 'rules', 'daily', 'schedule'], 'cron(0 6 ? * * *)'));
  expect(policyPlanSection(dir, 'baseline', 'silver')).toEqual([
    '**Policy `baseline` plan `silver`** (eu-west-1, us-east-1) · worst-case RPO unbounded',
    `| \`daily\` | every day at 06:00 UTC | ${HELD} | 14 d / – | – | \`baseline\` in each account |`,
  ]);
});

it("reads a hand-written policy's plan and its row unbounded when bronze's 02:00 jobs may hold its Sunday 04:00 runs, as validate does", () => {
  // validate: organization.policies.weekly-archive.file: plan weekly-archive rule weekly may make no backup on 418 of its 418 runs
  // (policy-plan-jobs.test.ts). Heading and row read 7 d 11 h, its schedule alone.
  const dir = organization((document) => document.setIn(['plans', 'bronze', 'rules', 'daily', 'schedule'], 'cron(0 2 ? * * *)'));
  expect(policyPlanSection(dir, 'weekly-archive', 'weekly-archive')).toEqual([
    '**Policy `weekly-archive` plan `weekly-archive`** (eu-west-1, us-east-1) · worst-case RPO unbounded',
    `| \`weekly\` | every Sunday at 04:00 UTC | ${HELD} | 30 d / 335 d (types without cold storage: 365 d warm) | – | \`baseline\` in each account |`,
  ]);
  expect(policyPlanSection(dir, 'instances', 'bronze')).toEqual([
    '**Policy `instances` plan `bronze`** (eu-west-1, us-east-1) · worst-case RPO 28 h',
    '| `daily` | every day at 02:00 UTC | 28 h | 35 d / – | – | `baseline` in each account |',
  ]);
});

it("reads a built plan with copies, one plan per Region in the policy (silver-eu-west-1), with the jobs of that Region's stacks", () => {
  // Its copies name each Region's central vault, so the policy holds silver-eu-west-1 and silver-us-east-1, while policy-plans.json
  // names the plan silver in each stack: the rows were read alone (28 h) where validate and the gate read them held.
  const dir = organization((document) => {
    document.setIn(['plans', 'silver', 'rules', 'daily', 'schedule'], 'cron(0 6 ? * * *)');
    document.setIn(['plans', 'silver', 'rules', 'daily', 'copies'], document.createNode({ central: {} }));
  });
  expect(policyPlanSection(dir, 'baseline', 'silver-eu-west-1')).toEqual([
    '**Policy `baseline` plan `silver-eu-west-1`** (eu-west-1) · worst-case RPO unbounded',
    `| \`daily\` | every day at 06:00 UTC | ${HELD} | 14 d / – | \`org-central-backup\` (eu-west-1, account backup 222222222222): 14 d · compliance 7-400 d (grace 3 d) | \`baseline\` in each account |`,
  ]);
});

it("says a built plan's copy is not made of DynamoDB where the accounts' Region settings leave DynamoDB without advanced backup, as validate does", () => {
  // validate warns at the copy that AWS copies no DynamoDB backup across Regions or accounts without advanced DynamoDB backup; the
  // policy row read the copy as made (the stack plans' rows already said not).
  const dir = organization((document) => {
    document.setIn(['regionSettings'], document.createNode({ management: { DynamoDB: false } }));
    document.setIn(['plans', 'silver', 'rules', 'daily', 'copies'], document.createNode({ central: {} }));
  });
  const [row] = policyPlanSection(dir, 'baseline', 'silver-eu-west-1').slice(1);
  expect(row).toBe(
    "| `daily` | every day at 00:00 UTC | 28 h | 14 d / – | `org-central-backup` (eu-west-1, account backup 222222222222): 14 d · compliance 7-400 d (grace 3 d) · **not made of DynamoDB** (the types of the plan's selections AWS Backup does not copy here): no cross-Region or cross-account copy without advanced DynamoDB backup (regionSettings.management.DynamoDB: false) | `baseline` in each account |",
  );
});

// AWS Backup, "Amazon EBS and AWS Backup": the EBS archive tier for cold storage "is not available in the China (Beijing), China (Ningxia),
// AWS GovCloud (US-East) and AWS GovCloud (US-West) Regions". A policy plan's vault reads "each Region": its row is judged in the plan's Regions.
it("names EBS among the types that stay warm in a hand-written policy plan that runs only in GovCloud Regions", () => {
  const path = editedExample('organization.yaml', (document) => {
    document.setIn(['organization', 'partition'], 'aws-us-gov');
    // AWS Backup offers no logically air-gapped vault in GovCloud.
    document.deleteIn(['organization', 'central', 'airGapped']);
    document.deleteIn(['plans', 'gold', 'rules', 'monthly', 'copies', 'central-air-gapped']);
  });
  cpSync(join(EXAMPLES_DIR, 'policies'), join(dirname(path), 'policies'), { recursive: true });
  const gov = (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('eu-west-1', 'us-gov-west-1').replaceAll('us-east-1', 'us-gov-east-1'));
  gov(path);
  gov(join(dirname(path), 'policies', 'weekly-archive.json'));
  const policy = join(dirname(path), 'policies', 'weekly-archive.json');
  // EBS volumes only, archived: in a commercial Region every one of them moves to the archive tier (no type named).
  const document = JSON.parse(readFileSync(policy, 'utf8'));
  const plan = document.plans['weekly-archive'];
  plan.rules.weekly.lifecycle.opt_in_to_archive_for_supported_resources = { '@@assign': 'true' };
  const role = plan.selections.tags.archive.iam_role_arn;
  plan.selections = { resources: { volumes: { iam_role_arn: role, resource_types: { '@@assign': ['arn:aws-us-gov:ec2:*:*:volume/*'] } } } };
  writeFileSync(policy, JSON.stringify(document, null, 2));
  const rows = policyPlanSection(synthDir(path, { acceptComplianceErrors: true }), 'weekly-archive', 'weekly-archive');
  expect(rows[0]).toContain('(us-gov-east-1, us-gov-west-1)');
  expect(rows[1]).toContain('| 30 d / 335 d (EBS: 365 d warm) |');
});
