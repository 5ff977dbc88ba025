/**
 * `npm run guard -- --base`: stacks that leave the synth. Removing a disaster-recovery Region's
 * vaults from examples/multi-region.yaml, or an account from examples/organization.yaml, makes
 * synth drop their stacks: no pipeline plans them, so no plan shows that their locked vaults, keys
 * and locks are left behind, managed by nothing. The comparison with the base must block that,
 * whatever the base is (its synth dir, its rollout.json, its config file), unless
 * guard.allowedChanges allows the whole stack (`address: "*"`) with a reason.
 * The evaluation and the Markdown are checked on hand-made stacks; the command on synthesized
 * examples in a scratch project (in-process, runCommand).
 */
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { runGuard } from '../../cli/guard';
import { synthesize } from '../../cli/synthesize';
import { evaluatePlan } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { evaluateRemovedStacks, protectedResourcesOf, WHOLE_STACK, type BaseStack } from '../../guard/removed-stacks';
import { runCommand, scratchProject, STACK_TRACE_LINE, type RunResult } from '../support/cli';
import { synthDir } from '../report/helpers';

const FIXTURES = join(__dirname, '..', 'fixtures', 'guard');
const DR_STACK = 'payments-prod-eu-central-1';
/** What payments-prod-eu-central-1 holds of the protected types (its DR vault, and the keys of its alerts topic and report bucket). */
const DR_PROTECTED = [
  'aws_backup_vault.vault-eu-dr_vault_3A1E10A1',
  'aws_backup_vault_lock_configuration.vault-eu-dr_lock_09251B6C',
  'aws_backup_vault_policy.vault-eu-dr_policy_A38269F6',
  'aws_kms_key.alerts_key_FC9ECF44',
  'aws_kms_key.report-bucket_key_FAEF0E79',
  'aws_kms_key.vault-eu-dr_key_3509D339',
];

describe('evaluateRemovedStacks', () => {
  const base: BaseStack[] = [
    { name: 'management-us-east-1', kind: 'management', protectedResources: ['aws_organizations_policy.policy-baseline_policy_1'] },
    { name: 'dr-eu-central-1', kind: 'workload', protectedResources: ['aws_backup_vault.vault-dr_vault_1', 'aws_kms_key.vault-dr_key_1'] },
    { name: 'plans-only-eu-west-1', kind: 'workload', protectedResources: [] },
    { name: 'unknown-us-east-1', kind: 'workload' },
  ];

  it('blocks removed stacks that hold, or may hold, protected resources; reports the others; passes stacks still there', () => {
    const result = evaluateRemovedStacks(base, ['management-us-east-1', 'new-eu-west-2'], []);
    expect(result).toEqual({
      compared: 4,
      blocked: [base[1], base[3]],
      allowed: [],
      unprotected: [base[2]],
      notes: [],
      ok: false,
    });
    expect(evaluateRemovedStacks(base, base.map((stack) => stack.name), []).ok).toBe(true);
  });

  it('lets a stack go with an allowance for its whole stack ("*") only, and notes allowances that allow nothing', () => {
    const reason = 'The DR Region moves to eu-north-1; its vault is kept unmanaged until its recovery points expire (CHG-2001)';
    const allowed = [
      { stack: 'dr-eu-central-1', address: WHOLE_STACK, reason },
      { stack: 'unknown-us-east-1', address: 'aws_backup_vault.vault-x_vault_1', reason: 'an address allows a change in a plan, not a removal' },
      { stack: 'management-us-east-1', address: '*', reason: 'not removed: nothing to allow' },
      { stack: 'gone-long-ago', address: '*', reason: 'neither synth has it' },
    ];
    const result = evaluateRemovedStacks(base, ['management-us-east-1'], allowed);
    expect(result.allowed).toEqual([{ ...base[1], allowedBecause: reason }]);
    expect(result.blocked).toEqual([base[3]]);
    expect(result.notes).toEqual([
      ['management-us-east-1', 'guard.allowedChanges lets this stack leave the synth (address "*"), but it is still synthesized: the entry allows nothing until it goes.'],
      ['gone-long-ago', 'guard.allowedChanges lets this stack leave the synth (address "*"), but the base does not have it either: remove the entry.'],
    ]);
  });

  it('does not let a "*" allowance through a plan: it allows no deletion there', () => {
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'vault-replace.json'), 'utf8')) as unknown;
    const result = evaluatePlan(plan, 'workload-prod-eu-west-1', [{ stack: 'workload-prod-eu-west-1', address: '*', reason: 'the stack is being retired' }]);
    expect(result.violations).toHaveLength(2);
    expect(result.notes).toEqual([]);
  });

  it('reads protected resources from synthesized JSON, sorted, data sources and other types apart', () => {
    const json = {
      data: { aws_kms_key: { old: { key_id: 'x' } } },
      resource: {
        aws_kms_key: { b: {}, a: {} },
        aws_backup_plan: { p: {} },
        aws_organizations_policy_attachment: { t: {} },
        '//': { metadata: {} },
      },
    };
    expect(protectedResourcesOf(json)).toEqual(['aws_kms_key.a', 'aws_kms_key.b', 'aws_organizations_policy_attachment.t']);
    expect(() => protectedResourcesOf([])).toThrow(TypeError);
  });
});

