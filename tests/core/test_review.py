"""Review of edits (issue 11): an editor's change to a published record waits for a publisher;
the public keeps the live version until the revision is approved, exactly as reviewed."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from backoffice.roles import EDITOR, PUBLISHER
from core import review
from core.models import Revision, RevisionSource, RevisionStatus
from tests.admin_forms import admin_form_data
from tests.factories import staff_member
from visits.models import Engagement, ParticipantRole, Person

pytestmark = pytest.mark.django_db

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"
TITLE_ZH = "日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流"
TITLE_EN = "Wakayama City Assembly Japan–Taiwan Friendship League visits Kaohsiung"
PUBLIC_ZH = f"/zh-hant/engagements/{WAKAYAMA}/"
PUBLIC_EN = f"/en/engagements/{WAKAYAMA}/"


def staff(role: str, name: str | None = None) -> tuple[User, Client]:
    """A staff user whose only group is ``role``, and a client logged in as them."""
    user = staff_member(name or f"{role}-user", role)
    client = Client()
    client.force_login(user)
    return user, client


def change_url(engagement: Engagement) -> str:
    return reverse("admin:visits_engagement_change", args=[engagement.pk])


def participant_rows(data: dict) -> dict[str, int]:
    """Row index of each participant in the posted form, by the person's English name."""
    rows = {}
    for index in range(int(data["participations-TOTAL_FORMS"])):
        person = Person.objects.get(pk=data[f"participations-{index}-person"])
        rows[person.name_en] = index
    return rows


def editors_change(client: Client, engagement: Engagement):
    """The editor's edit of the Wakayama visit: both titles, Naoki Inoue's English title, Chen
    Chi-mai's row moved to the end and a new guest typed in. (An editor cannot remove a row:
    that needs the delete permission.)"""
    data = admin_form_data(client.get(change_url(engagement)))
    rows = participant_rows(data)
    data["title_zh_hant"] = "和歌山市議會日台友好議員連盟訪問高雄"
    data["title_en"] = "Wakayama City Council friendship league visits Kaohsiung"
    data[f"participations-{rows['Naoki Inoue']}-title_en"] = "Secretary General"
    new = int(data["participations-TOTAL_FORMS"])
    data[f"participations-{rows['Chen Chi-mai']}-position"] = str(new + 1)
    data.update({
        "participations-TOTAL_FORMS": str(new + 1),
        f"participations-{new}-new_name_zh_hant": "山本太郎",
        f"participations-{new}-new_name_en": "Taro Yamamoto",
        f"participations-{new}-role": ParticipantRole.MEMBER,
        f"participations-{new}-title_zh_hant": "議員",
        f"participations-{new}-title_en": "Councillor",
        f"participations-{new}-position": str(new),
    })
    return client.post(change_url(engagement), data)


def live_state(engagement: Engagement) -> tuple:
    engagement.refresh_from_db()
    return (engagement.title_zh_hant, engagement.title_en, sorted(
        (str(p.person.name_en), p.role, p.title_en) for p in engagement.participations.all()))


LIVE_BEFORE = (TITLE_ZH, TITLE_EN, [("Chen Chi-mai", "host", "Mayor"), ("Fujio Endo", "head", "Chair"),
                                    ("Naoki Inoue", "member", "Secretary-General")])


@pytest.fixture
def wakayama() -> Engagement:
    return Engagement.objects.get(slug=WAKAYAMA)


