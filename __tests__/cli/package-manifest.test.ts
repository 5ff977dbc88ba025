/**
 * What the package asks npm for, as a cdktf app installs it: the library shares the app's
 * constructs, since a second copy breaks every construct of the package in that app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli';

const manifest = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };

describe('package.json', () => {
  it('accepts the constructs cdktf and the AWS provider accept, so a cdktf app keeps one copy', () => {
    // cdktf init installs constructs@10 (the newest 10.x); an exact pin nested a second copy under the package, and
    // new BackupServiceRole(stack, ...) in the app failed to type-check ("Types have separate declarations of a private
    // property 'host'") and threw at synth ("scope.node._scopes is not iterable").
    const constructs = manifest('package.json').dependencies?.['constructs'];
    expect(constructs).toBe('^10.4.2');
    expect(manifest('node_modules/cdktf/package.json').peerDependencies?.['constructs']).toBe(constructs);
    expect(manifest('node_modules/@cdktf/provider-aws/package.json').peerDependencies?.['constructs']).toBe(constructs);
  });
});
