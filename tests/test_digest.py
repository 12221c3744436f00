"""The digest that opens every changelog, and the detail levels (render/_digest.py, _view.py).

The corpus pairs are the ones the digest is for: the national work reports (the default
changelog must be at most a fifth of the two reports), the Shanghai regulation whose whole
amendment is two renames, the NHC sample pair whose figures and new sections must open it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from policydiff import PolicyDiff, diff, parse, read
from policydiff.render import diff_text, html, markdown
from policydiff.render._digest import digest, is_minor, novelty, rename_only

from .conftest import CORPUS, require
from .test_render import pair_diff


@functools.cache
def corpus_diff(old: str, new: str) -> PolicyDiff:
    return diff(read(require(CORPUS / old)), read(require(CORPUS / new)))


def shanghai() -> PolicyDiff:
    return corpus_diff(
        "shanghai_social_assistance_reg_2018.txt", "shanghai_social_assistance_reg_2024.txt"
    )


# --- renames ------------------------------------------------------------------------------------


def test_shanghai_amendment_is_two_renames_said_once() -> None:
    d = shanghai()
    renames = [(r.old, r.new, r.places) for r in digest(d).renames]
    assert [(old, new) for old, new, _ in renames] == [
        ("低收入困难家庭", "最低生活保障边缘家庭"),
        ("支出型贫困家庭", "刚性支出困难家庭"),
    ]
    assert all(places >= 9 for *_, places in renames)
    md = d.to_markdown()
    assert section(md, "Renames").count("\n- ") == 2  # two bullets, one each
    for old, new, places in renames:
        assert f"- {old} → {new}: {places} places (" in md
    # no sentence bullet repeats them: the changed sections only count them
    bullets = [line for line in md.splitlines() if line.startswith("- *")]
    assert not [line for line in bullets if "~~" in line], bullets
    assert "only renamed" in md
    # the renamed wordings are not reported again as new and dropped phrases
    assert "## Policy signals" not in md or "边缘家庭" not in section(md, "Policy signals")


def test_a_rename_must_recur_and_be_gone() -> None:
    old = parse("第一条 低收入困难家庭可以申请。\n第二条 低收入困难家庭应当登记。")
    new = parse("第一条 最低生活保障边缘家庭可以申请。\n第二条 最低生活保障边缘家庭应当登记。")
    (rename,) = digest(diff(old, new)).renames
    assert (rename.old, rename.new, rename.places, rename.where) == (
        "低收入困难家庭",
        "最低生活保障边缘家庭",
        2,
        ("1", "2"),
    )
    # replaced once: a rewording, not a rename
    once = parse("第一条 最低生活保障边缘家庭可以申请。\n第二条 低收入困难家庭应当登记。")
    assert digest(diff(old, once)).renames == ()
    # replaced twice but still written elsewhere in the new text as often: not global
    kept = parse(
        "第一条 最低生活保障边缘家庭可以申请。\n第二条 最低生活保障边缘家庭应当登记。\n"
        "第三条 低收入困难家庭另行规定。低收入困难家庭不变。"
    )
    assert digest(diff(old, kept)).renames == ()


def test_rename_only_sentences_are_collapsed_at_every_level() -> None:
    d = shanghai()
    g = digest(d)
    renamed = [m for m in d.measures if rename_only(m, g.rename_pairs)]
    assert len(renamed) >= 15
    full = d.to_markdown(detail="full")
    for m in renamed:
        assert m.new is not None and m.new.text[:12] not in full


# --- signals ------------------------------------------------------------------------------------


def test_targets_raised_lowered_tightened_loosened() -> None:
    old = parse(
        "一、目标\n今年发展主要预期目标是:国内生产总值增长6%以上;城镇调查失业率5.5%左右;"
        "赤字率拟按2.8%左右安排。"
    )
    new = parse(
        "一、目标\n今年发展主要预期目标是:国内生产总值增长5.5%左右;城镇调查失业率6%以内;"
        "赤字率拟按3.2%左右安排。"
    )
    targets = {s.text: s for s in digest(diff(old, new)).signals if s.kind == "target"}
    assert targets["国内生产总值增长"].changes == ("lowered", "loosened")
    assert targets["国内生产总值增长"].detail == "6%以上 → 5.5%左右"
    assert targets["城镇调查失业率"].changes == ("raised", "tightened")
    assert targets["赤字率"].changes == ("raised",)


def test_new_commitments_citations_and_phrases() -> None:
    old = parse("一、任务\n发展婴幼儿照护服务。推进“放管服”改革。推进“放管服”改革。")
    new = parse(
        "一、任务\n发展婴幼儿照护服务。将3岁以下婴幼儿照护费用纳入个人所得税专项附加扣除。"
        "按照《关于优化生育政策的决定》,落实“一老一小”政策。落实“一老一小”政策。"
    )
    g = digest(diff(old, new))
    kinds = {(s.kind, s.changes[0], s.text) for s in g.signals}
    assert ("commitment", "added", "将3岁以下婴幼儿照护费用纳入个人所得税专项附加扣除。") in kinds
    assert ("citation", "added", "关于优化生育政策的决定") in kinds
    assert ("phrase", "added", "一老一小") in kinds
    assert ("phrase", "dropped", "放管服") in kinds
    # the sentence both years write is no signal
    assert not [s for s in g.signals if "发展婴幼儿照护服务" in s.text]


def phrases(d: PolicyDiff, change: str) -> list[str]:
    return [s.text for s in digest(d).signals if s.kind == "phrase" and s.changes[0] == change]


def test_a_new_pairing_of_common_words_is_no_new_phrase() -> None:
    # 继续 and 做好 are on every line of the old year: 继续做好 is a choice of words. 留抵 is
    # new, so 留抵退税 is a new term; a quoted term is one whatever its parts.
    old = parse(
        "一、任务\n"
        + "".join(f"继续推进第{i}项改革。做好第{i}项工作。落实退税政策。" for i in range(12))
    )
    new = parse(
        "一、任务\n"
        + "继续做好就业工作。继续做好防汛工作。继续做好援助工作。"
        + "实施留抵退税。扩大留抵退税。落实留抵退税。"
        + "推进“继续做好”行动。推进“继续做好”行动。"
    )
    shown = phrases(diff(old, new), "added")
    assert any("留抵退税" in p for p in shown), shown
    assert "继续做好" in shown  # quoted by the new year: a term
    old_only = parse(
        "一、任务\n" + "".join(f"继续推进第{i}项改革。做好第{i}项工作。" for i in range(12))
    )
    new_plain = parse("一、任务\n继续做好就业工作。继续做好防汛工作。继续做好援助工作。")
    assert not [p for p in phrases(diff(old_only, new_plain), "added") if "继续做好" in p]


def test_a_known_phrase_with_a_particle_or_a_piece_of_one_is_said_once() -> None:
    old = parse("一、任务\n加强疫情防控。做好疫情防控。" + "深化行政管理体制改革。" * 3)
    new = parse("一、任务\n在疫情防控中奋斗。在疫情防控中前进。在疫情防控中学习。" + "推进。" * 3)
    assert not [p for p in phrases(diff(old, new), "added") if "疫情防控" in p]
    dropped = phrases(diff(old, new), "dropped")
    assert len([p for p in dropped if "管理体制" in p]) == 1, dropped


def test_work_report_phrases_are_terms_not_boilerplate() -> None:
    d = corpus_diff("gwr_2021.txt", "gwr_2022.txt")
    added, dropped = phrases(d, "added"), phrases(d, "dropped")
    assert "留抵退税" in added and "十三五" in dropped and "新冠肺炎" in dropped
    assert not {"继续做好", "支持政策"} & set(added), added
    d = corpus_diff("gwr_2019.txt", "gwr_2020.txt")
    dropped = phrases(d, "dropped")
    assert "合理区间" in dropped and not {"改革完善", "在合理区间"} & set(dropped), dropped
    for shown in (added, dropped):  # no phrase shown inside another
        assert not [(a, b) for a in shown for b in shown if a != b and a in b]


def test_novelty_and_minor_rewordings() -> None:
    assert novelty("发展婴幼儿照护服务。", "发展婴幼儿照护服务。") == 0.0
    assert novelty("设立北京证券交易所。", "发展婴幼儿照护服务。") == 1.0
    d = diff(
        parse("一、总则\n进一步加强基层医疗卫生服务体系建设工作。村卫生室58.2万个。"),
        parse("一、总则\n持续加强基层医疗卫生服务体系建设工作。村卫生室57万个。"),
    )
    minor = [m for m in d.measures if is_minor(m)]
    assert [m.new.text[:2] for m in minor if m.new] == ["持续"]  # a changed figure is never minor


# --- the signals in the JSON -------------------------------------------------------------------


def json_signals(d: PolicyDiff) -> list[dict[str, object]]:
    return json.loads(d.to_json(signals=True))["signals"]  # type: ignore[no-any-return]


def test_json_signals_hold_targets_with_both_figures() -> None:
    old = parse("一、目标\n今年发展主要预期目标是:国内生产总值增长6%以上;赤字率拟按2.8%左右安排。")
    new = parse(
        "一、目标\n今年发展主要预期目标是:国内生产总值增长5.5%左右;赤字率拟按3.2%左右安排;"
        "粮食产量1.3万亿斤以上。"
    )
    targets = {s["text"]: s for s in json_signals(diff(old, new)) if s["kind"] == "target"}
    assert targets["国内生产总值增长"] == {
        "kind": "target",
        "changes": ["lowered", "loosened"],
        "text": "国内生产总值增长",
        "old": "1",
        "new": "1",
        "old_text": "6%以上",
        "new_text": "5.5%左右",
        "count": None,
        "places": [],
    }
    assert targets["赤字率"]["changes"] == ["raised"]
    assert (targets["赤字率"]["old_text"], targets["赤字率"]["new_text"]) == (
        "2.8%左右",
        "3.2%左右",
    )
    (lone,) = [s for s in targets.values() if s["changes"] == ["added"]]
    assert (lone["old"], lone["new"], lone["old_text"]) == (None, "1", None)
    assert lone["new_text"] and "1.3万亿斤" in str(lone["new_text"])


def test_json_signals_hold_commitments_citations_and_phrases_in_digest_order() -> None:
    old = parse("一、任务\n发展婴幼儿照护服务。推进“放管服”改革。推进“放管服”改革。")
    new = parse(
        "一、任务\n发展婴幼儿照护服务。将3岁以下婴幼儿照护费用纳入个人所得税专项附加扣除。"
        "按照《关于优化生育政策的决定》,落实“一老一小”政策。落实“一老一小”政策。"
    )
    d = diff(old, new)
    data = json_signals(d)
    said = [(s["kind"], s["changes"][0], s["text"]) for s in data]  # type: ignore[index]
    assert said == [(s.kind, s.changes[0], s.text) for s in digest(d).signals]
    by_text = {s["text"]: s for s in data}
    assert by_text["一老一小"]["count"] == 2 and by_text["一老一小"]["new"] == "1"
    assert by_text["放管服"]["changes"] == ["dropped"] and by_text["放管服"]["old"] == "1"
    assert by_text["放管服"]["new"] is None
    assert by_text["关于优化生育政策的决定"]["kind"] == "citation"
    commitment = by_text["将3岁以下婴幼儿照护费用纳入个人所得税专项附加扣除。"]
    assert commitment["kind"] == "commitment" and commitment["old_text"] is None


def test_json_signals_roll_the_shanghai_renames_up_with_their_places() -> None:
    d = shanghai()
    renames = [s for s in json_signals(d) if s["kind"] == "rename"]
    expected = digest(d).renames
    assert [(s["old_text"], s["new_text"]) for s in renames] == [
        ("低收入困难家庭", "最低生活保障边缘家庭"),
        ("支出型贫困家庭", "刚性支出困难家庭"),
    ]
    for s, r in zip(renames, expected, strict=True):
        assert s["changes"] == ["renamed"] and s["text"] == r.new
        assert s["count"] == r.places and s["count"] >= 9  # type: ignore[operator]
        assert s["places"] == list(r.where) and s["new"] == r.where[0]
        assert len(set(r.where)) == len(r.where)


def test_json_signals_of_a_pair_without_change_are_empty() -> None:
    doc = parse("一、目标\n国内生产总值增长6%以上。推进“放管服”改革。推进“放管服”改革。")
    assert json_signals(diff(doc, doc)) == []


# --- the default changelog says each thing once ------------------------------------------------


def test_lone_measures_of_one_section_are_listed_under_it() -> None:
    old = parse("一、总体要求\n坚持稳中求进。\n二、重点任务\n(一)稳定就业\n扩大就业。")
    new = parse(
        "一、总体要求\n坚持稳中求进。\n二、重点任务\n(一)稳定就业\n扩大就业。"
        "\n(二)发展托育\n建设托育机构。\n(三)减税降费\n实施留抵退税。"
    )
    md = diff(old, new).to_markdown()
    added = section(md, "New measures in existing sections").strip().split("\n\n")[0]
    assert added.count("二、 重点任务") == 1, added
    assert "  - **(二) 发展托育**" in added and "  - **(三) 减税降费**" in added
    full = diff(old, new).to_markdown(detail="full")
    assert "**二、(二) 发展托育**" in full  # every item with its place, in full


def test_only_the_weightiest_sections_show_a_sentence_by_default() -> None:
    import cn2an

    from policydiff.render._markdown import BRIEF_SENTENCES, SAMPLED_SECTIONS

    count = SAMPLED_SECTIONS + BRIEF_SENTENCES + 6
    labels = [cn2an.an2cn(i) for i in range(1, count + 1)]  # 一 … 二十
    old = parse(
        "\n".join(
            f"{label}、任务{i}\n推进第{i}项工作。保持稳定。" for i, label in enumerate(labels)
        )
    )
    new = parse(
        "\n".join(
            f"{label}、任务{i}\n推进第{i}项工作。" + "新设婴幼儿照护专项补贴制度。" * (i % 3 + 1)
            for i, label in enumerate(labels)
        )
    )
    d = diff(old, new)
    md, full = d.to_markdown(), d.to_markdown(detail="full")
    changed = section(md, "Changed sections")
    assert changed.count("\n### ") == count  # every changed section is named
    shown = (
        changed.count("- *New:*") + changed.count("- *Dropped:*") + changed.count("- *Changed:*")
    )
    assert SAMPLED_SECTIONS <= shown <= SAMPLED_SECTIONS + BRIEF_SENTENCES
    assert changed.count("- *Sentences:*") == count  # the others are counted
    assert section(full, "Changed sections").count("- *Dropped:*") >= count


def test_page_chrome_and_field_lines_are_counted_below_full() -> None:
    d = pair_diff("nhc-2024-2025")
    chrome = [o for o in d.outside if o.reason == "chrome"]
    assert chrome
    md, full = d.to_markdown(), d.to_markdown(detail="full")
    outside = section(md, "Outside the body")
    assert "(signature)" in outside and "(title)" in outside
    assert "(chrome)" not in outside and f"{len(chrome)} chrome" in outside
    assert all(clip_start(o.text) in full for o in chrome)


def clip_start(text: str) -> str:
    return text[:8].replace("|", "\\|")


def test_figure_tables_leave_out_an_empty_as_of_column() -> None:
    d = diff(parse("一、总体情况\n村卫生室58.2万个。"), parse("一、总体情况\n村卫生室57万个。"))
    md = d.to_markdown()
    assert "| Metric | Old | New | Change | Where |\n" in md and "As of" not in md


# --- the corpus pairs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("gwr_2021.txt", "gwr_2022.txt"),
        ("gwr_2019.txt", "gwr_2020.txt"),
        ("gwr_2020.txt", "gwr_2021.txt"),
    ],
)
def test_work_report_default_changelog_is_at_most_a_fifth_of_the_reports(
    old: str, new: str
) -> None:
    d = corpus_diff(old, new)
    both = len(d.old.original) + len(d.new.original)
    md = d.to_markdown()
    assert len(md) <= 0.20 * both, (len(md), both)
    assert len(d.to_markdown(detail="digest")) <= 0.12 * both
    # the default still shows every changed section's title and the targets
    for n in d.nodes:
        if n.change == "changed" and n.new_heading:
            assert n.new_heading[:10] in md
    assert "## Headline figures" in md and "## Policy signals" in md


def test_work_report_2022_digest_names_the_growth_target() -> None:
    md = corpus_diff("gwr_2021.txt", "gwr_2022.txt").to_markdown(detail="digest")
    lowered = section(md, "Policy signals").split("- **Targets lowered**")[1].split("\n- ")[0]
    # listed under what it did first, saying what else it did
    assert "国内生产总值增长 6%以上 → 5.5%左右 (also loosened;" in lowered
    assert "赤字率 3.2%左右 → 2.8%左右 (" in lowered


def test_work_report_2020_digest_says_no_growth_target_was_set() -> None:
    md = corpus_diff("gwr_2019.txt", "gwr_2020.txt").to_markdown(detail="digest")
    dropped = section(md, "Policy signals").split("- **Targets no longer set**")[1]
    assert dropped.split("\n")[1] == "  - 国内生产总值增长 6%-6.5% (二、)"
    lowered = section(md, "Policy signals").split("- **Targets lowered**")[1].split("\n- ")[0]
    assert "城镇新增就业 1100万人以上 → 900万人以上 (" in lowered


# --- text, REPL, notebook -----------------------------------------------------------------------


def test_text_has_no_markdown_marks_and_opens_with_the_digest() -> None:
    d = pair_diff("nhc-2024-2025")
    text = diff_text(d)
    assert "~~" not in text and "**" not in text and "## " not in text
    assert text.splitlines()[3] == "Digest"
    assert "[-国家医保-]{+人力资源社会保障部、国家药监+}" in text
    assert len(diff_text(d, detail="digest")) < len(text)


def test_repr_is_one_short_line() -> None:
    d = shanghai()
    shown = repr(d)
    assert "\n" not in shown and len(shown) <= 160
    assert shown.startswith("<PolicyDiff 上海市社会救助条例 (2018-11-22) → 上海市社会救助条例")
    assert re.search(r"sections \+0 -0 ~16, figures ~0", shown)


def test_notebook_html_shows_the_digest_and_folds_the_detail() -> None:
    d = pair_diff("nhc-2024-2025")
    fragment = d._repr_html_()
    digest_at = fragment.index('id="digest"')
    folded_at = fragment.index("<details><summary>")
    assert digest_at < folded_at < fragment.index('<table class="compare">')
    page = html(d)
    assert "<details>" not in page and page.index('id="digest"') < page.index('id="compare"')
    assert 'class="unchanged lvl-0 folded"' in page
    assert 'class="unchanged lvl-0 folded"' not in html(d, detail="full")
    assert 'id="compare"' not in html(d, detail="digest")


def test_detail_is_checked() -> None:
    d = pair_diff("nhc-2024-2025")
    for render in (markdown, html, diff_text):
        with pytest.raises(ValueError, match="one of digest, sections, full"):
            render(d, detail="all")  # type: ignore[operator]


def section(md: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


def test_page_has_contents_chart_and_print_styles() -> None:
    d = pair_diff("nhc-2024-2025")
    page = html(d)
    bar = page[
        page.index('<div class="bar">') : page.index("</div>", page.index('<div class="bar">'))
    ]
    assert '<a href="#digest">' in bar and '<a href="#compare">' in bar and 'href="#new-3"' in bar
    assert page.index('<div class="bar">') < page.index('id="digest"')
    chart = page[page.index('<svg class="chart"') : page.index("</svg>")]
    assert chart.count("<rect ") == len([c for c in digest(d).figures if c.delta is not None])
    assert 'class="down"' in chart and 'class="up"' in chart and "+18.5%" in chart
    assert "@media print{" in page and ".policydiff .bar{display:none}" in page
    # the digest-only page has no filters (there is no table to filter) and no script
    short = html(d, detail="digest")
    assert '<div class="tools"' not in short and "<script" not in short


def test_terminal_summary_opens_with_the_digest() -> None:
    console = pytest.importorskip("rich.console")
    d = pair_diff("nhc-2024-2025")
    screen = console.Console(width=100, color_system=None)
    with screen.capture() as captured:
        screen.print(d.__rich__())
    out = captured.get()
    assert digest(d).summary[:30] in out
    assert out.index("New sections and measures") < out.index("Headline figures")
    assert "关于完善药品配备和供应 3 parts" in out


def test_a_table_of_changed_cells_lists_its_biggest_changes_and_counts_the_rest() -> None:
    from policydiff.render._digest import FIGURES, TABLE_FIGURES

    pdf = CORPUS / "formats" / "pdf"
    d = diff(
        read(require(pdf / "hongze_disclosure_2023.pdf")),
        read(require(pdf / "hongze_disclosure_2024.pdf")),
    )
    g = digest(d)
    tables = {t.key for t in d.new.tables}
    listed = [c for c in g.figures if c.new and c.new.node in tables]
    all_cells = [
        c
        for c in d.numbers
        if c.change == "changed" and c.headline and c.new and c.new.node in tables
    ]
    assert len(all_cells) > TABLE_FIGURES and len(listed) == TABLE_FIGURES
    biggest = sorted(abs(c.delta or 0.0) for c in all_cells)[-TABLE_FIGURES:]
    assert sorted(abs(c.delta or 0.0) for c in listed) == biggest
    assert len(g.figures) <= FIGURES and g.changed > len(g.figures)
    left = g.changed - len(g.figures)
    assert f"{left} more changed figures in the full changelog." in d.to_markdown()


def test_the_json_holds_signals_when_asked_and_the_command_line_writes_them(
    tmp_path: Path,
) -> None:
    d = diff(
        parse("一、总体\n推进基层医疗。"), parse("一、总体\n推进基层医疗。新设“一老一小”专项行动。")
    )
    assert "signals" not in json.loads(d.to_json())
    assert json.loads(d.to_json(signals=True))["signals"]
    from policydiff.cli import main

    old, new, out = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "d.json"
    old.write_text("一、总体\n推进基层医疗。", encoding="utf-8")
    new.write_text("一、总体\n推进基层医疗。新设“一老一小”专项行动。", encoding="utf-8")
    assert main(["diff", str(old), str(new), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["signals"]


def test_work_report_2021_lists_the_years_own_new_targets_before_the_plans() -> None:
    md = corpus_diff("gwr_2020.txt", "gwr_2021.txt").to_markdown(detail="digest")
    added = section(md, "Policy signals").split("- **Targets set this year only**")[1]
    # the growth target 2020 did not set, before the 2021–2025 plan's goals (城镇化率 65%)
    assert added.split("\n")[1] == "  - 国内生产总值增长 6%以上 (三、)"
    assert "城镇化率" not in added.split("\n- ")[0]


def test_a_changed_salutation_is_counted_not_listed_below_full_detail() -> None:
    d = corpus_diff("gwr_2020.txt", "gwr_2021.txt")
    assert any(o.reason == "salutation" for o in d.outside)
    outside = section(d.to_markdown(), "Outside the body")
    assert "(salutation):" not in outside and "salutation;" in outside
    assert "(salutation):" in section(d.to_markdown(detail="full"), "Outside the body")
