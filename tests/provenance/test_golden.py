"""The demo pairs: every planted change found with both sides named, nothing else flagged.

Everything here comes from data/manifest.json ("planted_changes", "invented_sentences",
"unplanted_unsupported"), so new demo pairs are tested as soon as the manifest lists them.
"""
from __future__ import annotations

import pytest

from factcheck.provenance import trace

CHECKWORTHY = 0.4  # the report's CHECKWORTHY_MIN: from here a claim is worth checking


@pytest.fixture(scope="module")
def traces(demo_pairs) -> dict:
    return {name: (article, origins, files, trace(article, origins))
            for name, (article, origins, files) in demo_pairs.items()}


def claim_with_text(result, text):
    found = [c for c in result.claims if c.text == text]
    assert len(found) == 1, f"no single claim unit reads {text!r}"
    return found[0]


def test_the_manifest_has_pairs_to_trace(traces, manifest):
    assert len(traces) >= 2
    assert {p["article"] for p in manifest["planted_changes"]} <= traces.keys()


def test_every_planted_change_is_found_with_both_sides_named(traces, manifest):
    for planted in manifest["planted_changes"]:
        article, origins, files, result = traces[planted["article"]]
        claim = claim_with_text(result, planted["claim_sentence"])
        assert claim.status == "changed", (planted, claim)
        named = [(d.kind, d.claim, d.origin) for d in claim.differences]
        assert (planted["kind"], planted["claim"], planted["origin"]) in named, named
        difference = next(d for d in claim.differences if d.claim == planted["claim"])
        assert files[difference.origin_index] == planted["origin_file"]
        # the passage shown beside the claim is the origin sentence that was changed
        assert planted["origin_sentence"] in [m.text for m in claim.matches]
        # both sides can be highlighted: offsets into each document's text
        assert article.text[difference.claim_start:difference.claim_end] == planted["claim"]
        origin_text = origins[difference.origin_index].text
        assert origin_text[difference.origin_start:difference.origin_end] == planted["origin"]


def test_nothing_but_the_planted_changes_is_changed(traces, manifest):
    planted = {(p["article"], p["claim_sentence"]) for p in manifest["planted_changes"]}
    changed = {(name, c.text) for name, (*_, result) in traces.items()
               for c in result.claims if c.status == "changed"}
    assert changed == planted
    for name, (*_, result) in traces.items():
        for c in result.claims:
            if c.status != "changed":
                assert c.differences == [], c


def test_each_planted_claim_names_only_its_planted_difference(traces, manifest):
    for planted in manifest["planted_changes"]:
        *_, result = traces[planted["article"]]
        claim = claim_with_text(result, planted["claim_sentence"])
        assert [(d.kind, d.claim, d.origin) for d in claim.differences] == [
            (planted["kind"], planted["claim"], planted["origin"])]


def test_invented_sentences_are_unsupported(traces, manifest):
    for invented in manifest["invented_sentences"]:
        *_, result = traces[invented["article"]]
        claim = claim_with_text(result, invented["text"])
        assert claim.status == "unsupported"
        assert claim.matches == [] and claim.differences == []


def test_rhetoric_and_chatbot_leftovers_have_no_differences(traces, manifest):
    for item in manifest["unplanted_unsupported"]:
        *_, result = traces[item["article"]]
        for c in result.claims:
            if c.text == item["text"]:  # some are boilerplate, not claim units
                assert c.status in ("supported", "unsupported"), (item, c)
                assert c.differences == []


def test_faithful_checkworthy_sentences_are_supported(traces, manifest):
    listed = ({p["claim_sentence"] for p in manifest["planted_changes"]}
              | {i["text"] for i in manifest["invented_sentences"]}
              | {u["text"] for u in manifest["unplanted_unsupported"]})
    checked = 0
    for name, (article, *_, result) in traces.items():
        worth = {c.id: c.checkworthy for c in article.claims}
        for c in result.claims:
            if c.text in listed:
                continue
            if worth[c.id] >= CHECKWORTHY:
                assert c.status == "supported", c
                assert c.matches, c
                checked += 1
            else:
                assert c.status != "changed", c
    assert checked >= 15


def test_offsets_index_each_documents_text(traces):
    for name, (article, origins, _, result) in traces.items():
        for c in result.claims:
            assert article.text[c.start:c.end] == c.text
            for m in c.matches:
                assert origins[m.origin].text[m.start:m.end] == m.text
                assert 0 < m.score <= 1


def test_the_json_is_issue_9s_schema(traces):
    *_, result = traces["aggregator-ai-disclosed.txt"]
    data = result.to_dict()
    assert set(data) == {"schema", "claims"} and data["schema"] == "factcheck.trace/1"
    for c in data["claims"]:
        assert set(c) == {"id", "start", "end", "text", "status", "matches", "differences"}
        assert c["status"] in ("supported", "changed", "unsupported")
        for m in c["matches"]:
            assert set(m) == {"origin", "start", "end", "text", "score"}
        for d in c["differences"]:
            assert set(d) == {"kind", "claim", "origin"}
            assert d["kind"] in ("number", "date", "name", "quantity")
    assert {"kind": "number", "claim": "$4.85 billion", "origin": "$4.58 billion"} in [
        d for c in data["claims"] for d in c["differences"]]
