import { z } from 'zod';
import {
  EventMessageSchema,
  Listeners,
  RequestMessageSchema,
  ResponseMessageSchema,
  describeZodError,
  type Disposable,
  type MessageTransport,
  type WireMessage,
} from './protocol';

/** Any frame either side of an RPC connection may send: a call, an answer or an event. */
export const WireMessageSchema = z.union([RequestMessageSchema, ResponseMessageSchema, EventMessageSchema]);

/**
 * One end of an Electron IPC channel (or a MessagePort), reduced to what the transport needs,
 * so this file stays free of Electron: the preload adapts `ipcRenderer`, the main process
 * a window's `webContents` and `ipcMain`.
 */
export interface IpcEndpoint {
  post(frame: WireMessage): void;
  onFrame(listener: (frame: unknown) => void): Disposable;
  /** The other end went away (the window closed, the process exited). */
  onClose?(listener: (reason: string) => void): Disposable;
}

export interface IpcTransportOptions {
  /** A frame that is not a call, an answer or an event was dropped; here is why. */
  onMalformedFrame?: (description: string) => void;
}

/**
 * Messages as structured-clone frames over Electron IPC. Every incoming frame is checked
 * against the same wire schemas the client and server use before anyone sees it; a frame
 * that does not fit is dropped and reported (a bug or a hostile page, never data to act on).
 */
export function ipcTransport(endpoint: IpcEndpoint, options: IpcTransportOptions = {}): MessageTransport {
  const received = new Listeners<[unknown]>();
  const closed = new Listeners<[string]>();
  let closeReason: string | null = null;
  const close = (reason: string) => {
    if (closeReason !== null) return;
    closeReason = reason;
    frameSubscription.dispose();
    closeSubscription?.dispose();
    closed.fire(reason);
  };

  const frameSubscription = endpoint.onFrame((frame) => {
    if (closeReason !== null) return;
    const checked = WireMessageSchema.safeParse(frame);
    if (!checked.success) {
      options.onMalformedFrame?.(`a frame that is not a call, an answer or an event (${describeZodError(checked.error)})`);
      return;
    }
    received.fire(checked.data);
  });
  const closeSubscription = endpoint.onClose?.((reason) => close(reason));

  return {
    send(message: WireMessage) {
      if (closeReason !== null) throw new Error(closeReason);
      endpoint.post(message);
    },
    onMessage: (listener) => received.add(listener),
    onClose: (listener) => closed.add(listener),
    close: () => close('the connection was closed by this side'),
  };
}
