/* The edit similarity of two Latin phonetic forms (names/similarity.py, `_edit_similarity` and
 * `_edit_similarities`), in C.
 *
 * Why C: the similarity is 1 - (distance - 1.5 * swaps) / longest, where distance is the
 * Levenshtein distance and swaps the Levenshtein distance less the OSA (optimal string
 * alignment) distance: two adjacent letters swapped cost half an edit. rapidfuzz computes each
 * distance, but one library call per distance, one pair or one batch at a time: on the
 * benchmark's sample queries the calls' own costs (rapidfuzz's Python wrapper of `cdist`,
 * converting each string, looking `Levenshtein.distance` up in the module) were most of
 * their 6.8% of screening's instructions, for forms of about seven letters (docs/benchmarks.md,
 * 2026-12-07). Here both distances come from one pass over the other form, and the score is
 * computed in the same loop.
 *
 * The distances are the textbook ones, by code point, as rapidfuzz's: for a form of at most 64
 * letters, the bit-parallel algorithms of Hyyrö (Levenshtein: Myers 1999 as Hyyrö 2001
 * writes it; OSA: Hyyrö 2003, "A bit-vector algorithm for computing Levenshtein and Damerau
 * edit distances"), which rapidfuzz uses too; beyond, the dynamic programme. similarity.py keeps
 * the rapidfuzz calls as the reference, used where this module is not built, and a test compares
 * the two on every pair of a vocabulary and on random forms.
 *
 * similarity(a, b) -> float: `_edit_similarity(a, b)`.
 * similarities(a, others, longest) -> (distances, scores): for each of `others` (a list of
 * str), the Levenshtein distance to `a` (int32) and the similarity (float64) with `longest`'s
 * value for that pair (a C-contiguous int32 buffer, one value per other form) as the length
 * divided by, or if `longest` is None the longer form's length (at least 1), as `similarity`
 * has it; each as a bytearray of the values, for numpy.frombuffer.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define WORD 64

/* The pattern of the bit-parallel algorithms: for each letter of a form, the bits of the
 * places it holds. ASCII letters in a table; others (rare in phonetic forms) in a short list. */
typedef struct {
    uint64_t ascii[128];
    Py_UCS4 other_letters[WORD];
    uint64_t other_masks[WORD];
    int others;
    Py_ssize_t length;
} Pattern;

static void
pattern_set(Pattern *p, int kind, const void *data, Py_ssize_t length)
{
    /* ascii[] is left all zero by pattern_clear (and zeroed once at the start). */
    p->others = 0;
    p->length = length;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        uint64_t bit = (uint64_t)1 << i;
        if (c < 128) {
            p->ascii[c] |= bit;
            continue;
        }
        int k = 0;
        while (k < p->others && p->other_letters[k] != c)
            k++;
        if (k == p->others) {
            p->other_letters[k] = c;
            p->other_masks[k] = 0;
            p->others++;
        }
        p->other_masks[k] |= bit;
    }
}

static void
pattern_clear(Pattern *p, int kind, const void *data)
{
    for (Py_ssize_t i = 0; i < p->length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128)
            p->ascii[c] = 0;
    }
}

static inline uint64_t
pattern_mask(const Pattern *p, Py_UCS4 c)
{
    if (c < 128)
        return p->ascii[c];
    for (int k = 0; k < p->others; k++) {
        if (p->other_letters[k] == c)
            return p->other_masks[k];
    }
    return 0;
}

/* One column of Hyyrö's bit-vector algorithm: the vertical deltas (*vp, *vn) after a letter of the
 * other form whose places in the pattern are `mask`, and *dist moved by the last row's change.
 * `tr`: the transpositions the OSA distance adds (0 for Levenshtein's). Returns the column's D0. */
static inline uint64_t
column(uint64_t mask, uint64_t tr, uint64_t last, uint64_t *vp, uint64_t *vn, long *dist)
{
    uint64_t d0 = (((mask & *vp) + *vp) ^ *vp) | mask | *vn | tr;
    uint64_t hp = *vn | ~(d0 | *vp);
    uint64_t hn = d0 & *vp;
    *dist += (hp & last) != 0;
    *dist -= (hn & last) != 0;
    hp = (hp << 1) | 1;
    hn = hn << 1;
    *vp = hn | ~(d0 | hp);
    *vn = hp & d0;
    return d0;
}

