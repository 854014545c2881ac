"""Bytes to text for French press exports, which often arrive as cp1252 or latin-1."""
from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text we can trust; the message says what to do."""


LEGACY_FRENCH_ENCODINGS = ("cp1252", "latin_1")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: an image, a PDF, an archive, not an article."""
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


def decode_article_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first, then the legacy French code pages, else a clear error."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:  # a byte-order mark, then bytes that are not that encoding
        raise DecodeError(f"starts with a {exc.encoding.upper()} byte-order mark but is not valid {exc.encoding.upper()} "
                          f"({exc.reason}); re-save the file as UTF-8") from None
    if looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes): not a text article; export it as .txt, .html, .jsonl or .csv")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for encoding in LEGACY_FRENCH_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_text(text):
            return text, encoding
    raise DecodeError(
        f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and not a legacy French encoding "
        "(cp1252/latin-1); re-save the file as UTF-8"
    )


def _plausible_text(text: str) -> bool:
    """Reject decodings that produce C1 control characters, the sign of a wrong code page."""
    if not text:
        return False
    bad = sum(1 for ch in text if 0x80 <= ord(ch) <= 0x9F or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad / len(text) < 0.01
