-- SANDBOX: deterministic test data for the migration runbook.
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sandbox/schema.sql
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -v users=10000 -v follows=50000 -f sandbox/seed.sql
--
-- Variables (all optional): users (10000), follows (50000), mutes (500), blocks (200),
-- deleted_pct (1: percentage of users soft-deleted, which the migration must skip).
-- Replaces whatever the four tables held. Same variables → same rows (seeded random(), no
-- parallel workers). Follow targets are skewed (a few popular users, many with few followers)
-- so that per-user follower counts differ, which is what the sample verification compares.
-- Also creates 'test-user-1' and 'test-user-2', the users the guide's smoke tests follow/unfollow.

\if :{?users}
\else
\set users 10000
\endif
\if :{?follows}
\else
\set follows 50000
\endif
\if :{?mutes}
\else
\set mutes 500
\endif
\if :{?blocks}
\else
\set blocks 200
\endif
\if :{?deleted_pct}
\else
\set deleted_pct 1
\endif

SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;

BEGIN;
TRUNCATE follows, mutes, blocks, users RESTART IDENTITY;

CREATE FUNCTION pg_temp.uid(n int) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT md5('nova-user-' || n)::uuid::text $$;

INSERT INTO users (id, username, created_at, deleted_at)
SELECT pg_temp.uid(n),
       'user' || n,
       timestamptz '2024-01-01 00:00:00+00' + n * interval '17 minutes',
       CASE WHEN (n * 37) % 100 < :deleted_pct
            THEN timestamptz '2025-06-01 00:00:00+00' + n * interval '1 minute' END
FROM generate_series(1, :users) AS n;

INSERT INTO users (id, username, created_at)
VALUES ('test-user-1', 'test-user-1', '2025-01-01 00:00:00+00'),
       ('test-user-2', 'test-user-2', '2025-01-01 00:00:00+00');

-- Pairs (a, b) of user numbers, a <> b, first occurrence wins, exactly :count of them.
-- b = 1 + floor(n * random()^3): low-numbered users are much more popular.
SELECT setseed(0.20251124) AS seeded \gset
INSERT INTO follows (follower_id, following_id, created_at)
SELECT pg_temp.uid(a), pg_temp.uid(b), timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second'
FROM (
    SELECT a, b, min(g) AS g
    FROM (
        SELECT g,
               1 + floor(random() * :users)::int AS a,
               1 + floor(power(random(), 3) * :users)::int AS b
        FROM generate_series(1, (:follows * 1.5)::int + 100) AS g
    ) AS candidates
    WHERE a <> b
    GROUP BY a, b
    ORDER BY min(g)
    LIMIT :follows
) AS pairs;

SELECT setseed(0.5) AS seeded \gset
INSERT INTO mutes (muter_id, muted_id, created_at)
SELECT pg_temp.uid(a), pg_temp.uid(b), timestamptz '2025-02-01 00:00:00+00' + g * interval '1 second'
FROM (
    SELECT a, b, min(g) AS g
    FROM (
        SELECT g, 1 + floor(random() * :users)::int AS a, 1 + floor(random() * :users)::int AS b
        FROM generate_series(1, (:mutes * 1.5)::int + 100) AS g
    ) AS candidates
    WHERE a <> b
    GROUP BY a, b
    ORDER BY min(g)
    LIMIT :mutes
) AS pairs;

SELECT setseed(0.25) AS seeded \gset
INSERT INTO blocks (blocker_id, blocked_id, created_at)
SELECT pg_temp.uid(a), pg_temp.uid(b), timestamptz '2025-03-01 00:00:00+00' + g * interval '1 second'
FROM (
    SELECT a, b, min(g) AS g
    FROM (
        SELECT g, 1 + floor(random() * :users)::int AS a, 1 + floor(random() * :users)::int AS b
        FROM generate_series(1, (:blocks * 1.5)::int + 100) AS g
    ) AS candidates
    WHERE a <> b
    GROUP BY a, b
    ORDER BY min(g)
    LIMIT :blocks
) AS pairs;
COMMIT;

ANALYZE users, follows, mutes, blocks;

-- What the runbook will find, and a good -p sample_user=… (the most-followed active user).
SELECT (SELECT count(*) FROM users WHERE deleted_at IS NULL) AS active_users,
       (SELECT count(*) FROM users WHERE deleted_at IS NOT NULL) AS deleted_users,
       (SELECT count(*) FROM follows) AS follows,
       (SELECT count(*) FROM mutes) AS mutes,
       (SELECT count(*) FROM blocks) AS blocks;
SELECT f.following_id AS sample_user, count(*) AS followers
FROM follows AS f JOIN users AS u ON u.id = f.following_id AND u.deleted_at IS NULL
GROUP BY f.following_id
ORDER BY count(*) DESC, f.following_id
LIMIT 1;
