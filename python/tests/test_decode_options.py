"""How leads are read: strict, coerce, coerce_zone, event_types_ignore_case
on every scoring function, and CSV leads (Program.score_csv), with the same
results as the CLI."""
import io

import pytest

import baton
from conftest import AS_OF, ROOT, cli_score

SLA = '''sla "crm" version "1.0"
lead {
  email: string
  company_size: int?
  authority: bool?
  signed_up: time?
  tags: set<string> = {}
}
event page_view { url: string }
score fit max 100 {
  +30 when company_size >= 100
  +20 when authority == true
  +10 when "fintech" in tags
}
score engagement max 50 {
  +10 per page_view
}
export let signed = signed_up
stages {
  mql  when fit + engagement >= 50
  lead otherwise
}
'''

CRM = {"id": "C1", "email": "a@b.example", "company_size": "120", "authority": "yes",
       "signed_up": "2026-06-10 10:00:00", "events": [{"type": "Page_View", "at": "2026-11-01T00:00:00Z", "url": "/"}]}


@pytest.fixture(scope="module")
def crm():
    return baton.compile(SLA)


def test_text_is_rejected_without_coerce_and_read_with_it(crm):
    with pytest.raises(baton.RecordError) as e:
        crm.score(CRM, as_of=AS_OF)
    assert e.value.field == "company_size"
    assert e.value.id == "C1"
    assert 'expected int, got string "120"' in str(e.value)
    d = crm.score(CRM, as_of=AS_OF, coerce=True)
    assert d.scores == {"fit": 50, "engagement": 0}
    assert d.values["signed"] == "2026-06-10T10:00:00Z"


def test_coerce_zone_and_event_type_case(crm):
    d = crm.score(CRM, as_of=AS_OF, coerce=True, coerce_zone="Europe/Berlin", event_types_ignore_case=True)
    assert d.values["signed"] == "2026-06-10T08:00:00Z"  # 10:00 in Berlin is 08:00 UTC in summer
    assert d.scores["engagement"] == 10
    assert d.stage == "mql"
    with pytest.raises(ValueError, match="coerce_zone: `Mars/Olympus` is not an IANA time zone"):
        crm.score(CRM, as_of=AS_OF, coerce=True, coerce_zone="Mars/Olympus")
    with pytest.raises(TypeError):
        crm.score(CRM, as_of=AS_OF, coerce=True, coerce_zone=3)


def test_an_unknown_zone_is_a_value_error_without_coerce_too(crm, tmp_path):
    # as the CLI refuses --coerce-zone Europe/Berlinn with or without --coerce
    import pandas as pd

    import baton.spark

    path = tmp_path / "leads.jsonl"
    path.write_text('{"email": "a@b.example"}\n')
    lead = {"email": "a@b.example"}
    calls = [lambda **o: crm.score(lead, **o), lambda **o: crm.explain(lead, **o),
             lambda **o: crm.score_many([lead], **o), lambda **o: crm.score_jsonl(str(path), **o),
             lambda **o: crm.score_csv(b"email\na@b.example\n", **o),
             lambda **o: crm.score_frame(pd.DataFrame([lead]), **o),
             lambda **o: baton.spark.scorer(crm, **o)]
    try:
        import dask.bag as db

        import baton.dask
        calls.append(lambda **o: baton.dask.score(db.from_sequence([lead]), crm, **o))
    except ImportError:
        pass
    for call in calls:
        with pytest.raises(ValueError, match="coerce_zone: `Europe/Berlinn` is not an IANA time zone"):
            call(as_of=AS_OF, coerce_zone="Europe/Berlinn")
        call(as_of=AS_OF, coerce_zone="Europe/Berlin")


def test_strict_rejects_the_unknown_event_type_that_ignore_case_accepts(crm):
    with pytest.raises(baton.RecordError, match="unknown event type"):
        crm.score(CRM, as_of=AS_OF, coerce=True, strict=True)
    assert crm.score(CRM, as_of=AS_OF, coerce=True, strict=True, event_types_ignore_case=True).stage == "mql"


