"""words.py: the fast routes give the words the definition (_WORD on the lowered text) gives."""
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.analysis import words

BITS = ["İstanbul ", "ΟΔΟΣ. ", "ΟΔΟΣ.Α", "Σ", "straße ", "“Quoted,” ", "it’s ", "U.S. ", "—", "。",
        "e\u0301", "\ud800", "K", "ſ", "ı", "ǅ", "\t", "\n", " ", "A-B ", "'x' "]
texts = st.lists(st.one_of(st.sampled_from(BITS), st.text(max_size=8)), max_size=30).map("".join)


def definition(piece: str) -> set[str]:
    return set(words._WORD.findall(piece.lower()))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_words_of_is_the_definition(piece):
    assert words.words_of(piece) == definition(piece)


def test_a_slice_of_an_ascii_block_folded_once_has_the_words_of_the_slice():
    # _claims folds an ASCII block once and splits each sentence's slice of it.
    piece = "The U.S. said: \"no\"... (Reuters) It's 4.5% -- A-B; x/y\tDr. Who?"
    folded = words.ascii_folded(piece)
    for i in range(len(piece)):
        for j in range(i, len(piece) + 1):
            assert set(folded[i:j].split()) == words.words_of(piece[i:j])
