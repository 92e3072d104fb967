/** The one IPC channel of the HostApi: calls go up it, answers and events come down. */
export const HOST_IPC_CHANNEL = 'nnd:host';
/** Down only: hands the window the MessagePort of a training run's event stream. */
export const TRAINING_PORT_CHANNEL = 'nnd:training-port';
/** The name the preload exposes the HostApi under in the page (`window.nndHost`). */
export const HOST_BRIDGE_NAME = 'nndHost';
/** Down only, to the hidden GPU worker window: its MessagePort to the main process. */
export const GPU_WORKER_PORT_CHANNEL = 'nnd:gpu-worker-port';
