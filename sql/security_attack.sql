-- The security suite (DESIGN 6, issue 7): an unprivileged role attacks every
-- entry point of lead_align with hostile objects in public, in its own
-- schema ("$user") and in pg_temp -- functions and operators named like
-- built-ins, and domains named like built-in types -- and none of them may
-- ever run.  Every hostile object records, when it runs, who ran it and as
-- whom in public.pwned, and tries to make the attacker a superuser when it
-- runs as one.  The end of the file shows public.pwned (no rows) and that the
-- attacker is not a superuser.
--
-- Roles: la_sa_att (the attacker), la_sa_vic (the owner of a tracked table
-- the attacker may only write to), la_sa_sales (bound to the sales team).
-- Casts are superuser-only, so the attacker cannot create any.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse
\set SHOW_CONTEXT never
-- the superuser's own statements never resolve a name in pg_temp first (the
-- attacker's temporary objects live in this session too)
SET search_path = pg_catalog, public, pg_temp;

-- roles are cluster-wide: a run that stopped half-way leaves them behind
SET client_min_messages = warning;
DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['la_sa_att', 'la_sa_vic', 'la_sa_sales', 'la_sa_mkt', 'la_sa_att2'] LOOP
		IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r) THEN
			EXECUTE pg_catalog.format('DROP OWNED BY %I CASCADE', r);
			EXECUTE pg_catalog.format('DROP ROLE %I', r);
		END IF;
	END LOOP;
END $$;
CREATE ROLE la_sa_att;
CREATE ROLE la_sa_vic;
CREATE ROLE la_sa_sales;
CREATE ROLE la_sa_mkt;
GRANT CREATE ON SCHEMA public TO la_sa_att;
CREATE SCHEMA la_sa_att AUTHORIZATION la_sa_att;		-- the attacker's "$user" schema
CREATE SCHEMA sa_vic AUTHORIZATION la_sa_vic;
GRANT USAGE ON SCHEMA sa_vic TO la_sa_att;
-- the marker table: every hostile object writes here when it runs
CREATE TABLE public.pwned (who text, role text);
GRANT INSERT ON public.pwned TO PUBLIC;
RESET client_min_messages;

-- Run a statement; report ok or the SQLSTATE and message it raised.  Every
-- type is qualified (pg_temp.text will exist); the statement runs with the
-- caller's search_path.
CREATE FUNCTION pg_temp.try(cmd pg_catalog.text)
RETURNS TABLE (state pg_catalog.text, message pg_catalog.text)
LANGUAGE plpgsql AS $$
BEGIN
	BEGIN
		EXECUTE cmd;
		state := 'ok';
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
	END;
	RETURN NEXT;
END $$;

-------------------------------------------------------------------------------
-- 1. The victim's tracked tables (before any hostile object exists): a
-- lead_stage column with a bigint key, and a text stage column with a text
-- key.  Its rules use casts ('saas'::text, (created)::date), which a
-- pg_temp domain named text or date must never capture.
-------------------------------------------------------------------------------
SET ROLE la_sa_vic;
CREATE TABLE sa_vic.leads (
	id			bigint PRIMARY KEY,
	stage		lead_align.lead_stage NOT NULL DEFAULT 'new',
	temperature	lead_align.lead_temperature,
	fit			int,
	interest	int,
	industry	text,
	created		timestamptz,
	visits		int,
	attrs		jsonb,
	owner		name
);
SELECT lead_align.track('sa_vic.leads', key => 'id', stage => 'stage', temperature => 'temperature',
		fit => 'fit', interest => 'interest', owner => 'owner', dimensions => ARRAY['industry', 'attrs'],
		handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_rule('sa_vic.leads', 'hot', $$industry = 'saas'::text AND (created)::date > '2020-01-01'$$, name => 'saas_recent');
SELECT lead_align.add_rule('sa_vic.leads', 'warm', $$visits >= 3 OR attrs ->> 'tier' = 'gold'$$, name => 'active');
SELECT lead_align.add_score('sa_vic.leads', 'fit', $$lower(industry) IN ('saas', 'fintech')$$, 30, name => 'industry');
SELECT lead_align.add_score('sa_vic.leads', 'interest', $$visits >= 3$$, 40, name => 'visits');
CREATE TABLE sa_vic.leads_txt (
	key			text PRIMARY KEY,
	stage		text NOT NULL,
	industry	varchar(20),
	created		date,
	visits		int
);
SELECT lead_align.track('sa_vic.leads_txt', key => 'key', stage => 'stage', handoff_temperature => 'hot') > 0 AS tracked;
SELECT count(lead_align.map_stage('sa_vic.leads_txt', l, s::lead_align.lead_stage)) AS labels
  FROM (VALUES ('New', 'new'), ('Nurture', 'nurture'), ('MQL', 'mql'), ('SAL', 'sal'), ('SQL', 'sql'),
			   ('Opportunity', 'opportunity'), ('Won', 'won'), ('Lost', 'lost'), ('Disqualified', 'disqualified')) AS m (l, s);
SELECT lead_align.add_rule('sa_vic.leads_txt', 'hot', $$industry = 'saas' AND created > '2020-01-01'$$, name => 'saas_recent');
SELECT lead_align.add_rule('sa_vic.leads_txt', 'warm', $$visits >= 3$$, name => 'active');
-- a table only the victim may read
CREATE TABLE sa_vic.secret (s text);
INSERT INTO sa_vic.secret VALUES ('victim only');
GRANT SELECT, INSERT, UPDATE, DELETE ON sa_vic.leads, sa_vic.leads_txt TO la_sa_att;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
-- sales is bound to a role the attacker is not a member of
SELECT lead_align.bind_team('sales', 'la_sa_sales');

-------------------------------------------------------------------------------
-- 2. The hostile objects, created by the attacker.
-------------------------------------------------------------------------------
SET ROLE la_sa_att;
SET search_path = pg_catalog, pg_temp;
-- records who ran it, and as whom; a superuser caller is asked to make the
-- attacker a superuser (and that attempt is recorded too)
CREATE FUNCTION public.pwn(who pg_catalog.text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	INSERT INTO public.pwned VALUES (who, current_user);
	IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) current_user) THEN
		BEGIN
			EXECUTE 'ALTER ROLE la_sa_att SUPERUSER';
			INSERT INTO public.pwned VALUES (who || ': ALTER ROLE la_sa_att SUPERUSER succeeded', current_user);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO public.pwned VALUES (who || ': ALTER ROLE failed: ' || SQLERRM, current_user);
		END;
	END IF;
	RETURN true;
END $$;
-- functions named like built-ins, in public, in "$user" and in pg_temp
-- (IMMUTABLE, so no context refuses them for their volatility)
DO $$
DECLARE
	s text;
	f text;
