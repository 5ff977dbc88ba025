/**
 * An organization's plan that lists a resource by ARN backs it up only where the plan runs: the
 * accounts whose plans name it, in their Regions (config/plan-resource-reach.ts). An ARN elsewhere
 * was accepted without a word when another ARN of the selection was in reach (found by the
 * construct audit: a single account's plans were checked, an organization's were not).
 */
import { checkRawConfig } from '../../config';
import { organizationWith, type RawConfig } from '../support/configs';

const VOLUME = 'volume/vol-0123456789abcdef0';
const errorsOf = (raw: RawConfig): string[] => checkRawConfig(raw).errors.map((problem) => `${problem.path}: ${problem.message}`);
/** gold (run by payments, 333333333333, in eu-west-1) selecting `resources`. */
const listing = (resources: readonly string[], mutate: (config: RawConfig) => void = () => undefined): RawConfig =>
  organizationWith((c) => {
    c.plans.gold.selections = { listed: { resources } };
    mutate(c);
  });
const WHERE = 'is in no account and Region where plan "gold" runs (333333333333 (payments) in eu-west-1): a plan backs up resources of its own account and Region only, so no one backs it up';

describe('an organization plan listing resources by ARN', () => {
  it('takes ARNs of the accounts and Regions it runs in, wildcards and ARNs without account or Region', () => {
    const raw = listing([`arn:aws:ec2:eu-west-1:333333333333:${VOLUME}`, 'arn:aws:dynamodb:*:*:table/*', 'arn:aws:ec2:eu-west-1:*:volume/*', 'arn:aws:s3:::payments-data']);
    expect(errorsOf(raw)).toEqual([]);
  });

  it('refuses an ARN of a listed account that does not run the plan, naming the fix', () => {
    expect(errorsOf(listing([`arn:aws:ec2:eu-west-1:333333333333:${VOLUME}`, `arn:aws:ec2:eu-west-1:444444444444:${VOLUME}`]))).toEqual([
      `plans.gold.selections.listed.resources.1: "arn:aws:ec2:eu-west-1:444444444444:${VOLUME}" ${WHERE}; add "gold" to accounts.orders.plans, or remove the ARN`,
    ]);
  });

  it('refuses an ARN in a Region its account does not run the plan in', () => {
    expect(errorsOf(listing([`arn:aws:ec2:us-east-1:333333333333:${VOLUME}`]))).toEqual([
      `plans.gold.selections.listed.resources.0: "arn:aws:ec2:us-east-1:333333333333:${VOLUME}" ${WHERE}; add us-east-1 to accounts.payments.regions, or remove the ARN`,
    ]);
    // Another account, another Region: both fixes.
    expect(errorsOf(listing([`arn:aws:rds:us-east-1:444444444444:db:orders`]))).toEqual([
      `plans.gold.selections.listed.resources.0: "arn:aws:rds:us-east-1:444444444444:db:orders" ${WHERE}; add "gold" to accounts.orders.plans and us-east-1 to accounts.orders.regions, or remove the ARN`,
    ]);
  });

  it('refuses an ARN of an account the config does not list', () => {
    expect(errorsOf(listing([`arn:aws:ec2:eu-west-1:999999999999:${VOLUME}`]))).toEqual([
      `plans.gold.selections.listed.resources.0: "arn:aws:ec2:eu-west-1:999999999999:${VOLUME}" ${WHERE}; list the resource in a plan its own account runs, or remove the ARN`,
    ]);
  });
});
