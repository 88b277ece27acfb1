"""score_frame (pandas) and the function PySpark's mapInPandas would call."""

import csv
import io
import math
import re
import subprocess

import pandas as pd
import pytest

import baton
import baton.spark
from conftest import AS_OF, EXAMPLES, cli, cli_score, sla_of


def cli_csv(sla, leads, as_of=AS_OF):
    """`baton score --format csv`'s header and rows (dicts of text cells)."""
    run = subprocess.run([cli(), "score", str(sla), str(leads), "--as-of", as_of, "--quiet", "--format", "csv"],
                         capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    reader = csv.DictReader(io.StringIO(run.stdout))
    return reader.fieldnames, list(reader)


def expected_frame_rows(program, decisions, steps):
    """The CLI's decisions laid out as score_frame's rows: the record's
    fields in order, the route as route + deadline + `steps` pairs of
    escalation columns, scores and values one column each, any other field
    (lifecycle, hand-off, ...) as it is."""
    rows = []
    for d in decisions:
        row = {}
        for key, value in d.items():
            if key == "route":
                row["route"] = value["to"] if value else None
                row["deadline"] = value["deadline"] if value else None
                escalations = value.get("escalations", []) if value else []
                for i in range(steps):
                    step = escalations[i] if i < len(escalations) else {}
                    row[f"escalation_{i + 1}_to"] = step.get("to")
                    row[f"escalation_{i + 1}_due"] = step.get("due")
            elif key in ("scores", "values"):
                row.update(value)
            else:
                row[key] = value
        rows.append(row)
    return rows


def same(a, b):
    if isinstance(a, float) and isinstance(b, (int, float)):
        return a == b or (a != a and b is None)
    return a == b


@pytest.mark.parametrize("leads", EXAMPLES, ids=lambda p: p.name)
def test_frame_decisions_match_the_cli(leads):
    program = baton.compile(str(sla_of(leads)))
    expected, _ = cli_score(sla_of(leads), leads)
    frame = pd.read_json(leads, lines=True, convert_dates=False)
    frame.index = frame.index * 10 + 5  # any index is kept
    out = program.score_frame(frame, as_of=AS_OF, threads=2)
    assert list(out.index) == list(frame.index)
    assert out["error"].isna().all()
    header, _ = cli_csv(sla_of(leads), leads)
    steps = sum(1 for name in header if re.fullmatch(r"escalation_\d+_to", name))
    rows = expected_frame_rows(program, expected, steps)
    columns = [c for c in out.columns if c not in ("error", "error_field")]
    assert columns == list(rows[0].keys())
    for (_, got), want in zip(out.iterrows(), rows):
        for column in columns:
            value = got[column]
            if column in ("deadline", "as_of", "stage_since") or re.fullmatch(r"escalation_\d+_due", column):
                value = None if pd.isna(value) else value.strftime("%Y-%m-%dT%H:%M:%SZ")
            elif value is pd.NA or (isinstance(value, float) and value != value):
                value = None
            assert same(value, want[column]), (want["id"], column, value, want[column])


FAR = '''sla "far" version "1"
lead { email: string  size: int? }
stages { lead otherwise }
routes {
  lead when size >= 1000 -> "archive" within 100000d
  lead -> "sales" within 4h
}
'''


def test_times_past_the_nanosecond_range_are_nat_and_the_dtype_stays():
    # pandas 1.5 holds times from 1677 to 2262 in datetime64[ns]; a deadline
    # beyond is NaT (with a warning), so the column keeps the dtype every
    # partition of a Dask job has, whatever its rows.
    far = baton.compile(FAR)
    frame = pd.DataFrame({"email": ["a@b.example", "c@d.example"], "size": [5000, 10]})
    with pytest.warns(RuntimeWarning, match="1 time\\(s\\) in column 'deadline' are past pandas' range"):
        out = far.score_frame(frame, as_of=AS_OF)
    assert out["error"].isna().all()
    assert list(out["route"]) == ["archive", "sales"]
    assert str(out["deadline"].dtype) == "datetime64[ns, UTC]" == str(out["as_of"].dtype)
    assert out["deadline"][0] is pd.NaT
    assert out["deadline"][1] == far.score({"email": "c@d.example", "size": 10}, as_of=AS_OF).deadline
    assert far.score({"email": "a@b.example", "size": 5000}, as_of=AS_OF).deadline.year == 2300


def test_dask_partitions_with_far_times_have_the_meta_dtypes():
    dd = pytest.importorskip("dask.dataframe")
    import warnings

    import baton.dask
    far = baton.compile(FAR)
    frame = pd.DataFrame({"email": "a@b.example", "size": [5000, 10, 10, 10]})
    lazy = baton.dask.score(dd.from_pandas(frame, npartitions=2), far, as_of=AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = lazy.compute(scheduler="sync")
        hours = (lazy.deadline - lazy.as_of).dt.total_seconds().compute(scheduler="sync") / 3600
    assert dict(got.dtypes) == dict(lazy._meta.dtypes)
    assert hours.isna().tolist() == [True, False, False, False] and hours[1:].tolist() == [4.0] * 3


def test_frame_types_and_missing_values(b2b):
    frame = pd.DataFrame({
        "id": ["a", "b", "c"],
        "email": ["ana@corvalis-health.com", "ben@gmail.com", None],
        "company_size": [1200.0, float("nan"), 50.0],  # a float column because of the NaN
        "job_title": ["VP Data", None, "Engineer"],
        "events": [[{"type": "demo_request", "at": pd.Timestamp("2026-11-20T10:00:00Z")}], [], None],
    })
    out = b2b.score_frame(frame, as_of=AS_OF)
    as_dicts = [b2b.score({k: v for k, v in row.items() if not (isinstance(v, float) and v != v) and v is not None},
                          as_of=AS_OF) if row["email"] else None
                for row in frame.to_dict("records")]
    assert list(out["stage"][:2]) == [as_dicts[0].stage, as_dicts[1].stage]
    assert out.loc[2, "error_field"] == "email" and out.loc[2, "stage"] is None
    assert out.loc[2, "id"] == "c"
    assert str(out["as_of"].dtype) == "datetime64[ns, UTC]"
    assert str(out["stage_since"].dtype) == "datetime64[ns, UTC]"
    with pytest.raises(baton.RecordError, match="^row 2: lead c: email: ") as e:
        b2b.score_frame(frame, as_of=AS_OF, errors="raise")
    assert e.value.row == 2 and e.value.error == out.loc[2, "error"]
    with pytest.raises(TypeError):
        b2b.score_frame([{"email": "x"}], as_of=AS_OF)


def test_empty_frame_has_the_columns(b2b):
    out = b2b.score_frame(pd.DataFrame(), as_of=AS_OF)
    assert len(out) == 0
    full = b2b.score_frame(pd.DataFrame([{"email": "a@b.example"}]), as_of=AS_OF)
    assert list(out.columns) == list(full.columns)
    columns = list(out.columns)
    assert columns[:2] == ["id", "stage"] and columns[-2:] == ["error_field", "error"]
    assert columns[columns.index("route") + 1] == "deadline"
    assert columns[-6:-2] == ["sla", "version", "fingerprint", "as_of"]


def test_spark_map_in_pandas_function(b2b, root):
    leads = root / "examples" / "b2b-saas-leads.jsonl"
    expected, _ = cli_score(root / "examples" / "b2b-saas.baton", leads)
    frame = pd.read_json(leads, lines=True, convert_dates=False)
    # What Spark does: the function is pickled to executors and called with
    # an iterator of Arrow batches as pandas DataFrames.
    import pickle
    function = pickle.loads(pickle.dumps(baton.spark.scorer(b2b, as_of=AS_OF)))
    batches = [frame.iloc[i:i + 10] for i in range(0, len(frame), 10)]
    out = pd.concat(list(function(iter(batches))))
    assert list(out["id"]) == [d["id"] for d in expected]
    assert list(out["stage"]) == [d["stage"] for d in expected]
    assert list(out["route"]) == [d["route"]["to"] if d["route"] else None for d in expected]
    schema = baton.spark.schema(b2b)
    assert schema.startswith("`id` string, `stage` string, ")
    assert "`route` string, `deadline` timestamp, " in schema and "`fit` double, `engagement` double" in schema
    assert "`transition` string, `previous_stage` string, `held` string, `stage_since` timestamp" in schema
    assert [part.split(" ")[0].strip("`") for part in schema.split(", ")] == list(out.columns)


def test_spark_cells_of_fields_added_later():
    # A decision field this package does not know (a lifecycle hand-off, say)
    # reaches Spark as JSON text when it holds an object or array.
    from baton.spark import _as_spark_cells
    frame = pd.DataFrame({"stage": ["sql", "mql"], "handoff": [{"to": "ae", "fields": [1, 2]}, None],
                          "transition": ["entered", "stayed"]})
    out = _as_spark_cells(frame, ["handoff", "transition"])
    assert list(out["handoff"]) == ['{"to": "ae", "fields": [1, 2]}', None]
    assert list(out["transition"]) == ["entered", "stayed"]


def test_escalation_columns_are_the_cli_csvs(b2b, root):
    # The route's cadence, flattened like `baton score --format csv`: the same
    # column names in the same place, the same cells (due times as UTC datetimes).
    sla, leads = root / "examples" / "b2b-saas.baton", root / "examples" / "b2b-saas-leads.jsonl"
    header, rows = cli_csv(sla, leads)
    escalation = [name for name in header if name.startswith("escalation_")]
    assert escalation == ["escalation_1_to", "escalation_1_due"]
    out = b2b.score_frame(pd.read_json(leads, lines=True, convert_dates=False), as_of=AS_OF)
    columns = list(out.columns)
    assert columns[columns.index("deadline") + 1:columns.index("deadline") + 3] == escalation
    assert header[header.index("deadline") + 1:header.index("deadline") + 3] == escalation
    assert str(out["escalation_1_due"].dtype) == "datetime64[ns, UTC]"
    for (_, got), want in zip(out.iterrows(), rows):
        assert got["id"] == want["id"]
        assert (got["escalation_1_to"] or "") == want["escalation_1_to"], want["id"]
        due = got["escalation_1_due"]
        assert ("" if pd.isna(due) else due.strftime("%Y-%m-%dT%H:%M:%SZ")) == want["escalation_1_due"], want["id"]
    assert out["escalation_1_to"].notna().sum() >= 5
    # Without cadences, no such columns (as in the CLI's CSV).
    tiny = baton.compile('sla "t" version "1"\nlead { email: string }\nstages { lead otherwise }\n'
                         'routes { lead -> "nurture" within 1h }\n')
    assert not [c for c in tiny.score_frame(pd.DataFrame(), as_of=AS_OF).columns if c.startswith("escalation_")]


def test_spark_schema_has_the_escalation_columns(b2b):
    schema = baton.spark.schema(b2b)
    assert "`deadline` timestamp, `escalation_1_to` string, `escalation_1_due` timestamp, `handoff` string" in schema
    out = b2b.score_frame(pd.DataFrame(), as_of=AS_OF)
    assert [part.split(" ")[0].strip("`") for part in schema.split(", ")] == list(out.columns)


def test_values_named_like_record_columns_get_their_own_columns(root):
    # `export let deadline`, a score named `route`: headed values.NAME /
    # scores.NAME, as in the CLI's CSV; the record's own columns stay the
    # record's (an exported int named deadline once failed the whole frame).
    sla = root / "tests" / "golden" / "sla" / "csv_column_names.baton"
    leads = root / "tests" / "golden" / "csv-column-names-leads.jsonl"
    program = baton.compile(sla.read_text())
    header, rows = cli_csv(sla, leads)
    assert len(set(header)) == len(header)
    out = program.score_frame(pd.read_json(leads, lines=True, convert_dates=False), as_of=AS_OF)
    columns = list(out.columns)
    assert len(set(columns)) == len(columns)
    assert [c for c in columns if c in header] == [c for c in header if c in columns]
    assert {"scores.route", "values.deadline", "values.id", "values.held", "values.escalation_1_due"} <= set(columns)
    assert "escalation_due" in columns and "fit" in columns
    assert list(out["id"]) == ["L1", "L2"] and list(out["values.id"]) == ["x", "x"]
    assert list(out["stage"]) == ["a", "b"]
    assert list(out["scores.route"]) == [1, 0] and list(out["values.deadline"]) == [5, 1]
    assert out["deadline"].isna().all() and str(out["deadline"].dtype) == "datetime64[ns, UTC]"
    for (_, got), want in zip(out.iterrows(), rows):
        assert str(got["values.deadline"]) == want["values.deadline"]
        assert str(int(got["scores.route"])) == want["scores.route"]
    schema = baton.spark.schema(program)
    assert "`values.deadline` bigint" in schema and "`scores.route` double" in schema


NAIVE_CSV = "id,email,returned_at\nr1,a@b.example,2026-10-20 10:00:00\nr2,c@d.example,\n"


def test_naive_timestamps_are_utc(b2b):
    # A datetime64[ns] column (read_csv's parse_dates), naive Timestamps in an
    # object column and in events: UTC, as score() and score_many() take naive
    # datetimes; a time with a zone keeps its zone.
    frame = pd.read_csv(io.StringIO(NAIVE_CSV), parse_dates=["returned_at"])
    assert str(frame["returned_at"].dtype) == "datetime64[ns]"
    as_text = [{"id": "r1", "email": "a@b.example", "returned_at": "2026-10-20T10:00:00Z"},
               {"id": "r2", "email": "c@d.example"}]
    expected = [b2b.score(lead, as_of=AS_OF) for lead in as_text]
    out = b2b.score_frame(frame, as_of=AS_OF)
    assert out["error"].isna().all(), out["error"].tolist()
    assert list(out["stage"]) == [d.stage for d in expected] == ["recycled", "lead"]
    from_dicts = list(b2b.score_many(frame.to_dict("records"), as_of=AS_OF))
    assert [d.stage for d in from_dicts] == ["recycled", "lead"]

    cadence = baton.compile('''sla "times" version "1"
lead { email: string  seen: time? }
event visit {}
export let seen_at = seen
stages {
  hot when any(visit within 1h)
  lead otherwise
}
''')
    naive = pd.Timestamp("2026-11-23 09:30:00")
    mixed = pd.DataFrame({
        "email": ["a@b.example", "c@d.example", "e@f.example"],
        "seen": pd.Series([naive, naive.tz_localize("Europe/Berlin"), None], dtype=object),
        "events": [[{"type": "visit", "at": naive}], [{"type": "visit", "at": naive.tz_localize("Europe/Berlin")}],
                   [{"type": "visit", "at": naive.to_pydatetime()}]],
    })
    out = cadence.score_frame(mixed, as_of="2026-11-23T10:00:00Z")
    assert out["error"].isna().all(), out["error"].tolist()
    assert list(out["seen_at"]) == ["2026-11-23T09:30:00Z", "2026-11-23T08:30:00Z", None]
    assert list(out["stage"]) == ["hot", "lead", "hot"]  # 09:30 Berlin is 08:30Z, more than an hour before
    # What Spark would call reads them the same way.
    function = baton.spark.scorer(cadence, as_of="2026-11-23T10:00:00Z")
    spark = pd.concat(list(function(iter([mixed.iloc[:2], mixed.iloc[2:]]))))
    assert list(spark["stage"]) == ["hot", "lead", "hot"]
    assert list(spark["seen_at"]) == list(out["seen_at"])


def test_frame_infinity_is_a_rejection_naming_the_field(b2b):
    frame = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "email": ["a@b.example"] * 4,
        "budget": [1.0, math.inf, math.nan, 2.0],
        "events": [[], None, [], [{"type": "webinar", "at": "2026-11-20T10:00:00Z", "name": "x",
                                   "attended": -math.inf}]],
    })
    out = b2b.score_frame(frame, as_of=AS_OF)
    assert list(out["error_field"]) == [None, "budget", None, "events[0].attended"]
    assert list(out["error"]) == [None, "not a finite number", None, "not a finite number"]
    assert list(out["id"]) == ["a", "b", "c", "d"]
    assert out.loc[2, "stage"] == b2b.score({"id": "c", "email": "a@b.example"}, as_of=AS_OF).stage
    # The same rows as dicts, through score_many: the same results.
    results = list(b2b.score_many(frame.to_dict("records"), as_of=AS_OF))
    assert [r.scored for r in results] == [True, False, True, False]
    assert [(r.id, r.field, r.error) for r in results if not r.scored] == [
        ("b", "budget", "not a finite number"), ("d", "events[0].attended", "not a finite number")]
    with pytest.raises(baton.RecordError, match="^row 1: ") as e:
        b2b.score_frame(frame, as_of=AS_OF, errors="raise")
    assert (e.value.id, e.value.field, e.value.error, e.value.row) == ("b", "budget", "not a finite number", 1)


