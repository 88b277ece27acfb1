// Scoring batches for Python: the records cross as str/bytes, the GIL is
// released while the C++ Scorer works, and the results are built as Python
// objects afterwards, with the GIL held.
#include "batch.hpp"

#include <charconv>
#include <system_error>

#include "baton/runtime/json_lines.hpp"
#include "json_convert.hpp"

namespace baton::python {

namespace {
std::string_view bytes_view(PyObject* bytes) {
  char* data = nullptr;
  Py_ssize_t size = 0;
  PyBytes_AsStringAndSize(bytes, &data, &size);
  return std::string_view{data, static_cast<std::size_t>(size)};
}

// A str with no UTF-8 form (lone surrogates) as the bytes it most likely
// was decoded from (surrogateescape; surrogatepass for a surrogate that
// escape cannot give back, such as a truncated emoji): bytes that are not
// UTF-8, so the decoder rejects the record as it rejects those bytes, "not
// valid UTF-8", naming the id when it can. The bytes live in `keep`.
std::string_view lone_surrogate_bytes(const py::handle& item, std::vector<py::object>& keep) {
  PyObject* bytes = PyUnicode_AsEncodedString(item.ptr(), "utf-8", "surrogateescape");
  if (bytes) {
    // Escaped surrogates can give back valid UTF-8 ("\udcc3\udca9" is "é"):
    // the str still has no UTF-8 form, as a dict of it is told.
    const std::string_view text = bytes_view(bytes);
    PyObject* decoded = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict");
    if (decoded) {
      Py_DECREF(decoded);
      Py_DECREF(bytes);
      bytes = nullptr;
    } else {
      PyErr_Clear();  // not UTF-8: the escaped bytes are the ones to reject
    }
  }
  if (!bytes) {
    PyErr_Clear();
    bytes = PyUnicode_AsEncodedString(item.ptr(), "utf-8", "surrogatepass");
    if (!bytes) throw py::error_already_set();
  }
  keep.push_back(py::reinterpret_steal<py::object>(bytes));
  return bytes_view(bytes);
}

// A record's text: str (as UTF-8) or bytes; anything else is the caller's
// bug. Text made for a str with lone surrogates is kept alive in `keep`.
std::string_view text_of(const py::handle& item, std::vector<py::object>& keep) {
  if (PyBytes_Check(item.ptr())) return bytes_view(item.ptr());
  if (PyUnicode_Check(item.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(item.ptr(), &size);
    if (!data) {
      PyErr_Clear();
      return lone_surrogate_bytes(item, keep);
    }
    return std::string_view{data, static_cast<std::size_t>(size)};
  }
  throw py::type_error("a lead record must be str or bytes here");
}

py::object optional_str(bool present, const std::string& text) {
  return present ? py::object(lossy_str(text)) : py::object(py::none());
}

// A rejection as (id, field, message); id and field may be None.
py::tuple rejection_tuple(const Outcome& o) {
  return py::make_tuple(optional_str(o.has_id, o.id), optional_str(!o.field.empty(), o.field), lossy_str(o.message));
}

// Step delays as a tuple of seconds (int, or None where missing).
py::tuple delays_tuple(const StepDelays& delays) {
  py::tuple out(delays.size());
  for (std::size_t i = 0; i < delays.size(); ++i)
    out[i] = delays[i] ? py::object(py::int_(*delays[i])) : py::object(py::none());
  return out;
}

// {position in `outcomes`: delays_tuple} for the scored outcomes that have
// step delays: empty (no Python object per decision) in the common case.
py::dict delays_dict(const std::vector<Outcome>& outcomes) {
  py::dict out;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].scored && !outcomes[i].delays.empty()) out[py::int_(i)] = delays_tuple(outcomes[i].delays);
  return out;
}

// score_records' results: per record the decision's JSON (str) or a
// rejection tuple; the outcomes stay in scorer.scratch().
py::list score_texts(Scorer& scorer, const py::list& records, std::int64_t as_of) {
  std::vector<std::string_view> texts;
  std::vector<py::object> keep;
  texts.reserve(records.size());
  for (const auto& item : records) texts.push_back(text_of(item, keep));
  std::vector<Outcome>& outcomes = scorer.scratch();
  {
    py::gil_scoped_release release;
    scorer.score(texts, as_of, outcomes);
  }
  py::list out(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    out[i] = o.scored ? py::object(lossy_str(o.text)) : py::object(rejection_tuple(o));
  }
  return out;
}

}  // namespace

