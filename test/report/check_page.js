// lead_align_report's page in a real browser: headless Chromium (Debian's
// chromium, driven by playwright-core) opens the page from disk with every
// network request refused, and the numbers it shows, in its tables and in its
// charts, must equal lead_align's views read by this test with its own SQL,
// as the same reader role, with the default search_path.  Every chart must
// have drawn marks (its SVG has filled shapes).  Saves a full-page screenshot.
// Prints TAP lines.
//
// env: LA_PAGE (the page), LA_SHOT (the screenshot to write), LA_DB, LA_READER
// (the role), PGHOST, PGPORT, LA_CHROMIUM (default /usr/bin/chromium),
// LA_TRACK (default crm.leads), LA_MONTHS (the page's --months, default 12).
'use strict';
const { chromium } = require('playwright-core');
const { Client } = require('pg');
const path = require('path');
const fs = require('fs');

const TRACK = process.env.LA_TRACK || 'crm.leads';
const MONTHS = Number(process.env.LA_MONTHS || 12);
// The TAP lines are printed at the end: when a check fails only because an
// SLA fell due between the page's now() and this test's, the test prints no
// verdict and exits 3, and run.sh writes the page again and checks once more.
let n = 0;
let failed = 0;
const tap = [];
function ok(cond, desc, detail) {
  n += 1;
  if (cond) {
    tap.push(`ok ${n} - ${desc}`);
  } else {
    failed += 1;
    tap.push(`not ok ${n} - ${desc}`);
    if (detail) for (const l of String(detail).split('\n').slice(0, 15)) tap.push(`# ${l}`);
  }
}

// A number as the page shows it: '1,234', '70.9%', '3.3 h', '600.00'.
function shown(text) {
  const t = text.replace(/,/g, '').replace(/%$/, '').replace(/ h$/, '').trim();
  return t === '' ? null : Number(t);
}

// Expected values: key -> [value, unit]; units: int (exact), frac (a 0..1
// fraction shown as a percentage with one decimal), pct and hours (shown with
// one decimal), num2 (two decimals), text (exact), bool (on track / behind).
function compare(page, expected, prefix) {
  const bad = [];
  let count = 0;
  for (const [k, [v, unit]] of Object.entries(expected)) {
    if (!k.startsWith(prefix)) continue;
    count += 1;
    if (!(k in page)) { bad.push(`${k}: not on the page (view: ${v})`); continue; }
    const text = page[k];
    let good;
    if (unit === 'text') good = text === v;
    else if (unit === 'bool') good = text === (v ? 'on track' : 'behind');
    else {
      const s = shown(text);
      if (v === null) good = s === null;
      else if (unit === 'int') good = s === Number(v);
      else if (unit === 'frac') good = s !== null && Math.abs(s - Number(v) * 100) <= 0.05 + 1e-9;
      else if (unit === 'num2') good = s !== null && Math.abs(s - Number(v)) <= 0.005 + 1e-9;
      else good = s !== null && Math.abs(s - Number(v)) <= 0.05 + 1e-9;
    }
    if (!good) bad.push(`${k}: page shows ${JSON.stringify(text)}, the view has ${v}`);
  }
  for (const k of Object.keys(page)) {
    if (k.startsWith(prefix) && !(k in expected)) bad.push(`${k}: on the page (${page[k]}) but not in the view`);
  }
  return { count, bad };
}

