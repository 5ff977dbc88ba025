#!/usr/bin/env bash
# The package as a user gets it: npm pack, install the tarball (with only its declared dependencies)
# into a folder holding what `cdktf init` installs first (cdktf, the newest constructs 10), then there: the CLI (--version, init, validate, synth, a refused init), the
# pipeline init wrote (its commands exist, its standalone synth, plan-role and guard tools run), and a
# TypeScript cdktf app that imports the constructs and the estate API from the package root,
# type-checked with a cdktf-init-style tsconfig and synthesized. Fails on the first difference.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/backup-estate-package-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }

cd "$root"
npm pack --silent --pack-destination "$work" > "$work/packed.txt"
tarball="$work/$(tail -1 "$work/packed.txt")"

# What the tarball holds: no tests, no fixtures, no TypeScript sources (declarations only), no source maps.
contents="$(tar tzf "$tarball")"
if grep -E '__tests__|fixtures/|\.map$' <<< "$contents"; then fail "the tarball holds test files, fixtures or source maps"; fi
if grep -E '\.ts$' <<< "$contents" | grep -v '\.d\.ts$'; then fail "the tarball holds TypeScript sources"; fi
# Maintainer scripts (the README's field tables, the benchmark) are not commands: not shipped.
if grep -E '^package/dist/(cli/docs\.js|bench/)' <<< "$contents"; then fail "the tarball holds a maintainer script"; fi
for required in package/bin/backup-estate.js package/lib/index.js package/lib/index.d.ts package/dist/cli/backup-estate.js package/dist/main.js package/dist/cli/synth-worker.js package/backup-config.schema.json package/templates/backup.yaml package/scripts/export-estate.sh package/dist/cli/adopt.js package/dist/standalone/synth.js package/dist/standalone/plan-role.js package/dist/standalone/guard.js package/dist/standalone/cli.js package/dist/standalone/cli.js.cache; do
  grep -qx "$required" <<< "$contents" || fail "the tarball lacks $required"
done
# Every file the README links to (samples, the pipeline guide) is in the tarball: the README ships with it.
for linked in $(grep -oE '\]\([^)#:]+[)#]' README.md | sed -E 's/^..//; s/.$//' | sort -u); do
  grep -qx "package/$linked" <<< "$contents" || fail "the README links to $linked, which the tarball lacks"
done

project="$work/project"
mkdir -p "$project"
cd "$project"
echo '{ "name": "package-smoke", "private": true }' > package.json
# As `cdktf init --template typescript` does first: cdktf and the newest constructs 10, which the package must share.
npm install "cdktf@$(node -p "require('$root/package.json').dependencies.cdktf")" constructs@10 --prefer-offline --no-audit --no-fund --loglevel=error > /dev/null
npm install "$tarball" --prefer-offline --no-audit --no-fund --loglevel=error > /dev/null
installed="$(ls node_modules | sort | tr '\n' ' ')"
[ "$installed" = "@cdktf backup-estate cdktf constructs yaml zod " ] || fail "installed more or less than the declared dependencies: $installed"
# A second constructs under the package breaks its constructs in the app's stacks (scope.node._scopes is not iterable).
[ ! -e node_modules/backup-estate/node_modules/constructs ] || fail "the package installed its own constructs beside the app's: $(npm ls constructs 2>&1)"

version="$(npx --no-install backup-estate --version)"
[ "$version" = "$(node -p "require('$root/package.json').version")" ] || fail "--version printed $version"
npx --no-install backup-estate init --name smoke > /dev/null
npx --no-install backup-estate validate > validate.out 2> validate.err || fail "validate of the starter config failed: $(cat validate.err)"
grep -q '^backup.yaml: valid' validate.out || fail "validate printed: $(cat validate.out)"
npx --no-install backup-estate synth > synth.out 2> synth.err || fail "synth failed: $(cat synth.err)"
[ -f cdktf.out/stacks/smoke-eu-west-1/cdk.tf.json ] || fail "synth wrote no stack"
if npx --no-install backup-estate init > /dev/null 2>&1; then fail "init overwrote an existing project"; fi
# synth and validate ran from the inlined bundle, whose code cache this Node.js accepts.
cache="$(node -e "process.stdout.write(String(require('./node_modules/backup-estate/dist/cli/backup-estate.js').loadBundle(require('node:path').resolve('node_modules/backup-estate/dist/standalone/cli.js')).cacheRejected))")"
[ "$cache" = false ] || fail "the code cache of dist/standalone/cli.js was not accepted (cacheRejected: $cache)"

# The pipeline init wrote runs in this project as it is: every backup-estate command it calls exists
# here, and the plan jobs' standalone synth (taken from the installed package) writes the bytes synth wrote.
pipeline=.github/workflows/backup-estate.yml
if grep -nE 'npm run|scripts/build|node scripts' "$pipeline"; then fail "the pipeline calls this repository's scripts, which a user's project lacks"; fi
commands="$(grep -oE 'npx --no-install backup-estate [a-z-]+' "$pipeline" | awk '{print $4}' | sort -u)"
[ -n "$commands" ] || fail "the pipeline calls no backup-estate command"
for command in $commands; do
  npx --no-install backup-estate "$command" --help > /dev/null 2>&1 || fail "the pipeline calls backup-estate $command, which is not a command"