# A lead with a time and a duration field, events with both, and every field
# exported, so a test sees what each value was read as.
TIMES = '''sla "times-and-durations" version "1"
lead { email: string  seen: time?  wait: duration?  note: string? }
event visit { took: duration?  left: time? }
export let seen_at = seen
export let waited = wait
export let noted = note
export let took = last(visit).took
export let visited = last(visit).at
export let left = last(visit).left
stages { lead otherwise }
'''
TIMES_AS_OF = "2026-11-23T10:00:00Z"
READ = ["seen_at", "waited", "noted", "took", "visited", "left"]


def frame_and_dicts(program, frame):
    """What score_frame read from each row (the exported values, or the
    rejection), beside what score_many read from the same row as a dict."""
    out = program.score_frame(frame, as_of=TIMES_AS_OF)
    cells = {c: frame[c].to_numpy(dtype=object) for c in frame.columns}
    leads = [{c: cells[c][i] for c in frame.columns} for i in range(len(frame))]
    got, want = [], []
    for (_, row), d in zip(out.iterrows(), program.score_many(leads, as_of=TIMES_AS_OF)):
        got.append((row["error_field"], row["error"]) if row["error"] is not None else {c: row[c] for c in READ})
        want.append((d.field, d.error) if not d.scored else {c: d.values[c] for c in READ})
    return got, want


