// Strings: case mapping, trimming, searching, splitting, joining.
// `starts_with`, `ends_with` and `contains` are operators with their own
// opcodes (and keywords, so they cannot be called), not functions here.
// Searches are byte-exact; callers lower-case for a case-insensitive test.
#include <algorithm>

#include "support.hpp"

namespace baton::stdlib {
namespace {

using detail::allocate_values;
using detail::items_of;

void lower_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = Value::of_string(detail::to_lower(ctx.arena, args[0].str()));
}

void upper_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = Value::of_string(detail::to_upper(ctx.arena, args[0].str()));
}

// Zero-width space and the byte-order mark are format characters, not
// spaces, but they come along with text pasted into web forms.
bool is_trimmable(std::int32_t cp) { return detail::is_space(cp) || cp == 0x200B || cp == 0xFEFF; }

// Length in bytes of the trimmable code point that ends at `end`, or 0.
std::size_t trailing_space(std::string_view text, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80 && end - start < 4)
    --start;
  std::int32_t cp = 0;
  std::size_t n = detail::decode_at(text, start, cp);
  return (start + n == end && is_trimmable(cp)) ? n : 0;
}

// The result is a view into the argument: no copy, and the argument outlives
// the evaluation step that uses the result.
void trim_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::string_view text = args[0].str();
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::int32_t cp = 0;
    std::size_t n = detail::decode_at(text, begin, cp);
    if (!is_trimmable(cp)) break;
    begin += n;
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t n = trailing_space(text, end);
    if (n == 0) break;
    end -= n;
  }
  out = Value::of_string(text.substr(begin, end - begin));
}

void length_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_int(static_cast<std::int64_t>(detail::code_point_count(args[0].str())));
}

void contains_any_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::string_view text = args[0].str();
  auto needles = items_of(args[1]);
  out = Value::of_bool(std::any_of(needles.begin(), needles.end(), [&](const Value& needle) {
    return !needle.is_missing() && text.find(needle.str()) != std::string_view::npos;
  }));
}

std::size_t count_occurrences(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + needle.size()))
    ++count;
  return count;
}

void replace_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  std::string_view text = args[0].str(), from = args[1].str(), to = args[2].str();
  std::size_t hits = from.empty() ? 0 : count_occurrences(text, from);
  if (hits == 0) {
    out = args[0];
    return;
  }
  std::size_t size = text.size() - hits * from.size() + hits * to.size();
  char* buffer = ctx.arena.allocate(size);
  char* cursor = buffer;
  std::size_t pos = 0;
  for (std::size_t hit = text.find(from); hit != std::string_view::npos; hit = text.find(from, pos)) {
    cursor = std::copy(text.begin() + static_cast<std::ptrdiff_t>(pos),
                       text.begin() + static_cast<std::ptrdiff_t>(hit), cursor);
    cursor = std::copy(to.begin(), to.end(), cursor);
    pos = hit + from.size();
  }
  std::copy(text.begin() + static_cast<std::ptrdiff_t>(pos), text.end(), cursor);
  out = Value::of_string({buffer, size});
}

// The pieces are views into the argument; only the item array is allocated.
void split_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  std::string_view text = args[0].str(), sep = args[1].str();
  if (text.empty()) {
    out = Value::of_items(nullptr, 0);
    return;
  }
  if (sep.empty()) {
    Value* items = allocate_values(ctx.arena, 1);
    items[0] = args[0];
    out = Value::of_items(items, 1);
    return;
  }
  std::size_t count = count_occurrences(text, sep) + 1;
  Value* items = allocate_values(ctx.arena, count);
  std::size_t pos = 0;
  for (std::size_t i = 0; i + 1 < count; ++i) {
    std::size_t hit = text.find(sep, pos);
    items[i] = Value::of_string(text.substr(pos, hit - pos));
    pos = hit + sep.size();
  }
  items[count - 1] = Value::of_string(text.substr(pos));
  out = Value::of_items(items, static_cast<std::uint32_t>(count));
}

