"""The report renders every document and escapes all article text."""

from __future__ import annotations

import pytest

from rashomon.pipeline import analyze_texts
from rashomon.report import render

HOSTILE = ('Russian President Vladimir Putin met Iranian Foreign Minister Abbas Araghchi in Moscow. '
           '<script>window.__pwned = 1</script> <img src=x onerror="alert(1)"> "We will not send troops," '
           'he said.')


@pytest.mark.model
def test_report_renders_documents_and_escapes_article_text(nlp):
    analysis = analyze_texts([HOSTILE], published="2025-04-25", nlp=nlp)
    html = render(analysis)
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'id="overview"' in html and 'id="documents"' in html
    assert "Vladimir Putin" in html and "Abbas Araghchi" in html


@pytest.mark.model
def test_report_marks_mentions_in_the_text(nlp):
    analysis = analyze_texts(["Turkey hosted the talks. Hakan Fidan opened them."], published="2025-05-16", nlp=nlp)
    html = render(analysis)
    assert '<mark class="actor" title="TUR">Turkey</mark>' in html
