/**
 * Report snapshots of the multi-Region and organization examples, compared byte for byte with
 * __tests__/fixtures/report/<example>.md. examplePosture drops compliance.json, so rule-pack
 * changes do not move these (the single-account snapshot covers findings and suppressions).
 * Regenerate deliberately: UPDATE_REPORT_FIXTURES=1 npx jest __tests__/report/examples-golden
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postureMarkdown } from '../../report/markdown';
import { examplePosture, FIXTURES_DIR } from './helpers';

describe.each(['multi-region', 'organization'])('the %s report', (example) => {
  const golden = join(FIXTURES_DIR, `${example}.md`);
  const markdown = postureMarkdown(examplePosture(`${example}.yaml`));
  if (process.env.UPDATE_REPORT_FIXTURES === '1') writeFileSync(golden, markdown);

  it('is exactly the snapshot', () => {
    expect(markdown).toBe(readFileSync(golden, 'utf8'));
  });
});
