-- Search-path attack (as in contrib/seg): a hostile function created by an
-- ordinary role in public must never be called by the extension's functions.
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE ROLE lead_align_mallory;
GRANT CREATE ON SCHEMA public TO lead_align_mallory;
SET ROLE lead_align_mallory;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE plpgsql AS
	$$BEGIN RAISE EXCEPTION 'hostile lower() called'; END$$;
CREATE FUNCTION public.upper(text) RETURNS text LANGUAGE plpgsql AS
	$$BEGIN RAISE EXCEPTION 'hostile upper() called'; END$$;
CREATE FUNCTION public.jsonb_each_text(jsonb) RETURNS SETOF record LANGUAGE plpgsql AS
	$$BEGIN RAISE EXCEPTION 'hostile jsonb_each_text() called'; END$$;
SET search_path = public, pg_catalog;
SELECT lead_align.calendar('mo-fr 09:00-17:00', 'europe/berlin', ARRAY['2026-12-25'::date], '{"12-24": "09:00-12:00"}');
SELECT lead_align.business_add('2026-01-02 16:00+00', '2 business hours', 'MO-FR 09:00-17:00; TZ utc');
SELECT 'MO-FR 09:00-17:00'::lead_align.business_calendar OPERATOR(pg_catalog.@>) '2026-01-02 16:00+00'::timestamptz AS open;
RESET search_path;
RESET ROLE;
DROP FUNCTION public.lower(text), public.upper(text), public.jsonb_each_text(jsonb);
REVOKE CREATE ON SCHEMA public FROM lead_align_mallory;
DROP ROLE lead_align_mallory;
-- an ordinary role can use the types and functions
CREATE ROLE lead_align_user;
SET ROLE lead_align_user;
SELECT lead_align.business_add('2026-01-02 16:00+00', '2 business hours', 'Mo-Fr 09:00-17:00');
RESET ROLE;
DROP ROLE lead_align_user;

-- The ledger's SQL path (taken when a DBA gives the ledger a trigger) runs as
-- the extension's owner with search_path pinned to pg_catalog, pg_temp: a
-- DBA's trigger function that calls upper() without a schema must get
-- pg_catalog.upper, never a function an ordinary role put in public, whatever
-- the search_path of the role whose insert flushed the rows.
CREATE TABLE public.sec_marker (who text, as_user name);
GRANT INSERT ON public.sec_marker TO PUBLIC;
CREATE SCHEMA sec;
CREATE TABLE sec.leads (id int PRIMARY KEY, stage lead_align.lead_stage NOT NULL);
SELECT lead_align.track('sec.leads', 'id', 'stage') > 0 AS tracked;
CREATE FUNCTION sec.ledger_audit() RETURNS trigger LANGUAGE plpgsql AS
	$$BEGIN PERFORM upper(NEW.kind); RETURN NEW; END$$;
CREATE TRIGGER sec_ledger_audit AFTER INSERT ON lead_align.handoff FOR EACH ROW EXECUTE FUNCTION sec.ledger_audit();
CREATE ROLE lead_align_eve2;
GRANT CREATE, USAGE ON SCHEMA public TO lead_align_eve2;
GRANT USAGE ON SCHEMA sec TO lead_align_eve2;
GRANT INSERT ON sec.leads TO lead_align_eve2;
SET ROLE lead_align_eve2;
CREATE FUNCTION public.upper(text) RETURNS text LANGUAGE plpgsql AS
	$$BEGIN INSERT INTO public.sec_marker VALUES ('public.upper', current_user); RETURN $1; END$$;
SET search_path = public, pg_catalog;
INSERT INTO sec.leads VALUES (1, 'new');
RESET search_path;
RESET ROLE;
SELECT count(*) AS hostile_calls FROM public.sec_marker;
SELECT lead_key, kind FROM lead_align.handoff WHERE track = 'sec.leads';
DROP TRIGGER sec_ledger_audit ON lead_align.handoff;
SELECT lead_align.untrack('sec.leads', purge => true);
DROP SCHEMA sec CASCADE;
DROP FUNCTION public.upper(text);
DROP TABLE public.sec_marker;
REVOKE CREATE, USAGE ON SCHEMA public FROM lead_align_eve2;
DROP ROLE lead_align_eve2;
