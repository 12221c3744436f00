from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from policydiff import Document, parse, read
from policydiff.corpus import diff_many, match, timeline

from .conftest import CORPUS, SAMPLES, require

NHC_OLD = SAMPLES / "nhc-reply-7663-2024.txt"
NHC_NEW = SAMPLES / "nhc-reply-community-health-2025.txt"


def test_match_pairs_series_and_reports_the_rest() -> None:
    old = [
        require(CORPUS / "gwr_2021.txt"),
        NHC_OLD,
        require(CORPUS / "shanghai_social_assistance_reg_2018.txt"),
        require(CORPUS / "hongze_gov_info_disclosure_2023.txt"),
    ]
    new = [
        require(CORPUS / "hongze_gov_info_disclosure_2024.txt"),
        require(CORPUS / "gwr_2022.txt"),
        NHC_NEW,
        SAMPLES / "nhc-key-tasks-2024.txt",
        require(CORPUS / "shanghai_social_assistance_reg_2024.txt"),
    ]
    result = match(old, new)
    assert {(p.old, p.new) for p in result.pairs} == {(0, 1), (1, 2), (2, 4), (3, 0)}
    assert result.new == (3,)
    assert result.discontinued == ()
    assert result.comparisons <= len(old) * len(new)


def _one_style_corpus(
    pairs: int, unpaired: int
) -> tuple[list[Document], list[Document], dict[int, int]]:
    """Task lists only (one title template, one stock of phrases), the new year reversed."""
    from policydiff.strategies import random_pair

    made = [random_pair(f"test-{k}", plan="mixed", styles=["tasks"]) for k in range(pairs)]
    old = [parse(o) for o, _, _ in made] + [
        parse(random_pair(f"gone-{k}", styles=["tasks"])[0]) for k in range(unpaired)
    ]
    new = [parse(n) for _, n, _ in made] + [
        parse(random_pair(f"added-{k}", styles=["tasks"])[1]) for k in range(unpaired)
    ]
    new.reverse()
    return old, new, {k: len(new) - 1 - k for k in range(pairs)}


def test_match_tells_apart_documents_that_share_their_boilerplate() -> None:
    old, new, truth = _one_style_corpus(40, 3)
    result = match(old, new)
    assert {p.old: p.new for p in result.pairs} == truth
    assert result.discontinued == (40, 41, 42)
    assert result.new == (0, 1, 2)
    assert result.comparisons < len(old) * len(new) / 4


def test_match_mirrors_when_the_years_swap() -> None:
    old, new, _ = _one_style_corpus(20, 2)
    forward = match(old, new)
    backward = match(new, old)
    assert sorted((p.new, p.old, p.similarity) for p in backward.pairs) == sorted(
        (p.old, p.new, p.similarity) for p in forward.pairs
    )
    assert (backward.new, backward.discontinued) == (forward.discontinued, forward.new)
    assert backward.comparisons == forward.comparisons


def test_match_lift_keeps_look_alike_leftovers_apart() -> None:
    old, new, truth = _one_style_corpus(20, 2)
    # Two leftovers written from the same stock of phrases pass the threshold alone...
    loose = match(old, new, lift=0)
    assert [(p.old, p.new) for p in loose.pairs if truth.get(p.old) != p.new] == [(21, 1)]
    # ...but not the lift: they are no more alike than any two task lists are.
    assert {p.old: p.new for p in match(old, new).pairs} == truth


def test_match_with_nothing() -> None:
    assert match([], [NHC_NEW]).new == (0,)
    assert match([NHC_OLD], []).discontinued == (0,)


def test_diff_many_reports_a_bad_document_and_runs_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x81\x30\xff\xff" * 8)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = diff_many([(NHC_OLD, NHC_NEW), (bad, NHC_NEW)], executor=pool)
    assert results[0].ok and results[0].diff is not None
    assert results[0].diff.to_json() == diff_many([(NHC_OLD, NHC_NEW)], workers=1)[0].diff.to_json()  # type: ignore[union-attr]
    assert not results[1].ok and "gb18030" in (results[1].error or "")


def test_diff_many_sends_documents_in_chunks_and_keeps_their_order() -> None:
    from policydiff.corpus import CHUNK
    from policydiff.strategies import random_pair

    texts = [random_pair(k, plan="light")[:2] for k in range(CHUNK * 2 + 3)]
    pairs = [(parse(o), parse(n)) for o, n in texts]
    seen: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = diff_many(
            pairs,
            executor=pool,
            progress=lambda r: seen.append(r.diff.old.original),  # type: ignore[union-attr]
        )
    assert [r.diff.old.original for r in results] == [o for o, _ in texts]  # type: ignore[union-attr]
    assert [r.diff.new.original for r in results] == [n for _, n in texts]  # type: ignore[union-attr]
    assert sorted(seen) == sorted(o for o, _ in texts)


