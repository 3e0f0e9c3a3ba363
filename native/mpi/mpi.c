// The few MPI collectives latent needs, for Node (N-API): init, rank and size, reductions and
// broadcasts of typed arrays in place, an all-gather, a barrier, abort and finalize. Collectives run
// on libuv's thread pool (MPI_THREAD_SERIALIZED: JS awaits each before starting the next), so the
// event loop stays free for signals and progress while a rank waits for the others. Counts are cut
// into chunks below INT_MAX, MPI's count type.
#include <mpi.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1 << 27) /* elements per call: 1 GiB of float64 */
#define CHECK(call)                                                  \
  do {                                                               \
    if ((call) != napi_ok) {                                         \
      napi_throw_error(env, NULL, "latent_mpi: " #call " failed");   \
      return NULL;                                                   \
    }                                                                \
  } while (0)

static int threaded = 0; /* MPI may be called from a pool thread */

typedef enum { OP_ALLREDUCE, OP_REDUCE, OP_BCAST, OP_ALLGATHER, OP_ALLGATHERV, OP_BARRIER } op_kind;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref keep[2];
  op_kind kind;
  void *data; size_t count;     /* float64 elements, or bytes for bcast and allgatherv */
  void *out;                    /* allgather's destination */
  int root;
  int *counts, *displs;         /* allgatherv */
  int status;
} job;

static int rank_of(void) { int r; MPI_Comm_rank(MPI_COMM_WORLD, &r); return r; }
static int size_of(void) { int s; MPI_Comm_size(MPI_COMM_WORLD, &s); return s; }

static void run_job(job *j) {
  size_t n = j->count, step;
  int rc = MPI_SUCCESS, me = rank_of();
  switch (j->kind) {
  case OP_ALLREDUCE: /* reduce then broadcast: every rank gets the root's bits, whatever the algorithm */
  case OP_REDUCE:
    for (size_t at = 0; at < n && rc == MPI_SUCCESS; at += step) {
      double *p = (double *)j->data + at;
      step = n - at < CHUNK ? n - at : CHUNK;
      rc = me == j->root ? MPI_Reduce(MPI_IN_PLACE, p, (int)step, MPI_DOUBLE, MPI_SUM, j->root, MPI_COMM_WORLD)
                         : MPI_Reduce(p, NULL, (int)step, MPI_DOUBLE, MPI_SUM, j->root, MPI_COMM_WORLD);
      if (rc == MPI_SUCCESS && j->kind == OP_ALLREDUCE)
        rc = MPI_Bcast(p, (int)step, MPI_DOUBLE, j->root, MPI_COMM_WORLD);
    }
    break;
  case OP_BCAST:
    for (size_t at = 0; at < n && rc == MPI_SUCCESS; at += step) {
      step = n - at < CHUNK ? n - at : CHUNK;
      rc = MPI_Bcast((char *)j->data + at, (int)step, MPI_BYTE, j->root, MPI_COMM_WORLD);
    }
    break;
  case OP_ALLGATHER:
    rc = MPI_Allgather(j->data, (int)n, MPI_DOUBLE, j->out, (int)n, MPI_DOUBLE, MPI_COMM_WORLD);
    break;
  case OP_ALLGATHERV:
    rc = MPI_Allgatherv(j->data, (int)n, MPI_BYTE, j->out, j->counts, j->displs, MPI_BYTE, MPI_COMM_WORLD);
    break;
  case OP_BARRIER:
    rc = MPI_Barrier(MPI_COMM_WORLD);
    break;
  }
  j->status = rc;
}

static void execute(napi_env env, void *data) { (void)env; run_job((job *)data); }

static void complete(napi_env env, napi_status status, void *data) {
  job *j = (job *)data;
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  if (status == napi_ok && j->status == MPI_SUCCESS) napi_resolve_deferred(env, j->deferred, undefined);
  else {
    napi_value message, error;
    napi_create_string_utf8(env, "an MPI collective failed", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, j->deferred, error);
  }
  for (int i = 0; i < 2; i++) if (j->keep[i]) napi_delete_reference(env, j->keep[i]);
  napi_delete_async_work(env, j->work);
  free(j->counts); free(j->displs); free(j);
}

/* Start a job: on the pool where MPI allows it, else at once on this thread. */
static napi_value start(napi_env env, job *j) {
  napi_value promise, name;
  CHECK(napi_create_promise(env, &j->deferred, &promise));
  if (!threaded) {
    run_job(j);
    complete(env, napi_ok, j);
    return promise;
  }
  CHECK(napi_create_string_utf8(env, "latent_mpi", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_async_work(env, NULL, name, execute, complete, j, &j->work));
  CHECK(napi_queue_async_work(env, j->work));
  return promise;
}

/* A typed array's bytes, kept alive by a reference until the job completes. */
static int view(napi_env env, napi_value v, void **data, size_t *bytes, napi_ref *keep) {
  napi_typedarray_type type; size_t length, offset; napi_value buffer; bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) {
    napi_throw_type_error(env, NULL, "latent_mpi: a typed array is needed");
    return 0;
  }
  napi_get_typedarray_info(env, v, &type, &length, data, &buffer, &offset);
  size_t width = type == napi_float64_array || type == napi_bigint64_array || type == napi_biguint64_array ? 8
    : type == napi_float32_array || type == napi_int32_array || type == napi_uint32_array ? 4
    : type == napi_int16_array || type == napi_uint16_array ? 2 : 1;
  *bytes = length * width;
  napi_create_reference(env, v, 1, keep);
  return 1;
}

static napi_value args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "latent_mpi: missing arguments");
    return NULL;
  }
  return argv[0];
}

