/**
 * What an adopted config may hold besides any other: a compliance lock known by its lock date
 * (AWS never returns the changeable days), and adoption.imports, the file of import blocks the
 * stacks write. The file is checked by the config stage (shape, stacks); each block's address by
 * the rule pack on the synthesized stack (an import into nothing is an error at adoption.imports).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { checkRawConfig } from '../../config';
import { formatProblem } from '../../config/issues';
import { BackupVault } from '../../modules/backup-vault';
import { buildApp } from '../../stacks/app';
import { evaluateStack } from '../../compliance';
import { stackFacts } from '../../compliance/facts';
import { configWith } from '../support/configs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const lockWith = (lock: Record<string, unknown>) =>
  configWith((config) => {
    config.vaults.dr.lock = { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, ...lock };
  });
const errors = (raw: unknown, baseDir?: string): string[] => checkRawConfig(raw, { baseDir }).errors.map(formatProblem);

describe('lock.lockDate: an existing compliance lock', () => {
  it('stands in for changeableForDays in compliance mode', () => {
    expect(errors(lockWith({ changeableForDays: undefined, lockDate: '2022-03-04T09:00:00.000000+00:00' }))).toEqual([]);
    expect(errors(lockWith({ changeableForDays: undefined, lockDate: '2025-03-04' }))).toEqual([]);
  });

  it('is refused in governance mode, beside changeableForDays, and when it is not a date', () => {
    expect(errors(lockWith({ mode: 'governance', changeableForDays: undefined, lockDate: '2025-03-04T09:00:00Z' }))).toEqual([
      'error   vaults.dr.lock.lockDate: is only allowed in compliance mode: it is the date an existing compliance lock becomes immutable',
    ]);
    expect(errors(lockWith({ changeableForDays: 3, lockDate: '2025-03-04T09:00:00Z' }))).toEqual([
      'error   vaults.dr.lock.lockDate: give either changeableForDays (a lock to create) or lockDate (an existing lock), not both',
    ]);
    expect(errors(lockWith({ changeableForDays: undefined, lockDate: 'next March' }))).toEqual([
      'error   vaults.dr.lock.lockDate: must be an ISO 8601 date such as 2025-03-04T09:00:00Z; got "next March"',
    ]);
  });

  it('keeps the lock as AWS has it: Terraform ignores changeable_for_days, and a lock it creates gets the minimum grace period', () => {
    const stack = Testing.synthScope((scope) => {
      new BackupVault(scope, 'vault', { vaultName: 'archive', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k', lock: { mode: 'compliance', minRetentionDays: 30, lockDate: '2022-03-04' } });
    });
    const lock = Object.values(JSON.parse(stack).resource.aws_backup_vault_lock_configuration)[0] as Record<string, unknown>;
    expect(lock).toMatchObject({ changeable_for_days: 3, min_retention_days: 30, lifecycle: { prevent_destroy: true, ignore_changes: ['changeable_for_days'] } });
  });
});

describe('adoption.imports', () => {
  const project = (imports: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'adoption-config-'));
    dirs.push(dir);
    if (imports !== undefined) writeFileSync(join(dir, 'imports.json'), typeof imports === 'string' ? imports : JSON.stringify(imports));
    return dir;
  };
  const adopted = configWith((config) => (config.adoption = { imports: 'imports.json' }));
  const VAULT = 'aws_backup_vault.vault-main_vault_77900A69';

  it('refuses a file it cannot read or whose shape is wrong, at adoption.imports', () => {
    expect(errors(adopted, project(undefined))).toEqual(['error   adoption.imports: "imports.json" cannot be read (no such file)']);
    expect(errors(adopted, project('{ "version": 1,'))).toEqual([expect.stringMatching(/^error {3}adoption\.imports: "imports\.json" is not valid JSON \(.+\)$/)]);
    const shape = 'must hold { "version": 1, "stacks": { "<stack>": { "<type.name>": "<import id>" } } }';
    expect(errors(adopted, project({ stacks: {} }))).toEqual([`error   adoption.imports: "imports.json" ${shape}`]);
    expect(errors(adopted, project({ version: 1, stacks: { 'test-eu-west-1': { 'vault-main': 'main' } } }))).toEqual([
      `error   adoption.imports: "imports.json" ${shape}: "vault-main" (stack test-eu-west-1) is not a resource address such as aws_backup_vault.vault-main_vault_77900A69`,
    ]);
    expect(errors(adopted, project({ version: 1, stacks: { 'test-eu-west-1': { [VAULT]: '' } } }))).toEqual([
      `error   adoption.imports: "imports.json" ${shape}: the import id of ${VAULT} (stack test-eu-west-1) must be a non-empty string`,
    ]);
  });

  it('reads the file as the policy files and every other reader: a byte order mark or UTF-16 is read, bytes not UTF-8 are refused', () => {
    const imports = JSON.stringify({ version: 1, stacks: { 'test-eu-west-1': { [VAULT]: 'main' } } });
    // PowerShell 7's utf8BOM, and Windows PowerShell 5's UTF-16 LE (Out-File, >).
    expect(errors(adopted, project(`\uFEFF${imports}`))).toEqual([]);
    const dir = project(undefined);
    writeFileSync(join(dir, 'imports.json'), Uint8Array.from([0xff, 0xfe, ...Buffer.from(imports, 'utf16le')]));
    expect(errors(adopted, dir)).toEqual([]);
    writeFileSync(join(dir, 'imports.json'), Uint8Array.from([...Buffer.from('{"version": 1, "stacks": {"test-eu-west-1": {"'), 0xe9, ...Buffer.from('": "main"}}}')]));
    expect(errors(adopted, dir)).toEqual(['error   adoption.imports: "imports.json" is not UTF-8 text at line 1, column 47 (byte 0xE9): save it as UTF-8']);
  });

  it('refuses imports into a stack the config does not synthesize', () => {
    expect(errors(adopted, project({ version: 1, stacks: { 'test-us-east-1': { [VAULT]: 'main' } } }))).toEqual([
      'error   adoption.imports: "imports.json" imports into stack "test-us-east-1", which this config does not synthesize (stacks: test-eu-central-1, test-eu-west-1): re-run backup-estate adopt, or remove its entries',
    ]);
  });

  it('gives each stack its import blocks, and the rule pack refuses one whose address the stack does not manage', () => {
    const dir = project({ version: 1, stacks: { 'test-eu-west-1': { [VAULT]: 'main', 'aws_backup_vault.vault-gone_vault_0A1B2C3D': 'gone' } } });
    const check = checkRawConfig(adopted, { baseDir: dir });
    expect(check.errors).toEqual([]);
    const model = check.model;
    if (!model) throw new Error('no model');
    buildApp(model, join(dir, 'out')).synth();
    const json = JSON.parse(readFileSync(join(dir, 'out', 'stacks', 'test-eu-west-1', 'cdk.tf.json'), 'utf8'));
    expect(json.import).toEqual([
      { to: 'aws_backup_vault.vault-gone_vault_0A1B2C3D', id: 'gone' },
      { to: VAULT, id: 'main' },
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'stacks', 'test-eu-central-1', 'cdk.tf.json'), 'utf8')).import).toBeUndefined();
    const stack = model.stacks.find((candidate) => candidate.name === 'test-eu-west-1');
    if (!stack) throw new Error('no stack');
    const findings = evaluateStack(json, stackFacts(stack, {})).filter((finding) => finding.ruleId === 'BACKUP-ESTATE-IMPORT-TARGET');
    expect(findings.map((finding) => [finding.severity, finding.configPath, finding.address, finding.message])).toEqual([
      ['error', 'adoption.imports', 'aws_backup_vault.vault-gone_vault_0A1B2C3D', 'imports "gone" into aws_backup_vault.vault-gone_vault_0A1B2C3D, which this stack does not manage: the config changed since the imports were written'],
    ]);
  });
});
