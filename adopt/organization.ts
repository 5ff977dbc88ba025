/**
 * The organization side of an export from the management account (describe-organization,
 * list-policies --filter BACKUP_POLICY, describe-policy and list-targets-for-policy per policy,
 * list-delegated-administrators for backup.amazonaws.com): an organization config whose backup
 * policies are hand-written policy files holding exactly the content AWS has, attached to the
 * same targets, with the delegated administrator as the backup account.
 */
import { policyReferences } from '../policies/references';
import { Adoption, listed } from './context';
import { ExportFolder, Json, obj, str } from './export-files';
import { accountNameOf, KeyTaker, keyOf } from './names';

export interface OrganizationAdoption {
  readonly config: Json;
  /** Policy files to write, by path relative to the config. */
  readonly files: Readonly<Record<string, string>>;
}

const SERVICE_PRINCIPAL = 'backup.amazonaws.com';
/** The Region of the management stack (Organizations is global; the config's default). */
export const MANAGEMENT_REGION = 'us-east-1';

export function adoptOrganization(management: ExportFolder, others: readonly ExportFolder[], policiesDir: string, out: Adoption): OrganizationAdoption {
  const folder = management.child('organizations');
  const organization = obj(folder.readRequired('organization.json', { key: 'Organization', shape: 'object' }), 'Organization') ?? {};
  const managementId = str(organization, 'MasterAccountId') ?? '';
  const aliases = management.read('account-aliases.json');
  const alias = aliases.kind === 'ok' ? (aliases.value.AccountAliases as unknown[] | undefined)?.find((item): item is string => typeof item === 'string') : undefined;
  const accountKeys = new KeyTaker();
  const managementKey = accountKeys.take(accountNameOf(alias, managementId));
  const accounts: Json = { [managementKey]: { id: managementId } };
  const [delegated] = folder.readList('delegated-administrators.json', 'DelegatedAdministrators');
  let backupKey = managementKey;
  if (delegated) {
    const id = str(delegated, 'Id') ?? '';
    backupKey = id === managementId ? managementKey : accountKeys.take(accountNameOf(str(delegated, 'Name'), id));
    if (backupKey !== managementKey) accounts[backupKey] = { id };
    out.importing({ stack: `management-${MANAGEMENT_REGION}`, configPath: 'organization', type: 'aws_organizations_delegated_administrator', id: `${id}/${SERVICE_PRINCIPAL}`, what: `delegated administrator ${id} for ${SERVICE_PRINCIPAL}` });
  }
  const units: Json = {};
  const unitKeys = new KeyTaker();
  const unitOf = new Map<string, string>();
  const policyKeys = new KeyTaker();
  const policies: Json = {};
  const files: Record<string, string> = {};
  const named = { vaults: new Set<string>(), roles: new Set<string>() };
  for (const summary of folder.readList('backup-policies.json', 'Policies')) {
    const id = str(summary, 'Id') ?? '';
    const name = str(summary, 'Name') ?? id;
    if (summary.AwsManaged === true) {
      out.report('not-represented', 'organization.policies', `policy ${name} is managed by AWS: it stays as it is`);
      continue;
    }
    const key = policyKeys.take(keyOf(name, 'policy'));
    const path = `organization.policies.${key}`;
    if (key !== name) out.report('changed', path, `policy "${name}" becomes ${key}: backup-estate names a policy by its config key; the first apply renames it in place`);
    const content = (folder.child('policies').readRequired(`${id}.json`, { key: 'Policy.Content', shape: 'string' }).Policy as Json).Content as string;
    const file = `${policiesDir}/${key}.json`;
    const document: unknown = JSON.parse(content);
    files[file] = `${JSON.stringify(document, null, 2)}\n`;
    for (const plan of policyReferences(document).plans) {
      plan.vaultNames.forEach((vault) => named.vaults.add(vault));
      plan.roleArns.forEach((role) => named.roles.add(role));
    }
    const targets: string[] = [];
    for (const target of folder.child('policies').readList(`${id}.targets.json`, 'Targets')) {
      const targetId = str(target, 'TargetId') ?? '';
      const type = str(target, 'Type');
      let targetKey: string;
      if (type === 'ACCOUNT') {
        targetKey = Object.entries(accounts).find(([, account]) => (account as Json).id === targetId)?.[0] ?? accountKeys.take(accountNameOf(str(target, 'Name'), targetId));
        accounts[targetKey] ??= { id: targetId };
      } else {
        targetKey = unitOf.get(targetId) ?? unitKeys.take(keyOf(str(target, 'Name') ?? targetId, 'unit'));
        unitOf.set(targetId, targetKey);
        units[targetKey] = targetId;
      }
      targets.push(targetKey);
      out.importing({ stack: `management-${MANAGEMENT_REGION}`, configPath: path, type: 'aws_organizations_policy_attachment', match: { attribute: 'target_id', value: targetId }, id: `${targetId}:${id}`, what: `attachment of ${name} to ${targetId}` });
    }
    policies[key] = { ...(str(summary, 'Description') ? { description: str(summary, 'Description') } : {}), file, targets: targets.sort() };
    out.importing({ stack: `management-${MANAGEMENT_REGION}`, configPath: path, type: 'aws_organizations_policy', id, what: `backup policy ${name} (${id})` });
  }
  for (const account of [management, ...others]) {
    const regions = account.folders().filter((name) => name !== 'organizations');
    if (regions.length > 0) {
      out.report(
        'not-represented',
        'accounts',
        `the vaults and plans of account ${account.path.split(/[\\/]/).pop()} (${listed(regions)}): an organization config holds plans and vaults as templates shared by accounts, which existing vaults (each with its own key) cannot be; adopt that account's folder on its own (--from ${account.path}) into a config of its own`,
      );
    }
  }
  const { vaults, serviceRole } = policyNames(named, out);
  return {
    config: {
      organization: {
        id: str(organization, 'Id'),
        managementAccount: managementKey,
        backupAccount: backupKey,
        ...(delegated ? {} : { registerDelegatedAdministrator: false }),
        ...(Object.keys(units).length > 0 ? { units } : {}),
        ...(Object.keys(policies).length > 0 ? { policies } : {}),
      },
      accounts,
      ...(serviceRole ? { serviceRole } : {}),
      vaults,
      plans: {},
    },
    files,
  };
}