def test_frame_numpy_datetime64_cells_are_times():
    # pandas 1.5's writer raises "Expected date object" on a numpy datetime64
    # in an object column; score_frame converts every time itself.
    import numpy as np
    from datetime import datetime

    program = baton.compile(TIMES)
    at = np.datetime64("2026-11-23T09:30:00")
    frame = pd.DataFrame({
        "email": ["a@b.example"] * 7,
        "seen": pd.Series([at, pd.Timestamp("2026-11-23 09:30"), datetime(2026, 11, 23, 9, 30),
                           "2026-11-23T09:30:00Z", None, pd.NaT, np.datetime64("NaT")], dtype=object),
        "note": pd.Series([at, np.datetime64("2026-11-23T09:30:00.75"), pd.Timestamp("2026-11-23 10:30", tz="Europe/Berlin"),
                           "text", None, np.datetime64("1969-12-31T23:59:59.5"), np.datetime64("12026-01-01")], dtype=object),
        "events": [[{"type": "visit", "at": at, "left": np.datetime64("NaT")}], [], [], None,
                   [{"type": "visit", "at": "2026-11-23T09:00:00Z", "left": at}], [{"type": "visit", "at": pd.NaT}], []],
    })
    got, want = frame_and_dicts(program, frame)
    assert got == want
    assert [got[i]["seen_at"] for i in (0, 1, 2, 3, 4, 6)] == ["2026-11-23T09:30:00Z"] * 4 + [None, None]
    assert got[5] == ("events[0].at", "missing required field")  # NaT: missing, and `at` is required
    assert [got[i]["noted"] for i in (0, 1, 2, 3, 4, 6)] == [
        "2026-11-23T09:30:00Z", "2026-11-23T09:30:00Z", "2026-11-23T09:30:00Z", "text", None, "12026-01-01T00:00:00Z"]
    assert got[0]["visited"] == "2026-11-23T09:30:00Z" and got[0]["left"] is None
    assert got[4]["left"] == "2026-11-23T09:30:00Z"


