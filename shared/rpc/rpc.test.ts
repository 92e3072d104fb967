import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createClient, createMemoryTransportPair, defineService, RpcError, serve, type MessageTransport } from './index';

const calculator = defineService({
  name: 'calculator',
  methods: {
    add: { params: z.object({ a: z.number(), b: z.number() }), result: z.object({ sum: z.number() }) },
    greet: { params: z.object({ name: z.string(), punctuation: z.string().default('!') }), result: z.string() },
    now: { params: z.undefined(), result: z.object({ tick: z.number().int() }) },
    fail: { params: z.object({ how: z.enum(['typed', 'bug', 'bad-result']) }), result: z.object({ ok: z.literal(true) }) },
    slow: { params: z.undefined(), result: z.object({ done: z.boolean() }) },
  },
  events: {
    ticked: z.object({ tick: z.number().int() }),
  },
});

function connect() {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  let tick = 0;
  const internalErrors: string[] = [];
  const connection = serve(
    calculator,
    {
      add: ({ a, b }) => ({ sum: a + b }),
      greet: ({ name, punctuation }) => `Hello, ${name}${punctuation}`,
      now: () => {
        tick++;
        connection.emit('ticked', { tick });
        return { tick };
      },
      fail: ({ how }) => {
        if (how === 'typed') throw new RpcError('the calculator is out of paper — add some and try again', 'out-of-paper', { sheets: 0 });
        if (how === 'bug') throw new TypeError('cannot read properties of undefined');
        return { ok: 'yes' } as unknown as { ok: true };
      },
      slow: () => new Promise(() => {}),
    },
    serverEnd,
    { onInternalError: (method, err) => internalErrors.push(`${method}: ${(err as Error).message}`) },
  );
  const protocolErrors: string[] = [];
  const client = createClient(calculator, clientEnd, { onProtocolError: (m) => protocolErrors.push(m) });
  return { client, clientEnd, serverEnd, connection, internalErrors, protocolErrors };
}

/** Sends a raw message on a transport and resolves with the first message that comes back. */
function rawExchange(transport: MessageTransport, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const subscription = transport.onMessage((reply) => {
      subscription.dispose();
      resolve(reply);
    });
    transport.send(message as never);
  });
}

