// baton._core: the pybind11 binding of the C++ compiler and runtime. It keeps
// to conversions and the GIL; the Python API (baton/__init__.py) is built on
// top of it, and decisions cross as their canonical JSON text
// (append_decision_json), so every field the CLI prints reaches Python.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/common/types.hpp"
#include "baton/common/zone.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/output.hpp"
#include "batch.hpp"
#include "csv_rows.hpp"
#include "json_convert.hpp"
#include "scorer.hpp"

namespace py = pybind11;

namespace baton::python {
namespace {

// The decoder's options from Python's keyword arguments.
DecodeOptions decode_options(bool strict, bool coerce, const std::string& coerce_zone, bool event_types_ignore_case) {
  DecodeOptions options;
  options.strict = strict;
  options.coerce = coerce;
  options.coerce_zone = coerce_zone;
  options.event_types_ignore_case = event_types_ignore_case;
  return options;
}

// A decoder made with an unknown coerce_zone throws (RecordDecoder):
// a ValueError for Python, naming the option.
[[noreturn]] void bad_zone(const std::string& zone) {
  throw py::value_error("coerce_zone: `" + zone + "` is not an IANA time zone (e.g. Europe/Berlin)");
}

// A loaded program as Python holds it (pybind11 holders cannot be
// shared_ptr<const T>).
struct PyProgram {
  std::shared_ptr<const Program> program;
};

py::dict diagnostic_dict(const SourceFile& source, const Diagnostic& d) {
  LineColumn begin = source.position(d.span.begin), end = source.position(d.span.end);
  py::dict out;
  out["severity"] = std::string(severity_name(d.severity));
  out["code"] = d.code;
  out["line"] = begin.line;
  out["column"] = begin.column;
  out["end_line"] = end.line;
  out["end_column"] = end.column;
  out["message"] = d.message;
  out["help"] = d.help;
  out["text"] = render_text(source, d, /*color=*/false);
  return out;
}

// (program or None, [diagnostic dicts]): the caller raises CompileError.
py::tuple compile_source(std::string text, std::string path) {
  SourceFile source(std::move(path), std::move(text));
  Diagnostics diagnostics;
  Compilation compiled;
  {
    py::gil_scoped_release release;
    compiled = compile(source, diagnostics);
  }
  py::list found;
  for (const auto& d : diagnostics) found.append(diagnostic_dict(source, d));
  py::object program = py::none();
  if (compiled.program) program = py::cast(PyProgram{compiled.program});
  return py::make_tuple(program, found);
}

PyProgram load_bytes(const py::bytes& data) {
  std::string_view bytes = data;
  std::string error;
  auto program = Program::load(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), error);
  if (!program) throw py::value_error(error);
  return PyProgram{program};
}

bool is_bytecode(const py::bytes& data) {
  std::string_view bytes = data;
  return bytes.size() >= 4 && std::memcmp(bytes.data(), bc::kMagic, 4) == 0;
}

// The most cadence steps of any route arm: how many escalation_N_to,
// escalation_N_due column pairs score_frame has, as many as `baton score
// --format csv` (runtime/src/output.cpp counts them the same way).
std::size_t max_escalations(const Program& program) {
  std::vector<std::size_t> per_route(program.image().routes.size());
  std::size_t most = 0;
  for (const EscalationInfo& e : program.image().escalations) most = std::max(most, ++per_route[e.route]);
  return most;
}

std::vector<std::string> names_of(const auto& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.push_back(entry.name);
  return out;
}

}  // namespace
}  // namespace baton::python

