import * as tf from '@tensorflow/tfjs';
import { isSoftwareRenderer, type GpuInfo } from '../../../shared/training/gpu-worker-wire';

/** The part of WebGPU this file reads (lib.dom has no WebGPU types in our TypeScript). */
interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  isFallbackAdapter?: boolean;
}
interface NavigatorGpu {
  gpu?: { requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null> };
}

function webgpuAdapterName(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  const name = [info.description, info.vendor, info.architecture, info.device].filter((part) => part && part.trim()).join(' ');
  return name || 'unnamed WebGPU adapter';
}

/** The renderer string of the WebGL context tfjs made: unmasked where the browser allows it. */
function webglRendererName(): string {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  if (!gl) return 'unknown WebGL renderer';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const name = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof name === 'string' && name ? name : 'unknown WebGL renderer';
}

/**
 * Activates WebGPU when the browser offers an adapter, else WebGL, and says which with the
 * adapter's name; `gpu` is null (with the reason) when neither works.
 */
export async function pickGpuBackend(): Promise<{ gpu: GpuInfo | null; problem?: string }> {
  const problems: string[] = [];
  const gpuApi = (navigator as Navigator & NavigatorGpu).gpu;
  if (gpuApi) {
    try {
      const adapter = await gpuApi.requestAdapter({ powerPreference: 'high-performance' });
      if (adapter) {
        await import('@tensorflow/tfjs-backend-webgpu');
        if (await tf.setBackend('webgpu')) {
          await tf.ready();
          const name = webgpuAdapterName(adapter);
          return { gpu: { backend: 'webgpu', adapter: name, software: adapter.isFallbackAdapter === true || isSoftwareRenderer(name) } };
        }
        problems.push('the WebGPU backend did not start');
      } else problems.push('no WebGPU adapter');
    } catch (err) {
      problems.push(`WebGPU failed: ${(err as Error).message}`);
    }
  } else problems.push('no WebGPU in this browser');
  try {
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      const name = webglRendererName();
      return { gpu: { backend: 'webgl', adapter: name, software: isSoftwareRenderer(name) } };
    }
    problems.push('the WebGL backend did not start');
  } catch (err) {
    problems.push(`WebGL failed: ${(err as Error).message}`);
  }
  return { gpu: null, problem: problems.join('; ') };
}
