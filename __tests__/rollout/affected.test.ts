/**
 * `npm run affected` (cli/affected.ts, rollout/affected.ts) and the re-synthesis that leaves
 * unchanged stacks untouched (cli/output.ts), on examples/organization.yaml in a scratch project:
 * a one-account edit rewrites only that account's stack files, and affected selects exactly
 * those stacks, whatever the base is (a synth dir, its rollout.json, the base config). In-process.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { affected, runAffected } from '../../cli/affected';
import { synthesize } from '../../cli/synthesize';
import { runCommand, scratchProject, STACK_TRACE_LINE } from '../support/cli';

const STACKS = ['management-us-east-1', 'central-eu-west-1', 'central-us-east-1', 'analytics-eu-west-1', 'analytics-us-east-1', 'orders-eu-west-1', 'orders-us-east-1', 'payments-eu-west-1', 'payments-us-east-1'];
const ANALYTICS = ['analytics-eu-west-1', 'analytics-us-east-1'];
const UNCHANGED = ['management-us-east-1', 'central-eu-west-1', 'central-us-east-1', 'orders-eu-west-1', 'payments-eu-west-1', 'orders-us-east-1', 'payments-us-east-1'];
/** A change every edited stack shows: the plan the account now runs. */
const NEW_PLAN = '+aws_backup_plan.plan-gold_plan_374B848C';

let project = '';

/** Every file of a synth dir with its modification time and bytes. */
function files(dir: string): Record<string, { mtimeMs: number; text: string }> {
  const names = ['manifest.json', 'rollout.json', 'compliance.json', ...STACKS.map((stack) => `stacks/${stack}/cdk.tf.json`)];
  return Object.fromEntries(names.map((name) => [name, { mtimeMs: statSync(join(dir, name)).mtimeMs, text: readFileSync(join(dir, name), 'utf8') }]));
}

/** examples/organization.yaml with an edit, as `to` beside it. */
function edited(to: string, edit: (document: ReturnType<typeof parseDocument>) => void): string {
  const document = parseDocument(readFileSync(join(project, 'examples', 'organization.yaml'), 'utf8'));
  edit(document);
  writeFileSync(join(project, 'examples', to), document.toString());
  return join(project, 'examples', to);
}

const run = (args: readonly string[]) => runCommand(runAffected, args, project);

