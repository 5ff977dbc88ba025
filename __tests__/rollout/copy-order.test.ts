/**
 * A stack whose plans copy into a vault another stack creates is applied after it (config/copy-order.ts):
 * in one wave, a failed apply of the vault's stack left the copy rule applied and every copy job failing.
 */
import { checkRawConfig } from '../../config';
import type { EstateModel } from '../../config/estate-model';
import { rolloutFor, type Rollout } from '../../rollout/rollout';
import { organizationWith } from '../support/configs';
import { exampleModel } from '../support/examples';

const rolloutOf = (model: EstateModel): Rollout => JSON.parse(rolloutFor(model.stacks)) as Rollout;
const dependsOn = (rollout: Rollout, name: string): string[] => rollout.stacks.find((stack) => stack.name === name)?.dependsOn ?? [];

describe('rollout order of copies between stacks', () => {
  it('applies a Region that copies into another Region\'s DR vault after that Region (multi-region example: us-east-1 copies into us-west-2)', () => {
    const rollout = rolloutOf(exampleModel('multi-region.yaml'));
    expect(dependsOn(rollout, 'payments-prod-us-east-1')).toEqual(['payments-prod-eu-west-1', 'payments-prod-us-west-2']);
    expect(rollout.waves).toEqual([['payments-prod-eu-west-1'], ['payments-prod-eu-central-1', 'payments-prod-us-west-2'], ['payments-prod-us-east-1']]);
  });

  it('keeps the primary Region first even when it copies into another Region of its account (that Region names the service role the primary creates)', () => {
    const rollout = rolloutOf(exampleModel('multi-region.yaml'));
    expect(dependsOn(rollout, 'payments-prod-eu-west-1')).toEqual([]);
    expect(dependsOn(rollout, 'payments-prod-eu-central-1')).toEqual(['payments-prod-eu-west-1']);
  });

  it('applies an account that copies into another account\'s vault (existingVaults ARN) after the stack creating that vault', () => {
    const check = checkRawConfig(
      organizationWith((c) => {
        c.vaults.receiver = {
          name: 'shared-dr',
          accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'], statements: { AllowOrders: { effect: 'Allow', principals: { aws: ['444444444444'] }, actions: ['backup:CopyIntoBackupVault'] } } },
        };
        c.plans.receive = { vault: 'receiver', rules: { daily: { preset: 'daily-35' } }, selections: { tagged: { tags: { backup: 'receive' } } } };
        c.existingVaults = { 'payments-dr': { arn: 'arn:aws:backup:eu-west-1:333333333333:backup-vault:shared-dr' } };
        c.plans.copying = { vault: 'main', rules: { daily: { preset: 'daily-35', copies: { 'payments-dr': {} } } }, selections: { tagged: { tags: { backup: 'orders' } } } };
        c.accounts.payments.plans = ['gold', 'receive'];
        c.accounts.orders.plans = ['copying'];
      }),
    );
    expect(check.errors).toEqual([]);
    const rollout = rolloutOf(check.model as EstateModel);
    expect(dependsOn(rollout, 'orders-eu-west-1')).toEqual(['management-us-east-1', 'central-eu-west-1', 'payments-eu-west-1']);
    expect(rollout.waves).toEqual([['management-us-east-1'], ['central-eu-west-1'], ['payments-eu-west-1'], ['orders-eu-west-1']]);
  });
});
