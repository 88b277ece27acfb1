#pragma once
// Lead data in text meant for people. An id or a string from a record is
// shown as it is, except its control characters: a newline in an id would
// forge a line of output, an ESC would send the terminal a command. JSON and
// CSV outputs escape in their own ways and do not use this.
#include <string>
#include <string_view>

namespace baton {

// `text` with every control character escaped: \n, \r and \t as such, the
// other C0 bytes and DEL as \xHH (\x1b), the C1 code points (U+0080 to
// U+009F, two bytes in UTF-8) as \u{HH} (\u{9b}). A backslash stays itself.
void append_printable(std::string_view text, std::string& out);
std::string printable(std::string_view text);

}  // namespace baton
