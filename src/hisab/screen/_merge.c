/* The candidate stage's merge of listed names' numbers (screen/service.py, `merged`), in C.
 *
 * Why C: the candidate stage finds, for each part of a query, the listed names holding a part
 * like it (`_expand`: one array of name numbers for each such listed part), keeps each name once
 * with its best credit, and then sums, for each name, the credits of all the query's parts
 * (`_candidates`). numpy did both by sorting the concatenated numbers (`best_per_name`,
 * `_unique` and `np.bincount`): on the benchmark's sample queries 7.5% of screening's
 * instructions, much of it numpy's own cost per call on arrays of a few hundred numbers
 * (docs/benchmarks.md, 2026-12-07). The numbers are those of the index's names, so a table
 * with a slot for each name takes them in one pass, in any order, and a bitmap of the slots
 * used gives them back in order.
 *
 * merge(runs, values, size, summing) -> (ids, results):
 *   runs: a list of C-contiguous int32 arrays of name numbers, each in [0, size);
 *   values: a list of float64 arrays, one value for each number of the run in its place, or
 *     one float64 array with a value for each run;
 *   summing: True to sum each number's values (in the order given, from 0.0, as np.bincount
 *     adds them), False to keep the greatest;
 *   ids: each number given, once, in ascending order (int32); results: its sum or greatest
 *   value (float64); each a bytearray of the values, for numpy.frombuffer.
 * credited(runs, sims, more, size, zero, full) -> (ids, credits): the names a query part finds
 *   (service.py, `credited`): each run (int32) the names holding one listed part, that part's
 *   similarity `sims[k]` (float64), or `more[k - len(sims)]` (a list of floats) past them; each
 *   similarity made a credit, (s - zero) / (full - zero) within [0, 1] (`prescore_credits`); the
 *   runs of no credit left out, and each name once with its best credit, as `merge` gives them.
 * choose(pool, counted, least, lengths, tiebreak, most, allowed, subjects, groups)
 *   -> (names, owners, scores): the candidate stage's choice of the names to score (service.py,
 *   `choose`): of the names `pool` (int32) with their sums `counted` (float64), those whose sum is
 *   `least` or more and that `allowed` (a bool for each name, or None) lets through, each scored
 *   its sum less `tiebreak` times its length (`lengths`, float64, a value for each name); the
 *   `most` highest and every one tied with the last of them, highest first, equal scores in the
 *   order of `pool`; with each name's subject (`subjects`, int32, a subject for each name) or
 *   its subject's group (`groups`, int32, a group for each subject, or None). Lists of ints,
 *   ints and floats. It replaces about sixteen numpy calls on arrays of a few hundred numbers,
 *   whose cost is numpy's own per call (docs/benchmarks.md, 2026-12-07).
 * service.py keeps the numpy code as the reference, used where this module is not built, and
 * tests compare the two.
 *
 * The table and the bitmap are kept between calls (grown to the largest `size` asked) and left
 * clear: only the bitmap is cleared after a call, a slot being written, not added to, the first
 * time a call meets its number. Calls hold the GIL from start to end, so threads sharing a
 * screener never interleave in them.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static double *table = NULL;
static uint64_t *used = NULL;
static Py_ssize_t capacity = 0;

static int
grow(Py_ssize_t size)
{
    if (size <= capacity)
        return 0;
    Py_ssize_t words = (size + 63) / 64;
    double *more = PyMem_Realloc(table, sizeof(double) * (size_t)size);
    if (more == NULL)
        return -1;
    table = more;
    uint64_t *bits = PyMem_Realloc(used, sizeof(uint64_t) * (size_t)words);
    if (bits == NULL)
        return -1;
    Py_ssize_t old_words = (capacity + 63) / 64;
    memset(bits + old_words, 0, sizeof(uint64_t) * (size_t)(words - old_words));
    used = bits;
    capacity = size;
    return 0;
}

/* A C-contiguous buffer of `itemsize`-byte values of format `code` ('i' or 'd'). An error
 * names the function, the argument and (k 0 or more) its place: "merge: run 3 must be ...". */
