/**
 * Map order carries no meaning, nor does the order of lists that are sets: the same config with
 * every map's keys in reverse order, or with those lists reversed, synthesizes byte-identical
 * output (addresses, resources, policies, rollout).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkRawConfig } from '../../config';
import { snapshotDir } from '../support/cli';
import { exampleFiles, EXAMPLES_DIR, synthEstate } from '../support/examples';

/** Every object with its keys reversed, recursively (lists keep their order: some carry meaning). */
function reverseMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseMaps);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse().map(([key, child]) => [key, reverseMaps(child)]));
  }
  return value;
}

/**
 * Lists that are sets (principals, ARNs, tag values, targets, plan and Region lists of policies,
 * event and report kinds). Not `accounts.<key>.regions`: its first Region is the primary one.
 */
const UNORDERED_LISTS = new Set([
  'breakGlassPrincipals',
  'administrators',
  'keyAdministrators',
  'resources',
  'notResources',
  'targets',
  'plans',
  'jobStates',
  'vaultEvents',
  'formats',
  'templates',
  'optIn',
  'vaults',
  'excludeVaults',
  'allowedChanges',
  'actions',
  'aws',
  'service',
  'accounts',
  'organizationUnits',
  'frameworkArns',
]);

/** Every list under an UNORDERED_LISTS key, and every list of tag values, reversed, recursively. */
function reverseSets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => reverseSets(item));
    return UNORDERED_LISTS.has(key) || key === 'tagValues' ? items.reverse() : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([childKey, child]) => [childKey, reverseSets(child, key === 'tags' ? 'tagValues' : childKey)]),
    );
  }
  return value;
}

const contents = (dir: string) => Object.fromEntries(Object.keys(snapshotDir(dir)).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));

describe.each(exampleFiles())('%s', (file) => {
  it('synthesizes the same bytes with every map in reverse order', () => {
    const raw = parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
    const models = [raw, reverseMaps(raw)].map((config) => {
      const check = checkRawConfig(config, { baseDir: EXAMPLES_DIR });
      if (!check.model) throw new Error(JSON.stringify(check.errors));
      return check.model;
    });
    const [original, reversed] = models.map((model) => contents(synthEstate(model)));
    expect(Object.keys(original).length).toBeGreaterThan(1);
    expect(reversed).toEqual(original);
  });

  it('synthesizes the same bytes with every list that is a set in reverse order', () => {
    const raw = parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
    const reversedRaw = reverseSets(raw);
    expect(JSON.stringify(reversedRaw)).not.toBe(JSON.stringify(raw));
    const [original, reversed] = [raw, reversedRaw].map((config) => {
      const check = checkRawConfig(config, { baseDir: EXAMPLES_DIR });
      if (!check.model) throw new Error(JSON.stringify(check.errors));
      return contents(synthEstate(check.model));
    });
    expect(reversed).toEqual(original);
  });
});
