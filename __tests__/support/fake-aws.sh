#!/usr/bin/env bash
# A stand-in for the AWS CLI, for the export script's test (bash, so its ~60 calls stay cheap): it
# answers each call with the file the export layout puts that call's output in, read from an export
# fixture (FAKE_AWS_EXPORT, one account folder), as the real CLI prints it; a `<file>.error` fixture
# is printed on stderr with the CLI's exit code 254. Every call is appended to FAKE_AWS_LOG as one
# line ("<service> <operation> <arguments...>"). A call it does not know fails like an access denial.
set -u
root="$FAKE_AWS_EXPORT"
echo "$*" >> "$FAKE_AWS_LOG"
service="$1" operation="$2"
shift 2
declare -A opt=()
while [ $# -gt 0 ]; do
  case "$1" in --*) opt[$1]="${2-}"; shift; [ $# -gt 0 ] && shift ;; *) shift ;; esac
done
region="${opt[--region]-}"
# The folder (relative to root) of the vault whose describe.json has "FIELD": "VALUE".
vault_with() { grep -l "\"$1\": \"$2\"" "$root"/*/vaults/*/describe.json 2> /dev/null | head -1 | sed "s#^$root/##; s#/describe.json\$##"; }
vault="$region/vaults/${opt[--backup-vault-name]-}"
plan="$region/plans/${opt[--backup-plan-id]-}"
restore="$region/restore-testing/${opt[--restore-testing-plan-name]-}"
case "$service $operation" in
  'sts get-caller-identity') file=account.json ;;
  'iam list-account-aliases') file=account-aliases.json ;;
  'backup list-backup-vaults') file="$region/backup-vaults.json" ;;
  'backup describe-backup-vault') file="$vault/describe.json" ;;
  'backup get-backup-vault-access-policy') file="$vault/access-policy.json" ;;
  'backup get-backup-vault-notifications') file="$vault/notifications.json" ;;
  'backup list-tags')
    arn="${opt[--resource-arn]}"
    case "$arn" in *:backup-plan:*) file="$region/plans/${arn##*:backup-plan:}/tags.json" ;; *) file="$(vault_with BackupVaultArn "$arn")/tags.json" ;; esac ;;
  'kms describe-key') file="$(vault_with EncryptionKeyArn "${opt[--key-id]}")/key.json" ;;
  'backup list-backup-plans') file="$region/backup-plans.json" ;;
  'backup get-backup-plan') file="$plan/plan.json" ;;
  'backup list-backup-selections') file="$plan/selections.json" ;;
  'backup get-backup-selection') file="$plan/selections/${opt[--selection-id]}.json" ;;
  'backup list-restore-testing-plans') file="$region/restore-testing-plans.json" ;;
  'backup get-restore-testing-plan') file="$restore/plan.json" ;;
  'backup list-restore-testing-selections') file="$restore/selections.json" ;;
  'backup get-restore-testing-selection') file="$restore/selections/${opt[--restore-testing-selection-name]}.json" ;;
  'backup list-frameworks') file="$region/frameworks.json" ;;
  'backup list-report-plans') file="$region/report-plans.json" ;;
  'backup describe-region-settings') file="$region/region-settings.json" ;;
  'organizations describe-organization') file=organizations/organization.json ;;
  'organizations list-policies') file=organizations/backup-policies.json ;;
  'organizations describe-policy') file="organizations/policies/${opt[--policy-id]}.json" ;;
  'organizations list-targets-for-policy') file="organizations/policies/${opt[--policy-id]}.targets.json" ;;
  'organizations list-delegated-administrators') file=organizations/delegated-administrators.json ;;
  *) file=unknown ;;
esac
if [ -f "$root/$file" ]; then cat "$root/$file"; exit 0; fi
if [ -f "$root/$file.error" ]; then cat "$root/$file.error" >&2; exit 254; fi
printf '\nAn error occurred (AccessDeniedException) when calling the %s operation: not in the fixture (%s)\n' "$operation" "$file" >&2
exit 254
