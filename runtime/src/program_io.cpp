// The .batonc container: header, checksummed payload of tagged sections. The
// layout is documented in bytecode.hpp and docs/bytecode.md; this file is its
// only reader and writer.
//
// Every field has a fixed width and every byte read is validated (bools are
// 0/1, enum bytes in range, reserved bits zero, each section consumed
// exactly), so the encoding is canonical: reading a file and writing the image
// back gives the same bytes. That is what lets the fingerprint be a hash of the
// semantic sections' bytes, checkable without re-serializing.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <xxhash.h>

#include "baton/runtime/program_io.hpp"
#include "bytecode_text.hpp"

namespace baton {
namespace {

constexpr std::size_t kHeaderSize = 36;
constexpr std::size_t kVersionOffset = 4;
constexpr std::size_t kFlagsOffset = 6;
constexpr std::size_t kPayloadSizeOffset = 8;
constexpr std::size_t kFingerprintOffset = 12;
constexpr std::size_t kChecksumOffset = 28;
constexpr std::size_t kSectionHeaderSize = 5;  // u8 tag + u32 length
constexpr std::uint32_t kMaxCount = 65535;     // table indexes are 16-bit

// Sections appear once each, in this order; debug is last so the semantic
// sections form one contiguous prefix of the payload (the fingerprint input).
// Version 3 added lifecycle and handoffs before debug, whose tag moved from
// 14 to 16; version 4 added calendars, and debug moved to 17. Version 5
// added explain after debug: like debug, it is not part of the fingerprint
// (it holds source text, and reformatting keeps the fingerprint).
enum class Section : std::uint8_t {
  meta = 1, schema, constants, registers, code, chunks, imports,
  aggregates, scores, rules, stages, routes, exports, lifecycle, handoffs, calendars, debug, explain,
};
constexpr std::uint8_t kFirstSection = 1;
constexpr std::uint8_t kDebugTagBeforeV3 = 14;
constexpr std::uint8_t kDebugTagV3 = 16;

// The debug section's tag in a file of the given format version.
constexpr std::uint8_t debug_tag(std::uint16_t version) {
  return version >= 4   ? static_cast<std::uint8_t>(Section::debug)
         : version == 3 ? kDebugTagV3
                        : kDebugTagBeforeV3;
}

// The last section's tag: explain from version 5, debug before.
constexpr std::uint8_t last_tag(std::uint16_t version) {
  return version >= 5 ? static_cast<std::uint8_t>(Section::explain) : debug_tag(version);
}

constexpr std::string_view section_name(std::uint8_t tag, std::uint16_t version) {
  constexpr std::string_view names[] = {
      "?", "meta", "schema", "constants", "registers", "code", "chunks", "imports",
      "aggregates", "scores", "rules", "stages", "routes", "exports", "lifecycle", "handoffs", "calendars"};
  if (tag == debug_tag(version)) return "debug";
  if (version >= 5 && tag == static_cast<std::uint8_t>(Section::explain)) return "explain";
  return tag < debug_tag(version) ? names[tag] : "?";
}

// Little-endian stores and loads of 1..8 bytes. On little-endian hosts a
// memcpy: loading a file is on the start-up path of every embedding service.
void store_le(std::span<std::uint8_t> at, std::uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(at.data(), &v, at.size());
  } else {
    for (std::size_t i = 0; i < at.size(); ++i) at[i] = static_cast<std::uint8_t>(v >> (8 * i));
  }
}

std::uint64_t load_le(std::span<const std::uint8_t> at) {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, at.data(), at.size());
  } else {
    for (std::size_t i = 0; i < at.size(); ++i) v |= std::uint64_t(at[i]) << (8 * i);
  }
  return v;
}

// ---------------------------------------------------------------- writing

void encode_instruction(const bc::Instruction& ins, std::uint8_t* at) {
  at[0] = static_cast<std::uint8_t>(ins.op);
  at[1] = ins.n;
  store_le({at + 2, 2}, ins.a);
  store_le({at + 4, 2}, ins.b);
  store_le({at + 6, 2}, ins.c);
}

