/**
 * The desktop window's preload (sandboxed, context-isolated): it exposes exactly the HostApi
 * of shared/host-api.ts as `window.nndHost` and nothing else — no ipcRenderer, no Node.
 * Calls travel over IPC through the same typed RPC client the browser mode uses, so params,
 * results and events are checked against the same zod schemas on the way in and out. A
 * training run's events arrive on a MessagePort straight from the worker and are checked too.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { z } from 'zod';
import { hostService, type HostApi, type TrainingEventPayload } from '../../shared/host-api';
import { createClient, Listeners, RpcError, type Disposable, type WireMessage } from '../../shared/rpc';
import { ipcTransport } from '../../shared/rpc/ipc-transport';
import { TrainingEventSchema } from '../../shared/training/protocol';
import { HOST_BRIDGE_NAME, HOST_IPC_CHANNEL, TRAINING_PORT_CHANNEL } from './ipc-channels';

const frames = new Listeners<[unknown]>();
ipcRenderer.on(HOST_IPC_CHANNEL, (_event: IpcRendererEvent, frame: unknown) => frames.fire(frame));
const client: HostApi = createClient(
  hostService,
  ipcTransport(
    { post: (frame: WireMessage) => ipcRenderer.send(HOST_IPC_CHANNEL, frame), onFrame: (listener) => frames.add(listener) },
    { onMalformedFrame: (description) => console.warn(`NN Designer host sent ${description}; it was ignored`) },
  ),
  { onProtocolError: (message) => console.warn(message) },
);

/** Each run's events, from its port and (for the final one) from the host; a run ends once. */
const trainingListeners = new Listeners<[TrainingEventPayload]>();
const endedRuns = new Set<string>();
function deliverTraining(payload: TrainingEventPayload): void {
  if (endedRuns.has(payload.runId)) return;
  if (payload.event.type === 'done' || payload.event.type === 'error') endedRuns.add(payload.runId);
  trainingListeners.fire(payload);
}
client.on('trainingEvent', deliverTraining);

const PortHandoverSchema = z.object({ runId: z.string().min(1) });
ipcRenderer.on(TRAINING_PORT_CHANNEL, (event: IpcRendererEvent, message: unknown) => {
  const handover = PortHandoverSchema.safeParse(message);
  const port = event.ports[0];
  if (!handover.success || !port) return;
  const { runId } = handover.data;
  port.onmessage = (incoming: MessageEvent) => {
    const parsed = TrainingEventSchema.safeParse(incoming.data);
    if (!parsed.success) {
      console.warn(`NN Designer: dropped a malformed training event of run ${runId}`);
      return;
    }
    deliverTraining({ runId, event: parsed.data });
    if (parsed.data.type === 'done' || parsed.data.type === 'error') port.close();
  };
  port.start();
});

/** Errors cross the context bridge as plain data (an Error would lose its code there); the page turns them back. */
function plainError(err: unknown): { rpcError: true; message: string; code: string; data?: unknown } {
  if (err instanceof RpcError) return { rpcError: true, message: err.message, code: err.code, ...(err.data === undefined ? {} : { data: err.data }) };
  return { rpcError: true, message: err instanceof Error ? err.message : String(err), code: 'internal' };
}

const bridge: Record<string, unknown> = {
  on(event: string, listener: (payload: unknown) => void): Disposable {
    const subscription =
      event === 'trainingEvent'
        ? trainingListeners.add(listener as (payload: TrainingEventPayload) => void)
        : client.on(event as 'menuCommand', listener as never);
    return { dispose: () => subscription.dispose() };
  },
  onDisconnect(listener: (reason: string) => void): Disposable {
    const subscription = client.onDisconnect(listener);
    return { dispose: () => subscription.dispose() };
  },
  // The window's connection lives as long as the window.
  close() {},
};
for (const method of Object.keys(hostService.methods)) {
  const call = (client as unknown as Record<string, (params?: unknown) => Promise<unknown>>)[method]!;
  bridge[method] = (params?: unknown) => call(params).catch((err: unknown) => Promise.reject(plainError(err)));
}

contextBridge.exposeInMainWorld(HOST_BRIDGE_NAME, bridge);
