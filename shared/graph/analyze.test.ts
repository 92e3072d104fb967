import { describe, expect, it } from 'vitest';
import { catalog } from '../layers';
import { addNode, connect } from './actions';
import { analyzeGraph, formatBytes, validateGraph } from './analyze';
import { emptyDocument, type GraphDocument } from './document';

function mlp(): GraphDocument {
  let doc = emptyDocument();
  doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 8 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 2 } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  return connect(doc, { source: 'dense_1', target: 'dense_2' });
}

const codes = (doc: GraphDocument) => validateGraph(doc, catalog).map((p) => `${p.nodeId}:${p.code}`);

describe('analyzeGraph', () => {
  it('infers shapes and totals for a valid graph', () => {
    const a = analyzeGraph(mlp(), catalog);
    expect(a.problems).toEqual([]);
    expect(a.order).toEqual(['input_1', 'dense_1', 'dense_2']);
    expect(a.nodes.get('dense_1')!.outputShapes).toEqual([[null, 8]]);
    expect(a.inputs).toEqual(['input_1']);
    expect(a.outputs).toEqual(['dense_2']);
    expect(a.totals).toEqual({ trainable: 4 * 8 + 8 + 8 * 2 + 2, nonTrainable: 0, total: 58 });
  });

  it('says a model is too large to train in this machine’s memory, with the figure', () => {
    const huge = { ...mlp(), nodes: mlp().nodes.map((n) => (n.id === 'dense_1' ? { ...n, params: { units: 1_000_000_000 } } : n)) };
    const problems = validateGraph(huge, catalog, { memoryBytes: 16 * 2 ** 30 });
    const parameters = problems.find((p) => p.code === 'too-large' && p.params.reason === 'parameters')!;
    // 4·10⁹ + 10⁹ + 2·10⁹ + 2 weights, 16 bytes each while training.
    expect(parameters.params).toMatchObject({ count: '7,000,000,002', needed: '112 GB', memory: '17.2 GB' });
    // Found by the fuzzer: the problem named no layer; it names the one with the most parameters.
    expect(parameters.nodeId).toBe('dense_1');
    expect(parameters.message).toMatch(/7,000,000,002 parameters need about 112 GB to train .* 17\.2 GB/);
    const activations = problems.find((p) => p.code === 'too-large' && p.params.reason === 'activations')!;
    expect(activations.nodeId).toBe('dense_1');
    expect(activations.params.batch).toBe(32);
    // The same model fits a machine large enough, and a small model any machine.
    expect(validateGraph(huge, catalog, { memoryBytes: 10 ** 15 })).toEqual([]);
    expect(validateGraph(mlp(), catalog, { memoryBytes: 2 ** 20 })).toEqual([]);
  });

  it('writes byte figures a person reads', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1_536_000)).toBe('1.5 MB');
    expect(formatBytes(7.76e12)).toBe('7.8 TB');
    expect(formatBytes(250e9)).toBe('250 GB');
  });

  it('reports a cycle on every node of it, naming the loop', () => {
    const doc = connect(mlp(), { source: 'dense_2', target: 'dense_1', targetTakesMany: true });
    const problems = validateGraph(doc, catalog).filter((p) => p.code === 'cycle');
    expect(problems.map((p) => p.nodeId).sort()).toEqual(['dense_1', 'dense_2']);
    expect(problems[0]!.message).toMatch(/dense_1 → dense_2/);
  });

  it('reports an unconnected input, an unknown type and an invalid param', () => {
    let doc = addNode(mlp(), { type: 'Dense', params: { units: 3 } });
    doc = addNode(doc, { type: 'Warp', params: {} });
    doc = addNode(doc, { type: 'Dense', params: { units: -1 } });
    doc = connect(doc, { source: 'dense_2', target: 'dense_4' });
    expect(codes(doc)).toEqual(['warp_1:unknown-type', 'dense_4:invalid-param', 'dense_3:unconnected-input']);
    const invalid = validateGraph(doc, catalog).find((p) => p.code === 'invalid-param')!;
    expect(invalid.message).toMatch(/units/);
    expect(invalid.params.param).toBe('units');
    expect(invalid.message).toBe(`invalid parameter units: ${invalid.params.detail}`);
  });

  it('explains a shape mismatch with expected vs actual and a fix', () => {
    let doc = emptyDocument();
    doc = addNode(doc, { type: 'Input', params: { shape: [28, 28, 1] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 10 } });
    doc = connect(doc, { source: 'input_1', target: 'dense_1' });
    const [problem] = validateGraph(doc, catalog);
    expect(problem).toMatchObject({ nodeId: 'dense_1', port: 'in', code: 'shape-mismatch' });
    expect(problem!.message).toBe('Dense expects a 2-D input [batch, features] but gets [batch, 28, 28, 1] — add a Flatten before it');
  });

  it('reports duplicate names, missing inputs and outputs, and bad edges', () => {
    const doc = mlp();
    const dup = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense_2' ? { ...n, name: 'dense_1' } : n)) };
    expect(codes(dup)).toEqual(['dense_2:duplicate-name']);
    expect(codes(emptyDocument())).toEqual([':no-output']);
    let noInput = addNode(emptyDocument(), { type: 'Dense' });
    noInput = { ...noInput };
    expect(codes(noInput)).toContain(':no-input');
    const dangling = { ...doc, edges: [...doc.edges, { id: 'x', source: 'ghost', sourceHandle: 'out', target: 'dense_1', targetHandle: 'in' }] };
    expect(codes(dangling)).toContain('dense_1:bad-edge');
    const badPort = { ...doc, edges: doc.edges.map((e) => (e.target === 'dense_2' ? { ...e, targetHandle: 'query' } : e)) };
    expect(codes(badPort)).toEqual(['dense_2:bad-edge', 'dense_2:unconnected-input']);
  });

  it('gives every problem the values its message names, so the editor can say it in another language', () => {
    const cyclic = validateGraph(connect(mlp(), { source: 'dense_2', target: 'dense_1', targetTakesMany: true }), catalog);
    expect(cyclic.find((p) => p.nodeId === 'dense_1')!.params).toEqual({ layer: 'dense_1', cycle: 'dense_1 → dense_2' });

    const doc = mlp();
    const dup = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense_2' ? { ...n, name: 'dense_1' } : n)) };
    expect(validateGraph(dup, catalog)[0]!.params).toEqual({ name: 'dense_1' });

    const badPort = { ...doc, edges: doc.edges.map((e) => (e.target === 'dense_2' ? { ...e, targetHandle: 'query' } : e)) };
    expect(validateGraph(badPort, catalog).map((p) => p.params)).toEqual([
      { reason: 'no-such-input', layer: 'dense_2', port: 'query' },
      { reason: 'single', layer: 'dense_2' },
    ]);

    let image = addNode(emptyDocument(), { type: 'Input', params: { shape: [28, 28, 1] } });
    image = addNode(image, { type: 'Dense', params: { units: 10 } });
    const [mismatch] = validateGraph(connect(image, { source: 'input_1', target: 'dense_1' }), catalog);
    expect(mismatch!.params).toEqual({ reason: 'layer', detail: mismatch!.message });
    expect(validateGraph(emptyDocument(), catalog)[0]!.params).toEqual({});
  });

  describe('dtypes', () => {
    /** Input → each layer in turn, in a chain. */
    function chain(input: Record<string, unknown>, layers: { type: string; params?: Record<string, unknown> }[]): GraphDocument {
      let doc = addNode(emptyDocument(), { type: 'Input', params: input });
      for (const layer of layers) {
        const source = doc.nodes[doc.nodes.length - 1]!.id;
        doc = addNode(doc, { type: layer.type, params: layer.params ?? {} });
        doc = connect(doc, { source, target: doc.nodes[doc.nodes.length - 1]!.id });
      }
      return doc;
    }

    it('refuses int32 ids where a layer computes with floats, naming the layer, the port and what to do', () => {
      // Found by the fuzzer: tfjs failed in training ("Argument 'x' passed to 'conv2d' must be float32 tensor").
      const problems = validateGraph(chain({ shape: [6, 6, 1], dtype: 'int32' }, [{ type: 'Conv2D' }, { type: 'Flatten' }]), catalog);
      expect(problems).toEqual([
        {
          nodeId: 'conv2d_1',
          port: 'in',
          severity: 'error',
          code: 'dtype-mismatch',
          params: { reason: 'needs-float', layer: 'conv2d_1', port: 'in', source: 'input_1' },
          message: "conv2d_1 needs float values but input_1 gives int32 ids — add an Embedding after the Input, or set the Input's dtype to float32",
        },
      ]);
    });

    it('lets ids pass through the kinds that only move values, and an Embedding turn them into floats', () => {
      const doc = chain({ shape: [2, 3], dtype: 'int32' }, [{ type: 'Flatten' }, { type: 'Embedding', params: { inputDim: 10, outputDim: 4 } }, { type: 'LSTM' }]);
      const analysis = analyzeGraph(doc, catalog);
      expect(analysis.problems).toEqual([]);
      expect(['input_1', 'flatten_1', 'embedding_1', 'lstm_1'].map((id) => analysis.nodes.get(id)!.outputDtype)).toEqual(['int32', 'int32', 'float32', 'float32']);
      expect(codes(chain({ shape: [5], dtype: 'int32' }, [{ type: 'Reshape', params: { targetShape: [5, 1] } }, { type: 'Dropout' }]))).toEqual([
        'dropout_1:dtype-mismatch',
      ]);
    });

    it('refuses float values where a layer takes int32 ids', () => {
      // Found by the fuzzer: tfjs cannot take the gradient of an Embedding's lookup through float ids.
      const [problem] = validateGraph(chain({ shape: [4] }, [{ type: 'Dense' }, { type: 'Embedding' }]), catalog);
      expect(problem).toMatchObject({ nodeId: 'embedding_1', port: 'in', code: 'dtype-mismatch', params: { reason: 'needs-ids', source: 'dense_1' } });
      expect(problem!.message).toBe("embedding_1's in port takes int32 ids but dense_1 gives float32 values — set the Input's dtype to int32 and connect it here directly");

      // Found by the fuzzer: a float edge index reached the graph layer ("edge 0 goes 0.77 → 0.02").
      let graph = addNode(emptyDocument(), { type: 'Input', params: { shape: [3] } });
      graph = addNode(graph, { type: 'Input', params: { shape: [2] } });
      graph = addNode(graph, { type: 'GATConv' });
      graph = connect(graph, { source: 'input_1', target: 'gat_conv_1', targetHandle: 'nodes' });
      graph = connect(graph, { source: 'input_2', target: 'gat_conv_1', targetHandle: 'edges' });
      expect(validateGraph(graph, catalog).map((p) => p.message)).toEqual([
        "gat_conv_1's edges port takes int32 ids but input_2 gives float32 values — set the Input's dtype to int32 and connect it here directly",
      ]);
      const fixed = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'input_2' ? { ...n, params: { shape: [2], dtype: 'int32' } } : n)) };
      expect(validateGraph(fixed, catalog)).toEqual([]);
    });
  });

  it('does not report downstream nodes of a broken one twice', () => {
    const doc = { ...mlp(), nodes: mlp().nodes.map((n) => (n.id === 'dense_1' ? { ...n, params: { units: 0 } } : n)) };
    expect(codes(doc)).toEqual(['dense_1:invalid-param']);
  });

  it('analyses a 500-node graph fast enough to run on every edit', () => {
    let doc = emptyDocument();
    doc = addNode(doc, { type: 'Input', params: { shape: [16] } });
    let previous = 'input_1';
    for (let i = 0; i < 499; i++) {
      doc = addNode(doc, { type: 'Dense', params: { units: 16 } });
      const id = doc.nodes[doc.nodes.length - 1]!.id;
      doc = connect(doc, { source: previous, target: id });
      previous = id;
    }
    analyzeGraph(doc, catalog);
    // The fastest of 20 runs: a busy machine (parallel test files, CI neighbours) only ever
    // slows a run down, so the minimum measures the analysis and not the load.
    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      analyzeGraph(doc, catalog);
      timings.push(performance.now() - t0);
    }
    expect(analyzeGraph(doc, catalog).problems).toEqual([]);
    // The editor budget is 5 ms per edit (~3.5 ms here on a quiet machine); head-room for slow CI machines.
    expect(Math.min(...timings)).toBeLessThan(15);
  });
});
