"""Sentence spans with exact offsets, from sentencex."""
from __future__ import annotations

from sentencex import get_sentence_boundaries


def sentence_spans(text: str, language: str = "en", offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text, whitespace trimmed, shifted by offset."""
    spans = []
    for part in get_sentence_boundaries(language, text):
        if part["is_paragraph_break"]:
            continue
        start, end = part["start_index"], part["end_index"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((offset + start, offset + end))
    return spans
