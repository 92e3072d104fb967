import type { TFunction } from 'i18next';
import { z } from 'zod';
import { HOST_ERROR_CODES } from '../../../shared/host-api';
import { RpcError } from '../../../shared/rpc';
import { PortableIssueSchema } from '../../../shared/zod-issue';
import { zodIssueText } from '../i18n/zod-locale';

const SchemaRefusalSchema = z.object({ documentPath: z.string().optional(), issue: PortableIssueSchema });

/**
 * Why a project did not open, in the interface language where the host said it as data: a
 * document the schema refuses comes with the schema's complaint, said here from its code and
 * values; a missing file needs no values. Other failures keep the host's sentence.
 */
export function openFailureText(t: TFunction, err: unknown): string {
  // The notice names the file already; what is left to say needs no words from the host.
  if (err instanceof RpcError && err.code === HOST_ERROR_CODES.notFound) return t('errors.projectNotFound');
  if (err instanceof RpcError && err.code === HOST_ERROR_CODES.malformedProject) {
    const refusal = SchemaRefusalSchema.safeParse(err.data);
    if (refusal.success)
      return t('errors.projectInvalid', { place: refusal.data.documentPath || 'document', detail: zodIssueText(refusal.data.issue) });
  }
  return err instanceof Error ? err.message : String(err);
}
