import path from 'node:path';
import { PROJECT_SUFFIX } from '../node/project-files';

/**
 * The project a launch asks to open: the first `.nnd.json` among the arguments (a
 * double-clicked file on Windows and Linux, `nnd-designer file.nnd.json`, or a second launch
 * forwarded by the single-instance lock), absolute against the launch's folder. Switches
 * (Chromium's and ours) are skipped.
 */
export function projectFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(PROJECT_SUFFIX)) return path.resolve(cwd, arg);
  }
  return null;
}
