// The staff pages' stylesheet, as a module so the edge serves it on Node and Deno without
// reading files at run time. Served at /static/app.css (the CSP allows no inline style).
export const APP_CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2330;--muted:#5d6675;--line:#dde1e7;--accent:#1f5fbf;--accent-ink:#fff;
--ok:#1c7c45;--ok-bg:#e3f4ea;--warn:#8a5a00;--warn-bg:#fdf1d8;--bad:#a32121;--bad-bg:#fbe5e5;--info:#1f5fbf;--info-bg:#e4edfb;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:16px;line-height:1.45;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;padding:10px 20px;background:#16213a;color:#fff}
.top a{color:#fff;text-decoration:none}.brand{font-weight:700;font-size:1.2rem;letter-spacing:.02em}
.main-nav{display:flex;flex-wrap:wrap;gap:4px}.main-nav a{padding:6px 10px;border-radius:6px}
.main-nav a:hover,.main-nav a[aria-current=page]{background:rgba(255,255,255,.16)}
.tools{margin-left:auto;display:flex;align-items:center;gap:14px;flex-wrap:wrap}
.lang{display:flex;gap:2px}.lang a{padding:3px 8px;border-radius:4px;font-size:.9rem;opacity:.8}.lang a[aria-current=true]{background:#fff;color:#16213a;opacity:1}
.logout{display:flex;align-items:center;gap:8px;margin:0}.who{font-size:.9rem;opacity:.85}
button.link{background:none;border:1px solid rgba(255,255,255,.5);color:#fff;padding:3px 10px;border-radius:4px;cursor:pointer;font:inherit;font-size:.9rem}
main{max-width:1200px;margin:0 auto;padding:20px}
h1{font-size:1.6rem;margin:.2em 0 .6em}h2{font-size:1.1rem;margin:0 0 .6em}h3{font-size:.95rem;margin:1em 0 .4em;color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin-bottom:18px;min-width:0}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:0 18px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin-bottom:18px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.kpi span{display:block;color:var(--muted);font-size:.85rem}.kpi strong{font-size:1.6rem}
.page-head{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
.button,button{display:inline-block;background:var(--accent);color:var(--accent-ink);border:0;border-radius:6px;padding:8px 14px;font:inherit;cursor:pointer;text-decoration:none}
.button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin-bottom:12px}
label{display:flex;flex-direction:column;gap:4px;font-size:.85rem;color:var(--muted)}
input,select,textarea{font:inherit;color:var(--ink);padding:7px 9px;border:1px solid #b9c0ca;border-radius:6px;background:#fff;min-width:0}
.filters input[name=from],.filters input[name=number]{width:11em}
.filter-actions{display:flex;gap:12px;align-items:center}
.count{color:var(--muted);margin:.4em 0}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);background:#fafbfc}
tbody tr:hover{background:#f7f9fc}.num{text-align:right;font-variant-numeric:tabular-nums}.nowrap{white-space:nowrap}
table.compact td,table.compact th{padding:5px 6px}.card .table-wrap{border:0}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.8rem;background:#eef0f3;color:var(--ink);white-space:nowrap;margin-left:4px}
.s-in_progress,.s-processing{background:var(--info-bg);color:var(--info)}.s-processed,.s-shipped{background:var(--warn-bg);color:var(--warn)}
.s-completed,.s-delivered{background:var(--ok-bg);color:var(--ok)}.s-problem,.s-cancelled{background:var(--bad-bg);color:var(--bad)}.s-received{background:#eef0f3}
.pager{display:flex;gap:16px;align-items:center;justify-content:flex-end;margin:12px 0;flex-wrap:wrap;color:var(--muted)}.pager .off{opacity:.45}
.empty{text-align:center;padding:32px 16px;background:var(--card);border:1px dashed #b9c0ca;border-radius:10px}.empty-title{font-weight:600;font-size:1.1rem}
.notice{padding:10px 14px;border-radius:8px}.notice.ok{background:var(--ok-bg);color:var(--ok)}.notice.error{background:var(--bad-bg);color:var(--bad)}
.muted{color:var(--muted)}.small{font-size:.85rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0 0 14px}.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.facts.wide{grid-template-columns:minmax(8em,max-content) 1fr}
.inline-form{display:flex;gap:10px;align-items:flex-end;flex-wrap:wrap}
.note-form{display:flex;flex-direction:column;gap:8px;margin-top:10px}.note-form button{align-self:flex-start}
.timeline,.audit,.notes,.chat,.plain,.live-list{list-style:none;padding:0;margin:0}
.timeline li{display:flex;flex-wrap:wrap;gap:4px 12px;padding:7px 0;border-bottom:1px solid var(--line)}
.timeline time{font-variant-numeric:tabular-nums;color:var(--muted);min-width:6em}.ev-kind{font-size:.8rem;text-transform:uppercase;color:var(--muted);min-width:6em}
.ev-step{font-weight:600}.ev-outcome{color:var(--muted)}.ev-text{flex-basis:100%;overflow-wrap:anywhere}.ev-said{flex-basis:100%;font-size:.85rem;color:var(--muted)}.ev-said ol{margin:.3em 0;padding-left:1.4em}
kbd{font-family:ui-monospace,monospace;background:#eef0f3;border:1px solid #cfd4db;border-radius:4px;padding:0 5px;overflow-wrap:anywhere}
.ev-digits{min-width:0;max-width:100%}.ev-digits.long{flex-basis:100%}.ev-digits summary{cursor:pointer}
.ev-digits kbd.all{display:block;margin-top:4px;word-break:break-all;max-height:10em;overflow:auto}
.timeline .ev-said li{display:list-item;padding:1px 0;border:0}.said-note{font-style:italic}.said-digits{letter-spacing:.05em}.recording .notice{margin:6px 0 0}
.audit li,.notes li,.plain li,.live-list li{padding:6px 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.note-body{white-space:pre-wrap;margin:.2em 0}
blockquote{margin:.4em 0;padding:8px 12px;border-left:3px solid var(--line);background:#fafbfc;white-space:pre-wrap;overflow-wrap:anywhere}
.chat li{padding:4px 0}.chat .who{font-weight:600}.chat-assistant .who{color:var(--accent)}
audio{width:100%}figure{margin:0 0 12px}figcaption{font-size:.85rem;color:var(--muted)}
.chart{width:100%;height:auto;display:block}.chart .bar{fill:var(--accent)}.chart.consent .bar{fill:var(--ok)}
.chart .grid{stroke:var(--line);stroke-dasharray:3 3}.chart .base{stroke:#9aa3af}.chart .axis{font-size:17px;fill:var(--muted)}
.login{max-width:380px;margin:8vh auto}.login form{display:flex;flex-direction:column;gap:12px}
.crumbs{margin:0 0 4px}.prompts p{margin:.2em 0}.lang-tag{font-size:.7rem;font-weight:700;color:var(--muted);border:1px solid var(--line);border-radius:3px;padding:0 3px}
.flow-node h2 code{font-size:1.1rem}
.table-wrap.flat{border:0;border-radius:0}.flow-diagram{display:block;width:100%;min-width:900px;height:auto}
.flow-diagram .node rect{fill:#16213a}.flow-diagram .node text{fill:#fff;font-size:13px;font-weight:600}
.flow-diagram .n-hangup rect{fill:var(--bad)}.flow-diagram .n-start rect{fill:var(--ok)}
.flow-diagram .n-repeat_status rect,.flow-diagram .n-ai rect,.flow-diagram .n-staff rect,.flow-diagram .n-voicemail rect{fill:#5d6675}
.flow-diagram .edge path{fill:none;stroke:var(--accent);stroke-width:2}.flow-diagram .edge.back path{stroke:#b26b00;stroke-dasharray:6 4}
.flow-diagram marker path{fill:#5d6675}.flow-diagram .edge text{font-size:14px;fill:var(--ink)}
.subnav{display:flex;gap:6px;margin-bottom:6px;flex-wrap:wrap}.subnav a{padding:4px 10px;border-radius:6px;text-decoration:none;border:1px solid var(--line);background:#fff}
.subnav a[aria-current=page]{background:var(--accent);color:var(--accent-ink);border-color:var(--accent)}
.head-actions{display:flex;gap:8px;flex-wrap:wrap}
button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}button.danger{background:var(--bad)}
.notice.warn{background:var(--warn-bg);color:var(--warn)}
tr.off-row td{color:var(--muted)}.actions{display:flex;flex-wrap:wrap;gap:8px}.actions input{width:11em}.actions .inline-form{flex-wrap:nowrap}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.stack-form{display:flex;flex-direction:column;gap:12px}.stack-form button{align-self:flex-start}.card.narrow{max-width:560px}
code.secret{display:inline-block;font-size:1.05rem;padding:6px 10px;background:#eef0f3;border-radius:6px;overflow-wrap:anywhere;word-break:break-all;user-select:all}
pre.example{background:#16213a;color:#fff;padding:10px 12px;border-radius:8px;overflow-x:auto;font-size:.85rem;white-space:pre}
.badge.src-call,.badge.p-voicemail,.badge.p-ending{background:var(--warn-bg);color:var(--warn)}.badge.p-ai,.badge.p-staff{background:var(--info-bg);color:var(--info)}
.badge.r-admin{background:var(--info-bg);color:var(--info)}
.import-counts{list-style:none;padding:0}table.errors td:last-child{overflow-wrap:anywhere}.not-found{margin-top:6px;padding-left:10px;border-left:3px solid var(--warn-bg)}
.privacy-found li,.consent-evidence blockquote,ol.audit li{overflow-wrap:anywhere}.privacy-actions{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-end}.privacy-erase label,.inline-form label{min-width:0;max-width:100%}.inline-form input{max-width:100%}.consent-evidence blockquote{margin:0}
/* Erasure counts: one line, label then its technical name (privacy-counts.tsx). */
ul.privacy-counts{display:inline;list-style:none;padding:0;margin:0}ul.privacy-counts li{display:inline;border:0;padding:0}ul.privacy-counts li+li::before{content:", "}div.notice{margin:1em 0}
@media (max-width:640px){main{padding:12px}.top{padding:8px 12px}.tools{margin-left:0;width:100%;justify-content:space-between}
.grid2{grid-template-columns:1fr}.filters label{flex:1 1 45%}.filters input[name=from],.filters input[name=number]{width:100%}h1{font-size:1.3rem}
.hide-sm{display:none}
.flow-node table,.flow-node tbody,.flow-node tr,.flow-node td{display:block;width:100%}.flow-node thead{display:none}
.flow-node tr{border-bottom:1px solid var(--line);padding:6px 0}
table.stack-sm,table.stack-sm tbody,table.stack-sm tr,table.stack-sm td{display:block;width:100%}table.stack-sm thead{display:none}
table.stack-sm tr{border-bottom:1px solid var(--line);padding:6px 0}table.stack-sm td{border:0;padding:3px 4px}.actions .inline-form{flex-wrap:wrap}.flow-node td{border:0;padding:4px 6px}.flow-node .badge{white-space:normal}}
`;
