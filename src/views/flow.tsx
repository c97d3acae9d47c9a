import type { Lang } from '../domain/index.ts';
import type { FlowNode, Transition } from '../ivr/flow.ts';
import type { NodeId } from '../ivr/types.ts';
import { FlowDiagram } from './flow-diagram.tsx';
import { Layout } from './layout.tsx';
import type { UiLang } from '../i18n/index.ts';
import type { Ui } from './ui.ts';

export interface FlowProps {
  ui: Ui;
  /** The table the IVR runs on (src/ivr/flow.ts), passed in, not copied. */
  flow: Record<NodeId, FlowNode>;
  /**
   * What a caller of `lang` hears for a prompt key (locales/<lang>/ivr.json); `other`: the key
   * as spoken to them in the language they may switch to.
   */
  prompt: (lang: Lang, key: string, spokenIn?: 'other') => string;
  /** Prompts said outside the table (greeting, order statuses, …). */
  extraKeys: string[];
}

const LANGS: Array<{ lang: Lang; tag: string }> = [{ lang: 'de-DE', tag: 'DE' }, { lang: 'en-GB', tag: 'EN-GB' }, { lang: 'en-US', tag: 'EN-US' }];

function Prompts({ p, keys, spokenIn }: { p: FlowProps; keys: Array<string | { digits: 'order' }>; spokenIn?: 'other' }) {
  return (
    <div class="prompts">
      {LANGS.map(({ lang, tag }) => (
        <p lang={lang}>
          <span class="lang-tag">{tag}</span>{' '}
          {keys.map((k) => (typeof k === 'string' ? p.prompt(lang, k, spokenIn) : '‹1 2 3 4›')).join(' ')}
        </p>
      ))}
    </div>
  );
}

function Go({ p, go }: { p: FlowProps; go: Transition }) {
  const { t } = p.ui;
  if (go.kind === 'goto') {
    return (
      <div>
        {go.say && go.say.length > 0 && <Prompts p={p} keys={go.say} spokenIn={go.effect === 'switch_language' ? 'other' : undefined} />}
        <p>→ <a href={`#node-${go.to}`}>{go.to}</a>{go.effect && <span class="badge">{t(`flow.effect_${go.effect}`)}</span>}</p>
        {go.notFound && (
          <div class="not-found">
            <p class="muted small">{t('flow.not_found')}</p>
            <Prompts p={p} keys={[go.notFound.say]} />
            <p>→ <a href={`#node-${go.notFound.to}`}>{go.notFound.to}</a></p>
          </div>
        )}
      </div>
    );
  }
  if (go.kind === 'end') {
    return (
      <div>
        <Prompts p={p} keys={[go.say]} />
        <p>→ {t('flow.hangup')}{go.effect && <span class="badge">{t(`flow.effect_${go.effect}`)}</span>}</p>
      </div>
    );
  }
  return <p>→ {t(`flow.action_${go.action}`)}</p>;
}

function Node({ p, node }: { p: FlowProps; node: FlowNode }) {
  const { t } = p.ui;
  const input = node.input;
  return (
    <section class="card flow-node" id={`node-${node.id}`}>
      <h2><code>{node.id}</code> <span class="muted small">/webhook/{node.id}</span></h2>
      <h3>{t('flow.asks')}</h3>
      <Prompts p={p} keys={node.prompt} />
      {input.kind === 'choice' ? (
        <div class="table-wrap">
          <table>
            <thead><tr><th>{t('flow.key')}</th><th>{t('flow.offer')}</th><th>{t('flow.then')}</th></tr></thead>
            <tbody>
              {input.choices.map((c) => (
                <tr>
                  <td><kbd>{c.key}</kbd></td>
                  <td>
                    {c.offer ? <Prompts p={p} keys={[c.offer]} spokenIn={c.offerLang} /> : '–'}
                    {c.offerWithoutOrder && (
                      <>
                        <p class="muted small">{t('flow.without_order')}</p>
                        <Prompts p={p} keys={[c.offerWithoutOrder]} />
                      </>
                    )}
                    {c.requires && <p class="muted small">{t(`flow.requires_${c.requires}`)}</p>}
                  </td>
                  <td><Go p={p} go={c.go} /></td>
                </tr>
              ))}
              <tr>
                <td>{t('flow.other_key')}</td>
                <td colspan={2}><Prompts p={p} keys={[input.retry]} /><p>→ {t('flow.ask_again')}</p></td>
              </tr>
              {input.silence && (
                <tr><td>{t('flow.no_key')}</td><td colspan={2}><Prompts p={p} keys={[input.silence]} /><p>→ {t('flow.ask_again')}</p></td></tr>
              )}
            </tbody>
          </table>
        </div>
      ) : (
        <div>
          <p>{t('flow.number_input', { min: input.minDigits, max: input.maxDigits })} → <a href={`#node-${input.valid.to}`}>{input.valid.to}</a></p>
          <ul class="plain">
            {Object.entries(input.errors).map(([kind, key]) => (
              <li><strong>{t(`flow.error_${kind}`)}</strong><Prompts p={p} keys={[key]} /></li>
            ))}
          </ul>
        </div>
      )}
      <h3>{t('flow.exhausted', { count: node.maxMisses, seconds: node.timeout })}</h3>
      <Go p={p} go={node.exhausted} />
    </section>
  );
}

export function FlowPage(p: FlowProps) {
  const { t } = p.ui;
  return (
    <Layout ui={p.ui} title={t('flow.title')}>
      <h1>{t('flow.title')}</h1>
      <p class="muted">{t('flow.intro')}</p>
      <section class="card">
        <div class="table-wrap flat"><FlowDiagram ui={p.ui} flow={p.flow} /></div>
        <p class="muted small">{t('flow.legend')}</p>
      </section>
      <section class="card">
        <h2>{t('flow.start')}</h2>
        <Prompts p={p} keys={['greeting']} />
        <p>→ <a href="#node-consent">consent</a></p>
      </section>
      {Object.values(p.flow).map((node) => <Node p={p} node={node} />)}
      <section class="card">
        <h2>{t('flow.other_prompts')}</h2>
        <dl class="facts wide">
          {p.extraKeys.map((k) => (
            <>
              <dt><code>{k}</code></dt>
              <dd><Prompts p={p} keys={[k]} /></dd>
            </>
          ))}
        </dl>
      </section>
    </Layout>
  );
}
