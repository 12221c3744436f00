"""Small PDFs made by hand for the PDF reader's tests: text set at given places in a CJK font
that every PDF reader knows without embedding it (``STSong-Light`` with the ``UniGB-UCS2-H``
encoding), and ruling lines."""

from __future__ import annotations

from collections.abc import Sequence

#: ``(x, top, size, text)``: text set with its top left corner at ``(x, top)`` points from
#: the page's top left.
Text = tuple[float, float, float, str]
#: ``(x0, top, x1, bottom)``: a ruling line from one point to the other.
Rule = tuple[float, float, float, float]

WIDTH, HEIGHT = 595, 842


def _content(texts: Sequence[Text], rules: Sequence[Rule]) -> bytes:
    ops = []
    for x, top, size, text in texts:
        code = text.encode("utf-16-be").hex()
        baseline = HEIGHT - top - size * 0.88
        ops.append(f"BT /F1 {size} Tf {x} {baseline:.2f} Td <{code}> Tj ET")
    for x0, top, x1, bottom in rules:
        ops.append(f"0.5 w {x0} {HEIGHT - top} m {x1} {HEIGHT - bottom} l S")
    return "\n".join(ops).encode()


def make_pdf(pages: Sequence[tuple[Sequence[Text], Sequence[Rule]]]) -> bytes:
    """A PDF of A4 pages, each ``(texts, rules)``."""
    font = len(pages) * 2 + 3
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * k) for k in range(len(pages))), len(pages)),
    ]
    for k, (texts, rules) in enumerate(pages):
        content = _content(texts, rules)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (WIDTH, HEIGHT, font, 4 + 2 * k)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects += [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [%d 0 R] >>" % (font + 1),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [1 95 500] "
        b"/FontDescriptor %d 0 R >>" % (font + 2),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    return assemble(objects)


def assemble(objects: Sequence[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the first the catalogue), with its
    cross-reference table; ``trailer`` is written into the trailer dictionary as it is."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def columns(
    top: float,
    rows: Sequence[Sequence[str]],
    xs: Sequence[float],
    *,
    size: float = 12.0,
    leading: float = 20.0,
) -> list[Text]:
    """Rows of cells set at the left edges ``xs``, one row every ``leading`` points."""
    return [
        (x, top + r * leading, size, text)
        for r, row in enumerate(rows)
        for x, text in zip(xs, row, strict=True)
        if text
    ]
