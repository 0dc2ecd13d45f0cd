"""Ordered, named schema migrations. A shipped migration is never edited: add a new one.

The SQL is kept to the subset SQLite and PostgreSQL share; backend-specific
spellings (autoincrement keys, blobs) are filled in from `DIALECTS`.
"""

from __future__ import annotations

import re

DIALECTS = {
    "sqlite": {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "blob": "BLOB", "real": "REAL"},
    "postgresql": {"pk": "BIGSERIAL PRIMARY KEY", "blob": "BYTEA", "real": "DOUBLE PRECISION"},
}

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_core",
        """
CREATE TABLE sources (
    id {pk},
    uri TEXT NOT NULL UNIQUE,
    licence TEXT NOT NULL DEFAULT 'unspecified',
    consent INTEGER NOT NULL DEFAULT 1,
    fetched_at TEXT
);
CREATE TABLE documents (
    id {pk},
    source_id BIGINT NOT NULL REFERENCES sources(id),
    uri TEXT NOT NULL,
    collection TEXT NOT NULL DEFAULT 'default',
    title TEXT,
    current_version_id BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (collection, uri)
);
CREATE TABLE versions (
    id {pk},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    content_hash TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    effective_date TEXT,
    format TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    superseded_by BIGINT
);
CREATE INDEX versions_document ON versions(document_id);
CREATE TABLE chunks (
    id {pk},
    version_id BIGINT NOT NULL REFERENCES versions(id),
    document_id BIGINT NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    tokens TEXT NOT NULL DEFAULT '',
    current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX chunks_version ON chunks(version_id);
CREATE INDEX chunks_current ON chunks(current, id);
CREATE TABLE chunk_vectors (
    chunk_id BIGINT NOT NULL REFERENCES chunks(id),
    model TEXT NOT NULL,
    vector {blob} NOT NULL,
    PRIMARY KEY (chunk_id, model)
);
CREATE TABLE signatures (
    document_id BIGINT PRIMARY KEY REFERENCES documents(id),
    signature {blob} NOT NULL
);
CREATE TABLE pii_vault (
    id {pk},
    version_id BIGINT NOT NULL REFERENCES versions(id),
    token TEXT NOT NULL,
    kind TEXT NOT NULL,
    ciphertext TEXT NOT NULL
);
CREATE TABLE ingest_log (
    id {pk},
    at TEXT NOT NULL,
    uri TEXT NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT ''
);
CREATE TABLE kb_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO kb_state (key, value) VALUES ('generation', '0');
""",
    ),
    (
        "0002_ledger_cache",
        """
CREATE TABLE ledger (
    id {pk},
    at TEXT NOT NULL,
    tenant TEXT NOT NULL DEFAULT 'default',
    user_id TEXT,
    session TEXT,
    purpose TEXT NOT NULL,
    model TEXT NOT NULL,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    latency_ms {real} NOT NULL DEFAULT 0,
    cost_li {real} NOT NULL DEFAULT 0,
    cached INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_at ON ledger(at);
CREATE TABLE answer_cache (
    key TEXT PRIMARY KEY,
    tenant TEXT NOT NULL DEFAULT 'default',
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    document_ids TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
""",
    ),
    (
        # Budget checks sum a tenant's and a user's spending before every model call.
        "0003_ledger_spend_index",
        """
CREATE INDEX ledger_tenant_at ON ledger(tenant, at);
CREATE INDEX ledger_user_at ON ledger(user_id, at);
""",
    ),
    (
        # Each chunk names the tokenizer version that made its keyword tokens, so that chunks
        # written by an older release are found and re-tokenized one by one. Stores whose
        # tokens were all made by one recorded version (kb_state 'tokenizer') keep it.
        "0004_chunk_tokenizer",
        """
ALTER TABLE chunks ADD COLUMN tokenizer TEXT;
UPDATE chunks SET tokenizer = (SELECT value FROM kb_state WHERE key = 'tokenizer');
CREATE INDEX chunks_tokenizer ON chunks(tokenizer);
""",
    ),
    (
        # A cached answer keeps its question's words: a new version sharing half of them may
        # hold better evidence, so it drops that answer too (luodi.cache). NULL: not checked.
        "0005_answer_cache_words",
        """
ALTER TABLE answer_cache ADD COLUMN words TEXT;
""",
    ),
    (
        # The file each version was read from: a document moved, renamed or continued by a newer
        # edition under another name cites its older text by the file that held it. NULL: the
        # document's own.
        "0006_version_uri",
        """
ALTER TABLE versions ADD COLUMN uri TEXT;
""",
    ),
]


def all_migrations() -> list[tuple[str, str]]:
    """Core migrations, then each area's (memory, tools) in their fixed order."""
    from luodi.store import memory, tools

    extra = [m for m in (memory.MIGRATION, tools.MIGRATION) if m[1].strip()]
    return MIGRATIONS + extra


def render(sql: str, dialect: str) -> str:
    out = sql.format(**DIALECTS[dialect])
    if dialect == "postgresql":
        # Code-point order for every text column, as SQLite compares: version strings and ISO
        # times are compared with < and >=, and a database's locale must not reorder them.
        out = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', out)
    return out
