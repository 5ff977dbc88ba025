/** The compliance rule pack: static checks over synthesized stacks (see README.md in this folder). */
export * from './types';
export { stackView } from './stack-view';
export {
  BACKUP_RULE_PACK,
  DEFAULT_THRESHOLDS,
  FINDINGS_SHOWN_PER_RULE,
  checkSuppressions,
  evaluateStack,
  findingsJson,
  sortFindings,
  suppressionMatches,
  suppressionUse,
  unsuppressedErrors,
  unusedSuppressions,
} from './pack';
export { CompliancePackAspect, FindingsCollector, addToStacks, attachToStacks, synthesizedStackJson } from './aspect';
export { estateFacts, estateLocks, stackFacts } from './facts';
export * from './rules';
export { BACKUP_ESTATE_IMPORT_TARGET, importTargetFindings } from './imports';
export { deletionDenyOf, keyDeletionDenyOf, newlyExempt, scopedDenies, PROTECTED_VAULT_ACTIONS, PROTECTED_VAULT_KEY_ACTIONS, WATCHED_VAULT_ACTIONS, type DeletionDeny, type VaultPolicyReader } from './vault-protection';