def test_an_editor_s_change_to_a_published_engagement_waits_for_review(wakayama, client):
    editor, editor_client = staff(EDITOR)
    history_before = wakayama.history.count()
    people_before = Person.objects.count()

    response = editors_change(editor_client, wakayama)

    revision = Revision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_revision_change", args=[revision.pk])
    # Nothing went live: the record, its rows, its history, the people, the public pages.
    assert live_state(wakayama) == LIVE_BEFORE
    assert wakayama.history.count() == history_before
    assert Person.objects.count() == people_before
    zh, en = client.get(PUBLIC_ZH).content.decode(), client.get(PUBLIC_EN).content.decode()
    assert TITLE_ZH in zh and "和歌山市議會日台友好議員連盟訪問高雄" not in zh and "山本太郎" not in zh
    assert "陳其邁" in zh and "Secretary-General" in en and "Secretary General" not in en

    assert (revision.status, revision.author, revision.source) == (
        RevisionStatus.PENDING, editor, RevisionSource.FORM)
    assert revision.record_label == TITLE_ZH
    with translation.override("en"):
        diff = review.revision_diff(revision)
    assert [(c.label, c.before, c.after) for c in diff.fields] == [
        ("title [zh-hant]", TITLE_ZH, "和歌山市議會日台友好議員連盟訪問高雄"),
        ("title [en]", TITLE_EN, "Wakayama City Council friendship league visits Kaohsiung"),
    ]
    participants = next(s for s in diff.sections if s.title == "participants")
    shown = {(row.kind, row.label): [(c.label, c.before, c.after) for c in row.fields]
             for row in participants.rows}
    assert shown[("changed", "陳其邁市長")] == [("position", "2", "4")]
    assert shown[("changed", "「日台友好和歌山市議會議員連盟」井上直樹幹事長")] == [
        ("title at the time [en]", "Secretary-General", "Secretary General")]
    assert shown[("added", "山本太郎議員")] == [
        ("person", "", "山本太郎"), ("role", "", "member of delegation"),
        ("title at the time [zh-hant]", "", "議員"), ("title at the time [en]", "", "Councillor"),
        ("position", "", "3")]
    assert len(participants.rows) == 3
    assert [(row.kind, row.label) for row in diff.others] == [("added", "person: 山本太郎")]


def test_the_publisher_approves_and_the_public_shows_exactly_the_revision(wakayama, client):
    editor, editor_client = staff(EDITOR)
    publisher, publisher_client = staff(PUBLISHER)
    editors_change(editor_client, wakayama)
    revision = Revision.objects.get()

    page = publisher_client.get(reverse("admin:core_revision_change", args=[revision.pk]))
    assert page.status_code == 200 and page.context["may_review"]
    response = publisher_client.post(reverse("admin:core_revision_change", args=[revision.pk]),
                                     {"_approve": "1", "comment": "OK"})

    assert response.status_code == 302
    assert live_state(wakayama) == (
        "和歌山市議會日台友好議員連盟訪問高雄", "Wakayama City Council friendship league visits Kaohsiung",
        [("Chen Chi-mai", "host", "Mayor"), ("Fujio Endo", "head", "Chair"),
         ("Naoki Inoue", "member", "Secretary General"), ("Taro Yamamoto", "member", "Councillor")])
    assert Person.objects.filter(name_zh_hant="山本太郎", name_en="Taro Yamamoto").count() == 1
    en = client.get(PUBLIC_EN).content.decode()
    assert "Wakayama City Council friendship league visits Kaohsiung" in en and "Taro Yamamoto" in en
    assert [p.person.name_en for p in wakayama.participations.order_by("position", "pk")] == [
        "Fujio Endo", "Naoki Inoue", "Taro Yamamoto", "Chen Chi-mai"]  # the host moved to the end
    revision.refresh_from_db()
    assert (revision.status, revision.reviewer, revision.comment) == (RevisionStatus.APPROVED, publisher, "OK")
    # The history: the new version is the publisher's, naming the revision and its author.
    latest = wakayama.history.first()
    assert latest.history_user == publisher
    assert latest.history_change_reason == f"核准 editor-user 提出的修訂 {revision.pk}"  # the admin's language
    assert [(step.status, step.history_user) for step in revision.history.order_by("history_date")] == [
        (RevisionStatus.PENDING, editor), (RevisionStatus.APPROVED, publisher)]


def review_url(revision: Revision) -> str:
    return reverse("admin:core_revision_change", args=[revision.pk])


def test_a_rejected_revision_changes_nothing_and_its_author_reads_the_comment(wakayama):
    editor, editor_client = staff(EDITOR)
    _publisher, publisher_client = staff(PUBLISHER)
    editors_change(editor_client, wakayama)
    revision = Revision.objects.get()

    refused = publisher_client.post(review_url(revision), {"_reject": "1", "comment": "  "})
    assert refused.status_code == 302 and Revision.objects.get().status == RevisionStatus.PENDING
    publisher_client.post(review_url(revision), {"_reject": "1", "comment": "山本議員並未隨團，請查證。"})

    assert live_state(wakayama) == LIVE_BEFORE
    revision.refresh_from_db()
    assert (revision.status, revision.comment) == (RevisionStatus.REJECTED, "山本議員並未隨團，請查證。")
    # The author's next admin page says so, once; their list and the revision show it.
    index = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    told = [str(m) for m in index.context["messages"] if "退回" in str(m)]
    assert told == [f'<a href="{review_url(revision)}">您對「{TITLE_ZH}」的修訂已被 publisher-user 退回：'
                    "山本議員並未隨團，請查證。</a>"]
    again = editor_client.get(reverse("admin:index"))
    assert not [m for m in again.context["messages"] if "退回" in str(m)]
    mine = editor_client.get(reverse("admin:core_revision_changelist") + "?state=rejected&by=me")
    assert list(mine.context["cl"].result_list) == [revision]
    page = editor_client.get(review_url(revision)).content.decode()
    assert "山本議員並未隨團，請查證。" in page and not editor_client.get(review_url(revision)).context["may_review"]


