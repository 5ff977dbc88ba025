import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';

/**
 * Terraform's built-in terraform_data resource (terraform.io/builtin/terraform, no provider to
 * configure): it holds `input` and plans an update whenever it changes, so a resource that lists it
 * in lifecycle.replace_triggered_by is replaced on that change. Its creation triggers nothing.
 */
export class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly input: unknown,
  ) {
    super(scope, id, { terraformResourceType: 'terraform_data' });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.input };
  }
}
