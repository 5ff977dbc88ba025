import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PolicyProblem } from '../../policies/problem';
import { policyReferences } from '../../policies/references';
import { validateBackupPolicy, validatePolicyText } from '../../policies/validate';

const FIXTURES = join(__dirname, '..', 'fixtures', 'policies');
const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(fixtureText(name)) as Record<string, unknown>;

type Json = Record<string, unknown>;

/** The object at `keys` under `doc` (tests only: fails loudly when the shape is not the expected one). */
function at(doc: unknown, ...keys: string[]): Json {
  let node = doc;
  for (const key of keys) node = (node as Json)[key];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Error(`no object at ${keys.join('.')}`);
  return node as Json;
}

const a = (value: unknown): Json => ({ '@@assign': value });

/** A small complete policy that validates clean. */
function base(): Json {
  return {
    plans: {
      gold: {
        regions: a(['eu-west-1']),
        rules: {
          daily: {
            schedule_expression: a('cron(0 5 ? * * *)'),
            target_backup_vault_name: a('main'),
            start_backup_window_minutes: a('60'),
            complete_backup_window_minutes: a('180'),
            lifecycle: { delete_after_days: a('35') },
          },
        },
        selections: {
          tags: {
            gold: { iam_role_arn: a('arn:aws:iam::$account:role/backup'), tag_key: a('backup'), tag_value: a(['gold']) },
          },
        },
      },
    },
  };
}

const plan = (doc: Json): Json => at(doc, 'plans', 'gold');
const rule = (doc: Json): Json => at(doc, 'plans', 'gold', 'rules', 'daily');
const lifecycle = (doc: Json): Json => at(doc, 'plans', 'gold', 'rules', 'daily', 'lifecycle');
const selection = (doc: Json): Json => at(doc, 'plans', 'gold', 'selections', 'tags', 'gold');
/** Replaces the tag selections by one resource selection. */
function resources(doc: Json, entry: Json): Json {
  at(doc, 'plans', 'gold').selections = { resources: { picked: { iam_role_arn: a('arn:aws:iam::$account:role/backup'), ...entry } } };
  return at(doc, 'plans', 'gold', 'selections', 'resources', 'picked');
}
const copy = (arn: string, lifecycleDays = '35'): Json => ({ target_backup_vault_arn: a(arn), lifecycle: { delete_after_days: a(lifecycleDays) } });

const P = '$.plans.gold';
const R = `${P}.rules.daily`;
const S = `${P}.selections.tags.gold`;
const DR = 'arn:aws:backup:eu-central-1:444455556666:backup-vault:dr';
const SETTING_KEYS = 'a setting holds only @@assign, @@append, @@remove and @@operators_allowed_for_child_policies';
const ACCOUNT = '$account is replaced by the account id only inside ARN values (iam_role_arn, target_backup_vault_arn, copy action keys); here it would stay literal';

type Expected = [severity: 'error' | 'warning', path: string, message: string];
const problems = (...expected: Expected[]): PolicyProblem[] => expected.map(([severity, path, message]) => ({ path, message, severity }));