def test_frame_datetime64_after_a_string_does_not_crash(tmp_path):
    # The same shapes with a string written before the datetime64 in the same
    # row crashed the interpreter inside pandas' to_json (pandas 1.5.3): run
    # in a child process, so a crash fails this test and not the whole run.
    script = tmp_path / "crash.py"
    script.write_text(f'''
import numpy as np, pandas as pd, baton
program = baton.compile({TIMES!r})
at = np.datetime64("2026-11-23T09:30:00")
frames = [pd.DataFrame({{"email": ["a@b.example"], "seen": pd.Series([at], dtype=object)}}),
          pd.DataFrame({{"email": ["a@b.example"], "events": [[{{"type": "visit", "at": at}}]]}}),
          pd.DataFrame({{"events": [[{{"type": "visit", "at": at, "took": pd.Timedelta("5m")}}]]}})]
for frame in frames:
    out = program.score_frame(frame, as_of={TIMES_AS_OF!r})
    print(out.loc[0, "error"], out.loc[0, "seen_at"], out.loc[0, "visited"], out.loc[0, "took"])
''')
    import os
    import sys
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == ["None 2026-11-23T09:30:00Z None None",
                                       "None None 2026-11-23T09:30:00Z None",
                                       "missing required field None None None"]


def test_frame_timedeltas_are_durations():
    # pandas' writer gives a timedelta64 column, a Timedelta and a timedelta
    # as ISO 8601 durations ("P0DT4H0M0S") and a numpy timedelta64 in an
    # object column as a bare count of its unit; no duration field takes the
    # first, the second is wrong. score_frame writes them as score() does:
    # whole seconds, truncated toward zero, a negative one as a number.
    import numpy as np
    from datetime import timedelta

    program = baton.compile(TIMES)
    frame = pd.DataFrame({
        "email": ["a@b.example"] * 5,
        "wait": pd.to_timedelta(["4h", None, "1.5s", "-1.5s", "-0.5s"]),
        "note": pd.Series([pd.Timedelta("1h"), timedelta(minutes=30), np.timedelta64(4, "h"), np.timedelta64("NaT"),
                           "x"], dtype=object),
        "events": [[{"type": "visit", "at": "2026-11-23T09:00:00Z", "took": pd.Timedelta("5m")}],
                   [{"type": "visit", "at": "2026-11-23T09:00:00Z", "took": np.timedelta64(90, "s")}],
                   [{"type": "visit", "at": "2026-11-23T09:00:00Z", "took": timedelta(seconds=-90)}],
                   [{"type": "visit", "at": "2026-11-23T09:00:00Z", "took": np.timedelta64(1500, "ms")}],
                   [{"type": "visit", "at": "2026-11-23T09:00:00Z", "took": pd.NaT}]],
    })
    got, want = frame_and_dicts(program, frame)
    assert got == want
    assert [g["waited"] for g in got] == ["4h", None, "1s", "-1s", "0s"]
    assert [g["took"] for g in got] == ["5m", "1m30s", "-1m30s", "1s", None]
    assert [g["noted"] for g in got] == ["3600s", "1800s", "14400s", None, "x"]
    # The same durations as a duration column of an object frame, through score().
    for g, value in zip(got, [timedelta(hours=4), None, timedelta(seconds=1.5), timedelta(seconds=-1.5)]):
        assert program.score({"email": "a@b.example", "wait": value}, as_of=TIMES_AS_OF).values["waited"] == g["waited"]


