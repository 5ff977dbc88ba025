#!/usr/bin/env bash
# Exports what AWS Backup already runs in one account, for `backup-estate adopt`: the JSON output of
# read-only AWS CLI calls (list-*, describe-*, get-* only; the script refuses any other operation),
# one folder per account and Region, fixed file names. Run it with the account's own credentials:
#
#   bash node_modules/backup-estate/scripts/export-estate.sh --region eu-west-1 [--region eu-central-1] \
#        [--out export] [--profile NAME] [--organization]
#
# Export every Region the estate uses (copy destinations included), then:
#   npx backup-estate adopt --from export/<account id>
# --organization (in the management account) also exports the Organizations backup policies, their
# targets and the AWS Backup delegated administrator; then adopt --from export.
#
# Layout (<out>/<account id>/...):
#   account.json                    sts get-caller-identity
#   account-aliases.json            iam list-account-aliases
#   <region>/backup-vaults.json     backup list-backup-vaults
#   <region>/vaults/<vault>/describe.json        backup describe-backup-vault (lock settings)
#   <region>/vaults/<vault>/access-policy.json   backup get-backup-vault-access-policy
#   <region>/vaults/<vault>/notifications.json   backup get-backup-vault-notifications
#   <region>/vaults/<vault>/tags.json            backup list-tags
#   <region>/vaults/<vault>/key.json             kms describe-key (customer-managed or AWS managed)
#   <region>/backup-plans.json                   backup list-backup-plans
#   <region>/plans/<plan id>/plan.json           backup get-backup-plan
#   <region>/plans/<plan id>/tags.json           backup list-tags
#   <region>/plans/<plan id>/selections.json     backup list-backup-selections
#   <region>/plans/<plan id>/selections/<selection id>.json   backup get-backup-selection
#   <region>/restore-testing-plans.json          backup list-restore-testing-plans
#   <region>/restore-testing/<name>/plan.json    backup get-restore-testing-plan
#   <region>/restore-testing/<name>/selections.json             backup list-restore-testing-selections
#   <region>/restore-testing/<name>/selections/<selection>.json backup get-restore-testing-selection
#   <region>/frameworks.json                     backup list-frameworks
#   <region>/report-plans.json                   backup list-report-plans
#   <region>/region-settings.json                backup describe-region-settings
#   organizations/organization.json              organizations describe-organization
#   organizations/backup-policies.json           organizations list-policies --filter BACKUP_POLICY
#   organizations/policies/<policy id>.json      organizations describe-policy
#   organizations/policies/<policy id>.targets.json   organizations list-targets-for-policy
#   organizations/delegated-administrators.json  organizations list-delegated-administrators --service-principal backup.amazonaws.com
# A call that fails leaves <file>.error with the CLI's message instead (ResourceNotFoundException:
# there is none, such as a vault without an access policy; anything else: it could not be read).
# The AWS CLI paginates list calls itself and prints the whole list. Needs bash and the AWS CLI
# (v2; v1 works too). Exit 0 when every call succeeded or found nothing, 1 when some
# could not be made (see the .error files), 2 on a usage error.
set -uo pipefail

usage() { echo "usage: export-estate.sh --region REGION [--region REGION ...] [--out DIR] [--profile NAME] [--organization] (--region may be left out with --organization)" >&2; exit 2; }

regions=()
out="export"
profile=()
organization=0
while [ $# -gt 0 ]; do
  case "$1" in
    --region) [ $# -ge 2 ] || usage; IFS=',' read -r -a more <<< "$2"; regions+=("${more[@]}"); shift 2 ;;
    --region=*) IFS=',' read -r -a more <<< "${1#--region=}"; regions+=("${more[@]}"); shift ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    --profile) [ $# -ge 2 ] || usage; profile=(--profile "$2"); shift 2 ;;
    --profile=*) profile=(--profile "${1#--profile=}"); shift ;;
    --organization) organization=1; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1" >&2; usage ;;
  esac
done
[ ${#regions[@]} -gt 0 ] || [ "$organization" = 1 ] || usage
command -v aws > /dev/null || { echo "export-estate.sh needs the AWS CLI (aws) on PATH" >&2; exit 2; }

failed=0

# call FILE SERVICE OPERATION [ARGS...]: one read-only call, its JSON into FILE (or FILE.error).
call() {
  local file="$1" service="$2" operation="$3"
  shift 3
  case "$operation" in
    list-*|describe-*|get-*) ;;
    *) echo "export-estate.sh: refusing $service $operation: only list, describe and get calls are made" >&2; exit 2 ;;
  esac
  mkdir -p "$(dirname "$file")"
  rm -f "$file" "$file.error"
  if AWS_PAGER="" aws ${profile[@]+"${profile[@]}"} "$service" "$operation" "$@" --output json > "$file.partial" 2> "$file.stderr"; then
    mv "$file.partial" "$file"
    rm -f "$file.stderr"
  else
    mv "$file.stderr" "$file.error"
    rm -f "$file.partial"
    grep -q 'ResourceNotFoundException' "$file.error" || { failed=1; echo "export-estate.sh: $service $operation failed: $(grep -m1 . "$file.error")" >&2; }
  fi
}

