"""The audit trail in plain words."""
import pytest

from factcheck.services import activity, articles, audit, claims, users
from factcheck.services.activity import phrase

ARTICLE = (b"Port volumes hit a record\n\nThe port handled 1.2 million containers in March. "
           b"That is 8% more than a year earlier, officials said.\n")


@pytest.mark.parametrize("event, sentence", [
    (dict(action="import", entity="article", entity_id=4, after={"claims": 3}, here=("article", 4)),
     "maria imported the article"),
    (dict(action="create", entity="user", entity_id=2, after={"username": "joe", "role": "editor"}),
     "maria created the account joe (editor)"),
    (dict(action="disable", entity="user", entity_id=2, before={"username": "joe"}, after={"username": "joe"}),
     "maria disabled the account joe"),
    (dict(action="enable", entity="user", entity_id=2, after={"username": "joe"}),
     "maria re-enabled the account joe"),
    (dict(action="set_password", entity="user", entity_id=2, after={"username": "joe"}),
     "maria set a new password for joe"),
    (dict(action="verdict", entity="verdict", entity_id=9, after={"claim_id": 7, "rating": "mostly_false", "sources": 2},
          here=("claim", 7)),
     "maria recorded Mostly false with 2 sources"),
    (dict(action="verdict", entity="verdict", entity_id=9, after={"claim_id": 7, "rating": "true", "sources": 1},
          here=("article", 1), claim_text="The port handled 1.2 million containers in March."),
     "maria recorded True with 1 source on the claim “The port handled 1.2 million containers in March.”"),
    (dict(action="verdict", entity="verdict", entity_id=9, after={"claim_id": 7, "rating": "unproven", "sources": 0},
          here=("claim", 7)),
     "maria recorded Unproven with no sources"),
    (dict(action="source_add", entity="source", entity_id=3,
          after={"claim_id": 7, "stance": "refutes", "url": "https://www.reuters.com/x", "title": ""}, here=("claim", 7)),
     "maria added a refuting source from www.reuters.com to the claim"),
    (dict(action="source_remove", entity="source", entity_id=3,
          before={"claim_id": 7, "url": "https://example.org/a", "stance": "supports"}, here=("claim", 7)),
     "maria removed a source from example.org from the claim"),
    (dict(action="source_edit", entity="source", entity_id=3, after={"claim_id": 7, "publisher": "AP"}, here=("claim", 7)),
     "maria edited a source from AP"),
    (dict(action="assign", entity="claim", entity_id=7, after={"assignee_id": 2, "assignee": "joe"}, here=("claim", 7)),
     "maria assigned the claim to joe"),
    (dict(action="assign", entity="claim", entity_id=7, after={"assignee_id": None, "assignee": None}, here=("claim", 7)),
     "maria unassigned the claim"),
    (dict(action="comment", entity="comment", entity_id=5, after={"claim_id": 7, "body": "Ask  the\nport."},
          here=("claim", 7)),
     "maria commented on the claim: “Ask the port.”"),
    (dict(action="split", entity="claim", entity_id=7, after={"claims": [7, 8, 9]}, here=("claim", 7)),
     "maria split the claim into 3 claims"),
    (dict(action="merge", entity="claim", entity_id=7, after={"merged": [8]}, here=("claim", 7)),
     "maria merged 1 claim into the claim"),
    (dict(action="boundary", entity="claim", entity_id=7, here=("claim", 7)),
     "maria adjusted the boundaries of the claim"),
    (dict(action="not_claim", entity="claim", entity_id=8, here=("article", 1)),
     "maria marked claim 8 as not a claim"),
    (dict(action="restore", entity="claim", entity_id=7, here=("claim", 7)), "maria restored the claim"),
    (dict(action="export", entity="audit", entity_id=None, after={"rows": 1}), "maria exported the audit trail (1 event)"),
    (dict(action="split", entity="claim", entity_id=7, after={"parts": [{}, {}]}, here=("claim", 7)),
     "maria split the claim into 2 claims"),
    (dict(action="merge", entity="claim", entity_id=7, before={"units": [{}, {}]}, here=("claim", 7)),
     "maria merged 2 claims into the claim"),
    (dict(action="is_claim", entity="claim", entity_id=7, here=("claim", 7)), "maria marked the claim as a claim again"),
    (dict(action="add_unit", entity="claim", entity_id=9, here=("article", 1), claim_text="Officials said so."),
     "maria added the claim “Officials said so.” by hand"),
    (dict(action="restore", entity="claim", entity_id=None, after={"units": 12}, here=("article", 1)),
     "maria restored the automatic claim split (12 claim units)"),
    (dict(action="export", entity="export", entity_id=None, after={"export": "claims", "rows": 40}),
     "maria exported the claims as CSV (40 rows)"),
    (dict(action="publish", entity="publication", entity_id=3, after={"claim_id": 7, "rating": "false"},
          here=("claim", 7)),
     "maria published the verdict False"),
    (dict(action="ai_mark", entity="ai_mark", entity_id=2, after={"reason": "Leaked chatbot text."},
          here=("article", 1)),
     "maria marked the article as AI-generated: “Leaked chatbot text.”"),
    (dict(action="follow_up_resolve", entity="follow_up", entity_id=4,
          after={"flag": "unsourced", "claim_id": 7}, here=("claim", 7)),
     "maria resolved the follow-up “unsourced”"),
    (dict(action="follow_up_snooze", entity="follow_up", entity_id=4, after={"flag": "stale", "claim_id": None},
          here=("article", 1)),
     "maria snoozed the follow-up “stale”"),
    (dict(action="publish_verdict", entity="verdict", entity_id=12), "maria publish verdict verdict 12"),
    (dict(action="approve", entity="report", entity_id=None), "maria approve the report"),
])
def test_phrase(event, sentence):
    event.setdefault("before", None)
    event.setdefault("after", None)
    assert phrase(actor="maria", **event) == sentence


