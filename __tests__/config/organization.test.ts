/** Organization estates: every organization and cross-stack consistency rule with its exact message. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import { baseOrganization, configWith, findings, organizationWith, RawConfig, SOURCE_KEY_WARNING, UNIT_TARGET_WARNING } from '../support/configs';

type Mutation = (config: RawConfig) => void;
const policy = (c: RawConfig) => c.organization.policies.baseline;

describe('the base organization', () => {
  it('is valid, warning only that resources of their own key copy into the central account only with that key shared, and that its policy reaches every account of its unit', () => {
    expect(findings(baseOrganization())).toEqual({ errors: [], warnings: [SOURCE_KEY_WARNING, UNIT_TARGET_WARNING] });
  });

  it('gives no warning of its own for a central air-gapped vault: the central access policy (with its break-glass principals) covers it', () => {
    const raw = organizationWith((c) => (c.organization.central.airGapped = { minRetentionDays: 7, maxRetentionDays: 365 }));
    expect(findings(raw).warnings.filter((line) => line.includes('airGapped'))).toEqual([]);
  });

  it('gives no source-key warning for copies of types AWS Backup encrypts with the vault key (EFS, DynamoDB): backup-estate shares that key', () => {
    // silver (a policy's, by tag) at 12:00: it may take these too, and its 05:00 job could hold them past gold's start window (core/plan-contention.ts).
    const raw = organizationWith((c) => ((c.plans.gold.selections = { data: { resources: ['arn:aws:elasticfilesystem:*:*:file-system/*', 'arn:aws:dynamodb:*:*:table/*'] } }), (c.plans.silver.rules.daily.schedule = 'cron(0 12 ? * * *)')));
    expect(findings(raw)).toEqual({ errors: [], warnings: [UNIT_TARGET_WARNING] });
  });

  it('warns when advanced DynamoDB backup is off (or not opted in for a plan a policy delivers) while a plan that can select tables uses cold storage or copies', () => {
    const off = organizationWith((c) => ((c.regionSettings = { management: { DynamoDB: false } }), (c.plans.gold.selections = { tables: { resources: ['arn:aws:dynamodb:*:*:table/*'] } })));
    expect(findings(off).warnings.filter((w) => w.startsWith('plans.gold:'))).toEqual([
      'plans.gold: can select DynamoDB tables, and rules daily use cold storage or copies, which AWS applies to DynamoDB only with advanced DynamoDB backup: regionSettings.management.DynamoDB is false, so their DynamoDB recovery points stay warm and are not copied. Set regionSettings.management.DynamoDB: true',
    ]);
    // A plan a backup policy delivers, in an organization that leaves the Region settings to the accounts.
    const delivered = organizationWith((c) => (delete c.regionSettings, (c.plans.silver.rules.daily.copies = { central: {} })));
    expect(findings(delivered).warnings.filter((w) => w.startsWith('plans.silver:'))).toEqual([
      'plans.silver: can select DynamoDB tables, and rules daily use cold storage or copies, which AWS applies to DynamoDB only with advanced DynamoDB backup: a backup policy delivers this plan, and AWS asks for a manual opt-in for policy-created jobs in an account that does not have it on (it is on by default only in accounts whose first vault came after 21 November 2021). Set regionSettings.management.DynamoDB: true',
    ]);
    const on = organizationWith((c) => ((c.regionSettings = {}), (c.plans.gold.selections = { tables: { resources: ['arn:aws:dynamodb:*:*:table/*'] } })));
    expect(findings(on).warnings.filter((w) => w.startsWith('plans.gold:'))).toEqual([]);
  });

  it('refuses two copies into one vault when a plan runs in every Region: a vault fixed in one Region and an existing vault named alike are one there', () => {
    const twice = organizationWith((c) => {
      c.vaults.dr = { name: 'dr', region: 'eu-west-1', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } };
      c.existingVaults = { 'dr-by-name': { name: 'dr' } };
      c.plans.gold.rules.daily.copies = { dr: {}, named: { vault: 'dr-by-name' } };
    });
    expect(findings(twice).errors).toContain('plans.gold.rules.daily.copies.named.vault: copies into vault "dr-by-name" like copies.dr: a rule has one copy action per destination vault');
  });

  it('resolves to a management stack, a central stack and one workload stack per account and Region', () => {
    const model = checkRawConfig(baseOrganization()).model;
    expect(model?.stacks.map((stack) => [stack.kind, stack.name, stack.account.accountId])).toEqual([
      ['management', 'management-us-east-1', '111111111111'],
      ['central', 'central-eu-west-1', '222222222222'],
      ['workload', 'orders-eu-west-1', '444444444444'],
      ['workload', 'payments-eu-west-1', '333333333333'],
    ]);
  });
});

const invalid: [string, Mutation, string][] = [
  ['account or accounts', (c) => delete c.accounts, 'account: is required: give account (a single-account estate) or organization and accounts'],
  ['accounts need an organization', (c) => delete c.organization, 'organization: is required with accounts'],
  ['not both account and accounts', (c) => (c.account = { id: '111111111111', name: 'x', region: 'eu-west-1' }), 'accounts: is not allowed with account: describe one account (account) or an organization (organization and accounts)'],
  ['organization id', (c) => (c.organization.id = 'org-1'), 'organization.id: must be an organization id such as o-a1b2c3d4e5'],
  ['unit id', (c) => (c.organization.units.workloads = 'workloads'), 'organization.units.workloads: must be an organizational unit id (ou-...) or a root id (r-...)'],
  ['management account declared', (c) => (c.organization.managementAccount = 'root'), 'organization.managementAccount: account "root" is not declared in accounts (declared: management, backup, payments, orders)'],
  ['backup account declared', (c) => (c.organization.backupAccount = 'vault'), 'organization.backupAccount: account "vault" is not declared in accounts (declared: management, backup, payments, orders)'],
  ['account ids unique', (c) => (c.accounts.orders.id = '333333333333'), 'accounts.orders.id: account id 333333333333 is already used by accounts.payments'],
  ['account plans declared', (c) => (c.accounts.orders.plans = ['bronze']), 'accounts.orders.plans.0: plan "bronze" is not declared in plans (declared: gold, silver)'],
  ['account with plans has Regions', (c) => ((c.accounts.payments.regions = []), delete c.accounts.payments.unit), 'accounts.payments.regions: must list at least one Region: the account creates plans'],
  ['account unit declared', (c) => (c.accounts.orders.unit = 'sandbox'), 'accounts.orders.unit: unit "sandbox" is not declared in organization.units (declared: workloads)'],
  ['stack names unique', (c) => (c.accounts.orders.name = 'central'), 'accounts.orders.name: stack name "central-eu-west-1" is already used by a central backup stack: rename the account'],
  [
    'stack names unique, DR-only stacks included',
    (c) => {
      c.vaults.dr = { region: 'us-east-1', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } };
      c.plans.gold.rules.daily.copies.dr = {};
      c.accounts.orders = { id: '444444444444', name: 'payments', regions: ['us-east-1'] };
    },
    'accounts.orders.name: stack name "payments-us-east-1" is already used by accounts.payments: rename the account',
  ],
  ['account names name stacks', (c) => ((c.accounts.Orders = c.accounts.orders), delete c.accounts.orders), 'accounts.Orders: account name "Orders" must be 1-40 characters of a-z 0-9 -, starting with a letter (it names the stacks); set name'],
  ['plans have no Region', (c) => (c.plans.gold.region = 'eu-west-1'), 'plans.gold.region: is not used in an organization: a plan runs in every Region of each account that lists it (or of its backup policy)'],
  ['central is reserved', (c) => (c.vaults.central = {}), 'vaults.central: is reserved in an organization for copies into the central backup account: rename the vault'],
  ['no shared service role', (c) => (c.serviceRole = { arn: 'arn:aws:iam::111111111111:role/Backup' }), 'serviceRole.arn: is not allowed in an organization: each account creates its own service role (serviceRole.name)'],
  [
    'no boundary of one account for every account',
    (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws:iam::333333333333:policy/backup-boundary' }),
    "serviceRole.permissionsBoundaryArn: names a customer managed policy of account 333333333333, but IAM takes as a role's permissions boundary only an AWS managed policy or a policy of the role's own account: the service role of account orders would fail to be created, and with it every backup job there; write the account as * (arn:aws:iam::*:policy/backup-boundary) for the policy of that path and name in each account, or use an AWS managed policy",
  ],
  ['central vault in the Region', (c) => (c.accounts.payments.regions = ['eu-west-1', 'us-east-1']), 'plans.gold.rules.daily.copies.central: copies to the central vault in us-east-1 (account payments), but organization.central.regions are eu-west-1: add us-east-1'],
  ['central copies need central', (c) => delete c.organization.central, 'plans.gold.rules.daily.copies.central.vault: copies to "central" need organization.central'],
  ['air-gapped copies need the air-gapped vault', (c) => (c.plans.gold.rules.daily.copies = { 'central-air-gapped': {} }), 'plans.gold.rules.daily.copies.central-air-gapped.vault: copies to "central-air-gapped" need organization.central.airGapped'],
  ['copy retention inside the central lock', (c) => (c.plans.gold.rules.daily.copies.central = { lifecycle: { deleteAfterDays: 400 } }), 'plans.gold.rules.daily.copies.central.lifecycle.deleteAfterDays: retention of 400 days is outside the lock range of vault "central-backup" (7-365 days): AWS Backup fails these jobs'],
  ['air-gapped minimum retention', (c) => (c.organization.central.airGapped = { minRetentionDays: 6, maxRetentionDays: 30 }), 'organization.central.airGapped.minRetentionDays: must be at least 7'],
  ['fixed-Region vault in a plan', (c) => (c.vaults.main.region = 'eu-west-1'), 'plans.gold.vault: vault "main" is fixed in eu-west-1, but plan "gold" runs in every Region of its accounts: leave the vault\'s region unset'],
  ['policy plans or file', (c) => (c.organization.policies.baseline = { targets: ['workloads'] }), 'organization.policies.baseline: give either plans (built from config plans) or file (a hand-written policy), not both or neither'],
  ['policy Regions', (c) => delete policy(c).regions, 'organization.policies.baseline.regions: is required with plans: the Regions the policy plans run in'],
  ['policy plans declared', (c) => (policy(c).plans = ['bronze']), 'organization.policies.baseline.plans.0: plan "bronze" is not declared in plans (declared: gold, silver)'],
  ['policy targets declared', (c) => (policy(c).targets = ['workloads', 'sandbox']), 'organization.policies.baseline.targets.1: "sandbox" is neither a unit in organization.units nor an account in accounts'],
  ['policy Regions have stacks', (c) => ((policy(c).regions = ['eu-west-1', 'us-east-1']), (policy(c).targets = ['orders'])), 'organization.policies.baseline.regions: policy runs in us-east-1 in account orders, which has no stack there to create its vaults and service role: add the Regions to accounts.orders.regions'],
  ['policy selections use the service role', (c) => (c.plans.silver.selections.tagged.role = 'arn:aws:iam::333333333333:role/Backup'), 'plans.silver.selections.tagged.role: plan "silver" is enforced by backup policy baseline, whose selections use the service role every account creates: remove role'],
  ['policy schedules in UTC', (c) => (c.plans.silver.rules.daily.scheduleTimezone = 'Europe/Paris'), 'plans.silver.rules.daily.scheduleTimezone: plan "silver" is enforced by backup policy baseline: backup policies schedule in UTC only'],
  // Section 8: a plan a policy enforces takes 10 recovery point tags, not the 50 of a plan in an account.
  ['at most 10 recovery point tags in a policy plan', (c) => (c.plans.silver.rules.daily.recoveryPointTags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`tag${i}`, 'x']))), 'organization.policies.baseline: policy document $.plans.silver.rules.daily.recovery_point_tags: has 11 recovery point tags; a rule accepts at most 10'],
  // AWS Backup "Policy quotas": 10 resource selections that use tags per plan, 30 tags per resource selection (each value counted).
  [
    'at most 10 tag selections in a policy plan',
    (c) => (c.plans.silver.selections = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`team${i}`, { tags: { team: `t${i}` } }]))),
    'plans.silver.selections: plan "silver" is enforced by backup policy baseline, which makes one tag selection per tag key of each selection: 11 here; a backup policy plan accepts at most 10 resource selections that use tags: use fewer tag keys, or split the plan',
  ],
  [
    'each tag key of a selection is a policy tag selection',
    (c) => (c.plans.silver.selections.tagged.tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`key${i}`, 'x']))),
    'plans.silver.selections: plan "silver" is enforced by backup policy baseline, which makes one tag selection per tag key of each selection: 11 here; a backup policy plan accepts at most 10 resource selections that use tags: use fewer tag keys, or split the plan',
  ],
  [
    'at most 30 tags in a policy tag selection',
    (c) => (c.plans.silver.selections.tagged.tags = { backup: Array.from({ length: 31 }, (_, i) => `v${i}`) }),
    'plans.silver.selections.tagged.tags.backup: plan "silver" is enforced by backup policy baseline: its 31 values make one tag selection of 31 tags; a backup policy selection accepts at most 30 tags (each value counted as one tag: AWS\'s quota does not say how values count): split the values over several selections',
  ],
  [
    'at most 10 policies per target',
    (c) => {
      // Each policy its own plan: one plan name from two policies is an error of its own.
      for (let i = 0; i < 10; i += 1) {
        c.plans[`p${i}`] = { ...structuredClone(c.plans.silver), name: `p${i}` };
        c.organization.policies[`p${i}`] = { plans: [`p${i}`], regions: ['eu-west-1'], targets: ['workloads'] };
      }
    },
    'organization.policies: 11 backup policies are attached to workloads; AWS allows at most 10 per root, unit or account'],
  ['s3 state needs a bucket', (c) => (c.state = { backend: 's3', region: 'us-east-1' }), 'state.bucket: is required with backend: s3'],
  ['s3 state bucket that is blank (terraform init: The value cannot be empty or all whitespace)', (c) => (c.state = { backend: 's3', bucket: ' ', region: 'us-east-1' }), 'state.bucket: is required with backend: s3'],
  // terraform init refuses each of these keys (Terraform 1.11, S3 backend); validate called them valid.
  [
    's3 state key prefix ending in a slash',
    (c) => (c.state = { backend: 's3', bucket: 'b', region: 'us-east-1', keyPrefix: 'state/' }),
    'state.keyPrefix: "state/" makes each stack\'s state key state//<stack>/terraform.tfstate, which Terraform\'s S3 backend refuses at terraform init (Value must not contain "//"); give a prefix with no "/" at either end and no "//"',
  ],
  [
    's3 state key prefix starting with a slash',
    (c) => (c.state = { backend: 's3', bucket: 'b', region: 'us-east-1', keyPrefix: '/state' }),
    'state.keyPrefix: "/state" makes each stack\'s state key /state/<stack>/terraform.tfstate, which Terraform\'s S3 backend refuses at terraform init (The value must not start or end with "/"); give a prefix with no "/" at either end and no "//"',
  ],
  [
    's3 state key prefix empty',
    (c) => (c.state = { backend: 's3', bucket: 'b', region: 'us-east-1', keyPrefix: '' }),
    'state.keyPrefix: "" makes each stack\'s state key /<stack>/terraform.tfstate, which Terraform\'s S3 backend refuses at terraform init (The value must not start or end with "/"); give a prefix with no "/" at either end and no "//"',
  ],
  [
    's3 state key prefix holding a double slash',
    (c) => (c.state = { backend: 's3', bucket: 'b', region: 'us-east-1', keyPrefix: 'org//backup' }),
    'state.keyPrefix: "org//backup" makes each stack\'s state key org//backup/<stack>/terraform.tfstate, which Terraform\'s S3 backend refuses at terraform init (Value must not contain "//"); give a prefix with no "/" at either end and no "//"',
  ],
  ['dynamodb locking needs a table', (c) => (c.state = { backend: 's3', bucket: 'b', region: 'us-east-1', locking: 'dynamodb' }), 'state.dynamodbTable: is required with locking: dynamodb'],
  // Found by fuzzing (__tests__/fuzz): the central account was not checked, or a reference made the checker throw.
  ['air-gapped range', (c) => (c.organization.central.airGapped = { minRetentionDays: 400, maxRetentionDays: 365 }), 'organization.central.airGapped.maxRetentionDays: must be at least minRetentionDays (400); got 365'],
  ['central lock range', (c) => (c.organization.central.lock.maxRetentionDays = 6), 'organization.central.lock.maxRetentionDays: must be at least minRetentionDays (7); got 6'],
  ['central vault name', (c) => (c.organization.central.vaultName = 'central backup'), 'organization.central.vaultName: vault name "central backup" must be 2-50 characters of A-Z a-z 0-9 _ -'],
  ['central key administrators listed when given', (c) => (c.organization.central.keyAdministrators = []), 'organization.central.keyAdministrators: must name at least one principal, or be left out to use the account root'],
  ['air-gapped vault named like the central vault', (c) => (c.organization.central.airGapped = { vaultName: 'central-backup', minRetentionDays: 7, maxRetentionDays: 365 }), 'organization.central.airGapped.vaultName: "central-backup" is the name of the central vault too: two vaults of one account and Region need different names'],
  ['account plan named like an Object member', (c) => (c.accounts.orders.plans = ['valueOf']), 'accounts.orders.plans.0: plan "valueOf" is not declared in plans (declared: gold, silver)'],
  ['policy plan rules differing only in case', (c) => (c.plans.silver.rules.Daily = { lifecycle: { deleteAfterDays: 14 } }), 'organization.policies.baseline: cannot be built from its plans: plan "silver": rules "daily" and "Daily" differ only in case; AWS lower-cases them in the effective policy'],
  [
    'one plan name from two policies reaching one account (a unit and an account in it)',
    (c) => (c.organization.policies.extra = { plans: ['silver'], regions: ['eu-west-1'], targets: ['orders'] }),
    'organization.policies.extra: plan "silver" reaches orders (444444444444) from policies baseline and extra: AWS merges plans of one name into one, and the built policy locks its plan (@@none), so one policy\'s Regions, rules and selections are dropped; give the plans different names, or the policies targets that do not overlap',
  ],
  [
    'policy plan selecting one resource (resource_types select whole types)',
    (c) => (c.plans.silver.selections = { one: { resources: ['arn:aws:dynamodb:eu-west-1:444444444444:table/orders'] } }),
    'plans.silver.selections.one.resources.0: plan "silver" is enforced by backup policy baseline: "arn:aws:dynamodb:eu-west-1:444444444444:table/orders" is not "*" or a resource type a backup policy documents (such as arn:aws:dynamodb:*:*:table/*): a policy\'s resource_types select whole types in every account, not one resource; select it by tags or conditions, or run the plan from Terraform (accounts.<name>.plans)',
  ],
  ['policy plan copying to an undeclared vault', (c) => (c.plans.silver.rules.daily.copies = { missing: {} }), 'plans.silver.rules.daily.copies.missing.vault: vault "missing" is not declared in vaults or existingVaults (declared: main, baseline)'],
];

describe('invalid organizations', () => {
  it.each(invalid)('%s', (_name, mutate, expected) => {
    expect(findings(organizationWith(mutate)).errors).toEqual([expected]);
  });

  it('take another name of UTC on a plan a policy enforces: its schedule runs as the policy\'s, in UTC', () => {
    for (const zone of ['UTC', 'Etc/GMT']) expect(findings(organizationWith((c) => (c.plans.silver.rules.daily.scheduleTimezone = zone))).errors).toEqual([]);
  });
});

describe('single-account files', () => {
  it('keep working unchanged', () => {
    expect(findings(configWith(() => undefined)).errors).toEqual([]);
  });
});

describe('hand-written policy files', () => {
  const EXAMPLES = join(__dirname, '..', '..', 'examples');
  const withFile = (mutate: Mutation = () => undefined) =>
    organizationWith((c) => {
      c.accounts.orders.regions = ['eu-west-1', 'us-east-1'];
      c.organization.policies.archive = { file: 'policies/weekly-archive.json', targets: ['orders'] };
      mutate(c);
    });
  const errorsOf = (raw: RawConfig) => checkRawConfig(raw, { baseDir: EXAMPLES }).errors.map((p) => `${p.path}: ${p.message}`);

  it('are read relative to the config file, validated and attached', () => {
    const check = checkRawConfig(withFile(), { baseDir: EXAMPLES });
    expect(check.errors).toEqual([]);
    const management = check.model?.stacks.find((stack) => stack.kind === 'management');
    expect(management?.kind === 'management' && management.policies.map((p) => [p.key, p.targets])).toEqual([
      ['archive', [{ key: 'orders', targetId: '444444444444' }]],
      ['baseline', [{ key: 'workloads', targetId: 'ou-a1b2-workload1' }]],
    ]);
  });

  it('have their targets judged once, at the targets, whatever their plans (a target not declared, one id named twice)', () => {
    const targets = withFile((c) => ((c.organization.units.again = c.organization.units.workloads), (c.organization.policies.archive.targets = ['orders', 'sandbox', 'workloads', 'again'])));
    expect(errorsOf(targets).filter((line) => line.startsWith('organization.policies.archive.targets'))).toEqual([
      'organization.policies.archive.targets.1: "sandbox" is neither a unit in organization.units nor an account in accounts',
      'organization.policies.archive.targets.2: attaches the policy a second time to ou-a1b2-workload1 (again names it too): AWS Organizations refuses it (DuplicatePolicyAttachmentException)',
    ]);
    expect(errorsOf(targets).filter((line) => /neither a unit|a second time/.test(line))).toHaveLength(2);
  });

  it('that reuse a plan name another policy brings to the same account are an error: AWS merges the plans into one backup-estate cannot judge, and a built policy locks its plan', () => {
    const twice = withFile((c) => (c.organization.policies.again = { file: 'policies/weekly-archive.json', targets: ['orders'] }));
    expect(errorsOf(twice)).toEqual([
      'organization.policies.again: plan "weekly-archive" reaches orders (444444444444) from hand-written policies archive and again: AWS merges them into one effective plan, each setting of one overwriting or adding to the other\'s by the inheritance operators (its Regions, retention, rules and selections may be neither policy\'s), and backup-estate cannot judge that merged plan: coverage, the silence alarms, the RPO gate and the report would read each policy\'s plan on its own; write the plan in one policy, or give the plans different names, or the policies targets that do not overlap',
    ]);
    const besideBuilt = withFile((c) => (c.plans['weekly-archive'] = { vault: 'baseline', rules: { weekly: { lifecycle: { deleteAfterDays: 35 } } }, selections: { all: { tags: { backup: 'weekly' } } } }, c.organization.policies.baseline.plans.push('weekly-archive')));
    expect(errorsOf(besideBuilt)).toEqual([
      'organization.policies.archive: plan "weekly-archive" reaches orders (444444444444) from policies baseline and archive: AWS merges plans of one name into one, and the built policy locks its plan (@@none), so one policy\'s Regions, rules and selections are dropped; give the plans different names, or the policies targets that do not overlap',
    ]);
  });

  it('run plans: without alerts, a config whose only plans come from a policy file is warned that failures and silences notify no one (found by the alert delivery audit)', () => {
    const onlyFile = withFile((c) => {
      delete c.alerts;
      delete c.organization.policies.baseline;
      delete c.accounts.payments.plans;
      c.plans = {};
    });
    const check = checkRawConfig(onlyFile, { baseDir: EXAMPLES });
    expect(check.errors).toEqual([]);
    expect(check.warnings.filter((p) => p.path === 'alerts').map((p) => p.message)).toEqual([
      'is not set: failed backup, copy and restore jobs, and the silence alarms, notify no one; add alerts with subscriptions',
    ]);
  });

  it('count with the Region settings: a hand-written policy selecting by tags depends on the opt-ins too', () => {
    const byArnOnly = (c: RawConfig) => {
      delete c.regionSettings;
      c.plans.gold.selections = { one: { resources: ['arn:aws:ec2:*:*:volume/*'] } };
      c.plans.silver.selections = { one: { resources: ['arn:aws:ec2:*:*:volume/*'] } };
    };
    const warned = (raw: RawConfig) => checkRawConfig(raw, { baseDir: EXAMPLES }).warnings.filter((p) => p.path === 'regionSettings');
    expect(warned(organizationWith(byArnOnly))).toEqual([]);
    expect(warned(withFile(byArnOnly))).toHaveLength(1);
  });

  it('name vaults that some stack creates', () => {
    expect(errorsOf(withFile((c) => (c.vaults.baseline.name = 'baseline-v2')))).toEqual([
      'organization.policies.archive.file: plan weekly-archive targets vault "baseline", which no stack creates: declare it in vaults (or in existingVaults by name, when each targeted account has it in each Region already, as the Default vault)',
    ]);
  });

  it('target an existing vault given by name, as AWS\'s Examples 2 and 5 back up into Default: no error, the vault counts as used, and its lock is unknown (as for a config plan)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-default-vault-'));
    mkdirSync(join(dir, 'policies'));
    const document = JSON.parse(readFileSync(join(EXAMPLES, 'policies', 'weekly-archive.json'), 'utf8'));
    document.plans['weekly-archive'].rules.weekly.target_backup_vault_name = { '@@assign': 'Default' };
    writeFileSync(join(dir, 'policies', 'weekly-archive.json'), JSON.stringify(document));
    const check = checkRawConfig(
      withFile((c) => (c.existingVaults = { default: { name: 'Default' } })),
      { baseDir: dir },
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings.filter((p) => p.path.startsWith('existingVaults'))).toEqual([]);
    // AWS fails the jobs of an account and Region without the vault; a vault lock fails those outside its range: neither is known here.
    expect(check.warnings.filter((p) => p.path === 'organization.policies.archive.file').map((p) => p.message)).toEqual([
      'plan weekly-archive backs up into existing vault "default", which this config does not create: its Vault Lock, if any, is unknown here, so retention is not checked against it and the rule pack cannot say whether it is locked (365 days here)',
    ]);
    expect(checkRawConfig(withFile(), { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.archive.file: plan weekly-archive targets vault "Default", which no stack creates: declare it in vaults (or in existingVaults by name, when each targeted account has it in each Region already, as the Default vault)',
    ]);
  });

  it('copy into an existing vault given by name ($account): its lock is unknown, unless the config creates a vault of that name there', () => {
    const arn = 'arn:aws:backup:us-east-1:$account:backup-vault:Default';
    const dir = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '90' } } } };
    });
    const file = (raw: RawConfig) => checkRawConfig(raw, { baseDir: dir }).warnings.filter((p) => p.path === 'organization.policies.archive.file').map((p) => p.message);
    expect(file(withFile((c) => (c.existingVaults = { default: { name: 'Default' } })))).toEqual([
      `plan weekly-archive copies into ${arn}, existing vault "default", which this config does not create: its Vault Lock, if any, is unknown here, so retention is not checked against it and the rule pack cannot say whether it is locked (90 days here)`,
    ]);
    // A vault of vaults named alike is created in us-east-1 by orders' stack there: that one, its lock checked.
    const created = withFile((c) => ((c.existingVaults = { default: { name: 'Default' } }), (c.vaults.dflt = { name: 'Default', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } })));
    expect(checkRawConfig(created, { baseDir: dir }).errors).toEqual([]);
    expect(file(created)).toEqual([]);
  });

  it('name the service role every account creates', () => {
    expect(errorsOf(withFile((c) => (c.serviceRole = { name: 'backup-role' })))).toEqual([
      'organization.policies.archive.file: plan weekly-archive uses role arn:aws:iam::$account:role/aws-backup-service-role, which no stack creates: use arn:aws:iam::$account:role/backup-role',
    ]);
  });

  it('copy into another account: warned what AWS needs, refused while cross-account backup is off (AWS\'s Example 1 copies to account 111111111111)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-cross-account-'));
    mkdirSync(join(dir, 'policies'));
    const document = JSON.parse(readFileSync(join(EXAMPLES, 'policies', 'weekly-archive.json'), 'utf8'));
    const arn = 'arn:aws:backup:us-west-1:111111111111:backup-vault:tertiary_vault';
    document.plans['weekly-archive'].rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '365' } } } };
    writeFileSync(join(dir, 'policies', 'weekly-archive.json'), JSON.stringify(document));
    const on = checkRawConfig(withFile(), { baseDir: dir });
    expect(on.errors).toEqual([]);
    expect(on.warnings.filter((p) => p.path === 'organization.policies.archive.file').map((p) => p.message)).toEqual([
      `plan weekly-archive copies into account 111111111111: AWS needs both accounts in one AWS Organization, a policy on ${arn} that allows backup:CopyIntoBackupVault from accounts 444444444444, and a key on that vault whose policy lets that account's AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)`,
    ]);
    const off = checkRawConfig(withFile((c) => (c.globalSettings = { crossAccountBackup: false })), { baseDir: dir });
    expect(off.errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `globalSettings.crossAccountBackup: is false, but plan weekly-archive of organization.policies.archive.file copies into account 111111111111 (${arn}): AWS fails every cross-account copy job`,
      'globalSettings.crossAccountBackup: is false, but plans gold copy into the central backup account: AWS fails every cross-account copy job',
    ]);
  });

  it('run only where the targeted accounts have stacks', () => {
    expect(errorsOf(withFile((c) => (c.accounts.orders.regions = ['eu-west-1'])))).toEqual([
      'organization.policies.archive.file: policy runs in us-east-1 in account orders, which has no stack there to create its vaults and service role: add the Regions to accounts.orders.regions',
    ]);
  });

  /** The example policy, changed by `mutate`, in a directory of its own. */
  const policyDir = (mutate: (plan: Record<string, any>) => void): string => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-refs-'));
    mkdirSync(join(dir, 'policies'));
    const policy = JSON.parse(readFileSync(join(EXAMPLES, 'policies', 'weekly-archive.json'), 'utf8'));
    mutate(policy.plans['weekly-archive']);
    writeFileSync(join(dir, 'policies', 'weekly-archive.json'), JSON.stringify(policy));
    return dir;
  };

  it('target a vault in every Region they run in: one fixed in another Region is missing there', () => {
    const dir = policyDir((plan) => (plan.rules.weekly.target_backup_vault_name = { '@@assign': 'archive' }));
    const raw = withFile((c) => (c.vaults.archive = { name: 'archive', region: 'eu-west-1' }));
    expect(checkRawConfig(raw, { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.archive.file: plan weekly-archive targets vault "archive" in us-east-1, but vaults.archive is fixed in eu-west-1, so no stack creates it there and those backup jobs fail: leave the vault\'s region unset',
    ]);
  });

  it('target a vault of that name in each Region, where two vaults of vaults share the name, each with its own lock', () => {
    // AWS names a vault per account and Region: archive in eu-west-1 and archive in us-east-1 (kept 7-100 days) are both created.
    const dir = policyDir((plan) => (plan.rules.weekly.target_backup_vault_name = { '@@assign': 'archive' }));
    const raw = withFile((c) => {
      c.vaults.archive = { name: 'archive', region: 'eu-west-1' };
      c.vaults['archive-us'] = { name: 'archive', region: 'us-east-1', lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 100 } };
    });
    expect(checkRawConfig(raw, { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.archive.file: plan weekly-archive backs up into vault "archive" in us-east-1: retention of 365 days is outside the lock range of vault "archive" (7-100 days): AWS Backup fails these jobs',
    ]);
    const arn = 'arn:aws:backup:us-east-1:$account:backup-vault:archive';
    const copying = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.target_backup_vault_name = { '@@assign': 'archive' };
      plan.rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '365' } } } };
    });
    expect(checkRawConfig(raw, { baseDir: copying }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${arn}: retention of 365 days is outside the lock range of vault "archive" (7-100 days): AWS Backup fails these jobs`,
    ]);
  });

  it('copy into a vault of the member account ($account) only when its stacks create it there, in the ARN\'s Region', () => {
    const arn = 'arn:aws:backup:eu-central-1:$account:backup-vault:dr';
    const dir = policyDir((plan) => (plan.rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '365' } } } }));
    expect(checkRawConfig(withFile(), { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${arn}, a vault no stack creates, so those copy jobs fail: declare vault "dr" in vaults`,
    ]);
    expect(checkRawConfig(withFile((c) => (c.vaults.dr = { name: 'dr', region: 'us-east-1' })), { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${arn}, but vaults.dr is fixed in us-east-1, so no stack creates it in eu-central-1 and those copy jobs fail: leave the vault's region unset or copy to us-east-1`,
    ]);
    const check = checkRawConfig(withFile((c) => (c.vaults.dr = { name: 'dr' })), { baseDir: dir });
    expect(check.errors).toEqual([]);
    // The targeted account gets a stack in the copy's Region, creating the vault there.
    const drStack = check.model?.stacks.find((stack) => stack.name === 'orders-eu-central-1');
    expect(drStack?.kind === 'workload' && drStack.vaults.map((vault) => vault.name)).toEqual(['dr']);
  });

  it('keep the retention of what enters a locked vault inside its range: their own vaults\' and the central vaults\'', () => {
    const locked = withFile((c) => (c.vaults.baseline.lock = { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 100 }));
    expect(errorsOf(locked)).toEqual([
      'organization.policies.archive.file: plan weekly-archive backs up into vault "baseline": retention of 365 days is outside the lock range of vault "baseline" (7-100 days): AWS Backup fails these jobs',
    ]);
    const arn = 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central-backup';
    const dir = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn } } };
    });
    // Without a lifecycle of its own the copy keeps the rule's 365 days; the central lock allows 7-365.
    expect(checkRawConfig(withFile(), { baseDir: dir }).errors).toEqual([]);
    const longer = withFile((c) => (c.organization.central.lock.maxRetentionDays = 300));
    expect(checkRawConfig(longer, { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${arn}: retention of 365 days is outside the lock range of vault "central-backup" (7-300 days): AWS Backup fails these jobs`,
    ]);
    // Another member account's vault that its own stack creates (payments' main, for gold): its lock is known too.
    const mainArn = 'arn:aws:backup:eu-west-1:333333333333:backup-vault:main';
    const toMain = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.copy_actions = { [mainArn]: { target_backup_vault_arn: { '@@assign': mainArn } } };
    });
    // main admits orders' copies (without it, the copy is refused: the test below).
    const admitsOrders = { AllowCopiesFromOrders: { effect: 'Allow', principals: { aws: ['arn:aws:iam::444444444444:root'] }, actions: ['backup:CopyIntoBackupVault'] } };
    const lockedMain = withFile((c) => {
      c.vaults.main.lock = { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 100 };
      c.vaults.main.accessPolicy.statements = admitsOrders;
    });
    expect(checkRawConfig(lockedMain, { baseDir: toMain }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${mainArn}: retention of 365 days is outside the lock range of vault "main" (7-100 days): AWS Backup fails these jobs`,
    ]);
  });

  // As a config plan's copy into a vault the config creates in another account (config/target-rules.ts copiesRefusedBy): "the destination
  // backup vault doesn't have a vault access policy that allows copies from a source account" (re:Post) fails every copy job.
  it("refuse a copy into a vault the config creates in another account whose access policy does not admit the policy's accounts", () => {
    const mainArn = 'arn:aws:backup:eu-west-1:333333333333:backup-vault:main';
    const toMain = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.copy_actions = { [mainArn]: { target_backup_vault_arn: { '@@assign': mainArn } } };
    });
    expect(checkRawConfig(withFile(), { baseDir: toMain }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.archive.file: plan weekly-archive copies into vault "main" of account 333333333333, which this config creates with an access policy that allows backup:CopyIntoBackupVault to none of accounts 444444444444: AWS refuses their copy jobs (a cross-account copy needs the destination vault\'s policy to allow the source account). Add to vaults.main.accessPolicy.statements an Allow of backup:CopyIntoBackupVault naming arn:aws:iam::444444444444:root (or "*" with StringEquals aws:PrincipalOrgID)',
    ]);
    const admitted = withFile((c) => (c.vaults.main.accessPolicy.statements = { AllowCopiesFromOrders: { effect: 'Allow', principals: { aws: ['arn:aws:iam::444444444444:root'] }, actions: ['backup:CopyIntoBackupVault'] } }));
    expect(checkRawConfig(admitted, { baseDir: toMain }).errors).toEqual([]);
  });

  it('make the vaults they name part of the config: an existingVaults ARN of such a vault is that vault (its lock checked), not one this config does not create', () => {
    const dir = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.target_backup_vault_name = { '@@assign': 'archive' };
    });
    // Only the policy names vault archive: orders' stack in eu-west-1 creates it for the policy (locked to 7-400 days).
    const raw = withFile((c) => {
      c.vaults.archive = {
        name: 'archive',
        lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400 },
        accessPolicy: { statements: { AllowCopiesFromPayments: { effect: 'Allow', principals: { aws: ['arn:aws:iam::333333333333:root'] }, actions: ['backup:CopyIntoBackupVault'] } } },
      };
      c.existingVaults = { 'orders-archive': { arn: 'arn:aws:backup:eu-west-1:444444444444:backup-vault:archive' } };
      c.plans.gold.rules.daily.copies = { 'orders-archive': { lifecycle: { deleteAfterDays: 500 } } };
    });
    const check = checkRawConfig(raw, { baseDir: dir });
    expect(check.errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'plans.gold.rules.daily.copies.orders-archive.lifecycle.deleteAfterDays: retention of 500 days is outside the lock range of vault "archive" (7-400 days): AWS Backup fails these jobs',
    ]);
    expect(check.warnings.filter((p) => p.message.includes('does not create'))).toEqual([]);
  });

  it('copy into the central vault by its ARN only in a Region whose central stack creates it (organization.central.regions)', () => {
    const arn = 'arn:aws:backup:us-east-1:222222222222:backup-vault:central-backup';
    const dir = policyDir((plan) => (plan.rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '300' } } } }));
    expect(checkRawConfig(withFile(), { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${arn}, the central vault in us-east-1, but organization.central.regions are eu-west-1, so no stack creates it there and those copy jobs fail: add us-east-1`,
    ]);
    expect(checkRawConfig(withFile((c) => c.organization.central.regions.push('us-east-1')), { baseDir: dir }).errors).toEqual([]);
    // A vault of that name made otherwise there, declared by its ARN: that account's, as for any other account.
    const declared = checkRawConfig(withFile((c) => (c.existingVaults = { 'central-us': { arn } })), { baseDir: dir });
    expect(declared.errors).toEqual([]);
    // The policy's copy uses the existing vault.
    expect(declared.warnings.filter((p) => p.path.startsWith('existingVaults'))).toEqual([]);
    expect(declared.warnings.filter((p) => p.path === 'organization.policies.archive.file').map((p) => p.message)).toEqual([
      `plan weekly-archive copies into account 222222222222: AWS needs both accounts in one AWS Organization, a policy on ${arn} that allows backup:CopyIntoBackupVault from accounts 444444444444, and a key on that vault whose policy lets that account's AWSServiceRoleForBackup use it through EC2, RDS and FSx (it re-encrypts those copies)`,
    ]);
  });

  it('keep no recovery point forever in a vault whose lock sets a maximum retention: AWS Backup fails those jobs', () => {
    // A rule without delete_after_days keeps its recovery points forever (Lifecycle); a lock's maximum fails every job longer than it.
    const forever = policyDir((plan) => delete plan.rules.weekly.lifecycle);
    const locked = withFile((c) => (c.vaults.baseline.lock = { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 100 }));
    expect(checkRawConfig(locked, { baseDir: forever }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.archive.file: plan weekly-archive backs up into vault "baseline": keeping recovery points forever (no delete_after_days) is outside the lock range of vault "baseline" (7-100 days): AWS Backup fails these jobs',
    ]);
    // A lock with a minimum only takes them.
    expect(checkRawConfig(withFile((c) => (c.vaults.baseline.lock = { mode: 'governance', minRetentionDays: 7 })), { baseDir: forever }).errors).toEqual([]);
    // A copy with a lifecycle of its own but no delete_after_days keeps its copies forever too.
    const arn = 'arn:aws:backup:eu-west-1:222222222222:backup-vault:central-backup';
    const copying = policyDir((plan) => {
      plan.regions = { '@@assign': ['eu-west-1'] };
      plan.rules.weekly.copy_actions = { [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { move_to_cold_storage_after_days: { '@@assign': '30' } } } };
    });
    expect(checkRawConfig(withFile(), { baseDir: copying }).errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `organization.policies.archive.file: plan weekly-archive copies to ${arn}: keeping recovery points forever (no delete_after_days) is outside the lock range of vault "central-backup" (7-365 days): AWS Backup fails these jobs`,
    ]);
  });

  it('run a rule kept forever in place of an overlapping rule kept for less, as AWS does (the longer retention wins)', () => {
    // A daily rule at the weekly rule's time, kept 35 days: on Sundays AWS runs the weekly rule, which keeps its recovery points forever.
    const dir = policyDir((plan) => {
      delete plan.rules.weekly.lifecycle;
      plan.rules.daily = { ...structuredClone(plan.rules.weekly), schedule_expression: { '@@assign': 'cron(0 4 ? * * *)' }, lifecycle: { delete_after_days: { '@@assign': '35' } } };
    });
    const check = checkRawConfig(withFile(), { baseDir: dir });
    expect(check.errors).toEqual([]);
    const stack = check.model?.stacks.find((candidate) => candidate.name === 'orders-eu-west-1');
    const jobs = stack?.kind === 'workload' ? stack.policyFileJobs?.find((plan) => plan.plan.startsWith('weekly-archive')) : undefined;
    // The daily rule's Sunday run is displaced by the weekly rule; the weekly rule by none.
    expect(jobs?.rules.map((rule) => (rule.displacedBy ?? []).map((winner) => winner.schedule))).toEqual([[], ['cron(0 4 ? * SUN *)']]);
  });

  it('have the vaults they write to watched by the silence alarms, with their own schedules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-watch-'));
    mkdirSync(join(dir, 'policies'));
    const policy = JSON.parse(readFileSync(join(EXAMPLES, 'policies', 'weekly-archive.json'), 'utf8'));
    policy.plans['weekly-archive'].regions = { '@@assign': ['eu-west-1'] };
    policy.plans['weekly-archive'].rules.weekly.target_backup_vault_name = { '@@assign': 'archive' };
    writeFileSync(join(dir, 'policies', 'weekly-archive.json'), JSON.stringify(policy));
    const raw = withFile((c) => (c.vaults.archive = { name: 'archive' }));
    const check = checkRawConfig(raw, { baseDir: dir });
    expect(check.errors).toEqual([]);
    const orders = check.model?.stacks.find((stack) => stack.name === 'orders-eu-west-1');
    const watch = orders?.kind === 'workload' ? orders.monitoring?.vaults.find((vault) => vault.vaultName === 'archive') : undefined;
    // Weekly on Sundays, 60 + 600 minutes of windows: 7 d 11 h, beyond the 7 days CloudWatch can watch.
    expect(watch).toMatchObject({ plans: ['weekly-archive (policy archive)'], watch: { watched: false, rpoMinutes: 7 * 24 * 60 + 11 * 60 } });
  });

  it('with a key twice are an error, as validate-policy says: JSON.parse keeps the last, so the policy attached would lack the first rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-duplicate-key-'));
    mkdirSync(join(dir, 'policies'));
    const text = readFileSync(join(EXAMPLES, 'policies', 'weekly-archive.json'), 'utf8');
    const rule = '"weekly": { "schedule_expression": { "@@assign": "cron(0 4 ? * WED *)" }, "target_backup_vault_name": { "@@assign": "baseline" }, "lifecycle": { "delete_after_days": { "@@assign": "35" } } },';
    writeFileSync(join(dir, 'policies', 'weekly-archive.json'), text.replace('"rules": {', `"rules": {\n${rule}`));
    const check = checkRawConfig(withFile(), { baseDir: dir });
    expect(check.errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.archive.file: $.plans[\'weekly-archive\'].rules.weekly: duplicate key "weekly" (line 7): AWS Organizations rejects duplicate keys',
    ]);
  });

  it('that cannot be read or are invalid are errors at the file field', () => {
    expect(errorsOf(withFile((c) => (c.organization.policies.archive.file = 'policies/missing.json')))).toEqual([
      'organization.policies.archive.file: "policies/missing.json" cannot be read (no such file)',
    ]);
  });
});