describe('validateBackupPolicy', () => {
  it('accepts the base policy, the AWS documentation example and policies built from numbers and booleans', () => {
    expect(validateBackupPolicy(base())).toEqual([]);
    expect(validateBackupPolicy(fixture('aws-doc-example.json'))).toEqual([]);
    expect(validatePolicyText(fixtureText('aws-doc-example.json'))).toEqual([]);
    const doc = base();
    Object.assign(rule(doc), {
      start_backup_window_minutes: a(60),
      complete_backup_window_minutes: a(240),
      enable_continuous_backup: a(false),
      lifecycle: { delete_after_days: a(400), move_to_cold_storage_after_days: a('30'), opt_in_to_archive_for_supported_resources: a(true) },
    });
    plan(doc)['@@operators_allowed_for_child_policies'] = ['@@assign', '@@append'];
    expect(validateBackupPolicy(doc)).toEqual([]);
  });

  const cases: [string, (doc: Json) => unknown, PolicyProblem[]][] = [
    // --- JSON shape and keys --------------------------------------------------
    ['a document that is not an object', () => ['plans'], problems(['error', '$', 'must be a JSON object; got a list'])],
    ['no plans', () => ({}), problems(['error', '$.plans', 'is required'])],
    ['an empty plans map', () => ({ plans: {} }), problems(['warning', '$.plans', 'defines no plan'])],
    [
      'an unknown key at the root',
      (doc) => ({ Version: '2012-10-17', ...doc }),
      problems(['error', '$.Version', 'unknown key "Version"; expected one of: plans']),
    ],
    ['a plan that is not an object', () => ({ plans: { gold: 'daily' } }), problems(['error', P, 'must be a JSON object; got a string'])],
    [
      'a misspelt plan key',
      (doc) => {
        plan(doc).regoins = a(['eu-west-1']);
        return doc;
      },
      problems([
        'error',
        `${P}.regoins`,
        'unknown key "regoins" (did you mean "regions"?); expected one of: regions, rules, selections, advanced_backup_settings, backup_plan_tags',
      ]),
    ],
    [
      'a misspelt rule key',
      (doc) => {
        rule(doc).lifecyle = rule(doc).lifecycle;
        delete rule(doc).lifecycle;
        return doc;
      },
      problems(
        [
          'error',
          `${R}.lifecyle`,
          'unknown key "lifecyle" (did you mean "lifecycle"?); expected one of: schedule_expression, target_backup_vault_name, start_backup_window_minutes, complete_backup_window_minutes, enable_continuous_backup, lifecycle, copy_actions, recovery_point_tags',
        ],
        ['warning', `${R}.lifecycle.delete_after_days`, 'is not set: recovery points are kept until someone deletes them'],
      ),
    ],
    [
      'keys AWS documents but this tool does not model',
      (doc) => {
        plan(doc).scan_settings = { GUARDDUTY: {} };
        rule(doc).index_actions = { resource_types: a(['EBS']) };
        plan(doc).advanced_backup_settings = { s3: { backup_acls: a('disabled') } };
        return doc;
      },
      problems(
        ['warning', `${P}.scan_settings`, 'is documented by AWS but not modelled by this tool: it is passed through unchecked'],
        ['warning', `${R}.index_actions`, 'is documented by AWS but not modelled by this tool: it is passed through unchecked'],
        ['warning', `${P}.advanced_backup_settings.s3`, 'is documented by AWS but not modelled by this tool: it is passed through unchecked'],
      ),
    ],
    // --- required keys ----------------------------------------------------------
    [
      'a plan without regions, rules and selections',
      () => ({ plans: { gold: {} } }),
      problems(['error', `${P}.regions`, 'is required'], ['error', `${P}.rules`, 'is required'], ['error', `${P}.selections`, 'is required']),
    ],
    [
      'a plan without rules in its rules map',
      (doc) => {
        plan(doc).rules = {};
        return doc;
      },
      problems(['error', `${P}.rules`, 'must contain at least one rule']),
    ],
    [
      'a rule without schedule_expression and target_backup_vault_name',
      (doc) => {
        delete rule(doc).schedule_expression;
        delete rule(doc).target_backup_vault_name;
        return doc;
      },
      problems(['error', `${R}.schedule_expression`, 'is required'], ['error', `${R}.target_backup_vault_name`, 'is required']),
    ],
    [
      'a tag selection without iam_role_arn, tag_key and tag_value',
      (doc) => {
        at(doc, 'plans', 'gold', 'selections', 'tags').gold = {};
        return doc;
      },
      problems(['error', `${S}.iam_role_arn`, 'is required'], ['error', `${S}.tag_key`, 'is required'], ['error', `${S}.tag_value`, 'is required']),
    ],
    [
      'a resource selection without resource_types',
      (doc) => {
        resources(doc, {});
        return doc;
      },
      problems(['error', `${P}.selections.resources.picked.resource_types`, 'is required']),
    ],
    [
      'selections with neither tags nor resources',
      (doc) => {
        plan(doc).selections = {};
        return doc;
      },
      problems(['error', `${P}.selections`, 'needs "tags" or "resources"']),
    ],
    [
      'selections with both tags and resources',
      (doc) => {
        at(doc, 'plans', 'gold', 'selections').resources = {
          ebs: { iam_role_arn: a('arn:aws:iam::$account:role/backup'), resource_types: a(['arn:aws:ec2:*:*:volume/*']) },
        };
        return doc;
      },
      problems([
        'error',
        `${P}.selections`,
        '"tags" and "resources" are mutually exclusive: use "resources" with conditions to combine resource types and tags',
      ]),
    ],
    [
      'an empty tag selection map',
      (doc) => {
        at(doc, 'plans', 'gold', 'selections').tags = {};
        return doc;
      },
      problems(['error', `${P}.selections.tags`, 'must contain at least one selection']),
    ],
    // --- operators ----------------------------------------------------------------
    [
      'a setting that is a bare value instead of an operator object',
      (doc) => {
        rule(doc).schedule_expression = 'cron(0 5 ? * * *)';
        return doc;
      },
      problems(['error', `${R}.schedule_expression`, 'must be an operator object like {"@@assign": ...}; got a string']),
    ],
    [
      'a setting with a key that is not an operator',
      (doc) => {
        rule(doc).target_backup_vault_name = { assign: 'main' };
        return doc;
      },
      problems(
        ['error', `${R}.target_backup_vault_name.assign`, `unknown key "assign" in a setting: ${SETTING_KEYS}`],
        ['error', `${R}.target_backup_vault_name`, 'needs a value: add "@@assign"'],
      ),
    ],
    [
      '@@prepend',
      (doc) => {
        plan(doc).regions = { '@@assign': ['eu-west-1'], '@@prepend': ['us-east-1'] };
        return doc;
      },
      problems(['error', `${P}.regions['@@prepend']`, '"@@prepend" is not an inheritance operator: backup policies have @@assign, @@append and @@remove']),
    ],
    [
      'an unknown operator',
      (doc) => {
        at(doc, 'plans')['@@replace'] = true;
        return doc;
      },
      problems([
        'error',
        "$.plans['@@replace']",
        'unknown operator "@@replace": backup policies accept @@assign, @@append, @@remove and @@operators_allowed_for_child_policies',
      ]),
    ],
    [
      '@@append and @@remove on a single-valued setting',
      (doc) => {
        rule(doc).target_backup_vault_name = { '@@assign': 'main', '@@append': ['other'], '@@remove': ['main'] };
        return doc;
      },
      problems(
        ['error', `${R}.target_backup_vault_name['@@append']`, '"@@append" applies to lists only; "target_backup_vault_name" is a single value: use "@@assign"'],
        ['error', `${R}.target_backup_vault_name['@@remove']`, '"@@remove" applies to lists only; "target_backup_vault_name" is a single value: use "@@assign"'],
      ),
    ],
    [
      'a value operator on a group of settings',
      (doc) => {
        rule(doc).lifecycle = { '@@assign': { delete_after_days: '35' } };
        return doc;
      },
      problems(
        ['error', `${R}.lifecycle['@@assign']`, '"@@assign" cannot be used on "lifecycle", which groups settings: put operators on the settings inside it'],
        ['warning', `${R}.lifecycle.delete_after_days`, 'is not set: recovery points are kept until someone deletes them'],
      ),
    ],
    [
      'a value operator on a map of names',
      (doc) => {
        at(doc, 'plans', 'gold', 'rules')['@@append'] = ['weekly'];
        return doc;
      },
      problems(['error', `${P}.rules['@@append']`, '"@@append" cannot be used on "rules", which groups settings: put operators on the settings inside it']),
    ],
    [
      'a required setting with only the child control operator',
      (doc) => {
        rule(doc).schedule_expression = { '@@operators_allowed_for_child_policies': ['@@none'] };
        return doc;
      },
      problems(['error', `${R}.schedule_expression`, 'needs a value: add "@@assign"']),
    ],
    [
      'a list setting without values',
      (doc) => {
        plan(doc).regions = { '@@remove': ['eu-west-1'] };
        return doc;
      },
      problems(['error', `${P}.regions`, 'needs values: add "@@assign" (or "@@append")']),
    ],
    [
      'an empty required list',
      (doc) => {
        plan(doc).regions = a([]);
        return doc;
      },
      problems(['error', `${P}.regions`, 'must not be empty']),
    ],
    [
      'a list operator that is not a list',
      (doc) => {
        plan(doc).regions = a('eu-west-1');
        return doc;
      },
      problems(['error', `${P}.regions['@@assign']`, 'must be a list; got a string']),
    ],
    [
      'a list item that is not a string',
      (doc) => {
        plan(doc).regions = a(['eu-west-1', 5]);
        return doc;
      },
      problems(['error', `${P}.regions['@@assign'][1]`, 'must be a string; got a number']),
    ],
    [
      'a list where a single value belongs',
      (doc) => {
        rule(doc).target_backup_vault_name = a(['main']);
        return doc;
      },
      problems(['error', `${R}.target_backup_vault_name['@@assign']`, 'must be a single value; got a list']),
    ],
    [
      'a number where a string belongs',
      (doc) => {
        rule(doc).target_backup_vault_name = a(5);
        return doc;
      },
      problems(['error', `${R}.target_backup_vault_name`, 'must be a string; got a number']),
    ],
    [
      'numbers that are not whole numbers',
      (doc) => {
        rule(doc).start_backup_window_minutes = a('sixty');
        lifecycle(doc).delete_after_days = a(7.5);
        return doc;
      },
      problems(
        ['error', `${R}.start_backup_window_minutes`, 'must be a whole number, as a string like "60" or a JSON number; got "sixty"'],
        ['error', `${R}.lifecycle.delete_after_days`, 'must be a whole number, as a string like "60" or a JSON number; got 7.5'],
      ),
    ],
    [
      'a boolean that is not true or false',
      (doc) => {
        rule(doc).enable_continuous_backup = a('yes');
        return doc;
      },
      problems(['error', `${R}.enable_continuous_backup`, 'must be true or false, as a JSON boolean or the string "true" or "false"; got "yes"']),
    ],
    [
      'child control operators that are not a list, empty, unknown, mixed or repeated',
      (doc) => {
        plan(doc)['@@operators_allowed_for_child_policies'] = '@@none';
        rule(doc)['@@operators_allowed_for_child_policies'] = [];
        lifecycle(doc)['@@operators_allowed_for_child_policies'] = ['@@prepend'];
        at(doc, 'plans', 'gold', 'selections')['@@operators_allowed_for_child_policies'] = ['@@none', '@@assign'];
        selection(doc)['@@operators_allowed_for_child_policies'] = ['@@assign', '@@assign'];
        return doc;
      },
      problems(
        ['error', `${P}['@@operators_allowed_for_child_policies']`, 'must be a list: ["@@all"], ["@@none"] or some of "@@assign", "@@append", "@@remove"; got a string'],
        ['error', `${R}['@@operators_allowed_for_child_policies']`, 'must not be empty: use ["@@none"] to allow no operator'],
        ['error', `${R}.lifecycle['@@operators_allowed_for_child_policies'][0]`, '"@@prepend" is not allowed here; use "@@all", "@@none", "@@assign", "@@append" or "@@remove"'],
        ['error', `${P}.selections['@@operators_allowed_for_child_policies']`, '"@@none" must be used alone'],
        ['warning', `${S}['@@operators_allowed_for_child_policies'][1]`, 'lists "@@assign" twice'],
      ),
    ],
    [
      'a * in a tag value (tag selections match exactly)',
      (doc) => {
        selection(doc).tag_value = a(['gold', 'prod*']);
        return doc;
      },
      problems(['warning', `${S}.tag_value['@@assign'][1]`, '"prod*" is matched exactly: a selection tag takes no wildcard (StringEquals), so * is a character of the value; for a pattern use conditions.string_like']),
    ],
    // --- $account and $region ---------------------------------------------------
    [
      '$account outside ARN values',
      (doc) => {
        rule(doc).target_backup_vault_name = a('vault-$account');
        selection(doc).tag_value = a(['$account']);
        rule(doc).recovery_point_tags = { $account: { tag_key: a('owner'), tag_value: a('sre') } };
        return doc;
      },
      problems(
        ['error', `${R}.target_backup_vault_name`, ACCOUNT],
        ['error', `${R}.recovery_point_tags['$account']`, ACCOUNT],
        ['error', `${S}.tag_value['@@assign'][0]`, ACCOUNT],
      ),
    ],
    [
      '$region',
      (doc) => {
        selection(doc).iam_role_arn = a('arn:aws:iam::$account:role/backup-$region');
        return doc;
      },
      problems(['error', `${S}.iam_role_arn`, 'backup policies do not replace $region here: write one plan per Region set with Region-specific values']),
    ],
    // --- limits -------------------------------------------------------------------
    [
      'more than 100 selections in a plan',
      (doc) => {
        const tags: Json = {};
        for (let i = 0; i < 101; i += 1) tags[`s${i}`] = selection(base());
        at(doc, 'plans', 'gold', 'selections').tags = tags;
        return doc;
      },
      problems(
        ['error', `${P}.selections`, 'has 101 selections; a plan accepts at most 100'],
        ['error', `${P}.selections.tags`, 'has 101 tag selections; a plan accepts at most 10 resource selections that use tags'],
        ['error', '$', 'is 14284 characters long; AWS Organizations accepts at most 10000 characters per backup policy: split its plans over several policies'],
      ),
    ],
    // AWS Backup "Policy quotas": "Resource selections that use tags in a plan: 10", "Tags in a resource selection: 30".
    [
      'more than 10 tag selections in a plan',
      (doc) => {
        const tags: Json = {};
        for (let i = 0; i < 11; i += 1) tags[`s${i}`] = selection(base());
        at(doc, 'plans', 'gold', 'selections').tags = tags;
        return doc;
      },
      problems(['error', `${P}.selections.tags`, 'has 11 tag selections; a plan accepts at most 10 resource selections that use tags']),
    ],
    [
      'more than 30 tags in a tag selection',
      (doc) => {
        selection(doc).tag_value = { '@@assign': Array.from({ length: 30 }, (_, i) => `v${i}`), '@@append': ['v30'] };
        return doc;
      },
      problems(['error', `${S}.tag_value`, "has 31 tag values; a tag selection accepts at most 30 tags (each value counted as one tag: AWS's quota does not say how values count)"]),
    ],
    // --- identifiers ----------------------------------------------------------------
    [
      'identifiers that differ only in case',
      (doc) => {
        at(doc, 'plans', 'gold', 'rules').Daily = rule(base());
        at(doc, 'plans', 'gold', 'selections', 'tags').GOLD = selection(base());
        rule(doc).recovery_point_tags = { owner: { tag_key: a('owner'), tag_value: a('a') }, Owner: { tag_key: a('Owner'), tag_value: a('b') } };
        plan(doc).backup_plan_tags = { team: { tag_key: a('team'), tag_value: a('a') }, TEAM: { tag_key: a('Team'), tag_value: a('b') } };
        return doc;
      },
      problems(
        ['error', `${P}.rules.Daily`, `collides with "daily" (${R}): AWS lower-cases these names in the effective policy`],
        ['error', `${R}.recovery_point_tags.Owner`, `collides with "owner" (${R}.recovery_point_tags.owner): AWS lower-cases these names in the effective policy`],
        ['error', `${P}.selections.tags.GOLD`, `collides with "gold" (${S}): AWS lower-cases these names in the effective policy`],
        ['error', `${P}.backup_plan_tags.TEAM`, `collides with "team" (${P}.backup_plan_tags.team): AWS lower-cases these names in the effective policy`],
      ),
    ],
    [
      'plan, rule and selection names AWS refuses, and an empty tag id',
      (doc) => {
        const rules = at(doc, 'plans', 'gold', 'rules');
        rules['daily backup'] = rules.daily;
        delete rules.daily;
        const tags = at(doc, 'plans', 'gold', 'selections', 'tags');
        tags['gold/tagged'] = tags.gold;
        delete tags.gold;
        at(doc, 'plans', 'gold', 'rules', 'daily backup').recovery_point_tags = { '': { tag_key: a('owner'), tag_value: a('sre') } };
        return { plans: { 'gold plan': plan(doc) } };
      },
      problems(
        ['error', "$.plans['gold plan']", 'plan name "gold plan" must be 1-50 characters of A-Z a-z 0-9 _ . -'],
        ['error', "$.plans['gold plan'].rules['daily backup']", 'rule name "daily backup" must be 1-50 characters of A-Z a-z 0-9 _ . -'],
        ['error', "$.plans['gold plan'].rules['daily backup'].recovery_point_tags['']", 'must not be an empty name'],
        ['error', "$.plans['gold plan'].selections.tags['gold/tagged']", 'selection name "gold/tagged" must be 1-50 characters of A-Z a-z 0-9 _ . -'],
      ),
    ],
    // --- copy actions -------------------------------------------------------------------
    [
      'a copy action keyed by another name than its destination ARN',
      (doc) => {
        rule(doc).copy_actions = { dr: copy(DR) };
        return doc;
      },
      problems(['warning', `${R}.copy_actions.dr`, `key is not the destination vault ARN "${DR}"; AWS documents the key as the destination ARN`]),
    ],
    [
      'a copy action without target_backup_vault_arn',
      (doc) => {
        rule(doc).copy_actions = { [DR]: { lifecycle: { delete_after_days: a('35') } } };
        return doc;
      },
      problems([
        'warning',
        `${R}.copy_actions['${DR}']`,
        'has no target_backup_vault_arn: AWS then uses the key lower-cased, which breaks case-sensitive vault ARNs; set it to the destination vault ARN',
      ]),
    ],
    [
      'a copy action without any destination',
      (doc) => {
        rule(doc).copy_actions = { dr: { lifecycle: { delete_after_days: a('35') } } };
        return doc;
      },
      problems(['error', `${R}.copy_actions.dr`, 'has no target_backup_vault_arn and its key is not a backup vault ARN: the copy has no destination']),
    ],
    [
      'copy action keys that differ only in case',
      (doc) => {
        const upper = DR.replace(':dr', ':DR');
        rule(doc).copy_actions = { [DR]: copy(DR), [upper]: copy(upper) };
        return doc;
      },
      problems(['error', `${R}.copy_actions['${DR.replace(':dr', ':DR')}']`, `collides with "${DR}" (${R}.copy_actions['${DR}']): AWS lower-cases these names in the effective policy`]),
    ],
    [
      'destination vault ARNs that are malformed, name a bad vault or another partition',
      (doc) => {
        const bad = 'arn:aws:backup:eu-central-1:4444:backup-vault:dr';
        const badName = 'arn:aws:backup:eu-central-1:$account:backup-vault:d';
        const gov = 'arn:aws-us-gov:backup:us-gov-west-1:$account:backup-vault:dr';
        rule(doc).copy_actions = { [bad]: copy(bad), [badName]: copy(badName), [gov]: copy(gov) };
        return doc;
      },
      problems(
        [
          'error',
          `${R}.copy_actions['arn:aws:backup:eu-central-1:4444:backup-vault:dr'].target_backup_vault_arn`,
          '"arn:aws:backup:eu-central-1:4444:backup-vault:dr" is not a backup vault ARN: arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME, ACCOUNT being 12 digits or $account',
        ],
        [
          'error',
          `${R}.copy_actions['arn:aws:backup:eu-central-1:$account:backup-vault:d'].target_backup_vault_arn`,
          'vault name "d" must be 2-50 characters of A-Z a-z 0-9 _ -',
        ],
        [
          'error',
          `${R}.copy_actions['arn:aws-us-gov:backup:us-gov-west-1:$account:backup-vault:dr'].target_backup_vault_arn`,
          'is in partition "aws-us-gov" but the plan\'s Regions are in partition "aws"',
        ],
      ),
    ],
    [
      'a copy lifecycle that breaks the 90-day cold storage rule',
      (doc) => {
        rule(doc).copy_actions = { [DR]: { target_backup_vault_arn: a(DR), lifecycle: { move_to_cold_storage_after_days: a('30'), delete_after_days: a('60') } } };
        return doc;
      },
      problems([
        'error',
        `${R}.copy_actions['${DR}'].lifecycle.delete_after_days`,
        'must be at least move_to_cold_storage_after_days + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 60',
      ]),
    ],
    // --- schedules and windows ----------------------------------------------------------
    [
      'a schedule that is not AWS cron',
      (doc) => {
        rule(doc).schedule_expression = a('rate(1 hour)');
        return doc;
      },
      problems(['error', `${R}.schedule_expression`, 'must look like cron(minutes hours day-of-month month day-of-week year); got "rate(1 hour)"']),
    ],
    [
      'a cron with both day fields set',
      (doc) => {
        rule(doc).schedule_expression = a('cron(0 5 * * * *)');
        return doc;
      },
      problems(['error', `${R}.schedule_expression`, 'exactly one of day-of-month ("*") and day-of-week ("*") must be "?"']),
    ],
    [
      'a schedule running more than once an hour',
      (doc) => {
        rule(doc).schedule_expression = a('cron(0/15 * ? * * *)');
        return doc;
      },
      problems([
        'error',
        `${R}.schedule_expression`,
        'runs up to 4 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field',
      ]),
    ],
    [
      'a start window under 60 minutes',
      (doc) => {
        rule(doc).start_backup_window_minutes = a('30');
        return doc;
      },
      problems(['error', `${R}.start_backup_window_minutes`, 'must be between 60 and 52560000 minutes; got 30']),
    ],
    [
      'a completion window not after the start window',
      (doc) => {
        rule(doc).start_backup_window_minutes = a('120');
        rule(doc).complete_backup_window_minutes = a('120');
        return doc;
      },
      problems(['error', `${R}.complete_backup_window_minutes`, 'must be greater than start_backup_window_minutes (120); got 120']),
    ],
    [
      "a completion window within AWS's default start window, which a policy rule without start_backup_window_minutes gets (480, not the config's 60)",
      (doc) => {
        delete rule(doc).start_backup_window_minutes;
        rule(doc).complete_backup_window_minutes = a('100');
        return doc;
      },
      problems(['error', `${R}.complete_backup_window_minutes`, "must be greater than start_backup_window_minutes (480: not set, AWS's default); got 100"]),
    ],
    [
      'a completion window less than an hour after the start window',
      (doc) => {
        rule(doc).complete_backup_window_minutes = a('90');
        return doc;
      },
      problems([
        'warning',
        `${R}.complete_backup_window_minutes`,
        'leaves jobs less than 60 minutes to run after a late start (start_backup_window_minutes 60); AWS recommends at least start_backup_window_minutes + 60',
      ]),
    ],
    // --- lifecycles (checkLifecycle, in the policy's field names) ------------------------
    [
      'delete_after_days less than 90 days after cold storage',
      (doc) => {
        lifecycle(doc).move_to_cold_storage_after_days = a('30');
        lifecycle(doc).delete_after_days = a('60');
        return doc;
      },
      problems([
        'error',
        `${R}.lifecycle.delete_after_days`,
        'must be at least move_to_cold_storage_after_days + 90 = 120 (AWS keeps cold-storage recovery points at least 90 days); got 60',
      ]),
    ],
    [
      'delete_after_days out of range',
      (doc) => {
        lifecycle(doc).delete_after_days = a('0');
        return doc;
      },
      problems(['error', `${R}.lifecycle.delete_after_days`, 'must be between 1 and 36500 days; got 0']),
    ],
    [
      'continuous backup kept over 35 days, with cold storage',
      (doc) => {
        rule(doc).enable_continuous_backup = a('true');
        lifecycle(doc).delete_after_days = a('200');
        lifecycle(doc).move_to_cold_storage_after_days = a('10');
        return doc;
      },
      problems(
        ['error', `${R}.lifecycle.delete_after_days`, 'must be at most 35 days with enable_continuous_backup; got 200'],
        ['error', `${R}.lifecycle.move_to_cold_storage_after_days`, 'is not allowed with enable_continuous_backup (continuous recovery points cannot move to cold storage)'],
      ),
    ],
    [
      'continuous backup without retention',
      (doc) => {
        rule(doc).enable_continuous_backup = a(true);
        delete rule(doc).lifecycle;
        return doc;
      },
      problems(['error', `${R}.lifecycle.delete_after_days`, 'is required with enable_continuous_backup (1-35 days)']),
    ],
    [
      'continuous rules into different vaults (AWS rejects the plan)',
      (doc) => {
        rule(doc).enable_continuous_backup = a(true);
        at(doc, 'plans', 'gold', 'rules').pitr = {
          schedule_expression: a('cron(0 6 ? * * *)'),
          target_backup_vault_name: a('pitr'),
          enable_continuous_backup: a(true),
          lifecycle: { delete_after_days: a('30') },
        };
        return doc;
      },
      problems([
        'error',
        `${P}.rules`,
        'continuous backup rules daily (main), pitr (pitr) point to different vaults: AWS Backup rejects such a plan as not valid (AWS Backup, "Overlapping continuous backups on the same resource"); keep one continuous rule per plan, or send them to one vault',
      ]),
    ],
    [
      'archive opt-in without cold storage',
      (doc) => {
        lifecycle(doc).opt_in_to_archive_for_supported_resources = a('true');
        return doc;
      },
      problems(['warning', `${R}.lifecycle.opt_in_to_archive_for_supported_resources`, 'has no effect without move_to_cold_storage_after_days']),
    ],
    [
      'a copy lifecycle without delete_after_days (the config refuses it: the copies are never deleted)',
      (doc) => {
        rule(doc).copy_actions = { [DR]: { target_backup_vault_arn: a(DR), lifecycle: { move_to_cold_storage_after_days: a('30') } } };
        return doc;
      },
      problems([
        'warning',
        `${R}.copy_actions['${DR}'].lifecycle.delete_after_days`,
        "is not set in the copy's own lifecycle: its copies are kept until someone deletes them (the rule's delete_after_days applies only to a copy without a lifecycle)",
      ]),
    ],
    [
      'no retention at all',
      (doc) => {
        delete rule(doc).lifecycle;
        return doc;
      },
      problems(['warning', `${R}.lifecycle.delete_after_days`, 'is not set: recovery points are kept until someone deletes them']),
    ],
    // --- Regions, vaults, roles ----------------------------------------------------------
    [
      'Region codes that are invalid, repeated or from another partition',
      (doc) => {
        plan(doc).regions = a(['eu-west-1', 'eu-west', 'eu-west-1', 'cn-north-1']);
        return doc;
      },
      problems(
        ['error', `${P}.regions['@@assign'][1]`, '"eu-west" is not an AWS Region code such as eu-west-1'],
        ['warning', `${P}.regions['@@assign'][2]`, 'lists "eu-west-1" twice'],
        ['error', `${P}.regions['@@assign'][3]`, 'is in partition "aws-cn", unlike eu-west-1 (partition "aws"): a plan cannot span partitions'],
      ),
    ],
    [
      // A plan in a Region that does not exist backs up nothing, and no job fails; validate says the same of the config.
      'a Region code that names no Region the pinned provider knows',
      (doc) => {
        plan(doc).regions = a(['eu-west-1', 'eu-wset-1']);
        return doc;
      },
      problems(['error', `${P}.regions['@@assign'][1]`, 'Region "eu-wset-1" is unknown to the pinned provider hashicorp/aws 5.100.0: did you mean eu-west-1?']),
    ],
    [
      'a vault name AWS refuses',
      (doc) => {
        rule(doc).target_backup_vault_name = a('main vault');
        return doc;
      },
      problems(['error', `${R}.target_backup_vault_name`, 'vault name "main vault" must be 2-50 characters of A-Z a-z 0-9 _ -']),
    ],
    [
      'role ARNs that are malformed or in another partition',
      (doc) => {
        selection(doc).iam_role_arn = a('arn:aws:iam::$account:user/backup');
        at(doc, 'plans', 'gold', 'selections', 'tags').other = {
          iam_role_arn: a('arn:aws-cn:iam::111122223333:role/backup'),
          tag_key: a('backup'),
          tag_value: a(['other']),
        };
        return doc;
      },
      problems(
        ['error', `${S}.iam_role_arn`, '"arn:aws:iam::$account:user/backup" is not an IAM role ARN: arn:PARTITION:iam::ACCOUNT:role/NAME, ACCOUNT being 12 digits or $account'],
        ['error', `${P}.selections.tags.other.iam_role_arn`, 'is in partition "aws-cn" but the plan\'s Regions are in partition "aws"'],
      ),
    ],
    [
      // IAM CreateRole: any printable ASCII between the slashes of a path; a role name of at most 64 characters.
      'role ARNs with a path of printable ASCII, and with a name IAM refuses',
      (doc) => {
        // "*" and "?" too: no policy of the stacks names a policy file's role (unlike the config's selection roles).
        selection(doc).iam_role_arn = a('arn:aws:iam::$account:role/team#1:a*?/backup');
        at(doc, 'plans', 'gold', 'selections', 'tags').other = { iam_role_arn: a(`arn:aws:iam::$account:role/${'r'.repeat(65)}`), tag_key: a('backup'), tag_value: a(['other']) };
        return doc;
      },
      problems(['error', `${P}.selections.tags.other.iam_role_arn`, `"arn:aws:iam::$account:role/${'r'.repeat(65)}": its role name "${'r'.repeat(65)}" has 65 characters; IAM allows at most 64 (CreateRole)`]),
    ],
    // --- tags ------------------------------------------------------------------------------
    [
      'recovery point tags with bad keys and values',
      (doc) => {
        rule(doc).recovery_point_tags = {
          long: { tag_key: a('k'.repeat(129)), tag_value: a('v'.repeat(257)) },
          reserved: { tag_key: a('aws:owner'), tag_value: a('') },
          empty: { tag_key: a(''), tag_value: a('x') },
          first: { tag_key: a('team'), tag_value: a('a') },
          second: { tag_key: a('team'), tag_value: a('b') },
        };
        return doc;
      },
      problems(
        ['error', `${R}.recovery_point_tags.long.tag_key`, 'must be 1-128 characters; got 129'],
        ['error', `${R}.recovery_point_tags.long.tag_value`, 'must be at most 256 characters; got 257'],
        ['error', `${R}.recovery_point_tags.reserved.tag_key`, 'must not start with "aws:", which AWS reserves'],
        ['error', `${R}.recovery_point_tags.empty.tag_key`, 'must be 1-128 characters; got 0'],
        ['error', `${R}.recovery_point_tags.second.tag_key`, `sets tag key "team" again (already set at ${R}.recovery_point_tags.first.tag_key)`],
      ),
    ],
    [
      'a tag entry without tag_value',
      (doc) => {
        plan(doc).backup_plan_tags = { team: { tag_key: a('team') } };
        return doc;
      },
      problems(['error', `${P}.backup_plan_tags.team.tag_value`, 'is required']),
    ],
    // --- resource selections -------------------------------------------------------------
    [
      'resource types that are not ARNs or not documented',
      (doc) => {
        resources(doc, { resource_types: a(['EBS', 'arn:aws:lambda:*:*:function:*']), conditions: { string_equals: { on: { condition_key: a('aws:ResourceTag/backup'), condition_value: a('true') } } } });
        return doc;
      },
      problems(
        ['error', `${P}.selections.resources.picked.resource_types['@@assign'][0]`, '"EBS" is not a resource type: use "*" or an ARN pattern such as arn:aws:ec2:*:*:volume/*'],
        [
          'warning',
          `${P}.selections.resources.picked.resource_types['@@assign'][1]`,
          '"arn:aws:lambda:*:*:function:*" is not one of the resource types documented for backup policies, such as arn:aws:ec2:*:*:volume/*',
        ],
      ),
    ],
    [
      'every resource type without conditions',
      (doc) => {
        resources(doc, { resource_types: a(['*']) });
        return doc;
      },
      problems(['warning', `${P}.selections.resources.picked.resource_types`, "selects every resource opted in to AWS Backup in the plan's Regions: add conditions to narrow it"]),
    ],
    [
      // AWS's Example 7, "Select all resources in my account, but exclude Amazon EBS volumes": the warning names the exclusion.
      'every resource type but those excluded, without conditions',
      (doc) => {
        resources(doc, { resource_types: a(['*']), not_resource_types: a(['arn:aws:ec2:*:*:volume/*']) });
        return doc;
      },
      problems([
        'warning',
        `${P}.selections.resources.picked.resource_types`,
        "selects every resource opted in to AWS Backup in the plan's Regions but those not_resource_types excludes: add conditions to narrow it",
      ]),
    ],
    [
      'conditions with an unknown operator, a non-tag key and a missing value',
      (doc) => {
        resources(doc, {
          resource_types: a(['*']),
          conditions: {
            string_matches: {},
            string_like: { env: { condition_key: a('env'), condition_value: a('prod*') } },
            string_not_equals: { stage: { condition_key: a('aws:ResourceTag/stage') } },
          },
        });
        return doc;
      },
      problems(
        [
          'error',
          `${P}.selections.resources.picked.conditions.string_matches`,
          'unknown key "string_matches"; expected one of: string_equals, string_not_equals, string_like, string_not_like',
        ],
        ['error', `${P}.selections.resources.picked.conditions.string_not_equals.stage.condition_value`, 'is required'],
        [
          'warning',
          `${P}.selections.resources.picked.conditions.string_like.env.condition_key`,
          'condition key "env" has no aws:ResourceTag/ prefix: AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "env" against, so no resource is counted as selected through it; write "aws:ResourceTag/env"',
        ],
      ),
    ],
    [
      // The warning said "should be aws:ResourceTag/<tag key>" only: now the one reading of a condition key (core/selection.ts), naming the key and what AWS documents.
      'a condition on another aws: key than aws:ResourceTag/',
      (doc) => {
        resources(doc, { resource_types: a(['*']), conditions: { string_not_equals: { team: { condition_key: a('aws:PrincipalTag/team'), condition_value: a('ops') } } } });
        return doc;
      },
      problems([
        'warning',
        `${P}.selections.resources.picked.conditions.string_not_equals.team.condition_key`,
        'condition key "aws:PrincipalTag/team" is not a resource tag key (aws:ResourceTag/<tag key>): AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it does with "aws:PrincipalTag/team" (refuse the selection, ignore the condition or match no resource), so no resource is counted as selected through it; select by a resource tag instead',
      ]),
    ],
    // --- advanced backup settings ----------------------------------------------------------
    [
      'windows_vss other than enabled or disabled',
      (doc) => {
        plan(doc).advanced_backup_settings = { ec2: { windows_vss: a('on') } };
        return doc;
      },
      problems(['error', `${P}.advanced_backup_settings.ec2.windows_vss`, 'must be "enabled" or "disabled"; got "on"']),
    ],
  ];

  it.each(cases)('reports %s', (_, make, expected) => {
    const doc = base();
    const sorted = (list: readonly PolicyProblem[]) => [...list].sort((x, y) => (x.path + x.message < y.path + y.message ? -1 : 1));
    expect(sorted(validateBackupPolicy(make(doc)))).toEqual(sorted(expected));
  });

  it.each([
    ['too-many-rules.json', '$.plans.gold.rules', 'has 11 rules; a plan accepts at most 10'],
    ['too-many-copy-actions.json', '$.plans.gold.rules.daily.copy_actions', 'has 6 copy actions; a rule accepts at most 5'],
    ['too-many-recovery-point-tags.json', '$.plans.gold.rules.daily.recovery_point_tags', 'has 11 recovery point tags; a rule accepts at most 10'],
    ['too-many-conditions.json', '$.plans.gold.selections.resources.tagged.conditions', 'has 31 conditions; at most 30 are allowed'],
  ])('reports the limit of %s', (file, path, message) => {
    expect(validatePolicyText(fixtureText(file))).toEqual([{ path, message, severity: 'error' }]);
  });

  it('measures the 10,000-character limit on the serialized text', () => {
    const large = fixtureText('too-large.json');
    expect(validatePolicyText(large)).toEqual([
      { path: '$', message: `is ${large.length} characters long; AWS Organizations accepts at most 10000 characters per backup policy: split its plans over several policies`, severity: 'error' },
    ]);
    // Given an object, the compact serialization is measured.
    const compact = JSON.stringify(JSON.parse(large)).length;
    expect(validateBackupPolicy(JSON.parse(large))).toEqual([
      { path: '$', message: `is ${compact} characters long; AWS Organizations accepts at most 10000 characters per backup policy: split its plans over several policies`, severity: 'error' },
    ]);
    const indented = fixtureText('too-large-indented.json');
    expect(validatePolicyText(indented)).toEqual([
      {
        path: '$',
        message: `is ${indented.length} characters long; AWS Organizations accepts at most 10000 characters per backup policy (${JSON.stringify(JSON.parse(indented)).length} without whitespace: upload it compact)`,
        severity: 'error',
      },
    ]);
    expect(validateBackupPolicy(JSON.parse(indented))).toEqual([]);
  });

  it('reports AWS documentation example 3 as written: its copy lifecycle breaks the 90-day rule', () => {
    expect(validatePolicyText(fixtureText('aws-doc-example-3.json'))).toEqual(
      problems(
        ['warning', '$.plans.PII_Backup_Plan.rules.Hourly.index_actions', 'is documented by AWS but not modelled by this tool: it is passed through unchecked'],
        [
          'error',
          "$.plans.PII_Backup_Plan.rules.Hourly.copy_actions['arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault'].lifecycle.delete_after_days",
          'must be at least move_to_cold_storage_after_days + 90 = 270 (AWS keeps cold-storage recovery points at least 90 days); got 28',
        ],
      ),
    );
  });

  it('accepts newer documented keys with warnings, and resource selections with conditions', () => {
    expect(validatePolicyText(fixtureText('aws-doc-example-newer-keys.json'))).toEqual(
      problems(
        ['warning', '$.plans.PII_Backup_Plan.rules.Hourly.target_logically_air_gapped_backup_vault_arn', 'is documented by AWS but not modelled by this tool: it is passed through unchecked'],
        ['warning', '$.plans.PII_Backup_Plan.rules.Hourly.index_actions', 'is documented by AWS but not modelled by this tool: it is passed through unchecked'],
      ),
    );
  });

  it('refuses a schedule that never runs or stops, as the config does (core/rpo.ts scheduleEnds)', () => {
    const never = base();
    rule(never).schedule_expression = a('cron(0 5 30 2 ? *)');
    expect(validateBackupPolicy(never)).toEqual(
      problems(['error', `${R}.schedule_expression`, 'never runs: no date of the 8 years 2027-2034 matches its day-of-month, month and day-of-week fields']),
    );
    const stops = base();
    rule(stops).schedule_expression = a('cron(0 5 ? * * 2027)');
    expect(validateBackupPolicy(stops)).toEqual(
      problems(['error', `${R}.schedule_expression`, 'runs only in 2027: no backup after 2027; write * in the year field (and remove the rule when it is no longer needed)']),
    );
  });

  it('reports every problem of a broken document at once, in document order', () => {
    const doc = base();
    rule(doc).schedule_expression = a('cron(0/30 * ? * * *)');
    lifecycle(doc).delete_after_days = a('1');
    lifecycle(doc).move_to_cold_storage_after_days = a('1');
    plan(doc).regions = a(['mars-1']);
    selection(doc).tag_value = { '@@prepend': ['x'] };
    expect(validateBackupPolicy(doc)).toEqual(
      problems(
        ['error', `${P}.regions['@@assign'][0]`, '"mars-1" is not an AWS Region code such as eu-west-1'],
        ['error', `${R}.schedule_expression`, 'runs up to 2 times an hour; AWS Backup runs snapshot backups at most once an hour: use one value in the minutes field'],
        ['error', `${R}.lifecycle.delete_after_days`, 'must be at least move_to_cold_storage_after_days + 90 = 91 (AWS keeps cold-storage recovery points at least 90 days); got 1'],
        ['error', `${S}.tag_value['@@prepend']`, '"@@prepend" is not an inheritance operator: backup policies have @@assign, @@append and @@remove'],
        ['error', `${S}.tag_value`, 'needs values: add "@@assign" (or "@@append")'],
      ),
    );
  });

  it('never throws, whatever the input (random JSON)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const keys = ['plans', 'gold', 'regions', 'rules', 'daily', 'selections', 'tags', 'resources', 'lifecycle', 'copy_actions', '@@assign', '@@append', '@@remove',
      '@@operators_allowed_for_child_policies', 'delete_after_days', 'schedule_expression', 'conditions', 'string_equals', 'recovery_point_tags', '__proto__', 'constructor', '$account', ''];
    const value = (depth: number): unknown => {
      const pick = Math.floor(random() * (depth > 5 ? 5 : 8));
      switch (pick) {
        case 0: return null;
        case 1: return random() < 0.5;
        case 2: return Math.floor(random() * 1000) - 10;
        case 3: return ['cron(0 5 ? * * *)', '35', '$account', 'eu-west-1', '*', '@@none', ''][Math.floor(random() * 7)];
        case 4: return random() * 1e6;
        case 5: case 6: return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [keys[Math.floor(random() * keys.length)], value(depth + 1)]));
        default: return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      }
    };
    for (let i = 0; i < 3000; i += 1) {
      const doc = i % 3 === 0 ? { plans: value(1) } : i % 3 === 1 ? { plans: { gold: value(2) } } : value(0);
      const text = JSON.stringify(doc) ?? 'null';
      expect(() => validateBackupPolicy(JSON.parse(text))).not.toThrow();
      expect(() => validatePolicyText(text)).not.toThrow();
      expect(() => policyReferences(JSON.parse(text))).not.toThrow();
    }
    // Inputs JSON cannot even express.
    const circular: Json = { plans: {} };
    at(circular, 'plans').gold = circular;
    for (const input of [undefined, Symbol('x'), () => 1, 10n, circular, new Map(), Object.create(null) as object]) {
      expect(Array.isArray(validateBackupPolicy(input))).toBe(true);
      expect(() => policyReferences(input)).not.toThrow();
    }
  });
});

