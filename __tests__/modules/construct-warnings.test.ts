/**
 * Construct warnings reach the user of the library: each warning a props check finds becomes a
 * cdktf warning annotation on the construct (printed by `cdktf synth`, written to the manifest),
 * unless the app says its builder already reported them (the backup-estate CLI's app does).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { BackupRegionSettings } from '../../modules/region-settings';
import { BackupSelection } from '../../modules/backup-selection';
import { VaultNotifications } from '../../modules/vault-notifications';
import { WARNINGS_REPORTED_CONTEXT } from '../../modules';
import { checkRawConfig } from '../../config';
import { buildApp } from '../../stacks/app';
import { addEstate } from '../../index';
import { configWith } from '../support/configs';
import { BACKUP_ROLE } from './helpers';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:backup-alerts';
const OR_WARNING = 'tags: tags and resources are OR-ed: this selection takes every listed resource plus every tagged resource; use conditions to narrow instead';
const DEPRECATED_WARNING = 'events.0: "BACKUP_PLAN_CREATED" is deprecated: AWS accepts it but never sends it';

/** The warning annotations on `construct` (messages only). */
const warningsOf = (construct: Construct): unknown[] => construct.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => entry.data);

function stackIn(app: App): TerraformStack {
  const stack = new TerraformStack(app, 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

describe('construct warnings become cdktf warning annotations', () => {
  it('BackupSelection: tags and resources together (OR-ed) is a warning on the selection', () => {
    const stack = stackIn(new App({ stackTraces: false }));
    const selection = new BackupSelection(stack, 'selection', {
      selectionName: 'mixed',
      planId: 'plan-id',
      iamRoleArn: BACKUP_ROLE,
      tags: { backup: 'true' },
      resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'],
    });
    expect(warningsOf(selection)).toEqual([OR_WARNING]);
  });

  it('VaultNotifications: a deprecated event; BackupRegionSettings: no type opted in', () => {
    const stack = stackIn(new App({ stackTraces: false }));
    const notifications = new VaultNotifications(stack, 'notifications', {
      vaultName: 'main',
      snsTopicArn: TOPIC,
      events: ['BACKUP_PLAN_CREATED'],
    });
    const settings = new BackupRegionSettings(stack, 'settings', { optIn: [] });
    expect(warningsOf(notifications)).toEqual([DEPRECATED_WARNING]);
    expect(warningsOf(settings)).toEqual(['optIn: opts in no resource type: every tag-based selection in this account and Region selects nothing']);
  });

  it('valid props add no annotation', () => {
    const stack = stackIn(new App({ stackTraces: false }));
    const notifications = new VaultNotifications(stack, 'notifications', {
      vaultName: 'main',
      snsTopicArn: TOPIC,
    });
    expect(warningsOf(notifications)).toEqual([]);
  });

  it('synth writes them into the manifest with the construct path, as cdktf synth prints them', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'construct-warnings-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      new VaultNotifications(stackIn(app), 'notifications', {
        vaultName: 'main',
        snsTopicArn: TOPIC,
        events: ['BACKUP_PLAN_CREATED'],
      });
      app.synth();
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
      expect(manifest.stacks.stack.annotations).toEqual([
        {
          constructPath: 'stack/notifications',
          level: '@cdktf/warn',
          message: DEPRECATED_WARNING,
        },
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it(`an app with ${WARNINGS_REPORTED_CONTEXT} set gets none: its builder reported them already`, () => {
    const stack = stackIn(
      new App({
        stackTraces: false,
        context: { [WARNINGS_REPORTED_CONTEXT]: true },
      })
    );
    const notifications = new VaultNotifications(stack, 'notifications', {
      vaultName: 'main',
      snsTopicArn: TOPIC,
      events: ['BACKUP_PLAN_CREATED'],
    });
    expect(warningsOf(notifications)).toEqual([]);
  });

  it('stacks built from a config (the CLI, addEstate) set it: the config check reported each warning with its config field', () => {
    const config = configWith((raw) => {
      raw.plans.gold.selections.tagged.resources = ['arn:aws:rds:eu-west-1:111122223333:db:orders'];
    });
    const check = checkRawConfig(config);
    expect(check.warnings.map((problem) => problem.message)).toContain(OR_WARNING.replace(/^tags: /, ''));
    const outdir = mkdtempSync(join(tmpdir(), 'construct-warnings-cli-'));
    try {
      // The model's selection, given to the construct in a stack of the user's own, carries the warning.
      const selection = check.model!.stacks.flatMap((stack) => (stack.kind === 'workload' ? stack.plans : []).flatMap((plan) => plan.selections))[0];
      const direct = new BackupSelection(stackIn(new App({ stackTraces: false })), 'selection', {
        ...selection,
        selectionName: selection.name,
        planId: 'plan-id',
        iamRoleArn: BACKUP_ROLE,
      });
      expect(warningsOf(direct)).toEqual([OR_WARNING]);
      const cli = buildApp(check.model!, outdir);
      expect(cli.node.findAll().flatMap(warningsOf)).toEqual([]);
      const own = new App({ outdir, stackTraces: false });
      addEstate(own, check.model!);
      expect(own.node.findAll().flatMap(warningsOf)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
