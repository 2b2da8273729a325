-- Uninstall is clean: no schema, types, functions or operators left behind.
DROP EXTENSION lead_align;
SELECT count(*) AS schemas FROM pg_namespace WHERE nspname = 'lead_align';
SELECT count(*) AS types FROM pg_type WHERE typname IN ('sla_window', 'business_calendar', 'lead_stage', 'lead_temperature');
SELECT count(*) AS functions FROM pg_proc WHERE proname LIKE 'business\_%' OR proname LIKE 'sla\_window%' OR proname LIKE 'lead\_%' OR proname = 'owner_team';
-- and it installs again
CREATE EXTENSION lead_align;
SELECT '1 business day'::lead_align.sla_window;
DROP EXTENSION lead_align;
