/**
 * The constructs give the config's verdict where they take the same input (README, "Using the
 * constructs from TypeScript"): each case here was accepted silently by the construct while the
 * config check refused it or warned (found by the construct-versus-config audit), and is now asked
 * of the one check both paths share.
 */
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { BackupPlan, type BackupRuleProps } from '../../modules/backup-plan';
import { BackupVault } from '../../modules/backup-vault';
import { AirGappedVault } from '../../modules/air-gapped-vault';
import { BackupKmsKey } from '../../modules/kms-key';
import { BackupServiceRole } from '../../modules/service-role';
import { BackupSelection } from '../../modules/backup-selection';
import { RestoreTestingPlan, RestoreTestingRole } from '../../modules/restore-testing';
import { BackupAuditFramework } from '../../modules/audit-framework';
import { BackupReportPlans } from '../../modules/report-plans';
import { BackupAlerts } from '../../modules/backup-alerts';
import { BackupMonitoring } from '../../modules/backup-monitoring';
import { BackupReportBucket } from '../../modules/report-bucket';
import { evaluateSelection, resourceSelection } from '../../core/selection';
import { configWith, findings } from '../support/configs';
import { expectValidationError, synth } from './helpers';

const SOURCE = 'AWS Backup, "Overlapping continuous backups on the same resource"';
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:orders';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const pitr = (vault: string, deleteAfterDays: number): BackupRuleProps => ({ targetVaultName: vault, continuousBackup: true, lifecycle: { deleteAfterDays } });
const warningsOf = (construct: Construct): unknown[] => construct.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => entry.data);

function stack(): TerraformStack {
  const scope = new TerraformStack(new App({ stackTraces: false }), 'stack');
  new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
  return scope;
}

describe('BackupPlan: continuous rules of one plan, as the config judges them', () => {
  const differentVaults = `continuous backup rules daily (vault main), pitr (vault pitr) point to different vaults: AWS Backup rejects such a plan as not valid (${SOURCE}); keep one continuous rule per plan, or send them to one vault`;

  it('into different vaults: a ValidationError, as AWS rejects the plan at apply (the config error, word for word)', () => {
    expectValidationError(() => synth((scope) => new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: pitr('main', 35), pitr: pitr('pitr', 30) } })), 'BackupPlan stack/plan', [{ path: 'rules', message: differentVaults }]);
    const config = configWith((c) => {
      c.vaults.pitr = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.rules = { daily: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } }, pitr: { schedule: 'cron(0 5 ? * * *)', continuousBackup: true, vault: 'pitr', lifecycle: { deleteAfterDays: 30 } } };
      c.plans.gold.selections = { db: { resources: [DB] } };
    });
    expect(findings(config).errors).toEqual([`plans.gold.rules: ${differentVaults}`]);
  });

  it('into one vault: a warning on the rule AWS disregards (its retention and copies do nothing)', () => {
    const plan = new BackupPlan(stack(), 'plan', { planName: 'gold', rules: { daily: pitr('main', 35), short: pitr('main', 14) } });
    expect(warningsOf(plan)).toEqual([
      `rules.short.continuousBackup: AWS Backup disregards this rule: of the continuous rules of a plan into one vault it creates the continuous backup only for the one kept longest (daily), so this rule's retention and copies do nothing (${SOURCE}); remove it or merge its copies into daily`,
    ]);
  });

  it('vaults given as references are unknown until apply (two references to one vault differ as strings): no verdict', () => {
    const scope = stack();
    const vault = new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } });
    const plan = new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: pitr(vault.name, 35), short: pitr(vault.name, 14), other: pitr('main', 20) } });
    expect(warningsOf(plan)).toEqual([]);
  });
});

