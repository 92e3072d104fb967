import { BrowserWindow, MessageChannelMain } from 'electron';
import type { GpuWorkerRegistry } from '../host/gpu-worker';
import { GPU_WORKER_PAGE } from '../../shared/training/gpu-worker-wire';
import { GPU_WORKER_PORT_CHANNEL } from '../preload/ipc-channels';
import { APP_ORIGIN } from './web-policy';
import { gpuWorkerWindowOptions } from './window-options';

export interface GpuWorkerWindow {
  close(): void;
}

/**
 * The desktop app's GPU worker: a hidden window with the GPU worker page, connected to the
 * registry over a MessageChannelMain once the page has loaded. Reloaded once when its renderer
 * dies (a GPU process crash takes the page with it); the registry drops it meanwhile, so runs
 * fall back to the CPU worker.
 */
export function openGpuWorkerWindow(options: { preloadPath: string; registry: GpuWorkerRegistry; onWarning: (message: string) => void }): GpuWorkerWindow {
  const win = new BrowserWindow(gpuWorkerWindowOptions({ preloadPath: options.preloadPath }));
  let closePort: (() => void) | null = null;
  let reloads = 0;

  const connect = () => {
    closePort?.();
    const { port1: hostEnd, port2: pageEnd } = new MessageChannelMain();
    const closeListeners: Array<() => void> = [];
    let closed = false;
    closePort = () => {
      if (closed) return;
      closed = true;
      hostEnd.close();
      closeListeners.forEach((listener) => listener());
    };
    options.registry.add({
      post: (message) => {
        if (!closed) hostEnd.postMessage(message);
      },
      onMessage: (listener) => void hostEnd.on('message', (event) => listener(event.data)),
      onClose: (listener) => void closeListeners.push(listener),
    });
    hostEnd.on('close', () => closePort?.());
    hostEnd.start();
    win.webContents.postMessage(GPU_WORKER_PORT_CHANNEL, null, [pageEnd]);
  };

  win.webContents.on('did-finish-load', connect);
  win.webContents.on('render-process-gone', (_event, details) => {
    closePort?.();
    options.onWarning(`the GPU worker window stopped (${details.reason}); runs train on the CPU until it is back`);
    if (reloads++ < 1 && !win.isDestroyed()) void win.loadURL(`${APP_ORIGIN}/${GPU_WORKER_PAGE}`);
  });
  void win.loadURL(`${APP_ORIGIN}/${GPU_WORKER_PAGE}`);
  return {
    close() {
      closePort?.();
      if (!win.isDestroyed()) win.destroy();
    },
  };
}
