#pragma once
// The .batonc file format (see docs/bytecode.md): writing an image to bytes,
// reading bytes back, and verifying an image before anything runs it.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "baton/runtime/image.hpp"

namespace baton {

std::vector<std::uint8_t> write_image(const ProgramImage& image);

// Parses the container (magic, version, sizes, checksum, sections) into
// `image`; false with a one-line `error` on any inconsistency. Does not
// verify the code: call verify_image() next.
bool read_image(std::span<const std::uint8_t> bytes, ProgramImage& image, std::string& error);

// Checks every operand, register type, constant index, jump target, table
// index and chunk boundary. Empty string when the image is safe to run.
std::string verify_image(const ProgramImage& image);

// XXH3-128 over the semantic sections (not the debug section), as 32 hex digits.
std::string fingerprint_of(const ProgramImage& image);

// The fingerprint stored in a file's header, as 32 hex digits ("" when the
// bytes are too short to hold a header). read_image() checks it.
std::string fingerprint_in_header(std::span<const std::uint8_t> bytes);

// Recomputes the header's payload size, fingerprint and checksum over
// whatever the payload now holds, so that a deliberately mutated file gets
// past them and exercises the section readers and the verifier. Tests only.
std::vector<std::uint8_t> reseal_for_testing(std::vector<std::uint8_t> bytes);

}  // namespace baton
