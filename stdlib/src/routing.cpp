// Routing: stable assignment of a lead to one of several owners. XXH3 has a
// specified, endian-independent output, so the same key goes to the same
// owner on every platform, run and version of baton.
#include <xxhash.h>

#include "support.hpp"

namespace baton::stdlib {
namespace {

void one_of_impl(CallContext&, std::span<const Value> args, Value& out) {
  const Value& owners = args[0];
  if (owners.len == 0) {
    out = Value::absent();
    return;
  }
  std::string_view key = args[1].str();
  std::uint64_t hash = XXH3_64bits(key.data(), key.size());
  out = owners.items[hash % owners.len];
}

}  // namespace

void register_routing(Registry& r) {
  r.add({.name = "one_of", .params = {Type::string_list, Type::string}, .result = Type::string,
         .family = "routing",
         .summary = "picks one owner from the list by a stable hash (XXH3-64 mod n) of the key",
         .example = R"(one_of(["ana", "ben", "chen"], "d@big.example") in {"ana", "ben", "chen"})",
         .missing = "missing for an empty list (and, as usual, for a missing key)", .impl = one_of_impl});
}

}  // namespace baton::stdlib
