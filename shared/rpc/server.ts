import {
  Listeners,
  RequestMessageSchema,
  RPC_ERROR_CODES,
  RpcError,
  describeZodError,
  type Disposable,
  type EventPayload,
  type MessageTransport,
  type ResponseMessage,
  type ServiceImplementation,
  type ServiceTable,
} from './protocol';

export interface ServedConnection<S extends ServiceTable> extends Disposable {
  /** Sends an event to this connection; the payload is checked against the table first. */
  emit<E extends keyof S['events'] & string>(event: E, payload: EventPayload<S['events'], E>): void;
  /** Called once when the other end goes away. */
  onClose(listener: (reason: string) => void): Disposable;
}

export interface ServeOptions {
  /** An implementation threw something that is not an `RpcError`: a bug worth logging with its stack. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * Answers the calls arriving on a transport with `implementation`. Params are validated
 * against the table before the implementation sees them (defaults filled in), results
 * before they leave, so a malformed call is refused with a message that names the method
 * and the bad value, and the implementation never sees one.
 */
export function serve<S extends ServiceTable>(
  table: S,
  implementation: ServiceImplementation<S['methods']>,
  transport: MessageTransport,
  options: ServeOptions = {},
): ServedConnection<S> {
  const closeListeners = new Listeners<[string]>();
  let closed = false;

  function reply(message: ResponseMessage): void {
    if (closed) return;
    try {
      transport.send(message);
    } catch {
      // The other end left while we were working; there is no one to answer.
    }
  }

  function refuse(id: number | null, code: string, message: string, data?: unknown): void {
    reply({ id, error: data === undefined ? { code, message } : { code, message, data } });
  }

  async function handle(message: unknown): Promise<void> {
    const request = RequestMessageSchema.safeParse(message);
    if (!request.success) {
      const rawId = (message as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'number' && Number.isInteger(rawId) ? rawId : null;
      refuse(
        id,
        RPC_ERROR_CODES.badMessage,
        `${table.name}: refused a message that is not a call of the form {id, method, params} (${describeZodError(request.error)})`,
      );
      return;
    }
    const { id, method, params } = request.data;
    const spec = Object.hasOwn(table.methods, method) ? table.methods[method] : undefined;
    if (!spec) {
      refuse(id, RPC_ERROR_CODES.unknownMethod, `${table.name} has no method "${method}" — the page and the host are out of step; reload the page`);
      return;
    }
    const checkedParams = spec.params.safeParse(params);
    if (!checkedParams.success) {
      refuse(id, RPC_ERROR_CODES.invalidParams, `${table.name}.${method}: invalid params — ${describeZodError(checkedParams.error)}`);
      return;
    }
    let result: unknown;
    try {
      const run = implementation[method as keyof typeof implementation] as (p: unknown) => unknown;
      result = await run(checkedParams.data);
    } catch (err) {
      if (err instanceof RpcError) refuse(id, err.code, err.message, err.data);
      else {
        options.onInternalError?.(method, err);
        refuse(id, RPC_ERROR_CODES.internal, `${table.name}.${method} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      return;
    }
    const checkedResult = spec.result.safeParse(result);
    if (!checkedResult.success) {
      const message = `${table.name}.${method} produced a result that does not match its schema (${describeZodError(checkedResult.error)}) — this is a bug in the host`;
      options.onInternalError?.(method, new Error(message));
      refuse(id, RPC_ERROR_CODES.invalidResult, message);
      return;
    }
    reply({ id, result: checkedResult.data });
  }

  const messageSubscription = transport.onMessage((message) => void handle(message));
  const closeSubscription = transport.onClose((reason) => {
    if (closed) return;
    closed = true;
    closeListeners.fire(reason);
  });

  return {
    emit(event, payload) {
      if (closed) return;
      const schema = Object.hasOwn(table.events, event) ? table.events[event] : undefined;
      if (!schema) throw new Error(`${table.name} has no event "${event}"`);
      const checked = schema.safeParse(payload);
      if (!checked.success) throw new Error(`${table.name} event "${event}": malformed payload (${describeZodError(checked.error)})`);
      transport.send(checked.data === undefined ? { event } : { event, payload: checked.data });
    },
    onClose(listener) {
      return closeListeners.add(listener);
    },
    dispose() {
      messageSubscription.dispose();
      closeSubscription.dispose();
      closed = true;
      closeListeners.clear();
    },
  };
}
