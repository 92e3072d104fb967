import os from 'node:os';
import path from 'node:path';

/**
 * Where NN Designer keeps its own small files (the recent-projects list): NND_CONFIG_DIR when
 * set (tests point it at a temporary folder), else the platform's usual place.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.NND_CONFIG_DIR) return path.resolve(env.NND_CONFIG_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'nn-designer');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'nn-designer');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'nn-designer');
}