static int
read_buffer(PyObject *object, Py_buffer *view, char code, Py_ssize_t itemsize, const char *function,
            const char *what, Py_ssize_t k)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format != NULL ? view->format : "B";
    if (format[0] == '=' || format[0] == '<' || format[0] == '@')
        format++;
    if (view->itemsize != itemsize || format[0] != code || format[1] != '\0') {
        const char *kind = code == 'i' ? "int32" : "float64";
        if (k >= 0)
            PyErr_Format(PyExc_ValueError, "%s: %s %zd must be a contiguous %s array", function, what, k, kind);
        else
            PyErr_Format(PyExc_ValueError, "%s: %s must be a contiguous %s array", function, what, kind);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Take one run's numbers into the table: `given` (a value for each number) or `one` (for all),
 * summed or the greatest kept. Returns the place of the first number out of [0, size), or -1.
 * Inlined where `summing` and `per_number` are constants, so that each of the four loops is
 * compiled without their tests. */
static inline __attribute__((always_inline)) Py_ssize_t
take(const int32_t *ids, Py_ssize_t n, const double *given, double one, const int per_number, const int summing,
     Py_ssize_t size, Py_ssize_t *found, Py_ssize_t *lowest, Py_ssize_t *highest)
{
    /* Python is compiled without strict aliasing: the tables are read into locals, so that each
     * store does not make the compiler read the globals again. */
    double *slots = table;
    uint64_t *bits = used;
    Py_ssize_t new = 0, low = *lowest, high = *highest;
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t id = ids[i];
        if ((uint32_t)id >= (uint32_t)size) {
            *found += new;
            *lowest = low;
            *highest = high;
            return i;
        }
        double value = per_number ? given[i] : one;
        uint64_t bit = (uint64_t)1 << (id & 63);
        uint64_t *word = &bits[id >> 6];
        if (!(*word & bit)) {
            *word |= bit;
            slots[id] = summing ? 0.0 + value : value;
            new++;
            if (id < low)
                low = id;
            if (id > high)
                high = id;
        } else if (summing) {
            slots[id] += value;
        } else if (value > slots[id]) {
            slots[id] = value;
        }
    }
    *found += new;
    *lowest = low;
    *highest = high;
    return -1;
}

/* The numbers the table holds (`found` of them, marked in the bitmap from `lowest` to
 * `highest`) in ascending order, with their values: (ids, results) as bytearrays. The bitmap is
 * cleared whether or not the call `failed` (then NULL is returned). */
static PyObject *
read_out(Py_ssize_t found, Py_ssize_t lowest, Py_ssize_t highest, int failed)
{
    PyObject *ids_out = NULL, *values_out = NULL, *result = NULL;
    if (!failed) {
        ids_out = PyByteArray_FromStringAndSize(NULL, found * 4);
        values_out = PyByteArray_FromStringAndSize(NULL, found * (Py_ssize_t)sizeof(double));
        failed = ids_out == NULL || values_out == NULL;
    }
    /* Read the bitmap in order (clearing it), whether or not the call failed. */
    int32_t *ids = failed ? NULL : (int32_t *)PyByteArray_AS_STRING(ids_out);
    double *results = failed ? NULL : (double *)PyByteArray_AS_STRING(values_out);
    Py_ssize_t at = 0;
    if (highest >= 0) {
        const double *slots = table;
        uint64_t *words = used;
        for (Py_ssize_t w = lowest >> 6; w <= highest >> 6; w++) {
            uint64_t bits = words[w];
            if (!bits)
                continue;
            words[w] = 0;
            if (failed)
                continue;
            while (bits) {
                int32_t id = (int32_t)((w << 6) + __builtin_ctzll(bits));
                ids[at] = id;
                results[at] = slots[id];
                at++;
                bits &= bits - 1;
            }
        }
    }
    if (!failed)
        result = PyTuple_Pack(2, ids_out, values_out);
    Py_XDECREF(ids_out);
    Py_XDECREF(values_out);
    return result;
}