beforeAll(() => {
  project = scratchProject();
  const first = synthesize(join(project, 'examples', 'organization.yaml'), { outdir: join(project, 'cdktf.out') });
  expect(first).toMatchObject({ ok: true, rewritten: STACKS });
  cpSync(join(project, 'cdktf.out'), join(project, 'base-out'), { recursive: true, preserveTimestamps: true });
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

type SynthDirFiles = ReturnType<typeof files>;

interface EditSynth {
  readonly before: SynthDirFiles;
  readonly same: ReturnType<typeof synthesize>;
  readonly afterSame: SynthDirFiles;
  readonly result: ReturnType<typeof synthesize>;
  readonly after: SynthDirFiles;
}
let editSynth: EditSynth | undefined;

/**
 * The re-synthesis of the unedited config over cdktf.out, then of a one-account edit (cdktf.out then holds the edit's synth,
 * base-out the unedited one), made once by whichever test first needs it: the tests below compare against it, alone or in order.
 * The edit: analytics, which only receives the baseline policy, now runs plan gold itself. (A deploy role would not do: the
 * vault protection SCP of the management stack names every account's.)
 */
function synthesizeTheEdit(): EditSynth {
  if (editSynth !== undefined) return editSynth;
  const before = files(join(project, 'cdktf.out'));
  const same = synthesize(join(project, 'examples', 'organization.yaml'), { outdir: join(project, 'cdktf.out') });
  const afterSame = files(join(project, 'cdktf.out'));
  const config = edited('analytics-gold.yaml', (document) => document.setIn(['accounts', 'analytics', 'plans'], document.createNode(['gold'])));
  const result = synthesize(config, { outdir: join(project, 'cdktf.out') });
  editSynth = { before, same, afterSame, result, after: files(join(project, 'cdktf.out')) };
  return editSynth;
}

describe('a re-synthesis over an existing cdktf.out', () => {
  it('rewrites only the files of the stacks a one-account edit changes: the others keep their bytes and modification time', () => {
    const { before, same, afterSame, result, after } = synthesizeTheEdit();
    expect(same).toMatchObject({ ok: true, rewritten: [] });
    expect(afterSame).toEqual(before);
    expect(result).toMatchObject({ ok: true, rewritten: ANALYTICS });
    // compliance.json holds the findings of the new plan.
    const changed = Object.keys(after).filter((name) => after[name]!.mtimeMs !== before[name]!.mtimeMs || after[name]!.text !== before[name]!.text);
    expect(changed).toEqual(['compliance.json', ...ANALYTICS.map((stack) => `stacks/${stack}/cdk.tf.json`)]);
    for (const name of changed) expect(after[name]!.text).not.toBe(before[name]!.text);
  });
});

describe('npm run affected', () => {
  beforeEach(() => void synthesizeTheEdit());

  it('selects only the edited account stacks, by wave, as Markdown on stdout and JSON in --json', () => {
    const result = run(['--base', 'base-out', '--json', 'out/affected.json', '--markdown', 'out/affected.md']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: 'affected --base base-out: 2 of 9 stacks to plan (2 changed, 0 added, 7 unchanged, 0 removed)\n' });
    const markdown = result.stdout;
    expect(markdown.startsWith(
      "## Affected stacks: 2 of 9\n\nCompared `cdktf.out` with `base-out`: 2 stacks changed, 0 added, 7 unchanged, 0 removed. Metadata that does not change what Terraform does (cdktf's `//` comments) is ignored.\n\n| wave | stack | change |\n| --- | --- | --- |\n| 3 | `analytics-eu-west-1` | ",
    )).toBe(true);
    expect(markdown).toMatch(/\n\| 4 \| `analytics-us-east-1` \| .*`\+aws_backup_plan\.plan-gold_plan_374B848C`/);
    expect(markdown.endsWith(`\nUnchanged: ${UNCHANGED.map((stack) => `\`${stack}\``).join(', ')}.\n`)).toBe(true);
    expect(readFileSync(join(project, 'out', 'affected.md'), 'utf8')).toBe(markdown);
    const json = JSON.parse(readFileSync(join(project, 'out', 'affected.json'), 'utf8'));
    expect({ ...json, changed: json.changed.map((stack: { name: string }) => stack.name) }).toEqual({
      version: 1,
      base: 'base-out',
      synthDir: 'cdktf.out',
      counts: { added: 0, changed: 2, unchanged: 7, removed: 0, affected: 2 },
      affected: ANALYTICS,
      waves: [[], [], ['analytics-eu-west-1'], ['analytics-us-east-1']],
      added: [],
      changed: ANALYTICS,
      unchanged: UNCHANGED,
      metadataOnly: [],
      removed: [],
    });
    for (const stack of json.changed) expect(stack.changes).toContain(NEW_PLAN);
  });

  it('gives the same answer against the base rollout.json and the base config (synthesized with this code)', () => {
    const expected = affected({ base: 'base-out', cwd: project });
    expect({ ...affected({ base: 'base-out/rollout.json', cwd: project }), base: 'base-out' }).toEqual(expected);
    expect({ ...affected({ base: 'examples/organization.yaml', cwd: project }), base: 'base-out', baseSynthesizedHere: undefined }).toEqual({ ...expected, baseSynthesizedHere: undefined });
  });

  it('says that a base config, synthesized with this version, cannot show a change of backup-estate itself (an upgrade that changes every stack read as nothing to plan)', () => {
    // cdktf.out is the synth of examples/analytics-gold.yaml (the edit above), which this code synthesizes again as the base.
    const fromConfig = run(['--base', 'examples/analytics-gold.yaml']);
    expect(fromConfig.status).toBe(0);
    expect(fromConfig.stdout).toContain(
      "removed. Metadata that does not change what Terraform does (cdktf's `//` comments) is ignored.\n\nThe base is a config file, synthesized with this version of backup-estate: a change of backup-estate itself (an upgrade, or a fix that changes what it writes) shows in no stack here, even when every stack's Terraform changes. Compare with the base commit's own synth dir to see it.\n\nNothing to plan against this base: no stack differs from the base config synthesized with this version.\n",
    );
    expect(fromConfig.stderr).toBe('affected --base examples/analytics-gold.yaml: 0 of 9 stacks to plan (0 changed, 0 added, 9 unchanged, 0 removed; the base config was synthesized with this version: a change of backup-estate itself is not seen)\n');
    expect(affected({ base: 'examples/analytics-gold.yaml', cwd: project }).baseSynthesizedHere).toBe(true);
    expect(run(['--base', 'base-out']).stdout).not.toContain('synthesized with this version');
    expect(run(['--base', 'cdktf.out/../base-out']).stdout).not.toContain('Nothing to plan');
    expect(affected({ base: 'base-out', cwd: project })).not.toHaveProperty('baseSynthesizedHere');
  });

  it('ignores metadata, plans stacks the base knows by name only, and lists added and removed stacks', () => {
    const base = join(project, 'base-meta');
    cpSync(join(project, 'base-out'), base, { recursive: true });
    const file = join(base, 'stacks', 'orders-eu-west-1', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json['//'].metadata.version = '0.20.0';
    writeFileSync(file, JSON.stringify(json));
    rmSync(join(base, 'stacks', 'central-eu-west-1'), { recursive: true });
    const report = affected({ base: 'base-meta', cwd: project });
    expect(report.metadataOnly).toEqual(['orders-eu-west-1']);
    expect(report.changed.map((stack) => [stack.name, stack.changes.includes(NEW_PLAN) ? 'new plan' : stack.changes])).toEqual([['central-eu-west-1', ['?']], ...ANALYTICS.map((name) => [name, 'new plan'])]);
    expect(run(['--base', 'base-meta']).stdout).toContain('| 2 | `central-eu-west-1` | the base has no JSON for it (known only from its rollout.json): planned |');

    const withoutOrders = edited('without-orders.yaml', (document) => document.deleteIn(['accounts', 'orders']));
    const newOut = join(project, 'without-orders-out');
    expect(synthesize(withoutOrders, { outdir: newOut }).ok).toBe(true);
    const removal = affected({ base: 'base-out', synthDir: 'without-orders-out', cwd: project });
    expect([removal.removed, removal.affected, removal.added]).toEqual([['orders-eu-west-1', 'orders-us-east-1'], [], []]);
    const removalMarkdown = run(['--base', 'base-out', '--synth-dir', 'without-orders-out']).stdout;
    expect(removalMarkdown).toContain('### Removed: `orders-eu-west-1`, `orders-us-east-1`\n\nNothing plans a removed stack');
    // Not "no stack changes what Terraform does": the removal does, and nothing plans it.
    expect(removalMarkdown).toContain('\n\nNothing to plan: no stack still synthesized changes what Terraform does; the removed stacks below are planned by nothing.\n\n');
    const growth = affected({ base: 'without-orders-out', synthDir: 'base-out', cwd: project });
    expect([growth.added, growth.waves]).toEqual([['orders-eu-west-1', 'orders-us-east-1'], [[], [], ['orders-eu-west-1'], ['orders-us-east-1']]]);
  });

  it('exits 2 with one clear line on a usage error or an input it cannot read', () => {
    mkdirSync(join(project, 'broken', 'stacks', 'payments-eu-west-1'), { recursive: true });
    cpSync(join(project, 'base-out', 'rollout.json'), join(project, 'broken', 'rollout.json'));
    writeFileSync(join(project, 'broken', 'stacks', 'payments-eu-west-1', 'cdk.tf.json'), '{"resource": ');
    // A hand-edited base with the `resource` key twice: Terraform reads both (its plan would destroy the vault `legacy`), JSON.parse only the last.
    const synthesized = readFileSync(join(project, 'cdktf.out', 'stacks', 'payments-eu-west-1', 'cdk.tf.json'), 'utf8');
    mkdirSync(join(project, 'repeated', 'stacks', 'payments-eu-west-1'), { recursive: true });
    cpSync(join(project, 'base-out', 'rollout.json'), join(project, 'repeated', 'rollout.json'));
    writeFileSync(join(project, 'repeated', 'stacks', 'payments-eu-west-1', 'cdk.tf.json'), `{"resource": {"aws_backup_vault": {"legacy": {"name": "legacy"}}}, ${synthesized.slice(1)}`);
    const resourceLine = synthesized.split('\n').findIndex((line) => line.startsWith('  "resource":')) + 1;
    const ITSELF = "reads the stack files of --synth-dir cdktf.out itself: every stack would compare equal to itself (nothing changed, nothing removed); give the base's own synth dir, its rollout.json beside its stacks folder, or its config file\n";
    const USAGE = '; usage: backup-estate affected --base <synth dir | rollout.json | config file> [--synth-dir cdktf.out] [--json affected.json] [--markdown affected.md]\n';
    const cases: [string[], string][] = [
      [[], `affected: --base is required (the base branch synth dir, its rollout.json or its config file)${USAGE}`],
      [['--base'], `affected: --base needs a value${USAGE}`],
      [['--base', 'base-out', '--sinth-dir', 'x'], `affected: unknown option --sinth-dir${USAGE}`],
      [['--base', 'nowhere'], "affected: --base nowhere: not found (give the base's synth dir, its rollout.json or its config file)\n"],
      [['--base', 'base-out', '--synth-dir', 'examples'], 'affected: --synth-dir examples has no rollout.json: not a synth dir (run backup-estate synth)\n'],
      [['--base', 'broken'], 'affected: broken/stacks/payments-eu-west-1/cdk.tf.json is not JSON (Unexpected end of JSON input)\n'],
      [['--base', 'repeated'], `affected: repeated/stacks/payments-eu-west-1/cdk.tf.json: the key "resource" is repeated at $.resource (line ${resourceLine}): Terraform reads every repeated key (or refuses the file), JSON.parse keeps only the last, so backup-estate would not read the stack as Terraform does\n`],
      // The new synth compared with itself would find nothing to plan, whatever changed.
      [['--base', 'cdktf.out'], `affected: --base cdktf.out ${ITSELF}`],
      [['--base', 'cdktf.out/rollout.json'], `affected: --base cdktf.out/rollout.json ${ITSELF}`],
    ];
    for (const [args, stderr] of cases) {
      const result = run(args);
      expect([args, result.status, result.stderr, result.stdout]).toEqual([args, 2, stderr, '']);
      expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    }
    writeFileSync(join(project, 'bad.yaml'), 'version: 1\naccount: { id: "1", name: x, region: eu-west-1 }\nvaults: {}\nplans: {}\n');
    expect(run(['--base', 'bad.yaml'])).toEqual({ status: 2, stdout: '', stderr: "error   account.id: must be a 12-digit AWS account id\naffected: --base bad.yaml: 1 error; the affected command cannot tell the base's stacks\n" });
  });
});