bc::Instruction decode_instruction(const std::uint8_t* at) {
  return {static_cast<bc::Op>(at[0]), at[1], static_cast<std::uint16_t>(load_le({at + 2, 2})),
          static_cast<std::uint16_t>(load_le({at + 4, 2})), static_cast<std::uint16_t>(load_le({at + 6, 2}))};
}

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<std::uint8_t>& out) : out_(out) {}

  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { put_le(v, 2); }
  void u32(std::uint32_t v) { put_le(v, 4); }
  void u64(std::uint64_t v) { put_le(v, 8); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void count(std::size_t n) { u32(static_cast<std::uint32_t>(n)); }
  void bytes(std::span<const std::uint8_t> block) { out_.insert(out_.end(), block.begin(), block.end()); }
  void str(std::string_view s) {
    count(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
  }

  // Starts a section; returns the position of its length, patched by end_section.
  std::size_t begin_section(Section tag) {
    u8(static_cast<std::uint8_t>(tag));
    u32(0);
    return out_.size();
  }
  void end_section(std::size_t body_start) {
    const auto length = static_cast<std::uint32_t>(out_.size() - body_start);
    for (int i = 0; i < 4; ++i) out_[body_start - 4 + i] = static_cast<std::uint8_t>(length >> (8 * i));
  }

 private:
  std::vector<std::uint8_t>& out_;
  void put_le(std::uint64_t v, std::size_t bytes) {
    std::uint8_t buffer[8];
    store_le(std::span(buffer, bytes), v);
    out_.insert(out_.end(), buffer, buffer + bytes);
  }
};

// The literal's encoding depends on the field's type; types without literals
// (regex, stage, ...) never have a default.
void write_literal(ByteWriter& w, Type type, const Literal& lit) {
  switch (type) {
    case Type::int_: case Type::time: case Type::duration: w.i64(lit.i); break;
    case Type::boolean: w.boolean(lit.i != 0); break;
    case Type::number: w.f64(lit.n); break;
    case Type::string: w.str(lit.s); break;
    case Type::string_set: case Type::string_list:
      w.count(lit.items.size());
      for (const auto& item : lit.items) w.str(item);
      break;
    default: break;
  }
}

void write_field(ByteWriter& w, const FieldInfo& f) {
  w.str(f.name);
  w.u8(static_cast<std::uint8_t>(f.type));
  w.u8(static_cast<std::uint8_t>((f.optional ? 1 : 0) | (f.has_default ? 2 : 0)));
  if (f.has_default) write_literal(w, f.type, f.default_value);
}

void write_meta(ByteWriter& w, const ProgramImage& im) {
  w.str(im.sla_name);
  w.str(im.sla_version);
}

void write_schema(ByteWriter& w, const ProgramImage& im) {
  w.count(im.lead_fields.size());
  for (const auto& f : im.lead_fields) write_field(w, f);
  w.count(im.events.size());
  for (const auto& e : im.events) {
    w.str(e.name);
    w.count(e.fields.size());
    for (const auto& f : e.fields) write_field(w, f);
  }
}

void write_constants(ByteWriter& w, const ProgramImage& im) {
  w.count(im.k_int.size());
  for (auto v : im.k_int) w.i64(v);
  w.count(im.k_num.size());
  for (auto v : im.k_num) w.f64(v);
  w.count(im.k_str.size());
  for (const auto& s : im.k_str) w.str(s);
  w.count(im.k_items.size());
  for (const auto& k : im.k_items) {
    w.boolean(k.is_set);
    w.count(k.items.size());
    for (const auto& s : k.items) w.str(s);
  }
  w.count(im.k_regex.size());
  for (const auto& r : im.k_regex) {
    w.str(r.pattern);
    w.boolean(r.case_insensitive);
  }
}

void write_registers(ByteWriter& w, const ProgramImage& im) {
  w.count(im.registers.size());
  for (auto t : im.registers) w.u8(static_cast<std::uint8_t>(t));
}

// The code is most of a real file: encoded into one block, not field by field.
void write_code(ByteWriter& w, const ProgramImage& im) {
  w.count(im.code.size());
  std::vector<std::uint8_t> block(8 * im.code.size());
  for (std::size_t i = 0; i < im.code.size(); ++i) encode_instruction(im.code[i], block.data() + 8 * i);
  w.bytes(block);
}

void write_chunks(ByteWriter& w, const ProgramImage& im) {
  w.count(im.chunks.size());
  for (const auto& c : im.chunks) {
    w.u32(c.begin);
    w.u32(c.end);
    w.u16(c.event);
  }
}

void write_imports(ByteWriter& w, const ProgramImage& im) {
  w.count(im.imports.size());
  for (const auto& f : im.imports) {
    w.str(f.name);
    w.count(f.params.size());
    for (auto t : f.params) w.u8(static_cast<std::uint8_t>(t));
    w.u8(static_cast<std::uint8_t>(f.result));
  }
}

void write_aggregates(ByteWriter& w, const ProgramImage& im) {
  w.count(im.aggregates.size());
  for (const auto& a : im.aggregates) {
    w.u8(static_cast<std::uint8_t>(a.kind));
    w.u16(a.event);
    w.u16(a.chunk);
    w.u16(a.field);
    w.u8(static_cast<std::uint8_t>(a.result));
    w.i64(a.within);
    w.f64(a.half_life_days);
    w.f64(a.points);
    w.f64(a.cap);
    w.u16(a.rule);
  }
  // Format v5: groups and order, only when some aggregate has them (so a
  // program without them keeps the bytes, and the fingerprint, it had).
  if (std::none_of(im.aggregates.begin(), im.aggregates.end(), [](const AggregateInfo& a) { return a.uses_v5(); }))
    return;
  for (const auto& a : im.aggregates) {
    w.u16(a.next);
    w.u16(a.other);
    w.i64(a.gap);
    w.u16(a.calendar);
  }
}

void write_scores(ByteWriter& w, const ProgramImage& im) {
  w.count(im.scores.size());
  for (const auto& s : im.scores) {
    w.str(s.name);
    w.u16(s.reg);
    w.boolean(s.has_min);
    w.boolean(s.has_max);
    w.f64(s.min);
    w.f64(s.max);
  }
}

void write_rules(ByteWriter& w, const ProgramImage& im) {
  w.count(im.rules.size());
  for (const auto& r : im.rules) {
    w.u16(r.score);
    w.f64(r.points);
    w.f64(r.cap);
  }
}

void write_stages(ByteWriter& w, const ProgramImage& im) {
  w.count(im.stages.size());
  for (const auto& s : im.stages) w.str(s.name);
  w.count(im.stage_arms.size());  // version 5
  for (const auto& a : im.stage_arms) w.u16(a.stage);
}

void write_routes(ByteWriter& w, const ProgramImage& im) {
  w.count(im.routes.size());
  for (const auto& r : im.routes) {
    w.u16(r.stage);
    w.i64(r.within);
  }
}

void write_exports(ByteWriter& w, const ProgramImage& im) {
  w.count(im.exports.size());
  for (const auto& e : im.exports) {
    w.str(e.name);
    w.u16(e.reg);
  }
}

void write_lifecycle(ByteWriter& w, const ProgramImage& im) {
  const auto& lc = im.lifecycle;
  w.boolean(lc.present);
  w.u16(lc.current_field);
  w.u16(lc.since_field);
  w.count(lc.moves.size());
  for (const auto& m : lc.moves) {
    w.u16(m.from);
    w.u16(m.to);
    w.u16(m.condition);
  }
}

void write_handoffs(ByteWriter& w, const ProgramImage& im) {
  w.count(im.handoffs.size());
  for (const auto& h : im.handoffs) {
    w.u16(h.stage);
    w.boolean(h.has_summary);
    w.count(h.summary.size());
    for (const auto& piece : h.summary) {
      w.str(piece.text);
      w.u16(piece.reg);
      w.u8(piece.decimals);
    }
    w.count(h.fields.size());
    for (const auto& f : h.fields) {
      w.str(f.name);
      w.u16(f.reg);
    }
    w.u16(h.reasons);
  }
}

// The debug section mirrors the rule/stage/route tables' lengths so the reader
// can check one against the other.
void write_debug(ByteWriter& w, const ProgramImage& im) {
  w.str(im.source_path);
  w.count(im.lines.size());
  for (auto line : im.lines) w.u32(line);
  w.count(im.rules.size());
  for (const auto& r : im.rules) { w.u32(r.line); w.str(r.text); }
  w.count(im.stages.size());
  for (const auto& s : im.stages) { w.u32(s.line); w.str(s.text); }
  w.count(im.routes.size());
  for (const auto& r : im.routes) { w.u32(r.line); w.str(r.text); }
  w.u32(im.lifecycle.line);
  w.count(im.lifecycle.moves.size());
  for (const auto& m : im.lifecycle.moves) { w.u32(m.line); w.str(m.text); }
  w.count(im.handoffs.size());
  for (const auto& h : im.handoffs) w.u32(h.line);
  w.count(im.stage_arms.size());  // version 5
  for (const auto& a : im.stage_arms) { w.u32(a.line); w.str(a.text); }
}

// Calendars (version 4): name, zone, seven weekdays of [start, end) minute
// pairs, holidays as days since 1970-01-01; then, per route arm, the
// calendar its deadline counts on (kNone: wall-clock time).
void write_calendars(ByteWriter& w, const ProgramImage& im) {
  w.count(im.calendars.size());
  for (const auto& c : im.calendars) {
    w.str(c.name);
    w.str(c.zone);
    for (const auto& day : c.week) {
      w.count(day.size());
      for (const auto& iv : day) {
        w.u16(iv.start);
        w.u16(iv.end);
      }
    }
    w.count(c.holidays.size());
    for (std::int32_t d : c.holidays) w.u32(static_cast<std::uint32_t>(d));
  }
  w.count(im.routes.size());
  for (const auto& r : im.routes) w.u16(r.calendar);
  w.count(im.escalations.size());
  for (const auto& e : im.escalations) {
    w.u16(e.route);
    w.u16(e.calendar);
  }
}

// Explain (version 5): per condition its owner, explain chunk and parts in
// pre-order; then the unexported lets and the aggregates' source texts.
void write_explain(ByteWriter& w, const ProgramImage& im) {
  const ExplainInfo& ex = im.explain;
  w.count(ex.conditions.size());
  for (const auto& c : ex.conditions) {
    w.u8(static_cast<std::uint8_t>(c.owner));
    w.u16(c.index);
    w.u16(c.chunk);
    w.count(c.nodes.size());
    for (const auto& n : c.nodes) {
      w.u8(static_cast<std::uint8_t>(n.kind));
      w.u16(n.children);
      w.u16(n.value);
      w.str(n.text);
      w.str(n.op);
      w.count(n.operands.size());
      for (const auto& o : n.operands) {
        w.str(o.text);
        w.u16(o.reg);
        w.boolean(o.is_stage);
      }
    }
  }
  w.count(ex.lets.size());
  for (const auto& l : ex.lets) {
    w.str(l.name);
    w.u16(l.reg);
  }
  w.count(ex.aggregates.size());
  for (const auto& a : ex.aggregates) {
    w.u16(a.aggregate);
    w.str(a.text);
  }
}

using SectionWriter = void (*)(ByteWriter&, const ProgramImage&);
constexpr SectionWriter kSemanticWriters[] = {
    write_meta, write_schema, write_constants, write_registers, write_code, write_chunks,
    write_imports, write_aggregates, write_scores, write_rules, write_stages, write_routes,
    write_exports, write_lifecycle, write_handoffs, write_calendars};

void write_semantic_sections(ByteWriter& w, const ProgramImage& im) {
  std::uint8_t tag = kFirstSection;
  for (SectionWriter write : kSemanticWriters) {
    const std::size_t body = w.begin_section(static_cast<Section>(tag++));
    write(w, im);
    w.end_section(body);
  }
}

// Enough for most images, so writing rarely reallocates.
std::size_t size_hint(const ProgramImage& im) {
  return 1024 + 8 * im.code.size() + 4 * im.lines.size() + im.registers.size() +
         64 * (im.lead_fields.size() + im.k_str.size() + im.rules.size() + im.aggregates.size());
}

using Fingerprint = std::array<std::uint8_t, 16>;

// The newest layout is written; a program read from a file older than
// version 6 keeps its meaning (deadlines from as_of) as version 5, whose
// layout is the same as 6's.
std::uint16_t written_version(const ProgramImage& image) { return image.format_version < 6 ? 5 : bc::kVersion; }

// The fingerprint of a program's semantic sections. From version 6 on, a
// deadline means something else for the same sections (it counts from the
// stage's start, not from as_of), so the version's meaning is hashed in
// too: a decision's fingerprint names what its deadline meant. Older files
// keep the fingerprints they were written with.
Fingerprint hash128(std::span<const std::uint8_t> bytes, std::uint16_t version) {
  constexpr std::uint64_t kFollowUpFromStageStart = 6;  // the seed from version 6 on
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, version >= 6 ? XXH3_128bits_withSeed(bytes.data(), bytes.size(), kFollowUpFromStageStart)
                                                    : XXH3_128bits(bytes.data(), bytes.size()));
  Fingerprint out;
  std::memcpy(out.data(), canonical.digest, out.size());
  return out;
}

