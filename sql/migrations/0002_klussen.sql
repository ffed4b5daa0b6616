-- Klussen, the people on them and the audit trail (issue #3). Host guids
-- (site, group, users) are plain numbers: the host's tables are read-only for
-- us, so there are no foreign keys into them. Times are Unix seconds (UTC).

CREATE TABLE klussen_klus (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  site_guid BIGINT NOT NULL,
  group_guid BIGINT NOT NULL,
  poster_guid BIGINT NOT NULL,
  state ENUM('draft','open','filled','in_progress','completed','cancelled','expired') NOT NULL,
  title VARCHAR(150) NOT NULL,
  description TEXT NOT NULL,
  time_mode ENUM('per_week','total') NOT NULL,
  hours_tenths INT NOT NULL,
  start_date DATE NULL,
  end_date DATE NULL,
  deadline BIGINT NOT NULL,
  region VARCHAR(100) NOT NULL DEFAULT '',
  remote TINYINT(1) NOT NULL DEFAULT 0,
  people_needed SMALLINT NOT NULL,
  audience ENUM('group','site','platform') NOT NULL,
  organisation VARCHAR(200) NOT NULL DEFAULT '',
  version INT NOT NULL DEFAULT 1,
  copied_from BIGINT NULL,
  idempotency_key VARCHAR(64) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE KEY klussen_klus_idempotency (poster_guid, idempotency_key),
  KEY klussen_klus_group (group_guid, state, deadline),
  KEY klussen_klus_due (state, deadline),
  KEY klussen_klus_site (site_guid, state, deadline),
  KEY klussen_klus_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE klussen_klus_skill (
  klus_id BIGINT NOT NULL,
  kind ENUM('required','desired') NOT NULL,
  position SMALLINT NOT NULL,
  concept_id VARCHAR(255) NOT NULL DEFAULT '',
  label VARCHAR(100) NOT NULL,
  PRIMARY KEY (klus_id, kind, position),
  KEY klussen_klus_skill_concept (concept_id),
  CONSTRAINT klussen_klus_skill_klus FOREIGN KEY (klus_id) REFERENCES klussen_klus (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE klussen_participant (
  klus_id BIGINT NOT NULL,
  user_guid BIGINT NOT NULL,
  state ENUM('applied','invited','accepted','declined','withdrawn','completed') NOT NULL,
  motivation TEXT NOT NULL,
  reason_code VARCHAR(32) NOT NULL DEFAULT '',
  reason_text VARCHAR(1000) NOT NULL DEFAULT '',
  invited_by BIGINT NOT NULL DEFAULT 0,
  decided_by BIGINT NOT NULL DEFAULT 0,
  hours_spent_tenths INT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (klus_id, user_guid),
  KEY klussen_participant_user (user_guid, state),
  KEY klussen_participant_updated (updated_at),
  CONSTRAINT klussen_participant_klus FOREIGN KEY (klus_id) REFERENCES klussen_klus (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Skills the poster confirmed a participant showed, at completion.
CREATE TABLE klussen_participant_skill (
  klus_id BIGINT NOT NULL,
  user_guid BIGINT NOT NULL,
  position SMALLINT NOT NULL,
  concept_id VARCHAR(255) NOT NULL DEFAULT '',
  label VARCHAR(100) NOT NULL,
  confirmed_by BIGINT NOT NULL,
  confirmed_at BIGINT NOT NULL,
  PRIMARY KEY (klus_id, user_guid, position),
  KEY klussen_participant_skill_user (user_guid),
  CONSTRAINT klussen_participant_skill_participant FOREIGN KEY (klus_id, user_guid)
    REFERENCES klussen_participant (klus_id, user_guid) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change, for notifications and the audit trail. subject_guid is the
-- person the event is for (an applicant who is told, an invitee), 0 if none.
CREATE TABLE klussen_event (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  klus_id BIGINT NOT NULL,
  actor_guid BIGINT NOT NULL,
  subject_guid BIGINT NOT NULL DEFAULT 0,
  kind VARCHAR(32) NOT NULL,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  KEY klussen_event_klus (klus_id, id),
  KEY klussen_event_subject (subject_guid, id),
  KEY klussen_event_actor (actor_guid, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
