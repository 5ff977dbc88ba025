// Types of the cdktf jest matchers registered in setup.ts (toHaveResourceWithProperties, ...).
import 'cdktf/lib/testing/adapters/jest';
