import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.js';
import type { ErrorDetail } from '../api/types.js';
import { ErrorBox, Loading, Notice, PageHeading } from '../components/common.js';
import { AgoraForm } from '../forms/agora-form.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { Link } from '../router.js';
import { useAsync } from '../use-async.js';
import { offersApi } from './offers-api.js';
import { OfferSummary } from './offers-page.js';

/** The message for a public API error: the offers' own codes, else the generic text. */
export function useOfferErrorText(): (err: unknown) => string | null {
  const { t } = useI18n();
  return (err) => {
    if (!(err instanceof ApiError)) return null;
    const key = `offers.error.${err.code}` as MessageKey;
    const text = t(key);
    return text === key ? null : text;
  };
}

/**
 * /angebote/:id (public): the offer and its registration form, rendered by
 * the same form renderer staff use. Sending it starts the double opt-in.
 */
export function OfferPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const offer = useAsync(() => offersApi.get(id, lang), [id, lang]);
  const [value, setValue] = useState<unknown>({});
  const [website, setWebsite] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const offerError = useOfferErrorText();
  // A lecture's page starts the programme's registration with the lecture chosen.
  const prefill = offer.data?.registration?.prefill;
  useEffect(() => {
    setValue(prefill ?? {});
  }, [prefill]);
  // A programme's page lists the entries that are part of it (its lectures).
  const parts = useAsync(
    () => (offer.data && !offer.data.partOf ? offersApi.list({ lang, limit: 200, fieldOfAction: offer.data.fieldOfAction ?? undefined }) : Promise.resolve(null)),
    [offer.data, lang],
  );
  const entries = (parts.data?.items ?? []).filter((p) => p.partOf?.id === id);

  const submit = async (data: unknown): Promise<ErrorDetail[] | void> => {
    setBusy(true);
    setError(null);
    try {
      await offersApi.register(id, data, website, lang);
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) return err.details;
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (offer.loading && !offer.data) return <Loading />;
  if (offer.error || !offer.data) {
    return (
      <>
        <PageHeading title={t('offers.title')}>{t('offers.title')}</PageHeading>
        <ErrorBox>{offerError(offer.error) ?? t('error.generic')}</ErrorBox>
        <p>
          <Link href="/angebote">{t('offers.back')}</Link>
        </p>
      </>
    );
  }
  const o = offer.data;
  const reg = o.registration;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/angebote">{t('offers.back')}</Link>
      </p>
      <PageHeading title={o.title}>{o.title}</PageHeading>
      <ul className="task-list offer-detail">
        <OfferSummary offer={o} />
      </ul>
      {entries.length > 0 && (
        <section aria-labelledby="parts-heading">
          <h2 id="parts-heading" className="section-heading">
            {t('offers.items')}
          </h2>
          <ul className="task-list">
            {entries.map((e) => (
              <OfferSummary key={e.id} offer={e} nested />
            ))}
          </ul>
        </section>
      )}
      {reg && (
        <section aria-labelledby="register-heading" className="card">
          <h2 id="register-heading" className="section-heading">
            {t('offers.registerHeading')}
          </h2>
          {!reg.open ? (
            <p>{t('offers.registrationClosed')}</p>
          ) : sent ? (
            <Notice kind="success">{t('offers.sent')}</Notice>
          ) : (
            <>
              {o.partOf && <p>{t('offers.registerPartOf', { title: o.partOf.title })}</p>}
              <p>{t('offers.registerIntro')}</p>
              {error ? <ErrorBox>{offerError(error) ?? t('error.generic')}</ErrorBox> : null}
              {/* The honeypot: people never see it (screen readers hear its label), bots fill it in. */}
              <div className="visually-hidden">
                <label htmlFor="o-website">{t('offers.honeypot')}</label>
                <input id="o-website" name="website" type="text" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
              </div>
              <AgoraForm
                idPrefix="register"
                spec={{ title: { de: reg.form.title }, schema: reg.form.schema, uiSchema: reg.form.uiSchema }}
                catalogues={reg.catalogues ?? {}}
                value={value}
                onChange={(v) => setValue(v)}
                onSubmit={submit}
                submitLabel={t('offers.register')}
                busy={busy}
                hideTitle
                headingLevel={3}
              />
            </>
          )}
        </section>
      )}
    </>
  );
}