def test_frame_times_in_categorical_and_zoned_columns():
    program = baton.compile(TIMES)
    zoned = pd.to_datetime(["2026-11-23 09:30", None]).tz_localize("Europe/Berlin")
    frame = pd.DataFrame({"email": ["a@b.example"] * 2, "seen": zoned, "note": zoned,
                          "wait": pd.Categorical(pd.to_timedelta(["4h", None]))})
    got, want = frame_and_dicts(program, frame)
    assert got == want
    assert got[0] == {"seen_at": "2026-11-23T08:30:00Z", "waited": "4h", "noted": "2026-11-23T08:30:00Z",
                      "took": None, "visited": None, "left": None}


def test_frame_infinity_beside_a_datetime64_is_still_a_rejection():
    import numpy as np

    program = baton.compile(TIMES)
    frame = pd.DataFrame({"id": ["a", "b"], "email": ["a@b.example"] * 2,
                          "events": [[{"type": "visit", "at": np.datetime64("2026-11-23T09:00:00"), "took": np.inf}],
                                     [{"type": "visit", "at": np.datetime64("2026-11-23T09:00:00")}]]})
    out = program.score_frame(frame, as_of=TIMES_AS_OF)
    assert list(out["error_field"]) == ["events[0].took", None]
    assert list(out["id"]) == ["a", "b"] and out.loc[1, "visited"] == "2026-11-23T09:00:00Z"


def test_pandas_na_is_a_missing_value():
    program = baton.compile(TIMES)
    frame = pd.DataFrame({"email": ["a@b.example"] * 2, "note": pd.array(["x", None], dtype="string")})
    got, want = frame_and_dicts(program, frame)
    assert got == want and [g["noted"] for g in got] == ["x", None]


def test_frame_text_that_is_not_utf8_is_a_rejection_not_a_crash(tmp_path):
    # pandas 1.5's writer crashes the interpreter on a str with a lone
    # surrogate (a truncated emoji from a web form): in a string, object,
    # "string" or categorical column, inside events, in a column's name.
    # Each such row is rejected naming the field; the others are scored. In
    # a child process, so a crash fails this test and not the whole run.
    script = tmp_path / "surrogates.py"
    script.write_text(f'''
import json, pandas as pd, baton
program = baton.compile({TIMES!r})
bad = "Acme \\ud83d"
frames = [
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2, "note": [bad, "fine"]}}),
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2, "note": pd.Series([bad, pd.Timestamp("2026-11-23")], dtype=object)}}),
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2, "note": pd.array([bad, None], dtype="string")}}),
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2, "note": pd.Categorical([bad, "x"])}}),
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2,
                  "events": [[{{"type": "visit", "at": "2026-11-23T09:00:00Z", "x": {{"y": [bad]}}}}], []]}}),
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2,
                  "events": [[{{"type": "visit", "at": "2026-11-23T09:00:00Z", bad: 1}}], []]}}),
    pd.DataFrame({{"id": ["a", "b"], "email": ["a@b.example"] * 2, bad: [1, 2]}}),
]
for frame in frames:
    out = program.score_frame(frame, as_of={TIMES_AS_OF!r})
    print(json.dumps([list(out["id"]), list(out["error_field"]), list(out["error"]), list(out["stage"])]))
''')
    import json
    import os
    import sys
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr[-2000:]
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) == 7
    for ids, fields, errors, stages in results[:5]:
        assert ids == ["a", "b"]
        assert errors == ["not valid UTF-8", None] and stages == [None, "lead"]
    assert [r[1][0] for r in results[:5]] == ["note"] * 4 + ["events[0].x.y[0]"]
    assert results[5][1] == ["events[0].Acme \ufffd", None]
    assert results[6][1] == ["Acme \ufffd"] * 2 and results[6][2] == ["not valid UTF-8"] * 2


