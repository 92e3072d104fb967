import { access } from 'node:fs/promises';
import { catalog } from '../../shared/layers';
import { importModelJson } from '../../shared/model-json/import';
import { parseJsonText, readTextFile, writeProject } from '../node/project-files';
import { CliError } from './errors';
import { layOutEstimated } from '../../shared/graph/node-face';
import { elkEngine } from '../host/elk-engine';

/**
 * `nnd import`: a TensorFlow.js `model.json` or a Keras `model.to_json()` file → a project.
 * Only the topology is read; weights stay in their files. The graph is laid out in layers
 * with routed wires, each nested model a group. Refuses to overwrite an existing
 * project unless asked, since a project may hold work the model file does not.
 */
export async function importModelFile(
  modelFile: string,
  outFile: string,
  options: { force?: boolean },
): Promise<{ summary: string; warnings: string[] }> {
  if (!options.force && (await exists(outFile)))
    throw new CliError(`${outFile} already exists — choose another name or pass --force to replace it`);
  const json = parseJsonText(await readTextFile(modelFile, 'model file'), modelFile);
  let result;
  try {
    result = importModelJson(json, catalog);
  } catch (err) {
    throw new CliError(`${modelFile}: ${(err as Error).message}`);
  }
  const document = await layOutEstimated(result.document, catalog, await elkEngine());
  await writeProject(outFile, document);
  const { nodes, edges } = document;
  return {
    summary: `imported ${modelFile} as ${outFile} (${nodes.length} layers, ${edges.length} connections)`,
    warnings: result.warnings,
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