PYBIND11_MODULE(_core, m) {
  using namespace baton;
  using namespace baton::python;
  m.doc() = "The C++ core of the baton package; use the `baton` module instead.";

  py::class_<PyProgram>(m, "Program")
      .def_property_readonly("name", [](const PyProgram& p) { return std::string(p.program->name()); })
      .def_property_readonly("version", [](const PyProgram& p) { return std::string(p.program->version()); })
      .def_property_readonly("fingerprint", [](const PyProgram& p) { return p.program->fingerprint(); })
      .def_property_readonly("stages", [](const PyProgram& p) { return names_of(p.program->image().stages); })
      .def_property_readonly("scores", [](const PyProgram& p) { return names_of(p.program->image().scores); })
      .def_property_readonly("values", [](const PyProgram& p) { return names_of(p.program->image().exports); })
      .def_property_readonly("max_escalations", [](const PyProgram& p) { return max_escalations(*p.program); })
      .def_property_readonly("value_types",
                             [](const PyProgram& p) {
                               const ProgramImage& image = p.program->image();
                               std::vector<std::string> out;
                               for (const auto& e : image.exports) out.emplace_back(type_name(image.registers[e.reg]));
                               return out;
                             })
      .def_property_readonly("lead_fields",
                             [](const PyProgram& p) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const auto& f : p.program->image().lead_fields)
                                 out.emplace_back(f.name, std::string(type_name(f.type)));
                               return out;
                             })
      .def("to_bytes",
           [](const PyProgram& p) {
             auto bytes = p.program->to_bytes();
             return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
           })
      .def("blank_decision", [](const PyProgram& p, std::int64_t as_of) { return blank_decision(p.program, as_of); })
      .def("scorer",
           [](const PyProgram& p, unsigned threads, bool strict, bool coerce, const std::string& coerce_zone,
              bool event_types_ignore_case) {
             try {
               return std::make_unique<Scorer>(
                   p.program, decode_options(strict, coerce, coerce_zone, event_types_ignore_case), threads);
             } catch (const std::runtime_error&) {
               bad_zone(coerce_zone);
             }
           },
           py::arg("threads"), py::arg("strict"), py::arg("coerce"), py::arg("coerce_zone"),
           py::arg("event_types_ignore_case"))
      .def("csv_rows",
           [](const PyProgram& p, std::optional<std::string> path, std::optional<py::bytes> data,
              const std::vector<std::pair<std::string, std::string>>& mapping, bool strict,
              const std::string& coerce_zone, bool event_types_ignore_case, std::size_t max_row_bytes) {
             CsvMapping columns;
             columns.columns = mapping;
             DecodeOptions options = decode_options(strict, true, coerce_zone, event_types_ignore_case);
             try {
               RecordDecoder check(p.program, options);
             } catch (const std::runtime_error&) {
               bad_zone(coerce_zone);
             }
             try {
               return std::make_unique<CsvRows>(p.program, options, std::move(columns), path,
                                                data ? std::string(*data) : std::string(), max_row_bytes);
             } catch (const std::runtime_error& e) {
               // The message quotes the header, which need not be UTF-8.
               PyErr_SetObject(PyExc_ValueError, lossy_str(e.what()).ptr());
               throw py::error_already_set();
             }
           },
           py::arg("path"), py::arg("data"), py::arg("mapping"), py::arg("strict"), py::arg("coerce_zone"),
           py::arg("event_types_ignore_case"), py::arg("max_row_bytes"));

  // Batches of CSV records: (lines, JSON texts (bytes) or None, (id, field, error) or None).
  // Cells are copied as they are, so a record may hold bytes that are not
  // UTF-8: it stays bytes and the decoder rejects it, as `baton score` does.
  py::class_<CsvRows>(m, "CsvRows").def("next", [](CsvRows& rows, std::size_t n) {
    CsvBatch batch = rows.next(n);
    py::list texts, failures;
    for (std::size_t i = 0; i < batch.lines.size(); ++i) {
      if (batch.records[i]) texts.append(py::bytes(*batch.records[i]));
      else texts.append(py::none());
      if (const auto& f = batch.failures[i]) {
        failures.append(py::make_tuple(f->id.empty() ? py::object(py::none()) : py::object(lossy_str(f->id)),
                                       f->field.empty() ? py::object(py::none()) : py::object(lossy_str(f->field)),
                                       lossy_str(f->message)));
      } else {
        failures.append(py::none());
      }
    }
    return py::make_tuple(batch.lines, texts, failures);
  });

  py::class_<Scorer>(m, "Scorer")
      .def_property_readonly("threads", &Scorer::threads)
      .def("score", &score_records, py::arg("records"), py::arg("as_of"))
      .def("score_rows", &score_rows, py::arg("records"), py::arg("as_of"), py::arg("paths"))
      .def("score_block", &score_block, py::arg("block"), py::arg("first_line"), py::arg("as_of"))
      .def("explain", &explain_record);

  m.def("compile", &compile_source, py::arg("text"), py::arg("path"));
  m.def("load", &load_bytes);
  m.def("is_bytecode", &is_bytecode);
  m.def("split_json_array", &split_json_array);
  m.def("parse_time", [](std::string_view text) { return parse_time(text); });
  // coerce_zone is checked whether or not coerce is on, as the CLI checks
  // --coerce-zone: a misspelt zone is an error before it is ever used.
  m.def("check_zone", [](const std::string& zone) {
    if (!zone.empty() && !find_zone(zone)) bad_zone(zone);
  });
  m.def("format_time", [](std::int64_t seconds) { return format_time(seconds); });
  m.def("value_column", [](const std::string& group, const std::string& name) { return csv_value_column(group, name); });
}
