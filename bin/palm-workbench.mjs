#!/usr/bin/env node
// The `palm-workbench` command: runs the TypeScript CLI through tsx's loader, so no build step stands
// between `npm install` and `npx palm-workbench`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