describe('tags AWS refuses at apply (the provider passes them): every construct whose tags the config also takes', () => {
  const RESERVED = 'starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)';
  const BREAK_GLASS = { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] };
  const ACCOUNT = { accountId: '111122223333', region: 'eu-west-1' };
  const tagMap = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag${i}`, 'x']));
  const rule: BackupRuleProps = { targetVaultName: 'main', lifecycle: { deleteAfterDays: 35 } };

  it('BackupPlan: an aws: recovery point tag, as the config refuses it, and more than 50 plan tags', () => {
    const message = `name "aws:backup:source" ${RESERVED}`;
    expectValidationError(() => synth((scope) => new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: { ...rule, recoveryPointTags: { 'aws:backup:source': 'x' } } } })), 'BackupPlan stack/plan', [
      { path: 'rules.daily.recoveryPointTags.aws:backup:source', message },
    ]);
    expect(findings(configWith((c) => (c.plans.gold.rules.daily.recoveryPointTags = { 'aws:backup:source': 'x' }))).errors).toEqual([`plans.gold.rules.daily.recoveryPointTags.aws:backup:source: ${message}`]);
    expectValidationError(() => synth((scope) => new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: { ...rule, recoveryPointTags: tagMap(51) } }, tags: tagMap(51) })), 'BackupPlan stack/plan', [
      { path: 'rules.daily.recoveryPointTags', message: 'has 51 recovery point tags; AWS allows at most 50 per recovery point' },
      { path: 'tags', message: 'has 51 tags; AWS allows at most 50 per resource' },
    ]);
  });

  // AWS tags take "letters and numbers representable in UTF-8", spaces, "and the following characters: + - = . _ : / @" (Tag, e.g. the
  // Amazon Athena API reference): no control character. A YAML block scalar (|) ends its value with a line break.
  const CONTROL = (code: string) =>
    `holds the control character ${code} (a line break, tab or NUL; a YAML block scalar ends with a line break): AWS tags take "letters and numbers representable in UTF-8", spaces, "and the following characters: + - = . _ : / @"`;

  it('a tag key or value with a control character, as the config refuses it', () => {
    expectValidationError(() => synth((scope) => new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: BREAK_GLASS, tags: { team: 'ops\n', 'own\ter': 'x' } })), 'BackupVault stack/vault', [
      { path: 'tags.team', message: CONTROL('U+000A') },
      { path: 'tags.own\ter', message: `name "own\ter" ${CONTROL('U+0009')}` },
    ]);
    expect(findings(configWith((c) => (c.tags = { team: 'ops\n' }))).errors).toEqual([`tags.team: ${CONTROL('U+000A')}`]);
  });

  it('a selection tag or condition value with a control character: it matches no resource, in the construct and the config alike', () => {
    const SELECTS_NOTHING = ", so no resource's tag matches it and the selection backs nothing up by it";
    expectValidationError(
      () => synth((scope) => new BackupSelection(scope, 'selection', { selectionName: 'tagged', planId: 'plan-1', iamRoleArn: 'arn:aws:iam::111122223333:role/backup', resources: ['*'], tags: { backup: 'gold\n' }, conditions: { stringEquals: { env: 'prod\u0000' } } })),
      'BackupSelection stack/selection',
      [
        { path: 'tags.backup', message: `"gold\\n" ${CONTROL('U+000A')}${SELECTS_NOTHING}` },
        { path: 'conditions.stringEquals.env', message: `"prod\\u0000" ${CONTROL('U+0000')}${SELECTS_NOTHING}` },
      ],
    );
    expect(findings(configWith((c) => (c.plans.gold.selections = { tagged: { tags: { backup: 'gold\n' } } }))).errors).toEqual([`plans.gold.selections.tagged.tags.backup: "gold\\n" ${CONTROL('U+000A')}${SELECTS_NOTHING}`]);
  });

  it('BackupVault, AirGappedVault, BackupKmsKey, BackupServiceRole: keys aws: in any case, too long, values too long', () => {
    expectValidationError(() => synth((scope) => new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: BREAK_GLASS, tags: { 'AWS:Owner': 'x' } })), 'BackupVault stack/vault', [
      { path: 'tags.AWS:Owner', message: `name "AWS:Owner" ${RESERVED}` },
    ]);
    expectValidationError(() => synth((scope) => new AirGappedVault(scope, 'lag', { vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 35, accessPolicy: BREAK_GLASS, tags: { owner: 'v'.repeat(257) } })), 'AirGappedVault stack/lag', [
      { path: 'tags.owner', message: 'tag values must be at most 256 characters' },
    ]);
    const long = 'k'.repeat(129);
    expectValidationError(() => synth((scope) => new BackupKmsKey(scope, 'key', { account: ACCOUNT, backupRoleArns: [], tags: { [long]: 'x' } })), 'BackupKmsKey stack/key', [
      { path: `tags.${long}`, message: `name "${long}" tag keys must be at most 128 characters` },
    ]);
    expectValidationError(() => synth((scope) => new BackupServiceRole(scope, 'role', { account: ACCOUNT, tags: { 'aws:x': 'y' } })), 'BackupServiceRole stack/role', [{ path: 'tags.aws:x', message: `name "aws:x" ${RESERVED}` }]);
  });

  it('RestoreTestingRole, RestoreTestingPlan, BackupAuditFramework, BackupReportPlans, BackupAlerts, BackupMonitoring, BackupReportBucket: the same tag check (they synthesized aws: keys silently)', () => {
    const tags = { 'aws:owner': 'x' };
    const problems = [{ path: 'tags.aws:owner', message: `name "aws:owner" ${RESERVED}` }];
    const role = 'arn:aws:iam::111122223333:role/restore';
    const constructs: [string, (scope: Construct) => unknown][] = [
      ['RestoreTestingRole stack/role', (scope) => new RestoreTestingRole(scope, 'role', { account: ACCOUNT, tags })],
      ['RestoreTestingPlan stack/test', (scope) => new RestoreTestingPlan(scope, 'test', { planName: 'weekly', includeVaults: ['*'], selections: { ebs: { protectedResourceType: 'EBS', iamRoleArn: role, protectedResourceArns: ['*'] } }, tags })],
      ['BackupAuditFramework stack/audit', (scope) => new BackupAuditFramework(scope, 'audit', { frameworkName: 'estate', controls: { BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: {} }, tags })],
      ['BackupReportPlans stack/reports', (scope) => new BackupReportPlans(scope, 'reports', { namePrefix: 'estate', bucketName: 'backup-reports', templates: ['BACKUP_JOB_REPORT'], tags })],
      ['BackupAlerts stack/alerts', (scope) => new BackupAlerts(scope, 'alerts', { account: ACCOUNT, tags })],
      ['BackupMonitoring stack/monitoring', (scope) => new BackupMonitoring(scope, 'monitoring', { account: ACCOUNT, tags })],
      ['BackupReportBucket stack/bucket', (scope) => new BackupReportBucket(scope, 'bucket', { account: ACCOUNT, bucketName: 'backup-reports-111122223333', tags })],
    ];
    for (const [construct, make] of constructs) expectValidationError(() => synth(make), construct, problems);
  });

  it('the limits themselves pass: 50 tags, keys of 128 and values of 256 characters, "aws:" inside a key', () => {
    expect(() =>
      synth((scope) => {
        new BackupPlan(scope, 'plan', { planName: 'gold', rules: { daily: { ...rule, recoveryPointTags: tagMap(50) } }, tags: { ...tagMap(49), ['k'.repeat(128)]: 'v'.repeat(256) } });
        new BackupServiceRole(scope, 'role', { account: ACCOUNT, tags: { 'team:aws:owner': 'x' } });
      }),
    ).not.toThrow();
  });
});

describe('AirGappedVault: retention in whole days, as the airGapped schema of the config takes it (7.5 and NaN synthesized silently)', () => {
  const BREAK_GLASS = { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] };
  it('refuses a fraction or NaN, each named by its prop', () => {
    expect(findings(configWith((c) => (c.vaults.lag = { airGapped: { minRetentionDays: 7.5, maxRetentionDays: 35 } }))).errors).toEqual(['vaults.lag.airGapped.minRetentionDays: minRetentionDays must be a whole number of days']);
    expectValidationError(() => synth((scope) => new AirGappedVault(scope, 'lag', { vaultName: 'lag', minRetentionDays: 7.5, maxRetentionDays: 35, accessPolicy: BREAK_GLASS })), 'AirGappedVault stack/lag', [
      { path: 'minRetentionDays', message: 'must be a whole number of days; got 7.5' },
    ]);
    expectValidationError(() => synth((scope) => new AirGappedVault(scope, 'lag', { vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: Number.NaN, accessPolicy: BREAK_GLASS })), 'AirGappedVault stack/lag', [
      { path: 'maxRetentionDays', message: 'must be a whole number of days; got NaN' },
    ]);
  });
});

describe('notResources that excludes everything (found by the audit of the public evaluators): "*", and any pattern matching every ARN', () => {
  const EVERY_TYPE = 'excludes every resource AWS Backup protects, tagged or listed: the selection selects nothing; remove the entry, or narrow it to the ARNs to leave out';
  const EVERY_LISTED = 'excludes every listed resource: the selection selects nothing';
  const HOME = { region: 'eu-west-1', accountId: '111122223333' };
  const tagged = (notResources: string[]) => ({ tags: [{ key: 'backup', value: 'gold' }], conditions: [], resources: [], notResources });

  it.each(['*', 'arn:*', 'arn:aws:*', 'arn:aws:*:*:*:*'])('evaluateSelection says nothing of tags beside notResources "%s", as resourceSelection said of each resource (it said "some" while coverage counted none)', (pattern) => {
    expect(evaluateSelection(tagged([pattern]), HOME)).toEqual({ verdict: 'nothing', reason: 'notResources excludes every resource of every type AWS Backup protects', types: [] });
    expect(resourceSelection(tagged([pattern]), { arn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1', tags: { backup: 'gold' } }, HOME)).toEqual({ selects: 'no' });
  });

  it.each([
    ['arn:aws:*:eu-west-1:*', 'S3 buckets have no Region in their ARN'],
    ['arn:aws:ec2:*', 'other services'],
    ['arn:aws-cn:*', 'another partition'],
  ])('says some of tags beside notResources "%s" (%s)', (pattern) => {
    expect(evaluateSelection(tagged([pattern]), HOME).verdict).toBe('some');
  });

  it('reads a wildcard in notResources as excluding the listed ARNs it matches, and a narrower one as not', () => {
    const listed = (resources: string[], notResources: string[]) => evaluateSelection({ tags: [], conditions: [], resources, notResources }, HOME);
    expect(listed(['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1'], ['arn:aws:ec2:*:*:volume/*'])).toEqual({ verdict: 'nothing', reason: 'notResources excludes every listed resource', types: [] });
    expect(listed(['arn:aws:ec2:eu-west-1:111122223333:volume/vol-*'], ['arn:aws:ec2:*:*:volume/*']).verdict).toBe('nothing');
    expect(listed(['arn:aws:ec2:eu-west-1:111122223333:volume/*'], ['arn:aws:ec2:*:*:volume/vol-*']).verdict).toBe('some');
  });

  it('does not read a pattern as excluding everything a wildcard can match because it matches the stand-in for the wildcard ("*z*" matched "zq7")', () => {
    const volume = { arn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1', tags: { backup: 'gold' } };
    for (const pattern of ['*z*', 'arn:aws:*z*', 'arn:aws:ec2:*:*:volume/*-y*']) {
      expect([pattern, evaluateSelection(tagged([pattern]), HOME).verdict]).toEqual([pattern, 'some']);
      expect([pattern, resourceSelection(tagged([pattern]), volume, HOME).selects]).toEqual([pattern, 'surely']);
    }
    const listed = { tags: [], conditions: [], resources: ['arn:aws:ec2:*:*:volume/*'], notResources: ['arn:aws:ec2:*:*:volume/*z*'] };
    expect(evaluateSelection(listed, HOME).verdict).toBe('some');
    expect(resourceSelection(listed, volume, HOME).selects).toBe('surely');
    // A "?" stands for one character, never for a whole run.
    expect(evaluateSelection({ ...listed, notResources: ['arn:aws:ec2:*:*:volume/?'] }, HOME).verdict).toBe('some');
  });

  const selection = (criteria: object) => () =>
    synth((scope) => new BackupSelection(scope, 'selection', { selectionName: 'gold', planId: 'plan-id', iamRoleArn: 'arn:aws:iam::111122223333:role/aws-backup-service-role', ...criteria }));

  it.each([
    [{ tags: { backup: 'gold' } }, ['*'], EVERY_TYPE, true],
    [{ tags: { backup: 'gold' } }, ['arn:aws:*'], EVERY_TYPE, false],
    [{ resources: [DB] }, ['*'], EVERY_LISTED, true],
    [{ resources: [DB] }, ['arn:aws:rds:*'], EVERY_LISTED, true],
  ] as const)('the config refuses %j beside notResources %j (it was silent), and so does BackupSelection where it can tell', (criteria, notResources, message, constructTells) => {
    expect(findings(configWith((c) => (c.plans.gold.selections.tagged = { ...criteria, notResources: [...notResources] }))).errors).toEqual([`plans.gold.selections.tagged.notResources: ${message}`]);
    // A construct knows no partition: "arn:aws:*" excludes everything in the aws partition only.
    if (constructTells) expectValidationError(selection({ ...criteria, notResources: [...notResources] }), 'BackupSelection stack/selection', [{ path: 'notResources', message }]);
    else expect(selection({ ...criteria, notResources: [...notResources] })).not.toThrow();
  });
});

describe('conditions no resource a selection takes can meet (found by the property test of the selection evaluator)', () => {
  const at = 'plans.gold.selections.tagged.conditions';
  it.each([
    [{ tags: { backup: 'gold' }, conditions: { stringEquals: { backup: 'silver' } } }, 'tag "backup" = "gold" fails StringEquals "silver": tags take resources, conditions must then hold on them, so the selection selects nothing; drop or correct the condition, or select by the tag it names'],
    [{ tags: { backup: ['gold', 'silver'] }, conditions: { stringNotLike: { backup: '*l*' } } }, 'tag "backup" = "gold" fails StringNotLike "*l*"; tag "backup" = "silver" fails StringNotLike "*l*": tags take resources, conditions must then hold on them, so the selection selects nothing; drop or correct the condition, or select by the tag it names'],
    [{ resources: ['*'], conditions: { stringEquals: { env: 'prod' }, stringNotLike: { env: 'p*' } } }, 'tag "env" must equal "prod", which StringNotLike "p*" never admits (conditions are AND-ed): nothing matches; for either of two values, use tags (OR-ed) or one pattern'],
    [{ resources: ['*'], conditions: { stringLike: { env: ['a*', 'b*'] } } }, 'tag "env" must be like "a*" and like "b*", which no value is (conditions are AND-ed): nothing matches; for either of two values, use tags (OR-ed) or one pattern'],
    [{ resources: ['*'], conditions: { stringLike: { env: 'prod' }, stringNotLike: { env: 'prod' } } }, 'tag "env" must equal "prod", which StringNotLike "prod" never admits (conditions are AND-ed): nothing matches; for either of two values, use tags (OR-ed) or one pattern'],
    [{ resources: ['*'], conditions: { stringLike: { env: 'prod-*' }, stringNotLike: { env: 'p*' } } }, 'tag "env" must be like "prod-*", and every such value is like "p*", which StringNotLike excludes (conditions are AND-ed): nothing matches; for either of two values, use tags (OR-ed) or one pattern'],
  ])('the config and BackupSelection refuse %j (validate passed it: the selection selects nothing)', (criteria, message) => {
    expect(findings(configWith((c) => (c.plans.gold.selections.tagged = criteria))).errors).toEqual([`${at}: ${message}`]);
    expectValidationError(
      () => synth((scope) => new BackupSelection(scope, 'selection', { selectionName: 'gold', planId: 'plan-id', iamRoleArn: 'arn:aws:iam::111122223333:role/aws-backup-service-role', ...criteria })),
      'BackupSelection stack/selection',
      [{ path: 'conditions', message }],
    );
  });

  it.each([
    [{ tags: { backup: 'gold' }, conditions: { stringEquals: { env: 'prod' } } }],
    [{ tags: { backup: ['gold', 'silver'] }, conditions: { stringNotEquals: { backup: 'gold' } } }],
    [{ resources: ['*'], conditions: { stringLike: { env: ['p*', '*d'] } } }],
    [{ resources: ['*'], conditions: { stringLike: { env: 'p?od' }, stringNotLike: { env: 'prod' } } }],
    [{ resources: ['*'], conditions: { stringLike: { env: 'x y*' }, stringNotLike: { env: 'x*' } } }],
    [{ tags: { backup: 'gold' }, notResources: ['arn:???:*'] }],
    [{ tags: { backup: 'gold' }, notResources: ['arn:aws:*z*'] }],
  ])('and leave %j alone: some resource can meet it', (criteria) => {
    expect(findings(configWith((c) => (c.plans.gold.selections.tagged = criteria))).errors).toEqual([]);
  });
});

describe('principals of another partition than the policy\'s (the config\'s partition rule; each synthesized silently)', () => {
  const ONE_PARTITION = "every Region, ARN, key and principal of a stack must be in its account's partition";
  const GOV_ROLE = 'arn:aws-us-gov:iam::111122223333:role/BreakGlass';

  it('BackupKmsKey: an administrator AWS KMS refuses in the key policy, a break-glass principal the deny never exempts', () => {
    expectValidationError(
      () => synth((scope) => new BackupKmsKey(scope, 'key', { account: { accountId: '111122223333', region: 'eu-west-1' }, backupRoleArns: [], administrators: ['arn:aws-cn:iam::111122223333:role/admin'], breakGlassPrincipals: [GOV_ROLE] })),
      'BackupKmsKey stack/key',
      [
        { path: 'administrators.0', message: `is an ARN of partition aws-cn, but account.partition is aws: ${ONE_PARTITION}` },
        { path: 'breakGlassPrincipals.0', message: `is an ARN of partition aws-us-gov, but account.partition is aws: ${ONE_PARTITION}` },
      ],
    );
    expect(findings(configWith((c) => (c.keys = { shared: { administrators: ['arn:aws-cn:iam::111122223333:role/admin'] } }))).errors).toContain(
      `keys.shared.administrators.0: is an ARN of partition aws-cn, but account.partition is aws: ${ONE_PARTITION}`,
    );
  });

  it('BackupVault and AirGappedVault: exemptions of another partition than their provider\'s Region, which would exempt no one from the deletion deny', () => {
    const message = `is an ARN of partition aws-us-gov, but the partition of eu-west-1 is aws: ${ONE_PARTITION}`;
    expectValidationError(() => new BackupVault(stack(), 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: { breakGlassPrincipals: [GOV_ROLE], deployRoleArn: GOV_ROLE } }), 'BackupVault stack/vault', [
      { path: 'accessPolicy.breakGlassPrincipals.0', message },
      { path: 'accessPolicy.deployRoleArn', message },
    ]);
    expectValidationError(() => new AirGappedVault(stack(), 'lag', { vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 35, accessPolicy: { breakGlassPrincipals: [GOV_ROLE] } }), 'AirGappedVault stack/lag', [
      { path: 'accessPolicy.breakGlassPrincipals.0', message },
    ]);
    expect(findings(configWith((c) => (c.vaults.main.accessPolicy = { breakGlassPrincipals: [GOV_ROLE] }))).errors).toEqual([`vaults.main.accessPolicy.breakGlassPrincipals.0: is an ARN of partition aws-us-gov, but account.partition is aws: ${ONE_PARTITION}`]);
    // Without a provider Region the partition is unknown: nothing is judged.
    expect(() => synth((scope) => new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN, accessPolicy: { breakGlassPrincipals: [GOV_ROLE] } }))).not.toThrow();
  });
});
