#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `agora` works from a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
process.env.AGORA_CLI = '1';
await import('../engine/cli.ts');
