import type { TFunction } from 'i18next';
import type { DeviceChoice } from '../../../shared/training/protocol';
import { formatNumber } from '../i18n';

/**
 * A GPU's name as a person knows it. Chromium reports WebGL renderers through ANGLE, e.g.
 * "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader
 * driver)" or "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)":
 * the middle part names the device, minus the API details.
 */
export function shortAdapterName(name: string): string {
  if (/swiftshader/i.test(name)) return 'SwiftShader';
  if (/llvmpipe/i.test(name)) return 'llvmpipe';
  const angle = /^ANGLE \((.*)\)$/.exec(name.trim());
  if (!angle) return name;
  // Split on the top-level commas only: the device part may hold parentheses of its own.
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of angle[1]!) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  const device = parts[1] ?? parts[0] ?? name;
  // "ANGLE Metal Renderer: Apple M2" → "Apple M2"; "… RTX 3060 Direct3D11 vs_5_0 ps_5_0" → "… RTX 3060".
  return device.replace(/^ANGLE \w+ Renderer:\s*/i, '').replace(/\s+(Direct3D\S*|vs_\S+|ps_\S+)(?=\s|$)/gi, '').trim() || device;
}

/** The training panel's line on where the run trains and why, e.g. "wasm (CPU) — the GPU (SwiftShader, software) ran 140 samples/s against 2,100 on the CPU". */
export function deviceChoiceText(t: TFunction, choice: DeviceChoice): string {
  const values = {
    backend: choice.backend,
    device: choice.device === 'gpu' ? t('training.device.gpu') : t('training.device.cpu'),
    adapter: choice.gpu ? shortAdapterName(choice.gpu.adapter) : '',
    gpuSpeed: choice.gpuSamplesPerSecond === null ? '—' : formatNumber(Math.round(choice.gpuSamplesPerSecond)),
    cpuSpeed: choice.cpuSamplesPerSecond === null ? '—' : formatNumber(Math.round(choice.cpuSamplesPerSecond)),
  };
  switch (choice.reason) {
    case 'gpu-faster':
      return t('training.device.gpuFaster', values);
    case 'cpu-faster':
      return t('training.device.cpuFaster', values);
    case 'software-renderer':
      return t('training.device.softwareRenderer', values);
    case 'no-gpu-worker':
      // With a GPU named, the page was there but its calibration failed.
      return choice.gpu ? t('training.device.gpuFailed', values) : t('training.device.noGpuWorker', values);
    case 'user-chose':
      return choice.device === 'gpu' ? t('training.device.userChoseGpu', values) : t('training.device.userChose', values);
  }
}
