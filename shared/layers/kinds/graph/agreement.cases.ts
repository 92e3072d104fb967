import type { AgreementCase } from '../../agreement/harness';

/** Graph layers take node features [nodes, F] and an edge index [edges, 2]; both first axes are free. */
export const agreementCases: AgreementCase[] = [
  { type: 'GCNConv', params: {}, inputs: [[null, 5], [null, 2]] },
  { type: 'GCNConv', params: { units: 3, useBias: false, selfLoops: false }, inputs: [[null, 7], [null, 2]] },
  { type: 'SAGEConv', params: { units: 4 }, inputs: [[null, 6], [null, 2]] },
  { type: 'GATConv', params: {}, inputs: [[null, 5], [null, 2]] },
  { type: 'GATConv', params: { units: 3, heads: 2, concatHeads: false }, inputs: [[null, 5], [null, 2]] },
  { type: 'MessagePassing', params: {}, inputs: [[null, 5], [null, 2]] },
  { type: 'MessagePassing', params: { message: 'identity', aggregate: 'max', units: 3 }, inputs: [[null, 4], [null, 2]] },
  // Edge features join the source's features in the message.
  { type: 'MessagePassing', params: { message: 'linear', messageUnits: 6, aggregate: 'mean' }, inputs: [[null, 4], [null, 2], [null, 3]] },
  { type: 'MessagePassing', params: { message: 'identity', useBias: false }, inputs: [[null, 4], [null, 2], [null, 3]] },
  { type: 'GraphReadout', params: {}, inputs: [[null, 8], [null, 1]] },
  { type: 'GraphReadout', params: { mode: 'max' }, inputs: [[null, 8]] },
];
