"""Per-browser-session state: who is logged in, their language, their store, the open canvas.

Pages call these helpers instead of reaching into ``st.session_state`` so that keys are
named in one place and a page never works on another user's data: the store is always
built from the authenticated username. Stores come from :func:`canvas.store.choose.open_backend`,
so no page knows which backend holds the data.

What a user's session keeps besides widgets (a confirmation to show after a rerun, the
coach's cached advice, a workshop's prepared ZIP, ...) lives in one dict under
:data:`USER_STATE`; widget keys are Streamlit's own. Logging out keeps only
:data:`KEEP_AT_LOGOUT` (the browser's language and the login page's own markers) and drops
everything else, so nothing of one user, not even a workshop's PDF bytes, is left in the
session for the next person at the same computer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from canvas import config
from canvas.i18n import LANGUAGES, Translator, get_translator
from canvas.store import (
    FACILITATOR,
    AccountBackend,
    CanvasBackend,
    StoreBackend,
    StoreError,
    WorkshopBackend,
)
from canvas.store.choose import open_backend
from canvas.store.rules.join_attempts import RESTING, WRONG, after_wrong, rest_minutes

LANG_KEY = "vpc_lang"
CANVAS_KEY = "vpc_canvas_id"
USER_STATE = "vpc_user"            # dict: this user's non-widget state (see user_state)
GENERATION_KEY = "vpc_session_generation"  # the generation this session logged in under
LOGGED_OUT_KEY = "vpc_logged_out"  # this session logged out: its request cookie is old
NOTICE_KEY = "vpc_login_notice"    # a catalog key to show once on the login page
LOGIN_ERROR_KEY = "vpc_login_error"  # why the login form's last press did not log in
PAGE_PATH_KEY = "vpc_page_path"    # the URL path of the page this run shows (not the user's)
#: The canvas whose Insights this session has drawn in full since it came to the page: the
#: first run on the page draws the first tab only and runs again for the rest.
INSIGHTS_DRAWN_KEY = "vpc_insights_drawn"
JOIN_PENDING_KEY = "vpc_join_pending"  # a workshop code from a join link, until joined
JOIN_PROMPT_KEY = "vpc_join_prompt"    # (code, name) of the workshop just joined: ask to share
PASSWORD_OK_KEY = "vpc_password_ok"    # the username whose password is known to be their own
COMMENT_TARGET_KEY = "vpc_comment_target"  # (code, owner, canvas id) a facilitator comments on
MENTOR_ACCESS_KEY = "vpc_mentor_access"    # a mentor's password, per token hash, once it opened
MENTOR_NEW_LINK_KEY = "vpc_mentor_new_link"  # (canvas id, address) of a link just made: shown once
JOIN_TRIES_KEY = "vpc_join_tries"  # wrong workshop codes typed in this browser session
KEEP_AT_LOGOUT = (LANG_KEY, LOGGED_OUT_KEY, NOTICE_KEY, PAGE_PATH_KEY, JOIN_TRIES_KEY)
# Widget keys that outlive a page (others are named where their widget is drawn).
SEARCH_KEY = "canvas_search"
WORKSHOP_KEY = "vpc_workshop"
ROOM_KEY = "vpc_room"               # the workshop whose room the projector drives
ROOM_SOUND_KEY = "vpc_room_sound"   # a learner wants a sound when the room's timer ends
ROOM_TIMER_KEY = "vpc_room_timer"   # the projector's own timer when it drives no room
WALK_PAGE_KEY = "vpc_walk_page"        # the page of the gallery walk on the projector
# A user_state entry: (workshop, revisions) the projector last reran for, so one change
# of a shown canvas reruns the page once.
FOLLOW_KEY = "follow"


def walk_picks_key(code: str) -> str:
    """Widget-backed list of the canvases picked for a workshop's gallery walk."""
    return f"walk_{code}"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    roles: tuple[str, ...]

    @property
    def is_facilitator(self) -> bool:
        return FACILITATOR in self.roles


def backend() -> StoreBackend:
    return open_backend(config.store_location())


def accounts() -> AccountBackend:
    return backend().accounts()


def workshops() -> WorkshopBackend:
    return backend().workshops()


