/**
 * One reading of every file the tool reads (core/text.ts textOf, core/json-text.ts parseUniqueJson): UTF-8 with or without a
 * byte order mark, UTF-16 with its mark, and never U+FFFD in place of what the file says, nor the last of a repeated JSON key
 * in place of all of them. Each kind of file, through the command that reads it: the message names the file and the rule, the
 * exit code is the one the README gives for input the command cannot read, and nothing is written.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdopt } from '../../cli/adopt';
import { runCoverage } from '../../cli/coverage';
import { runGuard } from '../../cli/guard';
import { runPlanRole } from '../../cli/plan-role';
import { runReport } from '../../cli/report';
import { runValidate } from '../../cli/validate';
import { runValidatePolicy } from '../../cli/validate-policy';
import { runSynth } from '../../main';
import { textOf } from '../../core/text';
import { ROOT, runCommand, scratchProject, snapshotDir, type RunResult } from '../support/cli';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
/** UTF-16 LE with its byte order mark, as Windows PowerShell 5's `>` writes it; `units` may hold a lone surrogate. */
const utf16 = (units: string): Uint8Array => Uint8Array.from([0xff, 0xfe, ...Buffer.from(units, 'utf16le')]);

/** A Latin-1 é (one byte 0xE9) at line 1, column 8; UTF-16 whose second character is half of a surrogate pair; a key given twice. */
const BAD_UTF8 = latin1('{"a": "\u00e9"}');
const BAD_UTF16 = utf16('{\uD800}');
const REPEATED = new TextEncoder().encode('{"a": 1,\n "a": 2}');
const NOT_UTF8 = 'is not UTF-8 text at line 1, column 8 (byte 0xE9): save it as UTF-8';
const NOT_UTF16 = 'is not UTF-16 text at line 1, column 2 (0xD800, half of a surrogate pair): save it as UTF-8';
const REPEATS = 'repeats the key "a" at $.a (line 2): JSON readers keep only the last, so what the others say would be silently dropped';

describe('textOf', () => {
  it('reads UTF-8, UTF-8 with a byte order mark and UTF-16 LE and BE with one as the text written', () => {
    const text = '{"tag": "g\u00e9ld \u2713 \uD83D\uDE00"}';
    const be = Buffer.from(utf16(text)).swap16();
    for (const bytes of [Buffer.from(text), Buffer.from(`\uFEFF${text}`), utf16(text), be]) expect(textOf(bytes)).toEqual({ text });
  });

  it('refuses bytes it would read as U+FFFD, at their line and column: not UTF-8, a lone surrogate, a last byte without its pair', () => {
    expect(textOf(BAD_UTF8)).toEqual({ reason: NOT_UTF8 });
    expect(textOf(BAD_UTF16)).toEqual({ reason: NOT_UTF16 });
    expect(textOf(Buffer.from(utf16('{\n\uDC00}')).swap16())).toEqual({ reason: 'is not UTF-16 text at line 2, column 1 (0xDC00, half of a surrogate pair): save it as UTF-8' });
    expect(textOf(Uint8Array.from([...utf16('{}'), 0x0a]))).toEqual({ reason: 'is not UTF-16 text at line 1, column 3 (a last byte 0x0A without its pair): save it as UTF-8' });
  });
});

