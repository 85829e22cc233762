/* The edit similarity of two Latin phonetic forms (names/similarity.py, `_edit_similarity` and
 * `_edit_similarities`), in C; and below, the similarity with the rules read on top of it
 * (`latin_similarity`).
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

static inline __attribute__((always_inline)) void
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

static inline __attribute__((always_inline)) void
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

/* The Levenshtein and OSA distances of the pattern's form (1 to 64 letters) and `text`. Inlined
 * where it is called, so that a caller with forms of one byte a letter (`edit`, below) reads
 * them without asking each letter's width. */
static inline __attribute__((always_inline)) void
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

/* The distances of two forms of any width, the shorter as the pattern (both distances are
 * symmetric): bit-parallel with `shared_pattern` up to 64 letters, the dynamic programme past
 * them. -1 when out of memory. Inlined, so that a caller with forms of one byte a letter (`edit`,
 * below) reads them without asking each letter's width. */
static inline __attribute__((always_inline)) int
pair_distances(int a_kind, const void *a_data, Py_ssize_t m, int b_kind, const void *b_data, Py_ssize_t n,
               long *levenshtein, long *osa)
{
    if (n < m) {
        int kind = a_kind;
        const void *data = a_data;
        Py_ssize_t length = m;
        a_kind = b_kind;
        a_data = b_data;
        m = n;
        b_kind = kind;
        b_data = data;
        n = length;
    }
    if (m == 0) {
        *levenshtein = *osa = (long)n;
        return 0;
    }
    if (m > WORD)
        return programme(a_kind, a_data, m, b_kind, b_data, n, levenshtein, osa);
    pattern_set(&shared_pattern, a_kind, a_data, m);
    bit_parallel(&shared_pattern, b_kind, b_data, n, levenshtein, osa);
    pattern_clear(&shared_pattern, a_kind, a_data);
    return 0;
}

static PyObject *
similarity(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "similarity(a, b): two str");
        return NULL;
    }
    PyObject *a = args[0], *b = args[1];
    Py_ssize_t m = PyUnicode_GET_LENGTH(a), n = PyUnicode_GET_LENGTH(b);
    long lev, osa;
    if (pair_distances(PyUnicode_KIND(a), PyUnicode_DATA(a), m, PyUnicode_KIND(b), PyUnicode_DATA(b), n, &lev, &osa) < 0)
        return PyErr_NoMemory();
    Py_ssize_t larger = n > m ? n : m;
    return PyFloat_FromDouble(score(lev, osa, larger > 1 ? (long)larger : 1));
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

/* ---------------------------------------------------------------------------------------------
 * The similarity of two Latin phonetic forms with the rules of names/similarity.py
 * (`latin_similarity`: the edit similarity, the half letters, the -i suffix, vowel variants of
 * one skeleton, vowels dropped, v read as u, a last t or p read as d or b, g read as q, x as ks).
 *
 * Why C: the rules are string tests, and compiled Python made each a chain of calls and new
 * strings: a pair cost about 5,000 instructions one at a time (`token_similarity`) and the
 * batch of the candidate stage about 900 a pair, a sixth of screening the benchmark's sample
 * queries (docs/benchmarks.md, 2026-12-07). The Python functions stay as the reference, run
 * where this module is not built and for a form this code does not take (a letter past ASCII,
 * or a form longer than FORM_MAX); a test compares the two on every pair of a vocabulary and on
 * random forms over the letters the rules read. The rules' data (the constants, the marks, the
 * half letters, the devoiced endings) come from similarity.py through configure().
 *
 * latin_similarity(a, skel_a, b, skel_b, devoicing) -> float, or -1.0 for a form not taken.
 * latin_similarities(token, others) -> (scores, maybe_left_out, g_read, read, missing): for a token
 * and a list of tokens (tokens.py's Token, whose fields it reads), `latin_similarity` with
 * devoicing and the rule of vowels left out, as a bytearray of float64, -1.0 for a part not
 * taken, and the positions similarity.py's `_latin_batch` describes, so that the Python code
 * goes through those alone.
 * configure(nisba_cap, skeleton_min_edit, skeleton_floor, vowelless_floor, v_as_vowel, marks,
 * head_vowels, half_letters, devoiced, vowels, text_at, phon_at, skel_at, script_at, latin, arabic)
 * -> None.
 */

#define FORM_MAX 120
#define READ_MAX (2 * FORM_MAX + 2)

typedef struct {
    char s[READ_MAX];
    Py_ssize_t n;
} Form;