static PyObject *
merge(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "merge(runs: list, values, size: int, summing: bool)");
        return NULL;
    }
    PyObject *runs = args[0], *values = args[1];
    Py_ssize_t size = PyLong_AsSsize_t(args[2]);
    if (size == -1 && PyErr_Occurred())
        return NULL;
    int summing = PyObject_IsTrue(args[3]);
    if (summing < 0)
        return NULL;
    if (size < 0 || size > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "merge: size must be from 0 to 2**31 - 1");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(runs);
    int per_number = PyList_Check(values);
    Py_buffer per_run;
    const double *run_values = NULL;
    if (per_number) {
        if (PyList_GET_SIZE(values) != count) {
            PyErr_Format(PyExc_ValueError, "merge: %zd runs but %zd arrays of values", count, PyList_GET_SIZE(values));
            return NULL;
        }
    } else {
        if (read_buffer(values, &per_run, 'd', sizeof(double), "merge", "values", 0) < 0)
            return NULL;
        if (per_run.len / (Py_ssize_t)sizeof(double) != count) {
            PyErr_Format(PyExc_ValueError, "merge: %zd runs but %zd values", count,
                         per_run.len / (Py_ssize_t)sizeof(double));
            PyBuffer_Release(&per_run);
            return NULL;
        }
        run_values = (const double *)per_run.buf;
    }
    if (grow(size) < 0) {
        if (!per_number)
            PyBuffer_Release(&per_run);
        return PyErr_NoMemory();
    }
    Py_ssize_t found = 0, lowest = size, highest = -1;
    int failed = 0;
    for (Py_ssize_t k = 0; k < count && !failed; k++) {
        Py_buffer run, run_numbers_values;
        if (read_buffer(PyList_GET_ITEM(runs, k), &run, 'i', 4, "merge", "run", k) < 0) {
            failed = 1;
            break;
        }
        Py_ssize_t n = run.len / 4;
        const int32_t *ids = (const int32_t *)run.buf;
        const double *given = NULL;
        double one = 0.0;
        if (per_number) {
            if (read_buffer(PyList_GET_ITEM(values, k), &run_numbers_values, 'd', sizeof(double), "merge", "values", k) < 0) {
                PyBuffer_Release(&run);
                failed = 1;
                break;
            }
            if (run_numbers_values.len / (Py_ssize_t)sizeof(double) != n) {
                PyErr_Format(PyExc_ValueError, "merge: run %zd holds %zd numbers but %zd values", k, n,
                             run_numbers_values.len / (Py_ssize_t)sizeof(double));
                PyBuffer_Release(&run_numbers_values);
                PyBuffer_Release(&run);
                failed = 1;
                break;
            }
            given = (const double *)run_numbers_values.buf;
        } else {
            one = run_values[k];
        }
        Py_ssize_t bad;
        if (per_number)
            bad = summing ? take(ids, n, given, 0.0, 1, 1, size, &found, &lowest, &highest)
                          : take(ids, n, given, 0.0, 1, 0, size, &found, &lowest, &highest);
        else
            bad = summing ? take(ids, n, NULL, one, 0, 1, size, &found, &lowest, &highest)
                          : take(ids, n, NULL, one, 0, 0, size, &found, &lowest, &highest);
        if (bad >= 0) {
            PyErr_Format(PyExc_ValueError, "merge: run %zd holds %d, outside [0, %zd)", k, (int)ids[bad], size);
            failed = 1;
        }
        if (per_number)
            PyBuffer_Release(&run_numbers_values);
        PyBuffer_Release(&run);
    }
    if (!per_number)
        PyBuffer_Release(&per_run);
    return read_out(found, lowest, highest, failed);
}

static PyObject *
credited(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6 || !PyList_Check(args[0]) || !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "credited(runs: list, sims, more: list, size: int, zero, full)");
        return NULL;
    }
    PyObject *runs = args[0], *more = args[2];
    Py_ssize_t size = PyLong_AsSsize_t(args[3]);
    if (size == -1 && PyErr_Occurred())
        return NULL;
    if (size < 0 || size > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "credited: size must be from 0 to 2**31 - 1");
        return NULL;
    }
    double zero = PyFloat_AsDouble(args[4]);
    if (zero == -1.0 && PyErr_Occurred())
        return NULL;
    double full = PyFloat_AsDouble(args[5]);
    if (full == -1.0 && PyErr_Occurred())
        return NULL;
    Py_buffer view;
    if (read_buffer(args[1], &view, 'd', sizeof(double), "credited", "sims", -1) < 0)
        return NULL;
    const double *sims = (const double *)view.buf;
    Py_ssize_t batched = view.len / (Py_ssize_t)sizeof(double);
    Py_ssize_t count = PyList_GET_SIZE(runs);
    if (batched + PyList_GET_SIZE(more) != count) {
        PyErr_Format(PyExc_ValueError, "credited: %zd runs but %zd similarities", count,
                     batched + PyList_GET_SIZE(more));
        PyBuffer_Release(&view);
        return NULL;
    }
    if (grow(size) < 0) {
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    double span = full - zero;
    Py_ssize_t found = 0, lowest = size, highest = -1;
    int failed = 0;
    for (Py_ssize_t k = 0; k < count && !failed; k++) {
        double sim;
        if (k < batched) {
            sim = sims[k];
        } else {
            sim = PyFloat_AsDouble(PyList_GET_ITEM(more, k - batched));
            if (sim == -1.0 && PyErr_Occurred()) {
                failed = 1;
                break;
            }
        }
        /* As numpy: the difference, divided by the span; then at least 0, at most 1. */
        double share = (sim - zero) / span;
        share = share > 0.0 ? share : 0.0;
        share = share < 1.0 ? share : 1.0;
        if (!(share > 0.0))
            continue;
        Py_buffer run;
        if (read_buffer(PyList_GET_ITEM(runs, k), &run, 'i', 4, "credited", "run", k) < 0) {
            failed = 1;
            break;
        }
        const int32_t *ids = (const int32_t *)run.buf;
        Py_ssize_t bad = take(ids, run.len / 4, NULL, share, 0, 0, size, &found, &lowest, &highest);
        if (bad >= 0) {
            PyErr_Format(PyExc_ValueError, "credited: run %zd holds %d, outside [0, %zd)", k, (int)ids[bad], size);
            failed = 1;
        }
        PyBuffer_Release(&run);
    }
    PyBuffer_Release(&view);
    return read_out(found, lowest, highest, failed);
}

