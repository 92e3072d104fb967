import { GATConv, GCNConv, GraphReadout, MessagePassing, SAGEConv } from './layer-classes';
import { tfjsBuilder } from '../../tfjs-types';
import { gatConvSpec, gcnConvSpec, graphReadoutSpec, messagePassingSpec, sageConvSpec } from './spec';

const messagePassingBuilder = tfjsBuilder(messagePassingSpec, (p, name) =>
  new MessagePassing({
    name,
    units: p.units,
    message: p.message,
    messageUnits: p.messageUnits,
    aggregate: p.aggregate,
    activation: p.activation,
    selfLoops: p.selfLoops,
    useBias: p.useBias,
  }));

const gcnConvBuilder = tfjsBuilder(gcnConvSpec, (p, name) => new GCNConv({ name, units: p.units, activation: p.activation, useBias: p.useBias, selfLoops: p.selfLoops }));

const sageConvBuilder = tfjsBuilder(sageConvSpec, (p, name) => new SAGEConv({ name, units: p.units, activation: p.activation, useBias: p.useBias }));

const gatConvBuilder = tfjsBuilder(gatConvSpec, (p, name) =>
  new GATConv({
    name,
    units: p.units,
    heads: p.heads,
    concatHeads: p.concatHeads,
    negativeSlope: p.negativeSlope,
    activation: p.activation,
    selfLoops: p.selfLoops,
    useBias: p.useBias,
  }));

const graphReadoutBuilder = tfjsBuilder(graphReadoutSpec, (p, name) => new GraphReadout({ name, mode: p.mode }));

export const tfjsBuilders = [messagePassingBuilder, gcnConvBuilder, sageConvBuilder, gatConvBuilder, graphReadoutBuilder];
