import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  multiHeadSequence: {
    en: 'MultiHeadAttention expects a sequence [batch, steps, features] with known features on "{{port}}" but gets {{shape}}',
    'zh-CN': 'MultiHeadAttention 需要在 "{{port}}" 上输入特征数已知的序列 [batch, steps, features]，但得到的是 {{shape}}',
  },
  multiHeadNeedsTwo: {
    en: 'MultiHeadAttention needs a query and a value — for self-attention, wire the same sequence into both',
    'zh-CN': 'MultiHeadAttention 需要 query 和 value 两个输入——做自注意力时，把同一个序列同时连到这两个端口',
  },
  causalSteps: {
    en: 'a causal mask lines query step i up with key step i, but the query has {{querySteps}} steps and the key {{keySteps}} — use the same sequence length, or turn causal off',
    'zh-CN': '因果掩码把第 i 个 query 步与第 i 个 key 步对齐，但 query 有 {{querySteps}} 步，key 有 {{keySteps}} 步——请使用相同的序列长度，或关闭 causal',
  },
});
