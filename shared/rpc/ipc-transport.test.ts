import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, defineService, Listeners, serve } from './index';
import { ipcTransport, type IpcEndpoint } from './ipc-transport';

const echo = defineService({
  name: 'echo',
  methods: { say: { params: z.object({ text: z.string() }), result: z.object({ heard: z.string() }) } },
  events: { said: z.object({ text: z.string() }) },
});

/** Two IPC endpoints wired together, frames copied as structured clone would. */
function endpointPair() {
  const toA = new Listeners<[unknown]>();
  const toB = new Listeners<[unknown]>();
  const closeA = new Listeners<[string]>();
  const deliver = (to: Listeners<[unknown]>) => (frame: unknown) => queueMicrotask(() => to.fire(structuredClone(frame)));
  const a: IpcEndpoint = { post: deliver(toB), onFrame: (l) => toA.add(l), onClose: (l) => closeA.add(l) };
  const b: IpcEndpoint = { post: deliver(toA), onFrame: (l) => toB.add(l) };
  return { a, b, injectIntoA: (frame: unknown) => toA.fire(frame), closeA: (reason: string) => closeA.fire(reason) };
}

describe('the IPC transport', () => {
  it('carries calls, answers and events between a client and a server', async () => {
    const { a, b } = endpointPair();
    const client = createClient(echo, ipcTransport(a));
    const connection = serve(echo, { say: ({ text }) => ({ heard: text.toUpperCase() }) }, ipcTransport(b));
    const said: string[] = [];
    client.on('said', (p) => said.push(p.text));
    expect(await client.say({ text: 'hi' })).toEqual({ heard: 'HI' });
    connection.emit('said', { text: 'hello' });
    await new Promise((r) => setTimeout(r, 0));
    expect(said).toEqual(['hello']);
  });

  it('drops and reports a frame that is no call, answer or event; the client never sees it', async () => {
    const { a, injectIntoA } = endpointPair();
    const malformed: string[] = [];
    const transport = ipcTransport(a, { onMalformedFrame: (d) => malformed.push(d) });
    const seen: unknown[] = [];
    transport.onMessage((m) => seen.push(m));
    injectIntoA({ id: 'one', result: 1, extra: true });
    injectIntoA(null);
    injectIntoA({ event: { not: 'a name' } });
    injectIntoA({ event: 'said', payload: { text: 'ok' } });
    expect(malformed).toHaveLength(3);
    expect(malformed[0]).toMatch(/^a frame that is not a call, an answer or an event \(/);
    expect(seen).toEqual([{ event: 'said', payload: { text: 'ok' } }]);
  });

  it('fails calls in flight when the other end goes away', async () => {
    const { a, closeA } = endpointPair();
    const client = createClient(echo, ipcTransport(a));
    const call = client.say({ text: 'anyone?' });
    closeA('the window closed');
    await expect(call).rejects.toMatchObject({ code: 'disconnected', message: 'the window closed' });
  });
});
