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
