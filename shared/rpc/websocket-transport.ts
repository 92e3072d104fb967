import { Listeners, type MessageTransport, type WireMessage } from './protocol';

/**
 * The part of a WebSocket this transport uses. Both the browser's WebSocket and the `ws`
 * package's implement it, so one adapter serves the page and the host.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

const CONNECTING = 0;
const OPEN = 1;

export interface WebSocketTransportOptions {
  /** Turns the socket's close code and reason into the sentence pending calls fail with. */
  describeClose?: (code: number, reason: string) => string;
  /** A frame that is not JSON text: dropped, and reported here. */
  onMalformedFrame?: (description: string) => void;
}

/**
 * Messages as JSON text frames. Messages sent while the socket is still connecting wait
 * for it to open, so a client can be used at once.
 */
export function webSocketTransport(socket: WebSocketLike, options: WebSocketTransportOptions = {}): MessageTransport {
  const received = new Listeners<[unknown]>();
  const closed = new Listeners<[string]>();
  const waiting: string[] = [];
  let closeReason: string | null = null;
  const describeClose = options.describeClose ?? ((code: number, reason: string) => `the connection closed (code ${code}${reason ? `: ${reason}` : ''})`);

  socket.addEventListener('open', () => {
    for (const text of waiting.splice(0)) socket.send(text);
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') {
      options.onMalformedFrame?.('a binary frame (only JSON text frames are expected)');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(event.data);
    } catch {
      options.onMalformedFrame?.(`a frame that is not JSON: ${event.data.slice(0, 80)}`);
      return;
    }
    received.fire(message);
  });
  socket.addEventListener('close', (event) => {
    if (closeReason !== null) return;
    closeReason = describeClose(event.code, event.reason);
    waiting.length = 0;
    closed.fire(closeReason);
  });
  // An 'error' is always followed by 'close', which carries the news to the listeners.
  socket.addEventListener('error', () => {});

  return {
    send(message: WireMessage) {
      if (closeReason !== null) throw new Error(closeReason);
      const text = JSON.stringify(message);
      if (socket.readyState === CONNECTING) waiting.push(text);
      else if (socket.readyState === OPEN) socket.send(text);
      else throw new Error('the connection is closing');
    },
    onMessage: (listener) => received.add(listener),
    onClose: (listener) => closed.add(listener),
    close: () => socket.close(1000, 'closed by this side'),
  };
}
