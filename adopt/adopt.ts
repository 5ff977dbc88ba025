/**
 * `backup-estate adopt`: from the folder scripts/export-estate.sh wrote to a config that reproduces
 * the estate, the Terraform import blocks of every existing resource it manages, and a report of
 * every difference. The config is checked and synthesized exactly as validate and synth would
 * (in a scratch folder); the rule pack's errors on the estate as it runs become suppressions with
 * a reason (each also a warning of the report, at its config path), so the adopted config
 * validates and the first plan only imports and updates in place. Nothing is written here:
 * ./write.ts writes the result.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { checkRawConfig, type ConfigCheck } from '../config';
import { formatProblem } from '../config/issues';
import type { ImportsFile } from '../config/adoption';
import { Adoption, type AccountScope, listed } from './context';
import { accountFolders, ExportError, type ExportFolder, type Json, regionFolders, str } from './export-files';
import { matchImports, synthesizeModel, type Synthesis } from './imports';
import { accountNameOf } from './names';
import { adoptOrganization, MANAGEMENT_REGION } from './organization';
import { adoptRegionSettings, adoptRestoreTesting, readRegionSettings, reportAudit } from './operations';
import { adoptPlans, commonRole, planRegions, readPlans, readPolicyPlans, reportPolicyPlans } from './plans';
import { reportMarkdown, sortItems, type ImportRow, type ReportItem } from './report';
import { adoptVaults } from './vaults';

/** Where adopt's files go, relative to the config file. */
export const ADOPT_DIR = 'adopt';
export const IMPORTS_FILE = `${ADOPT_DIR}/imports.json`;
export const REPORT_FILE = `${ADOPT_DIR}/report.md`;
const POLICIES_DIR = `${ADOPT_DIR}/policies`;

export interface AdoptOptions {
  /** The export folder (scripts/export-estate.sh --out), or one account folder in it. */
  readonly from: string;
  /** The config file name the report names. @default 'backup.yaml' */
  readonly configFile?: string;
}

export interface AdoptionResult {
  readonly mode: 'single' | 'organization';
  /** The config object (what configText holds). */
  readonly config: Json;
  readonly configText: string;
  /** Files beside the config, by path relative to it: the imports, the report, policy files. */
  readonly files: Readonly<Record<string, string>>;
  readonly items: readonly ReportItem[];
  readonly imports: readonly ImportRow[];
  readonly created: readonly { readonly stack: string; readonly address: string }[];
  /** Why the adopted config does not validate (formatted like validate's): empty when it does. */
  readonly errors: readonly string[];
  /** The stacks the config synthesizes. */
  readonly stacks: readonly string[];
}

function singleAccount(account: ExportFolder, out: Adoption): Json {
  const regions = regionFolders(account);
  if (regions.length === 0) throw new ExportError(`${account.path} holds no Region folder (<region>/backup-vaults.json): export a Region with scripts/export-estate.sh --region`);
  const identity = account.readRequired('account.json', { key: 'Account', shape: 'string' });
  const id = str(identity, 'Account') ?? '';
  const aliases = account.read('account-aliases.json');
  const alias = aliases.kind === 'ok' ? (aliases.value.AccountAliases as unknown[] | undefined)?.find((item): item is string => typeof item === 'string') : undefined;
  // Plans a backup policy deploys belong to the management account: reported, and they weigh on neither the primary Region nor the service role.
  reportPolicyPlans(readPolicyPlans(regions), out);
  const existing = readPlans(regions);
  const counts = planRegions(existing);
  const regionNames = regions.map((folder) => folder.path.split(/[\\/]/).pop() ?? '');
  const primary = [...regionNames].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : 1))[0] ?? '';
  const partition = /^arn:(aws[a-z-]*):/.exec(str(identity, 'Arn') ?? '')?.[1] ?? 'aws';
  const scope: AccountScope = { id, name: accountNameOf(alias, id), partition, primary };
  const vaults = adoptVaults(scope, regions, out);
  const serviceRole = commonRole(existing);
  const plans = adoptPlans(scope, existing, vaults, serviceRole, out);
  const running = new Set(Object.values(plans).map((plan) => (typeof plan.region === 'string' ? plan.region : primary)));
  const restoreTesting = adoptRestoreTesting(scope, regions, running, vaults, out);
  const regionSettings = adoptRegionSettings(scope, regions, running, out);
  reportAudit(regions, out);
  return {
    version: 1,
    account: { id, name: scope.name, region: primary, ...(partition === 'aws' ? {} : { partition }) },
    ...(serviceRole !== undefined ? { serviceRole: { arn: serviceRole } } : {}),
    vaults: vaults.entries,
    plans,
    ...(Object.keys(restoreTesting).length > 0 ? { restoreTesting } : {}),
    ...(regionSettings ? { regionSettings } : {}),
  };
}

