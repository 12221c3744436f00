"""Which format a document's bytes are in, by their content rather than their file name."""

from __future__ import annotations

from typing import Literal

__all__ = ["Format", "sniff"]

Format = Literal["text", "pdf", "docx", "doc", "html"]

_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<!--")


def sniff(data: bytes) -> Format:
    """The format of a document's bytes: PDF, Word (``.docx``, or the old binary ``.doc``), a
    saved web page, or plain text.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"PK\\x03\\x04 word/document.xml")
    ('pdf', 'docx')
    >>> sniff("一、总则".encode())
    'text'
    >>> sniff(b"\\xef\\xbb\\xbf<!DOCTYPE html><html>")
    'html'
    """
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lower().startswith(_HTML_OPENINGS):
        return "html"
    return "text"