def test_two_pending_revisions_of_one_record_cannot_both_be_approved_blindly(wakayama):
    editor, editor_client = staff(EDITOR)
    other, other_client = staff(EDITOR, "second-editor")
    publisher, _publisher_client = staff(PUBLISHER)
    data = admin_form_data(editor_client.get(change_url(wakayama)))
    editor_client.post(change_url(wakayama), {**data, "title_en": "First editor's title"})
    other_client.post(change_url(wakayama), {**data, "place_zh_hant": "高雄市政府四維行政中心"})
    first, second = Revision.objects.order_by("pk")
    assert (first.author, second.author) == (editor, other)

    review.approve(first, reviewer=publisher)
    with translation.override("en"), pytest.raises(review.StaleRevision) as refused:
        review.approve(second, reviewer=publisher)

    assert refused.value.changed == ["title [en]"]
    wakayama.refresh_from_db()
    # The second revision would have put back the old English title: it was refused whole.
    assert (wakayama.title_en, wakayama.place_zh_hant) == ("First editor's title", "高雄市")
    second.refresh_from_db()
    assert second.status == RevisionStatus.PENDING
    page = _publisher_client.get(review_url(second), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["changed_since"] == ["title [en]"]
    assert 'name="_approve" value="Approve and publish" disabled' in page.content.decode()


def test_a_publisher_edits_live_directly_and_cannot_approve_their_own_revision(wakayama):
    publisher, publisher_client = staff(PUBLISHER)
    data = admin_form_data(publisher_client.get(change_url(wakayama)))
    response = publisher_client.post(change_url(wakayama), {**data, "title_en": "Edited live"})
    assert response.status_code == 302 and not Revision.objects.exists()
    wakayama.refresh_from_db()
    assert wakayama.title_en == "Edited live"


def test_a_revert_by_an_editor_is_a_revision(wakayama, client):
    _publisher, publisher_client = staff(PUBLISHER)
    editor, editor_client = staff(EDITOR)
    data = admin_form_data(publisher_client.get(change_url(wakayama)))
    publisher_client.post(change_url(wakayama), {**data, "title_en": "Edited live"})
    old = wakayama.history.filter(title_en=TITLE_EN).first()
    revert_url = reverse("admin:visits_engagement_simple_history", args=[wakayama.pk, old.history_id])
    form = admin_form_data(editor_client.get(revert_url))

    response = editor_client.post(revert_url, form)

    revision = Revision.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(revision)
    assert (revision.source, revision.author) == (RevisionSource.REVERT, editor)
    wakayama.refresh_from_db()
    assert wakayama.title_en == "Edited live"
    assert "Edited live" in client.get(PUBLIC_EN).content.decode()
    with translation.override("en"):
        assert [(c.label, c.before, c.after) for c in review.revision_diff(revision).fields] == [
            ("title [en]", "Edited live", TITLE_EN)]


def test_an_import_updating_published_engagements_by_an_editor_is_held(wakayama):
    from tablib import Dataset

    from visits.resources import EngagementResource

    editor, _client = staff(EDITOR)
    dataset = Dataset(headers=["slug", "place_zh_hant", "topics"])
    dataset.append([WAKAYAMA, "高雄市議會", "文化"])

    result = EngagementResource(user=editor).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True,
        user=editor, file_name="visits.csv")

    assert not result.has_validation_errors() and not result.has_errors()
    wakayama.refresh_from_db()
    assert wakayama.place_zh_hant == "高雄市" and wakayama.topics.count() == 5
    revision = Revision.objects.get()
    assert (revision.source, revision.author) == (RevisionSource.IMPORT, editor)
    assert result.held_revisions == [revision]
    with translation.override("en"):
        diff = review.revision_diff(revision)
    assert [(c.label, c.before, c.after) for c in diff.fields] == [
        ("place [zh-hant]", "高雄市", "高雄市議會"),
        ("topics", "culture, education, industry, Taiwan–Japan relations, tourism", "culture")]
    publisher, _ = staff(PUBLISHER)
    review.approve(revision, reviewer=publisher)
    wakayama.refresh_from_db()
    assert wakayama.place_zh_hant == "高雄市議會"
    assert [str(topic.name) for topic in wakayama.topics.all()] == ["文化"]