# field FILE FIELD: every value of the string field FIELD in FILE, one per line. The CLI prints JSON
# one key per line, and the fields read here (names, ids, ARNs) hold no quote or backslash.
field() {
  [ -f "$1" ] || return 0
  sed -n "s/^ *\"$2\": *\"\([^\"]*\)\",\{0,1\}\$/\1/p" "$1"
}

# Global services (STS, IAM, Organizations) take any Region: the first one given, else us-east-1.
global=(--region "${regions[0]:-us-east-1}")
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
call "$scratch/account.json" sts get-caller-identity "${global[@]}"
[ -s "$scratch/account.json" ] || { echo "export-estate.sh: sts get-caller-identity failed: check the credentials" >&2; exit 1; }
account="$(field "$scratch/account.json" Account)"
base="$out/$account"
mkdir -p "$base"
cp "$scratch/account.json" "$base/account.json"
call "$base/account-aliases.json" iam list-account-aliases "${global[@]}"

for region in "${regions[@]+"${regions[@]}"}"; do
  dir="$base/$region"
  r=(--region "$region")
  call "$dir/backup-vaults.json" backup list-backup-vaults "${r[@]}"
  while IFS= read -r vault; do
    v="$dir/vaults/$vault"
    call "$v/describe.json" backup describe-backup-vault --backup-vault-name "$vault" "${r[@]}"
    call "$v/access-policy.json" backup get-backup-vault-access-policy --backup-vault-name "$vault" "${r[@]}"
    call "$v/notifications.json" backup get-backup-vault-notifications --backup-vault-name "$vault" "${r[@]}"
    arn="$(field "$v/describe.json" BackupVaultArn)"
    [ -n "$arn" ] && call "$v/tags.json" backup list-tags --resource-arn "$arn" "${r[@]}"
    key="$(field "$v/describe.json" EncryptionKeyArn)"
    [ -n "$key" ] && call "$v/key.json" kms describe-key --key-id "$key" "${r[@]}"
  done < <(field "$dir/backup-vaults.json" BackupVaultName)
  call "$dir/backup-plans.json" backup list-backup-plans "${r[@]}"
  while IFS= read -r plan; do
    p="$dir/plans/$plan"
    call "$p/plan.json" backup get-backup-plan --backup-plan-id "$plan" "${r[@]}"
    arn="$(field "$p/plan.json" BackupPlanArn)"
    [ -n "$arn" ] && call "$p/tags.json" backup list-tags --resource-arn "$arn" "${r[@]}"
    call "$p/selections.json" backup list-backup-selections --backup-plan-id "$plan" "${r[@]}"
    while IFS= read -r selection; do
      call "$p/selections/$selection.json" backup get-backup-selection --backup-plan-id "$plan" --selection-id "$selection" "${r[@]}"
    done < <(field "$p/selections.json" SelectionId)
  done < <(field "$dir/backup-plans.json" BackupPlanId)
  call "$dir/restore-testing-plans.json" backup list-restore-testing-plans "${r[@]}"
  while IFS= read -r plan; do
    t="$dir/restore-testing/$plan"
    call "$t/plan.json" backup get-restore-testing-plan --restore-testing-plan-name "$plan" "${r[@]}"
    call "$t/selections.json" backup list-restore-testing-selections --restore-testing-plan-name "$plan" "${r[@]}"
    while IFS= read -r selection; do
      call "$t/selections/$selection.json" backup get-restore-testing-selection --restore-testing-plan-name "$plan" --restore-testing-selection-name "$selection" "${r[@]}"
    done < <(field "$t/selections.json" RestoreTestingSelectionName)
  done < <(field "$dir/restore-testing-plans.json" RestoreTestingPlanName)
  call "$dir/frameworks.json" backup list-frameworks "${r[@]}"
  call "$dir/report-plans.json" backup list-report-plans "${r[@]}"
  call "$dir/region-settings.json" backup describe-region-settings "${r[@]}"
done

if [ "$organization" = 1 ]; then
  o="$base/organizations"
  call "$o/organization.json" organizations describe-organization "${global[@]}"
  call "$o/backup-policies.json" organizations list-policies --filter BACKUP_POLICY "${global[@]}"
  while IFS= read -r policy; do
    call "$o/policies/$policy.json" organizations describe-policy --policy-id "$policy" "${global[@]}"
    call "$o/policies/$policy.targets.json" organizations list-targets-for-policy --policy-id "$policy" "${global[@]}"
  done < <(field "$o/backup-policies.json" Id)
  call "$o/delegated-administrators.json" organizations list-delegated-administrators --service-principal backup.amazonaws.com "${global[@]}"
fi

echo "Exported account $account (${regions[*]}) into $base"
[ "$failed" = 0 ] || { echo "export-estate.sh: some calls could not be made (see the .error files): adopt reports what they leave unknown" >&2; exit 1; }
