/**
 * The StackView the rules query: one stack's synthesized Terraform JSON (read by the shared
 * reader in core/terraform-json) with the facts and thresholds of that stack.
 */
import { readTerraformJson } from '../core/terraform-json';
import type { ComplianceThresholds, StackFacts, StackView } from './types';

/** Builds the view the rules query. Throws when `stackJson` is not a JSON object. */
export function stackView(stackJson: unknown, facts: StackFacts, thresholds: ComplianceThresholds): StackView {
  let json;
  try {
    json = readTerraformJson(stackJson);
  } catch (cause) {
    throw new TypeError(`stack ${facts.stack}: ${(cause as Error).message}`);
  }
  // Not a spread: it would read every resource of the stack, which the reader does only when asked.
  return {
    get resources() {
      return json.resources;
    },
    providers: json.providers,
    imports: json.imports,
    byAddress: json.byAddress,
    ofType: json.ofType,
    referenced: json.referenced,
    providerOf: json.providerOf,
    facts,
    thresholds,
    regionOf: (resource) => json.regionOf(resource, facts.region),
  };
}