static struct {
    int ready;
    double nisba_cap, skeleton_min_edit, skeleton_floor, vowelless_floor, v_as_vowel;
    unsigned char mark[128];       /* dropped from a skeleton (with the vowels) and a shape */
    unsigned char head_vowel[128]; /* a first letter that leaves the skeleton's ' mark */
    char half[3][2];               /* (letter, other): half a letter apart */
    int halves;
    char devoiced[4][2];           /* (voiceless, voiced) */
    int devoiced_pairs;
    Py_ssize_t text_at, phon_at, skel_at, script_at; /* the fields of a Token (tokens.py) */
    PyObject *latin_script, *arabic_script;            /* tokens.LATIN and tokens.ARABIC */
} rules;

/* A batch's own form (1 to 64 letters, read as_latin) and its pattern, set for the batch
 * (`pin`): most of its distances are to it, and its pattern is then made once. n is 0 when
 * none is pinned. */
static Form pinned_form;
static Pattern pinned_pattern;

static void
pin(const Form *f)
{
    if (f->n >= 1 && f->n <= WORD) {
        pinned_form = *f;
        pattern_set(&pinned_pattern, PyUnicode_1BYTE_KIND, pinned_form.s, pinned_form.n);
    }
}

static void
unpin(void)
{
    if (pinned_form.n > 0)
        pattern_clear(&pinned_pattern, PyUnicode_1BYTE_KIND, pinned_form.s);
    pinned_form.n = 0;
}
static int latin_failed;      /* set when a distance ran out of memory */

static inline int
is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int
holds(const Form *f, char c)
{
    return f->n > 0 && memchr(f->s, c, (size_t)f->n) != NULL;
}

static int
holds_pair(const Form *f, char c, char d)
{
    for (Py_ssize_t i = 0; i + 1 < f->n; i++) {
        if (f->s[i] == c && f->s[i + 1] == d)
            return 1;
    }
    return 0;
}

static int
same(const Form *a, const Form *b)
{
    return a->n == b->n && memcmp(a->s, b->s, (size_t)a->n) == 0;
}

static void
replaced(const Form *f, char from, char to, Form *out)
{
    for (Py_ssize_t i = 0; i < f->n; i++)
        out->s[i] = f->s[i] == from ? to : f->s[i];
    out->n = f->n;
}

/* `_edit_similarity`: 1 - (Levenshtein - 1.5 * swaps) / max(len, len, 1). */
static double
edit(const Form *a, const Form *b)
{
    long lev, osa;
    const Form *pinned = NULL, *text = NULL;
    if (pinned_form.n > 0) {
        if (a->n == pinned_form.n && memcmp(a->s, pinned_form.s, (size_t)a->n) == 0) {
            pinned = a;
            text = b;
        } else if (b->n == pinned_form.n && memcmp(b->s, pinned_form.s, (size_t)b->n) == 0) {
            pinned = b;
            text = a;
        }
    }
    if (pinned != NULL) {
        /* Both distances are symmetric: the pinned form is the pattern whichever is longer. */
        bit_parallel(&pinned_pattern, PyUnicode_1BYTE_KIND, text->s, text->n, &lev, &osa);
    } else if (pair_distances(PyUnicode_1BYTE_KIND, a->s, a->n, PyUnicode_1BYTE_KIND, b->s, b->n, &lev, &osa) < 0) {
        latin_failed = 1;
        return 0.0;
    }
    Py_ssize_t larger = a->n > b->n ? a->n : b->n;
    return score(lev, osa, larger > 1 ? (long)larger : 1);
}

/* `once_each` in place. */
static void
once_each(Form *f)
{
    if (f->n < 2)
        return;
    Py_ssize_t k = 1;
    for (Py_ssize_t i = 1; i < f->n; i++) {
        if (f->s[i] != f->s[k - 1])
            f->s[k++] = f->s[i];
    }
    f->n = k;
}

/* `spelled_consonants`: a ' for a first vowel, then the letters but vowels and marks, th (T)
 * read s, q read k, a last h left out. */
static void
spelled_consonants(const Form *f, Form *out)
{
    out->n = 0;
    if (f->n == 0)
        return;
    Py_ssize_t start = 0;
    if (rules.head_vowel[(unsigned char)f->s[0]]) {
        out->s[0] = '\'';
        start = out->n = 1;
    }
    for (Py_ssize_t i = 0; i < f->n; i++) {
        char c = f->s[i];
        if (is_vowel(c) || rules.mark[(unsigned char)c])
            continue;
        out->s[out->n++] = c == 'T' ? 's' : c == 'q' ? 'k' : c;
    }
    if (out->n - start > 1 && out->s[out->n - 1] == 'h')
        out->n--;
}

