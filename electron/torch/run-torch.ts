import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * PyTorch as an independent reference for tests: Debian's python3-torch, run as
 * /usr/bin/python3 (the python first on PATH may be another one without torch).
 */
export const TORCH_PYTHON = '/usr/bin/python3';

/** Whether torch imports, and if not, why — for a test to skip with a reason (or fail on CI). */
export function torchAvailability(): { available: true } | { available: false; reason: string } {
  const probe = spawnSync(TORCH_PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { available: false, reason: `${TORCH_PYTHON} cannot run: ${probe.error.message}` };
  if (probe.status !== 0) return { available: false, reason: `${TORCH_PYTHON} cannot import torch: ${probe.stderr.trim().split('\n').pop()}` };
  return { available: true };
}

/**
 * Whether a torch test should run. On CI (CI=true) torch is required, so a missing torch is a
 * failure there, not a silent skip; elsewhere the reason is printed and the test skipped.
 */
export function shouldRunTorchTests(): boolean {
  const torch = torchAvailability();
  if (torch.available) return true;
  if (process.env.CI === 'true') throw new Error(`PyTorch is required on CI for the reference tests: ${torch.reason}`);
  console.warn(`skipping PyTorch reference tests: ${torch.reason}`);
  return false;
}

/**
 * Runs `script` with `input` written as JSON to a temp dir; the script gets the input and
 * output paths as its two arguments and writes its answer as JSON.
 */
export function runTorchScript<T>(script: string, input: unknown): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnd-torch-'));
  try {
    const inputPath = path.join(dir, 'input.json');
    const outputPath = path.join(dir, 'output.json');
    writeFileSync(inputPath, JSON.stringify(input));
    const run = spawnSync(TORCH_PYTHON, [script, inputPath, outputPath], { encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`${path.basename(script)} failed (${run.status ?? run.signal}): ${run.stderr}`);
    return JSON.parse(readFileSync(outputPath, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
