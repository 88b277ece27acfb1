#pragma once
// A bump allocator for strings made during one evaluation (lower(), concat()
// ...). Blocks are kept across reset(), so after the first few leads an
// evaluation allocates nothing; pointers stay valid until the next reset().
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace baton {

class Arena {
 public:
  explicit Arena(std::size_t block_size = 16 * 1024) : block_size_(block_size) {}

  char* allocate(std::size_t n) {
    if (n > remaining_) grow(n);
    char* p = cursor_;
    cursor_ += n;
    remaining_ -= n;
    return p;
  }

  std::string_view copy(std::string_view text) {
    char* p = allocate(text.size());
    if (!text.empty()) std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
  }

  void reset() {
    current_ = 0;
    if (blocks_.empty()) {
      cursor_ = nullptr;
      remaining_ = 0;
    } else {
      cursor_ = blocks_[0].data.get();
      remaining_ = blocks_[0].size;
    }
  }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size;
  };

  void grow(std::size_t n) {
    // Reuse the next kept block when it is large enough; otherwise insert one.
    while (current_ + 1 < blocks_.size() && !blocks_.empty()) {
      ++current_;
      if (blocks_[current_].size >= n) {
        cursor_ = blocks_[current_].data.get();
        remaining_ = blocks_[current_].size;
        return;
      }
    }
    std::size_t size = n > block_size_ ? n : block_size_;
    blocks_.push_back(Block{std::make_unique<char[]>(size), size});
    current_ = blocks_.size() - 1;
    cursor_ = blocks_.back().data.get();
    remaining_ = size;
  }

  std::size_t block_size_;
  std::vector<Block> blocks_;
  std::size_t current_ = 0;
  char* cursor_ = nullptr;
  std::size_t remaining_ = 0;
};

}  // namespace baton
