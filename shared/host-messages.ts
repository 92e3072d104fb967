import { messageTable, type MessageText } from './message-text';

/**
 * What the host says when a file or folder cannot be used (opening, saving, listing): a
 * message id and its values, so the page says it in the interface language (the renderer's
 * `hostMessages.*` keys), and the English sentence the CLI and the logs print. See
 * message-text.ts for the template form; `verb` is one of the `verb*` phrases.
 */
export const HOST_MESSAGE_TEXT = {
  fsMissing: 'Cannot {{verb}} {{target}}: there is no such file or folder. Check the path.',
  fsNotFolder: 'Cannot {{verb}} {{target}}: a part of the path is not a folder. Check the path.',
  fsIsFolder: 'Cannot {{verb}} {{target}}: it is a folder, not a file. Choose a file inside it.',
  fsDenied: 'Cannot {{verb}} {{target}}: permission denied. Choose a file you are allowed to read.',
  /** Any other failure: `detail` is the operating system's own words. */
  fsOther: 'Cannot {{verb}} {{target}}: {{detail}}',
  /** An export too large to send to the browser as a download; sizes in MB. */
  exportTooLarge: 'The export is {{size}} MB, more than the {{limit}} MB a browser download takes. Export it with the desktop app or `nnd export` instead.',
  verbOpen: 'open',
  verbSave: 'save',
  verbList: 'list',
  verbListExamples: 'list the examples in',
} as const;

export type HostMessageId = keyof typeof HOST_MESSAGE_TEXT;
export type HostText = MessageText<HostMessageId>;

/** Its ids, the maker of its messages (each with exactly the values its template names), the English sentence and the schema: see messageTable. */
export const { ids: HOST_MESSAGE_IDS, make: hostText, english: hostMessage, schema: HostTextSchema } = messageTable(HOST_MESSAGE_TEXT);
