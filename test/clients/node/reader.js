// The README's BI examples through node-postgres, as a reader role with the
// default search_path.  node-postgres sends parameters untyped (the server
// infers lead_stage, lead_stage[], ...), unlike psycopg2, which interpolates
// literals and sends lists as text[].  Prints TAP lines.
'use strict';
const { Client } = require('pg');

async function main() {
  const client = new Client({
    host: process.env.PGHOST, port: process.env.PGPORT,
    database: process.env.LA_CLIENT_DB, user: 'lead_align_bi_client',
  });
  await client.connect();
  let n = 0;
  let failed = 0;
  async function check(desc, sql, params, expected) {
    n += 1;
    let got;
    try {
      const res = await client.query({ text: sql, values: params, rowMode: 'array' });
      got = JSON.stringify(res.rows);
    } catch (e) {
      got = `${e.code} ${e.message}`;
    }
    if (got === expected) {
      console.log(`ok ${n} - ${desc}`);
    } else {
      failed += 1;
      console.log(`not ok ${n} - ${desc}: got ${got}, expected ${expected}`);
    }
  }
  await check('search_path is the default', 'SHOW search_path', [], '[["\\"$user\\", public"]]');
  await check('to_stage = $1', 'SELECT count(*)::int FROM lead_align.handoff WHERE to_stage = $1', ['mql'], '[[2]]');
  await check('to_stage = ANY($1) with a JS array', 'SELECT count(*)::int FROM lead_align.handoff WHERE to_stage = ANY($1)',
    [['sal', 'sql']], '[[1]]');
  await check('temperature >= $1', 'SELECT count(*)::int FROM lead_align.handoff WHERE temperature >= $1', ['warm'], '[[5]]');
  await check('max(to_stage)', 'SELECT max(to_stage)::text FROM lead_align.handoff', [], '[["sal"]]');
  await check('the CRM table: stage = $1', 'SELECT id::int FROM crm.leads WHERE stage = $1 ORDER BY id', ['New'], '[[1],[3]]');
  await check('a typed text parameter: stage = $1::text',
    'SELECT count(*)::int FROM crm.leads WHERE stage = $1::text', ['Sales Accepted Lead'], '[[1]]');
  await check('a word that is no stage is 22P02', 'SELECT count(*) FROM lead_align.handoff WHERE to_stage = $1',
    ['qualified'], '22P02 invalid lead_stage "qualified": unknown stage');
  await client.end();
  console.log(`# node-postgres reader: ${n - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.log(`not ok - node-postgres: ${e.message}`); process.exit(1); });
