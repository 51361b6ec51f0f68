-- SANDBOX: the PostgreSQL side of the social graph, as the Neo4j migration guide describes it
-- (users with UUID-shaped text ids, follows(follower_id, following_id), mutes, blocks).
-- Text ids because the guide's smoke tests use ids such as 'test-user-1'.
-- Every table has a bigint/sortable key for the runbook's keyset `transfer` steps.
-- Idempotent: safe to run again. Run it on a database of its own:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sandbox/schema.sql

SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS users (
    id         text        PRIMARY KEY,
    username   text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz                      -- soft delete: only active users are migrated
);

CREATE TABLE IF NOT EXISTS follows (
    id           bigserial   PRIMARY KEY,
    follower_id  text        NOT NULL REFERENCES users (id),
    following_id text        NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (follower_id, following_id),
    CHECK (follower_id <> following_id)
);
CREATE INDEX IF NOT EXISTS follows_following_id_idx ON follows (following_id);

CREATE TABLE IF NOT EXISTS mutes (
    id         bigserial   PRIMARY KEY,
    muter_id   text        NOT NULL REFERENCES users (id),
    muted_id   text        NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (muter_id, muted_id),
    CHECK (muter_id <> muted_id)
);

CREATE TABLE IF NOT EXISTS blocks (
    id         bigserial   PRIMARY KEY,
    blocker_id text        NOT NULL REFERENCES users (id),
    blocked_id text        NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