py::str lossy_str(std::string_view text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (!s) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

py::tuple score_records(Scorer& scorer, const py::list& records, std::int64_t as_of) {
  py::list out = score_texts(scorer, records, as_of);
  return py::make_tuple(out, delays_dict(scorer.scratch()));
}

// Scores the lines of a block of JSON Lines text (whole lines: the caller
// reads on to the end of the last one, LF lines). Blank lines are not records and give
// nothing; every other line gives its decision's JSON (str) or a rejection
// (line number, id, field, message). Returns (results, lines in the block,
// rejections among the results, step delays as in score_records).
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
      if (!is_blank_line(line)) {  // as `baton score` reads it (a byte-order mark alone too)
        lines.push_back(line);
        numbers.push_back(number);
      }
      ++number;
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    scorer.score(lines, as_of, outcomes);
  }
  py::list out(outcomes.size());
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    if (o.scored) {
      out[i] = lossy_str(o.text);
    } else {
      ++rejected;
      out[i] = py::make_tuple(numbers[i], optional_str(o.has_id, o.id), optional_str(!o.field.empty(), o.field),
                              lossy_str(o.message));
    }
  }
  return py::make_tuple(out, number - first_line, rejected, delays_dict(outcomes));
}

namespace {
// One step of a path into the decision record: a key of an object, or the
// position (in digits) of an item of an array, such as a step of the route's
// escalations. False when there is no such member.
bool step_into(simdjson::dom::element& v, const std::string& key) {
  using simdjson::dom::element_type;
  if (v.type() == element_type::OBJECT) return !v.get_object().value_unsafe().at_key(key).get(v);
  if (v.type() != element_type::ARRAY) return false;
  std::size_t index = 0;
  const char* end = key.data() + key.size();
  auto [at, error] = std::from_chars(key.data(), end, index);
  return error == std::errc() && at == end && !v.get_array().value_unsafe().at(index).get(v);
}
}  // namespace

// score_frame's rows: like score_records, but a scored record gives the
// tuple of its decision's values at `paths` (each a tuple of keys into the
// decision record, or of array positions; missing: None), read from the
// rendered record, so the values are the canonical record's and no dict per
// decision is built. A rejected record gives [id, field, message] (a list).
py::list score_rows(Scorer& scorer, const py::list& records, std::int64_t as_of,
                    const std::vector<std::vector<std::string>>& paths) {
  py::list scored = score_texts(scorer, records, as_of);
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
        if (!step_into(v, key)) {
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

// (decision JSON, explain JSON, explain text, step delays) or a rejection tuple.
py::object explain_record(Scorer& scorer, const py::handle& record, std::int64_t as_of) {
  std::vector<py::object> keep;
  std::string_view text = text_of(record, keep);
  std::string decision, json, explanation;
  StepDelays delays;
  Outcome rejected;
  bool ok;
  {
    py::gil_scoped_release release;
    ok = scorer.explain(text, as_of, decision, delays, json, explanation, rejected);
  }
  if (!ok) return py::make_tuple(py::str("rejected"), rejection_tuple(rejected));
  return py::make_tuple(py::str("explained"), py::make_tuple(lossy_str(decision), lossy_str(json),
                                                             lossy_str(explanation), delays_tuple(delays)));
}

}  // namespace baton::python