static int int_arg(napi_env env, napi_value v) { int32_t x = 0; napi_get_value_int32(env, v, &x); return x; }

/* reduceSum(f64, root, everyone): Σ over ranks, in place at the root (everyone: on every rank). */
static napi_value reduce_sum(napi_env env, napi_callback_info info) {
  napi_value argv[3]; bool all;
  if (!args(env, info, 3, argv)) return NULL;
  job *j = calloc(1, sizeof(job)); size_t bytes;
  if (!view(env, argv[0], &j->data, &bytes, &j->keep[0])) { free(j); return NULL; }
  j->count = bytes / 8; j->root = int_arg(env, argv[1]);
  napi_get_value_bool(env, argv[2], &all);
  j->kind = all ? OP_ALLREDUCE : OP_REDUCE;
  return start(env, j);
}

/* broadcast(array, root): the root's bytes to every rank, in place. */
static napi_value broadcast(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!args(env, info, 2, argv)) return NULL;
  job *j = calloc(1, sizeof(job));
  if (!view(env, argv[0], &j->data, &j->count, &j->keep[0])) { free(j); return NULL; }
  j->kind = OP_BCAST; j->root = int_arg(env, argv[1]);
  return start(env, j);
}

/* allgather(f64 src, f64 out): out = every rank's src in rank order (out holds size × src.length). */
static napi_value allgather(napi_env env, napi_callback_info info) {
  napi_value argv[2]; size_t bytes, outBytes;
  if (!args(env, info, 2, argv)) return NULL;
  job *j = calloc(1, sizeof(job));
  if (!view(env, argv[0], &j->data, &bytes, &j->keep[0]) ||
      !view(env, argv[1], &j->out, &outBytes, &j->keep[1])) {
    free(j);
    return NULL;
  }
  if (bytes / 8 > INT32_MAX || outBytes < bytes * (size_t)size_of()) {
    napi_throw_range_error(env, NULL, "latent_mpi: allgather's output is too small");
    free(j);
    return NULL;
  }
  j->kind = OP_ALLGATHER; j->count = bytes / 8;
  return start(env, j);
}

/* allgatherv(bytes src, bytes out, counts[]): every rank's bytes, concatenated in rank order. */
static napi_value allgatherv(napi_env env, napi_callback_info info) {
  napi_value argv[3]; size_t bytes, outBytes; uint32_t n;
  if (!args(env, info, 3, argv)) return NULL;
  job *j = calloc(1, sizeof(job));
  if (!view(env, argv[0], &j->data, &bytes, &j->keep[0]) ||
      !view(env, argv[1], &j->out, &outBytes, &j->keep[1])) {
    free(j);
    return NULL;
  }
  napi_get_array_length(env, argv[2], &n);
  j->counts = calloc(n, sizeof(int)); j->displs = calloc(n, sizeof(int));
  size_t total = 0;
  for (uint32_t r = 0; r < n; r++) {
    napi_value c; double v;
    napi_get_element(env, argv[2], r, &c); napi_get_value_double(env, c, &v);
    j->counts[r] = (int)v; j->displs[r] = (int)total; total += (size_t)v;
  }
  if (total > INT32_MAX || total > outBytes || bytes > INT32_MAX) {
    napi_throw_range_error(env, NULL, "latent_mpi: allgatherv moves more than 2 GiB at once");
    free(j->counts);
    free(j->displs);
    free(j);
    return NULL;
  }
  j->kind = OP_ALLGATHERV; j->count = bytes;
  return start(env, j);
}

static napi_value barrier(napi_env env, napi_callback_info info) {
  (void)info;
  job *j = calloc(1, sizeof(job));
  j->kind = OP_BARRIER;
  return start(env, j);
}

static napi_value init(napi_env env, napi_callback_info info) {
  (void)info;
  int flag, provided = MPI_THREAD_SINGLE;
  MPI_Initialized(&flag);
  if (!flag) MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
  else MPI_Query_thread(&provided);
  threaded = provided >= MPI_THREAD_SERIALIZED;
  napi_value out, v;
  napi_create_object(env, &out);
  napi_create_int32(env, rank_of(), &v); napi_set_named_property(env, out, "rank", v);
  napi_create_int32(env, size_of(), &v); napi_set_named_property(env, out, "size", v);
  napi_get_boolean(env, threaded, &v); napi_set_named_property(env, out, "threaded", v);
  char name[MPI_MAX_PROCESSOR_NAME]; int len;
  MPI_Get_processor_name(name, &len);
  napi_create_string_utf8(env, name, len, &v); napi_set_named_property(env, out, "host", v);
  return out;
}

static napi_value abort_job(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, 1, argv)) return NULL;
  MPI_Abort(MPI_COMM_WORLD, int_arg(env, argv[0]));
  return NULL;
}

static napi_value finalize(napi_env env, napi_callback_info info) {
  (void)info;
  int flag;
  MPI_Finalized(&flag);
  if (!flag) MPI_Finalize();
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static napi_value module_init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "init", NULL, init, NULL, NULL, NULL, napi_default, NULL },
    { "reduceSum", NULL, reduce_sum, NULL, NULL, NULL, napi_default, NULL },
    { "broadcast", NULL, broadcast, NULL, NULL, NULL, napi_default, NULL },
    { "allgather", NULL, allgather, NULL, NULL, NULL, napi_default, NULL },
    { "allgatherv", NULL, allgatherv, NULL, NULL, NULL, napi_default, NULL },
    { "barrier", NULL, barrier, NULL, NULL, NULL, napi_default, NULL },
    { "abort", NULL, abort_job, NULL, NULL, NULL, napi_default, NULL },
    { "finalize", NULL, finalize, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, module_init)
