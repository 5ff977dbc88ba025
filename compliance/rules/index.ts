export * from './ids';
export { AWS_CONFIG_RULES } from './aws-config';
export { SECURITY_HUB_RULES } from './security-hub';
export { CHECKOV_RULES } from './checkov';
export { BACKUP_ESTATE_RULES, ruleRpoHours } from './backup-estate';