BEGIN
	FOREACH s IN ARRAY ARRAY['public', 'la_sa_att', 'pg_temp'] LOOP
		FOREACH f IN ARRAY ARRAY[
			'lower(x pg_catalog.text) RETURNS pg_catalog.text',
			'upper(x pg_catalog.text) RETURNS pg_catalog.text',
			'btrim(x pg_catalog.text) RETURNS pg_catalog.text',
			'length(x pg_catalog.text) RETURNS pg_catalog.int4',
			'text(x pg_catalog.int4) RETURNS pg_catalog.text',
			'text(x pg_catalog.int8) RETURNS pg_catalog.text',
			'text(x lead_align.lead_stage) RETURNS pg_catalog.text',
			'int4eq(x pg_catalog.int4, y pg_catalog.int4) RETURNS pg_catalog.bool',
			'int8eq(x pg_catalog.int8, y pg_catalog.int8) RETURNS pg_catalog.bool',
			'texteq(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.bool',
			'format(x pg_catalog.text) RETURNS pg_catalog.text',
			'format(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.text',
			'quote_ident(x pg_catalog.text) RETURNS pg_catalog.text',
			'quote_literal(x pg_catalog.text) RETURNS pg_catalog.text',
			'concat(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.text',
			'to_jsonb(x anyelement) RETURNS pg_catalog.jsonb',
			'jsonb_build_object(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.jsonb',
			'jsonb_each_text(x pg_catalog.jsonb, OUT key pg_catalog.text, OUT value pg_catalog.text) RETURNS SETOF record',
			'now() RETURNS pg_catalog.timestamptz',
			'statement_timestamp() RETURNS pg_catalog.timestamptz',
			'current_setting(x pg_catalog.text) RETURNS pg_catalog.text',
			'date(x pg_catalog.timestamptz) RETURNS pg_catalog.date',
			'has_privs_of_role(x pg_catalog.name, y pg_catalog.name) RETURNS pg_catalog.bool',
			'pg_has_role(x pg_catalog.name, y pg_catalog.text) RETURNS pg_catalog.bool',
			'string_agg(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.text',
			'max(x pg_catalog.int8) RETURNS pg_catalog.int8',
			'count() RETURNS pg_catalog.int8',
			'coalesce_(x pg_catalog.text) RETURNS pg_catalog.text',
			'array_length(x anyarray, y pg_catalog.int4) RETURNS pg_catalog.int4',
			'lead_stage_eq(x lead_align.lead_stage, y lead_align.lead_stage) RETURNS pg_catalog.bool',
			'owner_team(x lead_align.lead_stage) RETURNS pg_catalog.text',
			'business_add(a pg_catalog.timestamptz, b lead_align.sla_window, c lead_align.business_calendar) RETURNS pg_catalog.timestamptz',
			'fit() RETURNS pg_catalog.int4',
			'interest() RETURNS pg_catalog.int4'] LOOP
			IF f ~ 'SETOF' THEN
				EXECUTE pg_catalog.format('CREATE FUNCTION %s.%s LANGUAGE plpgsql IMMUTABLE AS %L', s, f,
					pg_catalog.format('BEGIN PERFORM public.pwn(%L); RETURN; END', s || '.' || f));
			ELSE
				EXECUTE pg_catalog.format('CREATE FUNCTION %s.%s LANGUAGE plpgsql IMMUTABLE AS %L', s, f,
					pg_catalog.format('BEGIN PERFORM public.pwn(%L); RETURN NULL; END', s || '.' || f));
			END IF;
		END LOOP;
	END LOOP;
END $$;
-- operators named like built-ins, in public, in "$user" and in pg_temp: on
-- text, name, integers, dates, jsonb, and the lead_align types
CREATE FUNCTION public.pwn_cat(x pg_catalog.text, y pg_catalog.text) RETURNS pg_catalog.text
LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM public.pwn('operator ||'); RETURN x; END $$;
CREATE FUNCTION public.pwn_arrow(x pg_catalog.jsonb, y pg_catalog.text) RETURNS pg_catalog.text
LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM public.pwn('operator ->>'); RETURN NULL; END $$;
DO $$
DECLARE
	s text;
	o text;
	t text;
	types text[] := ARRAY['pg_catalog.text', 'pg_catalog.name', 'pg_catalog.int4', 'pg_catalog.int8',
						  'pg_catalog.date', 'pg_catalog.timestamptz', 'pg_catalog.jsonb', 'pg_catalog.oid',
						  'pg_catalog.varchar', 'lead_align.lead_stage', 'lead_align.lead_temperature',
						  'lead_align.sla_window', 'lead_align.business_calendar'];
BEGIN
	FOREACH t IN ARRAY types LOOP
		EXECUTE pg_catalog.format('CREATE FUNCTION public.pwn_op(x %s, y %s) RETURNS pg_catalog.bool '
			'LANGUAGE plpgsql IMMUTABLE AS %L', t, t,
			pg_catalog.format('BEGIN RETURN public.pwn(%L); END', 'operator on ' || t));
	END LOOP;
	FOREACH s IN ARRAY ARRAY['public', 'la_sa_att', 'pg_temp'] LOOP
		FOREACH t IN ARRAY types LOOP
			FOREACH o IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>='] LOOP
				EXECUTE pg_catalog.format('CREATE OPERATOR %s.%s (leftarg = %s, rightarg = %s, function = public.pwn_op)', s, o, t, t);
			END LOOP;
		END LOOP;
		EXECUTE pg_catalog.format('CREATE OPERATOR %s.|| (leftarg = pg_catalog.text, rightarg = pg_catalog.text, function = public.pwn_cat)', s);
		EXECUTE pg_catalog.format('CREATE OPERATOR %s.->> (leftarg = pg_catalog.jsonb, rightarg = pg_catalog.text, function = public.pwn_arrow)', s);
	END LOOP;
END $$;
-- domains named like built-in types in pg_temp (searched first for types
-- unless a search_path names pg_temp), and in "$user" and public
DO $$
DECLARE
	s text;
	t text;
BEGIN
	FOREACH s IN ARRAY ARRAY['pg_temp', 'la_sa_att', 'public'] LOOP
		FOREACH t IN ARRAY ARRAY['text', 'int4', 'int8', 'int2', 'float8', 'numeric', 'date', 'timestamptz',
								 'name', 'oid', 'regclass', 'regtype', 'regprocedure', 'bool', 'jsonb', 'json',
								 'interval', 'varchar', 'bpchar', 'cstring_', 'lead_stage', 'lead_temperature',
								 'sla_window', 'business_calendar'] LOOP
			EXECUTE pg_catalog.format('CREATE DOMAIN %s.%I AS %s CHECK (public.pwn(%L))', s, t,
				CASE WHEN t IN ('lead_stage', 'lead_temperature', 'sla_window', 'business_calendar')
					 THEN 'lead_align.' || t
					 WHEN t = 'cstring_' THEN 'pg_catalog.text'
					 ELSE 'pg_catalog.' || t END,
				'domain ' || s || '.' || t);
		END LOOP;
	END LOOP;
END $$;
SET search_path = pg_catalog, public, pg_temp;
SELECT count(*) AS hostile_domains FROM pg_catalog.pg_type
 WHERE typtype OPERATOR(pg_catalog.=) 'd' AND pg_catalog.pg_type_is_visible(oid) AND typowner OPERATOR(pg_catalog.=) 'la_sa_att'::pg_catalog.regrole;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;

-------------------------------------------------------------------------------
-- 3. Type I/O, operators and the business-time functions, as the attacker,
-- with pg_temp and public searched before pg_catalog, then with "$user",
-- public (pg_temp and pg_catalog implicitly first).
-------------------------------------------------------------------------------
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
SELECT 'mql'::lead_align.lead_stage AS stage, 'hot'::lead_align.lead_temperature AS temp,
	   '4 business hours'::lead_align.sla_window AS win,
	   'mo-fr 09:00-17:00; tz europe/berlin'::lead_align.business_calendar AS cal;