/* `skeleton`. */
static void
skeleton_of(const Form *f, Form *out)
{
    spelled_consonants(f, out);
    once_each(out);
}

/* `syllable_shape`: C for each consonant (a double once), V for each run of vowels, a last h and
 * then a last V left out. */
static void
syllable_shape(const Form *f, Form *out)
{
    Form body;
    body.n = 0;
    for (Py_ssize_t i = 0; i < f->n; i++) {
        if (!rules.mark[(unsigned char)f->s[i]])
            body.s[body.n++] = f->s[i];
    }
    once_each(&body);
    if (body.n > 1 && body.s[body.n - 1] == 'h')
        body.n--;
    out->n = 0;
    for (Py_ssize_t i = 0; i < body.n; i++) {
        if (!is_vowel(body.s[i]))
            out->s[out->n++] = 'C';
        else if (i == 0 || !is_vowel(body.s[i - 1]))
            out->s[out->n++] = 'V';
    }
    if (out->n > 0 && out->s[out->n - 1] == 'V')
        out->n--;
}

/* The runs of vowels of a form: where each starts and how long it is. */
typedef struct {
    Py_ssize_t start[READ_MAX], length[READ_MAX];
    Py_ssize_t count;
} Runs;

static void
vowel_runs(const Form *f, Runs *runs)
{
    runs->count = 0;
    for (Py_ssize_t i = 0; i < f->n; i++) {
        if (!is_vowel(f->s[i]))
            continue;
        if (i == 0 || !is_vowel(f->s[i - 1])) {
            runs->start[runs->count] = i;
            runs->length[runs->count++] = 0;
        }
        runs->length[runs->count - 1]++;
    }
}

static int
run_is(const Form *f, const Runs *r, Py_ssize_t k, const char *text)
{
    Py_ssize_t n = (Py_ssize_t)strlen(text);
    return r->length[k] == n && memcmp(f->s + r->start[k], text, (size_t)n) == 0;
}

/* `_glides_apart` of run k of a and run k of b. */
static int
glides_apart(const Form *a, const Runs *ra, const Form *b, const Runs *rb, Py_ssize_t k)
{
    Py_ssize_t n = ra->length[k];
    if (n < 2 || rb->length[k] < 2 || n != rb->length[k])
        return 0;
    const char *x = a->s + ra->start[k], *y = b->s + rb->start[k];
    if (memcmp(x + 1, y + 1, (size_t)(n - 1)) != 0)
        return 0;
    char p = x[0], q = y[0];
    return (p == 'i' && (q == 'u' || q == 'o')) || (q == 'i' && (p == 'u' || p == 'o'));
}

/* `_glide_left_out`. */
static int
glide_left_out(const Form *a, const Form *b)
{
    Form x, y;
    replaced(a, 'y', 'i', &x);
    replaced(b, 'y', 'i', &y);
    if (!holds_pair(&x, 'i', 'a') && !holds_pair(&y, 'i', 'a'))
        return 0;
    static Runs rx, ry;
    vowel_runs(&x, &rx);
    vowel_runs(&y, &ry);
    if (rx.count != ry.count)
        return 0;
    for (Py_ssize_t k = 0; k < rx.count; k++) {
        int x_ia = run_is(&x, &rx, k, "ia"), y_ia = run_is(&y, &ry, k, "ia");
        int x_alone = run_is(&x, &rx, k, "a") || run_is(&x, &rx, k, "o") || run_is(&x, &rx, k, "u");
        int y_alone = run_is(&y, &ry, k, "a") || run_is(&y, &ry, k, "o") || run_is(&y, &ry, k, "u");
        if (((x_ia && y_alone) || (y_ia && x_alone)) && rx.start[k] + rx.length[k] < x.n &&
            ry.start[k] + ry.length[k] < y.n)
            return 1;
    }
    return 0;
}

/* `vowels_alike`. */
static int
vowels_alike(const Form *a, const Form *b)
{
    static Runs ra, rb;
    vowel_runs(a, &ra);
    vowel_runs(b, &rb);
    if (ra.count != rb.count)
        return 0;
    for (Py_ssize_t k = 0; k < ra.count; k++) {
        int x_a = run_is(a, &ra, k, "a"), y_a = run_is(b, &rb, k, "a");
        int x_i = run_is(a, &ra, k, "i") || run_is(a, &ra, k, "ei");
        int y_i = run_is(b, &rb, k, "i") || run_is(b, &rb, k, "ei");
        if ((x_a && y_i) || (y_a && x_i) || glides_apart(a, &ra, b, &rb, k))
            return 0;
    }
    return !glide_left_out(a, b);
}

