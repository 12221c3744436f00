"""The web-page reader: the body inside the site's chrome, its tables, places and metadata."""

from __future__ import annotations

import time

import pytest

import policydiff
from policydiff._read._html import read_html
from policydiff._read._html_page import iso_date

from .conftest import CORPUS, require

FORMATS = CORPUS / "formats" / "html"

#: Text of the Guangzhou site's chrome: header, search box, share and print widgets, footer.
GUANGZHOU_CHROME = (
    "无障碍", "长者助手", "我的收藏", "高级搜索", "搜索位置", "按相关度", "下载文字版",
    "【打印】", "分享到", "浏览次数", "主办单位", "粤ICP备", "粤公网安备", "网站标识码", "IPv6",
    "索引号", "主题词",
)  # fmt: skip


def _read(name: str) -> policydiff._read.Read:
    path = require(FORMATS / name)
    return read_html(path.read_bytes(), source=name)


def _page(body: str, head: str = "<meta charset='utf-8'>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


NAV = "<ul class='menu'>" + "".join(f"<li><a href='/{k}'>栏目{k}</a></li>" for k in range(8))
NAV += "</ul>"
ARTICLE = (
    "<div id='zoom'><h1>关于加强管理的通知</h1>"
    "<p>各区人民政府：</p><p>一、总体要求。为加强管理，现通知如下，请遵照执行。</p>"
    "<p>（一）严格审核，逐项落实，按时上报。</p><p>二、工作措施。各单位要认真组织，确保实效。</p>"
    "<p>某某市人民政府</p><p>2024年3月1日</p></div>"
)
FOOTER = "<div class='footer'><p>版权所有：某某市人民政府 网站标识码1234</p></div>"


def test_guangzhou_page_metadata_is_read_from_its_table() -> None:
    read = _read("guangzhou_hpf_loan_transfer_rules_2025.html")
    assert read.metadata["reference"] == "穗公积金中心规字〔2025〕1号"
    assert read.metadata["issuer"] == "广州住房公积金管理中心"
    assert read.metadata["date"] == "2025-08-20"
    assert read.metadata["index"] == "12440100741854396C/2025-00119"
    assert read.metadata["title"].startswith("广州住房公积金管理中心关于印发")
    # The search box's 标题 / 全文 choice is no metadata field.
    assert read.metadata["title"] != "全文"


@pytest.mark.parametrize("year", [2025, 2026])
def test_guangzhou_nodes_hold_no_chrome(year: int) -> None:
    path = require(FORMATS / f"guangzhou_hpf_loan_transfer_rules_{year}.html")
    doc = policydiff.read(path)
    assert doc.reference == f"穗公积金中心规字〔{year}〕{1 if year == 2025 else 2}号"
    texts = [node.text for node in doc.walk()]
    assert any(node.label == "第一条" for node in doc.walk())
    for chrome in GUANGZHOU_CHROME:
        assert not any(chrome in text for text in texts), chrome
    # Every node says which element it came from, in a few words.
    assert all(node.where.startswith("div.article-content") for node in doc.walk())
    assert max(len(node.where) for node in doc.walk()) < 40


def test_guangzhou_diff_is_the_diff_of_the_bodies() -> None:
    old = policydiff.read(require(FORMATS / "guangzhou_hpf_loan_transfer_rules_2025.html"))
    new = policydiff.read(require(FORMATS / "guangzhou_hpf_loan_transfer_rules_2026.html"))
    result = policydiff.diff(old, new)
    assert result.summary["nodes"]["changed"] > 0
    assert policydiff.diff(new, new).is_empty


def test_metadata_labels_in_brackets_with_values_over_several_spans() -> None:
    read = _read("beijing_property_control_2010.html")
    assert read.metadata["reference"] == "京政发〔2010〕13号"
    # A template's empty field (〔〕号, filled in by a script) is no value.
    page = _page(
        "<ol><li>[发文字号] <span><span></span><span>〔〕</span><span>号</span></span></li>"
        "<li>[发文机构] <span>某某区教育委员会</span></li><li>[成文日期] <span>2020-04-30</span></li>"
        "</ol>" + ARTICLE
    )
    metadata = read_html(page, source="m.html").metadata
    assert "reference" not in metadata
    assert metadata["issuer"] == "某某区教育委员会" and metadata["date"] == "2020-04-30"


def test_chrome_scripts_and_styles_never_become_text() -> None:
    head = "<meta charset='utf-8'><title>关于加强管理的通知_某某市政府网</title><style>.x{color:red}</style>"
    page = _page(
        "<div class='breadcrumb'>当前位置：<a href='/'>首页</a> &gt; <a href='/z'>政策</a></div>"
        + NAV
        + "<script>var menu = '栏目';</script>"
        + ARTICLE
        + "<div class='share'>分享到：<a href='#'>微信</a><a href='#'>微博</a></div>"
        + "<div class='related'><h3>相关链接</h3>"
        + "".join(f"<p><a href='/r{k}'>相关文件{k}</a></p>" for k in range(5))
        + "</div>"
        + FOOTER,
        head=head,
    )
    read = read_html(page, source="page.html")
    for chrome in ("color:red", "var menu", "栏目", "当前位置", "分享到", "相关", "版权所有"):
        assert chrome not in read.text, chrome
    lines = read.text.split("\n")
    assert lines[0] == "关于加强管理的通知"
    assert "一、总体要求。为加强管理，现通知如下，请遵照执行。" in lines
    assert lines[-2:] == ["某某市人民政府", "2024年3月1日"]
    assert read.places[0] == (0, "div#zoom h1")
    assert [offset for offset, _ in read.places] == sorted(offset for offset, _ in read.places)


def test_a_signature_set_apart_after_the_body_is_kept() -> None:
    page = _page(
        "<div class='text'><p>一、总体要求。为加强管理，现通知如下。</p><p>二、措施。认真组织，确保实效。</p></div>"
        "<div class='sign'><p>某某市人民政府</p><p>2024年3月1日</p></div>"
        "<div class='qr'><img src='qr.png'>扫一扫在手机打开当前页</div>"
        "<div class='links'><a href='/1'>上一篇</a><a href='/2'>下一篇</a></div>"
    )
    lines = read_html(page, source="s.html").text.split("\n")
    assert lines[-2:] == ["某某市人民政府", "2024年3月1日"]


def test_a_title_outside_the_body_is_put_first() -> None:
    page = _page(
        "<div class='head'><h2>关于某事的通知</h2><h3>某发〔2024〕1号</h3></div>"
        "<div class='text'><p>一、总体要求。为加强管理，现通知如下。</p><p>二、措施。认真组织，确保实效。</p></div>"
    )
    lines = read_html(page, source="p.html").text.split("\n")
    assert lines[:3] == [
        "关于某事的通知",
        "某发〔2024〕1号",
        "一、总体要求。为加强管理，现通知如下。",
    ]


def test_merged_cells_of_a_data_table_are_resolved() -> None:
    table = (
        "<p>表1 收支情况（单位：万元）</p>"
        "<table border='1'><tr><th rowspan='2'>项目</th><th colspan='2'>金额</th></tr>"
        "<tr><th>2023年</th><th>2024年</th></tr>"
        "<tr><td>收入</td><td>120</td><td>150</td></tr>"
        "<tr><td rowspan='2'>支出</td><td>80</td><td>90</td></tr>"
        "<tr><td>10</td><td>12</td></tr></table>"
        "<p>三、其他事项。按规定执行，不再赘述。</p>"
    )
    read = read_html(_page(f"<div id='zoom'>{ARTICLE}{table}</div>"), source="t.html")
    (found,) = read.tables
    assert found.key == "t1"
    assert found.rows == (
        ("项目", "金额", "金额"),
        ("项目", "2023年", "2024年"),
        ("收入", "120", "150"),
        ("支出", "80", "90"),
        ("支出", "10", "12"),
    )
    assert (found.header_rows, found.header_cols) == (2, 1)
    assert found.caption == "表1 收支情况（单位：万元）"
    assert "div" in found.where
    # The table's cells are in the record, not in the running text.
    assert "120" not in read.text and "2023年" not in read.text
    assert "三、其他事项。按规定执行，不再赘述。" in read.text


def test_a_caption_element_names_its_table() -> None:
    table = (
        "<table><caption>附表</caption><tr><td>地区</td><td>套数</td></tr>"
        "<tr><td>甲区</td><td>3</td></tr></table>"
    )
    page = _page(ARTICLE.replace("</div>", table + "</div>"))
    (found,) = read_html(page, source="t.html").tables
    assert found.caption == "附表"
    assert found.rows == (("地区", "套数"), ("甲区", "3"))


def test_layout_tables_are_read_as_paragraphs() -> None:
    path = require(FORMATS / "gaoyang_property_opinion_gb2312.html")
    read = read_html(path.read_bytes(), source=path.name)
    assert read.tables == ()
    assert "一、调整居民购房政策" in read.text.split("\n")
    assert "版权所有" not in read.text and "网站地图" not in read.text
    # A grid with a table inside it lays out the page.
    page = _page(
        "<table><tr><td><table><tr><td>甲</td><td>乙</td></tr></table></td>"
        "<td><p>一、总体要求。为加强管理，现通知如下。</p></td></tr>"
        "<tr><td>左</td><td><p>二、措施。认真组织，确保实效。</p></td></tr></table>"
    )
    read = read_html(page, source="layout.html")
    assert read.tables == ()
    assert "二、措施。认真组织，确保实效。" in read.text.split("\n")


def test_a_grid_of_words_without_figures_headers_or_rules_is_text() -> None:
    table = (
        "<table><tr><td>附件：</td><td>一、实施细则。</td></tr>"
        "<tr><td></td><td>二、办理流程。</td></tr></table>"
    )
    read = read_html(_page(ARTICLE.replace("</div>", table + "</div>")), source="t.html")
    assert read.tables == ()
    assert "二、办理流程。" in read.text.split("\n")


def test_a_large_page_is_read_in_time_linear_in_its_size() -> None:
    page = _page("<div>" + "<p>一、总则。全年公开1136条。</p>" * 20000 + "</div>")
    started = time.perf_counter()
    read = read_html(page, source="big.html")
    assert time.perf_counter() - started < 20
    assert read.text.count("\n") == 19999


def test_the_declared_charset_is_used_and_encoding_overrides_it() -> None:
    path = require(FORMATS / "gaoyang_property_opinion_gb2312.html")
    read = read_html(path.read_bytes(), source=path.name)
    assert "高阳县人民政府" in read.text
    body = "<p>一、总体要求。为加强管理，现通知如下。</p><p>二、措施。认真组织。</p>"
    page = f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>{body}</body></html>"
    assert "一、总体要求" in read_html(page.encode("gb18030"), source="gb.html").text
    # A page that lies about its charset is decoded as detected.
    lying = page.replace("gb2312", "utf-8").encode("gb18030")
    assert "一、总体要求" in read_html(lying, source="lying.html").text
    big5 = "<html><body><p>一、總體要求。全年公開1136條。</p></body></html>".encode("big5")
    assert "一、總體要求" in read_html(big5, source="b.html", encoding="big5").text


def test_a_fragment_without_head_is_read_with_its_metadata_table() -> None:
    read = _read("govcn_fragment_2005_cppcc_reply.html")
    assert read.metadata["reference"] == "国办函〔2005〕69号"
    assert read.metadata["date"] == "2005-07-14"
    assert read.metadata["issuer"] == "国务院办公厅"
    lines = read.text.split("\n")
    assert lines[:3] == [
        "国务院办公厅对全国政协十届三次会议",
        "第2741号提案的答复",
        "国办函〔2005〕69号",
    ]
    assert lines[-3:] == ["国务院办公厅", "二〇〇五年七月十四日", "（本文有删减）"]
    assert "索引号" not in read.text and "主题分类" not in read.text


def test_text_after_a_stray_end_of_page_is_kept() -> None:
    read = _read("govcn_gazette_2007_npc_resolution.html")
    assert "批准2007年末国债余额限额调整为53365.53亿元" in read.text
    page = b"<html><body><p>header</p></body></html><div><p>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe5\x88\x99\xe3\x80\x82</p></div>"
    assert "一、总则。" in read_html(page, source="x.html").text


def test_a_body_hidden_until_a_script_shows_it_is_kept() -> None:
    read = _read("changchun_property_notice_2017.html")
    lines = read.text.split("\n")
    assert lines[:2] == [
        "长春市人民政府办公厅关于保持房地产市场平稳健康发展的通知",
        "长府办发〔2017〕65号",
    ]
    assert "一、科学调控土地市场" in lines
    assert "当前位置" not in read.text and "相关链接" not in read.text


def test_pages_without_text_and_deep_pages_are_read() -> None:
    assert read_html(b"", source="e.html").text == ""
    assert read_html(b"<html><body>  </body></html>", source="e.html").text == ""
    deep = b"<html><body>" + b"<div>" * 3000 + "<p>一、总则。</p>".encode() + b"</div>" * 3000
    assert "一、总则。" in read_html(deep, source="deep.html").text


def test_iso_date() -> None:
    assert iso_date("2025年8月20日") == "2025-08-20"
    assert iso_date("2016/10/6 09:00") == "2016-10-06"
    assert iso_date("2025-13-40") is None
