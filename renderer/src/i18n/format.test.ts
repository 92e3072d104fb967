import { afterEach, describe, expect, it } from 'vitest';
import { formatDecimal, formatNumber, formatPercent, i18n } from '.';
import { runLoss, runResult } from '../training/run-figures';

describe('numbers in the interface language', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('follow the language they are asked for: digits, separators and the percent sign', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatDecimal(1234.56789, 4, 'de')).toBe('1.234,5679');
    expect(formatPercent(0.9784, 1, 'en')).toBe('97.8%');
    expect(formatPercent(0.9784, 1, 'de')).toBe('97,8\u00a0%');
    expect(formatPercent(0.9784, 1, 'zh-CN')).toBe('97.8%');
  });

  it('follow the page’s language by default', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(formatDecimal(0.5, 2)).toBe(new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2 }).format(0.5));
  });

  it('give the run list its loss and result columns', () => {
    expect(runLoss({ loss: 0.123456, val_loss: 0.2 }, 'de')).toBe('0,2000');
    expect(runLoss({ loss: 0.123456 }, 'en')).toBe('0.1235');
    expect(runResult(i18n.getFixedT('en'), { acc: 0.5, val_acc: 0.875 }, 'de').text).toBe('87,5\u00a0%');
    expect(runResult(i18n.getFixedT('en'), {}, 'en').text).toBe('—');
  });
});