/* `vowel_variants`. */
static int
vowel_variants(const Form *a, const Form *b)
{
    if (!vowels_alike(a, b))
        return 0;
    Form x, y;
    spelled_consonants(a, &x);
    spelled_consonants(b, &y);
    if (!same(&x, &y))
        return 0;
    syllable_shape(a, &x);
    syllable_shape(b, &y);
    return same(&x, &y);
}

/* `_suffixed`: a ends in the -i suffix and b does not. */
static int
suffixed(const Form *a, const Form *b)
{
    char a_last = a->n ? a->s[a->n - 1] : 0, b_last = b->n ? b->s[b->n - 1] : 0;
    if (a_last != 'i' && a_last != 'y')
        return 0;
    if (b_last != 'i' && b_last != 'y' && b_last != 'e')
        return 1;
    char a_before = a->n >= 2 ? a->s[a->n - 2] : 0, b_before = b->n >= 2 ? b->s[b->n - 2] : 0;
    return b_last == 'e' && (a_before == 'a' || a_before == 'e' || a_before == 'o' || a_before == 'u') &&
           b_before != 'i';
}

static int
nisba(const Form *a, const Form *b)
{
    return suffixed(a, b) || suffixed(b, a);
}

/* `vowels_dropped`. */
static int
vowels_dropped(const Form *a, const Form *b)
{
    const Form *s = a, *l = b;
    if (a->n > b->n) {
        s = b;
        l = a;
    }
    if (l->n - s->n < 2 || s->n < 3)
        return 0;
    Py_ssize_t i = 0;
    int runs = 0, skipping = 0;
    for (Py_ssize_t k = 0; k < l->n; k++) {
        char c = l->s[k];
        if (i < s->n && c == s->s[i]) {
            i++;
            skipping = 0;
        } else if (is_vowel(c)) {
            runs += !skipping;
            skipping = 1;
        } else {
            return 0;
        }
    }
    return i == s->n && runs >= 2;
}

/* `v_as_vowel`. */
static int
v_as_vowel(const Form *a, const Form *b)
{
    int va = holds(a, 'v'), vb = holds(b, 'v');
    if (va == vb)
        return 0;
    const Form *r = va ? a : b, *o = va ? b : a;
    Form read, other;
    /* Each [aeiou]?v[aeiou]? (leftmost, not overlapping) written U. */
    read.n = 0;
    Py_ssize_t i = 0;
    while (i < r->n) {
        Py_ssize_t v = -1;
        if (is_vowel(r->s[i]) && i + 1 < r->n && r->s[i + 1] == 'v')
            v = i + 1;
        else if (r->s[i] == 'v')
            v = i;
        if (v < 0) {
            read.s[read.n++] = r->s[i++];
            continue;
        }
        read.s[read.n++] = 'U';
        i = v + 1;
        if (i < r->n && is_vowel(r->s[i]))
            i++;
    }
    replaced(o, 'u', 'U', &other);
    return same(&read, &other) || (read.n == other.n && vowel_variants(&read, &other));
}

static Py_ssize_t
stripped_length(const Form *f)
{
    Py_ssize_t start = 0, end = f->n;
    while (start < end && f->s[start] == '\'')
        start++;
    while (end > start && f->s[end - 1] == '\'')
        end--;
    return end - start;
}

/* `_read_vowel_variant`. */
static double
read_vowel_variant(const Form *ra, const Form *rb, double read, double written)
{
    if (!(rules.skeleton_min_edit <= read && read < rules.skeleton_floor))
        return 0.0;
    Form x, y;
    skeleton_of(ra, &x);
    if (stripped_length(&x) < 2)
        return 0.0;
    skeleton_of(rb, &y);
    if (!same(&x, &y) || !vowel_variants(ra, rb))
        return 0.0;
    return rules.skeleton_floor - (read - written) / 2;
}

/* `_half_letters`. */
static double
half_letters(const Form *a, const Form *b, double score_)
{
    double found = score_;
    for (int k = 0; k < rules.halves; k++) {
        char letter = rules.half[k][0], other = rules.half[k][1];
        if (!((holds(a, letter) && holds(b, other)) || (holds(a, other) && holds(b, letter))))
            continue;
        Form ra, rb;
        replaced(a, letter, other, &ra);
        replaced(b, letter, other, &rb);
        double read = edit(&ra, &rb);
        double halfway = (score_ + read) / 2;
        if (halfway > found)
            found = halfway;
        double lifted = read_vowel_variant(&ra, &rb, read, score_);
        if (lifted > found)
            found = lifted;
    }
    return found;
}