def join_workshop(code: str, username: str):
    """Join a workshop with a code through the store, which counts wrong codes for the
    account; this browser session counts them too, across the accounts it logs in with
    (:mod:`canvas.store.rules.join_attempts`). Raises the store's refusal."""
    now = time.time()
    tries = st.session_state.get(JOIN_TRIES_KEY)
    if minutes := rest_minutes(tries, now):
        raise StoreError(RESTING, minutes=minutes)
    try:
        return workshops().join(code, username)
    except StoreError as refused:
        if refused.code in (WRONG, RESTING):  # a code tried while its account rests counts
            st.session_state[JOIN_TRIES_KEY] = tries = after_wrong(tries, now)
            if minutes := rest_minutes(tries, now):
                raise StoreError(RESTING, minutes=minutes) from None
        raise


def browser_language() -> str:
    locale = (getattr(st.context, "locale", None) or "en").lower()
    code = locale.split("-")[0]
    return code if code in LANGUAGES else "en"


def language() -> str:
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = browser_language()
    return st.session_state[LANG_KEY]


def set_language(code: str) -> None:
    if code not in LANGUAGES:
        return
    st.session_state[LANG_KEY] = code
    user = current_user()
    if user:
        accounts().set_preference(user.username, "language", code)


def lkey(base: str) -> str:
    """Widget key for a choice whose option labels are translated.

    Streamlit identifies a keyed widget by its key alone and the browser keeps showing the
    label it last rendered, so a language switch needs a new key for such widgets.
    """
    return f"{base}__{language()}"


def t() -> Translator:
    return get_translator(language())


def current_user() -> User | None:
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state.get("username")
    if not username:
        return None
    cached = st.session_state.get("vpc_roles")
    if not cached or cached[0] != username:
        # Read once per session (this runs many times per script run); a role given or
        # taken away applies from the next login.
        cached = (username, tuple(accounts().roles(username)))
        st.session_state["vpc_roles"] = cached
    return User(username=username, name=st.session_state.get("name") or username,
                roles=cached[1])


def require_user() -> User:
    user = current_user()
    if user is None:
        st.stop()
    return user


def store() -> CanvasBackend:
    return backend().canvases(require_user().username)


def open_canvas_id() -> str | None:
    """The canvas this session works on; the URL keeps it across reloads."""
    from_url = st.query_params.get("canvas")
    if from_url:
        st.session_state[CANVAS_KEY] = from_url
    return st.session_state.get(CANVAS_KEY)


def set_open_canvas(canvas_id: str | None) -> None:
    if canvas_id:
        st.session_state[CANVAS_KEY] = canvas_id
        st.query_params["canvas"] = canvas_id
    else:
        st.session_state.pop(CANVAS_KEY, None)
        st.query_params.pop("canvas", None)


# -- the user's own state, cleared whole at logout ----------------------------------------


def user_state() -> dict:
    """This user's non-widget session state; named entries are the functions below."""
    return st.session_state.setdefault(USER_STATE, {})


def clear_user_state() -> None:
    """Forget everything of the user in this session but :data:`KEEP_AT_LOGOUT`."""
    for key in list(st.session_state.keys()):
        if key not in KEEP_AT_LOGOUT:
            del st.session_state[key]


def flash(message: str) -> None:
    """A one-off confirmation to show after the next rerun (plain text, never markup)."""
    user_state()["flash"] = message


def take_flash() -> str | None:
    return user_state().pop("flash", None)


def confirm_delete(canvas_id: str | None = None, *, ask: bool | None = None) -> bool:
    """Whether ``canvas_id`` waits for a delete confirmation; ``ask`` sets or clears it."""
    state = user_state()
    if ask is True:
        state["confirm_delete"] = canvas_id
    elif ask is False:
        state.pop("confirm_delete", None)
    return canvas_id is not None and state.get("confirm_delete") == canvas_id


def upload_round(advance: bool = False) -> int:
    """A counter in the uploader's key: a new round gives an empty uploader."""
    state = user_state()
    if advance:
        state["upload_round"] = state.get("upload_round", 0) + 1
    return state.get("upload_round", 0)


def cache(name: str) -> dict:
    """A per-user memo (the coach's advice, projector page sizes, prepared ZIPs)."""
    return user_state().setdefault(f"cache:{name}", {})