describe('guardMarkdown with removed stacks', () => {
  const removed: BaseStack = { name: 'dr-eu-central-1', kind: 'workload', protectedResources: ['aws_backup_vault.v', 'aws_kms_key.k'] };

  it('lists the removed stacks first, then the plans', () => {
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'key-delete.json'), 'utf8')) as unknown;
    const markdown = guardMarkdown([evaluatePlan(plan, 'workload-prod-eu-west-1', [])], {
      base: 'base/cdktf.out',
      result: evaluateRemovedStacks([removed, { name: 'rollout-only', kind: 'central' }, { name: 'quiet', kind: 'workload', protectedResources: [] }], ['workload-prod-eu-west-1'], []),
    });
    expect(markdown.split('\n').slice(0, 17)).toEqual([
      '## Backup plan guard: 2 removed stacks, 1 blocked change',
      '',
      'Stacks that hold or may hold recovery points or their protection leave the synth.',
      'The plan deletes, replaces or weakens a resource that holds or protects recovery points or that backup jobs need.',
      '',
      '### Removed stacks',
      '',
      'Compared with `base/cdktf.out`, the new synth no longer has these stacks:',
      '',
      '- `dr-eu-central-1` (workload): **removed**; holding `aws_backup_vault.v`, `aws_kms_key.k`.',
      '- `rollout-only` (central): **removed**; only its rollout.json entry is known, so it is taken to hold vaults, keys, locks or policies.',
      '- `quiet` (workload): removed; it held no vault, key, lock or policy, so it is not blocked.',
      '',
      'No pipeline plans a stack whose folder is gone, and no plan shows what it holds: its vaults, keys, locks and policies stay in AWS and in its Terraform state, managed by nothing.',
      'To retire a stack, empty it first (lift `preventDestroy`, apply, then `terraform destroy` in its folder), or keep what it holds on purpose; either way, allow the removal under `guard.allowedChanges`: `{ stack, address: "*", reason }`.',
      '',
      '### `workload-prod-eu-west-1`: 1 blocked change',
    ]);
  });

  it('says what was compared when nothing is removed, and shows an allowed removal with its reason', () => {
    const passed = guardMarkdown([], { base: 'base.yaml', result: evaluateRemovedStacks([removed], ['dr-eu-central-1'], []) });
    expect(passed).toBe('## Backup plan guard: passed\n\nNo stack that holds one leaves the synth without an allowance (1 stack of `base.yaml` compared).\n');
    const allowed = guardMarkdown([], { base: 'base.yaml', result: evaluateRemovedStacks([removed], [], [{ stack: 'dr-eu-central-1', address: '*', reason: 'Retired | CHG-9' }]) });
    expect(allowed).toBe(
      [
        '## Backup plan guard: passed',
        '',
        'No stack that holds one leaves the synth without an allowance (1 stack of `base.yaml` compared).',
        '',
        '### Removed stacks',
        '',
        'Compared with `base.yaml`, the new synth no longer has this stack:',
        '',
        '- `dr-eu-central-1` (workload): removed, allowed by config; holding `aws_backup_vault.v`, `aws_kms_key.k`.',
        '  Reason given: Retired \\| CHG-9',
        '',
      ].join('\n'),
    );
  });
});

