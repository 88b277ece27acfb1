// CsvDecoder (csv.hpp): columns to lead fields, rows to Records.
//
// A row is rewritten as the JSON object a CRM would have sent ({"id":"L1",
// "company_size":"120"}: every value text, empty cells left out) and read by
// a RecordDecoder with coercion on. So CSV and JSON leads share one set of
// field readers, defaults, coercion rules and error messages, and whatever
// the JSON decoder learns, CSV gets. The rewrite is a copy and an escape per
// cell into a reused buffer, small beside the parse that follows.
#include <simdjson.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"

namespace baton {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

enum class ColumnKind { field, id, ignored, unknown };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::unknown;
  std::string field;  // the lead field (kind field) or "id"
  Type type = Type::invalid;
  std::string key;    // "\"company_size\":", ready to append
};

}  // namespace

bool CsvMapping::add(std::string_view column_equals_field) {
  const std::size_t eq = column_equals_field.rfind('=');
  if (eq == std::string_view::npos) return false;
  // Trimmed as the header's cells are, so " Size =size" finds the column " Size ".
  const std::string_view column = trim(column_equals_field.substr(0, eq));
  if (column.empty()) return false;
  columns.emplace_back(std::string(column), std::string(trim(column_equals_field.substr(eq + 1))));
  return true;
}

bool CsvMapping::add_json(std::string_view json, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto e = parser.parse(json.data(), json.size()).get(root); e) {
    error = fmt::format("not valid JSON: {}", simdjson::error_message(e));
    return false;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    error = "expected a JSON object of column names to field names";
    return false;
  }
  for (auto [column, value] : object) {
    std::string_view field;
    if (value.is_null()) field = "";
    else if (value.get_string().get(field) != simdjson::SUCCESS) {
      error = fmt::format("column `{}`: expected a field name (a string, or \"\" to ignore the column)", column);
      return false;
    }
    columns.emplace_back(std::string(trim(column)), std::string(trim(field)));
  }
  return true;
}

