"""Import a .qdpx with QualCoder's own REFI-QDA importer, headless, and print what QualCoder holds as JSON.

Run with an interpreter that has PyQt6, PyMuPDF, Pillow and qtawesome (QualCoder's REFI import needs no
more), never with Balint's:

    python qualcoder_driver.py QUALCODER_SRC FILE.qdpx WORKDIR

QUALCODER_SRC is a QualCoder checkout's `src` folder. The driver does what QualCoder's menu "Import
REFI-QDA project" does (`MainWindow.refi_project_import`): it runs QualCoder's `MainWindow.new_project`,
read from QualCoder's source and executed as it is, to create a fresh project folder and its sqlite
database, then `RefiImport(app, textedit, "qdpx")`. Only what needs a person is replaced: the file
dialogs return WORKDIR/project and FILE, message boxes are recorded instead of shown, the main window is
a stand-in that accepts every call, and QualCoder's AI module (LangChain, PyTorch) is replaced by one that
offers no models (the REFI importer does not use it). Qt runs on the offscreen platform; HOME is WORKDIR,
so QualCoder's settings folder is a throwaway one.

The JSON printed on the last line of stdout holds QualCoder's version and database version, the sources,
categories and codes (with their parents), every text coding with its stored text (`seltext`) and the
text at its positions, annotations, journals, the project memo, and the messages QualCoder showed.
"""

from __future__ import annotations

import ast
import builtins
import gettext
import json
import os
import sqlite3
import sys
import types
from pathlib import Path


def _function_from_source(path: Path, class_name: str, function_name: str) -> types.CodeType:
    """Compile one method of a class in `path` as a module defining that function (QualCoder's own code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == function_name:
                    return compile(ast.Module(body=[item], type_ignores=[]), str(path), "exec")
    raise SystemExit(f"QualCoder has no {class_name}.{function_name} in {path}; update this driver")


class _Anything:
    """Stands in for the main window and its widgets: every attribute exists and every call is accepted."""

    def __init__(self, log: list[str]) -> None:
        self._log = log

    def __getattr__(self, name: str) -> _Anything:
        return _Anything(self._log)

    def __call__(self, *args: object, **kwargs: object) -> _Anything:
        return _Anything(self._log)

    def append(self, text: object) -> None:
        self._log.append(str(text))


class _MainWindow(_Anything):
    def __init__(self, log: list[str]) -> None:
        super().__init__(log)
        self.app = None
        self.project: dict[str, object] = {}
        self.journal_display = None


def _stub_ai_module() -> None:
    """QualCoder's app module imports two helpers from its AI module, which needs LangChain and PyTorch."""
    module = types.ModuleType("qualcoder.ai_llm")
    module.get_default_ai_models = lambda: []  # type: ignore[attr-defined]
    module.update_ai_models = lambda models, index, settings=None: (models, index, None)  # type: ignore[attr-defined]
    module.AiLLM = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    sys.modules["qualcoder.ai_llm"] = module


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, object]]:
    cursor = conn.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def run(qualcoder_src: Path, qdpx: Path, workdir: Path) -> dict[str, object]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["HOME"] = str(workdir)
    (workdir / ".qualcoder").mkdir(exist_ok=True)  # QualCoder's __main__ makes its settings folder at start
    gettext.NullTranslations().install()  # QualCoder's __main__ installs `_` the same way
    sys.path.insert(0, str(qualcoder_src))
    _stub_ai_module()

    from PyQt6 import QtWidgets

    application = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["qualcoder-driver"])

    import qualcoder.app as qc_app
    import qualcoder.helpers as qc_helpers
    from qualcoder.refi import RefiImport

    messages: list[dict[str, str]] = []

    def record(self: QtWidgets.QMessageBox) -> int:
        messages.append({"title": self.windowTitle(), "text": self.text()})
        return 0

    qc_helpers.Message.exec = record  # type: ignore[method-assign]
    project_path = workdir / "project"
    # (path, selected filter), as the dialogs return them; RefiImport stops when the filter is empty
    QtWidgets.QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(project_path), "All (*)"))
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(qdpx), "(*.qdpx *.QDPX)"))

    main_source = qualcoder_src / "qualcoder" / "__main__.py"
    namespace = dict(
        vars(qc_app)
    )  # App, Path, datetime, QtWidgets, Message, logger, ... as __main__ has them
    namespace["AiLLM"] = sys.modules["qualcoder.ai_llm"].AiLLM  # type: ignore[attr-defined]
    exec(_function_from_source(main_source, "MainWindow", "new_project"), namespace)
    log: list[str] = []
    window = _MainWindow(log)
    namespace["new_project"](window)
    app = window.app
    if app is None or not app.project_name:
        raise SystemExit(f"QualCoder's new_project made no project: {log} {messages}")
    RefiImport(app, window.ui.textEdit, "qdpx")
    app.conn.commit()

    conn = app.conn
    sources = _rows(conn, "select id, name, fulltext, memo, owner, date from source order by id")
    texts = {row["id"]: row["fulltext"] or "" for row in sources}
    codings = _rows(
        conn,
        "select ct.ctid, cn.name as code, s.name as source, ct.fid, ct.seltext, ct.pos0, ct.pos1, ct.owner, "
        "ct.memo, ct.date from code_text ct left join code_name cn on cn.cid = ct.cid "
        "left join source s on s.id = ct.fid order by ct.fid, ct.pos0, ct.pos1, ct.ctid",
    )
    for coding in codings:
        coding["text_at_positions"] = texts.get(coding.pop("fid"), "")[coding["pos0"] : coding["pos1"]]
    project = _rows(conn, "select databaseversion, about, memo from project")[0]
    result = {
        "qualcoder": {"version": app.version, "database": project["databaseversion"]},
        "project_memo": project["memo"],
        "sources": sources,
        "categories": _rows(
            conn,
            "select c.name, c.memo, p.name as parent from code_cat c left join code_cat p "
            "on p.catid = c.supercatid order by c.catid",
        ),
        "codes": _rows(
            conn,
            "select c.name, c.memo, c.color, parent.name as parent_code, cat.name as category "
            "from code_name c left join code_name parent on parent.cid = c.supercid "
            "left join code_cat cat on cat.catid = c.catid order by c.cid",
        ),
        "codings": codings,
        "annotations": _rows(conn, "select fid, pos0, pos1, memo, owner from annotation order by anid"),
        "journals": _rows(conn, "select name, jentry, owner, date from journal order by jid"),
        "attributes": _rows(conn, "select name, attr_type, value, id from attribute order by attrid"),
        "messages": messages,
        "log": log,
    }
    conn.close()
    application.quit()
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    result = run(Path(argv[1]).resolve(), Path(argv[2]).resolve(), Path(argv[3]).resolve())
    builtins.print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
