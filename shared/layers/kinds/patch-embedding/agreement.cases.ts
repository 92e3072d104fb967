import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'PatchEmbedding', params: { patchSize: 4, embedDim: 16 }, inputs: [[null, 28, 28, 1]] },
  { type: 'PatchEmbedding', params: { patchSize: 2, embedDim: 8, classToken: true }, inputs: [[null, 8, 6, 3]] },
];