std::string csv_normalized_name(std::string_view column) {
  std::string out;
  bool gap = false;
  for (char c : column) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (!alnum) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += '_';
    gap = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

struct CsvDecoder::Impl {
  std::shared_ptr<const Program> program;
  DecodeOptions options;
  CsvMapping mapping;
  RecordDecoder json_decoder;
  std::vector<Column> columns;
  std::vector<std::string> column_fields;
  int id_column = -1;
  std::string json;
  std::string id;
  UnknownNames unknown;

  Impl(std::shared_ptr<const Program> p, DecodeOptions o, CsvMapping m)
      : program(p), options(csv_options(std::move(o))), mapping(std::move(m)), json_decoder(p, options) {}

  const FieldInfo* lead_field(std::string_view name) const {
    for (const FieldInfo& f : program->image().lead_fields)
      if (f.name == name) return &f;
    return nullptr;
  }
  bool is_target(std::string_view name) const { return name == "id" || lead_field(name); }

  bool header(const std::vector<std::string_view>& names, std::string& error);
  bool to_json(const std::vector<std::string_view>& cells, DecodeError& error);
};

DecodeOptions CsvDecoder::csv_options(DecodeOptions options) {
  options.coerce = true;
  return options;
}

namespace {

// Why a header cell is not text baton can match, or "": a UTF-16 export
// (NUL bytes, or its byte-order mark) or another 8-bit encoding.
std::string header_encoding_error(std::string_view name, std::size_t column) {
  if (name.find('\0') != std::string_view::npos || name.starts_with("\xFF\xFE") || name.starts_with("\xFE\xFF"))
    return fmt::format("column {} of the header is not UTF-8: the file looks like UTF-16; convert it with "
                       "`iconv -f UTF-16 -t UTF-8` first",
                       column);
  if (!simdjson::validate_utf8(name.data(), name.size()))
    return fmt::format("column {} of the header is not valid UTF-8 (a Windows-1252 export? convert it with "
                       "`iconv -f WINDOWS-1252 -t UTF-8` first)",
                       column);
  return {};
}

// A header that fills neither the id nor any lead field would score every
// row as a lead without data: most often a file separated by something else.
std::string no_known_column_error(const std::vector<std::string_view>& names) {
  std::string shown;
  for (std::string_view name : names) shown += (shown.empty() ? "" : ",") + std::string(name);
  if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
  std::string error = fmt::format("no column of the header is `id` or a lead field of the SLA (the header: `{}`)", shown);
  if (names.size() == 1 && names[0].find(';') != std::string_view::npos)
    error += "; the file looks separated by `;` (Excel in some locales): baton reads comma-separated files";
  else if (names.size() == 1 && names[0].find('\t') != std::string_view::npos)
    error += "; the file looks separated by tabs: baton reads comma-separated files";
  return error;
}

}  // namespace

bool CsvDecoder::Impl::header(const std::vector<std::string_view>& names, std::string& error) {
  columns.clear();
  column_fields.clear();
  id_column = -1;
  // Known by their trimmed names, as mappings give them: only a quoted cell
  // can still have spaces around its name.
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (error = header_encoding_error(names[i], i + 1); !error.empty()) return false;
    if (trim(names[i]).empty()) {
      error = fmt::format("column {} of the header has no name", i + 1);
      return false;
    }
    if (!index.emplace(trim(names[i]), i).second) {
      error = fmt::format("the header names column `{}` twice", names[i]);
      return false;
    }
  }
  columns.resize(names.size());
  std::vector<bool> mapped(names.size(), false);
  for (std::size_t k = 0; k < mapping.columns.size(); ++k) {
    const auto& [column, field] = mapping.columns[k];
    auto it = index.find(column);
    if (k < mapping.shared && (it == index.end() || (!field.empty() && !is_target(field)))) continue;
    if (it == index.end()) {
      error = fmt::format("the mapping names column `{}`, which the header does not have", column);
      return false;
    }
    if (!field.empty() && !is_target(field)) {
      error = fmt::format("the mapping puts column `{}` into `{}`, which is not a lead field of this SLA", column, field);
      return false;
    }
    columns[it->second].field = field;
    columns[it->second].kind = field.empty() ? ColumnKind::ignored : ColumnKind::field;
    mapped[it->second] = true;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    Column& c = columns[i];
    c.name = std::string(names[i]);
    if (!mapped[i]) {
      if (is_target(c.name)) c.field = c.name;
      else if (std::string normal = csv_normalized_name(c.name); is_target(normal)) c.field = normal;
      c.kind = c.field.empty() ? ColumnKind::unknown : ColumnKind::field;
    }
    if (c.kind == ColumnKind::field && c.field == "id") c.kind = ColumnKind::id;
  }
  std::map<std::string_view, std::size_t> filled;  // field -> column
  for (std::size_t i = 0; i < columns.size(); ++i) {
    Column& c = columns[i];
    column_fields.push_back(c.kind == ColumnKind::field || c.kind == ColumnKind::id ? c.field : std::string());
    if (c.kind != ColumnKind::field && c.kind != ColumnKind::id) continue;
    if (auto [it, fresh] = filled.emplace(c.field, i); !fresh) {
      error = fmt::format("columns `{}` and `{}` both fill `{}`; map one of them elsewhere or to nothing (\"{}=\")",
                          columns[it->second].name, c.name, c.field, c.name);
      return false;
    }
    if (c.kind == ColumnKind::id) id_column = static_cast<int>(i);
    else c.type = lead_field(c.field)->type;
    c.key.clear();
    append_json_string(c.kind == ColumnKind::id ? "id" : c.field, c.key);
    c.key += ':';
  }
  if (filled.empty()) {
    error = no_known_column_error(names);
    return false;
  }
  return true;
}

