export * from './protocol';
export { createClient, RESERVED_CLIENT_NAMES, type Client, type ClientEvents, type ClientOptions } from './client';
export { serve, type ServedConnection, type ServeOptions } from './server';
export { createMemoryTransportPair } from './memory-transport';
export { webSocketTransport, type WebSocketLike, type WebSocketTransportOptions } from './websocket-transport';
