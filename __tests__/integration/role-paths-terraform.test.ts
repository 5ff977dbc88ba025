/**
 * Role paths and role ARNs with the characters IAM allows beyond a role name's (CreateRole Path:
 * printable ASCII "!" through "~" between slashes): a config with such a service role path and
 * such a selection role validates, and terraform plan (offline, provider 5.100.0) takes the stack
 * as written, each string reaching the plan unchanged (no "${" or "%{": the config refuses those).
 * Skips with a note when no Terraform binary is available (SKIP_TERRAFORM_TESTS=1 too).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfigFile } from '../../config';
import { resourcesOf, synthEstate, type TfJson } from '../support/examples';
import { terraformAvailability } from '../support/terraform';
import { planStacksTogether, type PlanTogether } from '../support/terraform-together';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping the role path terraform test: ${availability.reason}`);

const PATH = `/team#1:a*b?/x//!~|<>'"/`;
const ROLE = `arn:aws:iam::111122223333:role/team#1/a:b/backup`;

const CONFIG = `
version: 1
account: { id: "111122223333", name: paths, region: eu-west-1 }
serviceRole: { path: ${JSON.stringify(PATH)} }
vaults: { main: { name: paths-main } }
plans:
  gold:
    vault: main
    rules: { daily: { preset: daily-35 } }
    selections:
      own: { tags: { backup: gold } }
      team: { role: ${JSON.stringify(ROLE)}, tags: { backup: team } }
regionSettings: {}
`;

describeIfTerraform('role paths of printable ASCII against terraform plan', () => {
  let root: string;
  let outdir: string;
  let plan: PlanTogether;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'role-paths-'));
    writeFileSync(join(root, 'backup.yaml'), CONFIG);
    const check = checkConfigFile(join(root, 'backup.yaml'));
    expect(check.errors).toEqual([]);
    outdir = synthEstate(check.model!);
    plan = await planStacksTogether([join(outdir, 'stacks', 'paths-eu-west-1')]);
  }, 600_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });

  it('writes the path and the role ARN as given, and Terraform plans them', () => {
    const stack: TfJson = JSON.parse(readFileSync(join(outdir, 'stacks', 'paths-eu-west-1', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(resourcesOf(stack, 'aws_iam_role')).map((role) => role.path)).toContain(PATH);
    expect(Object.values(resourcesOf(stack, 'aws_backup_selection')).map((selection) => selection.iam_role_arn)).toContain(ROLE);
    expect(plan.init.code).toBe(0);
    expect(plan.unattributedErrors).toEqual([]);
    const [planned] = plan.stacks;
    expect(planned.errors).toEqual([]);
    expect(planned.otherChanges).toEqual([]);
    expect(planned.creates.filter((address) => address.startsWith('aws_backup_selection.'))).toHaveLength(2);
    expect(planned.creates.some((address) => address.startsWith('aws_iam_role.'))).toBe(true);
  });
});
