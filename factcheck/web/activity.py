"""Activity pages: the audit trail of one article or one claim, in plain words."""
from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, render_template
from flask_login import login_required
from sqlalchemy import select

from factcheck.db import get_session
from factcheck.models import Article, ClaimUnit
from factcheck.services import activity

bp = Blueprint("activity", __name__)


def _by_day(page: activity.ActivityPage):
    return [(day, list(entries)) for day, entries in groupby(page.entries, key=lambda a: a.at.date())]


@bp.get("/articles/<int:article_id>/activity")
@login_required
def article(article_id: int):
    session = get_session()
    # Only the title: the stored raw bytes may be megabytes.
    found = session.execute(select(Article.__table__.c.id, Article.__table__.c.title)
                            .where(Article.__table__.c.id == article_id)).first()
    if found is None:
        abort(404)
    page = activity.for_article(session, article_id)
    return render_template("activity/article.html", article=found, days=_by_day(page), more=page.more)


@bp.get("/claims/<int:claim_id>/activity")
@login_required
def claim(claim_id: int):
    session = get_session()
    claim_t, article_t = ClaimUnit.__table__, Article.__table__
    found = session.execute(select(claim_t.c.id, claim_t.c.text, claim_t.c.article_id,
                                   article_t.c.title.label("article_title"))
                            .join(article_t, claim_t.c.article_id == article_t.c.id)
                            .where(claim_t.c.id == claim_id)).first()
    if found is None:
        abort(404)
    page = activity.for_claim(session, claim_id, article_id=found.article_id)
    return render_template("activity/claim.html", claim=found, days=_by_day(page), more=page.more)
