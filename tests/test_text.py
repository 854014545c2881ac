"""The two text foldings every room shares (pipeline/text.py)."""
from pipeline.text import ascii_key, fold, in_regions


def test_fold_keeps_length_so_offsets_stay_valid():
    for text in ("Le 1er février, à Tripoli", "l’ANL — «\u00a0Opération\u00a0»", "Œuvre d'État", "ﬁn"):
        assert len(fold(text)) == len(text)
    assert fold("Mi-Décembre à N’Djamena") == "mi-decembre a n'djamena"
    assert fold("Œuf\u00a0– été") == "ouf - ete"


def test_ascii_key_compares_names_across_spellings():
    assert ascii_key("Abdelmadjid Tebboune") == ascii_key("ABDELMADJID  TEBBOUNE")
    assert ascii_key("Al-Sissi") == ascii_key("al Sissi") == "al sissi"
    assert ascii_key("Égypte") == "egypte"
    assert ascii_key("Akın Öztürk") == "akin ozturk"  # a dotless i is an i, not dropped
    assert ascii_key("N'Djamena", join_apostrophes=True) == "ndjamena"
    assert ascii_key("C++ forces", keep="+") == "c++ forces"


def test_in_regions_is_half_open():
    assert in_regions(5, 10, [(0, 6)])
    assert not in_regions(6, 10, [(0, 6)])


def test_paragraph_chunks_cover_the_text_within_the_limit():
    from pipeline.text import paragraph_chunks

    text = ("Le convoi est arrivé à Gao. Les soldats ont pris position.\n\n" * 5) + "Sans point final " * 30
    for limit in (25, 70, 130, 10_000):
        pieces = paragraph_chunks(text, limit)
        assert "".join(text[a:b] for a, b in pieces) == text
        assert all(0 < b - a <= limit for a, b in pieces)
    tail = text.index("Sans")
    pieces = paragraph_chunks(text, 130)
    assert all(text[a:b].endswith("\n\n") for a, b in pieces if b <= tail)  # cut after a blank line
    assert all(text[a:b].endswith(" ") for a, b in pieces[:-1] if a >= tail)  # no paragraph, no full stop: at a space


def test_fold_turns_letters_nfd_cannot_split_into_ascii_keeping_the_length():
    from pipeline.text import fold
    for text, folded in [("Kılıçoğlu", "kilicoglu"), ("Łódź", "lodz"), ("Đurić", "duric"), ("Tromsø", "tromso")]:
        assert fold(text) == folded and len(fold(text)) == len(text)
