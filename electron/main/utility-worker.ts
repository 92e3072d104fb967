import { MessageChannelMain, utilityProcess, type WebContents } from 'electron';
import type { TrainingEngine, WorkerProcess } from '../host/training-session';
import { ATTACH_EVENT_PORT } from '../worker/parent-channel';
import { TRAINING_PORT_CHANNEL } from './ipc-handlers';

export interface UtilityWorkerOptions {
  /** The bundled worker of each engine (out/desktop/worker.mjs, out/desktop/pytorch-worker.mjs). */
  workerEntries: Record<TrainingEngine, string>;
  /** The window whose page shows the run; it gets the other end of the event port. */
  window: () => WebContents | null;
}

/**
 * The training worker as an Electron utilityProcess (VS Code runs its heavy work the same
 * way). The main process keeps the control channel (start, pause, stop, and the events it
 * records in the run history); the window gets a MessagePort straight to the worker, so the
 * stream of batch events reaches the charts without the main process relaying it.
 */
export function utilityWorkerLauncher(options: UtilityWorkerOptions) {
  return ({ runId, engine }: { runId: string; engine: TrainingEngine }): WorkerProcess => {
    const child = utilityProcess.fork(options.workerEntries[engine], [], { stdio: 'pipe', serviceName: 'NN Designer training' });
    const exitListeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
    let killedWith: NodeJS.Signals | null = null;

    const { port1: workerEnd, port2: windowEnd } = new MessageChannelMain();
    child.postMessage({ type: ATTACH_EVENT_PORT }, [workerEnd]);
    const contents = options.window();
    if (contents && !contents.isDestroyed()) contents.postMessage(TRAINING_PORT_CHANNEL, { runId }, [windowEnd]);
    else windowEnd.close();

    child.stdout?.resume();
    child.stderr?.setEncoding('utf8');
    child.on('exit', (code) => {
      for (const listener of exitListeners) listener(killedWith ? null : code, killedWith);
    });

    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void exitListeners.push(listener),
      onError: (listener) =>
        void child.on('error', (type, location) => listener(new Error(`${type}${location ? ` at ${location}` : ''}`))),
      onStderr: (listener) => void child.stderr?.on('data', listener),
      // A utility process takes no signal; either way it ends now.
      kill(signal) {
        killedWith = signal;
        child.kill();
      },
    };
  };
}
