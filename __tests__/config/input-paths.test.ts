/** Files the config reads by an absolute path: a pipeline compares nothing when they change (config/input-paths.ts). */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfigFile } from '../../config';
import { EXAMPLES_DIR } from '../support/examples';

const MESSAGE = (file: string) =>
  `"${file}" is an absolute path: a pipeline synthesizes the base commit and this one from that same file, so a change to it makes no stack differ and is never planned nor applied; give it relative to the config file, in the repository`;

describe('a policy or imports file given by an absolute path', () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'estate-input-paths-'));
    cpSync(EXAMPLES_DIR, dir, { recursive: true });
    return dir;
  };
  const warningsAt = (file: string, prefix: string) =>
    checkConfigFile(file)
      .warnings.map((problem) => `${problem.path}: ${problem.message}`)
      .filter((line) => line.startsWith(prefix));

  it('warns for a hand-written policy file: its change would show in no stack, so the pipeline never applies it', () => {
    const dir = project();
    const absolute = join(dir, 'policies', 'weekly-archive.json');
    const config = join(dir, 'organization.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('file: policies/weekly-archive.json', `file: ${absolute}`));
    expect(checkConfigFile(config).errors).toEqual([]);
    expect(warningsAt(config, 'organization.policies.weekly-archive.file')).toEqual([`organization.policies.weekly-archive.file: ${MESSAGE(absolute)}`]);
  });

  it('warns for the adoption imports file too: it writes the stacks\' import blocks', () => {
    const dir = project();
    const imports = join(dir, 'imports.json');
    writeFileSync(imports, JSON.stringify({ version: 1, stacks: {} }));
    const config = join(dir, 'adopted.yaml');
    writeFileSync(config, `${readFileSync(join(dir, 'single-account.yaml'), 'utf8')}\nadoption:\n  imports: ${imports}\n`);
    expect(checkConfigFile(config).errors).toEqual([]);
    expect(warningsAt(config, 'adoption.imports')).toEqual([`adoption.imports: ${MESSAGE(imports)}`]);
    writeFileSync(config, `${readFileSync(join(dir, 'single-account.yaml'), 'utf8')}\nadoption:\n  imports: imports.json\n`);
    expect(warningsAt(config, 'adoption.imports')).toEqual([]);
  });

  it('says nothing of a path relative to the config file (the examples)', () => {
    const dir = project();
    expect(warningsAt(join(dir, 'organization.yaml'), 'organization.policies.weekly-archive.file')).toEqual([]);
  });
});
