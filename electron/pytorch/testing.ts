import { execFile } from 'node:child_process';
import { findPythonWithTorch, type PythonWithTorch } from './python';

/**
 * The Python with torch that tests run against. With CI=true a missing torch is a failure
 * (CI installs Debian's python3-torch); elsewhere the tests skip and say why.
 */
export async function pythonForTests(): Promise<{ python: PythonWithTorch | null; skipReason: string | null }> {
  const probe = await findPythonWithTorch();
  if (probe.ok) return { python: probe.found, skipReason: null };
  if (process.env.CI === 'true') throw new Error(`CI=true but ${probe.message}`);
  return { python: null, skipReason: probe.message };
}

export function runPython(python: string, args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_NUM_THREADS: '2', ...options.env } },
      (err, stdout, stderr) => (err ? reject(new Error(`${python} ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : resolve({ stdout, stderr })),
    );
  });
}