describe('backup policies attached to a unit or the root', () => {
  const EXAMPLES = join(__dirname, '..', '..', 'examples');
  const unitWarnings = (raw: RawConfig, baseDir?: string) =>
    checkRawConfig(raw, baseDir ? { baseDir } : undefined)
      .warnings.filter((p) => /^organization\.policies\.[^.]+\.targets\./.test(p.path))
      .map((p) => `${p.path}: ${p.message}`);

  it('warn once per policy and unit: AWS applies them to accounts the config does not list, which get no vault, role or alerts', () => {
    expect(unitWarnings(baseOrganization())).toEqual([UNIT_TARGET_WARNING]);
    // The unit named twice in one policy: one warning.
    expect(unitWarnings(organizationWith((c) => (c.organization.policies.baseline.targets = ['workloads', 'workloads'])))).toEqual([UNIT_TARGET_WARNING]);
  });

  it('say so for the root too, which holds every account listed, whatever its unit, and not for a policy attached to accounts', () => {
    const root = organizationWith((c) => {
      c.organization.units.everything = 'r-a1b2';
      c.organization.policies.baseline.targets = ['everything'];
    });
    expect(unitWarnings(root)).toEqual([
      'organization.policies.baseline.targets.0: targets the organization root everything (r-a1b2): AWS applies the policy to every account of the organization, listed in accounts or not (accounts lists management, backup, payments and 1 more). An account not listed gets plan "silver" but no stack of this config: vault "baseline" and the service role aws-backup-service-role are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. List every account of the organization in accounts, or target the accounts or units instead of the root',
    ]);
    expect(unitWarnings(organizationWith((c) => (c.organization.policies.baseline.targets = ['payments', 'orders'])))).toEqual([]);
  });

  it('name the accounts of other units, which may be child units of the target (organization.units holds no parents), and stop once they are targeted', () => {
    // ledger sits in prod, a child unit of workloads: AWS applies baseline there, but its stack creates no vault "baseline".
    const nested = organizationWith((c) => {
      c.organization.units.prod = 'ou-a1b2-prod1234';
      c.accounts.ledger = { id: '666666666666', unit: 'prod', regions: ['eu-west-1'] };
    });
    expect(unitWarnings(nested)).toEqual([
      `${UNIT_TARGET_WARNING}. backup-estate cannot see which units are nested and counts ledger (unit prod) out of this policy: if that unit is a child unit of workloads, AWS applies the policy there too, and no stack of this config creates its vaults or counts its plans there; target those accounts as well`,
    ]);
    const targeted = organizationWith((c) => {
      c.organization.units.prod = 'ou-a1b2-prod1234';
      c.accounts.ledger = { id: '666666666666', unit: 'prod', regions: ['eu-west-1'] };
      c.organization.policies.baseline.targets = ['workloads', 'ledger'];
    });
    expect(unitWarnings(targeted)).toEqual([UNIT_TARGET_WARNING]);
  });

  it('say so for a hand-written policy, naming the plans and vaults of its document', () => {
    const raw = organizationWith((c) => {
      c.accounts.orders.regions = ['eu-west-1', 'us-east-1'];
      c.accounts.payments.regions = ['eu-west-1', 'us-east-1'];
      c.organization.policies.baseline.targets = ['payments'];
      c.organization.policies.archive = { file: 'policies/weekly-archive.json', targets: ['workloads'] };
    });
    expect(unitWarnings(raw, EXAMPLES)).toEqual([
      'organization.policies.archive.targets.0: targets unit workloads (ou-a1b2-workload1): AWS applies the policy to every account of the unit and of its child units, listed in accounts or not (accounts lists payments, orders with unit: workloads). An account not listed gets plan "weekly-archive" but no stack of this config: vault "baseline" and the service role aws-backup-service-role are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. List every account of the unit in accounts (with unit: workloads), or target the accounts instead of the unit',
    ]);
  });
});
