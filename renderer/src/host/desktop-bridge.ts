import { hostService, type HostApi } from '../../../shared/host-api';
import { RpcError } from '../../../shared/rpc';

/** The desktop preload exposes the HostApi under this name (electron/preload/ipc-channels.ts). */
const BRIDGE_NAME = 'nndHost';

interface PlainRpcError {
  rpcError: true;
  message: string;
  code: string;
  data?: unknown;
}

function isPlainRpcError(value: unknown): value is PlainRpcError {
  return typeof value === 'object' && value !== null && (value as PlainRpcError).rpcError === true && typeof (value as PlainRpcError).message === 'string';
}

/** This page runs in the desktop app's window (its preload exposed the HostApi). */
export function isDesktopWindow(scope: object = globalThis): boolean {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_NAME];
  return typeof bridge === 'object' && bridge !== null;
}

/**
 * The HostApi of the desktop window, or null in a browser. The preload already checks every
 * call and answer against the schemas; across the context bridge an error arrives as plain
 * data, so it is turned back into the RpcError (with its code) the rest of the page expects.
 */
export function desktopHost(scope: object = globalThis): HostApi | null {
  if (!isDesktopWindow(scope)) return null;
  const bridge = (scope as Record<string, Record<string, unknown>>)[BRIDGE_NAME]!;
  const host: Record<string, unknown> = {
    on: bridge.on,
    onDisconnect: bridge.onDisconnect,
    close: bridge.close,
  };
  for (const method of Object.keys(hostService.methods)) {
    const call = bridge[method] as (params?: unknown) => Promise<unknown>;
    host[method] = (params?: unknown) =>
      call(params).catch((err: unknown) => {
        throw isPlainRpcError(err) ? new RpcError(err.message, err.code, err.data) : err;
      });
  }
  return host as unknown as HostApi;
}
