// Damaged bytecode must be rejected cleanly or load as a program that still
// verifies; never a crash, a hang or a sanitizer report. Every single-byte
// change and every truncation of a realistic file is tried, once as is (the
// checksum catches it) and once resealed with a fresh checksum and
// fingerprint, so the section readers and the verifier see every mutation.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/program_io.hpp"
#include "bytecode_sample_image.hpp"
#include "test_files.hpp"

using namespace baton;

using Bytes = std::vector<std::uint8_t>;

struct Outcome {
  std::size_t loaded = 0, rejected = 0;
  std::string first_problem;  // empty when every case behaved
};

namespace {

bool is_one_line(const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string fmt_what(std::size_t offset, int variant) {
  return "byte " + std::to_string(offset) + (variant == 0 ? " xor 0xFF" : " + 1");
}

// One damaged input: a clean rejection, or a program that verifies again and
// serializes back to exactly the bytes it came from (the format is canonical).
void check_one(const Bytes& bytes, std::string_view what, Outcome& outcome) {
  std::string error;
  const auto program = Program::load(bytes, error);
  std::string problem;
  if (!program) {
    ++outcome.rejected;
    if (error.empty()) problem = "rejected without a message";
    else if (!is_one_line(error)) problem = "message is not one printable line: " + error;
  } else {
    ++outcome.loaded;
    const std::string again = verify_image(program->image());
    if (!again.empty()) problem = "loaded but fails verification: " + again;
    else if (program->to_bytes() != bytes) problem = "loaded but does not serialize back to the same bytes";
  }
  if (!problem.empty() && outcome.first_problem.empty()) outcome.first_problem = std::string(what) + ": " + problem;
}

}  // namespace

// The core, callable on any valid .batonc (compiled examples included). Every
// mutation costs a load, so the work grows with the square of the size; a
// `stride` above 1 tries every header byte but only every stride-th byte and
// length after it, for large inputs in quick test runs.
Outcome check_every_corruption(const Bytes& original, std::size_t stride = 1) {
  constexpr std::size_t kHeaderSize = 36;
  auto next = [&](std::size_t i) { return i < kHeaderSize ? i + 1 : i + stride; };
  Outcome outcome;
  for (std::size_t i = 0; i < original.size(); i = next(i)) {
    for (int variant = 0; variant < 2; ++variant) {
      Bytes damaged = original;
      damaged[i] = variant == 0 ? static_cast<std::uint8_t>(damaged[i] ^ 0xFF) : static_cast<std::uint8_t>(damaged[i] + 1);
      const std::string what = fmt_what(i, variant);
      check_one(damaged, what, outcome);
      check_one(reseal_for_testing(damaged), what + " resealed", outcome);
    }
  }
  for (std::size_t length = 0; length < original.size(); length = next(length)) {
    const Bytes truncated(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(length));
    check_one(truncated, "truncated to " + std::to_string(length), outcome);
    check_one(reseal_for_testing(truncated), "truncated to " + std::to_string(length) + " resealed", outcome);
  }
  for (const Bytes& tail : {Bytes{0}, Bytes{0x0E, 0, 0, 0, 0}, Bytes(64, 0xAB)}) {
    Bytes longer = original;
    longer.insert(longer.end(), tail.begin(), tail.end());
    check_one(longer, "garbage appended", outcome);
    check_one(reseal_for_testing(longer), "garbage appended, resealed", outcome);
  }
  return outcome;
}

TEST_CASE("the sample image verifies and loads") {
  ProgramImage image = testing::sample_image();
  REQUIRE(verify_image(image) == "");
  std::string error;
  const auto program = Program::load(write_image(image), error);
  INFO(error);
  REQUIRE(program);
  CHECK(program->to_bytes() == write_image(image));
}

TEST_CASE("every single-byte change, truncation and appended garbage is handled") {
  const Bytes original = write_image(testing::sample_image());
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = check_every_corruption(original);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(outcome.first_problem);
  CHECK(outcome.first_problem.empty());
  MESSAGE(original.size(), " bytes: ", outcome.loaded, " variants loaded, ", outcome.rejected, " rejected in ",
          seconds, " s");
  // Changes to the debug section (text, line numbers) and to constants still
  // load; most others must not.
  CHECK(outcome.loaded > 0);
  CHECK(outcome.rejected > outcome.loaded);
}

TEST_CASE("a minimal program survives the same treatment") {
  ProgramImage image;
  image.registers = {};
  image.code = {{bc::Op::halt, 0, 0, 0, 0}};
  image.chunks = {{0, 1, bc::kNone}};
  const Bytes original = write_image(image);
  std::string error;
  REQUIRE(Program::load(original, error));
  const Outcome outcome = check_every_corruption(original);
  INFO(outcome.first_problem);
  CHECK(outcome.first_problem.empty());
}

namespace {
Bytes compiled_example(const std::string& name) {
  auto path = testing::source_path("examples/" + name);
  SourceFile source(path.string(), testing::read_text(path));
  Diagnostics diagnostics;
  auto compiled = compile(source, diagnostics);
  REQUIRE(compiled.program);
  return compiled.program->to_bytes();
}
}  // namespace

// Compiled SLAs from practice: every byte of the smallest, and a spread of
// positions (every header byte, then a stride) of the larger ones, which
// keeps the run short; each load compiles the program's regexes again.
TEST_CASE("every single-byte change of a compiled example is handled") {
  const Bytes original = compiled_example("small-shop.baton");
  const Outcome outcome = check_every_corruption(original);
  INFO(outcome.first_problem);
  CHECK(outcome.first_problem.empty());
  CHECK(outcome.rejected > outcome.loaded);
}

TEST_CASE("changes spread over the larger compiled examples are handled") {
  for (const char* name : {"points-classic.baton", "b2b-saas.baton"}) {
    const Bytes original = compiled_example(name);
    const Outcome outcome = check_every_corruption(original, std::max<std::size_t>(1, original.size() / 300));
    INFO(name, ": ", outcome.first_problem);
    CHECK(outcome.first_problem.empty());
  }
}
