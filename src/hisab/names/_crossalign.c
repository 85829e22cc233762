/* The cross-script alignment's table (names/similarity.py, `_cross_script`), in C.
 *
 * Why C: this edit-distance table is the inner loop of Persian- and Arabic-script screening
 * (the query's parts against listed romanisations, and a Latin query's parts against the
 * lists' Persian-script aliases). Compiled by mypyc, each cell still went through Python's
 * list and integer objects, about 15,000 instructions a pair of about 25 cells, 6.6% of
 * screening's instructions on the benchmark's sample queries (docs/benchmarks.md,
 * 2026-12-07). No library aligns with these costs: rapidfuzz's distances have fixed costs.
 *
 * Only the table is here. The costs come from similarity.py's rules (`_costs`,
 * `_SKIP_LATIN_UNITS`, `_LATIN_CODES`), handed over once by `set_tables`; the start cost,
 * the limit and the score stay in Python. similarity.py keeps the same loop in Python as the
 * reference (`_cross_cost`), used where this module is not built, and a test compares the two.
 *
 * cost(arabic, latin, start, limit) -> the cost in UNITS of the best alignment of the two
 * phonetic forms (twentieths of a letter, whole numbers), or -1 when a row's lowest cell
 * exceeds `limit` (the alignment gave up), or -2 when `arabic` holds a letter outside the
 * tables (not ASCII): the caller then runs the Python loop.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define LETTERS 128 /* Arabic-script phonetic letters: ASCII */
#define CODES 31    /* Latin letter codes: the alphabet, any other letter, the padding */

static int tables_set = 0;
static long skip_arabic[LETTERS];
static long substitution[LETTERS][CODES];
static unsigned char latin_code[LETTERS];
static unsigned char other_code;
static long skip_latin[CODES];

static int
read_table(PyObject *table, long *into, Py_ssize_t size, const char *name)
{
    PyObject *seq = PySequence_Fast(table, name);
    if (seq == NULL)
        return -1;
    if (PySequence_Fast_GET_SIZE(seq) != size) {
        PyErr_Format(PyExc_ValueError, "%s: %zd values, not %zd", name, PySequence_Fast_GET_SIZE(seq), size);
        Py_DECREF(seq);
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        long value = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
        if (value == -1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return -1;
        }
        into[i] = value;
    }
    Py_DECREF(seq);
    return 0;
}

/* set_tables(skip_arabic, substitution, latin_codes, skip_latin): the costs in UNITS by
 * Arabic-script letter (128 values), the substitution costs by Arabic-script letter and Latin
 * code (128 * 31 values, row by row), the Latin code by letter (128 values; a letter past
 * ASCII is the last of them, "any other letter"), and the cost of skipping a Latin letter by
 * code (31 values). */
static PyObject *
set_tables(PyObject *self, PyObject *args)
{
    PyObject *skips, *substitutions, *codes, *latin_skips;
    long code_values[LETTERS + 1];
    if (!PyArg_ParseTuple(args, "OOOO:set_tables", &skips, &substitutions, &codes, &latin_skips))
        return NULL;
    if (read_table(skips, skip_arabic, LETTERS, "skip_arabic") < 0 ||
        read_table(substitutions, &substitution[0][0], LETTERS * CODES, "substitution") < 0 ||
        read_table(codes, code_values, LETTERS + 1, "latin_codes") < 0 ||
        read_table(latin_skips, skip_latin, CODES, "skip_latin") < 0)
        return NULL;
    for (int i = 0; i <= LETTERS; i++) {
        if (code_values[i] < 0 || code_values[i] >= CODES) {
            PyErr_SetString(PyExc_ValueError, "latin_codes: a code out of range");
            return NULL;
        }
    }
    for (int i = 0; i < LETTERS; i++)
        latin_code[i] = (unsigned char)code_values[i];
    other_code = (unsigned char)code_values[LETTERS];
    tables_set = 1;
    Py_RETURN_NONE;
}

static PyObject *
cost(PyObject *self, PyObject *args)
{
    PyObject *arabic, *latin;
    long start;
    double limit;
    if (!PyArg_ParseTuple(args, "UUld:cost", &arabic, &latin, &start, &limit))
        return NULL;
    if (!tables_set) {
        PyErr_SetString(PyExc_RuntimeError, "cost: set_tables was not called");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arabic), m = PyUnicode_GET_LENGTH(latin);
    int a_kind = PyUnicode_KIND(arabic), l_kind = PyUnicode_KIND(latin);
    const void *a_data = PyUnicode_DATA(arabic), *l_data = PyUnicode_DATA(latin);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_READ(a_kind, a_data, i) >= LETTERS)
            return PyLong_FromLong(-2);
    }
    long stack[3 * 64];
    long *buffer = stack;
    if (m + 1 > 64) {
        buffer = PyMem_Malloc(sizeof(long) * 3 * (size_t)(m + 1));
        if (buffer == NULL)
            return PyErr_NoMemory();
    }
    long *previous = buffer, *current = buffer + (m + 1), *skips = buffer + 2 * (m + 1);
    unsigned char codes_stack[64];
    unsigned char *codes = codes_stack;
    if (m > 64) {
        codes = PyMem_Malloc((size_t)m);
        if (codes == NULL) {
            PyMem_Free(buffer);
            return PyErr_NoMemory();
        }
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        Py_UCS4 c = PyUnicode_READ(l_kind, l_data, j);
        codes[j] = c < LETTERS ? latin_code[c] : other_code;
        skips[j] = skip_latin[codes[j]];
    }
    /* The first row: the Latin letters skipped from the start. */
    previous[0] = start;
    for (Py_ssize_t j = 0; j < m; j++)
        previous[j + 1] = previous[j] + skips[j];
    long result = -3;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 letter = PyUnicode_READ(a_kind, a_data, i);
        long skip_a = skip_arabic[letter];
        const long *subst = substitution[letter];
        long left = previous[0] + skip_a, lowest = left, diagonal = previous[0];
        current[0] = left;
        for (Py_ssize_t j = 0; j < m; j++) {
            long up = previous[j + 1];
            long best = diagonal + subst[codes[j]];
            if (up + skip_a < best)
                best = up + skip_a;
            if (left + skips[j] < best)
                best = left + skips[j];
            current[j + 1] = best;
            if (best < lowest)
                lowest = best;
            left = best;
            diagonal = up;
        }
        if ((double)lowest > limit) {
            result = -1;
            break;
        }
        long *swap = previous;
        previous = current;
        current = swap;
    }
    if (result == -3)
        result = previous[m];
    if (codes != codes_stack)
        PyMem_Free(codes);
    if (buffer != stack)
        PyMem_Free(buffer);
    return PyLong_FromLong(result);
}

static PyMethodDef methods[] = {
    {"set_tables", set_tables, METH_VARARGS, "Set the alignment's costs (see the module's comment)."},
    {"cost", cost, METH_VARARGS, "The best alignment's cost in UNITS, -1 given up, -2 not handled."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "hisab.names._crossalign", "The cross-script alignment's table, in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__crossalign(void)
{
    return PyModule_Create(&module);
}
