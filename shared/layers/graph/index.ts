import { gatConvLayer, GATConv } from './gat-conv';
import { gcnConvLayer, GCNConv } from './gcn-conv';
import { graphReadoutLayer, GraphReadout } from './graph-readout';
import { messagePassingLayer, MessagePassing } from './message-passing';
import { sageConvLayer, SAGEConv } from './sage-conv';

/** The Graph family of the catalog, in palette order. */
export const graphLayers = [messagePassingLayer, gcnConvLayer, sageConvLayer, gatConvLayer, graphReadoutLayer];

/** Their tfjs classes, registered for serialization by ../custom/register.ts. */
export const graphLayerClasses = [MessagePassing, GCNConv, SAGEConv, GATConv, GraphReadout];

export { GATConv, GCNConv, GraphReadout, MessagePassing, SAGEConv };
