/**
 * Tags adopt could not read (list-tags denied): the config holds none, and the first apply would
 * remove whatever tags the resource has. Adopt warns, naming the resource and what apply does.
 */
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { denied, lines, messyExport, removeScratch } from './messy-export';

afterAll(removeScratch);

const DENIED = 'An error occurred (AccessDeniedException) when calling the ListTags operation: User is not authorized';

describe('tags that could not be exported', () => {
  it('are a warning naming the vault or plan and what the first apply does', () => {
    const from = messyExport((account) => {
      denied(join(account, 'eu-west-1/vaults/prod-main/tags.json'), 'ListTags');
      denied(join(account, 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/tags.json'), 'ListTags');
    });
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    const config = result.config as any;
    expect(config.vaults['prod-main'].tags).toBeUndefined();
    expect(config.plans['prod-daily'].tags).toBeUndefined();
    expect(lines(result).filter((line) => line.includes('could not be exported'))).toEqual([
      `warning plans.prod-daily.tags: the tags of plan prod-daily (eu-west-1) could not be exported (${DENIED}): the config holds none, so the first apply removes whatever tags the plan has; export them again (backup:ListTags) or write them under plans.prod-daily.tags before applying`,
      `warning vaults.prod-main.tags: the tags of vault prod-main (eu-west-1) could not be exported (${DENIED}): the config holds none, so the first apply removes whatever tags the vault has; export them again (backup:ListTags) or write them under vaults.prod-main.tags before applying`,
    ]);
  });
});