/* A C-contiguous buffer of one-byte bools ('?'), for `choose`'s `allowed`. */
static int
read_bools(PyObject *object, Py_buffer *view)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format != NULL ? view->format : "B";
    if (view->itemsize != 1 || format[0] != '?' || format[1] != '\0') {
        PyErr_SetString(PyExc_ValueError, "choose: allowed must be a contiguous bool array");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

typedef struct {
    double score;
    Py_ssize_t place;
} Ranked;

/* The score that would stand at place `k` of `ranked` (n of them) sorted highest first
 * (quickselect; `ranked` is reordered). As numpy's partition, it is a value, not a place:
 * whichever of equal scores stands there, the answer is the same. */
static double
kth_highest(Ranked *ranked, Py_ssize_t n, Py_ssize_t k)
{
    Py_ssize_t left = 0, right = n - 1;
    while (left < right) {
        Py_ssize_t middle = left + (right - left) / 2;
        double a = ranked[left].score, b = ranked[middle].score, c = ranked[right].score;
        /* The median of three as the pivot. */
        double pivot = a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
        Py_ssize_t i = left, j = right;
        while (i <= j) {
            while (ranked[i].score > pivot)
                i++;
            while (ranked[j].score < pivot)
                j--;
            if (i <= j) {
                Ranked swap = ranked[i];
                ranked[i] = ranked[j];
                ranked[j] = swap;
                i++;
                j--;
            }
        }
        if (k <= j)
            right = j;
        else if (k >= i)
            left = i;
        else
            return ranked[k].score;
    }
    return ranked[k].score;
}

/* Highest score first; equal scores in their order. */
static int
compare_ranked(const void *a, const void *b)
{
    const Ranked *x = (const Ranked *)a, *y = (const Ranked *)b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->place > y->place) - (x->place < y->place);
}

