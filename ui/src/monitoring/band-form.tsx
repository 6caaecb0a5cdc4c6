import { useId, useState, type FormEvent } from 'react';
import { monitoringApi } from '../api/monitoring.js';
import type { MonitoringIndicator } from '../api/monitoring-types.js';
import { ErrorBox, Notice } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { bandFromInput, bandToInput } from './view-model.js';

/**
 * The band of an indicator's early warning, set by a coordinator (the
 * definition's band until then): below the minimum or above the maximum in a
 * completed period, a Frühwarnung task starts. Shares are typed in per cent.
 */
export function BandForm({ indicator, onSaved }: { indicator: MonitoringIndicator; onSaved: (next: MonitoringIndicator) => void }) {
  const { t } = useI18n();
  const id = useId();
  const initial = bandToInput(indicator);
  const [min, setMin] = useState(initial.min);
  const [max, setMax] = useState(initial.max);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    setBusy(true);
    try {
      onSaved(await monitoringApi.setBand(indicator.key, bandFromInput(indicator.type, { min, max })));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="band-form no-print">
      <summary>{t('monitoring.bandEdit')}</summary>
      <form onSubmit={submit} className="filters" aria-label={t('monitoring.bandEdit')}>
        <div className="field">
          <label htmlFor={`${id}-min`}>{indicator.type === 'share' ? t('monitoring.bandMinPercent') : t('monitoring.bandMinLabel')}</label>
          <input id={`${id}-min`} type="number" step="any" inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-max`}>{indicator.type === 'share' ? t('monitoring.bandMaxPercent') : t('monitoring.bandMaxLabel')}</label>
          <input id={`${id}-max`} type="number" step="any" inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} />
        </div>
        <div className="field">
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {t('monitoring.bandSave')}
          </button>
        </div>
      </form>
      <p className="hint">{t('monitoring.bandHint')}</p>
      <ErrorBox error={error} />
      {saved && <Notice kind="success">{t('monitoring.bandSaved')}</Notice>}
    </details>
  );
}
