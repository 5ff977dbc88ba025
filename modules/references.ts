import type { TerraformResource } from 'cdktf';

/**
 * `${<type>.<logical id>.<attribute>}`: the expression cdktf writes for the token `resource.<attribute>`,
 * written directly. Only for a reference from the resource's own stack: a token is what lets cdktf turn
 * a reference from another stack into a remote-state lookup, so the constructs' public attributes stay
 * tokens. Why: each token costs a registration in cdktf's global token map when made and a split and
 * lookup in each of cdktf's two resolve passes; the 17,500 of a 1,000-stack estate were about 7% of
 * its synth CPU.
 */
export function sameStackReference(resource: TerraformResource, attribute: string): string {
  // A resource with for_each is referenced as a whole (cdktf writes <type>.<id>.*.<attribute>).
  return `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}${resource.forEach ? '.*' : ''}.${attribute}}`;
}
