import type { HostServiceTable } from '../../shared/host-api';
import type { EventPayload } from '../../shared/rpc';

type HostEvents = HostServiceTable['events'];
/** Sends a host event to every connected window. */
export type HostEventSink = <E extends keyof HostEvents & string>(event: E, payload: EventPayload<HostEvents, E>) => void;