def test_rows_removed_by_a_held_change_are_shown_and_deleted_on_approval(wakayama):
    editor, _client = staff(EDITOR)
    publisher, _ = staff(PUBLISHER)
    chen = wakayama.participations.get(person__name_en="Chen Chi-mai")

    _result, revision = review.hold(wakayama, chen.delete, author=editor, source=RevisionSource.FORM)

    assert wakayama.participations.count() == 3
    participants = review.revision_diff(revision).sections
    assert [(s.title, [(r.kind, r.label) for r in s.rows]) for s in participants] == [
        ("參與人員", [("removed", "陳其邁市長")])]
    review.approve(revision, reviewer=publisher)
    assert sorted(p.person.name_en for p in wakayama.participations.all()) == ["Fujio Endo", "Naoki Inoue"]


def test_a_pending_revision_is_previewed_as_the_public_page_by_staff_only(wakayama, client):
    _editor, editor_client = staff(EDITOR)
    _viewer, viewer_client = staff("viewer")
    editors_change(editor_client, wakayama)
    revision = Revision.objects.get()
    url = reverse("admin:core_revision_preview", args=[revision.pk, "en"])

    page = viewer_client.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Wakayama City Council friendship league visits Kaohsiung" in html and "Taro Yamamoto" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert f"Preview of revision {revision.pk}" in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert {"no-store", "private"} <= {part.strip() for part in page["Cache-Control"].split(",")}
    # Nothing of it was kept.
    assert live_state(wakayama) == LIVE_BEFORE and not Person.objects.filter(name_en="Taro Yamamoto").exists()
    assert "Taro Yamamoto" not in client.get(PUBLIC_EN).content.decode()
    # Anonymous visitors are sent to the login; staff without the view permission are refused.
    assert client.get(url).status_code == 302 and "/admin/login/" in client.get(url)["Location"]
    nobody = User.objects.create_user("no-role", is_staff=True)
    stranger = Client()
    stranger.force_login(nobody)
    assert stranger.get(url).status_code == 403


def test_a_draft_is_previewed_at_an_admin_address_and_stays_a_draft(wakayama, client):
    Engagement.objects.filter(pk=wakayama.pk).update(status="draft")
    _viewer, viewer_client = staff("viewer")
    url = reverse("admin:visits_engagement_preview", args=[wakayama.pk, "zh-hant"])

    page = viewer_client.get(url)

    assert page.status_code == 200 and TITLE_ZH in page.content.decode()
    assert f'role="status">預覽紀錄發布後的樣子（尚未公開）：{TITLE_ZH}</p>' in page.content.decode()
    assert "noindex" in page["X-Robots-Tag"]
    wakayama.refresh_from_db()
    assert wakayama.status == "draft"
    assert client.get(PUBLIC_ZH).status_code == 404
    assert client.get(url).status_code == 302
    change = viewer_client.get(change_url(wakayama))
    assert url in change.content.decode()  # the change form links to it
    assert viewer_client.get(reverse("admin:visits_engagement_preview", args=[wakayama.pk, "fr"])).status_code == 404


def test_a_visitor_list_adding_people_to_a_published_engagement_is_held(wakayama):
    from tablib import Dataset

    from visits.resources import VisitorListResource

    editor, _client = staff("organiser")
    people_before = Person.objects.count()
    dataset = Dataset(headers=["engagement", "name_zh_hant", "name_en", "role", "title_zh_hant"])
    dataset.append([WAKAYAMA, "山本太郎", "Taro Yamamoto", "member", "議員"])
    dataset.append([WAKAYAMA, "井上直樹", "", "member", "幹事長兼事務局長"])

    result = VisitorListResource(user=editor).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True,
        user=editor, file_name="visitors.csv")

    assert not result.has_validation_errors() and not result.has_errors()
    assert Person.objects.count() == people_before and live_state(wakayama) == LIVE_BEFORE
    assert wakayama.participations.get(person__name_en="Naoki Inoue").title_zh_hant == "幹事長"
    revision = Revision.objects.get()  # one for the engagement: the new row and the changed one
    assert result.held_revisions == [revision]
    with translation.override("en"):
        diff = review.revision_diff(revision)
    title = "title at the time [zh-hant]"
    assert [(row.kind, row.label, [(c.label, c.after) for c in row.fields if c.label == title])
            for section in diff.sections for row in section.rows] == [
        ("changed", "「日台友好和歌山市議會議員連盟」井上直樹幹事長兼事務局長",
         [("title at the time [zh-hant]", "幹事長兼事務局長")]),
        ("added", "山本太郎議員", [("title at the time [zh-hant]", "議員")])]
    assert [(row.kind, row.label) for row in diff.others] == [("added", "person: 山本太郎")]

    publisher, _ = staff(PUBLISHER)
    review.approve(revision, reviewer=publisher)
    taro = Person.objects.get(name_zh_hant="山本太郎")
    assert (taro.name_en, taro.country.iso_code) == ("Taro Yamamoto", "JP")
    assert sorted((p.person.name_en, p.title_zh_hant) for p in wakayama.participations.all()) == [
        ("Chen Chi-mai", "市長"), ("Fujio Endo", "會長"), ("Naoki Inoue", "幹事長兼事務局長"),
        ("Taro Yamamoto", "議員")]


