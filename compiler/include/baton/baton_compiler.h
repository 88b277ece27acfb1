/* baton_compiler.h — compiling SLA source from C (libbaton_compiler.so).
 *
 * A separate library so that a service which only loads compiled programs
 * (libbaton.so, baton.h) carries no grammar and no compiler. Link both:
 *   cc app.c $(pkg-config --cflags --libs baton-compiler)
 *
 *   baton_compilation* c = baton_compile_file("sla.baton");
 *   if (!baton_compilation_ok(c)) fputs(baton_compilation_diagnostics_text(c), stderr);
 *   baton_program* program = baton_compilation_program(c, &error);  // for baton.h
 *   baton_compilation_free(c);
 *
 * A baton_compilation belongs to one thread at a time; the strings and bytes
 * it returns live until baton_compilation_free(). Compilations are
 * independent: several threads may compile at once. */
#ifndef BATON_COMPILER_H
#define BATON_COMPILER_H

#include <stddef.h>

#include "baton/baton.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of this header. */
#define BATON_COMPILER_ABI_VERSION 1

typedef struct baton_compilation baton_compilation;

BATON_API int baton_compiler_abi_version(void);

/* Compiles source text; `path` only names the file in diagnostics (NULL:
 * "<source>"). Never NULL except out of memory; check baton_compilation_ok. */
BATON_API baton_compilation* baton_compile_source(const char* path, const char* text, size_t size);
/* Reads and compiles a .baton file; a file that cannot be read is one error
 * diagnostic. */
BATON_API baton_compilation* baton_compile_file(const char* path);
BATON_API void baton_compilation_free(baton_compilation* compilation);

/* 1 when the source compiled (there may still be warnings). */
BATON_API int baton_compilation_ok(const baton_compilation* compilation);
BATON_API size_t baton_compilation_error_count(const baton_compilation* compilation);
BATON_API size_t baton_compilation_warning_count(const baton_compilation* compilation);
/* Every diagnostic as `baton check` prints it (file:line:col, the source line,
 * a caret, help lines); "" when there are none. */
BATON_API const char* baton_compilation_diagnostics_text(baton_compilation* compilation);
/* The same as a JSON array of objects as `baton check --format json` prints
 * them ({"file","line","column","end_line","end_column","severity","code",
 * "message","help"}); "[]" when there are none. */
BATON_API const char* baton_compilation_diagnostics_json(baton_compilation* compilation);
/* The compiled program as .batonc bytes (what `baton build` writes); 1 and
 * *data, *size set when it compiled, else 0. */
BATON_API int baton_compilation_bytes(baton_compilation* compilation, const void** data, size_t* size);
/* The compiled program, loaded for baton.h: a new reference (release it with
 * baton_program_free). NULL when it did not compile; *error (when not NULL)
 * then receives a message to free with baton_string_free. */
BATON_API baton_program* baton_compilation_program(baton_compilation* compilation, char** error);

#ifdef __cplusplus
}
#endif

#endif /* BATON_COMPILER_H */
