// The charts of lead_align_report's page, drawn by Apache ECharts (inlined
// above) from the numbers the report read (the JSON in #la-data).  Every
// chart is declared in CHARTS: a function from the data to an ECharts option.
'use strict';
(function () {
  const d = JSON.parse(document.getElementById('la-data').textContent);
  const COLORS = {
    leads: '#9fb3c8', mql: '#4263eb', sal: '#1c7ed6', sql: '#15aabf', opportunity: '#12b886', won: '#2f9e44',
    new: '#868e96', nurture: '#adb5bd', hot: '#e8590c', warm: '#f59f00', cold: '#4dabf7',
  };
  const STAGES = ['new', 'nurture', 'mql', 'sal', 'sql', 'opportunity'];
  const month = (iso) => new Date(iso + 'T00:00:00Z').toLocaleString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const pct = (fraction) => (fraction === null ? null : Math.round(fraction * 1000) / 10);
  const base = {
    animation: false,
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif' },
    grid: { left: 56, right: 56, top: 42, bottom: 36 },
    tooltip: { trigger: 'axis' },
    legend: { top: 4 },
  };

  const CHARTS = {
    // reached stages per cohort month (bars) and the cohort's leads (line)
    funnel: () => {
      const x = d.funnel.map((r) => month(r.cohort_month));
      const stages = [['reached_mql', 'MQL', 'mql'], ['reached_sal', 'SAL', 'sal'], ['reached_sql', 'SQL', 'sql'],
        ['reached_opportunity', 'opportunity', 'opportunity'], ['reached_won', 'won', 'won']];
      return {
        xAxis: { type: 'category', data: x },
        yAxis: [{ type: 'value', name: 'reached' }, { type: 'value', name: 'leads', splitLine: { show: false } }],
        series: stages.map(([k, name, c]) => ({ name, type: 'bar', data: d.funnel.map((r) => r[k]), itemStyle: { color: COLORS[c] } }))
          .concat([{ name: 'leads', type: 'line', yAxisIndex: 1, data: d.funnel.map((r) => r.leads),
            itemStyle: { color: COLORS.leads }, lineStyle: { width: 2 }, symbolSize: 7 }]),
      };
    },
    // % met per month, one line per stage and SLA kind
    sla: () => {
      const months = d.sla_months;
      const keys = [...new Set(d.sla_trend.map((r) => r.stage + ' ' + r.sla_kind))]
        .sort((a, b) => STAGES.indexOf(a.split(' ')[0]) - STAGES.indexOf(b.split(' ')[0]) || a.localeCompare(b));
      return {
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? '' : v + '%') },
        xAxis: { type: 'category', data: months.map(month) },
        yAxis: { type: 'value', name: '% met', min: (v) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
        series: keys.map((k) => {
          const [stage, kind] = k.split(' ');
          return {
            name: stage + ' ' + kind, type: 'line', symbolSize: 7,
            data: months.map((m) => {
              const r = d.sla_trend.find((t) => t.month === m && t.stage === stage && t.sla_kind === kind);
              return r ? r.pct_met : null;
            }),
            itemStyle: { color: COLORS[stage] },
            lineStyle: { type: kind === 'touch' ? 'dashed' : 'solid', width: 2 },
          };
        }),
      };
    },
    // acceptance and win rate per dimension value
    quality: () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => v + '%' },
      xAxis: { type: 'category', data: d.quality.map((q) => q.value === null ? '(none)' : q.value) },
      yAxis: [{ type: 'value', name: 'acceptance %', max: 100 }, { type: 'value', name: 'win rate %', splitLine: { show: false } }],
      series: [
        { name: 'acceptance rate', type: 'bar', data: d.quality.map((q) => pct(q.acceptance_rate)), itemStyle: { color: COLORS.sal } },
        { name: 'win rate', type: 'bar', yAxisIndex: 1, data: d.quality.map((q) => pct(q.win_rate)), itemStyle: { color: COLORS.won } },
      ],
    }),
    // win rate per temperature (all rules) and per rule, coloured by temperature
    rules: () => {
      const items = [];
      for (const t of d.temperatures) {
        items.push({ name: t.temperature + ' (all)', t: t.temperature, r: t });
        for (const r of d.rules.filter((x) => x.temperature === t.temperature)) {
          items.push({ name: t.temperature + ': ' + (r.rule === null ? '(none)' : r.rule), t: t.temperature, r });
        }
      }
      return {
        tooltip: { trigger: 'axis', valueFormatter: (v) => v + '%' },
        legend: { show: false },
        xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { interval: 0 } },
        yAxis: { type: 'value', name: 'win rate %' },
        series: [{
          name: 'win rate', type: 'bar',
          data: items.map((i) => ({ value: pct(i.r.win_rate), itemStyle: { color: COLORS[i.t], opacity: i.name.endsWith('(all)') ? 1 : 0.6 } })),
          label: { show: true, position: 'top', formatter: (p) => p.value.toFixed(1) + '%' },
        }],
      };
    },
    // the current period of each commitment: delivered, expected by now, target
    volume: () => {
      const latest = new Map();
      for (const v of d.volume) latest.set(v.team + ' ' + v.stage + ' ' + v.period, v);
      const rows = [...latest.values()];
      const label = (v) => v.team + ': ' + v.stage + ' per ' + v.period;
      return {
        grid: { left: 170, right: 40, top: 42, bottom: 30 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        yAxis: { type: 'category', data: rows.map(label), inverse: true },
        xAxis: { type: 'value' },
        series: [
          { name: 'delivered', type: 'bar', itemStyle: { color: COLORS.won },
            data: rows.map((v) => ({ value: v.delivered, itemStyle: { color: v.on_track ? COLORS.won : '#c92a2a' } })),
            label: { show: true, position: 'right' } },
          { name: 'expected by now', type: 'bar', data: rows.map((v) => v.expected_by_now), itemStyle: { color: '#ffd43b' } },
          { name: 'target', type: 'bar', data: rows.map((v) => v.target), itemStyle: { color: '#ced4da' } },
        ],
      };
    },
    // overdue leads per who has to act (marketing, or the owner), by stage
    overdue: () => {
      const owners = [...new Set(d.overdue_by_owner.map((r) => r.owner))]
        .sort((a, b) => (a === 'marketing') - (b === 'marketing') || a.localeCompare(b));
      const stages = STAGES.filter((s) => d.overdue_by_owner.some((r) => r.stage === s));
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: owners, axisLabel: { interval: 0, rotate: owners.length > 8 ? 30 : 0 } },
        yAxis: { type: 'value', name: 'leads', minInterval: 1 },
        series: stages.map((s) => ({
          name: s, type: 'bar', stack: 'overdue', itemStyle: { color: COLORS[s] },
          data: owners.map((o) => {
            const r = d.overdue_by_owner.find((x) => x.owner === o && x.stage === s);
            return r ? r.leads : 0;
          }),
        })),
      };
    },
  };

  for (const el of document.querySelectorAll('[data-chart]')) {
    const make = CHARTS[el.dataset.chart];
    if (!make) continue;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(Object.assign({}, base, make()));
    window.addEventListener('resize', () => chart.resize());
  }
  document.body.dataset.rendered = 'yes';
}());
