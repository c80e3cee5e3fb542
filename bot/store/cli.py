"""``recovery-bot`` sub-commands for the app database and the dashboard.

``db upgrade``, ``patient enroll|list|show``, ``nurse add|reset-password``, ``token create`` and
``dashboard``.
Output goes to stdout for the operator; nothing here logs phone numbers.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.engine import Engine

from bot.store import audit, db
from bot.store import nurses as nurse_store
from bot.store import patients as patient_store
from bot.store import tokens as token_store

CLI = audit.Actor.system("cli")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the store and dashboard commands to the ``recovery-bot`` parser."""
    p_db = subparsers.add_parser("db", help="app database migrations")
    db_sub = p_db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = db_sub.add_parser("upgrade", help="migrate the app database to the newest schema")
    p.add_argument("--revision", default="head")
    p.set_defaults(handler=cmd_db_upgrade)
    p = db_sub.add_parser("current", help="show the schema revision of the app database")
    p.set_defaults(handler=cmd_db_current)

    p_pat = subparsers.add_parser("patient", help="enroll and look up patients")
    pat_sub = p_pat.add_subparsers(dest="patient_command", metavar="ACTION", required=True)
    p = pat_sub.add_parser("enroll", help="enroll a patient")
    p.add_argument("--name", required=True)
    p.add_argument("--phone", required=True, help="any common format; stored as E.164")
    p.add_argument("--procedure-date", required=True, help="YYYY-MM-DD")
    p.add_argument("--clinician", default="")
    p.add_argument("--channel", choices=("sms", "webchat"), default="sms")
    p.add_argument("--timezone", default="America/New_York")
    p.set_defaults(handler=cmd_patient_enroll)
    p = pat_sub.add_parser("list", help="list patients")
    p.set_defaults(handler=cmd_patient_list)
    p = pat_sub.add_parser("show", help="show one patient")
    p.add_argument("patient_id", type=int)
    p.set_defaults(handler=cmd_patient_show)

    p_nurse = subparsers.add_parser("nurse", help="dashboard users")
    nurse_sub = p_nurse.add_subparsers(dest="nurse_command", metavar="ACTION", required=True)
    # No option to skip the forced change: nothing (tests, scripts, make run) needs a ready-to-use
    # account from this command. Fixtures and benchmarks create accounts through the store with
    # ``must_change_password=False``; unattended deployments get their first admin from
    # DASHBOARD_ADMIN_EMAIL/DASHBOARD_ADMIN_PASSWORD.
    p = nurse_sub.add_parser(
        "add",
        help="add a nurse or admin (prompts for an initial password, which they must change at "
        "their first sign-in)",
    )
    p.add_argument("--email", required=True)
    p.add_argument("--name", default="")
    p.add_argument("--role", choices=("nurse", "admin"), default="nurse")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(handler=cmd_nurse_add)
    p = nurse_sub.add_parser(
        "reset-password",
        help="set a one-time password (printed once) that must be changed at the next sign-in",
    )
    p.add_argument("email")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the temporary password from stdin instead of generating one",
    )
    p.set_defaults(handler=cmd_nurse_reset_password)

    p_tok = subparsers.add_parser("token", help="API tokens for integrations")
    tok_sub = p_tok.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    p = tok_sub.add_parser("create", help="create an API token and print it once")
    p.add_argument("--name", required=True)
    p.set_defaults(handler=cmd_token_create)

    p = subparsers.add_parser("dashboard", help="serve the nurse dashboard (waitress)")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(handler=cmd_dashboard)


def _engine() -> Engine | None:
    engine = db.get_engine()
    try:
        db.check_schema(engine)
    except db.SchemaOutOfDate as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    return engine


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    db.upgrade(revision=args.revision)
    print(f"app database at {db.current_revision(db.get_engine())}")
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    current, head = db.current_revision(db.get_engine()), db.head_revision()
    print(f"current: {current or 'empty'}  newest: {head}")
    return 0 if current == head else 1