/** Checks the config in `dir` (where its adopt/ files are), with the policy and imports files written there first. */
function check(config: Json, files: Readonly<Record<string, string>>, dir: string): ConfigCheck {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return checkRawConfig(config, { baseDir: dir });
}

/** Rule-pack errors on the estate as it runs become suppressions with a reason, and warnings of the report. */
function suppressErrors(synthesis: Synthesis, out: Adoption): Json[] {
  const suppressions = new Map<string, Json>();
  for (const finding of synthesis.findings.filter((item) => !item.suppressed)) {
    const path = finding.configPath ?? `${finding.stack} ${finding.address}`;
    if (finding.severity === 'warning') {
      out.report('warning', path, `${finding.message} [${finding.ruleId}]`);
      continue;
    }
    out.report('warning', path, `${finding.message} [${finding.ruleId}]: the rule pack refuses it, so adopt suppressed it (compliance.suppressions) to keep the estate as it runs; fix it and remove the suppression`);
    const scope = finding.configPath !== undefined ? { path: finding.configPath } : { stack: finding.stack, resource: finding.address };
    suppressions.set(`${finding.ruleId} ${JSON.stringify(scope)}`, { rule: finding.ruleId, ...scope, reason: 'adopted as it runs in AWS (backup-estate adopt): fix it, then remove this suppression' });
  }
  return [...suppressions.values()];
}

/** What the first apply does to the Region settings: the types it opts in or out (our selections decide, with the one evaluator). */
function regionSettingsChanges(accounts: readonly ExportFolder[], synthesis: Synthesis, out: Adoption): void {
  for (const [stack, json] of synthesis.stacks) {
    const [settings] = json.ofType('aws_backup_region_settings');
    const region = json.providers[0]?.region ?? '';
    const folder = accounts.flatMap((account) => regionFolders(account)).find((candidate) => candidate.path.split(/[\\/]/).pop() === region);
    const file = folder === undefined ? undefined : readRegionSettings(folder);
    if (!settings || file?.kind !== 'ok') continue;
    const before = (file.value.ResourceTypeOptInPreference ?? {}) as Record<string, unknown>;
    const after = (settings.attributes.resource_type_opt_in_preference ?? {}) as Record<string, unknown>;
    const optIn = Object.keys(after).filter((type) => after[type] === true && before[type] !== true).sort();
    const optOut = Object.keys(after).filter((type) => after[type] === false && before[type] === true).sort();
    if (optIn.length > 0) {
      out.report(
        'warning',
        'regionSettings.optOut',
        `the first apply opts in ${listed(optIn)} in ${region} (${stack}), which AWS does not opt in there today: the selections there can select them (a selection by tags, or by "*" with conditions, selects every type), so they start being backed up; regionSettings holds one value for every Region, and another Region opts them in. To keep them skipped everywhere, add them to regionSettings.optOut`,
      );
    }
    if (optOut.length > 0) out.report('changed', 'regionSettings.optIn', `the first apply opts out ${listed(optOut)} in ${region} (${stack}): no selection there selects them; add them to regionSettings.optIn to keep them`);
  }
}

