import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Loading, PageHeading } from './components/common.js';
import { useI18n } from './i18n/i18n.js';
import type { MessageKey } from './i18n/messages.js';
import { InboxPage } from './pages/inbox-page.js';
import { LoginPage, safeNext } from './pages/login-page.js';
import { hasNavigated, Link, match, navigate, useLocation } from './router.js';
import { hasRole, useSession } from './session.js';

// Everything but sign-in and the inbox is loaded on first visit: staff who
// only work their inbox never download the form engine's bigger parts or the studio.
const CasePage = lazy(() => import('./case/case-page.js').then((m) => ({ default: m.CasePage })));
const NewCasePage = lazy(() => import('./pages/new-case-page.js').then((m) => ({ default: m.NewCasePage })));
const BoardPage = lazy(() => import('./pages/board-page.js').then((m) => ({ default: m.BoardPage })));
const StudioPage = lazy(() => import('./studio/studio-page.js'));
const DefinitionPage = lazy(() => import('./studio/definition-page.js'));
const CasesPage = lazy(() => import('./pages/cases-page.js').then((m) => ({ default: m.CasesPage })));
const OrganisationsPage = lazy(() => import('./pages/organisations-page.js').then((m) => ({ default: m.OrganisationsPage })));
const UsersPage = lazy(() => import('./pages/users-page.js').then((m) => ({ default: m.UsersPage })));
const MonitoringPage = lazy(() => import('./monitoring/monitoring-page.js').then((m) => ({ default: m.MonitoringPage })));
const ReportPage = lazy(() => import('./monitoring/report-page.js').then((m) => ({ default: m.ReportPage })));
const PopulationPage = lazy(() => import('./monitoring/population-page.js').then((m) => ({ default: m.PopulationPage })));
const OffersPage = lazy(() => import('./offers/offers-page.js').then((m) => ({ default: m.OffersPage })));
const OfferPage = lazy(() => import('./offers/offer-page.js').then((m) => ({ default: m.OfferPage })));
const TokenPage = lazy(() => import('./offers/token-page.js').then((m) => ({ default: m.TokenPage })));
const OutboxPage = lazy(() => import('./pages/admin/outbox-page.js').then((m) => ({ default: m.OutboxPage })));
const AccountPage = lazy(() => import('./account/account-page.js').then((m) => ({ default: m.AccountPage })));
const PrivacyPage = lazy(() => import('./pages/privacy-page.js').then((m) => ({ default: m.PrivacyPage })));

interface NavItem {
  href: string;
  label: MessageKey;
  roles?: string[];
  isActive: (path: string) => boolean;
}

/** Who reads the Bildungsmonitoring (as the API's access check). */
const MONITORING_ROLES = ['coordinator', 'monitoring'];
/** The population reference: administrators upload it, they and the monitoring read it (as the API). */
const POPULATION_PATH = '/monitoring/bevoelkerung';

const NAV: NavItem[] = [
  { href: '/', label: 'nav.inbox', isActive: (p) => p === '/' },
  { href: '/vorgaenge', label: 'nav.cases', isActive: (p) => p === '/vorgaenge' },
  { href: '/cases/new', label: 'nav.newCase', isActive: (p) => p === '/cases/new' },
  // The same roles as the API's BOARD_ROLES: coordinators, admins and the Bildungsbüro's `koordination`.
  { href: '/board', label: 'nav.board', roles: ['coordinator', 'admin', 'koordination'], isActive: (p) => p === '/board' },
  // The same roles as the monitoring API: coordinators and the role `monitoring`.
  { href: '/monitoring', label: 'nav.monitoring', roles: MONITORING_ROLES, isActive: (p) => p.startsWith('/monitoring') && p !== POPULATION_PATH },
  { href: '/studio', label: 'nav.studio', roles: ['admin'], isActive: (p) => p.startsWith('/studio') },
  { href: '/privacy', label: 'nav.privacy', roles: ['datenschutz', 'admin'], isActive: (p) => p === '/privacy' },
  { href: '/admin/organisations', label: 'nav.organisations', roles: ['admin'], isActive: (p) => p === '/admin/organisations' },
  { href: '/admin/users', label: 'nav.users', roles: ['admin'], isActive: (p) => p === '/admin/users' },
  { href: '/admin/outbox', label: 'nav.outbox', roles: ['admin'], isActive: (p) => p === '/admin/outbox' },
  { href: POPULATION_PATH, label: 'nav.population', roles: ['admin'], isActive: (p) => p === POPULATION_PATH },
  { href: '/angebote', label: 'offers.title', isActive: (p) => isPublicPath(p) },
];

/** The public pages (/angebote and below): shown to everyone, signed in or not. */
export function isPublicPath(path: string): boolean {
  return path === '/angebote' || path.startsWith('/angebote/');
}

