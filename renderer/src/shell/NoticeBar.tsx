import { useTranslation } from 'react-i18next';
import { useEditor } from '../store/editor-store';
import { Icon } from './icons';

export function NoticeBar() {
  const notice = useEditor((s) => s.notice);
  const showNotice = useEditor((s) => s.showNotice);
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {notice.kind === 'error' && <Icon name="alert" width={18} height={18} style={{ flex: 'none', marginTop: 1 }} />}
      <span>{t(notice.key, notice.values)}</span>
      <button className="btn ghost icon" onClick={() => showNotice(null)} title={t('errors.dismiss')} aria-label={t('errors.dismiss')}>
        <Icon name="close" />
      </button>
    </div>
  );
}