def test_dict_text_that_is_not_utf8_names_the_field(b2b):
    # The same text in a dict: score_many and score reject it naming the
    # field and keeping the id, as score_frame does.
    lead = {"id": "s1", "email": "a@b.example", "company": "Acme \ud83d"}
    [r] = list(b2b.score_many([lead], as_of=AS_OF))
    assert (r.scored, r.id, r.field, r.error) == (False, "s1", "company", "not valid UTF-8")
    with pytest.raises(baton.RecordError) as e:
        b2b.score(lead, as_of=AS_OF)
    assert (e.value.id, e.value.field, e.value.error) == ("s1", "company", "not valid UTF-8")


TYPED = '''sla "typed" version "1"
lead { email: string  size: int?  budget: number?  vip: bool?  tags: set<string>? }
export let e_size = size
export let e_budget = budget
export let e_vip = vip
export let e_tags = tags
export let e_hot = "hot" in tags
score fit max 100 {
  +30 when size >= 100
}
stages { mql when fit >= 30  lead otherwise }
routes { mql -> "nurture" within 2d }
'''
TYPED_DTYPES = {"id": "object", "stage": "object", "route": "object", "deadline": "datetime64[ns, UTC]",
                "fit": "Float64", "e_size": "Int64", "e_budget": "Float64", "e_vip": "boolean", "e_tags": "object",
                "e_hot": "boolean", "sla": "object", "version": "object", "fingerprint": "object",
                "as_of": "datetime64[ns, UTC]", "error_field": "object", "error": "object"}


def test_frame_dtypes_come_from_the_program():
    # Whatever the rows (all scored, a value missing, a row or every row
    # rejected, no rows at all), the same dtypes: a Dask job's partitions
    # and its meta agree, and an exported int stays exact beside a missing one.
    program = baton.compile(TYPED)
    big = 2**60 + 1
    frames = {
        "scored": pd.DataFrame({"id": ["a", "b"], "email": ["a@x"] * 2, "size": [big, 3], "vip": [True, False]}),
        "one missing": pd.DataFrame({"id": ["a", "b"], "email": ["a@x"] * 2, "size": pd.array([big, None], "Int64")}),
        "one rejected": pd.DataFrame({"id": ["a", "b"], "email": ["a@x"] * 2, "size": [big, "lots"]}),
        "all rejected": pd.DataFrame({"id": ["a", "b"], "email": [1, 2]}),
        "empty": pd.DataFrame(),
    }
    for label, frame in frames.items():
        out = program.score_frame(frame, as_of=AS_OF)
        assert {c: str(t) for c, t in out.dtypes.items()} == TYPED_DTYPES, label
    out = program.score_frame(frames["one rejected"], as_of=AS_OF)
    assert out["e_size"][0] == big and out["e_size"][1] is pd.NA and out["fit"][1] is pd.NA
    out = program.score_frame(frames["one missing"], as_of=AS_OF)
    assert list(out["e_size"]) == [big, pd.NA] and list(out["fit"]) == [30, 0]
    assert out["e_vip"].isna().all() and list(out["e_hot"]) == [False, False]


@pytest.mark.parametrize("dtype", ["Float64", "Float32"])
def test_frame_infinity_in_nullable_float_columns(b2b, dtype):
    # pandas' writer gives +-inf in a nullable float column as null, a
    # missing value: the row is rejected naming the field, as for float64.
    frame = pd.DataFrame({"id": ["a", "b", "c"], "email": ["a@b.example"] * 3,
                          "budget": pd.array([math.inf, 2000.0, None], dtype=dtype)})
    frame.loc[1, "budget"] = -math.inf if dtype == "Float32" else 2000.0
    out = b2b.score_frame(frame, as_of=AS_OF)
    expected = [("budget", "not a finite number"), (None, None)] if dtype == "Float64" else \
        [("budget", "not a finite number")] * 2
    assert list(zip(out["error_field"], out["error"]))[:2] == expected
    assert out.loc[2, "error"] is None and list(out["id"]) == ["a", "b", "c"]


@pytest.mark.parametrize("dtype", ["float64", "Float64"])
def test_frame_integer_ids_pandas_made_floats(dtype):
    # Integer CRM ids with one missing: pandas makes the column floats. The
    # ids are the integers (every row was rejected, "expected string or
    # integer, got number 1001", without its id); a fractional id is no id.
    program = baton.compile(TYPED)
    frame = pd.DataFrame({"id": pd.array([1001, 1002, None, 1003.5, 2.0**60], dtype=dtype),
                          "email": ["a@x", "b@x", "c@x", "d@x", "e@x"], "size": [1, 2, 3, 4, math.inf]})
    out = program.score_frame(frame, as_of=AS_OF)
    assert list(out["id"][:3]) == ["1001", "1002", None] and out["error"][:3].isna().all()
    assert (out.loc[3, "error_field"], out.loc[3, "error"]) == ("id", "expected string or integer, got number 1003.5")
    assert (out.loc[4, "id"], out.loc[4, "error_field"]) == (str(2**60), "size")  # given as its dict: the same id


