/**
 * How long validation (analyzeGraph) and compilation (compileGraph → tf.LayersModel) take on
 * a 200-node residual graph — what the editor pays on every edit and before every run.
 * Prints the median of several runs. Run: npm run bench:compile [-- --nodes 200 --runs 9]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../shared/compile/compile';
import { analyzeGraph } from '../shared/graph/analyze';
import { catalog } from '../shared/layers';
import { tfjsCatalog } from '../shared/layers/tfjs-catalog';
import { residualDocument } from './graphs';
import { median, table } from './stats';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '200' }, runs: { type: 'string', default: '9' } },
});
const nodeCount = Number(values.nodes);
const runs = Number(values.runs);

tf.enableProdMode();
const doc = residualDocument(nodeCount);
const analysis = analyzeGraph(doc, catalog);
if (analysis.problems.length) throw new Error(`the benchmark graph is invalid: ${analysis.problems[0]!.message}`);

const time = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

// A few untimed rounds first, so the JIT and tfjs's lazy set-up do not count.
for (let i = 0; i < 3; i++) {
  analyzeGraph(doc, catalog);
  compileGraph(doc, tfjsCatalog).model.dispose();
}
const analyzeMs: number[] = [];
const compileMs: number[] = [];
for (let i = 0; i < runs; i++) {
  // Validation is cheap and noisy (GC pauses), so it gets more samples than compilation.
  for (let k = 0; k < 5; k++) analyzeMs.push(time(() => analyzeGraph(doc, catalog)));
  let model: tf.LayersModel | undefined;
  compileMs.push(time(() => (model = compileGraph(doc, tfjsCatalog).model)));
  model!.dispose();
}

console.log(`Graph: ${doc.nodes.length} nodes, ${doc.edges.length} edges, ${analysis.totals.total.toLocaleString('en-US')} params; backend ${tf.getBackend()}; ${runs} compiles, ${analyzeMs.length} validations; load average ${loadavg()[0]!.toFixed(1)}`);
console.log(
  table([
    ['step', 'median ms', 'min ms', 'max ms'],
    ['validate (analyzeGraph)', median(analyzeMs).toFixed(2), Math.min(...analyzeMs).toFixed(2), Math.max(...analyzeMs).toFixed(2)],
    ['compile (validate + build tfjs model)', median(compileMs).toFixed(2), Math.min(...compileMs).toFixed(2), Math.max(...compileMs).toFixed(2)],
  ]),
);
