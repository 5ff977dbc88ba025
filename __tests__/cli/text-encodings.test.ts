/**
 * Files users hand the tool as their tools write them (core/text.ts): UTF-8 with or without a byte
 * order mark, and UTF-16 with its mark (Windows PowerShell 5's `>` and Out-File write UTF-16 LE).
 * Each reader of a user's JSON file reads all of them alike: AWS CLI exports (adopt), inventories
 * (coverage), plans (guard), hand-written backup policy files (validate, validate-policy) and price tables (report --prices).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decodeText } from '../../core/text';
import { readJsonFile } from '../../core/file-errors';
import { ExportFolder } from '../../adopt/export-files';
import { parseInventory } from '../../report/coverage';
import { checkConfigFile } from '../../config';
import { runGuard } from '../../cli/guard';
import { runValidatePolicy } from '../../cli/validate-policy';
import { runReport } from '../../cli/report';
import { ROOT, runCommand } from '../support/cli';

const TEXT = '{"ResourceTagMappingList": [{"ResourceARN": "arn:aws:ec2:eu-west-1:111122223333:volume/vol-1", "Tags": [{"Key": "backup", "Value": "géld ✓"}]}]}';
/** UTF-16 code units with a byte order mark, low byte first or high byte first. */
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const units = [0xfeff, ...Array.from({ length: text.length }, (_unit, index) => text.charCodeAt(index))];
  return Uint8Array.from(units.flatMap((unit) => (littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff])));
}
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The same text in each encoding a user's tool may write. */
const ENCODINGS: readonly [string, (text: string) => Uint8Array][] = [
  ['UTF-8', utf8],
  ['UTF-8 with a byte order mark', (text) => utf8(`\uFEFF${text}`)],
  ['UTF-16 LE with a byte order mark', (text) => utf16(text, true)],
  ['UTF-16 BE with a byte order mark', (text) => utf16(text, false)],
];

describe('decodeText', () => {
  it.each(ENCODINGS)('reads %s as the text written', (_name, encode) => {
    expect(decodeText(encode(TEXT))).toBe(TEXT);
  });

  it('reads bytes without a UTF-16 byte order mark as UTF-8 (invalid bytes as U+FFFD, as before), and keeps a mark that is not at the start', () => {
    expect(decodeText(Uint8Array.from([0x7b, 0xe9, 0x7d]))).toBe('{\uFFFD}');
    expect(decodeText(utf8('{\uFEFF}'))).toBe('{\uFEFF}');
    expect(decodeText(new Uint8Array(0))).toBe('');
  });
});

describe('readJsonFile (the synth dir\'s files: rollout.json, sizes.json, compliance.json, a stack\'s cdk.tf.json)', () => {
  it('reads its bytes by decodeText, as every other file: a byte order mark or UTF-16 is the same JSON, not "not valid JSON"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-json-'));
    for (const [, encode] of ENCODINGS) {
      writeFileSync(join(dir, 'rollout.json'), encode('{"version": 1, "name": "géld ✓"}'));
      expect(readJsonFile(join(dir, 'rollout.json'))).toEqual({ version: 1, name: 'géld ✓' });
    }
  });
});

