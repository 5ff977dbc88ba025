import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CONFIG_BYTES, parseConfigText, readConfigFile } from '../../config/loader';
import { MAX_NESTING_DEPTH } from '../../config/raw-input';

describe('parseConfigText', () => {
  it('expands anchors and aliases (shared Region lists, shared rules)', () => {
    const text = 'regions: &regions [eu-west-1, us-east-1]\na: { regions: *regions }\nb: { regions: *regions }\n';
    expect(parseConfigText(text)).toEqual({ raw: { regions: ['eu-west-1', 'us-east-1'], a: { regions: ['eu-west-1', 'us-east-1'] }, b: { regions: ['eu-west-1', 'us-east-1'] } }, problems: [] });
  });

  it('refuses a runaway alias expansion with a config error, not a crash', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const result = parseConfigText(levels.join('\n'));
    expect(result.raw).toBeUndefined();
    expect(result.problems).toEqual([{ path: '', severity: 'error', message: 'the YAML cannot be expanded: Excessive alias count indicates a resource exhaustion attack' }]);
  });

  const messages = (text: string) => parseConfigText(text, { name: 'estate.yaml' }).problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));

  it.each([
    ['a number with leading zeros', 'tags: { 007: gold }', 'tags.007: estate.yaml, line 1, column 9: the key 007 is read by YAML as the number 7, so it would become the key "7": write it in quotes ("007")'],
    ['an exponent', 'tags:\n  1e3: gold', 'tags.1e3: estate.yaml, line 2, column 3: the key 1e3 is read by YAML as the number 1000, so it would become the key "1000": write it in quotes ("1e3")'],
    ['a hexadecimal number', 'tags: { 0x10: gold }', 'tags.0x10: estate.yaml, line 1, column 9: the key 0x10 is read by YAML as the number 16, so it would become the key "16": write it in quotes ("0x10")'],
    ['a decimal point', 'tags: { 1.0: gold }', 'tags.1.0: estate.yaml, line 1, column 9: the key 1.0 is read by YAML as the number 1, so it would become the key "1": write it in quotes ("1.0")'],
    ['a capitalised boolean', 'tags: { True: gold }', 'tags.True: estate.yaml, line 1, column 9: the key True is read by YAML as the boolean true, so it would become the key "true": write it in quotes ("True")'],
    ['null', 'tags: { ~: gold }', 'tags.~: estate.yaml, line 1, column 9: the key ~ is read by YAML as null (no key at all), so it would become the key "": write it in quotes ("~")'],
    ['a YAML 1.1 boolean (on)', '%YAML 1.1\n---\ntags: { on: gold }', 'tags.on: estate.yaml, line 3, column 9: the key on is read by YAML as the boolean true, so it would become the key "true": write it in quotes ("on")'],
    ['a number and the same text quoted (past the duplicate-key check)', 'tags: { 1: gold, "1": silver }', 'tags.1: estate.yaml, line 1, column 18: the key "1" and the key 1 (line 1, column 9) of the same map both become the key "1": YAML would keep only the last'],
    ['a list as a key', 'tags: { [a, b]: gold }', 'tags: estate.yaml, line 1, column 9: a key is a list or a map: keys are names; write the key as text'],
    ['a key in a list item', 'list:\n  - { 007: gold }', 'list.0.007: estate.yaml, line 2, column 7: the key 007 is read by YAML as the number 7, so it would become the key "7": write it in quotes ("007")'],
    ['a tag the schema does not know', 'vault: !Ref main', 'estate.yaml, line 1, column 8: Unresolved tag: !Ref: YAML tags other than the standard ones (!!str, !!int, ...) mean nothing here; remove it and write the value itself'],
  ])('refuses a map key or tag YAML would silently change: %s', (_name, text, message) => {
    expect(messages(text)).toEqual([message]);
  });

  it('reads keys that stay as written, standard tags and YAML 1.1 merge keys', () => {
    expect(parseConfigText('tags: { 2024: a, true: b, "007": c, !!str 008: d }\nv: !!str 007\n')).toEqual({ raw: { tags: { 2024: 'a', true: 'b', '007': 'c', '008': 'd' }, v: '007' }, problems: [] });
    expect(parseConfigText('%YAML 1.1\n---\nbase: &b { a: 1 }\nrule: { <<: *b, c: 2 }\n')).toEqual({ raw: { base: { a: 1 }, rule: { a: 1, c: 2 } }, problems: [] });
  });

  it('merges << keys in YAML 1.2 files too (shared rule settings, as docker compose and CI files write them); keys written beside one win', () => {
    const text = 'rules:\n  daily: &daily { schedule: cron(0 5 ? * * *), lifecycle: { deleteAfterDays: 35 } }\n  longer:\n    <<: *daily\n    lifecycle: { deleteAfterDays: 90 }\n';
    expect(parseConfigText(text)).toEqual({
      raw: { rules: { daily: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } }, longer: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 90 } } } },
      problems: [],
    });
  });

  it('refuses a list or a scalar as the whole file', () => {
    expect(parseConfigText('- a\n- b\n').problems[0].message).toBe('the file must hold a map of settings (version, account, vaults, plans, ...)');
  });
});

