#pragma once
// StringSet: the hashed form of a constant set, built once at load so that
// `x in {"gmail.com", ...}` (IN_CONST_SET) is one hash and usually one compare.
//
// Hand-written rather than std::unordered_set<std::string>: a lookup must not
// allocate (the VM has a std::string_view into the record, and the standard
// containers need a key_type until C++20's heterogeneous lookup, which
// libstdc++ 12 lacks for unordered containers), and one flat array of slots
// keeps a probe in one or two cache lines instead of chasing node pointers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

class StringSet {
 public:
  // Duplicates are kept once.
  explicit StringSet(const std::vector<std::string>& items);

  bool contains(std::string_view key) const;
  std::size_t size() const { return size_; }

 private:
  // Open addressing with linear probing; a slot with offset == kEmpty is free.
  // The full hash is kept so most mismatches cost no string compare.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = kEmpty;  // into bytes_
    std::uint32_t length = 0;
  };
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;

  std::string bytes_;       // every distinct item, back to back
  std::vector<Slot> slots_;  // power-of-two size, at most half full
  std::size_t mask_ = 0;
  std::size_t size_ = 0;

  const Slot* find(std::string_view key, std::uint64_t hash) const;
};

}  // namespace baton
