import { Testing } from 'cdktf';

// Registers toHaveResource, toHaveResourceWithProperties, toBeValidTerraform and friends.
Testing.setupJest();
