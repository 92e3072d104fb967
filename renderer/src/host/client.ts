import { hostService, HOST_API_PATH, type HostApi, type HostServiceTable } from '../../../shared/host-api';
import { createClient, webSocketTransport, type ClientEvents, type Disposable } from '../../../shared/rpc';
import { desktopHost } from './desktop-bridge';

/**
 * The page's one way to reach the host. In browser mode that is the WebSocket `nnd serve`
 * offers beside the page; every call and result is checked against shared/host-api.ts.
 *
 * Use `getHost()` everywhere: it connects on first use and, if the host went away (the
 * person stopped `nnd serve` and started it again), the next call connects afresh and
 * event listeners are attached again, so the page keeps working without a reload.
 */

/** `ws://127.0.0.1:PORT/api` for the page at `http://127.0.0.1:PORT/…`. */
export function hostUrlForPage(pageUrl: string): string {
  const url = new URL(HOST_API_PATH, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** One connection; it fails every call once the socket closes. */
export function connectToHost(url: string): HostApi {
  const socket = new WebSocket(url);
  const transport = webSocketTransport(socket, {
    describeClose: (code) =>
      code === 1000
        ? 'the connection to the NN Designer host was closed'
        : `lost the connection to the NN Designer host at ${url} — if \`nnd serve\` was stopped, start it again and retry; your drawing is still in this page`,
    onMalformedFrame: (what) => console.warn(`NN Designer host sent ${what}; it was ignored`),
  });
  return createClient(hostService, transport, { onProtocolError: (message) => console.warn(message) });
}

type HostEvents = HostServiceTable['events'];
type EventName = keyof HostEvents & string;

/** A HostApi that opens a new connection for the next call after the previous one closed. */
export function createReconnectingHost(connect: () => HostApi): HostApi {
  let current: HostApi | null = null;
  const eventListeners = new Map<EventName, Set<(payload: never) => void>>();
  const disconnectListeners = new Set<(reason: string) => void>();

  function connection(): HostApi {
    if (current) return current;
    const fresh = connect();
    current = fresh;
    // One forwarder per event and connection; listeners live here, so they outlast connections.
    for (const event of Object.keys(hostService.events) as EventName[])
      fresh.on(event, (payload) => {
        for (const listener of [...(eventListeners.get(event) ?? [])]) listener(payload as never);
      });
    fresh.onDisconnect((reason) => {
      if (current === fresh) current = null;
      for (const listener of [...disconnectListeners]) listener(reason);
    });
    return fresh;
  }

  const events: ClientEvents<HostEvents> = {
    on(event, listener) {
      let listeners = eventListeners.get(event);
      if (!listeners) eventListeners.set(event, (listeners = new Set()));
      listeners.add(listener as (payload: never) => void);
      // Events only flow over an open connection.
      connection();
      return { dispose: () => void listeners.delete(listener as (payload: never) => void) };
    },
    onDisconnect(listener): Disposable {
      disconnectListeners.add(listener);
      return { dispose: () => void disconnectListeners.delete(listener) };
    },
    close() {
      current?.close();
      current = null;
    },
  };
  const methods = Object.fromEntries(
    Object.keys(hostService.methods).map((method) => [
      method,
      (params?: unknown) => (connection()[method as keyof HostApi] as (p?: unknown) => Promise<unknown>)(params),
    ]),
  );
  return { ...methods, ...events } as HostApi;
}

let pageHost: HostApi | null = null;

/** The HostApi of this page: the preload's in the desktop app, else nnd serve's WebSocket. */
export function getHost(): HostApi {
  pageHost ??= desktopHost() ?? createReconnectingHost(() => connectToHost(hostUrlForPage(window.location.href)));
  return pageHost;
}
