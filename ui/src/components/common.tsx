import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { de as errorTexts, type UiErrorCode } from '../i18n/messages-errors.js';
import { hasNavigated } from '../router.js';

/**
 * The page's one h1. Sets the document title and, after a client-side
 * navigation, takes focus so screen readers announce the new page.
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Agora`;
  }, [title]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}

/** "Wird geladen …", announced politely. */
export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** Whether the UI has a text for this code: every code of the engine's catalogue has one (messages-errors.ts). */
function isKnownCode(code: string): code is UiErrorCode {
  return Object.hasOwn(errorTexts, `error.${code}`);
}

/** A person-readable message for any error: by the API's stable code, in the UI language. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useI18n();
  return (err) => {
    if (err instanceof ApiError) {
      if (isKnownCode(err.code)) return t(`error.${err.code}`);
      if (err.status >= 500) return t('error.INTERNAL');
      return t('error.generic');
    }
    return t('error.generic');
  };
}

/** An error box announced at once (role="alert"). */
export function ErrorBox({ error, children }: { error?: unknown; children?: ReactNode }) {
  const text = useErrorText();
  if (!error && !children) return null;
  return (
    <div className="notice notice-error" role="alert">
      {children ?? text(error)}
    </div>
  );
}

/** A success or info note, announced politely. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

/** Due date with an "überfällig" badge in text, not colour alone. */
export function Due({ dueAt, overdue }: { dueAt: string | null; overdue: boolean }) {
  const { t, date } = useI18n();
  if (!dueAt) return <span className="muted">{t('common.noDue')}</span>;
  return (
    <span className={overdue ? 'due due-overdue' : 'due'}>
      {date(dueAt)}
      {overdue && <span className="badge badge-overdue">{t('common.overdue')}</span>}
    </span>
  );
}

/** Status of a case as a badge. */
export function StatusBadge({ status }: { status: 'active' | 'closed' }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{status === 'active' ? t('status.active') : t('status.closed')}</span>;
}

/** Previous/next paging with a cursor stack; shows "1–25 von 60". */
export function Pager({
  page,
  pageSize,
  shown,
  total,
  hasNext,
  onPrev,
  onNext,
  label,
}: {
  page: number;
  pageSize: number;
  shown: number;
  total: number;
  hasNext: boolean;
  onPrev: (() => void) | null;
  onNext: () => void;
  label: string;
}) {
  const { t, num } = useI18n();
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = from + shown - 1;
  const range = <p className="pager-range">{t('pager.range', { from: num(from), to: num(to), total: num(total) })}</p>;
  // One page only: the range is enough, buttons that do nothing are noise.
  if (page === 1 && !hasNext) return <div className="pager">{range}</div>;
  return (
    <nav className="pager" aria-label={label}>
      {range}
      <div className="pager-buttons">
        <button type="button" className="btn btn-secondary" onClick={onPrev ?? undefined} disabled={!onPrev}>
          ‹ {t('pager.prev')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onNext} disabled={!hasNext}>
          {t('pager.next')} ›
        </button>
      </div>
    </nav>
  );
}
