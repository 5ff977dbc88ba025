/**
 * Where a construct's resources run, as far as its AWS provider says: the provider it is given, or
 * the stack's AWS provider without alias (when that exists before the construct). Only literal
 * values count; a Terraform reference (a variable, a data source) is unknown until apply.
 */
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { isToken } from '../core/problems';

/** `value` when it is a literal string, undefined when it is a reference or missing. */
export const literal = (value: unknown): string | undefined => (typeof value === 'string' && !isToken(value) && !Token.isUnresolved(value) ? value : undefined);

/** The AWS provider a resource of `scope` uses: `provider`, else the stack's AWS provider without alias (when it exists yet). */
function awsProviderOf(scope: Construct, provider: TerraformProvider | undefined): (TerraformProvider & { region?: string; allowedAccountIds?: string[] }) | undefined {
  if (provider !== undefined) return provider.terraformResourceType === 'aws' ? provider : undefined;
  const isDefaultAws = (node: unknown): node is TerraformProvider => TerraformProvider.isTerraformProvider(node) && node.terraformResourceType === 'aws' && node.alias === undefined;
  // Providers are nearly always children of the stack itself: the whole tree is walked only when none is.
  const stack = TerraformStack.of(scope);
  return stack.node.children.find(isDefaultAws) ?? stack.node.findAll().find(isDefaultAws);
}

/**
 * The literal Region of the provider, its account when allowedAccountIds names exactly one, and the
 * accounts it may run in (allowedAccountIds, when every entry is literal).
 */
export function providerPlace(scope: Construct, provider: TerraformProvider | undefined): { region?: string; accountId?: string; allowedAccountIds?: readonly string[] } {
  const aws = awsProviderOf(scope, provider);
  const allowed = Array.isArray(aws?.allowedAccountIds) ? aws.allowedAccountIds.map(literal) : [];
  const known = allowed.length > 0 && allowed.every((id) => id !== undefined) ? (allowed as string[]) : undefined;
  return { region: literal(aws?.region), accountId: known?.length === 1 ? known[0] : undefined, ...(known ? { allowedAccountIds: known } : {}) };
}
