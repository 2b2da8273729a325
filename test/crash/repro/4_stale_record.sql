-- repro 4: lead_align._stale() with a crafted record of the wrong shape
-- (psql variables: tid, the track id of crash_r.r4; dml_as)
:dml_as;
SELECT lead_align._stale('crash_r.r4'::regclass, :tid, ROW(3::int8, 0::int8, 4701758392437858304::int8));