/** `npm run guard -- ...args` in `cwd` (in-process). */
const guard = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): RunResult => runCommand(runGuard, args, cwd, env);

type YamlDocument = ReturnType<typeof parseDocument>;

/** Writes an edited copy of an example beside it in `project` (relative files still resolve); returns its path. */
function editExample(project: string, file: string, to: string, edit: (document: YamlDocument) => void): string {
  const document = parseDocument(readFileSync(join(project, 'examples', file), 'utf8'));
  edit(document);
  const path = join(project, 'examples', to);
  writeFileSync(path, document.toString());
  return path;
}

const removeDrRegion = (document: YamlDocument): void => {
  document.deleteIn(['vaults', 'eu-dr']);
  document.deleteIn(['plans', 'eu-critical', 'rules', 'daily', 'copies']);
  document.deleteIn(['plans', 'eu-critical', 'rules', 'monthly', 'copies']);
};

describe('npm run guard --base (cli/guard.ts, cli/guard-base.ts)', () => {
  /** A scratch project: examples/ (and edited copies), base-out (multi-region.yaml synthesized), cdktf.out (without its DR Region). */
  let project = '';
  let withoutDr = '';
  const scratchDirs: string[] = [];

  beforeAll(() => {
    project = scratchProject();
    scratchDirs.push(project);
    expect(synthesize(join(project, 'examples', 'multi-region.yaml'), { outdir: join(project, 'base-out') }).ok).toBe(true);
    withoutDr = editExample(project, 'multi-region.yaml', 'without-dr.yaml', removeDrRegion);
    // Dropping the copies may raise compliance errors: the helper suppresses them in the file, as a user would.
    const head = synthDir(withoutDr, { acceptComplianceErrors: true, keepCompliance: true });
    scratchDirs.push(join(head, '..'));
    expect(synthesize(withoutDr, { outdir: join(project, 'cdktf.out') }).ok).toBe(true);
  });

  afterAll(() => {
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  });

  const BLOCKED_DR = `guard --base base-out: blocked: removed ${DR_STACK}\n`;

  it('blocks the DR Region stack that leaves the synth (exit 1), naming it and what it holds, against a base synth dir', () => {
    const result = guard(['--base', 'base-out', '--config', withoutDr], project);
    expect(result.stderr).toBe(BLOCKED_DR);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('## Backup plan guard: 1 removed stack\n\nA stack that holds or may hold recovery points or their protection leaves the synth.\n\n### Removed stacks\n');
    expect(result.stdout).toContain(`- \`${DR_STACK}\` (workload): **removed**; holding ${DR_PROTECTED.map((address) => `\`${address}\``).join(', ')}.`);
    // The default --synth-dir is cdktf.out; naming it changes nothing.
    expect(guard(['--base', 'base-out', '--synth-dir', 'cdktf.out', '--config', withoutDr], project)).toEqual(result);
  });

  it('blocks it the same against the base config file (synthesized into a temporary folder) and its rollout.json', () => {
    const fromConfig = guard(['--base', 'examples/multi-region.yaml', '--config', withoutDr], project);
    expect([fromConfig.status, fromConfig.stderr]).toEqual([1, `guard --base examples/multi-region.yaml: blocked: removed ${DR_STACK}\n`]);
    expect(fromConfig.stdout).toContain(`- \`${DR_STACK}\` (workload): **removed**; holding ${DR_PROTECTED.map((address) => `\`${address}\``).join(', ')}.`);
    const fromRollout = guard(['--base', 'base-out/rollout.json', '--config', withoutDr], project);
    expect(fromRollout.stdout.replace('`base-out/rollout.json`', '`base-out`')).toBe(guard(['--base', 'base-out', '--config', withoutDr], project).stdout);
  });

  it('takes every stack of a rollout.json without its stack folders to hold protected resources', () => {
    mkdirSync(join(project, 'rollout-only'), { recursive: true });
    copyFileSync(join(project, 'base-out', 'rollout.json'), join(project, 'rollout-only', 'base-rollout.json'));
    const result = guard(['--base', 'rollout-only/base-rollout.json', '--config', withoutDr], project);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`- \`${DR_STACK}\` (workload): **removed**; only its rollout.json entry is known, so it is taken to hold vaults, keys, locks or policies.`);
  });

  it('lets the removal through with { stack, address: "*", reason } in guard.allowedChanges (exit 0)', () => {
    const reason = 'eu-central-1 is no longer a DR Region; the locked vault stays in AWS until its recovery points expire (CHG-2001)';
    const allowing = editExample(project, 'without-dr.yaml', 'without-dr-allowed.yaml', (document) => {
      document.setIn(['guard', 'allowedChanges'], document.createNode([{ stack: DR_STACK, address: '*', reason }]));
    });
    const result = guard(['--base', 'base-out', '--config', allowing], project);
    expect(result.stderr).toBe('guard --base base-out: passed (4 stacks compared, 1 removal allowed by config)\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`- \`${DR_STACK}\` (workload): removed, allowed by config; holding`);
    expect(result.stdout).toContain(`  Reason given: ${reason}`);
  });

  it('refuses a base or new synth of part of the estate (exit 2): its missing stacks would read as removed, or a removal would go unseen', () => {
    const subset = join(project, 'subset-out');
    expect(synthesize(join(project, 'examples', 'multi-region.yaml'), { outdir: subset, filters: { stacks: ['payments-prod-eu-west-1'], accounts: [], regions: [] } }).ok).toBe(true);
    expect(JSON.parse(readFileSync(join(subset, 'rollout.json'), 'utf8')).subset).toEqual({ stacks: ['payments-prod-eu-west-1'] });
    const message = 'is the synth of part of the estate (--stack payments-prod-eu-west-1): compare whole synths (backup-estate synth without --stack, --account or --region)';
    expect(guard(['--base', 'subset-out', '--config', withoutDr], project)).toMatchObject({ status: 2, stderr: `guard: subset-out/rollout.json ${message}\n` });
    expect(guard(['--base', 'base-out', '--synth-dir', 'subset-out', '--config', withoutDr], project)).toMatchObject({ status: 2, stderr: `guard: subset-out/rollout.json ${message}\n` });
  });

  it('passes when every stack of the base is still synthesized', () => {
    cpSync(join(project, 'base-out'), join(project, 'same-out'), { recursive: true });
    const result = guard(['--base', 'base-out', '--synth-dir', 'same-out', '--config', 'examples/multi-region.yaml'], project);
    expect(result).toEqual({
      status: 0,
      stdout: '## Backup plan guard: passed\n\nNo stack that holds one leaves the synth without an allowance (4 stacks of `base-out` compared).\n',
      stderr: 'guard --base base-out: passed (4 stacks compared, 0 removals allowed by config)\n',
    });
  });

  it('refuses a base that reads the new synth\'s own stack files (exit 2): nothing could ever read as removed', () => {
    // The synth dir itself, a base rollout.json put in it, or a link to it: each compares the new synth with itself.
    copyFileSync(join(project, 'base-out', 'rollout.json'), join(project, 'base-out', 'base-rollout.json'));
    symlinkSync(join(project, 'base-out'), join(project, 'base-link'));
    const cases: [string, string][] = [['base-out', 'base-out'], ['./base-out/', 'base-out'], ['base-out/base-rollout.json', 'base-out'], ['base-link/rollout.json', 'base-out']];
    for (const [base, synth] of cases) {
      const message = `guard: --base ${base} reads the stack files of --synth-dir ${synth} itself: every stack would compare equal to itself (nothing changed, nothing removed); give the base's own synth dir, its rollout.json beside its stacks folder, or its config file\n`;
      expect(guard(['--base', base, '--synth-dir', synth, '--config', withoutDr], project)).toEqual({ status: 2, stdout: '', stderr: message });
    }
    rmSync(join(project, 'base-out', 'base-rollout.json'));
    rmSync(join(project, 'base-link'));
  });

  it('refuses the config under review as the base (exit 2): its synth is the new one (found by the review audit)', () => {
    const message = `guard: --base ./examples/multi-region.yaml is the config under review (examples/multi-region.yaml): every stack would compare equal to itself (nothing changed, nothing removed); give the base commit's config (git show <base>:examples/multi-region.yaml > base.yaml) or its synth dir\n`;
    expect(guard(['--base', './examples/multi-region.yaml', '--synth-dir', 'base-out', '--config', 'examples/multi-region.yaml'], project)).toEqual({ status: 2, stdout: '', stderr: message });
    expect(guard(['--base', 'examples/multi-region.yaml', '--synth-dir', 'base-out'], project, { BACKUP_CONFIG: 'examples/multi-region.yaml' })).toEqual({ status: 2, stdout: '', stderr: message.replace('./examples', 'examples') });
  });

  it('blocks the stacks of an account removed from examples/organization.yaml', () => {
    const withoutOrders = editExample(project, 'organization.yaml', 'without-orders.yaml', (document) => document.deleteIn(['accounts', 'orders']));
    const head = synthDir(withoutOrders, { acceptComplianceErrors: true });
    scratchDirs.push(join(head, '..'));
    const result = guard(['--base', 'examples/organization.yaml', '--synth-dir', head, '--config', withoutOrders], project);
    expect(result.stderr).toBe('guard --base examples/organization.yaml: blocked: removed orders-eu-west-1, orders-us-east-1\n');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('## Backup plan guard: 2 removed stacks\n');
    expect(result.stdout).toContain('- `orders-eu-west-1` (workload): **removed**; holding `aws_backup_vault.vault-baseline_vault_283CB7ED`, `aws_backup_vault.vault-main_vault_77900A69`, `aws_backup_vault_lock_configuration.vault-main_lock_049CE7B4`,');
  });

  it('runs both checks with plans and --base: both must pass, removed stacks first', () => {
    mkdirSync(join(project, 'plans'), { recursive: true });
    copyFileSync(join(FIXTURES, 'create-only.json'), join(project, 'plans', 'payments-prod-eu-west-1.json'));
    const result = guard(['plans/payments-prod-eu-west-1.json', '--base', 'base-out', '--config', withoutDr], project);
    expect(result.stderr).toBe(`${BLOCKED_DR}guard payments-prod-eu-west-1: passed (0 allowed by config)\n`);
    expect(result.status).toBe(1);
    expect(result.stdout.indexOf('### Removed stacks')).toBeLessThan(result.stdout.indexOf('### `payments-prod-eu-west-1`: passed'));
    const plansOnly = guard(['plans/payments-prod-eu-west-1.json', '--config', withoutDr], project);
    expect([plansOnly.status, plansOnly.stdout.includes('Removed stacks')]).toEqual([0, false]);
  });

  it('exits 2 with one clear message on a base or synth dir it cannot read, and on usage errors', () => {
    mkdirSync(join(project, 'empty'), { recursive: true });
    mkdirSync(join(project, 'broken', 'stacks', DR_STACK), { recursive: true });
    copyFileSync(join(project, 'base-out', 'rollout.json'), join(project, 'broken', 'rollout.json'));
    writeFileSync(join(project, 'broken', 'stacks', DR_STACK, 'cdk.tf.json'), '{"resource": ');
    // Its vaults under a first `resource` key, an empty one after: Terraform reads both, JSON.parse only the last (no vault: not blocked).
    const { resource, ...rest } = JSON.parse(readFileSync(join(project, 'base-out', 'stacks', DR_STACK, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
    mkdirSync(join(project, 'repeated', 'stacks', DR_STACK), { recursive: true });
    copyFileSync(join(project, 'base-out', 'rollout.json'), join(project, 'repeated', 'rollout.json'));
    writeFileSync(join(project, 'repeated', 'stacks', DR_STACK, 'cdk.tf.json'), `{"resource": ${JSON.stringify(resource)}, "resource": {}, ${JSON.stringify(rest).slice(1)}`);
    writeFileSync(join(project, 'bad.yaml'), 'version: 1\naccount: { id: "1", name: x, region: eu-west-1 }\nvaults: {}\nplans: {}\n');
    const USAGE = '; usage: backup-estate guard [plan.json ...] [--base <synth dir | rollout.json | config file> [--synth-dir cdktf.out]] [--config backup.yaml] [--stack NAME | --stack-name-from-path] [--markdown out.md]\n';
    const cases: [string[], string][] = [
      [['--base', 'nowhere'], 'guard: --base nowhere: not found (give the base\'s synth dir, its rollout.json or its config file)\n'],
      [['--base', 'empty'], 'guard: --base empty has no rollout.json: not a synth dir (run backup-estate synth, or give the base config file)\n'],
      [['--base', 'base-out', '--synth-dir', 'empty'], 'guard: --synth-dir empty has no rollout.json: not a synth dir (run backup-estate synth)\n'],
      [['--base', 'base-out', '--synth-dir', 'nowhere'], 'guard: --synth-dir nowhere: not found: run backup-estate synth first (or name the synth dir)\n'],
      // A file it exists as is not "not found".
      [['--base', 'base-out', '--synth-dir', 'bad.yaml'], 'guard: --synth-dir bad.yaml: is a file, not a synth dir (the folder synth writes, cdktf.out)\n'],
      [['--base', 'broken'], `guard: broken/stacks/${DR_STACK}/cdk.tf.json is not JSON (Unexpected end of JSON input)\n`],
      [['--base', 'repeated'], `guard: repeated/stacks/${DR_STACK}/cdk.tf.json: the key "resource" is repeated at $.resource (line 1): Terraform reads every repeated key (or refuses the file), JSON.parse keeps only the last, so backup-estate would not read the stack as Terraform does\n`],
      [['--synth-dir', 'cdktf.out', 'plan.json'], `guard: --synth-dir is read only with --base${USAGE}`],
      [[], `guard: no plan file given (and no --base)${USAGE}`],
      [['--base', 'base-out', '--stack', 'x'], `guard: --stack names the stack of a single plan file; with several files, name them <stack>.json or <stack>/plan.json${USAGE}`],
    ];
    for (const [args, stderr] of cases) {
      const result = guard([...args, '--config', 'examples/multi-region.yaml'], project);
      expect([args, result.status, result.stderr, result.stdout]).toEqual([args, 2, stderr, '']);
    }
    // A base config with errors: its errors, then why the guard stops.
    const invalid = guard(['--base', 'bad.yaml', '--config', 'examples/multi-region.yaml'], project);
    expect(invalid).toEqual({ status: 2, stdout: '', stderr: "error   account.id: must be a 12-digit AWS account id\nguard: --base bad.yaml: 1 error; the guard cannot tell the base's stacks\n" });
    expect(invalid.stderr).not.toMatch(STACK_TRACE_LINE);
  });
});
