#!/usr/bin/env python3
"""Capture what Zou answers to POST /actions/tasks/{task_id}/comment.

Builds a small production through the HTTP API, then posts comments as
several actors and records, for each exchange:

- the answer (status, JSON body);
- `events`: the `api_event` rows it wrote, oldest first;
- `published`: every event it published (persisted or not, such as
  `notification:new`), read from the Socket.IO message queue in Redis;
- `notifications`, `news`, `comments`: the rows of those tables it created;
- `task`: the commented task afterwards (status, retake count, dates).

Ids are replaced by labels (`<uuid:LABEL>`), unlabelled ids by `<uuid>`,
datetimes by `<datetime>` except those of 2020, which the capture sets
itself (back-dated comments) and keeps.

Run with the Python of Zou's venv (it needs `psycopg` and `redis`) against
an instance nobody else uses, on a freshly reset database:

    ZOU_URL=http://127.0.0.1:5005 DB_DATABASE=zoudb5 KV_PORT=6385 \
        /root/.zou-ref/zou-venv/bin/python capture_comments.py comments.json
"""
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

import psycopg
import redis

BASE = os.environ.get("ZOU_URL", "http://127.0.0.1:5005")
DB = os.environ.get("DB_DATABASE", "zoudb5")
KV_PORT = int(os.environ.get("KV_PORT", "6385"))
OUT = sys.argv[1] if len(sys.argv) > 1 else "comments.json"
PASSWORD = "secret1234"

conn = psycopg.connect(
    "host=127.0.0.1 user=zou password=zou dbname=%s" % DB, autocommit=True
)
pubsub = redis.StrictRedis(port=KV_PORT, db=2).pubsub()
pubsub.subscribe("flask-socketio")
time.sleep(0.3)
while pubsub.get_message(timeout=0.1):
    pass


def req(method, path, body=None, token=None, raw=None, content_type=None):
    headers = {}
    data = None
    if raw is not None:
        data = raw
        headers["Content-Type"] = content_type or "application/json"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    r = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(r) as resp:
            status, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    try:
        return status, (json.loads(text) if text else None)
    except ValueError:
        return status, text


def login(email, password):
    st, b = req("POST", "/auth/login", {"email": email, "password": password})
    assert st == 200, (email, st, b)
    return b["access_token"]


ADMIN = login("admin@example.com", "mysecretpassword")


def A(method, path, body=None):
    st, b = req(method, path, body, ADMIN)
    assert st in (200, 201, 204), (method, path, body, st, b)
    return b


labels = {}  # id -> label
ids = {}  # label -> id
tokens = {"admin": ADMIN}


def label(name, id_):
    ids[name] = id_
    labels[id_] = name


me = A("GET", "/auth/authenticated")["user"]
label("admin", me["id"])
label("zero", "00000000-0000-0000-0000-000000000000")
for row in A("GET", "/data/task-status"):
    label("status:" + row["short_name"], row["id"])
for row in A("GET", "/data/task-types"):
    label("tt:%s:%s" % (row["for_entity"], row["name"]), row["id"])
for row in A("GET", "/data/entity-types"):
    label("type:" + row["name"], row["id"])
for row in A("GET", "/data/departments"):
    label("dep:" + row["name"], row["id"])

# A status neither artists nor clients may set.
lead = A("POST", "/data/task-status", {"name": "Lead check", "short_name": "lead",
                                       "color": "#123456", "is_artist_allowed": False,
                                       "is_client_allowed": False})
label("status:lead", lead["id"])

project = A("POST", "/data/projects", {"name": "P", "production_type": "short"})
P = project["id"]
label("P", P)
for tt in ["tt:Asset:Modeling", "tt:Asset:Rigging", "tt:Asset:Shading",
           "tt:Shot:Layout", "tt:Shot:Animation", "tt:Concept:Concept"]:
    A("POST", "/data/projects/%s/settings/task-types" % P, {"task_type_id": ids[tt]})
for st in ["todo", "wip", "wfa", "retake", "done", "neutral", "approved", "lead"]:
    A("POST", "/data/projects/%s/settings/task-status" % P, {"task_status_id": ids["status:" + st]})
