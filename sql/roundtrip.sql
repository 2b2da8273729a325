-- Binary and text round trips through COPY, and indexes on both types.
CREATE TABLE rt (id int, w lead_align.sla_window, c lead_align.business_calendar);
INSERT INTO rt VALUES
	(1, '4 business hours', 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; 12-25,12-26 off; 2026-12-24 09:00-12:00; 2026-12-31 off; tz Europe/Berlin'),
	(2, '-2 business days', '24/7; tz UTC'),
	(3, '1 day 0.000001 seconds', 'Mo-Fr 22:00-06:00; tz America/Los_Angeles'),
	(4, '0 business seconds', 'tz Asia/Kolkata'),
	(5, NULL, NULL);
\copy rt TO 'results/rt.bin' WITH (FORMAT binary)
\copy rt TO 'results/rt.txt'
CREATE TABLE rt_bin (LIKE rt);
CREATE TABLE rt_txt (LIKE rt);
\copy rt_bin FROM 'results/rt.bin' WITH (FORMAT binary)
\copy rt_txt FROM 'results/rt.txt'
SELECT a.id,
       coalesce(a.w = b.w, a.w IS NULL AND b.w IS NULL) AS w_binary_same,
       coalesce(a.c = b.c, a.c IS NULL AND b.c IS NULL) AS c_binary_same,
       coalesce(a.w = t.w, a.w IS NULL AND t.w IS NULL) AS w_text_same,
       coalesce(a.c = t.c, a.c IS NULL AND t.c IS NULL) AS c_text_same
  FROM rt a JOIN rt_bin b USING (id) JOIN rt_txt t USING (id) ORDER BY a.id;
-- indexes on business_calendar: btree and hash, used for equality
CREATE INDEX rt_c ON rt (c);
CREATE INDEX rt_ch ON rt USING hash (c);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM rt WHERE c = '24/7';
SELECT id FROM rt WHERE c = '24/7';
SELECT id FROM rt WHERE c = 'Mo-Su 00:00-24:00; tz UTC';
RESET enable_seqscan;
SELECT c, count(*) FROM rt GROUP BY c ORDER BY c::text;
DROP TABLE rt, rt_bin, rt_txt;
