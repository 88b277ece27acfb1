#pragma once
// Loader and verifier messages quote names and patterns taken from the file,
// which may hold anything; a message must stay one printable line.
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace baton {

// Control bytes become \xNN escapes; everything else (UTF-8 included) stays.
inline std::string one_line(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (unsigned char c : message) {
    if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace baton
