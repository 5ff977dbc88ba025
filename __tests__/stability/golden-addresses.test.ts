/**
 * Every managed resource address of every example, compared with the committed golden list
 * __tests__/fixtures/addresses/<example>.txt (`stack<TAB>type.name`, sorted; data sources are not
 * listed). A removed or renamed address is a destroy-and-recreate in Terraform: changing a golden
 * file needs a state-move note (moved blocks or `terraform state mv`) in the same change.
 * Beside it, <example>.sha256 holds the SHA-256 of every stack's cdk.tf.json: a refactor must leave
 * it alone (byte-identical output); a change that means to alter the output regenerates it, and the
 * diff of that file names the stacks whose Terraform changed.
 * Regenerate deliberately: UPDATE_ADDRESS_FIXTURES=1 npx jest __tests__/stability
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { exampleFiles } from '../support/examples';
import { addressesOf, byCodeUnit, exampleRaw, FIXTURES_DIR, fixturePath, fixtureText, goldenMismatch, parseFixture, REGENERATE, synthRaw, UPDATE_SWITCH } from './addresses';

const update = process.env[UPDATE_SWITCH] === '1';

describe.each(exampleFiles())('%s', (example) => {
  const golden = fixturePath(example);

  const synthesis = synthRaw(exampleRaw(example));

  it('synthesizes exactly the golden list of resource addresses', () => {
    const actual = addressesOf(synthesis.estate);
    if (update) {
      mkdirSync(FIXTURES_DIR, { recursive: true });
      writeFileSync(golden, fixtureText(example, actual));
    }
    if (!existsSync(golden)) throw new Error(`${golden} is missing; create it with: ${REGENERATE}`);
    const mismatch = goldenMismatch(example, parseFixture(readFileSync(golden, 'utf8')), actual);
    if (mismatch !== undefined) throw new Error(mismatch);
  });

  it('has a golden file that is sorted, unique, one stack<TAB>type.name per line, under its regeneration header', () => {
    const text = readFileSync(golden, 'utf8');
    const lines = parseFixture(text);
    expect(text.startsWith('# ')).toBe(true);
    expect(text).toContain(REGENERATE);
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines).toEqual([...lines].sort(byCodeUnit));
    for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9_-]+\t[a-z0-9_]+\.[A-Za-z0-9_-]+$/);
  });

  it('synthesizes exactly the golden bytes of every stack (SHA-256 of each cdk.tf.json)', () => {
    const hashes = fixturePath(example).replace(/\.txt$/, '.sha256');
    const actual = Object.entries(synthesis.text).map(([stack, json]) => `${stack}\t${createHash('sha256').update(json).digest('hex')}`);
    const text = `# SHA-256 of each stack's cdk.tf.json for examples/${example}. Regenerate: ${REGENERATE}\n${actual.join('\n')}\n`;
    if (update) writeFileSync(hashes, text);
    if (!existsSync(hashes)) throw new Error(`${hashes} is missing; create it with: ${REGENERATE}`);
    const golden = parseFixture(readFileSync(hashes, 'utf8'));
    const changed = actual.filter((line) => !golden.includes(line)).map((line) => line.split('\t')[0]);
    const gone = golden.map((line) => line.split('\t')[0]).filter((stack) => !(stack in synthesis.text));
    expect({ changed, gone }).toEqual({ changed: [], gone: [] });
  });
});