for at in ["Character", "Prop"]:
    A("POST", "/data/projects/%s/settings/asset-types" % P, {"asset_type_id": ids["type:" + at]})

PERSONS = [  # label, role, departments, on team
    ("manager", "manager", [], True),
    ("supervisor", "supervisor", ["Modeling"], True),
    ("supervisor_anim", "supervisor", ["Animation"], True),
    ("artist", "user", ["Modeling"], True),
    ("artist2", "user", [], True),
    ("modeler", "user", ["Modeling"], True),
    ("client", "client", [], True),
    ("vendor", "vendor", [], True),
    ("vendor2", "vendor", [], True),
    ("watcher", "user", [], True),
    ("seqwatcher", "user", [], True),
    ("artist_off", "user", [], False),
]
for name, role, deps, on_team in PERSONS:
    email = "%s@example.com" % name.replace("_", "-")
    p = A("POST", "/data/persons", {"first_name": name, "last_name": "Test", "email": email,
                                    "role": role, "password": PASSWORD})
    label(name, p["id"])
    if deps:
        A("PUT", "/data/persons/%s" % p["id"], {"departments": [ids["dep:" + d] for d in deps]})
    if on_team:
        A("POST", "/data/projects/%s/team" % P, {"person_id": p["id"]})
    tokens[name] = login(email, PASSWORD)


def entity(name, type_label, parent=None, data=None):
    body = {"name": name, "project_id": P, "entity_type_id": ids[type_label]}
    if parent:
        body["parent_id"] = ids[parent]
    if data is not None:
        body["data"] = data
    e = A("POST", "/data/entities", body)
    label(name, e["id"])


entity("Hero", "type:Character")
entity("Sword", "type:Prop")
entity("SQ01", "type:Sequence")
entity("SH010", "type:Shot", parent="SQ01")
entity("CO01", "type:Concept")


def task(ent, tt, assignees, status="todo"):
    t = A("POST", "/data/tasks", {"name": "main", "project_id": P, "entity_id": ids[ent],
                                  "task_type_id": ids[tt], "task_status_id": ids["status:" + status],
                                  "assignees": [ids[a] for a in assignees]})
    label("task:%s:%s" % (ent, tt.split(":")[-1]), t["id"])


task("Hero", "tt:Asset:Modeling", ["artist"])
task("Hero", "tt:Asset:Rigging", ["artist2"])
task("Hero", "tt:Asset:Shading", [])
task("Sword", "tt:Asset:Modeling", [])
task("SH010", "tt:Shot:Layout", ["vendor"])
task("SH010", "tt:Shot:Animation", ["artist", "artist2"])
task("CO01", "tt:Concept:Concept", ["artist"], status="neutral")

A("POST", "/data/subscriptions", {"person_id": ids["watcher"], "task_id": ids["task:Hero:Modeling"]})
A("POST", "/data/subscriptions", {"person_id": ids["seqwatcher"], "entity_id": ids["SQ01"],
                                  "task_type_id": ids["tt:Shot:Animation"]})

# ------------------------------------------------------------- placeholders --
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DT_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$")


def ph(v):
    if isinstance(v, dict):
        return {ph(k): ph(x) for k, x in v.items()}
    if isinstance(v, list):
        return [ph(x) for x in v]
    if isinstance(v, str):
        if DT_RE.match(v):
            return v if v.startswith("2020-") else "<datetime>"
        return UUID_RE.sub(lambda m: "<uuid:%s>" % labels[m.group(0)]
                           if m.group(0) in labels else "<uuid>", v)
    return v


def rows(sql, *args):
    with conn.cursor() as cur:
        cur.execute(sql, args)
        cols = [c.name for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]


def jsonable(v):
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.replace(microsecond=0).isoformat()
    if v is not None and not isinstance(v, (str, int, float, bool)):
        return str(v)
    return v


def ids_of(table):
    return {str(r["id"]) for r in rows('SELECT id FROM "%s"' % table)}


entries = []


