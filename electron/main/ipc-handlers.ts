import { hostService, type HostImplementation } from '../../shared/host-api';
import { Listeners, RequestMessageSchema, RPC_ERROR_CODES, describeZodError, serve, type ServedConnection, type WireMessage } from '../../shared/rpc';
import { ipcTransport } from '../../shared/rpc/ipc-transport';
import { isAppUrl } from './web-policy';

export { HOST_IPC_CHANNEL, TRAINING_PORT_CHANNEL } from '../preload/ipc-channels';

/** What the main process knows about who sent an IPC message (from `event.sender` / `event.senderFrame`). */
export interface IpcSender {
  webContentsId: number;
  /** The sending frame's URL; null when the frame is gone. */
  frameUrl: string | null;
  isMainFrame: boolean;
}

/**
 * Why a message must be ignored, or null when it comes from our page: the main frame of the
 * window this connection belongs to, showing our own `nnd://app/` page (not a page it was
 * somehow navigated to, not an iframe).
 */
export function senderRefusal(sender: IpcSender, expectedWebContentsId: number): string | null {
  if (sender.webContentsId !== expectedWebContentsId) return `a message from another window (webContents ${sender.webContentsId})`;
  if (!sender.isMainFrame) return 'a message from a sub-frame';
  if (sender.frameUrl === null || !isAppUrl(sender.frameUrl)) return `a message from a page that is not the app (${sender.frameUrl ?? 'no frame'})`;
  return null;
}

export interface HostIpcConnectionOptions {
  implementation: HostImplementation;
  /** The window's webContents id: only its main frame is answered. */
  webContentsId: number;
  /** Sends a frame down to the window (`webContents.send(HOST_IPC_CHANNEL, frame)`). */
  post(frame: WireMessage): void;
  /** A message was ignored (wrong sender) or refused (malformed): worth a line in the log. */
  onRefused?(description: string): void;
  onInternalError?(method: string, error: unknown): void;
}

export interface HostIpcConnection {
  /** `ipcMain.on(HOST_IPC_CHANNEL, …)` hands every message here. */
  receive(sender: IpcSender, frame: unknown): void;
  emit: ServedConnection<typeof hostService>['emit'];
  /** The window closed: calls in flight are dropped, events stop. */
  close(): void;
}

/**
 * The HostApi of one window over Electron IPC. Three gates before the implementation runs:
 * the sender must be our page in this window; the frame must be a call
 * (`{id, method, params}`); the params must fit the method's zod schema in
 * shared/host-api.ts (checked by the RPC server). A message that fails a gate is answered
 * with an error (or, from a stranger, not at all) and never reaches a file-system call.
 */
export function createHostIpcConnection(options: HostIpcConnectionOptions): HostIpcConnection {
  const frames = new Listeners<[unknown]>();
  const closed = new Listeners<[string]>();
  const transport = ipcTransport(
    {
      post: options.post,
      onFrame: (listener) => frames.add(listener),
      onClose: (listener) => closed.add(listener),
    },
    { onMalformedFrame: (description) => options.onRefused?.(description) },
  );
  const connection = serve(hostService, options.implementation, transport, {
    onInternalError: options.onInternalError,
  });

  return {
    receive(sender, frame) {
      const refusal = senderRefusal(sender, options.webContentsId);
      if (refusal) {
        options.onRefused?.(`ignored ${refusal}`);
        return;
      }
      // Only calls travel up this channel; anything else is answered here with the reason.
      const call = RequestMessageSchema.safeParse(frame);
      if (!call.success) {
        const rawId = (frame as { id?: unknown } | null)?.id;
        const message = `host: refused a message that is not a call of the form {id, method, params} (${describeZodError(call.error)})`;
        options.onRefused?.(message);
        options.post({ id: typeof rawId === 'number' && Number.isInteger(rawId) ? rawId : null, error: { code: RPC_ERROR_CODES.badMessage, message } });
        return;
      }
      frames.fire(call.data);
    },
    emit: connection.emit,
    close() {
      closed.fire('the window closed');
      connection.dispose();
    },
  };
}
