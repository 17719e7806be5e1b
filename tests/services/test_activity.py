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
    (dict(action="follow_up_resolve", entity="follow_up", entity_id=4,
          after={"flag": "unsourced", "claim_id": 7, "reason": "The ministry's table is attached."},
          here=("claim", 7)),
     "maria resolved the follow-up “unsourced”: “The ministry's table is attached.”"),
    (dict(action="follow_up_snooze", entity="follow_up", entity_id=4,
          after={"flag": "stale", "claim_id": None, "snoozed_until": "2026-12-08", "reason": "Source on leave"},
          here=("article", 1)),
     "maria snoozed the follow-up “stale” until 2026-12-08: “Source on leave”"),
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


@pytest.mark.parametrize("event, sentence", [
    (dict(action="origin_add", entity="origin", entity_id=3, here=("article", 1),
          after={"title": "Council minutes, 12 May", "url": None, "claims_traced": 4}),
     "maria added the origin document “Council minutes, 12 May” (4 claims traced)"),
    (dict(action="origin_add", entity="origin", entity_id=3, after={"claims_traced": 1}),
     "maria added an origin document (1 claim traced)"),
    (dict(action="alignment_confirmed", entity="claim", entity_id=7, after={"claim_id": 7, "status": "changed"},
          here=("claim", 7)),
     "maria confirmed that the claim differs from its origin"),
    (dict(action="alignment_confirmed", entity="claim", entity_id=7, after={"claim_id": 7, "status": "supported"},
          here=("article", 1), claim_text="The port handled 1.2 million containers."),
     "maria confirmed that the claim “The port handled 1.2 million containers.” matches its origin"),
    (dict(action="alignment_rejected", entity="claim", entity_id=7, after={"claim_id": 7, "status": "unsupported"},
          here=("claim", 7)),
     "maria rejected the finding that the claim has no passage in any origin"),
    (dict(action="alignment_rejected", entity="claim", entity_id=8, after={}, here=("article", 1)),
     "maria rejected the origin match of claim 8"),
    (dict(action="ai_mark", entity="ai_mark", entity_id=2, after={"reason": "Chatbot text.", "start": 10, "end": 40},
          here=("article", 1)),
     "maria marked a passage of the article as AI-generated: “Chatbot text.”"),
    (dict(action="follow_up_reopen", entity="follow_up", entity_id=4, after={"flag": "stale", "claim_id": None},
          here=("article", 1)),
     "maria reopened the follow-up “stale”"),
    (dict(action="follow_up_assign", entity="follow_up", entity_id=4, after={"flag": "unverified", "claim_id": 7},
          here=("article", 1)),
     "maria assigned the follow-up “unverified” on claim 7"),
])
def test_phrase_for_provenance_and_report_work(event, sentence):
    event.setdefault("before", None)
    event.setdefault("after", None)
    assert phrase(actor="maria", **event) == sentence


def _recorded_actions() -> set[tuple[str, str]]:
    """Every (entity, action) the package can write, read from its audit.record(...) calls.

    An action given as a literal, a conditional of literals, an f-string over a value the same
    function checks against a literal set (`if decision not in {...}`), or a parameter of a helper
    whose callers pass literals. Anything else fails, so a new kind of call gets a rule here too.
    """
    import ast

    from tests.conftest import ROOT

    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "factcheck").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]

        def values(node, function) -> set[str]:
            where = f"{path.name}:{node.lineno}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                return {node.value}
            if isinstance(node, ast.IfExp):
                return values(node.body, function) | values(node.orelse, function)
            if isinstance(node, ast.JoinedStr):
                names = [v.value.id for v in node.values if isinstance(v, ast.FormattedValue)
                         and isinstance(v.value, ast.Name)]
                assert len(names) == 1 == sum(isinstance(v, ast.FormattedValue) for v in node.values), where
                domain = set()
                for compare in ast.walk(function):
                    if (isinstance(compare, ast.Compare) and isinstance(compare.left, ast.Name)
                            and compare.left.id == names[0] and isinstance(compare.ops[0], (ast.In, ast.NotIn))
                            and isinstance(compare.comparators[0], (ast.Set, ast.Tuple, ast.List))):
                        domain |= {e.value for e in compare.comparators[0].elts}
                assert domain, f"{where}: say which values {names[0]!r} takes (an `in {{...}}` check)"
                texts = [lambda v, c=c: c.value if isinstance(c, ast.Constant) else v for c in node.values]
                return {"".join(t(v) for t in texts) for v in domain}
            if isinstance(node, ast.Name) and function is not None:
                params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
                kwonly = [a.arg for a in function.args.kwonlyargs]
                assert node.id in params + kwonly, f"{where}: cannot tell what {node.id!r} holds"
                result = set()
                for caller in functions:
                    for call in ast.walk(caller):
                        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == function.name:
                            given = [k.value for k in call.keywords if k.arg == node.id]
                            if not given and node.id in params and params.index(node.id) < len(call.args):
                                given = [call.args[params.index(node.id)]]
                            assert given, f"{path.name}:{call.lineno}: {function.name}() without {node.id}"
                            result |= values(given[0], caller)
                assert result, f"{where}: nothing calls {function.name}()"
                return result
            raise AssertionError(f"{where}: cannot tell which action this audit.record call writes")

        for function in functions:
            for call in ast.walk(function):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "record"
                        and isinstance(call.func.value, ast.Name) and call.func.value.id == "audit"):
                    keywords = {k.arg: k.value for k in call.keywords}
                    entity = keywords["entity"]
                    assert isinstance(entity, ast.Constant), f"{path.name}:{call.lineno}: entity must be a literal"
                    found |= {(entity.value, action) for action in values(keywords["action"], function)}
    return found


def test_every_action_the_app_records_has_a_sentence():
    recorded = _recorded_actions()
    # The scan sees the actions it must: literals, conditionals, f-strings and the corrections helper.
    assert {("origin", "origin_add"), ("claim", "alignment_confirmed"), ("claim", "alignment_rejected"),
            ("follow_up", "follow_up_reopen"), ("user", "enable"), ("claim", "is_claim"),
            ("claim", "split"), ("claim", "restore"), ("export", "export")} <= recorded
    missing = sorted(f"{entity}/{action}" for entity, action in recorded
                     if not activity.has_phrase(action=action, entity=entity))
    assert not missing, f"give these actions a sentence in factcheck/services/activity.py: {missing}"
    assert not activity.has_phrase(action="retitle", entity="article")  # the fallback is still told apart