describe('rpc over the in-memory transport pair', () => {
  it('calls methods with typed params and results, defaults applied on the server', async () => {
    const { client } = connect();
    expect(await client.add({ a: 2, b: 3 })).toEqual({ sum: 5 });
    expect(await client.greet({ name: 'Ada' })).toBe('Hello, Ada!');
    expect(await client.greet({ name: 'Ada', punctuation: '?' })).toBe('Hello, Ada?');
    expect(await client.now()).toEqual({ tick: 1 });
  });

  it('answers concurrent calls each with its own result', async () => {
    const { client } = connect();
    const sums = await Promise.all(Array.from({ length: 20 }, (_, i) => client.add({ a: i, b: 100 })));
    expect(sums.map((s) => s.sum)).toEqual(Array.from({ length: 20 }, (_, i) => i + 100));
  });

  it('delivers events, validated, to their listeners until disposed', async () => {
    const { client } = connect();
    const ticks: number[] = [];
    const subscription = client.on('ticked', (payload) => ticks.push(payload.tick));
    await client.now();
    await client.now();
    subscription.dispose();
    await client.now();
    expect(ticks).toEqual([1, 2]);
  });

  it('refuses bad params in the client before anything is sent, naming the method and the value', async () => {
    const { client, serverEnd } = connect();
    const seen = vi.fn();
    serverEnd.onMessage(seen);
    const call = client.add({ a: 1, b: 'two' as unknown as number });
    await expect(call).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(call).rejects.toThrow(/^calculator\.add: invalid params — b: .*expected number/);
    expect(seen).not.toHaveBeenCalled();
  });

  it('refuses a malformed payload that reaches the server, and the implementation never sees it', async () => {
    const { clientEnd } = connect();
    const reply = await rawExchange(clientEnd, { id: 7, method: 'add', params: { a: 1, b: [2] } });
    expect(reply).toMatchObject({ id: 7, error: { code: 'invalid-params' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/^calculator\.add: invalid params — b: .*expected number/);
  });

  it('refuses a message that is not a call, an unknown method and an inherited property name', async () => {
    const { clientEnd } = connect();
    expect(await rawExchange(clientEnd, { hello: 'world' })).toMatchObject({
      id: null,
      error: { code: 'bad-message', message: expect.stringMatching(/not a call of the form \{id, method, params\}/) },
    });
    expect(await rawExchange(clientEnd, { id: 'x', method: 'add' })).toMatchObject({ id: null, error: { code: 'bad-message' } });
    expect(await rawExchange(clientEnd, { id: 3, method: 'divide', params: {} })).toMatchObject({
      id: 3,
      error: { code: 'unknown-method', message: 'calculator has no method "divide" — the page and the host are out of step; reload the page' },
    });
    expect(await rawExchange(clientEnd, { id: 4, method: 'toString' })).toMatchObject({ id: 4, error: { code: 'unknown-method' } });
  });

  it('carries a typed error with its code, message and data', async () => {
    const { client } = connect();
    const failure = await client.fail({ how: 'typed' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RpcError);
    expect(failure).toMatchObject({ code: 'out-of-paper', message: 'the calculator is out of paper — add some and try again', data: { sheets: 0 } });
  });

  it('reports a bug in the implementation as internal, and a result off its schema as invalid-result', async () => {
    const { client, internalErrors } = connect();
    await expect(client.fail({ how: 'bug' })).rejects.toMatchObject({
      code: 'internal',
      message: 'calculator.fail failed: cannot read properties of undefined',
    });
    await expect(client.fail({ how: 'bad-result' })).rejects.toMatchObject({ code: 'invalid-result' });
    expect(internalErrors).toHaveLength(2);
    expect(internalErrors[1]).toMatch(/^fail: calculator\.fail produced a result that does not match its schema \(ok: /);
  });

  it('checks results and events on the client too: a lying server is caught', async () => {
    const [clientEnd, serverEnd] = createMemoryTransportPair();
    const protocolErrors: string[] = [];
    const client = createClient(calculator, clientEnd, { onProtocolError: (m) => protocolErrors.push(m) });
    const ticks: unknown[] = [];
    client.on('ticked', (p) => ticks.push(p));
    serverEnd.onMessage((message) => {
      const { id } = message as { id: number };
      serverEnd.send({ event: 'ticked', payload: { tick: 'soon' } });
      serverEnd.send({ event: 'exploded', payload: {} });
      serverEnd.send({ id, result: { sum: 'many' } });
    });
    await expect(client.add({ a: 1, b: 1 })).rejects.toMatchObject({
      code: 'invalid-result',
      message: expect.stringMatching(/^calculator\.add answered with data that does not match its schema \(sum: /),
    });
    expect(ticks).toEqual([]);
    expect(protocolErrors).toEqual([
      expect.stringMatching(/dropped event "ticked" with a malformed payload \(tick: /),
      'calculator: dropped an unknown event "exploded"',
    ]);
  });

  it('rejects calls in flight when the connection closes, and later calls at once', async () => {
    const { client, serverEnd, connection } = connect();
    const closedReasons: string[] = [];
    client.onDisconnect((reason) => closedReasons.push(reason));
    const serverClosed = new Promise<string>((resolve) => connection.onClose(resolve));
    const inFlight = client.slow();
    await Promise.resolve();
    serverEnd.close();
    await expect(inFlight).rejects.toMatchObject({ code: 'disconnected', message: 'the other end closed the connection' });
    await expect(client.add({ a: 1, b: 2 })).rejects.toMatchObject({ code: 'disconnected' });
    expect(closedReasons).toEqual(['the other end closed the connection']);
    expect(await serverClosed).toBe('the other end closed the connection');
  });

  it('refuses a service whose method name the client itself uses', () => {
    const [clientEnd] = createMemoryTransportPair();
    const clash = defineService({ name: 'clash', methods: { close: { params: z.undefined(), result: z.null() } }, events: {} });
    expect(() => createClient(clash, clientEnd)).toThrow('clash: a method cannot be called "close" (the client uses that name)');
  });

  it('refuses to emit an event that is not in the table or whose payload is malformed', () => {
    const { connection } = connect();
    expect(() => connection.emit('ticked', { tick: 1.5 })).toThrow(/calculator event "ticked": malformed payload \(tick: /);
    expect(() => (connection.emit as (e: string, p: unknown) => void)('exploded', {})).toThrow('calculator has no event "exploded"');
  });
});
