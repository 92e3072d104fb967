import { describe, expect, it } from 'vitest';
import { nativeDialogFor, withEnding } from './dialogs';
import { projectFromArgv } from './file-arguments';
import { fitToDisplays } from './window-state';

describe('native dialogs', () => {
  it('open projects by default, with a catch-all filter', () => {
    expect(nativeDialogFor({ mode: 'open', folder: '/home/ada' }, '/')).toEqual({
      kind: 'open',
      options: {
        defaultPath: '/home/ada',
        filters: [
          { name: 'NN Designer project', extensions: ['json'] },
          { name: '*', extensions: ['*'] },
        ],
        properties: ['openFile'],
      },
    });
  });

  it('save with the proposed name in the start folder, and pick folders', () => {
    expect(nativeDialogFor({ mode: 'save', folder: 'C:\\work\\', fileName: 'net.nnd.json', title: 'Save' }, '\\').options).toMatchObject({
      title: 'Save',
      defaultPath: 'C:\\work\\net.nnd.json',
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    expect(nativeDialogFor({ mode: 'folder', folder: '/out', fileName: 'model' }, '/')).toEqual({
      kind: 'open',
      options: { defaultPath: '/out/model', properties: ['openDirectory', 'createDirectory'] },
    });
    expect(nativeDialogFor({ mode: 'open', extensions: ['.csv'] }, '/').options.filters?.[0]).toEqual({ name: 'CSV', extensions: ['csv'] });
  });

  it('add the ending the page asked for when the person left it off', () => {
    expect(withEnding('/p/net', { mode: 'save' })).toBe('/p/net.nnd.json');
    expect(withEnding('/p/net.json', { mode: 'save' })).toBe('/p/net.nnd.json');
    expect(withEnding('/p/net.nnd.json', { mode: 'save' })).toBe('/p/net.nnd.json');
    expect(withEnding('/p/table', { mode: 'save', extensions: ['.csv'] })).toBe('/p/table.csv');
    expect(withEnding('/p/anything', { mode: 'open' })).toBe('/p/anything');
  });
});

describe('launch arguments', () => {
  it('find the project a launch asks to open, absolute, skipping switches', () => {
    expect(projectFromArgv(['--no-sandbox', 'models/net.nnd.json'], '/home/ada')).toBe('/home/ada/models/net.nnd.json');
    expect(projectFromArgv(['/x/A.NND.JSON'], '/')).toBe('/x/A.NND.JSON');
    expect(projectFromArgv(['.', '--inspect', 'notes.txt'], '/')).toBeNull();
  });
});

describe('remembered window bounds', () => {
  const laptop = [{ x: 0, y: 0, width: 1440, height: 900 }];
  it('keep a place still on a screen', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, laptop)).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
  });
  it('drop a place on a monitor that was unplugged, and never go below the minimum size', () => {
    expect(fitToDisplays({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false }, laptop)).toEqual({ width: 1440, height: 900 });
    expect(fitToDisplays({ width: 300, height: 200, maximized: false }, laptop)).toEqual({ width: 960, height: 600 });
  });
});
