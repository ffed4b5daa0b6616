#!/usr/bin/env python3
"""Writes the seed corpora of the route_json, zip_import and open_badges fuzz
targets (tests/fuzz/corpus/<target>/): realistic valid inputs, so the fuzzer
starts deep in the parsers, and a few edge cases. All content is made up here.

    python3 tests/fuzz/make_seeds.py    # rewrites those three corpus folders

The auth corpus is not written by this script (it holds signed tokens).
"""

import io
import json
import pathlib
import shutil
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent / "corpus"

# route_json: the first byte picks the route (route_json_fuzz.cc, kRoutes).
ROUTES = "ABCDEFGHIJK"
CREATE, UPDATE, TRANSITION, TEXTS, COMPLETE, SETTINGS, ITEM, ENTRY, BUDGET, SAVE, QUERY = ROUTES


def route_json_seeds():
    j = json.dumps
    seeds = {
        "create_full": CREATE + j({
            "title": "Dashboard voor de wachttijden in het sociaal domein",
            "description": "Wie helpt het team Data bij een eerste versie?\n\nZie https://example.nl/opdracht",
            "required_skills": ["Power BI", {"label": "data-analyse", "concept_id":
                                             "http://data.europa.eu/esco/skill/aaaa-1111"}],
            "desired_skills": "SQL, Python",
            "time_mode": "per_week", "hours": "3,5", "start_date": "2027-03-01",
            "end_date": "2027-05-31", "deadline": "2027-02-20", "region": "Utrecht",
            "remote": "on", "people_needed": "2", "audience": "site", "publish": True,
        }, ensure_ascii=False),
        "create_minimal": CREATE + j({"title": "Notulist", "description": "Eén keer notuleren.",
                                      "hours": 2, "time_mode": "total",
                                      "deadline": 1900000000}),
        "create_form_strings": CREATE + j({"title": "  Vertaler\r\nEngels ", "description": "x",
                                           "hours": "80", "people_needed": "50", "remote": "0",
                                           "deadline": "2027-01-01T12:00:00+02:00",
                                           "publish": "1", "unknown_key": 1}),
        "create_wrong_types": CREATE + j({"title": 7, "hours": [1], "required_skills": {"a": 1},
                                          "deadline": True, "people_needed": 1.5,
                                          "audience": None, "publish": "ja"}),
        "update": UPDATE + j({"version": 3, "title": "Notulist gezocht", "description": "Twee keer.",
                              "hours": 1.5, "deadline": "2027-06-30", "klus_id": "12"}),
        "update_version_string": UPDATE + j({"version": "999999999999", "title": "a"}),
        "transition": TRANSITION + j({"to": "open", "version": 2, "deadline": "2027-04-01"}),
        "transition_bad": TRANSITION + j({"to": "in_progress", "deadline": -1}),
        "apply": TEXTS + j({"motivation": "Ik heb dit eerder gedaan bij de gemeente.\r\nGroet"}),
        "withdraw": TEXTS + j({"reason_code": "no_time", "reason_text": "Andere prioriteiten."}),
        "invite": TEXTS + j({"user_guid": "4711", "message": "Zou dit iets voor je zijn?"}),
        "decide": TEXTS + j({"decision": "decline", "reason_code": "filled",
                             "reason_text": "\u00e9\u00e9n plek"}, ensure_ascii=False),
        "complete": COMPLETE + j({"hours_spent": "12,5", "confirmed_skills":
                                  ["Power BI", {"label": "SQL", "concept_id": ""}]}),
        "complete_string_skills": COMPLETE + j({"hours_spent": 0.1,
                                                "confirmed_skills": "a, b,,c"}),
        "settings": SETTINGS + j({"discoverable": True, "about": "Beleidsadviseur.\nGraag data.",
                                  "about_visibility": "platform", "region": "Noord-Holland",
                                  "hours_per_week": "4", "available_from": "2027-01-01",
                                  "available_until": "2027-12-31", "weekdays": [1, "3", 5],
                                  "availability_visibility": "site", "manager_guid": "88",
                                  "version": "4"}),
        "settings_bad": SETTINGS + j({"discoverable": "misschien", "weekdays": [0, 8, "x"],
                                      "available_until": "2026-01-01",
                                      "available_from": "2027-02-30", "manager_guid": -3,
                                      "hours_per_week": "81", "\u00e9" * 40: 1},
                                     ensure_ascii=False),
        "item": ITEM + j({"kind": "language", "label": "Fries", "level": "2",
                          "visibility": "private"}),
        "item_concept": ITEM + j({"label": "projectmanagement", "level": 3,
                                  "concept_id": "http://data.europa.eu/esco/skill/bbbb-2222"}),
        "entry": ENTRY + j({"kind": "certificate", "title": "Prince2 Foundation",
                            "provider": "Axelos", "start_date": "2021-06", "end_date": "2021",
                            "url": "https://example.org/cert/123", "detail": "Geslaagd.\n\n85%"}),
        "entry_bad_url": ENTRY + j({"kind": "course", "title": "x", "url": "ftp://example.org"}),
        "budget": BUDGET + j({"hours_per_week": 4, "from": "2027-01-01", "until": "2027-06-30",
                              "note": "Voor het programma Open Overheid."}),
        "import_save": SAVE + j({
            "source": "linkedin", "skills": ["SQL", {"label": "Beleidsanalyse"}],
            "courses": [{"title": "Privacy by design", "provider": "RADIO", "date": "2023-05",
                         "url": "https://example.nl/privacy", "kind": "course",
                         "criteria": "Eindtoets", "issuer": "https://example.nl"}],
            "positions": [{"title": "Analist", "organisation": "Gemeente Voorbeeld",
                           "start": "2019-09", "end": "", "description": "Onderzoek."}]}),
        "import_save_badges": SAVE + j({"source": "open_badges", "courses": [
            {"title": "Data-analyse", "kind": "badge", "date": "2024-03-15"}], "skills": []}),
        "query": QUERY + "id=42\noffset=20\nlimit=10\nstate=open,filled,in_progress\nafter=0",
        "query_bad": QUERY + "id=0000000000000000001\nlimit=-1\noffset=99999999999999999999\n"
                             "state=,open,\nafter=1e3",
        # Edge cases every body route shares (JsonBody): empty, not an object,
        # invalid, too deep, brackets inside strings, and a NUL byte.
        "empty_body": CREATE,
        "array_body": ITEM + "[1,2,3]",
        "invalid_json": ENTRY + '{"title": "x",}',
        "deep_65": SETTINGS + "[" * 65 + "]" * 65,
        "deep_64_object": TEXTS + '{"a":' * 63 + "{}" + "}" * 63,
        "brackets_in_string": UPDATE + j({"title": "[[[{{{\\\"", "version": 1}),
        "nul_after_body": TEXTS + '{"motivation":"x"}\x00[[[[',
        "bad_utf8": TEXTS + '{"motivation":"\udcff\udcfe"}',  # raw bytes FF FE
    }
    return {name: text.encode("utf-8", "surrogateescape") for name, text in seeds.items()}


