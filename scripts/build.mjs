// Transpiles the TypeScript entry points to dist/ with esbuild: no type-checking at synth time
// (that is `npm run typecheck`). Dependencies stay external so deep provider imports stay cheap.
import { build } from 'esbuild';

await build({
  entryPoints: ['main.ts', 'cli/validate.ts', 'cli/schema.ts', 'cli/docs.ts', 'cli/validate-policy.ts', 'cli/atlantis.ts', 'cli/report.ts', 'cli/guard.ts'],
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
});