def exchange(name, actor, task_label, body=None, raw=None, content_type=None, path=None):
    """POST a comment and record everything it did."""
    path = path or "/actions/tasks/%s/comment" % ids.get(task_label, task_label)
    before_event = rows("SELECT COUNT(*) AS n FROM api_event")[0]["n"]
    before = {t: ids_of(t) for t in ("notification", "news", "comment")}
    while pubsub.get_message(timeout=0.05):
        pass
    status, answer = req("POST", path, body, tokens[actor], raw=raw, content_type=content_type)
    time.sleep(0.3)
    published = []
    while True:
        m = pubsub.get_message(timeout=0.2)
        if m is None:
            break
        if m["type"] == "message":
            msg = json.loads(m["data"])
            if msg.get("method") == "emit":
                published.append({"name": msg["event"], "data": msg["data"][0]})
    if status == 201 and isinstance(answer, dict) and "id" in answer:
        label("comment:" + name, answer["id"])
    events = rows("SELECT name, data FROM api_event ORDER BY created_at, id OFFSET %s",
                  before_event)
    created = {}
    for t, cols in (("notification", "person_id, author_id, comment_id, task_id, type, change, read, reply_id"),
                    ("news", "author_id, comment_id, task_id, change, preview_file_id, created_at"),
                    ("comment", "id, object_id, object_type, person_id, task_status_id, text, for_client, created_at")):
        new = [r for r in rows('SELECT id, %s FROM "%s" ORDER BY created_at, id' % (cols, t))
               if str(r["id"]) not in before[t]]
        for r in new:
            if t != "comment":
                r.pop("id")
        created[t] = jsonable(new)
    entry = {
        "name": name, "actor": actor, "method": "POST", "path": ph(path),
        "request": ph(body) if raw is None else {"raw": ph(raw.decode(errors="replace")),
                                                 "content_type": content_type},
        "status": status, "body": ph(answer),
        "events": ph([{"name": e["name"], "data": e["data"]} for e in events]),
        "published": ph(published),
        "notifications": ph(created["notification"]),
        "news": ph(created["news"]),
        "comments": ph(created["comment"]),
    }
    if task_label in ids:
        t = A("GET", "/data/tasks/%s" % ids[task_label])
        entry["task"] = ph({k: t[k] for k in ("task_status_id", "retake_count", "last_comment_date",
                                               "real_start_date", "end_date", "done_date")})
    entries.append(entry)
    print(name, status, json.dumps(answer)[:160])
    return answer


def aux(name, method, path, body=None):
    """A set-up call recorded so the replay can repeat it."""
    st, b = req(method, path, body, ADMIN)
    assert st in (200, 201, 204), (name, st, b)
    entries.append({"name": name, "actor": "admin", "method": method, "path": ph(path),
                    "request": ph(body), "status": st, "aux": True})
    return b


S = lambda s: ids["status:" + s]  # noqa: E731
HM = "task:Hero:Modeling"

# --- the status workflow on Hero/Modeling (assignee: artist; subscriber: watcher)
exchange("admin wip", "admin", HM, {"task_status_id": S("wip"), "comment": "Starting"})
exchange("artist wfa", "artist", HM, {"task_status_id": S("wfa"), "comment": "Please review"})
exchange("manager retake", "manager", HM, {"task_status_id": S("retake"), "comment": "Redo the ears"})
exchange("artist wip again", "artist", HM, {"task_status_id": S("wip"), "comment": "On it"})
exchange("artist same status", "artist", HM, {"task_status_id": S("wip"), "comment": "Still on it"})
exchange("artist wfa again", "artist", HM, {"task_status_id": S("wfa"), "comment": "Take two"})
exchange("manager done", "manager", HM, {"task_status_id": S("done"), "comment": "Approved"})
exchange("manager back-dated retake", "manager", HM,
         {"task_status_id": S("retake"), "comment": "Old note", "created_at": "2020-01-01 10:00:00"})
exchange("manager back-dated iso", "manager", HM,
         {"task_status_id": S("wip"), "comment": "Older note", "created_at": "2020-01-01T09:00:00"})
exchange("manager as artist", "manager", HM,
         {"task_status_id": S("done"), "comment": "On behalf", "person_id": ids["artist"]})
