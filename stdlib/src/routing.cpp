// Routing: assignment of a lead to one of several owners. XXH3 has a
// specified, endian-independent output, so the same key goes to the same
// owner on every platform, run and version of baton.
//
// one_of is hash mod n: simple, but any change to the list reassigns most
// leads. assign is weighted rendezvous hashing (highest random weight): each
// owner draws a pseudo-random number from (owner, key), scaled by its
// weight, and the highest draw wins. An owner's draw does not depend on who
// else is in the list, so adding, removing, excluding or re-weighting one
// owner moves only the leads that owner gains or loses.
#include <xxhash.h>

#include <charconv>
#include <cmath>

#include "support.hpp"

namespace baton::stdlib {
namespace {

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// The weights a draw keeps exact in ratio: -weight / ln(u) stays a normal
// double, finite and above zero, for every u (-ln(u) is 5.5e-17 .. 37.4),
// so neither an overflow to infinity (a tie the first owner wins) nor an
// underflow to 0 (no winner) can skew a split.
constexpr double kMinWeight = 1e-6, kMaxWeight = 1e12;

// "ae:amara.okafor*2" -> name "ae:amara.okafor", weight 2. No '*': weight 1.
// False for an empty name or a weight that is not 0 or a number in
// [kMinWeight, kMaxWeight]. The
// first '*' starts the weight (names never hold one), so "ana**2" and
// "ana*2*3" are typos, not the owners "ana*" and "ana*2".
bool parse_owner(std::string_view entry, std::string_view& name, double& weight) {
  const std::size_t star = entry.find('*');
  if (star == std::string_view::npos) {
    name = entry;
    weight = 1;
    return !entry.empty();
  }
  name = trim_spaces(entry.substr(0, star));
  const std::string_view digits = trim_spaces(entry.substr(star + 1));
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), weight);
  return !name.empty() && !digits.empty() && ec == std::errc() && end == digits.data() + digits.size() &&
         (weight == 0 || (weight >= kMinWeight && weight <= kMaxWeight));
}

void one_of_impl(CallContext&, std::span<const Value> args, Value& out) {
  const Value& owners = args[0];
  if (owners.len == 0) {
    out = Value::absent();
    return;
  }
  std::string_view key = args[1].str();
  std::uint64_t hash = XXH3_64bits(key.data(), key.size());
  out = owners.items[hash % owners.len];
  // A list written for assign ("ana*2"): the owner is the name, never the
  // name with its weight (one_of itself ignores weights); a weight with a
  // typo makes the owner missing, as it does for assign.
  std::string_view name;
  double weight = 0;
  out = parse_owner(out.str(), name, weight) ? Value::of_string(name) : Value::absent();
}

bool contains(const Value& set, std::string_view name) {
  if (set.is_missing()) return false;
  for (const Value& item : detail::items_of(set))
    if (item.str() == name) return true;
  return false;
}

// The owner's draw for this key: u uniform in (0, 1) from XXH3-64 of the key
// seeded with XXH3-64 of the owner's name; score = -weight / ln(u). For
// weights w_i, owner i wins with probability w_i / sum(w).
double draw(std::string_view name, std::string_view key, double weight) {
  const std::uint64_t seed = XXH3_64bits(name.data(), name.size());
  const std::uint64_t h = XXH3_64bits_withSeed(key.data(), key.size(), seed);
  const double u = (static_cast<double>(h >> 11) + 0.5) * 0x1p-53;
  return -weight / std::log(u);
}

void assign_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::absent();
  const Value& owners = args[0];
  const Value& key = args[1];
  if (owners.is_missing() || key.is_missing()) return;
  const Value none = Value::absent();
  const Value& except = args.size() > 2 ? args[2] : none;
  double best = 0;
  for (const Value& entry : detail::items_of(owners)) {
    std::string_view name;
    double weight = 0;
    if (!parse_owner(entry.str(), name, weight)) {
      out = Value::absent();  // a typo in a weight never skews the split silently
      return;
    }
    if (weight == 0 || contains(except, name)) continue;
    const double score = draw(name, key.str(), weight);
    if (score > best) {
      best = score;
      out = Value::of_string(name);
    }
  }
}

constexpr std::string_view kAssignMissing =
    "missing for an empty list, when every owner is excluded or weighted 0, and when an entry's weight "
    "after `*` is not 0 or a number from 1e-6 to 1e12; a missing key or list gives missing, a missing exclusion set excludes "
    "nobody";

}  // namespace

void register_routing(Registry& r) {
  const Type L = Type::string_list, S = Type::string;
  r.add({.name = "one_of", .params = {L, S}, .result = S, .family = "routing",
         .summary = "picks one owner from the list by XXH3-64(key) mod n; any change to the list reassigns "
                    "most keys (assign is the stable form)",
         .example = R"(one_of(["ana", "ben", "chen"], "d@big.example") in {"ana", "ben", "chen"})",
         .missing = "missing for an empty list, and when the entry it picks has a `*` not followed by 0 or a "
                    "number from 1e-6 to 1e12 (and, as usual, for a missing key)",
         .impl = one_of_impl});
  r.add({.name = "assign", .params = {L, S}, .result = S, .propagate_missing = false, .family = "routing",
         .summary = "stable weighted assignment (rendezvous hashing): a list change moves only the leads the "
                    "changed owner gains or loses; \"ana*2\" weighs ana twice",
         .example = R"(assign(["ana*2", "ben", "chen"], "d@big.example") == "ana")",
         .missing = kAssignMissing, .impl = assign_impl});
  r.add({.name = "assign", .params = {L, S, Type::string_set}, .result = S, .propagate_missing = false,
         .family = "routing",
         .summary = "the same, skipping the owners in the set (out of office): only their leads move",
         .example = R"(assign(["ana*2", "ben", "chen"], "d@big.example", {"ana"}) == "chen")",
         .missing = kAssignMissing, .impl = assign_impl});
}

}  // namespace baton::stdlib
