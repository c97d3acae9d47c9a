import type { Child } from 'hono/jsx';
import { hrefWith, type Ui } from './ui.ts';

const NAV = [
  { href: '/', key: 'nav.dashboard' },
  { href: '/calls', key: 'nav.calls' },
  { href: '/orders', key: 'nav.orders' },
  { href: '/flow', key: 'nav.flow' },
] as const;
/** Only admins manage the team and the shop's API keys. */
const ADMIN_NAV = [{ href: '/privacy', key: 'nav.privacy' }, { href: '/settings/staff', key: 'nav.settings' }] as const;

function isCurrent(here: string, href: string) {
  const path = here.split('?')[0]!;
  // The settings pages share one entry.
  if (href.startsWith('/settings/')) return path.startsWith('/settings/');
  return href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
}

export function LangSwitch({ ui }: { ui: Ui }) {
  return (
    <nav class="lang" aria-label={ui.t('nav.language')}>
      {(['de', 'en'] as const).map((l) => (
        <a href={hrefWith('/lang', { set: l, next: ui.here })} lang={l} hreflang={l} aria-current={ui.lang === l ? 'true' : undefined}>
          {l === 'de' ? 'Deutsch' : 'English'}
        </a>
      ))}
    </nav>
  );
}

/** The one page frame: header with navigation, language switch and sign-out; then the page. */
export function Layout({ ui, title, children, scripts = [] }: { ui: Ui; title: string; children: Child; scripts?: string[] }) {
  return (
    <html lang={ui.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Liza`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {scripts.map((s) => <script src={s} defer></script>)}
      </head>
      <body>
        <a class="skip" href="#main">{ui.t('nav.skip')}</a>
        <header class="top">
          <a class="brand" href="/">Liza</a>
          {ui.user && (
            <nav class="main-nav" aria-label={ui.t('nav.main')}>
              {[...NAV, ...(ui.admin ? ADMIN_NAV : [])].map((n) => (
                <a href={n.href} aria-current={isCurrent(ui.here, n.href) ? 'page' : undefined}>{ui.t(n.key)}</a>
              ))}
            </nav>
          )}
          <div class="tools">
            <LangSwitch ui={ui} />
            {ui.user && (
              <form method="post" action="/logout" class="logout">
                <input type="hidden" name="_csrf" value={ui.csrf ?? ''} />
                <a class="who" href="/account" title={ui.t('nav.account')}>{ui.user}</a>
                <button type="submit" class="link">{ui.t('nav.logout')}</button>
              </form>
            )}
          </div>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
