/** The README's "Using the constructs from TypeScript" example, kept working. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupPlan as AwsBackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection as AwsBackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupPlan, BackupSelection, BackupServiceRole, BackupVault, ruleFromPreset, Selections } from '../..';
import * as packageRoot from '../../index';

it('the README example synthesizes a vault, a plan from presets and a tag selection', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'backup');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const account = { accountId: '111122223333', region: 'eu-west-1' };
  const role = new BackupServiceRole(stack, 'role', { account });
  const vault = new BackupVault(stack, 'vault', {
    vaultName: 'main',
    dedicatedKey: { account, backupRoleArns: [role.arn] },
    lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400 },
  });
  const plan = new BackupPlan(stack, 'plan', {
    planName: 'gold',
    rules: { daily: ruleFromPreset('daily-35', vault.name), monthly: ruleFromPreset('monthly-1y-cold', vault.name) },
  });
  new BackupSelection(stack, 'tagged', { selectionName: 'gold', planId: plan.planId, iamRoleArn: role.arn, account, ...Selections.byTag('backup', 'gold') });
  const synth = Testing.synth(stack);

  expect(synth).toHaveResourceWithProperties(BackupVaultLockConfiguration, { min_retention_days: 7, max_retention_days: 400 });
  expect(synth).toHaveResourceWithProperties(AwsBackupPlan, {
    name: 'gold',
    rule: [expect.objectContaining({ rule_name: 'daily', lifecycle: { delete_after: 35 } }), expect.objectContaining({ rule_name: 'monthly', lifecycle: { cold_storage_after: 30, delete_after: 365 } })],
  });
  expect(synth).toHaveResourceWithProperties(AwsBackupSelection, { selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'gold' }] });
  // The README shows this very code.
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain("new BackupSelection(stack, 'tagged', { selectionName: 'gold', planId: plan.planId, iamRoleArn: role.arn, account, ...Selections.byTag('backup', 'gold') });");
  // From the package's own name (package.json), as a user imports it.
  const { name } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string };
  const quotedName = `'${name}'`;
  expect(readme).toContain(`import { BackupPlan, BackupSelection, BackupServiceRole, BackupVault, ruleFromPreset, Selections } from ${quotedName};`);
});

it('every call the README names as a library call is exported from the package root (found by the journey audit)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
  // "library `report/coverage.ts`: `parseInventory`, `coverageOf`, ..." and "The library call is `affected({ ... })` ... `compareSynths(base, head)` ...".
  const listed = [...readme.matchAll(/library `[\w/.]+`: ((?:`\w+`(?:, | and |,? ?))+)/g)].flatMap((match) => [...match[1].matchAll(/`(\w+)`/g)].map((name) => name[1]));
  const called = [...(/The library call is (.{0,200}?)\. Example/.exec(readme)?.[1] ?? '').matchAll(/`(\w+)\(/g)].map((name) => name[1]);
  expect(listed).toEqual(expect.arrayContaining(['parseInventory', 'coverageOf', 'coverageMarkdown', 'coverageJson', 'runbooks', 'runbookMarkdown']));
  expect(called).toEqual(['affected', 'compareSynths', 'affectedStacks']);
  const root: Record<string, unknown> = packageRoot;
  expect([...listed, ...called].filter((name) => typeof root[name] !== 'function')).toEqual([]);
  // What those calls throw and take: SynthInputError (affected), a Rollout from readRollout (affectedStacks).
  expect([typeof root.SynthInputError, typeof root.readRollout]).toEqual(['function', 'function']);
});
