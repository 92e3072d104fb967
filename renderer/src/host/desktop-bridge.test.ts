import { describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/rpc';
import { desktopHost } from './desktop-bridge';

describe('the desktop bridge', () => {
  it('is absent in a browser', () => {
    expect(desktopHost({})).toBeNull();
  });

  it('passes calls through and turns errors from across the context bridge back into RpcErrors with their code', async () => {
    const bridge = {
      on: () => ({ dispose() {} }),
      onDisconnect: () => ({ dispose() {} }),
      close() {},
      newProject: async () => ({ document: { name: 'n' } }),
      openProject: async () => Promise.reject({ rpcError: true, message: 'not chosen', code: 'permission-denied' }),
    };
    const host = desktopHost({ nndHost: bridge })!;
    expect(await host.newProject({})).toEqual({ document: { name: 'n' } });
    const failure = await host.openProject({ path: '/etc/passwd' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RpcError);
    expect(failure).toMatchObject({ code: 'permission-denied', message: 'not chosen' });
  });
});
