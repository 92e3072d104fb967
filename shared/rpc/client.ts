import type { z } from 'zod';
import {
  EventMessageSchema,
  Listeners,
  ResponseMessageSchema,
  RPC_ERROR_CODES,
  RpcError,
  describeZodError,
  type ClientMethods,
  type Disposable,
  type EventTable,
  type MessageTransport,
  type ServiceTable,
} from './protocol';

export interface ClientEvents<Events extends EventTable> {
  /** Listens to one event of the service; payloads arrive validated. */
  on<E extends keyof Events & string>(event: E, listener: (payload: z.output<Events[E]>) => void): Disposable;
  /** Called once when the connection is gone; every call in flight has been rejected by then. */
  onDisconnect(listener: (reason: string) => void): Disposable;
  close(): void;
}

/** The typed proxy of a service: one async function per method, plus its events. */
export type Client<S extends ServiceTable> = ClientMethods<S['methods']> & ClientEvents<S['events']>;

/** Names the client object itself uses, so a service cannot declare a method with them. */
export const RESERVED_CLIENT_NAMES: ReadonlySet<string> = new Set(['on', 'onDisconnect', 'close', 'then']);

export interface ClientOptions {
  /**
   * A message the client had to drop (an answer to no call, an unknown or malformed event).
   * These are bugs on the other side, reported rather than thrown into unrelated code.
   */
  onProtocolError?: (message: string) => void;
}

interface PendingCall {
  method: string;
  resolve(value: unknown): void;
  reject(error: RpcError): void;
}

/**
 * Turns a service table and a transport into a typed client. Params are checked before they
 * leave (a wrong call fails at once, with the path of the bad value), results and events
 * are checked when they arrive, so neither side trusts the other's data.
 */
export function createClient<S extends ServiceTable>(table: S, transport: MessageTransport, options: ClientOptions = {}): Client<S> {
  const pending = new Map<number, PendingCall>();
  const eventListeners = new Map<string, Listeners<[unknown]>>();
  const disconnectListeners = new Listeners<[string]>();
  const reportProtocolError = options.onProtocolError ?? ((message: string) => console.warn(message));
  let nextId = 1;
  let closedReason: string | null = null;

  function call(method: string, params: unknown): Promise<unknown> {
    const spec = table.methods[method]!;
    const checked = spec.params.safeParse(params);
    if (!checked.success)
      return Promise.reject(
        new RpcError(`${table.name}.${method}: invalid params — ${describeZodError(checked.error)}`, RPC_ERROR_CODES.invalidParams),
      );
    if (closedReason !== null) return Promise.reject(new RpcError(closedReason, RPC_ERROR_CODES.disconnected));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { method, resolve, reject });
      try {
        // The caller's own params go out, not the parsed ones: the server applies the same
        // defaults, and a schema with transforms must see the original input.
        transport.send(params === undefined ? { id, method } : { id, method, params });
      } catch (err) {
        pending.delete(id);
        reject(new RpcError(`${table.name}.${method}: could not send the call (${(err as Error).message})`, RPC_ERROR_CODES.disconnected));
      }
    });
  }

  function handleResponse(message: unknown): void {
    const parsed = ResponseMessageSchema.safeParse(message);
    if (!parsed.success) {
      reportProtocolError(`${table.name}: dropped a malformed message from the other side (${describeZodError(parsed.error)})`);
      return;
    }
    const response = parsed.data;
    const call = response.id === null ? undefined : pending.get(response.id);
    if (!call) {
      const detail = 'error' in response ? `: ${response.error.message}` : '';
      reportProtocolError(`${table.name}: dropped an answer to no pending call (id ${String(response.id)})${detail}`);
      return;
    }
    pending.delete(response.id!);
    if ('error' in response) {
      call.reject(new RpcError(response.error.message, response.error.code, response.error.data));
      return;
    }
    const result = table.methods[call.method]!.result.safeParse(response.result);
    if (result.success) call.resolve(result.data);
    else
      call.reject(
        new RpcError(
          `${table.name}.${call.method} answered with data that does not match its schema (${describeZodError(result.error)}) — the host and the page are out of step; reload the page`,
          RPC_ERROR_CODES.invalidResult,
        ),
      );
  }

  function handleEvent(message: unknown): void {
    const parsed = EventMessageSchema.parse(message);
    const schema = Object.hasOwn(table.events, parsed.event) ? table.events[parsed.event] : undefined;
    if (!schema) {
      reportProtocolError(`${table.name}: dropped an unknown event "${parsed.event}"`);
      return;
    }
    const payload = schema.safeParse(parsed.payload);
    if (!payload.success) {
      reportProtocolError(`${table.name}: dropped event "${parsed.event}" with a malformed payload (${describeZodError(payload.error)})`);
      return;
    }
    eventListeners.get(parsed.event)?.fire(payload.data);
  }

  const messageSubscription = transport.onMessage((message) => {
    if (EventMessageSchema.safeParse(message).success) handleEvent(message);
    else handleResponse(message);
  });

  const closeSubscription = transport.onClose((reason) => {
    if (closedReason !== null) return;
    closedReason = reason;
    for (const [id, call] of pending) {
      pending.delete(id);
      call.reject(new RpcError(reason, RPC_ERROR_CODES.disconnected));
    }
    disconnectListeners.fire(reason);
  });

  const client: Record<string, unknown> = {
    on(event: string, listener: (payload: unknown) => void): Disposable {
      if (!Object.hasOwn(table.events, event)) throw new RpcError(`${table.name} has no event "${event}"`, RPC_ERROR_CODES.unknownMethod);
      let listeners = eventListeners.get(event);
      if (!listeners) eventListeners.set(event, (listeners = new Listeners()));
      return listeners.add(listener);
    },
    onDisconnect(listener: (reason: string) => void): Disposable {
      return disconnectListeners.add(listener);
    },
    close(): void {
      messageSubscription.dispose();
      closeSubscription.dispose();
      const reason = `${table.name}: the client was closed`;
      if (closedReason === null) {
        closedReason = reason;
        for (const [id, call] of pending) {
          pending.delete(id);
          call.reject(new RpcError(reason, RPC_ERROR_CODES.disconnected));
        }
      }
      transport.close();
    },
  };
  for (const method of Object.keys(table.methods)) {
    if (RESERVED_CLIENT_NAMES.has(method)) throw new Error(`${table.name}: a method cannot be called "${method}" (the client uses that name)`);
    client[method] = (params?: unknown) => call(method, params);
  }
  return client as Client<S>;
}
