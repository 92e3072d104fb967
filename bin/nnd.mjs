#!/usr/bin/env node
// The `nnd` command. The CLI is TypeScript run in place through tsx's loader, registered in
// this process (no second node process, no build step), so `npx nnd` works right after
// `npm install`.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../electron/cli/main.ts', import.meta.url).href);