/* The Levenshtein and OSA distances of the pattern's form (1 to 64 letters) and `text`. */
static void
bit_parallel(const Pattern *p, int kind, const void *data, Py_ssize_t n, long *levenshtein, long *osa)
{
    const uint64_t last = (uint64_t)1 << (p->length - 1);
    uint64_t vp = ~(uint64_t)0, vn = 0;
    uint64_t o_vp = ~(uint64_t)0, o_vn = 0, o_d0 = 0, previous_mask = 0;
    long lev = (long)p->length, dist = (long)p->length;
    for (Py_ssize_t j = 0; j < n; j++) {
        uint64_t mask = pattern_mask(p, PyUnicode_READ(kind, data, j));
        column(mask, 0, last, &vp, &vn, &lev);
        /* A letter swapped with the one before: where this letter is in the pattern one place
         * after where the previous letter is, and the previous column did not already match. */
        uint64_t tr = (((~o_d0) & mask) << 1) & previous_mask;
        o_d0 = column(mask, tr, last, &o_vp, &o_vn, &dist);
        previous_mask = mask;
    }
    *levenshtein = lev;
    *osa = dist;
}

/* The same distances by the dynamic programme, for forms of any length. -1 when out of memory. */
static int
programme(int a_kind, const void *a_data, Py_ssize_t m, int b_kind, const void *b_data, Py_ssize_t n,
          long *levenshtein, long *osa)
{
    long stack[6 * 66];
    long *buffer = stack;
    size_t row = (size_t)n + 1;
    if (6 * row > sizeof(stack) / sizeof(stack[0])) {
        buffer = PyMem_Malloc(sizeof(long) * 6 * row);
        if (buffer == NULL)
            return -1;
    }
    /* Levenshtein: two rows; OSA: three (a transposition reads two rows back). */
    long *l_prev = buffer, *l_cur = buffer + row;
    long *o_back = buffer + 2 * row, *o_prev = buffer + 3 * row, *o_cur = buffer + 4 * row;
    for (size_t j = 0; j < row; j++)
        l_prev[j] = o_prev[j] = (long)j;
    for (Py_ssize_t i = 1; i <= m; i++) {
        Py_UCS4 a = PyUnicode_READ(a_kind, a_data, i - 1);
        Py_UCS4 a_before = i > 1 ? PyUnicode_READ(a_kind, a_data, i - 2) : 0;
        l_cur[0] = o_cur[0] = (long)i;
        for (Py_ssize_t j = 1; j <= n; j++) {
            Py_UCS4 b = PyUnicode_READ(b_kind, b_data, j - 1);
            long cost = a != b;
            long best = l_prev[j - 1] + cost;
            if (l_prev[j] + 1 < best)
                best = l_prev[j] + 1;
            if (l_cur[j - 1] + 1 < best)
                best = l_cur[j - 1] + 1;
            l_cur[j] = best;
            best = o_prev[j - 1] + cost;
            if (o_prev[j] + 1 < best)
                best = o_prev[j] + 1;
            if (o_cur[j - 1] + 1 < best)
                best = o_cur[j - 1] + 1;
            if (i > 1 && j > 1 && a == PyUnicode_READ(b_kind, b_data, j - 2) && a_before == b &&
                o_back[j - 2] + 1 < best)
                best = o_back[j - 2] + 1;
            o_cur[j] = best;
        }
        long *swap = l_prev;
        l_prev = l_cur;
        l_cur = swap;
        swap = o_back;
        o_back = o_prev;
        o_prev = o_cur;
        o_cur = swap;
    }
    *levenshtein = l_prev[n];
    *osa = o_prev[n];
    if (buffer != stack)
        PyMem_Free(buffer);
    return 0;
}

/* The distances of `a` (its pattern `p` when it has 1 to 64 letters, else NULL) and `b`. */
static int
distances(const Pattern *p, PyObject *a, PyObject *b, long *levenshtein, long *osa)
{
    Py_ssize_t m = PyUnicode_GET_LENGTH(a), n = PyUnicode_GET_LENGTH(b);
    if (m == 0 || n == 0) {
        *levenshtein = *osa = (long)(m + n);
        return 0;
    }
    int b_kind = PyUnicode_KIND(b);
    const void *b_data = PyUnicode_DATA(b);
    if (p != NULL) {
        bit_parallel(p, b_kind, b_data, n, levenshtein, osa);
        return 0;
    }
    return programme(PyUnicode_KIND(a), PyUnicode_DATA(a), m, b_kind, b_data, n, levenshtein, osa);
}

