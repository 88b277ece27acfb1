#pragma once
// Reading simdjson's DOM tape directly, for the record decoder's hot path.
//
// The DOM parser has validated the whole line by the time anything is read;
// what it leaves is the tape (one 64-bit word per value: the type character
// in the top byte, a payload below) and a string buffer (u32 length, then
// the bytes). Reading events through dom::element costs a call and several
// checks per value and per member step; reading the words costs a load each.
// The layout is simdjson's documented tape format (doc/tape.md), stable
// across its 0.x to 3.x releases but not a public API, so the fast path is
// used only with the major version checked here (kKnownLayout), and the
// decoder's tests compare it with the DOM-API path on every shape of event.
#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace baton::dom_tape {

// simdjson's version numbers are enumerators, not macros: checked in C++.
inline constexpr bool kKnownLayout = simdjson::SIMDJSON_VERSION_MAJOR == 3;

struct View {
  const std::uint64_t* words = nullptr;
  const std::uint8_t* strings = nullptr;

  // '{' '[' '"' 'l' 'u' 'd' 't' 'f' 'n' (and the closing '}' ']').
  char type(std::size_t at) const { return static_cast<char>(words[at] >> 56); }

  std::string_view string(std::size_t at) const {
    const std::uint8_t* p = strings + (words[at] & 0x00FFFFFFFFFFFFFF);
    std::uint32_t length;
    std::memcpy(&length, p, sizeof length);
    return {reinterpret_cast<const char*>(p + sizeof length), length};
  }

  // Numbers keep their value in the word after the type word.
  std::int64_t int64(std::size_t at) const {
    std::int64_t v;
    std::memcpy(&v, &words[at + 1], sizeof v);
    return v;
  }
  double number(std::size_t at) const {
    double v;
    std::memcpy(&v, &words[at + 1], sizeof v);
    return v;
  }

  // The index of the value after the one at `at` (a container's start word
  // holds the index just past its end).
  std::size_t after(std::size_t at) const {
    switch (type(at)) {
      case '{':
      case '[': return static_cast<std::uint32_t>(words[at]);
      case 'l':
      case 'u':
      case 'd': return at + 2;
      default: return at + 1;
    }
  }
};

inline View of(const simdjson::dom::parser& parser) { return {parser.doc.tape.get(), parser.doc.string_buf.get()}; }

}  // namespace baton::dom_tape