exchange("artist sets author and date", "artist", HM,
         {"task_status_id": S("done"), "comment": "Mine", "person_id": ids["admin"],
          "created_at": "2020-02-02 10:00:00", "for_client": True})
exchange("manager for client with checklist and links", "manager", HM,
         {"task_status_id": S("done"), "comment": "For the client", "for_client": True,
          "checklist": [{"text": "ears", "checked": False}], "links": ["https://example.com/x"]})
exchange("manager checklist as json text", "manager", HM,
         {"task_status_id": S("done"), "checklist": "[{\"text\": \"a\", \"checked\": true}]",
          "links": None})
exchange("manager garbage date", "manager", HM,
         {"task_status_id": S("done"), "comment": "when?", "created_at": "yesterday"})
exchange("manager minimal body", "manager", HM, {"task_status_id": S("done")})

# --- who may comment
exchange("artist2 not assigned", "artist2", HM, {"task_status_id": S("wip"), "comment": "x"})
exchange("artist off team", "artist_off", HM, {"task_status_id": S("done"), "comment": "x"})
exchange("supervisor of the department", "supervisor", HM, {"task_status_id": S("done"), "comment": "ok"})
exchange("supervisor of another department", "supervisor_anim", HM,
         {"task_status_id": S("done"), "comment": "x"})
exchange("artist status not allowed", "artist", HM, {"task_status_id": S("lead"), "comment": "x"})
exchange("artist unknown status", "artist", HM,
         {"task_status_id": "00000000-0000-0000-0000-000000000000", "comment": "x"})
exchange("client any task", "client", "task:SH010:Animation", {"task_status_id": S("wip"), "comment": "Nice"})
exchange("client status not allowed", "client", "task:SH010:Animation",
         {"task_status_id": S("lead"), "comment": "x"})
exchange("vendor assigned", "vendor", "task:SH010:Layout", {"task_status_id": S("wip"), "comment": "ok"})
exchange("vendor not assigned", "vendor2", "task:SH010:Layout", {"task_status_id": S("wip"), "comment": "x"})
exchange("vendor status not allowed for artists", "vendor", "task:SH010:Layout",
         {"task_status_id": S("lead"), "comment": "lead"})
exchange("artist sequence subscription", "artist", "task:SH010:Animation",
         {"task_status_id": S("wfa"), "comment": "Shot ready"})
exchange("artist concept", "artist", "task:CO01:Concept", {"task_status_id": S("approved"), "comment": "c"})

# --- mentions
exchange("manager mentions artist2", "manager", HM,
         {"task_status_id": S("done"), "comment": "@artist2 Test please check"})
exchange("mentioned artist2 keeps the status", "artist2", HM,
         {"task_status_id": S("done"), "comment": "Checked"})
exchange("mentioned artist2 changes the status", "artist2", HM,
         {"task_status_id": S("wip"), "comment": "x"})
exchange("manager mentions a department", "manager", HM,
         {"task_status_id": S("done"), "comment": "ping @Modeling"})
exchange("manager mentions someone twice", "manager", HM,
         {"task_status_id": S("done"), "comment": "@artist Test and @Modeling"})
exchange("mention needs a space after", "manager", HM,
         {"task_status_id": S("done"), "comment": "@artist Testx"})

# --- hashtags
exchange("manager hashtag", "manager", HM, {"task_status_id": S("wip"), "comment": "Fix this #rigging"})
exchange("manager hashtag all", "manager", HM, {"task_status_id": S("wip"), "comment": "Everyone #all"})

# --- retakes capped
aux("project max retakes 2", "PUT", "/data/projects/%s" % P, {"max_retakes": 2})
exchange("retake over the cap", "manager", HM, {"task_status_id": S("retake"), "comment": "again"})
aux("entity max retakes 5", "PUT", "/data/entities/%s" % ids["Hero"], {"data": {"max_retakes": 5}})
exchange("retake under the entity cap", "manager", HM, {"task_status_id": S("retake"), "comment": "again"})
aux("project max retakes 0", "PUT", "/data/projects/%s" % P, {"max_retakes": 0})