def csv(rows):
    out = io.StringIO()
    for row in rows:
        out.write(",".join('"' + f.replace('"', '""') + '"' if any(c in f for c in ',"\n') else f
                           for f in row) + "\r\n")
    return out.getvalue()


LINKEDIN = {
    "Skills.csv": csv([["Name"], ["Beleidsanalyse"], ["SQL"], ["Projectmanagement"]]),
    "Positions.csv": csv([
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        ["Gemeente Voorbeeld", "Beleidsadviseur", "Wonen, \"zorg\" en\nwijkaanpak", "Utrecht",
         "Sep 2019", ""],
        ["Ministerie van Voorbeelden", "Analist", "", "Den Haag", "2016", "Aug 2019"]]),
    "Education.csv": csv([
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        ["Universiteit Voorbeeld", "2011", "2015", "", "MSc Bestuurskunde", ""]]),
    "Certifications.csv": csv([
        ["Name", "Url", "Authority", "Started On", "Finished On", "License Number"],
        ["Prince2 Foundation", "https://example.org/cert/1", "Axelos", "Jun 2021", "", "X1"]]),
    "Courses.csv": csv([["Name", "Number"], ["Privacy by design", ""]]),
}


def zip_bytes(files, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in files.items():
            # A fixed date: the seeds come out the same on every run.
            info = zipfile.ZipInfo(name, date_time=(2027, 1, 1, 0, 0, 0))
            archive.writestr(info, data, compress_type=method)
    return out.getvalue()


def zip_import_seeds():
    seeds = {
        # 'A': the upload itself.
        "linkedin_deflated": b"A" + zip_bytes(LINKEDIN),
        "linkedin_stored_in_folder": b"A" + zip_bytes(
            {"Basic_LinkedInDataExport_01-01-2027/" + n: d for n, d in LINKEDIN.items()},
            zipfile.ZIP_STORED),
        "linkedin_preamble_and_bom": b"A" + zip_bytes({
            "skills.CSV": "\ufeffNotes:\r\n\"Exported by the member\"\r\nName\r\nSQL\r\n",
            "Profile.csv": "First Name,Last Name\r\nA,B\r\n"}),
        "zip_without_linkedin_files": b"A" + zip_bytes({"readme.txt": "hallo"}),
        "zip_unsafe_names": b"A" + zip_bytes({"../Skills.csv": "Name\nx\n",
                                              "/abs/Courses.csv": "Name\ny\n"}),
        "zip_bad_utf8": b"A" + zip_bytes({"Skills.csv": b"Name\n\xff\xfe\n"}),
        "not_a_zip": b"A" + b"PK\x03\x04 this is not really an archive",
        "empty_zip": b"A" + zip_bytes({}),
        # 'B': an archive described in text, built by the fuzzer.
        "described_full": ("B" + "".join(
            ("@# " if i % 2 else "@@ ") + name + "\n" + data.replace("\r\n", "\n")
            for i, (name, data) in enumerate(LINKEDIN.items()))).encode(),
        "described_missing_column": b"B@@ Positions.csv\nCompany Name,Location\nX,Y\n",
        "described_many_skills": ("B@@ Skills.csv\nName\n" +
                                  "".join(f"skill {i}\n" for i in range(8))).encode(),
        # 'C': one CSV file.
        "csv_quoted": b"C" + LINKEDIN["Positions.csv"].encode(),
        "csv_unclosed_quote": b'CName,Url\n"SQL,x\n',
        "csv_text_after_quote": b'CName\n"a"b\n',
        "csv_cr_only": b"C\xef\xbb\xbfName,Url\rA,\rB,\"y\"",
    }
    return seeds


def badge(assertion_id="https://leren.example.nl/badges/assertion?b=1", embedded=True, **extra):
    issuer = {"type": "Profile", "id": "https://leren.example.nl/issuer/1",
              "name": "Leerplatform Voorbeeld", "url": "https://leren.example.nl"}
    badge_class = {
        "type": "BadgeClass", "id": "https://leren.example.nl/badges/class/7",
        "name": "Werken met open data", "description": "E-learning van 12 uur.",
        "image": "https://leren.example.nl/badges/7.png",
        "criteria": {"narrative": "Eindopdracht voldoende."},
        "tags": ["open data", "CSV"],
        "alignment": [{"targetName": "open data gebruiken", "targetFramework": "ESCO",
                       "targetUrl": "http://data.europa.eu/esco/skill/cccc-3333"}],
        "issuer": issuer if embedded else issuer["id"]}
    assertion = {
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": assertion_id,
        "recipient": {"type": "email", "hashed": True, "salt": "zout",
                      "identity": "sha256$" + "0" * 64},
        "issuedOn": "2026-11-02T09:30:00+01:00", "verification": {"type": "hosted"},
        "badge": badge_class if embedded else badge_class["id"]}
    assertion.update(extra)
    if embedded:
        return assertion
    ctx = {"@context": "https://w3id.org/openbadges/v2"}
    return [assertion, dict(ctx, **badge_class), dict(ctx, **issuer)]


def open_badges_seeds():
    j = lambda value: json.dumps(value, ensure_ascii=False, indent=1).encode()
    bundle = badge(embedded=False)
    seeds = {
        "embedded": j(badge()),
        "bundle_array": j(bundle),
        "bundle_by_url": j({doc["id"]: doc for doc in bundle}),
        "expired": j(badge(expires="2026-12-31T00:00:00Z")),
        "revoked": j(badge(revoked=True, revocationReason="fout uitgegeven")),
        "signed_verification": j(badge(verification={"type": "signed",
                                                     "creator": "https://leren.example.nl/key"})),
        "other_origin": j(badge(assertion_id="https://elders.example.com/a/1")),
        "two_assertions": j(bundle + [badge(assertion_id="https://leren.example.nl/a/2",
                                            embedded=False)[0]]),
        "type_array_iri": j(badge(type=["Assertion", "https://w3id.org/openbadges#Extra"])),
        "missing_badge_doc": j(bundle[:1] + bundle[2:]),
        "openbadges_v3": j({"@context": ["https://www.w3.org/2018/credentials/v1",
                                         "https://purl.imsglobal.org/spec/ob/v3p0/context.json"],
                            "type": ["VerifiableCredential", "OpenBadgeCredential"]}),
        "baked_png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + b"\x00" * 13,
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion/></svg>',
        "jws": b"eyJhbGciOiJSUzI1NiJ9.eyJ9.c2ln",
        "bom_empty_object": b"\xef\xbb\xbf{}",
        "too_deep": b'{"a":' * 40 + b"1" + b"}" * 40,
    }
    return seeds


def main():
    for name, seeds in (("route_json", route_json_seeds()), ("zip_import", zip_import_seeds()),
                        ("open_badges", open_badges_seeds())):
        folder = ROOT / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for seed, data in seeds.items():
            (folder / seed).write_bytes(data)


if __name__ == "__main__":
    main()
