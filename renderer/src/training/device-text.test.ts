import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { deviceChoiceText, shortAdapterName } from './device-text';
import type { DeviceChoice } from '../../../shared/training/protocol';

const swiftShader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

describe('shortAdapterName', () => {
  it('keeps the device of an ANGLE renderer string and names the software rasterizers plainly', () => {
    expect(shortAdapterName(swiftShader)).toBe('SwiftShader');
    expect(shortAdapterName('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe('NVIDIA GeForce RTX 3060');
    expect(shortAdapterName('ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)')).toBe('Apple M2');
    expect(shortAdapterName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(shortAdapterName('nvidia ampere')).toBe('nvidia ampere');
  });
});

describe('deviceChoiceText', () => {
  const lost: DeviceChoice = {
    device: 'cpu',
    backend: 'wasm',
    reason: 'software-renderer',
    gpu: { backend: 'webgl', adapter: swiftShader, software: true },
    gpuSamplesPerSecond: 140.4,
    cpuSamplesPerSecond: 2100.2,
  };

  it('says where the run trains and why, with both speeds, in English and Chinese', async () => {
    await i18n.changeLanguage('en');
    expect(deviceChoiceText(i18n.t, lost)).toBe('wasm (CPU) — the GPU (SwiftShader, software) ran 140 samples/s against 2,100 on the CPU');
    expect(deviceChoiceText(i18n.t, { ...lost, reason: 'no-gpu-worker', gpu: null, gpuSamplesPerSecond: null, cpuSamplesPerSecond: null })).toBe('wasm (CPU) — no GPU worker is available');
    expect(deviceChoiceText(i18n.t, { ...lost, device: 'gpu', backend: 'webgl', reason: 'user-chose' })).toBe('webgl (GPU: SwiftShader) — chosen in the training settings');
    await i18n.changeLanguage('zh-CN');
    expect(deviceChoiceText(i18n.t, lost)).toBe('wasm（CPU）— GPU（SwiftShader，软件渲染）每秒 140 个样本，CPU 每秒 2,100 个');
    await i18n.changeLanguage('en');
  });
});