def test_an_article_page_reads_the_claim_work_written_by_the_claim_services(session, accounts):
    checker, editor = accounts["fact-checker"], accounts["editor"]
    article = articles.import_bytes(session, raw=ARTICLE, filename="port.txt", actor=editor).article
    first, second = articles.claim_units(session, article.id)[:2]
    claims.add_source(session, claim_id=first.id, actor=checker, url="https://example.org/port-stats",
                      title="Port statistics", stance="supports")
    claims.add_source(session, claim_id=first.id, actor=checker, url="https://example.org/annual",
                      title="Annual report", stance="context")
    claims.record_verdict(session, claim_id=first.id, rating="mostly_false", rationale="Close, not quite.",
                          author=checker)
    claims.assign(session, claim_id=second.id, assignee_id=checker.id, actor=editor)
    claims.add_comment(session, claim_id=second.id, body="Who are the officials?", actor=editor)
    users.set_password(session, user=checker, password="another long passphrase", actor=editor)

    sentences = [a.sentence for a in activity.for_article(session, article.id).entries]
    quote = "“The port handled 1.2 million containers in March.”"
    assert sentences == [
        "editor commented on the claim “That is 8% more than a year earlier, officials said.”: “Who are the officials?”",
        "editor assigned the claim “That is 8% more than a year earlier, officials said.” to checker",
        f"checker recorded Mostly false with 2 sources on the claim {quote}",
        f"checker added a context source from Annual report to the claim {quote}",
        f"checker added a supporting source from Port statistics to the claim {quote}",
        "editor imported the article",
    ]  # newest first; the password change is not about this article

    on_first = [a.sentence for a in activity.for_claim(session, first.id, article_id=article.id).entries]
    assert on_first == ["checker recorded Mostly false with 2 sources",
                        "checker added a context source from Annual report to the claim",
                        "checker added a supporting source from Port statistics to the claim"]
    on_second = [a.sentence for a in activity.for_claim(session, second.id, article_id=article.id).entries]
    assert on_second == ["editor commented on the claim: “Who are the officials?”",
                         "editor assigned the claim to checker"]


def test_events_from_the_command_line_say_so(session, accounts):
    article = articles.import_bytes(session, raw=ARTICLE, filename="port.txt", actor=None).article
    (entry,) = activity.for_article(session, article.id).entries
    assert entry.sentence == "Someone at the command line imported the article"
    assert entry.at.tzinfo is not None


def test_long_histories_are_cut_at_the_limit_and_say_so(session, accounts, monkeypatch):
    article = articles.import_bytes(session, raw=ARTICLE, filename="port.txt", actor=None).article
    for i in range(4):
        audit.record(session, actor=accounts["editor"], entity="article", entity_id=article.id,
                     action="retitle", article_id=article.id, after={"n": i})
    session.commit()
    monkeypatch.setattr(activity, "LIMIT", 3)
    page = activity.for_article(session, article.id)
    assert len(page.entries) == 3 and page.more
    assert page.entries[0].sentence == "editor retitle the article"
