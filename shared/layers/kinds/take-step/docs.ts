import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'TakeStep',
    palette: { 'zh-CN': { label: '取一步', doc: '保留序列中的一步：0 取分类标记（BERT、ViT），−1 取因果解码器的最后一步。' } },
    teaching: {
      en: {
        what: r`Keeps one step of a sequence and drops the others.`,
        params: r`index: the step; negative counts from the end (−1 is the last).`,
        shape: r`[batch, steps, d] → [batch, d].`,
        use: r`Read the class token (index 0) of BERT or ViT, or the last step of a causal decoder.`,
      },
      'zh-CN': {
        what: r`只保留序列中的一步，丢掉其余各步。`,
        params: r`index：保留哪一步；负数从末尾数起（−1 为最后一步）。`,
        shape: r`[batch, steps, d] → [batch, d]。`,
        use: r`取出 BERT 或 ViT 的分类词元（index 0），或因果解码器的最后一步。`,
      },
    },
  },
];
