/** Builders of configs for tests: a small valid base, and a deep-cloned copy to mutate. */
import { checkRawConfig } from '../../config';
import { formatProblem } from '../../config/issues';

/** Loose record type for test mutations of raw config objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawConfig = Record<string, any>;

export function baseConfig(): RawConfig {
  return {
    version: 1,
    account: { id: '111122223333', name: 'test', region: 'eu-west-1' },
    tags: { 'managed-by': 'tests' },
    vaults: {
      main: {
        accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] },
      },
      dr: {
        region: 'eu-central-1',
        lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
        accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] },
      },
    },
    plans: {
      gold: {
        vault: 'main',
        rules: {
          daily: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 }, copies: { dr: {} } },
        },
        selections: { tagged: { tags: { backup: 'gold' } } },
      },
    },
  };
}

/** A mutated copy of the base config. */
export function configWith(mutate: (config: RawConfig) => void): RawConfig {
  const config = baseConfig();
  mutate(config);
  return config;
}

export interface Findings {
  readonly errors: string[];
  readonly warnings: string[];
}

/** Errors and warnings of a raw config, formatted as the CLI prints them (without the severity label). */
export function findings(raw: unknown): Findings {
  const check = checkRawConfig(raw);
  const strip = (line: string) => line.replace(/^(error  |warning) /, '');
  return { errors: check.errors.map((p) => strip(formatProblem(p))), warnings: check.warnings.map((p) => strip(formatProblem(p))) };
}
