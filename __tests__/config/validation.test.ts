/**
 * Every config rule: a failing config with its exact message, and where the rule has a limit,
 * the boundary value that passes. Each case mutates the same small valid base config.
 */
import { baseConfig, configWith, findings, RawConfig, withRestoreTests } from '../support/configs';

type Mutation = (config: RawConfig) => void;
const rule = (config: RawConfig) => config.plans.gold.rules.daily;
const selection = (config: RawConfig) => config.plans.gold.selections.tagged;
const tagMap = (count: number, prefix = 'tag') => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'x']));
const arns = (count: number, suffix = '') => Array.from({ length: count }, (_, i) => `arn:aws:ec2:eu-west-1:111122223333:volume/vol-${i}${suffix}`);

describe('Region settings left to the account', () => {
  it('warn when selections by tags depend on them: a type the account never opted in to is skipped with no failed job', () => {
    expect(findings(configWith((c) => delete c.regionSettings)).warnings).toContain(
      `regionSettings: is not set: selections by tags, by resources "*", by an ARN of the service only (arn:aws:ec2:*) or by an ARN pattern of part of a type (arn:aws:s3:::prod*), and of rds clusters (Aurora, DocumentDB, Neptune, RDS Multi-AZ) or FSx file systems even by ARN, back up only the resource types the account's Region settings opt in, and AWS opts an account in only to the types it supported when the account first used AWS Backup: a type opted out is skipped with no job and no failure. Set regionSettings: {} to opt in every type the selections can reach`,
    );
    const byArn = configWith((c) => ((c.plans.gold.selections = { one: { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a'] } }), delete c.regionSettings));
    expect(findings(byArn).warnings.filter((w) => w.startsWith('regionSettings'))).toEqual([]);
    // Aurora, DocumentDB and Neptune need the opt-in even by ARN.
    const byCluster = configWith((c) => ((c.plans.gold.selections = { one: { resources: ['arn:aws:rds:eu-west-1:111122223333:cluster:orders'] } }), delete c.regionSettings));
    expect(findings(byCluster).warnings.filter((w) => w.startsWith('regionSettings'))).toHaveLength(1);
  });
});

describe('the base config', () => {
  it('is valid with no warnings', () => {
    expect(findings(baseConfig())).toEqual({ errors: [], warnings: [] });
  });
});

/** [rule, mutation, the one exact error]. */
const invalid: [string, Mutation, string][] = [
  // Shape and types (zod)
  ['version must be 1', (c) => (c.version = 2), 'version: must be 1; got 2'],
  ['account id quoted', (c) => (c.account.id = 111122223333), 'account.id: must be a quoted 12-digit account id ("012345678901"): YAML reads unquoted digits as a number'],
  ['account id 12 digits', (c) => (c.account.id = '12345'), 'account.id: must be a 12-digit AWS account id'],
  ['account name', (c) => (c.account.name = 'Prod_Account'), 'account.name: must be 1-40 characters of a-z 0-9 -, starting with a letter (it names the stacks)'],
  ['region code', (c) => (c.account.region = 'europe'), 'account.region: must be an AWS Region code such as eu-west-1'],
  ['required section', (c) => delete c.plans, 'plans: is required'],
  ['unknown field with suggestion', (c) => (rule(c).lifecycle = { deleteAfterDay: 35 }), 'plans.gold.rules.daily.lifecycle.deleteAfterDay: unknown field "deleteAfterDay" (did you mean "deleteAfterDays"?)'],
  ['unknown top-level field', (c) => (c.vault = {}), 'vault: unknown field "vault" (did you mean "vaults"?)'],
  ['map key characters', (c) => (c.vaults['main vault'] = c.vaults.main), 'vaults.main vault: name "main vault" must be 1-50 characters of A-Z a-z 0-9 _ -, starting with a letter'],
  ['enum value', (c) => (c.vaults.main.lock = { mode: 'strict', minRetentionDays: 1 }), 'vaults.main.lock.mode: must be one of "governance", "compliance"; got "strict"'],
  ['whole days', (c) => (rule(c).lifecycle.deleteAfterDays = 3.5), 'plans.gold.rules.daily.lifecycle.deleteAfterDays: deleteAfterDays must be a whole number of days'],
  ['delete after at most 36500', (c) => (rule(c).lifecycle.deleteAfterDays = 36501), 'plans.gold.rules.daily.lifecycle.deleteAfterDays: must be at most 36500'],
  ['tag value is a string', (c) => (c.tags.owner = 42), 'tags.owner: tag values must be strings (quote numbers and booleans)'],
  ['recovery point tag key length', (c) => (rule(c).recoveryPointTags = { ['k'.repeat(129)]: 'v' }), `plans.gold.rules.daily.recoveryPointTags.${'k'.repeat(129)}: name "${'k'.repeat(129)}" recovery point tag keys must be at most 128 characters`],
  ['key deletion window', (c) => (c.keys = { shared: { deletionWindowInDays: 6 } }), 'keys.shared.deletionWindowInDays: must be at least 7'],
  // Tags (section 10)
  ['default tag key not aws:', (c) => (c.tags['aws:owner'] = 'x'), 'tags.aws:owner: name "aws:owner" starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)'],
  ['vault tag key not AWS: in any case', (c) => (c.vaults.main.tags = { 'AWS:Owner': 'x' }), 'vaults.main.tags.AWS:Owner: name "AWS:Owner" starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)'],
  ['plan tag key not aws:', (c) => (c.plans.gold.tags = { 'Aws:cost': 'x' }), 'plans.gold.tags.Aws:cost: name "Aws:cost" starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)'],
  ['key tag key not aws:', (c) => ((c.keys = { shared: { tags: { 'aws:x': 'y' } } }), (c.vaults.main.kmsKey = 'shared')), 'keys.shared.tags.aws:x: name "aws:x" starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)'],
  ['service role path at most 512 characters (terraform plan refused a longer one)', (c) => (c.serviceRole = { path: `/${'p/'.repeat(256)}` }), 'serviceRole.path: role path has 513 characters; IAM allows at most 512 (CreateRole)'],
  ['service role path with "/" at both ends, in the role constructs\' words', (c) => (c.serviceRole = { path: 'backup' }), 'serviceRole.path: role path "backup" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)'],
  ['service role boundary an IAM policy ARN', (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws:iam::12345:policy/backup-boundary' }), 'serviceRole.permissionsBoundaryArn: must be an IAM policy ARN (account * for the policy of that path and name in each account)'],
  [
    'service role boundary a policy of the role\'s own account',
    (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws:iam::999999999999:policy/backup-boundary' }),
    "serviceRole.permissionsBoundaryArn: names a customer managed policy of account 999999999999, but IAM takes as a role's permissions boundary only an AWS managed policy or a policy of the role's own account: the service role of account test would fail to be created, and with it every backup job there; write the account as * (arn:aws:iam::*:policy/backup-boundary) for the policy of that path and name in each account, or use an AWS managed policy",
  ],
  ['service role tag key not aws:', (c) => (c.serviceRole = { tags: { 'aws:x': 'y' } }), 'serviceRole.tags.aws:x: name "aws:x" starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)'],
  ['recovery point tag key not aws:', (c) => (rule(c).recoveryPointTags = { 'aws:backup:source': 'x' }), 'plans.gold.rules.daily.recoveryPointTags.aws:backup:source: name "aws:backup:source" starts with "aws:", a prefix AWS reserves for its own tags (refused at apply)'],
  ['recovery point tag key not empty', (c) => (rule(c).recoveryPointTags = { '': 'x' }), 'plans.gold.rules.daily.recoveryPointTags.: name "" recovery point tag keys must not be empty'],
  ['tag value length', (c) => (c.tags.owner = 'v'.repeat(257)), 'tags.owner: tag values must be at most 256 characters'],
  ['at most 50 recovery point tags', (c) => (rule(c).recoveryPointTags = tagMap(51)), 'plans.gold.rules.daily.recoveryPointTags: has 51 recovery point tags; AWS allows at most 50 per recovery point'],
  ['at most 50 default tags', (c) => (c.tags = tagMap(51)), 'tags: has 51 tags; AWS allows at most 50 per resource'],
  ['at most 50 tags on a resource, default tags included', (c) => ((c.tags = tagMap(3, 'default')), (c.plans.gold.tags = tagMap(48, 'plan'))), 'plans.gold.tags: together with the 3 default tags (tags) put 51 tags on the resource; AWS allows at most 50 per resource'],
  ['at most 50 tags on a resource, the default tag included', (c) => (c.vaults.main.tags = tagMap(50, 'vault')), 'vaults.main.tags: together with the default tag (tags) put 51 tags on the resource; AWS allows at most 50 per resource'],
  ['break-glass principal ARN', (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['BreakGlass']), 'vaults.main.accessPolicy.breakGlassPrincipals.0: must be an IAM principal ARN such as arn:aws:iam::111122223333:role/BreakGlass'],
  ['break-glass principal ARN with a Terraform interpolation in its path', (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:role/a${b}/BreakGlass']), 'vaults.main.accessPolicy.breakGlassPrincipals.0: "arn:aws:iam::111122223333:role/a${b}/BreakGlass" holds "${", which Terraform reads as the start of a template (an interpolation) in any string of the stack\'s JSON: IAM allows it in a role path, but AWS would not get this ARN'],
  ['break-glass principal name with a character IAM names refuse', (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:role/team/Break#Glass']), 'vaults.main.accessPolicy.breakGlassPrincipals.0: must be an IAM principal ARN such as arn:aws:iam::111122223333:role/BreakGlass'],
  ['windows VSS value', (c) => (c.plans.gold.windowsVss = 'on'), 'plans.gold.windowsVss: must be one of "enabled", "disabled"; got "on"'],
  ['preset name', (c) => (rule(c).preset = 'daily'), 'plans.gold.rules.daily.preset: must be one of "daily-35", "weekly-90", "monthly-1y-cold", "monthly-5y-cold", "monthly-7y-cold"; got "daily"'],
  // Names (section 2)
  ['vault name characters', (c) => (c.vaults.main.name = 'main vault!'), 'vaults.main.name: vault name "main vault!" must be 2-50 characters of A-Z a-z 0-9 _ -'],
  ['vault name length from the key', (c) => ((c.vaults.m = c.vaults.main), delete c.vaults.main, (c.plans.gold.vault = 'm')), 'vaults.m: vault name "m" must be 2-50 characters of A-Z a-z 0-9 _ -'],
  ['plan name', (c) => (c.plans.gold.name = 'gold plan'), 'plans.gold.name: plan name "gold plan" must be 1-50 characters of A-Z a-z 0-9 _ . -'],
  ['selection name', (c) => (selection(c).name = 'x'.repeat(51)), `plans.gold.selections.tagged.name: selection name "${'x'.repeat(51)}" must be 1-50 characters of A-Z a-z 0-9 _ . -`],
  ['duplicate vault name in a Region', (c) => (c.vaults.other = { name: 'main', accessPolicy: c.vaults.main.accessPolicy }), 'vaults.other: vault name "main" is already used by vaults.main in eu-west-1'],
  ['duplicate plan name in a Region', (c) => (c.plans.silver = { ...c.plans.gold, name: 'gold' }), 'plans.silver: plan name "gold" is already used by plans.gold in eu-west-1'],
  ['duplicate key alias', (c) => ((c.keys = { shared: { alias: 'alias/backup/vault-main' } }), (c.vaults.dr.kmsKey = undefined)), 'vaults.main: key alias "alias/backup/vault-main" is already used by keys.shared.alias in eu-west-1'],
  // Keys
  ['kmsKey declared', (c) => (c.vaults.main.kmsKey = 'missing'), 'vaults.main.kmsKey: key "missing" is not declared in keys (declared: none)'],
  ['kmsKey in the vault Region', (c) => ((c.keys = { shared: { region: 'us-east-1' } }), (c.vaults.main.kmsKey = 'shared')), 'vaults.main.kmsKey: key "shared" is in us-east-1 but vault "main" is in eu-west-1: a vault\'s key must be in the vault\'s Region'],
  ['kmsKey or kmsKeyArn', (c) => ((c.keys = { shared: {} }), (c.vaults.main.kmsKey = 'shared'), (c.vaults.main.kmsKeyArn = 'arn:aws:kms:eu-west-1:111122223333:key/abc')), 'vaults.main.kmsKeyArn: give either kmsKey or kmsKeyArn, not both'],
  ['kmsKeyArn in the vault Region', (c) => (c.vaults.main.kmsKeyArn = 'arn:aws:kms:us-east-1:111122223333:key/abc'), 'vaults.main.kmsKeyArn: key is in us-east-1 but vault "main" is in eu-west-1: a vault\'s key must be in the vault\'s Region'],
  // Locks (section 5)
  ['lock max below min', (c) => (c.vaults.dr.lock.maxRetentionDays = 6), 'vaults.dr.lock.maxRetentionDays: must be at least minRetentionDays (7); got 6'],
  ['lock min missing', (c) => delete c.vaults.dr.lock.minRetentionDays, 'vaults.dr.lock.minRetentionDays: is required (the shortest retention the lock enforces, at least 1 day)'],
  ['lock max at most 36500', (c) => (c.vaults.dr.lock.maxRetentionDays = 36501), 'vaults.dr.lock.maxRetentionDays: must be at most 36500'],
  ['lock min at least 1', (c) => (c.vaults.dr.lock.minRetentionDays = 0), 'vaults.dr.lock.minRetentionDays: must be at least 1'],
  ['compliance needs changeableForDays', (c) => delete c.vaults.dr.lock.changeableForDays, 'vaults.dr.lock.changeableForDays: is required in compliance mode (3-36500 days before the lock becomes immutable)'],
  ['changeableForDays at least 3', (c) => (c.vaults.dr.lock.changeableForDays = 2), 'vaults.dr.lock.changeableForDays: must be at least 3'],
  ['governance has no changeableForDays', (c) => (c.vaults.dr.lock.mode = 'governance'), 'vaults.dr.lock.changeableForDays: is only allowed in compliance mode: setting it makes the lock immutable after the grace period'],
  // Rules (section 3)
  ['rule needs a vault', (c) => delete c.plans.gold.vault, 'plans.gold.rules.daily.vault: is required: name the target vault here or in plans.gold.vault'],
  ['rule vault declared', (c) => (rule(c).vault = 'nope'), 'plans.gold.rules.daily.vault: vault "nope" is not declared in vaults or existingVaults (declared: main, dr)'],
  ['rule vault in the plan Region', (c) => ((rule(c).vault = 'dr'), (rule(c).copies = {})), 'plans.gold.rules.daily.vault: vault "dr" is in eu-central-1 but plan "gold" runs in eu-west-1: a rule\'s target vault must be in the plan\'s Region (copy to other Regions with copies)'],
  ['plan vault declared, reported where written', (c) => ((c.plans.gold.vault = 'nope'), (c.plans.gold.rules.weekly = { preset: 'weekly-90' })), 'plans.gold.vault: vault "nope" is not declared in vaults or existingVaults (declared: main, dr)'],
  ['plan vault in the plan Region', (c) => ((c.plans.gold.vault = 'dr'), (rule(c).copies = {})), 'plans.gold.vault: vault "dr" is in eu-central-1 but plan "gold" runs in eu-west-1: a rule\'s target vault must be in the plan\'s Region (copy to other Regions with copies)'],
  ['schedule without surrounding space', (c) => (rule(c).schedule = 'cron(0 5 ? * * *) '), 'plans.gold.rules.daily.schedule: has white space at its start or end; write "cron(0 5 ? * * *)"'],
  ['schedule without a block scalar line break', (c) => (rule(c).schedule = 'cron(0 5 ? * * *)\n'), 'plans.gold.rules.daily.schedule: has white space at its start or end; write "cron(0 5 ? * * *)"'],
  ['schedule on a day no calendar has', (c) => (rule(c).schedule = 'cron(0 5 31 4,6,9,11 ? *)'), 'plans.gold.rules.daily.schedule: never runs: no date of the 8 years 2027-2034 matches its day-of-month, month and day-of-week fields'],
  [
    'schedule whose time daylight saving skips on every date it names',
    (c) => ((rule(c).schedule = 'cron(30 2 ? 3 1L *)'), (rule(c).scheduleTimezone = 'Europe/Paris')),
    'plans.gold.rules.daily.schedule: never runs in the 8 years 2027-2034: on every date it names, the clocks of Europe/Paris skip its time (daylight saving starts), and a skipped time does not fire; pick a time outside the skipped hour',
  ],
  ['schedule whose fields almost never meet', (c) => (rule(c).schedule = 'cron(0 5 ? 2 SUN#5 *)'), 'plans.gold.rules.daily.schedule: runs once in the 8 years 2027-2034: its day-of-month, month and day-of-week fields almost never meet'],
  [
    'schedule that stops after a year',
    (c) => (rule(c).schedule = 'cron(0 5 ? * * 2026-2028)'),
    'plans.gold.rules.daily.schedule: runs only in 2026-2028: no backup after 2028; write * in the year field (and remove the rule when it is no longer needed)',
  ],
  ['rule needs a retention', (c) => delete rule(c).lifecycle, 'plans.gold.rules.daily.lifecycle.deleteAfterDays: is required (or start from a preset): every rule needs a retention'],
  ['cron syntax', (c) => (rule(c).schedule = 'rate(1 day)'), 'plans.gold.rules.daily.schedule: must look like cron(minutes hours day-of-month month day-of-week year); got "rate(1 day)"'],
  ['cron fields', (c) => (rule(c).schedule = 'cron(0 5 * * ?)'), 'plans.gold.rules.daily.schedule: must have 6 fields (minutes hours day-of-month month day-of-week year); got 5'],
  ['cron day fields', (c) => (rule(c).schedule = 'cron(0 5 * * * *)'), 'plans.gold.rules.daily.schedule: exactly one of day-of-month ("*") and day-of-week ("*") must be "?"'],
  ['cron ranges', (c) => (rule(c).schedule = 'cron(0 24 ? * * *)'), 'plans.gold.rules.daily.schedule: hours field "24" must be within 0-23'],
  ['at most hourly', (c) => (rule(c).schedule = 'cron(0/30 * ? * * *)'), 'plans.gold.rules.daily.schedule: runs up to 2 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field'],
  ['time zone', (c) => (rule(c).scheduleTimezone = 'Mars/Olympus'), 'plans.gold.rules.daily.scheduleTimezone: "Mars/Olympus" is not an IANA time zone such as Etc/UTC or Europe/Paris'],
  ['start window at least 60', (c) => (rule(c).startWindowMinutes = 59), 'plans.gold.rules.daily.startWindowMinutes: must be between 60 and 52560000 minutes; got 59'],
  ['completion after start', (c) => ((rule(c).startWindowMinutes = 120), (rule(c).completionWindowMinutes = 120)), 'plans.gold.rules.daily.completionWindowMinutes: must be greater than startWindowMinutes (120); got 120'],
  ['completion after the default start', (c) => (rule(c).completionWindowMinutes = 60), 'plans.gold.rules.daily.completionWindowMinutes: must be greater than startWindowMinutes (60: not set, the default); got 60'],
  ['cold storage + 90 days', (c) => (rule(c).lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 119 }), 'plans.gold.rules.daily.lifecycle.deleteAfterDays: must be at least coldStorageAfterDays + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 119'],
  ['copy cold storage + 90 days', (c) => (rule(c).copies.dr = { lifecycle: { coldStorageAfterDays: 10, deleteAfterDays: 99 } }), 'plans.gold.rules.daily.copies.dr.lifecycle.deleteAfterDays: must be at least coldStorageAfterDays + 90 = 100 (AWS keeps cold-storage recovery points at least 90 days); got 99'],
  ['copy lifecycle states its retention', (c) => (rule(c).copies.dr = { lifecycle: { coldStorageAfterDays: 30 } }), 'plans.gold.rules.daily.copies.dr.lifecycle.deleteAfterDays: is required when the copy has its own lifecycle: without it the copy is never deleted'],
  ['continuous at most 35 days', (c) => ((rule(c).continuousBackup = true), (rule(c).lifecycle.deleteAfterDays = 36), (rule(c).copies = {})), 'plans.gold.rules.daily.lifecycle.deleteAfterDays: must be at most 35 days with continuousBackup; got 36'],
  ['continuous without cold storage', (c) => ((rule(c).continuousBackup = true), (rule(c).lifecycle = { coldStorageAfterDays: 1, deleteAfterDays: 35 }), (rule(c).copies = {})), 'plans.gold.rules.daily.lifecycle.coldStorageAfterDays: is not allowed with continuousBackup (continuous recovery points cannot move to cold storage)'],
  ['at most 5 copies', (c) => ((c.vaults = { ...c.vaults, ...Object.fromEntries(['a1', 'a2', 'a3', 'a4', 'a5'].map((k) => [k, { region: 'us-east-1', accessPolicy: c.vaults.main.accessPolicy }])) }), (rule(c).copies = { dr: {}, a1: {}, a2: {}, a3: {}, a4: {}, a5: {} })), 'plans.gold.rules.daily.copies: has 6 copies; a rule allows at most 5'],
  ['copy vault declared', (c) => (rule(c).copies = { elsewhere: {} }), 'plans.gold.rules.daily.copies.elsewhere.vault: vault "elsewhere" is not declared in vaults or existingVaults (declared: main, dr)'],
  ['copy not into its own vault', (c) => (rule(c).copies = { main: {} }), 'plans.gold.rules.daily.copies.main.vault: copies into the rule\'s own vault "main": copy to a vault in another Region or account'],
  ['rule retention inside the lock', (c) => ((c.vaults.main.lock = { mode: 'governance', minRetentionDays: 40 }), (rule(c).copies = {})), 'plans.gold.rules.daily.lifecycle.deleteAfterDays: retention of 35 days is outside the lock range of vault "main" (at least 40 days): AWS Backup fails these jobs'],
  ['inherited copy retention inside the lock', (c) => (c.vaults.dr.lock.minRetentionDays = 60), 'plans.gold.rules.daily.copies.dr: retention of 35 days is outside the lock range of vault "dr" (60-365 days): AWS Backup fails these jobs'],
  ['copy retention inside the lock', (c) => (rule(c).copies.dr = { lifecycle: { deleteAfterDays: 400 } }), 'plans.gold.rules.daily.copies.dr.lifecycle.deleteAfterDays: retention of 400 days is outside the lock range of vault "dr" (7-365 days): AWS Backup fails these jobs'],
  // Plans
  ['plan has rules', (c) => (c.plans.gold.rules = {}), 'plans.gold.rules: a plan needs at least one rule'],
  ['plan has a selection', (c) => (c.plans.gold.selections = {}), 'plans.gold.selections: a plan without a selection backs up nothing: add at least one'],
  ['at most 100 selections', (c) => (c.plans.gold.selections = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`s${i}`, { tags: { backup: 'gold' } }]))), 'plans.gold.selections: has 101 selections; AWS allows at most 100 per plan'],
  // Selections (section 4)
  ['selection selects everything', (c) => (c.plans.gold.selections.tagged = {}), 'plans.gold.selections.tagged: selects every resource opted in to AWS Backup: give tags, conditions or resources'],
  ['selection selects nothing', (c) => (c.plans.gold.selections.tagged = { resources: arns(1), notResources: arns(1) }), 'plans.gold.selections.tagged.notResources: excludes every listed resource: the selection selects nothing'],
  ['contradictory conditions', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { backup: 'gold' }, stringNotEquals: { backup: 'gold' } } }), 'plans.gold.selections.tagged.conditions.stringNotEquals.backup: excludes "gold", which stringEquals requires: nothing matches'],
  ['equals two values at once', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { backup: ['gold', 'silver'] } } }), 'plans.gold.selections.tagged.conditions.stringEquals.backup: requires tag "backup" to equal "gold" and "silver" at once (conditions are AND-ed): nothing matches; use tags for OR'],
  ['resources in another Region', (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:us-east-1:111122223333:volume/vol-1'] }), 'plans.gold.selections.tagged.resources.0: is in us-east-1 but the plan runs in eu-west-1: a plan backs up resources of its own Region only'],
  ['resources in another account', (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:eu-west-1:999999999999:volume/vol-1'] }), 'plans.gold.selections.tagged.resources.0: belongs to account 999999999999, not 111122223333: a plan backs up resources of its own account only'],
  ['resources of other Regions only', (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:us-*:*:volume/*'] }), 'plans.gold.selections.tagged.resources.0: matches only Regions like us-*, not eu-west-1 where the plan runs: a plan backs up resources of its own Region only'],
  ['resources of other accounts only', (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:*:9999*:volume/*'] }), 'plans.gold.selections.tagged.resources.0: matches only accounts like 9999*, not 111122223333 where the plan runs: a plan backs up resources of its own account only'],
  ['resource is an ARN', (c) => (c.plans.gold.selections.tagged = { resources: ['vol-123'] }), 'plans.gold.selections.tagged.resources.0: "vol-123" is not an ARN (or "*")'],
  [
    'resource ARN of no shape AWS Backup protects (a typo)',
    (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:eu-west-1:111122223333:volumes/vol-1'] }),
    'plans.gold.selections.tagged.resources.0: "arn:aws:ec2:eu-west-1:111122223333:volumes/vol-1" is no ARN of a resource AWS Backup protects, so it selects nothing: its ec2 resources have ARNs like arn:*:ec2:*:*:volume/* or arn:*:ec2:*:*:instance/*',
  ],
  [
    'resource ARN of a snapshot, not of a database',
    (c) => (c.plans.gold.selections.tagged = { resources: [`arn:aws:rds:eu-west-1:111122223333:db:orders`, 'arn:aws:rds:eu-west-1:111122223333:snapshot:orders-2026'] }),
    'plans.gold.selections.tagged.resources.1: "arn:aws:rds:eu-west-1:111122223333:snapshot:orders-2026" is no ARN of a resource AWS Backup protects, so it selects nothing: its rds resources have ARNs like arn:*:rds:*:*:cluster:* or arn:*:rds:*:*:db:*',
  ],
  [
    'resource ARN of a gateway, not of its volumes',
    (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:storagegateway:eu-west-1:111122223333:gateway/sgw-12A3456B'] }),
    'plans.gold.selections.tagged.resources.0: "arn:aws:storagegateway:eu-west-1:111122223333:gateway/sgw-12A3456B" is no ARN of a resource AWS Backup protects, so it selects nothing: its storagegateway resources have ARNs like arn:*:storagegateway:*:*:gateway/*/volume/*',
  ],
  [
    'resource ARN of a Timestream database, not of its tables',
    (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:timestream:eu-west-1:111122223333:database/metrics'] }),
    'plans.gold.selections.tagged.resources.0: "arn:aws:timestream:eu-west-1:111122223333:database/metrics" is no ARN of a resource AWS Backup protects, so it selects nothing: its timestream resources have ARNs like arn:*:timestream:*:*:database/*/table/*',
  ],
  [
    "resource ARN of a DynamoDB table's index, not of the table",
    (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/by-date'] }),
    "plans.gold.selections.tagged.resources.0: \"arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/by-date\" names part of a resource, not one AWS Backup backs up, so it selects nothing: a DynamoDB table's index, stream, backup or export is backed up with its table (table/NAME), an SAP HANA application or component with its databases (HANA/APP/DB/NAME)",
  ],
  [
    'resource ARN of an SAP HANA application, not of its databases',
    (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:ssm-sap:eu-west-1:111122223333:HANA/app1'] }),
    "plans.gold.selections.tagged.resources.0: \"arn:aws:ssm-sap:eu-west-1:111122223333:HANA/app1\" names part of a resource, not one AWS Backup backs up, so it selects nothing: a DynamoDB table's index, stream, backup or export is backed up with its table (table/NAME), an SAP HANA application or component with its databases (HANA/APP/DB/NAME)",
  ],
  ['an unknown field in a list item', (c) => (c.compliance = { suppressions: [{ rule: 'X', reason: 'a reason that is long enough', stale: 1 }] }), 'compliance.suppressions.0.stale: unknown field "stale" (did you mean "stack"?)'],
  ['a suppression path that names nothing', (c) => (c.compliance = { suppressions: [{ rule: 'X', path: 'plans.golden', reason: 'a reason that is long enough' }] }), 'compliance.suppressions.0.path: "plans.golden" names nothing in this config: plans has no "golden" (it has gold)'],
  ['retention written at the rule', (c) => (c.plans.gold.rules.daily.retention = 30), 'plans.gold.rules.daily.retention: unknown field "retention": retention goes under lifecycle, as lifecycle.deleteAfterDays (in days), e.g. lifecycle: { deleteAfterDays: 35 }'],
  ['deleteAfterDays flat under a rule', (c) => (c.plans.gold.rules.daily.deleteAfterDays = 30), 'plans.gold.rules.daily.deleteAfterDays: unknown field "deleteAfterDays": retention goes under lifecycle, as lifecycle.deleteAfterDays (in days), e.g. lifecycle: { deleteAfterDays: 35 }'],
  ['an unquoted number where text is expected', (c) => (c.plans.gold.selections.tagged.tags = { backup: 5 }), 'plans.gold.selections.tagged.tags.backup: must be a string or a list of strings: write it in quotes ("5"); YAML reads an unquoted 5 as a number'],
  ['an unquoted true where text is expected', (c) => (c.vaults.main.name = true), 'vaults.main.name: must be text: write it in quotes ("true"); YAML reads an unquoted true as true or false'],
  ['conditions without tags or resources', (c) => (c.plans.gold.selections.tagged = { conditions: { stringEquals: { backup: 'gold' } } }), 'plans.gold.selections.tagged.conditions: need tags or resources beside them: AWS Backup refuses a selection with conditions only; add resources: ["*"] to select every resource whose tags match'],
  ['at most 30 wildcard ARNs', (c) => (c.plans.gold.selections.tagged = { resources: arns(31, '*') }), 'plans.gold.selections.tagged.resources: has 31 ARNs with wildcards; at most 30 are allowed'],
  ['at most 500 ARNs', (c) => (c.plans.gold.selections.tagged = { resources: arns(501) }), 'plans.gold.selections.tagged.resources: has 501 ARNs; at most 500 are allowed'],
  ['at most 30 conditions', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringLike: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`tag${i}`, 'x*'])) } }), 'plans.gold.selections.tagged.conditions: has 31 conditions; at most 30 are allowed'],
  ['selection role ARN', (c) => (selection(c).role = 'BackupRole'), 'plans.gold.selections.tagged.role: must be an IAM role ARN'],
  // A config condition key becomes aws:ResourceTag/<key>: another aws: condition key cannot be written (it was valid, and the selection a tag condition no resource meets).
  ['a condition on IAM\'s aws:PrincipalTag/ key', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { 'aws:PrincipalTag/team': 'ops' } } }), 'plans.gold.selections.tagged.conditions.stringEquals.aws:PrincipalTag/team: "aws:PrincipalTag/team" would be written as condition key "aws:ResourceTag/aws:PrincipalTag/team", on a tag key starting with "aws:", which users cannot create (AWS reserves the prefix), not IAM\'s condition key "aws:PrincipalTag/team": AWS documents selection condition keys only as "aws:ResourceTag/<tag key>", not what it does with "aws:PrincipalTag/team": name a resource tag instead'],
  ['a selection tag on IAM\'s aws:PrincipalTag/ key', (c) => (c.plans.gold.selections.tagged = { tags: { 'aws:PrincipalTag/team': 'ops' } }), 'plans.gold.selections.tagged.tags.aws:PrincipalTag/team: "aws:PrincipalTag/team" is IAM\'s condition key form, not a tag key users can create (AWS reserves the aws: prefix), and AWS documents no selection by another key than a resource tag: name a resource tag instead'],
  ['a condition key with the aws:ResourceTag/ prefix in another case', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringNotEquals: { 'aws:resourcetag/env': 'dev' } } }), 'plans.gold.selections.tagged.conditions.stringNotEquals.aws:resourcetag/env: "aws:resourcetag/env" would be written as condition key "aws:ResourceTag/aws:resourcetag/env", on a tag key starting with "aws:", which users cannot create (AWS reserves the prefix); the prefix must be written "aws:ResourceTag/" exactly: write "env"'],
  ['a selection tag on IAM\'s aws:PrincipalTag/ key', (c) => (selection(c).tags = { 'aws:PrincipalTag/team': 'ops' }), 'plans.gold.selections.tagged.tags.aws:PrincipalTag/team: "aws:PrincipalTag/team" is IAM\'s condition key form, not a tag key users can create (AWS reserves the aws: prefix), and AWS documents no selection by another key than a resource tag: name a resource tag instead'],
  ['a restore test condition on IAM\'s aws:PrincipalTag/ key', (c) => (c.restoreTesting = { weekly: { selections: { ebs: { resourceType: 'EBS', conditions: { stringEquals: { 'aws:PrincipalTag/team': 'ops' } } } } } }), 'restoreTesting.weekly.selections.ebs.conditions.stringEquals.aws:PrincipalTag/team: "aws:PrincipalTag/team" would be written as condition key "aws:ResourceTag/aws:PrincipalTag/team", on a tag key starting with "aws:", which users cannot create (AWS reserves the prefix), not IAM\'s condition key "aws:PrincipalTag/team": AWS documents selection condition keys only as "aws:ResourceTag/<tag key>", not what it does with "aws:PrincipalTag/team": name a resource tag instead'],
  // IAM CreateRole: a path is "/" or printable ASCII ("!" through "~") between slashes; a role name 1-64 of [\w+=,.@-].
  ['service role path with a space', (c) => (c.serviceRole = { path: '/team 1/' }), 'serviceRole.path: role path "/team 1/" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)'],
  ['service role path with DEL (outside CreateRole\'s pattern)', (c) => (c.serviceRole = { path: '/team\u007f/' }), 'serviceRole.path: role path "/team\u007f/" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)'],
  ['service role path "//" (nothing between the slashes)', (c) => (c.serviceRole = { path: '//' }), 'serviceRole.path: role path "//" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)'],
  ['service role path with a Terraform interpolation', (c) => (c.serviceRole = { path: '/a${b}/' }), 'serviceRole.path: role path "/a${b}/" holds "${", which Terraform reads as the start of a template (an interpolation) in any string of the stack\'s JSON: IAM allows it, but the role would not get this path; use another character'],
  ['service role path with a Terraform directive', (c) => (c.serviceRole = { path: '/a%{b}/' }), 'serviceRole.path: role path "/a%{b}/" holds "%{", which Terraform reads as the start of a template (a directive) in any string of the stack\'s JSON: IAM allows it, but the role would not get this path; use another character'],
  ['selection role ARN with a Terraform directive in its path', (c) => (selection(c).role = 'arn:aws:iam::111122223333:role/a%{b}/backup'), 'plans.gold.selections.tagged.role: "arn:aws:iam::111122223333:role/a%{b}/backup" holds "%{", which Terraform reads as the start of a template (a directive) in any string of the stack\'s JSON: IAM allows it in a role path, but AWS would not get this ARN'],
  ['selection role ARN with a Terraform interpolation in its path', (c) => (selection(c).role = 'arn:aws:iam::111122223333:role/a${b}/backup'), 'plans.gold.selections.tagged.role: "arn:aws:iam::111122223333:role/a${b}/backup" holds "${", which Terraform reads as the start of a template (an interpolation) in any string of the stack\'s JSON: IAM allows it in a role path, but AWS would not get this ARN'],
  ['selection role name of 65 characters', (c) => (selection(c).role = `arn:aws:iam::111122223333:role/${'r'.repeat(65)}`), `plans.gold.selections.tagged.role: "arn:aws:iam::111122223333:role/${'r'.repeat(65)}": its role name "${'r'.repeat(65)}" has 65 characters; IAM allows at most 64 (CreateRole)`],
  ['selection role path of 513 characters', (c) => (selection(c).role = `arn:aws:iam::111122223333:role/${'p/'.repeat(256)}backup`), `plans.gold.selections.tagged.role: "arn:aws:iam::111122223333:role/${'p/'.repeat(256)}backup": its role path has 513 characters; IAM allows at most 512 (CreateRole)`],
  ['selection role name with a character IAM names refuse', (c) => (selection(c).role = 'arn:aws:iam::111122223333:role/team/back#up'), 'plans.gold.selections.tagged.role: must be an IAM role ARN'],
  // IAM allows "*" and "?" in a path, but the stacks name roles in policies, where they are wildcards.
  ['service role path with "*"', (c) => (c.serviceRole = { path: '/team*/' }), 'serviceRole.path: role path "/team*/" holds "*": IAM allows it, but the policies that name the role (KMS key policies, the vault and organization exemptions: ArnLike, ArnNotLike) read "*" and "?" as wildcards, so they would name other roles too, or refuse it as a principal; use another character'],
  ['selection role ARN with "?" in its path', (c) => (selection(c).role = 'arn:aws:iam::111122223333:role/a?b/backup'), 'plans.gold.selections.tagged.role: "arn:aws:iam::111122223333:role/a?b/backup": its role path "/a?b/" holds "?": IAM allows it, but the policies that name the role (KMS key policies, the vault and organization exemptions: ArnLike, ArnNotLike) read "*" and "?" as wildcards, so they would name other roles too, or refuse it as a principal; use another character'],
  ['state role ARN with a Terraform interpolation in its path (its "*" allowed, not this)', (c) => (c.state = { backend: 's3', bucket: 'state', region: 'eu-west-1', roleArn: 'arn:aws:iam::111122223333:role/a${b}/state' }), 'state.roleArn: "arn:aws:iam::111122223333:role/a${b}/state" holds "${", which Terraform reads as the start of a template (an interpolation) in any string of the stack\'s JSON: IAM allows it in a role path, but AWS would not get this ARN'],
  ['deploy role ARN with a Terraform directive in its path (the roleArn every other role field takes)', (c) => (c.security = { deployRoleArn: 'arn:aws:iam::111122223333:role/a%{b}/deploy' }), 'security.deployRoleArn: "arn:aws:iam::111122223333:role/a%{b}/deploy" holds "%{", which Terraform reads as the start of a template (a directive) in any string of the stack\'s JSON: IAM allows it in a role path, but AWS would not get this ARN'],
  // Found by fuzzing (__tests__/fuzz): each of these passed the checker, then failed later.
  ['reference named like an Object member', (c) => (rule(c).copies = { toString: {} }), 'plans.gold.rules.daily.copies.toString: "toString" cannot be a key: names of JavaScript object internals (__proto__, constructor, prototype, toString, ...) are refused everywhere in the config; rename it'],
  ['plan vault named like an Object member', (c) => (c.plans.gold.vault = 'constructor'), 'plans.gold.vault: vault "constructor" is not declared in vaults or existingVaults (declared: main, dr)'],
  ['kmsKey named like an Object member', (c) => (c.vaults.main.kmsKey = 'valueOf'), 'vaults.main.kmsKey: key "valueOf" is not declared in keys (declared: none)'],
  ['key administrators listed when given', (c) => ((c.keys = { shared: { administrators: [] } }), (c.vaults.main.kmsKey = 'shared')), 'keys.shared.administrators: must name at least one principal, or be left out to use the account root'],
  ['suppression rule not blank', (c) => (c.compliance = { suppressions: [{ rule: ' ', reason: 'accepted by the data owners' }] }), 'compliance.suppressions.0.rule: must name a rule id'],
  [
    'guard allowance reason not blank (spaces let a vault deletion through)',
    (c) => (c.guard = { allowedChanges: [{ stack: 'test-eu-west-1', address: 'aws_backup_vault.x', reason: ' '.repeat(12) }] }),
    'guard.allowedChanges.0.reason: must explain the change in at least 10 characters',
  ],
  ['suppression reason not blank', (c) => (c.compliance = { suppressions: [{ rule: 'SECURITY-HUB-BACKUP-2', reason: ' '.repeat(12) }] }), 'compliance.suppressions.0.reason: must explain the suppression in at least 10 characters'],
  [
    // Found when BackupPlan began to refuse them: two existing-vault keys that resolve to one vault.
    'one copy per destination vault, existing vaults by what they name',
    (c) => ((c.existingVaults = { partner: { arn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:partner-dr' }, again: { arn: 'arn:aws:backup:eu-west-1:444455556666:backup-vault:partner-dr' } }), (rule(c).copies = { partner: {}, twice: { vault: 'again' } })),
    'plans.gold.rules.daily.copies.twice.vault: copies into vault "again" like copies.partner: a rule has one copy action per destination vault',
  ],
  [
    'one copy per destination vault, a config vault and an existing one that name the same vault',
    (c) => ((c.existingVaults = { byarn: { arn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr' } }), (rule(c).copies = { dr: {}, again: { vault: 'byarn' } })),
    'plans.gold.rules.daily.copies.again.vault: copies into vault "byarn" like copies.dr: a rule has one copy action per destination vault',
  ],
  ['one copy per destination vault', (c) => (rule(c).copies = { dr: {}, again: { vault: 'dr' } }), 'plans.gold.rules.daily.copies.again.vault: copies into vault "dr" like copies.dr: a rule has one copy action per destination vault'],
  ['suppression stack not empty', (c) => (c.compliance = { suppressions: [{ rule: 'SECURITY-HUB-BACKUP-2', stack: '', reason: 'accepted by the data owners' }] }), 'compliance.suppressions.0.stack: must name a stack when given'],
  ['suppression resource not blank', (c) => (c.compliance = { suppressions: [{ rule: 'SECURITY-HUB-BACKUP-2', resource: '  ', reason: 'accepted by the data owners' }] }), 'compliance.suppressions.0.resource: must name a resource address when given'],
];

describe('invalid configs', () => {
  it.each(invalid)('%s', (_name, mutate, expected) => {
    expect(findings(configWith(mutate)).errors).toEqual([expected]);
  });

  it('has at least 30 distinct messages', () => {
    expect(new Set(invalid.map(([, , message]) => message)).size).toBeGreaterThanOrEqual(30);
  });

  it('answers an unknown field with a very long name at once, quoting its start (found by fuzzing: it took seconds)', () => {
    const field = `startWindowMinutes${'x'.repeat(100_000)}`;
    const started = Date.now();
    const { errors } = findings(configWith((c) => (rule(c)[field] = 60)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors).toEqual([
      `plans.gold.rules.daily.${field}: unknown field "${field.slice(0, 80)}..." (100018 characters; allowed: preset, vault, schedule, scheduleTimezone, startWindowMinutes, completionWindowMinutes, lifecycle, continuousBackup, recoveryPointTags, copies)`,
    ]);
  });

  it('names both rules of a role path that breaks both, each once', () => {
    const path = 'p'.repeat(513);
    expect(findings(configWith((c) => (c.serviceRole = { path }))).errors).toEqual([
      `serviceRole.path: role path "${path}" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)`,
      'serviceRole.path: role path has 513 characters; IAM allows at most 512 (CreateRole)',
    ]);
  });

  it('names the wildcard rule of a role path in its own words, not the pattern rule a second time', () => {
    expect(findings(configWith((c) => (c.serviceRole = { path: 'team*' }))).errors).toEqual([
      'serviceRole.path: role path "team*" must be "/" or start and end with "/", with printable ASCII characters (! through ~, no spaces) between (IAM CreateRole)',
      'serviceRole.path: role path "team*" holds "*": IAM allows it, but the policies that name the role (KMS key policies, the vault and organization exemptions: ArnLike, ArnNotLike) read "*" and "?" as wildcards, so they would name other roles too, or refuse it as a principal; use another character',
    ]);
  });

  it('reports every problem at once', () => {
    const config = configWith((c) => {
      c.account.region = 'europe';
      rule(c).lifecycle.deleteAfterDays = 0;
      c.vaults.dr.lock.changeableForDays = 1;
    });
    expect(findings(config).errors).toEqual([
      'account.region: must be an AWS Region code such as eu-west-1',
      'vaults.dr.lock.changeableForDays: must be at least 3',
      'plans.gold.rules.daily.lifecycle.deleteAfterDays: must be at least 1',
    ]);
  });
});

/** [rule, mutation at the limit that must pass]. */
const boundaries: [string, Mutation][] = [
  ['service role boundary a policy of the account itself', (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/backup-boundary' })],
  ['service role boundary of each account (account *)', (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws:iam::*:policy/backup-boundary' })],
  ['service role boundary AWS managed', (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' })],
  // With serviceRole.arn no role is created (the boundary bounds nothing here): another account's policy fails no creation.
  ['service role boundary of another account beside an existing role', (c) => (c.serviceRole = { arn: 'arn:aws:iam::111122223333:role/Backup', permissionsBoundaryArn: 'arn:aws:iam::999999999999:policy/backup-boundary' })],
  // AWS's CLI example (create-backup-plan) and the developer guide's JSON plan: StartWindowMinutes 480, no completion window.
  ['no vaults when every rule backs up into an existing vault (the Default vault)', (c) => (delete c.vaults, (c.existingVaults = { Default: { name: 'Default' } }), (c.plans.gold.vault = 'Default'), (rule(c).copies = {}), delete rule(c).vault)],
  ['lock minRetentionDays equal to maxRetentionDays', (c) => (c.vaults.dr.lock = { mode: 'compliance', minRetentionDays: 35, maxRetentionDays: 35, changeableForDays: 3 })],
  ['start window 480 without a completion window', (c) => ((rule(c).schedule = 'cron(0 5 ? * * *)'), (rule(c).startWindowMinutes = 480))],
  ['start window 52,560,000 (the maximum) without a completion window', (c) => (rule(c).startWindowMinutes = 52_560_000)],
  ['service role path of 511 characters', (c) => (c.serviceRole = { path: `/${'p/'.repeat(255)}` })],
  // IAM CreateRole allows any printable ASCII between the slashes of a path (was refused: only a role name's characters).
  ['service role path of printable ASCII, "//" inside', (c) => (c.serviceRole = { path: `/team#1:ab/x//!~|<>'"/` })],
  ['selection role ARN with "#" and ":" in its path', (c) => (selection(c).role = 'arn:aws:iam::111122223333:role/team#1/a:b/backup')],
  ['selection role name of 64 characters, path of 512', (c) => (selection(c).role = `arn:aws:iam::111122223333:role/${'p/'.repeat(254)}pp/${'r'.repeat(64)}`)],
  ['service role ARN with "#" in its path', (c) => (c.serviceRole = { arn: 'arn:aws:iam::111122223333:role/team#1/backup' })],
  // The role path the service role may now take, for the break-glass role beside it (IAM CreateRole and CreateUser: printable ASCII).
  ['break-glass role and user ARNs with "#" and ":" in their paths', (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:role/team#1/BreakGlass', 'arn:aws:iam::111122223333:user/ops:on-call/alice'])],
  // Only the S3 backend assumes the state role (no policy of the stacks names it): a "*" in its path is no wildcard anywhere.
  ['state role ARN with "*" in its path', (c) => (c.state = { backend: 's3', bucket: 'state', region: 'eu-west-1', roleArn: 'arn:aws:iam::111122223333:role/team*/state' })],
  ['vault name of 2 characters', (c) => (c.vaults.main.name = 'ab')],
  ['vault name of 50 characters', (c) => (c.vaults.main.name = 'v'.repeat(50))],
  ['delete after 36500 days', (c) => ((rule(c).lifecycle.deleteAfterDays = 36500), (rule(c).copies.dr = { lifecycle: { deleteAfterDays: 365 } }))],
  ['cold storage + exactly 90 days', (c) => ((rule(c).lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 120 }), (rule(c).copies.dr = { lifecycle: { deleteAfterDays: 120 } }))],
  ['continuous backup kept 35 days', (c) => ((rule(c).continuousBackup = true), (rule(c).copies = {}), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] }))],
  ['hourly schedule', (c) => (rule(c).schedule = 'cron(15 * ? * * *)')],
  ['start window of 60 minutes', (c) => ((rule(c).startWindowMinutes = 60), (rule(c).completionWindowMinutes = 120))],
  ['5 copies', (c) => ((c.vaults = { ...c.vaults, ...Object.fromEntries(['a1', 'a2', 'a3', 'a4'].map((k) => [k, { region: 'us-east-1', accessPolicy: c.vaults.main.accessPolicy }])) }), (rule(c).copies = { dr: {}, a1: {}, a2: {}, a3: {}, a4: {} }))],
  ['retention equal to the lock minimum', (c) => ((c.vaults.dr.lock.minRetentionDays = 35), (c.vaults.dr.lock.maxRetentionDays = 36))],
  ['changeableForDays of 3', (c) => (c.vaults.dr.lock.changeableForDays = 3)],
  ['"*" with conditions', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { backup: 'gold' } } })],
  ['30 wildcard ARNs', (c) => (c.plans.gold.selections.tagged = { resources: arns(30, '*') })],
  ['500 ARNs', (c) => (c.plans.gold.selections.tagged = { resources: arns(500) })],
  ['30 conditions', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringLike: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`tag${i}`, 'x*'])) } })],
  ['100 selections', (c) => (c.plans.gold.selections = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`s${i}`, { tags: { backup: 'gold' } }])))],
  ['key deletion window of 7 days', (c) => ((c.keys = { shared: { deletionWindowInDays: 7 } }), (c.vaults.main.kmsKey = 'shared'))],
  ['50 recovery point tags', (c) => (rule(c).recoveryPointTags = tagMap(50))],
  ['50 tags on a resource, default tags included', (c) => (c.plans.gold.tags = tagMap(49, 'plan'))],
  ['a resource tag overriding a default tag counts once', (c) => (c.vaults.main.tags = { ...tagMap(49, 'vault'), 'managed-by': 'vault' })],
  ['tag keys of 128 characters, values of 256', (c) => ((c.tags = { ['k'.repeat(128)]: 'v'.repeat(256) }), (rule(c).recoveryPointTags = { ['k'.repeat(128)]: 'v'.repeat(256) }))],
  ['"aws:" inside a tag key', (c) => (c.tags['team:aws:owner'] = 'x')],
  // Selection tags and conditions read tags AWS may have set (aws:cloudformation:stack-name): they may name aws: keys.
  ['a selection by an aws: tag', (c) => (selection(c).tags = { 'aws:cloudformation:stack-name': 'orders' })],
  ['a condition on an aws: tag', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { 'aws:cloudformation:stack-name': 'orders' } } })],
];

describe('boundary values', () => {
  it.each(boundaries)('%s passes', (_name, mutate) => {
    expect(findings(configWith(mutate)).errors).toEqual([]);
  });
});

/** [trap, mutation, the one exact warning]. */
const warnings: [string, Mutation, string][] = [
  // Intl reads time zone names in any case; AWS documents IANA names and does not say it does (found by the schedules audit).
  [
    'a time zone written in another case than the IANA database writes it',
    (c) => (c.plans.gold.rules.daily.scheduleTimezone = 'europe/paris'),
    'plans.gold.rules.daily.scheduleTimezone: "europe/paris" is written in another case than the IANA time zone database writes it ("Europe/Paris"): backup-estate reads it, but AWS does not say it accepts names in any case; write "Europe/Paris"',
  ],
  // aws:<Name> may be a tag AWS applies or IAM's condition key (aws:RequestedRegion): a warning saying what each reading means.
  ['a condition on aws:RequestedRegion', (c) => (c.plans.gold.selections.tagged = { resources: ['*'], conditions: { stringEquals: { backup: 'gold' }, stringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }), 'plans.gold.selections.tagged.conditions.stringNotEquals.aws:RequestedRegion: "aws:RequestedRegion" would be written as condition key "aws:ResourceTag/aws:RequestedRegion", on a tag key starting with "aws:", which users cannot create (AWS reserves the prefix); if it means IAM\'s condition key "aws:RequestedRegion", AWS documents selection condition keys only as "aws:ResourceTag/<tag key>", not what it does with "aws:RequestedRegion": name a resource tag instead'],
  // AWS Backup Developer Guide, "Assign resources with AWS CLI": "Select all resources in my account" and "... but exclude EBS volumes", verbatim.
  ['"*" without conditions (AWS\'s "Select all resources in my account")', (c) => (c.plans.gold.selections.tagged = { resources: ['*'] }), 'plans.gold.selections.tagged.resources: "*" without conditions selects every resource opted in to AWS Backup: add conditions or list ARNs to narrow it'],
  [
    '"*" and notResources without conditions (AWS\'s "Select all resources in my account, but exclude EBS volumes")',
    (c) => (c.plans.gold.selections.tagged = { resources: ['*'], notResources: ['arn:aws:ec2:*:*:volume/*'] }),
    'plans.gold.selections.tagged.resources: "*" without conditions selects every resource opted in to AWS Backup but those notResources excludes: add conditions or list ARNs to narrow it',
  ],
  ['tags OR-ed with resources', (c) => (selection(c).resources = ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1']), 'plans.gold.selections.tagged.tags: tags and resources are OR-ed: this selection takes every listed resource plus every tagged resource; use conditions to narrow instead'],
  ['cold storage ignored by the selected types', (c) => ((rule(c).lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 365 }), (rule(c).copies = {}), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] })), 'plans.gold.rules.daily.lifecycle.coldStorageAfterDays: is ignored by RDS resources this plan selects: they stay in warm storage until deleted'],
  ['EBS cold storage needs the archive opt-in', (c) => ((rule(c).lifecycle = { coldStorageAfterDays: 30, deleteAfterDays: 365 }), (rule(c).copies = {}), (c.plans.gold.selections.tagged = { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1'] })), 'plans.gold.rules.daily.lifecycle.optInToArchiveForSupportedResources: is needed for EBS snapshots to move to cold storage (archive tier)'],
  ['continuous backup on unsupported types', (c) => ((rule(c).continuousBackup = true), (rule(c).copies = {}), (c.plans.gold.selections.tagged = { resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'] })), 'plans.gold.rules.daily.continuousBackup: applies only to RDS, Aurora, S3, SAP HANA on Amazon EC2; DynamoDB resources this plan selects get snapshots only'],
  ['continuous backup copies are snapshots', (c) => ((rule(c).continuousBackup = true), (c.plans.gold.selections.tagged = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] })), 'plans.gold.rules.daily.copies.dr: copies of continuous backups are snapshots: the copy allows no point-in-time restore'],
  ['archive opt-in without cold storage', (c) => (rule(c).lifecycle.optInToArchiveForSupportedResources = true), 'plans.gold.rules.daily.lifecycle.optInToArchiveForSupportedResources: has no effect without coldStorageAfterDays'],
  ['completion window tight', (c) => (rule(c).completionWindowMinutes = 90), 'plans.gold.rules.daily.completionWindowMinutes: leaves jobs less than 60 minutes to run after a late start (startWindowMinutes 60, the default); AWS recommends at least startWindowMinutes + 60'],
  ['no break-glass principal', (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = []), 'vaults.main.accessPolicy.breakGlassPrincipals: is empty: nobody, Terraform included, can delete recovery points or change the vault policy (remove the policy first to change it)'],
  ['deletion deny switched off', (c) => (c.vaults.main.accessPolicy.denyRecoveryPointDeletion = false), 'vaults.main.accessPolicy.denyRecoveryPointDeletion: is false: any principal with IAM permission can delete recovery points in this vault'],
  ['force destroy', (c) => (c.vaults.main.forceDestroy = true), 'vaults.main.forceDestroy: is true: destroying the vault deletes all its recovery points'],
  ['unused key', (c) => (c.keys = { spare: {} }), 'keys.spare: no vault uses this key (set kmsKey on a vault, or remove it)'],
  ['no alerts', (c) => delete c.alerts, 'alerts: is not set: failed backup, copy and restore jobs, and the silence alarms, notify no one; add alerts with subscriptions'],
  [
    'recovery points expire long before the next run',
    (c) => ((rule(c).schedule = 'cron(0 5 1 * ? *)'), (rule(c).lifecycle = { deleteAfterDays: 7 }), (rule(c).copies = {})),
    "plans.gold.rules: leave the plan without any recovery point for up to 24 d at a time: the longest any run's recovery point is kept (copies included) is 7 d, less than the time between runs; keep recovery points at least until the next run",
  ],
  [
    'resource ARN of a service of no known protected type',
    (c) => (c.plans.gold.selections.tagged = { resources: ['arn:aws:sns:eu-west-1:111122223333:alerts'] }),
    'plans.gold.selections.tagged.resources.0: "arn:aws:sns:eu-west-1:111122223333:alerts" is an ARN of sns, which has no resource type AWS Backup protects that backup-estate knows (Aurora, CloudFormation, DSQL, DocumentDB, DynamoDB, EBS, EC2, EFS, EKS, FSx, Neptune, RDS, Redshift, S3, SAP HANA on Amazon EC2, Storage Gateway, Timestream, VirtualMachine, Redshift Serverless): unless AWS Backup protects it now, this selects nothing',
  ],
  [
    'several selection tag keys are OR-ed',
    (c) => (selection(c).tags = { Environment: 'Production', BackupRequired: 'true' }),
    'plans.gold.selections.tagged.tags: selects resources with any one of the tags "Environment", "BackupRequired" (selection tags are OR-ed); to require all of them write conditions: { stringEquals: { Environment: Production, BackupRequired: "true" } } with resources: ["*"] instead',
  ],
  [
    'several selection tag keys, one with several values',
    (c) => (selection(c).tags = { backup: ['gold', 'silver'], team: 'payments' }),
    'plans.gold.selections.tagged.tags: selects resources with any one of the tags "backup", "team" (selection tags are OR-ed); to require all of them write conditions: { stringEquals: { Environment: Production, BackupRequired: "true" } } with resources: ["*"] instead',
  ],
];

describe('a copy kept long enough fills the stretch', () => {
  it('gives no warning when a copy outlives the time between runs', () => {
    const config = configWith((c) => ((rule(c).schedule = 'cron(0 5 1 * ? *)'), (rule(c).lifecycle = { deleteAfterDays: 7 }), (rule(c).copies = { dr: { lifecycle: { deleteAfterDays: 35 } } })));
    expect(findings(config)).toEqual({ errors: [], warnings: [] });
  });
});

describe('a time zone in another case, of a restore testing plan too (one check: core/checks checkScheduleTimezone)', () => {
  it('warns with the name as the IANA database writes it', () => {
    expect(findings(withRestoreTests((c) => (c.restoreTesting.weekly.scheduleTimezone = 'etc/utc')))).toEqual({
      errors: [],
      warnings: ['restoreTesting.weekly.scheduleTimezone: "etc/utc" is written in another case than the IANA time zone database writes it ("Etc/UTC"): backup-estate reads it, but AWS does not say it accepts names in any case; write "Etc/UTC"'],
    });
  });
});

describe('a key given by ARN on a vault whose policy lets another account copy in', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
  const copiesFrom = (aws: string[]) => ({ CopiesIn: { effect: 'Allow', principals: { aws }, actions: ['backup:CopyIntoBackupVault'] } });
  it('warns that the key must admit AWSServiceRoleForBackup (backup-estate writes that statement only on keys it writes)', () => {
    const result = findings(configWith((c) => ((c.vaults.main.kmsKeyArn = KEY), (c.vaults.main.accessPolicy = { ...c.vaults.main.accessPolicy, statements: copiesFrom(['arn:aws:iam::999999999999:root']) }))));
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => w.startsWith('vaults.main.kmsKeyArn'))).toEqual([
      "vaults.main.kmsKeyArn: names a key backup-estate does not write, and the vault's accessPolicy lets another account copy into it: AWS Backup's service-linked role of the vault's account re-encrypts EBS, RDS and FSx copies with that key through those services, so unless the key's policy lets AWSServiceRoleForBackup use it through EC2, RDS and FSx, those copies fail (backup-estate cannot see the key's policy)",
    ]);
  });
  it('says nothing of an Allow of its own account, nor of a key backup-estate writes', () => {
    const own = findings(configWith((c) => ((c.vaults.main.kmsKeyArn = KEY), (c.vaults.main.accessPolicy = { ...c.vaults.main.accessPolicy, statements: copiesFrom(['arn:aws:iam::111122223333:root']) }))));
    expect(own.warnings.filter((w) => w.startsWith('vaults.main.kmsKeyArn'))).toEqual([]);
    const written = findings(configWith((c) => (c.vaults.main.accessPolicy = { ...c.vaults.main.accessPolicy, statements: copiesFrom(['arn:aws:iam::999999999999:root']) })));
    expect(written.warnings.filter((w) => w.startsWith('vaults.main'))).toEqual([]);
  });
});

describe('legal traps are warnings', () => {
  it.each(warnings)('%s', (_name, mutate, expected) => {
    const result = findings(configWith(mutate));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expected]);
  });
});
