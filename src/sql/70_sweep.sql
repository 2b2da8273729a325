-------------------------------------------------------------------------------
-- SLA alerts (DESIGN 5.3): lead_align.sweep() records each SLA that fell
-- overdue once in lead_align.sla_alert and sends NOTIFY lead_align_sla.
--
-- What is overdue is read from lead_align.lead_current.  A stay is
-- identified by the ledger row that began it (entered_id), so an SLA is
-- alerted once per stay and kind, however often the sweep runs; a stay whose
-- beginning is not known (entered_id NULL) is not alerted.  Only SLAs due
-- after the track's alerts_since are alerted (set when the track is created
-- and when it leaves backfill, so loading history floods nothing), on active
-- tracks that are not in backfill mode.
--
-- Its cost grows with what happened since the last sweep, not with the
-- ledger nor with the stays that are overdue and were alerted before.  A
-- sweep looks at:
--   1. the stays whose due time fell in [the track's last sweep, now), read
--      through the due-time indexes (lead_current_due, lead_current_touch_due);
--   2. the current stays of the leads with ledger rows written since the
--      last sweeps (a range of the ledger's primary key): a stay written
--      already overdue (an event time in the past) or by a transaction that
--      committed after the last sweep had looked.
-- Part 2 is exact because ledger ids are drawn from a sequence (CACHE 1) by
-- the writing transaction after it has its transaction id.  Each sweep
-- notes, in lead_align.sweep_mark, the sequence's last value, then takes its
-- own transaction id (so every id assigned later is larger) and notes it,
-- and the xmin of its snapshot.  A row the last sweep could not see was
-- written by a transaction whose id is >= that sweep's snapshot xmin, so
-- later than the id of the newest sweep whose id is below that xmin: every
-- ledger id that transaction drew is above the last value that sweep noted.
-- When no such mark exists (the first sweeps, a transaction open since the
-- marks began), when the sequence caches values, or when more than 100,000
-- ledger rows were written since the mark (looking at every overdue stay is
-- then cheaper), part 1 starts at alerts_since instead: every overdue stay
-- is looked at.  A sweep called in a transaction that already has an id
-- leaves no mark.
-- A track with no last sweep (new, or rebuild_current() rewrote its stays)
-- starts at alerts_since too.
-------------------------------------------------------------------------------

-- One row per alerted SLA of a stay.  Nobody but sweep() writes it.
CREATE TABLE lead_align.sla_alert (
	track_id	integer NOT NULL,
	lead_key	text NOT NULL,
	entered_id	bigint NOT NULL,	-- the ledger row that began the stay
	stage		lead_align.lead_stage NOT NULL,
	sla_kind	text NOT NULL CHECK (sla_kind OPERATOR(pg_catalog.=) ANY (lead_align.vocabulary('sla_kind'))),
	due_at		timestamptz NOT NULL,
	owner		text,				-- the lead's owner when alerted
	alerted_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	UNIQUE (track_id, lead_key, entered_id, sla_kind)
);
COMMENT ON TABLE lead_align.sla_alert IS 'SLAs that fell overdue, one row per stay and SLA kind (exit, touch); written by lead_align.sweep() only';
SELECT pg_catalog.pg_extension_config_dump('lead_align.sla_alert', '');
REVOKE ALL ON lead_align.sla_alert FROM PUBLIC;
GRANT SELECT ON lead_align.sla_alert TO lead_align_reader, lead_align_admin;

-- What each sweep saw: the ledger id sequence's last value, the sweep's own
-- transaction id, taken after it, and the xmin of its snapshot (see above).
-- Run-time state written and trimmed by sweep() only; not dumped (after a
-- restore the first sweeps look at every overdue stay).
CREATE TABLE lead_align.sweep_mark (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	swept_at	timestamptz NOT NULL,
	last_id		bigint NOT NULL,	-- the ledger sequence's last value, read first
	sweep_xid	pg_catalog.xid8 NOT NULL,	-- the sweep's transaction id, taken next
	snap_xmin	pg_catalog.xid8 NOT NULL	-- the xmin of its snapshot, taken last
);
COMMENT ON TABLE lead_align.sweep_mark IS 'internal: what each lead_align.sweep() saw (the ledger''s last id, its snapshot), so the next one looks only at what is new';
REVOKE ALL ON lead_align.sweep_mark FROM PUBLIC;

-- The implementation of sweep().  SECURITY DEFINER: it writes sla_alert and
-- sweep_state, which nobody else may write; the caller must be a superuser
-- or a member of lead_align_admin.  TimeZone is UTC while it runs, so the
-- payload's due_at reads the same whatever the caller's zone.
--
-- One sweep at a time: the lock on sla_alert (which conflicts with itself
-- and with every writer, never with readers) makes a second sweep wait until
-- the first commits; its statements then see what the first recorded.  Each
-- alert is inserted with ON CONFLICT DO NOTHING and notified only from the
-- RETURNING rows, that is by the session whose INSERT inserted it (under
-- REPEATABLE READ, whose snapshot predates the lock, a conflict with a sweep
-- that committed meanwhile is a serialization failure, not a second alert).
-- Notifications are sent at commit, none if the sweep rolls back, in the
-- order track, due time, lead, kind.
CREATE FUNCTION lead_align._sweep() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET TimeZone = 'UTC'
AS $$
DECLARE
	a record;
	v_payload text;
	n integer := 0;
	v_seq regclass := pg_catalog.pg_get_serial_sequence('lead_align.handoff', 'id')::pg_catalog.regclass;
	v_had_xid boolean := pg_catalog.pg_current_xact_id_if_assigned() IS NOT NULL;
	v_prev_xmin pg_catalog.xid8;
	v_mark bigint;
	v_from bigint;
	v_last bigint;
	v_xid pg_catalog.xid8;
	v_snap pg_catalog.pg_snapshot;
BEGIN
	IF NOT lead_align._caller_is_admin() THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = 'permission denied to sweep SLA alerts',
			HINT = 'Only superusers and members of lead_align_admin may run lead_align.sweep(); schedule it with pg_cron as one of them.';
	END IF;
	LOCK TABLE lead_align.sla_alert IN SHARE ROW EXCLUSIVE MODE;

	-- the ledger rows the last sweep may not have seen: above the last id
	-- noted by the newest sweep whose transaction id is below the last
	-- sweep's snapshot xmin
	SELECT m.snap_xmin INTO v_prev_xmin FROM lead_align.sweep_mark m ORDER BY m.id DESC LIMIT 1;
	SELECT m.id, m.last_id INTO v_mark, v_from FROM lead_align.sweep_mark m
	 WHERE m.sweep_xid OPERATOR(pg_catalog.<) v_prev_xmin ORDER BY m.id DESC LIMIT 1;
	-- this sweep's mark, in this order: the sequence's last value, this
	-- transaction's id, a snapshot no newer than the one the sweep reads with
	v_last := COALESCE(pg_catalog.pg_sequence_last_value(v_seq), 0);
	v_xid := pg_catalog.pg_current_xact_id();
	v_snap := pg_catalog.pg_current_snapshot();
	IF (SELECT q.seqcache FROM pg_catalog.pg_sequence q WHERE q.seqrelid OPERATOR(pg_catalog.=) v_seq) OPERATOR(pg_catalog.>) 1
	   OR v_last OPERATOR(pg_catalog.-) v_from OPERATOR(pg_catalog.>) 100000 THEN
		v_from := NULL;
	END IF;

	FOR a IN
		WITH k AS MATERIALIZED (
			-- the tracks swept, and where each one's due times start: its
			-- last sweep, or alerts_since (a fence, so that the bound is an
			-- index condition of the due-time scans below)
			SELECT k.id, k.alerts_since,
				   CASE WHEN v_from IS NULL THEN k.alerts_since ELSE COALESCE(w.last_sweep, k.alerts_since) END AS since
			  FROM lead_align.track k
			  LEFT JOIN lead_align.sweep_state w ON w.track_id OPERATOR(pg_catalog.=) k.id
			 WHERE k.active AND k.mode OPERATOR(pg_catalog.<>) 'backfill'
		), due AS (
			-- exit SLAs that fell due since then: the stay is still open
			SELECT c.track_id, c.lead_key, c.entered_id, c.stage, 'exit'::pg_catalog.text AS sla_kind, c.due_at, c.owner
			  FROM k JOIN lead_align.lead_current c ON c.track_id OPERATOR(pg_catalog.=) k.id
			 WHERE NOT c.deleted
			   AND c.due_at OPERATOR(pg_catalog.>) k.alerts_since
			   AND c.due_at OPERATOR(pg_catalog.>=) k.since
			   AND c.due_at OPERATOR(pg_catalog.<) pg_catalog.now()
			UNION
			-- touch SLAs likewise: the stay is still open and untouched
			SELECT c.track_id, c.lead_key, c.entered_id, c.stage, 'touch'::pg_catalog.text, c.touch_due_at, c.owner
			  FROM k JOIN lead_align.lead_current c ON c.track_id OPERATOR(pg_catalog.=) k.id
			 WHERE NOT c.deleted AND c.touched_at IS NULL
			   AND c.touch_due_at OPERATOR(pg_catalog.>) k.alerts_since
			   AND c.touch_due_at OPERATOR(pg_catalog.>=) k.since
			   AND c.touch_due_at OPERATOR(pg_catalog.<) pg_catalog.now()
			UNION
			-- both kinds, of the leads with ledger rows the last sweep may not
			-- have seen
			SELECT c.track_id, c.lead_key, c.entered_id, c.stage, s.sla_kind, s.due_at, c.owner
			  FROM (SELECT DISTINCT h.track_id, h.lead_key FROM lead_align.handoff h
					 WHERE v_from IS NOT NULL AND h.id OPERATOR(pg_catalog.>) v_from) l
			  JOIN k ON k.id OPERATOR(pg_catalog.=) l.track_id
			  JOIN lead_align.lead_current c ON c.track_id OPERATOR(pg_catalog.=) l.track_id AND c.lead_key OPERATOR(pg_catalog.=) l.lead_key
			 CROSS JOIN LATERAL (VALUES ('exit'::pg_catalog.text, c.due_at),
				('touch'::pg_catalog.text, CASE WHEN c.touched_at IS NULL THEN c.touch_due_at END)) s (sla_kind, due_at)
			 WHERE NOT c.deleted
			   AND s.due_at OPERATOR(pg_catalog.>) k.alerts_since
			   AND s.due_at OPERATOR(pg_catalog.<) pg_catalog.now()
		), ins AS (
			INSERT INTO lead_align.sla_alert AS s (track_id, lead_key, entered_id, stage, sla_kind, due_at, owner, alerted_at)
			SELECT d.track_id, d.lead_key, d.entered_id, d.stage, d.sla_kind, d.due_at, d.owner, pg_catalog.now()
			  FROM due d
			 WHERE d.entered_id IS NOT NULL
			   AND NOT EXISTS (SELECT FROM lead_align.sla_alert x
								WHERE x.track_id OPERATOR(pg_catalog.=) d.track_id
								  AND x.lead_key OPERATOR(pg_catalog.=) d.lead_key
								  AND x.entered_id OPERATOR(pg_catalog.=) d.entered_id
								  AND x.sla_kind OPERATOR(pg_catalog.=) d.sla_kind)
			ON CONFLICT (track_id, lead_key, entered_id, sla_kind) DO NOTHING
			RETURNING s.track_id, s.lead_key, s.stage, s.sla_kind, s.due_at, s.owner
		)
		SELECT i.track_id, k.table_name, i.lead_key, i.stage, i.sla_kind, i.due_at, i.owner
		  FROM ins i JOIN lead_align.track k ON k.id OPERATOR(pg_catalog.=) i.track_id
		 ORDER BY i.track_id, i.due_at, i.lead_key, i.sla_kind
	LOOP
		v_payload := pg_catalog.json_build_object('track', a.table_name, 'track_id', a.track_id,
			'lead_key', a.lead_key, 'stage', a.stage::pg_catalog.text, 'sla_kind', a.sla_kind,
			'due_at', a.due_at, 'owner', a.owner)::pg_catalog.text;
		-- a NOTIFY payload must stay under 8000 bytes: a long key or owner is
		-- cut (the full values are in sla_alert) rather than fail every sweep
		IF pg_catalog.octet_length(v_payload) OPERATOR(pg_catalog.>=) 8000 THEN
			v_payload := pg_catalog.json_build_object('track', a.table_name, 'track_id', a.track_id,
				'lead_key', pg_catalog.left(a.lead_key, 200), 'stage', a.stage::pg_catalog.text, 'sla_kind', a.sla_kind,
				'due_at', a.due_at, 'owner', pg_catalog.left(a.owner, 200), 'truncated', true)::pg_catalog.text;
		END IF;
		PERFORM pg_catalog.pg_notify('lead_align_sla', v_payload);
		n := n OPERATOR(pg_catalog.+) 1;
	END LOOP;

	-- status() reports when each track was last swept; the next sweep starts
	-- its due times there
	INSERT INTO lead_align.sweep_state AS w (track_id, last_sweep)
	SELECT k.id, pg_catalog.now() FROM lead_align.track k
	 WHERE k.active AND k.mode OPERATOR(pg_catalog.<>) 'backfill'
	ON CONFLICT (track_id) DO UPDATE SET last_sweep = excluded.last_sweep;
	IF NOT v_had_xid THEN
		INSERT INTO lead_align.sweep_mark (swept_at, last_id, sweep_xid, snap_xmin)
		VALUES (pg_catalog.now(), v_last, v_xid, pg_catalog.pg_snapshot_xmin(v_snap));
	END IF;
	-- marks older than the one used are never needed again: the next
	-- sweep's bound, this sweep's snapshot xmin, is no older
	DELETE FROM lead_align.sweep_mark m WHERE m.id OPERATOR(pg_catalog.<) v_mark;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION lead_align._sweep() FROM PUBLIC;
COMMENT ON FUNCTION lead_align._sweep() IS 'internal: the implementation of lead_align.sweep(), run by it as the extension''s owner';
CREATE FUNCTION lead_align.sweep()
RETURNS integer
AS 'MODULE_PATHNAME', 'la_configure' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION lead_align.sweep() IS 'record each SLA that fell overdue since the last sweep in lead_align.sla_alert and NOTIFY lead_align_sla with a JSON payload; returns the alerts recorded (admin only; meant for pg_cron)';