def test_frame_raise_names_the_index_label():
    # errors="raise" names the row by its index label (what frame.loc takes),
    # not its position, and .error is the Rejection's error text.
    program = baton.compile(TYPED)
    frame = pd.DataFrame({"id": ["a", "b", "c"], "email": ["a@x"] * 3, "size": [1, "x", 3]}, index=[100, 200, 300])
    with pytest.raises(baton.RecordError) as e:
        program.score_frame(frame, as_of=AS_OF, errors="raise")
    [rejection] = [r for r in program.score_many(frame.to_dict("records"), as_of=AS_OF) if not r.scored]
    assert (e.value.row, e.value.id, e.value.field, e.value.error) == (200, "b", "size", rejection.error)
    assert str(e.value) == f'row 200: lead b: size: {rejection.error}'
    assert frame.loc[e.value.row, "id"] == "b"
    with pytest.raises(baton.RecordError) as e:
        program.score({"id": "b", "email": "a@x", "size": "x"}, as_of=AS_OF)
    assert e.value.row is None and str(e.value) == f'lead b: size: {rejection.error}'


def test_frame_repeated_column_names_are_per_row_rejections():
    # pandas' writer refuses a frame whose column names repeat ("DataFrame
    # columns must be unique") and nothing was scored. Each row now holds
    # the key twice, as the same JSON line would: the decoder's verdict per row.
    program = baton.compile(TYPED)
    frame = pd.DataFrame([["a", "a@x", 200, 5], ["b", "b@x", None, 3], ["c", "c@x", 7, None]],
                         columns=["id", "email", "size", "size"], index=[10, 20, 30])
    out = program.score_frame(frame, as_of=AS_OF)
    lines = ['{"id":"a","email":"a@x","size":200,"size":5}', '{"id":"b","email":"b@x","size":null,"size":3}',
             '{"id":"c","email":"c@x","size":7,"size":null}']
    want = list(program.score_many(lines, as_of=AS_OF))
    assert list(out.index) == [10, 20, 30] and list(out["id"]) == ["a", "b", "c"]
    assert list(out["error_field"]) == [r.field if not r.scored else None for r in want] == ["size", None, "size"]
    assert list(out["error"]) == [r.error if not r.scored else None for r in want]
    assert out.loc[20, "e_size"] == 3
    # Names that repeat once read as text (1 and "1"): an unknown field given twice is no error.
    other = pd.DataFrame([["a", "a@x", 1, 2]], columns=["id", "email", 1, "1"])
    assert program.score_frame(other, as_of=AS_OF)["error"].isna().all()
    assert not program.score_frame(other, as_of=AS_OF, strict=True)["error"].isna().all()


def test_frame_float_columns_keep_their_digits():
    # pandas' JSON writer keeps 10 decimals unless told otherwise:
    # 1234567.891234 came back 1234567.891. From 10 up to 10^16 a float
    # column's numbers now reach the lead exactly (docs/python.md).
    program = baton.compile(TYPED)
    budgets = [1234567.891234, 12.3456789012345, 98765.43210987654, 2.0**52 + 0.5]
    frame = pd.DataFrame({"id": [f"b{i}" for i in range(len(budgets))], "email": ["a@x"] * len(budgets),
                          "budget": budgets})
    out = program.score_frame(frame, as_of=AS_OF)
    assert list(out["e_budget"]) == budgets
    dicts = [program.score({"id": "d", "email": "a@x", "budget": b}, as_of=AS_OF) for b in budgets]
    assert [d.values["e_budget"] for d in dicts] == budgets


# An int, a number and an event's int, each exported: what each cell was read as.
WIDE = '''sla "wide" version "1"
lead { email: string  size: int?  budget: number? }
event deal { seats: int? }
export let e_size = size
export let e_budget = budget
export let e_seats = last(deal).seats
stages { lead otherwise }
'''
WIDE_READ = ["e_size", "e_budget", "e_seats"]


def frame_and_score(program, frame):
    """What score_frame made of each row (the exported values, or the
    rejection) beside what score() makes of the same row as a dict."""
    out = program.score_frame(frame, as_of=AS_OF)
    got, want = [], []
    for (_, row), lead in zip(out.iterrows(), frame.to_dict("records")):
        lead = {k: v for k, v in lead.items() if not (isinstance(v, float) and math.isnan(v))}
        got.append((row["id"], row["error_field"], row["error"]) if row["error"] is not None else
                   {c: None if pd.isna(row[c]) else row[c] for c in WIDE_READ})
        try:
            d = program.score(lead, as_of=AS_OF)
            want.append({c: d.values.get(c) for c in WIDE_READ})
        except baton.RecordError as e:
            want.append((e.id, e.field, e.error))
    return got, want


def deal(seats):
    return [{"type": "deal", "at": "2026-11-20T00:00:00Z", "seats": seats}]


