import { Listeners, type MessageTransport, type WireMessage } from './protocol';

/**
 * Two connected ends in one process, for tests (VS Code tests its IPC the same way). Each
 * message goes through JSON and arrives on a later microtask, as over a real socket, so a
 * test sees what a WebSocket would deliver: no shared objects, no `undefined` values.
 */
export function createMemoryTransportPair(): [MessageTransport, MessageTransport] {
  const ends = [makeEnd(), makeEnd()] as const;
  let open = true;
  const closeBoth = (reason: string) => {
    if (!open) return;
    open = false;
    queueMicrotask(() => {
      ends[0].closed.fire(reason);
      ends[1].closed.fire(reason);
    });
  };
  const transportFor = (self: 0 | 1): MessageTransport => {
    const other = ends[self === 0 ? 1 : 0];
    return {
      send(message: WireMessage) {
        if (!open) throw new Error('the in-memory transport is closed');
        const text = JSON.stringify(message);
        queueMicrotask(() => {
          if (open) other.received.fire(JSON.parse(text) as unknown);
        });
      },
      onMessage: (listener) => ends[self].received.add(listener),
      onClose: (listener) => ends[self].closed.add(listener),
      close: () => closeBoth('the other end closed the connection'),
    };
  };
  return [transportFor(0), transportFor(1)];
}

function makeEnd() {
  return { received: new Listeners<[unknown]>(), closed: new Listeners<[string]>() };
}