describe('validatePolicyText', () => {
  it('reports invalid JSON with its line and column, on one line', () => {
    expect(validatePolicyText(fixtureText('not-json.json'))).toEqual(
      problems(['error', '$', "invalid JSON: Expected property name or '}' in JSON at line 6, column 1"]),
    );
    const [problem] = validatePolicyText('{\n"plans": tru\n}');
    expect(problem?.message).toMatch(/^invalid JSON: /);
    expect(problem?.message).not.toContain('\n');
  });

  it('reports duplicate keys, which JSON.parse hides and AWS rejects', () => {
    expect(validatePolicyText(fixtureText('duplicate-keys.json'))).toEqual(
      problems(['error', '$.plans.gold.rules.daily', 'duplicate key "daily" (line 11): AWS Organizations rejects duplicate keys']),
    );
  });

  it('ignores a byte order mark', () => {
    expect(validatePolicyText(`\uFEFF${fixtureText('aws-doc-example.json')}`)).toEqual([]);
  });
});

describe('policyReferences', () => {
  it('lists the Regions, vault names, destination vault ARNs, role ARNs, selections and rules of each plan', () => {
    const doc = fixture('aws-doc-example.json');
    at(doc, 'plans').Second = {
      regions: a(['us-west-2']),
      rules: {
        a: { target_backup_vault_name: a('FortKnox'), copy_actions: { 'arn:aws:backup:us-east-1:$account:backup-vault:Keyed': {} } },
        b: { target_backup_vault_name: a('Other') },
      },
      selections: { resources: { r: { iam_role_arn: a('arn:aws:iam::$account:role/Other'), resource_types: a(['arn:aws:ec2:*:*:volume/*']) } } },
    };
    expect(policyReferences(doc)).toEqual({
      plans: [
        {
          name: 'PII_Backup_Plan',
          regions: ['ap-northeast-2', 'us-east-1', 'eu-north-1'],
          vaultNames: ['FortKnox'],
          destinationVaultArns: ['arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault', 'arn:aws:backup:us-west-1:111111111111:backup-vault:tertiary_vault'],
          roleArns: ['arn:aws:iam::$account:role/MyIamRole'],
          selections: [
            {
              tags: [
                { key: 'dataType', value: 'PII' },
                { key: 'dataType', value: 'RED' },
              ],
              conditions: [],
              resources: [],
              notResources: [],
            },
          ],
          // What the silence alarms need: the rule's schedule (UTC) and AWS's default windows where it sets none.
          rules: [
            {
              name: 'Hourly',
              vaultName: 'FortKnox',
              rpo: { schedule: 'cron(0 5/1 ? * * *)', timezone: 'Etc/UTC', startWindowMinutes: 480, completionWindowMinutes: 10080, continuous: false },
              deleteAfterDays: 270,
              copies: [
                { arn: 'arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault', deleteAfterDays: 120 },
                { arn: 'arn:aws:backup:us-west-1:111111111111:backup-vault:tertiary_vault', deleteAfterDays: 120 },
              ],
            },
          ],
        },
        {
          name: 'Second',
          regions: ['us-west-2'],
          vaultNames: ['FortKnox', 'Other'],
          destinationVaultArns: ['arn:aws:backup:us-east-1:$account:backup-vault:Keyed'],
          roleArns: ['arn:aws:iam::$account:role/Other'],
          selections: [{ tags: [], conditions: [], resources: ['arn:aws:ec2:*:*:volume/*'], notResources: [] }],
          rules: [],
        },
      ],
    });
    expect(policyReferences('nope')).toEqual({ plans: [] });
  });
});
