import pytest

from factcheck.services import articles, audit, claims, corrections

RAW = ("Port record\n\nThe port handled 1.2 million containers in March, officials said. "
       "Volumes rose 8% on a year earlier. Dr. Lee expects growth to slow.\n\n"
       "A second paragraph begins here. It has two sentences.\n").encode()


@pytest.fixture
def article(session):
    return articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article


def _exact(article, units):
    for unit in units:
        assert article.text[unit.start:unit.end] == unit.text
    spans = sorted((u.start, u.end) for u in units)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "units overlap"


def test_split_then_merge_keeps_offsets_exact_and_history(session, accounts, article):
    actor = accounts["editor"]
    before = articles.claim_units(session, article.id)
    first = before[0]
    at = first.start + first.text.index("officials")
    parts = corrections.split(session, claim_id=first.id, at=at, actor=actor)
    assert [p.text for p in parts] == ["The port handled 1.2 million containers in March,", "officials said."]
    after = articles.claim_units(session, article.id)
    assert len(after) == len(before) + 1
    assert [u.position for u in after] == list(range(len(after)))
    _exact(article, after)
    merged = corrections.merge_next(session, claim_id=parts[0].id, actor=actor)
    assert merged.text == first.text
    assert claims.get_claim(session, first.id).active is False  # retired, not deleted
    _exact(article, articles.claim_units(session, article.id))
    assert audit.verify(session)[1] is None


def test_merge_refuses_to_cross_a_paragraph(session, accounts, article):
    units = articles.claim_units(session, article.id)
    last_of_first_paragraph = next(u for u in units if u.text.startswith("Dr. Lee"))
    with pytest.raises(claims.ClaimError, match="another paragraph"):
        corrections.merge_next(session, claim_id=last_of_first_paragraph.id, actor=accounts["editor"])


def test_boundary_move_add_unit_and_overlap_refusal(session, accounts, article):
    actor = accounts["fact-checker"]
    units = articles.claim_units(session, article.id)
    unit = units[0]
    start, end, text = unit.start, unit.end, unit.text
    moved = corrections.move_boundary(session, claim_id=unit.id, start=start, end=end - 1, actor=actor)
    assert (moved.start, moved.end) == (start, end - 1)
    assert moved.text == article.text[moved.start:moved.end] == text[:-1]
    with pytest.raises(claims.ClaimError, match="overlaps"):
        corrections.add_unit(session, article_id=article.id, start=units[1].start, end=units[1].end + 3, actor=actor)
    corrections.set_not_claim(session, claim_id=units[1].id, actor=actor)
    assert claims.get_claim(session, units[1].id).status == "not_claim"


def test_a_claim_again_takes_the_status_its_work_gives_it(session, accounts, article):
    actor = accounts["editor"]
    unit = articles.claim_units(session, article.id)[1]
    claims.record_verdict(session, claim_id=unit.id, rating="true", rationale="", author=actor)
    corrections.set_not_claim(session, claim_id=unit.id, actor=actor)
    assert corrections.set_not_claim(session, claim_id=unit.id, actor=actor, not_claim=False).status == "done"
    other = articles.claim_units(session, article.id)[2]
    claims.add_source(session, claim_id=other.id, actor=actor, url="https://example.org/a", stance="context")
    corrections.set_not_claim(session, claim_id=other.id, actor=actor)
    assert corrections.set_not_claim(session, claim_id=other.id, actor=actor, not_claim=False).status == "in_progress"


def test_restore_brings_back_the_automatic_split(session, accounts, article):
    actor = accounts["editor"]
    original = [(u.start, u.end) for u in articles.claim_units(session, article.id)]
    unit = articles.claim_units(session, article.id)[1]
    corrections.split(session, claim_id=unit.id, at=unit.start + unit.text.index("8%"), actor=actor)
    assert [(u.start, u.end) for u in articles.claim_units(session, article.id)] != original
    restored = corrections.restore_automatic(session, article_id=article.id, actor=actor)
    assert [(u.start, u.end) for u in restored] == original


def test_restore_undoes_moved_boundaries_and_not_a_claim_marks(session, accounts, article):
    actor = accounts["editor"]
    original = [(u.start, u.end, u.text, u.status) for u in articles.claim_units(session, article.id)]
    first, second = articles.claim_units(session, article.id)[:2]
    corrections.move_boundary(session, claim_id=first.id, start=first.start + 4, end=first.end, actor=actor)
    moved = claims.get_claim(session, first.id)
    corrections.move_boundary(session, claim_id=first.id, start=moved.start, end=moved.end - 1, actor=actor)
    corrections.set_not_claim(session, claim_id=second.id, actor=actor)
    claims.add_source(session, claim_id=second.id, actor=actor, url="https://example.org/a", stance="supports")
    assert [(u.start, u.end, u.text, u.status) for u in articles.claim_units(session, article.id)] != original
    restored = corrections.restore_automatic(session, article_id=article.id, actor=actor)
    assert [(u.start, u.end) for u in restored] == [(s, e) for s, e, _, _ in original]
    assert all(article.text[u.start:u.end] == u.text for u in restored)
    # The mark is lifted; the source added meanwhile makes the unit "in progress", not "open".
    assert [u.status for u in restored] == [
        "in_progress" if u.id == second.id else status for u, (_, _, _, status) in zip(restored, original)]


def test_split_over_a_stale_version_is_a_conflict(session, accounts, article):
    unit = articles.claim_units(session, article.id)[0]
    stale = unit.version
    claims.add_comment(session, claim_id=unit.id, body="no version bump for comments", actor=accounts["editor"])
    claims.assign(session, claim_id=unit.id, assignee_id=accounts["editor"].id, actor=accounts["editor"])
    with pytest.raises(claims.Conflict):
        corrections.split(session, claim_id=unit.id, at=unit.start + 5, actor=accounts["fact-checker"], version=stale)
