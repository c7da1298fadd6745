"""AppTest: My canvases — create, open, rename, copy, delete, upload, history."""

import json
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from canvas.export import json_bytes
from canvas.fileformat.templates import load_template
from canvas.i18n import get_translator
from canvas.store.errors import StoreError
from canvas.store.folder.canvases import CanvasStore
from tests.apptest_helpers import button, logged_in, no_exceptions, plain_texts, store_for

PAGE = "pages/my_canvases.py"


def folder_bytes(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes()
            for p in sorted(data_dir.rglob("*")) if p.is_file() and ".locks" not in p.parts}


def test_create_and_open_a_canvas(data_dir):
    at = logged_in(data_dir)
    assert "You have no canvas yet" in plain_texts(at)
    at.text_input(key="new_title").input("Night-shift nurses")
    at.text_input(key="new_segment").input("Nurses in Leeds")
    button(at, key="FormSubmitter:new_canvas-Create and open").click()
    at.run()
    no_exceptions(at)
    assert [x.value for x in at.title] == ["Night\\-shift nurses"]  # the editor, title escaped
    (summary,) = store_for(data_dir).list()
    assert (summary.title, summary.segment, summary.revision) == (
        "Night-shift nurses", "Nurses in Leeds", 1)
    assert at.query_params["canvas"] in (summary.id, [summary.id])


def test_list_shows_counts_and_plain_text_titles(data_dir):
    logged_in(data_dir)
    store = store_for(data_dir)
    canvas = load_template("smart-home-shop", "en").model_copy(
        update={"title": "**Bold** <i>shop</i> [x](http://e.org)"})
    store.create(canvas)
    at = logged_in(data_dir, page=PAGE)
    no_exceptions(at)
    shown = plain_texts(at)
    assert "**Bold** <i>shop</i> [x](http://e.org)" in shown
    assert f"{len(canvas.jobs)} jobs · {len(canvas.pains)} pains" in shown


def test_rename_copy_and_delete_with_confirmation(data_dir):
    logged_in(data_dir)
    store = store_for(data_dir)
    first = store.create(load_template("bakery-new-range", "en"))
    at = logged_in(data_dir, page=PAGE)
    at.text_input(key=f"rename_title_{first.id}").input("Bakery, spring plan")
    button(at, key=f"FormSubmitter:rename_{first.id}-Rename").click()
    at.run()
    assert store.load(first.id).title == "Bakery, spring plan"
    button(at, key=f"dup_{first.id}").click()
    at.run()
    titles = sorted(s.title for s in store.list())
    assert titles == ["Bakery, spring plan", "Bakery, spring plan (copy)"]
    copy_id = next(s.id for s in store.list() if s.id != first.id)
    # Delete asks first; "Keep it" keeps it.
    button(at, key=f"del_{copy_id}").click()
    at.run()
    assert "for good" in plain_texts(at)
    button(at, key=f"del_no_{copy_id}").click()
    at.run()
    assert store.exists(copy_id)
    button(at, key=f"del_{copy_id}").click()
    at.run()
    button(at, key=f"del_yes_{copy_id}").click()
    at.run()
    no_exceptions(at)
    assert not store.exists(copy_id) and store.exists(first.id)


def test_upload_valid_and_refused_files(data_dir):
    logged_in(data_dir)
    at = logged_in(data_dir, page=PAGE)
    good = load_template("gym-membership", "fr").to_json().encode()
    at.get("file_uploader")[0].upload("gym.json", good, "application/json")
    at.run()
    no_exceptions(at)
    assert [s.title for s in store_for(data_dir).list()] == [
        json.loads(good)["title"]]
    before = folder_bytes(data_dir)
    bad = json.loads(good)
    bad["pains"][0]["severity"] = 9
    bad["jobs"][0]["colour"] = "red"
    at.get("file_uploader")[0].upload("bad.json", json.dumps(bad).encode(), "application/json")
    at.run()
    no_exceptions(at)
    shown = plain_texts(at)
    assert "was not imported" in shown
    assert "bad.json: pains[0].severity: a score must be a whole number from 1 to 5" in shown
    assert "bad.json: jobs[0].colour: this field is not part of the canvas format" in shown
    assert folder_bytes(data_dir) == before


