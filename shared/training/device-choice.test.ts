import { describe, expect, it } from 'vitest';
import { chooseDevice, GPU_MARGIN, needsCalibration } from './device-choice';
import { isSoftwareRenderer } from './gpu-worker-wire';

const hardware = { backend: 'webgpu' as const, adapter: 'NVIDIA GeForce RTX 3060', software: false };
const swiftShader = { backend: 'webgl' as const, adapter: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', software: true };

describe('chooseDevice', () => {
  it('trains on the CPU without a GPU worker, whatever the preference but cpu says', () => {
    for (const preference of ['auto', 'gpu'] as const)
      expect(chooseDevice({ preference, gpu: null, cpuBackend: 'wasm', gpuSamplesPerSecond: null, cpuSamplesPerSecond: null })).toMatchObject({ device: 'cpu', backend: 'wasm', reason: 'no-gpu-worker', gpu: null });
    expect(chooseDevice({ preference: 'cpu', gpu: null, cpuBackend: 'wasm', gpuSamplesPerSecond: null, cpuSamplesPerSecond: null }).reason).toBe('user-chose');
  });

  it('follows a forced choice without measuring', () => {
    expect(chooseDevice({ preference: 'gpu', gpu: swiftShader, cpuBackend: 'wasm', gpuSamplesPerSecond: null, cpuSamplesPerSecond: null })).toMatchObject({ device: 'gpu', backend: 'webgl', reason: 'user-chose' });
    expect(chooseDevice({ preference: 'cpu', gpu: hardware, cpuBackend: 'wasm', gpuSamplesPerSecond: null, cpuSamplesPerSecond: null })).toMatchObject({ device: 'cpu', backend: 'wasm', reason: 'user-chose' });
  });

  it('gives the run to the GPU only when it beats the CPU by the margin', () => {
    const run = (gpu: number, cpu: number) => chooseDevice({ preference: 'auto', gpu: hardware, cpuBackend: 'wasm', gpuSamplesPerSecond: gpu, cpuSamplesPerSecond: cpu });
    expect(run(5000, 1000)).toMatchObject({ device: 'gpu', backend: 'webgpu', reason: 'gpu-faster', gpuSamplesPerSecond: 5000, cpuSamplesPerSecond: 1000 });
    expect(run(1000 * GPU_MARGIN + 1, 1000).device).toBe('gpu');
    expect(run(1000 * GPU_MARGIN - 1, 1000)).toMatchObject({ device: 'cpu', reason: 'cpu-faster' });
  });

  it('names a software renderer that lost as the reason', () => {
    expect(chooseDevice({ preference: 'auto', gpu: swiftShader, cpuBackend: 'wasm', gpuSamplesPerSecond: 140, cpuSamplesPerSecond: 2100 })).toMatchObject({ device: 'cpu', reason: 'software-renderer', gpu: swiftShader });
  });

  it('keeps the CPU when the GPU calibration failed, and the GPU when only the CPU one did', () => {
    expect(chooseDevice({ preference: 'auto', gpu: hardware, cpuBackend: 'wasm', gpuSamplesPerSecond: null, cpuSamplesPerSecond: 900 })).toMatchObject({ device: 'cpu', reason: 'no-gpu-worker' });
    expect(chooseDevice({ preference: 'auto', gpu: hardware, cpuBackend: 'wasm', gpuSamplesPerSecond: 900, cpuSamplesPerSecond: null })).toMatchObject({ device: 'gpu', reason: 'gpu-faster' });
  });

  it('calibrates only for auto with a GPU worker', () => {
    expect(needsCalibration('auto', hardware)).toBe(true);
    expect(needsCalibration('auto', null)).toBe(false);
    expect(needsCalibration('gpu', hardware)).toBe(false);
    expect(needsCalibration('cpu', hardware)).toBe(false);
  });
});

describe('isSoftwareRenderer', () => {
  it('recognises the CPU rasterizers of Chromium, Mesa and Windows', () => {
    expect(isSoftwareRenderer(swiftShader.adapter)).toBe(true);
    expect(isSoftwareRenderer('Google SwiftShader')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('Microsoft Basic Render Driver')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });
});
