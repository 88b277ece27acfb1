// baton._core: the pybind11 binding of the C++ compiler and runtime. It keeps
// to conversions and the GIL; the Python API (baton/__init__.py) is built on
// top of it, and decisions cross as their canonical JSON text
// (append_decision_json), so every field the CLI prints reaches Python.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <simdjson.h>

#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/common/types.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/bytecode.hpp"
#include "scorer.hpp"

namespace py = pybind11;

namespace baton::python {
namespace {

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

// A record's text: str (as UTF-8) or bytes; anything else is the caller's
// bug. nullopt for a str that has no UTF-8 form (lone surrogates): that
// record is rejected, not the batch.
std::optional<std::string_view> text_of(const py::handle& item) {
  if (PyBytes_Check(item.ptr())) {
    char* data = nullptr;
    Py_ssize_t size = 0;
    PyBytes_AsStringAndSize(item.ptr(), &data, &size);
    return std::string_view{data, static_cast<std::size_t>(size)};
  }
  if (PyUnicode_Check(item.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(item.ptr(), &size);
    if (!data) {
      PyErr_Clear();
      return std::nullopt;
    }
    return std::string_view{data, static_cast<std::size_t>(size)};
  }
  throw py::type_error("a lead record must be str or bytes here");
}

constexpr std::string_view kNotUtf8 = "the text is not valid Unicode (it holds lone surrogates)";

py::object optional_str(bool present, const std::string& text) {
  return present ? py::object(py::str(text)) : py::object(py::none());
}

// A rejection as (id, field, message); id and field may be None.
py::tuple rejection_tuple(const Outcome& o) {
  return py::make_tuple(optional_str(o.has_id, o.id), optional_str(!o.field.empty(), o.field), o.message);
}

// Scores a list of str/bytes records: a list of the same length holding the
// decision's JSON (str) or a rejection tuple. The texts are borrowed from
// the list, which the caller keeps alive; the GIL is released while scoring.
py::object decision_str(const Outcome& o) {
  PyObject* s = PyUnicode_DecodeUTF8(o.text.data(), static_cast<Py_ssize_t>(o.text.size()), "replace");
  if (!s) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(s);
}

// Scores a list of str/bytes records: a list of the same length holding the
// decision's JSON (str) or a rejection tuple (id, field, message). The texts
// are borrowed from the list, which the caller owns and keeps alive; the GIL
// is released while scoring.
py::list score_records(Scorer& scorer, const py::list& records, std::int64_t as_of) {
  std::vector<std::string_view> texts;
  std::vector<std::size_t> unreadable;
  texts.reserve(records.size());
  for (const auto& item : records) {
    auto text = text_of(item);
    if (!text) unreadable.push_back(texts.size());
    texts.push_back(text.value_or(std::string_view{}));
  }
  std::vector<Outcome>& outcomes = scorer.scratch();
  {
    py::gil_scoped_release release;
    scorer.score(texts, as_of, outcomes);
  }
  for (std::size_t i : unreadable) {
    outcomes[i] = Outcome{};
    outcomes[i].message = kNotUtf8;
  }
  py::list out(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    out[i] = o.scored ? decision_str(o) : py::object(rejection_tuple(o));
  }
  return out;
}

// Scores the lines of a block of JSON Lines text (whole lines: the caller
// reads on to the end of the last one). Blank lines are not records and give
// nothing; every other line gives its decision's JSON (str) or a rejection
// (line number, id, field, message). Returns (results, lines in the block).
// Splitting and counting lines here, not in Python, spares a bytes object
// per line and a pass over the text.
py::tuple score_block(Scorer& scorer, const py::bytes& block, std::uint64_t first_line, std::int64_t as_of) {
  std::string_view text = block;
  std::vector<std::string_view> lines;
  std::vector<std::uint64_t> numbers;
  std::vector<Outcome>& outcomes = scorer.scratch();
  std::uint64_t number = first_line;
  {
    py::gil_scoped_release release;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
        lines.push_back(line);
        numbers.push_back(number);
      }
      ++number;
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    scorer.score(lines, as_of, outcomes);
  }
  py::list out(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    if (o.scored) {
      out[i] = decision_str(o);
    } else {
      out[i] = py::make_tuple(numbers[i], optional_str(o.has_id, o.id), optional_str(!o.field.empty(), o.field),
                              o.message);
    }
  }
  return py::make_tuple(out, number - first_line);
}

// A parsed JSON value as the Python object json.loads would give.
py::object to_python(simdjson::dom::element v) {
  using simdjson::dom::element_type;
  switch (v.type()) {
    case element_type::STRING: {
      std::string_view s = v.get_string().value_unsafe();
      return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
    }
    case element_type::INT64: return py::int_(v.get_int64().value_unsafe());
    case element_type::UINT64: return py::int_(v.get_uint64().value_unsafe());
    case element_type::DOUBLE: return py::float_(v.get_double().value_unsafe());
    case element_type::BOOL: return py::bool_(v.get_bool().value_unsafe());
    case element_type::NULL_VALUE: return py::none();
    case element_type::ARRAY: {
      py::list out;
      simdjson::dom::array array = v.get_array().value_unsafe();  // named: the loop must not iterate a temporary
      for (auto item : array) out.append(to_python(item));
      return out;
    }
    case element_type::OBJECT: {
      py::dict out;
      simdjson::dom::object object = v.get_object().value_unsafe();
      for (auto member : object) out[py::str(std::string(member.key))] = to_python(member.value);
      return out;
    }
  }
  return py::none();
}

// score_frame's rows: like score_records, but a scored record gives the
// tuple of its decision's values at `paths` (each a tuple of keys into the
// decision record; missing: None), read from the rendered record, so the
// values are the canonical record's and no dict per decision is built. A
// rejected record gives [id, field, message] (a list).
py::list score_rows(Scorer& scorer, const py::list& records, std::int64_t as_of,
                    const std::vector<std::vector<std::string>>& paths) {
  py::list scored = score_records(scorer, records, as_of);
  simdjson::dom::parser parser;
  py::list out(scored.size());
  for (std::size_t i = 0; i < scored.size(); ++i) {
    py::handle item = scored[i];
    if (!PyUnicode_Check(item.ptr())) {
      out[i] = py::list(py::reinterpret_borrow<py::tuple>(item));
      continue;
    }
    const Outcome& o = scorer.scratch()[i];
    simdjson::dom::element root;
    if (parser.parse(o.text).get(root) != simdjson::SUCCESS) throw std::runtime_error("unreadable decision record");
    py::tuple row(paths.size());
    for (std::size_t c = 0; c < paths.size(); ++c) {
      simdjson::dom::element v = root;
      bool found = true;
      for (const auto& key : paths[c]) {
        if (v.type() != simdjson::dom::element_type::OBJECT || v.get_object().value_unsafe().at_key(key).get(v)) {
          found = false;
          break;
        }
      }
      row[c] = found ? to_python(v) : py::none();
    }
    out[i] = std::move(row);
  }
  return out;
}

// The elements of a JSON array, each as its own (minified) JSON text: how a
// DataFrame's rows, written by pandas as one array, become lead records.
py::list split_json_array(const py::bytes& text) {
  std::string_view json = text;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS ||
      root.type() != simdjson::dom::element_type::ARRAY)
    throw py::value_error("not a JSON array");
  py::list out;
  simdjson::dom::array rows = root.get_array().value_unsafe();
  for (auto item : rows) out.append(py::bytes(simdjson::minify(item)));
  return out;
}

// (decision JSON, explain JSON, explain text) or a rejection tuple.
py::object explain_record(Scorer& scorer, const py::handle& record, std::int64_t as_of) {
  auto readable = text_of(record);
  if (!readable) {
    Outcome rejected;
    rejected.message = kNotUtf8;
    return py::make_tuple(py::str("rejected"), rejection_tuple(rejected));
  }
  std::string_view text = *readable;
  std::string decision, json, explanation;
  Outcome rejected;
  bool ok;
  {
    py::gil_scoped_release release;
    ok = scorer.explain(text, as_of, decision, json, explanation, rejected);
  }
  if (!ok) return py::make_tuple(py::str("rejected"), rejection_tuple(rejected));
  return py::make_tuple(py::str("explained"), py::make_tuple(decision, json, explanation));
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
      .def("scorer", [](const PyProgram& p, bool strict, unsigned threads) {
        return std::make_unique<Scorer>(p.program, strict, threads);
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
  m.def("format_time", [](std::int64_t seconds) { return format_time(seconds); });
}
