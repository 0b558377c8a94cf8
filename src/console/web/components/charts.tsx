/** Hand-drawn SVG charts: bars by hour (stacked series), a line of rates, horizontal bars, and a gauge. */

export interface Series {
  label: string;
  cls: string;
  values: ReadonlyArray<number | null>;
}

const W = 640;
const H = 220;
const left = 40;
const bottom = 24;
const top = 12;

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v)!;
}

/** An axis top for whole counts: even, so the middle grid line is a whole number too. */
function countMax(v: number): number {
  const m = niceMax(v);
  return m < 2 ? 2 : m % 2 === 0 ? m : niceMax(m + 1);
}

function Axes({ max, fmt, n }: { max: number; fmt: (v: number) => string; n: number }) {
  const plotH = H - bottom - top;
  const bw = (W - left) / n;
  return (
    <g class="axes">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={left} x2={W} y1={top + plotH * (1 - f)} y2={top + plotH * (1 - f)} />
          <text x={left - 4} y={top + plotH * (1 - f) + 4} text-anchor="end">
            {fmt(max * f)}
          </text>
        </g>
      ))}
      {Array.from({ length: n }, (_, i) =>
        i % 3 === 0 ? (
          <text key={i} x={left + bw * i + bw / 2} y={H - 6} text-anchor="middle">
            {i}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Bars per hour of day, series stacked. */
export function HourBars({ series, title }: { series: Series[]; title: string }) {
  const n = series[0]?.values.length ?? 24;
  const totals = Array.from({ length: n }, (_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = countMax(Math.max(0, ...totals));
  const plotH = H - bottom - top;
  const bw = (W - left) / n;
  return (
    <figure class="chart">
      <figcaption>
        {title}
        {series.map((s) => (
          <span key={s.label} class={`legend ${s.cls}`}>
            {s.label}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <Axes max={max} fmt={(v) => String(Math.round(v))} n={n} />
        {Array.from({ length: n }, (_, i) => {
          let y = top + plotH;
          return series.map((s) => {
            const h = ((s.values[i] ?? 0) / max) * plotH;
            y -= h;
            return h > 0 ? (
              <rect key={`${s.label}-${i}`} class={s.cls} x={left + bw * i + 2} y={y} width={bw - 4} height={h}>
                <title>{`${i}:00 ${s.label} ${s.values[i]}`}</title>
              </rect>
            ) : null;
          });
        })}
      </svg>
    </figure>
  );
}

/** A line of values per hour (gaps where a value is null); `target` draws a dashed reference line. */
export function HourLine({ values, title, max, fmt, target, whole }: { values: ReadonlyArray<number | null>; title: string; max?: number; fmt: (v: number) => string; target?: number; whole?: boolean }) {
  const n = values.length;
  // Whole units (seconds) need an even top, or the middle line of a 1 s axis reads "1" like the top (0, 1, 1).
  const highest = Math.max(0, ...values.map((v) => v ?? 0));
  const top2 = max ?? (whole ? countMax(highest) : niceMax(highest));
  const plotH = H - bottom - top;
  const bw = (W - left) / n;
  const pts = values.map((v, i) => (v === null ? null : [left + bw * i + bw / 2, top + plotH * (1 - v / top2)] as const));
  const segments: string[] = [];
  let cur = '';
  for (const p of pts) {
    if (!p) {
      if (cur) segments.push(cur);
      cur = '';
      continue;
    }
    cur += `${cur ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`;
  }
  if (cur) segments.push(cur);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <Axes max={top2} fmt={fmt} n={n} />
        {target !== undefined && <line class="target" x1={left} x2={W} y1={top + plotH * (1 - target / top2)} y2={top + plotH * (1 - target / top2)} />}
        {segments.map((d) => (
          <path key={d} class="line" d={d} />
        ))}
        {pts.map((p, i) =>
          p ? (
            <circle key={i} class="dot" cx={p[0]} cy={p[1]} r={3}>
              <title>{`${i}:00 ${fmt(values[i]!)}`}</title>
            </circle>
          ) : null,
        )}
      </svg>
    </figure>
  );
}

/** Horizontal bars for labelled counts, largest first. */
export function CountBars({ items, title }: { items: ReadonlyArray<{ label: string; value: number }>; title: string }) {
  const sorted = [...items].sort((a, b) => b.value - a.value);
  const max = Math.max(1, ...sorted.map((x) => x.value));
  const rowH = 22;
  const h = Math.max(rowH, sorted.length * rowH);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={title}>
        {sorted.map((x, i) => (
          <g key={x.label}>
            <text x={150} y={i * rowH + 15} text-anchor="end">
              {x.label}
            </text>
            <rect class="s-out" x={156} y={i * rowH + 4} width={((W - 220) * x.value) / max} height={rowH - 8} />
            <text x={160 + ((W - 220) * x.value) / max} y={i * rowH + 15}>
              {x.value}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** A half-circle gauge of a rate against its limit (the scale ends at twice the limit). */
export function Gauge({ rate, limit, label, sub }: { rate: number | null; limit: number; label: string; sub: string }) {
  const scale = Math.max(limit * 2, 0.01);
  const f = Math.min(1, (rate ?? 0) / scale);
  const arc = (from: number, to: number) => {
    const a0 = Math.PI * (1 - from);
    const a1 = Math.PI * (1 - to);
    const p = (a: number) => `${(60 + 50 * Math.cos(a)).toFixed(2)},${(60 - 50 * Math.sin(a)).toFixed(2)}`;
    return `M${p(a0)} A50,50 0 0 1 ${p(a1)}`;
  };
  const state = rate === null ? 'none' : rate > limit ? 'over' : rate > limit * 0.8 ? 'near' : 'ok';
  return (
    <div class={`gauge g-${state}`} data-testid="gauge">
      <svg viewBox="0 0 120 70" role="img" aria-label={label}>
        <path class="g-track" d={arc(0, 1)} />
        {f > 0 && <path class="g-value" d={arc(0, f)} />}
        <line class="g-limit" x1={60} y1={10} x2={60} y2={22} />
        <text x={60} y={58} text-anchor="middle" class="g-text">
          {rate === null ? '–' : `${(rate * 100).toFixed(1)}%`}
        </text>
      </svg>
      <div class="gauge-label">{label}</div>
      <div class="muted">{sub}</div>
    </div>
  );
}

/** A bar split by parts (leads by state). */
export function StackBar({ parts, total }: { parts: ReadonlyArray<{ key: string; value: number; title: string }>; total: number }) {
  return (
    <div class="stackbar" role="img">
      {parts
        .filter((p) => p.value > 0)
        .map((p) => (
          <span key={p.key} class={`sb-${p.key}`} style={{ width: `${(100 * p.value) / Math.max(1, total)}%` }} title={`${p.title}: ${p.value}`} />
        ))}
    </div>
  );
}
