// Sets, lists and missing values. Sets and lists both arrive as arrays of
// string Values (a set's without repeats: whatever made it dropped them); the
// functions here only read them, so one implementation serves every set/list
// combination.
#include <algorithm>
#include <array>

#include "support.hpp"

namespace baton::stdlib {
namespace {

using detail::items_of;

bool holds(std::span<const Value> items, std::string_view needle) {
  return std::any_of(items.begin(), items.end(),
                     [&](const Value& v) { return !v.is_missing() && v.str() == needle; });
}

// Quadratic, which beats hashing for the handful of items a lead's
// interests or a title's words have.
void intersects_impl(CallContext&, std::span<const Value> args, Value& out) {
  auto a = items_of(args[0]), b = items_of(args[1]);
  if (a.size() > b.size()) std::swap(a, b);
  out = Value::of_bool(std::any_of(a.begin(), a.end(), [&](const Value& v) {
    return !v.is_missing() && holds(b, v.str());
  }));
}

void size_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_int(static_cast<std::int64_t>(args[0].len));
}

void count_true_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t count = 0;
  for (const Value& v : args)
    if (!v.is_missing() && v.b) ++count;
  out = Value::of_int(count);
}

void coalesce_impl(CallContext&, std::span<const Value> args, Value& out) {
  for (const Value& v : args) {
    if (!v.is_missing()) {
      out = v;
      return;
    }
  }
  out = Value::absent();
}

void present_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_bool(!args[0].is_missing());
}

constexpr std::string_view kFamily = "sets";
constexpr std::array kValueTypes = {Type::int_,     Type::number,     Type::string,     Type::boolean,
                                    Type::time,     Type::duration,   Type::string_set, Type::string_list};

std::string_view present_example(Type t) {
  switch (t) {
    case Type::int_: return "present(42)";
    case Type::number: return "present(0.5)";
    case Type::string: return R"(present(""))";
    case Type::boolean: return "present(false)";
    case Type::time: return "present(2026-11-23)";
    case Type::duration: return "present(4h)";
    case Type::string_set: return R"(present({"a"}))";
    default: return R"(present(["a"]))";
  }
}

std::string_view coalesce_example(Type t) {
  switch (t) {
    case Type::int_: return "coalesce(1, 2) == 1";
    case Type::number: return "coalesce(0.5, 1.5) == 0.5";
    case Type::string: return R"(coalesce("a", "b") == "a")";
    case Type::boolean: return "coalesce(true, false)";
    case Type::time: return "coalesce(2026-11-23, 2026-01-01) == 2026-11-23";
    case Type::duration: return "coalesce(4h, 1d) == 4h";
    case Type::string_set: return R"(size(coalesce({"a"}, {"b", "c"})) == 1)";
    default: return R"(size(coalesce(["a"], ["b", "c"])) == 1)";
  }
}

void register_intersects(Registry& r) {
  const Type kinds[] = {Type::string_set, Type::string_list};
  for (Type a : kinds)
    for (Type b : kinds)
      r.add({.name = "intersects", .params = {a, b}, .result = Type::boolean, .family = kFamily,
             .summary = "true when the two collections share at least one string",
             .example = R"(intersects({"crm", "erp"}, ["erp", "bi"]))", .impl = intersects_impl});
}

}  // namespace

void register_sets(Registry& r) {
  register_intersects(r);
  r.add({.name = "size", .params = {Type::string_set}, .result = Type::int_, .family = kFamily,
         .summary = "number of items in a set (each held once)", .example = R"(size({"a", "b", "a"}) == 2)",
         .impl = size_impl});
  r.add({.name = "size", .params = {Type::string_list}, .result = Type::int_, .family = kFamily,
         .summary = "number of items in a list", .example = R"(size(["a", "b", "a"]) == 3)",
         .impl = size_impl});
  r.add({.name = "count_true", .params = {}, .variadic = Type::boolean, .result = Type::int_,
         .propagate_missing = false, .family = kFamily,
         .summary = "how many of the conditions are true (BANT/GPCT scoring)",
         .example = "count_true(true, false, 1 < 2) == 2",
         .missing = "a missing condition counts as false", .impl = count_true_impl});
  for (Type t : kValueTypes) {
    r.add({.name = "coalesce", .params = {t, t}, .variadic = t, .result = t, .propagate_missing = false,
           .family = kFamily, .summary = "the first argument that is not missing", .example = coalesce_example(t),
           .missing = "missing only when every argument is missing", .impl = coalesce_impl});
  }
  for (Type t : kValueTypes) {
    r.add({.name = "present", .params = {t}, .result = Type::boolean, .propagate_missing = false,
           .family = kFamily, .summary = "true when the value is not missing", .example = present_example(t),
           .missing = "false for a missing value, never missing itself", .impl = present_impl});
  }
}

}  // namespace baton::stdlib
