import type { AgreementCase } from '../../agreement/harness';

const ids = { dtype: 'int32' as const };

export const agreementCases: AgreementCase[] = [
  { type: 'Embedding', params: { inputDim: 50, outputDim: 8 }, inputs: [[null, 10]], ...ids },
  { type: 'Embedding', params: { inputDim: 20, outputDim: 3, maskZero: true }, inputs: [[null, null]], ...ids },
  { type: 'Embedding', params: { inputDim: 30, outputDim: 4, inputLength: 6 }, inputs: [[null, 6]], ...ids },
  { type: 'Embedding', params: { inputDim: 30, outputDim: 4, inputLength: 6 }, inputs: [[null, null]], ...ids },
];