def test_restore_an_older_revision(data_dir):
    logged_in(data_dir)
    store = store_for(data_dir)
    canvas = store.create(load_template("gift-shop-online", "en"))
    store.save(canvas.model_copy(update={"title": "Changed title"}))
    at = logged_in(data_dir, page=PAGE)
    at.selectbox(key=f"history_{canvas.id}").set_value(1)
    button(at, key=f"restore_{canvas.id}").click()
    at.run()
    no_exceptions(at)
    restored = store.load(canvas.id)
    assert restored.title == canvas.title and restored.revision == 3
    assert store.revisions(canvas.id) == [3, 2, 1]


def test_download_buttons_for_every_canvas(data_dir):
    logged_in(data_dir)
    canvas = store_for(data_dir).create(load_template("gym-membership", "en"))
    at = logged_in(data_dir, page=PAGE)
    keys = {b.key for b in at.get("download_button")}
    assert f"json_{canvas.id}" in keys
    for fmt in ("pdf", "xlsx", "csv", "json"):
        assert f"dl_row_{canvas.id}_canvas_{fmt}" in keys


def test_list_loads_no_canvas_until_a_download_is_asked_for(data_dir, monkeypatch):
    logged_in(data_dir)
    store = store_for(data_dir)
    canvases = [store.create(load_template(slug, "en"))
                for slug in ("gym-membership", "bakery-new-range", "gift-shop-online")]
    loads: list[str] = []
    real_load = CanvasStore.load

    def counting_load(self, canvas_id):
        loads.append(canvas_id)
        return real_load(self, canvas_id)

    # What each download button would run on click, by the id the button carries.
    deferred: dict[str, tuple] = {}
    real_add = MediaFileManager.add_deferred

    def recording_add(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = real_add(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        deferred[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(CanvasStore, "load", counting_load)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add)
    at = logged_in(data_dir, page=PAGE)
    at.run()
    no_exceptions(at)
    assert loads == []
    buttons = {b.key: b for b in at.get("download_button")}
    for canvas in canvases:
        for fmt in ("pdf", "xlsx", "csv", "json"):
            assert f"dl_row_{canvas.id}_canvas_{fmt}" in buttons

    # A click runs the data function on another thread, outside the script run: here, the
    # test's own thread, with no session state to lean on.
    gym = canvases[0]
    json_data, json_name = deferred[buttons[f"dl_row_{gym.id}_canvas_json"].proto.deferred_file_id]
    csv_data, csv_name = deferred[buttons[f"dl_row_{gym.id}_canvas_csv"].proto.deferred_file_id]
    assert json_data() == json_bytes(gym)
    assert gym.jobs[0].text in csv_data().decode("utf-8-sig")
    assert loads == [gym.id, gym.id]
    assert (json_name, csv_name) == ("gym-membership-shift-workers-who-fear-long-contracts.json",
                                     "gym-membership-shift-workers-who-fear-long-contracts.csv")
    # Deleted since the page was drawn: the download fails, as the row's JSON button does.
    store.delete(gym.id)
    with pytest.raises(StoreError):
        json_data()


def test_stored_canvas_file_uses_the_language_it_was_given(data_dir):
    from canvas.export import csv_bytes
    from canvas.ui.canvases.exports import stored_canvas_file

    store = CanvasStore(data_dir, "amira")
    canvas = store.create(load_template("gym-membership", "en"))
    files = {}
    for language in ("en", "fr"):
        t = get_translator(language)
        files[language] = stored_canvas_file(store, canvas.id, "csv", t)
        assert files[language] == csv_bytes(canvas, t)
    assert files["en"] != files["fr"]  # headers follow the bound translator


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_download_past_its_deadline_fails_with_one_translated_sentence(data_dir, monkeypatch,
                                                                       fmt):
    from canvas.export import deadline
    from canvas.ui.canvases.exports import DownloadFailed, stored_canvas_file

    store = CanvasStore(data_dir, "amira")
    canvas = store.create(load_template("gym-membership", "uk"))
    monkeypatch.setattr(deadline, "EXPORT_SECONDS", 0.0)
    t = get_translator("uk")
    with pytest.raises(DownloadFailed) as info:
        stored_canvas_file(store, canvas.id, fmt, t)
    assert str(info.value) == t("limits.export.too_slow", seconds="0")
    assert str(info.value).startswith("Експорт зупинено через 0 с")