done
tools_step="$(node -e "
  const { parse } = require('$root/node_modules/yaml');
  const steps = parse(require('node:fs').readFileSync('$pipeline', 'utf8')).jobs.synth.steps;
  process.stdout.write(steps.find((step) => step.name === \"The plan jobs' tools\").run);
")"
bash -eo pipefail -c "$tools_step" || fail "the pipeline's tools step failed"
mkdir -p job && cp backup.yaml job/ && (cd job && node ../synth-tool/synth.js --stack smoke-eu-west-1 > ../standalone.out 2>&1) || fail "the standalone synth failed: $(cat standalone.out)"
cmp -s job/cdktf.out/stacks/smoke-eu-west-1/cdk.tf.json cdktf.out/stacks/smoke-eu-west-1/cdk.tf.json || fail "the standalone synth wrote other bytes than backup-estate synth"
# The smoke config keeps local state, which a pipeline refuses: the tool runs and says so (exit 1).
status=0; (cd job && node ../synth-tool/plan-role.js --check > ../plan-role.out 2>&1) || status=$?
[ "$status" -eq 1 ] && grep -q 'error state.backend: a pipeline needs remote state' plan-role.out || fail "the standalone plan-role tool did not refuse local state (exit $status): $(cat plan-role.out)"
# The apply jobs' guard: a plan that creates only passes.
printf '%s' '{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}},"configuration":{"root_module":{}},"resource_changes":[{"address":"aws_backup_vault.v","mode":"managed","type":"aws_backup_vault","change":{"actions":["create"]}}]}' > job/plan.json
(cd job && node ../synth-tool/guard.js plan.json --stack smoke-eu-west-1 --config backup.yaml > ../guard.out 2>&1) || fail "the standalone guard failed: $(cat guard.out)"

# A TypeScript cdktf app importing from the package root (a cdktf-init-style tsconfig).
mkdir -p node_modules/@types
ln -s "$root/node_modules/@types/node" node_modules/@types/node
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "alwaysStrict": true, "declaration": true, "experimentalDecorators": true, "lib": ["es2018"], "module": "CommonJS",
    "noEmitOnError": true, "noImplicitAny": true, "noImplicitReturns": true, "noUnusedLocals": true, "noUnusedParameters": true,
    "resolveJsonModule": true, "strict": true, "target": "ES2018", "skipLibCheck": true, "outDir": "build", "types": ["node"]
  },
  "include": ["app.ts"]
}
JSON
cat > app.ts <<'TS'
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { addEstate, BackupPlan, BackupSelection, BackupServiceRole, BackupVault, checkConfigFile, coverageOf, parseInventory, ruleFromPreset, runbooks, Selections } from 'backup-estate';

const app = new App({ outdir: 'app.out' });
const check = checkConfigFile('backup.yaml');
if (!check.model) throw new Error(check.errors.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
const findings = addEstate(app, check.model);

const stack = new TerraformStack(app, 'extra');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
const account = { accountId: '111122223333', region: 'eu-west-1' };
const role = new BackupServiceRole(stack, 'role', { account, roleName: 'extra-backup-role' });
const vault = new BackupVault(stack, 'vault', { vaultName: 'extra', dedicatedKey: { account, backupRoleArns: [role.arn] } });
const plan = new BackupPlan(stack, 'plan', { planName: 'extra', rules: { daily: ruleFromPreset('daily-35', vault.name) } });
new BackupSelection(stack, 'tagged', { selectionName: 'extra', planId: plan.planId, iamRoleArn: role.arn, ...Selections.byTag('backup', 'extra') });
app.synth();
// The library calls the README documents for coverage and runbooks.
const inventory = parseInventory(JSON.stringify({ ResourceTagMappingList: [{ ResourceARN: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', Tags: [{ Key: 'backup', Value: 'standard' }] }] }), 'inventory.json');
const covered = coverageOf(check.model, inventory).totals.covered;
console.log(`stacks: ${check.model.stacks.map((model) => model.name).join(', ')}, extra; rule-pack errors: ${findings.errors().length}; covered: ${covered}; runbooks: ${runbooks(check.model).length}`);
TS
"$root/node_modules/.bin/tsc" -p . || fail "the TypeScript app does not type-check against the package"
out="$(node build/app.js)"
[ "$out" = "stacks: smoke-eu-west-1, extra; rule-pack errors: 0; covered: 1; runbooks: 1" ] || fail "the app printed: $out"
[ -f app.out/stacks/extra/cdk.tf.json ] && [ -f app.out/stacks/smoke-eu-west-1/cdk.tf.json ] || fail "the app synthesized no stacks"
echo "package test: $(basename "$tarball") installs with only its dependencies; the CLI and a TypeScript app work from the package root"
