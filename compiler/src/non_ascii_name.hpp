#pragma once
// A name written with a letter outside ASCII (`größe`): the grammar reads its
// ASCII start as the name and stops at the letter, with a message about what
// should have followed. This names the mistake instead (E0023).
#include "baton/compiler/diagnostic.hpp"

namespace baton {

// Rewrites `d` when the grammar stopped at a non-ASCII letter that is part of
// a word; false leaves it as it was.
bool non_ascii_name(const SourceFile& file, Diagnostic& d);

}  // namespace baton
