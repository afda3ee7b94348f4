"""A PostgreSQL outage under gunicorn and the production settings: the lead waits on disk, nothing is lost."""

import glob
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from agency_site.tests.servers import free_port
from contact.tests.processes import drain_queue, fetch, finish, manage, production_environment

pytestmark = [pytest.mark.slow, pytest.mark.smtp]

POSTGRESQL_BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class OwnPostgreSQL:
    """A PostgreSQL cluster in a temporary folder, on a free port, that the test stops and starts."""

    def __init__(self, folder):
        self.bin = Path(POSTGRESQL_BINARIES[-1])
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/outage"

    def run(self, *command):
        # initdb and the server refuse to run as root: run them as the postgres user when we are root.
        prefix = ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") and _is_root() else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
        if result.returncode != 0:
            raise subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)

    def initialise(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if _is_root():
            shutil.chown(self.folder, "postgres", "postgres")
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        connection.autocommit = True
        connection.cursor().execute("CREATE DATABASE outage")
        connection.close()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def stop(self):
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def query(self, sql):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="outage")
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            connection.close()


def _is_root():
    import os

    return os.geteuid() == 0


@pytest.fixture
def own_postgresql():
    if not POSTGRESQL_BINARIES:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql/*/bin: "
            "the outage test needs a server it can stop (apt-get install postgresql)."
        )
    # Not under pytest's temporary folder: the postgres user cannot enter root's.
    server = OwnPostgreSQL(Path(tempfile.mkdtemp(prefix="outage-postgresql-")))
    try:
        server.initialise()
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        shutil.rmtree(server.folder, ignore_errors=True)


def start_gunicorn(environment, port):
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env={**environment, "PORT": str(port), "WEB_CONCURRENCY": "2", "GUNICORN_ACCESS_LOG": "off"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            if fetch(port, "GET", "/contact/jeton/")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn never answered")


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def post(port, fields):
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}"}
    return fetch(port, "POST", "/contact/envoyer/", urlencode(fields), headers)


def lead(**overrides):
    fields = {
        "name": "Camille Martin",
        "company": "Boulangerie Martin",
        "email": "camille@boulangerie-martin.fr",
        "phone": "",
        "message": "Écrit pendant la panne de la base.",
        "website": "",
        "token": "",
        "source_page": "",
    }
    fields.update(overrides)
    return fields


def test_a_lead_posted_while_postgresql_is_down_is_spooled_then_stored_and_sent_once(
    own_postgresql, smtp_server, tmp_path
):
    spool = tmp_path / "spool"
    environment = production_environment(
        smtp_server.port,
        DATABASE_URL=own_postgresql.url,
        CONTACT_SPOOL_DIR=str(spool),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    finish(manage("migrate", "--no-input", environment=environment), timeout=600)
    # As in production: the form's stylesheet and script have hashed names, from the collected manifest.
    finish(manage("collectstatic", "--noinput", "-v0", environment=environment), timeout=300)
    port = free_port()
    server = start_gunicorn(environment, port)
    try:
        token = json.loads(fetch(port, "GET", "/contact/jeton/")[2])["token"]
        own_postgresql.stop()
        # The visitor takes the shipped minimum fill time (3 s) to type the message.
        time.sleep(3.5)
        status, headers, _ = post(port, lead(token=token))
        assert (status, headers["Location"]) == (303, "/contact/merci/")
        status, _, thanks = fetch(port, "GET", "/contact/merci/")
        assert status == 200 and "Merci, votre message a bien été envoyé" in thanks
        # The same words as with the database, and no promise the agency did not make.
        assert "reviendra vers vous" in thanks and "jour ouvré" not in thanks
        status, headers, page = fetch(port, "GET", "/offres/")
        assert (status, headers["Retry-After"]) == (503, "30")
        assert "Site momentanément indisponible" in page

        # Bad input still gets its French error by each field, with what the visitor typed; nothing is kept.
        status, headers, page = post(
            port,
            lead(name="", email="camille@", message="Un second message, mal rempli.", token=token, source_page="7"),
        )
        assert status == 200 and "no-store" in headers["Cache-Control"]
        form = BeautifulSoup(page, "html.parser")
        assert form.find("h1").get_text(strip=True) == "Formulaire de contact"
        for field, error in (
            ("name", "Indiquez votre nom et prénom."),
            ("email", "Saisissez une adresse e-mail valide, par exemple nom@societe.fr."),
        ):
            assert form.find(id=f"id_{field}")["aria-invalid"] == "true"
            assert f"id_{field}_error" in form.find(id=f"id_{field}")["aria-describedby"].split()
            assert error in form.find(id=f"id_{field}_error").get_text(" ")
        assert form.find(id="contact-form-errors")["role"] == "alert"
        assert form.find(id="id_message").get_text().strip() == "Un second message, mal rempli."
        assert form.find("input", attrs={"name": "source_page"})["value"] == "7"
        assert len(list(spool.glob("*.json"))) == 1

        # Without JavaScript (no token), the usual confirmation step, then the lead is spooled like any other.
        status, _, page = post(port, lead(name="Dominique Roux", email="dominique@roux-conseil.fr"))
        confirmation = BeautifulSoup(page, "html.parser")
        assert (
            status == 200
            and "Votre message n’est pas encore envoyé" in confirmation.find(id="contact-form-confirm").get_text()
        )
        assert confirmation.find("button", type="submit").get_text(strip=True) == "Confirmer l’envoi"
        fresh_token = confirmation.find(id="id_token")["value"]
        # Confirmed at once: the form came filled, this click is not held to the minimum fill time.
        status, headers, _ = post(
            port, lead(name="Dominique Roux", email="dominique@roux-conseil.fr", token=fresh_token)
        )
        assert (status, headers["Location"]) == (303, "/contact/merci/")
    finally:
        stop(server)  # a restart of the web process: the spooled leads are on disk, not in its memory

    assert len(list(spool.glob("*.json"))) == 2
    own_postgresql.start()
    first = finish(manage("ingest_contact_spool", environment=environment))
    second = finish(manage("ingest_contact_spool", environment=environment))
    assert "2 demande(s) reprise(s)" in first and "0 demande(s) reprise(s)" in second
    assert list(spool.glob("*.json")) == []
    assert own_postgresql.query("SELECT name, message, quarantined FROM contact_contactsubmission ORDER BY name") == [
        ("Camille Martin", "Écrit pendant la panne de la base.", False),
        ("Dominique Roux", "Écrit pendant la panne de la base.", False),
    ]

    drain_queue(environment)

    assert sorted(recipients for recipients, _ in smtp_server.inbox.messages) == [
        ["camille@boulangerie-martin.fr"],
        ["dominique@roux-conseil.fr"],
        ["leads@50a.fr"],
        ["leads@50a.fr"],
    ]
    notifications = [message.get_body(("plain",)).get_content() for message in smtp_server.inbox.notifications()]
    assert all("Écrit pendant la panne de la base." in notification for notification in notifications)
