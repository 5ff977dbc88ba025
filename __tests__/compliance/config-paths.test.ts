/** Every resource the examples synthesize maps back to the config entry it comes from. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configPathOf } from '../../compliance/config-paths';
import { readTerraformJson } from '../../core/terraform-json';
import { exampleFiles, exampleModel, synthEstate } from '../support/examples';

describe.each(exampleFiles())('examples/%s', (file) => {
  it('gives every synthesized resource a config path that names an entry of the config', () => {
    const model = exampleModel(file);
    const outdir = synthEstate(model);
    const paths = new Set<string>();
    for (const stack of model.stacks) {
      const json = readTerraformJson(JSON.parse(readFileSync(join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')));
      for (const resource of json.resources) {
        const path = configPathOf(stack.kind, resource.constructPath);
        expect([resource.address, path]).toEqual([resource.address, expect.stringMatching(/^(plans|vaults|keys|alerts|audit|regionSettings|serviceRole|restoreTesting|organization|monitoring|security|globalSettings)(\.|$)/)]);
        paths.add(path as string);
      }
    }
    expect(paths.size).toBeGreaterThan(3);
  });
});

it('maps plan selections, restore tests and the organization stacks', () => {
  expect(configPathOf('workload', 'acct-eu-west-1/plan-gold/selection-tagged/selection')).toBe('plans.gold.selections.tagged');
  expect(configPathOf('workload', 'acct-eu-west-1/restore-testing-weekly/selection-ebs_volumes')).toBe('restoreTesting.weekly');
  expect(configPathOf('workload', 'acct-eu-west-1/vault-main/key/alias')).toBe('vaults.main');
  expect(configPathOf('management', 'management-us-east-1/policy-baseline/policy')).toBe('organization.policies.baseline');
  expect(configPathOf('central', 'central-eu-west-1/air-gapped-vault/vault')).toBe('organization.central.airGapped');
  expect(configPathOf('workload', 'acct-eu-west-1/air-gapped-vault-lag/vault')).toBe('vaults.lag');
  expect(configPathOf('workload', 'acct-eu-west-1/report-plan-weekly/backup_job_report')).toBe('audit.reportPlans.weekly');
  expect(configPathOf('workload', 'acct-eu-west-1/global-settings')).toBe('globalSettings');
  expect(configPathOf('central', 'central-eu-west-1/report-plan-org/backup_job_report')).toBe('audit.reportPlans.org');
  expect(configPathOf('central', 'central-eu-west-1/report-bucket/bucket')).toBe('audit.reports');
  expect(configPathOf('management', 'management-us-east-1/vault-protection-scp/policy')).toBe('security.serviceControlPolicy');
  expect(configPathOf('workload', undefined)).toBeUndefined();
  expect(configPathOf('workload', 'acct-eu-west-1/something-new/x')).toBeUndefined();
});
