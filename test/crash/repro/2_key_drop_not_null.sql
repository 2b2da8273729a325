-- repro 2: NOT NULL is dropped from the key, then the owner inserts a NULL
-- key (variables as in 1_retype_stage.sql)
:ddl_as;
ALTER TABLE :tbl ALTER COLUMN id DROP NOT NULL;
:dml_as;
INSERT INTO :tbl VALUES (NULL, 'new');
UPDATE :tbl SET stage = 'nurture' WHERE id IS NULL;
DELETE FROM :tbl WHERE id IS NULL;
