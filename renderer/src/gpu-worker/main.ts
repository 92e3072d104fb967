/**
 * The GPU worker page: trains one job at a time on the tfjs WebGPU backend (WebGL where
 * there is no WebGPU adapter) with the same runner as the worker process. In the desktop app
 * it is a hidden window and its preload hands it a MessagePort to the main process; in
 * browser mode it is a tab that connects to `nnd serve` over a WebSocket. No React, no
 * HostApi: the page only ever talks to the host's GPU worker registry.
 */
import { registerLayerClasses } from '../../../shared/layers/custom';
import { decodeFrame, encodeFrame, GPU_WORKER_PATH, GPU_WORKER_PORT_MESSAGE } from '../../../shared/training/gpu-worker-wire';
import { serveGpuWorkerJobs, type HostLink } from '../../../shared/training/gpu-worker-page';
import { pickGpuBackend } from './gpu-backend';

const status = document.getElementById('status');
function show(text: string): void {
  if (status) status.textContent = text;
  document.title = `NN Designer GPU worker — ${text}`;
}

/** The desktop app's port (via the preload), or a WebSocket back to the page's own server. */
function connect(): Promise<HostLink> {
  if (location.protocol === 'http:' || location.protocol === 'https:') {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GPU_WORKER_PATH}`);
    socket.binaryType = 'arraybuffer';
    return new Promise((resolve, reject) => {
      socket.onerror = () => reject(new Error('the host did not accept this GPU worker'));
      socket.onclose = () => show('disconnected from NN Designer — reload to reconnect');
      socket.onopen = () =>
        resolve({
          post: (message) => socket.send(encodeFrame(message)),
          onMessage: (listener) =>
            (socket.onmessage = (event: MessageEvent) => {
              if (event.data instanceof ArrayBuffer) listener(decodeFrame(new Uint8Array(event.data)));
            }),
        });
    });
  }
  return new Promise((resolve) => {
    const onWindowMessage = (event: MessageEvent) => {
      // Only the preload (same window, same origin) hands over the port.
      if (event.source !== window || event.origin !== location.origin || (event.data as { type?: unknown })?.type !== GPU_WORKER_PORT_MESSAGE) return;
      const port = event.ports[0];
      if (!port) return;
      window.removeEventListener('message', onWindowMessage);
      port.start();
      resolve({
        post: (message, transfer) => port.postMessage(message, transfer ?? []),
        onMessage: (listener) => port.addEventListener('message', (incoming: MessageEvent) => listener(incoming.data)),
      });
    };
    window.addEventListener('message', onWindowMessage);
  });
}

async function main(): Promise<void> {
  show('starting');
  // The page's part of the fast path: our layer classes (the wasm kernels are the worker's).
  registerLayerClasses();
  const picked = await pickGpuBackend();
  const link = await connect();
  if (!picked.gpu) {
    link.post({ kind: 'hello', gpu: null, ...(picked.problem ? { problem: picked.problem } : {}) });
    show(`no GPU backend (${picked.problem ?? 'unknown'})`);
    return;
  }

  serveGpuWorkerJobs(link, picked.gpu, show);
}

main().catch((err: unknown) => show(`failed: ${(err as Error)?.message ?? String(err)}`));