// Calls visit(begin, end) for each maximal run of letters/digits in text.
template <typename Visit>
void for_each_word(std::string_view text, Visit visit) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int32_t cp = 0;
    std::size_t n = detail::decode_at(text, pos, cp);
    if (!detail::is_letter_or_digit(cp)) {
      pos += n;
      continue;
    }
    std::size_t begin = pos;
    while (pos < text.size()) {
      n = detail::decode_at(text, pos, cp);
      if (!detail::is_letter_or_digit(cp)) break;
      pos += n;
    }
    visit(begin, pos);
  }
}

void words_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  std::string_view lowered = detail::to_lower(ctx.arena, args[0].str());
  std::size_t count = 0;
  for_each_word(lowered, [&](std::size_t, std::size_t) { ++count; });
  Value* items = allocate_values(ctx.arena, count);
  std::size_t i = 0;
  for_each_word(lowered, [&](std::size_t begin, std::size_t end) {
    items[i++] = Value::of_string(lowered.substr(begin, end - begin));
  });
  out = Value::of_items(items, static_cast<std::uint32_t>(count));
}

void concat_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  std::size_t size = 0;
  for (const Value& part : args) size += part.len;
  char* buffer = ctx.arena.allocate(size);
  char* cursor = buffer;
  for (const Value& part : args) cursor = std::copy(part.s, part.s + part.len, cursor);
  out = Value::of_string({buffer, size});
}

constexpr std::string_view kFamily = "strings";

}  // namespace

void register_strings(Registry& r) {
  const Type S = Type::string;
  r.add({.name = "lower", .params = {S}, .result = S, .family = kFamily,
         .summary = "Unicode lower case (simple, locale-independent case mapping)",
         .example = R"(lower("GESCHÄFTSFÜHRER") == "geschäftsführer")", .impl = lower_impl});
  r.add({.name = "upper", .params = {S}, .result = S, .family = kFamily,
         .summary = "Unicode upper case (simple, locale-independent case mapping)",
         .example = R"(upper("Directeur Général") == "DIRECTEUR GÉNÉRAL")", .impl = upper_impl});
  r.add({.name = "trim", .params = {S}, .result = S, .family = kFamily,
         .summary = "removes leading and trailing Unicode white space",
         .example = R"(trim("  VP Sales\t") == "VP Sales")", .impl = trim_impl});
  r.add({.name = "length", .params = {S}, .result = Type::int_, .family = kFamily,
         .summary = "number of Unicode code points",
         .example = R"(length("Директор") == 8)", .impl = length_impl});
  r.add({.name = "contains_any", .params = {S, Type::string_list}, .result = Type::boolean,
         .family = kFamily, .summary = "true when any string of the list occurs in the string",
         .example = R"(contains_any("vp of sales", ["chief", "vp"]))", .impl = contains_any_impl});
  r.add({.name = "contains_any", .params = {S, Type::string_set}, .result = Type::boolean,
         .family = kFamily, .summary = "true when any string of the set occurs in the string",
         .example = R"(contains_any("vp of sales", {"chief", "vp"}))", .impl = contains_any_impl});
  r.add({.name = "replace", .params = {S, S, S}, .result = S, .family = kFamily,
         .summary = "replaces every occurrence of the second string by the third",
         .example = R"(replace("a-b-c", "-", " ") == "a b c")", .impl = replace_impl});
  r.add({.name = "split", .params = {S, S}, .result = Type::string_list, .family = kFamily,
         .summary = "splits at every occurrence of the separator",
         .example = R"(size(split("a,b,,c", ",")) == 4)", .impl = split_impl});
  r.add({.name = "words", .params = {S}, .result = Type::string_list, .family = kFamily,
         .summary = "lower-cased maximal runs of letters and digits, for title matching",
         .example = R"("vp" in words("SVP / VP, Sales"))", .impl = words_impl});
  r.add({.name = "concat", .params = {}, .variadic = S, .result = S, .family = kFamily,
         .summary = "joins any number of strings",
         .example = R"(concat("team:", "emea") == "team:emea")", .impl = concat_impl});
}

}  // namespace baton::stdlib