SELECT 'mql'::lead_align.lead_stage OPERATOR(pg_catalog.<) 'sal' AS lt,
	   'mql'::lead_align.lead_stage OPERATOR(pg_catalog.=) 'mql' AS eq,
	   'hot'::lead_align.lead_temperature OPERATOR(pg_catalog.>) 'warm' AS hotter,
	   '1 business day'::lead_align.sla_window OPERATOR(lead_align.*) 3 AS tripled,
	   '1 business day'::lead_align.sla_window OPERATOR(pg_catalog.>=) '8 business hours' AS ge,
	   'Mo-Fr 09:00-17:00'::lead_align.business_calendar OPERATOR(pg_catalog.=) 'mo-fr 09:00-17:00; tz UTC' AS cal_eq,
	   'Mo-Fr 09:00-17:00'::lead_align.business_calendar OPERATOR(pg_catalog.@>) '2026-01-02 16:00+00'::timestamp with time zone AS open;
-- support functions and aggregates, called directly
SELECT lead_align.lead_stage_cmp('mql', 'sal') AS cmp, lead_align.owner_team('sal') AS team,
	   pg_catalog.max(s) AS max_stage, pg_catalog.min(s) AS min_stage
  FROM (VALUES ('new'::lead_align.lead_stage), ('won'), ('mql')) AS v (s);
SELECT lead_align.business_add('2026-01-02 16:00+00', '2 business hours', 'Mo-Fr 09:00-17:00; tz Europe/Berlin') AS added,
	   lead_align.business_elapsed('2026-01-02 16:00+00', '2026-01-05 10:00+00', 'Mo-Fr 09:00-17:00') AS elapsed,
	   lead_align.business_hours('2026-01-02 16:00+00', '2026-01-05 10:00+00', 'Mo-Fr 09:00-17:00') AS hours,
	   lead_align.is_business_time('2026-01-02 16:00+00', 'Mo-Fr 09:00-17:00') AS is_open,
	   lead_align.next_business_time('2026-01-02 18:00+00', 'Mo-Fr 09:00-17:00') AS next_open;
SELECT * FROM lead_align.business_periods('Mo-Fr 09:00-17:00; 2026-01-05 off; tz UTC', '2026-01-02 00:00+00', '2026-01-07 00:00+00');
SELECT lead_align.calendar('mo-fr 09:00-17:00', 'europe/berlin', '{2026-12-25}', '{"12-24": "09:00-12:00"}') AS cal;
SELECT lead_align.sla_window('90 minutes') AS win, lead_align.calendar_contains('24/7', '2026-01-02 00:00+00') AS contains;
SET search_path = "$user", public;
SELECT 'sal'::lead_align.lead_stage AS stage, 'warm'::lead_align.lead_temperature AS temp,
	   '2 business days'::lead_align.sla_window AS win,
	   lead_align.business_add('2026-01-02 16:00+00', '2 business hours', 'MO-FR 09:00-17:00; TZ utc') AS added,
	   lead_align.calendar('mo-fr 09:00-17:00', 'utc', '{2026-12-25}', '{"12-24": "09:00-12:00"}') AS cal;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT count(*) AS pwned_so_far FROM public.pwned;