def test_explain_and_batches_take_the_same_options(crm, tmp_path):
    assert "company_size" in crm.explain(CRM, as_of=AS_OF, coerce=True).text
    results = list(crm.score_many([CRM, dict(CRM, id="C2", company_size="lots")], as_of=AS_OF, coerce=True,
                                  threads=2))
    assert isinstance(results[0], baton.Decision)
    assert isinstance(results[1], baton.Rejection)
    assert (results[1].line, results[1].id, results[1].field) == (2, "C2", "company_size")
    path = tmp_path / "leads.jsonl"
    path.write_text('{"id":"J1","email":"x@y.example","company_size":"500"}\n')
    [plain] = crm.score_jsonl(str(path), as_of=AS_OF)
    [coerced] = crm.score_jsonl(str(path), as_of=AS_OF, coerce=True)
    assert isinstance(plain, baton.Rejection) and isinstance(coerced, baton.Decision)


def test_score_frame_takes_coerce(crm):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{"id": "F1", "email": "a@b.example", "company_size": "250"}])
    assert frame_error(crm.score_frame(frame, as_of=AS_OF)) == "expected int, got string \"250\""
    out = crm.score_frame(frame, as_of=AS_OF, coerce=True)
    assert out["error"].isna().all()
    assert out["fit"].tolist() == [30]


def frame_error(out):
    return out["error"].tolist()[0]


def test_dask_takes_the_same_options(crm):
    pytest.importorskip("dask.bag")
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    import baton.dask

    options = {"coerce": True, "coerce_zone": "Europe/Berlin", "event_types_ignore_case": True}
    expected = crm.score(CRM, as_of=AS_OF, **options)
    with dask.config.set(scheduler="synchronous"):
        bag = db.from_sequence([CRM, dict(CRM, id="C2")], npartitions=2)
        decisions = baton.dask.score(bag, crm, as_of=AS_OF, **options).compute()
        assert [d.to_dict() for d in decisions] == [expected.to_dict(), dict(expected.to_dict(), id="C2")]
        plain = baton.dask.score(bag, crm, as_of=AS_OF).compute()
        assert [r.field for r in plain] == ["company_size", "company_size"]
        strict = baton.dask.score(bag, crm, as_of=AS_OF, strict=True, coerce=True).compute()
        assert [r.error for r in strict] == ["unknown event type \"Page_View\""] * 2
        frame = dd.from_pandas(pd.DataFrame([CRM, dict(CRM, id="C2")]), npartitions=2)
        out = baton.dask.score(frame, crm, as_of=AS_OF, **options).compute()
        assert out["error"].isna().all()
        assert out["signed"].tolist() == ["2026-06-10T08:00:00Z"] * 2
        assert out["engagement"].tolist() == [10, 10]


def test_spark_scorer_takes_the_same_options(crm):
    import pickle

    import pandas as pd

    import baton.spark

    options = {"coerce": True, "coerce_zone": "Europe/Berlin", "event_types_ignore_case": True}
    frame = pd.DataFrame([CRM])
    function = pickle.loads(pickle.dumps(baton.spark.scorer(crm, as_of=AS_OF, **options)))
    [out] = list(function(iter([frame])))
    assert out["error"].isna().all()
    assert out["signed"].tolist() == ["2026-06-10T08:00:00Z"] and out["engagement"].tolist() == [10]
    [plain] = list(baton.spark.scorer(crm, as_of=AS_OF)(iter([frame])))
    assert plain["error_field"].tolist() == ["company_size"]


CSV = (b'\xef\xbb\xbfLead ID,Email,Company Size,Decision Maker,Signed Up,Tags,Notes\r\n'
       b'C1,a@b.example,120,Yes,2026-06-10 10:00:00,fintech; saas,\r\n'
       b'C2,"b@c.example",lots,,,,"two\r\nlines"\r\n'
       b'C3,c@d.example,"1,500",no,,,\r\n'
       b'C4,d@e.example,40\r\n')


