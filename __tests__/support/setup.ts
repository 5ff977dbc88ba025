import { Testing } from 'cdktf';

// Registers toHaveResource, toHaveResourceWithProperties, toBeValidTerraform and friends.
Testing.setupJest();

// cdktf captures an unlimited stack trace for every token it creates, only to print where a token
// came from when resolving it fails. Under jest each capture also runs jest's source-map call-site
// rewriting: most of the time of every synthesis in the tests. The product skips the capture during
// synth (stacks/creation-stack-traces.ts); the tests skip it everywhere. Output is unaffected.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
stackTrace.captureStackTrace = () => [];