std::string to_hex(const Fingerprint& fp) {
  std::string hex;
  for (auto byte : fp) hex += fmt::format("{:02x}", byte);
  return hex;
}


// Where the debug section starts inside the payload (the end of the semantic
// prefix), or nullopt when the section framing is broken.
std::optional<std::size_t> semantic_prefix_size(std::span<const std::uint8_t> payload, std::uint16_t version) {
  std::size_t pos = 0;
  while (pos + kSectionHeaderSize <= payload.size()) {
    if (payload[pos] == debug_tag(version)) return pos;
    pos += kSectionHeaderSize + load_le(payload.subspan(pos + 1, 4));
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- reading

// Reads one section's body. Failures are sticky: the first one records its
// message and every later read returns zero, so section readers check ok()
// only where a bad value would otherwise steer them (counts, type bytes).
class ByteReader {
 public:
  ByteReader(std::span<const std::uint8_t> body, std::string_view section)
      : body_(body), section_(section) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::string_view section() const { return section_; }
  std::size_t remaining() const { return ok() ? body_.size() - pos_ : 0; }

  template <typename... Args>
  void fail(fmt::format_string<Args...> format, Args&&... args) {
    if (ok()) error_ = fmt::format("{} section: {}", section_, fmt::format(format, std::forward<Args>(args)...));
  }

  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(take(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(take(4)); }
  std::int64_t i64() { return static_cast<std::int64_t>(take(8)); }
  double f64() { return std::bit_cast<double>(take(8)); }
  bool boolean(std::string_view what) {
    const std::uint8_t v = u8();
    if (v > 1) fail("{} must be 0 or 1, found {}", what, v);
    return v == 1;
  }
  // `describe` names the owner of the byte; called only on failure, so the
  // common path formats nothing.
  template <typename Describe>
  Type type(Describe&& describe) {
    const std::uint8_t v = u8();
    if (v >= static_cast<std::uint8_t>(Type::count_)) fail("{} has an unknown type byte {}", describe(), v);
    return static_cast<Type>(v);
  }
  // A table length: at most `limit` entries, each at least `min_size` bytes,
  // checked against what is left before anyone reserves memory for them.
  std::size_t count(std::string_view what, std::size_t min_size, std::uint32_t limit = kMaxCount) {
    const std::uint32_t n = u32();
    if (!ok()) return 0;
    if (n > limit) {
      fail("{} count {} exceeds the limit of {}", what, n, limit);
      return 0;
    }
    if (std::uint64_t(n) * min_size > remaining()) {
      fail("{} count {} needs at least {} bytes, only {} remain", what, n, std::uint64_t(n) * min_size, remaining());
      return 0;
    }
    return n;
  }
  std::string str(std::string_view what) {
    const std::uint32_t n = u32();
    if (!ok()) return {};
    if (n > remaining()) {
      fail("{} of {} bytes runs past the end of the section ({} bytes remain)", what, n, remaining());
      return {};
    }
    std::string s(reinterpret_cast<const char*>(body_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  // A block of n bytes (empty after a failure).
  std::span<const std::uint8_t> bytes(std::size_t n) {
    if (!ok()) return {};
    if (n > body_.size() - pos_) {
      fail("truncated: needs {} more bytes at offset {}, only {} remain", n, pos_, body_.size() - pos_);
      return {};
    }
    pos_ += n;
    return body_.subspan(pos_ - n, n);
  }
  void expect_end() {
    if (ok() && pos_ != body_.size()) fail("{} unexpected bytes after its last entry", body_.size() - pos_);
  }

 private:
  std::span<const std::uint8_t> body_;
  std::string_view section_;
  std::size_t pos_ = 0;
  std::string error_;

  std::uint64_t take(std::size_t n) {
    if (!ok()) return 0;
    if (n > body_.size() - pos_) {
      fail("truncated: needs {} more bytes at offset {}, only {} remain", n, pos_, body_.size() - pos_);
      return 0;
    }
    const std::uint64_t v = load_le(body_.subspan(pos_, n));
    pos_ += n;
    return v;
  }
};

void read_literal(ByteReader& r, Type type, Literal& lit, std::string_view field) {
  switch (type) {
    case Type::int_: case Type::time: case Type::duration: lit.i = r.i64(); break;
    case Type::boolean: lit.i = r.boolean("a bool default") ? 1 : 0; break;
    case Type::number: lit.n = r.f64(); break;
    case Type::string: lit.s = r.str("a string default"); break;
    case Type::string_set: case Type::string_list: {
      const std::size_t n = r.count("default item", 4, UINT32_MAX);
      for (std::size_t i = 0; i < n && r.ok(); ++i) lit.items.push_back(r.str("a default item"));
      break;
    }
    default: r.fail("field '{}' of type {} cannot have a default", field, type_name(type));
  }
}

void read_field(ByteReader& r, FieldInfo& f) {
  f.name = r.str("a field name");
  f.type = r.type([&] { return fmt::format("field '{}'", f.name); });
  const std::uint8_t flags = r.u8();
  if (flags > 3) r.fail("field '{}' has unknown flag bits 0x{:02x}", f.name, flags);
  f.optional = (flags & 1) != 0;
  f.has_default = (flags & 2) != 0;
  if (f.has_default && r.ok()) read_literal(r, f.type, f.default_value, f.name);
}

constexpr std::size_t kMinFieldSize = 6;  // empty name, type, flags

void read_meta(ByteReader& r, ProgramImage& im) {
  im.sla_name = r.str("the SLA name");
  im.sla_version = r.str("the SLA version");
}

void read_schema(ByteReader& r, ProgramImage& im) {
  im.lead_fields.resize(r.count("lead field", kMinFieldSize));
  for (auto& f : im.lead_fields) read_field(r, f);
  im.events.resize(r.count("event", 8));
  for (auto& e : im.events) {
    e.name = r.str("an event name");
    e.fields.resize(r.count("event field", kMinFieldSize));
    for (auto& f : e.fields) read_field(r, f);
  }
}

void read_constants(ByteReader& r, ProgramImage& im) {
  im.k_int.resize(r.count("int constant", 8));
  for (auto& v : im.k_int) v = r.i64();
  im.k_num.resize(r.count("number constant", 8));
  for (auto& v : im.k_num) v = r.f64();
  im.k_str.resize(r.count("string constant", 4));
  for (auto& s : im.k_str) s = r.str("a string constant");
  im.k_items.resize(r.count("set/list constant", 5));
  for (auto& k : im.k_items) {
    k.is_set = r.boolean("the set/list flag");
    k.items.resize(r.count("set/list item", 4, UINT32_MAX));
    for (auto& s : k.items) s = r.str("a set/list item");
  }
  im.k_regex.resize(r.count("regex constant", 5));
  for (auto& k : im.k_regex) {
    k.pattern = r.str("a regex pattern");
    k.case_insensitive = r.boolean("the regex flag");
  }
}

void read_registers(ByteReader& r, ProgramImage& im) {
  im.registers.resize(r.count("register", 1));
  for (std::size_t i = 0; i < im.registers.size() && r.ok(); ++i)
    im.registers[i] = r.type([&] { return fmt::format("register r{}", i); });
}

void read_code(ByteReader& r, ProgramImage& im) {
  im.code.resize(r.count("instruction", 8, UINT32_MAX));
  const std::span<const std::uint8_t> block = r.bytes(8 * im.code.size());
  // Opcodes are range-checked by the verifier, not here.
  for (std::size_t i = 0; i < im.code.size() && r.ok(); ++i) im.code[i] = decode_instruction(block.data() + 8 * i);
}

void read_chunks(ByteReader& r, ProgramImage& im) {
  im.chunks.resize(r.count("chunk", 10));
  for (auto& c : im.chunks) {
    c.begin = r.u32();
    c.end = r.u32();
    c.event = r.u16();
  }
}

void read_imports(ByteReader& r, ProgramImage& im) {
  im.imports.resize(r.count("import", 9));
  for (auto& f : im.imports) {
    f.name = r.str("an import name");
    f.params.resize(r.count("parameter", 1, 255));
    for (auto& t : f.params) t = r.type([&] { return fmt::format("a parameter of '{}'", f.name); });
    f.result = r.type([&] { return fmt::format("the result of '{}'", f.name); });
  }
}

void read_aggregates(ByteReader& r, ProgramImage& im) {
  im.aggregates.resize(r.count("aggregate", 42));
  for (std::size_t i = 0; i < im.aggregates.size() && r.ok(); ++i) {
    auto& a = im.aggregates[i];
    const std::uint8_t kind = r.u8();
    if (kind >= static_cast<std::uint8_t>(bc::AggKind::count_)) r.fail("aggregate #{} has an unknown kind {}", i, kind);
    a.kind = static_cast<bc::AggKind>(kind);
    a.event = r.u16();
    a.chunk = r.u16();
    a.field = r.u16();
    a.result = r.type([&] { return fmt::format("aggregate #{}", i); });
    a.within = r.i64();
    a.half_life_days = r.f64();
    a.points = r.f64();
    a.cap = r.f64();
    a.rule = r.u16();
  }
  if (r.remaining() == 0) return;  // no groups or order clauses (and every file before version 5)
  bool used = false;
  for (std::size_t i = 0; i < im.aggregates.size() && r.ok(); ++i) {
    auto& a = im.aggregates[i];
    a.next = r.u16();
    a.other = r.u16();
    a.gap = r.i64();
    a.calendar = r.u16();
    used |= a.uses_v5();
  }
  if (r.ok() && !used) r.fail("the order table is present but names nothing");
}

void read_scores(ByteReader& r, ProgramImage& im) {
  im.scores.resize(r.count("score", 24));
  for (auto& s : im.scores) {
    s.name = r.str("a score name");
    s.reg = r.u16();
    s.has_min = r.boolean("has_min");
    s.has_max = r.boolean("has_max");
    s.min = r.f64();
    s.max = r.f64();
  }
}

void read_rules(ByteReader& r, ProgramImage& im) {
  im.rules.resize(r.count("rule", 18));
  for (auto& rule : im.rules) {
    rule.score = r.u16();
    rule.points = r.f64();
    rule.cap = r.f64();
  }
}

void read_stages(ByteReader& r, ProgramImage& im) {
  im.stages.resize(r.count("stage", 4));
  for (auto& s : im.stages) s.name = r.str("a stage name");
  if (im.format_version < 5) return;
  im.stage_arms.resize(r.count("stage arm", 2));
  for (auto& a : im.stage_arms) a.stage = r.u16();
}

void read_routes(ByteReader& r, ProgramImage& im) {
  im.routes.resize(r.count("route", 10));
  for (auto& route : im.routes) {
    route.stage = r.u16();
    route.within = r.i64();
  }
}

void read_exports(ByteReader& r, ProgramImage& im) {
  im.exports.resize(r.count("export", 6));
  for (auto& e : im.exports) {
    e.name = r.str("an export name");
    e.reg = r.u16();
  }
}

void read_lifecycle(ByteReader& r, ProgramImage& im) {
  auto& lc = im.lifecycle;
  lc.present = r.boolean("the lifecycle's presence");
  lc.current_field = r.u16();
  lc.since_field = r.u16();
  lc.moves.resize(r.count("move", 6));
  for (auto& m : lc.moves) {
    m.from = r.u16();
    m.to = r.u16();
    m.condition = r.u16();
  }
}

void read_handoffs(ByteReader& r, ProgramImage& im) {
  im.handoffs.resize(r.count("hand-off", 15));
  for (auto& h : im.handoffs) {
    h.stage = r.u16();
    h.has_summary = r.boolean("a hand-off's summary flag");
    h.summary.resize(r.count("summary piece", 7));
    for (auto& piece : h.summary) {
      piece.text = r.str("a summary's text");
      piece.reg = r.u16();
      piece.decimals = r.u8();
    }
    h.fields.resize(r.count("hand-off field", 6));
    for (auto& f : h.fields) {
      f.name = r.str("a hand-off field's name");
      f.reg = r.u16();
    }
    h.reasons = r.u16();
  }
}

void read_calendars(ByteReader& r, ProgramImage& im) {
  im.calendars.resize(r.count("calendar", 44));
  for (auto& c : im.calendars) {
    c.name = r.str("a calendar's name");
    c.zone = r.str("a calendar's time zone");
    for (auto& day : c.week) {
      day.resize(r.count("working interval", 4));
      for (auto& iv : day) {
        iv.start = r.u16();
        iv.end = r.u16();
      }
    }
    c.holidays.resize(r.count("holiday", 4, UINT32_MAX));
    for (auto& d : c.holidays) d = static_cast<std::int32_t>(r.u32());
  }
  const std::size_t n = r.count("route calendar", 2);
  if (r.ok() && n != im.routes.size()) r.fail("lists {} route calendars, the routes section {}", n, im.routes.size());
  for (std::size_t i = 0; i < im.routes.size() && r.ok(); ++i) im.routes[i].calendar = r.u16();
  im.escalations.resize(r.count("escalation", 4));
  for (auto& e : im.escalations) {
    e.route = r.u16();
    e.calendar = r.u16();
  }
}

// Reads `line`/`text` pairs for a table the semantic sections already sized.
template <typename Table>
void read_debug_table(ByteReader& r, Table& table, std::string_view what) {
  const std::size_t n = r.count(what, 8);
  if (r.ok() && n != table.size()) r.fail("lists {} {}s, the {}s section {}", n, what, what, table.size());
  for (std::size_t i = 0; i < table.size() && r.ok(); ++i) {
    table[i].line = r.u32();
    table[i].text = r.str("the source text");
  }
}

void read_debug(ByteReader& r, ProgramImage& im) {
  im.source_path = r.str("the source path");
  im.lines.resize(r.count("line", 4, UINT32_MAX));
  for (auto& line : im.lines) line = r.u32();
  read_debug_table(r, im.rules, "rule");
  read_debug_table(r, im.stages, "stage");
  read_debug_table(r, im.routes, "route");
  if (im.lifecycle.moves.empty() && im.handoffs.empty() && r.remaining() == 0) return;  // before version 3
  im.lifecycle.line = r.u32();
  read_debug_table(r, im.lifecycle.moves, "move");
  const std::size_t n = r.count("hand-off", 4);
  if (r.ok() && n != im.handoffs.size()) r.fail("lists {} hand-offs, the hand-offs section {}", n, im.handoffs.size());
  for (std::size_t i = 0; i < im.handoffs.size() && r.ok(); ++i) im.handoffs[i].line = r.u32();
  if (im.format_version >= 5) read_debug_table(r, im.stage_arms, "stage arm");
}

void read_explain(ByteReader& r, ProgramImage& im) {
  ExplainInfo& ex = im.explain;
  ex.conditions.resize(r.count("explained condition", 9));
  for (std::size_t i = 0; i < ex.conditions.size() && r.ok(); ++i) {
    auto& c = ex.conditions[i];
    const std::uint8_t owner = r.u8();
    if (owner >= kExplainOwners || (owner == static_cast<std::uint8_t>(ExplainOwner::move) && im.format_version < 6))
      r.fail("condition #{} has an unknown owner kind {}", i, owner);
    c.owner = static_cast<ExplainOwner>(owner);
    c.index = r.u16();
    c.chunk = r.u16();
    c.nodes.resize(r.count("condition part", 17));
    for (auto& n : c.nodes) {
      const std::uint8_t kind = r.u8();
      if (kind >= kExplainNodeKinds) r.fail("condition #{} has a part of unknown kind {}", i, kind);
      n.kind = static_cast<ExplainNodeKind>(kind);
      n.children = r.u16();
      n.value = r.u16();
      n.text = r.str("a part's text");
      n.op = r.str("a part's operator");
      n.operands.resize(r.count("operand", 7, 3));
      for (auto& o : n.operands) {
        o.text = r.str("an operand's text");
        o.reg = r.u16();
        o.is_stage = r.boolean("an operand's stage flag");
      }
      if (!r.ok()) break;
    }
  }
  ex.lets.resize(r.count("explained let", 6));
  for (auto& l : ex.lets) {
    l.name = r.str("a let's name");
    l.reg = r.u16();
  }
  ex.aggregates.resize(r.count("explained aggregate", 6));
  for (auto& a : ex.aggregates) {
    a.aggregate = r.u16();
    a.text = r.str("an aggregate's text");
  }
}

using SectionReader = void (*)(ByteReader&, ProgramImage&);
constexpr SectionReader kReaders[] = {
    read_meta, read_schema, read_constants, read_registers, read_code, read_chunks,
    read_imports, read_aggregates, read_scores, read_rules, read_stages, read_routes,
    read_exports, read_lifecycle, read_handoffs, read_calendars};

bool read_header(std::span<const std::uint8_t> bytes, std::string& error) {
  if (bytes.size() < 4 || std::memcmp(bytes.data(), bc::kMagic, 4) != 0) {
    error = "not a baton bytecode file (bad magic)";
    return false;
  }
  if (bytes.size() < kHeaderSize) {
    error = fmt::format("truncated file: expected {} bytes of header, found {}", kHeaderSize, bytes.size());
    return false;
  }
  const auto version = static_cast<std::uint16_t>(load_le(bytes.subspan(kVersionOffset, 2)));
  if (version > bc::kVersion) {
    error = fmt::format("bytecode format version {} is newer than this runtime (max {})", version, bc::kVersion);
    return false;
  }
  if (version < bc::kVersionMin) {
    error = fmt::format("bytecode format version {} is older than this runtime supports (min {})", version,
                        bc::kVersionMin);
    return false;
  }
  const auto flags = static_cast<std::uint16_t>(load_le(bytes.subspan(kFlagsOffset, 2)));
  if (flags != 0) {
    error = fmt::format("unknown header flags 0x{:04x} (this runtime defines none)", flags);
    return false;
  }
  const std::uint64_t payload = load_le(bytes.subspan(kPayloadSizeOffset, 4));
  const std::size_t found = bytes.size() - kHeaderSize;
  if (payload > found) {
    error = fmt::format("truncated file: expected {} bytes of payload, found {}", payload, found);
    return false;
  }
  if (payload < found) {
    error = fmt::format("{} bytes of unexpected data after the payload", found - payload);
    return false;
  }
  if (XXH3_64bits(bytes.data() + kHeaderSize, payload) != load_le(bytes.subspan(kChecksumOffset, 8))) {
    error = "checksum mismatch: the file is damaged";
    return false;
  }
  return true;
}

// Splits the payload into its sections, in order, each read by its reader.
bool read_sections(std::span<const std::uint8_t> payload, std::uint16_t version, ProgramImage& im,
                   std::string& error) {
  std::size_t pos = 0;
  const std::uint8_t last = last_tag(version);
  for (std::uint8_t tag = kFirstSection; tag <= last; ++tag) {
    const std::string_view name = section_name(tag, version);
    if (payload.size() - pos < kSectionHeaderSize) {
      error = fmt::format("truncated file: expected the {} section, found {} bytes", name, payload.size() - pos);
      return false;
    }
    if (payload[pos] != tag) {
      error = fmt::format("expected the {} section (tag {}), found tag {}", name, tag, payload[pos]);
      return false;
    }
    const std::uint64_t length = load_le(payload.subspan(pos + 1, 4));
    pos += kSectionHeaderSize;
    if (length > payload.size() - pos) {
      error = fmt::format("truncated file: expected {} bytes of {} section, found {}", length, name,
                          payload.size() - pos);
      return false;
    }
    ByteReader reader(payload.subspan(pos, length), name);
    if (tag == debug_tag(version)) read_debug(reader, im);
    else if (tag > debug_tag(version)) read_explain(reader, im);
    else kReaders[tag - kFirstSection](reader, im);
    reader.expect_end();
    if (!reader.ok()) {
      error = reader.error();
      return false;
    }
    pos += length;
  }
  if (pos != payload.size()) {
    error = fmt::format("{} unexpected bytes after the {} section", payload.size() - pos, section_name(last, version));
    return false;
  }
  return true;
}

// An opcode newer than the header's format version means the file was not
// written by a compiler of that version: reject it rather than guess.
// Unknown opcodes are left to the verifier, which names them.
bool check_opcode_versions(const ProgramImage& im, std::uint16_t version, std::string& error) {
  for (std::size_t pc = 0; pc < im.code.size(); ++pc) {
    const bc::Op op = im.code[pc].op;
    if (op < bc::Op::count_ && bc::op_version(op) > version) {
      error = fmt::format("instruction {} uses {}, an opcode of format version {}, but the file is version {}", pc,
                          bc::op_info(op).name, bc::op_version(op), version);
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::uint8_t> write_image(const ProgramImage& image) {
  std::vector<std::uint8_t> out(kHeaderSize, 0);
  out.reserve(size_hint(image));
  std::memcpy(out.data(), bc::kMagic, 4);
  const std::uint16_t version = written_version(image);
  store_le(std::span(out).subspan(kVersionOffset, 2), version);
  ByteWriter w(out);
  write_semantic_sections(w, image);
  const std::size_t debug_start = out.size();
  std::size_t body = w.begin_section(Section::debug);
  write_debug(w, image);
  w.end_section(body);
  body = w.begin_section(Section::explain);
  write_explain(w, image);
  w.end_section(body);

  const auto payload = std::span<const std::uint8_t>(out).subspan(kHeaderSize);
  store_le(std::span(out).subspan(kPayloadSizeOffset, 4), payload.size());
  const Fingerprint fp = hash128(payload.first(debug_start - kHeaderSize), version);
  std::memcpy(out.data() + kFingerprintOffset, fp.data(), fp.size());
  store_le(std::span(out).subspan(kChecksumOffset, 8), XXH3_64bits(payload.data(), payload.size()));
  return out;
}

bool read_image(std::span<const std::uint8_t> bytes, ProgramImage& image, std::string& error) {
  image = ProgramImage{};
  if (!read_header(bytes, error)) return false;
  const auto payload = bytes.subspan(kHeaderSize);
  const auto version = static_cast<std::uint16_t>(load_le(bytes.subspan(kVersionOffset, 2)));
  image.format_version = version;
  if (!read_sections(payload, version, image, error) || !check_opcode_versions(image, version, error)) {
    error = one_line(error);
    image = ProgramImage{};
    return false;
  }
  if (version < 5)  // one arm per stage, as the stage table says
    for (std::size_t s = 0; s < image.stages.size(); ++s)
      image.stage_arms.push_back({static_cast<std::uint16_t>(s), image.stages[s].line, image.stages[s].text});
  // The sections parsed, so the framing is sound and the prefix exists.
  const Fingerprint fp = hash128(payload.first(*semantic_prefix_size(payload, version)), version);
  if (std::memcmp(fp.data(), bytes.data() + kFingerprintOffset, fp.size()) != 0) {
    error = "fingerprint mismatch: the header's fingerprint is not that of the program it holds";
    image = ProgramImage{};
    return false;
  }
  return true;
}

std::string fingerprint_of(const ProgramImage& image) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(size_hint(image));
  ByteWriter w(bytes);
  write_semantic_sections(w, image);
  return to_hex(hash128(bytes, written_version(image)));
}

std::string fingerprint_in_header(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderSize) return {};
  Fingerprint fp;
  std::memcpy(fp.data(), bytes.data() + kFingerprintOffset, fp.size());
  return to_hex(fp);
}

std::vector<std::uint8_t> reseal_for_testing(std::vector<std::uint8_t> bytes) {
  if (bytes.size() < kHeaderSize) return bytes;
  store_le(std::span(bytes).subspan(kPayloadSizeOffset, 4), bytes.size() - kHeaderSize);
  const auto payload = std::span<const std::uint8_t>(bytes).subspan(kHeaderSize);
  const auto version = static_cast<std::uint16_t>(load_le(std::span<const std::uint8_t>(bytes).subspan(kVersionOffset, 2)));
  if (const auto prefix = semantic_prefix_size(payload, version)) {
    const Fingerprint fp = hash128(payload.first(*prefix), version);
    std::memcpy(bytes.data() + kFingerprintOffset, fp.data(), fp.size());
  }
  store_le(std::span(bytes).subspan(kChecksumOffset, 8), XXH3_64bits(payload.data(), payload.size()));
  return bytes;
}

}  // namespace baton
