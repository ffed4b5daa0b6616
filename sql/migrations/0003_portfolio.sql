-- The e-portfolio (issue #7): what a member can, wants and when they are
-- available, with a visibility per item. Skills confirmed by a completed klus
-- are not copied here: they are read from klussen_participant_skill.

CREATE TABLE klussen_portfolio (
  user_guid BIGINT NOT NULL PRIMARY KEY,
  discoverable TINYINT(1) NOT NULL DEFAULT 0,
  about TEXT NOT NULL,
  about_visibility ENUM('platform','site','private') NOT NULL DEFAULT 'site',
  region VARCHAR(100) NOT NULL DEFAULT '',
  hours_per_week_tenths INT NOT NULL DEFAULT 0,
  available_from DATE NULL,
  available_until DATE NULL,
  weekdays TINYINT UNSIGNED NOT NULL DEFAULT 0,
  availability_visibility ENUM('platform','site','private') NOT NULL DEFAULT 'site',
  manager_guid BIGINT NOT NULL DEFAULT 0,
  version INT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  KEY klussen_portfolio_updated (updated_at),
  KEY klussen_portfolio_manager (manager_guid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Skills, interests and languages: one table of labelled items per kind.
CREATE TABLE klussen_portfolio_item (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_guid BIGINT NOT NULL,
  kind ENUM('skill','interest','language') NOT NULL,
  concept_id VARCHAR(255) NOT NULL DEFAULT '',
  label VARCHAR(100) NOT NULL,
  level TINYINT NOT NULL DEFAULT 0,
  source ENUM('self','imported','profile') NOT NULL DEFAULT 'self',
  source_detail VARCHAR(200) NOT NULL DEFAULT '',
  visibility ENUM('platform','site','private') NOT NULL DEFAULT 'site',
  created_at BIGINT NOT NULL,
  UNIQUE KEY klussen_portfolio_item_label (user_guid, kind, label),
  KEY klussen_portfolio_item_concept (concept_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Courses, certificates, education, badges and work experience.
CREATE TABLE klussen_portfolio_entry (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_guid BIGINT NOT NULL,
  kind ENUM('course','certificate','education','badge','position') NOT NULL,
  title VARCHAR(200) NOT NULL,
  provider VARCHAR(200) NOT NULL DEFAULT '',
  start_date VARCHAR(10) NOT NULL DEFAULT '',
  end_date VARCHAR(10) NOT NULL DEFAULT '',
  url VARCHAR(500) NOT NULL DEFAULT '',
  detail TEXT NOT NULL,
  source ENUM('self','imported') NOT NULL DEFAULT 'self',
  source_detail VARCHAR(200) NOT NULL DEFAULT '',
  visibility ENUM('platform','site','private') NOT NULL DEFAULT 'site',
  created_at BIGINT NOT NULL,
  KEY klussen_portfolio_entry_user (user_guid, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A manager's agreement: a budget of hours per week for a period, asked by
-- the member and confirmed (or refused) once by the named manager.
CREATE TABLE klussen_manager_budget (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_guid BIGINT NOT NULL,
  manager_guid BIGINT NOT NULL,
  hours_per_week_tenths INT NOT NULL,
  period_from DATE NOT NULL,
  period_until DATE NOT NULL,
  state ENUM('requested','confirmed','refused','withdrawn') NOT NULL,
  note VARCHAR(1000) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  decided_at BIGINT NOT NULL DEFAULT 0,
  KEY klussen_manager_budget_user (user_guid, state),
  KEY klussen_manager_budget_manager (manager_guid, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
