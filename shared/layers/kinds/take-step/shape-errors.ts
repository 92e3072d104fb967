import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  takeStepSequence: {
    en: 'TakeStep expects a sequence [batch, steps, features] but gets {{shape}}',
    'zh-CN': 'TakeStep 需要序列 [batch, steps, features]，但得到的是 {{shape}}',
  },
  takeStepIndex: {
    en: 'TakeStep keeps step {{index}}, but the sequence {{shape}} has {{steps}} steps (0 … {{last}}, or −1 … −{{steps}})',
    'zh-CN': 'TakeStep 取第 {{index}} 步，但序列 {{shape}} 只有 {{steps}} 步（0 … {{last}}，或 −1 … −{{steps}}）',
  },
});
