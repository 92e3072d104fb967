import { buildRenderer, rendererBuildReason } from '../electron/host/serve';

/**
 * Builds the editor page once before the end-to-end files run, so every `nnd serve` they
 * start serves the current sources (and none of them pays for the build).
 */
export default async function buildEditorPage(): Promise<void> {
  const reason = await rendererBuildReason();
  if (reason === null) return;
  process.stdout.write(`e2e: building the editor page (${reason})…\n`);
  await buildRenderer();
}
