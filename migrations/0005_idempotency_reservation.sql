-- An Idempotency-Key is reserved, in one INSERT, before its report is
-- written, and the answer is filled in afterwards. Recording the key only
-- after the write let concurrent requests with one key all find it free
-- and each store a report. A reservation carries no answer yet: status and
-- body stay NULL until the first request finishes.
ALTER TABLE idempotency_keys ALTER COLUMN status DROP NOT NULL,
                             ALTER COLUMN body DROP NOT NULL,
                             ADD CONSTRAINT idempotency_keys_answer_whole
                                 CHECK ((status IS NULL) = (body IS NULL));
COMMENT ON COLUMN idempotency_keys.status IS
    'HTTP status of the first answer; NULL while the first request is still running';
COMMENT ON COLUMN idempotency_keys.created_at IS
    'When the key was reserved; a reservation older than a minute without an answer is abandoned';
