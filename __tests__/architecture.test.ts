/**
 * The layout's promises, checked on the sources (DESIGN.md "The way data flows"): the ground
 * (core/) imports nothing of ours and no package; each folder imports only the folders below it;
 * no file imports itself through a cycle; no source file grows past what one can hold in one's head.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..');
const FOLDERS = ['core', 'policies', 'modules', 'config', 'stacks', 'compliance', 'adopt', 'rollout', 'guard', 'report', 'cli'] as const;
type Folder = (typeof FOLDERS)[number] | 'main.ts' | 'index.ts';

/** What each folder may import (besides itself). One direction: config -> model -> stacks and readers. */
const ALLOWED: Readonly<Record<Folder, readonly Folder[]>> = {
  core: [],
  policies: ['core'],
  // The backup policy construct checks its document with the policy validator (one verdict).
  modules: ['core', 'policies'],
  config: ['core', 'modules', 'policies'],
  stacks: ['core', 'modules', 'config'],
  compliance: ['core', 'config'],
  // From an export of what AWS runs to a config: it synthesizes the adopted config (stacks, the rule
  // pack's construct-path reader) to read the addresses, and reads policy documents (policies).
  adopt: ['core', 'modules', 'policies', 'config', 'stacks', 'compliance'],
  rollout: ['core', 'config'],
  // The guard asks the rule pack's evaluator who may delete recovery points, before and after an update,
  // and reads backup policy documents with the one policy reader (policies/references).
  guard: ['core', 'policies', 'config', 'compliance'],
  // The posture report reads policy documents with the one policy list reader (policies/list-values).
  report: ['core', 'policies', 'config', 'compliance', 'rollout'],
  cli: ['core', 'modules', 'policies', 'config', 'stacks', 'compliance', 'adopt', 'rollout', 'guard', 'report'],
  'main.ts': ['core', 'config', 'cli'],
  // The library's public face: whatever it re-exports.
  'index.ts': ['core', 'modules', 'policies', 'config', 'stacks', 'compliance', 'adopt', 'rollout', 'guard', 'report', 'cli'],
};

interface SourceFile {
  readonly path: string;
  readonly folder: Folder;
  readonly text: string;
  /** Project files it imports (relative specifiers resolved to paths from the root). */
  readonly imports: readonly string[];
  /** Package specifiers it imports ('cdktf', 'node:fs', ...). */
  readonly packages: readonly string[];
}

function sourceFiles(): SourceFile[] {
  const paths = ['main.ts', 'index.ts'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) paths.push(path);
    }
  };
  FOLDERS.forEach(walk);
  return paths.map((path) => {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const imports: string[] = [];
    const packages: string[] = [];
    for (const match of text.matchAll(/(?:\bfrom|^import|\bimport\(|\brequire\()\s*'([^']+)'/gm)) {
      const specifier = match[1];
      if (!specifier.startsWith('.')) {
        packages.push(specifier);
        continue;
      }
      let target = relative(ROOT, resolve(ROOT, dirname(path), specifier));
      if (existsSync(join(ROOT, `${target}.ts`))) target = `${target}.ts`;
      else if (existsSync(join(ROOT, target, 'index.ts'))) target = join(target, 'index.ts');
      imports.push(target);
    }
    return { path, folder: (path.includes('/') ? path.split('/')[0] : path) as Folder, text, imports, packages };
  });
}

/** Every import cycle found by a depth-first walk, as "a -> b -> a". */
function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (path: string, trail: string[]) => {
    state.set(path, 'open');
    trail.push(path);
    for (const next of edges.get(path) ?? []) {
      if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next, trail);
    }
    trail.pop();
    state.set(path, 'done');
  };
  for (const path of edges.keys()) if (!state.has(path)) visit(path, []);
  return cycles;
}

const files = sourceFiles();
const folderOf = (path: string): string => (path.includes('/') ? path.split('/')[0] : path);

describe('the layout', () => {
  it('finds the sources it checks', () => {
    expect(files.filter((file) => file.folder === 'core').length).toBeGreaterThanOrEqual(8);
    expect(files.length).toBeGreaterThan(80);
  });

  it('core/ imports nothing of ours and no package but Node built-ins', () => {
    const offending = files
      .filter((file) => file.folder === 'core')
      .flatMap((file) => [
        ...file.imports.filter((target) => folderOf(target) !== 'core').map((target) => `${file.path} -> ${target}`),
        ...file.packages.filter((name) => !name.startsWith('node:')).map((name) => `${file.path} -> ${name}`),
      ]);
    expect(offending).toEqual([]);
  });

  it('each folder imports only the folders below it', () => {
    const offending = files.flatMap((file) =>
      file.imports
        .filter((target) => folderOf(target) !== file.folder && !ALLOWED[file.folder].includes(folderOf(target) as Folder))
        .map((target) => `${file.path} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('config/ takes constructs and their checks from modules/, never the library face', () => {
    const offending = files.filter((file) => file.folder === 'config').flatMap((file) => file.imports.filter((target) => target === 'modules/index.ts').map((target) => `${file.path} -> ${target}`));
    expect(offending).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cyclesOf(new Map(files.map((file) => [file.path, file.imports])))).toEqual([]);
  });

  it('keeps every source file under 500 lines', () => {
    const long = files.filter((file) => file.text.split('\n').length > 500).map((file) => `${file.path} (${file.text.split('\n').length})`);
    expect(long).toEqual([]);
  });

  it('imports provider classes by deep path, never the package root (2.3 s and 500 MB per process)', () => {
    const offending = files.filter((file) => file.packages.includes('@cdktf/provider-aws')).map((file) => file.path);
    expect(offending).toEqual([]);
  });
});

describe('the check can fail', () => {
  it('sees a cycle and a forbidden import when there is one', () => {
    const planted = [
      { path: 'core/a.ts', imports: ['config/b.ts'] },
      { path: 'config/b.ts', imports: ['core/a.ts'] },
    ];
    const forbidden = planted.filter((file) => file.imports.some((target) => !ALLOWED[folderOf(file.path) as Folder].includes(folderOf(target) as Folder)));
    expect(forbidden.map((file) => file.path)).toEqual(['core/a.ts']);
    expect(cyclesOf(new Map(planted.map((file) => [file.path, file.imports])))).toEqual(['core/a.ts -> config/b.ts -> core/a.ts']);
  });
});