/* `_latin_similarity_written`. */
static double
written(const Form *a, const Form *sa, const Form *b, const Form *sb)
{
    double s = half_letters(a, b, edit(a, b));
    if (nisba(a, b))
        return s < rules.nisba_cap ? s : rules.nisba_cap;
    int one = same(sa, sb) && stripped_length(sa) >= 2;
    if (one && s >= rules.skeleton_min_edit && vowel_variants(a, b) && rules.skeleton_floor > s)
        s = rules.skeleton_floor;
    if (s < rules.vowelless_floor && one && vowels_dropped(a, b))
        s = rules.vowelless_floor;
    if (s < rules.v_as_vowel && one && v_as_vowel(a, b))
        s = rules.v_as_vowel;
    return s;
}

/* `_latin_similarity`. */
static double
latin_read(const Form *a, const Form *sa, const Form *b, const Form *sb, int devoicing)
{
    double s = written(a, sa, b, sb);
    if (!devoicing || a->n < 3 || b->n < 3)
        return s;
    char end_a = a->s[a->n - 1], end_b = b->s[b->n - 1], voiced = 0;
    int paired = 0;
    for (int k = 0; k < rules.devoiced_pairs; k++) {
        char voiceless = rules.devoiced[k][0], v = rules.devoiced[k][1];
        if ((end_a == voiceless && end_b == v) || (end_a == v && end_b == voiceless)) {
            paired = 1;
            voiced = v;
        }
    }
    if (!paired)
        return s;
    Form ra = *a, rb = *b, ka, kb;
    ra.s[ra.n - 1] = voiced;
    rb.s[rb.n - 1] = voiced;
    double cost = (edit(&ra, &rb) - edit(a, b)) / 2;
    skeleton_of(&ra, &ka);
    skeleton_of(&rb, &kb);
    double found = written(&ra, &ka, &rb, &kb) - cost;
    return found > s ? found : s;
}

/* A form with each x read ks (`ks_for_x`); `out` holds twice FORM_MAX letters. */
static void
x_as_ks(const Form *f, Form *out)
{
    out->n = 0;
    for (Py_ssize_t i = 0; i < f->n; i++) {
        if (f->s[i] == 'x') {
            out->s[out->n++] = 'k';
            out->s[out->n++] = 's';
        } else {
            out->s[out->n++] = f->s[i];
        }
    }
}

/* `latin_similarity` of two forms taken (as_latin: each T read s). */
static double
latin(const Form *a0, const Form *sa, const Form *b0, const Form *sb, int devoicing)
{
    Form a, b;
    replaced(a0, 'T', 's', &a);
    replaced(b0, 'T', 's', &b);
    double s = latin_read(&a, sa, &b, sb, devoicing);
    if ((holds(&a, 'g') && holds(&b, 'q')) || (holds(&a, 'q') && holds(&b, 'g'))) {
        Form ra, rb, ka, kb;
        replaced(&a, 'g', 'q', &ra);
        replaced(&b, 'g', 'q', &rb);
        replaced(sa, 'g', 'k', &ka);
        replaced(sb, 'g', 'k', &kb);
        if (same(&ka, &kb)) {
            double found = latin_read(&ra, &ka, &rb, &ka, devoicing);
            if (found > s)
                s = found;
        }
    }
    if ((holds(&a, 'x') && holds_pair(&b, 'k', 's')) || (holds_pair(&a, 'k', 's') && holds(&b, 'x'))) {
        Form ra, rb, ka, kb;
        x_as_ks(&a, &ra);
        x_as_ks(&b, &rb);
        skeleton_of(&ra, &ka);
        skeleton_of(&rb, &kb);
        double found = latin_read(&ra, &ka, &rb, &kb, devoicing);
        if (found > s)
            s = found;
    }
    return s;
}

/* A str as a Form: 1 if taken (ASCII, at most FORM_MAX letters), else 0. */
static int
form_of(PyObject *text, Form *f)
{
    if (!PyUnicode_Check(text) || !PyUnicode_IS_ASCII(text) || PyUnicode_GET_LENGTH(text) > FORM_MAX)
        return 0;
    f->n = PyUnicode_GET_LENGTH(text);
    memcpy(f->s, PyUnicode_DATA(text), (size_t)f->n);
    return 1;
}

