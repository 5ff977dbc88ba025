import * as fs from 'fs';
import * as path from 'path';
import {
  buildOfflineOverride,
  checkStacks,
  cleanupTerraformWorkDirs,
  describeFailure,
  type StackCheck,
  failedStep,
  STEP_NOT_RUN,
  terraformAvailability,
} from './terraform';
import { planStacksTogether, type PlanTogether } from './terraform-together';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'terraform-harness');
const VALID_STACK = path.join(FIXTURES, 'valid-stack');
const INVALID_STACK = path.join(FIXTURES, 'invalid-stack');
const TIMEOUT_MS = 120_000;

function readStack(dir: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as unknown;
}

describe('buildOfflineOverride', () => {
  it('mocks credentials for the default and every aliased aws provider and neutralises assume_role', () => {
    const override = buildOfflineOverride(readStack(VALID_STACK), '/work/terraform.tfstate');
    const offline = {
      access_key: 'mock',
      secret_key: 'mock',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    };
    expect(override).toEqual({
      terraform: { backend: { local: { path: '/work/terraform.tfstate' } } },
      provider: {
        aws: [offline, { alias: 'eu-central-1', ...offline, assume_role: [{ role_arn: '' }] }],
      },
    });
  });

  it('nulls profile and account allow-lists, accepts a single provider object and skips stacks without aws', () => {
    const stack = {
      terraform: { required_providers: { aws: { source: 'aws' } } },
      provider: { aws: { alias: 'x', profile: 'deploy', allowed_account_ids: ['111122223333'] } },
    };
    const override = buildOfflineOverride(stack, 'state');
    expect(override.provider).toEqual({
      aws: [
        expect.not.objectContaining({ alias: expect.anything() }),
        expect.objectContaining({ alias: 'x', profile: null, allowed_account_ids: null, access_key: 'mock' }),
      ],
    });
    expect(buildOfflineOverride({ terraform: {} }, 'state')).toEqual({
      terraform: { backend: { local: { path: 'state' } } },
    });
  });
});

const availability = terraformAvailability();
if (!availability.ok) {
  console.warn(`Skipping Terraform harness integration tests: ${availability.reason}`);
}
const describeTerraform = availability.ok ? describe : describe.skip;

describeTerraform('offline terraform harness', () => {
  // Only the failing fixture runs Terraform here: the example stacks (aliased providers, assume_role,
  // S3 backend) are planned by __tests__/integration, and each terraform step loads the 700 MB provider.
  let invalid: StackCheck;
  let together: PlanTogether;
  beforeAll(async () => {
    [[invalid], together] = await Promise.all([checkStacks([INVALID_STACK]), planStacksTogether([VALID_STACK, INVALID_STACK])]);
  }, TIMEOUT_MS);

  afterAll(() => cleanupTerraformWorkDirs());

  it(
    'reports a validate failure readably and skips plan (so a broken stack fails the suite)',
    () => {
      expect(invalid.stack).toBe('invalid-stack');
      expect(invalid.init.code).toBe(0);
      expect(invalid.validate.code).not.toBe(0);
      expect(invalid.plan.code).toBe(STEP_NOT_RUN);
      expect(failedStep(invalid)).toBe('validate');
      const message = describeFailure(invalid);
      expect(message).toContain('terraform validate failed for stack "invalid-stack"');
      expect(message).toContain('No argument or block type is named "kms_key_alias"');
      expect(message).toContain('cdk.tf.json line');
    },
    TIMEOUT_MS,
  );

  it('plans stacks together as modules, and names the stack an error comes from', () => {
    expect(together.init.code).toBe(0);
    expect(together.plan.code).not.toBe(0);
    expect(together.stacks.map((stack) => [stack.stackDir, stack.module])).toEqual([
      [VALID_STACK, 's0_valid-stack'],
      [INVALID_STACK, 's1_invalid-stack'],
    ]);
    expect(together.stacks[0].errors).toEqual([]);
    expect(together.stacks[1].errors).toEqual([expect.stringContaining('Extraneous JSON object property')]);
    expect(together.stacks[1].errors[0]).toContain('"kms_key_alias"');
    expect(together.unattributedErrors).toEqual([]);
  });

  it('attaches to the shared provider, or links the provider from the mirror instead of copying 700 MB', () => {
    const providersDir = path.join(invalid.workDir, '.terraform', 'providers');
    if ((process.env.TF_SHARED_PROVIDER ?? '').trim() !== '0') {
      // A reattached provider is not installed: init records and links nothing for it.
      expect(fs.existsSync(providersDir)).toBe(false);
      return;
    }
    const platformDirs = path.join(providersDir, 'registry.terraform.io', 'hashicorp', 'aws');
    for (const version of fs.readdirSync(platformDirs)) {
      for (const platform of fs.readdirSync(path.join(platformDirs, version))) {
        expect(fs.lstatSync(path.join(platformDirs, version, platform)).isSymbolicLink()).toBe(true);
      }
    }
  });
});