def test_diff_many_on_a_dask_cluster_matches_the_default_executor() -> None:
    distributed = pytest.importorskip("distributed")
    pairs = [
        (NHC_OLD, NHC_NEW),
        (
            SAMPLES / "primary-care-priorities-2023-traditional.txt",
            SAMPLES / "nhc-key-tasks-2024.txt",
        ),
    ]
    default = diff_many(pairs, workers=2)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = diff_many(pairs, executor=client.get_executor())
    assert [r.diff.to_json() for r in on_dask] == [r.diff.to_json() for r in default]  # type: ignore[union-attr]


def test_gdp_target_timeline_shows_2020_as_missing() -> None:
    docs = [require(CORPUS / f"gwr_{year}.txt") for year in (2019, 2020, 2021, 2022)]
    result = timeline(docs)
    assert result.years == ("2019", "2020", "2021", "2022")
    targets = [
        row
        for row in result.find("国内生产总值增长")
        if any(c and c.quantity.kind == "target" for c in row.cells)
    ]
    assert len(targets) == 1
    cells = targets[0].cells
    assert cells[1] is None
    assert [c.quantity.text for c in (cells[0], cells[2], cells[3]) if c] == [
        "6%-6.5%",
        "6%以上",
        "5.5%左右",
    ]
    deficit = [row for row in result.find("赤字率") if sum(c is not None for c in row.cells) == 4]
    assert [c.quantity.text for c in deficit[0].cells if c] == [
        "2.8%",
        "3.6%以上",
        "3.2%左右",
        "2.8%左右",
    ]


def test_timeline_frame() -> None:
    pd = pytest.importorskip("pandas")
    frame = timeline([read(NHC_OLD), read(NHC_NEW)]).to_frame()
    assert isinstance(frame, pd.DataFrame)
    village = frame[frame.metric == "村卫生室"]
    assert list(village.text) == ["58.2万个", "57万个"]


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "2024", tmp_path / "2025"
    old.mkdir()
    new.mkdir()
    (old / NHC_OLD.name).write_bytes(NHC_OLD.read_bytes())
    (new / NHC_NEW.name).write_bytes(NHC_NEW.read_bytes())
    for name in ("hongze_gov_info_disclosure_2023.txt",):
        (old / name).write_bytes(require(CORPUS / name).read_bytes())
    for name in ("hongze_gov_info_disclosure_2024.txt",):
        (new / name).write_bytes(require(CORPUS / name).read_bytes())
    (new / "nhc-key-tasks-2024.txt").write_bytes((SAMPLES / "nhc-key-tasks-2024.txt").read_bytes())
    (new / "broken.txt").write_bytes(b"\x81\x30\xff\xff" * 8)
    return old, new


def test_corpus_command_writes_changelogs_and_skips_unchanged_pairs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from policydiff.cli import main

    old, new = _folders(tmp_path)
    out = tmp_path / "out"
    assert main(["corpus", str(old), str(new), "--output", str(out), "--workers", "2"]) == 0
    assert (
        "2 pairs (0 unchanged, 0 failed), 1 new, 0 discontinued, 1 unreadable"
        in capsys.readouterr().out
    )
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == [
        "hongze_gov_info_disclosure_2023--hongze_gov_info_disclosure_2024.html",
        "hongze_gov_info_disclosure_2023--hongze_gov_info_disclosure_2024.md",
        "index.html",
        "index.md",
        "nhc-reply-7663-2024--nhc-reply-community-health-2025.html",
        "nhc-reply-7663-2024--nhc-reply-community-health-2025.md",
        "numbers.csv",
    ]
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "nhc-key-tasks-2024.txt" in index and "broken.txt" in index
    csv_text = (out / "numbers.csv").read_text(encoding="utf-8")
    assert "村卫生室,58.2万个,57万个" in csv_text
    before = (out / "numbers.csv").stat().st_mtime_ns
    assert main(["corpus", str(old), str(new), "--output", str(out)]) == 0
    assert "2 pairs (2 unchanged, 0 failed)" in capsys.readouterr().out
    assert (out / "numbers.csv").read_text(encoding="utf-8") == csv_text
    (new / NHC_NEW.name).write_text(NHC_NEW.read_text(encoding="utf-8").replace("57万个", "56万个"))
    assert main(["corpus", str(old), str(new), "--output", str(out)]) == 0
    assert "2 pairs (1 unchanged, 0 failed)" in capsys.readouterr().out
    assert "村卫生室,58.2万个,56万个" in (out / "numbers.csv").read_text(encoding="utf-8")
    assert (out / "numbers.csv").stat().st_mtime_ns >= before


def test_corpus_command_rejects_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from policydiff.cli import main

    assert main(["corpus", str(tmp_path / "nope"), str(tmp_path), "-o", str(tmp_path / "o")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_timeline_command(capsys: pytest.CaptureFixture[str]) -> None:
    from policydiff.cli import main

    docs = [str(require(CORPUS / f"gwr_{year}.txt")) for year in (2019, 2020, 2021, 2022)]
    assert main(["timeline", *docs, "--metric", "赤字率"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["metric", "2019", "2020", "2021", "2022"]
    assert any(
        line.split()[1:] == ["2.8%", "3.6%以上", "3.2%左右", "2.8%左右"]
        for line in out.splitlines()
    )