/** An IAM role ARN in every member account ($account): its path and name. */
const MEMBER_ROLE = /^arn:aws[a-z-]*:iam::\$account:role(\/(?:[A-Za-z0-9+=,.@_-]+\/)*)([A-Za-z0-9+=,.@_-]+)$/;

/**
 * The vaults and the role the policies name exist in each member account, made outside backup-estate.
 * backup-estate checks that its stacks create them: the config declares them (as vault templates
 * and as the service role's name) so that the check holds, while no stack of this config creates
 * or imports them: member accounts get stacks only when listed with Regions.
 */
function policyNames(named: { readonly vaults: ReadonlySet<string>; readonly roles: ReadonlySet<string> }, out: Adoption): { vaults: Json; serviceRole?: Json } {
  const keys = new KeyTaker();
  const vaults: Json = {};
  for (const name of [...named.vaults].sort()) {
    const key = keys.take(keyOf(name, 'vault'));
    vaults[key] = key === name ? {} : { name };
    out.report(
      'not-represented',
      `vaults.${key}`,
      `vault ${name}, which the backup policies name, exists in the member accounts: the config declares it so that the policies check, but no stack of it creates or imports the vaults (member accounts have no stacks here); adopt each account on its own to manage them`,
    );
  }
  const roles = [...named.roles].sort();
  const [role] = roles;
  const match = roles.length === 1 && role !== undefined ? MEMBER_ROLE.exec(role) : null;
  if (roles.length === 0) return { vaults };
  if (!match) {
    out.report('not-represented', 'serviceRole', `the backup policies name the roles ${listed(roles)}: backup-estate's policies use one role in every account (serviceRole, arn:aws:iam::$account:role/<path><name>), so the config cannot hold them`);
    return { vaults };
  }
  out.report('not-represented', 'serviceRole', `role ${role}, which the backup policies name, exists in the member accounts: serviceRole names it so that the policies check, but no stack of this config creates or imports it`);
  const [, path = '/', name = ''] = match;
  return { vaults, serviceRole: { name, ...(path === '/' ? {} : { path }) } };
}
