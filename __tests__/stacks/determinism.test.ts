import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFiles, exampleModel, resolveExample, synthEstate } from '../support/examples';
import { snapshotDir } from '../support/cli';

const contents = (dir: string) => Object.fromEntries(Object.keys(snapshotDir(dir)).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));

describe.each(exampleFiles())('%s', (file) => {
  it('synthesizes byte-identical output twice', () => {
    const first = contents(synthEstate(resolveExample(file)));
    const second = contents(synthEstate(resolveExample(file)));
    expect(Object.keys(first).length).toBeGreaterThan(1);
    expect(second).toEqual(first);
  });

  it('contains no absolute path of the machine that synthesized it', () => {
    for (const text of Object.values(contents(synthEstate(exampleModel(file))))) {
      expect(text).not.toContain(process.cwd());
      expect(text).not.toMatch(/"\/(tmp|home|root|Users)\//);
    }
  });
});
