#include "string_set.hpp"

#include <cstring>

#include <xxhash.h>

namespace baton {
namespace {

std::uint64_t hash_of(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

// At most half full keeps linear probe sequences short.
std::size_t capacity_for(std::size_t count) {
  std::size_t capacity = 2;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}

}  // namespace

StringSet::StringSet(const std::vector<std::string>& items)
    : slots_(capacity_for(items.size())), mask_(slots_.size() - 1) {
  for (const std::string& item : items) {
    const std::uint64_t hash = hash_of(item);
    if (find(item, hash)) continue;
    std::size_t i = hash & mask_;
    while (slots_[i].offset != kEmpty) i = (i + 1) & mask_;
    slots_[i] = {hash, static_cast<std::uint32_t>(bytes_.size()), static_cast<std::uint32_t>(item.size())};
    bytes_ += item;
    ++size_;
  }
}

const StringSet::Slot* StringSet::find(std::string_view key, std::uint64_t hash) const {
  for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.offset == kEmpty) return nullptr;
    if (slot.hash == hash && slot.length == key.size() &&
        (key.empty() || std::memcmp(bytes_.data() + slot.offset, key.data(), key.size()) == 0))
      return &slot;
  }
}

bool StringSet::contains(std::string_view key) const { return find(key, hash_of(key)) != nullptr; }

}  // namespace baton
