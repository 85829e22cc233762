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
 * service.py keeps the numpy code as the reference, used where this module is not built, and a
 * test compares the two.
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

/* A C-contiguous buffer of `itemsize`-byte values of format `code` ('i' or 'd'). */
static int
read_buffer(PyObject *object, Py_buffer *view, char code, Py_ssize_t itemsize, const char *what, Py_ssize_t k)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format != NULL ? view->format : "B";
    if (format[0] == '=' || format[0] == '<' || format[0] == '@')
        format++;
    if (view->itemsize != itemsize || format[0] != code || format[1] != '\0') {
        PyErr_Format(PyExc_ValueError, "merge: %s %zd must be a contiguous %s array", what, k,
                     code == 'i' ? "int32" : "float64");
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
        if (read_buffer(values, &per_run, 'd', sizeof(double), "values", 0) < 0)
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
        if (read_buffer(PyList_GET_ITEM(runs, k), &run, 'i', 4, "run", k) < 0) {
            failed = 1;
            break;
        }
        Py_ssize_t n = run.len / 4;
        const int32_t *ids = (const int32_t *)run.buf;
        const double *given = NULL;
        double one = 0.0;
        if (per_number) {
            if (read_buffer(PyList_GET_ITEM(values, k), &run_numbers_values, 'd', sizeof(double), "values", k) < 0) {
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

static PyMethodDef methods[] = {
    {"merge", (PyCFunction)(void (*)(void))merge, METH_FASTCALL,
     "Each name number of the runs once, in order, with its values summed or their greatest."},
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