# --- status automations
auto = aux("status automation", "POST", "/data/status-automations",
           {"entity_type": "asset", "in_task_type_id": ids["tt:Asset:Modeling"],
            "in_task_status_id": S("done"), "out_field_type": "status",
            "out_task_type_id": ids["tt:Asset:Rigging"], "out_task_status_id": S("wip")})
label("automation:status", auto["id"])
entries[-1]["body"] = ph(auto)
aux("status automation in project", "POST", "/data/projects/%s/settings/status-automations" % P,
    {"status_automation_id": auto["id"]})
exchange("done runs the automation", "manager", HM, {"task_status_id": S("done"), "comment": "Final"})
exchange("automation on a shot is skipped", "manager", "task:SH010:Animation",
         {"task_status_id": S("done"), "comment": "shot"})
auto2 = aux("ready-for automation", "POST", "/data/status-automations",
            {"entity_type": "asset", "in_task_type_id": ids["tt:Asset:Modeling"],
             "in_task_status_id": S("wfa"), "out_field_type": "ready_for",
             "out_task_type_id": ids["tt:Shot:Layout"]})
label("automation:ready", auto2["id"])
entries[-1]["body"] = ph(auto2)
aux("ready-for automation in project", "POST", "/data/projects/%s/settings/status-automations" % P,
    {"status_automation_id": auto2["id"]})
aux("cast Sword in SH010", "PUT", "/data/projects/%s/entities/%s/casting" % (P, ids["SH010"]),
    [{"asset_id": ids["Sword"], "nb_occurences": 1}])
exchange("wfa runs the ready-for automation", "manager", "task:Sword:Modeling",
         {"task_status_id": S("wfa"), "comment": "ready"})

# --- bad input
Z = "00000000-0000-0000-0000-000000000000"
exchange("unknown task", "admin", Z, {"task_status_id": S("wip")})
exchange("malformed task id", "admin", "abc", {"task_status_id": S("wip")})
exchange("missing task_status_id", "admin", HM, {"comment": "x"})
exchange("no body", "admin", HM, None)
exchange("list body", "admin", HM, [1])
exchange("task_status_id not a string", "admin", HM, {"task_status_id": 12})
exchange("unknown status", "admin", HM, {"task_status_id": Z})
exchange("malformed status", "admin", HM, {"task_status_id": "abc"})
exchange("comment not a string", "admin", HM, {"task_status_id": S("wip"), "comment": 5})
exchange("checklist bad json text", "admin", HM, {"task_status_id": S("wip"), "checklist": "[oops"})
exchange("checklist an object", "admin", HM, {"task_status_id": S("wip"), "checklist": {"a": 1}})
exchange("for_client not a boolean", "admin", HM, {"task_status_id": S("wip"), "for_client": "maybe"})
exchange("unknown author", "manager", HM, {"task_status_id": S("wip"), "person_id": Z})
exchange("malformed author", "manager", HM, {"task_status_id": S("wip"), "person_id": "abc"})
exchange("unknown task as artist", "artist", Z, {"task_status_id": S("wip")})
exchange("malformed json", "admin", HM, raw=b"{oops", content_type="application/json")
exchange("form body", "admin", HM,
         raw=("task_status_id=%s&comment=form" % S("wip")).encode(),
         content_type="application/x-www-form-urlencoded")

boundary = "tuskboundary"
mp = ("--%s\r\nContent-Disposition: form-data; name=\"task_status_id\"\r\n\r\n%s\r\n"
      "--%s\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nwith a file\r\n"
      "--%s\r\nContent-Disposition: form-data; name=\"checklist\"\r\n\r\n[]\r\n"
      "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nhello world\r\n--%s--\r\n") % (
    boundary, S("wip"), boundary, boundary, boundary, boundary)
exchange("multipart with a file", "admin", HM, raw=mp.encode(),
         content_type="multipart/form-data; boundary=%s" % boundary)

with open(OUT, "w") as f:
    json.dump(entries, f, indent=1)
    f.write("\n")
print("wrote", len(entries), "entries to", OUT)
