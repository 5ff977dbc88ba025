/**
 * The import blocks of an adopted estate (config adoption.imports) must each target a resource
 * the stack manages: an address the config no longer produces (a key renamed, a lock removed since
 * adopt wrote the file) would import into nothing, and Terraform refuses the whole plan. Checked on
 * the synthesized stack, so validate and synth give the same verdict; a finding of the rule pack,
 * at the config field that holds the file.
 */
import type { TerraformStackJson } from '../core/terraform-json';
import type { Finding, StackFacts } from './types';

export const BACKUP_ESTATE_IMPORT_TARGET = 'BACKUP-ESTATE-IMPORT-TARGET';

const DESCRIPTION = 'Every import block of an adopted estate targets a resource the stack manages.';
const REMEDIATION = 'Run backup-estate adopt again on a fresh export (it recomputes the addresses from the config), or remove the entry from the imports file once the resource is in the Terraform state.';

export function importTargetFindings(json: Pick<TerraformStackJson, 'imports' | 'byAddress'>, facts: StackFacts): Finding[] {
  return json.imports
    .filter((block) => json.byAddress(block.to) === undefined)
    .map((block) => ({
      ruleId: BACKUP_ESTATE_IMPORT_TARGET,
      severity: 'error' as const,
      stack: facts.stack,
      address: block.to,
      configPath: 'adoption.imports',
      message: `imports "${block.id}" into ${block.to}, which this stack does not manage: the config changed since the imports were written`,
      description: DESCRIPTION,
      remediation: REMEDIATION,
      source: 'backup-estate',
    }));
}
