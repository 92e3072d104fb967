import { afterEach, describe, expect, it } from 'vitest';
import { DocumentError, emptyDocument, parseDocument, serializeDocument } from '../../../shared/graph/document';
import { HOST_ERROR_CODES, HostError } from '../../../shared/host-api';
import { RpcError } from '../../../shared/rpc';
import { i18n } from '../i18n';
import { openFailureText } from './open-failure';

/** What the page receives when the host refuses a document: the HostError as it arrives over RPC. */
function refusalOf(json: unknown): RpcError {
  try {
    parseDocument(json);
  } catch (err) {
    const refused = err as DocumentError;
    const host = new HostError(`Cannot open a.nnd.json: it is not a valid NN Designer project (${refused.message}).`, HOST_ERROR_CODES.malformedProject, refused.path, refused.issue);
    // Over the wire only JSON survives.
    return new RpcError(host.message, host.code, host.data === undefined ? undefined : JSON.parse(JSON.stringify(host.data)));
  }
  throw new Error('the document was accepted');
}

describe('a project that does not open', () => {
  afterEach(() => i18n.changeLanguage('en'));
  const bad = { ...JSON.parse(serializeDocument(emptyDocument('x'))), name: 42 };

  it('says the schema’s complaint in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(openFailureText(i18n.t, refusalOf(bad))).toBe('它不是有效的 NN Designer 项目（name：无效输入：期望 string，实际接收 数字）——请修正文件或打开另一个项目');
  });

  it('says it in English as zod does', () => {
    expect(openFailureText(i18n.t, refusalOf(bad))).toBe('it is not a valid NN Designer project (name: Invalid input: expected string, received number) — fix the file or open another one');
  });

  it('says a missing file in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(openFailureText(i18n.t, new RpcError('Cannot open a: there is no such file or folder. Check the path.', HOST_ERROR_CODES.notFound))).toBe(
      '文件不存在，或路径中的某个文件夹不存在——请检查路径',
    );
  });

  it('keeps the host’s sentence for any other failure', () => {
    expect(openFailureText(i18n.t, new RpcError('Cannot open a: permission denied.', HOST_ERROR_CODES.permissionDenied))).toBe('Cannot open a: permission denied.');
    expect(openFailureText(i18n.t, refusalOf('not an object'))).toMatch(/^Cannot open a\.nnd\.json/);
  });
});
