import { execFile } from 'node:child_process';
import { expect } from 'vitest';
import type { MetricLogs } from '../../shared/training/protocol';
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

/** The same log keys in both engines, each value finite and within `tolerance` relative (absolute below 1). */
export function expectSameLogs(logs: { tfjs: MetricLogs; torch: MetricLogs }, keys: string[], tolerance = 1e-4): void {
  expect(Object.keys(logs.torch).sort()).toEqual([...keys].sort());
  expect(Object.keys(logs.tfjs).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    const [a, b] = [logs.tfjs[key]!, logs.torch[key]!];
    expect(Number.isFinite(a)).toBe(true);
    const close = Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a));
    expect([key, close ? 'close' : `tfjs ${a}, torch ${b}`]).toEqual([key, 'close']);
  }
}
