// Names only, no imports: the GPU worker window's preload bundles this file and must stay tiny.

/** Where browser mode's host takes GPU worker pages (a WebSocket on the same port as the HostApi). */
export const GPU_WORKER_PATH = '/gpu-worker';
/** The page, relative to the built renderer. */
export const GPU_WORKER_PAGE = 'gpu-worker.html';
/** What the desktop GPU worker window's preload posts to its page, with the port to the main process. */
export const GPU_WORKER_PORT_MESSAGE = 'nnd-gpu-worker-port';