-------------------------------------------------------------------------------
-- 4. Configuration of a table the attacker owns, in its own schema: every
-- configuration function works, and none runs a hostile object (they run as
-- the extension's owner with a pinned search_path).
-------------------------------------------------------------------------------
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
CREATE TABLE la_sa_att.mine (
	id			bigint PRIMARY KEY,
	stage		pg_catalog.text NOT NULL,
	temperature	pg_catalog.text,
	industry	pg_catalog.text,
	created		pg_catalog.timestamptz,
	visits		int,
	reason		pg_catalog.text
);
SELECT lead_align.track('la_sa_att.mine', key => 'id', stage => 'stage', temperature => 'temperature',
		reason => 'reason', dimensions => ARRAY['industry'], calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin',
		handoff_temperature => 'hot') OPERATOR(pg_catalog.>) 0 AS tracked;
SELECT lead_align.map_stage('la_sa_att.mine', 'New', 'new');
SELECT lead_align.map_stage('la_sa_att.mine', 'MQL', 'mql');
SELECT lead_align.map_stage('la_sa_att.mine', 'Nurture', 'nurture');
SELECT lead_align.map_stage('la_sa_att.mine', 'Lost', 'lost');
SELECT lead_align.add_rule('la_sa_att.mine', 'hot', $$industry = 'saas'$$, 'target industry', name => 'saas');
SELECT lead_align.add_rule('la_sa_att.mine', 'warm', $$created::date > '2020-01-01'$$, name => 'recent');
SELECT lead_align.add_rule('la_sa_att.mine', 'warm', $$visits >= 3$$, name => 'active');
SELECT lead_align.add_score('la_sa_att.mine', 'fit', $$industry = 'saas'$$, 10, name => 'fit_saas');
SELECT lead_align.add_score('la_sa_att.mine', 'interest', $$visits >= 3$$, 10, name => 'int_visits');
SELECT lead_align.drop_rule('la_sa_att.mine', 'int_visits');
SELECT lead_align.sla('la_sa_att.mine', 'mql', "window" => '4 business hours');
SELECT lead_align.sla('la_sa_att.mine', 'mql', 'hot', '1 business hour');
SELECT lead_align.add_reason('la_sa_att.mine', 'att_reason', 'recycle', 'the attacker''s own reason');
SELECT lead_align.disable_reason('la_sa_att.mine', 'no_budget', 'recycle');
-- alter_track(), team_calendar() and a canonical label; the track ends as it
-- was tracked (the owner column and the team calendar go again)
SELECT lead_align.alter_track('la_sa_att.mine', owner => 'industry', calendar => 'Mo-Fr 08:00-18:00; tz Europe/Berlin',
		mode => 'record') OPERATOR(pg_catalog.>) 0 AS altered;
SELECT lead_align.alter_track('la_sa_att.mine', calendar => 'Mo-Fr 09:00-17:00; tz Europe/Berlin', mode => 'enforce',
		unset => ARRAY['owner']) OPERATOR(pg_catalog.>) 0 AS altered;
SELECT lead_align.team_calendar('la_sa_att.mine', 'sales', 'Mo-Fr 09:00-17:00; tz America/New_York');
SELECT lead_align.team_calendar('la_sa_att.mine', 'sales', NULL);
SELECT lead_align.map_stage('la_sa_att.mine', 'MQL', 'mql', canonical => true);
-- the stored predicates are qualified, and name none of the hostile objects
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT r.name, r.predicate FROM lead_align.rule r JOIN lead_align.track t ON t.id = r.track_id
 WHERE t.relid = 'la_sa_att.mine'::regclass ORDER BY r.id;
SELECT count(*) AS pwned_so_far FROM public.pwned;
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
INSERT INTO la_sa_att.mine (id, stage, industry, created, visits) VALUES (1, 'New', 'saas', '2025-01-06 10:00+00', 1),
	(2, 'New', 'retail', '2019-01-06 10:00+00', 5);
SELECT id, stage, temperature FROM la_sa_att.mine ORDER BY id;
SELECT lead_align.forget('la_sa_att.mine', '2') AS forgotten;
SET search_path = "$user", public;
SELECT lead_align.add_rule('la_sa_att.mine', 'cold', $$industry = 'spam'$$, name => 'spam', priority => 0);
SELECT lead_align.drop_rule('la_sa_att.mine', 'spam');
SET search_path = pg_temp, public, pg_catalog;
-- the attacker may not add teams, bind them, purge or sweep (42501), nor
-- configure a table it does not own, rebuild its lead_current or migrate the
-- ledger
SELECT * FROM pg_temp.try($$SELECT lead_align.add_team('att_team', 'mine')$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.bind_team('sales', 'la_sa_att')$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.bind_team('marketing', 'la_sa_att')$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.purge('0 seconds')$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.sweep()$$);
SELECT f AS call, (pg_temp.try(f)).* FROM (VALUES
	($$SELECT lead_align.track('sa_vic.secret', key => 's', stage => 's')$$),
	($$SELECT lead_align.alter_track('sa_vic.leads', mode => 'record')$$),
	($$SELECT lead_align.alter_track('sa_vic.leads', unset => ARRAY['owner'])$$),
	($$SELECT lead_align.untrack('sa_vic.leads')$$),
	($$SELECT lead_align.untrack('sa_vic.leads', purge => true)$$),
	($$SELECT lead_align.map_stage('sa_vic.leads_txt', 'Won', 'lost')$$),
	($$SELECT lead_align.map_stage('sa_vic.leads_txt', 'Hacked', 'won')$$),
	($$SELECT lead_align.map_stage('sa_vic.leads_txt', 'Won', 'won', canonical => true)$$),
	($$SELECT lead_align.add_rule('sa_vic.leads', 'hot', 'true')$$),
	($$SELECT lead_align.add_score('sa_vic.leads', 'fit', 'true', 100)$$),
	($$SELECT lead_align.drop_rule('sa_vic.leads', 'saas_recent')$$),
	($$SELECT lead_align.sla('sa_vic.leads', 'mql', "window" => '1 minute')$$),
	($$SELECT lead_align.team_calendar('sa_vic.leads', 'sales', '24/7')$$),
	($$SELECT lead_align.add_reason('sa_vic.leads', 'hack', 'reject', 'x')$$),
	($$SELECT lead_align.disable_reason('sa_vic.leads', 'bad_fit', 'reject')$$),
	($$SELECT lead_align.forget('sa_vic.leads', '1')$$),
	($$SELECT lead_align.rebuild_current('sa_vic.leads')$$),
	($$SELECT * FROM lead_align.migrate_03_batch(0, 10)$$),
	($$CALL lead_align.migrate_03()$$)) AS c (f);
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;

-------------------------------------------------------------------------------
-- 5. Internal helpers: PUBLIC may execute none of them; the attacker gets
-- 42501 calling them directly.  0.3's _stale() is gone.
-------------------------------------------------------------------------------
SELECT p.oid::regprocedure AS public_internal_helper
  FROM pg_proc p
 WHERE p.pronamespace = 'lead_align'::regnamespace AND p.proname LIKE '\_%'
   AND (p.proacl IS NULL
		OR EXISTS (SELECT FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))
 ORDER BY 1;
SELECT count(*) > 10 AS internal_helpers FROM pg_proc p
 WHERE p.pronamespace = 'lead_align'::regnamespace AND p.proname LIKE '\_%';
SELECT to_regprocedure('lead_align._stale(regclass,integer,record)') IS NULL AS stale_gone,
	   to_regprocedure('lead_align._move_target(regclass,lead_align.lead_stage)') IS NULL AS move_target_gone,
	   to_regprocedure('lead_align._track_id(regclass)') IS NULL AS track_id_gone;
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
SELECT f AS call, (pg_temp.try(f)).* FROM (VALUES
	($$SELECT lead_align._track('sa_vic.leads', 'id', 'stage', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', '24/7', NULL, 50, 50, 'record')$$),
	($$SELECT lead_align._store_track(1, 'sa_vic.leads', 'id', 'stage', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', '24/7', NULL, 50, 50, 'record')$$),
	($$SELECT lead_align._alter_track('sa_vic.leads', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'record', NULL, NULL, '{}')$$),
	($$SELECT lead_align._untrack('sa_vic.leads', true)$$),
	($$SELECT lead_align._team_calendar('sa_vic.leads', 'sales', '24/7')$$),
	($$SELECT lead_align._add_rule('sa_vic.leads', 'hot', 'true', '', NULL, NULL)$$),
	($$SELECT lead_align._bind_team('sales', 'la_sa_att')$$),
	($$SELECT lead_align._purge('0 seconds')$$),
	($$SELECT lead_align._sweep()$$),
	($$SELECT lead_align._forget('sa_vic.leads', '1')$$),
	($$SELECT lead_align._rebuild_current('sa_vic.leads')$$),
	($$SELECT * FROM lead_align._migrate_03_batch(0, 10)$$),
	($$SELECT lead_align._fill_current(1)$$),
	($$SELECT lead_align._migrate_rows(1, NULL, NULL, NULL)$$),
	($$SELECT * FROM lead_align._stays(1, NULL, NULL)$$),
	($$SELECT * FROM lead_align._cycles(1, NULL)$$),
	($$SELECT lead_align._fill_cycles(1, NULL)$$),
	($$SELECT lead_align._date_cycles(1, NULL)$$),
	($$SELECT lead_align._caller_may_configure('sa_vic.leads')$$),
	($$SELECT lead_align._caller_is_admin()$$),
	($$SELECT lead_align._require_admin('x')$$),
	($$SELECT lead_align._check_predicate('sa_vic.leads', 'true')$$),
	($$SELECT lead_align._truncate_guards('sa_vic.leads', 1)$$),
	($$SELECT lead_align._check_key('sa_vic.leads', 'id')$$),
	($$SELECT lead_align._check_citus('sa_vic.leads')$$),
	($$SELECT lead_align._config_track('sa_vic.leads')$$)) AS c (f);
-- the trigger functions refuse to be called as plain functions
SELECT * FROM pg_temp.try($$SELECT lead_align.derive_trigger()$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.fit()$$);
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;

-------------------------------------------------------------------------------
-- 6. The triggers, on the victim's tables, fired by the attacker (who may
-- only write rows): INSERT, UPDATE, DELETE, COPY, ON CONFLICT DO NOTHING and
-- DO UPDATE, MERGE.  The rules run as the victim, and neither the hostile
-- domains (pg_temp.text, pg_temp.date, ...) nor the hostile functions and
-- operators ever run.
-------------------------------------------------------------------------------
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
INSERT INTO sa_vic.leads (id, industry, created, visits, attrs, owner)
VALUES (1, 'saas', '2025-01-06 10:00+00', 0, '{"tier": "gold"}', 'alice'),
	   (2, 'retail', '2025-01-06 10:00+00', 5, '{}', 'bob'),
	   (3, 'retail', '2019-01-06 10:00+00', 0, NULL, NULL);
UPDATE sa_vic.leads SET visits = 4, attrs = '{"tier": "silver"}' WHERE id = 3;
UPDATE sa_vic.leads SET owner = 'carol' WHERE id = 2;
INSERT INTO sa_vic.leads (id, industry, created, visits) VALUES (2, 'saas', '2025-01-06 11:00+00', 9)
	ON CONFLICT DO NOTHING;
INSERT INTO sa_vic.leads (id, industry, created, visits) VALUES (3, 'fintech', '2025-01-06 11:00+00', 9)
	ON CONFLICT (id) DO UPDATE SET industry = excluded.industry, visits = excluded.visits;
COPY sa_vic.leads (id, industry, created, visits, attrs, owner) FROM STDIN;
4	saas	2025-01-07 09:00:00+00	1	{"tier": "gold"}	dave
5	retail	2025-01-07 09:00:00+00	0	\N	\N
\.
MERGE INTO sa_vic.leads t
USING (VALUES (5, 7), (6, 0)) AS s (id, visits) ON t.id = s.id
 WHEN MATCHED THEN UPDATE SET visits = s.visits
 WHEN NOT MATCHED THEN INSERT (id, industry, created, visits) VALUES (s.id, 'saas', '2025-01-08 09:00+00', s.visits);
DELETE FROM sa_vic.leads WHERE id = 6;
-- the text stage column, text key
INSERT INTO sa_vic.leads_txt (key, stage, industry, created, visits)
VALUES ('a', 'New', 'saas', '2025-01-06', 0), ('b', 'Nurture', 'retail', '2019-01-06', 3), ('c', 'New', 'retail', '2019-01-06', 0);
UPDATE sa_vic.leads_txt SET visits = 3 WHERE key OPERATOR(pg_catalog.=) 'c';
INSERT INTO sa_vic.leads_txt (key, stage, industry, created, visits) VALUES ('c', 'New', 'saas', '2025-01-06', 0)
	ON CONFLICT (key) DO UPDATE SET industry = excluded.industry;
COPY sa_vic.leads_txt (key, stage, industry, created, visits) FROM STDIN;
d	New	retail	2019-01-06	0
\.
MERGE INTO sa_vic.leads_txt t
USING (VALUES ('d', 4), ('e', 0)) AS s (key, visits) ON t.key OPERATOR(pg_catalog.=) s.key
 WHEN MATCHED THEN UPDATE SET visits = s.visits
 WHEN NOT MATCHED THEN INSERT (key, stage, industry, created, visits) VALUES (s.key, 'New', 'saas', '2025-01-08', s.visits);
DELETE FROM sa_vic.leads_txt WHERE key OPERATOR(pg_catalog.=) 'e';
-- the same with "$user", public (pg_temp and pg_catalog implicitly first)
SET search_path = "$user", public;
INSERT INTO sa_vic.leads (id, industry, created, visits) VALUES (7, 'saas', '2025-01-09 09:00+00', 0);
UPDATE sa_vic.leads SET visits = 3 WHERE id = 7;
INSERT INTO sa_vic.leads (id, industry, created, visits) VALUES (7, 'saas', '2025-01-09 09:00+00', 1)
	ON CONFLICT (id) DO UPDATE SET visits = excluded.visits;
DELETE FROM sa_vic.leads WHERE id = 7;
INSERT INTO sa_vic.leads_txt (key, stage, industry, created, visits) VALUES ('f', 'New', 'saas', '2025-01-09', 0);
DELETE FROM sa_vic.leads_txt WHERE key OPERATOR(pg_catalog.=) 'f';
SET search_path = pg_temp, public, pg_catalog;
-- a sales move by the attacker is refused (sales is bound to la_sa_sales)
SELECT * FROM pg_temp.try($$UPDATE sa_vic.leads SET stage = 'sal' WHERE id = 1$$);
SELECT * FROM pg_temp.try($$UPDATE sa_vic.leads_txt SET stage = 'SAL' WHERE key OPERATOR(pg_catalog.=) 'a'$$);
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
-- what the rules derived, as the victim's rules say (hot: saas since 2020,
-- automatically handed off to mql; warm: visits >= 3 or a gold tier)
SELECT id, stage, temperature, fit, interest FROM sa_vic.leads ORDER BY id;
SELECT key, stage FROM sa_vic.leads_txt ORDER BY key;
-- (0.4 records no 'temperature' events yet: DESIGN 4.3 asks for them, so
-- they are left out here)
SELECT h.lead_key, h.kind, h.from_stage, h.to_stage, h.temperature, h.rule, h.actor
  FROM lead_align.handoff h JOIN lead_align.track t ON t.id = h.track_id
 WHERE t.relid IN ('sa_vic.leads'::regclass, 'sa_vic.leads_txt'::regclass) AND h.kind <> 'temperature'
 ORDER BY t.id, h.lead_key, h.id;
SELECT count(*) AS pwned_so_far FROM public.pwned;

-------------------------------------------------------------------------------
-- 7. move(), explain(), preview_rule(), reclassify(), status(), the views
-- (lead_state, stage_spans, sla_compliance), the SLA alerts, as the
-- attacker with the hostile objects in place; sweep() as a superuser with
-- them first on the search_path.
-------------------------------------------------------------------------------
-- the attacker may read rules through lead_align_reader; the victim's secret
-- table it may not read
GRANT lead_align_reader TO la_sa_att;
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
-- move(): lead_stage column with a bigint key, text column with a text key;
-- marketing moves pass, a sales move is refused, a reason is checked
SELECT lead_align.move('sa_vic.leads', '5', 'nurture') AS moved;
SELECT lead_align.move('sa_vic.leads', '5', 'mql') AS moved;
SELECT lead_align.move('sa_vic.leads_txt', 'b', 'mql') AS moved;
SELECT lead_align.move('sa_vic.leads_txt', 'd', 'disqualified', reason => 'spam') AS moved;
SELECT f AS call, (pg_temp.try(f)).* FROM (VALUES
	($$SELECT lead_align.move('sa_vic.leads', '5', 'sal')$$),
	($$SELECT lead_align.move('sa_vic.leads', '1', 'won')$$),
	($$SELECT lead_align.move('sa_vic.leads_txt', 'b', 'sal')$$),
	($$SELECT lead_align.move('sa_vic.leads_txt', 'c', 'disqualified')$$),
	($$SELECT lead_align.move('sa_vic.leads', 'x', 'nurture')$$),
	($$SELECT lead_align.move('sa_vic.leads', '99', 'nurture')$$),
	($$SELECT lead_align.move('sa_vic.secret', '1', 'nurture')$$)) AS c (f);
-- explain(): the victim's rules, evaluated as the victim
SELECT kind, name, temperature, points, matched FROM lead_align.explain('sa_vic.leads', '1');
SELECT kind, name, temperature, matched FROM lead_align.explain('sa_vic.leads_txt', 'c');
-- preview_rule(): the attacker's predicate runs as the attacker; a wrapper
-- that reads the victim's secret table fails with 42501
CREATE FUNCTION la_sa_att.peek(bigint) RETURNS boolean LANGUAGE sql STABLE
	AS $$ SELECT EXISTS (SELECT FROM sa_vic.secret) $$;
SELECT * FROM lead_align.preview_rule('sa_vic.leads', 'hot', $$visits >= 4$$);
SELECT * FROM lead_align.preview_rule('sa_vic.leads_txt', 'hot', $$industry = 'retail'$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.preview_rule('sa_vic.leads', 'hot', 'la_sa_att.peek(id)')$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.preview_rule('sa_vic.leads', 'hot', 'EXISTS (SELECT FROM sa_vic.secret)')$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.preview_rule('sa_vic.secret', 'hot', 'true')$$);
-- reclassify(): only the owner's rules, as the owner; the attacker may run it
-- on rows it may update
CALL lead_align.reclassify('sa_vic.leads');
CALL lead_align.reclassify('la_sa_att.mine', batch_size => 1);
-- status() and the views need lead_align_reader, which the attacker has
-- now; without it they are refused
SELECT table_name, active FROM lead_align.status() WHERE table_name OPERATOR(pg_catalog.~~) 'sa\_vic.%' ORDER BY 1;
SELECT lead_key, stage, cycle FROM lead_align.lead_state
 WHERE track OPERATOR(pg_catalog.~~) 'sa\_vic.%' ORDER BY track, lead_key;
-- lead_state with every column computed (a whole-row reference: overdue,
-- touch_overdue, the text twins, the track's name), and "who is overdue",
-- whose filters the view turns into due-time comparisons
SELECT pg_catalog.count(l.*) AS leads, pg_catalog.count(l.*) FILTER (WHERE l.due_at IS NOT NULL) AS with_due_at,
	   pg_catalog.count(l.*) FILTER (WHERE l.overdue OR l.touch_overdue) AS overdue
  FROM lead_align.lead_state l
 WHERE l.track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%']);
SELECT pg_catalog.count(*) AS overdue FROM lead_align.lead_state
 WHERE overdue AND track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%']);
SELECT pg_catalog.count(*) AS touch_overdue FROM lead_align.lead_state
 WHERE touch_overdue AND track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%']);
-- stage_spans and sla_compliance with every column computed (a whole-row
-- reference): states, hours to now(), percentiles, months, teams
SELECT pg_catalog.count(s.*) AS stays, pg_catalog.count(s.*) FILTER (WHERE s.left_at IS NULL) AS open_stays,
	   pg_catalog.count(s.*) OPERATOR(pg_catalog.=)
	   ((SELECT pg_catalog.count(*) FROM lead_align.handoff h
		  WHERE h.entered_at IS NOT NULL AND h.track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%']))
		OPERATOR(pg_catalog.+)
		(SELECT pg_catalog.count(*) FROM lead_align.lead_state l
		  WHERE l.track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%']))) AS one_per_stay
  FROM lead_align.stage_spans s
 WHERE s.track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%']);
SELECT c.track, c.stage, c.temperature, c.sla_kind, pg_catalog.count(c.*) AS months
  FROM lead_align.sla_compliance c
 WHERE c.track OPERATOR(pg_catalog.~~) ANY (ARRAY['sa\_vic.%', 'la\_sa\_att.%'])
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
REVOKE lead_align_reader FROM la_sa_att;
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.status()$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.lead_state$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.stage_spans$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.sla_compliance$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.explain('sa_vic.leads', '1')$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.handoff$$);
SELECT * FROM pg_temp.try($$INSERT INTO lead_align.handoff (track_id) VALUES (1)$$);
SELECT * FROM pg_temp.try($$DELETE FROM lead_align.handoff$$);
SELECT * FROM pg_temp.try($$UPDATE lead_align.rule SET predicate = 'true'$$);
SELECT * FROM pg_temp.try($$SELECT * FROM lead_align.sla_alert$$);
SELECT * FROM pg_temp.try($$INSERT INTO lead_align.sla_alert (track_id, lead_key, entered_id, stage, sla_kind, due_at) VALUES (1, '1', 1, 'mql', 'exit', pg_catalog.now())$$);
RESET ROLE;
SET search_path = pg_temp, public, pg_catalog;
SELECT lead_align.sweep() OPERATOR(pg_catalog.>=) 0 AS swept;
SET search_path = pg_catalog, public, pg_temp;
SELECT count(*) AS pwned_so_far FROM public.pwned;

-------------------------------------------------------------------------------
-- 8. Configuration inside a security-restricted operation: a rule of the
-- victim calls a STABLE function of the victim's that configures
-- lead_align.  When an admin inserts a row, the rule runs as the victim in
-- restricted mode, and the configuration call fails (42501), so the insert
-- fails.
-------------------------------------------------------------------------------
SET ROLE la_sa_vic;
CREATE TABLE sa_vic.sro (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL DEFAULT 'new');
SELECT lead_align.track('sa_vic.sro', key => 'id', stage => 'stage') > 0 AS tracked;
CREATE FUNCTION sa_vic.configure(id bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	IF id = 1 THEN
		PERFORM lead_align.bind_team('sales', 'la_sa_vic');
	ELSIF id = 2 THEN
		PERFORM lead_align.purge('0 seconds');
	ELSIF id = 3 THEN
		PERFORM lead_align.add_rule('sa_vic.sro', 'hot', 'true');
	ELSIF id = 4 THEN
		PERFORM lead_align.untrack('sa_vic.leads', purge => true);
	ELSIF id = 6 THEN
		PERFORM lead_align.alter_track('sa_vic.sro', mode => 'record');
	ELSIF id = 7 THEN
		PERFORM lead_align.team_calendar('sa_vic.sro', 'sales', '24/7');
	ELSIF id = 8 THEN
		PERFORM lead_align.sweep();
	END IF;
	RETURN false;
END $$;
SELECT lead_align.add_rule('sa_vic.sro', 'hot', $$sa_vic.configure(id)$$, name => 'configure');
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
INSERT INTO sa_vic.sro (id) VALUES (1);
INSERT INTO sa_vic.sro (id) VALUES (2);
INSERT INTO sa_vic.sro (id) VALUES (3);
INSERT INTO sa_vic.sro (id) VALUES (4);
INSERT INTO sa_vic.sro (id) VALUES (5);
INSERT INTO sa_vic.sro (id) VALUES (6);
INSERT INTO sa_vic.sro (id) VALUES (7);
INSERT INTO sa_vic.sro (id) VALUES (8);
SELECT id FROM sa_vic.sro ORDER BY id;
-- nothing changed: sales is still bound to la_sa_sales, the ledger and the
-- victim's tracks are intact, with no team calendar
SELECT team, role FROM lead_align.team_role WHERE team = 'sales';
SELECT active FROM lead_align.track WHERE relid = 'sa_vic.leads'::regclass;
SELECT mode, (SELECT count(*) FROM lead_align.team_calendar c WHERE c.track_id = t.id) AS team_calendars
  FROM lead_align.track t WHERE t.relid = 'sa_vic.sro'::regclass;
SELECT count(*) AS rules FROM lead_align.rule r JOIN lead_align.track t ON t.id = r.track_id
 WHERE t.relid = 'sa_vic.sro'::regclass AND r.valid_to IS NULL;

-------------------------------------------------------------------------------
-- 9. Automatic-handoff markers.  A hot insert is handed off to mql by the
-- derive trigger; when the statement fails after it (a CHECK constraint, a
-- deferred constraint), the marker must not excuse a later move of that key
-- or of a key sharing a long prefix with it.  Marketing is bound to
-- la_sa_mkt, sales to la_sa_sales; the attacker is in neither.
-------------------------------------------------------------------------------
SET ROLE la_sa_vic;
CREATE TABLE sa_vic.mark (
	key			text PRIMARY KEY,
	stage		lead_align.lead_stage NOT NULL DEFAULT 'new',
	industry	text,
	amount		int CHECK (amount >= 0),
	partner		int,
	CONSTRAINT partner_ok CHECK (partner IS NULL OR partner > 0)
);
CREATE TABLE sa_vic.mark_ref (key text PRIMARY KEY);
ALTER TABLE sa_vic.mark ADD CONSTRAINT mark_ref_fk FOREIGN KEY (industry) REFERENCES sa_vic.mark_ref (key)
	DEFERRABLE INITIALLY DEFERRED;
INSERT INTO sa_vic.mark_ref VALUES ('saas'), ('retail');
SELECT lead_align.track('sa_vic.mark', key => 'key', stage => 'stage', handoff_temperature => 'hot') > 0 AS tracked;
SELECT lead_align.add_rule('sa_vic.mark', 'hot', $$industry = 'saas'$$, name => 'saas');
GRANT SELECT, INSERT, UPDATE ON sa_vic.mark TO la_sa_att, la_sa_mkt;
GRANT USAGE ON SCHEMA sa_vic TO la_sa_mkt;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT lead_align.bind_team('marketing', 'la_sa_mkt');
SET ROLE la_sa_mkt;
SET search_path = pg_temp, public, pg_catalog;
-- marketing inserts a hot lead whose insert then fails on a CHECK constraint
-- (evaluated after the BEFORE trigger handed it off), and then the same key
-- as a cold lead
BEGIN;
SAVEPOINT s;
INSERT INTO sa_vic.mark (key, industry, amount) VALUES ('k1', 'saas', -1);
ROLLBACK TO s;
INSERT INTO sa_vic.mark (key, industry, amount) VALUES ('k1', 'retail', 1);
COMMIT;
-- a deferred failure: the hot lead is handed off, and the transaction fails
-- at COMMIT; then the key comes back cold
BEGIN;
INSERT INTO sa_vic.mark (key, industry) VALUES ('k3', 'saas'), ('k3x', 'no_such_industry');
COMMIT;
INSERT INTO sa_vic.mark (key, industry) VALUES ('k3', 'retail');
-- two keys longer than 300 bytes that share their first 255 bytes
INSERT INTO sa_vic.mark (key, industry)
SELECT pg_catalog.repeat('k', 255) OPERATOR(pg_catalog.||) x OPERATOR(pg_catalog.||) pg_catalog.repeat('x', 60), 'retail'
  FROM (VALUES ('B'), ('A')) AS v (x);
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
-- the attacker is in neither marketing nor sales: it may not move k1 or k3
-- on (new -> won is not in the agreement; new -> mql is marketing's)
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
SELECT * FROM pg_temp.try($$UPDATE sa_vic.mark SET stage = 'won' WHERE key OPERATOR(pg_catalog.=) 'k1'$$);
SELECT * FROM pg_temp.try($$UPDATE sa_vic.mark SET stage = 'mql' WHERE key OPERATOR(pg_catalog.=) 'k1'$$);
SELECT * FROM pg_temp.try($$UPDATE sa_vic.mark SET stage = 'mql' WHERE key OPERATOR(pg_catalog.=) 'k3'$$);
-- its own failed automatic handoff (the row becomes hot, then fails a CHECK)
-- excuses nothing after ROLLBACK TO
BEGIN;
SAVEPOINT s;
UPDATE sa_vic.mark SET industry = 'saas', amount = -1 WHERE key OPERATOR(pg_catalog.=) 'k1';
ROLLBACK TO s;
SELECT * FROM pg_temp.try($$UPDATE sa_vic.mark SET stage = 'mql' WHERE key OPERATOR(pg_catalog.=) 'k1'$$);
COMMIT;
-- one statement: the long key B is moved to mql by hand while the long key A,
-- sharing B's first 255 bytes, is handed off automatically (B's row first)
SELECT * FROM pg_temp.try($$
	UPDATE sa_vic.mark
	   SET stage = CASE WHEN key OPERATOR(pg_catalog.~~) '%B%' THEN 'mql' ELSE stage END,
		   industry = CASE WHEN key OPERATOR(pg_catalog.~~) '%A%' THEN 'saas' ELSE industry END
	 WHERE pg_catalog.length(key) OPERATOR(pg_catalog.>) 300$$);
-- an automatic handoff alone is made by the system, and passes
UPDATE sa_vic.mark SET industry = 'saas' WHERE key OPERATOR(pg_catalog.~~) '%A%';
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT length(key) AS key_length, CASE WHEN length(key) > 300 THEN '255 k, then ' || substr(key, 256, 1) ELSE key END AS key,
       stage, industry FROM sa_vic.mark ORDER BY 2;
SELECT lead_align.bind_team('marketing', NULL);

-------------------------------------------------------------------------------
-- 10. DDL.  A table owner who is not a superuser may ALTER and DROP its own
-- tables in a database with the extension (the event triggers failed for it
-- in 0.3); DDL that would break a track is refused.
-------------------------------------------------------------------------------
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
CREATE TABLE la_sa_att.plain (id bigint PRIMARY KEY, note pg_catalog.text);
ALTER TABLE la_sa_att.plain ADD COLUMN extra int;
ALTER TABLE la_sa_att.plain RENAME COLUMN note TO remark;
DROP TABLE la_sa_att.plain;
-- on its tracked table: an unmapped column may come and go
ALTER TABLE la_sa_att.mine ADD COLUMN extra int;
ALTER TABLE la_sa_att.mine DROP COLUMN extra;
-- mapped columns and the columns rules read stay
SELECT * FROM pg_temp.try($$ALTER TABLE la_sa_att.mine DROP COLUMN industry$$);
SELECT * FROM pg_temp.try($$ALTER TABLE la_sa_att.mine RENAME COLUMN visits TO visit_count$$);
SELECT * FROM pg_temp.try($$ALTER TABLE la_sa_att.mine DROP CONSTRAINT mine_pkey$$);
SELECT * FROM pg_temp.try($$TRUNCATE la_sa_att.mine$$);
-- the key stays NOT NULL with a unique index of its own; a lead_stage column
-- stays a lead_stage
CREATE TABLE la_sa_att.typed (id bigint NOT NULL UNIQUE, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track('la_sa_att.typed', key => 'id', stage => 'stage') OPERATOR(pg_catalog.>) 0 AS tracked;
SELECT * FROM pg_temp.try($$ALTER TABLE la_sa_att.typed ALTER COLUMN id DROP NOT NULL$$);
SELECT * FROM pg_temp.try($$ALTER TABLE la_sa_att.typed DROP CONSTRAINT typed_id_key$$);
SELECT * FROM pg_temp.try($$ALTER TABLE la_sa_att.typed ALTER COLUMN stage TYPE pg_catalog.text$$);
-- inheritance: a table with children cannot be tracked, a tracked table
-- cannot get children
CREATE TABLE la_sa_att.parent (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
CREATE TABLE la_sa_att.child () INHERITS (la_sa_att.parent);
SELECT * FROM pg_temp.try($$SELECT lead_align.track('la_sa_att.parent', key => 'id', stage => 'stage')$$);
SELECT * FROM pg_temp.try($$CREATE TABLE la_sa_att.child2 () INHERITS (la_sa_att.typed)$$);
DROP TABLE la_sa_att.parent, la_sa_att.child;
-- dropping a tracked table works and deactivates its track
DROP TABLE la_sa_att.typed;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT table_name, active, relid IS NULL AS forgot_oid FROM lead_align.track WHERE table_name = 'la_sa_att.typed';
-- TRUNCATE of one partition of a tracked partitioned table
CREATE TABLE sa_vic.parted (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE sa_vic.parted_1 PARTITION OF sa_vic.parted FOR VALUES FROM (0) TO (100);
ALTER TABLE sa_vic.parted OWNER TO la_sa_vic;
ALTER TABLE sa_vic.parted_1 OWNER TO la_sa_vic;
SET ROLE la_sa_vic;
SELECT lead_align.track('sa_vic.parted', key => 'id', stage => 'stage') > 0 AS tracked;
CREATE TABLE sa_vic.parted_2 PARTITION OF sa_vic.parted FOR VALUES FROM (100) TO (200);
INSERT INTO sa_vic.parted VALUES (1, 'new'), (150, 'new');
SELECT * FROM pg_temp.try($$TRUNCATE sa_vic.parted_1$$);
SELECT * FROM pg_temp.try($$TRUNCATE sa_vic.parted_2$$);
SELECT * FROM pg_temp.try($$TRUNCATE sa_vic.parted$$);
SELECT count(*) AS rows FROM sa_vic.parted;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;

-------------------------------------------------------------------------------
-- 11. Edge cases that must neither crash nor open a hole.
-------------------------------------------------------------------------------
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
-- a score rule may not read the scores (fit, interest)
SELECT * FROM pg_temp.try($$SELECT lead_align.add_score('la_sa_att.mine', 'fit', 'fit > 0', 5)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.add_score('la_sa_att.mine', 'interest', 'interest >= 10 OR visits > 5', 5)$$);
-- a stage label still in use cannot be unmapped
SELECT * FROM pg_temp.try($$SELECT lead_align.map_stage('la_sa_att.mine', 'MQL', NULL)$$);
SELECT * FROM pg_temp.try($$SELECT lead_align.map_stage('la_sa_att.mine', 'Lost', NULL)$$);
-- a json dimension holding "\u0000" (which jsonb cannot hold) does not make
-- the lead unwritable
CREATE TABLE la_sa_att.jdim (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, doc pg_catalog.json);
SELECT lead_align.track('la_sa_att.jdim', key => 'id', stage => 'stage', dimensions => ARRAY['doc']) OPERATOR(pg_catalog.>) 0 AS tracked;
SELECT * FROM pg_temp.try($$INSERT INTO la_sa_att.jdim VALUES (1, 'new', '{"name": "a\u0000b"}')$$);
SELECT * FROM pg_temp.try($$UPDATE la_sa_att.jdim SET stage = 'nurture' WHERE id = 1$$);
SELECT * FROM pg_temp.try($$DELETE FROM la_sa_att.jdim WHERE id = 1$$);
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT h.kind, h.to_stage, h.dimensions IS NOT NULL AS has_dimensions FROM lead_align.handoff h
  JOIN lead_align.track t ON t.id = h.track_id WHERE t.table_name = 'la_sa_att.jdim' ORDER BY h.id;
-- after ALTER ROLE ... RENAME, a new event records the new name
ALTER ROLE la_sa_att RENAME TO la_sa_att2;
SET ROLE la_sa_att2;
SET search_path = pg_temp, public, pg_catalog;
INSERT INTO la_sa_att.jdim VALUES (2, 'new', '{}');
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
ALTER ROLE la_sa_att2 RENAME TO la_sa_att;
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
UPDATE la_sa_att.jdim SET stage = 'nurture' WHERE id = 2;
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT h.lead_key, h.kind, h.actor FROM lead_align.handoff h
  JOIN lead_align.track t ON t.id = h.track_id WHERE t.table_name = 'la_sa_att.jdim' AND h.lead_key = '2' ORDER BY h.id;

-------------------------------------------------------------------------------
-- 12. Code of a table owner that runs with more rights than the owner's.
-------------------------------------------------------------------------------
-- Found by this suite, fixed: LoadTrack() compiled a track's rules with
-- expression_planner() while it ran as the extension's owner (a superuser),
-- so constant folding ran an IMMUTABLE function of the table owner's with
-- constant arguments as the extension's owner, outside restricted mode.  Any
-- role that owns a table could become a superuser this way: add a rule
-- calling its own function with a constant argument, then write one row.
-- Rules are now compiled as the table's owner in restricted mode.  The
-- function below records a row only when it runs as anyone but the attacker.
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
CREATE FUNCTION la_sa_att.gate(n int) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	IF current_user OPERATOR(pg_catalog.<>) 'la_sa_att' THEN
		PERFORM public.pwn('la_sa_att.gate(constant) folded by LoadTrack');
	END IF;
	RETURN n OPERATOR(pg_catalog.>) 0;
END $$;
SELECT lead_align.add_rule('la_sa_att.mine', 'warm', $$la_sa_att.gate(1) AND visits > 100$$, name => 'gate');
INSERT INTO la_sa_att.mine (id, stage, industry, visits) VALUES (10, 'New', 'retail', 1);
SELECT lead_align.drop_rule('la_sa_att.mine', 'gate');
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT who, role FROM public.pwned ORDER BY who;
SELECT rolsuper FROM pg_roles WHERE rolname = 'la_sa_att';
ALTER ROLE la_sa_att NOSUPERUSER;	-- undo what the bug did, for the checks that follow
-- Found by this suite, fixed: preview_rule() parsed the caller's predicate
-- with the table's own schema on the search_path, and ran it as the caller.
-- When a superuser (or any role with more rights) previewed a rule on a table
-- in a schema the table's owner controls, an operator of the owner's in that
-- schema that matches the argument types more closely than pg_catalog's
-- (here la_sa_att.= (varchar, varchar), against pg_catalog's text = text)
-- ran as the superuser.  The table's schema is now searched only when the
-- caller is the schema's owner.
SET ROLE la_sa_att;
SET search_path = pg_temp, public, pg_catalog;
CREATE TABLE la_sa_att.vc (id bigint PRIMARY KEY, stage lead_align.lead_stage NOT NULL, industry pg_catalog.varchar(20));
SELECT lead_align.track('la_sa_att.vc', key => 'id', stage => 'stage') OPERATOR(pg_catalog.>) 0 AS tracked;
INSERT INTO la_sa_att.vc VALUES (1, 'new', 'saas');
RESET ROLE;
SET search_path = pg_catalog, public, pg_temp;
SELECT * FROM lead_align.preview_rule('la_sa_att.vc', 'hot', $$industry = 'saas'$$);
SELECT who, role FROM public.pwned ORDER BY who;
SELECT rolsuper FROM pg_roles WHERE rolname = 'la_sa_att';
ALTER ROLE la_sa_att NOSUPERUSER;

-------------------------------------------------------------------------------
-- 13. The verdict: no hostile object ever ran, and no role gained a privilege.
-------------------------------------------------------------------------------
SELECT who, role FROM public.pwned ORDER BY who;
SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles
 WHERE rolname IN ('la_sa_att', 'la_sa_vic', 'la_sa_sales', 'la_sa_mkt') ORDER BY rolname;
SELECT r.rolname AS member_of FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
 WHERE m.member = 'la_sa_att'::regrole ORDER BY 1;
SELECT team, role FROM lead_align.team_role ORDER BY team;

-- Clean up: untrack (with the ledger), unbind, drop what the roles own.
SELECT lead_align.bind_team('sales', NULL);
SELECT t.table_name, lead_align.untrack(t.relid, purge => true) FROM lead_align.track t
 WHERE t.active AND (t.table_name LIKE 'sa\_vic.%' OR t.table_name LIKE 'la\_sa\_att.%') ORDER BY t.table_name;
SET client_min_messages = warning;
DROP SCHEMA sa_vic, la_sa_att CASCADE;
DROP OWNED BY la_sa_att, la_sa_vic, la_sa_sales, la_sa_mkt CASCADE;
DROP TABLE public.pwned;
REVOKE CREATE ON SCHEMA public FROM la_sa_att;
DROP ROLE la_sa_att, la_sa_vic, la_sa_sales, la_sa_mkt;
RESET client_min_messages;
RESET search_path;
SELECT count(*) AS leftover_tracks FROM lead_align.track t
 WHERE t.active AND (t.table_name LIKE 'sa\_vic.%' OR t.table_name LIKE 'la\_sa\_att.%');
