/**
 * The five reference models of issue #10 as a user draws them, the single definition the
 * benches share (bench:engine, bench:engines, bench:train, bench:gnn). Their PyTorch
 * twins are in reference_torch.py, under the same keys.
 */
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../shared/graph/document';
import { insertTransformerBlock } from '../../shared/blocks/transformer';
import { chainDocument, type LayerStep } from '../graphs';

export const CLASSES = 10;
export const BATCH = 64;

/** A model trained on samples of one shape, in batches. */
export interface SampleModel {
  key: 'mlp' | 'cnn' | 'lstm' | 'transformer';
  label: string;
  /** One sample's shape, channels last as tfjs takes it. */
  inputShape: number[];
  document(): GraphDocument;
}

/** The layers after the Input, for a straight chain. */
export const CHAIN_LAYERS: Record<'mlp' | 'cnn' | 'lstm', LayerStep[]> = {
  mlp: [
    { type: 'Dense', params: { units: 256, activation: 'relu' } },
    { type: 'Dense', params: { units: 128, activation: 'relu' } },
    { type: 'Dense', params: { units: CLASSES, activation: 'softmax' } },
  ],
  cnn: [
    { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], activation: 'relu' } },
    { type: 'MaxPooling2D', params: { poolSize: [2, 2] } },
    { type: 'Conv2D', params: { filters: 32, kernelSize: [3, 3], activation: 'relu' } },
    { type: 'MaxPooling2D', params: { poolSize: [2, 2] } },
    { type: 'Flatten' },
    { type: 'Dense', params: { units: CLASSES, activation: 'softmax' } },
  ],
  lstm: [
    { type: 'LSTM', params: { units: 64 } },
    { type: 'Dense', params: { units: CLASSES, activation: 'softmax' } },
  ],
};

function chainModel(key: 'mlp' | 'cnn' | 'lstm', label: string, inputShape: number[]): SampleModel {
  return { key, label, inputShape, document: () => chainDocument(key, [{ type: 'Input', params: { shape: inputShape } }, ...CHAIN_LAYERS[key]]) };
}

export const TRANSFORMER = { steps: 32, dModel: 64, numHeads: 4, ffDim: 256 } as const;

/**
 * The Transformer encoder block group (post-norm, GELU feed-forward, as torch's
 * TransformerEncoderLayer) inserted as the editor inserts it, mean-pooled into a softmax.
 */
export function transformerDocument(): GraphDocument {
  let doc = addNode(emptyDocument('transformer'), { id: 'x', name: 'x', type: 'Input', params: { shape: [TRANSFORMER.steps, TRANSFORMER.dModel] }, position: { x: 0, y: 0 } });
  const block = insertTransformerBlock(
    doc,
    { kind: 'encoder', dModel: TRANSFORMER.dModel, numHeads: TRANSFORMER.numHeads, ffDim: TRANSFORMER.ffDim, normFirst: false },
    { position: { x: 300, y: 0 }, from: 'x' },
  );
  doc = addNode(block.doc, { id: 'pool', name: 'pool', type: 'GlobalAveragePooling1D', position: { x: 3000, y: 0 } });
  doc = connect(doc, { source: block.exitId, target: 'pool' });
  doc = addNode(doc, { id: 'classes', name: 'classes', type: 'Dense', params: { units: CLASSES, activation: 'softmax' }, position: { x: 3300, y: 0 } });
  return connect(doc, { source: 'pool', target: 'classes' });
}

export const MLP = chainModel('mlp', 'MLP 784-256-128-10', [784]);
export const CNN = chainModel('cnn', 'CNN conv16-pool-conv32-pool-dense 28x28x1', [28, 28, 1]);
export const LSTM = chainModel('lstm', 'LSTM(64) over 32 steps x 16 features', [32, 16]);
export const TRANSFORMER_MODEL: SampleModel = {
  key: 'transformer',
  label: `Transformer encoder d${TRANSFORMER.dModel} h${TRANSFORMER.numHeads} ff${TRANSFORMER.ffDim}, ${TRANSFORMER.steps} steps`,
  inputShape: [TRANSFORMER.steps, TRANSFORMER.dModel],
  document: transformerDocument,
};

export const SAMPLE_MODELS: SampleModel[] = [MLP, CNN, LSTM, TRANSFORMER_MODEL];

/** Cora's size: 2,708 nodes, 1,433 bag-of-words features, 7 classes, 5,278 undirected edges. */
export const CORA_SIZE = { nodes: 2708, features: 1433, classes: 7, undirectedEdges: 5278, hidden: 16 } as const;

/**
 * A 2-layer GCN (Kipf & Welling): features → GCNConv(hidden, relu) → GCNConv(classes,
 * softmax), with the node-feature and edge-index Inputs a graph project has.
 */
export function gcnDocument(features: number, hidden: number, classes: number): GraphDocument {
  let doc = emptyDocument('gcn');
  doc = addNode(doc, { id: 'nodes', name: 'nodes', type: 'Input', params: { shape: [features], role: 'nodeFeatures' }, position: { x: 0, y: 0 } });
  doc = addNode(doc, { id: 'edges', name: 'edges', type: 'Input', params: { shape: [2], dtype: 'int32', role: 'edgeIndex' }, position: { x: 0, y: 140 } });
  const layer = (id: string, units: number, activation: string, from: string, column: number) => {
    doc = addNode(doc, { id, name: id, type: 'GCNConv', params: { units, activation }, position: { x: column * 260, y: 0 } });
    doc = connect(doc, { source: from, target: id, targetHandle: 'nodes', id: `${from}-${id}` });
    doc = connect(doc, { source: 'edges', target: id, targetHandle: 'edges', id: `edges-${id}` });
  };
  layer('gcn_1', hidden, 'relu', 'nodes', 1);
  layer('gcn_2', classes, 'softmax', 'gcn_1', 2);
  return doc;
}