def test_frame_numpy_uint64_past_int64_is_not_wrapped():
    # pandas' writer wrote numpy's uint64 2**64 - 1 in an object column as
    # -1, and the row was scored with size -1 where score() refuses it.
    import numpy as np

    program = baton.compile(WIDE)
    top, half = np.uint64(2**64 - 1), np.uint64(2**63 + 5)
    frames = [  # object columns of integers only (cast-checked), and mixed with text (cell by cell)
        pd.DataFrame({"id": ["a", "b", "c"], "email": ["a@x"] * 3,
                      "size": pd.Series([top, half, np.uint64(7)], dtype=object),
                      "budget": pd.Series([np.uint64(1), top, np.uint64(2)], dtype=object),
                      "events": [deal(1), deal(2), deal(top)]}),
        pd.DataFrame({"id": ["a", "b", "c"], "email": ["a@x"] * 3, "size": pd.Series([top, "x", 7], dtype=object),
                      "budget": pd.Series([top, "y", 1.5], dtype=object), "events": [[], None, []]}),
    ]
    got, want = frame_and_score(program, frames[0])
    assert got == want
    assert got == [("a", "size", "expected int, got number 18446744073709551615 (out of range)"),
                   ("b", "size", "expected int, got number 9223372036854775813 (out of range)"),
                   ("c", "events[0].seats", "expected int, got number 18446744073709551615 (out of range)")]
    got, want = frame_and_score(program, frames[1])
    assert got == want and got[0][2] == "expected int, got number 18446744073709551615 (out of range)"
    assert got[2] == {"e_size": 7, "e_budget": 1.5, "e_seats": None}
    # In a number field it is the number, as score() reads it.
    frame = pd.DataFrame({"id": ["d"], "email": ["a@x"], "budget": pd.Series([top], dtype=object)})
    assert program.score_frame(frame, as_of=AS_OF)["e_budget"][0] == 2.0**64


def test_frame_integers_beyond_64_bits_are_rejected_rows():
    # A Python int beyond 64 bits in an object column failed the whole frame
    # ("not a JSON array", no row named); each such row now gets score()'s
    # verdict for it and the others are scored.
    program = baton.compile(WIDE)
    sizes = [2**64, -2**63 - 1, 10**30, -2**63, 2**63, 5, None]
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(sizes))], "email": ["a@x"] * len(sizes),
                          "size": pd.Series(sizes, dtype=object)})
    frame.index = [100 + i for i in range(len(sizes))]
    got, want = frame_and_score(program, frame)
    assert got == want
    assert got[0] == ("r0", "size", "expected int, got number 1.8446744073709552e+19 (out of range)")
    assert [g[1] for g in got[:3]] == ["size"] * 3 and all("(out of range)" in g[2] for g in got[:3])
    assert got[3]["e_size"] == -2**63 and got[5]["e_size"] == 5 and got[6]["e_size"] is None
    with pytest.raises(baton.RecordError) as e:
        program.score_frame(frame, as_of=AS_OF, errors="raise")
    assert (e.value.row, e.value.id, e.value.field, e.value.error) == (100, "r0", "size", got[0][2])
    # Mixed with text, in a number field (the nearest double, as score() reads it) and inside events.
    frame = pd.DataFrame({"id": ["m", "n", "o"], "email": ["a@x"] * 3, "size": pd.Series(["x", 1, 2], dtype=object),
                          "budget": pd.Series([1, 10**30, "y"], dtype=object),
                          "events": [deal(1), deal(-2**64), deal(3)]})
    got, want = frame_and_score(program, frame)
    assert got == want
    assert [g[1] if isinstance(g, tuple) else g for g in got] == [
        "size", "events[0].seats", "budget"]
    frame = pd.DataFrame({"id": ["p"], "email": ["a@x"], "budget": pd.Series([10**30, 1], dtype=object)[:1]})
    assert program.score_frame(frame, as_of=AS_OF)["e_budget"][0] == 1e30


def test_frame_bytes_cells_are_rejected_rows_as_in_score():
    # bytes in an object column: UTF-8 ones were scored as text where score()
    # refuses them, and one that is not UTF-8 failed the whole frame
    # (UnicodeDecodeError from pandas' writer). Each such row now gets
    # score()'s rejection and the others are scored.
    program = baton.compile(WIDE)
    frame = pd.DataFrame({"id": ["b1", "b2", "ok", "b3"],
                          "email": [b"b@acme.com", b"\xff@acme.com", "c@acme.com", "d@acme.com"],
                          "size": pd.Series([1, 2, 3, bytearray(b"4")], dtype=object)})
    got, want = frame_and_score(program, frame)
    assert got == want
    assert [g[0] if isinstance(g, tuple) else "scored" for g in got] == ["b1", "b2", "scored", "b3"]
    assert "bytes cannot be written as JSON" in got[0][2]
    assert "bytearray cannot be written as JSON" in got[3][2]
    only_bytes = pd.DataFrame({"id": ["b4"], "email": [b"e@acme.com"]})  # a column pandas infers as bytes
    out = program.score_frame(only_bytes, as_of=AS_OF)
    assert "bytes cannot be written as JSON" in out["error"][0]


def test_frame_a_cell_nested_past_the_recursion_limit_rejects_its_row_only(b2b):
    import sys
    nested: list = []
    innermost = nested
    for _ in range(sys.getrecursionlimit() * 2):
        innermost.append([])
        innermost = innermost[0]
    frame = pd.DataFrame({"id": ["deep", "ok"], "email": "a@b.example", "job_title": [nested, "VP"],
                          "events": [[{"type": "demo_request", "at": "2026-11-20T00:00:00Z", "x": {"y": nested}}],
                                     []]})
    out = b2b.score_frame(frame, as_of=AS_OF)
    [many] = [r for r in b2b.score_many(frame.iloc[:1].to_dict("records"), as_of=AS_OF)]
    assert not many.scored and "recursion" in many.error
    assert out.loc[0, "error"] == many.error and out.loc[0, "id"] == "deep"
    assert out.loc[1, "error"] is None and out.loc[1, "stage"] is not None
