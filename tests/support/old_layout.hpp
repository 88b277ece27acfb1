#pragma once
// A program image written in the section layout of format version 1 (no
// lifecycle, hand-off or calendar sections, no stage-arm tables, debug as tag
// 14), labelled `version`: what an older compiler wrote. The image must use
// only what that layout can hold (one arm per stage, no lifecycle).
#include <cstdint>
#include <vector>

#include "baton/runtime/image.hpp"
#include "baton/runtime/program_io.hpp"

namespace baton::testing {

inline std::vector<std::uint8_t> in_version_1_layout(const ProgramImage& image, std::uint16_t version) {
  using Bytes = std::vector<std::uint8_t>;
  const Bytes good = write_image(image);
  // Version 5 appended the stage arms to the stages section (count + u16 each)
  // and to the debug section (count + line and text each).
  const auto stage_arms = static_cast<std::uint32_t>(4 + 2 * image.stage_arms.size());
  std::uint32_t debug_arms = 4;
  for (const auto& arm : image.stage_arms) debug_arms += 4 + 4 + static_cast<std::uint32_t>(arm.text.size());
  Bytes out(good.begin(), good.begin() + 36);
  auto shorten_last_section = [&](std::uint32_t length, std::uint32_t by) {
    out.resize(out.size() - by);
    const std::uint32_t shorter = length - by;
    for (int i = 0; i < 4; ++i) out[out.size() - shorter - 4 + i] = static_cast<std::uint8_t>(shorter >> (8 * i));
  };
  for (std::size_t pos = 36; pos < good.size();) {
    const std::uint8_t tag = good[pos];
    const std::uint32_t length =
        good[pos + 1] | good[pos + 2] << 8 | good[pos + 3] << 16 | std::uint32_t(good[pos + 4]) << 24;
    if (tag != 14 && tag != 15 && tag != 16 && tag != 18) {  // lifecycle, hand-offs, calendars, explain (v3-v5)
      out.insert(out.end(), good.begin() + pos, good.begin() + pos + 5 + length);
      if (tag == 11) shorten_last_section(length, stage_arms);
      if (tag == 17) {
        out[out.size() - 5 - length] = 14;
        // Version 3 ended debug with the lifecycle line and two empty tables (12 bytes).
        shorten_last_section(length, 12 + debug_arms);
      }
    }
    pos += 5 + length;
  }
  out[4] = static_cast<std::uint8_t>(version);
  out[5] = static_cast<std::uint8_t>(version >> 8);
  return reseal_for_testing(out);
}

// The same image in the layout of format version 4: everything but version
// 5's stage-arm tables and explain section (the image must have one arm per
// stage and use no version 5 aggregate fields).
inline std::vector<std::uint8_t> in_version_4_layout(const ProgramImage& image) {
  using Bytes = std::vector<std::uint8_t>;
  const Bytes good = write_image(image);
  const auto stage_arms = static_cast<std::uint32_t>(4 + 2 * image.stage_arms.size());
  std::uint32_t debug_arms = 4;
  for (const auto& arm : image.stage_arms) debug_arms += 4 + 4 + static_cast<std::uint32_t>(arm.text.size());
  Bytes out(good.begin(), good.begin() + 36);
  for (std::size_t pos = 36; pos < good.size();) {
    const std::uint8_t tag = good[pos];
    const std::uint32_t length =
        good[pos + 1] | good[pos + 2] << 8 | good[pos + 3] << 16 | std::uint32_t(good[pos + 4]) << 24;
    if (tag != 18) {
      out.insert(out.end(), good.begin() + static_cast<std::ptrdiff_t>(pos),
                 good.begin() + static_cast<std::ptrdiff_t>(pos + 5 + length));
      const std::uint32_t by = tag == 11 ? stage_arms : tag == 17 ? debug_arms : 0;
      if (by > 0) {
        out.resize(out.size() - by);
        const std::uint32_t shorter = length - by;
        for (int i = 0; i < 4; ++i) out[out.size() - shorter - 4 + i] = static_cast<std::uint8_t>(shorter >> (8 * i));
      }
    }
    pos += 5 + length;
  }
  out[4] = 4;
  out[5] = 0;
  return reseal_for_testing(out);
}

}  // namespace baton::testing
