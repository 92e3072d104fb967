#!/usr/bin/env node
// The `nnd` command. The CLI is TypeScript run in place through tsx's loader, registered in
// this process (no second node process, no build step), so `npx nnd` works right after
// `npm install`.
const [major, minor] = process.versions.node.split('.').map(Number);
// module.register, which tsx's in-process loader needs, arrived in Node 20.6.
if (major < 20 || (major === 20 && minor < 6)) {
  process.stderr.write(`nnd: needs Node.js 20.6 or newer, this is ${process.version} — install a current Node.js LTS\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import(new URL('../electron/cli/main.ts', import.meta.url).href);
