/*
 * security.c -- who lead_align runs as, and who may configure it.
 *
 * Three rules:
 *
 *  1. Every switch to another user id (the extension's owner, to read the
 *     configuration or write the ledger; a tracked table's owner, to run its
 *     rules) also pins search_path = pg_catalog, pg_temp for its duration.
 *     Without the explicit pg_temp at the end, the temporary schema is
 *     searched *first* for types: a pg_temp.text domain whose CHECK calls a
 *     function of the caller's would run that function as the other user.
 *     The pin is a GUC nest level, unwound by the error machinery when the
 *     code in between fails.
 *
 *  2. Entry points check the current user (GetUserId()), not the session
 *     user.  The public configuration functions (track, add_rule, sla, ...)
 *     are C wrappers (la_configure) that note the current user, refuse to run
 *     inside a security-restricted operation (a rule predicate, an index
 *     expression, maintenance), and call their SECURITY DEFINER
 *     implementation, which nobody else may execute; the implementation
 *     checks the noted caller through _caller_may_configure() and
 *     _caller_is_admin().
 *
 *  3. lead_align does not run on Citus yet, and fails closed: see
 *     la_refuse_citus().
 */
#include "la_track.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_language.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

/* ---------- running as another user ---------- */

static Oid	CachedOwner = InvalidOid;

/* Forget cached ids (called when any configuration changes). */
void
la_security_reset(void)
{
	CachedOwner = InvalidOid;
}

/*
 * The owner of schema lead_align: the role that installed the extension.
 * Cached; forgotten with the tracks' caches (any configuration change).
 */
Oid
la_extension_owner(void)
{
	Oid			nsp;
	HeapTuple	tup;

	if (OidIsValid(CachedOwner))
		return CachedOwner;
	nsp = get_namespace_oid("lead_align", false);
	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for schema lead_align");
	CachedOwner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	ReleaseSysCache(tup);
	return CachedOwner;
}

/*
 * Become uid (adding sec_flags to the security context) with search_path
 * pinned to pg_catalog, pg_temp; la_run_as_end() undoes both.  pin = false
 * switches the user only, for code that provably resolves no name (compiled
 * rule expressions that call only built-in and C functions).
 */
void
la_run_as_begin(LaRunAs *s, Oid uid, int sec_flags, bool pin)
{
	GetUserIdAndSecContext(&s->save_uid, &s->save_sec);
	SetUserIdAndSecContext(uid, s->save_sec | sec_flags);
	s->nestlevel = -1;
	if (pin)
	{
		s->nestlevel = NewGUCNestLevel();
		(void) set_config_option("search_path", "pg_catalog, pg_temp",
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	}
}

void
la_run_as_end(LaRunAs *s)
{
	if (s->nestlevel >= 0)
		AtEOXact_GUC(true, s->nestlevel);
	SetUserIdAndSecContext(s->save_uid, s->save_sec);
}

/* Become the extension's owner, search_path pinned. */
void
la_become_owner(LaRunAs *s)
{
	la_run_as_begin(s, la_extension_owner(), SECURITY_LOCAL_USERID_CHANGE, true);
}

/*
 * Does evaluating expr run code that resolves names at run time?  Built-in
 * and C functions are written by superusers and resolve nothing through the
 * search_path that matters here; SQL and procedural functions (and domain
 * constraints, which may call them) do.  Rule predicates that call only the
 * former are evaluated without pinning the search_path for each row.
 */
static bool
NeedsPinFunc(Oid funcid, void *context)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	Oid			lang;

	if (!HeapTupleIsValid(tup))
		return true;
	lang = ((Form_pg_proc) GETSTRUCT(tup))->prolang;
	ReleaseSysCache(tup);
	return lang != INTERNALlanguageId && lang != ClanguageId;
}

static bool
NeedsPinWalker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, CoerceToDomain))
		return true;
	if (check_functions_in_node(node, NeedsPinFunc, context))
		return true;
	return expression_tree_walker(node, NeedsPinWalker, context);
}

bool
la_expr_needs_pin(Node *expr)
{
	return NeedsPinWalker(expr, NULL);
}

/* ---------- who may configure ---------- */

/* The current user of the public configuration function being run (la_configure). */
static Oid	ConfigCaller = InvalidOid;

static Oid
Caller(void)
{
	return OidIsValid(ConfigCaller) ? ConfigCaller : GetUserId();
}

static bool
IsAdmin(Oid role)
{
	Oid			admin = get_role_oid("lead_align_admin", true);

	return superuser_arg(role) || (OidIsValid(admin) && has_privs_of_role(role, admin));
}

bool
la_may_configure(Oid relid, Oid role)
{
	return IsAdmin(role) || object_ownercheck_compat(relid, role);
}

PG_FUNCTION_INFO_V1(la_caller_may_configure);
/* May the caller (the current user of the public function) configure the track of tbl? */
Datum
la_caller_may_configure(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Oid			caller = Caller();
	bool		exists = get_rel_name(relid) != NULL;

	if (IsAdmin(caller))
		PG_RETURN_BOOL(true);
	if (!exists || !object_ownercheck_compat(relid, caller))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s to configure its tracking",
						exists ? quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
															get_rel_name(relid)) : psprintf("%u", relid)),
				 errhint("Ask the table's owner, or a member of lead_align_admin.")));
	PG_RETURN_BOOL(true);
}

