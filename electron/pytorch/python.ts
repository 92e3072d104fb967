import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile } from '../../shared/export/files';

export interface PythonWithTorch {
  /** The command that runs it (a path, or a name found on PATH). */
  python: string;
  torchVersion: string;
}

export type PythonProbe = { ok: true; found: PythonWithTorch } | { ok: false; message: string };

/** How a person gets a Python with PyTorch, said where the option is refused. */
export const TORCH_INSTALL_HINT =
  'the PyTorch engine needs Python 3 with PyTorch: install it (Debian / Ubuntu: apt install python3-torch; elsewhere: pip install torch, see pytorch.org) and, if that Python is not the first python3 on your PATH, set NND_PYTHON to its path';

/** Candidates in order: NND_PYTHON, then python3 and python on PATH, then the system Python of Debian / macOS. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [env.NND_PYTHON, 'python3', 'python', '/usr/bin/python3', '/usr/local/bin/python3'];
  if (process.platform === 'win32') list.push('py');
  return [...new Set(list.filter((c): c is string => Boolean(c)))];
}

function torchVersionOf(python: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import torch; print(torch.__version__)'], { timeout: 60_000, windowsHide: true }, (err, stdout) =>
      resolve(err ? null : stdout.trim().split('\n').pop() || null),
    );
  });
}

let cached: Promise<PythonProbe> | null = null;

/** The first Python that imports torch; the answer is kept for the life of the process. */
export function findPythonWithTorch(options: { fresh?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<PythonProbe> {
  if (cached && !options.fresh) return cached;
  const probe = (async (): Promise<PythonProbe> => {
    const candidates = pythonCandidates(options.env);
    for (const python of candidates) {
      const version = await torchVersionOf(python);
      if (version) return { ok: true, found: { python, torchVersion: version } };
    }
    return { ok: false, message: `no Python with PyTorch found (tried ${candidates.join(', ')}) — ${TORCH_INSTALL_HINT}` };
  })();
  if (!options.fresh) cached = probe;
  return probe;
}

/** Writes an export's files under `dir`, creating folders as needed. */
export async function writeExportFiles(dir: string, files: ExportFile[]): Promise<string[]> {
  for (const file of files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
  return files.map((f) => f.path);
}