static PyObject *
latin_similarity(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "latin_similarity(a, skel_a, b, skel_b, devoicing)");
        return NULL;
    }
    for (int k = 0; k < 4; k++) {
        if (!PyUnicode_Check(args[k])) {
            PyErr_Format(PyExc_TypeError, "latin_similarity: argument %d is not a str", k + 1);
            return NULL;
        }
    }
    if (!rules.ready) {
        PyErr_SetString(PyExc_RuntimeError, "latin_similarity: configure() was not called");
        return NULL;
    }
    int devoicing = PyObject_IsTrue(args[4]);
    if (devoicing < 0)
        return NULL;
    static Form a, sa, b, sb;
    if (!form_of(args[0], &a) || !form_of(args[1], &sa) || !form_of(args[2], &b) || !form_of(args[3], &sb))
        return PyFloat_FromDouble(-1.0);
    latin_failed = 0;
    double s = latin(&a, &sa, &b, &sb, devoicing);
    if (latin_failed)
        return PyErr_NoMemory();
    return PyFloat_FromDouble(s);
}

/* `written_consonants` of an ASCII text (its letters but a, e, i, o and u, a run once); 0 for a
 * text this does not take. */
static int
written_consonants(PyObject *text, Form *out)
{
    if (!PyUnicode_IS_ASCII(text) || PyUnicode_GET_LENGTH(text) > FORM_MAX)
        return 0;
    const char *data = (const char *)PyUnicode_DATA(text);
    out->n = 0;
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); i++) {
        if (!is_vowel(data[i]))
            out->s[out->n++] = data[i];
    }
    once_each(out);
    return 1;
}

/* `vowelless` of a part not in Arabic script, its text (ASCII) and its `written_consonants`. */
static int
vowelless(const Form *text, const Form *written)
{
    if (text->n < 3 || written->n < 2)
        return 0;
    for (Py_ssize_t i = 1; i < text->n; i++) {
        if (is_vowel(text->s[i]))
            return 0;
    }
    return 1;
}

static int
is_script(PyObject *script, PyObject *name)
{
    return script == name || PyUnicode_Compare(script, name) == 0;
}

/* A token's field (a str), or NULL with an error set that names the token: others[i], or the
 * first argument when i is -1. The name is formatted only for the error: formatting it for
 * every field (snprintf) cost 15% of the instructions of screening a file. */
static PyObject *
field(PyObject *token, Py_ssize_t at, Py_ssize_t i)
{
    if (!PyTuple_Check(token) || PyTuple_GET_SIZE(token) <= at) {
        if (i < 0)
            PyErr_SetString(PyExc_TypeError, "latin_similarities: token is not a token");
        else
            PyErr_Format(PyExc_TypeError, "latin_similarities: others[%zd] is not a token", i);
        return NULL;
    }
    PyObject *value = PyTuple_GET_ITEM(token, at);
    if (!PyUnicode_Check(value)) {
        if (i < 0)
            PyErr_SetString(PyExc_TypeError, "latin_similarities: a field of token is not a str");
        else
            PyErr_Format(PyExc_TypeError, "latin_similarities: a field of others[%zd] is not a str", i);
        return NULL;
    }
    return value;
}

static int
append(PyObject *list, Py_ssize_t i)
{
    PyObject *number = PyLong_FromSsize_t(i);
    if (number == NULL)
        return -1;
    int failed = PyList_Append(list, number);
    Py_DECREF(number);
    return failed;
}

/* latin_similarities(token, others) -> (scores, maybe_left_out, g_read, read, missing): see
 * similarity.py's `_latin_batch`. `missing`: the parts not taken, for the Python functions. */
