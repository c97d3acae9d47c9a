import { Layout } from './layout.tsx';
import type { Ui } from './ui.ts';

/** 404, 403 and friends, in the staff member's language. */
export function ErrorPage({ ui, status, reason }: { ui: Ui; status: number; reason: string }) {
  return (
    <Layout ui={ui} title={ui.t(`error.${reason}`)}>
      <section class="card">
        <h1>{ui.t(`error.${reason}`)}</h1>
        <p class="muted">{ui.t(`error.${reason}_hint`, { defaultValue: '' })} ({status})</p>
        <p><a href="/">{ui.t('nav.dashboard')}</a></p>
      </section>
    </Layout>
  );
}
