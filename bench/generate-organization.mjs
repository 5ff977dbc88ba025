// Writes an organization config with N workload accounts in the given Regions, for synth timing:
//   node bench/generate-organization.mjs 100 eu-west-1,us-east-1,ap-southeast-2 > /tmp/org-100.yaml
//   node bench/generate-organization.mjs 100 eu-west-1,us-east-1 edited   the same after a one-account
//     edit: app0 also runs plan bronze, which changes only app0's stacks. (A deploy role would not
//     do: the vault protection SCP names every account's.)
import { stringify } from 'yaml';

const accounts = Number(process.argv[2] ?? 100);
const regions = (process.argv[3] ?? 'eu-west-1,us-east-1,ap-southeast-2').split(',');
const edited = process.argv[4] === 'edited';
const id = (n) => String(100000000000 + n);
const config = {
  version: 1,
  organization: {
    id: 'o-a1b2c3d4e5',
    managementAccount: 'management',
    backupAccount: 'backup',
    units: { workloads: 'ou-a1b2-workload1' },
    central: {
      regions,
      lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: 3 },
      accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::100000000001:role/BreakGlass'] },
    },
    policies: { baseline: { plans: ['silver'], regions, targets: ['workloads'] } },
  },
  accounts: {
    management: { id: id(0) },
    backup: { id: id(1) },
    ...Object.fromEntries(Array.from({ length: accounts }, (_, i) => [`app${i}`, { id: id(i + 2), unit: 'workloads', regions, plans: ['gold'] }])),
    ...(edited ? { app0: { id: id(2), unit: 'workloads', regions, plans: ['gold', 'bronze'] } } : {}),
  },
  vaults: {
    main: { lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400 }, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } },
    baseline: { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'] } },
  },
  plans: {
    gold: {
      vault: 'main',
      rules: { daily: { preset: 'daily-35', copies: { central: {} } }, monthly: { preset: 'monthly-1y-cold', copies: { central: { lifecycle: { deleteAfterDays: 365 } } } } },
      selections: { tagged: { tags: { backup: 'gold' } } },
    },
    silver: { vault: 'baseline', rules: { daily: { lifecycle: { deleteAfterDays: 14 } } }, selections: { tagged: { tags: { backup: 'silver' } } } },
    // Used by no account but app0 after the edit.
    bronze: { vault: 'main', rules: { daily: { preset: 'daily-35', copies: { central: {} } } }, selections: { tagged: { tags: { backup: 'bronze' } } } },
  },
};
process.stdout.write(stringify(config, { aliasDuplicateObjects: false }));