static PyObject *
latin_similarities(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "latin_similarities(token, others)");
        return NULL;
    }
    if (!rules.ready) {
        PyErr_SetString(PyExc_RuntimeError, "latin_similarities: configure() was not called");
        return NULL;
    }
    PyObject *a_phon = field(args[0], rules.phon_at, -1), *a_skel = a_phon ? field(args[0], rules.skel_at, -1) : NULL;
    PyObject *a_text = a_skel ? field(args[0], rules.text_at, -1) : NULL;
    if (a_text == NULL)
        return NULL;
    PyObject *others = PySequence_Fast(args[1], "latin_similarities: others must be a sequence");
    if (others == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(others);
    PyObject *scores_out = PyByteArray_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(double));
    PyObject *lists[4] = {PyList_New(0), PyList_New(0), PyList_New(0), PyList_New(0)};
    PyObject *result = NULL;
    if (scores_out == NULL || !lists[0] || !lists[1] || !lists[2] || !lists[3])
        goto done;
    PyObject *maybe_left_out = lists[0], *g_read = lists[1], *read = lists[2], *missing = lists[3];
    double *scores = (double *)PyByteArray_AS_STRING(scores_out);
    PyObject *a_script = field(args[0], rules.script_at, -1);
    if (a_script == NULL) {
        Py_DECREF(others);
        return NULL;
    }
    static Form a0, a, sa, b0, b, sb, wa, wb, ka, kb, ta, tb;
    int taken = form_of(a_phon, &a0) && form_of(a_skel, &sa);
    /* The token's text, for the rules of vowels left out: its consonants as written, whether it
     * is written without vowels (never, in Arabic script), whether it is Latin. */
    int own_text = taken && form_of(a_text, &ta) && written_consonants(a_text, &wa);
    int own_latin = own_text && is_script(a_script, rules.latin_script);
    int own_vowelless_known = own_text && stripped_length(&sa) >= 2;
    if (own_text && is_script(a_script, rules.arabic_script))
        wa.n = 0; /* vowelless() is then false, as `vowelless` has it for Arabic script */
    if (taken) {
        replaced(&a0, 'T', 's', &a);
        replaced(&sa, 'g', 'k', &ka);
        pin(&a);
    }
    char end_a = taken && a.n ? a.s[a.n - 1] : 0;
    int a_g = taken && holds(&a, 'g'), a_q = taken && holds(&a, 'q');
    int a_x = taken && holds(&a, 'x'), a_ks = taken && holds_pair(&a, 'k', 's');
    latin_failed = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *other = PySequence_Fast_GET_ITEM(others, i);
        PyObject *phon = field(other, rules.phon_at, i), *skel = phon ? field(other, rules.skel_at, i) : NULL;
        PyObject *text = skel ? field(other, rules.text_at, i) : NULL;
        if (text == NULL)
            goto done;
        if (!taken || !form_of(phon, &b0) || !form_of(skel, &sb)) {
            scores[i] = -1.0;
            if (append(missing, i) < 0)
                goto done;
            continue;
        }
        double s = latin(&a0, &sa, &b0, &sb, 1);
        if (latin_failed) {
            PyErr_NoMemory();
            goto done;
        }
        replaced(&b0, 'T', 's', &b);
        if (s < rules.vowelless_floor) {
            /* Vowels left out (similarity.py's `latin_similarities`, `vowels_left_out`): of the
             * token's skeleton, one part written without vowels and the other not, away from
             * the -i suffix; or both Latin, their consonants alike as written, and one written
             * without vowels or with vowels dropped (`vowels_dropped`), away from the suffix. A
             * text this does not take is left to the Python code. */
            PyObject *script = field(other, rules.script_at, i);
            if (script == NULL)
                goto done;
            if (!own_text || !form_of(text, &tb) || !written_consonants(text, &wb)) {
                if (append(maybe_left_out, i) < 0)
                    goto done;
            } else if (!nisba(&a, &b)) {
                int differ = vowelless(&ta, &wa) != (!is_script(script, rules.arabic_script) && vowelless(&tb, &wb));
                if ((own_vowelless_known && same(&sa, &sb) && differ) ||
                    (own_latin && is_script(script, rules.latin_script) && same(&wa, &wb) &&
                     (differ || vowels_dropped(&ta, &tb))))
                    s = rules.vowelless_floor;
            }
        }
        scores[i] = s;
        /* The readings (`_readings`): a last t or p, an x, then a g. */
        char end_b = b.n ? b.s[b.n - 1] : 0;
        int devoiced = 0;
        for (int k = 0; k < rules.devoiced_pairs; k++) {
            char voiceless = rules.devoiced[k][0], voiced = rules.devoiced[k][1];
            if ((end_a == voiceless && end_b == voiced) || (end_a == voiced && end_b == voiceless))
                devoiced = a.n >= 3 && b.n >= 3;
        }
        if (devoiced || (a_x && holds_pair(&b, 'k', 's')) || (a_ks && holds(&b, 'x'))) {
            if (append(read, i) < 0)
                goto done;
        } else if ((a_g && holds(&b, 'q')) || (a_q && holds(&b, 'g'))) {
            replaced(&sb, 'g', 'k', &kb);
            if (same(&ka, &kb) && append(g_read, i) < 0)
                goto done;
        }
    }
    result = PyTuple_Pack(5, scores_out, maybe_left_out, g_read, read, missing);
done:
    unpin();
    Py_XDECREF(scores_out);
    for (int k = 0; k < 4; k++)
        Py_XDECREF(lists[k]);
    Py_DECREF(others);
    return result;
}

static int
letters_of(PyObject *text, const char *what, char *out, Py_ssize_t size, Py_ssize_t *n)
{
    if (!PyUnicode_Check(text) || !PyUnicode_IS_ASCII(text) || PyUnicode_GET_LENGTH(text) > size) {
        PyErr_Format(PyExc_ValueError, "configure: %s must be a str of at most %zd ASCII letters", what, size);
        return 0;
    }
    *n = PyUnicode_GET_LENGTH(text);
    memcpy(out, PyUnicode_DATA(text), (size_t)*n);
    return 1;
}

