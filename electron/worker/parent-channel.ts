import type { WorkerEvent } from '../../shared/training/protocol';

/**
 * Sent by the desktop host right after starting the worker, with a MessagePort whose other
 * end is in the window: the worker posts every event there as well, so the page's live
 * charts are fed without the main process relaying them.
 */
export const ATTACH_EVENT_PORT = 'attach-event-port';

/** How the worker talks to whoever started it; the training code does not care which. */
export interface ParentChannel {
  /** Resolves once the event is handed over, so exiting after it loses nothing. */
  send(event: WorkerEvent): Promise<void>;
  onRequest(listener: (raw: unknown) => void): void;
  /** The host went away: nobody is listening any more. */
  onParentGone(listener: () => void): void;
}

/** The part of Electron's MessagePortMain the worker uses. */
interface PortLike {
  postMessage(message: unknown): void;
  start(): void;
}

/** Electron's `process.parentPort` in a utilityProcess. */
export interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

type ForkedProcess = Pick<NodeJS.Process, 'send' | 'connected' | 'on'>;

/** In a utilityProcess (desktop app): the parent port, plus the window's port when one is attached. */
export function parentPortChannel(parentPort: ParentPortLike): ParentChannel {
  let windowPort: PortLike | null = null;
  const requestListeners: Array<(raw: unknown) => void> = [];
  parentPort.on('message', ({ data, ports }) => {
    if ((data as { type?: unknown } | null)?.type === ATTACH_EVENT_PORT && ports[0]) {
      windowPort = ports[0];
      windowPort.start();
      return;
    }
    for (const listener of requestListeners) listener(data);
  });
  return {
    send(event) {
      parentPort.postMessage(event);
      // The page charts the run; a calibration is the host's business (it sends the page the choice).
      if (event.type !== 'calibration') windowPort?.postMessage(event);
      // postMessage has no callback; a turn of the event loop lets the message leave before an exit.
      return new Promise((resolve) => setTimeout(resolve, 20));
    },
    onRequest: (listener) => void requestListeners.push(listener),
    // The utility process is ended by its host; there is no disconnect to watch for.
    onParentGone: () => {},
  };
}

/** Under child_process.fork (browser mode, the CLI): Node's IPC channel. */
export function forkedProcessChannel(child: ForkedProcess): ParentChannel {
  return {
    send(event) {
      return new Promise((resolve) => {
        if (!child.send || !child.connected) return resolve();
        // The callback fires once the message is handed to the channel.
        child.send(event, undefined, {}, () => resolve());
      });
    },
    onRequest: (listener) => void child.on('message', listener),
    onParentGone: (listener) => void child.on('disconnect', listener),
  };
}

/** The channel of this process: Electron's parent port where there is one, else Node's fork IPC. */
export function connectToParent(current: NodeJS.Process = process): ParentChannel {
  const parentPort = (current as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  return parentPort ? parentPortChannel(parentPort) : forkedProcessChannel(current);
}