async function main() {
  const db = new Client({
    host: process.env.PGHOST, port: process.env.PGPORT, database: process.env.LA_DB, user: process.env.LA_READER,
  });
  await db.connect();
  const q = async (sql, params) => (await db.query(sql, params)).rows;

  // --- the page ---
  const browser = await chromium.launch({
    executablePath: process.env.LA_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('file://' + path.resolve(process.env.LA_PAGE));
  let rendered = true;
  try {
    await page.waitForSelector('body[data-rendered="yes"]', { timeout: 30000 });
  } catch (e) {
    rendered = false;
  }
  ok(rendered && errors.length === 0 && requests.length === 0,
    'the page opens from disk: scripts ran without an error and asked for nothing from the network',
    `rendered: ${rendered}\nerrors: ${errors.join('\n')}\nrequests: ${requests.join('\n')}`);

  const asOf = await page.evaluate(() => document.body.dataset.asOf);
  const shownNumbers = await page.evaluate(() => {
    const o = {};
    for (const el of document.querySelectorAll('[data-la]')) o[el.dataset.la] = el.textContent.trim();
    return o;
  });
  // every chart: an SVG with filled shapes of some size
  const charts = await page.evaluate(() => [...document.querySelectorAll('[data-chart]')].map((el) => {
    const svg = el.querySelector('svg');
    let marks = 0;
    if (svg) {
      for (const p of svg.querySelectorAll('path, rect, circle')) {
        const fill = p.getAttribute('fill');
        const b = p.getBBox();
        if (fill && fill !== 'none' && fill !== 'transparent' && b.width * b.height > 4) marks += 1;
      }
    }
    const option = window.echarts.getInstanceByDom(el).getOption();
    return {
      name: el.dataset.chart, svg: !!svg, marks,
      series: option.series.map((s) => ({
        name: s.name, data: s.data.map((v) => (v !== null && typeof v === 'object' ? v.value : v)),
      })),
      categories: (option.xAxis[0].type === 'category' ? option.xAxis[0] : option.yAxis[0]).data,
    };
  }));
  const chartNames = charts.map((c) => c.name).sort().join(' ');
  ok(chartNames === 'funnel overdue quality rules sla volume' && charts.every((c) => c.svg && c.marks >= 3),
    `every chart rendered: ${charts.map((c) => `${c.name} (${c.marks} marks)`).join(', ')}`,
    JSON.stringify(charts.map((c) => [c.name, c.svg, c.marks])));
  const chart = Object.fromEntries(charts.map((c) => [c.name, c]));
  const series = (c, name) => (chart[c] ? (chart[c].series.find((s) => s.name === name) || { data: [] }).data : []);

  // --- the views, read by this test ---
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const sp = await q('SHOW search_path');
  ok(sp[0].search_path === '"$user", public', `the test reads the views with the default search_path (${sp[0].search_path})`);
  const E = {};
  const put = (k, v, unit) => { E[k] = [v, unit]; };

  // funnel: the last MONTHS cohort months
  const funnel = (await q(`SELECT to_char(cohort_month, 'YYYY-MM-DD') AS m, * FROM lead_align.funnel
                            WHERE track = $1 ORDER BY cohort_month`, [TRACK])).slice(-MONTHS);
  const since = funnel[0].m;
  const F = ['leads', 'reached_mql', 'reached_sal', 'reached_sql', 'reached_opportunity', 'reached_won', 'recycled', 'still_open'];
  const R = ['mql_rate', 'sal_rate', 'sql_rate', 'opportunity_rate', 'won_rate'];
  for (const r of funnel) {
    for (const k of F) put(`funnel/${r.m}/${k}`, r[k], 'int');
    for (const k of R) put(`funnel/${r.m}/${k}`, r[k], 'frac');
  }
  const sum = (k) => funnel.reduce((a, r) => a + Number(r[k]), 0);
  put('kpi/leads', sum('leads'), 'int');
  put('kpi/mqls', sum('reached_mql'), 'int');
  put('kpi/won', sum('reached_won'), 'int');
  let c = compare(shownNumbers, E, 'funnel/');
  ok(c.bad.length === 0 && c.count > 0, `funnel table: ${c.count} numbers equal lead_align.funnel`, c.bad.join('\n'));
  const stageSeries = [['MQL', 'reached_mql'], ['SAL', 'reached_sal'], ['SQL', 'reached_sql'],
    ['opportunity', 'reached_opportunity'], ['won', 'reached_won'], ['leads', 'leads']];
  const fbad = stageSeries.filter(([s, k]) => JSON.stringify(series('funnel', s)) !== JSON.stringify(funnel.map((r) => Number(r[k]))));
  ok(fbad.length === 0, 'funnel chart: its bars and line are lead_align.funnel\'s counts', JSON.stringify(fbad));

  // SLA compliance: the table is the month before the latest month with stays
  const months = (await q(`SELECT DISTINCT to_char(month, 'YYYY-MM-DD') AS m FROM lead_align.sla_compliance
                            WHERE track = $1 AND month >= $2 ORDER BY 1`, [TRACK, since])).map((r) => r.m);
  const slaMonth = months.length > 1 ? months[months.length - 2] : months[0];
  for (const r of await q(`SELECT stage_text, temperature_text, sla_kind, handled, met, breached, overdue, pct_met,
                                  p50_hours, p90_hours
                             FROM lead_align.sla_compliance WHERE track = $1 AND month = $2`, [TRACK, slaMonth])) {
    const k = `sla/${r.stage_text}/${r.temperature_text}/${r.sla_kind}`;
    for (const x of ['handled', 'met', 'breached', 'overdue']) put(`${k}/${x}`, r[x], 'int');
    put(`${k}/pct_met`, r.pct_met, 'pct');
    put(`${k}/p50_hours`, r.p50_hours, 'hours');
    put(`${k}/p90_hours`, r.p90_hours, 'hours');
    if (r.stage_text === 'mql' && r.temperature_text === 'hot' && r.sla_kind === 'touch') put('kpi/hot_touch_pct_met', r.pct_met, 'pct');
  }
  c = compare(shownNumbers, E, 'sla/');
  ok(c.bad.length === 0 && c.count > 0, `SLA table (${slaMonth}): ${c.count} numbers equal lead_align.sla_compliance`, c.bad.join('\n'));
  const trend = await q(`SELECT to_char(month, 'YYYY-MM-DD') AS m, stage_text || ' ' || sla_kind AS s,
                                100.0 * sum(met) / nullif(sum(met + breached + overdue), 0) AS pct
                           FROM lead_align.sla_compliance WHERE track = $1 AND month >= $2 GROUP BY 1, 2`, [TRACK, since]);
  const sbad = [];
  for (const s of chart.sla ? chart.sla.series : []) {
    months.forEach((m, i) => {
      const r = trend.find((t) => t.m === m && t.s === s.name);
      const want = r && r.pct !== null ? Number(r.pct) : null;
      const got = s.data[i];
      if (want === null ? got !== null : Math.abs(got - want) > 0.005 + 1e-9) sbad.push(`${s.name} ${m}: chart ${got}, view ${want}`);
    });
  }
  const seriesNames = [...new Set(trend.map((t) => t.s))].sort().join();
  ok(sbad.length === 0 && chart.sla && chart.sla.series.map((s) => s.name).sort().join() === seriesNames,
    `SLA chart: % met per month of each stage and kind (${seriesNames}) equals lead_align.sla_compliance`, sbad.join('\n'));

  // lead quality by source, over the months shown
  const quality = await q(`SELECT value, sum(leads) AS leads, sum(mqls) AS mqls, sum(accepted) AS accepted,
                                  sum(rejected) AS rejected, sum(won) AS won,
                                  sum(accepted)::numeric / nullif(sum(accepted + rejected), 0) AS acc,
                                  sum(won)::numeric / nullif(sum(mqls), 0) AS win
                             FROM lead_align.lead_quality WHERE track = $1 AND dimension = 'source' AND month >= $2
                            GROUP BY value ORDER BY sum(mqls) DESC, value`, [TRACK, since]);
  const reasons = await q(`SELECT dimensions ->> 'source' AS value, reject_reason AS reason, count(*)::int AS n
                             FROM lead_align.lead_cycles
                            WHERE track = $1 AND cohort_month >= $2 AND rejected AND reject_reason IS NOT NULL
                            GROUP BY 1, 2 ORDER BY 1, 3 DESC, reject_reason COLLATE "C"`, [TRACK, since]);
  for (const r of quality) {
    const k = `quality/${r.value}`;
    for (const x of ['leads', 'mqls', 'accepted', 'rejected', 'won']) put(`${k}/${x}`, r[x], 'int');
    put(`${k}/acceptance_rate`, r.acc, 'frac');
    put(`${k}/win_rate`, r.win, 'frac');
    put(`${k}/top_reject_reasons`, reasons.filter((x) => x.value === r.value).slice(0, 3)
      .map((x) => `${x.reason} (${x.n.toLocaleString('en')})`).join(', '), 'text');
  }
  c = compare(shownNumbers, E, 'quality/');
  ok(c.bad.length === 0 && c.count > 0, `lead quality table: ${c.count} numbers equal lead_align.lead_quality and lead_cycles`, c.bad.join('\n'));
  const round1 = (x) => (x === null ? null : Math.round(Number(x) * 1000) / 10);
  ok(JSON.stringify(chart.quality.categories) === JSON.stringify(quality.map((r) => r.value))
     && JSON.stringify(series('quality', 'acceptance rate')) === JSON.stringify(quality.map((r) => round1(r.acc)))
     && JSON.stringify(series('quality', 'win rate')) === JSON.stringify(quality.map((r) => round1(r.win))),
  'lead quality chart: acceptance and win rate per source equal lead_align.lead_quality',
  JSON.stringify(chart.quality.series));
  const paidSocial = quality.find((r) => r.value === 'paid_social');
  const others = quality.filter((r) => r.value !== 'paid_social');
  ok(paidSocial && others.every((r) => Number(r.acc) > Number(paidSocial.acc) && Number(r.win) >= Number(paidSocial.win)),
    'the demo\'s worst source is visibly worse: paid_social has the lowest acceptance rate, and no source wins less');

  // rule performance
  const rules = await q(`SELECT temperature_text AS t, rule, GROUPING(rule) = 1 AS total, sum(handed_off) AS handed_off,
                                sum(accepted) AS accepted, sum(rejected) AS rejected, sum(won) AS won,
                                sum(accepted)::numeric / nullif(sum(accepted + rejected), 0) AS acc,
                                sum(won)::numeric / nullif(sum(handed_off), 0) AS win
                           FROM lead_align.rule_performance WHERE track = $1 AND cohort_month >= $2
                          GROUP BY GROUPING SETS ((temperature, temperature_text, rule), (temperature, temperature_text))
                         HAVING sum(handed_off) > 0`, [TRACK, since]);
  const totals = {};
  for (const r of rules) {
    const all = r.total;
    const k = `rules/${r.t}/${all ? 'all' : (r.rule === null ? '' : r.rule)}`;
    if (all) totals[r.t] = Number(r.win);
    for (const x of ['handed_off', 'accepted', 'rejected', 'won']) put(`${k}/${x}`, r[x], 'int');
    put(`${k}/acceptance_rate`, r.acc, 'frac');
    put(`${k}/win_rate`, r.win, 'frac');
  }
  c = compare(shownNumbers, E, 'rules/');
  ok(c.bad.length === 0 && c.count > 0, `rule performance table: ${c.count} numbers equal lead_align.rule_performance`, c.bad.join('\n'));
  const rbad = [];
  chart.rules.categories.forEach((cat, i) => {
    const [t, rule] = cat.endsWith(' (all)') ? [cat.slice(0, -6), null] : cat.split(': ');
    const r = rules.find((x) => x.t === t && (rule === null ? x.total
      : !x.total && (rule === '(none)' ? x.rule === null : x.rule === rule)));
    if (!r || series('rules', 'win rate')[i] !== round1(r.win)) rbad.push(`${cat}: chart ${series('rules', 'win rate')[i]}, view ${r && r.win}`);
  });
  ok(rbad.length === 0 && chart.rules.categories.length === rules.length,
    'rule performance chart: win rate per temperature and rule equals lead_align.rule_performance', rbad.join('\n'));
  ok(totals.hot > totals.warm, `the demo's rules are right: hot closes more than warm (${(totals.hot * 100).toFixed(1)}% > ${(totals.warm * 100).toFixed(1)}% of hand-overs won)`);

  // volume SLAs, as of the page's instant (the view is volume_sla_status_at(now()))
  const volume = await q(`SELECT team, stage_text, period, to_char(period_start, 'YYYY-MM-DD') AS ps, target, delivered,
                                 pct_delivered, expected_by_now, on_track
                            FROM lead_align.volume_sla_status_at($2) WHERE track = $1
                           ORDER BY team DESC, stage, period, period_start`, [TRACK, asOf]);
  for (const v of volume) {
    const k = `volume/${v.team}/${v.stage_text}/${v.period}/${v.ps}`;
    put(`${k}/target`, v.target, 'int');
    put(`${k}/delivered`, v.delivered, 'int');
    put(`${k}/pct_delivered`, v.pct_delivered, 'pct');
    put(`${k}/expected_by_now`, v.expected_by_now, 'num2');
    put(`${k}/on_track`, v.on_track, 'bool');
  }
  c = compare(shownNumbers, E, 'volume/');
  ok(c.bad.length === 0 && c.count > 0, `volume table: ${c.count} numbers equal lead_align.volume_sla_status at the page's time`, c.bad.join('\n'));
  const latest = new Map();
  for (const v of volume) latest.set(`${v.team} ${v.stage_text} ${v.period}`, v);
  const lv = [...latest.values()];
  ok(JSON.stringify(series('volume', 'delivered')) === JSON.stringify(lv.map((v) => Number(v.delivered)))
     && JSON.stringify(series('volume', 'expected by now')) === JSON.stringify(lv.map((v) => Number(v.expected_by_now)))
     && JSON.stringify(series('volume', 'target')) === JSON.stringify(lv.map((v) => v.target)),
  'volume chart: delivered, expected by now and target of each commitment\'s current period', JSON.stringify(chart.volume.series));

  // overdue now: lead_state at this test's now(); a lead whose due time fell
  // between the page's time and now may differ (the page is right for its time)
  const od = await q(`SELECT lead_key, stage_text, CASE WHEN stage IN ('new', 'nurture') THEN 'marketing'
                                                        ELSE coalesce(owner, '(no owner)') END AS who,
                             overdue, touch_overdue, due_at, touch_due_at, now() AS now
                        FROM lead_align.lead_state WHERE track = $1 AND (overdue OR touch_overdue)`, [TRACK]);
  const changed = new Set(od.filter((r) => (r.overdue && r.due_at > new Date(asOf))
                                           || (r.touch_overdue && r.touch_due_at > new Date(asOf))).map((r) => r.lead_key));
  const stable = od.filter((r) => !changed.has(r.lead_key));
  put('overdue/count', stable.length, 'int');
  put('overdue/exit', stable.filter((r) => r.overdue).length, 'int');
  put('overdue/touch', stable.filter((r) => r.touch_overdue).length, 'int');
  put('kpi/overdue', stable.length, 'int');
  const listed = Object.keys(shownNumbers).filter((k) => /^overdue\/[^/]+$/.test(k) && !['overdue/count', 'overdue/exit', 'overdue/touch'].includes(k));
  const notOverdue = listed.filter((k) => !od.some((r) => `overdue/${r.lead_key}` === k));
  c = compare(shownNumbers, E, 'overdue/count');
  const c2 = compare(shownNumbers, E, 'overdue/exit');
  const c3 = compare(shownNumbers, E, 'overdue/touch');
  ok(c.bad.length + c2.bad.length + c3.bad.length === 0 && listed.length > 0 && notOverdue.length === 0,
    `overdue: the counts (${stable.length} leads) and the ${listed.length} leads listed are lead_align.lead_state's overdue leads`
    + (changed.size ? ` (${changed.size} fell due after the page was written)` : ''),
    c.bad.concat(c2.bad, c3.bad, notOverdue.map((k) => `${k} is not overdue`)).join('\n'));
  const obad = [];
  if (changed.size === 0) {
    for (const s of chart.overdue.series) {
      chart.overdue.categories.forEach((who, i) => {
        const want = od.filter((r) => r.who === who && r.stage_text === s.name).length;
        if (s.data[i] !== want) obad.push(`${who} ${s.name}: chart ${s.data[i]}, view ${want}`);
      });
    }
  }
  ok(obad.length === 0, 'overdue chart: overdue leads per owner and stage equal lead_align.lead_state', obad.join('\n'));

  // did any SLA fall due between the page's time and this test's?
  const [{ moved }] = await q(`SELECT count(*)::int AS moved FROM lead_align.stage_spans
                                WHERE track = $1 AND left_at IS NULL
                                  AND (due_at > $2 AND due_at <= now()
                                       OR touched_at IS NULL AND touch_due_at > $2 AND touch_due_at <= now())`, [TRACK, asOf]);
  c = compare(shownNumbers, E, 'kpi/');
  ok(c.bad.length === 0 && c.count === 5, `headline figures: ${c.count} numbers equal the views`, c.bad.join('\n'));
  const unchecked = Object.keys(shownNumbers).filter((k) => !(k in E) && !listed.includes(k));
  ok(unchecked.length === 0, `every number the page marks (${Object.keys(shownNumbers).length}) was checked`, unchecked.join('\n'));
  await db.query('ROLLBACK');

  // the screenshot
  const shot = process.env.LA_SHOT;
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  const size = fs.statSync(shot).size;
  ok(size > 50000, `screenshot saved: ${shot} (${Math.round(size / 1024)} KiB)`);

  await browser.close();
  await db.end();
  if (failed && moved && process.env.LA_RETRY !== '0') {
    console.log(`# ${failed} checks differ, and ${moved} SLAs fell due since the page was written: write it again`);
    process.exit(3);
  }
  for (const l of tap) console.log(l);
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  for (const l of tap) console.log(l);
  console.log(`not ok ${n + 1} - ${e.stack.split('\n').join('\n# ')}`);
  process.exit(1);
});
