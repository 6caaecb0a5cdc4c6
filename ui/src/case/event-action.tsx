import { useEffect, useRef } from 'react';
import type { AvailableEvent, CaseView, ErrorDetail } from '../api/types.js';
import { AgoraForm } from '../forms/agora-form.js';
import { useI18n } from '../i18n/i18n.js';
import { CollectionEntries } from './case-data.js';

/** Props of {@link EventAction}. */
export interface EventActionProps {
  event: AvailableEvent;
  view: CaseView;
  open: boolean;
  onToggle: (open: boolean) => void;
  value: unknown;
  onChange: (value: unknown, byUser: boolean) => void;
  /** Sends the event; resolves with 422 problems, if any. */
  onSend: (data: unknown) => Promise<ErrorDetail[] | void>;
  busy: boolean;
}

/**
 * One of the other events a person may send now ("Abbrechen", "Notiz
 * hinzufügen"): a button that opens its form, or asks once before an event
 * without a form is sent. Collection forms list their entries first.
 */
export function EventAction({ event, view, open, onToggle, value, onChange, onSend, busy }: EventActionProps) {
  const { t, lt } = useI18n();
  const panelId = `event-${event.type}`;
  const spec = event.form ? view.forms[event.form] : undefined;
  const panel = useRef<HTMLDivElement>(null);
  const label = lt(event.label, event.type);

  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [open]);

  return (
    <div className={`event-action${open ? ' is-open' : ''}`}>
      <button type="button" className="btn btn-secondary" aria-expanded={open} aria-controls={panelId} onClick={() => onToggle(!open)}>
        {label}
      </button>
      <div id={panelId} ref={panel} hidden={!open} className="event-panel">
        {open && spec && (
          <>
            {spec.collection && (
              <section aria-label={t('case.existingEntries', { form: lt(spec.title) })} className="stack">
                <h3>{t('case.existingEntries', { form: lt(spec.title) })}</h3>
                <CollectionEntries entries={view.data[event.form as string]} spec={spec} view={view} />
              </section>
            )}
            <AgoraForm
              idPrefix={`ev_${event.type}`}
              spec={spec}
              catalogues={view.catalogues}
              value={value}
              onChange={onChange}
              onSubmit={onSend}
              submitLabel={label}
              busy={busy}
              headingLevel={3}
              actions={
                <button type="button" className="btn btn-link" onClick={() => onToggle(false)}>
                  {t('common.cancel')}
                </button>
              }
            />
          </>
        )}
        {open && !event.form && (
          <div className="confirm">
            <p>{t('case.confirmEvent', { label })}</p>
            <div className="form-actions">
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void onSend(undefined)}>
                {t('case.confirmYes', { label })}
              </button>
              <button type="button" className="btn btn-link" onClick={() => onToggle(false)}>
                {t('common.back')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
