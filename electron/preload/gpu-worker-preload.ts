/**
 * The hidden GPU worker window's preload (sandboxed, context-isolated). It exposes nothing:
 * it passes the MessagePort the main process sends on to the page with window.postMessage,
 * the way Electron documents for reaching a context-isolated main world. The page then
 * speaks the GPU worker protocol (shared/training/gpu-worker-wire.ts) on that port only.
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import { GPU_WORKER_PORT_MESSAGE } from '../../shared/training/gpu-worker-names';
import { GPU_WORKER_PORT_CHANNEL } from './ipc-channels';

/** The page's window as the preload sees it (this project type-checks electron/ without the DOM library). */
const page = globalThis as unknown as { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void; location: { origin: string } };

ipcRenderer.on(GPU_WORKER_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (port) page.postMessage({ type: GPU_WORKER_PORT_MESSAGE }, page.location.origin, [port]);
});
