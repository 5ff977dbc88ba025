/**
 * Terraform import blocks of an adopted estate (config adoption.imports, through the model): each
 * existing resource is imported at its address on the stack's first plan, which then updates it
 * in place instead of creating it. Written as a stack-level `import` list, not with cdktf's
 * `importFrom` (which runs `terraform version` once per resource at synth, and needs Terraform on
 * the synthesizing machine). An address that is no resource of the stack is written all the same:
 * the rule pack reports it (compliance/imports.ts), and Terraform would refuse it too.
 */
import type { TerraformStack } from 'cdktf';
import { compareStrings } from '../core/order';

export function addImportBlocks(stack: TerraformStack, imports: Readonly<Record<string, string>> | undefined): void {
  const entries = Object.entries(imports ?? {}).sort(([a], [b]) => compareStrings(a, b));
  if (entries.length === 0) return;
  stack.addOverride('import', entries.map(([to, id]) => ({ to, id })));
}
