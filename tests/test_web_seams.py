"""The private parts of textual-serve balie builds on: this fails loudly when they move.

textual-serve is pinned exactly (pyproject.toml); on an upgrade, these are the
places to read again: ``Server._make_app`` (replaced wholesale), its
``statics_path``, and ``AppService`` (started, fed and stopped per screen,
including its private ``_process``).
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server


def test_textual_serve_is_the_pinned_version():
    assert version("textual-serve") == "1.1.3"


def test_the_seams_balie_uses_are_where_they_were():
    assert inspect.iscoroutinefunction(Server._make_app)
    assert list(inspect.signature(Server.__init__).parameters)[:6] == [
        "self", "command", "host", "port", "title", "public_url",
    ]
    assert (Server("x").statics_path / "js" / "textual.js").is_file()
    parameters = inspect.signature(AppService.__init__).parameters
    assert {"command", "write_bytes", "write_str", "close", "download_manager"} <= set(parameters)
    for method in ("start", "stop", "send_bytes", "set_terminal_size", "blur", "focus"):
        assert inspect.iscoroutinefunction(getattr(AppService, method)), method
    service = AppService(
        "true", write_bytes=None, write_str=None, close=None, download_manager=DownloadManager()
    )
    assert service._process is None  # read by balie.web.screens._ended to reap the process


def test_the_page_script_still_reads_what_balie_s_template_gives_it():
    script = (Server("x").statics_path / "js" / "textual.js").read_text()
    assert "dataset.sessionWebsocketUrl" in script and "dataset.fontSize" in script
    assert '"?width="' in script and '"&height="' in script
    assert '"-closed"' in script and '"-first-byte"' in script