def cmd_patient_enroll(args: argparse.Namespace) -> int:
    engine = _engine()
    if engine is None:
        return 1
    try:
        with db.transaction(engine, write=True) as s:
            patient = patient_store.enroll(
                s,
                CLI,
                name=args.name,
                phone=args.phone,
                procedure_date=args.procedure_date,
                clinician=args.clinician,
                preferred_channel=args.channel,
                timezone=args.timezone,
            )
            pid = patient.id
    except patient_store.PatientError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"enrolled patient {pid} (Rasa conversation id: {pid})")
    return 0


def cmd_patient_list(args: argparse.Namespace) -> int:
    engine = _engine()
    if engine is None:
        return 1
    with db.transaction(engine) as s:
        rows = patient_store.list_with_open_counts(s)
        audit.write(s, CLI, "patient.list", "patient", "", {"count": len(rows)})
        print(f"{'id':>5}  {'name':<28} {'procedure':<10} {'day':>4} {'open':>4}  opted out")
        for p, n_open in rows:
            print(
                f"{p.id:>5}  {p.name[:28]:<28} {p.procedure_date.isoformat():<10} "
                f"{p.days_since_procedure():>4} {n_open:>4}  {'yes' if p.opted_out else 'no'}"
            )
    return 0


def cmd_patient_show(args: argparse.Namespace) -> int:
    engine = _engine()
    if engine is None:
        return 1
    with db.transaction(engine) as s:
        p = patient_store.get(s, args.patient_id)
        if p is None:
            print(f"error: no patient {args.patient_id}", file=sys.stderr)
            return 1
        audit.write(s, CLI, "patient.view", "patient", p.id)
        for label, value in (
            ("id", p.id),
            ("name", p.name),
            ("phone", p.phone),
            ("procedure date", p.procedure_date.isoformat()),
            ("days since procedure", p.days_since_procedure()),
            ("clinician", p.clinician),
            ("preferred channel", p.preferred_channel),
            ("timezone", p.timezone),
            ("opted out", f"yes ({p.opted_out_at:%Y-%m-%d})" if p.opted_out else "no"),
        ):
            print(f"{label:>22}: {value}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise nurse_store.NurseError("The passwords do not match.")
    return first


def cmd_nurse_add(args: argparse.Namespace) -> int:
    engine = _engine()
    if engine is None:
        return 1
    try:
        password = _read_password(args)
        with db.transaction(engine, write=True) as s:
            nurse = nurse_store.add(
                s, CLI, email=args.email, name=args.name, password=password, role=args.role
            )
            nid = nurse.id
    except nurse_store.NurseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"added {args.role} {args.email.strip().lower()} (id {nid})")
    print("They must choose their own password at the first sign-in.")
    return 0


def cmd_nurse_reset_password(args: argparse.Namespace) -> int:
    engine = _engine()
    if engine is None:
        return 1
    typed = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    try:
        with db.transaction(engine, write=True) as s:
            nurse = nurse_store.by_email(s, args.email)
            if nurse is None:
                raise nurse_store.NurseError(f"No nurse with the email {args.email.strip()}.")
            password = nurse_store.reset_password(s, CLI, nurse.id, typed)
            email, nid = nurse.email, nurse.id
    except nurse_store.NurseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"password of {email} (id {nid}) reset; their sessions are signed out.")
    if typed:
        print("They must change it at the next sign-in.")
    else:
        print("One-time password, shown only now; they must change it at the next sign-in:")
        print(password)
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    engine = _engine()
    if engine is None:
        return 1
    with db.transaction(engine, write=True) as s:
        row, plain = token_store.create(s, CLI, args.name)
        tid = row.id
    print(f"API token {tid} ({args.name}); shown only now, store it safely:")
    print(plain)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from bot.config import get_settings
    from bot.dashboard.server import serve

    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.dashboard_port
    engine = _engine()  # refuse to start on an old schema, with the command that fixes it
    if engine is None:
        return 1
    creds = nurse_store.bootstrap_admin()
    if creds is not None:
        print(creds.instructions(f"http://{host}:{port}/"), flush=True)
    print(f"nurse dashboard on http://{host}:{port}/", flush=True)
    serve(host, port, threads=args.threads)
    return 0