def test_a_participant_changed_on_its_own_page_is_held_on_its_engagement(wakayama):
    _editor, editor_client = staff(EDITOR)
    inoue = wakayama.participations.get(person__name_en="Naoki Inoue")
    url = reverse("admin:visits_participation_change", args=[inoue.pk])
    data = admin_form_data(editor_client.get(url))

    response = editor_client.post(url, {**data, "title_en": "Secretary General"})

    revision = Revision.objects.get()
    assert response["Location"] == review_url(revision)
    assert (revision.content_type.model, revision.object_id) == ("engagement", wakayama.pk)
    inoue.refresh_from_db()
    assert inoue.title_en == "Secretary-General"


def test_an_approval_the_database_refuses_changes_nothing_and_says_why(wakayama):
    from visits.models import MainGuest, ReportingPeriod

    editor, _client = staff(EDITOR)
    publisher, publisher_client = staff(PUBLISHER)
    inoue = wakayama.participations.get(person__name_en="Naoki Inoue")
    _result, revision = review.hold(wakayama, inoue.delete, author=editor, source=RevisionSource.FORM)
    inoue = wakayama.participations.get(person__name_en="Naoki Inoue")  # delete() forgot its key
    # Meanwhile the half-year's report lists him as a main guest (not a change of the engagement).
    period = ReportingPeriod.objects.get(year=2022, half=2)
    MainGuest.objects.create(period=period, participation=inoue, position=99)

    response = publisher_client.post(review_url(revision), {"_approve": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302 and response["Location"] == review_url(revision)
    told = [str(m) for m in publisher_client.get(review_url(revision)).context["messages"]]
    assert told == ["The revision cannot be applied as it is: the database refused it (a removed row is "
                    "still named by Naoki Inoue, Secretary-General, Japan–Taiwan Friendship League of "
                    "Wakayama City Assembly). Nothing was changed; reject it and ask its author to "
                    "make the change again."]
    assert wakayama.participations.filter(pk=inoue.pk).exists()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING


def test_a_partnership_added_to_a_published_city_on_its_own_page_is_held():
    from cities.models import City, Partnership, PartnershipKind

    city = City.objects.filter(status="published").exclude(partnerships__isnull=True).first()
    before = list(Partnership.objects.filter(city=city).values_list("pk", flat=True))
    _editor, editor_client = staff(EDITOR)
    add_url = reverse("admin:cities_partnership_add")
    data = admin_form_data(editor_client.get(add_url))
    kinds = set(Partnership.objects.filter(city=city).values_list("kind", flat=True))
    kind = next(value for value in PartnershipKind.values if value not in kinds)
    data.update({"city": city.pk, "kind": kind, "established_on": "114/09/14",
                 "established_precision": "day"})

    response = editor_client.post(add_url, data)

    revision = Revision.objects.get()
    assert response["Location"] == review_url(revision)
    assert (revision.content_type.model, revision.object_id) == ("city", city.pk)
    assert list(Partnership.objects.filter(city=city).values_list("pk", flat=True)) == before
    diff = review.revision_diff(revision)
    assert [[row.kind for row in section.rows] for section in diff.sections] == [["added"]]
    publisher, _ = staff(PUBLISHER)
    review.approve(revision, reviewer=publisher)
    added = Partnership.objects.filter(city=city).exclude(pk__in=before).get()
    assert (added.kind, added.established_on.isoformat()) == (kind, "2025-09-14")