describe('every reader of a user JSON file reads each encoding alike', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'estate-encodings-'));

  it.each(ENCODINGS)('adopt: an AWS CLI export in %s', (_name, encode) => {
    const dir = scratch();
    writeFileSync(join(dir, 'list-backup-plans.json'), encode('{"BackupPlansList": [{"BackupPlanName": "prod-daily"}]}'));
    expect(new ExportFolder(dir, dir).readList('list-backup-plans.json', 'BackupPlansList')).toEqual([{ BackupPlanName: 'prod-daily' }]);
  });

  it.each(ENCODINGS)('coverage: an inventory in %s', (_name, encode) => {
    expect(parseInventory(decodeText(encode(TEXT)), 'tagging.json')).toEqual(parseInventory(TEXT, 'tagging.json'));
  });

  it.each(ENCODINGS)('guard: a plan in %s', (_name, encode) => {
    const dir = scratch();
    const plan = readFileSync(join(ROOT, '__tests__', 'fixtures', 'guard', 'vault-replace.json'), 'utf8');
    writeFileSync(join(dir, 'workload-prod-eu-west-1.json'), encode(plan));
    const result = runCommand(runGuard, ['workload-prod-eu-west-1.json', '--config', join(ROOT, 'examples', 'single-account.yaml')], dir);
    expect([result.status, result.stderr.split(':')[0]]).toEqual([1, 'guard workload-prod-eu-west-1']);
  });

  it.each(ENCODINGS)('validate and validate-policy: a hand-written backup policy file in %s', (_name, encode) => {
    const dir = scratch();
    cpSync(join(ROOT, 'examples'), dir, { recursive: true });
    const policy = readFileSync(join(dir, 'policies', 'weekly-archive.json'), 'utf8');
    writeFileSync(join(dir, 'policies', 'weekly-archive.json'), encode(policy));
    expect(checkConfigFile(join(dir, 'organization.yaml')).errors).toEqual([]);
    expect(runCommand(runValidatePolicy, [join(dir, 'policies', 'weekly-archive.json')], dir).status).toBe(0);
  });

  it.each(ENCODINGS)('validate: a config file in %s, YAML or JSON (YAML processors read UTF-16; Notepad\'s "Unicode" and Out-File write it)', (_name, encode) => {
    const dir = scratch();
    const yaml = readFileSync(join(ROOT, 'examples', 'single-account.yaml'), 'utf8').replace('cost-center: platform', 'cost-center: "pl\u00e4tform \u2713"');
    const expected = checkConfigFile(join(ROOT, 'examples', 'single-account.yaml')).model?.stacks.map((stack) => stack.name);
    writeFileSync(join(dir, 'backup.yaml'), encode(yaml));
    const check = checkConfigFile(join(dir, 'backup.yaml'));
    expect([check.errors, check.model?.stacks.map((stack) => stack.name), check.config?.tags]).toEqual([[], expected, { 'managed-by': 'backup-estate', 'cost-center': 'pl\u00e4tform \u2713' }]);
    writeFileSync(join(dir, 'backup.json'), encode(JSON.stringify(parse(yaml))));
    const json = checkConfigFile(join(dir, 'backup.json'));
    expect([json.errors, json.config?.tags]).toEqual([[], { 'managed-by': 'backup-estate', 'cost-center': 'pl\u00e4tform \u2713' }]);
  });

  it.each(ENCODINGS)('report: a --prices table in %s', (_name, encode) => {
    // Read before the synth dir: a table read as written gets as far as the missing synth dir (it was "not JSON" with a byte order mark).
    const dir = scratch();
    writeFileSync(join(dir, 'prices.json'), encode(JSON.stringify({ source: 'mine', date: '2026-01-01', currency: 'USD', regions: { 'eu-west-1': { storage: { EBS: { warmPerGbMonth: 0.05 } } } } })));
    const result = runCommand(runReport, ['--synth-dir', 'nowhere', '--prices', 'prices.json'], dir);
    expect(result).toEqual({ status: 2, stdout: '', stderr: `report: synth dir: ${join(dir, 'nowhere', 'rollout.json')}: not found: not a synth dir (run backup-estate synth first)\n` });
  });
});

describe('a backup policy file that is not UTF-8', () => {
  it('is refused by validate and validate-policy at its first byte that is not, not deployed with U+FFFD in its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'estate-encodings-'));
    cpSync(join(ROOT, 'examples'), dir, { recursive: true });
    const file = join(dir, 'policies', 'weekly-archive.json');
    // A tag value saved as Latin-1 by an old editor: "wéekly", é as the single byte 0xE9.
    writeFileSync(file, readFileSync(file, 'latin1').replace('["weekly"]', '["w\u00e9ekly"]'), 'latin1');
    expect(checkConfigFile(join(dir, 'organization.yaml')).errors).toEqual([
      { severity: 'error', path: 'organization.policies.weekly-archive.file', message: '"policies/weekly-archive.json" is not UTF-8 text at line 22, column 43 (byte 0xE9): save it as UTF-8' },
    ]);
    const result = runCommand(runValidatePolicy, [file], dir);
    expect([result.status, result.stderr]).toEqual([1, `error   ${file}: $: is not UTF-8 text at line 22, column 43 (byte 0xE9): save it as UTF-8\n`]);
  });
});
