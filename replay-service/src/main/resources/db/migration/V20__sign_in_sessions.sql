-- Browser sign-in sessions, known by the SHA-256 of their ID (hex) so that a copy of the database
-- signs no one in, and holding who signed in (token, or OIDC user with groups) so that roles and
-- projects follow the group mappings of the moment. The sessions of rl_ui_sessions held the raw ID
-- and cannot be carried over: they end, and each person signs in once more.
CREATE TABLE rl_sign_in_sessions (
  id_digest  VARCHAR(64)   PRIMARY KEY,
  kind       VARCHAR(16)   NOT NULL,
  subject    VARCHAR(256)  NOT NULL,
  email      VARCHAR(256),
  member_of  VARCHAR(4000) NOT NULL,
  created_at BIGINT        NOT NULL,
  expires_at BIGINT        NOT NULL
);
CREATE INDEX rl_sign_in_sessions_expiry ON rl_sign_in_sessions (expires_at);

DROP TABLE rl_ui_sessions;
