-- repro 1: the lead_stage stage column is retyped to text, then the owner
-- moves a lead.  psql variables: tbl, and ddl_as / dml_as (SET ROLE ... or
-- RESET ROLE: who runs the ALTER, who the writes)
:ddl_as;
ALTER TABLE :tbl ALTER COLUMN stage TYPE text;
:dml_as;
UPDATE :tbl SET stage = 'mql' WHERE id = 1;
UPDATE :tbl SET stage = 'sal' WHERE id = 2;
INSERT INTO :tbl VALUES (3, 'new');
