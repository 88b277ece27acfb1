"""score_frame (pandas) and the function PySpark's mapInPandas would call."""

import pandas as pd
import pytest

import baton
import baton.spark
from conftest import AS_OF, EXAMPLES, cli_score, sla_of


def expected_frame_rows(program, decisions):
    """The CLI's decisions laid out as score_frame's rows: the record's
    fields in order, the route as route + deadline, scores and values one
    column each, any other field (lifecycle, hand-off, ...) as it is."""
    rows = []
    for d in decisions:
        row = {}
        for key, value in d.items():
            if key == "route":
                row["route"] = value["to"] if value else None
                row["deadline"] = value["deadline"] if value else None
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
    rows = expected_frame_rows(program, expected)
    columns = [c for c in out.columns if c not in ("error", "error_field")]
    assert columns == list(rows[0].keys())
    for (_, got), want in zip(out.iterrows(), rows):
        for column in columns:
            value = got[column]
            if column in ("deadline", "as_of", "stage_since"):
                value = None if pd.isna(value) else value.strftime("%Y-%m-%dT%H:%M:%SZ")
            elif isinstance(value, float) and value != value:
                value = None
            assert same(value, want[column]), (want["id"], column, value, want[column])


def test_times_past_the_nanosecond_range_are_kept():
    # pandas holds times from 1677 to 2262 in datetime64[ns]; a deadline
    # beyond comes back as a Python datetime instead of failing the frame.
    far = baton.compile('''sla "far" version "1"
lead { email: string }
stages { lead otherwise }
routes { lead -> "archive" within 100000d }
''')
    out = far.score_frame(pd.DataFrame({"email": ["a@b.example", "c@d.example"]}), as_of=AS_OF)
    assert out["error"].isna().all()
    assert [d.year for d in out["deadline"]] == [2300, 2300]
    assert out["deadline"][0] == far.score({"email": "a@b.example"}, as_of=AS_OF).deadline
    assert str(out["as_of"].dtype) == "datetime64[ns, UTC]"


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
    with pytest.raises(baton.RecordError, match="row 3"):
        b2b.score_frame(frame, as_of=AS_OF, errors="raise")
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
