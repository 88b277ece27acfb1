#pragma once
// Syntax errors whose cause sits around or before the point where the grammar
// stopped: text without quotes (`team:apac`), a duration written in words
// (`8 hours`), a percent sign, `//` comments. The grammar reports the first
// token it cannot take; these rewrite that report to name the mistake and its
// fix (docs/errors.md). Only the error path runs them: valid files never do.
#include "baton/compiler/diagnostic.hpp"

namespace baton {

// Rewrites `d` (code, message, span, help) when the text at and before
// d.span shows a known mistake; false leaves it as it was.
bool explain_syntax_mistake(const SourceFile& file, Diagnostic& d);

}  // namespace baton
