import { beforeEach, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { addNode } from '../../../shared/graph/actions';
import { emptyDocument, parseDocument, serializeDocument, type GraphDocument } from '../../../shared/graph/document';
import type { HostInfo } from '../../../shared/host-api';
import { selectIsDirty, useEditor } from '../store/editor-store';
import { createProjectCommands, startFolderFor, type ProjectCommandsEnv } from './project-commands';

const t = ((key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key)) as unknown as TFunction;

const info = (mode: HostInfo['mode']): HostInfo => ({ mode, version: '0', platform: 'linux', homeDir: '/home/ada', cwd: '/srv/nn-designer', pathSeparator: '/' }) as HostInfo;

/** A host and a computer that record what the commands asked of them. */
function fakeEnv(mode: HostInfo['mode'], upload: { name: string; text: string } | null = null) {
  const calls = { saved: [] as string[], downloads: [] as { fileName: string; text: string }[], picked: [] as string[] };
  const env: ProjectCommandsEnv = {
    host: {
      newProject: async () => ({ document: emptyDocument('Untitled') }),
      openProject: async ({ path }) => ({ document: emptyDocument('opened'), path, warnings: [] }) as never,
      saveProject: async ({ path }) => {
        calls.saved.push(path);
        return { path } as never;
      },
    },
    info: async () => info(mode),
    files: {
      download: (fileName, contents) => calls.downloads.push({ fileName, text: typeof contents === 'string' ? contents : new TextDecoder().decode(contents) }),
      upload: async () => upload,
    },
    pickPath: async (mode, folder, fileName) => {
      calls.picked.push(`${mode} ${folder} ${fileName ?? ''}`);
      return `${folder}/${fileName ?? 'chosen.nnd.json'}`;
    },
    confirm: () => true,
  };
  return { env, calls };
}

function mlp(): GraphDocument {
  return addNode(emptyDocument('My MLP'), { type: 'Input', params: { shape: [4] }, position: { x: 0, y: 0 } });
}

describe('project commands', () => {
  beforeEach(() => useEditor.getState().loadDocument(mlp(), null));

  it('in browser mode, Save downloads the project to the person’s computer and marks it saved', async () => {
    const { env, calls } = fakeEnv('browser');
    useEditor.getState().edit((doc) => ({ ...doc, name: 'My MLP v2' }));
    expect(selectIsDirty(useEditor.getState())).toBe(true);
    expect(await createProjectCommands(t, env).save()).toBe(true);
    expect(calls.saved).toEqual([]);
    expect(calls.picked).toEqual([]);
    expect(calls.downloads.map((d) => d.fileName)).toEqual(['My-MLP-v2.nnd.json']);
    expect(parseDocument(JSON.parse(calls.downloads[0]!.text))).toEqual(parseDocument(useEditor.getState().history.present));
    expect(selectIsDirty(useEditor.getState())).toBe(false);
  });

  it('in browser mode, Open uploads a project file and opens it unsaved', async () => {
    const uploaded = { ...mlp(), name: 'From my laptop' };
    const { env, calls } = fakeEnv('browser', { name: 'laptop.nnd.json', text: serializeDocument(uploaded) });
    await createProjectCommands(t, env).openWithDialog();
    expect(calls.picked).toEqual([]);
    expect(useEditor.getState().history.present).toEqual(parseDocument(uploaded));
    expect(useEditor.getState().filePath).toBeNull();
  });

  it('an upload that is not a project leaves the open one as it was and says why', async () => {
    const before = useEditor.getState().history.present;
    for (const [text, reason] of [
      ['{ "nodes": [ }', 'errors.notJson'],
      [JSON.stringify({ ...mlp(), version: 999 }), 'newer NN Designer'],
    ] as const) {
      const { env } = fakeEnv('browser', { name: 'bad.nnd.json', text });
      await createProjectCommands(t, env).openWithDialog();
      expect(useEditor.getState().history.present).toBe(before);
      const notice = useEditor.getState().notice;
      expect(notice?.key).toBe('errors.openFailed');
      expect(String(notice?.values?.message)).toContain(reason);
      expect(notice?.values?.file).toBe('bad.nnd.json');
    }
  });

  it('in the desktop app, Save as asks for a path (the native dialog) starting in the home folder and saves there', async () => {
    const { env, calls } = fakeEnv('desktop');
    expect(await createProjectCommands(t, env).saveAs()).toBe(true);
    expect(calls.downloads).toEqual([]);
    expect(calls.picked).toEqual(['save /home/ada My-MLP.nnd.json']);
    expect(calls.saved).toEqual(['/home/ada/My-MLP.nnd.json']);
    expect(useEditor.getState().filePath).toBe('/home/ada/My-MLP.nnd.json');
  });

  it('file browsers on the host start beside the open project, else in the home folder (never the server’s working folder)', () => {
    expect(startFolderFor(null, info('browser'))).toBe('/home/ada');
    expect(startFolderFor('/data/projects/a.nnd.json', info('browser'))).toBe('/data/projects');
  });
});