def test_score_csv_maps_columns_and_names_the_line_each_row_starts_on(crm, tmp_path):
    mapping = {"Lead ID": "id", "Decision Maker": "authority", "Notes": ""}
    results = list(crm.score_csv(CSV, as_of=AS_OF, mapping=mapping))
    assert [type(r).__name__ for r in results] == ["Decision", "Rejection", "Rejection", "Rejection"]
    assert results[0].id == "C1" and results[0].scores["fit"] == 60
    assert (results[1].line, results[1].id, results[1].field, results[1].error) == \
        (3, "C2", "company_size", 'expected int, got string "lots"')
    assert (results[2].line, results[2].id, results[2].field) == (5, "C3", "company_size")
    assert (results[3].line, results[3].id, results[3].error) == (6, "C4", "the row has 3 cells, the header 7")

    path = tmp_path / "export.csv"
    path.write_bytes(CSV)
    from_path = list(crm.score_csv(str(path), as_of=AS_OF, mapping=mapping, threads=2, batch_size=1))
    assert [key(r) for r in from_path] == [key(r) for r in results]
    assert from_path[1].file == str(path) and results[1].file is None
    with open(path, "rb") as f:
        assert [key(r) for r in crm.score_csv(f, as_of=AS_OF, mapping=mapping)] == [key(r) for r in results]


def key(result):
    if isinstance(result, baton.Decision):
        return result.json
    return (result.line, result.id, result.field, result.error)


def test_score_csv_matches_the_cli(crm, tmp_path):
    sla = tmp_path / "crm.baton"
    sla.write_text(SLA)
    path = tmp_path / "export.csv"
    path.write_bytes(CSV)
    decisions, rejected = cli_score(sla, path, "--map", "Lead ID=id", "--map", "Decision Maker=authority",
                                    "--map", "Notes=")
    ours = list(crm.score_csv(str(path), as_of=AS_OF,
                              mapping={"Lead ID": "id", "Decision Maker": "authority", "Notes": ""}))
    assert [d.to_dict() for d in ours if isinstance(d, baton.Decision)] == decisions
    assert [r.to_dict() for r in ours if isinstance(r, baton.Rejection)] == rejected


def test_score_csv_header_errors_and_strict_columns(crm):
    with pytest.raises(ValueError, match="the mapping names column `Nope`, which the header does not have"):
        crm.score_csv(b"id,email\nX,a@b.example\n", mapping={"Nope": "id"})
    with pytest.raises(ValueError, match="no header row"):
        crm.score_csv(b"")
    with pytest.raises(TypeError):
        crm.score_csv(42)
    text = b"id,email,Colour\nX,a@b.example,blue\n"
    assert isinstance(next(crm.score_csv(text, as_of=AS_OF)), baton.Decision)
    [r] = crm.score_csv(io.BytesIO(text), as_of=AS_OF, strict=True)
    assert (r.field, r.error) == ("Colour", "unknown field")


def test_score_csv_rejects_a_row_that_is_not_utf8_and_scores_the_rest(crm, tmp_path):
    # Found by fuzz_python: a cell that is not UTF-8 made the whole batch
    # raise UnicodeDecodeError; now that row is a rejection, as in the CLI.
    text = b"id,email,Company Size\nA\xff1,a@b.example,12\nA2,c@d.example,40\n"
    results = list(crm.score_csv(text, as_of=AS_OF))
    assert [type(r).__name__ for r in results] == ["Rejection", "Decision"]
    assert (results[0].line, results[0].id, results[0].field, results[0].error) == (2, None, "id", "not valid UTF-8")
    assert results[1].id == "A2"
    sla = tmp_path / "crm.baton"
    sla.write_text(SLA)
    path = tmp_path / "bad.csv"
    path.write_bytes(text)
    _, rejected = cli_score(sla, path)
    assert [r.to_dict() for r in results if isinstance(r, baton.Rejection)] == \
        [{k: v for k, v in r.items() if k != "file"} for r in rejected]
    # A header that is not UTF-8 is still a ValueError that says why.
    with pytest.raises(ValueError, match="header") as raised:
        crm.score_csv(b"id,\xff\nA1,x\n", mapping={"Nope": "id"})
    assert not isinstance(raised.value, UnicodeDecodeError)


def test_the_example_crm_export(tmp_path):
    program = baton.compile(str(ROOT / "examples" / "b2b-saas.baton"))
    import json
    mapping = json.loads((ROOT / "examples" / "crm-export-mapping.json").read_text())
    results = list(program.score_csv(str(ROOT / "examples" / "crm-export.csv"), as_of=AS_OF, mapping=mapping))
    assert [r.id for r in results] == ["C101", "C102", "C103", "C104", "C105"]
    assert [type(r).__name__ for r in results].count("Rejection") == 1
