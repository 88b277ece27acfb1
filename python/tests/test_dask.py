"""baton.dask on a real distributed cluster: 2 worker processes, many
partitions, and a worker that dies in the middle of the job."""
import collections
import json
import os
from datetime import timedelta

import pandas as pd
import pytest

import baton
import baton.dask
from conftest import AS_OF, cli_score

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")
dask_dataframe = pytest.importorskip("dask.dataframe")

PARTITIONS = 30


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as c, distributed.Client(c) as client:
        yield client


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, b2b_leads):
    """PARTITIONS JSON Lines files, each the example leads twice, every id unique."""
    folder = tmp_path_factory.mktemp("leads")
    for p in range(PARTITIONS):
        with open(folder / f"part-{p:03d}.jsonl", "w") as f:
            for copy in range(2):
                for lead in b2b_leads:
                    f.write(json.dumps(dict(lead, id=f"{lead['id']}-p{p:03d}-{copy}")) + "\n")
    return folder, sorted(folder.glob("part-*.jsonl"))


def test_bag_survives_a_killed_worker(cluster, dataset, b2b, root):
    folder, files = dataset
    marker = folder / "killed-once"
    victim = f"-p{PARTITIONS // 2:03d}-"

    def die_once_in_the_middle(lines):
        # The partition in the middle of the job kills its own worker process,
        # once: Dask must notice, restart the worker and run the lost tasks again.
        lines = list(lines)
        if lines and victim in lines[0] and not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(1)
        return lines

    bag = dask_bag.read_text(str(folder / "part-*.jsonl")).map_partitions(die_once_in_the_middle)
    assert bag.npartitions == PARTITIONS
    scored = baton.dask.score(bag, b2b, as_of=AS_OF)

    graph = dict(scored.__dask_graph__())
    assert sum(isinstance(v, baton.Program) for v in graph.values()) == 1  # shipped once

    results = scored.compute()
    assert marker.exists()  # the worker did die
    assert all(r.scored for r in results)
    everything = []
    for path in files:
        expected, rejected = cli_score(root / "examples" / "b2b-saas.baton", path)
        assert rejected == []
        everything += expected
    assert [r.to_dict() for r in results] == everything
    # Decisions come back from the workers pickled, with their steps' delays.
    assert any(r.escalations for r in results)
    assert all(s.after == timedelta(hours=9) for r in results for s in r.escalations)
    counts = collections.Counter(r.id for r in results)
    assert len(counts) == len(everything) and set(counts.values()) == {1}


def test_dataframe(cluster, dataset, b2b):
    _, files = dataset
    frame = pd.concat([pd.read_json(f, lines=True, convert_dates=False) for f in files[:6]], ignore_index=True)
    frame.loc[3, "company_size"] = "lots"  # one rejected row survives as a row
    frame.loc[5, "company"] = "Acme \ud83d"  # a truncated emoji: pandas' writer crashed the worker on it
    ddf = dask_dataframe.from_pandas(frame, npartitions=9)
    scored = baton.dask.score(ddf, b2b, as_of=AS_OF)
    local = b2b.score_frame(frame, as_of=AS_OF)
    assert list(scored.columns) == list(local.columns)
    # The meta's dtypes are the partitions' (from the program, not the rows),
    # so text and key operations work on the lazy frame.
    assert scored.dtypes.to_dict() == local.dtypes.to_dict()
    assert str(scored.dtypes["fit"]) == "Float64" and scored.dtypes["id"] == object
    assert scored.stage.str.startswith("s").sum().compute() == local.stage.str.startswith("s").sum()
    assert len(scored.merge(ddf[["id", "email"]], on="id").compute()) == len(frame)
    result = scored.compute()
    pd.testing.assert_frame_equal(result, local)
    assert result.loc[3, "error_field"] == "company_size"
    assert (result.loc[5, "error_field"], result.loc[5, "error"]) == ("company", "not valid UTF-8")


def test_rejects_other_collections(b2b):
    with pytest.raises(TypeError):
        baton.dask.score([{"email": "a@b.example"}], b2b, as_of=AS_OF)


def test_bag_skips_blank_lines(cluster, tmp_path, b2b, b2b_leads, root):
    # As `baton score` and score_jsonl: a blank (whitespace-only) line is no
    # record; the other records keep their line numbers.
    lines = [json.dumps(lead) for lead in b2b_leads[:6]]
    lines[4] = '{"id": "bad", "email": 5}'
    path = tmp_path / "blank.jsonl"
    path.write_text("\n".join(lines[:2] + ["", " \t\r"] + lines[2:]) + "\n\n")
    results = baton.dask.score(dask_bag.read_text(str(path)), b2b, as_of=AS_OF).compute()
    from_file = list(b2b.score_jsonl(path, as_of=AS_OF))
    assert len(results) == len(from_file) == 6
    assert [r.to_dict() for r in results if r.scored] == [r.to_dict() for r in from_file if r.scored]
    [rejected] = [r for r in results if not r.scored]
    assert (rejected.line, rejected.id, rejected.field) == (7, "bad", "email")
    assert rejected.line == next(r.line for r in from_file if not r.scored)
    # A Bag of dicts is not text: every item is a lead.
    assert len(baton.dask.score(dask_bag.from_sequence(b2b_leads[:3]), b2b, as_of=AS_OF).compute()) == 3


def test_to_bag_reads_rows_as_score_frame(b2b, root):
    # A DataFrame's rows as a Bag: ddf.to_bag(format="dict") hands over the
    # values pandas widened (a bool column with a missing value as 1.0/NaN),
    # which dict leads read as JSON does, so 1.0 is no bool and rows were
    # rejected; baton.dask.to_bag reads them as score_frame does.
    import dask

    frame = pd.read_json(root / "examples" / "b2b-saas-leads.jsonl", lines=True, convert_dates=False)
    assert frame["is_customer"].dtype == float  # widened
    ddf = dask_dataframe.from_pandas(frame, npartitions=3)
    with dask.config.set(scheduler="sync"):
        via_frame = baton.dask.score(ddf, b2b, as_of=AS_OF).compute()
        via_bag = baton.dask.score(baton.dask.to_bag(ddf, b2b), b2b, as_of=AS_OF).compute()
        via_dicts = baton.dask.score(ddf.to_bag(format="dict"), b2b, as_of=AS_OF).compute()
    assert via_frame["error"].isna().all() and all(r.scored for r in via_bag)
    assert [r.stage for r in via_bag] == list(via_frame["stage"])
    assert any(not r.scored and "expected bool" in r.error for r in via_dicts)  # JSON's typing, kept
    with pytest.raises(TypeError):
        baton.dask.to_bag(frame, b2b)
