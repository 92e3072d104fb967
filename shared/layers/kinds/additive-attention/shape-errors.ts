import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  additiveNeedsTwo: {
    en: 'AdditiveAttention needs both a query and a value — connect a sequence to each',
    'zh-CN': 'AdditiveAttention 需要 query 和 value 两个输入——给每个端口各连一个序列',
  },
  additiveSequence: {
    en: 'AdditiveAttention expects a sequence [batch, steps, features] on "{{port}}" but gets {{shape}}',
    'zh-CN': 'AdditiveAttention 需要在 "{{port}}" 上输入序列 [batch, steps, features]，但得到的是 {{shape}}',
  },
  additiveFeatures: {
    en: 'AdditiveAttention adds query and key, so both need the same number of features, but the query is {{query}} and the key is {{key}} — add a Dense before one of them',
    'zh-CN': 'AdditiveAttention 把 query 与 key 相加，所以两者的特征数必须相同，但 query 是 {{query}}，key 是 {{key}}——在其中一个之前加一个 Dense',
  },
  additiveFeaturesValueAsKey: {
    en: 'AdditiveAttention adds query and key, so both need the same number of features, but the query is {{query}} and the value (used as key) is {{value}} — add a Dense before one of them',
    'zh-CN': 'AdditiveAttention 把 query 与 key 相加，所以两者的特征数必须相同，但 query 是 {{query}}，value（兼作 key）是 {{value}}——在其中一个之前加一个 Dense',
  },
});
