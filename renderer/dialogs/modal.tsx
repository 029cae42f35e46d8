import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** A dialog over the counter; Escape or the close button leaves it. */
export function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label={title}>
        <header className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="btn btn-small" onClick={onClose} data-testid="modal-close">
            {t('common.close')}
          </button>
        </header>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
