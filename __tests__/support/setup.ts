/**
 * Runs before every test file. Nothing here loads cdktf: about a third of the test files never
 * synthesize, and requiring cdktf (with the packages it bundles) in each of them cost about ten
 * CPU-seconds of the suite. cdktf's jest matchers are registered as stand-ins that load the real
 * ones on first use, and cdktf's stack-trace module is replaced for whichever file loads it.
 */
// cdktf captures an unlimited stack trace for every token it creates, only to print where a token
// came from when resolving it fails. Under jest each capture also runs jest's source-map call-site
// rewriting: most of the time of every synthesis in the tests. The product skips the capture during
// synth (stacks/creation-stack-traces.ts); the tests skip it everywhere. Output is unaffected.
jest.mock('cdktf/lib/tokens/private/stack-trace', () => ({ captureStackTrace: (): string[] => [] }));

/** The matchers Testing.setupJest() registers (cdktf/lib/testing/adapters/jest.js). */
const CDKTF_MATCHERS = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
] as const;

let cdktfMatchers: Record<string, jest.CustomMatcher> | undefined;

/** cdktf's matchers, as Testing.setupJest() hands them to expect.extend (captured, not registered). */
function loadCdktfMatchers(): Record<string, jest.CustomMatcher> {
  if (cdktfMatchers) return cdktfMatchers;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setupJest } = require('cdktf/lib/testing/adapters/jest') as { setupJest: () => void };
  const extend = expect.extend;
  let captured: Record<string, jest.CustomMatcher> = {};
  expect.extend = (matchers) => {
    captured = matchers as Record<string, jest.CustomMatcher>;
  };
  try {
    setupJest();
  } finally {
    expect.extend = extend;
  }
  const missing = CDKTF_MATCHERS.filter((name) => typeof captured[name] !== 'function');
  if (missing.length > 0) throw new Error(`cdktf's jest adapter no longer registers ${missing.join(', ')}: update __tests__/support/setup.ts`);
  cdktfMatchers = captured;
  return captured;
}

// Registers toHaveResource, toHaveResourceWithProperties, toBeValidTerraform and friends (Testing.setupJest()'s set).
expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, received: unknown, ...expected: unknown[]) {
        return loadCdktfMatchers()[name]!.call(this, received, ...expected);
      },
    ]),
  ),
);
