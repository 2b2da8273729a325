-- Install: the extension creates its own schema and nothing outside it.
-- (The first CREATE EXTENSION of a cluster says NOTICE that it created the
-- roles lead_align_admin and lead_align_reader; later ones are silent.)
SET client_min_messages = warning;
CREATE EXTENSION lead_align;
RESET client_min_messages;
SELECT extname, extversion, extrelocatable, n.nspname AS schema
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'lead_align';
-- every member object lives in schema lead_align (or is the schema itself, or
-- one of the two event triggers, which have no schema)
SELECT pg_describe_object(classid, objid, 0) AS outside_schema
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'lead_align')
   AND d.deptype = 'e'
   AND pg_describe_object(classid, objid, 0) NOT LIKE '%lead_align.%'
   AND pg_describe_object(classid, objid, 0) <> 'schema lead_align'
 ORDER BY 1;
-- I/O and arithmetic functions are IMMUTABLE STRICT PARALLEL SAFE (calendar() is not strict)
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'lead_align' AND p.prokind = 'f'
   AND (p.provolatile <> 'i' OR p.proparallel <> 's' OR NOT p.proisstrict)
 ORDER BY 1;
-- every function has a comment, except the support functions of the two types
SELECT p.oid::regprocedure AS uncommented
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'lead_align' AND obj_description(p.oid, 'pg_proc') IS NULL
   AND p.proname !~ '^(sla_window|business_calendar)_(in|out|recv|send|cmp|lt|le|eq|ne|ge|gt|hash|hash_extended)$'
 ORDER BY 1;
