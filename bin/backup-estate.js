#!/usr/bin/env node
// The installed `backup-estate` command: every subcommand is a bundle under dist/ (see cli/backup-estate.ts).
'use strict';
require('../dist/cli/backup-estate.js').main();