// The row as JSON in `json`; the id (if any) in `id` first, so that every
// error can name the record.
bool CsvDecoder::Impl::to_json(const std::vector<std::string_view>& cells, DecodeError& error) {
  id.clear();
  if (id_column >= 0 && static_cast<std::size_t>(id_column) < cells.size()) {
    const std::string_view cell = trim(cells[id_column]);
    if (!simdjson::validate_utf8(cell.data(), cell.size())) {
      error = {"id", "not valid UTF-8"};
      return false;
    }
    id = cell;
  }
  if (cells.size() != columns.size()) {
    error = {"", fmt::format("the row has {} cells, the header {}", cells.size(), columns.size())};
    return false;
  }
  json.clear();
  json += '{';
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string_view cell = trim(cells[i]);
    const Column& c = columns[i];
    if (cell.empty() || c.kind == ColumnKind::ignored) continue;  // an empty cell is a missing value
    if (c.kind == ColumnKind::unknown) {
      // Checked as a JSON record's unknown key is (stage 1 validates it).
      if (!simdjson::validate_utf8(cell.data(), cell.size())) {
        error = {c.name, "not valid UTF-8"};
        return false;
      }
      // Counted like a JSON record's unknown key, and rejected alike under strict.
      auto it = unknown.fields.find(c.name);
      if (it == unknown.fields.end()) unknown.fields.emplace(c.name, 1);
      else ++it->second;
      if (options.strict) {
        error = {c.name, "unknown field"};
        return false;
      }
      continue;
    }
    // Checked here, so that the rejection names the field and the row's id
    // (the JSON decoder would refuse the whole record without either); the
    // id's cell was checked above.
    if (c.kind != ColumnKind::id && !simdjson::validate_utf8(cell.data(), cell.size())) {
      error = {c.field, "not valid UTF-8"};
      return false;
    }
    if (json.size() > 1) json += ',';
    json += c.key;
    if (c.type == Type::string_set || c.type == Type::string_list) {
      // "a; b;c": items separated by ';', blanks dropped.
      json += '[';
      bool first = true;
      for (std::size_t start = 0;;) {
        const std::size_t semi = cell.find(';', start);
        const std::string_view item =
            trim(cell.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
        if (!item.empty()) {
          if (!first) json += ',';
          append_json_string(item, json);
          first = false;
        }
        if (semi == std::string_view::npos) break;
        start = semi + 1;
      }
      json += ']';
    } else {
      append_json_string(cell, json);
    }
  }
  json += '}';
  return true;
}

CsvDecoder::CsvDecoder(std::shared_ptr<const Program> program, DecodeOptions options, CsvMapping mapping)
    : impl_(std::make_unique<Impl>(std::move(program), std::move(options), std::move(mapping))) {}

CsvDecoder::~CsvDecoder() = default;

bool CsvDecoder::header(const std::vector<std::string_view>& names, std::string& error) {
  return impl_->header(names, error);
}

bool CsvDecoder::read_header(CsvReader& reader, CsvRow& row, std::string& error) {
  error.clear();
  if (!reader.next(row)) {
    row.line = 0;
    error = "no header row: CSV leads start with the column names";
  } else if (!row.error.empty()) {
    error = row.error;
  } else {
    header(row.cells, error);
  }
  return error.empty();
}

const std::vector<std::string>& CsvDecoder::column_fields() const { return impl_->column_fields; }

bool CsvDecoder::decode(const std::vector<std::string_view>& cells, Record& record, DecodeError& error) {
  if (!impl_->to_json(cells, error)) {
    record.reset(*impl_->program);
    record.id = impl_->id;
    record.has_id = !impl_->id.empty();
    return false;
  }
  return impl_->json_decoder.decode(impl_->json, record, error);
}

bool CsvDecoder::to_json(const std::vector<std::string_view>& cells, std::string& out, DecodeError& error,
                         std::string* id) {
  const bool ok = impl_->to_json(cells, error);
  if (id) *id = impl_->id;
  if (ok) out.assign(impl_->json);
  return ok;
}

bool CsvDecoder::row_to_json(const CsvRow& row, std::string& out, DecodeError& error, std::string* id) {
  if (row.error.empty()) return to_json(row.cells, out, error, id);
  if (id) *id = id_of(row.cells);
  error = {"", row.error};
  return false;
}

const UnknownNames& CsvDecoder::unknown() const { return impl_->unknown; }

std::string CsvDecoder::id_of(const std::vector<std::string_view>& cells) const {
  const int at = impl_->id_column;
  if (at < 0 || static_cast<std::size_t>(at) >= cells.size()) return {};
  return std::string(trim(cells[static_cast<std::size_t>(at)]));
}

}  // namespace baton
