/* lead_align 0.4: the full install script, built by make from the files in src/sql (SQL_SOURCES in the Makefile) */

\echo Use "CREATE EXTENSION lead_align" to load this file. \quit
