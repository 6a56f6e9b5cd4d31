"""Label Studio takes the tasks whole: the SDK validates every region against the exported
labelling configuration, and a real Label Studio on 127.0.0.1 imports them through its API and
gives back the tasks, the reviewers' annotations credited to them, and the predictions with
their values; only reviewed letters count as finished (issue 13). `make interop` runs these."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.interop
ROOT = Path(__file__).resolve().parents[2]


def regions_by_id(result):
    out = {}
    for region in result:
        out.setdefault(region["id"], {})[region["type"]] = region
    return out


def test_the_sdk_validates_every_task(exported, work_store):
    sdk = pytest.importorskip("label_studio_sdk.label_interface")
    path = exported("label-studio", "all")
    interface = sdk.LabelInterface(path.with_name(path.stem + ".label-config.xml").read_text())
    interface.validate()
    tasks = json.loads(path.read_text())
    value_control = interface.get_control("value")  # the per-region value text area
    assert value_control.attr.get("perRegion") == "true"
    highlight_labels = {label["name"] for label in work_store.labels()}
    finished = 0
    for task in tasks:
        assert [
            obj.value_name for obj in interface.objects if task["data"].get(obj.value_name) is None
        ] == []
        for prediction in task["predictions"]:
            assert interface.validate_prediction(prediction, return_errors=True) == []
            regions = regions_by_id(prediction["result"])
            fields = [
                r
                for r in regions.values()
                if "labels" in r  # (a letter-level text area holds values with no source)
                and r["labels"]["value"]["labels"][0] not in highlight_labels
            ]
            assert fields and all(
                "textarea" in r for r in fields
            )  # every field source has its value
        for annotation in task["annotations"]:
            assert interface.validate_prediction(annotation, return_errors=True) == []
            assert set(annotation["completed_by"]) == {"email"}
        finished += bool(task["annotations"])
        # only a reviewed letter is finished work; the rest is still to label
        assert bool(task["annotations"]) == (task["data"]["status"] == "done")
    assert finished == 20 and len(tasks) == 40


# --- a real Label Studio --------------------------------------------------------------------


def label_studio_command():
    found = os.environ.get("IMR_LABEL_STUDIO") or shutil.which("label-studio")
    local = ROOT / ".venv-label-studio" / "bin" / "label-studio"
    found = found or (str(local) if local.exists() else None)
    if not found:
        pytest.skip(
            "Label Studio is not installed; `make interop` installs it in .venv-label-studio"
        )
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, method, path, body=None):
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path}: {error.code} {error.read()[:2000]!r}") from None
        return json.loads(raw) if raw else None


@contextlib.contextmanager
def label_studio(data_dir: Path):
    """Label Studio on 127.0.0.1 with a fresh database; stopped (its process group) on exit."""
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": "", "LATEST_VERSION_CHECK": "false",
        "COLLECT_ANALYTICS": "false",
    }  # fmt: skip
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [label_studio_command(), "start", "--no-browser", "--internal-host", "127.0.0.1",
         "--port", str(port), "--data-dir", str(data_dir), "--username", "lead@imr-review.invalid",
         "--password", secrets.token_hex(12), "--user-token", token],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", token)
    try:
        deadline = time.monotonic() + 400
        while True:
            assert process.poll() is None, (data_dir / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "Label Studio did not start in 400 s"
            with contextlib.suppress(OSError, AssertionError):
                server.call("GET", "/api/projects/")
                break
            time.sleep(2)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        log.close()


def test_label_studio_round_trip(exported, tmp_path):
    path = exported("label-studio", "all")
    tasks = json.loads(path.read_text())
    config = path.with_name(path.stem + ".label-config.xml").read_text()
    data_dir = tmp_path / "label-studio"
    data_dir.mkdir()
    started = time.monotonic()
    with label_studio(data_dir) as server:
        startup = time.monotonic() - started
        # one Label Studio user per reviewer, with the e-mail the export names
        emails = sorted(
            {a.get("completed_by", {}).get("email") for t in tasks for a in t["annotations"]}
            - {None}
        )
        for email in emails:
            server.call("POST", "/api/users/", {"email": email, "username": email.split("@")[0]})
        users = {u["id"]: u["email"] for u in server.call("GET", "/api/users/")}
        project = server.call(
            "POST", "/api/projects/", {"title": "imr-review round trip", "label_config": config}
        )
        server.call("POST", f"/api/projects/{project['id']}/import", tasks)
        info = server.call("GET", f"/api/projects/{project['id']}/")
        back = server.call("GET", f"/api/tasks/?project={project['id']}&fields=all&page_size=1000")[
            "tasks"
        ]
    done_ids = {
        json.loads(line)["id"] for line in exported("jsonl", "done").read_text().splitlines()
    }
    done = [t for t in tasks if t["data"]["letter_id"] in done_ids]
    summary = {k: info[k] for k in ("task_number", "finished_task_number", "total_annotations_number",
                                    "total_predictions_number")}  # fmt: skip
    print(f"\nLabel Studio round trip: started in {startup:.0f} s; {summary}")
    assert summary == {
        "task_number": len(tasks),
        "finished_task_number": len(done),  # only reviewed letters are finished work
        "total_annotations_number": len(done),
        "total_predictions_number": sum(len(t["predictions"]) for t in tasks),
    }
    assert len(back) == len(tasks)
    sent = {t["data"]["letter_id"]: t for t in tasks}
    for task in back:
        original = sent[task["data"]["letter_id"]]
        assert task["data"] == original["data"]
        assert [a["result"] for a in task["annotations"]] == [
            a["result"] for a in original["annotations"]
        ]
        # each annotation is credited to its reviewer, not to the user who imported it
        assert [users[a["completed_by"]] for a in task["annotations"]] == [
            a["completed_by"]["email"] for a in original["annotations"]
        ]
        assert sorted(
            (p["model_version"], json.dumps(p["result"], sort_keys=True))
            for p in task["predictions"]
        ) == sorted(
            (p["model_version"], json.dumps(p["result"], sort_keys=True))
            for p in original["predictions"]
        )
