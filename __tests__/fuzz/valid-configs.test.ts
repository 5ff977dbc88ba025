/**
 * Fuzzing (fast-check, seeded): generated valid configs (__tests__/support/arbitraries.ts) pass the
 * checker with no error and resolve to an estate model (FUZZ_CHECK_RUNS cases: 200 in `npm test`, 5,000 in `npm run test:fuzz`). That
 * they also synthesize and pass the rule pack is ./synthesis.test.ts (its own file, so jest can run
 * it beside this one). FUZZ_SEED=<n> replays another seed. A failure prints the seed and the config.
 */
import fc from 'fast-check';
import { checkRawConfig } from '../../config';
import { isKnownRegion, knownRegionPartition } from '../../core/regions';
import { REGIONS_BY_PARTITION, validConfig } from '../support/arbitraries';
import { errorLines, FUZZ_CHECK_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters } from './pipeline';

const STATS = process.env.FUZZ_STATS !== undefined;

const cpuMs = (): number => process.cpuUsage().user / 1000;

describe('generated valid configs', () => {
  it(`pass the checker with no error (${FUZZ_CHECK_RUNS} cases)`, () => {
    const counts = { cases: 0, organizations: 0, stacks: 0, warnings: 0, checkMs: 0 };
    fc.assert(
      fc.property(validConfig(), (raw) => {
        const started = STATS ? cpuMs() : 0;
        const check = checkRawConfig(raw);
        if (STATS) counts.checkMs += cpuMs() - started;
        // Plain checks in the hot loop (expect() costs more than the checker on a small config).
        if (check.errors.length > 0 || !check.model) throw new Error(`a generated valid config is rejected:\n${errorLines(check).join('\n')}`);
        counts.cases += 1;
        counts.organizations += raw.organization ? 1 : 0;
        counts.stacks += check.model!.stacks.length;
        counts.warnings += check.warnings.length;
      }),
      fuzzParameters({ numRuns: FUZZ_CHECK_RUNS }),
    );
    // Both kinds of estate, and estates of several stacks.
    expect(counts.organizations).toBeGreaterThan(0);
    expect(counts.stacks).toBeGreaterThan(counts.cases);
    if (STATS) console.log({ ...counts, checkMsPerCase: counts.checkMs / counts.cases });
  }, FUZZ_TIMEOUT_MS);

  it('name only Regions the pinned provider knows, in Region fields and inside ARNs', () => {
    for (const [partition, regions] of Object.entries(REGIONS_BY_PARTITION)) {
      expect(regions.filter((region) => knownRegionPartition(region) !== partition)).toEqual([]);
    }
    const named: string[] = [];
    const walk = (value: unknown, key: string): void => {
      if (typeof value === 'string') {
        if (key === 'region' || key === 'regions' || key === 'crossRegionList') named.push(...value.split(','));
        else if (value.startsWith('arn:') && (value.split(':')[3] ?? '') !== '' && !value.split(':')[3]?.includes('*')) named.push(value.split(':')[3] ?? '');
      } else if (Array.isArray(value)) value.forEach((item) => walk(item, key));
      else if (value !== null && typeof value === 'object') for (const [child, item] of Object.entries(value)) walk(item, child);
    };
    for (const raw of fc.sample(validConfig(), { numRuns: 300, seed: 13 })) walk(raw, '');
    expect(named.length).toBeGreaterThan(300);
    expect([...new Set(named)].filter((region) => !isKnownRegion(region))).toEqual([]);
  });
});
