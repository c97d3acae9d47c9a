// Server-rendered SVG: no client framework, no inline style (the CSP forbids it); colours come
// from classes in app.css.

export interface Bar {
  label: string;
  value: number;
  /** Text for the bar's tooltip and screen readers. */
  title: string;
}

/** A bar chart with a baseline, a max gridline and a label under every `labelEvery`-th bar, counted back from the last. */
export function BarChart({ bars, max, title, unitLabel, labelEvery = 7, cls = '' }: { bars: Bar[]; max: number; title: string; unitLabel: string; labelEvery?: number; cls?: string }) {
  const W = 600, H = 220, top = 18, bottom = 30, left = 66;
  const plotH = H - top - bottom;
  const slot = (W - left) / Math.max(1, bars.length);
  const bw = Math.max(2, slot * 0.7);
  const top0 = Math.max(1, max);
  return (
    <svg class={`chart ${cls}`} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} preserveAspectRatio="none">
      <title>{title}</title>
      <line class="grid" x1={left} x2={W} y1={top} y2={top} />
      <text class="axis" x={left - 4} y={top + 4} text-anchor="end">{unitLabel}</text>
      <text class="axis" x={left - 4} y={top + plotH} text-anchor="end">0</text>
      <line class="base" x1={left} x2={W} y1={top + plotH} y2={top + plotH} />
      {bars.map((b, i) => {
        const h = (b.value / top0) * plotH;
        const x = left + i * slot + (slot - bw) / 2;
        return (
          <g>
            <rect class="bar" x={x.toFixed(1)} y={(top + plotH - h).toFixed(1)} width={bw.toFixed(1)} height={h.toFixed(1)}>
              <title>{b.title}</title>
            </rect>
            {(bars.length - 1 - i) % labelEvery === 0 ? (
              <text class="axis" x={(x + bw / 2).toFixed(1)} y={H - 6} text-anchor="middle">{b.label}</text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