/** The page for a public path. */
function PublicRoutes({ path }: { path: string }): ReactNode {
  if (path === '/angebote') return <OffersPage />;
  if (path === '/angebote/bestaetigen') return <TokenPage mode="confirm" />;
  if (path === '/angebote/widerrufen') return <TokenPage mode="withdraw" />;
  const offer = match('/angebote/:id', path);
  if (offer) return <OfferPage key={offer.id} id={offer.id} />;
  return <NotFound />;
}

function Forbidden() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t('forbidden.title')}>{t('forbidden.title')}</PageHeading>
      <p>{t('forbidden.text')}</p>
      <p>
        <Link href="/">{t('nav.inbox')}</Link>
      </p>
    </>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t('notFound.title')}>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('nav.inbox')}</Link>
      </p>
    </>
  );
}

/** Picks the page for the path; pages needing a role show "no access" to others. */
function Routes({ path }: { path: string }): ReactNode {
  const { user } = useSession();
  if (path === '/') return <InboxPage />;
  if (path === '/cases/new') return <NewCasePage />;
  if (path === '/vorgaenge') return <CasesPage />;
  if (path === '/konto') return <AccountPage />;
  const caseMatch = match('/cases/:id', path);
  if (caseMatch) return <CasePage key={caseMatch.id} id={caseMatch.id} />;
  if (path === '/board') return hasRole(user, 'coordinator', 'admin', 'koordination') ? <BoardPage /> : <Forbidden />;
  if (path === '/monitoring') return hasRole(user, ...MONITORING_ROLES) ? <MonitoringPage /> : <Forbidden />;
  if (path === '/monitoring/bericht') return hasRole(user, ...MONITORING_ROLES) ? <ReportPage /> : <Forbidden />;
  if (path === POPULATION_PATH) return hasRole(user, 'admin', ...MONITORING_ROLES) ? <PopulationPage /> : <Forbidden />;
  if (path === '/studio') return hasRole(user, 'admin') ? <StudioPage /> : <Forbidden />;
  if (path === '/admin/organisations') return hasRole(user, 'admin') ? <OrganisationsPage /> : <Forbidden />;
  if (path === '/privacy') return hasRole(user, 'datenschutz', 'admin') ? <PrivacyPage /> : <Forbidden />;
  if (path === '/admin/users') return hasRole(user, 'admin') ? <UsersPage /> : <Forbidden />;
  if (path === '/admin/outbox') return hasRole(user, 'admin') ? <OutboxPage /> : <Forbidden />;
  const def = match('/studio/:key/:version', path);
  if (def) return hasRole(user, 'admin') ? <DefinitionPage key={path} defKey={def.key} version={Number(def.version)} /> : <Forbidden />;
  return <NotFound />;
}

function Header() {
  const { t, lang, setLang } = useI18n();
  const { user, signOut } = useSession();
  const { path } = useLocation();
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <span className="brand-text">
            Agora <span className="brand-sub">{t('app.office')}</span>
          </span>
        </Link>
        <div className="header-tools">
          <button type="button" className="btn btn-ghost" lang={lang === 'de' ? 'en' : 'de'} onClick={() => setLang(lang === 'de' ? 'en' : 'de')}>
            {lang === 'de' ? 'English' : 'Deutsch'}
          </button>
          {user && (
            <>
              {/* "Angemeldet als <name>" leads to one's own account (notifications, password). */}
              <Link href="/konto" className="user" aria-current={path === '/konto' ? 'page' : undefined}>
                <span className="visually-hidden">{t('app.signedInAs')} </span>
                {user.displayName || user.username}
                <span className="visually-hidden"> – {t('account.nav')}</span>
              </Link>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={async () => {
                  if (!(await signOut())) navigate('/login', { replace: true });
                }}
              >
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </div>
      {user && (
        <nav aria-label={t('nav.label')} className="main-nav">
          <ul>
            {NAV.filter((n) => !n.roles || hasRole(user, ...n.roles)).map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={n.isActive(path) ? 'page' : undefined}>
                  {t(n.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}

/**
 * The shell: skip link, header with navigation, language switch and
 * sign-out, the page in `<main>`, and the sign-in redirect that keeps
 * `?next=` so people come back where they were.
 */
export function App() {
  const { t } = useI18n();
  const { state } = useSession();
  const { path, search, href } = useLocation();

  useEffect(() => {
    if (state.status === 'signedOut' && path !== '/login' && !isPublicPath(path)) navigate(`/login?next=${encodeURIComponent(href)}`, { replace: true, redirect: !hasNavigated() });
    if (state.status === 'signedIn' && path === '/login') navigate(safeNext(search.get('next')), { replace: true });
  }, [state.status, path, href, search]);

  let page: ReactNode;
  if (isPublicPath(path)) page = <PublicRoutes path={path} />;
  else if (state.status === 'loading') page = <Loading />;
  else if (path === '/login') page = state.status === 'signedOut' ? <LoginPage /> : <Loading />;
  else if (state.status === 'signedOut') page = <Loading />;
  else page = <Routes path={path} />;

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="main">
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
