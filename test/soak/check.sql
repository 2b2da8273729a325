-- test/soak/check.sql -- compare the independent audit with the ledger after
-- the soak.  One line per figure: name|value.
--
-- An audit row and its ledger row are inserted by the same (sub)transaction,
-- so they carry the same xmin; a change is identified by (lead, old stage,
-- new stage, xmin) and, should one (sub)transaction make the same move of a
-- lead twice, its occurrence number.
--   lost      audit rows (committed changes) with no ledger row
--   dup       ledger rows matching a committed change that already has its row
--   phantom   ledger rows matching no committed change at all
--   order     leads whose ledger rows, in id order, differ from their audit
--             rows in sequence order
--   state     leads whose lead_state stage differs from the table (or that
--             are in only one of them)
--   current   leads whose lead_align.lead_current row, as the triggers left
--             it, differs from lead_align.rebuild_current()'s (or that are in
--             only one of them)
--   cycles    ended lead-cycles (lead_align.lead_cycle rows) the triggers
--             wrote that differ from the rebuild's, both ways
SET client_min_messages = warning;
CREATE TEMP VIEW a AS
	SELECT lead::text AS lead, coalesce(old_stage, '-') AS o, coalesce(new_stage, '-') AS n,
		   xmin::text::bigint AS x, seq AS pos,
		   row_number() OVER (PARTITION BY lead, old_stage, new_stage, xmin::text::bigint ORDER BY seq) AS occ
	  FROM soak.audit;
CREATE TEMP VIEW l AS
	SELECT h.lead_key AS lead, coalesce(h.from_stage::text, '-') AS o, coalesce(h.to_stage::text, '-') AS n,
		   h.xmin::text::bigint AS x, h.id AS pos, h.kind,
		   row_number() OVER (PARTITION BY h.lead_key, h.from_stage::text, h.to_stage::text, h.xmin::text::bigint ORDER BY h.id) AS occ
	  FROM lead_align.handoff h
	 WHERE h.track_id = (SELECT t.id FROM lead_align.track t WHERE t.relid = 'soak.leads'::regclass)
	   -- rows that record something in the stage the lead is in (none with this
	   -- track's columns and rules) are no stage change the audit could see
	   AND h.kind <> ALL (ARRAY['touch', 'reassign', 'temperature']);

SELECT 'audit_rows|' || count(*) FROM a;
SELECT 'ledger_rows|' || count(*) FROM l;
SELECT 'leads_touched|' || count(DISTINCT lead) FROM a;
SELECT 'lost|' || count(*) FROM a WHERE NOT EXISTS
	(SELECT FROM l WHERE (l.lead, l.o, l.n, l.x, l.occ) = (a.lead, a.o, a.n, a.x, a.occ));
SELECT 'dup|' || count(*) FROM l WHERE
	EXISTS (SELECT FROM a WHERE (a.lead, a.o, a.n, a.x) = (l.lead, l.o, l.n, l.x))
	AND NOT EXISTS (SELECT FROM a WHERE (a.lead, a.o, a.n, a.x, a.occ) = (l.lead, l.o, l.n, l.x, l.occ));
SELECT 'phantom|' || count(*) FROM l WHERE
	NOT EXISTS (SELECT FROM a WHERE (a.lead, a.o, a.n, a.x) = (l.lead, l.o, l.n, l.x));
SELECT 'order|' || count(*) FROM (
	SELECT lead, array_agg(ARRAY[o, n, x::text] ORDER BY pos) AS seq FROM a GROUP BY lead) sa
	FULL JOIN (
	SELECT lead, array_agg(ARRAY[o, n, x::text] ORDER BY pos) AS seq FROM l GROUP BY lead) sl USING (lead)
 WHERE sa.seq IS DISTINCT FROM sl.seq;
SELECT 'state|' || count(*) FROM (
	SELECT id::text AS lead, stage::text AS stage FROM soak.leads) t
	FULL JOIN (
	SELECT s.lead_key AS lead, s.stage::text AS stage FROM lead_align.lead_state s
	 WHERE s.track_id = (SELECT t.id FROM lead_align.track t WHERE t.relid = 'soak.leads'::regclass)) s USING (lead)
 WHERE t.stage IS DISTINCT FROM s.stage;
-- lead_current as the triggers left it, set aside, against a rebuild from
-- the ledger
CREATE TEMP TABLE cur_written AS
	SELECT c.* FROM lead_align.lead_current c
	 WHERE c.track_id = (SELECT t.id FROM lead_align.track t WHERE t.relid = 'soak.leads'::regclass);
CREATE TEMP TABLE cyc_written AS
	SELECT y.* FROM lead_align.lead_cycle y
	 WHERE y.track_id = (SELECT t.id FROM lead_align.track t WHERE t.relid = 'soak.leads'::regclass);
SELECT 'current_rows|' || lead_align.rebuild_current('soak.leads');
CREATE TEMP TABLE cur_rebuilt AS
	SELECT c.* FROM lead_align.lead_current c
	 WHERE c.track_id = (SELECT t.id FROM lead_align.track t WHERE t.relid = 'soak.leads'::regclass);
SELECT 'current|' || count(DISTINCT lead_key) FROM (
	(SELECT * FROM cur_written EXCEPT SELECT * FROM cur_rebuilt)
	UNION ALL
	(SELECT * FROM cur_rebuilt EXCEPT SELECT * FROM cur_written)) d;
-- the ended lead-cycles, likewise
CREATE TEMP TABLE cyc_rebuilt AS
	SELECT y.* FROM lead_align.lead_cycle y
	 WHERE y.track_id = (SELECT t.id FROM lead_align.track t WHERE t.relid = 'soak.leads'::regclass);
SELECT 'cycle_rows|' || count(*) FROM cyc_rebuilt;
SELECT 'cycles|' || count(*) FROM (
	(SELECT * FROM cyc_written EXCEPT ALL SELECT * FROM cyc_rebuilt)
	UNION ALL
	(SELECT * FROM cyc_rebuilt EXCEPT ALL SELECT * FROM cyc_written)) d;
-- the mix: ledger rows per kind, refusals per kind and SQLSTATE
SELECT 'kind_' || kind || '|' || count(*) FROM l GROUP BY kind ORDER BY kind;
SELECT 'refused_' || replace(what, ' ', '_') || '_' || sqlstate || '|' || count(*) FROM soak.refusal
 GROUP BY what, sqlstate ORDER BY what, sqlstate;
SELECT 'leads_now|' || count(*) FROM soak.leads;