describe('parseConfigText, JSON (.json files: JSON.parse, not the YAML parser)', () => {
  const json = (text: string) => parseConfigText(text, { format: 'json', name: 'estate.json' });
  const problem = (text: string) => json(text).problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));

  it('reads what JSON.parse reads, own __proto__ keys included', () => {
    const text = JSON.stringify({ version: 1, vaults: { main: { tags: { a: 'b' } } }, list: [1, -2.5e3, true, false, null, 'x\\"\u00e9\n'] }, null, 2);
    expect(json(text)).toEqual({ raw: JSON.parse(text), problems: [] });
    expect(json('\uFEFF{"version": 1}')).toEqual({ raw: { version: 1 }, problems: [] });
  });

  it.each([
    ['a trailing comma in a map (the YAML parser let it through)', '{\n  "version": 1,\n}', 'estate.json, line 3, column 1: a comma before "}": JSON allows no comma after the last entry of a map'],
    ['a trailing comma in a list', '{"regions": ["eu-west-1",]}', 'estate.json, line 1, column 26: a comma before "]": JSON allows no comma after the last item of a list'],
    ['single quotes', "{'version': 1}", 'estate.json, line 1, column 2: expected a key in double quotes; found "\'" (JSON quotes text with double quotes only)'],
    ['a comment', '{"version": 1 // one\n}', 'estate.json, line 1, column 15: expected "," or "}" after a value in a map; found "/" (JSON has no comments)'],
    ['an unquoted key', '{version: 1}', 'estate.json, line 1, column 2: expected a key in double quotes; found "version"'],
    ['a missing comma', '{"a": 1\n "b": 2}', 'estate.json, line 2, column 2: expected "," or "}" after a value in a map; found text in double quotes (is a comma missing?)'],
    ['a missing colon', '{"a" 1}', 'estate.json, line 1, column 6: expected ":" after the key "a"; found "1"'],
    ['an unquoted value', '{"a": yes}', 'estate.json, line 1, column 7: expected a value (text in double quotes, a number, true, false, null, { or [); found "yes"'],
    ['a number JSON does not write', '{"a": 007}', 'estate.json, line 1, column 7: expected a value (text in double quotes, a number, true, false, null, { or [); found "007"'],
    ['an unclosed string', '{"a": "b\n}', 'estate.json, line 1, column 9: the text in double quotes is not closed on its line'],
    ['a bad escape', '{"a": "\\x"}', 'estate.json, line 1, column 8: "\\x" is not an escape JSON knows (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)'],
    ['an unfinished file', '{"a": [1, 2', 'estate.json, line 1, column 12: expected "," or "]" after a value in a list; found the end of the file'],
    ['an empty file', '', 'estate.json, line 1, column 1: expected a value (text in double quotes, a number, true, false, null, { or [); found the end of the file'],
    ['text after the value', '{"a": 1}\n{"b": 2}', 'estate.json, line 2, column 1: expected the end of the file after the whole value; found "{"'],
    ['a key given twice (JSON.parse keeps the last)', '{"vaults": {\n  "main": {},\n  "main": {"region": "eu-west-1"}\n}}', 'vaults.main: estate.json, line 3, column 3: "main" is given twice in one map (first at line 2, column 3); JSON would keep only the last'],
  ])('refuses %s with its line and column', (_name, text, message) => {
    expect(problem(text)).toEqual([message]);
  });

  it('names no file when given none', () => {
    expect(parseConfigText('{"version": 1,}', { format: 'json' }).problems[0].message).toBe('line 1, column 15: a comma before "}": JSON allows no comma after the last entry of a map');
  });

  it('refuses a list as the whole file', () => {
    expect(problem('[1]')).toEqual(['the file must hold a map of settings (version, account, vaults, plans, ...)']);
  });
});

