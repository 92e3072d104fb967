import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { FileChoice } from '../../shared/host-api';
import { PROJECT_SUFFIX } from '../node/project-files';

/** What the native dialog is asked for; kept out of Electron so the tests can read it. */
export type NativeDialogRequest = { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions };

/** A file filter per ending the page offers; `.nnd.json` shows as "NN Designer project". */
function filtersFor(extensions: readonly string[]): Array<{ name: string; extensions: string[] }> {
  // Electron's filters take one ending without the dot; `.nnd.json` files match `json`, so the
  // name tells the person what is meant, and the chosen path is checked for the full ending later.
  return extensions.map((ending) => ({
    name: ending === PROJECT_SUFFIX ? 'NN Designer project' : ending.slice(1).toUpperCase(),
    extensions: [ending.slice(ending.lastIndexOf('.') + 1)],
  }));
}

export function nativeDialogFor(choice: FileChoice, separator: '/' | '\\'): NativeDialogRequest {
  const extensions = choice.extensions ?? [PROJECT_SUFFIX];
  const startIn = choice.folder ? (choice.fileName ? `${choice.folder.replace(/[\\/]+$/, '')}${separator}${choice.fileName}` : choice.folder) : choice.fileName;
  const title = choice.title ? { title: choice.title } : {};
  const defaultPath = startIn ? { defaultPath: startIn } : {};
  if (choice.mode === 'save')
    return { kind: 'save', options: { ...title, ...defaultPath, filters: filtersFor(extensions), properties: ['createDirectory', 'showOverwriteConfirmation'] } };
  if (choice.mode === 'folder') return { kind: 'open', options: { ...title, ...defaultPath, properties: ['openDirectory', 'createDirectory'] } };
  return { kind: 'open', options: { ...title, ...defaultPath, filters: [...filtersFor(extensions), { name: '*', extensions: ['*'] }], properties: ['openFile'] } };
}

/** The path a save dialog returned, with the ending the page asked for when the person left it off. */
export function withEnding(file: string, choice: FileChoice): string {
  if (choice.mode !== 'save') return file;
  const ending = (choice.extensions ?? [PROJECT_SUFFIX])[0]!;
  if (file.toLowerCase().endsWith(ending.toLowerCase())) return file;
  // `net.json` typed for a project means `net.nnd.json`, not `net.json.nnd.json`.
  return (ending === PROJECT_SUFFIX ? file.replace(/\.json$/i, '') : file) + ending;
}