const HEADER = (from: string) =>
  [
    `# Adopted from ${from} by backup-estate adopt. Read ${REPORT_FILE} first: what the config could not hold,`,
    `# what the first apply changes in place, and the warnings, each at its config path. Then validate,`,
    '# synth and plan: the plan must only import and update in place. After the first apply, remove',
    `# adoption: and ${IMPORTS_FILE}.`,
  ].join('\n');

/** Adopts an export: the config, its import blocks and the report (nothing is written). */
export function adoptExport(options: AdoptOptions): AdoptionResult {
  const accounts = accountFolders(options.from);
  const management = accounts.find((account) => account.has('organizations'));
  if (!management && accounts.length > 1) {
    throw new ExportError(`${options.from} holds ${accounts.length} accounts and no organizations/ folder: adopt one account at a time (--from ${accounts[0]?.path}), or export the management account with --organization`);
  }
  const out = new Adoption();
  const organization = management ? adoptOrganization(management, accounts.filter((account) => account !== management), POLICIES_DIR, out) : undefined;
  const base: Json = organization ? { version: 1, ...organization.config } : singleAccount(accounts[0] as ExportFolder, out);
  const files: Record<string, string> = { ...organization?.files };
  const scratch = mkdtempSync(join(tmpdir(), 'backup-estate-adopt-check-'));
  try {
    const first = check(base, files, scratch);
    if (!first.model) return finish(options, base, files, out, { rows: [], created: [] }, first.errors.map(formatProblem), []);
    const synthesis = synthesizeModel(first.model);
    const suppressions = suppressErrors(synthesis, out);
    for (const warning of first.warnings) out.report('warning', warning.path, warning.message);
    regionSettingsChanges(accounts, synthesis, out);
    const matched = matchImports(out.targets, synthesis);
    const importsFile: ImportsFile = { version: 1, '//': `Written by backup-estate adopt from ${options.from}: import blocks of the existing resources, by stack and address. Remove after the first apply.`, stacks: matched.byStack };
    files[IMPORTS_FILE] = `${JSON.stringify(importsFile, null, 2)}\n`;
    const config: Json = { ...base, ...(suppressions.length > 0 ? { compliance: { suppressions } } : {}), adoption: { imports: IMPORTS_FILE } };
    // The config as it will be written, checked and synthesized once more: imports and suppressions included.
    const final = check(config, files, scratch);
    const errors = final.errors.map(formatProblem);
    if (final.model) {
      const open = synthesizeModel(final.model).findings.filter((finding) => !finding.suppressed && finding.severity === 'error');
      errors.push(...open.map((finding) => `error   ${finding.configPath ?? finding.stack}: ${finding.message} [${finding.ruleId}]`));
    }
    errors.push(...matched.unmatched.map((target) => `error   ${target.configPath}: no resource of stack ${target.stack} stands for ${target.what} (${target.id}): nothing imports it`));
    return finish(options, config, files, out, matched, errors, first.model.stacks.map((stack) => stack.name));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function finish(
  options: AdoptOptions,
  config: Json,
  files: Record<string, string>,
  out: Adoption,
  matched: { readonly rows: readonly ImportRow[]; readonly created: readonly { readonly stack: string; readonly address: string }[] },
  errors: string[],
  stacks: readonly string[],
): AdoptionResult {
  const items = sortItems(out.items);
  const configFile = options.configFile ?? 'backup.yaml';
  const report = reportMarkdown({ source: options.from, config: configFile, importsFile: IMPORTS_FILE, items, imports: matched.rows, created: matched.created, errors });
  const configText = `${HEADER(options.from)}\n${stringify(config, { lineWidth: 0 })}`;
  return {
    mode: 'organization' in config ? 'organization' : 'single',
    config,
    configText,
    files: { ...files, [REPORT_FILE]: report },
    items,
    imports: matched.rows,
    created: matched.created,
    errors,
    stacks,
  };
}

export { MANAGEMENT_REGION };
