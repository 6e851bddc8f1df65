"""Review of edits in a real Chromium (Playwright, Debian's browser): an editor changes a live
engagement, the public keeps the published page, a publisher reviews the difference, previews
it, approves it, and the public page shows it; the editor is told (issue 11)."""

import pytest

from backoffice.roles import EDITOR, PUBLISHER
from core.models import Revision, RevisionStatus
from datasets.sample_data import load_sample_data
from tests.accessibility import axe_violations, new_checked_context
from tests.browser import PASSWORD, log_in
from tests.factories import staff_member
from visits.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"
OLD_TITLE = "日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流"
NEW_TITLE = "和歌山市議會日台友好議員連盟訪問高雄"


def test_an_editor_s_change_goes_through_review_to_the_public_page(live_server, browser):
    load_sample_data()
    staff_member("clerk", EDITOR, PASSWORD)
    staff_member("chief", PUBLISHER, PASSWORD)
    visit = Engagement.objects.get(slug=WAKAYAMA)
    public_url = f"{live_server.url}/zh-hant/engagements/{WAKAYAMA}/"
    problems: list[str] = []

    def watch(page):
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", lambda response: response.status >= 500 and problems.append(
            f"{response.status} {response.url}"))
        return page

    public = watch(browser.new_context(locale="zh-TW").new_page())
    editor = watch(browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW").new_page())

    # The editor opens the live engagement: the form says the save goes to review.
    log_in(editor, live_server.url, "clerk")
    editor.goto(f"{live_server.url}/admin/visits/engagement/{visit.pk}/change/")
    assert "送交發布者審核" in editor.locator("ul.messagelist").inner_text()
    editor.fill("#id_title_zh_hant", NEW_TITLE)
    inoue = editor.locator("#participations-group tbody tr.form-row", has_text="井上直樹")
    inoue.locator("input[name$=-title_zh_hant]").fill("幹事長兼事務局長")
    editor.click("input[name=_save]")
    editor.wait_for_load_state("networkidle")
    revision = Revision.objects.get()
    assert editor.url.endswith(f"/admin/core/revision/{revision.pk}/change/")
    assert "正等待發布者審核" in editor.locator("ul.messagelist").inner_text()
    assert editor.locator("#revision-status").inner_text() == "待審核"

    # The public still reads the published page.
    public.goto(public_url)
    assert public.locator("h1").inner_text() == OLD_TITLE
    assert "幹事長兼事務局長" not in public.content()

    # The publisher finds it in the queue, reads the difference and previews it.
    reviewer = watch(new_checked_context(browser, viewport={"width": 1280, "height": 900},
                                         locale="zh-TW").new_page())
    log_in(reviewer, live_server.url, "chief")
    reviewer.goto(f"{live_server.url}/admin/core/revision/")
    assert axe_violations(reviewer) == []
    reviewer.click(f"#result_list a[href$='/admin/core/revision/{revision.pk}/change/']")
    reviewer.wait_for_load_state("networkidle")
    fields = reviewer.locator("#revision-fields tbody tr").first
    assert fields.locator("del").inner_text() == OLD_TITLE
    assert fields.locator("ins").inner_text() == NEW_TITLE
    assert axe_violations(reviewer) == []  # the review page, with its difference and decision
    rows = reviewer.locator("table.revision-rows", has_text="參與人員").inner_text()
    assert "井上直樹" in rows and "幹事長兼事務局長" in rows
    with reviewer.expect_popup() as opened:
        reviewer.locator(".revision-preview a").first.click()
    preview = opened.value
    preview.wait_for_load_state("networkidle")
    assert preview.locator("h1").inner_text() == NEW_TITLE
    assert preview.locator(".preview-banner").is_visible()
    assert preview.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    assert axe_violations(preview) == []
    preview.close()
    public.goto(public_url)
    assert public.locator("h1").inner_text() == OLD_TITLE  # the preview stored nothing

    # Approval publishes exactly what was reviewed.
    reviewer.fill("#id_comment", "照准。")
    reviewer.click("input[name=_approve]")
    reviewer.wait_for_load_state("networkidle")
    assert "已核准" in reviewer.locator("ul.messagelist").inner_text()
    public.goto(public_url)
    assert public.locator("h1").inner_text() == NEW_TITLE
    assert "幹事長兼事務局長" in public.content()
    revision.refresh_from_db()
    assert (revision.status, revision.reviewer.username, revision.comment) == (
        RevisionStatus.APPROVED, "chief", "照准。")

    # The editor is told on their next admin page.
    editor.goto(f"{live_server.url}/admin/")
    assert "已由 chief 核准並發布" in editor.locator("ul.messagelist").inner_text()
    assert problems == []
