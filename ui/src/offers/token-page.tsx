import { useState } from 'react';
import { ErrorBox, Notice, PageHeading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { offersApi, type RegistrationResult } from './offers-api.js';
import { useOfferErrorText } from './offer-page.js';

/**
 * /angebote/bestaetigen#<token> and /angebote/widerrufen#<token>: the token
 * sits in the fragment, which browsers never send, so it lands in no log;
 * the page POSTs it when the person presses the button (a link scanner that
 * opens the mail's link confirms nothing).
 */
export function TokenPage({ mode }: { mode: 'confirm' | 'withdraw' }) {
  const { t } = useI18n();
  const [token] = useState(() => window.location.hash.slice(1));
  const [result, setResult] = useState<RegistrationResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const offerError = useOfferErrorText();
  const title = mode === 'confirm' ? t('offers.confirmTitle') : t('offers.withdrawTitle');

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await (mode === 'confirm' ? offersApi.confirm(token) : offersApi.withdraw(token)));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const done =
    result &&
    (result.status === 'withdrawn' ? t('offers.withdrawn') : result.seat === 'place' ? t('offers.confirmedPlace') : result.seat === 'waitingList' ? t('offers.confirmedWaiting') : t('offers.confirmedOther'));
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {!/^[A-Za-z0-9_-]{20,100}$/.test(token) ? (
        <ErrorBox>{t('offers.noToken')}</ErrorBox>
      ) : result ? (
        <>
          <Notice kind="success">{done}</Notice>
          <p>
            <Link href={`/angebote/${result.offer}`}>{t('offers.toOffer')}</Link>
          </p>
        </>
      ) : (
        <>
          <p>{mode === 'confirm' ? t('offers.confirmIntro') : t('offers.withdrawIntro')}</p>
          {error ? <ErrorBox>{offerError(error) ?? t('error.generic')}</ErrorBox> : null}
          <button type="button" className="btn btn-primary" onClick={run} disabled={busy}>
            {mode === 'confirm' ? t('offers.confirmButton') : t('offers.withdrawButton')}
          </button>
        </>
      )}
      <p>
        <Link href="/angebote">{t('offers.back')}</Link>
      </p>
    </>
  );
}
