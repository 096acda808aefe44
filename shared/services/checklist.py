"""The documents a counter officer checks, by application type (Indonesian name / English)."""

from __future__ import annotations

BASE = (
    "e-KTP / ID card",
    "Kartu Keluarga / Family card",
    "Akta lahir, ijazah atau buku nikah / Birth certificate, diploma or marriage book",
)
OLD_PASSPORT = "Paspor lama / Old passport"
LOST = "Surat keterangan hilang dari Kepolisian / Police report of the loss"
DAMAGED = "Paspor yang rusak / The damaged passport"
STATEMENT = "Surat pernyataan bermeterai / Signed statement on duty stamp"
CHILD = "e-KTP dan paspor kedua orang tua / Both parents' ID cards and passports"


def checklist_for(application_type: str, replacement_reason: str | None, priority: str | None) -> tuple[str, ...]:
    docs = list(BASE)
    if priority == "child":
        docs[0] = CHILD
    if application_type == "replacement":
        if replacement_reason == "lost":
            docs += [LOST, STATEMENT]
        elif replacement_reason == "damaged":
            docs += [DAMAGED, STATEMENT]
        else:
            docs.append(OLD_PASSPORT)
    return tuple(docs)