PG_FUNCTION_INFO_V1(la_caller_is_admin);
/* Is the caller a superuser or a member of lead_align_admin? */
Datum
la_caller_is_admin(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(IsAdmin(Caller()));
}

/* Refuse configuration inside a security-restricted operation. */
void
la_refuse_restricted(const char *what)
{
	if (InSecurityRestrictedOperation())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("cannot call lead_align.%s() during a security-restricted operation", what),
				 errdetail("Rule predicates, index expressions and maintenance commands run in a security-restricted operation."),
				 errhint("Call it directly, not from a function a rule, an index or a maintenance command runs.")));
}

typedef struct ConfigImpl
{
	FmgrInfo	flinfo;
	bool		strict;
} ConfigImpl;

/* The implementation of a public configuration function: lead_align._<name>(same arguments). */
static ConfigImpl *
ImplOf(FunctionCallInfo fcinfo)
{
	ConfigImpl *ci = (ConfigImpl *) fcinfo->flinfo->fn_extra;
	HeapTuple	tup;
	Form_pg_proc p;
	Oid			impl;

	if (ci != NULL)
		return ci;
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	p = (Form_pg_proc) GETSTRUCT(tup);
	if (p->pronamespace != get_namespace_oid("lead_align", false))
		elog(ERROR, "la_configure() serves functions of schema lead_align only");
	impl = LookupFuncName(list_make2(makeString("lead_align"),
									 makeString(psprintf("_%s", NameStr(p->proname)))),
						  p->pronargs, p->proargtypes.values, false);
	ReleaseSysCache(tup);
	ci = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ConfigImpl));
	fmgr_info_cxt(impl, &ci->flinfo, fcinfo->flinfo->fn_mcxt);
	ci->strict = ci->flinfo.fn_strict;
	fcinfo->flinfo->fn_extra = ci;
	return ci;
}

PG_FUNCTION_INFO_V1(la_configure);
/*
 * The public configuration functions: note the current user, refuse inside
 * a security-restricted operation, and run lead_align._<name>(), the
 * SECURITY DEFINER implementation that PUBLIC may not execute.
 */
Datum
la_configure(PG_FUNCTION_ARGS)
{
	ConfigImpl *ci = ImplOf(fcinfo);
	LOCAL_FCINFO(call, FUNC_MAX_ARGS);
	Oid			save = ConfigCaller;
	Datum		result;
	int			i;

	la_refuse_restricted(get_func_name(fcinfo->flinfo->fn_oid));
	InitFunctionCallInfoData(*call, &ci->flinfo, PG_NARGS(), PG_GET_COLLATION(), NULL, NULL);
	for (i = 0; i < PG_NARGS(); i++)
	{
		call->args[i] = fcinfo->args[i];
		if (ci->strict && fcinfo->args[i].isnull)
			PG_RETURN_NULL();
	}
	ConfigCaller = GetUserId();
	PG_TRY();
	{
		result = FunctionCallInvoke(call);
	}
	PG_FINALLY();
	{
		ConfigCaller = save;
	}
	PG_END_TRY();
	fcinfo->isnull = call->isnull;
	return result;
}

/* ---------- Citus: fail closed ---------- */

/*
 * lead_align is not tested on Citus, so it refuses to run where Citus could
 * route its rows to shards: a tracked table or the ledger that Citus knows
 * (pg_dist_partition), and any trigger firing on a node that is not the
 * coordinator.  Citus is detected without linking to it: its catalog table
 * exists only where it is installed.
 */
static bool
CitusKnows(Oid relid)
{
	bool		found = false;

	if (!OidIsValid(relid))
		return false;
	{
		Datum		arg[1];
		Oid			types[1] = {OIDOID};
		bool		isnull;

		arg[0] = ObjectIdGetDatum(relid);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute_with_args("SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM pg_catalog.pg_dist_partition "
								  "WHERE logicalrelid OPERATOR(pg_catalog.=) $1",
								  1, types, arg, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read pg_dist_partition");
		found = SPI_processed == 1 &&
			DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		SPI_finish();
	}
	return found;
}

/* Is Citus installed in this database?  Its catalog table says so. */
bool
la_citus_installed(void)
{
	return OidIsValid(get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE));
}

/* Refuse a table (the tracked table or the ledger) that Citus distributes. */
void
la_refuse_citus(Oid relid, const char *what)
{
	if (!la_citus_installed())
		return;
	if (CitusKnows(relid))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s \"%s\" is a Citus table, which lead_align does not support",
						what, get_rel_name(relid)),
				 errdetail("Triggers on Citus shards would write ledger rows where nobody reads them."),
				 errhint("Track a local table, or keep lead_align.handoff a local table.")));
}

PG_FUNCTION_INFO_V1(la_check_citus);
/* lead_align._check_citus(tbl): 0A000 when Citus distributes tbl. */
Datum
la_check_citus(PG_FUNCTION_ARGS)
{
	la_refuse_citus(PG_GETARG_OID(0), "table");
	PG_RETURN_VOID();
}