describe('nesting depth and size, before anything recursive runs', () => {
  const NESTING = `nests maps and lists more than ${MAX_NESTING_DEPTH} levels deep (a config needs at most 8): refused before it is read further`;
  const deep = (levels: number, open: string, close: string) => `${open.repeat(levels)}1${close.repeat(levels)}`;

  it('YAML: 5,000 nested maps are refused at the line and column of the first map too deep (the composer overflowed the stack)', () => {
    const text = `version: 1\nvaults: ${deep(5_000, '{a: ', '}')}\n`;
    // The file is level 1; the 64th flow map under vaults is level 65.
    expect(parseConfigText(text, { name: 'deep.yaml' }).problems).toEqual([{ path: '', severity: 'error', message: `deep.yaml, line 2, column ${'vaults: '.length + (MAX_NESTING_DEPTH - 1) * '{a: '.length + 1}: ${NESTING}` }]);
  });

  it('YAML: 5,000 nested block lists are refused too', () => {
    const text = `version: 1\nvaults:\n${Array.from({ length: 5_000 }, (_, level) => `${' '.repeat(level * 2)}- `).join('\n')}x\n`;
    // Line 3 holds the first list (level 2): the list of level 65 is on line 66, indented 63 times.
    expect(parseConfigText(text).problems.map((p) => p.message)).toEqual([`line ${MAX_NESTING_DEPTH + 2}, column ${(MAX_NESTING_DEPTH - 1) * 2 + 1}: ${NESTING}`]);
  });

  it(`YAML: ${MAX_NESTING_DEPTH} levels are read`, () => {
    expect(parseConfigText(`version: 1\nvaults: ${deep(MAX_NESTING_DEPTH - 1, '{a: ', '}')}\n`).problems).toEqual([]);
  });

  it('JSON: 5,000 nested maps are refused at the path, line and column of the first map too deep', () => {
    const text = `{"version": 1, "vaults": ${deep(5_000, '{"a": ', '}')}}`;
    const [problem] = parseConfigText(text, { format: 'json', name: 'deep.json' }).problems;
    expect(problem).toEqual({
      path: ['vaults', ...Array(MAX_NESTING_DEPTH - 1).fill('a')].join('.'),
      severity: 'error',
      message: `deep.json, line 1, column ${'{"version": 1, "vaults": '.length + (MAX_NESTING_DEPTH - 1) * '{"a": '.length + 1}: ${NESTING}`,
    });
  });

  it('refuses a file over 1 MiB before reading it, and reads one of exactly 1 MiB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'estate-size-'));
    const path = join(dir, 'big.yaml');
    const filler = (bytes: number) => `version: 1\n${'#'.repeat(bytes - 12)}\n`;
    writeFileSync(path, filler(MAX_CONFIG_BYTES + 1));
    expect(readConfigFile(path).problems).toEqual([{ path: '', severity: 'error', message: `config file "${path}" holds 1048577 bytes; a config may hold at most 1048576 (1 MiB)` }]);
    writeFileSync(path, filler(MAX_CONFIG_BYTES));
    expect(readConfigFile(path)).toEqual({ raw: { version: 1 }, problems: [] });
  });

  it('refuses a file that is not UTF-8 at the line and column of the first byte that is not (it was read as U+FFFD)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'estate-utf8-'));
    const path = join(dir, 'latin1.yaml');
    writeFileSync(path, Uint8Array.from([...Buffer.from('version: 1\ntags: { backup: "\u00e9t'), 0xe9, ...Buffer.from('" }\n')]));
    expect(readConfigFile(path).problems).toEqual([{ path: '', severity: 'error', message: `${path} is not UTF-8 text at line 2, column 20 (byte 0xE9): save it as UTF-8` }]);
    writeFileSync(path, 'version: 1\ntags: { backup: "\u00e9t\u00e9" }\n');
    expect(readConfigFile(path)).toEqual({ raw: { version: 1, tags: { backup: '\u00e9t\u00e9' } }, problems: [] });
  });

  it('reads .json files as JSON and anything else as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'estate-format-'));
    for (const name of ['estate.json', 'estate.JSON', 'estate.yaml', 'estate.yml']) writeFileSync(join(dir, name), '{"version": 1,}');
    expect(readConfigFile(join(dir, 'estate.json')).problems.map((p) => p.message)).toEqual([`${join(dir, 'estate.json')}, line 1, column 15: a comma before "}": JSON allows no comma after the last entry of a map`]);
    expect(readConfigFile(join(dir, 'estate.JSON')).problems).toHaveLength(1);
    expect(readConfigFile(join(dir, 'estate.yaml'))).toEqual({ raw: { version: 1 }, problems: [] });
    expect(readConfigFile(join(dir, 'estate.yml'))).toEqual({ raw: { version: 1 }, problems: [] });
  });
});