static inline double
score(long levenshtein, long osa, long longest)
{
    /* As similarity.py writes it: 1.0 - (distance - 1.5 * swaps) / longest. */
    long swaps = levenshtein - osa;
    return 1.0 - ((double)levenshtein - 1.5 * (double)swaps) / (double)longest;
}

static Pattern shared_pattern; /* all zero at load; each use leaves its ascii[] zero again */

static PyObject *
similarity(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "similarity(a, b): two str");
        return NULL;
    }
    PyObject *a = args[0], *b = args[1];
    Py_ssize_t m = PyUnicode_GET_LENGTH(a), n = PyUnicode_GET_LENGTH(b);
    /* The shorter form as the pattern (both distances are symmetric). */
    if (n < m) {
        PyObject *swap = a;
        a = b;
        b = swap;
        Py_ssize_t length = m;
        m = n;
        n = length;
    }
    long lev, osa;
    if (m >= 1 && m <= WORD) {
        int kind = PyUnicode_KIND(a);
        const void *data = PyUnicode_DATA(a);
        pattern_set(&shared_pattern, kind, data, m);
        distances(&shared_pattern, a, b, &lev, &osa);
        pattern_clear(&shared_pattern, kind, data);
    } else if (distances(NULL, a, b, &lev, &osa) < 0) {
        return PyErr_NoMemory();
    }
    long longest = (long)n > 1 ? (long)n : 1;
    return PyFloat_FromDouble(score(lev, osa, longest));
}

static PyObject *
similarities(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "similarities(a, others, longest)");
        return NULL;
    }
    PyObject *a = args[0];
    PyObject *others = PySequence_Fast(args[1], "similarities: others must be a sequence");
    if (others == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(others);
    Py_buffer view;
    int given = args[2] != Py_None;
    if (given && PyObject_GetBuffer(args[2], &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        Py_DECREF(others);
        return NULL;
    }
    PyObject *lev_out = NULL, *score_out = NULL, *result = NULL;
    if (given && (view.itemsize != 4 || view.format == NULL ||
                  (strcmp(view.format, "i") != 0 && strcmp(view.format, "=i") != 0 && strcmp(view.format, "<i") != 0) ||
                  view.len / 4 != count)) {
        PyErr_Format(PyExc_ValueError, "similarities: longest must hold %zd int32 values", count);
        goto done;
    }
    lev_out = PyByteArray_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(int32_t));
    score_out = PyByteArray_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(double));
    if (lev_out == NULL || score_out == NULL)
        goto done;
    int32_t *levs = (int32_t *)PyByteArray_AS_STRING(lev_out);
    double *scores = (double *)PyByteArray_AS_STRING(score_out);
    const int32_t *longest = given ? (const int32_t *)view.buf : NULL;
    Py_ssize_t m = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    const void *data = PyUnicode_DATA(a);
    const Pattern *p = NULL;
    if (m >= 1 && m <= WORD) {
        pattern_set(&shared_pattern, kind, data, m);
        p = &shared_pattern;
    }
    int failed = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *b = PySequence_Fast_GET_ITEM(others, i);
        if (!PyUnicode_Check(b)) {
            PyErr_Format(PyExc_TypeError, "similarities: others[%zd] is not a str", i);
            failed = 1;
            break;
        }
        long lev, osa;
        if (distances(p, a, b, &lev, &osa) < 0) {
            PyErr_NoMemory();
            failed = 1;
            break;
        }
        levs[i] = (int32_t)lev;
        long divide_by;
        if (longest != NULL) {
            divide_by = (long)longest[i];
        } else {
            Py_ssize_t n = PyUnicode_GET_LENGTH(b), larger = n > m ? n : m;
            divide_by = larger > 1 ? (long)larger : 1;
        }
        scores[i] = score(lev, osa, divide_by);
    }
    if (p != NULL)
        pattern_clear(&shared_pattern, kind, data);
    if (!failed)
        result = PyTuple_Pack(2, lev_out, score_out);
done:
    Py_XDECREF(lev_out);
    Py_XDECREF(score_out);
    if (given)
        PyBuffer_Release(&view);
    Py_DECREF(others);
    return result;
}

static PyMethodDef methods[] = {
    {"similarity", (PyCFunction)(void (*)(void))similarity, METH_FASTCALL,
     "The edit similarity of two forms (see the module's comment)."},
    {"similarities", (PyCFunction)(void (*)(void))similarities, METH_FASTCALL,
     "The Levenshtein distances and edit similarities of one form with many."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "hisab.names._edits", "The edit similarity of phonetic forms, in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__edits(void)
{
    return PyModule_Create(&module);
}
