"""Any field survives the CSV writer: a reader gets it back unchanged, except for the injection guard."""
import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.services.exports import FORMULA_STARTS, csv_stream

# Text as people and files supply it: any characters but NUL and lone surrogates (which no UTF-8
# file can hold), CR and LF included.
FIELD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(FIELD, min_size=3, max_size=3), max_size=8))
def test_any_field_round_trips_except_for_the_guard(rows):
    columns = tuple((f"c{i}", (lambda i: lambda row: row[i])(i)) for i in range(3))
    text = "".join(csv_stream(rows, columns, chunk_rows=3))
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["c0", "c1", "c2"]
    assert len(back) == len(rows) + 1
    for written, read in zip(rows, back[1:]):
        for value, cell in zip(written, read):
            if value.startswith(FORMULA_STARTS):
                assert cell == "'" + value
            else:
                assert cell == value
            assert not cell.startswith(FORMULA_STARTS)
