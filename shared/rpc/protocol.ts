import { z } from 'zod';

/**
 * A service is declared once, as data: every method with the zod schemas of its params and
 * its result, every event with the schema of its payload. The typed client, the server and
 * every transport are derived from that one table, so no channel name is typed twice
 * (VS Code declares its IPC channels the same way).
 */
export interface MethodSpec<Params extends z.ZodType = z.ZodType, Result extends z.ZodType = z.ZodType> {
  params: Params;
  result: Result;
}

export type MethodTable = Record<string, MethodSpec>;
export type EventTable = Record<string, z.ZodType>;

export interface ServiceTable<Methods extends MethodTable = MethodTable, Events extends EventTable = EventTable> {
  /** Names the service in error messages. */
  name: string;
  methods: Methods;
  events: Events;
}

/** Declares a service table with its literal types kept (so clients and servers are typed). */
export function defineService<Methods extends MethodTable, Events extends EventTable>(
  table: ServiceTable<Methods, Events>,
): ServiceTable<Methods, Events> {
  return table;
}

type ParamsIn<M extends MethodSpec> = z.input<M['params']>;

/** What a caller holds: one async function per method; methods whose params are `undefined` take none. */
export type ClientMethods<Methods extends MethodTable> = {
  [K in keyof Methods]: undefined extends ParamsIn<Methods[K]>
    ? (params?: ParamsIn<Methods[K]>) => Promise<z.output<Methods[K]['result']>>
    : (params: ParamsIn<Methods[K]>) => Promise<z.output<Methods[K]['result']>>;
};

/** What a server implements: params arrive validated (defaults filled in); the result is validated before it leaves. */
export type ServiceImplementation<Methods extends MethodTable> = {
  [K in keyof Methods]: (params: z.output<Methods[K]['params']>) => Promise<z.input<Methods[K]['result']>> | z.input<Methods[K]['result']>;
};

export type EventPayload<Events extends EventTable, E extends keyof Events> = z.output<Events[E]>;

/**
 * Why a call failed, as a machine-readable code next to a message a person can act on.
 * The generic codes below come from the RPC layer itself; a service adds its own
 * (`not-found`, `malformed-project`, …) by throwing an `RpcError` with that code.
 */
export const RPC_ERROR_CODES = {
  /** The params did not match the method's schema (on either side). */
  invalidParams: 'invalid-params',
  /** The server answered with something that does not match the result schema: a bug. */
  invalidResult: 'invalid-result',
  unknownMethod: 'unknown-method',
  /** A message that is not a request at all. */
  badMessage: 'bad-message',
  /** The connection closed before the answer came. */
  disconnected: 'disconnected',
  /** The implementation threw something that is not an `RpcError`: a bug. */
  internal: 'internal',
} as const;

export class RpcError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Plain JSON data for the caller (for example the JSON path of a bad value). */
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const RequestMessageSchema = z.object({
  id: z.number().int(),
  method: z.string().min(1),
  params: z.unknown().optional(),
});
export type RequestMessage = z.infer<typeof RequestMessageSchema>;

export const ErrorPayloadSchema = z.object({
  message: z.string(),
  code: z.string(),
  data: z.unknown().optional(),
});

/** `id` is null only when the request was too malformed to carry one. */
export const ResponseMessageSchema = z.union([
  z.object({ id: z.number().int(), result: z.unknown().optional() }).strict(),
  z.object({ id: z.number().int().nullable(), error: ErrorPayloadSchema }).strict(),
]);
export type ResponseMessage = z.infer<typeof ResponseMessageSchema>;

export const EventMessageSchema = z.object({ event: z.string().min(1), payload: z.unknown().optional() });
export type EventMessage = z.infer<typeof EventMessageSchema>;

export type WireMessage = RequestMessage | ResponseMessage | EventMessage;

export interface Disposable {
  dispose(): void;
}

/**
 * Carries plain JSON-compatible messages between two ends. Implementations: an in-memory
 * pair (tests), a WebSocket (browser mode), Electron IPC (desktop).
 */
export interface MessageTransport {
  send(message: WireMessage): void;
  onMessage(listener: (message: unknown) => void): Disposable;
  /** Called once when the other end goes away; the reason is for people. */
  onClose(listener: (reason: string) => void): Disposable;
  close(): void;
}

/** `nodes.3.type: expected string, received number` — the first problems of a zod error, on one line. */
export function describeZodError(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path.map(String).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}

/** A tiny listener list shared by transports, clients and servers. */
export class Listeners<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  fire(...args: Args): void {
    for (const listener of [...this.listeners]) listener(...args);
  }

  clear(): void {
    this.listeners.clear();
  }
}
