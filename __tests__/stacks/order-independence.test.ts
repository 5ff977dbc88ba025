/**
 * Map order carries no meaning: the same config with every map's keys in reverse order
 * synthesizes byte-identical output (addresses, resources, policies, rollout).
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
});