describe('every file the tool reads, read one way', () => {
  let project: string;
  let synthDir: string;
  const dirs: string[] = [];
  beforeAll(() => {
    project = scratchProject();
    dirs.push(project);
    const synth = runCommand(runSynth, ['examples/single-account.yaml'], project);
    if (synth.status !== 0) throw new Error(synth.stderr);
    synthDir = join(project, 'cdktf.out');
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const scratch = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'input-files-'));
    dirs.push(dir);
    return dir;
  };
  const STACK = 'workload-prod-eu-west-1';
  const EXPORT_FILE = join('111122223333', 'eu-west-1', 'backup-plans.json');

  /** Each kind of file: where it goes in a fresh folder, the command that reads it there, and what it answers to `bad`. */
  const KINDS: readonly [string, (dir: string, bytes: Uint8Array) => RunResult, (reason: string, dir: string) => RunResult, boolean][] = [
    [
      'a config file (validate)',
      (dir, bytes) => (writeFileSync(join(dir, 'backup.yaml'), bytes), runCommand(runValidate, ['backup.yaml'], dir)),
      (reason, dir) => ({ status: 1, stdout: '', stderr: `error   ${join(dir, 'backup.yaml')} ${reason}\nbackup.yaml: 1 error, 0 warnings; nothing was written\n` }),
      false,
    ],
    [
      'a backup policy file (validate-policy)',
      (dir, bytes) => (writeFileSync(join(dir, 'policy.json'), bytes), runCommand(runValidatePolicy, ['policy.json'], dir)),
      (reason) => ({ status: 1, stdout: '', stderr: `error   policy.json: $: ${reason}\n` }),
      false,
    ],
    [
      'the adoption.imports file (validate)',
      (dir, bytes) => {
        writeFileSync(join(dir, 'backup.yaml'), `${readFileSync(join(ROOT, 'examples', 'single-account.yaml'), 'utf8')}\nadoption:\n  imports: imports.json\n`);
        writeFileSync(join(dir, 'imports.json'), bytes);
        const result = runCommand(runValidate, ['backup.yaml'], dir);
        return { ...result, stderr: result.stderr.split('\n').filter((line) => line.startsWith('error')).join('\n') };
      },
      (reason) => ({ status: 1, stdout: '', stderr: `error   adoption.imports: "imports.json" ${reason}` }),
      true,
    ],
    [
      'an inventory (coverage)',
      (dir, bytes) => (writeFileSync(join(dir, 'tagging.json'), bytes), runCommand(runCoverage, ['--inventory', 'tagging.json', '--config', join(ROOT, 'examples', 'single-account.yaml'), '--out', 'coverage.md'], dir)),
      (reason) => ({ status: 2, stdout: '', stderr: `coverage: tagging.json: ${reason}\n` }),
      true,
    ],
    [
      'a plan (guard)',
      (dir, bytes) => (writeFileSync(join(dir, `${STACK}.json`), bytes), runCommand(runGuard, [`${STACK}.json`, '--config', join(ROOT, 'examples', 'single-account.yaml'), '--markdown', 'guard.md'], dir)),
      (reason) => ({ status: 2, stdout: '', stderr: `guard: ${STACK}.json ${reason}\n` }),
      true,
    ],
    [
      'a price table (report --prices)',
      (dir, bytes) => (writeFileSync(join(dir, 'prices.json'), bytes), runCommand(runReport, ['--synth-dir', synthDir, '--prices', 'prices.json', '--out', 'report.md'], dir)),
      // Bytes it cannot decode are refused as the file is read (as "not found"), a repeated key as the table is (as "not JSON").
      (reason) => ({ status: 2, stdout: '', stderr: `report: ${reason.startsWith('repeats') ? '' : '--prices '}prices.json: ${reason}\n` }),
      true,
    ],
    [
      'an AWS CLI export (adopt)',
      (dir, bytes) => {
        cpSync(join(ROOT, '__tests__', 'fixtures', 'adopt', 'single-account'), join(dir, 'export'), { recursive: true });
        writeFileSync(join(dir, 'export', EXPORT_FILE), bytes);
        return runCommand(runAdopt, ['--from', 'export'], dir);
      },
      (reason) => ({ status: 2, stdout: '', stderr: `${EXPORT_FILE} ${reason.replace(': save it as UTF-8', ': export it again as UTF-8')}${reason.startsWith('repeats') ? ': export it again' : ''}\n` }),
      true,
    ],
    [
      'a base synth dir\'s stack file (guard --base)',
      (dir, bytes) => {
        cpSync(synthDir, join(dir, 'base'), { recursive: true });
        writeFileSync(join(dir, 'base', 'stacks', STACK, 'cdk.tf.json'), bytes);
        return runCommand(runGuard, ['--base', 'base', '--synth-dir', synthDir, '--config', join(ROOT, 'examples', 'single-account.yaml'), '--markdown', 'guard.md'], dir);
      },
      (reason) => ({ status: 2, stdout: '', stderr: `guard: base/stacks/${STACK}/cdk.tf.json ${reason}\n` }),
      false,
    ],
    [
      'a stack file (plan-role)',
      (dir, bytes) => {
        cpSync(synthDir, join(dir, 'cdktf.out'), { recursive: true });
        writeFileSync(join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), bytes);
        return runCommand(runPlanRole, ['--check'], dir);
      },
      (reason, dir) => ({ status: 2, stdout: '', stderr: `${join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json')} ${reason}\n` }),
      false,
    ],
    [
      'a synth dir\'s rollout.json (plan-role)',
      (dir, bytes) => {
        cpSync(synthDir, join(dir, 'cdktf.out'), { recursive: true });
        writeFileSync(join(dir, 'cdktf.out', 'rollout.json'), bytes);
        return runCommand(runPlanRole, ['--check'], dir);
      },
      (reason, dir) => ({ status: 2, stdout: '', stderr: `${join(dir, 'cdktf.out', 'rollout.json')} ${reason}\n(run backup-estate synth first, or name the synth dir with --synth-dir)\n` }),
      true,
    ],
  ];

  const cases = KINDS.flatMap(([kind, run, expected, json]) => [
    [`${kind}: a byte that is not UTF-8`, run, BAD_UTF8, NOT_UTF8, expected] as const,
    [`${kind}: UTF-16 with a lone surrogate`, run, BAD_UTF16, NOT_UTF16, expected] as const,
    ...(json ? [[`${kind}: a key given twice`, run, REPEATED, REPEATS, expected] as const] : []),
  ]);

  it.each(cases)('%s: refused, naming the file and the rule, and nothing written', (_name, run, bad, reason, expected) => {
    const dir = scratch();
    const before = readdirSync(dir);
    const result = run(dir, bad);
    expect(result).toEqual(expected(reason, dir));
    // Nothing written beside what the case put there (no --out, --markdown, --json file, no config).
    expect(readdirSync(dir).filter((file) => !before.includes(file) && !['backup.yaml', 'policy.json', 'imports.json', 'tagging.json', `${STACK}.json`, 'prices.json', 'export', 'base', 'cdktf.out'].includes(file))).toEqual([]);
  });

  it('plan-role reads a stack file with a byte order mark or in UTF-16 as guard, affected and report do (it was "not valid JSON", exit 2)', () => {
    const stackFile = join('cdktf.out', 'stacks', STACK, 'cdk.tf.json');
    const text = readFileSync(join(synthDir, 'stacks', STACK, 'cdk.tf.json'), 'utf8');
    const answers = [new TextEncoder().encode(text), new TextEncoder().encode(`\uFEFF${text}`), utf16(text)].map((bytes) => {
      const dir = scratch();
      cpSync(synthDir, join(dir, 'cdktf.out'), { recursive: true });
      writeFileSync(join(dir, stackFile), bytes);
      return runCommand(runPlanRole, ['--check'], dir);
    });
    // The example keeps local state: refused for that (exit 1), whatever the encoding.
    expect(answers.map((answer) => [answer.status, answer.stderr.split(':')[0]])).toEqual(Array.from({ length: 3 }, () => [1, 'error state.backend']));
  });

  it('leaves a synth dir whose file it refuses as it was', () => {
    const dir = scratch();
    cpSync(synthDir, join(dir, 'cdktf.out'), { recursive: true });
    writeFileSync(join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), BAD_UTF8);
    const before = snapshotDir(join(dir, 'cdktf.out'));
    expect(runCommand(runPlanRole, [], dir).status).toBe(2);
    expect(snapshotDir(join(dir, 'cdktf.out'))).toEqual(before);
  });
});
