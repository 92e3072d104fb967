import { GATConv } from './gat-conv';
import { GCNConv } from './gcn-conv';
import { GraphReadout } from './graph-readout';
import { MessagePassing } from './message-passing';
import { SAGEConv } from './sage-conv';

/** Their tfjs classes, registered for serialization by ../../custom/register.ts. */
export const graphLayerClasses = [MessagePassing, GCNConv, SAGEConv, GATConv, GraphReadout];

export { GATConv, GCNConv, GraphReadout, MessagePassing, SAGEConv };
