-- repro 3: the key's unique constraint (psql variable cons) is dropped, then
-- the owner writes leads (variables as in 1_retype_stage.sql)
:ddl_as;
ALTER TABLE :tbl DROP CONSTRAINT :cons;
:dml_as;
INSERT INTO :tbl VALUES (3, 'new'), (3, 'mql');
UPDATE :tbl SET stage = 'sal' WHERE id = 2;
UPDATE :tbl SET stage = 'nurture' WHERE id = 1;
DELETE FROM :tbl WHERE id = 3;
