import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/training/protocol';
import { ATTACH_EVENT_PORT, connectToParent, parentPortChannel, type ParentPortLike } from './parent-channel';

/** Electron's parentPort and MessagePortMain carry structured-clone messages; these record them. */
function fakeParentPort() {
  const emitter = new EventEmitter();
  const toParent: unknown[] = [];
  const parentPort: ParentPortLike = {
    on: (event, listener) => void emitter.on(event, listener),
    postMessage: (message) => void toParent.push(structuredClone(message)),
  };
  return { parentPort, toParent, deliver: (data: unknown, ports: unknown[] = []) => emitter.emit('message', { data, ports }) };
}

const log: TrainingEvent = { type: 'log', backend: 'cpu', level: 'info', message: 'hello' };

describe('the worker’s channel to its parent', () => {
  it('in a utilityProcess: requests from the parent port, events to it and to the window’s port once attached', async () => {
    const { parentPort, toParent, deliver } = fakeParentPort();
    const channel = parentPortChannel(parentPort);
    const requests: unknown[] = [];
    channel.onRequest((r) => requests.push(r));

    await channel.send(log);
    const toWindow: unknown[] = [];
    let started = false;
    deliver({ type: ATTACH_EVENT_PORT }, [{ postMessage: (m: unknown) => toWindow.push(m), start: () => (started = true) }]);
    deliver({ type: 'pause' });
    await channel.send({ ...log, message: 'second' });

    expect(started).toBe(true);
    expect(requests).toEqual([{ type: 'pause' }]);
    expect(toParent).toEqual([log, { ...log, message: 'second' }]);
    expect(toWindow).toEqual([{ ...log, message: 'second' }]);
  });

  it('picks the parent port where Electron provides one, else Node’s fork channel', () => {
    const { parentPort, toParent } = fakeParentPort();
    const channel = connectToParent(Object.assign(new EventEmitter(), { parentPort }) as unknown as NodeJS.Process);
    void channel.send(log);
    expect(toParent).toEqual([log]);
    const sent: unknown[] = [];
    const forked = Object.assign(new EventEmitter(), { connected: true, send: (m: unknown, _h: unknown, _o: unknown, cb: () => void) => (sent.push(m), cb(), true) });
    void connectToParent(forked as unknown as NodeJS.Process).send(log);
    expect(sent).toEqual([log]);
  });
});