static PyObject *
choose(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError,
                        "choose(pool, counted, least, lengths, tiebreak, most, allowed, subjects, groups)");
        return NULL;
    }
    double least = PyFloat_AsDouble(args[2]);
    if (least == -1.0 && PyErr_Occurred())
        return NULL;
    double tiebreak = PyFloat_AsDouble(args[4]);
    if (tiebreak == -1.0 && PyErr_Occurred())
        return NULL;
    Py_ssize_t most = PyLong_AsSsize_t(args[5]);
    if (most == -1 && PyErr_Occurred())
        return NULL;
    if (most < 1) {
        PyErr_SetString(PyExc_ValueError, "choose: most must be 1 or more");
        return NULL;
    }
    Py_buffer views[6];
    int held = 0;
    PyObject *result = NULL;
    Ranked *ranked = NULL;
    int32_t *names = NULL;
    if (read_buffer(args[0], &views[held], 'i', 4, "choose", "pool", -1) < 0)
        goto done;
    held++;
    if (read_buffer(args[1], &views[held], 'd', sizeof(double), "choose", "counted", -1) < 0)
        goto done;
    held++;
    if (read_buffer(args[3], &views[held], 'd', sizeof(double), "choose", "lengths", -1) < 0)
        goto done;
    held++;
    if (read_buffer(args[7], &views[held], 'i', 4, "choose", "subjects", -1) < 0)
        goto done;
    held++;
    const int32_t *pool = (const int32_t *)views[0].buf;
    const double *counted = (const double *)views[1].buf;
    const double *lengths = (const double *)views[2].buf;
    const int32_t *subjects = (const int32_t *)views[3].buf;
    Py_ssize_t n = views[0].len / 4;
    Py_ssize_t name_count = views[2].len / (Py_ssize_t)sizeof(double);
    Py_ssize_t subject_names = views[3].len / 4;
    const unsigned char *allowed = NULL;
    Py_ssize_t allowed_count = 0;
    if (args[6] != Py_None) {
        if (read_bools(args[6], &views[held]) < 0)
            goto done;
        allowed = (const unsigned char *)views[held].buf;
        allowed_count = views[held].len;
        held++;
    }
    const int32_t *groups = NULL;
    Py_ssize_t group_count = 0;
    if (args[8] != Py_None) {
        if (read_buffer(args[8], &views[held], 'i', 4, "choose", "groups", -1) < 0)
            goto done;
        groups = (const int32_t *)views[held].buf;
        group_count = views[held].len / 4;
        held++;
    }
    if (views[1].len / (Py_ssize_t)sizeof(double) != n) {
        PyErr_Format(PyExc_ValueError, "choose: %zd names in the pool but %zd sums", n,
                     views[1].len / (Py_ssize_t)sizeof(double));
        goto done;
    }
    ranked = PyMem_Malloc(sizeof(Ranked) * (size_t)(n ? n : 1));
    names = PyMem_Malloc(sizeof(int32_t) * (size_t)(n ? n : 1));
    if (ranked == NULL || names == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t name = pool[i];
        if (name < 0 || name >= name_count || name >= subject_names || (allowed != NULL && name >= allowed_count)) {
            PyErr_Format(PyExc_ValueError, "choose: pool holds %d, which lengths, subjects or allowed lack",
                         (int)name);
            goto done;
        }
        if (!(counted[i] >= least) || (allowed != NULL && !allowed[name]))
            continue;
        /* Two steps, as numpy takes them: the product, then the difference. */
        double penalty = tiebreak * lengths[name];
        ranked[kept].score = counted[i] - penalty;
        ranked[kept].place = kept;
        names[kept] = name;
        kept++;
    }
    /* The `most` highest and those tied with the last of them: past `most`, the ones at or
     * above the score at place most - 1 (the selection reorders them; the sort, by score and
     * then place, puts them in one order). */
    Py_ssize_t m = kept;
    if (kept > most) {
        double last = kth_highest(ranked, kept, most - 1);
        m = 0;
        for (Py_ssize_t i = 0; i < kept; i++) {
            if (ranked[i].score >= last)
                ranked[m++] = ranked[i];
        }
    }
    qsort(ranked, (size_t)m, sizeof(Ranked), compare_ranked);
    PyObject *names_out = PyList_New(m), *owners_out = PyList_New(m), *scores_out = PyList_New(m);
    if (names_out == NULL || owners_out == NULL || scores_out == NULL)
        goto lists_failed;
    for (Py_ssize_t r = 0; r < m; r++) {
        int32_t name = names[ranked[r].place];
        int32_t owner = subjects[name];
        if (groups != NULL) {
            if (owner < 0 || owner >= group_count) {
                PyErr_Format(PyExc_ValueError, "choose: name %d's subject %d is outside groups", (int)name,
                             (int)owner);
                goto lists_failed;
            }
            owner = groups[owner];
        }
        PyObject *a = PyLong_FromLong(name), *b = PyLong_FromLong(owner), *c = PyFloat_FromDouble(ranked[r].score);
        if (a == NULL || b == NULL || c == NULL) {
            Py_XDECREF(a);
            Py_XDECREF(b);
            Py_XDECREF(c);
            goto lists_failed;
        }
        PyList_SET_ITEM(names_out, r, a);
        PyList_SET_ITEM(owners_out, r, b);
        PyList_SET_ITEM(scores_out, r, c);
    }
    result = PyTuple_Pack(3, names_out, owners_out, scores_out);
lists_failed:
    Py_XDECREF(names_out);
    Py_XDECREF(owners_out);
    Py_XDECREF(scores_out);
done:
    for (int v = 0; v < held; v++)
        PyBuffer_Release(&views[v]);
    PyMem_Free(names);
    PyMem_Free(ranked);
    return result;
}

static PyMethodDef methods[] = {
    {"merge", (PyCFunction)(void (*)(void))merge, METH_FASTCALL,
     "Each name number of the runs once, in order, with its values summed or their greatest."},
    {"credited", (PyCFunction)(void (*)(void))credited, METH_FASTCALL,
     "The names the runs hold, each once, with the best credit of the runs' similarities."},
    {"choose", (PyCFunction)(void (*)(void))choose, METH_FASTCALL,
     "The names the candidate stage scores, highest first, with their owners and scores."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "hisab.screen._merge", "The candidate stage's merge of name numbers, in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__merge(void)
{
    return PyModule_Create(&module);
}