static PyObject *
configure(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 16) {
        PyErr_SetString(PyExc_TypeError,
                        "configure(nisba_cap, skeleton_min_edit, skeleton_floor, vowelless_floor, v_as_vowel, "
                        "marks, head_vowels, half_letters, devoiced, vowels, text_at, phon_at, skel_at, script_at, "
                        "latin, arabic)");
        return NULL;
    }
    double values[5];
    for (int k = 0; k < 5; k++) {
        values[k] = PyFloat_AsDouble(args[k]);
        if (values[k] == -1.0 && PyErr_Occurred())
            return NULL;
    }
    char marks[64], heads[64], half[6], devoiced[8];
    Py_ssize_t n_marks, n_heads, n_half, n_devoiced;
    if (!letters_of(args[5], "marks", marks, 64, &n_marks) || !letters_of(args[6], "head_vowels", heads, 64, &n_heads) ||
        !letters_of(args[7], "half_letters", half, 6, &n_half) ||
        !letters_of(args[8], "devoiced", devoiced, 8, &n_devoiced))
        return NULL;
    char vowels[8];
    Py_ssize_t n_vowels, at[4];
    if (!letters_of(args[9], "vowels", vowels, 8, &n_vowels))
        return NULL;
    if (n_vowels != 5 || memcmp(vowels, "aeiou", 5) != 0) {
        /* The rules read the vowels as is_vowel() has them, as similarity.py's expressions do. */
        PyErr_SetString(PyExc_ValueError, "configure: vowels must be aeiou, as is_vowel() reads them");
        return NULL;
    }
    if (!PyUnicode_Check(args[14]) || !PyUnicode_Check(args[15])) {
        PyErr_SetString(PyExc_TypeError, "configure: latin and arabic must be str");
        return NULL;
    }
    for (int k = 0; k < 4; k++) {
        at[k] = PyLong_AsSsize_t(args[10 + k]);
        if (at[k] == -1 && PyErr_Occurred())
            return NULL;
        if (at[k] < 0) {
            PyErr_SetString(PyExc_ValueError, "configure: a token field's position is negative");
            return NULL;
        }
    }
    if (n_half % 2 || n_devoiced % 2) {
        PyErr_SetString(PyExc_ValueError, "configure: half_letters and devoiced are pairs of letters");
        return NULL;
    }
    rules.nisba_cap = values[0];
    rules.skeleton_min_edit = values[1];
    rules.skeleton_floor = values[2];
    rules.vowelless_floor = values[3];
    rules.v_as_vowel = values[4];
    memset(rules.mark, 0, sizeof(rules.mark));
    memset(rules.head_vowel, 0, sizeof(rules.head_vowel));
    for (Py_ssize_t i = 0; i < n_marks; i++)
        rules.mark[(unsigned char)marks[i]] = 1;
    for (Py_ssize_t i = 0; i < n_heads; i++)
        rules.head_vowel[(unsigned char)heads[i]] = 1;
    rules.halves = (int)(n_half / 2);
    for (int k = 0; k < rules.halves; k++) {
        rules.half[k][0] = half[2 * k];
        rules.half[k][1] = half[2 * k + 1];
    }
    rules.devoiced_pairs = (int)(n_devoiced / 2);
    for (int k = 0; k < rules.devoiced_pairs; k++) {
        rules.devoiced[k][0] = devoiced[2 * k];
        rules.devoiced[k][1] = devoiced[2 * k + 1];
    }
    rules.text_at = at[0];
    rules.phon_at = at[1];
    rules.skel_at = at[2];
    rules.script_at = at[3];
    Py_INCREF(args[14]);
    Py_INCREF(args[15]);
    Py_XSETREF(rules.latin_script, args[14]);
    Py_XSETREF(rules.arabic_script, args[15]);
    rules.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"similarity", (PyCFunction)(void (*)(void))similarity, METH_FASTCALL,
     "The edit similarity of two forms (see the module's comment)."},
    {"similarities", (PyCFunction)(void (*)(void))similarities, METH_FASTCALL,
     "The Levenshtein distances and edit similarities of one form with many."},
    {"latin_similarity", (PyCFunction)(void (*)(void))latin_similarity, METH_FASTCALL,
     "The similarity of two Latin phonetic forms with similarity.py's rules (see above)."},
    {"latin_similarities", (PyCFunction)(void (*)(void))latin_similarities, METH_FASTCALL,
     "latin_similarity of one form with many."},
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "The rules' constants and letters, from similarity.py."},
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
